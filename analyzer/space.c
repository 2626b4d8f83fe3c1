/*
 * space.c - M and Fire regions of first-match decision lists, and the
 * anomaly questions the checks ask of them (space.h, DESIGN.md 2b).
 *
 * Every list of every filtering first-match entry point is walked once per
 * address family it carries.  Step k gets M(k) from box_from_matches over
 * its matches[] and the entry's scope, intersected with the packets that
 * reach the entry (an iptables hook sees only some interface pairs, see
 * eval_entry_reaches), and Fire(k) = M(k) minus the Fire of the exact
 * takers before it (final DECIDE steps, and RETURN steps whose range holds
 * k).  Fire, not M: a packet a RETURN sends past a DECIDE step is not
 * taken by it and may reach later steps.  The default's region D is the
 * reachable scope minus the Fire of every exact DECIDE step.  Doubtful
 * steps (space.h) take nothing and put their Fire in the doubt list Q;
 * nothing is claimed about a packet of Q.
 *
 * Nothing is computed before a question needs it (DESIGN.md 2c):
 * - M of every step is built up front, with an overlap index per list: a
 *   tree over the steps in list order whose nodes keep their steps' hull,
 *   with an interval tree per bucket of HULL_LEAF steps in the bucket's
 *   most selective dimension.  "Which steps may meet X" (or "hold packet
 *   p") reads the candidates in list order, lazily, so a question stops
 *   at the step that answers it.
 * - A packet is walked in the index (the steps that hold it, in order,
 *   as eval.c would walk them: decide, reaches_step), not step by step.
 * - Whether a rule fires is answered witness first: a packet of M(k),
 *   moved out of the boxes of the rules that take it (a greedy sweep),
 *   walked until step k decides it; when that fails, led by packets
 *   (fire_probe): a packet of what is left either reaches k or its taker
 *   is subtracted whole, so a rule shadowed by one rule costs one walk
 *   and only the rules that meet M(k)'s packets fragment the region.
 *   Fire(k) itself is computed only where a region is needed, restricted
 *   to the packets the question is about (fire_in, deflt_in).
 * - Redundancy is refuted first by one packet that gets another verdict
 *   without the rule; the survivors are pushed down from M(k), a superset
 *   of Fire(k), asking about Fire(k) only where the push meets another
 *   decision (push_down).
 * - What one rule's questions allocate lives in an arena freed after
 *   them (memos are copied out), and each rule may spend at most
 *   SPACE_RULE_WORK of the run's budget (space.h): a rule over it is left
 *   undetermined, never guessed.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/box.h"
#include "analyzer/check.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/intern.h"
#include "core/model.h"

enum fire_known { FIRE_UNKNOWN, FIRE_EMPTY, FIRE_SOME };

/*
 * The overlap index of one list (DESIGN.md 2c point 3): a tree over the
 * steps in list order whose every node keeps the hull of its steps' M
 * (per dimension, the least and greatest value), down to buckets of
 * HULL_LEAF steps.  Rules of one chain sit together in the list and share
 * the jump's interface, network or zone, so whole subtrees are told apart
 * from a question by their hull, in every dimension at once; the steps
 * that may meet it come out in list order, so a question stops reading
 * at the step that answers it.
 */
static const int hull_dims[] = { FIELD_SRC4, FIELD_DST4, FIELD_SRC6,
    FIELD_DST6, FIELD_PROTO, FIELD_SPORT, FIELD_DPORT, FIELD_ICMP,
    FIELD_CTSTATE, FIELD_DIRECTION, BOX_DIM_IN_IF, BOX_DIM_OUT_IF };
#define NHULL	(sizeof(hull_dims) / sizeof(hull_dims[0]))
#define HULL_LEAF	64

struct hull {
	struct u128	 lo[NHULL], hi[NHULL];	/* lo > hi: empty */
};

/*
 * Inside a bucket, the rules of one chain differ in one dimension (the
 * destination hosts of a VLAN's services, the source hosts of an
 * allow-list): the bucket's intervals in its most selective dimension,
 * sorted by lower end, with a tree of the greatest upper end, give the
 * steps that may meet a question without reading the others.
 */
struct ient {
	struct u128	 lo, hi;
	uint32_t	 step;
};

struct bucket {
	int		 dim;
	uint32_t	 n, size;	/* entries; leaves of the tree */
	struct ient	*e;
	struct u128	*maxhi;		/* 2 * size nodes, 1-based */
};

struct sindex {
	uint32_t	 size;		/* buckets, a power of two */
	struct hull	*h;		/* 2 * size nodes, 1-based */
	uint32_t	*ndoubt;	/* per node: its doubtful steps */
	struct bucket	*b;		/* size buckets */
	uint32_t	*stamp;		/* per step: the last query that saw it */
	uint32_t	 qid;
};

struct sstep {
	struct region	 m, fire;	/* fire: once fire_done */
	bool		 exact;
	bool		 doubtful;
	bool		 taker;
	bool		 fire_done;
	enum fire_known	 known;		/* is Fire empty? */
	struct packet	*wit;		/* a packet of Fire, when known */
	uint32_t	 until;		/* a taker acts on (k, until) */
	uint32_t	 retmin;	/* see build_list */
};

struct slist {
	/* l: the first-match form the regions are built on; orig: the
	   list as normalized, on which every witness is confirmed */
	const struct norm_list *l, *orig;
	const struct entry_point *e;
	enum family	 fam;
	bool		 ok;
	struct sstep	*s;
	struct region	 deflt;		/* once deflt_done */
	struct region	 reach;		/* the packets that reach the entry */
	VEC(const struct region *) doubt;	/* once doubt_done */
	size_t		 budget, spent;	/* work: its share, spent so far */
	bool		 deflt_done, doubt_done;
	bool		 has_doubt;	/* some step is doubtful */
	struct sindex	*ix;
};

struct occ {
	struct slist	*sl;
	uint32_t	 k;
};

struct rslot {
	const struct rule *r;
	VEC(struct occ) occ;
};

struct space_engine {
	/* scratch: during one rule's questions a temporary arena, freed
	   after them; keep holds what outlives them (memos, the index) */
	struct arena	*a;
	struct arena	*keep;
	struct arena	*out;		/* the caller's: findings only */
	struct box_universe *u;
	VEC(struct slist *) lists;
	/* rule -> occurrences, open addressing */
	struct rslot	*slot;
	size_t		 cap;
	VEC(struct rslot *) order;	/* rules by first occurrence */
	struct space_result *res;
	unsigned	 kinds;
	size_t		 work;		/* box pairs compared so far */
	size_t		 budget;	/* the run's (space.h), shared by lists */
	bool		 ok;		/* the universe is exact */
	/* work past which operations give up: the budget for the run,
	   less while one rule's questions are asked (SPACE_RULE_WORK) */
	size_t		 limit;
	/* diff: the lists built for space_partition_within, kept across
	   its questions, and the arena of one question (space_engine_scratch) */
	struct {
		const struct norm_list *orig;
		enum family	 fam;
		struct slist	*sl;
	}		 built[8];
	size_t		 nbuilt;
	struct arena	*question;
};

/*
 * Every region operation pays box pairs into c->work; past the limit the
 * operations fail (overlap answers "maybe") and the remaining questions
 * are left undetermined, so a huge list costs bounded time.
 */
static bool
region_overlaps(struct space_engine *c, const struct region *x,
    const struct region *y)
{
	c->work += (size_t)x->boxes.n * y->boxes.n;
	if (c->work > c->limit)
		return true;
	for (size_t i = 0; i < x->boxes.n; i++)
		for (size_t j = 0; j < y->boxes.n; j++)
			if (box_overlaps(x->boxes.v[i], y->boxes.v[j]))
				return true;
	return false;
}

/* x intersected with y: pairwise intersections stay disjoint. */
static enum box_status
region_and(struct space_engine *c, const struct region *x,
    const struct region *y, struct region *out)
{
	struct arena *a = c->a;

	region_init(out, x->family);
	c->work += (size_t)x->boxes.n * y->boxes.n;
	if (c->work > c->limit)
		return BOX_OVER_BUDGET;
	for (size_t i = 0; i < x->boxes.n; i++)
		for (size_t j = 0; j < y->boxes.n; j++) {
			if (!box_overlaps(x->boxes.v[i], y->boxes.v[j]))
				continue;
			if (out->boxes.n >= SPACE_BUDGET)
				return BOX_OVER_BUDGET;
			VEC_PUSH(a, &out->boxes,
			    box_intersect(a, x->boxes.v[i], y->boxes.v[j]));
		}
	return BOX_OK;
}

static enum box_status
region_minus(struct space_engine *c, struct region *r, const struct region *y)
{
	struct arena *a = c->a;

	c->work += (size_t)r->boxes.n * y->boxes.n;
	if (c->work > c->limit)
		return BOX_OVER_BUDGET;
	for (size_t j = 0; j < y->boxes.n && !region_is_empty(r); j++) {
		bool hit = false;

		for (size_t i = 0; i < r->boxes.n && !hit; i++)
			hit = box_overlaps(r->boxes.v[i], y->boxes.v[j]);
		if (hit && region_subtract_box(a, r, y->boxes.v[j],
		    SPACE_BUDGET) != BOX_OK)
			return BOX_OVER_BUDGET;
	}
	return BOX_OK;
}

/* r copied into the engine's lasting arena (see struct space_engine). */
static struct region
persist(struct space_engine *c, const struct region *r)
{
	struct region out;

	if (c->a == c->keep)
		return *r;
	region_init(&out, r->family);
	for (size_t i = 0; i < r->boxes.n; i++)
		VEC_PUSH(c->keep, &out.boxes, box_persist(c->keep, c->u,
		    r->boxes.v[i]));
	return out;
}

static double
ivset_count(const struct ivset *s)
{
	double c = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct interval *iv = &s->iv[i];

		c += ((double)iv->hi.hi - (double)iv->lo.hi) *
		    18446744073709551616.0 +
		    ((double)iv->hi.lo - (double)iv->lo.lo) + 1;
	}
	return c;
}

static double
region_volume(const struct region *r)
{
	double v = 0;

	for (size_t i = 0; i < r->boxes.n; i++) {
		double b = 1;

		for (int d = 0; d < BOX_NDIMS; d++)
			b *= ivset_count(r->boxes.v[i]->dim[d]);
		v += b;
	}
	return v;
}

static bool
hook_is(const struct entry_point *e, const char *h)
{
	return e->hook != NULL && strcmp(e->hook, h) == 0;
}

/*
 * Region r, built in scratch arena tmp, copied into a: only what tmp
 * holds is copied, the sets of the rules themselves (in the policy) and
 * of the universe are shared, as most of a step's are.
 */
static struct region
persist_step(struct arena *a, const struct arena *tmp, const struct region *r)
{
	struct region out;

	region_init(&out, r->family);
	/* the exact size (a list holds 100,000 of these): a later push
	   copies the array rather than writing past a shared one */
	out.boxes.v = arena_alloc(a, (r->boxes.n + 1) * sizeof(*out.boxes.v));
	out.boxes.cap = r->boxes.n;
	for (size_t i = 0; i < r->boxes.n; i++) {
		struct box *b = arena_alloc(a, sizeof(*b));

		*b = *r->boxes.v[i];
		for (int d = 0; d < BOX_NDIMS; d++)
			if (arena_owns(tmp, b->dim[d]))
				b->dim[d] = ivset_from(a, b->dim[d]->iv,
				    b->dim[d]->n);
		out.boxes.v[out.boxes.n++] = b;
	}
	return out;
}

/*
 * The packets of family fam that reach the entry at all, as eval.c's
 * eval_entry_reaches says: an iptables hook sees only some combinations
 * of input and output interface (none of either reaches every hook).
 */
