/*
 * model.c - building the platform-neutral policy model.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/intern.h"
#include "core/model.h"

struct policy *
policy_new(struct arena *a, struct intern *strings, const char *format,
    const struct source_file *src)
{
	struct policy *p = arena_zalloc(a, sizeof(*p));

	p->arena = a;
	p->strings = strings != NULL ? strings : intern_new(a);
	p->format = format != NULL ? intern(p->strings, format) : NULL;
	p->source = src;
	p->family = FAMILY_NONE;
	return p;
}

static const char *
maybe_intern(struct policy *p, const char *s)
{
	return s != NULL ? intern(p->strings, s) : NULL;
}

/*
 * The index: an open-addressing table from (kind, name, qualifier) to the
 * last element declared with that key, so that lookups stay O(1) in
 * policies with thousands of chains or objects.  It catches up with the
 * lists lazily, so elements pushed onto them directly are found too.
 */
enum { IDX_CHAIN, IDX_CHAIN_ANY_TABLE, IDX_OBJECT, IDX_INTERFACE };

struct index_slot {
	const void	*k1, *k2;	/* interned name; table or NULL */
	int		 kind;
	void		*value;		/* NULL: free slot */
};

struct policy_index {
	struct index_slot *slots;
	size_t		 cap, used;
	/* How much of each list is indexed. */
	size_t		 ncontainers, nobjects, ninterfaces;
};

static size_t
index_hash(int kind, const void *k1, const void *k2)
{
	uint64_t h = (uint64_t)(uintptr_t)k1 * 0x9e3779b97f4a7c15ull;

	h ^= (uint64_t)(uintptr_t)k2 * 0xc2b2ae3d27d4eb4full;
	h ^= (uint64_t)kind * 0x165667b19e3779f9ull;
	h ^= h >> 29;
	return (size_t)h;
}

static struct index_slot *
index_find(const struct policy_index *x, int kind, const void *k1,
    const void *k2)
{
	size_t mask = x->cap - 1, i = index_hash(kind, k1, k2) & mask;

	for (;; i = (i + 1) & mask) {
		struct index_slot *e = &x->slots[i];

		if (e->value == NULL || (e->kind == kind && e->k1 == k1 &&
		    e->k2 == k2))
			return e;
	}
}

static void index_put(struct arena *, struct policy_index *, int,
    const void *, const void *, void *);

static void
index_grow(struct arena *a, struct policy_index *x)
{
	struct index_slot *old = x->slots;
	size_t oldcap = x->cap, i;

	x->cap = oldcap ? oldcap * 2 : 64;
	x->slots = arena_zalloc(a, x->cap * sizeof(*x->slots));
	x->used = 0;
	for (i = 0; i < oldcap; i++)
		if (old[i].value != NULL)
			index_put(a, x, old[i].kind, old[i].k1, old[i].k2,
			    old[i].value);
}

/* Later elements replace earlier ones: the last declared wins. */
static void
index_put(struct arena *a, struct policy_index *x, int kind, const void *k1,
    const void *k2, void *value)
{
	struct index_slot *e;

	if ((x->used + 1) * 2 > x->cap)
		index_grow(a, x);
	e = index_find(x, kind, k1, k2);
	if (e->value == NULL)
		x->used++;
	e->kind = kind;
	e->k1 = k1;
	e->k2 = k2;
	e->value = value;
}

static int object_namespace(enum object_kind);

static struct policy_index *
index_sync(const struct policy *cp)
{
	struct policy *p = (struct policy *)cp;	/* the cache only */
	struct policy_index *x = p->index;

	if (x == NULL || x->ncontainers > p->containers.n ||
	    x->nobjects > p->objects.n || x->ninterfaces > p->interfaces.n) {
		x = p->index = arena_zalloc(p->arena, sizeof(*x));
		index_grow(p->arena, x);
	}
	for (; x->ncontainers < p->containers.n; x->ncontainers++) {
		struct container *c = p->containers.v[x->ncontainers];

		index_put(p->arena, x, IDX_CHAIN, c->name, c->table, c);
		index_put(p->arena, x, IDX_CHAIN_ANY_TABLE, c->name, NULL, c);
	}
	/* Objects: the first declared wins, as the linear search did. */
	for (; x->nobjects < p->objects.n; x->nobjects++) {
		struct object *o = p->objects.v[x->nobjects];
		const void *ns = (const void *)(uintptr_t)
		    (object_namespace(o->kind) + 1);

		if (index_find(x, IDX_OBJECT, o->name, ns)->value == NULL)
			index_put(p->arena, x, IDX_OBJECT, o->name, ns, o);
	}
	for (; x->ninterfaces < p->interfaces.n; x->ninterfaces++) {
		struct interface *ifp = p->interfaces.v[x->ninterfaces];

		if (index_find(x, IDX_INTERFACE, ifp->name, NULL)->value ==
		    NULL)
			index_put(p->arena, x, IDX_INTERFACE, ifp->name, NULL,
			    ifp);
	}
	return x;
}

