/*
 * test_arena.c - the region allocator.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
#include <sanitizer/asan_interface.h>
#endif

static void
test_alignment_and_thousands(void **state)
{
	struct arena *a = arena_new();
	unsigned char *prev = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		size_t n = (i * 7919) % 300 + 1;
		unsigned char *p = arena_alloc(a, n);

		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, (int)(i & 255), n);
		if (prev != NULL)
			assert_ptr_not_equal(p, prev);
		prev = p;
	}
	assert_true(arena_used(a) >= 20000);
	arena_free(a);
}

static void
test_contents_survive(void **state)
{
	struct arena *a = arena_new();
	int *v[1000];
	size_t i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		v[i] = arena_alloc(a, sizeof(int) * 10);
		v[i][0] = (int)i;
		v[i][9] = (int)(i * 3);
	}
	for (i = 0; i < 1000; i++) {
		assert_int_equal(v[i][0], (int)i);
		assert_int_equal(v[i][9], (int)(i * 3));
	}
	arena_free(a);
}

static void
test_big_and_zero(void **state)
{
	struct arena *a = arena_new();
	unsigned char *big = arena_zalloc(a, 1 << 20);
	unsigned char *z = arena_zalloc(a, 100);
	void *zero = arena_alloc(a, 0);
	size_t i;

	(void)state;
	for (i = 0; i < (1 << 20); i++)
		assert_int_equal(big[i], 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	assert_non_null(zero);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_true(arena_used(a) >= (1 << 20) + 100);
	arena_free(a);
	arena_free(NULL);
}

static void
test_grow_copies(void **state)
{
	struct arena *a = arena_new();
	char *p = arena_alloc(a, 8);
	char *q;

	(void)state;
	memcpy(p, "abcdefg", 8);
	q = arena_grow(a, p, 8, 100000);
	assert_string_equal(q, "abcdefg");
	q = arena_grow(a, NULL, 0, 16);
	assert_non_null(q);
	/* Shrinking copies only what fits. */
	q = arena_grow(a, p, 8, 4);
	assert_memory_equal(q, "abcd", 4);
	arena_free(a);
}

static void
test_strings(void **state)
{
	struct arena *a = arena_new();
	char longbuf[1000];
	char *s;

	(void)state;
	assert_string_equal(arena_strdup(a, "hello"), "hello");
	assert_string_equal(arena_strndup(a, "hello", 3), "hel");
	assert_string_equal(arena_strndup(a, "", 0), "");
	assert_string_equal(arena_printf(a, "%s:%d", "x", 42), "x:42");
	memset(longbuf, 'q', sizeof(longbuf) - 1);
	longbuf[sizeof(longbuf) - 1] = '\0';
	s = arena_printf(a, "<%s>", longbuf);
	assert_int_equal(strlen(s), 1001);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[1000], '>');
	arena_free(a);
}

/* Under ASan, the bytes after an arena object are poisoned. */
static void
test_redzones(void **state)
{
#ifdef TEST_ASAN
	struct arena *a = arena_new();
	char *p = arena_alloc(a, 10);
	char *q = arena_alloc(a, 100000);

	(void)state;
	assert_false(__asan_address_is_poisoned(p + 9));
	assert_true(__asan_address_is_poisoned(p + 10));
	assert_true(__asan_address_is_poisoned(p + 16));
	assert_false(__asan_address_is_poisoned(q + 99999));
	assert_true(__asan_address_is_poisoned(q + 100000));
	arena_free(a);
#else
	(void)state;
	skip();
#endif
}

typedef VEC(int) intvec;

/* After a reset the arena is empty and usable again, over and over. */
static void
test_reset(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	for (int round = 0; round < 50; round++) {
		char *big = arena_alloc(a, 300000);	/* a block of its own */
		unsigned *v = arena_alloc(a, 1000 * sizeof(*v));

		memset(big, round, 300000);
		for (unsigned i = 0; i < 1000; i++)
			v[i] = i * (unsigned)round;
		for (int i = 0; i < 200; i++)
			(void)arena_zalloc(a, 1024);
		assert_true(arena_used(a) >= 300000 + 1000 * sizeof(*v));
		assert_int_equal(v[999], 999u * (unsigned)round);
		assert_int_equal(big[299999], (char)round);
		arena_reset(a);
		assert_int_equal(arena_used(a), 0);
	}
	assert_string_equal(arena_strdup(a, "still works"), "still works");
	arena_free(a);
}

static void
test_owns(void **state)
{
	struct arena *a = arena_new(), *b = arena_new();
	char *small = arena_alloc(a, 16);
	char *big = arena_alloc(a, 4 << 20);
	char *other = arena_alloc(b, 16);
	int local = 0;

	(void)state;
	assert_true(arena_owns(a, small));
	assert_true(arena_owns(a, small + 15));
	assert_true(arena_owns(a, big + (4 << 20) - 1));
	assert_false(arena_owns(a, other));
	assert_false(arena_owns(a, &local));
	assert_false(arena_owns(b, small));
	arena_reset(a);
	/* what reset forgot is not handed out any more: the big block is
	   freed, the newest regular block is kept for reuse */
	assert_false(arena_owns(a, other));
	arena_free(a);
	arena_free(b);
}

static void
test_vec(void **state)
{
	struct arena *a = arena_new();
	intvec v = { NULL, 0, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 10000; i++)
		VEC_PUSH(a, &v, (int)i);
	assert_int_equal(v.n, 10000);
	for (i = 0; i < 10000; i++)
		assert_int_equal(v.v[i], (int)i);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_thousands),
		cmocka_unit_test(test_owns),
		cmocka_unit_test(test_contents_survive),
		cmocka_unit_test(test_big_and_zero),
		cmocka_unit_test(test_grow_copies),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_vec),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_redzones),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
