/*
 * diff.c - semantic comparison of two revisions (diff.h).
 *
 * Both policies share one engine, so interface ids agree.  Each side of a
 * pair becomes a list of cells (region, verdict, deciding rule, member):
 * per group, the engine's partition of each member entry (seen as one
 * pass for NAME@in and NAME@out, see view_region), minus the reach of the
 * members listed before it in the group; groups joined by '&' or ',' are
 * then chained (chain_groups): a group's cells that do not go on are
 * final, those that go on (what it accepts before '&', what its default
 * decides before ',') are intersected with the next groups' cells, and
 * the packets a group does not reach go on unchanged.  A "not reached"
 * cell holds the packets that reach the other side only.  Changed regions
 * are the non-empty intersections of an old cell and a new cell with
 * different verdicts, outside every doubt region.  That is quadratic in the number of cells;
 * the engine's work budget bounds it, and a pair cut by the budget is
 * reported as not judged, never as equivalent.
 */
#include "config.h"

#include <string.h>

#include "analyzer/box.h"
#include "analyzer/diff.h"
#include "analyzer/edits.h"
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
	size_t		 member;	/* index in the side */
};

/* VEC(struct dcell), named so that it can be passed and assigned. */
struct dcells {
	struct dcell	*v;
	uint32_t	 n, cap;
};

struct dside {
	struct dcells	 cells;
	struct region	 reach;
	VEC(const struct region *) doubt;
	/* Per member: its list (NULL: not of this family). */
	const struct norm_list **lists;
	bool		 ok;
};

/* Regions of packets to compare, one question each (edited_regions). */
struct region_list {
	const struct region **v;
	uint32_t	 n, cap;
};

/* Witnesses of regions in the user's terms (passes): no entry's view. */
static const struct entry_point user_terms;

static unsigned
side_group(const struct diff_side *s, size_t m)
{
	return s->group != NULL ? s->group[m] : 0;
}

static enum diff_pass
side_pass(const struct diff_side *s, size_t m)
{
	return s->pass != NULL ? s->pass[m] : DIFF_PASS_ENTRY;
}

/* How group g + 1 is joined to group g (the last one: to nothing). */
static enum diff_join
side_join_after(const struct diff_side *s, unsigned g)
{
	return s->join != NULL ? s->join[g + 1] : DIFF_JOIN_ALL;
}

/* Does a packet decided so in group g go on to the next group? */
static bool
goes_on(const struct diff_side *s, unsigned g, size_t ngroups,
    const struct action *act, const struct rule *by)
{
	if (g + 1 >= ngroups)
		return false;
	if (side_join_after(s, g) == DIFF_JOIN_THEN)
		return by == NULL;
	return act != NULL && act->kind == ACTION_ACCEPT;
}

static const struct entry_point *
find_entry(const struct policy *p, const char *name, size_t len)
{
	for (size_t i = 0; i < p->entries.n; i++)
		if (strlen(p->entries.v[i]->name) == len &&
		    strncmp(p->entries.v[i]->name, name, len) == 0)
			return p->entries.v[i];
	return NULL;
}

/* NAME, NAME@in or NAME@out (a name that is an entry as written wins). */
static const struct entry_point *
member_parse(const struct policy *p, const char *s, size_t l,
    enum diff_pass *pass)
{
	const struct entry_point *e = find_entry(p, s, l);

	*pass = DIFF_PASS_ENTRY;
	if (e == NULL && l > 3 && memcmp(s + l - 3, "@in", 3) == 0) {
		*pass = DIFF_PASS_IN;
		e = find_entry(p, s, l - 3);
	} else if (e == NULL && l > 4 && memcmp(s + l - 4, "@out", 4) == 0) {
		*pass = DIFF_PASS_OUT;
		e = find_entry(p, s, l - 4);
	}
	return e;
}

