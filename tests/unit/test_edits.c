/*
 * test_edits.c - the edit script of two revisions of a list (edits.h),
 * and `diff` restricted to it (diff.c).
 *
 * By hand: a changed rule, an inserted one, an object-group whose members
 * changed under an unchanged line.  Then the property the restriction
 * rests on, on random rulesets with chains, RETURN and gotos and random
 * edits: every packet of a grid that the two revisions decide differently
 * (eval.c, step by step) lies in the M of an edited step, and `diff`
 * then reports a change (never "equivalent"), every witness of which
 * eval.c confirms.
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

#include "analyzer/box.h"
#include "analyzer/diff.h"
#include "analyzer/edits.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "parser/asa/asa.h"
#include "parser/iptables/iptables.h"

static struct policy *
parse(struct arena *a, struct intern *s, const struct frontend *fe,
    const char *text)
{
	struct diag_list diags;
	struct source_file *src = source_from_memory(a, "t", text,
	    strlen(text));
	struct policy *p;

	diag_list_init(&diags, a);
	p = fe->parse(a, s, src, &diags);
	assert_non_null(p);
	return p;
}

static const struct entry_point *
entry(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->entries.n; i++)
		if (strcmp(p->entries.v[i]->name, name) == 0)
			return p->entries.v[i];
	fail_msg("no entry %s", name);
	return NULL;
}

/* The edited steps of the named entry, as "old:RULE-TEXT" lines. */
static char *
edited(struct arena *a, const struct policy *po, const struct policy *pn,
    const char *name)
{
	const struct norm_list *lo = normalize_entry(a, po, entry(po, name),
	    NULL);
	const struct norm_list *ln = normalize_entry(a, pn, entry(pn, name),
	    NULL);
	struct edit_script es;
	char *out = arena_strdup(a, "");

	edits_align(a, lo, ln, &es);
	for (uint32_t k = 0; k < lo->nsteps; k++)
		if (es.old_edited[k])
			out = arena_printf(a, "%sold:%s\n", out,
			    lo->steps[k].rule->text);
	for (uint32_t k = 0; k < ln->nsteps; k++)
		if (es.new_edited[k])
			out = arena_printf(a, "%snew:%s\n", out,
			    ln->steps[k].rule->text);
	return out;
}

#define HEAD "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n" \
	":OUTPUT ACCEPT [0:0]\n"

static void
test_changed_and_inserted(void **state)
{
	struct arena *a = arena_new();
	struct intern *s = intern_new(a);
	const struct policy *po = parse(a, s, &iptables_frontend, HEAD
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 80 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 443 -j ACCEPT\n"
	    "-A INPUT -p udp --dport 53 -j ACCEPT\n"
	    "COMMIT\n");
	const struct policy *pn = parse(a, s, &iptables_frontend, HEAD
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 80 -j DROP\n"
	    "-A INPUT -p tcp --dport 443 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 8080 -j ACCEPT\n"
	    "-A INPUT -p udp --dport 53 -j ACCEPT\n"
	    "COMMIT\n");

	(void)state;
	assert_string_equal(edited(a, po, pn, "ipv4/filter/INPUT"),
	    "old:-A INPUT -p tcp --dport 80 -j ACCEPT\n"
	    "new:-A INPUT -p tcp --dport 80 -j DROP\n"
	    "new:-A INPUT -p tcp --dport 8080 -j ACCEPT\n");
	assert_string_equal(edited(a, po, po, "ipv4/filter/INPUT"), "");
	arena_free(a);
}

/* A chain's jump changed: every rule inlined under it is edited. */
static void
test_jump_changed(void **state)
{
	struct arena *a = arena_new();
	struct intern *s = intern_new(a);
	const struct policy *po = parse(a, s, &iptables_frontend,
	    "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
	    ":OUTPUT ACCEPT [0:0]\n:web - [0:0]\n"
	    "-A INPUT -i eth0 -j web\n"
	    "-A INPUT -p icmp -j ACCEPT\n"
	    "-A web -p tcp --dport 80 -j ACCEPT\n"
	    "COMMIT\n");
	const struct policy *pn = parse(a, s, &iptables_frontend,
	    "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
	    ":OUTPUT ACCEPT [0:0]\n:web - [0:0]\n"
	    "-A INPUT -i eth1 -j web\n"
	    "-A INPUT -p icmp -j ACCEPT\n"
	    "-A web -p tcp --dport 80 -j ACCEPT\n"
	    "COMMIT\n");

	(void)state;
	assert_string_equal(edited(a, po, pn, "ipv4/filter/INPUT"),
	    "old:-A INPUT -i eth0 -j web\n"
	    "old:-A web -p tcp --dport 80 -j ACCEPT\n"
	    "new:-A INPUT -i eth1 -j web\n"
	    "new:-A web -p tcp --dport 80 -j ACCEPT\n");
	arena_free(a);
}