static void
domain(struct arena *a, const struct box_universe *u,
    const struct entry_point *e, enum family fam, struct region *out)
{
	unsigned none = (unsigned)box_universe_size(u) - 1;
	const struct ivset *nset = ivset_single(a, u128_from64(none));
	const struct ivset *some = none == 0 ? ivset_empty(a) :
	    ivset_range(a, u128_from64(0), u128_from64(none - 1));
	struct box *b1 = box_full(a, u, fam), *b2 = NULL;

	region_init(out, fam);
	if (e->table != NULL) {
		if (hook_is(e, "INPUT"))
			b1->dim[BOX_DIM_OUT_IF] = nset;
		else if (hook_is(e, "OUTPUT"))
			b1->dim[BOX_DIM_IN_IF] = nset;
		else if (hook_is(e, "FORWARD") || hook_is(e, "PREROUTING") ||
		    hook_is(e, "POSTROUTING")) {
			b2 = box_full(a, u, fam);
			b2->dim[BOX_DIM_IN_IF] = nset;
			b2->dim[BOX_DIM_OUT_IF] = nset;
			if (!hook_is(e, "POSTROUTING"))
				b1->dim[BOX_DIM_IN_IF] = some;
			if (!hook_is(e, "PREROUTING"))
				b1->dim[BOX_DIM_OUT_IF] = some;
		}
	}
	region_from_box(a, out, b1);
	if (b2 != NULL && !box_is_empty(b2))
		region_add_box(a, out, b2, SPACE_BUDGET);
}

/*
 * What a taker j takes from a later step k (j < k < until(j)) is Fire(j).
 * M(j) is the same set as far as k can tell, and far smaller than a
 * fragmented Fire(j) (a catch-all's Fire is the complement of everything
 * before it), unless j sits inside the range of a RETURN that ends at or
 * before k: the packets of M(j) that RETURN sent past j come back out and
 * may reach k.  (A packet of M(j) that did not reach j was taken by an
 * earlier i; if i's effect reaches past k, k does not see that packet
 * either way.)  retmin is the earliest end of a RETURN range around j.
 */
static void build_index(struct space_engine *, struct slist *);

static bool
build_list(struct space_engine *c, struct slist *sl)
{
	struct arena *a = c->a, *tmp;
	const struct norm_list *l = sl->l;
	const struct match *scope = l->scope;
	struct region dom, start, d0;
	bool exact;
	uint32_t k;

	domain(a, c->u, sl->e, sl->fam, &d0);
	if (box_from_matches(a, c->u, sl->fam, &scope, scope ? 1 : 0,
	    &start, &exact) != BOX_OK || !exact)
		return false;
	if (region_and(c, &start, &d0, &dom) != BOX_OK)
		return false;
	sl->reach = dom;
	sl->s = arena_zalloc(a, (l->nsteps + 1) * sizeof(*sl->s));
	/* retmin (see taken): the earliest end of a RETURN range around
	   each step. */
	for (k = 0; k <= l->nsteps; k++)
		sl->s[k].retmin = UINT32_MAX;
	for (k = 0; k < l->nsteps; k++) {
		uint32_t end = l->steps[k].end;

		if (l->steps[k].kind != NORM_RETURN)
			continue;
		for (uint32_t j = k + 1; j < end && j < l->nsteps; j++)
			if (end < sl->s[j].retmin)
				sl->s[j].retmin = end;
	}
	for (k = 0; k < l->nsteps; k++)
		if (l->steps[k].kind == NORM_ANCHOR_QUICK ||
		    (l->steps[k].kind == NORM_DECIDE && !l->steps[k].final))
			return false;
	tmp = arena_new();
	for (k = 0; k < l->nsteps; k++) {
		const struct norm_step *st = &l->steps[k];
		struct sstep *s = &sl->s[k];
		const struct match **ms;
		struct region m;

		/* the step's temporaries in tmp, M alone kept */
		arena_reset(tmp);
		c->a = tmp;
		ms = arena_alloc(tmp, (st->nmatches + 1) * sizeof(*ms));
		for (uint32_t i = 0; i < st->nmatches; i++)
			ms[i] = st->matches[i];
		ms[st->nmatches] = scope;
		if (box_from_matches(tmp, c->u, sl->fam, ms,
		    st->nmatches + (scope ? 1 : 0), &m, &s->exact) != BOX_OK ||
		    region_and(c, &m, &dom, &s->m) != BOX_OK) {
			c->a = a;
			arena_free(tmp);
			return false;
		}
		c->a = a;
		s->m = persist_step(c->keep, tmp, &s->m);
		s->doubtful = st->kind == NORM_UNKNOWN ||
		    (!s->exact && (st->kind == NORM_DECIDE ||
		    st->kind == NORM_RETURN));
		s->taker = s->exact && (st->kind == NORM_DECIDE ||
		    st->kind == NORM_RETURN);
		s->until = st->kind == NORM_DECIDE ? l->nsteps : st->end;
		s->known = region_is_empty(&s->m) ? FIRE_EMPTY : FIRE_UNKNOWN;
		sl->has_doubt = sl->has_doubt || s->doubtful;
	}
	arena_free(tmp);
	build_index(c, sl);
	return true;
}

static void
hull_empty(struct hull *h)
{
	for (size_t d = 0; d < NHULL; d++) {
		h->lo[d].hi = h->lo[d].lo = UINT64_MAX;
		h->hi[d] = u128_from64(0);
	}
}

/* Widen h by the boxes of region r. */
static void
hull_add(struct hull *h, const struct region *r)
{
	for (size_t b = 0; b < r->boxes.n; b++) {
		const struct box *bx = r->boxes.v[b];

		for (size_t d = 0; d < NHULL; d++) {
			const struct ivset *v = bx->dim[hull_dims[d]];

			if (v == NULL || v->n == 0)
				continue;
			if (u128_cmp(v->iv[0].lo, h->lo[d]) < 0)
				h->lo[d] = v->iv[0].lo;
			if (u128_cmp(v->iv[v->n - 1].hi, h->hi[d]) > 0)
				h->hi[d] = v->iv[v->n - 1].hi;
		}
	}
}

static void
hull_merge(struct hull *h, const struct hull *x, const struct hull *y)
{
	for (size_t d = 0; d < NHULL; d++) {
		h->lo[d] = u128_cmp(x->lo[d], y->lo[d]) <= 0 ? x->lo[d] :
		    y->lo[d];
		h->hi[d] = u128_cmp(x->hi[d], y->hi[d]) >= 0 ? x->hi[d] :
		    y->hi[d];
	}
}

static bool
hull_meets(const struct hull *x, const struct hull *y)
{
	for (size_t d = 0; d < NHULL; d++)
		if (u128_cmp(x->lo[d], y->hi[d]) > 0 ||
		    u128_cmp(y->lo[d], x->hi[d]) > 0)
			return false;
	return true;
}

static double
u128_width(struct u128 lo, struct u128 hi)
{
	return ((double)hi.hi - (double)lo.hi) * 18446744073709551616.0 +
	    ((double)hi.lo - (double)lo.lo) + 1;
}

/* The volume of x's hull within y's, in the hull dimensions. */
static double
hull_overlap(const struct hull *x, const struct hull *y)
{
	double v = 1;

	for (size_t d = 0; d < NHULL; d++) {
		struct u128 lo = u128_cmp(x->lo[d], y->lo[d]) >= 0 ?
		    x->lo[d] : y->lo[d];
		struct u128 hi = u128_cmp(x->hi[d], y->hi[d]) <= 0 ?
		    x->hi[d] : y->hi[d];

		if (u128_cmp(lo, hi) > 0)
			return 0;
		v *= u128_width(lo, hi);
	}
	return v;
}

/* The steps [first, last) under node i of the tree. */
static void
node_steps(const struct sindex *ix, uint32_t n, uint32_t i, uint32_t *first,
    uint32_t *last)
{
	uint32_t depth = 0, span;

	while ((2u << depth) <= i)
		depth++;
	span = ix->size >> depth;
	*first = (i - (1u << depth)) * span * HULL_LEAF;
	*last = *first + span * HULL_LEAF;
	if (*first > n)
		*first = n;
	if (*last > n)
		*last = n;
}

static int
cmp_ient(const void *a, const void *b)
{
	const struct ient *x = a, *y = b;
	int c = u128_cmp(x->lo, y->lo);

	return c != 0 ? c : (x->step > y->step) - (x->step < y->step);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The bucket of steps [first, last): its dimension is the one whose
 * intervals cover the least of the bucket's hull, summed over them (the
 * hits a question can expect there).
 */
static void
build_bucket(struct arena *a, const struct slist *sl, const struct hull *h,
    uint32_t first, uint32_t last, struct bucket *bk)
{
	double best = 1e300;
	uint32_t cnt = 0;

	bk->dim = hull_dims[0];
	for (size_t d = 0; d < NHULL; d++) {
		double cover = 0, w;

		if (u128_cmp(h->lo[d], h->hi[d]) > 0)
			continue;
		w = u128_width(h->lo[d], h->hi[d]);
		for (uint32_t k = first; k < last; k++)
			for (size_t b = 0; b < sl->s[k].m.boxes.n; b++) {
				const struct ivset *v =
				    sl->s[k].m.boxes.v[b]->dim[hull_dims[d]];

				for (size_t i = 0; i < v->n; i++)
					cover += u128_width(v->iv[i].lo,
					    v->iv[i].hi) / w;
			}
		if (cover < best) {
			best = cover;
			bk->dim = hull_dims[d];
		}
	}
	for (uint32_t k = first; k < last; k++)
		for (size_t b = 0; b < sl->s[k].m.boxes.n; b++)
			cnt += (uint32_t)sl->s[k].m.boxes.v[b]->dim[bk->dim]->n;
	bk->e = arena_alloc(a, (cnt + 1) * sizeof(*bk->e));
	for (uint32_t k = first; k < last; k++)
		for (size_t b = 0; b < sl->s[k].m.boxes.n; b++) {
			const struct ivset *v =
			    sl->s[k].m.boxes.v[b]->dim[bk->dim];

			for (size_t i = 0; i < v->n; i++) {
				bk->e[bk->n].lo = v->iv[i].lo;
				bk->e[bk->n].hi = v->iv[i].hi;
				bk->e[bk->n].step = k;
				bk->n++;
			}
		}
	if (bk->n > 1)
		qsort(bk->e, bk->n, sizeof(*bk->e), cmp_ient);
	for (bk->size = 1; bk->size < bk->n; bk->size *= 2)
		;
	bk->maxhi = arena_zalloc(a, 2 * bk->size * sizeof(*bk->maxhi));
	for (uint32_t i = 0; i < bk->n; i++)
		bk->maxhi[bk->size + i] = bk->e[i].hi;
	for (uint32_t i = bk->size - 1; i >= 1; i--)
		bk->maxhi[i] = u128_cmp(bk->maxhi[2 * i],
		    bk->maxhi[2 * i + 1]) >= 0 ? bk->maxhi[2 * i] :
		    bk->maxhi[2 * i + 1];
}

