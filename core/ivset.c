/*
 * ivset.c - interval sets.
 *
 * Every result is normalized: sorted, disjoint and with no two intervals
 * adjacent, so equality of sets is equality of representations.  The
 * domain can reach 2^128 - 1, where v + 1 wraps: every "next value" step
 * checks for the maximum first.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ivset.h"

static const struct u128 U128_MAX = { UINT64_MAX, UINT64_MAX };

static bool
is_max(struct u128 v)
{
	return u128_eq(v, U128_MAX);
}

static struct u128
umax(struct u128 a, struct u128 b)
{
	return u128_cmp(a, b) >= 0 ? a : b;
}

static struct u128
umin(struct u128 a, struct u128 b)
{
	return u128_cmp(a, b) <= 0 ? a : b;
}

static struct ivset *
alloc_set(struct arena *a, size_t cap)
{
	struct ivset *s = arena_alloc(a, sizeof(*s));

	s->n = 0;
	s->iv = cap > 0 ? arena_alloc(a, cap * sizeof(*s->iv)) : NULL;
	return s;
}

/* Append [lo, hi] to s, whose last interval ends before lo. */
static void
push(struct ivset *s, struct u128 lo, struct u128 hi)
{
	if (s->n > 0) {
		struct interval *last = &s->iv[s->n - 1];

		if (u128_cmp(lo, last->hi) <= 0 ||
		    (!is_max(last->hi) && u128_eq(lo, u128_inc(last->hi)))) {
			if (u128_cmp(hi, last->hi) > 0)
				last->hi = hi;
			return;
		}
	}
	s->iv[s->n].lo = lo;
	s->iv[s->n].hi = hi;
	s->n++;
}

struct ivset *
ivset_empty(struct arena *a)
{
	return alloc_set(a, 0);
}

struct ivset *
ivset_range(struct arena *a, struct u128 lo, struct u128 hi)
{
	struct ivset *s;

	if (u128_cmp(lo, hi) > 0)
		return ivset_empty(a);
	s = alloc_set(a, 1);
	push(s, lo, hi);
	return s;
}

struct ivset *
ivset_single(struct arena *a, struct u128 v)
{
	return ivset_range(a, v, v);
}

static int
iv_cmp(const void *x, const void *y)
{
	const struct interval *a = x, *b = y;
	int c = u128_cmp(a->lo, b->lo);

	return c != 0 ? c : u128_cmp(a->hi, b->hi);
}

struct ivset *
ivset_from(struct arena *a, const struct interval *iv, size_t n)
{
	struct interval *tmp;
	struct ivset *s;
	size_t i, k = 0;

	if (n == 0)
		return ivset_empty(a);
	tmp = arena_alloc(a, n * sizeof(*tmp));
	for (i = 0; i < n; i++)
		if (u128_cmp(iv[i].lo, iv[i].hi) <= 0)
			tmp[k++] = iv[i];
	/* Callers mostly build their intervals in order: then skip the sort. */
	for (i = 1; i < k; i++)
		if (u128_cmp(tmp[i - 1].lo, tmp[i].lo) > 0)
			break;
	if (i < k)
		qsort(tmp, k, sizeof(*tmp), iv_cmp);
	s = alloc_set(a, k);
	for (i = 0; i < k; i++)
		push(s, tmp[i].lo, tmp[i].hi);
	return s;
}

static size_t
nof(const struct ivset *s)
{
	return s != NULL ? s->n : 0;
}

struct ivset *
ivset_union(struct arena *a, const struct ivset *x, const struct ivset *y)
{
	size_t i = 0, j = 0, nx = nof(x), ny = nof(y);
	struct ivset *s = alloc_set(a, nx + ny);

	while (i < nx || j < ny) {
		const struct interval *p;

		if (j >= ny || (i < nx &&
		    u128_cmp(x->iv[i].lo, y->iv[j].lo) <= 0))
			p = &x->iv[i++];
		else
			p = &y->iv[j++];
		push(s, p->lo, p->hi);
	}
	return s;
}

