/*
 * ipt_table.c - tables, chains, COMMIT and revisions.
 *
 * iptables-restore replaces a whole table when it restores it, so a table
 * block that appears again (several dumps concatenated) replaces the
 * earlier one: the model keeps the last revision of each table.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/iptables/ipt.h"
#include "parser/iptables/ipt_ext.h"

static const char *const table_names[IPT_NTABLES] = {
	"filter", "nat", "mangle", "raw", "security"
};

static const char *const builtin_chains[IPT_NTABLES][6] = {
	{ "INPUT", "FORWARD", "OUTPUT", NULL },
	{ "PREROUTING", "INPUT", "OUTPUT", "POSTROUTING", NULL },
	{ "PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING", NULL },
	{ "PREROUTING", "OUTPUT", NULL },
	{ "INPUT", "FORWARD", "OUTPUT", NULL },
};

int
ipt_table_index(const struct ipt_state *st, const struct ipt_table *t)
{
	return (int)(t - st->tables);
}

bool
ipt_is_builtin(const struct ipt_table *t, const char *name)
{
	size_t i, k;

	for (k = 0; k < IPT_NTABLES; k++)
		if (strcmp(t->name, table_names[k]) == 0)
			break;
	if (k == IPT_NTABLES)
		return false;
	for (i = 0; builtin_chains[k][i] != NULL; i++)
		if (strcmp(builtin_chains[k][i], name) == 0)
			return true;
	return false;
}

static size_t
ptr_hash(const void *p)
{
	uintptr_t v = (uintptr_t)p;

	v ^= v >> 17;
	v *= UINT64_C(0x9e3779b97f4a7c15) & UINTPTR_MAX;
	return (size_t)(v ^ (v >> 29));
}

static void
map_put(struct arena *a, struct ipt_chainmap *m, struct container *c)
{
	size_t i, mask;

	if ((m->n + 1) * 2 > m->cap) {
		struct container **old = m->slot;
		size_t oldcap = m->cap, j;

		m->cap = m->cap ? m->cap * 2 : 16;
		m->slot = arena_zalloc(a, m->cap * sizeof(*m->slot));
		m->n = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j] != NULL)
				map_put(a, m, old[j]);
	}
	mask = m->cap - 1;
	for (i = ptr_hash(c->name) & mask; m->slot[i] != NULL;
	    i = (i + 1) & mask)
		if (m->slot[i]->name == c->name) {
			m->slot[i] = c;
			return;
		}
	m->slot[i] = c;
	m->n++;
}

struct container *
ipt_chain_find(struct ipt_table *t, const char *name)
{
	struct ipt_chainmap *m = &t->chains;
	size_t i, mask;

	if (m->cap == 0 || name == NULL)
		return NULL;
	mask = m->cap - 1;
	for (i = ptr_hash(name) & mask; m->slot[i] != NULL;
	    i = (i + 1) & mask)
		if (m->slot[i]->name == name)
			return m->slot[i];
	return NULL;
}

/* Rebuild the map without c (chains are deleted or renamed rarely). */
static void
map_remove(struct arena *a, struct ipt_chainmap *m, struct container *c)
{
	struct container **old = m->slot;
	size_t oldcap = m->cap, j;

	m->slot = arena_zalloc(a, (oldcap ? oldcap : 16) * sizeof(*m->slot));
	m->cap = oldcap ? oldcap : 16;
	m->n = 0;
	for (j = 0; j < oldcap; j++)
		if (old[j] != NULL && old[j] != c)
			map_put(a, m, old[j]);
}

static void
policy_drop_container(struct policy *p, struct container *c)
{
	size_t i, k = 0;

	for (i = 0; i < p->containers.n; i++)
		if (p->containers.v[i] != c)
			p->containers.v[k++] = p->containers.v[i];
	p->containers.n = k;
}

void
ipt_chain_delete(struct ipt_state *st, struct ipt_table *t,
    struct container *c)
{
	map_remove(st->arena, &t->chains, c);
	policy_drop_container(st->policy, c);
}

void
ipt_chain_rename(struct ipt_state *st, struct ipt_table *t,
    struct container *c, const char *name)
{
	map_remove(st->arena, &t->chains, c);
	c->name = name;
	map_put(st->arena, &t->chains, c);
}

struct container *
ipt_chain_new(struct ipt_state *st, struct ipt_table *t, const char *name,
    bool builtin, struct loc loc)
{
	struct container *c;

	c = policy_add_container(st->policy, name, t->name, st->family,
	    builtin ? CONTAINER_CHAIN : CONTAINER_USER_CHAIN, loc);
	c->name = name;
	if (builtin) {
		/* A built-in chain accepts until told otherwise. */
		c->policy.kind = ACTION_ACCEPT;
		c->policy.target = intern(st->strings, "ACCEPT");
		c->policy.loc = loc;
	}
	map_put(st->arena, &t->chains, c);
	return c;
}

