/*
 * test_ifset.c - interface name sets and '+' wildcards.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/ifset.h"
#include "core/intern.h"

static void
test_matches(void **state)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct ifset *eth0 = ifset_single(a, in, "eth0", 4, false);
	struct ifset *ethp = ifset_single(a, in, "eth+xyz", 4, false);
	struct ifset *any = ifset_single(a, in, "+", 1, false);
	struct ifset *neth0 = ifset_single(a, in, "eth0", 4, true);
	struct ifset *nany = ifset_single(a, in, "+", 1, true);

	(void)state;
	assert_ptr_equal(eth0->names[0], intern(in, "eth0"));
	assert_string_equal(ethp->names[0], "eth+");
	assert_true(ifset_matches(eth0, "eth0"));
	assert_false(ifset_matches(eth0, "eth01"));
	assert_false(ifset_matches(eth0, "eth"));
	assert_true(ifset_matches(ethp, "eth0"));
	assert_true(ifset_matches(ethp, "eth"));
	assert_true(ifset_matches(ethp, "eth1.100"));
	assert_false(ifset_matches(ethp, "et"));
	assert_false(ifset_matches(ethp, "wlan0"));
	assert_true(ifset_matches(any, "lo"));
	assert_true(ifset_matches(any, ""));
	assert_false(ifset_matches(neth0, "eth0"));
	assert_true(ifset_matches(neth0, "eth1"));
	assert_false(ifset_matches(nany, "lo"));
	/* A packet without that interface matches only negated sets. */
	assert_false(ifset_matches(eth0, NULL));
	assert_false(ifset_matches(any, NULL));
	assert_true(ifset_matches(neth0, NULL));
	/* NULL set: any interface. */
	assert_true(ifset_matches(NULL, "eth0"));
	assert_true(ifset_matches(NULL, NULL));
	arena_free(a);
}

static void
test_covers(void **state)
{
	(void)state;
	assert_true(ifname_pattern_covers("eth0", "eth0"));
	assert_false(ifname_pattern_covers("eth0", "eth1"));
	assert_false(ifname_pattern_covers("eth0", "eth+"));
	assert_false(ifname_pattern_covers("eth0", "eth0+"));
	assert_true(ifname_pattern_covers("eth+", "eth0"));
	assert_true(ifname_pattern_covers("eth+", "eth"));
	assert_true(ifname_pattern_covers("eth+", "eth+"));
	assert_true(ifname_pattern_covers("eth+", "eth0+"));
	assert_false(ifname_pattern_covers("eth0+", "eth+"));
	assert_false(ifname_pattern_covers("eth+", "et+"));
	assert_false(ifname_pattern_covers("eth+", "wlan0"));
	assert_true(ifname_pattern_covers("+", "eth0"));
	assert_true(ifname_pattern_covers("+", "+"));
	assert_true(ifname_pattern_covers("+", "ppp+"));
	assert_false(ifname_pattern_covers("ppp+", "+"));
}

static void
test_format(void **state)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct ifset two;
	const char *names[2];

	(void)state;
	assert_string_equal(ifset_format(a,
	    ifset_single(a, in, "eth0", 4, false)), "eth0");
	assert_string_equal(ifset_format(a,
	    ifset_single(a, in, "eth0", 4, true)), "!eth0");
	assert_string_equal(ifset_format(a, NULL), "any");
	names[0] = intern(in, "eth0");
	names[1] = intern(in, "ppp+");
	two.negated = false;
	two.n = 2;
	two.names = names;
	assert_string_equal(ifset_format(a, &two), "{eth0, ppp+}");
	assert_true(ifset_matches(&two, "ppp7"));
	assert_true(ifset_matches(&two, "eth0"));
	assert_false(ifset_matches(&two, "eth1"));
	two.negated = true;
	assert_string_equal(ifset_format(a, &two), "!{eth0, ppp+}");
	assert_true(ifset_matches(&two, "eth1"));
	assert_false(ifset_matches(&two, "ppp0"));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
