/*
 * box.c - boxes, regions and the interface universe (box.h).
 *
 * The interface universe.  Let L be the set of literal names a policy
 * mentions ("eth0") and P the set of prefixes of its '+' patterns ("eth"
 * for "eth+", "" for "+"), plus the root prefix "" always.  Ids are:
 *   - one per literal x of L, standing for the name x alone;
 *   - one per prefix p of P, standing for the names not in L whose
 *     longest prefix in P is p (so the root id stands for the names not in
 *     L that start with no other prefix of P);
 *   - one last id for "no interface" (a NULL name: ifset_matches then
 *     holds exactly for negated sets).
 * Why this is exact.  Every name is in exactly one id: a literal in its
 * own, any other name in the id of its longest prefix in P, which exists
 * because "" is in P and is unique because the prefixes of one string
 * form a chain.  Every pattern is a union of ids: literal x is {x}; prefix
 * pattern p+ matches name y iff p is a prefix of y, i.e. y is a literal
 * starting with p, or y is not in L and its longest prefix q in P extends
 * p (q is at least as long as p, and both are prefixes of y); so p+ is the
 * literals with prefix p plus the ids of the prefixes q of P extending p,
 * and no id is split.  An ifset is a union of patterns, or the complement
 * of one plus "no interface" when negated, hence a union of ids too, and
 * since the ids partition the names, union, intersection and difference of
 * id sets are those of name sets.  Emptiness and inclusion also agree as
 * long as no id is empty: an id of a literal holds the literal; the id of
 * a prefix p holds p + c for some byte c or p itself unless all 256 of
 * them are in L or P (p + c is only excluded when it is a literal or a
 * longer prefix, p when it is a literal), which needs 256 patterns
 * sharing one prefix.  finish() finds such a representative name for
 * every prefix id, preferring readable ones ("eth0" for "eth+"), and marks
 * the universe inexact if it ever fails.
 * The order of ids is that of the strings with a prefix id placed after
 * every name it prefixes, so each pattern is one interval of ids.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/box.h"
#include "core/arena.h"
#include "core/intern.h"

struct uentry {
	const char	*key;		/* the literal, or the prefix */
	bool		 is_prefix;
	const char	*rep;		/* a name of this id, NULL if none */
};

/* Protocol classes: which protocol-dependent fields apply (fields.h). */
enum { PC_TCP, PC_PORTS, PC_ICMP, PC_REST, PC_COUNT };

struct box_universe {
	struct arena	*arena;
	struct intern	*strings;
	VEC(const char *) pending;	/* names as added */
	struct uentry	*e;		/* sorted; id = index */
	size_t		 ne;		/* "no interface" is id ne */
	bool		 finished, exact;
	const struct ivset *full[BOX_NDIMS];
	const struct ivset *named_if;	/* every id but "no interface" */
	const struct ivset *no_if;	/* only "no interface" */
	/* Per family (0: IPv4, 1: IPv6) and class, the protocols. */
	const struct ivset *pclass[2][PC_COUNT];
	/* Opaque conditions as atoms (box_universe_use_atoms). */
	bool		 use_atoms;
	const char	*atom[BOX_MAX_ATOMS];
	const char	*atom_text[BOX_MAX_ATOMS];	/* for people */
	size_t		 natoms;
	const struct ivset *atom_set[BOX_MAX_ATOMS];	/* bit set */
	const struct ivset *atom_unset[BOX_MAX_ATOMS];
};

/* ---- the interface universe ---- */

struct box_universe *
box_universe_new(struct arena *a, struct intern *strings)
{
	struct box_universe *u = arena_zalloc(a, sizeof(*u));

	u->arena = a;
	u->strings = strings;
	u->exact = true;
	return u;
}

void
box_universe_add_name(struct box_universe *u, const char *name)
{
	if (name != NULL && !u->finished)
		VEC_PUSH(u->arena, &u->pending, name);
}

void
box_universe_add_ifset(struct box_universe *u, const struct ifset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		box_universe_add_name(u, s->names[i]);
}

void
box_universe_use_atoms(struct box_universe *u)
{
	u->use_atoms = true;
}

/* The atom key of an opaque condition, and whether it is negated. */
static const char *
atom_key(struct arena *a, const struct opaque_match *o, bool *neg)
{
	const char *t = o->text != NULL ? o->text : "";

	*neg = false;
	while (*t == '!' || *t == ' ' || *t == '\t') {
		if (*t == '!')
			*neg = !*neg;
		t++;
	}
	/* PF's "(if)" is "if" re-read when it changes: at any instant the
	   same addresses, the same condition. */
	if (t[0] == '(' && t[strlen(t) - 1] == ')')
		return arena_printf(a, "%s:%.*s", o->module != NULL ?
		    o->module : "", (int)strlen(t) - 2, t + 1);
	return arena_printf(a, "%s:%s", o->module != NULL ? o->module : "",
	    t);
}

/* A named set whose members are unknown (ipset, PF table): one atom per
   set and the fields it is matched against. */
static const char *
set_key(struct arena *a, const struct setref *r)
{
	return arena_printf(a, "set %s:%s", r->object != NULL &&
	    r->object->name != NULL ? r->object->name : "?",
	    r->flags != NULL ? r->flags : "");
}