struct container *
policy_add_container(struct policy *p, const char *name, const char *table,
    enum family fam, enum container_kind kind, struct loc loc)
{
	struct container *c = arena_zalloc(p->arena, sizeof(*c));

	c->name = maybe_intern(p, name != NULL ? name : "");
	c->table = maybe_intern(p, table);
	c->family = fam;
	c->kind = kind;
	c->loc = loc;
	c->policy.kind = ACTION_NONE;
	VEC_PUSH(p->arena, &p->containers, c);
	return c;
}

/*
 * Names are interned, so a name never interned names no container.  The
 * last one declared wins, so that a dump concatenated after another
 * refers to its own chains.
 */
struct container *
policy_find_container(const struct policy *p, const char *name,
    const char *table)
{
	const char *n, *t = NULL;

	if (name == NULL)
		return NULL;
	n = intern_lookup(p->strings, name, strlen(name));
	if (n == NULL)
		return NULL;
	if (table != NULL &&
	    (t = intern_lookup(p->strings, table, strlen(table))) == NULL)
		return NULL;
	return index_find(index_sync(p), table != NULL ? IDX_CHAIN :
	    IDX_CHAIN_ANY_TABLE, n, t)->value;
}

struct entry_point *
policy_add_entry(struct policy *p, const char *name, struct container *start)
{
	struct entry_point *e = arena_zalloc(p->arena, sizeof(*e));

	e->name = maybe_intern(p, name != NULL ? name : "");
	e->start = start;
	if (start != NULL) {
		e->family = start->family;
		e->table = start->table;
		e->hook = start->name;
		e->default_action = start->policy;
		e->default_loc = start->loc;
	} else {
		e->family = p->family;
		e->default_action.kind = ACTION_NONE;
	}
	e->order = ORDER_FIRST_MATCH;
	VEC_PUSH(p->arena, &p->entries, e);
	return e;
}

/*
 * PF macros, PF tables, ipsets and time ranges live in namespaces of their
 * own; addresses, services and groups share one (ASA requires object and
 * object-group names to be distinct, and a reference does not always say
 * which it is).
 */
static int
object_namespace(enum object_kind k)
{
	switch (k) {
	case OBJECT_TABLE:
		return 1;
	case OBJECT_MACRO:
		return 2;
	case OBJECT_IPSET:
		return 3;
	case OBJECT_TIME:
		return 4;
	default:
		return 0;
	}
}

struct object *
policy_object(struct policy *p, const char *name, enum object_kind kind,
    bool create)
{
	const char *n;
	struct object *o;

	if (name == NULL)
		return NULL;
	n = intern_lookup(p->strings, name, strlen(name));
	if (n != NULL) {
		const void *ns = (const void *)(uintptr_t)
		    (object_namespace(kind) + 1);

		o = index_find(index_sync(p), IDX_OBJECT, n, ns)->value;
		if (o != NULL)
			return o;
	}
	if (!create)
		return NULL;
	o = arena_zalloc(p->arena, sizeof(*o));
	o->name = intern(p->strings, name);
	o->kind = kind;
	o->defined = false;
	VEC_PUSH(p->arena, &p->objects, o);
	return o;
}

struct interface *
policy_interface(struct policy *p, const char *name, bool create)
{
	const char *n;
	struct interface *ifp;

	if (name == NULL)
		return NULL;
	n = intern_lookup(p->strings, name, strlen(name));
	if (n != NULL) {
		ifp = index_find(index_sync(p), IDX_INTERFACE, n, NULL)->value;
		if (ifp != NULL)
			return ifp;
	}
	if (!create)
		return NULL;
	ifp = arena_zalloc(p->arena, sizeof(*ifp));
	ifp->name = intern(p->strings, name);
	ifp->security_level = -1;
	VEC_PUSH(p->arena, &p->interfaces, ifp);
	return ifp;
}

static void
count_reference(struct rule *r, int delta)
{
	struct container *t = r->action.container;

	if (t == NULL || (r->action.kind != ACTION_JUMP &&
	    r->action.kind != ACTION_GOTO))
		return;
	if (delta > 0)
		t->references++;
	else if (t->references > 0)
		t->references--;
}

