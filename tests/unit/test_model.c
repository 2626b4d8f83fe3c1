/*
 * test_model.c - building a policy model.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/intern.h"
#include "core/model.h"

static struct rule *
mkrule(struct arena *a, enum action_kind k, struct container *target)
{
	struct rule *r = arena_zalloc(a, sizeof(*r));

	match_init(&r->match, FAMILY_IPV4);
	r->action.kind = k;
	r->action.container = target;
	return r;
}

static void
test_containers_and_rules(void **state)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct policy *p = policy_new(a, in, "iptables", NULL);
	struct container *input, *user, *nat;
	struct rule *r1, *r2, *r3, *r0;
	struct loc none;

	(void)state;
	memset(&none, 0, sizeof(none));
	assert_string_equal(p->format, "iptables");
	assert_ptr_equal(p->strings, in);
	input = policy_add_container(p, "INPUT", "filter", FAMILY_IPV4,
	    CONTAINER_CHAIN, none);
	user = policy_add_container(p, "ssh-in", "filter", FAMILY_IPV4,
	    CONTAINER_USER_CHAIN, none);
	nat = policy_add_container(p, "INPUT", "nat", FAMILY_IPV4,
	    CONTAINER_CHAIN, none);
	assert_ptr_equal(input->name, intern(in, "INPUT"));
	assert_int_equal(input->policy.kind, ACTION_NONE);
	assert_ptr_equal(policy_find_container(p, "INPUT", "filter"), input);
	assert_ptr_equal(policy_find_container(p, "INPUT", "nat"), nat);
	assert_ptr_equal(policy_find_container(p, "ssh-in", NULL), user);
	assert_null(policy_find_container(p, "ssh-in", "nat"));
	assert_null(policy_find_container(p, "nosuch", NULL));
	assert_null(policy_find_container(p, "INPUT", "mangle"));

	r1 = container_append(p, input, mkrule(a, ACTION_ACCEPT, NULL));
	r2 = container_append(p, input, mkrule(a, ACTION_JUMP, user));
	r3 = container_append(p, input, mkrule(a, ACTION_DROP, NULL));
	assert_int_equal(input->rules.n, 3);
	assert_ptr_equal(r1->container, input);
	assert_int_equal(r3->index, 2);
	assert_int_equal(user->references, 1);
	/* iptables -I INPUT 1: at the front, indexes follow. */
	r0 = container_insert(p, input, 0, mkrule(a, ACTION_LOG, NULL));
	assert_ptr_equal(input->rules.v[0], r0);
	assert_ptr_equal(input->rules.v[1], r1);
	assert_int_equal(r0->index, 0);
	assert_int_equal(r1->index, 1);
	assert_int_equal(r2->index, 2);
	assert_int_equal(r3->index, 3);
	container_insert(p, input, 99, mkrule(a, ACTION_GOTO, user));
	assert_int_equal(input->rules.n, 5);
	assert_int_equal(input->rules.v[4]->index, 4);
	assert_int_equal(user->references, 2);
	policy_finish(p);
	assert_int_equal(p->nrules, 5);
	container_flush(input);
	assert_int_equal(input->rules.n, 0);
	assert_int_equal(user->references, 0);
	policy_finish(p);
	assert_int_equal(p->nrules, 0);
	arena_free(a);
}

static void
test_entries_objects_interfaces(void **state)
{
	struct arena *a = arena_new();
	struct policy *p = policy_new(a, NULL, "pf", NULL);
	struct container *c;
	struct entry_point *e1, *e2, *e3;
	struct object *o, *t;
	struct interface *ifp;
	struct loc none;

	(void)state;
	memset(&none, 0, sizeof(none));
	assert_non_null(p->strings);
	c = policy_add_container(p, "OUTPUT", "filter", FAMILY_IPV6,
	    CONTAINER_CHAIN, none);
	c->policy.kind = ACTION_DROP;
	e1 = policy_add_entry(p, "ipv6/filter/OUTPUT", c);
	e2 = policy_add_entry(p, "ipv4/filter/INPUT", NULL);
	e3 = policy_add_entry(p, "ipv4/filter/FORWARD", NULL);
	assert_int_equal(e1->family, FAMILY_IPV6);
	assert_ptr_equal(e1->start, c);
	assert_int_equal(e1->default_action.kind, ACTION_DROP);
	assert_int_equal(e1->order, ORDER_FIRST_MATCH);
	policy_finish(p);
	assert_ptr_equal(p->entries.v[0], e3);
	assert_ptr_equal(p->entries.v[1], e2);
	assert_ptr_equal(p->entries.v[2], e1);

	assert_null(policy_object(p, "web", OBJECT_ADDRESS, false));
	o = policy_object(p, "web", OBJECT_ADDRESS, true);
	assert_non_null(o);
	assert_false(o->defined);
	assert_ptr_equal(policy_object(p, "web", OBJECT_ADDRESS, false), o);
	/* Groups share the namespace of objects; PF tables do not. */
	assert_ptr_equal(policy_object(p, "web", OBJECT_GROUP, false), o);
	assert_null(policy_object(p, "web", OBJECT_TABLE, false));
	t = policy_object(p, "web", OBJECT_TABLE, true);
	assert_ptr_not_equal(t, o);
	assert_int_equal(p->objects.n, 2);

	assert_null(policy_interface(p, "outside", false));
	ifp = policy_interface(p, "outside", true);
	assert_int_equal(ifp->security_level, -1);
	assert_ptr_equal(policy_interface(p, "outside", true), ifp);
	assert_int_equal(p->interfaces.n, 1);
	arena_free(a);
}

