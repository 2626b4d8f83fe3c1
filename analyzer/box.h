/*
 * box.h - the exact set algebra of the packet-space engine (DESIGN.md 2c).
 *
 * A box is a product of per-dimension sets: one ivset for every field of
 * fields.h (the address fields of the box's one family; the other
 * family's address fields are always full and mean nothing) and four
 * interface dimensions (input, output, bridge port in, bridge port out)
 * whose values are the integer ids of an interface universe.  A region is
 * a list of pairwise disjoint boxes: the union of rules, a rule minus the
 * rules before it.
 *
 * Points of the box space are full tuples; a packet is such a tuple.  A
 * field that does not apply to a packet (ports of ICMP, the ICMP type of
 * TCP: see fields.h) is ignored by packet_matches, so the set of packets a
 * match describes is a box only per protocol class.  box_from_matches
 * therefore yields a region of up to a few boxes, one per protocol class
 * the match allows, each with the fields that do not apply to its class
 * left full.  Every set built that way is closed under changing fields
 * that do not apply, and such sets are closed under intersection and
 * difference, so emptiness, inclusion and witnesses in the box space are
 * exactly those of packets.
 *
 * Everything is allocated in the caller's arena, nothing is modified in
 * place (boxes and regions are values), and all operations are exact.
 * Operations that can multiply boxes take a budget on the number of boxes
 * and say BOX_OVER_BUDGET instead of blowing up (DESIGN.md 2c point 6).
 */
#ifndef FIRELINT_BOX_H
#define FIRELINT_BOX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/fields.h"
#include "core/ivset.h"
#include "core/model.h"
#include "core/packet.h"

struct arena;
struct intern;

enum box_dim {
	BOX_DIM_IN_IF = FIELD_COUNT,	/* fields first: dim == enum field */
	BOX_DIM_OUT_IF,
	BOX_DIM_PHYSDEV_IN,
	BOX_DIM_PHYSDEV_OUT,
	/*
	 * Opaque conditions as free booleans (box_universe_use_atoms): one
	 * value per assignment of the atoms, so a condition is the set of
	 * values with its bit set.  Without atoms this dimension has the
	 * single value 0 and constrains nothing.
	 */
	BOX_DIM_ATOMS,
	BOX_NDIMS
};

/* At most this many distinct opaque conditions become atoms. */
#define BOX_MAX_ATOMS	10

enum box_status {
	BOX_OK,
	BOX_OVER_BUDGET,	/* the result would exceed the budget */
	BOX_ERROR,		/* an interface name the universe lacks */
};

/*
 * The interface universe of one policy: every interface name or pattern
 * the policy mentions, mapped to sets of small integer ids so that an
 * ifset becomes an ivset exactly.  box.c explains the construction and
 * why it is exact.  Build it with box_universe_new, add every ifset (or a
 * whole policy), then box_universe_finish; only then use it.
 */
struct box_universe;
struct box;

struct box_universe *box_universe_new(struct arena *, struct intern *);
void		 box_universe_add_name(struct box_universe *, const char *);
void		 box_universe_add_ifset(struct box_universe *,
		    const struct ifset *);
void		 box_universe_add_match(struct box_universe *,
		    const struct match *);
/* Every interface of every rule, entry scope, object and interface. */
void		 box_universe_add_policy(struct box_universe *,
		    const struct policy *);
/*
 * Before any add: treat every opaque condition (module and text, a
 * leading "!" negating it) as a free boolean instead of making the match
 * inexact, for up to BOX_MAX_ATOMS distinct conditions.  Sound only for
 * questions that hold for every assignment (diff's equivalence): two
 * conditions that are related in reality ("user root", "user bin") are
 * independent here, and no packet can carry an atom's value, so a region
 * that constrains the atoms has no witness eval.c can confirm.
 */
void		 box_universe_use_atoms(struct box_universe *);
/* Does the box constrain the atoms (is it conditional on them)? */
bool		 box_conditional(const struct box_universe *,
		    const struct box *);
/*
 * The conditions under which the box's packets are in it, for one
 * assignment of the atoms it allows: "from em2:network is false, user
 * root is true" (the atoms whose value matters there); NULL when the box
 * is not conditional.
 */
const char	*box_conditions(struct arena *, const struct box_universe *,
		    const struct box *);

/*
 * Assign the ids.  Returns -1 (and the universe stays usable but marks
 * itself inexact) in the pathological case where some class of names has
 * no representative found (box.c: needs about 255 patterns sharing one
 * prefix); box_universe_exact then says false.
 */