/* The same access-list line, another object-group behind it. */
static void
test_object_group_members(void **state)
{
	static const char *cfg = "interface GigabitEthernet0/0\n"
	    " nameif outside\n security-level 0\n"
	    "object-group network WEB\n network-object host %s\n"
	    "access-list outside_in extended permit tcp any object-group WEB"
	    " eq 80\n"
	    "access-list outside_in extended deny ip any any\n"
	    "access-group outside_in in interface outside\n";
	struct arena *a = arena_new();
	struct intern *s = intern_new(a);
	const struct policy *po = parse(a, s, &asa_frontend,
	    arena_printf(a, cfg, "10.0.0.5"));
	const struct policy *pn = parse(a, s, &asa_frontend,
	    arena_printf(a, cfg, "10.0.0.6"));
	const struct diff_result *r;

	(void)state;
	assert_string_equal(edited(a, po, pn, "asa/outside/in"),
	    "old:access-list outside_in extended permit tcp any object-group "
	    "WEB eq 80\n"
	    "new:access-list outside_in extended permit tcp any object-group "
	    "WEB eq 80\n");
	r = diff_policies(a, po, pn, NULL, 0);
	assert_false(diff_equivalent(r));
	assert_int_equal(r->changes.n, 2);	/* .5 denied, .6 permitted */
	arena_free(a);
}

/* ---- random rulesets and edits ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const srcs[] = { "", "-s 10.0.0.0/8 ", "-s 10.1.0.0/16 ",
    "! -s 10.1.2.0/24 " };
static const char *const ports[] = { "", "--dport 22 ", "--dport 80 ",
    "--dport 20:100 " };
static const char *const ifs[] = { "", "-i eth0 ", "-i eth1 ", "! -i eth0 " };
static const char *const acts[] = { "-j ACCEPT", "-j DROP", "-j RETURN",
    "-j sub", "-g sub", "-j REJECT", "-j LOG" };

static void
rule_text(char *buf, size_t n, const char *chain)
{
	bool sub = strcmp(chain, "sub") == 0;
	unsigned act = rnd(sub ? 3 : 7);
	bool tcp = rnd(3) > 0;

	snprintf(buf, n, "-A %s %s%s%s%s%s\n", chain, srcs[rnd(4)],
	    ifs[rnd(4)], tcp ? "-p tcp " : rnd(2) ? "-p udp " : "",
	    tcp ? ports[rnd(4)] : "", acts[act == 2 && !sub ? 0 : act]);
}

struct ruleset {
	char	 lines[16][96];
	unsigned n;		/* INPUT lines first, then sub's */
	unsigned nin;
};

static char *
ruleset_text(struct arena *a, const struct ruleset *r)
{
	char *t = arena_strdup(a, "*filter\n:INPUT DROP [0:0]\n"
	    ":FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n:sub - [0:0]\n");

	for (unsigned i = 0; i < r->n; i++)
		t = arena_printf(a, "%s%s", t, r->lines[i]);
	return arena_printf(a, "%sCOMMIT\n", t);
}

/* One random edit: change, insert or delete a line. */
static void
mutate(struct ruleset *r)
{
	unsigned what = rnd(3), i = rnd(r->n);
	const char *chain = i < r->nin ? "INPUT" : "sub";

	if (what == 0 || r->n >= 15) {
		rule_text(r->lines[i], sizeof(r->lines[i]), chain);
	} else if (what == 1) {
		memmove(r->lines[i + 1], r->lines[i], (r->n - i) *
		    sizeof(r->lines[0]));
		rule_text(r->lines[i], sizeof(r->lines[i]), chain);
		r->n++;
		r->nin += i < r->nin;
	} else if (r->n > 2) {
		memmove(r->lines[i], r->lines[i + 1], (r->n - i - 1) *
		    sizeof(r->lines[0]));
		r->n--;
		r->nin -= i < r->nin;
	}
}

