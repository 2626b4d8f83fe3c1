/*
 * diff.c - semantic comparison of two revisions (diff.h).
 *
 * Both policies share one engine, so interface ids agree.  Each side of a
 * pair becomes a list of cells (region, verdict, deciding rule, entry):
 * the engine's partition of each member entry, minus the reach of the
 * members listed before it, plus a "not reached" cell for the packets
 * that reach the other side only.  Changed regions are the non-empty
 * intersections of an old cell and a new cell with different verdicts,
 * outside every doubt region.  That is quadratic in the number of cells;
 * the engine's work budget bounds it, and a pair cut by the budget is
 * reported as not judged, never as equivalent.
 */
#include "config.h"

#include <string.h>

#include "analyzer/box.h"
#include "analyzer/diff.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/fields.h"
#include "core/ivset.h"

struct dcell {
	enum space_cell_kind kind;
	bool		 unreached;
	const struct region *region;
	const struct action *action;
	const struct rule *rule;
	const struct entry_point *entry;
	const struct norm_list *orig;
};

struct dside {
	VEC(struct dcell) cells;
	struct region	 reach;
	VEC(const struct region *) doubt;
	VEC(const struct norm_list *) lists;	/* per member */
	bool		 ok;
};

static const struct entry_point *
find_entry(const struct policy *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->entries.n; i++)
		if (strlen(p->entries.v[i]->name) == len &&
		    strncmp(p->entries.v[i]->name, name, len) == 0)
			return p->entries.v[i];
	return NULL;
}

static int
side_parse(struct arena *a, const char *s, size_t len, const struct policy *p,
    struct diff_side *out, const char **err)
{
	size_t n = 1, k = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '+';
	out->name = arena_strndup(a, s, len);
	out->entries = arena_zalloc(a, n * sizeof(*out->entries));
	out->n = n;
	while (k < n) {
		const char *plus = memchr(s, '+', len);
		size_t l = plus != NULL ? (size_t)(plus - s) : len;

		out->entries[k] = find_entry(p, s, l);
		if (out->entries[k] == NULL) {
			*err = arena_printf(a, "no entry point '%.*s' in %s",
			    (int)l, s, p->source != NULL ? p->source->path :
			    "input");
			return -1;
		}
		k++;
		if (plus != NULL) {
			len -= l + 1;
			s = plus + 1;
		}
	}
	return 0;
}

int
diff_pair_parse(struct arena *a, const char *spec, const struct policy *old,
    const struct policy *new, struct diff_pair *out, const char **err)
{
	const char *eq = strchr(spec, '=');
	const char *r;

	memset(out, 0, sizeof(*out));
	out->name = arena_strdup(a, spec);
	if (eq == NULL || eq == spec || eq[1] == '\0') {
		*err = arena_printf(a, "'%s' is not OLD=NEW (entry point "
		    "names, NAME+NAME for several)", spec);
		return -1;
	}
	r = eq + 1;
	if (side_parse(a, spec, (size_t)(eq - spec), old, &out->old, err) < 0 ||
	    side_parse(a, r, strlen(r), new, &out->new, err) < 0)
		return -1;
	return 0;
}

