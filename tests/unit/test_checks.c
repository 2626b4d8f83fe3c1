/*
 * test_checks.c - the first checks, on policies built in memory with the
 * model API, so that they do not depend on any front end.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/ivset.h"
#include "core/ifset.h"
#include "core/model.h"
#include "core/source.h"

struct fx {
	struct arena	*a;
	struct intern	*in;
	struct source_file *src;
	struct policy	*p;
	struct diag_list dl;
	struct container *input, *output, *prerouting;
};

/* Thirty lines so that rules can sit on any of them. */
static const char text[] =
    "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n"
    "l11\nl12\nl13\nl14\nl15\nl16\nl17\nl18\nl19\nl20\n"
    "l21\nl22\nl23\nl24\nl25\nl26\nl27\nl28\nl29\nl30\n";

static struct loc
at(struct fx *f, uint32_t line)
{
	struct loc l;

	memset(&l, 0, sizeof(l));
	l.file = f->src;
	l.line = l.end_line = line;
	l.col = 1;
	l.end_col = 2;
	return l;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct entry_point *e;

	f->a = arena_new();
	f->in = intern_new(f->a);
	f->src = source_from_memory(f->a, "t.rules", text, sizeof(text) - 1);
	f->p = policy_new(f->a, f->in, "iptables", f->src);
	f->p->family = FAMILY_IPV4;
	diag_list_init(&f->dl, f->a);
	f->input = policy_add_container(f->p, "INPUT", "filter", FAMILY_IPV4,
	    CONTAINER_CHAIN, at(f, 1));
	f->input->policy.kind = ACTION_DROP;
	f->input->policy.target = "DROP";
	f->output = policy_add_container(f->p, "OUTPUT", "filter",
	    FAMILY_IPV4, CONTAINER_CHAIN, at(f, 2));
	f->output->policy.kind = ACTION_ACCEPT;
	f->prerouting = policy_add_container(f->p, "PREROUTING", "nat",
	    FAMILY_IPV4, CONTAINER_CHAIN, at(f, 3));
	e = policy_add_entry(f->p, "ipv4/filter/INPUT", f->input);
	e->filters = true;
	e = policy_add_entry(f->p, "ipv4/filter/OUTPUT", f->output);
	e->filters = true;
	e = policy_add_entry(f->p, "ipv4/nat/PREROUTING", f->prerouting);
	e->filters = false;
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

static const char full_audit[] =
    "who=ops when=2024-01-01 why=test ticket=T-1";

static struct rule *
add_rule(struct fx *f, struct container *c, uint32_t line,
    enum action_kind kind, const char *target)
{
	struct rule *r = arena_zalloc(f->a, sizeof(*r));

	r->loc = at(f, line);
	r->text = arena_printf(f->a, "-A %s rule on line %u", c->name,
	    (unsigned)line);
	match_init(&r->match, c->family);
	r->action.kind = kind;
	r->action.target = target;
	r->action.loc = at(f, line);
	r->action.loc.col = 20;
	if (kind == ACTION_JUMP || kind == ACTION_GOTO)
		r->action.container = policy_find_container(f->p, target,
		    c->table);
	r->comment = full_audit;
	return container_append(f->p, c, r);
}

/* Run only the check called id; returns the number of findings. */
static size_t
run_one(struct fx *f, const char *id)
{
	bool enabled[32];
	size_t n = 0, i;
	const struct diagnostic *d;

	policy_finish(f->p);
	for (i = 0; check_table[i] != NULL; i++)
		enabled[i] = strcmp(check_table[i]->id, id) == 0;
	checks_run(f->a, f->p, &f->dl, enabled);
	diag_sort(&f->dl);
	for (d = f->dl.head; d != NULL; d = d->next)
		if (d->is_finding) {
			assert_string_equal(d->code, id);
			n++;
		}
	return n;
}

static const struct diagnostic *
nth(struct fx *f, size_t k)
{
	const struct diagnostic *d;

	for (d = f->dl.head; d != NULL; d = d->next)
		if (d->is_finding && k-- == 0)
			return d;
	fail_msg("no finding %zu", k);
	return NULL;
}

static void
test_table_sorted(void **state)
{
	size_t i;

	assert_non_null(check_table[0]);
	for (i = 1; check_table[i] != NULL; i++)
		assert_true(strcmp(check_table[i - 1]->id,
		    check_table[i]->id) < 0);
	assert_ptr_equal(check_find("unused"), check_find("unused"));
	assert_string_equal(check_find("unmatchable")->id, "unmatchable");
	assert_null(check_find("no-such-check"));
	assert_non_null(check_find("shadowed"));
}

static void
test_unmatchable(void **state)
{
	struct fx *f = *state;
	struct rule *r;
	struct bitmatch bm = { 0x3, 0x1, false };

	add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");	/* fine */
	r = add_rule(f, f->input, 6, ACTION_ACCEPT, "ACCEPT");
	match_constrain(f->a, &r->match, FIELD_PROTO,
	    ivset_single(f->a, u128_from64(6)), NULL);
	match_constrain(f->a, &r->match, FIELD_PROTO,
	    ivset_single(f->a, u128_from64(17)), "-p tcp and -p udp");
	r = add_rule(f, f->input, 7, ACTION_DROP, "DROP");
	r->match.contradiction = "never";
	r->disabled = true;					/* skipped */
	r = add_rule(f, f->input, 8, ACTION_DROP, "DROP");
	r->match.family = FAMILY_IPV6;
	r = add_rule(f, f->input, 9, ACTION_DROP, "DROP");
	r->match.physdev_in = ifset_single(f->a, f->in, "vif1", 4, false);
	r->match.physdev_is_in = 0;
	r = add_rule(f, f->input, 10, ACTION_DROP, "DROP");
	r->match.in_if = ifset_single(f->a, f->in, "+", 1, true);
	r = add_rule(f, f->input, 11, ACTION_DROP, "DROP");
	VEC_PUSH(f->a, &r->match.mark, bm);
	r = add_rule(f, f->input, 12, ACTION_DROP, "DROP");
	r->match.in_if = ifset_single(f->a, f->in, "eth+", 4, true);

	assert_int_equal(run_one(f, "unmatchable"), 5);
	assert_int_equal(nth(f, 0)->loc.line, 6);
	assert_string_equal(nth(f, 0)->message,
	    "rule can never match: -p tcp and -p udp");
	assert_int_equal(nth(f, 0)->severity, DIAG_ERROR);
	assert_string_equal(nth(f, 0)->entry, "ipv4/filter/INPUT");
	assert_string_equal(nth(f, 0)->rule_text,
	    "-A INPUT rule on line 6");
	assert_int_equal(nth(f, 1)->loc.line, 8);
	assert_non_null(strstr(nth(f, 1)->message, "only ipv6 packets"));
	assert_int_equal(nth(f, 2)->loc.line, 9);
	assert_non_null(strstr(nth(f, 2)->message, "bridge port"));
	assert_int_equal(nth(f, 3)->loc.line, 10);
	assert_non_null(strstr(nth(f, 3)->message, "every interface"));
	assert_int_equal(nth(f, 4)->loc.line, 11);
	assert_non_null(strstr(nth(f, 4)->message, "0x3/0x1"));
}

static void
test_undefined_reference(void **state)
{
	struct fx *f = *state;
	struct object *o;

	add_rule(f, f->input, 5, ACTION_JUMP, "NOPE");
	add_rule(f, f->input, 6, ACTION_GOTO, "GONE");
	policy_add_container(f->p, "EXISTS", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 4));
	add_rule(f, f->input, 7, ACTION_JUMP, "EXISTS");
	o = policy_object(f->p, "blocklist", OBJECT_IPSET, true);
	o->references = 2;		/* ipsets live outside: no finding */
	o = policy_object(f->p, "bruteforce", OBJECT_TABLE, true);
	o->references = 1;		/* pfctl creates it empty: no finding */
	o = policy_object(f->p, "webservers", OBJECT_GROUP, true);
	o->references = 1;
	o->loc = at(f, 9);

	assert_int_equal(run_one(f, "undefined-reference"), 3);
	assert_string_equal(nth(f, 0)->message,
	    "jump to undefined chain \"NOPE\"");
	assert_int_equal(nth(f, 0)->loc.col, 20);	/* the target word */
	assert_non_null(nth(f, 0)->fix);
	assert_string_equal(nth(f, 1)->message,
	    "goto to undefined chain \"GONE\"");
	assert_string_equal(nth(f, 2)->message,
	    "object group \"webservers\" is used but never defined");
}