struct loc
ipt_line_loc(const struct ipt_state *st)
{
	uint32_t end = st->line_end;
	const char *text = st->src->text;

	while (end > st->line_start && (text[end - 1] == ' ' ||
	    text[end - 1] == '\t' || text[end - 1] == '\r'))
		end--;
	return ipt_loc(st, st->line_start, end - st->line_start);
}

/* Forget every chain of an earlier block of the same table. */
static void
table_reset(struct ipt_state *st, struct ipt_table *t)
{
	struct policy *p = st->policy;
	size_t i, k = 0;

	for (i = 0; i < p->containers.n; i++)
		if (p->containers.v[i]->table != t->name)
			p->containers.v[k++] = p->containers.v[i];
	p->containers.n = k;
	memset(&t->chains, 0, sizeof(t->chains));
	t->pending.n = 0;
}

/*
 * The targets that named no chain when their rule was read: chains are
 * usually declared first, but a hand-written file may declare one later.
 */
static void
resolve_pending(struct ipt_state *st, struct ipt_table *t)
{
	size_t i;

	for (i = 0; i < t->pending.n; i++) {
		struct rule *r = t->pending.v[i];
		struct container *c = ipt_chain_find(t, r->action.target);
		struct container *home = r->container;
		bool live = home != NULL && r->index < home->rules.n &&
		    home->rules.v[r->index] == r;

		if (c != NULL) {
			r->action.container = c;
			if (live)
				c->references++;
		} else if (r->action.kind == ACTION_JUMP &&
		    ipt_target_looks_extension(r->action.target)) {
			r->action.kind = ACTION_UNKNOWN;
			diag_once(st->diags, DIAG_NOTE, "opaque-target",
			    r->action.target, r->action.loc,
			    "target \"%s\" is not modelled; rules using it "
			    "are kept, with an unknown effect",
			    r->action.target);
		}
	}
	t->pending.n = 0;
}

static void
close_table(struct ipt_state *st, struct ipt_table *t)
{
	resolve_pending(st, t);
	t->open = false;
	st->cur = NULL;
}

void
ipt_do_table(struct ipt_state *st)
{
	struct ipt_word *w = &st->words[0];
	struct loc loc = ipt_line_loc(st);
	struct ipt_table *t = NULL;
	size_t k;

	if (st->line_bad)
		return;
	for (k = 0; k < IPT_NTABLES; k++)
		if (strcmp(w->s, table_names[k]) == 0)
			t = &st->tables[k];
	if (st->cur != NULL) {
		struct diagnostic *d;

		st->nerrors++;
		d = diag_emit(st->diags, DIAG_ERROR, "syntax", loc,
		    "table \"%s\" starts before the COMMIT of table \"%s\"",
		    w->s, st->cur->name);
		diag_add_related(st->diags, d, st->cur->loc,
		    "table \"%s\" starts here", st->cur->name);
		close_table(st, st->cur);
	}
	if (t == NULL) {
		ipt_diag_error(st, ipt_word_loc(st, w),
		    "unknown table \"%s\" (expected filter, nat, mangle, raw "
		    "or security)", w->s);
		return;
	}
	if (t->present) {
		table_reset(st, t);
		if (st->revisions < 2)
			st->revision_loc = loc;
	}
	t->blocks++;
	if (t->blocks > st->revisions)
		st->revisions = t->blocks;
	t->present = true;
	t->open = true;
	t->loc = loc;
	st->cur = t;
}

static bool
parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* "[packets:bytes]" */
bool
ipt_parse_counters(const char *s, size_t len, struct counters *c)
{
	const char *colon;

	if (len < 5 || s[0] != '[' || s[len - 1] != ']')
		return false;
	colon = memchr(s, ':', len);
	if (colon == NULL)
		return false;
	if (!parse_u64(s + 1, (size_t)(colon - s - 1), &c->packets) ||
	    !parse_u64(colon + 1, (size_t)(s + len - 1 - colon - 1),
	    &c->bytes))
		return false;
	c->present = true;
	return true;
}