static int
side_parse(struct arena *a, const char *s, size_t len, const struct policy *p,
    struct diff_side *out, const char **err)
{
	const char *end = s + len;
	size_t n = 1, k = 0;
	unsigned g = 0, *group;
	enum diff_pass *pass;
	enum diff_join *join;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '+' || s[i] == '&' || s[i] == ',';
	out->name = arena_strndup(a, s, len);
	out->entries = arena_zalloc(a, n * sizeof(*out->entries));
	out->group = group = arena_zalloc(a, n * sizeof(*group));
	out->pass = pass = arena_zalloc(a, n * sizeof(*pass));
	out->join = join = arena_zalloc(a, (n + 1) * sizeof(*join));
	out->n = n;
	while (k < n) {
		const char *q = s;

		while (q < end && *q != '+' && *q != '&' && *q != ',')
			q++;
		out->entries[k] = member_parse(p, s, (size_t)(q - s),
		    &pass[k]);
		if (out->entries[k] == NULL) {
			*err = arena_printf(a, "no entry point '%.*s' in %s",
			    (int)(q - s), s, p->source != NULL ?
			    p->source->path : "input");
			return -1;
		}
		group[k++] = g;
		if (q < end) {
			if (*q != '+')
				join[++g] = *q == ',' ? DIFF_JOIN_THEN :
				    DIFF_JOIN_ALL;
			s = q + 1;
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
		    "names, NAME+NAME, NAME&NAME or NAME,NAME for several)",
		    spec);
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

/* Every value of dimension d. */
static const struct ivset *
full_dim(struct arena *a, const struct box_universe *u, int d)
{
	return ivset_range(a, u128_from64(0), box_dim_max(u, (enum box_dim)d));
}

/*
 * Region r of entry e's partition (its own terms) as packets of the
 * user's terms for the member's pass (diff.h): the slice of r the pass
 * sees (its direction, no interface on the other side, as
 * eval_packet_for_entry and pass_packet build it), then without a
 * direction and with every interface on the other side.  Disjoint boxes
 * stay disjoint (the slice fixes what is widened), so none is merged.
 */
static void
view_region(struct space_engine *eng, const struct entry_point *e,
    enum diff_pass pass, const struct region *r, struct region *out)
{
	struct arena *sa = space_engine_arena(eng);
	const struct box_universe *u = space_universe(eng);
	unsigned none = (unsigned)box_universe_size(u) - 1;
	const struct ivset *nset = ivset_single(sa, u128_from64(none));
	const struct ivset *some = none == 0 ? ivset_empty(sa) :
	    ivset_range(sa, u128_from64(0), u128_from64(none - 1));
	const struct ivset *dir = ivset_single(sa,
	    u128_from64(pass == DIFF_PASS_OUT ? 1 : 0));
	bool scoped = e->scope != NULL &&
	    e->scope->field[FIELD_DIRECTION] != NULL;
	/* where the pass's interface is in e's terms, and where it goes */
	int from = pass == DIFF_PASS_OUT && !scoped ? BOX_DIM_OUT_IF :
	    BOX_DIM_IN_IF;
	int other = from == BOX_DIM_IN_IF ? BOX_DIM_OUT_IF : BOX_DIM_IN_IF;

	if (pass == DIFF_PASS_ENTRY) {
		*out = *r;
		return;
	}
	region_init(out, r->family);
	for (size_t i = 0; i < r->boxes.n; i++) {
		const struct box *b = r->boxes.v[i];
		struct box *c = box_copy(sa, b);
		const struct ivset *itf;

		c->dim[FIELD_DIRECTION] = ivset_intersect(sa,
		    b->dim[FIELD_DIRECTION], dir);
		c->dim[from] = itf = ivset_intersect(sa, b->dim[from], some);
		c->dim[other] = ivset_intersect(sa, b->dim[other], nset);
		if (box_is_empty(c))
			continue;
		c->dim[FIELD_DIRECTION] = full_dim(sa, u, FIELD_DIRECTION);
		if (pass == DIFF_PASS_OUT) {
			c->dim[BOX_DIM_OUT_IF] = itf;
			c->dim[BOX_DIM_IN_IF] = full_dim(sa, u, BOX_DIM_IN_IF);
		} else
			c->dim[BOX_DIM_OUT_IF] = full_dim(sa, u,
			    BOX_DIM_OUT_IF);
		VEC_PUSH(sa, &out->boxes, c);
	}
}

/* A group: its cells (first reached member decides), reach and doubt. */
struct dgroup {
	struct dcells	 cells;
	struct region	 reach;
	VEC(const struct region *) doubt;
};

/* The cells of the members [m, end) of side s (one group). */
static bool
build_group(struct space_engine *eng, const struct policy *p,
    const struct diff_side *s, size_t m, size_t end, enum family fam,
    const struct region *within, const struct norm_list *pre,
    struct dside *ds, struct dgroup *out)
{
	struct arena *sa = space_engine_arena(eng);

	memset(out, 0, sizeof(*out));
	region_init(&out->reach, fam);
	for (; m < end; m++) {
		const struct entry_point *e = s->entries[m];
		enum diff_pass pass = side_pass(s, m);
		const struct norm_list *l;
		struct space_partition part;
		struct region before = out->reach, reach;

		if (e->family != FAMILY_NONE && e->family != FAMILY_ANY &&
		    !(e->family & fam))
			continue;
		if (e->family == FAMILY_NONE && fam != FAMILY_IPV4)
			continue;
		l = pre != NULL ? pre : normalize_entry(sa, p, e, NULL);
		ds->lists[m] = l;
		if (!space_partition_within(eng, l, fam, within, &part))
			return false;
		view_region(eng, e, pass, &part.reach, &reach);
		if (space_add(eng, &out->reach, &reach) != BOX_OK)
			return false;
		for (size_t i = 0; i < part.cells.n; i++) {
			const struct space_cell *c = &part.cells.v[i];
			struct region *r = arena_alloc(sa, sizeof(*r));
			struct dcell d;

			view_region(eng, e, pass, c->region, r);
			if (space_minus(eng, r, &before) != BOX_OK)
				return false;
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
			d.member = m;
			VEC_PUSH(sa, &out->cells, d);
		}
	}
	return true;
}

/*
 * The part x of cell c (of group g) reaches c's decision after the
 * earlier groups let it go on: pending when it goes on again, else final.
 */
static bool
chain_cell(struct space_engine *eng, const struct diff_side *s, unsigned g,
    size_t ng, const struct dcell *c, const struct region *x,
    struct dside *out, struct dcells *pend, struct region *decided)
{
	struct arena *sa = space_engine_arena(eng);
	struct region *r;
	struct dcell d;

	if (!space_overlaps(eng, x, c->region))
		return true;
	r = arena_alloc(sa, sizeof(*r));
	if (space_and(eng, x, c->region, r) != BOX_OK)
		return false;
	if (region_is_empty(r))
		return true;
	d = *c;
	d.region = r;
	if (goes_on(s, g, ng, c->action, c->rule)) {
		VEC_PUSH(sa, pend, d);
		return true;
	}
	VEC_PUSH(sa, &out->cells, d);
	return space_add(eng, decided, r) == BOX_OK;
}

/* Groups joined by '&' or ',' (diff.h): a packet goes on through every
   group it reaches while each lets it (accepts it, leaves it to its
   default); the first that does not, or the last, decides. */
static bool
chain_groups(struct space_engine *eng, const struct diff_side *s,
    struct dgroup *g, size_t ng, enum family fam, struct dside *out)
{
	struct arena *sa = space_engine_arena(eng);
	struct dcells pend = { NULL, 0, 0 };
	struct region undec, decided;

	region_from_box(sa, &undec, box_full(sa, space_universe(eng), fam));
	region_init(&decided, fam);
	for (size_t k = 0; k < ng; k++) {
		struct dcells next = { NULL, 0, 0 };

		/* the group's doubt about the packets still going on */
		for (size_t i = 0; i < g[k].doubt.n; i++) {
			struct region *r = arena_alloc(sa, sizeof(*r));

			*r = *g[k].doubt.v[i];
			if (space_minus(eng, r, &decided) != BOX_OK)
				return false;
			if (!region_is_empty(r))
				VEC_PUSH(sa, &out->doubt, r);
		}
		for (size_t i = 0; i < pend.n; i++) {
			struct region *rest = arena_alloc(sa, sizeof(*rest));
			struct dcell d = pend.v[i];

			*rest = *d.region;
			if (space_minus(eng, rest, &g[k].reach) != BOX_OK)
				return false;
			if (!region_is_empty(rest)) {
				d.region = rest;
				VEC_PUSH(sa, &next, d);
			}
			for (size_t j = 0; j < g[k].cells.n; j++)
				if (!chain_cell(eng, s, (unsigned)k, ng,
				    &g[k].cells.v[j], pend.v[i].region, out,
				    &next, &decided))
					return false;
		}
		for (size_t j = 0; j < g[k].cells.n; j++)
			if (!chain_cell(eng, s, (unsigned)k, ng,
			    &g[k].cells.v[j], &undec, out, &next, &decided))
				return false;
		if (space_minus(eng, &undec, &g[k].reach) != BOX_OK ||
		    space_add(eng, &out->reach, &g[k].reach) != BOX_OK)
			return false;
		pend = next;
	}
	for (size_t i = 0; i < pend.n; i++)
		VEC_PUSH(sa, &out->cells, pend.v[i]);
	return true;
}

/* The cells of one side for family fam (ok false: not exact). */
static void
build_side(struct space_engine *eng, const struct policy *p,
    const struct diff_side *s, enum family fam, const struct region *within,
    const struct norm_list *pre, struct dside *out)
{
	struct arena *sa = space_engine_arena(eng);
	size_t ng = s->n > 0 ? side_group(s, s->n - 1) + 1 : 0, k = 0;
	struct dgroup *g = arena_zalloc(sa, (ng + 1) * sizeof(*g));

	memset(out, 0, sizeof(*out));
	region_init(&out->reach, fam);
	out->lists = arena_zalloc(sa, (s->n + 1) * sizeof(*out->lists));
	out->ok = false;
	for (size_t m = 0; m < s->n; k++) {
		size_t end = m;

		while (end < s->n && side_group(s, end) == side_group(s, m))
			end++;
		if (!build_group(eng, p, s, m, end, fam, within,
		    s->n == 1 ? pre : NULL, out, &g[k]))
			return;
		m = end;
	}
	if (ng == 1) {
		out->cells = g[0].cells;
		out->doubt.v = g[0].doubt.v;
		out->doubt.n = g[0].doubt.n;
		out->doubt.cap = g[0].doubt.cap;
		out->reach = g[0].reach;
	} else if (!chain_groups(eng, s, g, ng, fam, out))
		return;
	out->ok = true;
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

static const char *const ifname[] = { "in", "out", "physdev-in",
    "physdev-out" };

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

/*
 * The dimensions of box b of region r that are not "any".  A dimension
 * the reach imposes is left out, unless passes is set: then the
 * interfaces are the packet's own (diff.h) and always said.
 */
static const char *
describe_box(struct arena *a, const struct box_universe *u,
    const struct region *r, const struct box *b, const struct region *reach,
    bool passes)
{
	char *out = arena_printf(a, "%s", r->family == FAMILY_IPV6 ?
	    "ipv6" : "ipv4");

	for (int d = 0; d < BOX_NDIMS; d++) {
		const struct ivset *s = b->dim[d];

		if (d == BOX_DIM_ATOMS ||
		    ivset_is_full(s, box_dim_max(u, (enum box_dim)d)) ||
		    ((!passes || d < FIELD_COUNT) && from_reach(reach, b, d)))
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
	return out;
}

/* The region's first box, and how many more there are. */
static const char *
describe(struct arena *a, const struct box_universe *u,
    const struct region *r, const struct region *reach, bool passes)
{
	const char *out;

	if (region_is_empty(r))
		return "nothing";
	out = describe_box(a, u, r, r->boxes.v[0], reach, passes);
	if (r->boxes.n > 1)
		out = arena_printf(a, "%s (and %u more boxes)", out,
		    (unsigned)r->boxes.n - 1);
	return out;
}

/* Every box of a region of several (diff_change.boxes). */
static void
describe_all(struct arena *a, struct arena *sa, const struct box_universe *u,
    const struct region *r, const struct region *reach, bool passes,
    struct diff_change *ch)
{
	const char **v;

	ch->nboxes = r->boxes.n;
	if (r->boxes.n < 2)
		return;
	ch->nboxes_shown = r->boxes.n < DIFF_BOXES_SHOWN ? r->boxes.n :
	    DIFF_BOXES_SHOWN;
	v = arena_alloc(a, ch->nboxes_shown * sizeof(*v));
	for (size_t i = 0; i < ch->nboxes_shown; i++)
		v[i] = arena_strdup(a, describe_box(sa, u, r, r->boxes.v[i],
		    reach, passes));
	ch->boxes = v;
}

/*
 * The packet q that member e sees of user packet w for pass (diff.h):
 * false when the pass does not reach e.  The inverse of view_region.
 */
static bool
pass_packet(const struct entry_point *e, enum diff_pass pass,
    const struct packet *w, struct packet *q)
{
	bool scoped = e->scope != NULL &&
	    e->scope->field[FIELD_DIRECTION] != NULL;
	bool opaque;

	if (e->family != FAMILY_NONE && e->family != FAMILY_ANY &&
	    !(e->family & w->family))
		return false;
	if (pass == DIFF_PASS_IN ? w->in_if == NULL : w->out_if == NULL)
		return false;
	*q = *w;
	q->value[FIELD_DIRECTION] = u128_from64(pass == DIFF_PASS_OUT);
	if (pass == DIFF_PASS_IN)
		q->out_if = NULL;
	else if (scoped) {
		q->in_if = w->out_if;
		q->out_if = NULL;
	} else
		q->in_if = NULL;
	return e->scope == NULL || packet_matches(q, e->scope, &opaque);
}

/*
 * Member m's decision of packet w: 1 when it reaches m (*act, *by set),
 * 0 when it does not, -1 when the walk meets a condition the model does
 * not understand.
 */
static int
member_decides(struct arena *a, const struct diff_side *s,
    const struct norm_list *const *lists, size_t m, const struct packet *w,
    const struct action **act, const struct rule **by)
{
	const struct entry_point *e = s->entries[m];
	enum diff_pass pass = side_pass(s, m);
	struct eval_result res;
	struct packet q;

	if (lists[m] == NULL)
		return 0;
	if (pass == DIFF_PASS_ENTRY) {
		if (!eval_entry_reaches(e, w))
			return 0;
		eval_packet_for_entry(e, w, &q);
	} else if (!pass_packet(e, pass, w, &q))
		return 0;
	memset(&res, 0, sizeof(res));
	eval_packet(a, lists[m], &q, &res);
	if (!res.determined || res.main.unknown)
		return -1;
	*act = res.main.action;
	*by = res.main.decider != NULL ? res.main.decider->rule : NULL;
	return 1;
}

/* Is the outcome (member m, rule by, action act) cell c's? */
static bool
is_cell(const struct dcell *c, size_t m, const struct rule *by,
    const struct action *act)
{
	return !c->unreached && c->action != NULL && act != NULL &&
	    c->member == m && c->rule == by && c->action->kind == act->kind;
}

/*
 * Walk packet w through a side as eval.c does: in each group the first
 * member it reaches decides, and the first group that does not let it go
 * on (goes_on) ends the walk.  1 when the outcome is the cell's, 0 when
 * it is not, -1 when the walk meets a condition the model does not
 * understand.
 */
static int
confirm(struct arena *a, const struct diff_side *s,
    const struct norm_list *const *lists, const struct dcell *c,
    const struct packet *w)
{
	const struct action *act = NULL, *last = NULL;
	const struct rule *by = NULL, *lastby = NULL;
	size_t lastm = 0, ng = s->n > 0 ? side_group(s, s->n - 1) + 1 : 0;
	bool passed = false;

	for (size_t m = 0; m < s->n;) {
		size_t end = m, k;

		while (end < s->n && side_group(s, end) == side_group(s, m))
			end++;
		for (k = m; k < end; k++) {
			int rc = member_decides(a, s, lists, k, w, &act, &by);

			if (rc < 0)
				return -1;
			if (rc > 0)
				break;
		}
		if (k == end) {
			m = end;
			continue;
		}
		if (!goes_on(s, side_group(s, m), ng, act, by))
			return is_cell(c, k, by, act);
		m = end;
		passed = true;
		lastm = k;
		lastby = by;
		last = act;
	}
	if (!passed)
		return c->unreached;
	return is_cell(c, lastm, lastby, last);
}

/* The entry in whose terms the region of cells x and y is. */
static const struct entry_point *
witness_entry(const struct diff_pair *pair, const struct dcell *x,
    const struct dcell *y)
{
	if ((!x->unreached && side_pass(&pair->old, x->member) !=
	    DIFF_PASS_ENTRY) || (!y->unreached && side_pass(&pair->new,
	    y->member) != DIFF_PASS_ENTRY))
		return &user_terms;
	return x->entry != NULL ? x->entry : y->entry;
}

/* The least and greatest addresses and ports of a region's boxes. */
static const int span_dims[] = { FIELD_SRC4, FIELD_DST4, FIELD_SRC6,
    FIELD_DST6, FIELD_DPORT };
#define NSPAN	(sizeof(span_dims) / sizeof(span_dims[0]))

struct span {
	struct u128	 lo[NSPAN], hi[NSPAN];
	bool		 empty;
};

static void
span_of(const struct region *r, struct span *s)
{
	s->empty = r->boxes.n == 0;
	for (size_t d = 0; d < NSPAN; d++) {
		s->lo[d].hi = s->lo[d].lo = UINT64_MAX;
		s->hi[d] = u128_from64(0);
		for (size_t b = 0; b < r->boxes.n; b++) {
			const struct ivset *v = r->boxes.v[b]->dim[span_dims[d]];

			if (v->n == 0)
				continue;
			if (u128_cmp(v->iv[0].lo, s->lo[d]) < 0)
				s->lo[d] = v->iv[0].lo;
			if (u128_cmp(v->iv[v->n - 1].hi, s->hi[d]) > 0)
				s->hi[d] = v->iv[v->n - 1].hi;
		}
	}
}

static bool
spans_meet(const struct span *x, const struct span *y)
{
	if (x->empty || y->empty)
		return false;
	for (size_t d = 0; d < NSPAN; d++)
		if (u128_cmp(x->lo[d], y->hi[d]) > 0 ||
		    u128_cmp(y->lo[d], x->hi[d]) > 0)
			return false;
	return true;
}

/*
 * The packets two revisions of a pair may decide differently (edits.h):
 * for each edited step, its Fire (a deciding step of a first-match list)
 * or its M, minus what the earlier ones hold, into *out (the regions are
 * disjoint).  False when everything must be compared: a side of several
 * members or passes, a default, a scope or a family that differs, a list
 * cut by the normalizer, edits in more than a quarter of the steps (the
 * restriction would not pay), or the budget.
 */
static bool
edited_regions(struct space_engine *eng, const struct policy *po,
    const struct policy *pn, const struct diff_pair *pair, enum family fam,
    const struct norm_list **plo, const struct norm_list **pln,
    struct region_list *out)
{
	struct arena *sa = space_engine_arena(eng);
	const struct entry_point *eo, *en;
	const struct norm_list *lo, *ln;
	struct edit_script es;
	struct span *sp;
	size_t w0 = space_engine_work(eng);

	if (pair->old.n != 1 || pair->new.n != 1 ||
	    side_pass(&pair->old, 0) != DIFF_PASS_ENTRY ||
	    side_pass(&pair->new, 0) != DIFF_PASS_ENTRY)
		return false;
	eo = pair->old.entries[0];
	en = pair->new.entries[0];
	*plo = lo = normalize_entry(sa, po, eo, NULL);
	*pln = ln = normalize_entry(sa, pn, en, NULL);
	if (lo->truncated || ln->truncated || eo->family != en->family ||
	    lo->order != ln->order ||
	    !edits_same_match(lo->scope, ln->scope) ||
	    (lo->default_action == NULL) != (ln->default_action == NULL) ||
	    (lo->default_action != NULL && !eval_same_verdict(
	    lo->default_action, ln->default_action)))
		return false;
	edits_align(sa, lo, ln, &es);
	if ((size_t)(es.nold + es.nnew) * 4 > (size_t)lo->nsteps + ln->nsteps)
		return false;
	sp = arena_alloc(sa, ((size_t)es.nold + es.nnew + 1) * sizeof(*sp));
	for (int side = 0; side < 2; side++) {
		const struct norm_list *l = side == 0 ? lo : ln;
		const bool *edited = side == 0 ? es.old_edited : es.new_edited;

		for (uint32_t k = 0; k < l->nsteps; k++) {
			struct region *r;

			if (!edited[k])
				continue;
			r = arena_alloc(sa, sizeof(*r));
			region_init(r, fam);
			/* each step's Fire gets a question's share, all of
			   them SPACE_WORK_MAX; past it, its M (a superset) is
			   compared instead */
			space_engine_allow(eng, SPACE_WORK / 20);
			if (l->steps[k].kind != NORM_DECIDE ||
			    !l->steps[k].final ||
			    space_engine_work(eng) - w0 > SPACE_WORK_MAX ||
			    !space_fire_of(eng, l, fam, k, r))
				if (edits_step_region(sa, space_universe(eng),
				    fam, l, k, r) != BOX_OK)
					return false;
			/* disjoint from the earlier ones (their spans first:
			   edits about other hosts never meet) */
			space_engine_allow(eng, SPACE_WORK);
			span_of(r, &sp[out->n]);
			for (size_t i = 0; i < out->n && !region_is_empty(r);
			    i++)
				if (spans_meet(&sp[i], &sp[out->n]) &&
				    space_overlaps(eng, r, out->v[i]) &&
				    space_minus(eng, r, out->v[i]) != BOX_OK)
					return false;
			if (!space_engine_ok(eng))
				return false;
			if (!region_is_empty(r))
				VEC_PUSH(sa, out, r);
		}
	}
	return true;
}

/*
 * The changes of a pair within the packets of `within` (NULL: all), into
 * res; *doubtful set when some packets cannot be compared.  -1 when the
 * lists cannot be judged exactly.
 */
static int
compare_in(struct space_engine *eng, struct arena *a, const struct policy *po,
    const struct policy *pn, const struct diff_pair *pair, enum family fam,
    const struct region *within, const struct norm_list *pre_old,
    const struct norm_list *pre_new, struct diff_result *res,
    bool *doubtful_out)
{
	struct arena *sa = space_engine_arena(eng);
	struct dside so, sn;
	struct region all, doubt;
	const struct norm_list *const *lo, *const *ln;
	bool doubtful = false;

	build_side(eng, po, &pair->old, fam, within, pre_old, &so);
	build_side(eng, pn, &pair->new, fam, within, pre_new, &sn);
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
	lo = so.lists;
	ln = sn.lists;
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
				w = space_witness(eng, witness_entry(pair,
				    x, y), &r);
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
				w = space_witness(eng, witness_entry(pair,
				    x, y), &r);
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
			    space_universe(eng), &r, &all, witness_entry(pair,
			    x, y) == &user_terms));
			if (pair->old.group != NULL)
				describe_all(a, sa, space_universe(eng), &r,
				    &all, witness_entry(pair, x, y) ==
				    &user_terms, &ch);
			ch.condition = condition != NULL ?
			    arena_strdup(a, condition) : NULL;
			VEC_PUSH(a, &res->changes, ch);
		}
	}
	if (doubtful || !region_is_empty(&doubt))
		*doubtful_out = true;
	return 0;
unjudged:
	return -1;
}

