/*
 * test_relations.c - the pairwise checks correlated and generalization
 * (analyzer/checks/pairwise.c).
 *
 * Hand-written iptables and PF rulesets with known pairs and non-pairs,
 * then a brute-force oracle: random iptables-save rulesets over the tiny
 * header space of test_anomaly.c (one representative packet per cell of a
 * partition that every rule respects), where M, Fire and the path of every
 * step are computed by enumeration with eval.c and the two relations of
 * pairwise.h must come out exactly as the checks report them, with
 * witnesses that evaluate as the findings say.
 *
 * FIRELINT_RELATIONS_RUNS=N runs N rulesets of each kind instead of the
 * defaults.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "analyzer/checks/pairwise.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "parser/iptables/iptables.h"
#include "parser/pf/pf.h"

#define FLAT_RUNS	1500
#define CHAIN_RUNS	600
#define MAXPK		256
#define NW		((MAXPK + 63) / 64)
#define MAXSTEPS	256
#define MAXPAIRS	4096

/* ---- running the two checks ---- */

static struct policy *
parse(struct arena *a, const struct frontend *fe, const char *text,
    struct diag_list *dl)
{
	struct intern *in = intern_new(a);
	struct source_file *src = source_from_memory(a, "t", text,
	    strlen(text));
	struct policy *p;

	diag_list_init(dl, a);
	p = fe->parse(a, in, src, dl);
	assert_non_null(p);
	if (diag_count_at_least(dl, DIAG_ERROR) != 0) {
		diag_print_all(stderr, dl, false);
		fprintf(stderr, "%s", text);
		fail_msg("ruleset does not parse");
	}
	return p;
}

static void
run_checks(struct arena *a, struct policy *p, struct diag_list *fl)
{
	const struct check *const checks[] = { &check_correlated,
	    &check_generalization };
	struct check_context ctx;

	diag_list_init(fl, a);
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = a;
	ctx.policy = p;
	ctx.diags = fl;
	for (size_t c = 0; c < 2; c++) {
		ctx.check = checks[c];
		checks[c]->run(&ctx);
	}
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* "correlated 5<4, generalization 3<4": finding line < related line,
   sorted, for the hand-written cases. */
static char *
summarize(struct arena *a, const struct diag_list *fl)
{
	const char *v[64];
	size_t n = 0, len = 1;
	char *s;

	for (struct diagnostic *d = fl->head; d != NULL; d = d->next) {
		assert_true(n < 64);
		assert_int_equal(d->nrelated, 1);
		assert_non_null(d->witness);
		v[n++] = arena_printf(a, "%s %u<%u", d->code,
		    (unsigned)d->loc.line,
		    (unsigned)d->related[0].loc.line);
	}
	qsort(v, n, sizeof(v[0]), cmp_str);
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 2;
	s = arena_alloc(a, len);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, v[i]);
	}
	return s;
}

static void
expect(const struct frontend *fe, const char *text, const char *want)
{
	struct arena *a = arena_new();
	struct diag_list dl, fl;
	struct policy *p = parse(a, fe, text, &dl);
	char *got;

	run_checks(a, p, &fl);
	got = summarize(a, &fl);
	if (strcmp(got, want) != 0) {
		diag_print_all(stderr, &fl, false);
		fail_msg("got \"%s\", want \"%s\"", got, want);
	}
	assert_int_equal(pairwise_find(a, p)->unconfirmed, 0);
	arena_free(a);
}

static void
test_iptables_basic(void **state)
{
	(void)state;
	expect(&iptables_frontend,
	    "*filter\n"
	    ":INPUT ACCEPT [0:0]\n"
	    /* 3: an exception to 4 */
	    "-A INPUT -s 10.0.0.0/24 -p tcp -j ACCEPT\n"
	    "-A INPUT -s 10.0.0.0/16 -j DROP\n"
	    /* 5: overlaps 4 in part, 4 wins on 10.0/16 port 80 */
	    "-A INPUT -p tcp --dport 80 -j ACCEPT\n"
	    /* 7 is shadowed by 6: no pair */
	    "-A INPUT -s 192.168.0.0/16 -j ACCEPT\n"
	    "-A INPUT -s 192.168.1.0/24 -j DROP\n"
	    /* nested, same action: no pair */
	    "-A INPUT -s 10.9.1.0/24 -p udp -j ACCEPT\n"
	    "-A INPUT -s 10.9.0.0/16 -j ACCEPT\n"
	    /* disjoint from everything but the catch-all */
	    "-A INPUT -s 172.16.0.0/12 -p udp -j REJECT\n"
	    /* the catch-all generalizes nothing */
	    "-A INPUT -j DROP\n"
	    "COMMIT\n",
	    "correlated 5<4, generalization 3<4");
}

