/*
 * test_asa_anomaly.c - the brute-force oracle of the anomaly checks
 * (shadowed, redundant, no-default-deny; space.c) on Cisco ASA configs.
 *
 * Random running-configs (interfaces, object-groups network / service /
 * protocol / icmp-type with nested group-objects, access-list entries with
 * host, address and mask, any, any4, any6, port operators, log, inactive
 * entries and remarks, access-groups in and out of interfaces and global)
 * are parsed by the ASA front end in process, and the checks' findings are
 * compared with plain enumeration through eval.c.  Every block a rule can
 * name is a union of the cells of a partition of the packet space, so one
 * representative packet per cell stands for the whole cell:
 *   src   10.0.0.0 | 10.0.0.1 | 10.0.0.2/31 | other IPv4 | IPv6
 *   dst   10.0.1.0 | 10.0.1.1 | other IPv4 | IPv6 (same family as src)
 *   proto tcp | udp | icmp | gre | esp | ipv6-icmp
 *   dport 0-79 | 80 | 81-199 | 200-65535            (tcp, udp)
 *   sport 0-1023 | 1024-65535                        (tcp, udp)
 *   icmp  echo | unreachable | other type            (icmp)
 *   in    each nameif | other | none;  out  inside | other | none
 * Every other field stays at packet_init's default and no rule names it.
 * The interfaces sometimes have addresses: 10.0.1.0 and 10.0.1.1 (cells
 * of their own), or addresses inside the "other" cells but not their
 * representatives (a standby 192.168.7.1, an IPv6 2001:db8::99), or a
 * dhcp one.  An access list bound to an interface never sees a packet
 * for one of the device's own addresses (the management commands judge
 * those), so the enumeration leaves such packets out of every entry,
 * and the scope the front end gives must agree packet by packet.
 * A rule is judged over every list it is in (an access-list bound twice),
 * as space.h says.  Findings must agree exactly with DESIGN.md 2b computed
 * by enumeration, every witness must evaluate as its finding says, every
 * shadowed finding must name a rule with another action among its related
 * locations, and the engine must never have dropped a candidate because
 * eval.c disagreed.  "Same decision" is the engine's: the same verdict,
 * and for a rule that logs, a deciding rule that logs too (DESIGN.md 2b).
 * Sets with a mixed tcp/udp service group (an opaque match) are checked
 * for soundness only.
 *
 * FIRELINT_ASA_ANOMALY_RUNS=N runs N configs instead of the default.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "analyzer/space.h"
#include "core/addr.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "parser/asa/asa.h"

#define DEFAULT_RUNS	2000
#define MAXRULES	64
#define MAXLISTS	8
#define MAXPK		7200
#define TEXTLEN		16384

static uint64_t rng_state;

static unsigned
rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static const char *
pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}

#define PICK(v) pick((v), sizeof(v) / sizeof((v)[0]))

struct gen {
	char	*buf;
	size_t	 len, off;
};

static void
out(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(g->buf + g->off, g->len - g->off, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < g->len - g->off);
	g->off += (size_t)n;
}

/* One or two distinct members out of v, each line prefixed. */
static void
members(struct gen *g, const char *kw, const char *const *v, size_t n)
{
	unsigned a = rnd((unsigned)n), b = rnd((unsigned)n);

	out(g, " %s %s\n", kw, v[a]);
	if (b != a && rnd(2))
		out(g, " %s %s\n", kw, v[b]);
}

#define MEMBERS(g, kw, v) members((g), (kw), (v), sizeof(v) / sizeof((v)[0]))

