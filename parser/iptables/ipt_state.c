/*
 * ipt_state.c - words, locations, diagnostics and caches of the iptables
 * front end.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "parser/iptables/ipt.h"

void
ipt_line_begin(struct ipt_state *st, uint32_t off)
{
	st->nwords = 0;
	st->wlen = 0;
	st->line_bad = false;
	st->line_no = st->next_line;
	st->line_start = off;
	st->line_end = off;
}

/*
 * The word buffer grows by doubling inside the arena; words keep offsets
 * into it until the line is complete, so growing never invalidates them.
 */
static void
wbuf_reserve(struct ipt_state *st, size_t more)
{
	size_t ncap;

	if (st->wlen + more <= st->wbcap)
		return;
	ncap = st->wbcap ? st->wbcap : 4096;
	while (ncap < st->wlen + more)
		ncap *= 2;
	st->wbuf = arena_grow(st->arena, st->wbuf, st->wlen, ncap);
	st->wbcap = ncap;
}

void
ipt_push_word(struct ipt_state *st, const char *raw, size_t rawlen,
    uint32_t off, bool quoted_form)
{
	struct ipt_word *w;
	char *d;
	size_t i;
	bool inq = false, esc = false;

	if (st->nwords == st->wcap) {
		size_t ncap = st->wcap ? st->wcap * 2 : 64;

		st->words = arena_grow(st->arena, st->words,
		    st->wcap * sizeof(*st->words), ncap * sizeof(*st->words));
		st->wcap = ncap;
	}
	wbuf_reserve(st, rawlen + 1);
	w = &st->words[st->nwords++];
	w->toff = (uint32_t)st->wlen;
	w->off = off;
	w->rawlen = (uint32_t)rawlen;
	w->quoted = quoted_form;
	d = st->wbuf + st->wlen;
	if (!quoted_form) {
		memcpy(d, raw, rawlen);
		i = rawlen;
	} else {
		/* Quotes are removed; inside them a backslash escapes. */
		size_t k = 0;

		for (i = 0; i < rawlen; i++) {
			char c = raw[i];

			if (inq) {
				if (esc) {
					d[k++] = c;
					esc = false;
				} else if (c == '\\')
					esc = true;
				else if (c == '"')
					inq = false;
				else
					d[k++] = c;
			} else if (c == '"')
				inq = true;
			else
				d[k++] = c;
		}
		i = k;
	}
	d[i] = '\0';
	w->len = (uint32_t)i;
	w->s = NULL;
	st->wlen += i + 1;
}

void
ipt_words_finish(struct ipt_state *st)
{
	size_t i;

	for (i = 0; i < st->nwords; i++)
		st->words[i].s = st->wbuf + st->words[i].toff;
}

struct loc
ipt_loc(const struct ipt_state *st, uint32_t off, uint32_t len)
{
	struct loc l;

	/* Words never span lines: the current line gives line and column. */
	if (off >= st->line_start && st->line_no > 0 &&
	    st->line_no <= st->src->nlines &&
	    st->src->line_starts[st->line_no - 1] == st->line_start) {
		l.file = st->src;
		l.line = l.end_line = st->line_no;
		l.col = off - st->line_start + 1;
		l.end_col = l.col + (len > 0 ? len - 1 : 0);
		return l;
	}
	return source_loc(st->src, off, len);
}

struct loc
ipt_word_loc(const struct ipt_state *st, const struct ipt_word *w)
{
	return ipt_loc(st, w->off, w->rawlen);
}

struct loc
ipt_words_loc(const struct ipt_state *st, const struct ipt_word *a,
    const struct ipt_word *b)
{
	return ipt_loc(st, a->off, b->off + b->rawlen - a->off);
}

void
ipt_diag_error(struct ipt_state *st, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vemit(st->diags, DIAG_ERROR, "syntax", loc, fmt, ap);
	va_end(ap);
	st->nerrors++;
}

