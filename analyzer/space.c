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
 * - M of every step is built up front, with an overlap index per list
 *   (one interval tree per block of steps over the most selective
 *   dimension) so that "which steps may meet X" visits candidates only.
 * - Whether a rule fires is answered witness first: a packet of M(k),
 *   moved out of the boxes of the rules that take it (a greedy sweep),
 *   walked by eval.c until step k decides it.  Only when that fails is
 *   Fire(k) computed, and then restricted to the packets the question is
 *   about wherever it can be (fire_in, deflt_in).
 * - Redundancy is refuted first by one packet that gets another verdict
 *   without the rule; only the survivors are pushed down exactly.
 * - What one rule's questions allocate lives in an arena freed after
 *   them (memos are copied out), and each rule may spend at most
 *   SPACE_RULE_WORK of the run's SPACE_WORK: a rule over it is left
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
 * The overlap index of one list (DESIGN.md 2c point 3): the intervals of
 * every step's M in one dimension, the most selective one for this list,
 * sorted by lower end, with a segment tree of the greatest upper end, so
 * that "which steps may overlap X" visits only the candidates (plus the
 * steps that are "any" in that dimension, which match everything).
 */
struct ient {
	struct u128	 lo, hi;
	uint32_t	 step;
	const struct box *box;		/* the box of M(step) it comes from */
};

/* One tree per block of consecutive steps, so that a question about
   the steps before k never visits the ones after it. */
#define INDEX_BLOCK	512

struct itree {
	uint32_t	 first, last;	/* steps [first, last) */
	uint32_t	 n, size;	/* entries; leaves of the tree */
	struct ient	*e;
	struct u128	*maxhi;		/* 2 * size nodes, 1-based */
};

struct sindex {
	int		 dim;
	struct itree	*t;
	uint32_t	 nt;
	uint32_t	*stamp;		/* per step: last query that saw it */
	uint32_t	 qid;
	VEC(uint32_t)	 hits;
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
	bool		 ok;		/* the universe is exact */
	/* work past which operations give up: SPACE_WORK for the run,
	   less while one rule's questions are asked (SPACE_RULE_WORK) */
	size_t		 limit;
};

