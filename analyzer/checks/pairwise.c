/*
 * pairwise.c - rule pairs for correlated and generalization (pairwise.h).
 *
 * One engine per policy (space.h, no atoms: every claim is about real
 * packets), one partition per filtering list and family, then every pair
 * of eligible steps in order.  Cheap tests come first (same rule, same
 * decision, pair already found), then the overlap test, and only then the
 * subset tests and intersections.
 *
 * Cost: the pairs are quadratic in the list length.  Lists of more than
 * PAIRWISE_MAX_STEPS steps are skipped, every region operation pays into
 * the engine's work budget (SPACE_WORK box pairs, the partitions
 * included), and at most PAIRWISE_CAP pairs (and box pairs of the subset
 * tests) are looked at per policy; past any of these the remaining pairs
 * are silently not examined (a note-level relation is not worth an
 * undetermined finding).
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "analyzer/box.h"
#include "analyzer/check.h"
#include "analyzer/checks/pairwise.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/model.h"
#include "core/packet.h"

#define PAIRWISE_CAP	((size_t)20000000)
/*
 * Longer lists are not examined at all: their partitions need the Fire
 * region of every step, which for a catch-all is the complement of all
 * the rules before it (hundreds of megabytes on a dense 1,000-rule list),
 * and their pairs would mostly be cut anyway.
 */
#define PAIRWISE_MAX_STEPS 400
/* Bytes of the subset tests' scratch arena before it is renewed. */
#define TMP_RENEW	((size_t)16 << 20)

struct pslot {
	const struct rule *a, *b;
	enum pairwise_kind kind;
};

struct pw {
	struct arena	*out;
	struct space_engine *c;
	struct arena	*a;		/* the engine's scratch arena */
	struct arena	*tmp;		/* the subset tests' */
	struct pairwise_result *res;
	struct pslot	*slot;		/* pairs found, open addressing */
	size_t		 cap, used;
	size_t		 pairs;		/* looked at so far */
};

static size_t
pair_hash(const struct rule *a, const struct rule *b, enum pairwise_kind k,
    size_t cap)
{
	uint64_t v = (uint64_t)(uintptr_t)a * 0x9e3779b97f4a7c15ull ^
	    (uint64_t)(uintptr_t)b ^ (uint64_t)k;

	v ^= v >> 29;
	v *= 0xbf58476d1ce4e5b9ull;
	v ^= v >> 32;
	return (size_t)v & (cap - 1);
}

static struct pslot *
pair_find(struct pw *w, const struct rule *a, const struct rule *b,
    enum pairwise_kind k)
{
	size_t i = pair_hash(a, b, k, w->cap);

	while (w->slot[i].a != NULL && (w->slot[i].a != a ||
	    w->slot[i].b != b || w->slot[i].kind != k))
		i = (i + 1) & (w->cap - 1);
	return &w->slot[i];
}

static bool
pair_seen(struct pw *w, const struct rule *a, const struct rule *b,
    enum pairwise_kind k)
{
	return pair_find(w, a, b, k)->a != NULL;
}

static void
pair_add(struct pw *w, const struct rule *a, const struct rule *b,
    enum pairwise_kind k)
{
	struct pslot *s;

	if ((w->used + 1) * 2 > w->cap) {
		struct pslot *old = w->slot;
		size_t ocap = w->cap;

		w->cap *= 2;
		w->slot = arena_zalloc(w->a, w->cap * sizeof(*w->slot));
		for (size_t i = 0; i < ocap; i++)
			if (old[i].a != NULL)
				*pair_find(w, old[i].a, old[i].b,
				    old[i].kind) = old[i];
	}
	s = pair_find(w, a, b, k);
	if (s->a == NULL) {
		s->a = a;
		s->b = b;
		s->kind = k;
		w->used++;
	}
}

static bool
is_filtering(enum action_kind k)
{
	return k == ACTION_ACCEPT || k == ACTION_DROP || k == ACTION_REJECT;
}

/* Different decisions: another verdict, or other target options. */
static bool
differ(const struct action *x, const struct action *y)
{
	return !eval_same_verdict(x, y);
}

/*
 * 1: x inside y, 0: not, -1: over budget.  Most answers come from single
 * boxes without allocating (a box of x inside one box of y, or meeting
 * none); only the rest subtracts.
 */