static void
build_index(struct space_engine *c, struct slist *sl)
{
	struct sindex *ix = arena_zalloc(c->a, sizeof(*ix));
	uint32_t n = sl->l->nsteps, nb = (n + HULL_LEAF - 1) / HULL_LEAF;

	for (ix->size = 1; ix->size < nb; ix->size *= 2)
		;
	ix->h = arena_alloc(c->a, 2 * ix->size * sizeof(*ix->h));
	ix->ndoubt = arena_zalloc(c->a, 2 * ix->size * sizeof(*ix->ndoubt));
	for (uint32_t b = 0; b < ix->size; b++) {
		struct hull *h = &ix->h[ix->size + b];

		hull_empty(h);
		for (uint32_t k = b * HULL_LEAF; k < n &&
		    k < (b + 1) * HULL_LEAF; k++) {
			hull_add(h, &sl->s[k].m);
			ix->ndoubt[ix->size + b] += sl->s[k].doubtful;
		}
	}
	for (uint32_t i = ix->size - 1; i >= 1; i--) {
		hull_merge(&ix->h[i], &ix->h[2 * i], &ix->h[2 * i + 1]);
		ix->ndoubt[i] = ix->ndoubt[2 * i] + ix->ndoubt[2 * i + 1];
	}
	ix->b = arena_zalloc(c->a, ix->size * sizeof(*ix->b));
	for (uint32_t b = 0; b < nb; b++)
		build_bucket(c->a, sl, &ix->h[ix->size + b], b * HULL_LEAF,
		    b * HULL_LEAF + HULL_LEAF < n ? b * HULL_LEAF + HULL_LEAF :
		    n, &ix->b[b]);
	ix->stamp = arena_zalloc(c->a, (n + 1) * sizeof(*ix->stamp));
	sl->ix = ix;
}

/*
 * The steps in [from, below) whose M overlaps x, in order, read lazily:
 * most questions stop at the first step that answers them.  x may
 * shrink while the steps are read (they are matched against what is
 * left); it must not grow.  doubt: the doubtful steps only.
 */
struct point {
	enum family	 family;
	struct u128	 v[BOX_NDIMS];	/* BOX_DIM_ATOMS unused */
};

struct cands {
	const struct slist *sl;
	const struct region *x;		/* or pt: the steps holding it */
	const struct point *pt;
	struct hull	 q;		/* the hull of x when it started */
	uint32_t	 from, below;
	uint32_t	 hit[HULL_LEAF], nhit, ihit;	/* the bucket's */
	bool		 doubt;
	bool		 rev;		/* last step first */
	/* > 0: skip the subtrees whose steps cannot overlap x in more
	   than this volume (largest_other's branch and bound) */
	double		 atleast, other;
	int		 sp;
	uint32_t	 stack[72];
};

static void
cands_start(struct cands *it, const struct slist *sl, const struct region *x,
    uint32_t below)
{
	it->sl = sl;
	it->x = x;
	hull_empty(&it->q);
	hull_add(&it->q, x);
	it->from = 0;
	it->below = below;
	it->nhit = it->ihit = 0;
	it->doubt = false;
	it->rev = false;
	it->atleast = 0;
	it->pt = NULL;
	it->sp = 0;
	if (sl->l->nsteps > 0)
		it->stack[it->sp++] = 1;
}

/* A packet as a point of the boxes' space. */
static void
point_of(const struct box_universe *u, const struct packet *p,
    struct point *pt)
{
	memset(pt, 0, sizeof(*pt));
	pt->family = p->family;
	for (int d = 0; d < FIELD_COUNT; d++)
		pt->v[d] = p->value[d];
	pt->v[BOX_DIM_IN_IF] = u128_from64(box_universe_id(u, p->in_if));
	pt->v[BOX_DIM_OUT_IF] = u128_from64(box_universe_id(u, p->out_if));
	pt->v[BOX_DIM_PHYSDEV_IN] = u128_from64(box_universe_id(u,
	    p->physdev_in));
	pt->v[BOX_DIM_PHYSDEV_OUT] = u128_from64(box_universe_id(u,
	    p->physdev_out));
}

static bool
region_has_point(const struct region *r, const struct point *pt)
{
	for (size_t i = 0; i < r->boxes.n; i++) {
		const struct box *b = r->boxes.v[i];
		int d;

		if (b->family != pt->family)
			continue;
		for (d = 0; d < BOX_DIM_ATOMS; d++)
			if (!ivset_contains(b->dim[d], pt->v[d]))
				break;
		if (d == BOX_DIM_ATOMS)
			return true;
	}
	return false;
}

/* The steps before `below` that hold packet pt, in order. */
static void
cands_start_point(struct cands *it, const struct slist *sl,
    const struct point *pt, uint32_t below)
{
	struct region none;

	region_init(&none, sl->fam);
	cands_start(it, sl, &none, below);
	it->x = NULL;
	it->pt = pt;
	for (size_t d = 0; d < NHULL; d++)
		it->q.lo[d] = it->q.hi[d] = pt->v[hull_dims[d]];
}

/* Entries of node (leaves [l, r)) of bucket bk overlapping [lo, hi]. */
static void
bucket_walk(struct space_engine *c, struct sindex *ix, const struct bucket *bk,
    uint32_t node, uint32_t l, uint32_t r, struct u128 lo, struct u128 hi,
    struct cands *it)
{
	c->work++;
	if (l >= bk->n || u128_cmp(bk->maxhi[node], lo) < 0 ||
	    u128_cmp(bk->e[l].lo, hi) > 0)
		return;
	if (r - l == 1) {
		uint32_t st = bk->e[l].step;

		if (ix->stamp[st] != ix->qid && st >= it->from &&
		    st < it->below && (!it->doubt || it->sl->s[st].doubtful)) {
			ix->stamp[st] = ix->qid;
			it->hit[it->nhit++] = st;
		}
		return;
	}
	bucket_walk(c, ix, bk, 2 * node, l, (l + r) / 2, lo, hi, it);
	bucket_walk(c, ix, bk, 2 * node + 1, (l + r) / 2, r, lo, hi, it);
}

/* The steps of bucket b that may meet the question, in order. */
static void
bucket_hits(struct space_engine *c, struct cands *it, uint32_t b)
{
	struct sindex *ix = it->sl->ix;
	const struct bucket *bk = &ix->b[b];

	ix->qid++;
	it->nhit = it->ihit = 0;
	if (it->pt != NULL) {
		struct u128 v = it->pt->v[bk->dim];

		bucket_walk(c, ix, bk, 1, 0, bk->size, v, v, it);
	} else
		for (size_t x = 0; x < it->x->boxes.n; x++) {
			const struct ivset *v = it->x->boxes.v[x]->dim[bk->dim];

			for (size_t i = 0; i < v->n; i++)
				bucket_walk(c, ix, bk, 1, 0, bk->size,
				    v->iv[i].lo, v->iv[i].hi, it);
		}
	if (it->nhit > 1)
		qsort(it->hit, it->nhit, sizeof(*it->hit), cmp_u32);
}

static bool
cands_next(struct space_engine *c, struct cands *it, uint32_t *j)
{
	const struct slist *sl = it->sl;
	const struct sindex *ix = sl->ix;

	for (;;) {
		while (it->ihit < it->nhit) {
			uint32_t k = it->rev ? it->hit[it->nhit - 1 -
			    it->ihit++] : it->hit[it->ihit++];

			if (k < it->from)
				continue;
			if (it->pt != NULL ? (c->work++,
			    region_has_point(&sl->s[k].m, it->pt)) :
			    region_overlaps(c, &sl->s[k].m, it->x)) {
				*j = k;
				return true;
			}
		}
		for (;;) {
			uint32_t i, f, l;

			if (it->sp == 0)
				return false;
			i = it->stack[--it->sp];
			node_steps(ix, sl->l->nsteps, i, &f, &l);
			c->work++;
			if (f >= it->below || l <= it->from || f >= l ||
			    (it->doubt && ix->ndoubt[i] == 0) ||
			    !hull_meets(&ix->h[i], &it->q) ||
			    (it->atleast > 0 && hull_overlap(&ix->h[i],
			    &it->q) * it->other * (1 + 1e-9) < it->atleast))
				continue;
			if (i >= ix->size) {
				bucket_hits(c, it, i - ix->size);
				break;
			}
			it->stack[it->sp++] = 2 * i + !it->rev;
			it->stack[it->sp++] = 2 * i + it->rev;
		}
	}
}

/* Is every box of r inside one box of t? */
static bool
region_inside(struct space_engine *c, const struct region *r,
    const struct region *t)
{
	c->work += (size_t)r->boxes.n * t->boxes.n;
	for (size_t i = 0; i < r->boxes.n; i++) {
		bool in = false;

		for (size_t e = 0; e < t->boxes.n && !in; e++)
			in = box_subset(r->boxes.v[i], t->boxes.v[e]);
		if (!in)
			return false;
	}
	return true;
}

/* Does one taker before k whose M is all it takes cover all of x? */
static bool
single_cover(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct region *x)
{
	struct cands it;
	uint32_t j;

	cands_start(&it, sl, x, k);
	while (cands_next(c, &it, &j)) {
		const struct sstep *t = &sl->s[j];

		if (t->taker && k < t->until && t->retmin > k &&
		    region_inside(c, x, &t->m))
			return true;
	}
	return false;
}

/*
 * out = Fire(k) within x (x NULL: all of Fire(k)): M(k) minus what the
 * takers before it take from it.  Only takers whose M overlaps what is
 * left are looked at; a taker inside a RETURN range that ends before k
 * gives its own Fire, restricted to what is left (taken).
 */
static enum box_status
fire_in(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct region *x, struct region *out)
{
	struct sstep *s = &sl->s[k];
	struct region cur;
	struct cands it;
	uint32_t j;

	if (s->fire_done)
		return x == NULL ? (*out = s->fire, BOX_OK) :
		    region_and(c, &s->fire, x, out);
	if (x == NULL)
		cur = s->m;
	else if (region_and(c, &s->m, x, &cur) != BOX_OK)
		return BOX_OVER_BUDGET;
	/* A rule is most often shadowed by one earlier rule alone: look
	   for it first, before subtracting the others fragments M(k). */
	if (x == NULL && single_cover(c, sl, k, &cur))
		region_init(&cur, sl->fam);
	cands_start(&it, sl, &cur, k);
	while (!region_is_empty(&cur) && cands_next(c, &it, &j)) {
		const struct sstep *t = &sl->s[j];
		struct region part;

		if (!t->taker || k >= t->until ||
		    !region_overlaps(c, &cur, &t->m))
			continue;
		if (t->retmin > k) {
			if (region_minus(c, &cur, &t->m) != BOX_OK)
				return BOX_OVER_BUDGET;
			continue;
		}
		if (fire_in(c, sl, j, &cur, &part) != BOX_OK ||
		    region_minus(c, &cur, &part) != BOX_OK)
			return BOX_OVER_BUDGET;
	}
	if (x == NULL) {
		s->fire = persist(c, &cur);
		s->fire_done = true;
		s->known = region_is_empty(&cur) ? FIRE_EMPTY : FIRE_SOME;
	}
	*out = cur;
	return BOX_OK;
}

static bool
ensure_fire(struct space_engine *c, struct slist *sl, uint32_t k)
{
	struct region r;

	return sl->s[k].fire_done || fire_in(c, sl, k, NULL, &r) == BOX_OK;
}

/*
 * The default's region within x (x NULL: all of it): the reach minus
 * what every exact deciding step decides.
 */
static enum box_status
deflt_in(struct space_engine *c, struct slist *sl, const struct region *x,
    struct region *out)
{
	const struct norm_list *l = sl->l;
	struct region cur;
	struct cands it;
	uint32_t k;

