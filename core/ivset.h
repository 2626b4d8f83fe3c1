/*
 * ivset.h - sets of unsigned integers as sorted, disjoint, non-adjacent
 * closed intervals.
 *
 * This is the one set type of the packet space: addresses (32 or 128 bits),
 * ports, protocols, ICMP type and code (type << 8 | code), TCP flag bytes,
 * conntrack states, MAC addresses, uids.  Negation is the complement within
 * the field's domain [0, max].  Sets are values: every operation returns a
 * new set allocated in the arena and never modifies its arguments, so rules
 * may share sets freely.
 */
#ifndef FIRELINT_IVSET_H
#define FIRELINT_IVSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "u128.h"

struct arena;

struct interval {
	struct u128	lo, hi;		/* lo <= hi, both included */
};

struct ivset {
	size_t		 n;
	struct interval	*iv;		/* n intervals, sorted, disjoint */
};

/* Constructors. */
struct ivset	*ivset_empty(struct arena *);
struct ivset	*ivset_range(struct arena *, struct u128 lo, struct u128 hi);
struct ivset	*ivset_single(struct arena *, struct u128 v);
/* From arbitrary (unsorted, overlapping) intervals. */
struct ivset	*ivset_from(struct arena *, const struct interval *, size_t n);

/* Algebra; max is the largest value of the field's domain. */
struct ivset	*ivset_union(struct arena *, const struct ivset *,
		    const struct ivset *);
struct ivset	*ivset_intersect(struct arena *, const struct ivset *,
		    const struct ivset *);
struct ivset	*ivset_subtract(struct arena *, const struct ivset *,
		    const struct ivset *);
struct ivset	*ivset_complement(struct arena *, const struct ivset *,
		    struct u128 max);

/* Predicates. */
bool		 ivset_is_empty(const struct ivset *);
bool		 ivset_is_full(const struct ivset *, struct u128 max);
bool		 ivset_contains(const struct ivset *, struct u128 v);
bool		 ivset_subset(const struct ivset *a, const struct ivset *b);
bool		 ivset_equal(const struct ivset *, const struct ivset *);
bool		 ivset_overlaps(const struct ivset *, const struct ivset *);
/* The smallest member; false when empty. */
bool		 ivset_first(const struct ivset *, struct u128 *out);

#endif
