/*
 * asa_merge.c - hit counters of "show access-list" output given to the
 * entries of a running-config.
 *
 * Users capture "show running-config" and then "show access-list" in one
 * session log, or keep the two in separate files.  The running-config
 * holds the rules (with their remarks, objects and bindings); the show
 * output holds the same entries again, numbered, with "(hitcnt=N)" and,
 * under an entry that names objects, one indented line per element of
 * its expansion.  Reading the show output as rules would double every
 * entry, so after a running-config its lines are read for their counters
 * only (asa_count_line) and matched at the end of the file: same list,
 * same entry text once the words the show output adds or rewrites are
 * dropped ("line N", "extended", the log level and interval, "inactive",
 * the counter, the hash), and at the same line number when several
 * entries have the same text.  An entry's count is its own line's (the
 * total, on real devices) or, when larger or absent, the sum of its
 * expansion lines'.  Show entries that the running-config lacks are
 * reported and never invented: the rules are the running-config's.
 * asa_merge_counters does the same for two files parsed apart.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/asa/asa.h"
#include "parser/asa/asa_int.h"

/* "(hitcnt=N)": true and *n when w is a counter word. */
static bool
hitcnt(const char *w, uint64_t *n, bool *valid)
{
	size_t len = strlen(w);
	unsigned long v;
	char buf[32];

	*valid = false;
	if (len < 10 || strncmp(w, "(hitcnt=", 8) != 0 || w[len - 1] != ')')
		return false;
	if (len - 9 < sizeof(buf)) {
		memcpy(buf, w + 8, len - 9);
		buf[len - 9] = '\0';
		if (asa_number(buf, (unsigned long)-1, &v)) {
			*valid = true;
			*n = v;
		}
	}
	return true;
}

static bool
line_has_counter(const struct asa_state *st)
{
	uint64_t n;
	bool valid;

	for (size_t i = 0; i < st->nwords; i++)
		if (hitcnt(st->words[i].s, &n, &valid))
			return true;
	return false;
}

/* The line's counter, warning about a malformed one. */
static bool
line_counter(struct asa_state *st, uint64_t *n)
{
	bool valid;

	for (size_t i = 0; i < st->nwords; i++)
		if (hitcnt(st->words[i].s, n, &valid)) {
			if (!valid)
				asa_warn(st, asa_word_loc(st, &st->words[i]),
				    "invalid hit count \"%s\": ignored",
				    st->words[i].s);
			return valid;
		}
	return false;
}

/*
 * Is the list at word first, in this line, "show access-list" output to
 * be merged?  Only after a running-config (or after entries of the same
 * list without counters): alone, the show output is the rules.
 */
bool
asa_count_line(struct asa_state *st, size_t first)
{
	struct asa_word *name = &st->words[first];
	struct asa_counted *ce;
	struct asa_acl *acl;
	const char *n;
	bool header = name->s[name->len - 1] == ';';

	st->merge_parent = NULL;
	n = header ? intern(st->strings, arena_strndup(st->arena, name->s,
	    name->len - 1)) : intern(st->strings, name->s);
	if (!header && asa_map_get(&st->show_acls, n) == NULL &&
	    !line_has_counter(st))
		return false;
	acl = asa_acl_get(st, n, asa_word_loc(st, name), false);
	if (!st->config_seen && (acl == NULL || acl->c->rules.n == 0 ||
	    acl->show_seen))
		return false;
	st->show_output = true;
	if (header) {
		asa_map_put(st->arena, &st->show_acls, n, (void *)n);
		return true;
	}
	/* Remarks are the running-config's; only entries carry counts. */
	for (size_t i = first + 1; i < st->nwords && i < first + 4; i++)
		if (strcmp(st->words[i].s, "remark") == 0)
			return true;
	asa_map_put(st->arena, &st->show_acls, n, (void *)n);
	ce = arena_zalloc(st->arena, sizeof(*ce));
	ce->acl = n;
	ce->text = asa_line_text(st);
	ce->loc = asa_line_loc(st);
	ce->counted = line_counter(st, &ce->hits);
	VEC_PUSH(st->arena, &st->counted, ce);
	st->merge_parent = ce;
	return true;
}