	if (sl->deflt_done)
		return x == NULL ? (*out = sl->deflt, BOX_OK) :
		    region_and(c, &sl->deflt, x, out);
	if (x == NULL)
		cur = sl->reach;
	else if (region_and(c, &sl->reach, x, &cur) != BOX_OK)
		return BOX_OVER_BUDGET;
	cands_start(&it, sl, &cur, l->nsteps);
	while (!region_is_empty(&cur) && cands_next(c, &it, &k)) {
		struct region part;

		if (l->steps[k].kind != NORM_DECIDE || !sl->s[k].exact ||
		    !region_overlaps(c, &cur, &sl->s[k].m))
			continue;
		if (sl->s[k].retmin > l->nsteps) {
			if (region_minus(c, &cur, &sl->s[k].m) != BOX_OK)
				return BOX_OVER_BUDGET;
			continue;
		}
		if (fire_in(c, sl, k, &cur, &part) != BOX_OK ||
		    region_minus(c, &cur, &part) != BOX_OK)
			return BOX_OVER_BUDGET;
	}
	if (x == NULL) {
		sl->deflt = persist(c, &cur);
		sl->deflt_done = true;
	}
	*out = cur;
	return BOX_OK;
}

/* The doubt regions Q: Fire of every doubtful step. */
static bool
ensure_doubt(struct space_engine *c, struct slist *sl)
{
	if (sl->doubt_done)
		return true;
	for (uint32_t k = 0; k < sl->l->nsteps; k++)
		if (sl->s[k].doubtful) {
			if (!ensure_fire(c, sl, k))
				return false;
			if (!region_is_empty(&sl->s[k].fire))
				VEC_PUSH(c->keep, &sl->doubt, &sl->s[k].fire);
		}
	sl->doubt_done = true;
	return true;
}

static int	 fire_probe(struct space_engine *, struct slist *, uint32_t,
		    const struct region *, struct packet *);

/* Do packets of r meet a doubtful step?  (Restricted to r.) */
static bool
in_doubt(struct space_engine *c, struct slist *sl, const struct region *r)
{
	struct cands it;
	uint32_t k;

	cands_start(&it, sl, r, sl->l->nsteps);
	it.doubt = true;
	while (cands_next(c, &it, &k)) {
		struct packet q;

		if (fire_probe(c, sl, k, r, &q) != 0)
			return true;
	}
	return false;
}

/*
 * Is Fire(k) of a deciding step empty?  Witness first: a packet of M(k)
 * that the concrete walk brings to step k proves it is not, at the cost
 * of one walk; only when no such packet turns up is Fire(k) computed.
 */
static bool walk_first(struct space_engine *, const struct slist *,
		    const struct packet *, struct eval_outcome *);
static bool decide(struct space_engine *, struct slist *,
		    const struct packet *, const struct rule *, uint32_t,
		    struct eval_outcome *);
static struct packet *user_packet(struct space_engine *,
		    const struct slist *, const struct packet *);

/*
 * Move packet q (a point of box b) out of box e in one dimension where b
 * has values e lacks, preferring addresses and ports (the greedy sweep of
 * DESIGN.md 2c point 4).  False when b lies inside e.
 */
static bool
escape(struct space_engine *c, const struct box *b, const struct box *e,
    struct packet *q)
{
	static const int order[] = { FIELD_SRC4, FIELD_DST4, FIELD_SRC6,
	    FIELD_DST6, FIELD_DPORT, FIELD_SPORT, BOX_DIM_IN_IF,
	    BOX_DIM_OUT_IF, FIELD_PROTO };
	int d;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) + BOX_NDIMS;
	    i++) {
		const struct ivset *diff;
		struct u128 v;

		d = i < sizeof(order) / sizeof(order[0]) ? order[i] :
		    (int)(i - sizeof(order) / sizeof(order[0]));
		if (d == BOX_DIM_ATOMS || d == BOX_DIM_PHYSDEV_IN ||
		    d == BOX_DIM_PHYSDEV_OUT)
			continue;
		diff = ivset_subtract(c->a, b->dim[d], e->dim[d]);
		if (!ivset_first(diff, &v))
			continue;
		if (d < FIELD_COUNT) {
			q->value[d] = v;
			q->is_set[d] = true;
		} else if (d == BOX_DIM_IN_IF)
			q->in_if = box_universe_name(c->u, (unsigned)v.lo);
		else
			q->out_if = box_universe_name(c->u, (unsigned)v.lo);
		return true;
	}
	return false;
}

/*
 * Is Fire(k) of a deciding step empty?  Witness first: a packet of M(k)
 * that the concrete walk brings to step k proves it is not.  The search
 * starts at a readable point of each box of M(k) and, when an earlier
 * rule decides it, steps out of that rule's box and walks again, a few
 * dozen times at most.  Only when no such packet turns up is Fire(k)
 * computed exactly.
 */
/*
 * A point of box b, as a reader would pick it: TCP when b has some, and
 * through real interfaces when b allows both them and none ("tcp
 * 203.0.113.9 -> 198.51.100.5 in eth0" is checked by hand more easily
 * than a packet of protocol 0 from nowhere).
 */
static bool
point_in(struct space_engine *c, const struct box *b, struct packet *q)
{
	unsigned none = (unsigned)box_universe_size(c->u) - 1;
	struct box *t = box_copy(c->a, b);

	if (ivset_contains(b->dim[FIELD_PROTO], u128_from64(6)))
		t->dim[FIELD_PROTO] = ivset_single(c->a, u128_from64(6));
	for (int d = BOX_DIM_IN_IF; none > 0 && d <= BOX_DIM_OUT_IF; d++) {
		const struct ivset *real = ivset_intersect(c->a, t->dim[d],
		    ivset_range(c->a, u128_from64(0), u128_from64(none - 1)));

		if (!ivset_is_empty(real))
			t->dim[d] = real;
	}
	if (box_witness(c->u, t, q) && box_contains_packet(c->u, b, q))
		return true;
	return box_witness(c->u, b, q) && box_contains_packet(c->u, b, q);
}

/*
 * Where does packet q (a point of the boxes) go before step k?  The
 * steps that hold it, read in order from the index, as eval.c would
 * walk it: 1 it reaches k, 0 step *by takes it first, -1 a doubtful
 * step may (skip_doubt: doubtful steps take nothing, as for Fire).
 */
static int
reaches_step(struct space_engine *c, struct slist *sl, const struct packet *q,
    uint32_t k, bool skip_doubt, uint32_t *by)
{
	struct point pt;
	struct cands it;
	uint32_t j;

	point_of(c->u, q, &pt);
	cands_start_point(&it, sl, &pt, k + 1);
	while (cands_next(c, &it, &j)) {
		const struct norm_step *st = &sl->l->steps[j];

		if (j == k)
			return 1;
		if (sl->s[j].doubtful && !skip_doubt)
			return -1;
		if (!sl->s[j].taker)
			continue;
		*by = j;
		if (st->kind != NORM_RETURN || st->end > k)
			return 0;
		it.from = st->end;
	}
	*by = UINT32_MAX;
	return 0;
}

/*
 * A packet of x that step k decides, found by the greedy sweep (NULL:
 * none turned up, which proves nothing).  In the user's form; for a
 * doubtful step k, one that reaches it.  The sweep walks the index
 * (reaches_step); the packet found is walked by eval.c once.
 */
static struct packet *
find_reaching(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct region *x)
{
	for (uint32_t i = 0; i < x->boxes.n && i < 4; i++) {
		const struct box *b = x->boxes.v[i];
		struct packet q;

		if (!point_in(c, b, &q))
			continue;
		for (int tries = 0; tries < 16; tries++) {
			const struct box *e = NULL;
			struct eval_outcome o;
			struct packet *p;
			uint32_t j;
			int v;

			if (!box_contains_packet(c->u, b, &q))
				break;
			v = reaches_step(c, sl, &q, k, false, &j);
			if (v < 0)
				break;
			if (v > 0) {
				p = user_packet(c, sl, &q);
				/* the index's walk is eval.c's, for a
				   list in first-match form */
				if (sl->s[k].doubtful || sl->l == sl->orig ||
				    (walk_first(c, sl, p, &o) &&
				    o.decider == &sl->l->steps[k]))
					return p;
				break;
			}
			if (j == UINT32_MAX)
				break;
			for (uint32_t y = 0; y < sl->s[j].m.boxes.n; y++)
				if (box_contains_packet(c->u,
				    sl->s[j].m.boxes.v[y], &q))
					e = sl->s[j].m.boxes.v[y];
			if (e == NULL || !escape(c, b, e, &q))
				break;
		}
	}
	return NULL;
}

/*
 * Is Fire(k) within x empty?  1 no (*q, in the boxes' form, is a packet
 * of it), 0 yes, -1 the budget stops the question.  Led by packets: a
 * packet of what is left either reaches k, or the step that takes it
 * takes its whole M (or its Fire) out of what is left.  A rule covered
 * by one earlier rule costs one walk, and the takers that never meet
 * M(k)'s packets are never subtracted (each would fragment the region).
 */
static int
fire_probe(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct region *x, struct packet *q)
{
	struct region cur, part;
	uint32_t j;

	if (sl->s[k].fire_done) {
		if (x == NULL)
			cur = sl->s[k].fire;
		else if (region_and(c, &sl->s[k].fire, x, &cur) != BOX_OK)
			return -1;
		return region_is_empty(&cur) ? 0 :
		    point_in(c, cur.boxes.v[0], q) ? 1 : -1;
	}
	if (x == NULL)
		cur = sl->s[k].m;
	else if (region_and(c, &sl->s[k].m, x, &cur) != BOX_OK)
		return -1;
	while (!region_is_empty(&cur)) {
		const struct sstep *t;

		if (c->work > c->limit ||
		    !point_in(c, cur.boxes.v[0], q))
			return -1;
		if (reaches_step(c, sl, q, k, true, &j) > 0)
			return 1;
		if (j == UINT32_MAX)
			return -1;
		t = &sl->s[j];
		if (t->retmin > k) {
			if (region_minus(c, &cur, &t->m) != BOX_OK)
				return -1;
		} else if (fire_in(c, sl, j, &cur, &part) != BOX_OK ||
		    region_is_empty(&part) ||
		    region_minus(c, &cur, &part) != BOX_OK)
			return -1;
	}
	return 0;
}

static enum fire_known
fire_state(struct space_engine *c, struct slist *sl, uint32_t k)
{
	struct sstep *s = &sl->s[k];
	struct eval_outcome o;
	struct packet *p, q;

	if (s->known != FIRE_UNKNOWN)
		return s->known;
	p = find_reaching(c, sl, k, &s->m);
	if (p != NULL) {
		s->wit = arena_alloc(c->keep, sizeof(*p));
		*s->wit = *p;
		s->known = FIRE_SOME;
		return s->known;
	}
	switch (fire_probe(c, sl, k, NULL, &q)) {
	case 1:
		/* the witness when eval.c confirms it (no opaque step on
		   its way) */
		p = user_packet(c, sl, &q);
		if (decide(c, sl, p, NULL, 0, &o) &&
		    o.decider == &sl->l->steps[k]) {
			s->wit = arena_alloc(c->keep, sizeof(*p));
			*s->wit = *p;
		}
		s->known = FIRE_SOME;
		break;
	case 0:
		s->known = FIRE_EMPTY;
		break;
	}
	return s->known;
}

/*
 * Do packets of x reach step k (and so belong to Fire(k))?  1 yes, 0 no,
 * -1 the budget stops the question.  Witness first, then Fire(k) within
 * x only.
 */
static int
fire_meets(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct region *x)
{
	struct packet q;

	if (region_is_empty(x))
		return 0;
	if (find_reaching(c, sl, k, x) != NULL)
		return 1;
	return fire_probe(c, sl, k, x, &q);
}

static struct rslot *
rule_slot(struct space_engine *c, const struct rule *r)
{
	size_t i = ((uintptr_t)r >> 4) * 0x9e3779b1u & (c->cap - 1);

	while (c->slot[i].r != NULL && c->slot[i].r != r)
		i = (i + 1) & (c->cap - 1);
	if (c->slot[i].r == NULL) {
		c->slot[i].r = r;
		VEC_PUSH(c->a, &c->order, &c->slot[i]);
	}
	return &c->slot[i];
}