/* The condition as a reader knows it: "from em1", "-m string ...". */
static const char *
atom_text(struct arena *a, const struct opaque_match *o)
{
	const char *t = o->text != NULL ? o->text : "";
	const char *m = o->module != NULL ? o->module : "";

	while (*t == '!' || *t == ' ')
		t++;
	if (t[0] == '-' || strncmp(t, m, strlen(m)) == 0)
		return t;
	return arena_printf(a, "%s %s", m, t);
}

static int
atom_index(const struct box_universe *u, const char *key)
{
	for (size_t i = 0; i < u->natoms; i++)
		if (strcmp(u->atom[i], key) == 0)
			return (int)i;
	return -1;
}

void
box_universe_add_match(struct box_universe *u, const struct match *m)
{
	if (m == NULL)
		return;
	if (u->use_atoms && !u->finished)
		for (size_t i = 0; i < m->opaque.n; i++) {
			bool neg;
			const char *k = atom_key(u->arena, &m->opaque.v[i],
			    &neg);

			if (atom_index(u, k) < 0 && u->natoms < BOX_MAX_ATOMS) {
				u->atom_text[u->natoms] = atom_text(u->arena,
				    &m->opaque.v[i]);
				u->atom[u->natoms++] = k;
			}
		}
	if (u->use_atoms && !u->finished)
		for (size_t i = 0; i < m->sets.n; i++) {
			const char *k = set_key(u->arena, &m->sets.v[i]);

			if (atom_index(u, k) < 0 && u->natoms < BOX_MAX_ATOMS) {
				u->atom_text[u->natoms] = k;
				u->atom[u->natoms++] = k;
			}
		}
	box_universe_add_ifset(u, m->in_if);
	box_universe_add_ifset(u, m->out_if);
	box_universe_add_ifset(u, m->physdev_in);
	box_universe_add_ifset(u, m->physdev_out);
}

void
box_universe_add_policy(struct box_universe *u, const struct policy *p)
{
	size_t i, j;

	for (i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];

		for (j = 0; j < c->rules.n; j++)
			box_universe_add_match(u, &c->rules.v[j]->match);
	}
	for (i = 0; i < p->entries.n; i++)
		box_universe_add_match(u, p->entries.v[i]->scope);
	for (i = 0; i < p->objects.n; i++)
		box_universe_add_match(u, p->objects.v[i]->value);
	for (i = 0; i < p->interfaces.n; i++)
		box_universe_add_name(u, p->interfaces.v[i]->name);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/*
 * The order of ids: a literal x sorts as the string x, a prefix p as p
 * followed by infinitely many 0xff bytes, i.e. after every name it
 * prefixes.
 */
static int
cmp_entry(const struct uentry *a, const struct uentry *b)
{
	int c;

	if (!a->is_prefix && !b->is_prefix)
		return strcmp(a->key, b->key);
	if (a->is_prefix && b->is_prefix) {
		if (strcmp(a->key, b->key) == 0)
			return 0;
		if (has_prefix(b->key, a->key))
			return 1;
		if (has_prefix(a->key, b->key))
			return -1;
		return strcmp(a->key, b->key);
	}
	if (a->is_prefix) {
		c = cmp_entry(b, a);
		return -c;
	}
	/* a literal, b prefix */
	if (has_prefix(a->key, b->key))
		return -1;
	c = strcmp(a->key, b->key);
	return c < 0 ? -1 : 1;
}

static int
cmp_entry_q(const void *a, const void *b)
{
	return cmp_entry(a, b);
}

static long
find_entry(const struct box_universe *u, const char *key, bool is_prefix)
{
	struct uentry k = { key, is_prefix, NULL };
	size_t lo = 0, hi = u->ne;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_entry(&u->e[mid], &k);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static bool
in_sorted(const char *const *v, size_t n, const char *s)
{
	return bsearch(&s, v, n, sizeof(*v), cmp_str) != NULL;
}

/* The longest prefix of name in the sorted prefixes pv[0..pn). */
static const char *
longest_prefix(const char *const *pv, size_t pn, const char *name,
    char *buf, size_t bufsize)
{
	size_t len = strlen(name);

	for (;;) {
		const char *const *hit;
		const char *k = buf;

		if (len + 1 > bufsize)
			len = bufsize - 1;
		memcpy(buf, name, len);
		buf[len] = '\0';
		hit = bsearch(&k, pv, pn, sizeof(*pv), cmp_str);
		if (hit != NULL)
			return *hit;
		if (len == 0)
			return NULL;
		len--;
	}
}

/* A name of the id of prefix p (see the comment at the top), or NULL. */
static const char *
find_rep(struct box_universe *u, const char *const *lv, size_t ln,
    const char *const *pv, size_t pn, const char *p)
{
	static const char *const root[] = { "eth0", "eth1", "ens3", "wan0",
	    "if0", "if1", "if2", "x0", "y0", "z0" };
	static const char *const suffix[] = { "0", "1", "2", "3", "4", "5",
	    "6", "7", "8", "9", "x", "_0" };
	size_t plen = strlen(p), i, k;
	char *cand = arena_alloc(u->arena, plen + 4);
	char buf[256];
	const char *hit;

	if (plen + 4 > sizeof(buf))
		return NULL;
#define TRY(s) do {							\
	if (!in_sorted(lv, ln, (s)) &&					\
	    (hit = longest_prefix(pv, pn, (s), buf, sizeof(buf))) != NULL && \
	    strcmp(hit, p) == 0)					\
		return u->strings != NULL ? intern(u->strings, (s)) :	\
		    arena_strdup(u->arena, (s));			\
} while (0)
	if (plen == 0)
		for (i = 0; i < sizeof(root) / sizeof(root[0]); i++)
			TRY(root[i]);
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(cand, plen + 4, "%s%s", p, suffix[i]);
		TRY(cand);
	}
	if (plen > 0)
		TRY(p);
	for (i = 1; i < 256; i++) {
		memcpy(cand, p, plen);
		cand[plen] = (char)i;
		cand[plen + 1] = '\0';
		TRY(cand);
	}
	for (i = 'a'; i <= 'z'; i++)
		for (k = '0'; k <= '9'; k++) {
			memcpy(cand, p, plen);
			cand[plen] = (char)i;
			cand[plen + 1] = (char)k;
			cand[plen + 2] = '\0';
			TRY(cand);
		}
