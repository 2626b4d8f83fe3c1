/*
 * test_addr.c - address parsing and formatting, address sets.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/addr.h"
#include "core/arena.h"

static bool
p4(const char *s, uint32_t *out)
{
	struct u128 v;

	if (!addr_parse(FAMILY_IPV4, s, strlen(s), &v))
		return false;
	assert_int_equal(v.hi, 0);
	*out = (uint32_t)v.lo;
	return true;
}

static void
test_ipv4(void **state)
{
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", " 1.2.3.4",
		"1.2.3.4 ", "x1.2.3.4", "1..2.3", "1.2.3.", ".1.2.3",
		"1.2.3.4/8", "0001.2.3.4", "1.2.3.a", "::1", "1.2.3.4:80",
	};
	uint32_t v;
	size_t i;
	char buf[46];

	(void)state;
	assert_true(p4("0.0.0.0", &v));
	assert_int_equal(v, 0);
	assert_true(p4("255.255.255.255", &v));
	assert_int_equal(v, UINT32_MAX);
	assert_true(p4("10.1.2.3", &v));
	assert_int_equal(v, 0x0a010203);
	assert_true(p4("010.001.002.003", &v));
	assert_int_equal(v, 0x0a010203);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(p4(bad[i], &v));
	/* Length-delimited: the rest of the buffer is not read. */
	{
		struct u128 x;

		assert_true(addr_parse(FAMILY_IPV4, "1.2.3.4/24", 7, &x));
		assert_int_equal(x.lo, 0x01020304);
	}
	assert_string_equal(addr_format(FAMILY_IPV4, u128_from64(0xc0000201),
	    buf), "192.0.2.1");
	assert_string_equal(addr_format(FAMILY_IPV4, u128_from64(0), buf),
	    "0.0.0.0");
}

static void
roundtrip6(const char *in, const char *canon)
{
	struct u128 v, w;
	char buf[46];

	if (!addr_parse(FAMILY_IPV6, in, strlen(in), &v))
		fail_msg("cannot parse %s", in);
	assert_string_equal(addr_format(FAMILY_IPV6, v, buf), canon);
	assert_true(addr_parse(FAMILY_IPV6, canon, strlen(canon), &w));
	assert_true(u128_eq(v, w));
}

