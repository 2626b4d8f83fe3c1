/*
 * test_audit.c - audit-trail keys and suppression directives in comments.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/audit.h"
#include "core/arena.h"

static struct arena *A;

static int
setup(void **state)
{
	A = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	arena_free(A);
	return 0;
}

static void
expect_audit(const char *comment, const char *who, const char *when,
    const char *why, const char *ticket, const char *expires)
{
	struct audit a;
	const char *want[AUDIT_NKEYS] = { who, when, why, ticket, expires };

	audit_parse(A, comment, &a);
	for (int k = 0; k < AUDIT_NKEYS; k++) {
		if (want[k] == NULL) {
			if (a.value[k] != NULL)
				fail_msg("%s: %s should be absent, got \"%s\"",
				    comment, audit_key_name(k), a.value[k]);
		} else {
			if (a.value[k] == NULL)
				fail_msg("%s: %s missing", comment,
				    audit_key_name(k));
			assert_string_equal(a.value[k], want[k]);
		}
	}
}

static void
test_equals_pairs(void **state)
{
	expect_audit("who=alice when=2024-03-01 why=ssh from admin net "
	    "ticket=CHG-1234", "alice", "2024-03-01", "ssh from admin net",
	    "CHG-1234", NULL);
}

static void
test_colon_pairs_any_case(void **state)
{
	expect_audit("Owner: Bob Smith; Date: 2023-11-30; Reason: monitoring; "
	    "Change: CR 42", "Bob Smith", "2023-11-30", "monitoring", "CR 42",
	    NULL);
}

static void
test_aliases_and_separators(void **state)
{
	expect_audit("by=carol, date=2024-01-02, reason=\"vpn peers\", "
	    "approval=SEC-7, expires=2025-01-01", "carol", "2024-01-02",
	    "vpn peers", "SEC-7", "2025-01-01");
	expect_audit("why: backups | who: dave | when: 2022-05-05 | "
	    "ticket: OPS-9", "dave", "2022-05-05", "backups", "OPS-9", NULL);
	expect_audit("WHO = erin  WHEN = 2021-07-07", "erin", "2021-07-07",
	    NULL, NULL, NULL);
}

static void
test_words_without_separator_are_not_keys(void **state)
{
	/* "by" and "change" used as plain words. */
	expect_audit("requested by alice after the change window", NULL,
	    NULL, NULL, NULL, NULL);
	/* Keys must start a word: "nearby=" is not "by=". */
	expect_audit("nearby=x whoami=y", NULL, NULL, NULL, NULL, NULL);
}

static void
test_empty_values_are_absent(void **state)
{
	expect_audit("who= when=2024-01-01 why=\"\" ticket=,", NULL,
	    "2024-01-01", NULL, NULL, NULL);
}

static void
test_first_value_wins_and_multiline(void **state)
{
	expect_audit("who=frank\nwho=gina when=2020-02-02\nwhy=dns",
	    "frank", "2020-02-02", "dns", NULL, NULL);
}

static void
test_directive_is_not_audit(void **state)
{
	struct audit a;

	/* The directive's reason= must not count as the rule's why. */
	audit_parse(A, "who=hank firelint: ignore=unused reason=failover", &a);
	assert_string_equal(a.value[AUDIT_WHO], "hank");
	assert_null(a.value[AUDIT_WHY]);
	assert_int_equal(audit_missing(&a),
	    (1u << AUDIT_WHEN) | (1u << AUDIT_WHY) | (1u << AUDIT_TICKET));
}

static void
test_missing_and_mask_text(void **state)
{
	struct audit a;

	assert_int_equal(audit_parse(A, NULL, &a), 0);
	assert_int_equal(audit_missing(&a), AUDIT_REQUIRED);
	assert_string_equal(audit_mask_text(A, AUDIT_REQUIRED),
	    "who, when, why, ticket");
	assert_int_equal(audit_parse(A, "who=x why=y", &a), 2);
	assert_string_equal(audit_mask_text(A, audit_missing(&a)),
	    "when, ticket");
	assert_string_equal(audit_mask_text(A, 0), "");
}

static void
test_suppression(void **state)
{
	struct suppression s;

	assert_false(audit_suppression(A, "who=x", &s));
	assert_false(audit_suppression(A, NULL, &s));
	assert_true(audit_suppression(A, "keep firelint: ignore=unused,"
	    "orphaned reason=used by failover only", &s));
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ids[0], "unused");
	assert_string_equal(s.ids[1], "orphaned");
	assert_string_equal(s.reason, "used by failover only");
	assert_true(audit_suppresses(&s, "unused"));
	assert_true(audit_suppresses(&s, "orphaned"));
	assert_false(audit_suppresses(&s, "unmatchable"));

	assert_true(audit_suppression(A, "FireLint: ignore = all", &s));
	assert_int_equal(s.n, 1);
	assert_null(s.reason);
	assert_true(audit_suppresses(&s, "shadowed"));

	assert_true(audit_suppression(A, "firelint: ignore=a, b reason: "
	    "'x y'", &s));
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ids[1], "b");
	assert_string_equal(s.reason, "x y");

	/* "firelint:" without ignore= is not a directive. */
	assert_false(audit_suppression(A, "firelint: checked 2024", &s));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_equals_pairs),
		cmocka_unit_test(test_colon_pairs_any_case),
		cmocka_unit_test(test_aliases_and_separators),
		cmocka_unit_test(test_words_without_separator_are_not_keys),
		cmocka_unit_test(test_empty_values_are_absent),
		cmocka_unit_test(test_first_value_wins_and_multiline),
		cmocka_unit_test(test_directive_is_not_audit),
		cmocka_unit_test(test_missing_and_mask_text),
		cmocka_unit_test(test_suppression),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