#undef TRY
	return NULL;
}

static void
init_sets(struct box_universe *u)
{
	struct arena *a = u->arena;
	static const unsigned ports[] = { 17, 33, 132, 136 };
	int fam, d;
	size_t i;

	for (d = 0; d < FIELD_COUNT; d++)
		u->full[d] = ivset_range(a, u128_from64(0),
		    field_max((enum field)d));
	for (d = FIELD_COUNT; d < BOX_DIM_ATOMS; d++)
		u->full[d] = ivset_range(a, u128_from64(0),
		    u128_from64(u->ne));
	u->full[BOX_DIM_ATOMS] = ivset_range(a, u128_from64(0),
	    u128_from64((1u << u->natoms) - 1));
	for (i = 0; i < u->natoms; i++) {
		struct ivset *on = ivset_empty(a);
		uint64_t step = (uint64_t)1 << i;

		for (uint64_t lo = step; lo < ((uint64_t)1 << u->natoms);
		    lo += 2 * step)
			on = ivset_union(a, on, ivset_range(a,
			    u128_from64(lo), u128_from64(lo + step - 1)));
		u->atom_set[i] = on;
		u->atom_unset[i] = ivset_subtract(a, u->full[BOX_DIM_ATOMS],
		    on);
	}
	u->no_if = ivset_single(a, u128_from64(u->ne));
	u->named_if = u->ne > 0 ? ivset_range(a, u128_from64(0),
	    u128_from64(u->ne - 1)) : ivset_empty(a);
	for (fam = 0; fam < 2; fam++) {
		struct ivset *pp = ivset_empty(a), *rest;

		for (i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
			pp = ivset_union(a, pp,
			    ivset_single(a, u128_from64(ports[i])));
		u->pclass[fam][PC_TCP] = ivset_single(a, u128_from64(6));
		u->pclass[fam][PC_PORTS] = pp;
		u->pclass[fam][PC_ICMP] = ivset_single(a,
		    u128_from64(fam == 0 ? 1 : 58));
		rest = ivset_union(a, pp, u->pclass[fam][PC_TCP]);
		rest = ivset_union(a, rest, u->pclass[fam][PC_ICMP]);
		u->pclass[fam][PC_REST] = ivset_complement(a, rest,
		    field_max(FIELD_PROTO));
	}
}

int
box_universe_finish(struct box_universe *u)
{
	const char *const *names = u->pending.v;
	const char **lv, **pv;
	size_t n = u->pending.n, i, ln = 0, pn = 0, k = 0;
	bool root = false;

	if (u->finished)
		return u->exact ? 0 : -1;
	u->finished = true;
	lv = arena_alloc(u->arena, (n + 1) * sizeof(*lv));
	pv = arena_alloc(u->arena, (n + 1) * sizeof(*pv));
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]);

		if (len > 0 && names[i][len - 1] == '+') {
			pv[pn++] = arena_strndup(u->arena, names[i], len - 1);
			root = root || len == 1;
		} else
			lv[ln++] = names[i];
	}
	if (!root)
		pv[pn++] = "";
	qsort(lv, ln, sizeof(*lv), cmp_str);
	qsort(pv, pn, sizeof(*pv), cmp_str);
	for (i = 0; i < ln; i++)
		if (k == 0 || strcmp(lv[k - 1], lv[i]) != 0)
			lv[k++] = lv[i];
	ln = k;
	for (i = k = 0; i < pn; i++)
		if (k == 0 || strcmp(pv[k - 1], pv[i]) != 0)
			pv[k++] = pv[i];
	pn = k;
	u->e = arena_zalloc(u->arena, (ln + pn + 1) * sizeof(*u->e));
	for (i = 0; i < ln; i++) {
		u->e[u->ne].key = lv[i];
		u->e[u->ne].rep = lv[i];
		u->ne++;
	}
	for (i = 0; i < pn; i++) {
		u->e[u->ne].key = pv[i];
		u->e[u->ne].is_prefix = true;
		u->e[u->ne].rep = find_rep(u, lv, ln, pv, pn, pv[i]);
		if (u->e[u->ne].rep == NULL)
			u->exact = false;
		u->ne++;
	}
	qsort(u->e, u->ne, sizeof(*u->e), cmp_entry_q);
	init_sets(u);
	return u->exact ? 0 : -1;
}