static void
gen_groups(struct gen *g, bool opaque)
{
	static const char *const srcs[] = { "host 10.0.0.0", "host 10.0.0.1",
	    "10.0.0.2 255.255.255.254", "10.0.0.0 255.255.255.254",
	    "object ON1", "object ON3", "host h1" };
	static const char *const srcs2[] = { "host 10.0.0.1",
	    "10.0.0.0 255.255.255.252", "10.0.0.2 255.255.255.254" };
	static const char *const dsts[] = { "host 10.0.1.0",
	    "host 10.0.1.1", "object OD1", "host d0" };
	static const char *const dsts2[] = { "10.0.1.0 255.255.255.254",
	    "host 10.0.1.1" };
	static const char *const ports[] = { "eq 80", "eq www",
	    "range 81 199", "range 0 79", "range 200 65535",
	    "range 80 199" };
	static const char *const svc[] = { "destination eq 80",
	    "destination range 81 199", "destination range 0 79",
	    "destination range 200 65535", "source range 1024 65535",
	    "source range 0 1023 destination eq www" };
	static const char *const protos[] = { "tcp", "udp", "icmp", "47",
	    "gre", "6" };
	static const char *const icmps[] = { "echo", "unreachable", "3",
	    "8" };
	/* members with a source port make unions of boxes: opaque */
	unsigned ns = opaque ? 6 : 4;

	out(g, "names\nname 10.0.0.1 h1\nname 10.0.0.2 n2\n"
	    "name 10.0.1.0 d0\n");
	out(g, "object network ON1\n host 10.0.0.1\n");
	out(g, "object network ON2\n subnet 10.0.0.0 255.255.255.252\n");
	out(g, "object network ON3\n range 10.0.0.2 10.0.0.3\n");
	out(g, "object network OD1\n host 10.0.1.1\n");
	out(g, "object network OD2\n range 10.0.1.0 10.0.1.1\n");
	out(g, "object service OS1\n service tcp %s\n", svc[rnd(ns)]);
	out(g, "object service OS2\n service udp %s\n", svc[rnd(ns)]);
	out(g, "object-group network GS1\n");
	MEMBERS(g, "network-object", srcs);
	out(g, "object-group network GS2\n group-object GS1\n");
	MEMBERS(g, "network-object", srcs2);
	out(g, "object-group network GD1\n");
	MEMBERS(g, "network-object", dsts);
	out(g, "object-group network GD2\n");
	MEMBERS(g, "network-object", dsts2);
	out(g, " group-object GD1\n");
	out(g, "object-group service PT1 tcp\n");
	MEMBERS(g, "port-object", ports);
	out(g, "object-group service PT2 tcp\n group-object PT1\n");
	MEMBERS(g, "port-object", ports);
	out(g, "object-group service PU1 udp\n");
	MEMBERS(g, "port-object", ports);
	out(g, "object-group service PB1 tcp-udp\n");
	MEMBERS(g, "port-object", ports);
	out(g, "object-group service SO1\n");
	out(g, " service-object tcp %s\n", svc[rnd(ns)]);
	if (rnd(2))
		out(g, " service-object tcp %s\n", svc[rnd(ns)]);
	out(g, "object-group service SO2\n group-object SO1\n");
	out(g, " service-object tcp %s\n", svc[rnd(ns)]);
	out(g, "object-group service SU1\n");
	out(g, " service-object udp %s\n", svc[rnd(ns)]);
	if (opaque) {
		out(g, "object-group service SX1\n");
		out(g, " service-object tcp %s\n", PICK(svc));
		out(g, " service-object udp %s\n", PICK(svc));
	}
	out(g, "object-group protocol PG1\n");
	MEMBERS(g, "protocol-object", protos);
	out(g, "object-group protocol PG2\n group-object PG1\n");
	MEMBERS(g, "protocol-object", protos);
	out(g, "object-group icmp-type IC1\n");
	MEMBERS(g, "icmp-object", icmps);
}

/* n counts the entries of the list so far, for "line N" */
static void
gen_entry(struct gen *g, const char *acl, unsigned *n, bool opaque)
{
	static const char *const src4[] = { "host 10.0.0.0", "host 10.0.0.1",
	    "10.0.0.2 255.255.255.254", "10.0.0.0 255.255.255.252",
	    "10.0.0.0 255.255.255.254", "object-group GS1",
	    "object-group GS2", "any4", "host h1", "n2 255.255.255.254",
	    "object ON1", "object ON2", "object ON3" };
	static const char *const dst4[] = { "host 10.0.1.0", "host 10.0.1.1",
	    "10.0.1.0 255.255.255.254", "object-group GD1",
	    "object-group GD2", "any4", "host d0", "object OD1",
	    "object OD2" };
	static const char *const dport[] = { "eq 80", "eq www", "neq 80",
	    "lt 80", "gt 80", "lt 200", "gt 199", "range 81 199",
	    "range 80 199", "range 0 79" };
	static const char *const sport[] = { "lt 1024", "gt 1023",
	    "range 1024 65535", "range 0 1023" };
	static const char *const icmp[] = { "", "echo", "unreachable", "3",
	    "object-group IC1", "" };
	static const char *const svcs[] = { "object-group SU1",
	    "object-group SO1", "object-group SO2", "object OS1",
	    "object OS2" };
	static const char *const pgrp[] = { "object-group PG1",
	    "object-group PG2", "47", "gre", "ip", "ip" };
	const char *proto, *src, *dst, *sp = "", *dp = "", *extra = "";
	unsigned k = rnd(opaque ? 10 : 9), fam = rnd(8);
	char how[32] = "extended";

	/* PIX 6 and fwbuilder write no "extended" */
	if (rnd(8) == 0)
		how[0] = '\0';
	(*n)++;

	if (rnd(10) == 0)
		out(g, "access-list %s remark r%u\n", acl, rnd(100));
	/* any6 only with any, so that no entry mixes the families */
	if (fam == 0) {
		src = "any6";
		dst = rnd(2) ? "any" : "any6";
	} else if (fam == 1) {
		src = rnd(2) ? "any" : "any6";
		dst = "any6";
	} else {
		src = rnd(3) == 0 ? "any" : PICK(src4);
		dst = rnd(3) == 0 ? "any" : PICK(dst4);
	}
	switch (k) {
	case 0:
	case 1:
	case 2:
		proto = "tcp";
		break;
	case 3:
	case 4:
		proto = "udp";
		break;
	case 5:
		proto = "icmp";
		extra = PICK(icmp);
		break;
	case 6:
	case 7:
		proto = PICK(pgrp);
		break;
	case 8:
		proto = PICK(svcs);
		break;
	default:
		proto = "object-group SX1";
		break;
	}
	if (strcmp(proto, "tcp") == 0 || strcmp(proto, "udp") == 0) {
		unsigned d = rnd(8);

		if (rnd(4) == 0)
			sp = PICK(sport);
		if (d < 4)
			dp = PICK(dport);
		else if (d == 4)
			dp = proto[0] == 't' ? (rnd(2) ? "object-group PT1" :
			    "object-group PT2") : "object-group PU1";
		else if (d == 5)
			dp = "object-group PB1";
	}
	if (rnd(10) == 0)
		snprintf(how, sizeof(how), "line %u extended", 1 + rnd(*n));
	out(g, "access-list %s %s %s %s %s%s%s %s%s%s%s%s%s\n", acl, how,
	    rnd(2) ? "permit" : "deny", proto, src, *sp ? " " : "", sp, dst,
	    *dp ? " " : "", dp, *extra ? " " : "", extra,
	    rnd(8) == 0 ? " log" : rnd(10) == 0 ? " inactive" : "");
}