static bool
is_filtering(enum action_kind k)
{
	return k == ACTION_ACCEPT || k == ACTION_DROP || k == ACTION_REJECT;
}

/*
 * The walk of p through the first-match form, when nothing the model
 * does not understand is on its way (no alternative walk at all).
 */
static bool
walk_first(struct space_engine *c, const struct slist *sl,
    const struct packet *p, struct eval_outcome *out)
{
	struct packet q;
	struct eval_result res;

	if (!eval_entry_reaches(sl->e, p))
		return false;
	eval_packet_for_entry(sl->e, p, &q);
	memset(&res, 0, sizeof(res));
	eval_packet(c->a, sl->l, &q, &res);
	if (!res.determined || res.nalts > 0 || res.main.unknown ||
	    res.main.action == NULL)
		return false;
	*out = res.main;
	return true;
}

/* A box point as the user writes the packet (eval_packet_from_entry). */
static struct packet *
user_packet(struct space_engine *c, const struct slist *sl,
    const struct packet *q)
{
	struct packet *p = arena_alloc(c->a, sizeof(*p));

	eval_packet_from_entry(sl->e, q, p);
	return p;
}

static bool
in_match(const struct slist *sl, uint32_t k, const struct packet *p)
{
	const struct norm_step *st = &sl->l->steps[k];
	const struct match *scope = sl->l->scope;
	struct packet q;
	bool opaque;

	eval_packet_for_entry(sl->e, p, &q);
	for (uint32_t i = 0; i < st->nmatches; i++)
		if (st->matches[i] != NULL &&
		    !packet_matches(&q, st->matches[i], &opaque))
			return false;
	return scope == NULL || packet_matches(&q, scope, &opaque);
}

/*
 * A packet of r, preferably a TCP one: a reader checks "tcp 203.0.113.9
 * -> 198.51.100.5:80" more easily than a packet of protocol 0.
 */
static struct packet *
witness_in_entry(struct space_engine *c, const struct region *r)
{
	struct packet *p = arena_zalloc(c->a, sizeof(*p));
	struct box *tcp;
	struct region x = *r;

	if (region_is_empty(r))
		return NULL;
	tcp = box_full(c->a, c->u, r->family);
	tcp->dim[FIELD_PROTO] = ivset_single(c->a, u128_from64(6));
	region_intersect_box(c->a, &x, tcp);
	if (!region_is_empty(&x) && region_witness(c->u, &x, p))
		return p;
	return region_witness(c->u, r, p) ? p : NULL;
}

/* The same, as the user writes it (eval_packet_from_entry). */
static struct packet *
witness(struct space_engine *c, const struct slist *sl, const struct region *r)
{
	struct packet *q = witness_in_entry(c, r), *p;

	if (q == NULL)
		return NULL;
	p = arena_alloc(c->a, sizeof(*p));
	eval_packet_from_entry(sl->e, q, p);
	return p;
}

/*
 * Same decision: the same verdict (eval_same_verdict), and for a rule
 * that logs, a decision that logs too (removing a rule that decides and
 * logs would lose the log).
 */
static bool
same_decision(const struct rule *r, const struct action *act,
    const struct rule *decider)
{
	return eval_same_verdict(act, &r->action) &&
	    (!r->log || (decider != NULL && decider->log));
}

static struct space_finding *
add_finding(struct space_engine *c, enum space_kind kind, const struct rule *r,
    const struct entry_point *e, struct packet *w,
    const struct eval_outcome *o)
{
	struct space_finding f;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.rule = r;
	f.entry = e;
	f.witness = arena_alloc(c->out, sizeof(*f.witness));
	*f.witness = *w;
	/* the addresses it was walked with, shown even where the rule
	   allows any */
	if (w->family == FAMILY_IPV6)
		f.witness->is_set[FIELD_SRC6] = f.witness->is_set[FIELD_DST6] =
		    true;
	else
		f.witness->is_set[FIELD_SRC4] = f.witness->is_set[FIELD_DST4] =
		    true;
	f.verdict = eval_verdict_name(o->action);
	f.decider = o->decider != NULL ? o->decider->rule : NULL;
	VEC_PUSH(c->out, &c->res->findings, f);
	return &c->res->findings.v[c->res->findings.n - 1];
}

/*
 * Does a packet decided by a get another verdict than r's action gives?
 * Another kind, or another reply of REJECT (a TCP reset where the rule
 * sends an ICMP unreachable): the options of the other kinds (PF's state
 * and labels, say) are not what the packet gets (as diff weighs them).
 */
static bool
another_verdict(const struct action *a, const struct action *r)
{
	return a->kind != r->kind ||
	    (a->kind == ACTION_REJECT && !eval_same_verdict(a, r));
}

/*
 * The earlier exact deciding step, of another rule with another action
 * than r's, that overlaps most of left (UINT32_MAX: none).  Read from the
 * nearest step back: one that holds all of left ends the search.
 */
static uint32_t
largest_other(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct rule *r, const struct region *left)
{
	double best = 0, all = region_volume(left);
	uint32_t bj = UINT32_MAX, j;
	struct cands it;
	struct packet q;

	/* The step that decides left's first packet often holds all of
	   left (a rule shadowed by one rule): it may end the search before
	   it starts, and bounds it otherwise. */
	if (point_in(c, left->boxes.v[0], &q) &&
	    reaches_step(c, sl, &q, k, true, &j) == 0 && j != UINT32_MAX) {
		const struct norm_step *sj = &sl->l->steps[j];
		struct region x;

		if (sj->kind == NORM_DECIDE && sl->s[j].exact &&
		    sj->rule != NULL && sj->rule != r &&
		    another_verdict(sj->action, &r->action) &&
		    region_and(c, left, &sl->s[j].m, &x) == BOX_OK) {
			best = region_volume(&x);
			bj = j;
			if (best >= all)
				return bj;
		}
	}
	cands_start(&it, sl, left, k);
	it.rev = true;
	it.atleast = best;
	/* a step under a node overlaps each box b of left in at most the
	   node's hull times what b spans outside the hull dimensions */
	it.other = 0;
	for (size_t b = 0; b < left->boxes.n; b++) {
		double o = 1;

		for (int d = 0; d < BOX_NDIMS; d++) {
			bool in = false;

			for (size_t h = 0; h < NHULL && !in; h++)
				in = hull_dims[h] == d;
			if (!in)
				o *= ivset_count(left->boxes.v[b]->dim[d]);
		}
		it.other += o;
	}
	while (cands_next(c, &it, &j)) {
		const struct norm_step *sj = &sl->l->steps[j];
		struct region x;
		double v;

		if (sj->kind != NORM_DECIDE || !sl->s[j].exact ||
		    sj->rule == NULL || sj->rule == r ||
		    !another_verdict(sj->action, &r->action) ||
		    region_and(c, left, &sl->s[j].m, &x) != BOX_OK ||
		    region_is_empty(&x))
			continue;
		v = region_volume(&x);
		if (v > best || (v == best && j < bj)) {
			best = v;
			bj = j;
			/* a subtree that cannot do better is not read */
			it.atleast = best;
		}
		if (v >= all)
			break;
	}
	return bj;
}

/*
 * The step that takes a packet of left before k (UINT32_MAX: none), as
 * the walk finds it: the rules that decide left's packets, one at a time.
 */
static uint32_t
decider_of_some(struct space_engine *c, struct slist *sl, uint32_t k,
    const struct rule *r, const struct region *left)
{
	struct packet q;
	uint32_t j;

	(void)r;
	if (!point_in(c, left->boxes.v[0], &q) ||
	    reaches_step(c, sl, &q, k, true, &j) != 0)
		return UINT32_MAX;
	return j;
}

/*
 * A small covering set of M(r) among the earlier exact deciding steps:
 * the largest overlapping one with another action first, then the rules
 * that decide the packets still left, one witness at a time (a walk in
 * the index, where weighing every earlier rule would cost a pass over
 * thousands of them per related rule).  A rule inlined at several
 * places of the list is covered at each of them (the same related rules
 * serve them all where they can); "covers it" is said of a rule that
 * alone covers every place.
 */
static void
cover(struct space_engine *c, const struct rslot *rs, struct slist *sl,
    struct space_finding *f)
{
	const struct rule *r = rs->r;
	size_t cap = 8, places = 0;
	uint32_t *whole = arena_zalloc(c->a, cap * sizeof(*whole));

	f->related = arena_zalloc(c->out, cap * sizeof(*f->related));
	for (uint32_t o = 0; o < rs->occ.n; o++) {
		uint32_t k = rs->occ.v[o].k;
		struct region left;
		bool first = f->nrelated == 0;

		/* k is a step of the occurrence's own list */
		if (rs->occ.v[o].sl != sl)
			continue;
		left = sl->s[k].m;
		if (region_is_empty(&left))
			continue;
		places++;
		/* what the rules already chosen cover here, and which of
		   them cover all of it */
		for (size_t i = 0; i < f->nrelated; i++)
			for (uint32_t t = 0; t < k; t++) {
				struct region rest = sl->s[k].m;

				if (sl->l->steps[t].rule != f->related[i].rule ||
				    sl->l->steps[t].kind != NORM_DECIDE)
					continue;
				if (region_minus(c, &rest, &sl->s[t].m) ==
				    BOX_OK && region_is_empty(&rest))
					whole[i]++;
				if (region_minus(c, &left, &sl->s[t].m) !=
				    BOX_OK)
					return;
				break;
			}
		while (!region_is_empty(&left) && f->nrelated < cap) {
			uint32_t bj = first ? largest_other(c, sl, k, r, &left) :
			    decider_of_some(c, sl, k, r, &left);
			bool dup = false;

			if (bj == UINT32_MAX) {
				if (first) {
					first = false;
					continue;
				}
				break;
			}
			first = false;
			for (size_t i = 0; i < f->nrelated; i++)
				dup = dup || f->related[i].rule ==
				    sl->l->steps[bj].rule;
			if (!dup && sl->l->steps[bj].kind == NORM_DECIDE &&
			    sl->l->steps[bj].rule != NULL) {
				struct region rest = sl->s[k].m;

				f->related[f->nrelated].rule =
				    sl->l->steps[bj].rule;
				whole[f->nrelated] += region_minus(c, &rest,
				    &sl->s[bj].m) == BOX_OK &&
				    region_is_empty(&rest);
				f->nrelated++;
			}
			if (region_minus(c, &left, &sl->s[bj].m) != BOX_OK)
				break;
		}
	}
	for (size_t i = 0; i < f->nrelated; i++)
		f->related[i].covers_all = whole[i] == places;
}

struct pending {
	uint32_t	 at;		/* rejoins the flow at this step */
	struct region	 r;
};

struct pendings {
	struct pending	*v;
	uint32_t	 n, cap;
};

/* Add to cur what RETURNs send back in at steps (from, to]. */
static bool
rejoin(struct space_engine *c, struct region *cur, const struct pendings *p,
    uint32_t from, uint32_t to)
{
	for (uint32_t i = 0; i < p->n; i++)
		if (p->v[i].at > from && p->v[i].at <= to)
			for (size_t b = 0; b < p->v[i].r.boxes.n; b++)
				if (region_add_box(c->a, cur,
				    p->v[i].r.boxes.v[b], SPACE_BUDGET) !=
				    BOX_OK)
					return false;
	return true;
}

/* Do packets of p rejoin the flow after step j? */
static bool
pending_after(const struct pendings *p, uint32_t j)
{
	for (uint32_t i = 0; i < p->n; i++)
		if (p->v[i].at > j)
			return true;
	return false;
}