static void
test_orphaned(void **state)
{
	struct fx *f = *state;
	struct container *used, *lonely, *behind;
	struct object *o;

	used = policy_add_container(f->p, "USED", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 4));
	lonely = policy_add_container(f->p, "LONELY", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 5));
	behind = policy_add_container(f->p, "BEHIND", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 6));
	add_rule(f, f->input, 10, ACTION_JUMP, "USED");
	add_rule(f, lonely, 11, ACTION_JUMP, "BEHIND");
	(void)used;
	(void)behind;
	o = policy_object(f->p, "admins", OBJECT_ADDRESS, true);
	o->defined = true;
	o->loc = at(f, 20);

	assert_int_equal(run_one(f, "orphaned"), 3);
	assert_string_equal(nth(f, 0)->message,
	    "chain \"LONELY\" is never jumped to");
	assert_int_equal(nth(f, 0)->loc.line, 5);
	assert_int_equal(nth(f, 0)->severity, DIAG_WARNING);
	assert_string_equal(nth(f, 1)->message, "chain \"BEHIND\" is reached "
	    "only from chains that are never reached themselves");
	assert_string_equal(nth(f, 2)->message,
	    "address object \"admins\" is never used");
}

/*
 * A container that a statement other than a rule uses (an ASA access-list
 * named by nat or a crypto map) counts that use in references: it is not
 * orphaned, although no entry point reaches it.  One that only rules of
 * an unreached container jump to still is.
 */