static void
test_random_edits(void **state)
{
	const char *env = getenv("FIRELINT_EDITS_RUNS");
	unsigned runs = env != NULL ? (unsigned)atoi(env) : 1500;
	unsigned differing = 0, checked = 0;

	(void)state;
	for (unsigned run = 0; run < runs; run++) {
		struct arena *a = arena_new();
		struct intern *s = intern_new(a);
		struct ruleset ro, rn;
		const struct policy *po, *pn;
		const struct entry_point *eo, *en;
		const struct norm_list *lo, *ln;
		struct box_universe *u;
		struct edit_script es;
		struct region in;
		const struct diff_result *dr;
		bool any = false;

		memset(&ro, 0, sizeof(ro));
		ro.nin = 2 + rnd(5);
		ro.n = ro.nin + 1 + rnd(4);
		for (unsigned i = 0; i < ro.n; i++)
			rule_text(ro.lines[i], sizeof(ro.lines[i]),
			    i < ro.nin ? "INPUT" : "sub");
		rn = ro;
		for (unsigned e = 1 + rnd(2); e > 0; e--)
			mutate(&rn);
		po = parse(a, s, &iptables_frontend, ruleset_text(a, &ro));
		pn = parse(a, s, &iptables_frontend, ruleset_text(a, &rn));
		eo = entry(po, "ipv4/filter/INPUT");
		en = entry(pn, "ipv4/filter/INPUT");
		lo = normalize_entry(a, po, eo, NULL);
		ln = normalize_entry(a, pn, en, NULL);
		edits_align(a, lo, ln, &es);
		u = box_universe_new(a, s);
		box_universe_add_policy(u, po);
		box_universe_add_policy(u, pn);
		assert_int_equal(box_universe_finish(u), 0);
		region_init(&in, FAMILY_IPV4);
		for (int side = 0; side < 2; side++) {
			const struct norm_list *l = side ? ln : lo;
			const bool *ed = side ? es.new_edited : es.old_edited;

			for (uint32_t k = 0; k < l->nsteps; k++) {
				struct region r;

				if (!ed[k])
					continue;
				assert_int_equal(edits_step_region(a, u,
				    FAMILY_IPV4, l, k, &r), BOX_OK);
				for (size_t b = 0; b < r.boxes.n; b++)
					assert_int_equal(region_add_box(a, &in,
					    r.boxes.v[b], 100000), BOX_OK);
			}
		}
		/* a grid of packets over every class the rules tell apart */
		for (unsigned g = 0; g < 4 * 3 * 5 * 3; g++) {
			static const char *const sv[] = { "10.1.2.3", "10.1.9.9",
			    "10.9.9.9", "192.0.2.1" };
			static const char *const pv[] = { "tcp", "udp", "icmp" };
			static const unsigned dp[] = { 22, 80, 50, 443, 1 };
			static const char *const iv[] = { "eth0", "eth1",
			    "eth2" };
			struct packet p, q;
			struct eval_outcome oo, on;
			char words[128];
			struct diag_list dl;

			diag_list_init(&dl, a);
			snprintf(words, sizeof(words), "%s %s:%u -> "
			    "198.51.100.5:%u in %s", pv[g / 20 % 3],
			    sv[g % 4], 40000u, dp[g / 4 % 5], iv[g / 60]);
			if (strcmp(pv[g / 20 % 3], "icmp") == 0)
				snprintf(words, sizeof(words), "icmp %s -> "
				    "198.51.100.5 in %s", sv[g % 4],
				    iv[g / 60]);
			assert_int_equal(packet_parse(a, s, words, &p, &dl),
			    0);
			if (!eval_decide(a, lo, &p, &oo) ||
			    !eval_decide(a, ln, &p, &on))
				continue;
			checked++;
			if (oo.action->kind == on.action->kind &&
			    eval_same_verdict(oo.action, on.action))
				continue;
			any = true;
			eval_packet_for_entry(eo, &p, &q);
			if (!region_contains_packet(u, &in, &q))
				fail_msg("run %u: %s decided differently "
				    "outside the edits:\n%s---\n%s", run, words,
				    ruleset_text(a, &ro), ruleset_text(a, &rn));
		}
		differing += any;
		dr = diff_policies(a, po, pn, NULL, 0);
		if (any)
			assert_false(diff_equivalent(dr));
		for (size_t i = 0; i < dr->changes.n; i++) {
			const struct diff_change *c = &dr->changes.v[i];
			struct eval_outcome oo, on;

			if (c->condition != NULL ||
			    strcmp(c->pair->name, "ipv4/filter/INPUT") != 0)
				continue;
			assert_true(eval_decide(a, lo, c->witness, &oo));
			assert_true(eval_decide(a, ln, c->witness, &on));
			assert_string_equal(eval_verdict_name(oo.action),
			    c->from);
			assert_string_equal(eval_verdict_name(on.action),
			    c->to);
		}
		arena_free(a);
	}
	print_message("edits: %u runs, %u packets judged, %u runs with a "
	    "difference, every differing packet inside the edits\n", runs,
	    checked, differing);
	assert_true(differing > runs / 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changed_and_inserted),
		cmocka_unit_test(test_jump_changed),
		cmocka_unit_test(test_object_group_members),
		cmocka_unit_test(test_random_edits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