int		 box_universe_finish(struct box_universe *);
bool		 box_universe_exact(const struct box_universe *);
/* Number of ids; the last one is "no interface". */
size_t		 box_universe_size(const struct box_universe *);
/* The id of a concrete name (NULL: no interface). */
unsigned	 box_universe_id(const struct box_universe *, const char *name);
/* A concrete name with that id (NULL for "no interface"). */
const char	*box_universe_name(const struct box_universe *, unsigned id);
/* The ids of an ifset (s NULL: every id); NULL for an unknown pattern. */
const struct ivset *box_universe_ifset(struct arena *,
		    const struct box_universe *, const struct ifset *);

struct box {
	enum family	 family;	/* FAMILY_IPV4 or FAMILY_IPV6 */
	/* Never NULL; the box is empty when some dimension is. */
	const struct ivset *dim[BOX_NDIMS];
};

/* The domain of a dimension: [0, max]. */
struct u128	 box_dim_max(const struct box_universe *, enum box_dim);
const char	*box_dim_name(enum box_dim);

/* Every packet of the family. */
struct box	*box_full(struct arena *, const struct box_universe *,
		    enum family);
struct box	*box_copy(struct arena *, const struct box *);
/*
 * A copy that shares nothing with b's arena but the universe's own sets,
 * for keeping a result when the arena it was computed in is freed.
 */
struct box	*box_persist(struct arena *, const struct box_universe *,
		    const struct box *);
struct box	*box_intersect(struct arena *, const struct box *,
		    const struct box *);
bool		 box_is_empty(const struct box *);
/* a is a subset of b (the empty box is a subset of everything). */
bool		 box_subset(const struct box *a, const struct box *b);
bool		 box_overlaps(const struct box *, const struct box *);
/* Is the packet a point of the box (interfaces through the universe)? */
bool		 box_contains_packet(const struct box_universe *,
		    const struct box *, const struct packet *);
/*
 * a minus b as pairwise disjoint non-empty boxes, at most one per
 * dimension where b does not contain a (the standard split: peel off
 * a's part outside b in one dimension, narrow to b in it, go on).
 * *out gets an arena array, *n its length (0: a is inside b).
 */
void		 box_subtract(struct arena *, const struct box *a,
		    const struct box *b, struct box ***out, size_t *n);
/*
 * A concrete packet of the box, with readable values (box.c says how) and
 * is_set for the fields the box constrains; false when empty.
 */
bool		 box_witness(const struct box_universe *, const struct box *,
		    struct packet *);

/* A union of pairwise disjoint, non-empty boxes of one family. */
struct region {
	enum family	 family;
	VEC(const struct box *) boxes;
};

void		 region_init(struct region *, enum family);
/* The region of one box (nothing if it is empty). */
void		 region_from_box(struct arena *, struct region *,
		    const struct box *);
bool		 region_is_empty(const struct region *);
/*
 * r minus b, in place.  When the result would have more than budget
 * boxes, r is left as it was and BOX_OVER_BUDGET returned.
 */
enum box_status	 region_subtract_box(struct arena *, struct region *,
		    const struct box *, size_t budget);
/* r intersected with b, in place (never more boxes than before). */
void		 region_intersect_box(struct arena *, struct region *,
		    const struct box *);
/* r union b, in place: adds b minus r (BOX_OVER_BUDGET as above). */
enum box_status	 region_add_box(struct arena *, struct region *,
		    const struct box *, size_t budget);
bool		 region_contains_packet(const struct box_universe *,
		    const struct region *, const struct packet *);
/* A packet of the first box; false when empty. */
bool		 region_witness(const struct box_universe *,
		    const struct region *, struct packet *);

/*
 * The packets of family fam satisfying every modelled condition of
 * m[0..n) (a step's matches[], plus the entry's scope if any): a region
 * of at most a few boxes, one per protocol class and bridge case; empty
 * on a contradiction.  *exact is false when some match also holds a
 * condition that is not a box dimension (mark, connmark, a set
 * reference, an opaque match): the region then over-approximates the
 * match, and callers must never let such a rule cover anything.
 * BOX_ERROR: an interface pattern missing from the universe.
 */
enum box_status	 box_from_matches(struct arena *,
		    const struct box_universe *, enum family,
		    const struct match *const *m, size_t n,
		    struct region *out, bool *exact);
/*
 * Best effort for the conditions the boxes do not model: choose mark and
 * connmark values of p that satisfy the bitmatches of m[0..n).  Returns
 * false when it found none (the witness then needs a caller's check).
 */
bool		 box_witness_marks(const struct match *const *m, size_t n,
		    struct packet *p);

#endif
