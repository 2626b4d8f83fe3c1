/*
 * test_diff.c - the semantic comparison of two revisions (diff.h).
 *
 * Small iptables and PF rulesets whose changed regions are known by hand:
 * what changed, from which verdict to which, which rules decide it on each
 * side, and that every witness really gets those verdicts (eval.c is run
 * on it again here, independently of diff.c's own confirmation).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/diff.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/iptables/iptables.h"
#include "parser/pf/pf.h"

struct fx {
	struct arena	*a;
	struct intern	*strings;
	struct diag_list diags;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->strings = intern_new(f->a);
	diag_list_init(&f->diags, f->a);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	arena_free(f->a);
	free(f);
	return 0;
}

static struct policy *
parse(struct fx *f, const struct frontend *fe, const char *path,
    const char *text)
{
	struct source_file *src = source_from_memory(f->a, path, text,
	    strlen(text));
	struct policy *p = fe->parse(f->a, f->strings, src, &f->diags);

	assert_non_null(p);
	return p;
}

#define HEAD "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n" \
	":OUTPUT ACCEPT [0:0]\n"

static const struct diff_result *
ipt_diff(struct fx *f, const char *old, const char *new)
{
	return diff_policies(f->a, parse(f, &iptables_frontend, "old", old),
	    parse(f, &iptables_frontend, "new", new), NULL, 0);
}

/* The verdict eval.c gives the witness in the named entry of p. */
static const char *
verdict_of(struct fx *f, const struct policy *p, const char *entry,
    const struct packet *w, const struct rule **by)
{
	for (size_t i = 0; i < p->entries.n; i++) {
		const struct entry_point *e = p->entries.v[i];
		struct norm_list *l;
		struct eval_result r;
		struct packet q;

		if (strcmp(e->name, entry) != 0)
			continue;
		if (!eval_entry_reaches(e, w))
			return "not reached";
		l = normalize_entry(f->a, p, e, NULL);
		eval_packet_for_entry(e, w, &q);
		memset(&r, 0, sizeof(r));
		eval_packet(f->a, l, &q, &r);
		assert_true(r.determined);
		*by = r.main.decider != NULL ? r.main.decider->rule : NULL;
		return eval_verdict_name(r.main.action);
	}
	fail_msg("no entry %s", entry);
	return NULL;
}

/* Every change's witness gets "from" in old and "to" in new. */
static void
check_witnesses(struct fx *f, const struct policy *po,
    const struct policy *pn, const struct diff_result *r)
{
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];
		const struct rule *by;

		assert_string_equal(verdict_of(f, po, c->pair->old.name,
		    c->witness, &by), c->from);
		assert_ptr_equal(by, c->old_rule);
		assert_string_equal(verdict_of(f, pn, c->pair->new.name,
		    c->witness, &by), c->to);
		assert_ptr_equal(by, c->new_rule);
	}
}

static void
test_identical_is_equivalent(void **state)
{
	struct fx *f = *state;
	const char *t = HEAD "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -s 10.0.0.0/8 -j DROP\nCOMMIT\n";
	const struct diff_result *r = ipt_diff(f, t, t);

	assert_int_equal(r->changes.n, 0);
	assert_true(diff_equivalent(r));
}

static void
test_port_change(void **state)
{
	struct fx *f = *state;
	const char *o = HEAD "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 80 -j ACCEPT\nCOMMIT\n";
	const char *n = HEAD "-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 "
	    "-j ACCEPT\n-A INPUT -p tcp --dport 80:81 -j ACCEPT\nCOMMIT\n";
	struct policy *po = parse(f, &iptables_frontend, "old", o);
	struct policy *pn = parse(f, &iptables_frontend, "new", n);
	const struct diff_result *r = diff_policies(f->a, po, pn, NULL, 0);
	bool denied = false, permitted = false;

	assert_false(diff_equivalent(r));
	assert_int_equal(r->changes.n, 2);
	assert_int_equal(r->unconfirmed, 0);
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];

		assert_string_equal(c->pair->name, "ipv4/filter/INPUT");
		if (strcmp(c->from, "accept") == 0) {
			/* port 22 from outside 10/8: was line 5, now the
			   default */
			assert_string_equal(c->to, "drop");
			assert_int_equal(c->old_rule->loc.line, 5);
			assert_null(c->new_rule);
			assert_int_equal(c->witness->value[FIELD_DPORT].lo, 22);
			denied = true;
		} else {
			assert_string_equal(c->to, "accept");
			assert_null(c->old_rule);
			assert_int_equal(c->new_rule->loc.line, 6);
			assert_int_equal(c->witness->value[FIELD_DPORT].lo, 81);
			permitted = true;
		}
	}
	assert_true(denied && permitted);
	check_witnesses(f, po, pn, r);
}