bool
box_universe_exact(const struct box_universe *u)
{
	return u->exact;
}

size_t
box_universe_size(const struct box_universe *u)
{
	return u->ne + 1;
}

unsigned
box_universe_id(const struct box_universe *u, const char *name)
{
	char buf[256];
	size_t len;
	long id;

	if (name == NULL)
		return (unsigned)u->ne;
	if ((id = find_entry(u, name, false)) >= 0)
		return (unsigned)id;
	/* The longest prefix: "" is always there. */
	len = strlen(name);
	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	for (;;) {
		memcpy(buf, name, len);
		buf[len] = '\0';
		if ((id = find_entry(u, buf, true)) >= 0)
			return (unsigned)id;
		if (len == 0)
			break;
		len--;
	}
	return (unsigned)u->ne;	/* not reached after finish */
}

const char *
box_universe_name(const struct box_universe *u, unsigned id)
{
	return id < u->ne ? u->e[id].rep : NULL;
}

/* The ids of one pattern; NULL when the universe does not know it. */
static struct ivset *
pattern_ids(struct arena *a, const struct box_universe *u, const char *pat)
{
	size_t len = strlen(pat);
	char *p;
	long hi, lo;

	if (len == 0 || pat[len - 1] != '+') {
		if ((hi = find_entry(u, pat, false)) < 0)
			return NULL;
		return ivset_single(a, u128_from64((uint64_t)hi));
	}
	p = arena_strndup(a, pat, len - 1);
	if ((hi = find_entry(u, p, true)) < 0)
		return NULL;
	/* Everything p prefixes sorts just before p's own id. */
	for (lo = hi; lo > 0 && has_prefix(u->e[lo - 1].key, p); lo--)
		continue;
	return ivset_range(a, u128_from64((uint64_t)lo),
	    u128_from64((uint64_t)hi));
}

const struct ivset *
box_universe_ifset(struct arena *a, const struct box_universe *u,
    const struct ifset *s)
{
	struct ivset *r;
	size_t i;

	if (s == NULL)
		return u->full[BOX_DIM_IN_IF];
	r = ivset_empty(a);
	for (i = 0; i < s->n; i++) {
		struct ivset *t = pattern_ids(a, u, s->names[i]);

		if (t == NULL)
			return NULL;
		r = ivset_union(a, r, t);
	}
	if (s->negated)
		r = ivset_complement(a, r, u128_from64(u->ne));
	return r;
}

/* ---- boxes ---- */

static const char *const if_dim_names[] = { "in", "out", "physdev-in",
	"physdev-out", "atoms" };

const char *
box_dim_name(enum box_dim d)
{
	if ((int)d < FIELD_COUNT)
		return field_info((enum field)d)->name;
	if (d < BOX_NDIMS)
		return if_dim_names[d - FIELD_COUNT];
	return "?";
}

struct u128
box_dim_max(const struct box_universe *u, enum box_dim d)
{
	if ((int)d < FIELD_COUNT)
		return field_max((enum field)d);
	if (d == BOX_DIM_ATOMS)
		return u128_from64((1u << u->natoms) - 1);
	return u128_from64(u->ne);
}

bool
box_conditional(const struct box_universe *u, const struct box *b)
{
	return !ivset_equal(b->dim[BOX_DIM_ATOMS], u->full[BOX_DIM_ATOMS]);
}

const char *
box_conditions(struct arena *a, const struct box_universe *u,
    const struct box *b)
{
	const struct ivset *s = b->dim[BOX_DIM_ATOMS];
	struct u128 v;
	char *t = NULL;

	if (!box_conditional(u, b) || !ivset_first(s, &v))
		return NULL;
	for (size_t i = 0; i < u->natoms; i++) {
		struct u128 w = u128_from64(v.lo ^ ((uint64_t)1 << i));
		const char *key = u->atom_text[i];

		/* the atom matters at v when flipping it leaves the box */
		if (ivset_contains(s, w))
			continue;
		t = arena_printf(a, "%s%s%s is %s", t != NULL ? t : "",
		    t != NULL ? ", " : "", key, (v.lo >> i) & 1 ? "true" :
		    "false");
	}
	return t;
}

struct box *
box_full(struct arena *a, const struct box_universe *u, enum family f)
{
	struct box *b = arena_alloc(a, sizeof(*b));

	b->family = f == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	memcpy(b->dim, u->full, sizeof(b->dim));
	return b;
}

struct box *
box_copy(struct arena *a, const struct box *b)
{
	struct box *c = arena_alloc(a, sizeof(*c));

	*c = *b;
	return c;
}

struct box *
box_persist(struct arena *a, const struct box_universe *u,
    const struct box *b)
{
	struct box *c = arena_alloc(a, sizeof(*c));

	c->family = b->family;
	for (int d = 0; d < BOX_NDIMS; d++)
		c->dim[d] = b->dim[d] == u->full[d] ? u->full[d] :
		    ivset_from(a, b->dim[d]->iv, b->dim[d]->n);
	return c;
}

bool
box_is_empty(const struct box *b)
{
	int d;

	for (d = 0; d < BOX_NDIMS; d++)
		if (ivset_is_empty(b->dim[d]))
			return true;
	return false;
}