/*
 * Every region operation pays box pairs into c->work; past SPACE_WORK the
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
	struct arena *a = c->a;
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
	for (k = 0; k < l->nsteps; k++) {
		const struct norm_step *st = &l->steps[k];
		struct sstep *s = &sl->s[k];
		const struct match **ms;
		struct region m;

		if (st->kind == NORM_ANCHOR_QUICK ||
		    (st->kind == NORM_DECIDE && !st->final))
			return false;
		ms = arena_alloc(a, (st->nmatches + 1) * sizeof(*ms));
		for (uint32_t i = 0; i < st->nmatches; i++)
			ms[i] = st->matches[i];
		ms[st->nmatches] = scope;
		if (box_from_matches(a, c->u, sl->fam, ms,
		    st->nmatches + (scope ? 1 : 0), &m, &s->exact) != BOX_OK)
			return false;
		if (region_and(c, &m, &dom, &s->m) != BOX_OK)
			return false;
		s->doubtful = st->kind == NORM_UNKNOWN ||
		    (!s->exact && (st->kind == NORM_DECIDE ||
		    st->kind == NORM_RETURN));
		s->taker = s->exact && (st->kind == NORM_DECIDE ||
		    st->kind == NORM_RETURN);
		s->until = st->kind == NORM_DECIDE ? l->nsteps : st->end;
		s->known = region_is_empty(&s->m) ? FIRE_EMPTY : FIRE_UNKNOWN;
		sl->has_doubt = sl->has_doubt || s->doubtful;
	}
	build_index(c, sl);
	return true;
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

static void
build_index(struct space_engine *c, struct slist *sl)
{
	static const int dims[] = { FIELD_DST4, FIELD_SRC4, FIELD_DST6,
	    FIELD_SRC6, FIELD_DPORT, BOX_DIM_OUT_IF, BOX_DIM_IN_IF };
	struct arena *a = c->a;
	struct sindex *ix = arena_zalloc(a, sizeof(*ix));
	double best = 1e300;
	size_t i;
	uint32_t k, n = 0, step;

	ix->dim = FIELD_DST4;
	/*
	 * The most selective dimension: the fewest pairs of steps that
	 * overlap in it, counted on a sample of up to 256 steps spread over
	 * the list (rules of one VLAN chain share its source range, say,
	 * and differ in their destinations: a share-of-space measure would
	 * not see that).
	 */
	step = sl->l->nsteps > 256 ? sl->l->nsteps / 256 : 1;
	for (i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
		double score = 0;

		if (dims[i] < FIELD_COUNT &&
		    field_info((enum field)dims[i])->family != FAMILY_ANY &&
		    field_info((enum field)dims[i])->family != sl->fam)
			continue;
		for (k = 0; k < sl->l->nsteps; k += step)
			for (uint32_t j = 0; j < sl->l->nsteps; j += step) {
				const struct region *x = &sl->s[k].m;
				const struct region *y = &sl->s[j].m;

				if (x->boxes.n == 0 || y->boxes.n == 0)
					continue;
				score += ivset_overlaps(
				    x->boxes.v[0]->dim[dims[i]],
				    y->boxes.v[0]->dim[dims[i]]);
			}
		if (score < best) {
			best = score;
			ix->dim = dims[i];
		}
	}
	(void)n;
	ix->nt = (sl->l->nsteps + INDEX_BLOCK - 1) / INDEX_BLOCK;
	ix->t = arena_zalloc(a, (ix->nt + 1) * sizeof(*ix->t));
	for (uint32_t t = 0; t < ix->nt; t++) {
		struct itree *tr = &ix->t[t];
		uint32_t cnt = 0;

		tr->first = t * INDEX_BLOCK;
		tr->last = tr->first + INDEX_BLOCK < sl->l->nsteps ?
		    tr->first + INDEX_BLOCK : sl->l->nsteps;
		for (k = tr->first; k < tr->last; k++)
			for (uint32_t b = 0; b < sl->s[k].m.boxes.n; b++)
				cnt += (uint32_t)
				    sl->s[k].m.boxes.v[b]->dim[ix->dim]->n;
		tr->e = arena_alloc(a, (cnt + 1) * sizeof(*tr->e));
		for (k = tr->first; k < tr->last; k++)
			for (uint32_t b = 0; b < sl->s[k].m.boxes.n; b++) {
				const struct box *bx = sl->s[k].m.boxes.v[b];
				const struct ivset *v = bx->dim[ix->dim];

				for (i = 0; i < v->n; i++) {
					tr->e[tr->n].lo = v->iv[i].lo;
					tr->e[tr->n].hi = v->iv[i].hi;
					tr->e[tr->n].step = k;
					tr->e[tr->n].box = bx;
					tr->n++;
				}
			}
		qsort(tr->e, tr->n, sizeof(*tr->e), cmp_ient);
		for (tr->size = 1; tr->size < tr->n; tr->size *= 2)
			;
		tr->maxhi = arena_zalloc(a, 2 * tr->size *
		    sizeof(*tr->maxhi));
		for (i = 0; i < tr->n; i++)
			tr->maxhi[tr->size + i] = tr->e[i].hi;
		for (i = tr->size - 1; i >= 1; i--)
			tr->maxhi[i] = u128_cmp(tr->maxhi[2 * i],
			    tr->maxhi[2 * i + 1]) >= 0 ? tr->maxhi[2 * i] :
			    tr->maxhi[2 * i + 1];
	}
	ix->stamp = arena_zalloc(a, (sl->l->nsteps + 1) * sizeof(*ix->stamp));
	sl->ix = ix;
}

/*
 * Entries of node (covering leaves [l, r)) overlapping [lo, hi] whose
 * step is before `below` and whose box meets q.
 */
static void
index_walk(struct space_engine *c, struct sindex *ix, const struct itree *t,
    uint32_t node, uint32_t l, uint32_t r, struct u128 lo, struct u128 hi,
    uint32_t below, const struct box *q)
{
	if (l >= t->n || u128_cmp(t->maxhi[node], lo) < 0 ||
	    u128_cmp(t->e[l].lo, hi) > 0)
		return;
	if (r - l == 1) {
		uint32_t st = t->e[l].step;

		/* a leaf costs about one box pair (the overlap test) */
		c->work++;
		if (st < below && ix->stamp[st] != ix->qid &&
		    box_overlaps(q, t->e[l].box)) {
			ix->stamp[st] = ix->qid;
			VEC_PUSH(c->keep, &ix->hits, st);
		}
		return;
	}
	index_walk(c, ix, t, 2 * node, l, (l + r) / 2, lo, hi, below, q);
	index_walk(c, ix, t, 2 * node + 1, (l + r) / 2, r, lo, hi, below, q);
}

/*
 * The steps before `below` whose M overlaps x, in order.  The result
 * lives until the next query on this list.
 */