struct cfg {
	bool	 global, out;
	bool	 own[2];	/* 10.0.1.0, 10.0.1.1 are the device's */
};

static char *
gen_config(char *buf, size_t len, bool opaque, struct cfg *cf)
{
	static const char *const acls[] = { "A", "B", "C" };
	struct gen g = { buf, len, 0 };
	unsigned n[3], done[3] = { 0, 0, 0 }, dmz;
	bool used[3];

	out(&g, "hostname fw\n");
	/* equal levels often, for same-security-traffic */
	out(&g, "interface GigabitEthernet0/0\n nameif outside\n"
	    " security-level %u\n", rnd(4) == 0 ? 50 : 0);
	/* the device's own addresses: see enumerate */
	cf->own[0] = cf->own[1] = false;
	switch (rnd(6)) {
	case 0:
		out(&g, " ip address 10.0.1.1 255.255.0.0\n");
		cf->own[1] = true;
		break;
	case 1:
		out(&g, " ip address 10.0.1.1 255.255.0.0 standby "
		    "10.0.1.0\n");
		cf->own[0] = cf->own[1] = true;
		break;
	case 2:
		out(&g, " ip address dhcp setroute\n");
		break;
	}
	out(&g, "!\ninterface GigabitEthernet0/1\n nameif inside\n"
	    " security-level %u\n", rnd(2) ? 100 : rnd(2) ? 50 :
	    rnd(101));
	if (rnd(4) == 0) {
		out(&g, " ip address 10.0.1.0 255.255.0.0 standby "
		    "192.168.7.1\n");
		cf->own[0] = true;
	}
	out(&g, "!\ninterface GigabitEthernet0/2\n nameif dmz\n"
	    " security-level %u\n", rnd(2) ? 50 : rnd(101));
	if (rnd(6) == 0)
		out(&g, " ipv6 address 2001:db8::99/64\n");
	out(&g, "!\n");
	if (rnd(4) == 0)
		out(&g, "same-security-traffic permit inter-interface\n");
	if (rnd(6) == 0)
		out(&g, "same-security-traffic permit intra-interface\n");
	gen_groups(&g, opaque);
	n[0] = 1 + rnd(8);
	n[1] = rnd(7);
	n[2] = rnd(4);
	used[0] = true;
	used[1] = n[1] > 0;
	used[2] = n[2] > 0;
	/* Entries of the lists interleaved, as configs grow. */
	for (unsigned left = n[0] + n[1] + n[2]; left > 0; left--) {
		unsigned r = rnd(left), c = 0;

		while (r >= n[c])
			r -= n[c++];
		gen_entry(&g, acls[c], &done[c], opaque);
		n[c]--;
	}
	out(&g, "access-group A in interface outside\n");
	if (used[1] && rnd(10) < 7)
		out(&g, "access-group B in interface inside\n");
	dmz = rnd(4);
	if (dmz < 3 && used[dmz])
		out(&g, "access-group %s in interface dmz\n", acls[dmz]);
	cf->global = used[2] && rnd(4) == 0;
	if (cf->global)
		out(&g, "access-group C global\n");
	cf->out = rnd(5) == 0 && (used[1] || used[2]);
	if (cf->out)
		out(&g, "access-group %s out interface inside\n",
		    used[2] && (!used[1] || rnd(2)) ? "C" : "B");
	return buf;
}

/*
 * The representative packets of every cell.  Whether a packet reaches an
 * entry depends only on its family and interfaces (eval.h): combo[i]
 * numbers that class, below NCOMBO.
 */
#define NCOMBO	(2 * 5 * 5)