static int
subset(struct pw *w, const struct region *x, const struct region *y)
{
	struct region r = *x;
	bool all = true;

	w->pairs += (size_t)x->boxes.n * y->boxes.n;
	for (size_t i = 0; i < x->boxes.n; i++) {
		bool in = false, meets = false;

		for (size_t j = 0; j < y->boxes.n && !in; j++) {
			in = box_subset(x->boxes.v[i], y->boxes.v[j]);
			meets = meets || in ||
			    box_overlaps(x->boxes.v[i], y->boxes.v[j]);
		}
		if (!meets)
			return 0;
		all = all && in;
	}
	if (all)
		return 1;
	/* the difference is thrown away: subtract in the scratch arena,
	   renewed now and then, not in the engine's */
	if (arena_used(w->tmp) > TMP_RENEW) {
		arena_free(w->tmp);
		w->tmp = arena_new();
	}
	w->pairs += (size_t)x->boxes.n * y->boxes.n;
	for (size_t j = 0; j < y->boxes.n && !region_is_empty(&r); j++)
		if (region_subtract_box(w->tmp, &r, y->boxes.v[j],
		    SPACE_BUDGET) != BOX_OK)
			return -1;
	return region_is_empty(&r);
}

/* Does step k of the first-match form match p (entry scope included)? */
static bool
in_match(const struct space_partition *pt, uint32_t k, const struct packet *p)
{
	const struct norm_step *st = &pt->first->steps[k];
	const struct match *scope = pt->first->scope;
	struct packet q;
	bool opaque;

	eval_packet_for_entry(pt->orig->entry, p, &q);
	for (uint32_t i = 0; i < st->nmatches; i++)
		if (st->matches[i] != NULL &&
		    !packet_matches(&q, st->matches[i], &opaque))
			return false;
	return scope == NULL || packet_matches(&q, scope, &opaque);
}

static bool
eligible(struct space_engine *c, const struct space_partition *pt, uint32_t k)
{
	const struct norm_step *st = &pt->first->steps[k];
	const struct space_step *s = &pt->steps[k];

	if (st->kind != NORM_DECIDE || st->rule == NULL ||
	    st->action == NULL || !is_filtering(st->action->kind) ||
	    !s->exact || s->doubtful || region_is_empty(s->m))
		return false;
	for (size_t i = 0; i < pt->doubt.n; i++)
		if (space_overlaps(c, pt->doubt.v[i], s->m))
			return false;
	return true;
}

/*
 * Is step k a catch-all: does its own match leave out nothing of what its
 * path (matches[0..n-1), the entry's scope) and the entry admit?  1 yes,
 * 0 no, -1 unknown.
 */
static int
catch_all(struct pw *w, const struct space_partition *pt, uint32_t k)
{
	const struct norm_step *st = &pt->first->steps[k];
	const struct match *scope = pt->first->scope;
	const struct match **ms;
	struct region path, p;
	uint32_t n = 0;
	bool exact;

	ms = arena_alloc(w->a, (st->nmatches + 1) * sizeof(*ms));
	for (uint32_t i = 0; i + 1 < st->nmatches; i++)
		ms[n++] = st->matches[i];
	if (scope != NULL)
		ms[n++] = scope;
	if (box_from_matches(w->a, space_universe(w->c), pt->fam, ms, n,
	    &path, &exact) != BOX_OK || !exact)
		return -1;
	if (space_and(w->c, &path, &pt->reach, &p) != BOX_OK)
		return -1;
	return subset(w, &p, pt->steps[k].m);
}

static void
add(struct pw *w, enum pairwise_kind kind, const struct space_partition *pt,
    uint32_t ka, uint32_t kb, const struct region *wreg)
{
	const struct norm_step *sa = &pt->first->steps[ka];
	const struct norm_step *sb = &pt->first->steps[kb];
	const struct entry_point *e = pt->orig->entry;
	struct pairwise_finding f;
	struct eval_outcome o;
	struct packet *p = space_witness(w->c, e, wreg);

	if (p == NULL || !in_match(pt, kb, p) ||
	    !eval_decide(w->a, pt->orig, p, &o) || o.decider == NULL ||
	    o.decider->rule != sa->rule || differ(o.action, sa->action)) {
		w->res->unconfirmed++;
		return;
	}
	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.early = sa->rule;
	f.late = sb->rule;
	f.entry = e;
	f.witness = arena_alloc(w->out, sizeof(*f.witness));
	*f.witness = *p;
	f.early_verdict = eval_verdict_name(sa->action);
	f.late_verdict = eval_verdict_name(sb->action);
	VEC_PUSH(w->out, &w->res->findings, f);
	pair_add(w, sa->rule, sb->rule, kind);
}

