/*
 * test_packet.c - packet words, evaluation of matches, printing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"

#define S(x) (x), strlen(x)

struct ctx {
	struct arena	*a;
	struct intern	*in;
	struct diag_list dl;
};

static int
setup(void **state)
{
	static struct ctx c;

	c.a = arena_new();
	c.in = intern_new(c.a);
	diag_list_init(&c.dl, c.a);
	*state = &c;
	return 0;
}

static int
teardown(void **state)
{
	struct ctx *c = *state;

	arena_free(c->a);
	return 0;
}

static void
test_parse_basic(void **state)
{
	struct ctx *c = *state;
	struct packet p;

	assert_int_equal(packet_parse(c->a, c->in,
	    "tcp 203.0.113.9:40000 -> 10.0.0.5:22 in eth0 state new",
	    &p, &c->dl), 0);
	assert_int_equal(c->dl.total, 0);
	assert_int_equal(p.family, FAMILY_IPV4);
	assert_true(p.is_set[FIELD_PROTO]);
	assert_int_equal(p.value[FIELD_PROTO].lo, 6);
	assert_int_equal(p.value[FIELD_SRC4].lo, 0xcb007109);
	assert_int_equal(p.value[FIELD_DST4].lo, 0x0a000005);
	assert_int_equal(p.value[FIELD_SPORT].lo, 40000);
	assert_int_equal(p.value[FIELD_DPORT].lo, 22);
	assert_ptr_equal(p.in_if, intern(c->in, "eth0"));
	assert_null(p.out_if);
	assert_int_equal(p.value[FIELD_CTSTATE].lo, CTSTATE_NEW);
	assert_string_equal(packet_format(c->a, &p),
	    "tcp 203.0.113.9:40000 -> 10.0.0.5:22 in eth0 state new");
}

static void
test_parse_forms(void **state)
{
	struct ctx *c = *state;
	struct packet p;

	assert_int_equal(packet_parse(c->a, c->in,
	    "udp [2001:db8::1]:53 -> [2001:DB8::2]:domain out ppp0 "
	    "state ESTABLISHED mark 0x10 ttl 3", &p, &c->dl), 0);
	assert_int_equal(p.family, FAMILY_IPV6);
	assert_int_equal(p.value[FIELD_SPORT].lo, 53);
	assert_int_equal(p.value[FIELD_DPORT].lo, 53);
	assert_int_equal(p.value[FIELD_DST6].lo, 2);
	assert_int_equal(p.mark, 0x10);
	assert_int_equal(p.value[FIELD_TTL].lo, 3);
	assert_string_equal(packet_format(c->a, &p),
	    "udp [2001:db8::1]:53 -> [2001:db8::2]:53 out ppp0 "
	    "state established mark 0x10 ttl 3");

	assert_int_equal(packet_parse(c->a, c->in,
	    "icmp 10.0.0.1 -> 10.0.0.2 echo-request", &p, &c->dl), -1);
	c->dl.head = c->dl.tail = NULL;
	c->dl.total = 0;
	assert_int_equal(packet_parse(c->a, c->in,
	    "icmp echo-request 10.0.0.1 -> 10.0.0.2", &p, &c->dl), 0);
	assert_int_equal(p.value[FIELD_ICMP].lo, 8 << 8);
	assert_string_equal(packet_format(c->a, &p),
	    "icmp echo-request 10.0.0.1 -> 10.0.0.2");
	assert_int_equal(packet_parse(c->a, c->in,
	    "icmp 3/4 10.0.0.1 -> 10.0.0.2", &p, &c->dl), 0);
	assert_int_equal(p.value[FIELD_ICMP].lo, 3 << 8 | 4);
	assert_string_equal(packet_format(c->a, &p),
	    "icmp fragmentation-needed 10.0.0.1 -> 10.0.0.2");
	assert_int_equal(packet_parse(c->a, c->in,
	    "ipv6-icmp neighbour-solicitation fe80::1 -> ff02::1:ff00:1",
	    &p, &c->dl), 0);
	assert_int_equal(p.family, FAMILY_IPV6);
	assert_int_equal(p.value[FIELD_ICMP].lo, 135 << 8);
	/* A type without a protocol implies ICMP of the family. */
	assert_int_equal(packet_parse(c->a, c->in,
	    "2001:db8::1 -> 2001:db8::2 icmp-type echo-request", &p,
	    &c->dl), 0);
	assert_int_equal(p.value[FIELD_PROTO].lo, 58);
	assert_int_equal(p.value[FIELD_ICMP].lo, 128 << 8);
	/* Protocol by number, flags, from/to. */
	assert_int_equal(packet_parse(c->a, c->in,
	    "6 from 192.0.2.1:1024 to 192.0.2.2:80 flags SA", &p, &c->dl), 0);
	assert_int_equal(p.value[FIELD_PROTO].lo, 6);
	assert_int_equal(p.value[FIELD_TCPFLAGS].lo, TCPF_SYN | TCPF_ACK);
	assert_string_equal(packet_format(c->a, &p),
	    "tcp 192.0.2.1:1024 -> 192.0.2.2:80 flags SA");
	assert_int_equal(packet_parse(c->a, c->in,
	    "tcp 1.1.1.1:1 -> 2.2.2.2:2 flags SYN,ACK", &p, &c->dl), 0);
	assert_int_equal(p.value[FIELD_TCPFLAGS].lo, TCPF_SYN | TCPF_ACK);
	/* Only a protocol and a family. */
	assert_int_equal(packet_parse(c->a, c->in, "inet6 gre", &p, &c->dl),
	    0);
	assert_int_equal(p.family, FAMILY_IPV6);
	assert_string_equal(packet_format(c->a, &p), "inet6 gre");
	assert_int_equal(c->dl.total, 0);
}

