/*
 * test_intern.c - interned strings.
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

static void
test_pointer_equality(void **state)
{
	struct arena *a = arena_new();
	struct intern *t = intern_new(a);
	char buf[16];
	const char *x, *y;

	(void)state;
	strcpy(buf, "INPUT");
	x = intern(t, buf);
	strcpy(buf, "XXXXX");
	y = intern(t, "INPUT");
	assert_ptr_equal(x, y);
	assert_string_equal(x, "INPUT");
	assert_ptr_not_equal(x, buf);
	assert_ptr_not_equal(intern(t, "OUTPUT"), x);
	assert_int_equal(intern_count(t), 2);
	/* A prefix is another string. */
	assert_ptr_equal(intern_n(t, "INPUTS", 5), x);
	assert_ptr_not_equal(intern_n(t, "INPUTS", 6), x);
	assert_string_equal(intern_n(t, "INPUTS", 6), "INPUTS");
	arena_free(a);
}

static void
test_lookup(void **state)
{
	struct arena *a = arena_new();
	struct intern *t = intern_new(a);
	const char *x;

	(void)state;
	assert_null(intern_lookup(t, "eth0", 4));
	x = intern(t, "eth0");
	assert_ptr_equal(intern_lookup(t, "eth0", 4), x);
	assert_ptr_equal(intern_lookup(t, "eth01", 4), x);
	assert_null(intern_lookup(t, "eth1", 4));
	assert_int_equal(intern_count(t), 1);
	/* The empty string and embedded NULs are names too. */
	assert_string_equal(intern(t, ""), "");
	assert_ptr_equal(intern_n(t, "a\0b", 3), intern_n(t, "a\0b", 3));
	assert_ptr_not_equal(intern_n(t, "a\0b", 3), intern_n(t, "a\0c", 3));
	arena_free(a);
}

static void
test_growth(void **state)
{
	struct arena *a = arena_new();
	struct intern *t = intern_new(a);
	const char *p[5000];
	char buf[32];
	int i;

	(void)state;
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "chain-%d", i);
		p[i] = intern(t, buf);
	}
	assert_int_equal(intern_count(t), 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "chain-%d", i);
		assert_ptr_equal(intern(t, buf), p[i]);
		assert_ptr_equal(intern_lookup(t, buf, strlen(buf)), p[i]);
		assert_string_equal(p[i], buf);
	}
	assert_int_equal(intern_count(t), 5000);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pointer_equality),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_growth),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