void
ipt_do_chain(struct ipt_state *st)
{
	struct ipt_word *w = st->words;
	struct ipt_table *t = st->cur;
	struct loc loc = ipt_line_loc(st);
	const char *name;
	struct container *c;
	bool builtin;
	struct counters ctr;

	if (st->line_bad)
		return;
	if (t == NULL) {
		ipt_diag_error(st, loc, "chain declaration outside a table "
		    "(a \"*filter\" line or similar must come first)");
		return;
	}
	if (w[0].len == 0) {
		ipt_diag_error(st, ipt_loc(st, st->line_start, 1),
		    "missing chain name after \":\"");
		return;
	}
	if (st->nwords < 2) {
		ipt_diag_error(st, ipt_word_loc(st, &w[0]),
		    "missing policy after chain \"%s\" (ACCEPT, DROP, or "
		    "\"-\" for a user chain)", w[0].s);
		return;
	}
	if (st->nwords > 3) {
		ipt_diag_error(st, ipt_words_loc(st, &w[3],
		    &w[st->nwords - 1]), "unexpected text after the chain "
		    "counters");
		return;
	}
	memset(&ctr, 0, sizeof(ctr));
	if (st->nwords == 3 && !ipt_parse_counters(w[2].s, w[2].len, &ctr)) {
		ipt_diag_error(st, ipt_word_loc(st, &w[2]),
		    "invalid counters \"%s\" (expected [packets:bytes])",
		    w[2].s);
		return;
	}
	name = intern_n(st->strings, w[0].s, w[0].len);
	builtin = ipt_is_builtin(t, name);
	if (!builtin && strcmp(w[1].s, "-") != 0) {
		ipt_diag_error(st, ipt_word_loc(st, &w[1]),
		    "\"%s\" is not a built-in chain of table \"%s\": its "
		    "policy must be \"-\"", name, t->name);
		return;
	}
	if (builtin && strcmp(w[1].s, "-") != 0 &&
	    strcmp(w[1].s, "ACCEPT") != 0 && strcmp(w[1].s, "DROP") != 0) {
		ipt_diag_error(st, ipt_word_loc(st, &w[1]),
		    "invalid policy \"%s\" (expected ACCEPT or DROP)", w[1].s);
		return;
	}
	c = ipt_chain_find(t, name);
	if (c != NULL && !builtin) {
		struct diagnostic *d;

		st->nerrors++;
		d = diag_emit(st->diags, DIAG_ERROR, "syntax",
		    ipt_word_loc(st, &w[0]), "chain \"%s\" already exists",
		    name);
		diag_add_related(st->diags, d, c->loc, "declared here");
		return;
	}
	if (c == NULL)
		c = ipt_chain_new(st, t, name, builtin, loc);
	c->loc = loc;
	if (builtin) {
		if (strcmp(w[1].s, "-") != 0) {
			c->policy.kind = w[1].s[0] == 'A' ? ACTION_ACCEPT :
			    ACTION_DROP;
			c->policy.target = intern_n(st->strings, w[1].s,
			    w[1].len);
			c->policy.loc = ipt_word_loc(st, &w[1]);
		}
		c->policy_counters = ctr;
	}
}

/* "*filter extra" or "COMMIT extra": iptables-restore rejects both. */
void
ipt_extra_words(struct ipt_state *st)
{
	struct ipt_word *w = st->words;

	if (st->line_bad)
		return;
	ipt_diag_error(st, ipt_words_loc(st, &w[1], &w[st->nwords - 1]),
	    "unexpected \"%s\" after %s", w[1].s, st->src->text[
	    st->line_start] == '*' ? "the table name" : "COMMIT");
}

void
ipt_do_commit(struct ipt_state *st)
{
	if (st->line_bad)
		return;
	if (st->cur == NULL) {
		ipt_diag_error(st, ipt_line_loc(st), "COMMIT outside a table");
		return;
	}
	close_table(st, st->cur);
}

void
ipt_do_command(struct ipt_state *st, bool counters)
{
	struct counters ctr;
	struct ipt_word *w = st->words;
	size_t n = st->nwords;

	if (st->line_bad)
		return;
	memset(&ctr, 0, sizeof(ctr));
	if (counters) {
		if (!ipt_parse_counters(w[0].s, w[0].len, &ctr)) {
			ipt_diag_error(st, ipt_word_loc(st, &w[0]),
			    "invalid counters \"%s\"", w[0].s);
			return;
		}
		w++;
		n--;
	}
	ipt_command(st, w, n, counters ? &ctr : NULL);
}

void
ipt_do_finish(struct ipt_state *st)
{
	struct policy *p = st->policy;
	size_t k, i;

	if (st->cur != NULL) {
		ipt_diag_error(st, st->cur->loc, "table \"%s\" has no COMMIT "
		    "line: iptables-restore would fail with \"COMMIT "
		    "expected\"", st->cur->name);
		close_table(st, st->cur);
	}
	for (k = 0; k < IPT_NTABLES; k++) {
		struct ipt_table *t = &st->tables[k];

		if (!t->present)
			continue;
		for (i = 0; builtin_chains[k][i] != NULL; i++) {
			const char *name = intern(st->strings,
			    builtin_chains[k][i]);
			struct container *c = ipt_chain_find(t, name);
			struct entry_point *e;

			if (c == NULL)
				c = ipt_chain_new(st, t, name, true, t->loc);
			e = policy_add_entry(p, arena_printf(st->arena,
			    "%s/%s/%s", family_name(st->family), t->name,
			    name), c);
			e->family = st->family;
			e->table = t->name;
			e->hook = name;
			e->filters = k == IPT_FILTER;
			e->order = ORDER_FIRST_MATCH;
			e->default_action = c->policy;
			e->default_loc = c->loc;
		}
	}
	p->revisions = st->revisions > 0 ? st->revisions : 1;
	if (st->revisions > 1)
		diag_emit(st->diags, DIAG_NOTE, "revisions", st->revision_loc,
		    "this file holds %" PRIu32 " dumps of the same tables; "
		    "the last revision of each table is analyzed",
		    st->revisions);
}