static void
test_match(void **state)
{
	struct arena *a = arena_new();
	struct match m;
	struct loc none;
	const struct ivset *tcp;

	(void)state;
	memset(&none, 0, sizeof(none));
	match_init(&m, FAMILY_ANY);
	assert_int_equal(m.family, FAMILY_ANY);
	assert_int_equal(m.physdev_is_in, -1);
	assert_int_equal(m.physdev_is_out, -1);
	assert_int_equal(m.physdev_is_bridged, -1);
	assert_null(m.field[FIELD_PROTO]);
	assert_false(match_is_opaque(&m));
	tcp = ivset_single(a, u128_from64(6));
	match_constrain(a, &m, FIELD_PROTO, tcp, NULL);
	assert_ptr_equal(m.field[FIELD_PROTO], tcp);
	match_constrain(a, &m, FIELD_DPORT, ivset_range(a, u128_from64(1),
	    u128_from64(1000)), NULL);
	match_constrain(a, &m, FIELD_DPORT, ivset_range(a, u128_from64(500),
	    u128_from64(2000)), NULL);
	assert_int_equal(m.field[FIELD_DPORT]->iv[0].lo.lo, 500);
	assert_int_equal(m.field[FIELD_DPORT]->iv[0].hi.lo, 1000);
	assert_null(m.contradiction);
	match_constrain(a, &m, FIELD_PROTO, ivset_single(a, u128_from64(17)),
	    "-p tcp and -p udp");
	assert_true(ivset_is_empty(m.field[FIELD_PROTO]));
	assert_string_equal(m.contradiction, "-p tcp and -p udp");
	/* The first reason stays. */
	match_constrain(a, &m, FIELD_DPORT, ivset_empty(a), NULL);
	assert_string_equal(m.contradiction, "-p tcp and -p udp");
	match_init(&m, FAMILY_IPV4);
	match_constrain(a, &m, FIELD_SPORT, ivset_empty(a), NULL);
	assert_non_null(m.contradiction);
	assert_non_null(strstr(m.contradiction, "sport"));
	match_add_opaque(a, &m, "limit", "--limit 3/min", none, true);
	assert_true(match_is_opaque(&m));
	assert_string_equal(m.opaque.v[0].module, "limit");
	assert_true(m.opaque.v[0].nondeterministic);
	arena_free(a);
}

static void
test_actions(void **state)
{
	(void)state;
	assert_true(action_is_verdict(ACTION_ACCEPT));
	assert_true(action_is_verdict(ACTION_DROP));
	assert_true(action_is_verdict(ACTION_REJECT));
	assert_true(action_is_verdict(ACTION_QUEUE));
	assert_false(action_is_verdict(ACTION_LOG));
	assert_false(action_is_verdict(ACTION_JUMP));
	assert_false(action_is_verdict(ACTION_RETURN));
	assert_false(action_is_verdict(ACTION_NONE));
	assert_false(action_is_verdict(ACTION_UNKNOWN));
	assert_string_equal(action_kind_name(ACTION_ACCEPT), "accept");
	assert_string_equal(action_kind_name(ACTION_TRANSLATE), "translate");
	assert_string_equal(action_kind_name((enum action_kind)999),
	    "unknown");
}

static void
test_many_names(void **state)
{
	struct arena *a = arena_new();
	struct policy *p = policy_new(a, NULL, "asa", NULL);
	struct container *cs[3000], *manual;
	struct object *os[3000];
	struct loc none;
	char buf[32];
	int i;

	(void)state;
	memset(&none, 0, sizeof(none));
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "chain%d", i);
		cs[i] = policy_add_container(p, buf, i % 2 ? "filter" : "nat",
		    FAMILY_IPV4, CONTAINER_USER_CHAIN, none);
		snprintf(buf, sizeof(buf), "obj%d", i);
		os[i] = policy_object(p, buf, OBJECT_ADDRESS, true);
		if (i % 100 == 0)
			assert_ptr_equal(policy_find_container(p,
			    cs[i]->name, NULL), cs[i]);
	}
	for (i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "chain%d", i);
		assert_ptr_equal(policy_find_container(p, buf, NULL), cs[i]);
		assert_ptr_equal(policy_find_container(p, buf,
		    i % 2 ? "filter" : "nat"), cs[i]);
		assert_null(policy_find_container(p, buf,
		    i % 2 ? "nat" : "filter"));
		snprintf(buf, sizeof(buf), "obj%d", i);
		assert_ptr_equal(policy_object(p, buf, OBJECT_GROUP, false),
		    os[i]);
	}
	assert_int_equal(p->objects.n, 3000);
	/* A later declaration of the same name wins for containers. */
	manual = arena_zalloc(a, sizeof(*manual));
	manual->name = intern(p->strings, "chain7");
	manual->table = intern(p->strings, "filter");
	VEC_PUSH(a, &p->containers, manual);
	assert_ptr_equal(policy_find_container(p, "chain7", "filter"),
	    manual);
	assert_ptr_equal(policy_find_container(p, "chain7", NULL), manual);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_containers_and_rules),
		cmocka_unit_test(test_entries_objects_interfaces),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_many_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