static void
test_reorder(void **state)
{
	struct fx *f = *state;
	/* disjoint rules: their order does not matter */
	const char *a = HEAD "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -p udp --dport 53 -j ACCEPT\nCOMMIT\n";
	const char *b = HEAD "-A INPUT -p udp --dport 53 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
	/* overlapping rules with different verdicts: it does */
	const char *c = HEAD "-A INPUT -s 10.0.0.0/8 -j DROP\n"
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";
	const char *d = HEAD "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -s 10.0.0.0/8 -j DROP\nCOMMIT\n";
	struct policy *pc = parse(f, &iptables_frontend, "c", c);
	struct policy *pd = parse(f, &iptables_frontend, "d", d);
	const struct diff_result *r;

	assert_true(diff_equivalent(ipt_diff(f, a, b)));
	r = diff_policies(f->a, pc, pd, NULL, 0);
	assert_int_equal(r->changes.n, 1);
	assert_string_equal(r->changes.v[0].from, "drop");
	assert_string_equal(r->changes.v[0].to, "accept");
	assert_int_equal(r->changes.v[0].old_rule->loc.line, 5);
	assert_int_equal(r->changes.v[0].new_rule->loc.line, 5);
	check_witnesses(f, pc, pd, r);
}

static void
test_chains_inlined(void **state)
{
	struct fx *f = *state;
	/* the same decisions through a user chain and RETURN */
	const char *a = HEAD ":ssh - [0:0]\n-A INPUT -p tcp --dport 22 -j ssh\n"
	    "-A ssh -s 10.0.0.0/8 -j RETURN\n-A ssh -j ACCEPT\nCOMMIT\n";
	const char *b = HEAD "-A INPUT -s 10.0.0.0/8 -p tcp --dport 22 "
	    "-j DROP\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";

	assert_true(diff_equivalent(ipt_diff(f, a, b)));
}

static void
test_opaque_conditions(void **state)
{
	struct fx *f = *state;
	/* the same unknown condition on both sides: still comparable */
	const char *a = HEAD "-A INPUT -p tcp -m string --string x "
	    "--algo bm -j ACCEPT\nCOMMIT\n";
	const char *b = HEAD "-A INPUT -p tcp -m string --string y "
	    "--algo bm -j ACCEPT\nCOMMIT\n";
	const struct diff_result *r = ipt_diff(f, a, a);

	assert_true(diff_equivalent(r));
	/* different ones: changes that hold only under conditions the
	   model does not understand, and say which */
	r = ipt_diff(f, a, b);
	assert_false(diff_equivalent(r));
	assert_int_equal(r->changes.n, 2);
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];

		assert_non_null(c->condition);
		if (strcmp(c->from, "accept") == 0)
			assert_non_null(strstr(c->condition,
			    "string x --algo bm is true"));
		else
			assert_non_null(strstr(c->condition,
			    "string y --algo bm is true"));
	}
	/* an unknown target: never claimed either way */
	r = ipt_diff(f, HEAD "-A INPUT -p tcp -j FOO\nCOMMIT\n",
	    HEAD "-A INPUT -p tcp -j FOO\n-A INPUT -j ACCEPT\nCOMMIT\n");
	assert_false(diff_equivalent(r));
	assert_true(r->undetermined > 0);
	assert_true(r->notes.n > 0);
}

static void
test_entry_only_on_one_side(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f, &iptables_frontend, "p", HEAD "COMMIT\n");
	struct policy *q = parse(f, &pf_frontend, "q.conf", "pass all\n");
	/* a built-in chain iptables-save leaves out has policy ACCEPT */
	const struct diff_result *r = ipt_diff(f, HEAD "COMMIT\n",
	    "*filter\n:INPUT DROP [0:0]\nCOMMIT\n");

	assert_int_equal(r->changes.n, 1);
	assert_string_equal(r->changes.v[0].pair->name,
	    "ipv4/filter/FORWARD");
	assert_string_equal(r->changes.v[0].to, "accept");
	/* no common name: nothing compared, never equivalent */
	r = diff_policies(f->a, p, q, NULL, 0);
	assert_false(diff_equivalent(r));
	assert_int_equal(r->changes.n, 0);
	assert_int_equal(r->unpaired, 5);
}

