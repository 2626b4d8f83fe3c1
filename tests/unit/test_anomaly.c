/*
 * test_anomaly.c - the brute-force oracle of the anomaly checks
 * (shadowed, redundant, no-default-deny; space.c).
 *
 * Random iptables-save rulesets over a tiny header space are checked
 * against plain enumeration with eval.c.  The rules only use blocks that
 * are unions of the cells of a partition of the whole packet space, so one
 * representative packet per cell stands for the whole cell and the
 * enumeration is exact for the full space the engine reasons about:
 *   src  10.0.0.0/31 | 10.0.0.2/31 | anything else  (10.0.0.0, .2, 192.168.0.1)
 *   dst  10.0.1.0/31 | anything else                (10.0.1.0, 192.168.1.1)
 *   proto tcp | udp | anything else                 (6, 17, 47)
 *   dport 0-99 | 100-199 | 200-65535 (tcp, udp)     (50, 150, 300)
 *   in   eth0 | eth1 | other eth+ | other | none    (eth0, eth1, eth7, ppp0, -)
 * Every other field stays at packet_init's default and no rule names it.
 * Findings must agree exactly with DESIGN.md 2b computed by enumeration,
 * every witness must evaluate as its finding says, and the engine must
 * never have dropped a candidate because eval.c disagreed.
 *
 * FIRELINT_ANOMALY_RUNS=N runs N rulesets instead of the default.
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
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "parser/iptables/iptables.h"

#define DEFAULT_RUNS	5000
#define MAXRULES	64
#define MAXPK		256

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
gen_rule(char *buf, size_t len, const char *chain, int depth, bool opaque)
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
	    "DROP", "REJECT", "LOG" };
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
	if (k < 11)
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
	snprintf(buf, len, "-A %s %s%s%s%s%s%s%s%s%s\n", chain, PICK(src),
	    PICK(dst), PICK(inif), proto, p,
	    opaque && rnd(4) == 0 ? "-m limit --limit 5/sec " : "",
	    target != NULL ? (strlen(target) == 1 && rnd(3) == 0 ? "-g " :
	    "-j ") : "", target != NULL ? target : "",
	    target != NULL && strcmp(target, "REJECT") == 0 ?
	    " --reject-with icmp-port-unreachable" : "");
}

static char *
gen_ruleset(char *buf, size_t len, bool opaque)
{
	static const char *const chains[] = { "INPUT", "A", "B" };
	size_t off;

	off = (size_t)snprintf(buf, len, "*filter\n:INPUT %s [0:0]\n"
	    ":A - [0:0]\n:B - [0:0]\n", rnd(2) ? "ACCEPT" : "DROP");
	for (int c = 0; c < 3; c++) {
		unsigned n = c == 0 ? 1 + rnd(7) : rnd(5);

		for (unsigned i = 0; i < n; i++)
			gen_rule(buf + off, len - off, chains[c], c, opaque),
			    off += strlen(buf + off);
	}
	snprintf(buf + off, len - off, "COMMIT\n");
	return buf;
}

struct pk {
	struct packet	 p;
	struct eval_outcome o;
	bool		 det;
};

static size_t
enumerate(struct intern *in, struct pk *v)
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
		struct packet *p = &v[n++].p;

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
step_matches(const struct norm_list *l, const struct norm_step *st,
    const struct packet *p)
{
	struct packet q;
	bool opaque;

	eval_packet_for_entry(l->entry, p, &q);
	for (uint32_t i = 0; i < st->nmatches; i++)
		if (st->matches[i] != NULL &&
		    !packet_matches(&q, st->matches[i], &opaque))
			return false;
	return true;
}

static enum action_kind
kind_of(const struct eval_outcome *o)
{
	return o->action != NULL ? o->action->kind : ACTION_NONE;
}

struct expect {
	const struct rule *r;
	int		 what;	/* 0 none, 1 shadowed, 2 redundant */
};

struct stats {
	size_t	 sets, shadowed, redundant, redundant_down, ndd;
	size_t	 mismatches, bad_witness, unconfirmed, opaque_sets;
	size_t	 opaque_findings;
};

/*
 * With opaque (limit) rules the enumeration cannot say what the engine
 * should find, only check what it says: every packet of a reported rule
 * must be determined, none decided by the rule, and the verdicts as the
 * finding says.
 */
static bool
sound(struct arena *a, const struct norm_list *l, struct pk *pks, size_t npk,
    const struct rule *r, bool shadowed)
{
	bool differs = false;

	for (size_t i = 0; i < npk; i++) {
		bool m = false;

		for (uint32_t j = 0; j < l->nsteps; j++)
			if (l->steps[j].rule == r &&
			    l->steps[j].kind == NORM_DECIDE &&
			    step_matches(l, &l->steps[j], &pks[i].p))
				m = true;
		if (!m)
			continue;
		if (!pks[i].det || (pks[i].o.decider != NULL &&
		    pks[i].o.decider->rule == r))
			return false;
		if (kind_of(&pks[i].o) != r->action.kind)
			differs = true;
	}
	(void)a;
	return differs == shadowed;
}