static size_t
errors_of(struct ctx *c, const char *words)
{
	struct packet p;
	size_t before = c->dl.total;
	struct diagnostic *d;

	assert_int_equal(packet_parse(c->a, c->in, words, &p, &c->dl), -1);
	for (d = c->dl.head; d != NULL; d = d->next) {
		assert_string_equal(d->code, "packet");
		assert_int_equal(d->severity, DIAG_ERROR);
		assert_null(d->loc.file);
	}
	return c->dl.total - before;
}

static void
test_parse_errors(void **state)
{
	struct ctx *c = *state;

	assert_true(errors_of(c, "") >= 1);
	assert_true(errors_of(c, "tcp 10.0.0.1:99999 -> 10.0.0.2:22") >= 1);
	assert_true(errors_of(c, "tcp 10.0.0.1 -> 2001:db8::1") >= 1);
	assert_true(errors_of(c, "tcp 10.0.0.300:1 -> 10.0.0.2:22") >= 1);
	assert_true(errors_of(c, "tcp 10.0.0.1:1 ->") >= 1);
	assert_true(errors_of(c, "tcp 10.0.0.1 10.0.0.2") >= 1);
	assert_true(errors_of(c, "tcp state bogus") >= 1);
	assert_true(errors_of(c, "tcp in") >= 1);
	assert_true(errors_of(c, "frobnicate") >= 1);
	assert_true(errors_of(c, "gre 10.0.0.1:5 -> 10.0.0.2:6") >= 1);
	assert_true(errors_of(c, "tcp udp") >= 1);
	assert_true(errors_of(c, "tcp flags SX") >= 1);
	assert_true(errors_of(c, "tcp mark -1") >= 1);
	/* Two bad words, two errors. */
	assert_int_equal(errors_of(c, "tcp bad1 bad2"), 2);
}

static struct match *
mk(struct arena *a, enum family f)
{
	struct match *m = arena_alloc(a, sizeof(*m));

	match_init(m, f);
	return m;
}