static void
test_pairs(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f, &iptables_frontend, "p", HEAD
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A FORWARD -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
	struct policy *q = parse(f, &iptables_frontend, "q", HEAD
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
	struct diff_pair pr;
	const char *err = NULL;
	const struct diff_result *r;

	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/nope=x", p, q,
	    &pr, &err), -1);
	assert_non_null(strstr(err, "no entry point 'ipv4/filter/nope'"));
	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/INPUT", p, q,
	    &pr, &err), -1);
	/* INPUT+FORWARD against INPUT+FORWARD: only FORWARD changed */
	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/INPUT+"
	    "ipv4/filter/FORWARD=ipv4/filter/INPUT+ipv4/filter/FORWARD",
	    p, q, &pr, &err), 0);
	assert_int_equal(pr.old.n, 2);
	r = diff_policies(f->a, p, q, &pr, 1);
	assert_int_equal(r->changes.n, 1);
	assert_string_equal(r->changes.v[0].from, "accept");
	assert_string_equal(r->changes.v[0].to, "drop");
	assert_string_equal(r->changes.v[0].old_entry->name,
	    "ipv4/filter/FORWARD");
	assert_non_null(r->changes.v[0].witness->out_if);
	/* INPUT against FORWARD: different reach, "not reached" */
	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/INPUT="
	    "ipv4/filter/FORWARD", p, p, &pr, &err), 0);
	r = diff_policies(f->a, p, p, &pr, 1);
	assert_true(r->changes.n > 0);
	for (size_t i = 0; i < r->changes.n; i++)
		assert_true(strcmp(r->changes.v[i].from, "not reached") ==
		    0 || strcmp(r->changes.v[i].to, "not reached") == 0);
}

static void
test_pf_last_match(void **state)
{
	struct fx *f = *state;
	/* quick decides first wherever it is written */
	const char *a = "pass all\nblock in quick proto tcp from 10.0.0.0/8 "
	    "to any\n";
	const char *b = "block in quick proto tcp from 10.0.0.0/8 to any\n"
	    "pass all\n";
	/* without quick, the last match wins: order matters */
	const char *c = "block in proto udp from 10.0.0.0/8 to any\n"
	    "pass in proto udp all\n";
	const char *d = "pass in proto udp all\n"
	    "block in proto udp from 10.0.0.0/8 to any\n";
	struct policy *pa = parse(f, &pf_frontend, "a.conf", a);
	struct policy *pb = parse(f, &pf_frontend, "b.conf", b);
	struct policy *pc = parse(f, &pf_frontend, "c.conf", c);
	struct policy *pd = parse(f, &pf_frontend, "d.conf", d);
	const struct diff_result *r;

	assert_true(diff_equivalent(diff_policies(f->a, pa, pb, NULL, 0)));
	r = diff_policies(f->a, pc, pd, NULL, 0);
	assert_int_equal(r->unconfirmed, 0);
	assert_true(r->changes.n >= 1);
	for (size_t i = 0; i < r->changes.n; i++) {
		assert_string_equal(r->changes.v[i].pair->name, "pf/in");
		assert_string_equal(r->changes.v[i].from, "accept");
		assert_string_equal(r->changes.v[i].to, "drop");
		assert_int_equal(r->changes.v[i].new_rule->loc.line, 2);
	}
	check_witnesses(f, pc, pd, r);
}


/*
 * The decision of PF ruleset p for a user packet w over both passes, as
 * pf does it, independently of diff.c: in on w's input interface, then
 * out on its output interface; the first pass that does not pass it
 * decides.  *line: the deciding rule's line (0: the default).
 */
