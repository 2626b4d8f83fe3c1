/*
 * test_ivset.c - interval sets, with a brute-force oracle on a small
 * domain and the edges of the 128-bit one.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/ivset.h"

#define MAX128 u128_make(UINT64_MAX, UINT64_MAX)

static struct u128
v(uint64_t x)
{
	return u128_from64(x);
}

static struct interval
iv(uint64_t lo, uint64_t hi)
{
	struct interval r = { { 0, lo }, { 0, hi } };

	return r;
}

static void
assert_normalized(const struct ivset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		assert_true(u128_cmp(s->iv[i].lo, s->iv[i].hi) <= 0);
		if (i > 0) {
			/* Sorted, disjoint and not adjacent. */
			assert_true(u128_cmp(s->iv[i - 1].hi, s->iv[i].lo) < 0);
			assert_false(u128_eq(u128_inc(s->iv[i - 1].hi),
			    s->iv[i].lo));
		}
	}
}

static void
test_constructors(void **state)
{
	struct arena *a = arena_new();
	struct interval in[] = { iv(10, 20), iv(5, 7), iv(21, 25), iv(8, 9),
	    iv(30, 29), iv(40, 50), iv(45, 46) };
	struct ivset *s;
	struct u128 first;

	(void)state;
	s = ivset_empty(a);
	assert_true(ivset_is_empty(s));
	assert_false(ivset_first(s, &first));
	s = ivset_range(a, v(5), v(4));
	assert_true(ivset_is_empty(s));
	s = ivset_single(a, v(7));
	assert_int_equal(s->n, 1);
	assert_true(ivset_contains(s, v(7)));
	assert_false(ivset_contains(s, v(8)));
	/* Unsorted, overlapping, adjacent and inverted input. */
	s = ivset_from(a, in, sizeof(in) / sizeof(in[0]));
	assert_normalized(s);
	assert_int_equal(s->n, 2);
	assert_true(u128_eq(s->iv[0].lo, v(5)));
	assert_true(u128_eq(s->iv[0].hi, v(25)));
	assert_true(u128_eq(s->iv[1].lo, v(40)));
	assert_true(u128_eq(s->iv[1].hi, v(50)));
	assert_true(ivset_first(s, &first));
	assert_true(u128_eq(first, v(5)));
	assert_true(ivset_is_empty(ivset_from(a, NULL, 0)));
	arena_free(a);
}

/* A set over [0, 63] as a bit mask, and back. */
static struct ivset *
from_bits(struct arena *a, uint64_t bits)
{
	struct interval tmp[64];
	size_t n = 0;
	unsigned i;

	/* Deliberately unmerged single points, in reverse order. */
	for (i = 64; i-- > 0;)
		if (bits & (UINT64_C(1) << i))
			tmp[n++] = iv(i, i);
	return ivset_from(a, tmp, n);
}

static uint64_t
to_bits(const struct ivset *s)
{
	uint64_t bits = 0;
	size_t i;

	assert_normalized(s);
	for (i = 0; i < s->n; i++) {
		uint64_t x;

		assert_int_equal(s->iv[i].hi.hi, 0);
		assert_true(s->iv[i].hi.lo < 64);
		for (x = s->iv[i].lo.lo; x <= s->iv[i].hi.lo; x++)
			bits |= UINT64_C(1) << x;
	}
	return bits;
}

static uint64_t
rnd(uint64_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 7;
	*seed ^= *seed << 17;
	return *seed;
}

static void
test_oracle(void **state)
{
	struct arena *a = arena_new();
	uint64_t seed = 88172645463325252ull;
	int k;

	(void)state;
	for (k = 0; k < 3000; k++) {
		uint64_t x = rnd(&seed), y = rnd(&seed), z;
		struct ivset *sx, *sy;
		unsigned p;

		/* Runs, not noise: mask with sparse patterns sometimes. */
		if (k % 3 == 0)
			x &= rnd(&seed);
		if (k % 5 == 0)
			y |= rnd(&seed);
		if (k % 7 == 0)
			x = 0;
		if (k % 11 == 0)
			y = UINT64_MAX;
		sx = from_bits(a, x);
		sy = from_bits(a, y);
		assert_int_equal(to_bits(sx), x);
		assert_int_equal(to_bits(ivset_union(a, sx, sy)), x | y);
		assert_int_equal(to_bits(ivset_intersect(a, sx, sy)), x & y);
		assert_int_equal(to_bits(ivset_subtract(a, sx, sy)), x & ~y);
		assert_int_equal(to_bits(ivset_complement(a, sx, v(63))), ~x);
		assert_int_equal(ivset_subset(sx, sy), (x & ~y) == 0);
		assert_int_equal(ivset_overlaps(sx, sy), (x & y) != 0);
		assert_int_equal(ivset_equal(sx, sy), x == y);
		assert_int_equal(ivset_is_empty(sx), x == 0);
		assert_int_equal(ivset_is_full(sx, v(63)), x == UINT64_MAX);
		for (p = 0; p < 64; p++)
			assert_int_equal(ivset_contains(sx, v(p)),
			    (x >> p) & 1);
		z = x | y;
		assert_true(ivset_equal(ivset_union(a, sx, sy),
		    from_bits(a, z)));
	}
	arena_free(a);
}