static size_t
pairs_by_name(struct arena *a, const struct policy *old,
    const struct policy *new, struct diff_pair **out, struct diff_result *res)
{
	struct diff_pair *pairs = arena_zalloc(a,
	    (old->entries.n + 1) * sizeof(*pairs));
	size_t n = 0;

	for (size_t i = 0; i < old->entries.n; i++) {
		const struct entry_point *e = old->entries.v[i];
		const struct entry_point *f;

		if (!e->filters)
			continue;
		f = find_entry(new, e->name, strlen(e->name));
		if (f == NULL || !f->filters) {
			VEC_PUSH(a, &res->notes, arena_printf(a, "entry point "
			    "%s is only in the old revision", e->name));
			res->unpaired++;
			continue;
		}
		pairs[n].name = e->name;
		pairs[n].old.name = e->name;
		pairs[n].old.entries = arena_alloc(a, sizeof(e));
		pairs[n].old.entries[0] = e;
		pairs[n].old.n = 1;
		pairs[n].new.name = f->name;
		pairs[n].new.entries = arena_alloc(a, sizeof(f));
		pairs[n].new.entries[0] = f;
		pairs[n].new.n = 1;
		n++;
	}
	for (size_t i = 0; i < new->entries.n; i++) {
		const struct entry_point *f = new->entries.v[i];
		const struct entry_point *e;

		if (!f->filters)
			continue;
		e = find_entry(old, f->name, strlen(f->name));
		if (e == NULL || !e->filters) {
			VEC_PUSH(a, &res->notes, arena_printf(a, "entry point "
			    "%s is only in the new revision", f->name));
			res->unpaired++;
		}
	}
	*out = pairs;
	return n;
}

static bool
side_has_family(const struct diff_side *s, enum family f)
{
	for (size_t i = 0; i < s->n; i++) {
		enum family ef = s->entries[i]->family;

		if (ef == FAMILY_NONE ? f == FAMILY_IPV4 : (ef & f) != 0)
			return true;
	}
	return false;
}

/* The cells of one side for family fam (ok false: not exact). */
static void
build_side(struct space_engine *eng, struct arena *a,
    const struct policy *p, const struct diff_side *s, enum family fam,
    struct dside *out)
{
	struct arena *sa = space_engine_arena(eng);

	memset(out, 0, sizeof(*out));
	region_init(&out->reach, fam);
	out->ok = true;
	for (size_t m = 0; m < s->n; m++) {
		const struct entry_point *e = s->entries[m];
		const struct norm_list *l = normalize_entry(sa, p, e, NULL);
		struct space_partition part;
		struct region before = out->reach;

		(void)a;
		if (e->family != FAMILY_NONE && e->family != FAMILY_ANY &&
		    !(e->family & fam))
			continue;
		if (e->family == FAMILY_NONE && fam != FAMILY_IPV4)
			continue;
		if (!space_partition_list(eng, l, fam, &part) ||
		    space_add(eng, &out->reach, &part.reach) != BOX_OK) {
			out->ok = false;
			return;
		}
		for (size_t i = 0; i < part.cells.n; i++) {
			const struct space_cell *c = &part.cells.v[i];
			struct region *r = arena_alloc(sa, sizeof(*r));
			struct dcell d;

			*r = *c->region;
			if (space_minus(eng, r, &before) != BOX_OK) {
				out->ok = false;
				return;
			}
			if (region_is_empty(r))
				continue;
			if (c->kind == SPACE_CELL_DOUBT) {
				VEC_PUSH(sa, &out->doubt, r);
				continue;
			}
			memset(&d, 0, sizeof(d));
			d.kind = c->kind;
			d.region = r;
			d.action = c->action;
			d.rule = c->rule;
			d.entry = e;
			d.orig = l;
			VEC_PUSH(sa, &out->cells, d);
		}
	}
}

/* The packets the other side reaches and this one does not. */
static bool
add_unreached(struct space_engine *eng, struct dside *s,
    const struct region *all)
{
	struct arena *sa = space_engine_arena(eng);
	struct region *r = arena_alloc(sa, sizeof(*r));
	struct dcell d;

	*r = *all;
	if (space_minus(eng, r, &s->reach) != BOX_OK)
		return false;
	if (region_is_empty(r))
		return true;
	memset(&d, 0, sizeof(d));
	d.unreached = true;
	d.region = r;
	VEC_PUSH(sa, &s->cells, d);
	return true;
}

static bool
same_verdict(const struct dcell *x, const struct dcell *y)
{
	const struct action *a = x->action, *b = y->action;

	if (x->unreached || y->unreached)
		return x->unreached == y->unreached;
	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind)
		return false;
	/* Only REJECT's options are part of what the packet gets (the
	   reply it is sent); other targets' options (PF's state and
	   labels, say) are not a change of decision. */
	return a->kind != ACTION_REJECT || eval_same_verdict(a, b);
}