static bool
dims_overlap(const struct box *a, const struct box *b, int d)
{
	/* the same set (a universe's full one, say) overlaps itself */
	return (a->dim[d] == b->dim[d] && a->dim[d]->n > 0) ||
	    ivset_overlaps(a->dim[d], b->dim[d]);
}

bool
box_overlaps(const struct box *a, const struct box *b)
{
	/* The dimensions rules differ in most often first: most pairs
	   are told apart by the first test or two. */
	static const int first[] = { FIELD_DST4, FIELD_SRC4, FIELD_DPORT,
	    FIELD_PROTO, BOX_DIM_IN_IF, BOX_DIM_OUT_IF, FIELD_DST6,
	    FIELD_SRC6, FIELD_SPORT };
	const size_t nfirst = sizeof(first) / sizeof(first[0]);
	int d;

	if (a->family != b->family)
		return false;
	for (size_t i = 0; i < nfirst; i++)
		if (!dims_overlap(a, b, first[i]))
			return false;
	for (d = 0; d < BOX_NDIMS; d++) {
		bool done = false;

		for (size_t i = 0; i < nfirst && !done; i++)
			done = first[i] == d;
		if (!done && !dims_overlap(a, b, d))
			return false;
	}
	return true;
}

/*
 * x intersected with y, sharing one of them when it lies inside the other
 * (a rule's field inside "any", a host inside its chain's network): most
 * of a region's sets are the rule's own or the universe's, and a copy of
 * each per box is most of the engine's memory.
 */
static const struct ivset *
meet(struct arena *ar, const struct ivset *x, const struct ivset *y)
{
	if (x == y || ivset_subset(x, y))
		return x;
	if (ivset_subset(y, x))
		return y;
	return ivset_intersect(ar, x, y);
}

struct box *
box_intersect(struct arena *ar, const struct box *a, const struct box *b)
{
	struct box *c = box_copy(ar, a);
	int d;

	if (a->family != b->family) {
		c->dim[0] = ivset_empty(ar);
		return c;
	}
	for (d = 0; d < BOX_NDIMS; d++)
		if (a->dim[d] != b->dim[d])
			c->dim[d] = meet(ar, a->dim[d], b->dim[d]);
	return c;
}

bool
box_subset(const struct box *a, const struct box *b)
{
	int d;

	if (box_is_empty(a))
		return true;
	if (a->family != b->family)
		return false;
	for (d = 0; d < BOX_NDIMS; d++)
		if (a->dim[d] != b->dim[d] &&
		    !ivset_subset(a->dim[d], b->dim[d]))
			return false;
	return true;
}

void
box_subtract(struct arena *ar, const struct box *a, const struct box *b,
    struct box ***out, size_t *n)
{
	struct box **v, *cur;
	int d;

	*n = 0;
	*out = NULL;
	if (box_is_empty(a))
		return;
	v = arena_alloc(ar, BOX_NDIMS * sizeof(*v));
	*out = v;
	if (!box_overlaps(a, b)) {
		v[(*n)++] = box_copy(ar, a);
		return;
	}
	cur = box_copy(ar, a);
	for (d = 0; d < BOX_NDIMS; d++) {
		struct box *piece;

		if (cur->dim[d] == b->dim[d] ||
		    ivset_subset(cur->dim[d], b->dim[d]))
			continue;
		piece = box_copy(ar, cur);
		piece->dim[d] = ivset_subtract(ar, cur->dim[d], b->dim[d]);
		v[(*n)++] = piece;
		cur->dim[d] = meet(ar, cur->dim[d], b->dim[d]);
	}
}

static bool
field_applies_to(enum family fam, unsigned proto, int f)
{
	switch (f) {
	case FIELD_SRC4:
	case FIELD_DST4:
		return fam == FAMILY_IPV4;
	case FIELD_SRC6:
	case FIELD_DST6:
		return fam == FAMILY_IPV6;
	case FIELD_SPORT:
	case FIELD_DPORT:
		return proto == 6 || proto == 17 || proto == 33 ||
		    proto == 132 || proto == 136;
	case FIELD_ICMP:
		return proto == (fam == FAMILY_IPV6 ? 58u : 1u);
	case FIELD_TCPFLAGS:
		return proto == 6;
	default:
		return true;
	}
}

bool
box_contains_packet(const struct box_universe *u, const struct box *b,
    const struct packet *p)
{
	int d;

	if (p->family != b->family)
		return false;
	for (d = 0; d < FIELD_COUNT; d++)
		if (!ivset_contains(b->dim[d], p->value[d]))
			return false;
	return ivset_contains(b->dim[BOX_DIM_IN_IF],
	    u128_from64(box_universe_id(u, p->in_if))) &&
	    ivset_contains(b->dim[BOX_DIM_OUT_IF],
	    u128_from64(box_universe_id(u, p->out_if))) &&
	    ivset_contains(b->dim[BOX_DIM_PHYSDEV_IN],
	    u128_from64(box_universe_id(u, p->physdev_in))) &&
	    ivset_contains(b->dim[BOX_DIM_PHYSDEV_OUT],
	    u128_from64(box_universe_id(u, p->physdev_out)));
}

/* ---- witnesses ---- */