static const char *
pf_two_passes(struct fx *f, const struct policy *p, const struct packet *w,
    unsigned *line)
{
	const char *v = "not reached";

	*line = 0;
	for (int pass = 0; pass < 2; pass++) {
		const struct entry_point *e = NULL;
		struct eval_outcome o;
		struct packet q = *w;

		if (pass == 0 ? w->in_if == NULL : w->out_if == NULL)
			continue;
		if (pass == 0)
			q.out_if = NULL;
		else
			q.in_if = NULL;
		for (size_t i = 0; i < p->entries.n; i++)
			if (strcmp(p->entries.v[i]->name, pass == 0 ?
			    "pf/in" : "pf/out") == 0)
				e = p->entries.v[i];
		assert_non_null(e);
		assert_true(eval_decide(f->a, normalize_entry(f->a, p, e,
		    NULL), &q, &o));
		v = eval_verdict_name(o.action);
		*line = o.decider != NULL ? o.decider->rule->loc.line : 0;
		if (strcmp(v, "accept") != 0)
			break;
	}
	return v;
}

static void
test_pair_syntax(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f, &pf_frontend, "p.conf", "pass all\n");
	struct diff_pair pr;
	const char *err = NULL;

	/* '+' binds tighter than '&'; "@in" and "@out" choose the pass */
	assert_int_equal(diff_pair_parse(f->a, "pf/in+pf/out&pf/in@in&"
	    "pf/out@out=pf/in", p, p, &pr, &err), 0);
	assert_int_equal(pr.old.n, 4);
	assert_int_equal(pr.old.group[0], 0);
	assert_int_equal(pr.old.group[1], 0);
	assert_int_equal(pr.old.group[2], 1);
	assert_int_equal(pr.old.group[3], 2);
	assert_int_equal(pr.old.pass[1], DIFF_PASS_ENTRY);
	assert_int_equal(pr.old.pass[2], DIFF_PASS_IN);
	assert_int_equal(pr.old.pass[3], DIFF_PASS_OUT);
	assert_string_equal(pr.old.entries[3]->name, "pf/out");
	assert_int_equal(pr.new.n, 1);
	assert_int_equal(diff_pair_parse(f->a, "pf/in@up=pf/in", p, p, &pr,
	    &err), -1);
	assert_non_null(strstr(err, "no entry point 'pf/in@up'"));
	assert_int_equal(diff_pair_parse(f->a, "pf/in&&pf/out=pf/in", p, p,
	    &pr, &err), -1);
	assert_non_null(strstr(err, "no entry point ''"));
}

static void
test_both_passes(void **state)
{
	struct fx *f = *state;
	const char *spec = "pf/in@in&pf/out@out=pf/in@in&pf/out@out";
	/* old: tcp 22 is refused coming in on em0; new: going out on em1 */
	struct policy *po = parse(f, &pf_frontend, "o.conf", "pass all\n"
	    "block in quick on em0 proto tcp to port 22\n");
	struct policy *pn = parse(f, &pf_frontend, "n.conf", "pass all\n"
	    "block out quick on em1 proto tcp to port 22\n"
	    "pass out quick on em2 proto tcp to port 80\n");
	struct diff_pair pr;
	const char *err = NULL;
	const struct diff_result *r;
	bool freed = false, refused = false;

	assert_int_equal(diff_pair_parse(f->a, spec, po, pn, &pr, &err), 0);
	r = diff_policies(f->a, po, pn, &pr, 1);
	assert_int_equal(r->unconfirmed, 0);
	assert_int_equal(r->undetermined, 0);
	assert_true(r->changes.n >= 2);
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];
		const struct packet *w = c->witness;
		unsigned lo, ln;

		assert_null(c->condition);
		/* a region of several boxes lists each, the first as space
		   says */
		if (c->nboxes > 1) {
			assert_int_equal(c->nboxes_shown, c->nboxes);
			assert_non_null(strstr(c->space, c->boxes[0]));
		} else
			assert_null(c->boxes);
		/* the witness is a packet of both passes, no direction */
		assert_false(w->is_set[FIELD_DIRECTION]);
		assert_string_equal(pf_two_passes(f, po, w, &lo), c->from);
		assert_string_equal(pf_two_passes(f, pn, w, &ln), c->to);
		assert_int_equal(lo, c->old_rule != NULL ?
		    c->old_rule->loc.line : 0);
		assert_int_equal(ln, c->new_rule != NULL ?
		    c->new_rule->loc.line : 0);
		if (strcmp(c->from, "drop") == 0) {
			/* in on em0, not out on em1 */
			assert_string_equal(c->to, "accept");
			assert_string_equal(w->in_if, "em0");
			assert_true(w->out_if == NULL ||
			    strcmp(w->out_if, "em1") != 0);
			assert_int_equal(lo, 2);
			freed = true;
		} else {
			/* out on em1, not in on em0: the accepting rule of
			   the old side is the out pass's default */
			assert_string_equal(c->from, "accept");
			assert_string_equal(c->to, "drop");
			assert_string_equal(w->out_if, "em1");
			assert_true(w->in_if == NULL ||
			    strcmp(w->in_if, "em0") != 0);
			assert_int_equal(ln, 2);
			refused = true;
		}
	}
	assert_true(freed && refused);
	/* in on em0 and out on em1: refused by both, not a change; port 80
	   out on em2 is passed by a rule of the new side instead of the
	   default: not a change of decision either */
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct packet *w = r->changes.v[i].witness;

		assert_false(w->in_if != NULL && w->out_if != NULL &&
		    strcmp(w->in_if, "em0") == 0 &&
		    strcmp(w->out_if, "em1") == 0);
	}
	/* the same ruleset compares equal to itself over both passes */
	assert_int_equal(diff_pair_parse(f->a, spec, pn, pn, &pr, &err), 0);
	assert_true(diff_equivalent(diff_policies(f->a, pn, pn, &pr, 1)));
	/* and one pass is not both: "+" lets the in pass decide alone,
	   so tcp 22 forwarded out on em1 is passed there */
	assert_int_equal(diff_pair_parse(f->a, "pf/in@in+pf/out@out="
	    "pf/in@in&pf/out@out", pn, pn, &pr, &err), 0);
	r = diff_policies(f->a, pn, pn, &pr, 1);
	assert_int_equal(r->unconfirmed, 0);
	/* per family: SYN packets ("pass all" keeps state: flags S/SA)
	   and the others (the in pass's default) */
	assert_int_equal(r->changes.n, 4);
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];
		unsigned line;

		assert_string_equal(c->from, "accept");
		assert_string_equal(c->to, "drop");
		assert_non_null(c->witness->in_if);
		assert_string_equal(c->witness->out_if, "em1");
		assert_int_equal(c->witness->value[FIELD_DPORT].lo, 22);
		assert_string_equal(pf_two_passes(f, pn, c->witness, &line),
		    "drop");
		assert_int_equal(c->new_rule->loc.line, 2);
	}
}