void
asa_count_expansion(struct asa_state *st)
{
	struct asa_counted *ce = st->merge_parent;
	uint64_t n;

	if (st->nwords < 2 || intern(st->strings, st->words[1].s) != ce->acl) {
		asa_warn(st, asa_line_loc(st), "expansion line not under an "
		    "entry of its access-list: ignored");
		return;
	}
	if (line_counter(st, &n)) {
		ce->sub_counted = true;
		ce->sub_hits += n;
	}
}

/* Words of an entry's text, the key of the entry: see the top. */
static const char *
entry_key(struct arena *a, const char *text, const char **acl,
    unsigned long *line)
{
	char *copy = arena_strndup(a, text, strlen(text));
	char *w[512], *save = NULL, *t, *key;
	size_t n = 0, i = 0, len = 0, k;

	for (t = strtok_r(copy, " \t", &save); t != NULL && n < 512;
	    t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	*line = 0;
	if (i < n && strcmp(w[i], "ipv6") == 0)
		i++;
	if (i + 2 >= n || strcmp(w[i], "access-list") != 0)
		return NULL;
	*acl = w[i + 1];
	i += 2;
	if (i + 1 < n && strcmp(w[i], "line") == 0) {
		if (!asa_number(w[i + 1], 1000000000, line))
			*line = 0;
		i += 2;
	}
	if (i < n && strcmp(w[i], "extended") == 0)
		i++;
	if (i >= n || (strcmp(w[i], "permit") != 0 &&
	    strcmp(w[i], "deny") != 0 && strcmp(w[i], "standard") != 0 &&
	    strcmp(w[i], "webtype") != 0 && strcmp(w[i], "ethertype") != 0))
		return NULL;
	key = arena_alloc(a, strlen(text) + 1);
	for (k = i; k < n; k++) {
		uint64_t h;
		bool valid;

		if (strcmp(w[k], "log") == 0) {
			if (k + 1 < n && (asa_log_level(w[k + 1]) ||
			    strcmp(w[k + 1], "disable") == 0 ||
			    strcmp(w[k + 1], "default") == 0))
				k++;
			continue;
		}
		if (strcmp(w[k], "interval") == 0) {
			k++;
			continue;
		}
		if (strcmp(w[k], "inactive") == 0 ||
		    strcmp(w[k], "(inactive)") == 0 ||
		    hitcnt(w[k], &h, &valid) ||
		    (k == n - 1 && strncmp(w[k], "0x", 2) == 0))
			continue;
		if (len > 0)
			key[len++] = ' ';
		memcpy(key + len, w[k], strlen(w[k]));
		len += strlen(w[k]);
	}
	key[len] = '\0';
	return key;
}

struct merge {
	struct arena	*arena;
	struct intern	*strings;
	struct policy	*run;
	struct diag_list *diags;
	/* rule -> its key, and rules that got a counter (by rule + 1). */
	struct asa_map	 keys, lines, used;
	/* containers that got at least one counter */
	struct asa_map	 touched;
	int		 merged;
};

static void
index_container(struct merge *m, const struct container *c)
{
	unsigned long line = 0;

	if (asa_map_get(&m->keys, c) != NULL)
		return;
	asa_map_put(m->arena, &m->keys, c, (void *)c);
	for (size_t k = 0; k < c->rules.n; k++) {
		const struct rule *r = c->rules.v[k];
		const char *acl, *key;
		unsigned long l;

		/* Remarks before an entry count as lines of the list. */
		line++;
		for (const char *s = r->comment; s != NULL && *s != '\0'; s++)
			if (s == r->comment || s[-1] == '\n')
				line++;
		if (r->text == NULL)
			continue;
		key = entry_key(m->arena, r->text, &acl, &l);
		if (key == NULL)
			continue;
		asa_map_put(m->arena, &m->keys, r, (void *)key);
		asa_map_put(m->arena, &m->lines, r, (void *)(uintptr_t)line);
	}
}

static void
merge_one(struct merge *m, const char *text, struct loc loc, bool counted,
    uint64_t hits)
{
	const char *acl, *key;
	unsigned long line;
	struct container *c;
	struct rule *best = NULL;

	if (!counted)
		return;
	key = entry_key(m->arena, text, &acl, &line);
	if (key == NULL)
		return;
	c = policy_find_container(m->run, acl, NULL);
	if (c == NULL || c->kind != CONTAINER_ACL || c->rules.n == 0) {
		diag_once(m->diags, DIAG_WARNING, "asa", arena_printf(
		    m->arena, "show-acl:%s", acl), loc, "access-list \"%s\" "
		    "of the show access-list output is not in the "
		    "running-config: its counters are ignored", acl);
		return;
	}
	index_container(m, c);
	for (size_t k = 0; k < c->rules.n; k++) {
		struct rule *r = c->rules.v[k];
		const char *rk = asa_map_get(&m->keys, r);

		if (rk == NULL || asa_map_get(&m->used, r) != NULL ||
		    strcmp(rk, key) != 0)
			continue;
		if (best == NULL)
			best = r;
		if (line != 0 && (uintptr_t)asa_map_get(&m->lines, r) ==
		    line) {
			best = r;
			break;
		}
	}
	if (best == NULL) {
		diag_emit(m->diags, DIAG_WARNING, "asa", loc, "this entry of "
		    "access-list \"%s\" is not in the running-config: its "
		    "counter is ignored", acl);
		return;
	}
	asa_map_put(m->arena, &m->used, best, best);
	asa_map_put(m->arena, &m->touched, c, c);
	best->counters.present = true;
	best->counters.packets = hits;
	m->merged++;
}

/* Entries of a list the show output covers that got no counter. */
static void
merge_report(struct merge *m)
{
	for (size_t i = 0; i < m->run->containers.n; i++) {
		struct container *c = m->run->containers.v[i];
		size_t missing = 0;

		if (asa_map_get(&m->touched, c) == NULL)
			continue;
		for (size_t k = 0; k < c->rules.n; k++)
			if (asa_map_get(&m->used, c->rules.v[k]) == NULL &&
			    !c->rules.v[k]->counters.present)
				missing++;
		if (missing > 0)
			diag_emit(m->diags, DIAG_NOTE, "asa", c->loc, "%zu "
			    "%s of access-list \"%s\" %s no counter in the "
			    "show access-list output", missing, missing == 1 ?
			    "entry" : "entries", c->name, missing == 1 ?
			    "has" : "have");
	}
}

static void
merge_init(struct merge *m, struct policy *run, struct diag_list *diags)
{
	memset(m, 0, sizeof(*m));
	m->arena = run->arena;
	m->strings = run->strings;
	m->run = run;
	m->diags = diags;
}

void
asa_merge_finish(struct asa_state *st)
{
	struct merge m;

	if (st->counted.n == 0)
		return;
	merge_init(&m, st->policy, st->diags);
	for (size_t i = 0; i < st->counted.n; i++) {
		struct asa_counted *ce = st->counted.v[i];
		uint64_t hits = ce->hits;

		if (ce->sub_counted && (!ce->counted || ce->sub_hits > hits))
			hits = ce->sub_hits;
		merge_one(&m, ce->text, ce->loc, ce->counted ||
		    ce->sub_counted, hits);
	}
	merge_report(&m);
}

int
asa_merge_counters(struct policy *running, const struct policy *show,
    struct diag_list *diags)
{
	struct merge m;
	bool any = false;

	if (running == NULL || show == NULL ||
	    strcmp(running->format, "asa") != 0 ||
	    strcmp(show->format, "asa") != 0) {
		const struct policy *p = running != NULL &&
		    strcmp(running->format, "asa") != 0 ? running : show;

		if (p != NULL)
			diag_emit(diags, DIAG_ERROR, "asa", source_loc(
			    p->source, 0, 0), "counters can only be merged "
			    "between PIX/ASA inputs, not %s", p->format);
		return -1;
	}
	merge_init(&m, running, diags);
	for (size_t i = 0; i < show->containers.n; i++) {
		const struct container *c = show->containers.v[i];

		if (c->kind != CONTAINER_ACL)
			continue;
		for (size_t k = 0; k < c->rules.n; k++) {
			const struct rule *r = c->rules.v[k];

			if (!r->counters.present || r->text == NULL)
				continue;
			any = true;
			merge_one(&m, r->text, r->loc, true,
			    r->counters.packets);
		}
	}
	if (!any)
		diag_emit(diags, DIAG_WARNING, "asa", source_loc(show->source,
		    0, 0), "no hit counters (hitcnt=) in this input: nothing "
		    "to merge");
	merge_report(&m);
	return m.merged;
}
