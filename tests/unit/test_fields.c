/*
 * test_fields.c - field table, value names and readable sets.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/fields.h"

#define S(x) (x), strlen(x)

static struct ivset *
ports(struct arena *a, const unsigned *lohi, size_t n)
{
	struct interval iv[16];
	size_t i;

	for (i = 0; i < n; i++) {
		iv[i].lo = u128_from64(lohi[2 * i]);
		iv[i].hi = u128_from64(lohi[2 * i + 1]);
	}
	return ivset_from(a, iv, n);
}

static void
test_table(void **state)
{
	int f;

	(void)state;
	for (f = 0; f < FIELD_COUNT; f++) {
		const struct field_info *fi = field_info((enum field)f);

		assert_non_null(fi);
		assert_non_null(fi->name);
		assert_true(fi->width >= 1 && fi->width <= 128);
	}
	assert_string_equal(field_info(FIELD_SRC4)->name, "src");
	assert_string_equal(field_info(FIELD_SRC6)->name, "src");
	assert_int_equal(field_info(FIELD_SRC6)->family, FAMILY_IPV6);
	assert_int_equal(field_info(FIELD_DST4)->family, FAMILY_IPV4);
	assert_string_equal(field_info(FIELD_DPORT)->name, "dport");
	assert_string_equal(field_info(FIELD_TCPFLAGS)->name, "tcp-flags");
	assert_string_equal(field_info(FIELD_CTSTATE)->name, "state");
	assert_null(field_info(FIELD_COUNT));
	assert_true(u128_eq(field_max(FIELD_DPORT), u128_from64(65535)));
	assert_true(u128_eq(field_max(FIELD_PROTO), u128_from64(255)));
	assert_true(u128_eq(field_max(FIELD_CTSTATE),
	    u128_from64(CTSTATE_COUNT - 1)));
	assert_true(u128_eq(field_max(FIELD_SRC6),
	    u128_make(UINT64_MAX, UINT64_MAX)));
	assert_true(u128_eq(field_max(FIELD_SRC_MAC),
	    u128_from64(0xffffffffffffull)));
}

static void
test_protocols(void **state)
{
	unsigned p;

	(void)state;
	assert_true(proto_parse(S("tcp"), &p));
	assert_int_equal(p, 6);
	assert_true(proto_parse(S("UDP"), &p));
	assert_int_equal(p, 17);
	assert_true(proto_parse(S("icmpv6"), &p));
	assert_int_equal(p, 58);
	assert_true(proto_parse(S("ipv6-icmp"), &p));
	assert_int_equal(p, 58);
	assert_true(proto_parse(S("icmp6"), &p));
	assert_int_equal(p, 58);
	assert_true(proto_parse(S("ospfigp"), &p));
	assert_int_equal(p, 89);
	assert_true(proto_parse(S("ax.25"), &p));
	assert_int_equal(p, 93);
	assert_true(proto_parse(S("ethernet"), &p));
	assert_int_equal(p, 143);
	assert_true(proto_parse(S("47"), &p));
	assert_int_equal(p, 47);
	assert_true(proto_parse(S("0"), &p));
	assert_int_equal(p, 0);
	assert_false(proto_parse(S("256"), &p));
	assert_false(proto_parse(S("all"), &p));
	assert_false(proto_parse(S("ip"), &p));
	assert_false(proto_parse(S("tcpx"), &p));
	assert_false(proto_parse(S(""), &p));
	assert_false(proto_parse("tcp", 2, &p));
	assert_string_equal(proto_name(6), "tcp");
	assert_string_equal(proto_name(58), "ipv6-icmp");
	assert_string_equal(proto_name(132), "sctp");
	assert_null(proto_name(0));
	assert_null(proto_name(253));
}

static void
test_icmp(void **state)
{
	int t, c;

	(void)state;
	assert_true(icmp_parse(FAMILY_IPV4, S("echo-request"), &t, &c));
	assert_int_equal(t, 8);
	assert_int_equal(c, -1);
	assert_true(icmp_parse(FAMILY_IPV4, S("ping"), &t, &c));
	assert_int_equal(t, 8);
	assert_true(icmp_parse(FAMILY_IPV4, S("port-unreachable"), &t, &c));
	assert_int_equal(t, 3);
	assert_int_equal(c, 3);
	assert_true(icmp_parse(FAMILY_IPV4, S("tos-host-unreachable"), &t,
	    &c));
	assert_int_equal(t, 3);
	assert_int_equal(c, 12);
	assert_true(icmp_parse(FAMILY_IPV4, S("echoreq"), &t, &c));
	assert_int_equal(t, 8);
	assert_true(icmp_parse(FAMILY_IPV4, S("unreachable"), &t, &c));
	assert_int_equal(t, 3);
	assert_true(icmp_parse(FAMILY_IPV4, S("3/4"), &t, &c));
	assert_int_equal(t, 3);
	assert_int_equal(c, 4);
	assert_true(icmp_parse(FAMILY_IPV4, S("11"), &t, &c));
	assert_int_equal(t, 11);
	assert_int_equal(c, -1);
	assert_true(icmp_parse(FAMILY_IPV4, S("any"), &t, &c));
	assert_true(t < 0);
	assert_false(icmp_parse(FAMILY_IPV4, S("3/256"), &t, &c));
	assert_false(icmp_parse(FAMILY_IPV4, S("bogus"), &t, &c));
	assert_false(icmp_parse(FAMILY_IPV4, S("neighbour-solicitation"), &t,
	    &c));
	assert_true(icmp_parse(FAMILY_IPV6, S("neighbour-solicitation"), &t,
	    &c));
	assert_int_equal(t, 135);
	assert_true(icmp_parse(FAMILY_IPV6, S("neighbor-advertisement"), &t,
	    &c));
	assert_int_equal(t, 136);
	assert_true(icmp_parse(FAMILY_IPV6, S("time-exceeded"), &t, &c));
	assert_int_equal(t, 3);
	assert_true(icmp_parse(FAMILY_IPV6, S("port-unreachable"), &t, &c));
	assert_int_equal(t, 1);
	assert_int_equal(c, 4);
	assert_string_equal(icmp_name(FAMILY_IPV4, 8, -1), "echo-request");
	assert_string_equal(icmp_name(FAMILY_IPV4, 3, 3), "port-unreachable");
	assert_string_equal(icmp_name(FAMILY_IPV4, 11, -1), "time-exceeded");
	assert_string_equal(icmp_name(FAMILY_IPV6, 3, -1), "time-exceeded");
	assert_string_equal(icmp_name(FAMILY_IPV6, 135, -1),
	    "neighbour-solicitation");
	assert_null(icmp_name(FAMILY_IPV4, 3, 8));
}

static void
test_services(void **state)
{
	unsigned p;

	(void)state;
	assert_true(service_port_parse(S("ssh"), "tcp", &p));
	assert_int_equal(p, 22);
	assert_true(service_port_parse(S("www"), NULL, &p));
	assert_int_equal(p, 80);
	assert_true(service_port_parse(S("domain"), "udp", &p));
	assert_int_equal(p, 53);
	assert_true(service_port_parse(S("syslog"), "udp", &p));
	assert_int_equal(p, 514);
	assert_false(service_port_parse(S("syslog"), "tcp", &p));
	assert_true(service_port_parse(S("shell"), "tcp", &p));
	assert_int_equal(p, 514);
	assert_true(service_port_parse(S("ms-wbt-server"), "tcp", &p));
	assert_int_equal(p, 3389);
	assert_true(service_port_parse(S("HTTPS"), "tcp", &p));
	assert_int_equal(p, 443);
	assert_true(service_port_parse(S("65535"), "tcp", &p));
	assert_int_equal(p, 65535);
	assert_false(service_port_parse(S("65536"), "tcp", &p));
	assert_false(service_port_parse(S("nosuchservice"), NULL, &p));
	assert_true(service_port_parse(S("postgresql"), "tcp", &p));
	assert_int_equal(p, 5432);
}

static void
test_states_and_types(void **state)
{
	enum ctstate cs;
	enum addrtype at;
	enum pkttype pt;
	unsigned m;

	(void)state;
	assert_true(ctstate_parse(S("ESTABLISHED"), &cs));
	assert_int_equal(cs, CTSTATE_ESTABLISHED);
	assert_true(ctstate_parse(S("new"), &cs));
	assert_int_equal(cs, CTSTATE_NEW);
	assert_true(ctstate_parse(S("UNTRACKED"), &cs));
	assert_false(ctstate_parse(S("SNAT"), &cs));
	assert_string_equal(ctstate_name(CTSTATE_RELATED), "RELATED");
	assert_string_equal(ctstate_name(CTSTATE_INVALID), "INVALID");
	assert_true(addrtype_parse(S("local"), &at));
	assert_int_equal(at, ADDRTYPE_LOCAL);
	assert_string_equal(addrtype_name(ADDRTYPE_BROADCAST), "BROADCAST");
	assert_false(addrtype_parse(S("nope"), &at));
	assert_true(pkttype_parse(S("broadcast"), &pt));
	assert_int_equal(pt, PKTTYPE_BROADCAST);
	assert_false(pkttype_parse(S("otherhost"), &pt));
	assert_true(tcpflags_parse(S("SYN,ACK"), &m));
	assert_int_equal(m, TCPF_SYN | TCPF_ACK);
	assert_true(tcpflags_parse(S("ALL"), &m));
	assert_int_equal(m, 0x3f);
	assert_true(tcpflags_parse(S("NONE"), &m));
	assert_int_equal(m, 0);
	assert_true(tcpflags_parse(S("fin,syn,rst,psh,ack,urg,ece,cwr"), &m));
	assert_int_equal(m, 0xff);
	assert_false(tcpflags_parse(S("SYN,"), &m));
	assert_false(tcpflags_parse(S(""), &m));
	assert_false(tcpflags_parse(S("SYN,XMAS"), &m));
}

static void
test_tcpflags_set(void **state)
{
	struct arena *a = arena_new();
	struct ivset *s;
	unsigned b;

	(void)state;
	/* --syn: SYN set, RST ACK FIN clear. */
	s = tcpflags_set(a, TCPF_SYN | TCPF_RST | TCPF_ACK | TCPF_FIN,
	    TCPF_SYN);
	for (b = 0; b < 256; b++)
		assert_int_equal(ivset_contains(s, u128_from64(b)),
		    (b & 0x17) == 0x02);
	assert_string_equal(field_format(a, FIELD_TCPFLAGS, s),
	    "SYN/FIN,SYN,RST,ACK");
	assert_true(ivset_is_empty(tcpflags_set(a, TCPF_SYN, TCPF_ACK)));
	assert_true(ivset_is_full(tcpflags_set(a, 0, 0),
	    field_max(FIELD_TCPFLAGS)));
	s = tcpflags_set(a, 0xff, 0);
	assert_string_equal(field_format(a, FIELD_TCPFLAGS, s),
	    "NONE/FIN,SYN,RST,PSH,ACK,URG,ECE,CWR");
	/* Not of that form: the bytes. */
	s = ivset_union(a, ivset_single(a, u128_from64(2)),
	    ivset_single(a, u128_from64(0x12)));
	s = ivset_union(a, s, ivset_single(a, u128_from64(0x11)));
	assert_string_equal(field_format(a, FIELD_TCPFLAGS, s),
	    "0x02,0x11-0x12");
	arena_free(a);
}