static void
test_rule_sets_in_sequence(void **state)
{
	struct fx *f = *state;
	/* two lists of the INPUT packets: what filter leaves to its
	   default goes on to mangle, whose default decides at last */
	struct policy *p = parse(f, &iptables_frontend, "p", HEAD
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n"
	    "*mangle\n:INPUT ACCEPT [0:0]\n"
	    "-A INPUT -p tcp --dport 80 -j DROP\nCOMMIT\n");
	/* the same rules in one list */
	struct policy *q = parse(f, &iptables_frontend, "q",
	    "*filter\n:INPUT ACCEPT [0:0]\n"
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 80 -j DROP\nCOMMIT\n");
	struct policy *q2 = parse(f, &iptables_frontend, "q2", HEAD
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 80 -j DROP\nCOMMIT\n");
	struct diff_pair pr;
	const char *err = NULL;
	const struct diff_result *r;

	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/INPUT,"
	    "ipv4/mangle/INPUT=ipv4/filter/INPUT", p, q, &pr, &err), 0);
	assert_int_equal(pr.old.group[1], 1);
	assert_int_equal(pr.old.join[1], DIFF_JOIN_THEN);
	r = diff_policies(f->a, p, q, &pr, 1);
	assert_int_equal(r->unconfirmed, 0);
	assert_true(diff_equivalent(r));
	/* '&' instead: mangle's drop of port 80 still decides, but filter's
	   default drop now ends the walk of every other packet */
	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/INPUT&"
	    "ipv4/mangle/INPUT=ipv4/filter/INPUT", p, q, &pr, &err), 0);
	r = diff_policies(f->a, p, q, &pr, 1);
	assert_int_equal(r->unconfirmed, 0);
	assert_int_equal(r->changes.n, 1);
	assert_string_equal(r->changes.v[0].from, "drop");
	assert_string_equal(r->changes.v[0].to, "accept");
	assert_null(r->changes.v[0].old_rule);
	assert_string_equal(r->changes.v[0].old_entry->name,
	    "ipv4/filter/INPUT");
	/* a list whose default is drop: what mangle's default accepted
	   changes, and the witness's old decider is that default */
	assert_int_equal(diff_pair_parse(f->a, "ipv4/filter/INPUT,"
	    "ipv4/mangle/INPUT=ipv4/filter/INPUT", p, q2, &pr, &err), 0);
	r = diff_policies(f->a, p, q2, &pr, 1);
	assert_int_equal(r->unconfirmed, 0);
	assert_int_equal(r->changes.n, 1);
	assert_string_equal(r->changes.v[0].from, "accept");
	assert_string_equal(r->changes.v[0].to, "drop");
	assert_null(r->changes.v[0].old_rule);
	assert_string_equal(r->changes.v[0].old_entry->name,
	    "ipv4/mangle/INPUT");
	assert_true(r->changes.v[0].witness->value[FIELD_DPORT].lo != 22 ||
	    r->changes.v[0].witness->value[FIELD_PROTO].lo != 6);
}