struct rule *
container_append(struct policy *p, struct container *c, struct rule *r)
{
	return container_insert(p, c, c->rules.n, r);
}

struct rule *
container_insert(struct policy *p, struct container *c, size_t index,
    struct rule *r)
{
	size_t i;

	if (index > c->rules.n)
		index = c->rules.n;
	VEC_PUSH(p->arena, &c->rules, r);
	if (index < c->rules.n - 1) {
		memmove(&c->rules.v[index + 1], &c->rules.v[index],
		    (c->rules.n - 1 - index) * sizeof(*c->rules.v));
		c->rules.v[index] = r;
	}
	for (i = index; i < c->rules.n; i++)
		c->rules.v[i]->index = (uint32_t)i;
	r->container = c;
	count_reference(r, 1);
	return r;
}

void
container_flush(struct container *c)
{
	size_t i;

	for (i = 0; i < c->rules.n; i++)
		count_reference(c->rules.v[i], -1);
	c->rules.n = 0;
}

void
match_init(struct match *m, enum family fam)
{
	memset(m, 0, sizeof(*m));
	m->family = fam;
	m->physdev_is_in = -1;
	m->physdev_is_out = -1;
	m->physdev_is_bridged = -1;
}

void
match_constrain(struct arena *a, struct match *m, enum field f,
    const struct ivset *s, const char *why)
{
	const struct ivset *r;

	if ((unsigned)f >= FIELD_COUNT || s == NULL)
		return;
	r = m->field[f] != NULL ? ivset_intersect(a, m->field[f], s) : s;
	m->field[f] = r;
	if (ivset_is_empty(r) && m->contradiction == NULL)
		m->contradiction = why != NULL ? arena_strdup(a, why) :
		    arena_printf(a, "no %s value satisfies every condition",
		    field_info(f)->name);
}

void
match_add_opaque(struct arena *a, struct match *m, const char *module,
    const char *text, struct loc loc, bool nondeterministic)
{
	struct opaque_match o;

	o.module = module != NULL ? arena_strdup(a, module) : "";
	o.text = text != NULL ? arena_strdup(a, text) : "";
	o.loc = loc;
	o.nondeterministic = nondeterministic;
	VEC_PUSH(a, &m->opaque, o);
}

bool
match_is_opaque(const struct match *m)
{
	return m->opaque.n > 0;
}

const char *
action_kind_name(enum action_kind k)
{
	static const char *const names[] = {
		[ACTION_NONE] = "none",
		[ACTION_ACCEPT] = "accept",
		[ACTION_DROP] = "drop",
		[ACTION_REJECT] = "reject",
		[ACTION_RETURN] = "return",
		[ACTION_JUMP] = "jump",
		[ACTION_GOTO] = "goto",
		[ACTION_LOG] = "log",
		[ACTION_MODIFY] = "modify",
		[ACTION_TRANSLATE] = "translate",
		[ACTION_QUEUE] = "queue",
		[ACTION_MATCH] = "match",
		[ACTION_UNKNOWN] = "unknown",
	};

	if ((unsigned)k < sizeof(names) / sizeof(names[0]) && names[k])
		return names[k];
	return "unknown";
}

bool
action_is_verdict(enum action_kind k)
{
	return k == ACTION_ACCEPT || k == ACTION_DROP || k == ACTION_REJECT ||
	    k == ACTION_QUEUE;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry_point *x = *(const struct entry_point *const *)a;
	const struct entry_point *y = *(const struct entry_point *const *)b;

	return strcmp(x->name, y->name);
}

void
policy_finish(struct policy *p)
{
	size_t i, n = 0;

	/* qsort is not stable; equal names keep declaration order this way. */
	if (p->entries.n > 1) {
		size_t j;

		for (i = 1; i < p->entries.n; i++) {
			struct entry_point *e = p->entries.v[i];

			for (j = i; j > 0 &&
			    entry_cmp(&p->entries.v[j - 1], &e) > 0; j--)
				p->entries.v[j] = p->entries.v[j - 1];
			p->entries.v[j] = e;
		}
	}
	for (i = 0; i < p->containers.n; i++)
		n += p->containers.v[i]->rules.n;
	p->nrules = n;
}

const char *
object_kind_name(enum object_kind k)
{
	switch (k) {
	case OBJECT_ADDRESS:
		return "address object";
	case OBJECT_SERVICE:
		return "service object";
	case OBJECT_GROUP:
		return "object group";
	case OBJECT_TABLE:
		return "table";
	case OBJECT_MACRO:
		return "macro";
	case OBJECT_IPSET:
		return "ipset";
	case OBJECT_TIME:
		return "time range";
	default:
		return "object";
	}
}