static void
test_matches(void **state)
{
	struct ctx *c = *state;
	struct arena *a = c->a;
	struct packet p;
	struct match *m;
	struct bitmatch bm;
	struct setref sr;
	struct loc none;
	bool opaque;

	assert_int_equal(packet_parse(a, c->in,
	    "tcp 203.0.113.9:40000 -> 10.0.0.5:22 in eth0 state new",
	    &p, &c->dl), 0);
	m = mk(a, FAMILY_ANY);
	assert_true(packet_matches(&p, m, &opaque));
	assert_false(opaque);
	match_constrain(a, m, FIELD_PROTO, ivset_single(a, u128_from64(6)),
	    NULL);
	match_constrain(a, m, FIELD_DPORT, ivset_single(a, u128_from64(22)),
	    NULL);
	match_constrain(a, m, FIELD_DST4, addrset_parse(a, FAMILY_IPV4,
	    S("10.0.0.0/8")), NULL);
	m->in_if = ifset_single(a, c->in, S("eth+"), false);
	assert_true(packet_matches(&p, m, &opaque));
	/* IPv6 addresses do not constrain an IPv4 packet. */
	match_constrain(a, m, FIELD_SRC6, addrset_parse(a, FAMILY_IPV6,
	    S("2001:db8::/32")), NULL);
	assert_true(packet_matches(&p, m, &opaque));
	/* But the family does. */
	m->family = FAMILY_IPV6;
	assert_false(packet_matches(&p, m, &opaque));
	m->family = FAMILY_IPV4;
	assert_true(packet_matches(&p, m, &opaque));
	/* Marks: (mark & mask) == value, maybe negated. */
	bm.value = 1;
	bm.mask = 1;
	bm.negated = false;
	VEC_PUSH(a, &m->mark, bm);
	assert_false(packet_matches(&p, m, &opaque));
	p.mark = 3;
	assert_true(packet_matches(&p, m, &opaque));
	m->mark.v[0].negated = true;
	assert_false(packet_matches(&p, m, &opaque));
	m->mark.n = 0;
	/* Interfaces: no out interface, but one required. */
	m->out_if = ifset_single(a, c->in, S("eth1"), false);
	assert_false(packet_matches(&p, m, &opaque));
	m->out_if = ifset_single(a, c->in, S("eth1"), true);
	assert_true(packet_matches(&p, m, &opaque));
	/* Physdev conditions. */
	m->physdev_is_bridged = 1;
	assert_false(packet_matches(&p, m, &opaque));
	p.physdev_in = intern(c->in, "vif1");
	assert_true(packet_matches(&p, m, &opaque));
	m->physdev_is_out = 1;
	assert_false(packet_matches(&p, m, &opaque));
	m->physdev_is_out = -1;
	/* Set references and opaque matches: evaluated as unknown. */
	sr.object = NULL;
	sr.flags = "src";
	sr.negated = false;
	VEC_PUSH(a, &m->sets, sr);
	assert_true(packet_matches(&p, m, &opaque));
	assert_true(opaque);
	m->sets.n = 0;
	memset(&none, 0, sizeof(none));
	match_add_opaque(a, m, "limit", "-m limit --limit 5/s", none, true);
	assert_true(packet_matches(&p, m, &opaque));
	assert_true(opaque);
	assert_true(match_is_opaque(m));
	/* Ports do not constrain protocols without ports. */
	m = mk(a, FAMILY_ANY);
	match_constrain(a, m, FIELD_DPORT, ivset_single(a, u128_from64(22)),
	    NULL);
	assert_int_equal(packet_parse(a, c->in, "gre 10.0.0.1 -> 10.0.0.2",
	    &p, &c->dl), 0);
	assert_true(packet_matches(&p, m, &opaque));
	assert_false(opaque);
	/* ICMP codes. */
	m = mk(a, FAMILY_IPV4);
	match_constrain(a, m, FIELD_ICMP, ivset_range(a,
	    u128_from64(3 << 8), u128_from64(3 << 8 | 255)), NULL);
	assert_int_equal(packet_parse(a, c->in,
	    "icmp port-unreachable 10.0.0.1 -> 10.0.0.2", &p, &c->dl), 0);
	assert_true(packet_matches(&p, m, NULL));
	assert_int_equal(packet_parse(a, c->in,
	    "icmp echo-request 10.0.0.1 -> 10.0.0.2", &p, &c->dl), 0);
	assert_false(packet_matches(&p, m, NULL));
	/* A contradiction matches nothing. */
	m = mk(a, FAMILY_ANY);
	match_constrain(a, m, FIELD_PROTO, ivset_single(a, u128_from64(6)),
	    NULL);
	match_constrain(a, m, FIELD_PROTO, ivset_single(a, u128_from64(17)),
	    "-p tcp -p udp");
	assert_false(packet_matches(&p, m, NULL));
	/* Default state of a packet is NEW, flags SYN. */
	packet_init(&p, FAMILY_IPV4);
	m = mk(a, FAMILY_ANY);
	match_constrain(a, m, FIELD_CTSTATE,
	    ivset_single(a, u128_from64(CTSTATE_NEW)), NULL);
	assert_true(packet_matches(&p, m, NULL));
	assert_string_equal(packet_format(a, &p), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_basic),
		cmocka_unit_test(test_parse_forms),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_matches),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