/*
 * Would the packets x that step j (or the default, j == nsteps) gets
 * from the push matter?  Only those of Fire(k) do: 1 some are, 0 none,
 * -1 the budget stops the question.  With Fire(k) unknown the push
 * carries all of M(k), a superset, and each place where it would
 * conclude is asked about Fire(k) there, restricted to x.
 */
static int
push_meets(struct space_engine *c, struct slist *sl, uint32_t k, bool exact,
    const struct region *x)
{
	return exact ? !region_is_empty(x) : fire_meets(c, sl, k, x);
}

/*
 * Push the packets R of Fire(k) down the list as if rule r were not
 * there.  Returns 1 when they all get r's decision, 0 when some does
 * not, -1 when the budget stops the question, -2 a doubtful step.
 *
 * Fire(k) of a rule behind thousands of others is a region of thousands
 * of boxes (M(k) minus each of them), so while it is not known the push
 * starts from M(k) instead: every packet goes its own way, so a packet
 * of M(k) outside Fire(k) changes nothing for the others, and only where
 * the push meets another decision (or a doubtful step) is it asked
 * whether packets of Fire(k) are among those (push_meets).
 */
static int
push_down(struct space_engine *c, struct slist *sl, uint32_t k)
{
	const struct norm_list *l = sl->l;
	const struct rule *r = l->steps[k].rule;
	struct sstep *sk = &sl->s[k];
	bool exact = sk->fire_done;
	struct region cur, end, part;
	struct pendings later;
	struct cands it;
	uint32_t j, done = k;
	int v;

	cur = exact ? sk->fire : sk->m;
	memset(&later, 0, sizeof(later));
	region_init(&end, sl->fam);
	/* Only steps overlapping the push can see its packets (what
	   RETURNs send on is part of it too); what they send rejoins in
	   order. */
	cands_start(&it, sl, exact ? &sk->fire : &sk->m, l->nsteps);
	it.from = k + 1;
	while (cands_next(c, &it, &j)) {
		const struct norm_step *st = &l->steps[j];
		struct sstep *s = &sl->s[j];

		if (j <= k)
			continue;
		if (!rejoin(c, &cur, &later, done, j))
			return -1;
		done = j;
		if (region_is_empty(&cur) && !pending_after(&later, j))
			break;
		if (region_is_empty(&cur) || st->rule == r ||
		    !region_overlaps(c, &cur, &s->m))
			continue;
		if (s->doubtful || (st->kind == NORM_DECIDE && s->taker &&
		    !same_decision(r, st->action, st->rule))) {
			if (region_and(c, &cur, &s->m, &part) != BOX_OK ||
			    (v = push_meets(c, sl, k, exact, &part)) < 0)
				return -1;
			if (v > 0)
				return s->doubtful ? -2 : 0;
			/* none of ours: what the step would do to them
			   does not matter, drop them from the push */
			if (region_minus(c, &cur, &s->m) != BOX_OK)
				return -1;
			continue;
		}
		if (!s->taker)
			continue;
		if (st->kind == NORM_RETURN) {
			struct pending pd;

			if (region_and(c, &cur, &s->m, &part) != BOX_OK)
				return -1;
			pd.at = st->end < l->nsteps ? st->end : l->nsteps;
			pd.r = part;
			VEC_PUSH(c->a, &later, pd);
		}
		if (region_minus(c, &cur, &s->m) != BOX_OK)
			return -1;
	}
	/* What rejoins after the last candidate meets no step: default. */
	if (!rejoin(c, &end, &later, done, l->nsteps))
		return -1;
	if (same_decision(r, l->default_action, NULL))
		return 1;
	for (size_t b = 0; b < end.boxes.n; b++)
		if (region_add_box(c->a, &cur, end.boxes.v[b], SPACE_BUDGET) !=
		    BOX_OK)
			return -1;
	v = push_meets(c, sl, k, exact, &cur);
	return v < 0 ? -1 : !v;
}

/* The list without rule r: its deciding steps only fall through. */
static struct norm_list *
without_rule(struct arena *a, const struct norm_list *l, const struct rule *r)
{
	struct norm_list *m = arena_alloc(a, sizeof(*m));

	*m = *l;
	m->steps = arena_alloc(a, (l->nsteps + 1) * sizeof(*m->steps));
	memcpy(m->steps, l->steps, l->nsteps * sizeof(*m->steps));
	for (uint32_t k = 0; k < l->nsteps; k++)
		if (m->steps[k].rule == r && m->steps[k].kind == NORM_DECIDE)
			m->steps[k].kind = NORM_CONTINUE;
	return m;
}

/* Rule r was left unjudged because the engine's budget ran out. */
static void
over_budget(struct space_engine *c, const struct rslot *rs,
    const struct slist *sl)
{
	struct space_unjudged u;

	c->res->undetermined++;
	u.rule = rs->r;
	u.entry = sl != NULL ? sl->e : NULL;
	VEC_PUSH(c->out, &c->res->over_budget, u);
}

/*
 * The decision for packet w (the user's form) in sl's list, with rule
 * `without` taken out (its deciding steps only fall through) when it is
 * not NULL.  A list in first-match form is walked in the index: the steps
 * that hold the packet, in order, as eval.c walks them (eval.c's walk
 * reads every step of a chain up to the one that decides, thousands in a
 * large one, for each of tens of thousands of questions).  A PF list
 * judged through its first-match form is walked by eval.c as written.
 * False when a doubtful step may decide the packet.  from: a step the
 * packet is known to reach (0, or the step after one that the packet
 * reaches and `without` would have decided), where the walk may start.
 */
static bool
decide(struct space_engine *c, struct slist *sl, const struct packet *w,
    const struct rule *without, uint32_t from, struct eval_outcome *o)
{
	const struct norm_list *l = sl->l;
	struct packet q;
	struct point pt;
	struct cands it;
	uint32_t j;

	if (l != sl->orig)
		return eval_decide(c->a, without != NULL ? without_rule(c->a,
		    sl->orig, without) : sl->orig, w, o);
	if (!eval_entry_reaches(sl->e, w))
		return false;
	eval_packet_for_entry(sl->e, w, &q);
	point_of(c->u, &q, &pt);
	cands_start_point(&it, sl, &pt, l->nsteps);
	it.from = from;
	memset(o, 0, sizeof(*o));
	while (cands_next(c, &it, &j)) {
		const struct norm_step *st = &l->steps[j];

		if (sl->s[j].doubtful)
			return false;
		if (!sl->s[j].taker ||
		    (without != NULL && st->rule == without))
			continue;
		if (st->kind == NORM_DECIDE) {
			o->decider = st;
			o->action = st->action;
			return true;
		}
		it.from = st->end;
	}
	o->action = l->default_action;
	return o->action != NULL;
}

static void
judge_rule(struct space_engine *c, struct rslot *rs)
{
	const struct rule *r = rs->r;
	bool any_m = false, any_fire = false, differs = false, same = true;
	struct occ *first = NULL;
	struct region wreg, rest;
	struct eval_outcome o;
	struct packet *w;
	struct cands it;

	for (uint32_t i = 0; i < rs->occ.n; i++) {
		struct occ *oc = &rs->occ.v[i];
		struct sstep *s;
		enum fire_known fk;

		if (!oc->sl->ok || !oc->sl->s[oc->k].exact) {
			c->res->undetermined++;
			return;
		}
		s = &oc->sl->s[oc->k];
		if (region_is_empty(&s->m))
			continue;
		any_m = true;
		if (first == NULL)
			first = oc;
		fk = fire_state(c, oc->sl, oc->k);
		if (fk == FIRE_UNKNOWN) {
			over_budget(c, rs, oc->sl);
			return;
		}
		if (fk == FIRE_SOME && !any_fire) {
			any_fire = true;
			first = oc;
		}
	}
	if (!any_m)
		return;
	if (any_fire) {
		struct eval_outcome o2;
		struct sstep *fs = &first->sl->s[first->k];

		if (!(c->kinds & (1u << SPACE_REDUNDANT_DOWN)))
			return;
		/* Witness first: one packet the rule decides that gets
		   another verdict without it refutes redundancy. */
		if (fs->wit != NULL &&
		    decide(c, first->sl, fs->wit, r, first->k + 1, &o2) &&
		    !same_decision(r, o2.action, o2.decider != NULL ?
		    o2.decider->rule : NULL))
			return;
		for (uint32_t i = 0; i < rs->occ.n; i++) {
			struct occ *oc = &rs->occ.v[i];
			int v;

			if (fire_state(c, oc->sl, oc->k) != FIRE_SOME)
				continue;
			v = push_down(c, oc->sl, oc->k);
			if (v == -1)
				over_budget(c, rs, oc->sl);
			else if (v < 0)
				c->res->undetermined++;
			if (v <= 0)
				return;
		}
		/* the witness: the packet that showed Fire(k) not empty */
		if (fs->wit != NULL)
			w = fs->wit;
		else if (!ensure_fire(c, first->sl, first->k)) {
			over_budget(c, rs, first->sl);
			return;
		} else
			w = witness(c, first->sl, &fs->fire);
		/* fs->wit was walked to r's step k (find_reaching): its
		   decision without r is the walk on from k + 1 */
		memset(&o, 0, sizeof(o));
		if (w != NULL && w == fs->wit &&
		    first->sl->l == first->sl->orig) {
			o.decider = &first->sl->l->steps[first->k];
			o.action = o.decider->action;
		}
		if (w == NULL || (o.decider == NULL &&
		    !decide(c, first->sl, w, NULL, 0, &o)) ||
		    o.decider == NULL || o.decider->rule != r ||
		    !decide(c, first->sl, w, r, w == fs->wit ?
		    first->k + 1 : 0, &o2) ||
		    !same_decision(r, o2.action, o2.decider != NULL ?
		    o2.decider->rule : NULL)) {
			if (first->sl->has_doubt)
				c->res->undetermined++;
			else
				c->res->unconfirmed++;
			return;
		}
		add_finding(c, SPACE_REDUNDANT_DOWN, r, first->sl->e, w, &o2);
		return;
	}
	/* Fire(r) is empty: how are the packets of M(r) decided? */
	region_init(&wreg, first->sl->fam);
	for (uint32_t i = 0; i < rs->occ.n; i++) {
		struct occ *oc = &rs->occ.v[i];
		struct slist *sl = oc->sl;
		const struct region *m = &sl->s[oc->k].m;

		if (region_is_empty(m))
			continue;
		/* rest: the packets of M(r) not yet placed; the parts of
		   distinct deciding steps are disjoint, so the walk ends
		   when none are left */
		rest = *m;
		cands_start(&it, sl, &rest, sl->l->nsteps);
		for (bool more = true; more && !region_is_empty(&rest) &&
		    !(differs && !same);) {
			const struct action *act;
			struct region x;
			uint32_t j;

			more = cands_next(c, &it, &j);
			if (!more) {
				if (deflt_in(c, sl, &rest, &x) != BOX_OK) {
					over_budget(c, rs, sl);
					return;
				}
				act = sl->l->default_action;
			} else {
				if (sl->l->steps[j].kind != NORM_DECIDE ||
				    !sl->s[j].exact ||
				    !region_overlaps(c, &sl->s[j].m, &rest))
					continue;
				if (fire_in(c, sl, j, &rest, &x) != BOX_OK) {
					over_budget(c, rs, sl);
					return;
				}
				act = sl->l->steps[j].action;
			}
			if (region_is_empty(&x))
				continue;
			if (act != NULL && !another_verdict(act, &r->action)) {
				/* upward: a rule that never decides never
				   logs either, so only the verdict counts */
				if (!eval_same_verdict(act, &r->action))
					same = false;
			} else {
				same = false;
				if (!differs) {
					differs = true;
					wreg = x;
					first = oc;
				}
			}
			if (more && region_minus(c, &rest, &x) != BOX_OK) {
				over_budget(c, rs, sl);
				return;
			}
		}
	}
	if (differs && (c->kinds & (1u << SPACE_SHADOWED))) {
		struct space_finding *f;

		/* Fire(r) is empty whatever the doubtful steps do (they
		   take nothing here), but the claim is that its packets are
		   decided, every one of them, before it: no doubtful step
		   may touch them. */
		for (uint32_t i = 0; i < rs->occ.n; i++) {
			struct occ *oc = &rs->occ.v[i];

			if (!region_is_empty(&oc->sl->s[oc->k].m) &&
			    in_doubt(c, oc->sl, &oc->sl->s[oc->k].m)) {
				c->res->undetermined++;
				return;
			}
		}
		w = witness(c, first->sl, &wreg);
		if (w == NULL || !in_match(first->sl, first->k, w) ||
		    !decide(c, first->sl, w, NULL, 0, &o) ||
		    (o.decider != NULL && o.decider->rule == r) ||
		    !another_verdict(o.action, &r->action)) {
			if (first->sl->has_doubt)
				c->res->undetermined++;
			else
				c->res->unconfirmed++;
			return;
		}
		f = add_finding(c, SPACE_SHADOWED, r, first->sl->e, w, &o);
		cover(c, rs, first->sl, f);
	} else if (!differs && same &&
	    (c->kinds & (1u << SPACE_REDUNDANT))) {
		/* "Every packet gets r's verdict anyway" is a claim about all
		   of M(r): no doubtful step may touch it. */
		for (uint32_t i = 0; i < rs->occ.n; i++) {
			struct occ *oc = &rs->occ.v[i];

			if (!region_is_empty(&oc->sl->s[oc->k].m) &&
			    in_doubt(c, oc->sl, &oc->sl->s[oc->k].m)) {
				c->res->undetermined++;
				return;
			}
		}
		w = witness(c, first->sl, &first->sl->s[first->k].m);
		if (w == NULL || !in_match(first->sl, first->k, w) ||
		    !decide(c, first->sl, w, NULL, 0, &o) ||
		    (o.decider != NULL && o.decider->rule == r) ||
		    !eval_same_verdict(o.action, &r->action)) {
			c->res->unconfirmed++;
			return;
		}
		add_finding(c, SPACE_REDUNDANT, r, first->sl->e, w, &o);
	}
}