static const char *
verdict(const struct dcell *d)
{
	return d->unreached ? "not reached" : eval_verdict_name(d->action);
}

static uint64_t
count_ids(const struct ivset *s)
{
	uint64_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->iv[i].hi.lo - s->iv[i].lo.lo + 1;
	return n;
}

static void
describe_ids(struct arena *a, const struct box_universe *u, const char *what,
    const struct ivset *s, char **out)
{
	unsigned none = (unsigned)box_universe_size(u) - 1;
	const struct ivset *named = none > 0 ? ivset_range(a, u128_from64(0),
	    u128_from64(none - 1)) : ivset_empty(a);
	const struct ivset *neg = ivset_subtract(a, named, s);
	bool with_none = ivset_contains(s, u128_from64(none));
	char *t = arena_printf(a, "%s%s%s ", *out, **out ? ", " : "", what);
	size_t shown = 0;

	/* The universe's names stand for classes of interfaces: say "any"
	   or "not X" rather than name one member of a class. */
	if (ivset_equal(s, ivset_single(a, u128_from64(none))))
		t = arena_printf(a, "%s(none)", t);
	else if (ivset_subset(named, s))
		t = arena_printf(a, "%sany interface", t);
	else {
		const struct ivset *pos = ivset_intersect(a, s, named);
		bool invert = count_ids(neg) <= count_ids(pos);
		const struct ivset *show = invert ? neg : pos;

		t = arena_printf(a, "%s%s", t, invert ? "not " : "");
		for (size_t i = 0; i < show->n && shown < 4; i++)
			for (uint64_t id = show->iv[i].lo.lo;
			    id <= show->iv[i].hi.lo && shown < 4; id++) {
				const char *name = box_universe_name(u,
				    (unsigned)id);

				t = arena_printf(a, "%s%s%s", t, shown ? "|" :
				    "", name != NULL ? name : "?");
				shown++;
			}
		if (shown == 4)
			t = arena_printf(a, "%s|...", t);
	}
	if (with_none && !ivset_subset(s, ivset_single(a,
	    u128_from64(none))))
		t = arena_printf(a, "%s or none", t);
	*out = t;
}

/* Is dimension d of b one the reach itself imposes (say, INPUT's "no
   output interface")?  Then it is not worth saying. */
static bool
from_reach(const struct region *reach, const struct box *b, int d)
{
	for (size_t i = 0; i < reach->boxes.n; i++)
		if (ivset_equal(reach->boxes.v[i]->dim[d], b->dim[d]))
			return true;
	return false;
}

/* The dimensions of the region's first box that are not "any". */
static const char *
describe(struct arena *a, const struct box_universe *u,
    const struct region *r, const struct region *reach)
{
	static const char *const ifname[] = { "in", "out", "physdev-in",
	    "physdev-out" };
	const struct box *b;
	char *out;

	if (region_is_empty(r))
		return "nothing";
	b = r->boxes.v[0];
	out = arena_printf(a, "%s", r->family == FAMILY_IPV6 ? "ipv6" :
	    "ipv4");
	for (int d = 0; d < BOX_NDIMS; d++) {
		const struct ivset *s = b->dim[d];

		if (d == BOX_DIM_ATOMS ||
		    ivset_is_full(s, box_dim_max(u, (enum box_dim)d)) ||
		    from_reach(reach, b, d))
			continue;
		if (d < FIELD_COUNT) {
			const struct field_info *fi =
			    field_info((enum field)d);

			if (fi->family != FAMILY_ANY &&
			    fi->family != r->family)
				continue;
			out = arena_printf(a, "%s, %s %s", out, fi->name,
			    field_format_family(a, (enum field)d, r->family,
			    s));
		} else
			describe_ids(a, u, ifname[d - FIELD_COUNT], s, &out);
	}
	if (r->boxes.n > 1)
		out = arena_printf(a, "%s (and %u more boxes)", out,
		    (unsigned)r->boxes.n - 1);
	return out;
}