static void
test_iptables_opaque(void **state)
{
	(void)state;
	/* 3 is opaque, and 4's packets meet its doubt: neither is related;
	   5 and 6 are far from the doubt */
	expect(&iptables_frontend,
	    "*filter\n"
	    ":INPUT ACCEPT [0:0]\n"
	    "-A INPUT -s 172.16.0.0/12 -p udp -m limit --limit 5/sec "
	    "-j ACCEPT\n"
	    "-A INPUT -s 172.16.0.0/12 -j DROP\n"
	    "-A INPUT -s 10.0.0.1 -j DROP\n"
	    "-A INPUT -s 10.0.0.0/8 -j ACCEPT\n"
	    "-A INPUT -s 172.16.1.0/24 -p udp -j REJECT\n"
	    "COMMIT\n",
	    "generalization 5<6");
}

static void
test_iptables_chain(void **state)
{
	(void)state;
	/* 8 is SSH's own catch-all (no generalization of 7); 5 gives way
	   to 8 on 10/8 port 22 except 10.1/16.  The pair (8, 5) is met
	   twice (SSH is called twice) and reported once. */
	expect(&iptables_frontend,
	    "*filter\n"
	    ":INPUT DROP [0:0]\n"
	    ":SSH - [0:0]\n"
	    "-A INPUT -p tcp --dport 22 -j SSH\n"
	    "-A INPUT -s 10.0.0.0/8 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 22 -j SSH\n"
	    "-A SSH -s 10.1.0.0/16 -j ACCEPT\n"
	    "-A SSH -j DROP\n"
	    "COMMIT\n",
	    "correlated 5<8");
}

static void
test_pf(void **state)
{
	(void)state;
	/* last match: 5 takes precedence over 4, 3 over 2 (pass rules
	   match TCP SYNs only, flags S/SA); "block all" is the catch-all,
	   5 and 2 block alike */
	expect(&pf_frontend,
	    "block all\n"
	    "block in proto tcp to port 22\n"
	    "pass in proto tcp from 10.0.0.0/8 to port 22\n"
	    "pass in proto tcp from 192.168.0.0/16 to port 80\n"
	    "block in from 192.168.0.0/24\n",
	    "correlated 4<5, generalization 3<2");
	/* quick rules come first: 1 is an exception to 2, and the last
	   rule gives way to 2 on the SYNs to port 22 */
	expect(&pf_frontend,
	    "pass in quick proto tcp from 10.0.0.0/24 to port 22\n"
	    "block in quick proto tcp to port 22\n"
	    "pass in all\n",
	    "correlated 3<2, generalization 1<2");
}

/* ---- the oracle ---- */

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