/* The first member of s that is at least v, if any. */
static bool
first_from(const struct ivset *s, struct u128 v, struct u128 *out)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (u128_cmp(s->iv[i].hi, v) < 0)
			continue;
		*out = u128_cmp(s->iv[i].lo, v) > 0 ? s->iv[i].lo : v;
		return true;
	}
	return false;
}

/*
 * The documentation addresses of RFC 5737 and RFC 3849, sources and
 * destinations apart so that a witness does not send to itself.
 */
static bool
readable_addr(int f, const struct ivset *s, struct u128 *out)
{
	static const uint64_t v4[] = { 0xcb007109, 0xc0000201, 0xc6336405 };
	static const uint64_t v4d[] = { 0xc6336405, 0xc0000201, 0xcb007109 };
	const uint64_t *c = f == FIELD_DST4 || f == FIELD_DST6 ? v4d : v4;
	size_t i;

	for (i = 0; i < 3; i++) {
		struct u128 w = f == FIELD_SRC4 || f == FIELD_DST4 ?
		    u128_from64(c[i]) : u128_make(UINT64_C(0x20010db800000000),
		    c[i] & 0xff);

		if (ivset_contains(s, w)) {
			*out = w;
			return true;
		}
	}
	return false;
}

/*
 * A readable member of field f's set: the value a default packet has if
 * allowed (state NEW, flags SYN, ttl 64), a common protocol, an address
 * that does not end in a zero byte (or group) when the first interval
 * allows, port and type numbers from the bottom but not 0.
 */
static struct u128
readable_value(enum family fam, int f, const struct ivset *s,
    struct u128 dflt)
{
	static const unsigned protos[] = { 6, 17, 1, 58 };
	struct u128 v = s->iv[0].lo, w;
	size_t i;

	switch (f) {
	case FIELD_SRC4:
	case FIELD_DST4:
	case FIELD_SRC6:
	case FIELD_DST6:
		/* A set from 0 up is a negation or "any": documentation
		   addresses read better than 0.0.0.1. */
		if (v.hi == 0 && v.lo == 0 && readable_addr(f, s, &w))
			return w;
		if ((f == FIELD_SRC4 || f == FIELD_DST4 ?
		    (v.lo & 0xff) == 0 : (v.lo & 0xffff) == 0) &&
		    u128_cmp(v, s->iv[0].hi) < 0)
			v = u128_inc(v);
		return v;
	case FIELD_PROTO:
		for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
			if ((protos[i] != 58 || fam == FAMILY_IPV6) &&
			    (protos[i] != 1 || fam == FAMILY_IPV4) &&
			    ivset_contains(s, u128_from64(protos[i])))
				return u128_from64(protos[i]);
		return v;
	case FIELD_TCPFLAGS:
		if (ivset_contains(s, dflt))
			return dflt;
		if (ivset_contains(s, u128_from64(TCPF_ACK)))
			return u128_from64(TCPF_ACK);
		if (first_from(s, u128_from64(1), &w))
			return w;
		return v;
	case FIELD_ICMP:
		w = u128_from64(fam == FAMILY_IPV6 ? 128 << 8 : 8 << 8);
		return ivset_contains(s, w) ? w : v;
	case FIELD_SPORT:
	case FIELD_DPORT:
	case FIELD_UID:
	case FIELD_GID:
		if (first_from(s, u128_from64(1), &w))
			return w;
		return v;
	default:
		return ivset_contains(s, dflt) ? dflt : v;
	}
}

/* A readable name in s: a literal, else a built one, else none. */
static bool
witness_if(const struct box_universe *u, const struct ivset *s,
    const char **name)
{
	size_t i;
	uint64_t id;

	if (ivset_equal(s, u->full[BOX_DIM_IN_IF])) {
		*name = NULL;
		return true;
	}
	for (i = 0; i < s->n; i++)
		for (id = s->iv[i].lo.lo; id <= s->iv[i].hi.lo && id < u->ne;
		    id++)
			if (!u->e[id].is_prefix) {
				*name = u->e[id].rep;
				return true;
			}
	for (i = 0; i < s->n; i++)
		for (id = s->iv[i].lo.lo; id <= s->iv[i].hi.lo && id < u->ne;
		    id++)
			if (u->e[id].rep != NULL) {
				*name = u->e[id].rep;
				return true;
			}
	*name = NULL;
	return ivset_contains(s, u128_from64(u->ne));
}

bool
box_witness(const struct box_universe *u, const struct box *b,
    struct packet *p)
{
	struct packet dflt;
	int d;

	if (box_is_empty(b))
		return false;
	packet_init(&dflt, b->family);
	*p = dflt;
	for (d = 0; d < FIELD_COUNT; d++) {
		const struct ivset *s = b->dim[d];

		if (ivset_equal(s, u->full[d])) {
			struct u128 w;

			/* Shown anyway when the other address is set. */
			if (field_info((enum field)d)->family == b->family &&
			    readable_addr(d, s, &w))
				p->value[d] = w;
			continue;
		}
		p->value[d] = readable_value(b->family, d, s, dflt.value[d]);
		/* Fields of the other family mean nothing: not shown. */
		p->is_set[d] = field_info((enum field)d)->family ==
		    FAMILY_ANY || field_info((enum field)d)->family ==
		    b->family;
	}
	return witness_if(u, b->dim[BOX_DIM_IN_IF], &p->in_if) &&
	    witness_if(u, b->dim[BOX_DIM_OUT_IF], &p->out_if) &&
	    witness_if(u, b->dim[BOX_DIM_PHYSDEV_IN], &p->physdev_in) &&
	    witness_if(u, b->dim[BOX_DIM_PHYSDEV_OUT], &p->physdev_out);
}