/*
 * Walk packet w through a side as eval.c does: the first member it
 * reaches decides.  1 when the outcome is the cell's, 0 when it is not,
 * -1 when the walk meets a condition the model does not understand.
 */
static int
confirm(struct arena *a, const struct diff_side *s,
    const struct norm_list *const *lists, const struct dcell *c,
    const struct packet *w)
{
	for (size_t m = 0; m < s->n; m++) {
		const struct entry_point *e = s->entries[m];
		struct eval_result res;
		struct packet q;
		const struct rule *by;

		if (lists[m] == NULL || !eval_entry_reaches(e, w))
			continue;
		if (c->unreached || e != c->entry)
			return 0;
		eval_packet_for_entry(e, w, &q);
		memset(&res, 0, sizeof(res));
		eval_packet(a, lists[m], &q, &res);
		if (!res.determined || res.main.unknown)
			return -1;
		if (res.main.action == NULL)
			return 0;
		by = res.main.decider != NULL ? res.main.decider->rule : NULL;
		return by == c->rule && res.main.action->kind ==
		    c->action->kind;
	}
	return c->unreached;
}

static const struct norm_list **
member_lists(struct arena *a, const struct dside *ds,
    const struct diff_side *s)
{
	const struct norm_list **l = arena_zalloc(a, (s->n + 1) *
	    sizeof(*l));

	for (size_t i = 0; i < ds->cells.n; i++)
		for (size_t m = 0; m < s->n; m++)
			if (ds->cells.v[i].entry == s->entries[m])
				l[m] = ds->cells.v[i].orig;
	return l;
}

static void
compare(struct space_engine *eng, struct arena *a, const struct policy *po,
    const struct policy *pn, const struct diff_pair *pair, enum family fam,
    struct diff_result *res)
{
	struct arena *sa = space_engine_arena(eng);
	struct dside so, sn;
	struct region all, doubt;
	const struct norm_list **lo, **ln;
	bool doubtful = false;