/* Is pair (ka, kb) one of either kind?  Adds what it is. */
static void
judge_pair(struct pw *w, const struct space_partition *pt, uint32_t ka,
    uint32_t kb, int8_t *catchall)
{
	const struct space_step *a = &pt->steps[ka], *b = &pt->steps[kb];
	const struct rule *ra = pt->first->steps[ka].rule;
	const struct rule *rb = pt->first->steps[kb].rule;
	bool seen_c = pair_seen(w, ra, rb, PAIRWISE_CORRELATED);
	bool seen_g = pair_seen(w, ra, rb, PAIRWISE_GENERALIZATION);
	struct region x;
	int in_ab;

	if ((seen_c && seen_g) || !space_overlaps(w->c, a->m, b->m))
		return;
	in_ab = subset(w, a->m, b->m);
	if (in_ab < 0)
		return;
	if (in_ab) {
		if (seen_g)
			return;
		if (catchall[kb] == 2)
			catchall[kb] = (int8_t)catch_all(w, pt, kb);
		if (catchall[kb] == 0)
			add(w, PAIRWISE_GENERALIZATION, pt, ka, kb, a->fire);
		return;
	}
	/* correlated: b still decides something, a some of the overlap */
	if (seen_c || region_is_empty(b->fire) ||
	    subset(w, b->m, a->m) != 0)
		return;
	if (!space_overlaps(w->c, a->fire, b->m) ||
	    space_and(w->c, a->fire, b->m, &x) != BOX_OK ||
	    region_is_empty(&x))
		return;
	add(w, PAIRWISE_CORRELATED, pt, ka, kb, &x);
}

static void
judge_list(struct pw *w, const struct space_partition *pt)
{
	const struct norm_list *l = pt->first;
	uint32_t *el = arena_alloc(w->a, (l->nsteps + 1) * sizeof(*el));
	int8_t *catchall = arena_alloc(w->a, l->nsteps + 1);
	uint32_t n = 0;

	for (uint32_t k = 0; k < l->nsteps; k++) {
		catchall[k] = 2;	/* not known yet */
		if (eligible(w->c, pt, k))
			el[n++] = k;
	}
	for (uint32_t j = 0; j < n; j++) {
		uint32_t kb = el[j];
		const struct norm_step *sb = &l->steps[kb];

		if (!space_engine_ok(w->c) || w->pairs > PAIRWISE_CAP) {
			w->res->cut = true;
			return;
		}
		for (uint32_t i = 0; i < j; i++) {
			uint32_t ka = el[i];
			const struct norm_step *sa = &l->steps[ka];

			w->pairs++;
			/* both kinds need a to decide something */
			if (sa->rule == sb->rule ||
			    !differ(sa->action, sb->action) ||
			    region_is_empty(pt->steps[ka].fire))
				continue;
			judge_pair(w, pt, ka, kb, catchall);
		}
	}
}

struct pairwise_result *
pairwise_find(struct arena *out, const struct policy *p)
{
	struct pw w;
	struct norm_policy *np;

	memset(&w, 0, sizeof(w));
	w.out = out;
	w.res = arena_zalloc(out, sizeof(*w.res));
	w.c = space_engine_new(out, &p, 1, false);
	w.a = space_engine_arena(w.c);
	w.tmp = arena_new();
	w.cap = 64;
	w.slot = arena_zalloc(w.a, w.cap * sizeof(*w.slot));
	if (!space_engine_ok(w.c)) {
		space_engine_free(w.c);
		arena_free(w.tmp);
		return w.res;
	}
	np = normalize_policy(w.a, p, NULL);
	for (size_t i = 0; i < np->nlists && space_engine_ok(w.c) &&
	    w.pairs <= PAIRWISE_CAP; i++) {
		const struct entry_point *e = np->lists[i].entry;

		if (!e->filters)
			continue;
		if (np->lists[i].nsteps > PAIRWISE_MAX_STEPS) {
			w.res->cut = true;
			continue;
		}
		for (int f = FAMILY_IPV4; f <= FAMILY_IPV6; f <<= 1) {
			struct space_partition pt;

			if (!(e->family & f) && e->family != FAMILY_NONE)
				continue;
			if (e->family == FAMILY_NONE && f != FAMILY_IPV4)
				continue;
			if (!space_partition_list(w.c, &np->lists[i],
			    (enum family)f, &pt) || !pt.ok) {
				if (!space_engine_ok(w.c))
					w.res->cut = true;
				continue;
			}
			judge_list(&w, &pt);
		}
	}
	space_engine_free(w.c);
	arena_free(w.tmp);
	return w.res;
}

const struct pairwise_result *
pairwise_for_checks(struct check_context *ctx)
{
	if (ctx->pairwise == NULL)
		ctx->pairwise = pairwise_find(ctx->arena, ctx->policy);
	return ctx->pairwise;
}