/*
 * What a blocked packet gets back is part of the decision: a TCP RST is
 * not a silent drop, nor an ICMP unreachable; spellings of one reply and
 * the block-policy that implies it are the same decision.
 */
static void
test_pf_block_replies(void **state)
{
	struct fx *f = *state;
	const char *rst = "pass all\nblock return-rst in proto tcp to port "
	    "23\n";
	const char *drop = "pass all\nblock drop in proto tcp to port 23\n";
	const char *icmp = "pass all\nblock return-icmp in proto tcp to port "
	    "23\n";
	const char *policy = "set block-policy return\npass all\n"
	    "block in proto tcp to port 23\n";
	const char *ret = "pass all\nblock return in proto tcp to port 23\n";
	const char *code = "pass all\nblock return-icmp(3, 4) in proto tcp "
	    "to port 23\n";
	/* pfctl -nv's output for the rule of "list" */
	const char *list = "pass all\nblock return-icmp in proto tcp from "
	    "{ 10.0.0.1, 2001:db8::1 } to port 23\n";
	const char *split = "pass all\nblock return-icmp(port-unr) in inet "
	    "proto tcp from 10.0.0.1 to port 23\nblock return-icmp6(port-unr) "
	    "in inet6 proto tcp from 2001:db8::1 to port 23\n";
	struct policy *pr = parse(f, &pf_frontend, "rst.conf", rst);
	struct policy *pd = parse(f, &pf_frontend, "drop.conf", drop);
	struct policy *pi = parse(f, &pf_frontend, "icmp.conf", icmp);
	const struct diff_result *r;

	assert_true(diff_equivalent(diff_policies(f->a, pr,
	    parse(f, &pf_frontend, "rst2.conf", rst), NULL, 0)));
	r = diff_policies(f->a, pr, pd, NULL, 0);
	assert_false(diff_equivalent(r));
	assert_int_equal(r->unconfirmed, 0);
	assert_true(r->changes.n >= 1);
	for (size_t i = 0; i < r->changes.n; i++) {
		assert_string_equal(r->changes.v[i].from, "reject");
		assert_string_equal(r->changes.v[i].to, "drop");
		assert_int_equal(r->changes.v[i].witness->value[FIELD_DPORT].lo,
		    23);
	}
	check_witnesses(f, pr, pd, r);
	/* both reject, with other replies */
	r = diff_policies(f->a, pr, pi, NULL, 0);
	assert_false(diff_equivalent(r));
	assert_true(r->changes.n >= 1);
	for (size_t i = 0; i < r->changes.n; i++) {
		assert_string_equal(r->changes.v[i].from, "reject");
		assert_string_equal(r->changes.v[i].to, "reject");
	}
	check_witnesses(f, pr, pi, r);
	assert_true(diff_equivalent(diff_policies(f->a,
	    parse(f, &pf_frontend, "policy.conf", policy),
	    parse(f, &pf_frontend, "ret.conf", ret), NULL, 0)));
	assert_true(diff_equivalent(diff_policies(f->a, pi,
	    parse(f, &pf_frontend, "code.conf", code), NULL, 0)));
	assert_true(diff_equivalent(diff_policies(f->a,
	    parse(f, &pf_frontend, "list.conf", list),
	    parse(f, &pf_frontend, "split.conf", split), NULL, 0)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identical_is_equivalent,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_port_change, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chains_inlined, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_opaque_conditions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_entry_only_on_one_side,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pf_last_match, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pair_syntax, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_both_passes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rule_sets_in_sequence,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pf_block_replies, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