static void
test_orphaned_other_uses(void **state)
{
	struct fx *f = *state;
	struct container *natacl, *unbound, *lonely, *behind;

	natacl = policy_add_container(f->p, "nat0", NULL, FAMILY_IPV4,
	    CONTAINER_ACL, at(f, 4));
	add_rule(f, natacl, 5, ACTION_ACCEPT, "permit");
	natacl->references++;		/* nat (inside) 0 access-list nat0 */
	unbound = policy_add_container(f->p, "spare", NULL, FAMILY_IPV4,
	    CONTAINER_ACL, at(f, 6));
	add_rule(f, unbound, 7, ACTION_ACCEPT, "permit");
	lonely = policy_add_container(f->p, "LONELY", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 8));
	behind = policy_add_container(f->p, "BEHIND", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 9));
	add_rule(f, lonely, 10, ACTION_JUMP, "BEHIND");
	assert_int_equal(behind->references, 1);

	assert_int_equal(run_one(f, "orphaned"), 3);
	assert_string_equal(nth(f, 0)->message,
	    "access-list \"spare\" is never bound");
	assert_int_equal(nth(f, 0)->loc.line, 6);
	assert_string_equal(nth(f, 1)->message,
	    "chain \"LONELY\" is never jumped to");
	assert_string_equal(nth(f, 2)->message, "chain \"BEHIND\" is reached "
	    "only from chains that are never reached themselves");
	/* Another use of BEHIND besides the dead jump: used. */
	diag_list_init(&f->dl, f->a);
	behind->references++;
	assert_int_equal(run_one(f, "orphaned"), 2);
	assert_string_equal(nth(f, 1)->message,
	    "chain \"LONELY\" is never jumped to");
}