static const uint32_t *
candidates(struct space_engine *c, struct slist *sl, const struct region *x,
    uint32_t below, uint32_t *n)
{
	struct sindex *ix = sl->ix;

	ix->hits.n = 0;
	ix->qid++;
	for (uint32_t t = 0; t < ix->nt && ix->t[t].first < below; t++)
		for (uint32_t b = 0; b < x->boxes.n; b++) {
			const struct ivset *v = x->boxes.v[b]->dim[ix->dim];

			for (size_t i = 0; i < v->n; i++)
				index_walk(c, ix, &ix->t[t], 1, 0,
				    ix->t[t].size, v->iv[i].lo, v->iv[i].hi,
				    below, x->boxes.v[b]);
		}
	if (ix->hits.n > 1)
		qsort(ix->hits.v, ix->hits.n, sizeof(*ix->hits.v), cmp_u32);
	*n = ix->hits.n;
	return ix->hits.v;
}

/* A private copy of a query's result (queries nest). */
static uint32_t *
candidates_copy(struct space_engine *c, struct slist *sl,
    const struct region *x, uint32_t below, uint32_t *n)
{
	const uint32_t *v = candidates(c, sl, x, below, n);
	uint32_t *w = arena_alloc(c->a, (*n + 1) * sizeof(*w));

	if (*n > 0)
		memcpy(w, v, *n * sizeof(*w));
	return w;
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
	uint32_t *cand, ncand;

	if (s->fire_done)
		return x == NULL ? (*out = s->fire, BOX_OK) :
		    region_and(c, &s->fire, x, out);
	if (x == NULL)
		cur = s->m;
	else if (region_and(c, &s->m, x, &cur) != BOX_OK)
		return BOX_OVER_BUDGET;
	cand = candidates_copy(c, sl, &cur, k, &ncand);
	for (uint32_t ci = 0; ci < ncand && !region_is_empty(&cur); ci++) {
		uint32_t j = cand[ci];
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
	uint32_t *cand, ncand;

	if (sl->deflt_done)
		return x == NULL ? (*out = sl->deflt, BOX_OK) :
		    region_and(c, &sl->deflt, x, out);
	if (x == NULL)
		cur = sl->reach;
	else if (region_and(c, &sl->reach, x, &cur) != BOX_OK)
		return BOX_OVER_BUDGET;
	cand = candidates_copy(c, sl, &cur, l->nsteps, &ncand);
	for (uint32_t ci = 0; ci < ncand && !region_is_empty(&cur); ci++) {
		uint32_t k = cand[ci];
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

/* Do packets of r meet a doubtful step?  (Restricted to r.) */
static bool
in_doubt(struct space_engine *c, struct slist *sl, const struct region *r)
{
	uint32_t ncand, *cand = candidates_copy(c, sl, r, sl->l->nsteps,
	    &ncand);

	for (uint32_t ci = 0; ci < ncand; ci++) {
		uint32_t k = cand[ci];
		struct region part;

		if (!sl->s[k].doubtful || !region_overlaps(c, &sl->s[k].m, r))
			continue;
		if (fire_in(c, sl, k, r, &part) != BOX_OK ||
		    !region_is_empty(&part))
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
static enum fire_known
fire_state(struct space_engine *c, struct slist *sl, uint32_t k)
{
	struct sstep *s = &sl->s[k];

	if (s->known != FIRE_UNKNOWN)
		return s->known;
	for (uint32_t i = 0; i < s->m.boxes.n && i < 4; i++) {
		const struct box *b = s->m.boxes.v[i];
		struct packet q;

		if (!box_witness(c->u, b, &q))
			continue;
		for (int tries = 0; tries < 16; tries++) {
			struct packet *p = user_packet(c, sl, &q);
			struct eval_outcome o;
			const struct box *e = NULL;
			uint32_t j;

			if (!box_contains_packet(c->u, b, &q) ||
			    !walk_first(c, sl, p, &o))
				break;
			if (o.decider == &sl->l->steps[k]) {
				s->wit = arena_alloc(c->keep, sizeof(*p));
				*s->wit = *p;
				s->known = FIRE_SOME;
				return s->known;
			}
			if (o.decider == NULL)
				break;
			j = (uint32_t)(o.decider - sl->l->steps);
			if (j >= k)
				break;
			for (uint32_t x = 0; x < sl->s[j].m.boxes.n; x++)
				if (box_contains_packet(c->u,
				    sl->s[j].m.boxes.v[x], &q))
					e = sl->s[j].m.boxes.v[x];
			if (e == NULL || !escape(c, b, e, &q))
				break;
		}
	}
	if (!ensure_fire(c, sl, k))
		return FIRE_UNKNOWN;
	return s->known;
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
	f.verdict = eval_verdict_name(o->action);
	f.decider = o->decider != NULL ? o->decider->rule : NULL;
	VEC_PUSH(c->out, &c->res->findings, f);
	return &c->res->findings.v[c->res->findings.n - 1];
}

/*
 * A small covering set of M(r) among the earlier exact deciding steps:
 * the largest overlapping one with another action first, then greedily
 * the one covering most of what is left.  A rule inlined at several
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
			double best = 0;
			uint32_t bj = UINT32_MAX;
			uint32_t ncand, *cand = candidates_copy(c, sl, &left,
			    k, &ncand);

			for (uint32_t ci = 0; ci < ncand; ci++) {
				uint32_t j = cand[ci];
				const struct norm_step *sj = &sl->l->steps[j];
				struct region x;
				double v;
				bool dup = false;

				if (sj->kind != NORM_DECIDE ||
				    !sl->s[j].exact || sj->rule == NULL ||
				    sj->rule == r || (first &&
				    sj->action->kind == r->action.kind))
					continue;
				for (size_t i = 0; i < f->nrelated; i++)
					dup = dup || f->related[i].rule ==
					    sj->rule;
				if (dup || region_and(c, &left, &sl->s[j].m,
				    &x) != BOX_OK || region_is_empty(&x))
					continue;
				v = region_volume(&x);
				if (v > best) {
					best = v;
					bj = j;
				}
			}
			if (bj == UINT32_MAX) {
				if (first) {
					first = false;
					continue;
				}
				break;
			}
			first = false;
			f->related[f->nrelated].rule = sl->l->steps[bj].rule;
			{
				struct region rest = sl->s[k].m;

				whole[f->nrelated] += region_minus(c, &rest,
				    &sl->s[bj].m) == BOX_OK &&
				    region_is_empty(&rest);
			}
			f->nrelated++;
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

/*
 * Push the packets R of Fire(k) down the list as if rule r were not
 * there.  Returns 1 when they all get r's decision, 0 when some does
 * not, -1 when the budget stops the question, -2 a doubtful step.
 */
static int
push_down(struct space_engine *c, struct slist *sl, uint32_t k)
{
	const struct norm_list *l = sl->l;
	const struct rule *r = l->steps[k].rule;
	struct region cur, end;
	struct pendings later;
	uint32_t ncand, *cand, done = k;

	if (!ensure_fire(c, sl, k))
		return -1;
	cur = sl->s[k].fire;
	memset(&later, 0, sizeof(later));
	region_init(&end, sl->fam);
	/* Only steps overlapping Fire(k) can see its packets (what RETURNs
	   send on is part of it too); what they send rejoins in order. */
	cand = candidates_copy(c, sl, &cur, l->nsteps, &ncand);
	for (uint32_t ci = 0; ci < ncand; ci++) {
		uint32_t j = cand[ci];
		const struct norm_step *st = &l->steps[j];
		struct sstep *s = &sl->s[j];
		struct region part;

		if (j <= k)
			continue;
		if (!rejoin(c, &cur, &later, done, j))
			return -1;
		done = j;
		if (region_is_empty(&cur) || st->rule == r ||
		    !region_overlaps(c, &cur, &s->m))
			continue;
		if (s->doubtful)
			return -2;
		if (!s->taker)
			continue;
		if (st->kind == NORM_DECIDE &&
		    !same_decision(r, st->action, st->rule))
			return 0;
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
	if ((!region_is_empty(&cur) || !region_is_empty(&end)) &&
	    !same_decision(r, l->default_action, NULL))
		return 0;
	return 1;
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
 * The walk of w through sl's original list with rule r taken out (its
 * deciding steps only fall through).  A first-match list is changed in
 * place for the walk and restored, at the rule's own steps: copying a
 * 100,000-step list for every rule would make the check quadratic.
 */
static bool
confirm_without(struct space_engine *c, const struct rslot *rs,
    const struct slist *sl, const struct packet *w, struct eval_outcome *o)
{
	bool ok;

	if (sl->l != sl->orig)
		return eval_decide(c->a, without_rule(c->a, sl->orig, rs->r),
		    w, o);
	for (uint32_t i = 0; i < rs->occ.n; i++) {
		struct norm_step *st = (struct norm_step *)
		    &sl->l->steps[rs->occ.v[i].k];

		if (rs->occ.v[i].sl == sl && st->kind == NORM_DECIDE)
			st->kind = NORM_CONTINUE;
	}
	ok = eval_decide(c->a, sl->orig, w, o);
	for (uint32_t i = 0; i < rs->occ.n; i++)
		if (rs->occ.v[i].sl == sl)
			((struct norm_step *)
			    &sl->l->steps[rs->occ.v[i].k])->kind = NORM_DECIDE;
	return ok;
}

static void
judge_rule(struct space_engine *c, struct rslot *rs)
{
	const struct rule *r = rs->r;
	bool any_m = false, any_fire = false, differs = false, same = true;
	struct occ *first = NULL;
	struct region wreg;
	struct eval_outcome o;
	struct packet *w;

	if (c->work > SPACE_WORK) {
		over_budget(c, rs, rs->occ.n > 0 ? rs->occ.v[0].sl : NULL);
		return;
	}
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
		if (fs->wit == NULL) {
			if (!ensure_fire(c, first->sl, first->k)) {
				over_budget(c, rs, first->sl);
				return;
			}
			w = witness(c, first->sl, &fs->fire);
			if (w != NULL) {
				fs->wit = arena_alloc(c->keep, sizeof(*w));
				*fs->wit = *w;
			}
		}
		if (fs->wit != NULL &&
		    confirm_without(c, rs, first->sl, fs->wit, &o2) &&
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
		if (!ensure_fire(c, first->sl, first->k)) {
			over_budget(c, rs, first->sl);
			return;
		}
		w = witness(c, first->sl, &fs->fire);
		if (w == NULL || !eval_decide(c->a, first->sl->orig, w, &o) ||
		    o.decider == NULL || o.decider->rule != r ||
		    !confirm_without(c, rs, first->sl, w, &o2) ||
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
		uint32_t ncand, *cand = candidates_copy(c, sl, m,
		    sl->l->nsteps, &ncand);

		for (uint32_t ci = 0; ci <= ncand; ci++) {
			uint32_t j = ci < ncand ? cand[ci] : sl->l->nsteps;
			const struct action *act;
			struct region x;

			if (j == sl->l->nsteps) {
				if (deflt_in(c, sl, m, &x) != BOX_OK) {
					over_budget(c, rs, sl);
					return;
				}
				act = sl->l->default_action;
			} else {
				if (sl->l->steps[j].kind != NORM_DECIDE ||
				    !sl->s[j].exact ||
				    !region_overlaps(c, &sl->s[j].m, m))
					continue;
				if (fire_in(c, sl, j, m, &x) != BOX_OK) {
					over_budget(c, rs, sl);
					return;
				}
				act = sl->l->steps[j].action;
			}
			if (region_is_empty(&x))
				continue;
			if (act != NULL && act->kind == r->action.kind) {
				/* upward: a rule that never decides never
				   logs either, so only the verdict counts */
				if (!eval_same_verdict(act, &r->action))
					same = false;
				continue;
			}
			same = false;
			if (!differs) {
				differs = true;
				wreg = x;
				first = oc;
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
		    !eval_decide(c->a, first->sl->orig, w, &o) ||
		    (o.decider != NULL && o.decider->rule == r) ||
		    o.action->kind == r->action.kind) {
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
		    !eval_decide(c->a, first->sl->orig, w, &o) ||
		    (o.decider != NULL && o.decider->rule == r) ||
		    !eval_same_verdict(o.action, &r->action)) {
			c->res->unconfirmed++;
			return;
		}
		add_finding(c, SPACE_REDUNDANT, r, first->sl->e, w, &o);
	}
}

static void
judge_default(struct space_engine *c, const struct entry_point *e, size_t from,
    size_t to)
{
	for (size_t i = from; i < to; i++) {
		struct slist *sl = c->lists.v[i];
		struct region d;
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
		if (deflt_in(c, sl, NULL, &d) != BOX_OK ||
		    !ensure_doubt(c, sl)) {
			c->res->undetermined++;
			continue;
		}
		if (region_is_empty(&d))
			continue;
		for (size_t q = 0; q < sl->doubt.n; q++)
			if (region_minus(c, &d, sl->doubt.v[q]) != BOX_OK) {
				region_init(&d, sl->fam);
				break;
			}
		if (region_is_empty(&d)) {
			c->res->undetermined++;
			continue;
		}
		w = witness(c, sl, &d);
		if (w == NULL || !eval_decide(c->a, sl->orig, w, &o) ||
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
	c.limit = SPACE_WORK;
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
			c.a = scratch;
			c.limit = c.work + SPACE_RULE_WORK < SPACE_WORK ?
			    c.work + SPACE_RULE_WORK : SPACE_WORK;
			judge_rule(&c, c.order.v[i]);
			c.limit = SPACE_WORK;
			arena_reset(scratch);
			c.a = c.keep;
		}
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
	if (c != NULL)
		arena_free(c->a);
}

bool
space_engine_ok(const struct space_engine *c)
{
	return c->ok && c->work <= SPACE_WORK;
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