static size_t
enumerate(struct intern *in, const struct cfg *cf, struct packet *v,
    unsigned *combo)
{
	static const char *const src4[] = { "10.0.0.0", "10.0.0.1",
	    "10.0.0.2", "192.168.0.1", "2001:db8::1" };
	static const char *const dst4[] = { "10.0.1.0", "10.0.1.1",
	    "192.168.1.1", "2001:db8::2" };
	static const unsigned proto[] = { 6, 17, 1, 47, 50, 58 };
	static const unsigned dport[] = { 50, 80, 150, 300 };
	static const unsigned sport[] = { 1000, 2000 };
	static const unsigned icmp[] = { 8 << 8, 3 << 8 | 1, 13 << 8 };
	static const char *const ifs[] = { "outside", "inside", "dmz",
	    "ppp0", NULL };
	/* "out" entries and global ones see packets of other interfaces */
	static const int ins[] = { 0, 1, 2, 3, 4 }, outs[] = { 4, 0, 1, 2,
	    3 };
	struct u128 sa[5], da[4];
	const char *name[5];
	size_t n = 0;
	int nin = cf->global || cf->out ? 5 : 3, nout = 5;

	for (int k = 0; k < 5; k++) {
		enum family f = k == 4 ? FAMILY_IPV6 : FAMILY_IPV4;

		assert_true(addr_parse(f, src4[k], strlen(src4[k]), &sa[k]));
		if (k < 4)
			assert_true(addr_parse(k == 3 ? FAMILY_IPV6 :
			    FAMILY_IPV4, dst4[k], strlen(dst4[k]), &da[k]));
		name[k] = ifs[k] != NULL ? intern(in, ifs[k]) : NULL;
	}
	for (int s = 0; s < 5; s++)
	for (int d = 0; d < (s == 4 ? 1 : 3); d++)
	for (int pr = 0; pr < 6; pr++)
	for (int po = 0; po < (pr < 2 ? 8 : pr == 2 ? 3 : 1); po++)
	for (int i = 0; i < nin; i++)
	for (int o = 0; o < nout; o++) {
		struct packet *p = &v[n];

		assert_true(n < MAXPK);
		combo[n++] = (unsigned)(((s == 4) * 5 + ins[i]) * 5 + outs[o]);
		if (s == 4) {
			packet_init(p, FAMILY_IPV6);
			p->value[FIELD_SRC6] = sa[4];
			p->value[FIELD_DST6] = da[3];
		} else {
			packet_init(p, FAMILY_IPV4);
			p->value[FIELD_SRC4] = sa[s];
			p->value[FIELD_DST4] = da[d];
		}
		p->value[FIELD_PROTO] = u128_from64(proto[pr]);
		if (pr < 2) {
			p->value[FIELD_DPORT] = u128_from64(dport[po % 4]);
			p->value[FIELD_SPORT] = u128_from64(sport[po / 4]);
		} else if (pr == 2)
			p->value[FIELD_ICMP] = u128_from64(icmp[po]);
		p->in_if = name[ins[i]];
		p->out_if = name[outs[o]];
	}
	return n;
}

/* Is p addressed to one of the device's own addresses (gen_config)? */
static bool
own_dst(const struct cfg *cf, const struct packet *p)
{
	uint64_t d = p->value[FIELD_DST4].lo;

	return p->family == FAMILY_IPV4 && p->value[FIELD_DST4].hi == 0 &&
	    ((cf->own[0] && d == 0x0a000100) ||
	    (cf->own[1] && d == 0x0a000101));
}

/*
 * Does a packet of p's class (family and interfaces) reach the entry, when
 * it is not for the device?  The representatives 192.168.1.1 and
 * 2001:db8::2 never are.
 */
static bool
class_reaches(const struct entry_point *e, const struct packet *p)
{
	struct packet q = *p;
	struct u128 v;

	if (q.family == FAMILY_IPV4) {
		assert_true(addr_parse(FAMILY_IPV4, "192.168.1.1", 11, &v));
		q.value[FIELD_DST4] = v;
	} else {
		assert_true(addr_parse(FAMILY_IPV6, "2001:db8::2", 11, &v));
		q.value[FIELD_DST6] = v;
	}
	return eval_entry_reaches(e, &q);
}

static bool
walk(struct arena *a, const struct norm_list *l, const struct packet *p,
    struct eval_outcome *o)
{
	struct packet q;
	struct eval_result res;

	eval_packet_for_entry(l->entry, p, &q);
	eval_packet(a, l, &q, &res);
	*o = res.main;
	return res.determined;
}

/* Does rule r match p in list l (any of its deciding steps)? */
static bool
rule_matches(const struct norm_list *l, const struct rule *r,
    const struct packet *p)
{
	struct packet q;
	bool opaque;

	eval_packet_for_entry(l->entry, p, &q);
	for (uint32_t k = 0; k < l->nsteps; k++) {
		const struct norm_step *st = &l->steps[k];
		bool m = true;

		if (st->rule != r || st->kind != NORM_DECIDE)
			continue;
		for (uint32_t i = 0; i < st->nmatches && m; i++)
			if (st->matches[i] != NULL &&
			    !packet_matches(&q, st->matches[i], &opaque))
				m = false;
		if (m)
			return true;
	}
	return false;
}

static enum action_kind
kind_of(const struct eval_outcome *o)
{
	return o->action != NULL ? o->action->kind : ACTION_NONE;
}

static const struct rule *
decider_of(const struct eval_outcome *o)
{
	return o->decider != NULL ? o->decider->rule : NULL;
}

/*
 * The same verdict and target options.  Enough for upward redundancy: a
 * rule that never decides never logs either, so removing it loses
 * nothing.
 */
static bool
same_verdict(const struct rule *r, const struct eval_outcome *o)
{
	const struct action *act = o->action;

	return act != NULL && act->kind == r->action.kind &&
	    (act->options == NULL) == (r->action.options == NULL) &&
	    (act->options == NULL ||
	    strcmp(act->options, r->action.options) == 0);
}

/* The engine's "same decision" (space.c): verdict, options, logging. */
static bool
same(const struct rule *r, const struct eval_outcome *o)
{
	const struct action *act = o->action;
	const struct rule *d = decider_of(o);

	if (act == NULL || act->kind != r->action.kind)
		return false;
	if ((act->options == NULL) != (r->action.options == NULL) ||
	    (act->options != NULL &&
	    strcmp(act->options, r->action.options) != 0))
		return false;
	return !r->log || (d != NULL && d->log);
}

