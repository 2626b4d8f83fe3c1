/*
 * u128.h - 128-bit unsigned values without compiler extensions.
 *
 * Every field of the packet space (IPv6 addresses being the widest) is an
 * unsigned integer of at most 128 bits, so one interval type serves all.
 */
#ifndef FIRELINT_U128_H
#define FIRELINT_U128_H

#include <stdbool.h>
#include <stdint.h>

struct u128 {
	uint64_t	hi, lo;
};

static inline struct u128
u128_make(uint64_t hi, uint64_t lo)
{
	struct u128 r = { hi, lo };
	return r;
}

static inline struct u128
u128_from64(uint64_t v)
{
	return u128_make(0, v);
}

static inline int
u128_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static inline bool
u128_eq(struct u128 a, struct u128 b)
{
	return a.hi == b.hi && a.lo == b.lo;
}

/* Wrapping arithmetic; callers check bounds first. */
static inline struct u128
u128_inc(struct u128 a)
{
	a.lo++;
	if (a.lo == 0)
		a.hi++;
	return a;
}

static inline struct u128
u128_dec(struct u128 a)
{
	if (a.lo == 0)
		a.hi--;
	a.lo--;
	return a;
}

/* The largest value of a width-bit field (1 <= width <= 128). */
static inline struct u128
u128_max_of_width(unsigned width)
{
	if (width >= 128)
		return u128_make(UINT64_MAX, UINT64_MAX);
	if (width > 64)
		return u128_make((UINT64_C(1) << (width - 64)) - 1, UINT64_MAX);
	if (width == 64)
		return u128_make(0, UINT64_MAX);
	return u128_make(0, (UINT64_C(1) << width) - 1);
}

#endif