/*
 * The first step on packet q's way (q a point of the boxes) that decides
 * it or may (a doubtful one), walked in the index; UINT32_MAX: the
 * default decides it.
 */
static uint32_t
first_decider(struct space_engine *c, struct slist *sl, const struct packet *q)
{
	const struct norm_list *l = sl->l;
	struct point pt;
	struct cands it;
	uint32_t j;

	point_of(c->u, q, &pt);
	cands_start_point(&it, sl, &pt, l->nsteps);
	while (cands_next(c, &it, &j)) {
		if (sl->s[j].doubtful || (sl->s[j].taker &&
		    l->steps[j].kind == NORM_DECIDE))
			return j;
		if (sl->s[j].taker)
			it.from = l->steps[j].end;
	}
	return UINT32_MAX;
}

/*
 * Do packets reach sl's default, touched by no doubtful step on their
 * way?  Led by packets, as fire_probe: a packet of what is left walks the
 * index; the step that takes it first (or the doubtful step it meets)
 * takes its whole M, or its Fire when a RETURN may send packets around
 * it, out of what is left.  1: *w is such a packet; 0: none;
 * -2: none but some packets met doubtful steps (nothing is claimed about
 * them); -1: the budget stops the question.
 */
static int
default_probe(struct space_engine *c, struct slist *sl, struct packet *w)
{
	const struct norm_list *l = sl->l;
	struct region cur = sl->reach, part;
	bool doubt = false;

	while (!region_is_empty(&cur)) {
		struct packet q;
		uint32_t by;

		if (c->work > c->limit ||
		    !point_in(c, cur.boxes.v[0], &q))
			return -1;
		by = first_decider(c, sl, &q);
		if (by == UINT32_MAX) {
			eval_packet_from_entry(sl->e, &q, w);
			return 1;
		}
		doubt = doubt || sl->s[by].doubtful;
		if (!sl->s[by].doubtful && sl->s[by].retmin > l->nsteps) {
			if (region_minus(c, &cur, &sl->s[by].m) != BOX_OK)
				return -1;
		} else if (fire_in(c, sl, by, &cur, &part) != BOX_OK ||
		    region_is_empty(&part) ||
		    region_minus(c, &cur, &part) != BOX_OK)
			return -1;
	}
	return doubt ? -2 : 0;
}

static void
judge_default(struct space_engine *c, const struct entry_point *e, size_t from,
    size_t to)
{
	for (size_t i = from; i < to; i++) {
		struct slist *sl = c->lists.v[i];
		struct eval_outcome o;
		struct packet *w;

		if (!sl->ok) {
			c->res->undetermined++;
			return;
		}
		if (sl->l->default_action == NULL ||
		    sl->l->default_action->kind != ACTION_ACCEPT)
			continue;
		/* Witness first: a readable packet of the reach that the
		   walk hands to the default proves it. */
		w = witness(c, sl, &sl->reach);
		if (w != NULL && walk_first(c, sl, w, &o) &&
		    o.decider == NULL && eval_decide(c->a, sl->orig, w, &o) &&
		    o.decider == NULL && o.action->kind == ACTION_ACCEPT) {
			add_finding(c, SPACE_NO_DEFAULT_DENY, NULL, e, w, &o);
			return;
		}
		w = arena_alloc(c->a, sizeof(*w));
		switch (default_probe(c, sl, w)) {
		case -1:
			c->res->undetermined++;
			continue;
		case 0:
			continue;
		case -2:
			c->res->undetermined++;
			continue;
		}
		if (!eval_decide(c->a, sl->orig, w, &o) ||
		    o.decider != NULL || o.action->kind != ACTION_ACCEPT) {
			c->res->unconfirmed++;
			continue;
		}
		add_finding(c, SPACE_NO_DEFAULT_DENY, NULL, e, w, &o);
		return;
	}
}

struct space_result *
space_analyze(struct arena *a, const struct policy *p, unsigned kinds)
{
	struct space_engine c;
	struct norm_policy *np;
	struct arena *scratch;
	size_t i, nsteps = 0;

	memset(&c, 0, sizeof(c));
	c.a = c.keep = arena_new();
	/* building the lists is linear: the budget is for the questions */
	c.limit = c.budget = SPACE_WORK_MAX;
	c.out = a;
	c.kinds = kinds;
	c.res = arena_zalloc(a, sizeof(*c.res));
	c.u = box_universe_new(c.a, p->strings);
	box_universe_add_policy(c.u, p);
	if (box_universe_finish(c.u) != 0 || !box_universe_exact(c.u)) {
		arena_free(c.a);
		return c.res;
	}
	c.ok = true;
	np = normalize_policy(c.a, p, NULL);
	for (i = 0; i < np->nlists; i++) {
		const struct norm_list *orig = &np->lists[i];
		const struct norm_list *l = norm_first_match_equivalent(c.a,
		    orig);
		const struct entry_point *e = orig->entry;

		if (!e->filters)
			continue;
		for (int f = FAMILY_IPV4; f <= FAMILY_IPV6; f <<= 1) {
			struct slist *sl;

			if (!(e->family & f) && e->family != FAMILY_NONE)
				continue;
			if (e->family == FAMILY_NONE && f != FAMILY_IPV4)
				continue;
			sl = arena_zalloc(c.a, sizeof(*sl));
			/* an anchor quick: nothing is judged there */
			sl->l = l != NULL ? l : orig;
			sl->orig = orig;
			sl->e = e;
			sl->fam = (enum family)f;
			sl->ok = l != NULL && !l->truncated &&
			    build_list(&c, sl);
			VEC_PUSH(c.a, &c.lists, sl);
			nsteps += sl->l->nsteps;
		}
	}
	/* Each list gets its share of the run's budget, by its steps: a
	   huge FORWARD chain must not starve INPUT.  A rule's work is
	   charged to the list of its first occurrence. */
	c.budget = nsteps * SPACE_WORK_PER_STEP;
	if (c.budget < SPACE_WORK)
		c.budget = SPACE_WORK;
	if (c.budget > SPACE_WORK_MAX)
		c.budget = SPACE_WORK_MAX;
	for (i = 0; i < c.lists.n; i++)
		c.lists.v[i]->budget = (size_t)((double)c.budget *
		    (double)c.lists.v[i]->l->nsteps / (double)(nsteps + 1)) +
		    SPACE_RULE_WORK;
	c.cap = 16;
	while (c.cap < nsteps * 2 + 2)
		c.cap *= 2;
	c.slot = arena_zalloc(c.a, c.cap * sizeof(*c.slot));
	for (i = 0; i < c.lists.n; i++) {
		struct slist *sl = c.lists.v[i];

		for (uint32_t k = 0; k < sl->l->nsteps; k++) {
			const struct norm_step *st = &sl->l->steps[k];
			struct occ oc = { sl, k };

			if (st->kind != NORM_DECIDE || st->rule == NULL ||
			    !is_filtering(st->action->kind))
				continue;
			VEC_PUSH(c.a, &rule_slot(&c, st->rule)->occ, oc);
		}
	}
	scratch = arena_new();
	if (kinds & ((1u << SPACE_SHADOWED) | (1u << SPACE_REDUNDANT) |
	    (1u << SPACE_REDUNDANT_DOWN)))
		for (i = 0; i < c.order.n; i++) {
			/* what one rule's questions compute, it drops; what
			   they may cost is bounded */
			struct rslot *rs = c.order.v[i];
			struct slist *own = rs->occ.n > 0 ? rs->occ.v[0].sl :
			    NULL;
			size_t left = own == NULL ? SPACE_RULE_WORK :
			    own->spent < own->budget ? own->budget -
			    own->spent : 0, w0 = c.work;

			if (left == 0) {
				over_budget(&c, rs, own);
				continue;
			}
			c.a = scratch;
			c.limit = c.work + (left < SPACE_RULE_WORK ? left :
			    SPACE_RULE_WORK);
			judge_rule(&c, rs);
			c.limit = c.work + SPACE_WORK;
			if (own != NULL)
				own->spent += c.work - w0;
			arena_reset(scratch);
			c.a = c.keep;
		}
	/* the defaults' questions: a share of their own */
	c.limit = c.work + SPACE_WORK / 10;
	if (kinds & (1u << SPACE_NO_DEFAULT_DENY))
		for (i = 0; i < c.lists.n;) {
			size_t j = i;

			while (j < c.lists.n && c.lists.v[j]->e ==
			    c.lists.v[i]->e)
				j++;
			judge_default(&c, c.lists.v[i]->e, i, j);
			i = j;
		}
	arena_free(scratch);
	arena_free(c.a);
	return c.res;
}

/*
 * The engine for other questions than the anomaly checks (diff): one
 * universe over every policy given, so that interface ids agree.
 */
struct space_engine *
space_engine_new(struct arena *out, const struct policy *const *p, size_t n,
    bool atoms)
{
	struct arena *a = arena_new();
	struct space_engine *c = arena_zalloc(a, sizeof(*c));

	c->a = c->keep = a;
	c->limit = SPACE_WORK;
	c->out = out;
	c->res = arena_zalloc(a, sizeof(*c->res));
	c->u = box_universe_new(a, p[0]->strings);
	if (atoms)
		box_universe_use_atoms(c->u);
	for (size_t i = 0; i < n; i++)
		box_universe_add_policy(c->u, p[i]);
	c->ok = box_universe_finish(c->u) == 0 && box_universe_exact(c->u);
	return c;
}