/* ---- regions ---- */

void
region_init(struct region *r, enum family f)
{
	memset(r, 0, sizeof(*r));
	r->family = f == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
}

void
region_from_box(struct arena *a, struct region *r, const struct box *b)
{
	region_init(r, b->family);
	if (!box_is_empty(b))
		VEC_PUSH(a, &r->boxes, b);
}

bool
region_is_empty(const struct region *r)
{
	return r->boxes.n == 0;
}

enum box_status
region_subtract_box(struct arena *a, struct region *r, const struct box *b,
    size_t budget)
{
	struct region out;
	size_t i, j, n;
	struct box **pieces;

	region_init(&out, r->family);
	for (i = 0; i < r->boxes.n; i++) {
		box_subtract(a, r->boxes.v[i], b, &pieces, &n);
		if (out.boxes.n + n > budget)
			return BOX_OVER_BUDGET;
		for (j = 0; j < n; j++)
			VEC_PUSH(a, &out.boxes, pieces[j]);
	}
	*r = out;
	return BOX_OK;
}

void
region_intersect_box(struct arena *a, struct region *r, const struct box *b)
{
	struct region out;
	size_t i;

	region_init(&out, r->family);
	for (i = 0; i < r->boxes.n; i++)
		if (box_overlaps(r->boxes.v[i], b))
			VEC_PUSH(a, &out.boxes,
			    box_intersect(a, r->boxes.v[i], b));
	*r = out;
}

enum box_status
region_add_box(struct arena *a, struct region *r, const struct box *b,
    size_t budget)
{
	struct region add;
	size_t i;

	region_from_box(a, &add, b);
	if (r->boxes.n > budget)
		return BOX_OVER_BUDGET;
	for (i = 0; i < r->boxes.n && add.boxes.n > 0; i++)
		if (region_subtract_box(a, &add, r->boxes.v[i],
		    budget - r->boxes.n) != BOX_OK)
			return BOX_OVER_BUDGET;
	if (r->boxes.n + add.boxes.n > budget)
		return BOX_OVER_BUDGET;
	for (i = 0; i < add.boxes.n; i++)
		VEC_PUSH(a, &r->boxes, add.boxes.v[i]);
	return BOX_OK;
}

bool
region_contains_packet(const struct box_universe *u, const struct region *r,
    const struct packet *p)
{
	size_t i;

	for (i = 0; i < r->boxes.n; i++)
		if (box_contains_packet(u, r->boxes.v[i], p))
			return true;
	return false;
}

bool
region_witness(const struct box_universe *u, const struct region *r,
    struct packet *p)
{
	size_t i;

	for (i = 0; i < r->boxes.n; i++)
		if (box_witness(u, r->boxes.v[i], p))
			return true;
	return false;
}

/* ---- from the model ---- */

static void
constrain(struct arena *a, struct box *b, int d, const struct ivset *s)
{
	if (s != NULL && s != b->dim[d])
		b->dim[d] = meet(a, b->dim[d], s);
}

enum box_status
box_from_matches(struct arena *a, const struct box_universe *u,
    enum family fam, const struct match *const *m, size_t n,
    struct region *out, bool *exact)
{
	static const int dep[] = { FIELD_SPORT, FIELD_DPORT, FIELD_ICMP,
	    FIELD_TCPFLAGS };
	struct box *b = box_full(a, u, fam);
	struct region split;
	bool bridged = false, dependent = false;
	size_t i, k;
	int f, c;