static void
test_edges_128(void **state)
{
	struct arena *a = arena_new();
	struct ivset *all = ivset_range(a, v(0), MAX128);
	struct ivset *top = ivset_single(a, MAX128);
	struct ivset *zero = ivset_single(a, v(0));
	struct ivset *empty = ivset_empty(a);
	struct ivset *s;
	struct interval two[2];

	(void)state;
	assert_true(ivset_is_full(all, MAX128));
	assert_true(ivset_contains(all, MAX128));
	assert_true(ivset_is_empty(ivset_complement(a, all, MAX128)));
	s = ivset_complement(a, empty, MAX128);
	assert_true(ivset_is_full(s, MAX128));
	/* Complement of {max}: [0, max-1], no wrap. */
	s = ivset_complement(a, top, MAX128);
	assert_int_equal(s->n, 1);
	assert_true(u128_eq(s->iv[0].lo, v(0)));
	assert_true(u128_eq(s->iv[0].hi, u128_make(UINT64_MAX,
	    UINT64_MAX - 1)));
	/* Complement of {0}: [1, max]. */
	s = ivset_complement(a, zero, MAX128);
	assert_int_equal(s->n, 1);
	assert_true(u128_eq(s->iv[0].lo, v(1)));
	assert_true(u128_eq(s->iv[0].hi, MAX128));
	/* {0} and {max} together, then their complement. */
	s = ivset_union(a, zero, top);
	assert_int_equal(s->n, 2);
	s = ivset_complement(a, s, MAX128);
	assert_int_equal(s->n, 1);
	assert_true(u128_eq(s->iv[0].lo, v(1)));
	assert_true(u128_eq(s->iv[0].hi, u128_make(UINT64_MAX,
	    UINT64_MAX - 1)));
	/* Subtracting the top leaves everything below. */
	s = ivset_subtract(a, all, top);
	assert_false(ivset_contains(s, MAX128));
	assert_true(ivset_contains(s, u128_make(UINT64_MAX, UINT64_MAX - 1)));
	s = ivset_subtract(a, all, zero);
	assert_false(ivset_contains(s, v(0)));
	assert_true(ivset_contains(s, v(1)));
	assert_true(ivset_contains(s, MAX128));
	assert_true(ivset_is_empty(ivset_subtract(a, top, all)));
	/* Adjacent at max merges: [max-1] + [max]. */
	two[0].lo = two[0].hi = u128_make(UINT64_MAX, UINT64_MAX - 1);
	two[1].lo = two[1].hi = MAX128;
	s = ivset_from(a, two, 2);
	assert_int_equal(s->n, 1);
	/* Carry across the 64-bit halves: [2^64-1] + [2^64] merge. */
	two[0].lo = two[0].hi = u128_make(0, UINT64_MAX);
	two[1].lo = two[1].hi = u128_make(1, 0);
	s = ivset_from(a, two, 2);
	assert_int_equal(s->n, 1);
	assert_true(ivset_contains(s, u128_make(1, 0)));
	s = ivset_subtract(a, s, ivset_single(a, u128_make(1, 0)));
	assert_int_equal(s->n, 1);
	assert_true(u128_eq(s->iv[0].hi, u128_make(0, UINT64_MAX)));
	/* Complement within a smaller domain ignores members beyond it. */
	s = ivset_complement(a, ivset_range(a, v(10), v(1000)), v(255));
	assert_int_equal(s->n, 1);
	assert_true(u128_eq(s->iv[0].hi, v(9)));
	s = ivset_complement(a, ivset_range(a, v(300), v(1000)), v(255));
	assert_true(ivset_is_full(s, v(255)));
	/* Empty operands. */
	assert_true(ivset_is_empty(ivset_intersect(a, all, empty)));
	assert_true(ivset_is_full(ivset_union(a, empty, all), MAX128));
	assert_true(ivset_subset(empty, top));
	assert_false(ivset_subset(top, empty));
	assert_false(ivset_overlaps(empty, all));
	assert_true(ivset_equal(empty, ivset_empty(a)));
	arena_free(a);
}

static void
test_large_merge(void **state)
{
	struct arena *a = arena_new();
	struct interval *x = malloc(100000 * sizeof(*x));
	struct interval *y = malloc(100000 * sizeof(*y));
	struct ivset *sx, *sy, *u, *i, *d;
	size_t k;

	(void)state;
	for (k = 0; k < 100000; k++) {
		x[k] = iv(k * 4, k * 4 + 1);	/* 0-1, 4-5, ... */
		y[k] = iv(k * 4 + 1, k * 4 + 2);	/* 1-2, 5-6, ... */
	}
	sx = ivset_from(a, x, 100000);
	sy = ivset_from(a, y, 100000);
	u = ivset_union(a, sx, sy);
	i = ivset_intersect(a, sx, sy);
	d = ivset_subtract(a, sx, sy);
	assert_int_equal(u->n, 100000);
	assert_int_equal(i->n, 100000);
	assert_int_equal(d->n, 100000);
	assert_true(u128_eq(u->iv[7].lo, v(28)));
	assert_true(u128_eq(u->iv[7].hi, v(30)));
	assert_true(u128_eq(i->iv[7].lo, v(29)));
	assert_true(u128_eq(i->iv[7].hi, v(29)));
	assert_true(ivset_subset(i, sx));
	assert_true(ivset_subset(d, sx));
	assert_false(ivset_overlaps(d, sy));
	free(x);
	free(y);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constructors),
		cmocka_unit_test(test_oracle),
		cmocka_unit_test(test_edges_128),
		cmocka_unit_test(test_large_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
