/*
 * asa_state.c - words, locations, diagnostics, maps and object bookkeeping
 * of the PIX/ASA front end.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

void
asa_line_begin(struct asa_state *st, uint32_t off)
{
	st->nwords = 0;
	st->wlen = 0;
	st->line_bad = false;
	st->indented = false;
	st->line_start = off;
	st->line_end = off;
}

/*
 * The word buffer grows by doubling inside the arena; words keep offsets
 * into it until the line is complete, so growing never invalidates them.
 */
void
asa_push_word(struct asa_state *st, const char *s, size_t len, uint32_t off)
{
	struct asa_word *w;

	if (st->nwords == st->wcap) {
		size_t ncap = st->wcap ? st->wcap * 2 : 64;

		st->words = arena_grow(st->arena, st->words,
		    st->wcap * sizeof(*st->words), ncap * sizeof(*st->words));
		st->wcap = ncap;
	}
	if (st->wlen + len + 1 > st->wbcap) {
		size_t ncap = st->wbcap ? st->wbcap : 4096;

		while (ncap < st->wlen + len + 1)
			ncap *= 2;
		st->wbuf = arena_grow(st->arena, st->wbuf, st->wlen, ncap);
		st->wbcap = ncap;
	}
	w = &st->words[st->nwords++];
	w->toff = (uint32_t)st->wlen;
	w->len = (uint32_t)len;
	w->off = off;
	memcpy(st->wbuf + st->wlen, s, len);
	st->wbuf[st->wlen + len] = '\0';
	st->wlen += len + 1;
}

void
asa_words_finish(struct asa_state *st)
{
	size_t i;

	for (i = 0; i < st->nwords; i++)
		st->words[i].s = st->wbuf + st->words[i].toff;
}

struct loc
asa_loc(const struct asa_state *st, uint32_t off, uint32_t len)
{
	return source_loc(st->src, off, len);
}

struct loc
asa_word_loc(const struct asa_state *st, const struct asa_word *w)
{
	return source_loc(st->src, w->off, w->len);
}

struct loc
asa_line_loc(const struct asa_state *st)
{
	uint32_t start = st->nwords > 0 ? st->words[0].off : st->line_start;

	return source_loc(st->src, start, st->line_end > start ?
	    st->line_end - start : 0);
}

/* The line as written, without its indentation and end of line. */
const char *
asa_line_text(struct asa_state *st)
{
	return asa_rest(st, 0);
}

const char *
asa_rest(struct asa_state *st, size_t i)
{
	uint32_t start, end = st->line_end;

	if (i >= st->nwords)
		return "";
	start = st->words[i].off;
	while (end > start && (st->src->text[end - 1] == ' ' ||
	    st->src->text[end - 1] == '\t' || st->src->text[end - 1] == '\r'))
		end--;
	return arena_strndup(st->arena, st->src->text + start, end - start);
}

/* Only the first error of a line is reported: the rest follow from it. */
void
asa_err(struct asa_state *st, struct loc loc, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (st->in_expansion) {
		/*
		 * An expansion line of "show access-list" only restates its
		 * entry: one the device would not print (a hand-edited
		 * capture) costs the entry its expansions, not the file.
		 */
		st->expansion_bad = true;
		if (st->line_bad)
			return;
		st->line_bad = true;
		va_start(ap, fmt);
		msg = arena_vprintf(st->arena, fmt, ap);
		va_end(ap);
		diag_emit(st->diags, DIAG_WARNING, "asa", loc, "%s: the "
		    "expansions of this entry are ignored", msg);
		return;
	}
	st->nerrors++;
	if (st->line_bad)
		return;
	st->line_bad = true;
	va_start(ap, fmt);
	diag_vemit(st->diags, DIAG_ERROR, "syntax", loc, fmt, ap);
	va_end(ap);
}

/*
 * A name the device would refuse but the meaning of the line is clear
 * (an unknown port name): the input is accepted, the condition is opaque.
 */
void
asa_warn(struct asa_state *st, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vemit(st->diags, DIAG_WARNING, "asa", loc, fmt, ap);
	va_end(ap);
}

void
asa_note_once(struct asa_state *st, const char *key, struct loc loc,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(st->arena, fmt, ap);
	va_end(ap);
	diag_once(st->diags, DIAG_NOTE, "asa", key, loc, "%s", msg);
}

static size_t
ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;

	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return (size_t)x;
}

void *
asa_map_get(const struct asa_map *m, const void *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = ptr_hash(key) & (m->cap - 1); m->slot[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->slot[i].key == key)
			return m->slot[i].value;
	return NULL;
}

void
asa_map_put(struct arena *a, struct asa_map *m, const void *key, void *value)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct asa_map old = *m;
		size_t k;

		m->cap = old.cap ? old.cap * 2 : 64;
		m->slot = arena_zalloc(a, m->cap * sizeof(*m->slot));
		m->n = 0;
		for (k = 0; k < old.cap; k++)
			if (old.slot[k].key != NULL)
				asa_map_put(a, m, old.slot[k].key,
				    old.slot[k].value);
	}
	for (i = ptr_hash(key) & (m->cap - 1); m->slot[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->slot[i].key == key) {
			m->slot[i].value = value;
			return;
		}
	m->slot[i].key = key;
	m->slot[i].value = value;
	m->n++;
}

struct asa_obj *
asa_obj_aux(struct asa_state *st, struct object *o)
{
	struct asa_obj *x = asa_map_get(&st->objs, o);

	if (x == NULL) {
		x = arena_zalloc(st->arena, sizeof(*x));
		x->obj = o;
		asa_map_put(st->arena, &st->objs, o, x);
	}
	return x;
}

/*
 * Objects, object-groups and names share one namespace in the model: a
 * reference does not always say which it is ("host NAME", "object-group"
 * in a port position).  A name used before any definition becomes an
 * undefined object, which a later definition completes.
 */
struct object *
asa_obj_ref(struct asa_state *st, const char *name, enum object_kind kind,
    struct loc use)
{
	struct object *o = policy_object(st->policy, name, kind, true);

	if (!o->defined && o->loc.file == NULL)
		o->loc = use;
	o->references++;
	return o;
}

struct asa_acl *
asa_acl_get(struct asa_state *st, const char *name, struct loc loc,
    bool create)
{
	const char *n = intern(st->strings, name);
	struct asa_acl *acl = asa_map_get(&st->acls, n);

	if (acl != NULL || !create)
		return acl;
	acl = arena_zalloc(st->arena, sizeof(*acl));
	acl->c = policy_add_container(st->policy, n, NULL, FAMILY_ANY,
	    CONTAINER_ACL, loc);
	asa_map_put(st->arena, &st->acls, n, acl);
	return acl;
}