static void
test_ipv6(void **state)
{
	static const char *const bad[] = {
		"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
		"12345::", "g::", ":1::", "1::2:", "1:2:3:4:5:6:7:8::",
		"::1.2.3", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "1.2.3.4",
		"::ffff:1.2.3.4:5", "fe80::1%eth0", "[::1]",
	};
	struct u128 v;
	size_t i;

	(void)state;
	/* RFC 5952 section 4 recommendations. */
	roundtrip6("2001:db8:0:0:0:0:2:1", "2001:db8::2:1");
	roundtrip6("2001:0db8::0001", "2001:db8::1");
	roundtrip6("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
	roundtrip6("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	roundtrip6("2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
	roundtrip6("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");
	roundtrip6("2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF",
	    "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
	roundtrip6("2001:db8::aaaa:0:0:1", "2001:db8::aaaa:0:0:1");
	roundtrip6("2001:db8:0:0:aaaa::1", "2001:db8::aaaa:0:0:1");
	roundtrip6("::", "::");
	roundtrip6("0:0:0:0:0:0:0:0", "::");
	roundtrip6("::1", "::1");
	roundtrip6("1::", "1::");
	roundtrip6("fe80::", "fe80::");
	roundtrip6("1:0:0:0:0:0:0:0", "1::");
	roundtrip6("0:0:0:0:0:0:0:1", "::1");
	roundtrip6("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8");
	roundtrip6("1:2:3:4:5:6::8", "1:2:3:4:5:6:0:8");
	roundtrip6("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8");
	roundtrip6("::ffff:192.0.2.1", "::ffff:192.0.2.1");
	roundtrip6("0:0:0:0:0:ffff:c000:0201", "::ffff:192.0.2.1");
	roundtrip6("::192.0.2.1", "::c000:201");
	roundtrip6("64:ff9b::192.0.2.33", "64:ff9b::c000:221");
	roundtrip6("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304");
	roundtrip6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	roundtrip6("0:1:0:0:2:0:0:0", "0:1:0:0:2::");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (addr_parse(FAMILY_IPV6, bad[i], strlen(bad[i]), &v))
			fail_msg("accepted %s", bad[i]);
	}
	assert_true(addr_parse(FAMILY_IPV6, "::1", 3, &v));
	assert_int_equal(v.hi, 0);
	assert_int_equal(v.lo, 1);
	assert_true(addr_parse(FAMILY_IPV6, "8000::", 6, &v));
	assert_int_equal(v.hi, UINT64_C(0x8000) << 48);
	assert_false(addr_parse(FAMILY_ANY, "::1", 3, &v));
	assert_false(addr_parse(FAMILY_IPV4, NULL, 0, &v));
}

static void
test_family(void **state)
{
	(void)state;
	assert_string_equal(family_name(FAMILY_IPV4), "ipv4");
	assert_string_equal(family_name(FAMILY_IPV6), "ipv6");
	assert_string_equal(family_name(FAMILY_ANY), "any");
	assert_int_equal(family_bits(FAMILY_IPV4), 32);
	assert_int_equal(family_bits(FAMILY_IPV6), 128);
	assert_true(u128_eq(family_max(FAMILY_IPV4), u128_from64(UINT32_MAX)));
	assert_true(u128_eq(family_max(FAMILY_IPV6),
	    u128_make(UINT64_MAX, UINT64_MAX)));
}

static struct ivset *
ps(struct arena *a, enum family f, const char *s)
{
	return addrset_parse(a, f, s, strlen(s));
}

static void
assert_range4(const struct ivset *s, size_t i, uint32_t lo, uint32_t hi)
{
	assert_non_null(s);
	assert_true(i < s->n);
	assert_int_equal(s->iv[i].lo.hi, 0);
	assert_int_equal(s->iv[i].lo.lo, lo);
	assert_int_equal(s->iv[i].hi.lo, hi);
}

static void
test_addrset_parse(void **state)
{
	struct arena *a = arena_new();
	struct ivset *s;

	(void)state;
	s = ps(a, FAMILY_IPV4, "10.0.0.0/8");
	assert_int_equal(s->n, 1);
	assert_range4(s, 0, 0x0a000000, 0x0affffff);
	/* Host bits are masked off, as iptables does. */
	s = ps(a, FAMILY_IPV4, "10.1.2.3/8");
	assert_range4(s, 0, 0x0a000000, 0x0affffff);
	s = ps(a, FAMILY_IPV4, "10.1.2.3");
	assert_range4(s, 0, 0x0a010203, 0x0a010203);
	s = ps(a, FAMILY_IPV4, "10.1.2.3/32");
	assert_range4(s, 0, 0x0a010203, 0x0a010203);
	s = ps(a, FAMILY_IPV4, "1.2.3.4/0");
	assert_range4(s, 0, 0, UINT32_MAX);
	s = ps(a, FAMILY_IPV4, "10.0.0.0/255.255.255.0");
	assert_range4(s, 0, 0x0a000000, 0x0a0000ff);
	s = ps(a, FAMILY_IPV4, "10.0.0.7/255.255.255.255");
	assert_range4(s, 0, 0x0a000007, 0x0a000007);
	s = ps(a, FAMILY_IPV4, "10.0.0.7/0.0.0.0");
	assert_range4(s, 0, 0, UINT32_MAX);
	/* Non-contiguous: every x with x & mask == 10.0.0.1 & mask. */
	s = ps(a, FAMILY_IPV4, "10.0.0.1/255.0.255.255");
	assert_int_equal(s->n, 256);
	assert_range4(s, 0, 0x0a000001, 0x0a000001);
	assert_range4(s, 1, 0x0a010001, 0x0a010001);
	assert_range4(s, 255, 0x0aff0001, 0x0aff0001);
	s = ps(a, FAMILY_IPV4, "192.168.0.0/255.255.0.240");
	assert_int_equal(s->n, 256);
	assert_range4(s, 0, 0xc0a80000, 0xc0a8000f);
	assert_range4(s, 1, 0xc0a80100, 0xc0a8010f);
	/* Too many intervals: refused rather than exploding. */
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.1/128.0.0.1"));
	s = ps(a, FAMILY_IPV4, "10.0.0.1/255.255.0.1");
	assert_int_equal(s->n, 32768);
	/* Ranges. */
	s = ps(a, FAMILY_IPV4, "10.0.0.1-10.0.0.5");
	assert_range4(s, 0, 0x0a000001, 0x0a000005);
	s = ps(a, FAMILY_IPV4, "10.0.0.5-10.0.0.5");
	assert_range4(s, 0, 0x0a000005, 0x0a000005);
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.5-10.0.0.1"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.5-"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.0/33"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.0/"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.0/-1"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0/8"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.0/8/8"));
	assert_null(ps(a, FAMILY_IPV4, "10.0.0.0/255.255.256.0"));
	assert_null(ps(a, FAMILY_IPV4, "host.example"));
	assert_null(ps(a, FAMILY_IPV4, "::1"));
	assert_null(ps(a, FAMILY_IPV4, ""));
	/* IPv6. */
	s = ps(a, FAMILY_IPV6, "2001:db8::/32");
	assert_int_equal(s->n, 1);
	assert_true(u128_eq(s->iv[0].lo, u128_make(0x20010db800000000ull, 0)));
	assert_true(u128_eq(s->iv[0].hi, u128_make(0x20010db8ffffffffull,
	    UINT64_MAX)));
	s = ps(a, FAMILY_IPV6, "2001:db8::1/64");
	assert_true(u128_eq(s->iv[0].lo, u128_make(0x20010db800000000ull, 0)));
	assert_true(u128_eq(s->iv[0].hi, u128_make(0x20010db800000000ull,
	    UINT64_MAX)));
	s = ps(a, FAMILY_IPV6, "::/0");
	assert_true(ivset_is_full(s, family_max(FAMILY_IPV6)));
	s = ps(a, FAMILY_IPV6, "::1/128");
	assert_true(u128_eq(s->iv[0].lo, u128_from64(1)));
	assert_true(u128_eq(s->iv[0].hi, u128_from64(1)));
	s = ps(a, FAMILY_IPV6, "2001:db8::1/65");
	assert_true(u128_eq(s->iv[0].hi, u128_make(0x20010db800000000ull,
	    UINT64_MAX >> 1)));
	s = ps(a, FAMILY_IPV6, "2001:db8::1-2001:db8::ff");
	assert_int_equal(s->n, 1);
	assert_null(ps(a, FAMILY_IPV6, "2001:db8::/129"));
	assert_null(ps(a, FAMILY_IPV6, "2001:db8::/ffff::"));
	assert_null(ps(a, FAMILY_IPV6, "10.0.0.0/8"));
	assert_null(ps(a, FAMILY_ANY, "10.0.0.0/8"));
	arena_free(a);
}

static void
fmt(struct arena *a, enum family f, const char *in, const char *want)
{
	struct ivset *s = ps(a, f, in);

	if (s == NULL)
		fail_msg("cannot parse %s", in);
	assert_string_equal(addrset_format(a, f, s), want);
}

static void
test_addrset_format(void **state)
{
	struct arena *a = arena_new();
	struct ivset *s;

	(void)state;
	fmt(a, FAMILY_IPV4, "10.0.0.0/8", "10.0.0.0/8");
	fmt(a, FAMILY_IPV4, "10.0.0.1", "10.0.0.1");
	fmt(a, FAMILY_IPV4, "0.0.0.0/0", "any");
	fmt(a, FAMILY_IPV4, "10.0.0.0-10.0.1.255", "10.0.0.0/23");
	fmt(a, FAMILY_IPV4, "10.0.0.1-10.0.0.5", "10.0.0.1-10.0.0.5");
	/* Whichever is shorter: blocks or a range. */
	fmt(a, FAMILY_IPV4, "10.0.0.0-10.0.0.2", "10.0.0.0-10.0.0.2");
	fmt(a, FAMILY_IPV4, "10.0.0.0-10.0.0.1", "10.0.0.0/31");
	fmt(a, FAMILY_IPV4, "0.0.0.1-255.255.255.255", "!0.0.0.0");
	fmt(a, FAMILY_IPV4, "0.0.0.0-192.0.2.0", "0.0.0.0-192.0.2.0");
	s = ivset_complement(a, ps(a, FAMILY_IPV4, "10.0.0.0/8"),
	    family_max(FAMILY_IPV4));
	assert_string_equal(addrset_format(a, FAMILY_IPV4, s), "!10.0.0.0/8");
	fmt(a, FAMILY_IPV4, "192.0.2.0-192.0.2.255", "192.0.2.0/24");
	fmt(a, FAMILY_IPV4, "128.0.0.0-255.255.255.255", "128.0.0.0/1");
	fmt(a, FAMILY_IPV4, "10.0.0.1/255.255.255.254", "10.0.0.0/31");
	/* A non-contiguous mask: 256 addresses, listed. */
	{
		char *t = addrset_format(a, FAMILY_IPV4,
		    ps(a, FAMILY_IPV4, "10.0.0.1/255.0.255.255"));
		size_t commas = 0;
		const char *c;

		for (c = t; *c != '\0'; c++)
			commas += *c == ',';
		assert_int_equal(commas, 255);
		assert_int_equal(strncmp(t, "10.0.0.1,10.1.0.1,10.2.0.1,", 27),
		    0);
		assert_non_null(strstr(t, ",10.255.0.1"));
	}
	fmt(a, FAMILY_IPV6, "::/0", "any");
	fmt(a, FAMILY_IPV6, "2001:db8::/32", "2001:db8::/32");
	fmt(a, FAMILY_IPV6, "2001:db8::1", "2001:db8::1");
	fmt(a, FAMILY_IPV6, "::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	    "!::");
	fmt(a, FAMILY_IPV6, "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe",
	    "!ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	fmt(a, FAMILY_IPV6, "8000::/1", "8000::/1");
	fmt(a, FAMILY_IPV6, "2001:db8::1-2001:db8::5",
	    "2001:db8::1-2001:db8::5");
	/* Several terms, comma-separated. */
	s = ivset_union(a, ps(a, FAMILY_IPV4, "192.168.0.0/16"),
	    ps(a, FAMILY_IPV4, "10.0.0.0/8"));
	assert_string_equal(addrset_format(a, FAMILY_IPV4, s),
	    "10.0.0.0/8,192.168.0.0/16");
	assert_string_equal(addrset_format(a, FAMILY_IPV4, ivset_empty(a)),
	    "none");
	assert_string_equal(addrset_format(a, FAMILY_IPV4, NULL), "any");
	/* addrset_cidr. */
	s = addrset_cidr(a, FAMILY_IPV4, u128_from64(0xc0a80101), 24);
	assert_string_equal(addrset_format(a, FAMILY_IPV4, s),
	    "192.168.1.0/24");
	s = addrset_cidr(a, FAMILY_IPV6, u128_make(UINT64_MAX, UINT64_MAX), 0);
	assert_string_equal(addrset_format(a, FAMILY_IPV6, s), "any");
	s = addrset_cidr(a, FAMILY_IPV6, u128_make(UINT64_MAX, UINT64_MAX),
	    128);
	assert_string_equal(addrset_format(a, FAMILY_IPV6, s),
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_family),
		cmocka_unit_test(test_addrset_parse),
		cmocka_unit_test(test_addrset_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