static void
test_format(void **state)
{
	struct arena *a = arena_new();
	static const unsigned p1[] = { 22, 22, 80, 80, 443, 443 };
	static const unsigned p2[] = { 1024, 65535 };
	static const unsigned p3[] = { 0, 21, 23, 65535 };
	static const unsigned pr[] = { 1, 1, 17, 17 };
	static const unsigned st[] = { CTSTATE_ESTABLISHED,
	    CTSTATE_RELATED };
	struct ivset *s;

	(void)state;
	assert_string_equal(field_format(a, FIELD_DPORT,
	    ports(a, p1, 3)), "22,80,443");
	assert_string_equal(field_format(a, FIELD_DPORT,
	    ports(a, p2, 1)), "1024-65535");
	assert_string_equal(field_format(a, FIELD_DPORT,
	    ports(a, p3, 2)), "!22");
	assert_string_equal(field_format(a, FIELD_SPORT, NULL), "any");
	assert_string_equal(field_format(a, FIELD_SPORT,
	    ivset_range(a, u128_from64(0), u128_from64(65535))), "any");
	assert_string_equal(field_format(a, FIELD_SPORT, ivset_empty(a)),
	    "none");
	assert_string_equal(field_format(a, FIELD_PROTO,
	    ivset_single(a, u128_from64(6))), "tcp");
	assert_string_equal(field_format(a, FIELD_PROTO,
	    ports(a, pr, 2)), "icmp,udp");
	assert_string_equal(field_format(a, FIELD_PROTO,
	    ivset_complement(a, ivset_single(a, u128_from64(6)),
	    field_max(FIELD_PROTO))), "!tcp");
	assert_string_equal(field_format(a, FIELD_PROTO,
	    ivset_single(a, u128_from64(253))), "253");
	assert_string_equal(field_format(a, FIELD_CTSTATE,
	    ports(a, st, 1)), "ESTABLISHED,RELATED");
	assert_string_equal(field_format(a, FIELD_CTSTATE,
	    ivset_single(a, u128_from64(CTSTATE_NEW))), "NEW");
	/* ICMP: whole types by name, codes by name or type/code. */
	s = ivset_range(a, u128_from64(8 << 8), u128_from64(8 << 8 | 255));
	assert_string_equal(field_format(a, FIELD_ICMP, s), "echo-request");
	s = ivset_union(a, s, ivset_single(a, u128_from64(3 << 8 | 3)));
	assert_string_equal(field_format(a, FIELD_ICMP, s),
	    "port-unreachable,echo-request");
	s = ivset_single(a, u128_from64(3 << 8 | 8));
	assert_string_equal(field_format(a, FIELD_ICMP, s), "3/8");
	s = ivset_range(a, u128_from64(3 << 8 | 16), u128_from64(3 << 8 | 20));
	assert_string_equal(field_format(a, FIELD_ICMP, s), "3/16-20");
	s = ivset_range(a, u128_from64(3 << 8), u128_from64(3 << 8 | 255));
	assert_string_equal(field_format(a, FIELD_ICMP, s),
	    "destination-unreachable");
	assert_string_equal(field_format_family(a, FIELD_ICMP, FAMILY_IPV6, s),
	    "time-exceeded");
	s = ivset_range(a, u128_from64(200 << 8), u128_from64(200 << 8 | 255));
	assert_string_equal(field_format(a, FIELD_ICMP, s), "200");
	/* Addresses and MACs. */
	assert_string_equal(field_format(a, FIELD_SRC4,
	    addrset_parse(a, FAMILY_IPV4, S("10.0.0.0/8"))), "10.0.0.0/8");
	assert_string_equal(field_format(a, FIELD_DST6,
	    addrset_parse(a, FAMILY_IPV6, S("2001:db8::/32"))),
	    "2001:db8::/32");
	assert_string_equal(field_format(a, FIELD_SRC_MAC,
	    ivset_single(a, u128_from64(0x001122aabbccull))),
	    "00:11:22:aa:bb:cc");
	assert_string_equal(field_format_value(a, FIELD_DPORT,
	    u128_from64(22)), "22");
	assert_string_equal(field_format_value(a, FIELD_PROTO,
	    u128_from64(17)), "udp");
	assert_string_equal(field_format_value(a, FIELD_ICMP,
	    u128_from64(3 << 8 | 3)), "port-unreachable");
	assert_string_equal(field_format_value_family(a, FIELD_ICMP,
	    FAMILY_IPV6, u128_from64(128 << 8)), "128/0");
	assert_string_equal(field_format_value(a, FIELD_CTSTATE,
	    u128_from64(CTSTATE_ESTABLISHED)), "ESTABLISHED");
	assert_string_equal(field_format_value(a, FIELD_SRC_ADDRTYPE,
	    u128_from64(ADDRTYPE_LOCAL)), "LOCAL");
	assert_string_equal(field_format_value(a, FIELD_UID,
	    u128_from64(1000)), "1000");
	assert_string_equal(field_format(a, FIELD_PKTTYPE,
	    ivset_single(a, u128_from64(PKTTYPE_MULTICAST))), "multicast");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_icmp),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_states_and_types),
		cmocka_unit_test(test_tcpflags_set),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