static void
test_unused(void **state)
{
	struct fx *f = *state;
	struct rule *r;

	r = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 10, 800 };
	r = add_rule(f, f->input, 6, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	r = add_rule(f, f->input, 7, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	r->disabled = true;
	/* No counters at all: not reported. */
	add_rule(f, f->input, 8, ACTION_ACCEPT, "ACCEPT");

	assert_int_equal(run_one(f, "unused"), 1);
	assert_int_equal(nth(f, 0)->loc.line, 6);
	assert_string_equal(nth(f, 0)->message,
	    "rule has never matched (0 packets)");
}

static void
test_unused_all_zero_says_nothing(void **state)
{
	struct fx *f = *state;
	struct rule *r;

	f->input->policy_counters = (struct counters){ true, 0, 0 };
	r = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	r = add_rule(f, f->input, 6, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	assert_int_equal(run_one(f, "unused"), 0);
}

static void
test_unused_policy_counter_is_information(void **state)
{
	struct fx *f = *state;
	struct rule *r;

	f->input->policy_counters = (struct counters){ true, 5, 300 };
	r = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	assert_int_equal(run_one(f, "unused"), 1);
}

static void
test_missing_audit_comment(void **state)
{
	struct fx *f = *state;
	struct rule *r;

	r = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	r->comment = NULL;
	r = add_rule(f, f->input, 6, ACTION_DROP, "DROP");
	r->comment = "who=ann why=legacy";
	add_rule(f, f->input, 7, ACTION_ACCEPT, "ACCEPT");	/* complete */
	/* Not a verdict: no comment asked for. */
	r = add_rule(f, f->input, 8, ACTION_LOG, "LOG");
	r->comment = NULL;
	r = add_rule(f, f->prerouting, 9, ACTION_TRANSLATE, "DNAT");
	r->comment = NULL;			/* nat does not filter */
	r = add_rule(f, f->output, 10, ACTION_REJECT, "REJECT");
	r->comment = "allow the thing";
	r = add_rule(f, f->input, 11, ACTION_ACCEPT, "ACCEPT");
	r->comment = NULL;
	r->disabled = true;

	assert_int_equal(run_one(f, "missing-audit-comment"), 3);
	assert_string_equal(nth(f, 0)->message,
	    "rule has no audit comment (who, when, why, ticket)");
	assert_int_equal(nth(f, 0)->loc.line, 5);
	assert_string_equal(nth(f, 1)->message,
	    "audit comment lacks when, ticket");
	assert_string_equal(nth(f, 2)->message,
	    "audit comment lacks who, when, why, ticket");
	assert_string_equal(nth(f, 2)->entry, "ipv4/filter/OUTPUT");
}

static void
test_audit_in_user_chain(void **state)
{
	struct fx *f = *state;
	struct container *svc, *dead;
	struct rule *r;

	svc = policy_add_container(f->p, "SERVICES", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 4));
	dead = policy_add_container(f->p, "DEAD", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, at(f, 5));
	add_rule(f, f->input, 6, ACTION_JUMP, "SERVICES");
	r = add_rule(f, svc, 7, ACTION_ACCEPT, "ACCEPT");
	r->comment = NULL;
	r = add_rule(f, dead, 8, ACTION_ACCEPT, "ACCEPT");
	r->comment = NULL;		/* unreached: orphaned says it */

	assert_int_equal(run_one(f, "missing-audit-comment"), 1);
	assert_int_equal(nth(f, 0)->loc.line, 7);
	assert_string_equal(nth(f, 0)->entry, "ipv4/filter/INPUT");
}

/*
 * Rules of a container whose platform cannot carry a comment (ASA
 * management lines) are not asked for one; the same rules elsewhere are.
 */
static void
test_audit_no_comments(void **state)
{
	struct fx *f = *state;
	struct container *mgmt;
	struct entry_point *e;
	struct rule *r;

	mgmt = policy_add_container(f->p, "management", NULL, FAMILY_IPV4,
	    CONTAINER_RULESET, at(f, 4));
	e = policy_add_entry(f->p, "asa/management", mgmt);
	e->filters = true;
	r = add_rule(f, mgmt, 5, ACTION_ACCEPT, "permit");
	r->comment = NULL;
	r = add_rule(f, f->input, 6, ACTION_ACCEPT, "ACCEPT");
	r->comment = NULL;
	assert_false(mgmt->no_comments);	/* the default */
	mgmt->no_comments = true;

	assert_int_equal(run_one(f, "missing-audit-comment"), 1);
	assert_int_equal(nth(f, 0)->loc.line, 6);
	/* Without the flag the same rule is reported. */
	diag_list_init(&f->dl, f->a);
	mgmt->no_comments = false;
	assert_int_equal(run_one(f, "missing-audit-comment"), 2);
	assert_int_equal(nth(f, 0)->loc.line, 5);
	assert_string_equal(nth(f, 0)->entry, "asa/management");
}

/* A source rule expanded into several model rules is reported once. */
static void
test_audit_expanded_rule_once(void **state)
{
	struct fx *f = *state;
	struct rule *r;

	r = add_rule(f, f->input, 7, ACTION_ACCEPT, "pass");
	r->comment = NULL;
	r = add_rule(f, f->input, 7, ACTION_ACCEPT, "pass");
	r->comment = NULL;
	r = add_rule(f, f->input, 8, ACTION_ACCEPT, "pass");
	r->comment = NULL;
	assert_int_equal(run_one(f, "missing-audit-comment"), 2);
	assert_int_equal(nth(f, 0)->loc.line, 7);
	assert_int_equal(nth(f, 1)->loc.line, 8);
}

static void
test_suppression(void **state)
{
	struct fx *f = *state;
	struct rule *r;
	const struct diagnostic *d;
	size_t warnings = 0;

	r = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	r->comment = "who=a when=b why=c ticket=d firelint: ignore=unused "
	    "reason=failover path";
	r = add_rule(f, f->input, 6, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 9, 9 };
	r = add_rule(f, f->input, 7, ACTION_ACCEPT, "ACCEPT");
	r->counters = (struct counters){ true, 0, 0 };
	r->comment = "who=a when=b why=c ticket=d "
	    "firelint: ignore=unusd reason=typo";

	assert_int_equal(run_one(f, "unused"), 2);
	d = nth(f, 0);
	assert_true(d->suppressed);
	assert_string_equal(d->suppress_reason, "failover path");
	assert_false(nth(f, 1)->suppressed);
	assert_int_equal(f->dl.count[DIAG_WARNING], 1 + 1);
	for (d = f->dl.head; d != NULL; d = d->next)
		if (!d->is_finding) {
			assert_string_equal(d->code, "suppression");
			assert_non_null(strstr(d->message, "\"unusd\""));
			warnings++;
		}
	assert_int_equal(warnings, 1);
}

static void
test_disabled_check_does_not_run(void **state)
{
	struct fx *f = *state;
	struct rule *r;

	r = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	r->comment = NULL;
	assert_int_equal(run_one(f, "unused"), 0);
	assert_int_equal(f->dl.total, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

/*
 * undetermined reports what the engine's budget left unjudged: one note
 * per entry point, at the first such rule, with how many there are.  The
 * budget itself is exercised by bench/run-check.sh; here the engine's
 * answer is given, so that the report is pinned exactly.
 */
static void
test_undetermined(void **state)
{
	struct fx *f = *state;
	struct rule *r5 = add_rule(f, f->input, 5, ACTION_ACCEPT, "ACCEPT");
	struct rule *r6 = add_rule(f, f->input, 6, ACTION_ACCEPT, "ACCEPT");
	struct rule *r7 = add_rule(f, f->output, 7, ACTION_DROP, "DROP");
	struct space_result *res = arena_zalloc(f->a, sizeof(*res));
	struct space_unjudged u;
	struct check_context ctx;
	const struct diagnostic *d;

	policy_finish(f->p);
	u.rule = r6;
	u.entry = f->p->entries.v[0];
	VEC_PUSH(f->a, &res->over_budget, u);
	u.rule = r7;
	u.entry = f->p->entries.v[1];
	VEC_PUSH(f->a, &res->over_budget, u);
	u.rule = r5;
	u.entry = f->p->entries.v[0];
	VEC_PUSH(f->a, &res->over_budget, u);
	memset(&ctx, 0, sizeof(ctx));
	ctx.check = &check_undetermined;
	ctx.arena = f->a;
	ctx.policy = f->p;
	ctx.diags = &f->dl;
	ctx.space = res;
	check_undetermined.run(&ctx);
	diag_sort(&f->dl);
	assert_int_equal(nth(f, 0)->loc.line, 6);
	assert_int_equal(nth(f, 0)->severity, DIAG_NOTE);
	assert_string_equal(nth(f, 0)->entry, "ipv4/filter/INPUT");
	assert_non_null(strstr(nth(f, 0)->message,
	    "judge this rule and 1 more of this entry point"));
	assert_int_equal(nth(f, 1)->loc.line, 7);
	assert_string_equal(nth(f, 1)->entry, "ipv4/filter/OUTPUT");
	assert_null(strstr(nth(f, 1)->message, "more of this entry point"));
	for (d = f->dl.head; d != NULL; d = d->next)
		assert_string_equal(d->code, "undetermined");
	/* nothing left unjudged: nothing said */
	diag_list_init(&f->dl, f->a);
	ctx.diags = &f->dl;
	ctx.space = arena_zalloc(f->a, sizeof(*res));
	check_undetermined.run(&ctx);
	assert_null(f->dl.head);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_table_sorted),
		T(test_unmatchable),
		T(test_undetermined),
		T(test_undefined_reference),
		T(test_orphaned),
		T(test_orphaned_other_uses),
		T(test_unused),
		T(test_unused_all_zero_says_nothing),
		T(test_unused_policy_counter_is_information),
		T(test_missing_audit_comment),
		T(test_audit_in_user_chain),
		T(test_audit_no_comments),
		T(test_audit_expanded_rule_once),
		T(test_suppression),
		T(test_disabled_check_does_not_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
