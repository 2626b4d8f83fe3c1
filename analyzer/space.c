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
 * Cost: Fire is computed against every earlier taker (an overlap test
 * each), which is quadratic in the list length; the overlap index of
 * DESIGN.md 2c is not used yet.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "analyzer/box.h"
#include "analyzer/check.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/intern.h"
#include "core/model.h"

struct sstep {
	struct region	 m, fire;
	bool		 exact;
	bool		 doubtful;
	bool		 taker;
	uint32_t	 until;		/* a taker acts on (k, until) */
};

struct slist {
	/* l: the first-match form the regions are built on; orig: the
	   list as normalized, on which every witness is confirmed */
	const struct norm_list *l, *orig;
	const struct entry_point *e;
	enum family	 fam;
	bool		 ok;
	struct sstep	*s;
	struct region	 deflt;
	struct region	 reach;		/* the packets that reach the entry */
	VEC(const struct region *) doubt;
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
	struct arena	*a;		/* scratch, freed after the analysis */
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
};

/*
 * Every region operation pays box pairs into c->work; past SPACE_WORK the
 * operations fail (overlap answers "maybe") and the remaining questions
 * are left undetermined, so a huge list costs bounded time.
 */
static bool
region_overlaps(struct space_engine *c, const struct region *x, const struct region *y)
{
	c->work += (size_t)x->boxes.n * y->boxes.n;
	if (c->work > SPACE_WORK)
		return true;
	for (size_t i = 0; i < x->boxes.n; i++)
		for (size_t j = 0; j < y->boxes.n; j++)
			if (box_overlaps(x->boxes.v[i], y->boxes.v[j]))
				return true;
	return false;
}

/* x intersected with y: pairwise intersections stay disjoint. */
static enum box_status
region_and(struct space_engine *c, const struct region *x, const struct region *y,
    struct region *out)
{
	struct arena *a = c->a;

	region_init(out, x->family);
	c->work += (size_t)x->boxes.n * y->boxes.n;
	if (c->work > SPACE_WORK)
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
	if (c->work > SPACE_WORK)
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
		s->fire = s->m;
		for (uint32_t j = 0; j < k && !region_is_empty(&s->fire); j++)
			if (sl->s[j].taker && k < sl->s[j].until &&
			    region_minus(c, &s->fire, &sl->s[j].fire) != BOX_OK)
				return false;
		s->doubtful = st->kind == NORM_UNKNOWN ||
		    (!s->exact && (st->kind == NORM_DECIDE ||
		    st->kind == NORM_RETURN));
		s->taker = s->exact && (st->kind == NORM_DECIDE ||
		    st->kind == NORM_RETURN);
		s->until = st->kind == NORM_DECIDE ? l->nsteps : st->end;
		if (s->doubtful && !region_is_empty(&s->fire))
			VEC_PUSH(a, &sl->doubt, &s->fire);
	}
	sl->deflt = dom;
	for (k = 0; k < l->nsteps; k++)
		if (l->steps[k].kind == NORM_DECIDE && sl->s[k].exact &&
		    region_minus(c, &sl->deflt, &sl->s[k].fire) != BOX_OK)
			return false;
	return true;
}