static struct norm_list *
without(struct arena *a, const struct norm_list *l, const struct rule *r)
{
	struct norm_list *m = arena_alloc(a, sizeof(*m));

	*m = *l;
	m->steps = arena_alloc(a, (l->nsteps + 1) * sizeof(*m->steps));
	memcpy(m->steps, l->steps, l->nsteps * sizeof(*m->steps));
	for (uint32_t k = 0; k < l->nsteps; k++)
		if (m->steps[k].rule == r && m->steps[k].kind == NORM_DECIDE)
			m->steps[k].kind = NORM_CONTINUE;
	return m;
}

/* One decision list and the walk of every packet that reaches it. */
struct olist {
	const struct entry_point *e;
	struct norm_list *l;
	bool		*reach, *det;
	struct eval_outcome *o;
	size_t		 npk;
	/* [step * npk + packet]: does the step match the packet? */
	bool		*sm;
};

/* rule_matches for the enumerated packet i, from the table. */
static bool
rule_matches_pk(const struct olist *ol, const struct rule *r, size_t i)
{
	for (uint32_t k = 0; k < ol->l->nsteps; k++)
		if (ol->l->steps[k].rule == r && ol->sm[k * ol->npk + i])
			return true;
	return false;
}

/* Which deciding steps of the list match enumerated packet i. */
static void
step_table(struct olist *ol, const struct packet *p, size_t i)
{
	const struct norm_list *l = ol->l;
	struct packet q;
	bool opaque;

	eval_packet_for_entry(l->entry, p, &q);
	for (uint32_t k = 0; k < l->nsteps; k++) {
		const struct norm_step *st = &l->steps[k];
		bool m = st->kind == NORM_DECIDE;

		for (uint32_t j = 0; j < st->nmatches && m; j++)
			if (st->matches[j] != NULL &&
			    !packet_matches(&q, st->matches[j], &opaque))
				m = false;
		ol->sm[k * ol->npk + i] = m;
	}
}

struct expect {
	const struct rule *r;
	/* 0 none, 1 shadowed, 2 redundant, 3 redundant (downward) */
	int		 what;
	bool		 seen;
};

struct stats {
	size_t	 sets, shadowed, redundant, redundant_down, ndd, lists;
	size_t	 mismatches, bad_witness, bad_related, unconfirmed;
	size_t	 undetermined, opaque_sets, opaque_findings, judged;
	size_t	 union_shadowed;	/* with several related rules */
};

static const char *const kind_names[] = { "none", "shadowed", "redundant",
    "redundant (downward)" };

static struct olist *
list_of(struct olist *ls, size_t nl, const char *entry)
{
	for (size_t i = 0; i < nl; i++)
		if (entry != NULL && strcmp(ls[i].e->name, entry) == 0)
			return &ls[i];
	return NULL;
}

static const struct rule *
rule_at(struct olist *ls, size_t nl, uint32_t line)
{
	for (size_t i = 0; i < nl; i++)
		for (uint32_t k = 0; k < ls[i].l->nsteps; k++)
			if (ls[i].l->steps[k].rule != NULL &&
			    ls[i].l->steps[k].rule->loc.line == line)
				return ls[i].l->steps[k].rule;
	return NULL;
}

/*
 * With opaque rules the enumeration cannot say what the engine should
 * find, only check what it says: every packet of a reported rule must be
 * determined and none decided by the rule (upward findings), and the
 * verdicts as the finding says.
 */
static bool
sound(struct olist *ls, size_t nl, size_t npk, const struct rule *r,
    bool shadowed)
{
	bool differs = false, any = false;

	for (size_t j = 0; j < nl; j++)
		for (size_t i = 0; i < npk; i++) {
			if (!ls[j].reach[i] ||
			    !rule_matches_pk(&ls[j], r, i))
				continue;
			any = true;
			if (!ls[j].det[i] || decider_of(&ls[j].o[i]) == r)
				return false;
			if (kind_of(&ls[j].o[i]) != r->action.kind)
				differs = true;
			else if (!shadowed && !same_verdict(r, &ls[j].o[i]))
				return false;
		}
	return any && differs == shadowed;
}

/* Does the witness of finding d show what d says about rule r? */
static bool
witness_ok(struct arena *a, struct olist *ol, const struct rule *r,
    int what, const struct packet *w)
{
	struct eval_outcome o, o2;

	if (!eval_entry_reaches(ol->e, w) || !walk(a, ol->l, w, &o))
		return false;
	switch (what) {
	case 1:
		return rule_matches(ol->l, r, w) && decider_of(&o) != r &&
		    kind_of(&o) != r->action.kind;
	case 2:
		return rule_matches(ol->l, r, w) && decider_of(&o) != r &&
		    same_verdict(r, &o);
	case 3:
		return decider_of(&o) == r &&
		    walk(a, without(a, ol->l, r), w, &o2) && same(r, &o2);
	}
	return false;
}