	build_side(eng, a, po, &pair->old, fam, &so);
	build_side(eng, a, pn, &pair->new, fam, &sn);
	all = so.reach;
	if (!so.ok || !sn.ok || space_add(eng, &all, &sn.reach) != BOX_OK ||
	    !add_unreached(eng, &so, &all) || !add_unreached(eng, &sn, &all))
		goto unjudged;
	region_init(&doubt, fam);
	for (size_t i = 0; i < so.doubt.n; i++)
		if (space_add(eng, &doubt, so.doubt.v[i]) != BOX_OK)
			goto unjudged;
	for (size_t i = 0; i < sn.doubt.n; i++)
		if (space_add(eng, &doubt, sn.doubt.v[i]) != BOX_OK)
			goto unjudged;
	lo = member_lists(sa, &so, &pair->old);
	ln = member_lists(sa, &sn, &pair->new);
	for (size_t i = 0; i < so.cells.n; i++) {
		const struct dcell *x = &so.cells.v[i];

		for (size_t j = 0; j < sn.cells.n; j++) {
			const struct dcell *y = &sn.cells.v[j];
			struct region r, cond, one;
			struct diff_change ch;
			struct packet *w;
			const char *condition;
			int co, cn;

			if (same_verdict(x, y) ||
			    !space_overlaps(eng, x->region, y->region))
				continue;
			if (space_and(eng, x->region, y->region, &r) != BOX_OK)
				goto unjudged;
			if (!region_is_empty(&doubt) &&
			    space_overlaps(eng, &r, &doubt)) {
				doubtful = true;
				if (space_minus(eng, &r, &doubt) != BOX_OK)
					goto unjudged;
			}
			/* Regions that hold only for some values of opaque
			   conditions: reported with those conditions, as
			   eval.c cannot replay them. */
			cond = r;
			region_init(&r, fam);
			w = NULL;
			condition = NULL;
			for (size_t k = 0; k < cond.boxes.n; k++)
				if (!box_conditional(space_universe(eng),
				    cond.boxes.v[k]))
					VEC_PUSH(sa, &r.boxes, cond.boxes.v[k]);
				else if (condition == NULL) {
					condition = box_conditions(sa,
					    space_universe(eng),
					    cond.boxes.v[k]);
					region_from_box(sa, &one,
					    cond.boxes.v[k]);
				}
			if (!region_is_empty(&r)) {
				condition = NULL;
				w = space_witness(eng, x->entry != NULL ?
				    x->entry : y->entry, &r);
				if (w == NULL) {
					res->unconfirmed++;
					continue;
				}
				co = confirm(sa, &pair->old, lo, x, w);
				cn = confirm(sa, &pair->new, ln, y, w);
				if (co < 0 || cn < 0) {
					doubtful = true;
					continue;
				}
				if (co == 0 || cn == 0) {
					res->unconfirmed++;
					continue;
				}
			} else if (condition != NULL) {
				r = one;
				w = space_witness(eng, x->entry != NULL ?
				    x->entry : y->entry, &r);
				if (w == NULL) {
					res->unconfirmed++;
					continue;
				}
			} else
				continue;
			memset(&ch, 0, sizeof(ch));
			ch.pair = pair;
			ch.family = fam;
			ch.from = verdict(x);
			ch.to = verdict(y);
			ch.old_rule = x->rule;
			ch.new_rule = y->rule;
			ch.old_entry = x->entry;
			ch.new_entry = y->entry;
			ch.witness = arena_alloc(a, sizeof(*w));
			*ch.witness = *w;
			ch.space = arena_strdup(a, describe(sa,
			    space_universe(eng), &r, &all));
			ch.condition = condition != NULL ?
			    arena_strdup(a, condition) : NULL;
			VEC_PUSH(a, &res->changes, ch);
		}
	}
	if (doubtful || !region_is_empty(&doubt)) {
		res->undetermined++;
		VEC_PUSH(a, &res->notes, arena_printf(a, "%s (%s): some "
		    "packets may be decided differently depending on "
		    "conditions the model does not understand (opaque "
		    "matches, unknown targets); those are not compared",
		    pair->name, fam == FAMILY_IPV6 ? "ipv6" : "ipv4"));
	}
	return;
unjudged:
	res->unjudged++;
	VEC_PUSH(a, &res->notes, arena_printf(a, "%s (%s): not compared: the "
	    "lists cannot be judged exactly (an anchor quick, or the "
	    "engine's budget)", pair->name, fam == FAMILY_IPV6 ? "ipv6" :
	    "ipv4"));
}

struct diff_result *
diff_policies(struct arena *a, const struct policy *old,
    const struct policy *new, const struct diff_pair *pairs, size_t npairs)
{
	struct diff_result *res = arena_zalloc(a, sizeof(*res));
	const struct policy *both[2] = { old, new };
	struct space_engine *eng;

	if (pairs == NULL) {
		struct diff_pair *p;

		npairs = pairs_by_name(a, old, new, &p, res);
		pairs = p;
	}
	eng = space_engine_new(a, both, 2, true);
	if (!space_engine_ok(eng)) {
		res->unjudged++;
		VEC_PUSH(a, &res->notes, "the interface names of the two "
		    "revisions are too many to compare exactly");
		space_engine_free(eng);
		return res;
	}
	for (size_t i = 0; i < npairs; i++)
		for (int f = FAMILY_IPV4; f <= FAMILY_IPV6; f <<= 1)
			if (side_has_family(&pairs[i].old, (enum family)f) ||
			    side_has_family(&pairs[i].new, (enum family)f))
				compare(eng, a, old, new, &pairs[i],
				    (enum family)f, res);
	space_engine_free(eng);
	return res;
}

bool
diff_equivalent(const struct diff_result *r)
{
	return r->changes.n == 0 && r->unjudged == 0 && r->undetermined == 0 &&
	    r->unpaired == 0;
}