static bool
in_doubt(struct space_engine *c, const struct slist *sl, const struct region *r)
{
	for (size_t i = 0; i < sl->doubt.n; i++)
		if (region_overlaps(c, sl->doubt.v[i], r))
			return true;
	return false;
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

/* The walk of one packet; false when eval.c cannot settle it. */
static bool
confirm(struct arena *a, const struct norm_list *l, const struct packet *p,
    struct eval_outcome *out)
{
	struct packet q;
	struct eval_result res;

	if (!eval_entry_reaches(l->entry, p))
		return false;
	eval_packet_for_entry(l->entry, p, &q);
	memset(&res, 0, sizeof(res));
	eval_packet(a, l, &q, &res);
	if (!res.determined || res.main.unknown || res.main.action == NULL)
		return false;
	*out = res.main;
	return true;
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
 * Same decision: same verdict with the same target options, and a rule
 * that logs only with a decision that logs too.
 */
static bool
same_decision(const struct rule *r, const struct action *act,
    const struct rule *decider)
{
	if (act == NULL || act->kind != r->action.kind)
		return false;
	/* REJECT with tcp-reset is not REJECT with an ICMP error */
	if ((act->options == NULL) != (r->action.options == NULL) ||
	    (act->options != NULL &&
	    strcmp(act->options, r->action.options) != 0))
		return false;
	return !r->log || (decider != NULL && decider->log);
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
 * A small covering set of M(k) among the earlier exact deciding steps:
 * the largest overlapping one with another action first, then greedily
 * the one covering most of what is left.
 */
static void
cover(struct space_engine *c, struct slist *sl, uint32_t k, struct space_finding *f)
{
	const struct rule *r = sl->l->steps[k].rule;
	struct region left = sl->s[k].m;
	bool first = true;
	size_t cap = 8;

	f->related = arena_zalloc(c->out, cap * sizeof(*f->related));
	while (!region_is_empty(&left) && f->nrelated < cap) {
		double best = 0;
		uint32_t bj = UINT32_MAX;

		for (uint32_t j = 0; j < k; j++) {
			const struct norm_step *sj = &sl->l->steps[j];
			struct region x;
			double v;
			bool dup = false;

			if (sj->kind != NORM_DECIDE || !sl->s[j].exact ||
			    sj->rule == NULL || sj->rule == r ||
			    (first && sj->action->kind == r->action.kind))
				continue;
			for (size_t i = 0; i < f->nrelated; i++)
				dup = dup || f->related[i].rule == sj->rule;
			if (dup || region_and(c, &left, &sl->s[j].m, &x) !=
			    BOX_OK || region_is_empty(&x))
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

			f->related[f->nrelated].covers_all =
			    region_minus(c, &rest, &sl->s[bj].m) == BOX_OK &&
			    region_is_empty(&rest);
		}
		f->nrelated++;
		if (region_minus(c, &left, &sl->s[bj].m) != BOX_OK)
			break;
	}
}

/*
 * Push the packets R of Fire(k) down the list as if rule r were not
 * there.  Returns 1 when they all get r's decision, 0 when some does
 * not, -1 when a doubtful step or the budget stops the question.
 */
static int
push_down(struct space_engine *c, struct slist *sl, uint32_t k)
{
	const struct norm_list *l = sl->l;
	const struct rule *r = l->steps[k].rule;
	struct region cur = sl->s[k].fire;
	struct region *later = arena_zalloc(c->a,
	    (l->nsteps + 1) * sizeof(*later));

	for (uint32_t j = 0; j <= l->nsteps; j++)
		region_init(&later[j], sl->fam);
	for (uint32_t j = k + 1; j < l->nsteps; j++) {
		const struct norm_step *st = &l->steps[j];
		struct sstep *s = &sl->s[j];
		struct region part;

		for (size_t i = 0; i < later[j].boxes.n; i++)
			if (region_add_box(c->a, &cur, later[j].boxes.v[i],
			    SPACE_BUDGET) != BOX_OK)
				return -1;
		if (region_is_empty(&cur) || st->rule == r ||
		    !region_overlaps(c, &cur, &s->m))
			continue;
		if (s->doubtful)
			return -1;
		if (!s->taker)
			continue;
		if (st->kind == NORM_DECIDE &&
		    !same_decision(r, st->action, st->rule))
			return 0;
		if (st->kind == NORM_RETURN) {
			uint32_t to = st->end < l->nsteps ? st->end :
			    l->nsteps;

			if (region_and(c, &cur, &s->m, &part) != BOX_OK)
				return -1;
			for (size_t i = 0; i < part.boxes.n; i++)
				if (region_add_box(c->a, &later[to],
				    part.boxes.v[i], SPACE_BUDGET) != BOX_OK)
					return -1;
		}
		if (region_minus(c, &cur, &s->m) != BOX_OK)
			return -1;
	}
	if ((!region_is_empty(&cur) || !region_is_empty(&later[l->nsteps])) &&
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
		c->res->undetermined++;
		return;
	}
	for (uint32_t i = 0; i < rs->occ.n; i++) {
		struct occ *oc = &rs->occ.v[i];
		struct sstep *s;

		if (!oc->sl->ok || !oc->sl->s[oc->k].exact) {
			c->res->undetermined++;
			return;
		}
		s = &oc->sl->s[oc->k];
		if (region_is_empty(&s->m))
			continue;
		if (in_doubt(c, oc->sl, &s->m)) {
			c->res->undetermined++;
			return;
		}
		any_m = true;
		if (first == NULL)
			first = oc;
		if (!region_is_empty(&s->fire) && !any_fire) {
			any_fire = true;
			first = oc;
		}
	}
	if (!any_m)
		return;
	if (any_fire) {
		struct norm_list *nl;
		struct eval_outcome o2;

		if (!(c->kinds & (1u << SPACE_REDUNDANT_DOWN)))
			return;
		for (uint32_t i = 0; i < rs->occ.n; i++) {
			struct occ *oc = &rs->occ.v[i];
			int v;

			if (region_is_empty(&oc->sl->s[oc->k].fire))
				continue;
			v = push_down(c, oc->sl, oc->k);
			if (v < 0)
				c->res->undetermined++;
			if (v <= 0)
				return;
		}
		w = witness(c, first->sl, &first->sl->s[first->k].fire);
		nl = without_rule(c->a, first->sl->orig, r);
		if (w == NULL || !confirm(c->a, first->sl->orig, w, &o) ||
		    o.decider == NULL || o.decider->rule != r ||
		    !confirm(c->a, nl, w, &o2) ||
		    !same_decision(r, o2.action, o2.decider != NULL ?
		    o2.decider->rule : NULL)) {
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
		struct region x;

		if (region_is_empty(m))
			continue;
		for (uint32_t j = 0; j <= sl->l->nsteps; j++) {
			const struct region *fj;
			const struct action *act;
			const struct rule *dr;

			if (j == sl->l->nsteps) {
				fj = &sl->deflt;
				act = sl->l->default_action;
				dr = NULL;
			} else {
				if (sl->l->steps[j].kind != NORM_DECIDE ||
				    !sl->s[j].exact)
					continue;
				fj = &sl->s[j].fire;
				act = sl->l->steps[j].action;
				dr = sl->l->steps[j].rule;
			}
			if (!region_overlaps(c, fj, m))
				continue;
			if (act != NULL && act->kind == r->action.kind) {
				if (!same_decision(r, act, dr))
					same = false;
				continue;
			}
			same = false;
			if (!differs && region_and(c, fj, m, &x) ==
			    BOX_OK && !region_is_empty(&x)) {
				differs = true;
				wreg = x;
				first = oc;
			}
		}
	}
	if (differs && (c->kinds & (1u << SPACE_SHADOWED))) {
		struct space_finding *f;

		w = witness(c, first->sl, &wreg);
		if (w == NULL || !in_match(first->sl, first->k, w) ||
		    !confirm(c->a, first->sl->orig, w, &o) ||
		    (o.decider != NULL && o.decider->rule == r) ||
		    o.action->kind == r->action.kind) {
			c->res->unconfirmed++;
			return;
		}
		f = add_finding(c, SPACE_SHADOWED, r, first->sl->e, w, &o);
		cover(c, first->sl, first->k, f);
	} else if (!differs && same &&
	    (c->kinds & (1u << SPACE_REDUNDANT))) {
		w = witness(c, first->sl, &first->sl->s[first->k].m);
		if (w == NULL || !in_match(first->sl, first->k, w) ||
		    !confirm(c->a, first->sl->orig, w, &o) ||
		    (o.decider != NULL && o.decider->rule == r) ||
		    !same_decision(r, o.action, o.decider != NULL ?
		    o.decider->rule : NULL)) {
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
		    sl->l->default_action->kind != ACTION_ACCEPT ||
		    region_is_empty(&sl->deflt))
			continue;
		d = sl->deflt;
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
		if (w == NULL || !confirm(c->a, sl->orig, w, &o) ||
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
	size_t i, nsteps = 0;

	memset(&c, 0, sizeof(c));
	c.a = arena_new();
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
	if (kinds & ((1u << SPACE_SHADOWED) | (1u << SPACE_REDUNDANT) |
	    (1u << SPACE_REDUNDANT_DOWN)))
		for (i = 0; i < c.order.n; i++)
			judge_rule(&c, c.order.v[i]);
	if (kinds & (1u << SPACE_NO_DEFAULT_DENY))
		for (i = 0; i < c.lists.n;) {
			size_t j = i;

			while (j < c.lists.n && c.lists.v[j]->e ==
			    c.lists.v[i]->e)
				j++;
			judge_default(&c, c.lists.v[i]->e, i, j);
			i = j;
		}
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

	c->a = a;
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
	if (c->work > SPACE_WORK)
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