struct ivset *
ivset_intersect(struct arena *a, const struct ivset *x, const struct ivset *y)
{
	size_t i = 0, j = 0, nx = nof(x), ny = nof(y);
	struct ivset *s = alloc_set(a, nx + ny);

	while (i < nx && j < ny) {
		struct u128 lo = umax(x->iv[i].lo, y->iv[j].lo);
		struct u128 hi = umin(x->iv[i].hi, y->iv[j].hi);

		if (u128_cmp(lo, hi) <= 0)
			push(s, lo, hi);
		if (u128_cmp(x->iv[i].hi, y->iv[j].hi) < 0)
			i++;
		else
			j++;
	}
	return s;
}

struct ivset *
ivset_subtract(struct arena *a, const struct ivset *x, const struct ivset *y)
{
	size_t i, j = 0, nx = nof(x), ny = nof(y);
	struct ivset *s = alloc_set(a, nx + ny);

	for (i = 0; i < nx; i++) {
		struct u128 lo = x->iv[i].lo, hi = x->iv[i].hi;
		bool done = false;

		/* Skip the parts of y wholly before this interval. */
		while (j < ny && u128_cmp(y->iv[j].hi, lo) < 0)
			j++;
		while (j < ny && u128_cmp(y->iv[j].lo, hi) <= 0) {
			if (u128_cmp(y->iv[j].lo, lo) > 0)
				push(s, lo, u128_dec(y->iv[j].lo));
			if (u128_cmp(y->iv[j].hi, hi) >= 0) {
				done = true;
				break;
			}
			lo = u128_inc(y->iv[j].hi);
			j++;
		}
		if (!done)
			push(s, lo, hi);
	}
	return s;
}

struct ivset *
ivset_complement(struct arena *a, const struct ivset *x, struct u128 max)
{
	size_t i, nx = nof(x);
	struct ivset *s = alloc_set(a, nx + 1);
	struct u128 start = { 0, 0 };

	for (i = 0; i < nx; i++) {
		if (u128_cmp(x->iv[i].lo, max) > 0)
			break;
		if (u128_cmp(x->iv[i].lo, start) > 0)
			push(s, start, u128_dec(x->iv[i].lo));
		if (u128_cmp(x->iv[i].hi, max) >= 0)
			return s;
		start = u128_inc(x->iv[i].hi);
	}
	push(s, start, max);
	return s;
}

bool
ivset_is_empty(const struct ivset *s)
{
	return nof(s) == 0;
}

bool
ivset_is_full(const struct ivset *s, struct u128 max)
{
	return nof(s) == 1 && s->iv[0].lo.hi == 0 && s->iv[0].lo.lo == 0 &&
	    u128_cmp(s->iv[0].hi, max) >= 0;
}

bool
ivset_contains(const struct ivset *s, struct u128 v)
{
	size_t lo = 0, hi = nof(s);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u128_cmp(s->iv[mid].hi, v) < 0)
			lo = mid + 1;
		else if (u128_cmp(s->iv[mid].lo, v) > 0)
			hi = mid;
		else
			return true;
	}
	return false;
}

bool
ivset_subset(const struct ivset *x, const struct ivset *y)
{
	size_t i, j = 0, nx = nof(x), ny = nof(y);

	for (i = 0; i < nx; i++) {
		while (j < ny && u128_cmp(y->iv[j].hi, x->iv[i].lo) < 0)
			j++;
		if (j >= ny || u128_cmp(y->iv[j].lo, x->iv[i].lo) > 0 ||
		    u128_cmp(y->iv[j].hi, x->iv[i].hi) < 0)
			return false;
	}
	return true;
}

bool
ivset_equal(const struct ivset *x, const struct ivset *y)
{
	size_t i, n = nof(x);

	if (n != nof(y))
		return false;
	for (i = 0; i < n; i++)
		if (!u128_eq(x->iv[i].lo, y->iv[i].lo) ||
		    !u128_eq(x->iv[i].hi, y->iv[i].hi))
			return false;
	return true;
}

bool
ivset_overlaps(const struct ivset *x, const struct ivset *y)
{
	size_t i = 0, j = 0, nx = nof(x), ny = nof(y);

	while (i < nx && j < ny) {
		if (u128_cmp(x->iv[i].hi, y->iv[j].lo) < 0)
			i++;
		else if (u128_cmp(y->iv[j].hi, x->iv[i].lo) < 0)
			j++;
		else
			return true;
	}
	return false;
}

bool
ivset_first(const struct ivset *s, struct u128 *out)
{
	if (nof(s) == 0)
		return false;
	if (out != NULL)
		*out = s->iv[0].lo;
	return true;
}