static void
one_set(const char *text, const struct cfg *cf, bool opaque,
    struct stats *st)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct diag_list dl, fl;
	struct source_file *src = source_from_memory(a, "t.cfg", text,
	    strlen(text));
	struct policy *p;
	static struct packet pks[MAXPK];
	static unsigned combo[MAXPK];
	struct olist ls[MAXLISTS];
	struct expect ex[MAXRULES];
	size_t npk, nl = 0, nex = 0;
	int reach[NCOMBO];
	bool ndd = false, ndd_seen = false;
	struct check_context ctx;
	const struct check *const checks[] = { &check_shadowed,
	    &check_redundant, &check_no_default_deny };
	struct space_result *sr;

	diag_list_init(&dl, a);
	diag_list_init(&fl, a);
	p = asa_frontend.parse(a, in, src, &dl);
	assert_non_null(p);
	if (diag_count_at_least(&dl, DIAG_WARNING) != 0) {
		diag_print_all(stderr, &dl, false);
		fprintf(stderr, "%s", text);
		fail_msg("generated config does not parse cleanly");
	}
	npk = enumerate(in, cf, pks, combo);
	for (size_t i = 0; i < p->entries.n; i++) {
		struct olist *ol = &ls[nl];

		if (!p->entries.v[i]->filters)
			continue;
		assert_true(nl < MAXLISTS);
		ol->e = p->entries.v[i];
		ol->l = normalize_entry(a, p, ol->e, NULL);
		assert_int_equal(ol->l->order, ORDER_FIRST_MATCH);
		ol->reach = arena_zalloc(a, npk * sizeof(*ol->reach));
		ol->det = arena_zalloc(a, npk * sizeof(*ol->det));
		ol->o = arena_zalloc(a, npk * sizeof(*ol->o));
		ol->npk = npk;
		ol->sm = arena_zalloc(a, (size_t)ol->l->nsteps * npk *
		    sizeof(*ol->sm));
		for (size_t k = 0; k < NCOMBO; k++)
			reach[k] = -1;
		for (size_t k = 0; k < npk; k++) {
			bool rk;

			if (reach[combo[k]] < 0)
				reach[combo[k]] = class_reaches(ol->e,
				    &pks[k]);
			rk = reach[combo[k]] && !own_dst(cf, &pks[k]);
			/* the scope says the same, packet by packet */
			if (eval_entry_reaches(ol->e, &pks[k]) != rk) {
				fprintf(stderr, "%s: reach %d, expected %d "
				    "(dst %s)\n%s", ol->e->name, !rk, rk,
				    pks[k].family == FAMILY_IPV4 ?
				    "IPv4" : "IPv6", text);
				fail_msg("entry scope and own addresses "
				    "disagree");
			}
			if (!rk)
				continue;
			ol->reach[k] = true;
			step_table(ol, &pks[k], k);
			ol->det[k] = walk(a, ol->l, &pks[k], &ol->o[k]);
			assert_true(ol->det[k] || opaque);
			if (ol->det[k] && ol->o[k].decider == NULL &&
			    kind_of(&ol->o[k]) == ACTION_ACCEPT)
				ndd = true;
		}
		for (uint32_t k = 0; k < ol->l->nsteps; k++) {
			const struct rule *r = ol->l->steps[k].rule;

			if (r != NULL && match_is_opaque(&r->match) &&
			    !opaque) {
				fprintf(stderr, "line %u is opaque:\n%s",
				    (unsigned)r->loc.line, text);
				fail_msg("an opaque rule in an exact config");
			}
		}
		nl++;
	}
	st->lists += nl;
	/* The expected finding of every permit/deny entry. */
	for (size_t j = 0; j < nl && !opaque; j++)
	for (uint32_t k = 0; k < ls[j].l->nsteps; k++) {
		const struct norm_step *s = &ls[j].l->steps[k];
		const struct rule *r = s->rule;
		bool dup = false, any_m = false, any_fire = false;
		bool differs = false, up_same = true, down_same = true;

		if (s->kind != NORM_DECIDE || r == NULL ||
		    (r->action.kind != ACTION_ACCEPT &&
		    r->action.kind != ACTION_DROP))
			continue;
		for (size_t i = 0; i < nex; i++)
			dup = dup || ex[i].r == r;
		if (dup)
			continue;
		assert_true(nex < MAXRULES);
		for (size_t jj = 0; jj < nl; jj++) {
			struct olist *ol = &ls[jj];
			struct norm_list *wl = NULL;

			for (size_t i = 0; i < npk; i++) {
				struct eval_outcome o2;

				if (!ol->reach[i])
					continue;
				if (decider_of(&ol->o[i]) == r) {
					any_fire = true;
					if (wl == NULL)
						wl = without(a, ol->l, r);
					assert_true(walk(a, wl, &pks[i], &o2));
					if (!same(r, &o2))
						down_same = false;
				}
				if (!rule_matches_pk(ol, r, i))
					continue;
				any_m = true;
				if (kind_of(&ol->o[i]) != r->action.kind)
					differs = true;
				else if (!same_verdict(r, &ol->o[i]))
					up_same = false;
			}
		}
		ex[nex].r = r;
		ex[nex].seen = false;
		ex[nex].what = !any_m ? 0 : any_fire ? (down_same ? 3 : 0) :
		    differs ? 1 : up_same ? 2 : 0;
		nex++;
	}
	/* The checks, called directly. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = a;
	ctx.policy = p;
	ctx.diags = &fl;
	for (size_t c = 0; c < 3; c++) {
		ctx.check = checks[c];
		checks[c]->run(&ctx);
	}
	for (struct diagnostic *d = fl.head; d != NULL; d = d->next) {
		struct olist *ol = list_of(ls, nl, d->entry);
		const struct rule *r;
		struct eval_outcome o;
		int what;
		bool found = false;

		if (strcmp(d->code, "shadowed") != 0 &&
		    strcmp(d->code, "redundant") != 0 &&
		    strcmp(d->code, "no-default-deny") != 0)
			continue;
		if (ol == NULL || d->witness == NULL) {
			fprintf(stderr, "%s at line %u: no entry or witness\n"
			    "%s", d->code, (unsigned)d->loc.line, text);
			st->bad_witness++;
			continue;
		}
		if (strcmp(d->code, "no-default-deny") == 0) {
			ndd_seen = true;
			st->ndd++;
			if (!eval_entry_reaches(ol->e, d->witness) ||
			    !walk(a, ol->l, d->witness, &o) ||
			    o.decider != NULL ||
			    kind_of(&o) != ACTION_ACCEPT)
				st->bad_witness++;
			else if (!ndd && !opaque)
				st->mismatches++;
			continue;
		}
		what = strcmp(d->code, "shadowed") == 0 ? 1 :
		    strstr(d->message, "without") != NULL ? 3 : 2;
		st->shadowed += what == 1;
		st->redundant += what == 2;
		st->redundant_down += what == 3;
		r = rule_at(ls, nl, d->loc.line);
		if (r == NULL) {
			fprintf(stderr, "%s at line %u names no judged rule\n"
			    "%s", d->code, (unsigned)d->loc.line, text);
			st->mismatches++;
			continue;
		}
		if (!witness_ok(a, ol, r, what, d->witness)) {
			fprintf(stderr, "bad witness for %s at line %u: %s\n"
			    "%s", kind_names[what], (unsigned)d->loc.line,
			    packet_format(a, d->witness), text);
			st->bad_witness++;
		}
		if (what == 1) {
			bool other = false;

			st->union_shadowed += d->nrelated > 1;

			for (size_t i = 0; i < d->nrelated; i++) {
				const struct rule *q = rule_at(ls, nl,
				    d->related[i].loc.line);

				if (q != NULL && q->action.kind !=
				    r->action.kind)
					other = true;
			}
			if (!other) {
				fprintf(stderr, "shadowed at line %u: no "
				    "related rule with another action\n%s",
				    (unsigned)d->loc.line, text);
				st->bad_related++;
			}
		}
		if (opaque) {
			st->opaque_findings++;
			if (what != 3 && !sound(ls, nl, npk, r,
			    what == 1)) {
				fprintf(stderr, "unsound %s at line %u:\n%s",
				    kind_names[what], (unsigned)d->loc.line,
				    text);
				st->mismatches++;
			}
			continue;
		}
		for (size_t i = 0; i < nex; i++) {
			if (ex[i].r != r)
				continue;
			found = true;
			if (ex[i].seen || ex[i].what != what) {
				fprintf(stderr, "unexpected %s at line %u "
				    "(expected %s):\n%s", kind_names[what],
				    (unsigned)d->loc.line,
				    ex[i].seen ? "one finding" :
				    kind_names[ex[i].what], text);
				st->mismatches++;
			}
			ex[i].seen = true;
		}
		if (!found) {
			fprintf(stderr, "%s at line %u: not a judged rule\n%s",
			    d->code, (unsigned)d->loc.line, text);
			st->mismatches++;
		}
	}
	for (size_t i = 0; i < nex; i++) {
		st->judged++;
		if (ex[i].what > 0 && !ex[i].seen) {
			fprintf(stderr, "missed %s at line %u:\n%s",
			    kind_names[ex[i].what],
			    (unsigned)ex[i].r->loc.line, text);
			st->mismatches++;
		}
	}
	if (!opaque && ndd != ndd_seen) {
		fprintf(stderr, "no-default-deny: expected %d:\n%s", ndd,
		    text);
		st->mismatches++;
	}
	sr = space_analyze(a, p, 1u << SPACE_SHADOWED |
	    1u << SPACE_REDUNDANT | 1u << SPACE_REDUNDANT_DOWN |
	    1u << SPACE_NO_DEFAULT_DENY);
	st->unconfirmed += sr->unconfirmed;
	if (!opaque)
		st->undetermined += sr->undetermined;
	st->sets++;
	arena_free(a);
}

static void
test_oracle(void **state)
{
	const char *env = getenv("FIRELINT_ASA_ANOMALY_RUNS");
	long runs = env != NULL ? atol(env) : DEFAULT_RUNS;
	struct stats st;
	static char buf[TEXTLEN];

	(void)state;
	memset(&st, 0, sizeof(st));
	rng_state = 0x9e3779b97f4a7c15ull;
	for (long i = 0; i < runs; i++) {
		bool opaque = i % 8 == 7;
		struct cfg cf;

		st.opaque_sets += opaque;
		gen_config(buf, sizeof(buf), opaque, &cf);
		one_set(buf, &cf, opaque, &st);
	}
	printf("asa anomaly oracle: %zu configs (%zu lists, %zu rules "
	    "judged), %zu shadowed (%zu by a union), %zu redundant, %zu "
	    "redundant (downward), %zu no-default-deny; %zu mismatches, %zu "
	    "bad witnesses, %zu bad related, %zu unconfirmed, %zu "
	    "undetermined; %zu configs with opaque rules (%zu findings, "
	    "soundness only)\n",
	    st.sets, st.lists, st.judged, st.shadowed, st.union_shadowed,
	    st.redundant,
	    st.redundant_down, st.ndd, st.mismatches, st.bad_witness,
	    st.bad_related, st.unconfirmed, st.undetermined, st.opaque_sets,
	    st.opaque_findings);
	assert_int_equal(st.mismatches, 0);
	assert_int_equal(st.bad_witness, 0);
	assert_int_equal(st.bad_related, 0);
	assert_int_equal(st.unconfirmed, 0);
	assert_int_equal(st.undetermined, 0);
	if (runs >= 200)
		assert_true(st.shadowed > 0 && st.union_shadowed > 0 &&
		    st.redundant > 0 && st.redundant_down > 0);
}

/* A hand-made config whose findings a reader can check. */
static void
test_planted(void **state)
{
	static const char text[] =
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "object-group network web\n"
	    " network-object host 10.0.1.1\n"
	    " network-object host 10.0.1.2\n"
	    "object-group service ports tcp\n"
	    " port-object eq www\n"
	    " port-object eq https\n"
	    "access-list in extended deny ip host 10.0.0.1 any\n"
	    "access-list in extended permit tcp host 10.0.0.1 object-group "
	    "web eq 80\n"
	    "access-list in extended permit tcp any object-group web "
	    "object-group ports\n"
	    "access-list in extended permit tcp any host 10.0.1.2 eq https\n"
	    "access-list in extended permit tcp any 10.0.1.0 255.255.255.0 "
	    "lt 1024\n"
	    "access-list in extended deny ip any any\n"
	    "access-group in in interface outside\n";
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct diag_list dl;
	struct source_file *src = source_from_memory(a, "t.cfg", text,
	    strlen(text));
	struct policy *p;
	struct space_result *r;

	(void)state;
	diag_list_init(&dl, a);
	p = asa_frontend.parse(a, in, src, &dl);
	assert_non_null(p);
	assert_int_equal(diag_count_at_least(&dl, DIAG_WARNING), 0);
	r = space_analyze(a, p, 1u << SPACE_SHADOWED | 1u << SPACE_REDUNDANT |
	    1u << SPACE_REDUNDANT_DOWN | 1u << SPACE_NO_DEFAULT_DENY);
	assert_int_equal(r->unconfirmed, 0);
	assert_int_equal(r->findings.n, 4);
	/* line 11: its packets are all denied by line 10 */
	assert_int_equal(r->findings.v[0].kind, SPACE_SHADOWED);
	assert_int_equal(r->findings.v[0].rule->loc.line, 11);
	assert_int_equal(r->findings.v[0].nrelated, 1);
	assert_int_equal(r->findings.v[0].related[0].rule->loc.line, 10);
	/* line 12 decides some packets, but line 14 would permit them too */
	assert_int_equal(r->findings.v[1].kind, SPACE_REDUNDANT_DOWN);
	assert_int_equal(r->findings.v[1].rule->loc.line, 12);
	/*
	 * line 13: host 10.0.0.1 is denied by line 10, the rest permitted
	 * by line 12 (a union: both are related)
	 */
	assert_int_equal(r->findings.v[2].kind, SPACE_SHADOWED);
	assert_int_equal(r->findings.v[2].rule->loc.line, 13);
	assert_int_equal(r->findings.v[2].nrelated, 2);
	assert_int_equal(r->findings.v[2].related[0].rule->loc.line, 10);
	assert_int_equal(r->findings.v[2].related[1].rule->loc.line, 12);
	assert_false(r->findings.v[2].related[0].covers_all);
	assert_true(r->findings.v[2].related[1].covers_all);
	/* line 15 denies what the implicit deny would deny anyway */
	assert_int_equal(r->findings.v[3].kind, SPACE_REDUNDANT_DOWN);
	assert_int_equal(r->findings.v[3].rule->loc.line, 15);
	arena_free(a);
}