void
ipt_diag_warning(struct ipt_state *st, const char *code, struct loc loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vemit(st->diags, DIAG_WARNING, code, loc, fmt, ap);
	va_end(ap);
}

static uint32_t
hash_bytes(char tag, const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	h ^= (unsigned char)tag;
	h *= 16777619u;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h ^ (h >> 15);
}

/*
 * Large rulesets repeat the same few hundred networks, ports and state
 * lists: each distinct (tag, text) is parsed once and its set shared by
 * every rule (sets are values, never modified).  The tag says what the
 * text is: '=' an address term, '!' its complement, other letters the
 * option that reads it.  Returns the slot of the value, NULL when new.
 */
const void **
ipt_cache_slot(struct ipt_state *st, char tag, const char *s, size_t len)
{
	struct ipt_addrcache *c = &st->addrs;
	struct ipt_addrslot *e;
	uint32_t h = hash_bytes(tag, s, len);
	size_t i, mask;
	char *key;

	if (c->cap == 0) {
		c->cap = 1024;
		c->slot = arena_zalloc(st->arena, c->cap * sizeof(*c->slot));
	}
	mask = c->cap - 1;
	for (i = h & mask; c->slot[i].key != NULL; i = (i + 1) & mask) {
		e = &c->slot[i];
		if (e->hash == h && e->len == len + 1 && e->key[0] == tag &&
		    memcmp(e->key + 1, s, len) == 0)
			return &e->set;
	}
	if ((c->n + 1) * 2 > c->cap) {
		struct ipt_addrslot *old = c->slot;
		size_t oldcap = c->cap, j;

		c->cap *= 2;
		c->slot = arena_zalloc(st->arena, c->cap * sizeof(*c->slot));
		mask = c->cap - 1;
		for (j = 0; j < oldcap; j++) {
			if (old[j].key == NULL)
				continue;
			for (i = old[j].hash & mask; c->slot[i].key != NULL;
			    i = (i + 1) & mask)
				;
			c->slot[i] = old[j];
		}
		for (i = h & mask; c->slot[i].key != NULL; i = (i + 1) & mask)
			;
	}
	key = arena_alloc(st->arena, len + 2);
	key[0] = tag;
	memcpy(key + 1, s, len);
	key[len + 1] = '\0';
	e = &c->slot[i];
	e->key = key;
	e->len = (uint32_t)(len + 1);
	e->hash = h;
	e->set = NULL;
	c->n++;
	return &e->set;
}

const struct ivset *
ipt_addr_lookup(struct ipt_state *st, const char *s, size_t len, bool negate)
{
	const struct ivset *set;

	set = addrset_parse(st->arena, st->family, s, len);
	if (set == NULL)
		return NULL;
	if (negate)
		set = ivset_complement(st->arena, set,
		    family_max(st->family));
	return set;
}

/*
 * The same splitting as the scanner, on one line already read (rule texts
 * compared by "-D chain rule-spec").  buf needs len + 1 bytes per word at
 * most, so len * 2 + 2 is always enough.
 */
size_t
ipt_split(const char *s, size_t len, char *buf, const char **argv,
    size_t maxargs)
{
	size_t i, n = 0, k = 0;
	bool inq = false, esc = false, have = false;
	char *start = buf;

	for (i = 0; i <= len; i++) {
		char c = i < len ? s[i] : '\0';

		if (inq && i < len) {
			if (esc) {
				buf[k++] = c;
				esc = false;
			} else if (c == '\\')
				esc = true;
			else if (c == '"') {
				inq = false;
				goto end_word;
			} else
				buf[k++] = c;
			continue;
		}
		if (c == '"' && i < len) {
			inq = true;
			have = true;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
		    c != '\0') {
			buf[k++] = c;
			have = true;
			continue;
		}
end_word:
		if (!have)
			continue;
		buf[k++] = '\0';
		if (n < maxargs)
			argv[n++] = start;
		start = buf + k;
		have = false;
	}
	return n;
}