static void
gen_rule(char *buf, size_t len, const char *chain, int depth, bool chains)
{
	static const char *const src[] = { "", "", "-s 10.0.0.0/31 ",
	    "-s 10.0.0.2/31 ", "-s 10.0.0.0/30 ", "! -s 10.0.0.0/31 ",
	    "! -s 10.0.0.0/30 " };
	static const char *const dst[] = { "", "", "-d 10.0.1.0/31 ",
	    "! -d 10.0.1.0/31 " };
	static const char *const inif[] = { "", "", "-i eth0 ", "-i eth1 ",
	    "-i eth+ ", "! -i eth0 ", "! -i eth+ " };
	static const char *const port[] = { "", "--dport 0:99 ",
	    "--dport 100:199 ", "--dport 0:199 ", "! --dport 0:99 ",
	    "--dport 100:65535 ", "M--dports 0:99,200:65535 ",
	    "M--dports 100:199 " };
	static const char *const verdict[] = { "ACCEPT", "ACCEPT", "DROP",
	    "DROP", "REJECT", "REJECT --reject-with tcp-reset", "LOG" };
	const char *proto = "", *target;
	char p[96] = "";
	unsigned k = rnd(6);

	if (k == 1 || k == 2) {
		const char *pn = k == 1 ? "tcp" : "udp";
		const char *pp = PICK(port);

		proto = k == 1 ? "-p tcp " : "-p udp ";
		if (pp[0] == 'M')
			snprintf(p, sizeof(p), "-m multiport %s", pp + 1);
		else if (pp[0] != '\0')
			snprintf(p, sizeof(p), "-m %s %s", pn, pp);
	} else if (k == 3)
		proto = "! -p tcp ";
	k = rnd(20);
	if (!chains)
		target = k < 17 ? PICK(verdict) : NULL;
	else if (k < 11)
		target = PICK(verdict);
	else if (k < 13)
		target = NULL;
	else if (k < 15)
		target = "RETURN";
	else if (depth == 0)
		target = rnd(2) ? "A" : "B";
	else if (depth == 1)
		target = "B";
	else
		target = PICK(verdict);
	/* REJECT with tcp-reset only on tcp rules */
	if (target != NULL && strstr(target, "tcp-reset") != NULL &&
	    strcmp(proto, "-p tcp ") != 0)
		target = "REJECT";
	snprintf(buf, len, "-A %s %s%s%s%s%s%s%s%s\n", chain, PICK(src),
	    PICK(dst), PICK(inif), proto, p,
	    target != NULL ? (strlen(target) == 1 && rnd(3) == 0 ? "-g " :
	    "-j ") : "", target != NULL ? target : "",
	    target != NULL && strcmp(target, "REJECT") == 0 ?
	    " --reject-with icmp-port-unreachable" : "");
}

static char *
gen_ruleset(char *buf, size_t len, bool chains)
{
	static const char *const names[] = { "INPUT", "A", "B" };
	size_t off;

	off = (size_t)snprintf(buf, len, "*filter\n:INPUT %s [0:0]\n"
	    ":A - [0:0]\n:B - [0:0]\n", rnd(2) ? "ACCEPT" : "DROP");
	for (int c = 0; c < (chains ? 3 : 1); c++) {
		unsigned n = c == 0 ? 1 + rnd(chains ? 7 : 12) : rnd(5);

		for (unsigned i = 0; i < n; i++)
			gen_rule(buf + off, len - off, names[c], c, chains),
			    off += strlen(buf + off);
	}
	snprintf(buf + off, len - off, "COMMIT\n");
	return buf;
}

static size_t
enumerate(struct intern *in, struct packet *v)
{
	static const uint64_t src[] = { 0x0a000000, 0x0a000002, 0xc0a80001 };
	static const uint64_t dst[] = { 0x0a000100, 0xc0a80101 };
	static const unsigned proto[] = { 6, 17, 47 };
	static const unsigned dport[] = { 50, 150, 300 };
	static const char *const ifs[] = { "eth0", "eth1", "eth7", "ppp0",
	    NULL };
	size_t n = 0;

	for (int s = 0; s < 3; s++)
	for (int d = 0; d < 2; d++)
	for (int pr = 0; pr < 3; pr++)
	for (int po = 0; po < (proto[pr] == 47 ? 1 : 3); po++)
	for (int i = 0; i < 5; i++) {
		struct packet *p = &v[n++];

		packet_init(p, FAMILY_IPV4);
		p->value[FIELD_SRC4] = u128_from64(src[s]);
		p->value[FIELD_DST4] = u128_from64(dst[d]);
		p->value[FIELD_PROTO] = u128_from64(proto[pr]);
		if (proto[pr] != 47)
			p->value[FIELD_DPORT] = u128_from64(dport[po]);
		p->in_if = ifs[i] != NULL ? intern(in, ifs[i]) : NULL;
	}
	return n;
}

struct set {
	uint64_t	 w[NW];
};

static void
set_add(struct set *s, size_t i)
{
	s->w[i / 64] |= (uint64_t)1 << (i % 64);
}

static bool
set_empty(const struct set *s)
{
	for (int i = 0; i < NW; i++)
		if (s->w[i] != 0)
			return false;
	return true;
}

static bool
set_meets(const struct set *x, const struct set *y)
{
	for (int i = 0; i < NW; i++)
		if (x->w[i] & y->w[i])
			return true;
	return false;
}

static bool
set_inside(const struct set *x, const struct set *y)
{
	for (int i = 0; i < NW; i++)
		if (x->w[i] & ~y->w[i])
			return false;
	return true;
}