static void
one_set(const char *text, bool opaque, struct stats *st)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct diag_list dl, fl;
	struct source_file *src = source_from_memory(a, "t", text,
	    strlen(text));
	struct policy *p;
	const struct entry_point *e = NULL;
	struct norm_list *l;
	static struct pk pks[MAXPK];
	struct expect ex[MAXRULES];
	size_t npk, nex = 0;
	bool ndd = false, ndd_seen = false;
	struct check_context ctx;
	const struct check *const checks[] = { &check_shadowed,
	    &check_redundant, &check_no_default_deny };
	struct space_result *sr;

	diag_list_init(&dl, a);
	diag_list_init(&fl, a);
	p = iptables_frontend.parse(a, in, src, &dl);
	assert_non_null(p);
	if (diag_count_at_least(&dl, DIAG_ERROR) != 0) {
		diag_print_all(stderr, &dl, false);
		fprintf(stderr, "%s", text);
		fail_msg("generated ruleset does not parse");
	}
	for (size_t i = 0; i < p->entries.n; i++)
		if (strcmp(p->entries.v[i]->name, "ipv4/filter/INPUT") == 0)
			e = p->entries.v[i];
	assert_non_null(e);
	l = normalize_entry(a, p, e, NULL);
	npk = enumerate(in, pks);
	for (size_t i = 0; i < npk; i++) {
		pks[i].det = walk(a, l, &pks[i].p, &pks[i].o);
		assert_true(pks[i].det || opaque);
		if (!opaque && pks[i].o.decider == NULL &&
		    kind_of(&pks[i].o) == ACTION_ACCEPT)
			ndd = true;
	}
	/* The expected verdict of every accept/drop/reject rule. */
	for (uint32_t k = 0; k < l->nsteps; k++) {
		const struct norm_step *s = &l->steps[k];
		const struct rule *r = s->rule;
		bool dup = false, any_m = false, any_fire = false;
		bool differs = false, down_same = true;
		struct norm_list nl;

		if (s->kind != NORM_DECIDE || r == NULL ||
		    (r->action.kind != ACTION_ACCEPT &&
		    r->action.kind != ACTION_DROP &&
		    r->action.kind != ACTION_REJECT))
			continue;
		for (size_t i = 0; i < nex; i++)
			dup = dup || ex[i].r == r;
		if (dup || opaque)
			continue;
		assert_true(nex < MAXRULES);
		nl = *l;
		nl.steps = arena_alloc(a, l->nsteps * sizeof(*nl.steps));
		memcpy(nl.steps, l->steps, l->nsteps * sizeof(*nl.steps));
		for (uint32_t j = 0; j < l->nsteps; j++)
			if (nl.steps[j].rule == r &&
			    nl.steps[j].kind == NORM_DECIDE)
				nl.steps[j].kind = NORM_CONTINUE;
		for (size_t i = 0; i < npk; i++) {
			bool m = false;

			for (uint32_t j = 0; j < l->nsteps; j++)
				if (l->steps[j].rule == r &&
				    l->steps[j].kind == NORM_DECIDE &&
				    step_matches(l, &l->steps[j], &pks[i].p))
					m = true;
			if (pks[i].o.decider != NULL &&
			    pks[i].o.decider->rule == r) {
				struct eval_outcome o2;

				assert_true(m);
				any_fire = true;
				assert_true(walk(a, &nl, &pks[i].p, &o2));
				if (kind_of(&o2) != r->action.kind)
					down_same = false;
			}
			if (!m)
				continue;
			any_m = true;
			if (kind_of(&pks[i].o) != r->action.kind)
				differs = true;
		}
		ex[nex].r = r;
		ex[nex].what = !any_m ? 0 : !any_fire ? (differs ? 1 : 2) :
		    down_same ? 2 : 0;
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
		bool found = false;
		struct eval_outcome o;

		if (d->entry == NULL || strcmp(d->entry, e->name) != 0)
			continue;
		if (d->witness == NULL) {
			st->bad_witness++;
			continue;
		}
		if (!walk(a, l, d->witness, &o)) {
			st->bad_witness++;
			continue;
		}
		if (opaque) {
			/* the witness was walked above: determined */
			st->opaque_findings++;
			if (strcmp(d->code, "no-default-deny") == 0) {
				if (o.decider != NULL ||
				    kind_of(&o) != ACTION_ACCEPT)
					st->bad_witness++;
				continue;
			}
			for (uint32_t k = 0; k < l->nsteps; k++) {
				const struct rule *r = l->steps[k].rule;

				if (r == NULL || r->loc.line != d->loc.line ||
				    l->steps[k].kind != NORM_DECIDE)
					continue;
				if (strstr(d->message, "without") == NULL &&
				    !sound(a, l, pks, npk, r,
				    strcmp(d->code, "shadowed") == 0)) {
					fprintf(stderr, "unsound %s at line "
					    "%u:\n%s", d->code,
					    (unsigned)d->loc.line, text);
					st->mismatches++;
				}
				break;
			}
			continue;
		}
		if (strcmp(d->code, "no-default-deny") == 0) {
			ndd_seen = true;
			if (!ndd || o.decider != NULL ||
			    kind_of(&o) != ACTION_ACCEPT ||
			    !eval_entry_reaches(e, d->witness))
				st->mismatches += !ndd, st->bad_witness += ndd;
			st->ndd++;
			continue;
		}
		for (size_t i = 0; i < nex; i++) {
			const struct rule *r = ex[i].r;
			int what = strcmp(d->code, "shadowed") == 0 ? 1 : 2;

			if (r->loc.line != d->loc.line)
				continue;
			found = true;
			if (ex[i].what != what) {
				fprintf(stderr, "unexpected %s at line %u "
				    "(expected %d):\n%s", d->code,
				    (unsigned)d->loc.line, ex[i].what, text);
				st->mismatches++;
			} else if (what == 1 ? kind_of(&o) == r->action.kind :
			    (kind_of(&o) != r->action.kind &&
			    strstr(d->message, "without") == NULL)) {
				st->bad_witness++;
			}
			if (what == 1)
				st->shadowed++;
			else if (strstr(d->message, "without") != NULL)
				st->redundant_down++;
			else
				st->redundant++;
			ex[i].what = -ex[i].what - 10;	/* seen */
		}
		if (!found) {
			fprintf(stderr, "%s at line %u names no judged rule\n",
			    d->code, (unsigned)d->loc.line);
			st->mismatches++;
		}
	}
	for (size_t i = 0; i < nex; i++)
		if (ex[i].what > 0) {
			fprintf(stderr, "missed %s at line %u:\n%s",
			    ex[i].what == 1 ? "shadowed" : "redundant",
			    (unsigned)ex[i].r->loc.line, text);
			st->mismatches++;
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
	st->sets++;
	arena_free(a);
}