/*
 * An interface access-list, then the global one, then the implicit deny
 * (Cisco ASA configuration guide, "Access Rules"): a closing "deny ip any
 * any" keeps the interface's packets from the global permits, so it is
 * redundant only when there is no global access-list.
 */
static void
test_global_after_interface(void **state)
{
	static const char head[] =
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "access-list A extended permit tcp any any eq 80\n"
	    "access-list A extended deny ip any any\n"
	    "access-list G extended permit ip any any\n"
	    "access-group A in interface outside\n";

	(void)state;
	for (int global = 0; global < 2; global++) {
		char text[512];
		struct arena *a = arena_new();
		struct intern *in = intern_new(a);
		struct diag_list dl;
		struct source_file *src;
		struct policy *p;
		struct space_result *r;
		size_t n = 0;

		snprintf(text, sizeof(text), "%s%s", head, global ?
		    "access-group G global\n" : "");
		src = source_from_memory(a, "t.cfg", text, strlen(text));
		diag_list_init(&dl, a);
		p = asa_frontend.parse(a, in, src, &dl);
		assert_non_null(p);
		r = space_analyze(a, p, 1u << SPACE_SHADOWED |
		    1u << SPACE_REDUNDANT | 1u << SPACE_REDUNDANT_DOWN);
		assert_int_equal(r->unconfirmed, 0);
		for (size_t i = 0; i < r->findings.n; i++)
			if (r->findings.v[i].rule->loc.line == 5) {
				assert_int_equal(r->findings.v[i].kind,
				    SPACE_REDUNDANT_DOWN);
				n++;
			}
		assert_int_equal(n, global ? 0 : 1);
		arena_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted),
		cmocka_unit_test(test_global_after_interface),
		cmocka_unit_test(test_oracle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