void
space_engine_free(struct space_engine *c)
{
	if (c != NULL) {
		if (c->question != NULL)
			arena_free(c->question);
		arena_free(c->keep);
	}
}

void
space_engine_scratch(struct space_engine *c, bool on)
{
	if (on) {
		if (c->question == NULL)
			c->question = arena_new();
		c->a = c->question;
	} else {
		c->a = c->keep;
		if (c->question != NULL)
			arena_reset(c->question);
	}
}

bool
space_engine_ok(const struct space_engine *c)
{
	return c->ok && c->work <= c->limit;
}

struct arena *
space_engine_arena(struct space_engine *c)
{
	return c->a;
}

bool
space_partition_list(struct space_engine *c, const struct norm_list *orig,
    enum family fam, struct space_partition *out)
{
	const struct norm_list *l;
	struct slist *sl;

	memset(out, 0, sizeof(*out));
	out->fam = fam;
	out->orig = orig;
	region_init(&out->reach, fam);
	if (!c->ok || orig->truncated ||
	    (l = norm_first_match_equivalent(c->a, orig)) == NULL)
		return false;
	sl = arena_zalloc(c->a, sizeof(*sl));
	sl->l = l;
	sl->orig = orig;
	sl->e = orig->entry;
	sl->fam = fam;
	if (!build_list(c, sl))
		return false;
	out->reach = sl->reach;
	out->first = l;
	if (deflt_in(c, sl, NULL, &sl->deflt) != BOX_OK ||
	    !ensure_doubt(c, sl))
		return false;
	out->steps = arena_zalloc(c->a, (l->nsteps + 1) * sizeof(*out->steps));
	for (uint32_t k = 0; k < l->nsteps; k++) {
		if (!ensure_fire(c, sl, k))
			return false;
		out->steps[k].m = &sl->s[k].m;
		out->steps[k].fire = &sl->s[k].fire;
		out->steps[k].exact = sl->s[k].exact;
		out->steps[k].doubtful = sl->s[k].doubtful;
	}
	for (size_t i = 0; i < sl->doubt.n; i++)
		VEC_PUSH(c->a, &out->doubt, sl->doubt.v[i]);
	for (uint32_t k = 0; k < l->nsteps; k++) {
		const struct norm_step *st = &l->steps[k];
		struct space_cell cell;

		if (region_is_empty(&sl->s[k].fire))
			continue;
		memset(&cell, 0, sizeof(cell));
		cell.region = &sl->s[k].fire;
		cell.rule = st->rule;
		cell.action = st->action;
		if (sl->s[k].doubtful)
			cell.kind = SPACE_CELL_DOUBT;
		else if (st->kind == NORM_DECIDE)
			cell.kind = SPACE_CELL_RULE;
		else
			continue;
		VEC_PUSH(c->a, &out->cells, cell);
	}
	if (!region_is_empty(&sl->deflt)) {
		struct space_cell cell;

		memset(&cell, 0, sizeof(cell));
		cell.kind = SPACE_CELL_DEFAULT;
		cell.region = &sl->deflt;
		cell.action = l->default_action;
		VEC_PUSH(c->a, &out->cells, cell);
	}
	out->ok = true;
	return true;
}

/*
 * space_partition_within's cells of `within`, step by step: Fire(k)
 * within it for every deciding or doubtful step that overlaps it, then
 * the default's part (cur: within and the reach).
 */
static bool
partition_by_steps(struct space_engine *c, struct slist *sl,
    const struct region *within, const struct region *cur,
    struct space_partition *out)
{
	const struct norm_list *l = sl->l;
	struct region *d = arena_alloc(c->a, sizeof(*d));
	struct space_cell cell;
	struct cands it;
	uint32_t k;

	memset(&out->cells, 0, sizeof(out->cells));
	memset(&out->doubt, 0, sizeof(out->doubt));
	cands_start(&it, sl, within, l->nsteps);
	while (cands_next(c, &it, &k)) {
		const struct norm_step *st = &l->steps[k];
		struct region *r;

		if (!sl->s[k].doubtful && (st->kind != NORM_DECIDE ||
		    !sl->s[k].exact))
			continue;
		r = arena_alloc(c->a, sizeof(*r));
		if (fire_in(c, sl, k, cur, r) != BOX_OK)
			return false;
		if (region_is_empty(r))
			continue;
		memset(&cell, 0, sizeof(cell));
		cell.kind = sl->s[k].doubtful ? SPACE_CELL_DOUBT :
		    SPACE_CELL_RULE;
		cell.region = r;
		cell.rule = st->rule;
		cell.action = st->action;
		VEC_PUSH(c->a, &out->cells, cell);
		if (cell.kind == SPACE_CELL_DOUBT)
			VEC_PUSH(c->a, &out->doubt, r);
	}
	if (deflt_in(c, sl, cur, d) != BOX_OK)
		return false;
	if (!region_is_empty(d)) {
		memset(&cell, 0, sizeof(cell));
		cell.kind = SPACE_CELL_DEFAULT;
		cell.region = d;
		cell.action = l->default_action;
		VEC_PUSH(c->a, &out->cells, cell);
	}
	out->ok = true;
	return true;
}

/*
 * The slist of orig for `diff`'s questions: M and the index built once, in
 * the lasting arena, for all the questions about it.  NULL: it cannot be
 * judged exactly.
 */
static struct slist *
built_list(struct space_engine *c, const struct norm_list *orig,
    enum family fam)
{
	const struct norm_list *l;
	struct slist *sl;
	struct arena *q = c->a;
	bool ok;

	for (size_t i = 0; i < c->nbuilt; i++)
		if (c->built[i].orig == orig && c->built[i].fam == fam)
			return c->built[i].sl;
	c->a = c->keep;
	l = norm_first_match_equivalent(c->a, orig);
	sl = arena_zalloc(c->a, sizeof(*sl));
	sl->l = l != NULL ? l : orig;
	sl->orig = orig;
	sl->e = orig->entry;
	sl->fam = fam;
	ok = l != NULL && build_list(c, sl);
	c->a = q;
	if (!ok)
		return NULL;
	if (c->nbuilt < sizeof(c->built) / sizeof(c->built[0])) {
		c->built[c->nbuilt].orig = orig;
		c->built[c->nbuilt].fam = fam;
		c->built[c->nbuilt].sl = sl;
		c->nbuilt++;
	}
	return sl;
}

bool
space_fire_of(struct space_engine *c, const struct norm_list *orig,
    enum family fam, uint32_t k, struct region *out)
{
	struct slist *sl = built_list(c, orig, fam);
	struct arena *q = c->a;
	struct region fire;
	bool ok;

	if (c->question == NULL)
		c->question = arena_new();
	if (sl == NULL || sl->l != orig || k >= orig->nsteps ||
	    !sl->s[k].exact)
		return false;
	/* computed in the scratch arena, not kept by the engine: only a
	   compact Fire is worth more than M to the caller (a fragmented
	   one costs more to compare than the packets it leaves out) */
	if (c->question == NULL || q == c->question)
		return false;
	c->a = c->question;
	ok = fire_in(c, sl, k, &sl->s[k].m, &fire) == BOX_OK &&
	    fire.boxes.n <= 512;
	c->a = q;
	if (ok)
		*out = persist_step(q, c->question, &fire);
	arena_reset(c->question);
	return ok;
}

bool
space_partition_within(struct space_engine *c, const struct norm_list *orig,
    enum family fam, const struct region *within, struct space_partition *out)
{
	const struct norm_list *l;
	struct slist *sl;
	struct region cur, all;

	if (within == NULL)
		return space_partition_list(c, orig, fam, out);
	memset(out, 0, sizeof(*out));
	out->fam = fam;
	out->orig = orig;
	region_init(&out->reach, fam);
	if (!c->ok || orig->truncated)
		return false;
	if ((sl = built_list(c, orig, fam)) == NULL)
		return false;
	l = sl->l;
	/* the reach is the list's own (a change is described against all
	   the packets, not the ones asked about); the cells are within */
	out->reach = sl->reach;
	if (region_and(c, &sl->reach, within, &cur) != BOX_OK)
		return false;
	all = cur;
	out->first = l;
	/* Led by packets: a packet of what is left is walked to the step
	   that decides it (or a doubtful one, or the default), whose region
	   within what is left is one cell; only the steps that decide some
	   packet of `within` are asked, not every step that overlaps it. */
	while (!region_is_empty(&cur)) {
		struct space_cell cell;
		struct region *r = arena_alloc(c->a, sizeof(*r));
		struct packet q;
		uint32_t by;

		if (c->work > c->limit || !point_in(c, cur.boxes.v[0], &q))
			return false;
		by = first_decider(c, sl, &q);
		memset(&cell, 0, sizeof(cell));
		if (by == UINT32_MAX) {
			if (deflt_in(c, sl, &cur, r) != BOX_OK)
				return false;
			cell.kind = SPACE_CELL_DEFAULT;
			cell.action = l->default_action;
		} else {
			if (fire_in(c, sl, by, &cur, r) != BOX_OK)
				return false;
			cell.kind = sl->s[by].doubtful ? SPACE_CELL_DOUBT :
			    SPACE_CELL_RULE;
			cell.rule = l->steps[by].rule;
			cell.action = l->steps[by].action;
		}
		/* the walk and the regions disagree (an opaque condition
		   is a free boolean there, the walk does not see it): ask
		   every step that overlaps `within` instead */
		if (region_is_empty(r))
			return partition_by_steps(c, sl, within, &all, out);
		cell.region = r;
		VEC_PUSH(c->a, &out->cells, cell);
		if (cell.kind == SPACE_CELL_DOUBT)
			VEC_PUSH(c->a, &out->doubt, r);
		if (region_minus(c, &cur, r) != BOX_OK)
			return false;
	}
	out->ok = true;
	return true;
}

size_t
space_engine_work(const struct space_engine *c)
{
	return c->work;
}

void
space_engine_allow(struct space_engine *c, size_t more)
{
	c->limit = c->work + more;
}

bool
space_overlaps(struct space_engine *c, const struct region *x,
    const struct region *y)
{
	return region_overlaps(c, x, y);
}

enum box_status
space_and(struct space_engine *c, const struct region *x,
    const struct region *y, struct region *out)
{
	return region_and(c, x, y, out);
}

enum box_status
space_minus(struct space_engine *c, struct region *r, const struct region *y)
{
	return region_minus(c, r, y);
}

enum box_status
space_add(struct space_engine *c, struct region *r, const struct region *y)
{
	c->work += (size_t)r->boxes.n * y->boxes.n;
	if (c->work > c->limit)
		return BOX_OVER_BUDGET;
	for (size_t i = 0; i < y->boxes.n; i++)
		if (region_add_box(c->a, r, y->boxes.v[i], SPACE_BUDGET) !=
		    BOX_OK)
			return BOX_OVER_BUDGET;
	return BOX_OK;
}

struct packet *
space_witness(struct space_engine *c, const struct entry_point *e,
    const struct region *r)
{
	struct packet *q = witness_in_entry(c, r), *p;

	if (q == NULL)
		return NULL;
	p = arena_alloc(c->a, sizeof(*p));
	eval_packet_from_entry(e, q, p);
	return p;
}

const struct box_universe *
space_universe(const struct space_engine *c)
{
	return c->u;
}

const struct space_result *
space_for_checks(struct check_context *ctx)
{
	if (ctx->space == NULL)
		ctx->space = space_analyze(ctx->arena, ctx->policy,
		    1u << SPACE_SHADOWED | 1u << SPACE_REDUNDANT |
		    1u << SPACE_REDUNDANT_DOWN | 1u << SPACE_NO_DEFAULT_DENY);
	return ctx->space;
}