/* Does p satisfy matches[from, to) of step st? */
static bool
matches_range(const struct norm_list *l, const struct norm_step *st,
    uint32_t to, const struct packet *p)
{
	struct packet q;
	bool opaque;

	eval_packet_for_entry(l->entry, p, &q);
	for (uint32_t i = 0; i < to; i++)
		if (st->matches[i] != NULL &&
		    !packet_matches(&q, st->matches[i], &opaque))
			return false;
	return true;
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

static bool
differ(const struct action *x, const struct action *y)
{
	if (x->kind != y->kind)
		return true;
	if ((x->options == NULL) != (y->options == NULL))
		return true;
	return x->options != NULL && strcmp(x->options, y->options) != 0;
}

struct pairx {
	unsigned	 kind;		/* 0 correlated, 1 generalization */
	unsigned	 a, b;		/* lines: a takes precedence */
	bool		 seen;
};

struct stats {
	size_t	 sets, correlated, generalization, mismatches, bad_witness;
	size_t	 unconfirmed, cut, catchall_skips;
};

static void
one_set(const char *text, struct stats *st)
{
	struct arena *a = arena_new();
	struct diag_list dl, fl;
	struct policy *p = parse(a, &iptables_frontend, text, &dl);
	const struct entry_point *e = NULL;
	struct norm_list *l;
	static struct packet pks[MAXPK];
	static struct set m[MAXSTEPS], fire[MAXSTEPS], path[MAXSTEPS];
	static struct pairx ex[MAXPAIRS];
	bool ok[MAXSTEPS];
	size_t npk, nex = 0;

	for (size_t i = 0; i < p->entries.n; i++)
		if (strcmp(p->entries.v[i]->name, "ipv4/filter/INPUT") == 0)
			e = p->entries.v[i];
	assert_non_null(e);
	l = normalize_entry(a, p, e, NULL);
	assert_true(l->nsteps <= MAXSTEPS);
	npk = enumerate(p->strings, pks);
	memset(m, 0, sizeof(m));
	memset(fire, 0, sizeof(fire));
	memset(path, 0, sizeof(path));
	for (uint32_t k = 0; k < l->nsteps; k++) {
		const struct norm_step *s = &l->steps[k];

		ok[k] = s->kind == NORM_DECIDE && s->rule != NULL &&
		    (s->action->kind == ACTION_ACCEPT ||
		    s->action->kind == ACTION_DROP ||
		    s->action->kind == ACTION_REJECT);
	}
	for (size_t i = 0; i < npk; i++) {
		struct eval_outcome o;

		assert_true(eval_entry_reaches(e, &pks[i]));
		assert_true(walk(a, l, &pks[i], &o));
		if (o.decider != NULL) {
			assert_true(o.decider >= l->steps &&
			    o.decider < l->steps + l->nsteps);
			set_add(&fire[o.decider - l->steps], i);
		}
		for (uint32_t k = 0; k < l->nsteps; k++) {
			const struct norm_step *s = &l->steps[k];

			if (!ok[k])
				continue;
			if (matches_range(l, s, s->nmatches, &pks[i]))
				set_add(&m[k], i);
			if (matches_range(l, s, s->nmatches - 1, &pks[i]))
				set_add(&path[k], i);
		}
	}
	/* The relations of pairwise.h, step pair by step pair. */
	for (uint32_t kb = 0; kb < l->nsteps; kb++)
	for (uint32_t ka = 0; ka < kb; ka++) {
		const struct norm_step *sa = &l->steps[ka], *sb = &l->steps[kb];
		unsigned kind;
		bool dup = false;
		struct set x;

		if (!ok[ka] || !ok[kb] || sa->rule == sb->rule ||
		    !differ(sa->action, sb->action) ||
		    !set_meets(&m[ka], &m[kb]) || set_empty(&fire[ka]))
			continue;
		if (set_inside(&m[ka], &m[kb])) {
			if (set_inside(&path[kb], &m[kb])) {
				st->catchall_skips++;
				continue;
			}
			kind = 1;
		} else if (!set_inside(&m[kb], &m[ka]) &&
		    !set_empty(&fire[kb])) {
			for (int i = 0; i < NW; i++)
				x.w[i] = fire[ka].w[i] & m[kb].w[i];
			if (set_empty(&x))
				continue;
			kind = 0;
		} else
			continue;
		for (size_t i = 0; i < nex; i++)
			dup = dup || (ex[i].kind == kind &&
			    ex[i].a == sa->rule->loc.line &&
			    ex[i].b == sb->rule->loc.line);
		if (dup)
			continue;
		assert_true(nex < MAXPAIRS);
		ex[nex].kind = kind;
		ex[nex].a = sa->rule->loc.line;
		ex[nex].b = sb->rule->loc.line;
		ex[nex].seen = false;
		nex++;
	}
	run_checks(a, p, &fl);
	for (struct diagnostic *d = fl.head; d != NULL; d = d->next) {
		unsigned kind = strcmp(d->code, "generalization") == 0;
		unsigned la, lb;
		bool found = false, bm = false;
		struct eval_outcome o;

		assert_int_equal(d->nrelated, 1);
		la = kind ? d->loc.line : d->related[0].loc.line;
		lb = kind ? d->related[0].loc.line : d->loc.line;
		for (size_t i = 0; i < nex; i++)
			if (ex[i].kind == kind && ex[i].a == la &&
			    ex[i].b == lb) {
				if (ex[i].seen) {
					fprintf(stderr, "%s %u<%u twice\n",
					    d->code, la, lb);
					st->mismatches++;
				}
				ex[i].seen = found = true;
			}
		if (!found) {
			fprintf(stderr, "unexpected %s: %u before %u:\n%s",
			    d->code, la, lb, text);
			st->mismatches++;
		}
		if (kind)
			st->generalization++;
		else
			st->correlated++;
		/* the witness: decided by a, matched by some step of b */
		if (d->witness == NULL || !walk(a, l, d->witness, &o) ||
		    o.decider == NULL || o.decider->rule->loc.line != la) {
			st->bad_witness++;
			continue;
		}
		for (uint32_t k = 0; k < l->nsteps; k++)
			if (l->steps[k].rule != NULL &&
			    l->steps[k].rule->loc.line == lb &&
			    l->steps[k].kind == NORM_DECIDE &&
			    matches_range(l, &l->steps[k],
			    l->steps[k].nmatches, d->witness))
				bm = true;
		if (!bm)
			st->bad_witness++;
	}
	for (size_t i = 0; i < nex; i++)
		if (!ex[i].seen) {
			fprintf(stderr, "missed %s: %u before %u:\n%s",
			    ex[i].kind ? "generalization" : "correlated",
			    ex[i].a, ex[i].b, text);
			st->mismatches++;
		}
	{
		struct pairwise_result *r = pairwise_find(a, p);

		st->unconfirmed += r->unconfirmed;
		st->cut += r->cut;
	}
	st->sets++;
	arena_free(a);
}

static long
runs(long dflt)
{
	const char *env = getenv("FIRELINT_RELATIONS_RUNS");

	return env != NULL ? atol(env) : dflt;
}

static void
oracle(bool chains, long n, uint64_t seed)
{
	struct stats st;
	static char buf[16384];

	memset(&st, 0, sizeof(st));
	rng_state = seed;
	for (long i = 0; i < n; i++)
		one_set(gen_ruleset(buf, sizeof(buf), chains), &st);
	printf("relations oracle (%s): %zu sets, %zu correlated, "
	    "%zu generalization, %zu catch-alls left out; %zu mismatches, "
	    "%zu bad witnesses, %zu unconfirmed, %zu cut\n",
	    chains ? "user chains" : "flat", st.sets, st.correlated,
	    st.generalization, st.catchall_skips, st.mismatches,
	    st.bad_witness, st.unconfirmed, st.cut);
	assert_int_equal(st.mismatches, 0);
	assert_int_equal(st.bad_witness, 0);
	assert_int_equal(st.unconfirmed, 0);
	assert_int_equal(st.cut, 0);
	assert_true(n == 0 || (st.correlated > 0 && st.generalization > 0));
}

static void
test_oracle_flat(void **state)
{
	(void)state;
	oracle(false, runs(FLAT_RUNS), 0x2545f4914f6cdd1dull);
}

static void
test_oracle_chains(void **state)
{
	(void)state;
	oracle(true, runs(CHAIN_RUNS), 0x9e3779b97f4a7c15ull);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iptables_basic),
		cmocka_unit_test(test_iptables_opaque),
		cmocka_unit_test(test_iptables_chain),
		cmocka_unit_test(test_pf),
		cmocka_unit_test(test_oracle_flat),
		cmocka_unit_test(test_oracle_chains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