	region_init(out, b->family);
	*exact = true;
	for (i = 0; i < n; i++) {
		const struct match *x = m[i];
		const struct ifset *ifs[4];
		const int8_t *is[2];

		if (x == NULL)
			continue;
		*exact = *exact && x->mark.n == 0 && x->connmark.n == 0;
		for (k = 0; k < x->sets.n; k++) {
			int at = u->use_atoms ? atom_index(u, set_key(a,
			    &x->sets.v[k])) : -1;

			if (at < 0)
				*exact = false;
			else
				constrain(a, b, BOX_DIM_ATOMS,
				    x->sets.v[k].negated ? u->atom_unset[at] :
				    u->atom_set[at]);
		}
		for (k = 0; k < x->opaque.n; k++) {
			bool neg;
			int at = u->use_atoms ? atom_index(u, atom_key(a,
			    &x->opaque.v[k], &neg)) : -1;

			if (at < 0)
				*exact = false;
			else
				constrain(a, b, BOX_DIM_ATOMS, neg ?
				    u->atom_unset[at] : u->atom_set[at]);
		}
		if (x->contradiction != NULL ||
		    (x->family != FAMILY_NONE && !(x->family & b->family)))
			b->dim[FIELD_PROTO] = ivset_empty(a);
		for (f = 0; f < FIELD_COUNT; f++) {
			enum family ff = field_info((enum field)f)->family;

			if (ff == FAMILY_ANY || ff == b->family)
				constrain(a, b, f, x->field[f]);
		}
		ifs[0] = x->in_if;
		ifs[1] = x->out_if;
		ifs[2] = x->physdev_in;
		ifs[3] = x->physdev_out;
		for (k = 0; k < 4; k++) {
			const struct ivset *s;

			if (ifs[k] == NULL)
				continue;
			if ((s = box_universe_ifset(a, u, ifs[k])) == NULL)
				return BOX_ERROR;
			constrain(a, b, BOX_DIM_IN_IF + (int)k, s);
		}
		is[0] = &x->physdev_is_in;
		is[1] = &x->physdev_is_out;
		for (k = 0; k < 2; k++)
			if (*is[k] >= 0)
				constrain(a, b, BOX_DIM_PHYSDEV_IN + (int)k,
				    *is[k] > 0 ? u->named_if : u->no_if);
		if (x->physdev_is_bridged == 0) {
			constrain(a, b, BOX_DIM_PHYSDEV_IN, u->no_if);
			constrain(a, b, BOX_DIM_PHYSDEV_OUT, u->no_if);
		} else if (x->physdev_is_bridged > 0)
			bridged = true;
	}
	/*
	 * One box per protocol class when a field that only applies to some
	 * protocols is constrained: in each class, the fields that do not
	 * apply are left full (packet_matches ignores them).
	 */
	for (k = 0; k < sizeof(dep) / sizeof(dep[0]); k++)
		dependent = dependent || !ivset_equal(b->dim[dep[k]],
		    u->full[dep[k]]);
	region_init(&split, b->family);
	if (!dependent)
		region_from_box(a, &split, b);
	else
		for (c = 0; c < PC_COUNT; c++) {
			const struct ivset *cs =
			    u->pclass[b->family == FAMILY_IPV6][c];
			struct box *cb;
			unsigned proto;

			if (!ivset_overlaps(b->dim[FIELD_PROTO], cs))
				continue;
			cb = box_copy(a, b);
			cb->dim[FIELD_PROTO] = ivset_intersect(a,
			    b->dim[FIELD_PROTO], cs);
			proto = (unsigned)cb->dim[FIELD_PROTO]->iv[0].lo.lo;
			for (k = 0; k < sizeof(dep) / sizeof(dep[0]); k++)
				if (!field_applies_to(b->family, proto,
				    dep[k]))
					cb->dim[dep[k]] = u->full[dep[k]];
			if (!box_is_empty(cb))
				VEC_PUSH(a, &split.boxes, cb);
		}
	if (!bridged) {
		*out = split;
		return BOX_OK;
	}
	/* physdev-is-bridged: a bridge port in, or none in and one out. */
	for (i = 0; i < split.boxes.n; i++) {
		struct box *b1 = box_copy(a, split.boxes.v[i]);
		struct box *b2 = box_copy(a, split.boxes.v[i]);

		constrain(a, b1, BOX_DIM_PHYSDEV_IN, u->named_if);
		constrain(a, b2, BOX_DIM_PHYSDEV_IN, u->no_if);
		constrain(a, b2, BOX_DIM_PHYSDEV_OUT, u->named_if);
		if (!box_is_empty(b1))
			VEC_PUSH(a, &out->boxes, b1);
		if (!box_is_empty(b2))
			VEC_PUSH(a, &out->boxes, b2);
	}
	return BOX_OK;
}

/* ---- marks ---- */

/* Do the mark (which 0) or connmark (1) conditions of m[0..n) hold for v? */
static bool
bits_hold(const struct match *const *m, size_t n, int which, uint32_t v)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct bitmatch *b;
		size_t nb;

		if (m[i] == NULL)
			continue;
		b = which ? m[i]->connmark.v : m[i]->mark.v;
		nb = which ? m[i]->connmark.n : m[i]->mark.n;
		for (j = 0; j < nb; j++)
			if (((v & b[j].mask) == b[j].value) == b[j].negated)
				return false;
	}
	return true;
}

/*
 * The positive conditions fix the bits of their masks; try that value,
 * then flip each free bit that a negated condition looks at, then all.
 */
static bool
solve_bits(const struct match *const *m, size_t n, int which,
    uint32_t *out)
{
	uint32_t fixed = 0, val = 0, neg = 0, bit;
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct bitmatch *b;
		size_t nb;

		if (m[i] == NULL)
			continue;
		b = which ? m[i]->connmark.v : m[i]->mark.v;
		nb = which ? m[i]->connmark.n : m[i]->mark.n;
		for (j = 0; j < nb; j++) {
			if (b[j].negated)
				neg |= b[j].mask;
			else {
				val = (val & ~b[j].mask) |
				    (b[j].value & b[j].mask);
				fixed |= b[j].mask;
			}
		}
	}
	if (bits_hold(m, n, which, val)) {
		*out = val;
		return true;
	}
	for (bit = 1; bit != 0; bit <<= 1)
		if ((neg & ~fixed & bit) &&
		    bits_hold(m, n, which, val | bit)) {
			*out = val | bit;
			return true;
		}
	if (bits_hold(m, n, which, val | (neg & ~fixed))) {
		*out = val | (neg & ~fixed);
		return true;
	}
	return false;
}

bool
box_witness_marks(const struct match *const *m, size_t n, struct packet *p)
{
	return solve_bits(m, n, 0, &p->mark) &&
	    solve_bits(m, n, 1, &p->connmark);
}