static void
test_oracle(void **state)
{
	const char *env = getenv("FIRELINT_ANOMALY_RUNS");
	long runs = env != NULL ? atol(env) : DEFAULT_RUNS;
	struct stats st;
	static char buf[16384];

	(void)state;
	memset(&st, 0, sizeof(st));
	rng_state = 0x2545f4914f6cdd1dull;
	for (long i = 0; i < runs; i++) {
		bool opaque = i % 8 == 7;

		st.opaque_sets += opaque;
		one_set(gen_ruleset(buf, sizeof(buf), opaque), opaque, &st);
	}
	printf("anomaly oracle: %zu sets, %zu shadowed, %zu redundant, "
	    "%zu redundant (downward), %zu no-default-deny; %zu mismatches, "
	    "%zu bad witnesses, %zu unconfirmed; %zu sets with opaque "
	    "rules (%zu findings, soundness only)\n", st.sets, st.shadowed,
	    st.redundant, st.redundant_down, st.ndd, st.mismatches,
	    st.bad_witness, st.unconfirmed, st.opaque_sets,
	    st.opaque_findings);
	assert_int_equal(st.mismatches, 0);
	assert_int_equal(st.bad_witness, 0);
	assert_int_equal(st.unconfirmed, 0);
	assert_true(st.shadowed > 0 && st.redundant > 0 &&
	    st.redundant_down > 0 && st.ndd > 0);
}

/* A hand-made case whose findings a reader can check. */
static void
test_planted(void **state)
{
	static const char text[] =
	    "*filter\n"
	    ":INPUT ACCEPT [0:0]\n"
	    "-A INPUT -s 10.0.0.0/24 -j DROP\n"
	    "-A INPUT -s 10.0.0.0/25 -p tcp -j ACCEPT\n"
	    "-A INPUT -s 10.0.1.0/24 -j ACCEPT\n"
	    "-A INPUT -s 10.0.1.0/25 -j ACCEPT\n"
	    "-A INPUT -s 10.0.2.0/24 -j DROP\n"
	    "-A INPUT -j DROP\n"
	    "COMMIT\n";
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct diag_list dl;
	struct source_file *src = source_from_memory(a, "t", text,
	    strlen(text));
	struct policy *p;
	struct space_result *r;

	(void)state;
	diag_list_init(&dl, a);
	p = iptables_frontend.parse(a, in, src, &dl);
	assert_non_null(p);
	/* (FORWARD and OUTPUT are implicitly there, accepting: not asked) */
	r = space_analyze(a, p, 1u << SPACE_SHADOWED | 1u << SPACE_REDUNDANT |
	    1u << SPACE_REDUNDANT_DOWN);
	assert_int_equal(r->unconfirmed, 0);
	assert_int_equal(r->findings.n, 3);
	assert_int_equal(r->findings.v[0].kind, SPACE_SHADOWED);
	assert_int_equal(r->findings.v[0].rule->loc.line, 4);
	assert_int_equal(r->findings.v[0].nrelated, 1);
	assert_int_equal(r->findings.v[0].related[0].rule->loc.line, 3);
	assert_int_equal(r->findings.v[1].kind, SPACE_REDUNDANT);
	assert_int_equal(r->findings.v[1].rule->loc.line, 6);
	assert_int_equal(r->findings.v[2].kind, SPACE_REDUNDANT_DOWN);
	assert_int_equal(r->findings.v[2].rule->loc.line, 7);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_planted),
		cmocka_unit_test(test_oracle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