/*
 * One pair, one family.  When the two lists are mostly the same, only the
 * packets their edited steps match are compared (edits.h), one box of
 * that region at a time, each question in a scratch arena of its own:
 * two 100,000-rule revisions that differ in a few hundred rules are
 * compared where they differ, not everywhere.
 */
static void
compare(struct space_engine *eng, struct arena *a, const struct policy *po,
    const struct policy *pn, const struct diff_pair *pair, enum family fam,
    struct diff_result *res)
{
	const struct norm_list *lo = NULL, *ln = NULL;
	struct region_list within;
	bool doubtful = false;
	size_t w0;
	int rc = 0;

	memset(&within, 0, sizeof(within));
	if (!edited_regions(eng, po, pn, pair, fam, &lo, &ln, &within)) {
		space_engine_allow(eng, SPACE_WORK);
		rc = compare_in(eng, a, po, pn, pair, fam, NULL, NULL, NULL,
		    res, &doubtful);
	} else {
		size_t failed = 0;

		w0 = space_engine_work(eng);
		/* each region its own question: one that the budget stops
		   leaves the others compared, and says so */
		for (size_t i = 0; i < within.n; i++) {
			/* the pair's whole share spent: the rest is said */
			if (space_engine_work(eng) - w0 > SPACE_WORK_MAX / 3) {
				failed += within.n - i;
				break;
			}
			space_engine_scratch(eng, true);
			/* one region's question: what a rule's check may
			   spend (its regions' boxes are its memory too) */
			space_engine_allow(eng, SPACE_WORK / 10);
			failed += compare_in(eng, a, po, pn, pair, fam,
			    within.v[i], lo, ln, res, &doubtful) < 0;
			space_engine_scratch(eng, false);
		}
		if (failed > 0) {
			res->unjudged++;
			VEC_PUSH(a, &res->notes, arena_printf(a, "%s (%s): "
			    "%zu of the %zu regions where the revisions' "
			    "edited rules match are not compared (the "
			    "engine's budget); the others are", pair->name,
			    fam == FAMILY_IPV6 ? "ipv6" : "ipv4", failed,
			    (size_t)within.n));
		}
	}
	if (rc < 0) {
		res->unjudged++;
		VEC_PUSH(a, &res->notes, arena_printf(a, "%s (%s): not "
		    "compared: the lists cannot be judged exactly (an anchor "
		    "quick, or the engine's budget)", pair->name,
		    fam == FAMILY_IPV6 ? "ipv6" : "ipv4"));
		return;
	}
	if (doubtful) {
		res->undetermined++;
		VEC_PUSH(a, &res->notes, arena_printf(a, "%s (%s): some "
		    "packets may be decided differently depending on "
		    "conditions the model does not understand (opaque "
		    "matches, unknown targets); those are not compared",
		    pair->name, fam == FAMILY_IPV6 ? "ipv6" : "ipv4"));
	}
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
