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

static struct ipt_word *
new_word(struct ipt_state *st)
{
	if (st->nwords == st->wcap) {
		size_t ncap = st->wcap ? st->wcap * 2 : 64;

		st->words = arena_grow(st->arena, st->words,
		    st->wcap * sizeof(*st->words), ncap * sizeof(*st->words));
		st->wcap = ncap;
	}
	return &st->words[st->nwords++];
}

/*
 * Remove the quotes of a word in place (d <= the byte read, always):
 * inside them a backslash takes the next byte.  Returns the new length.
 */
static size_t
unquote(char *d, const char *raw, size_t rawlen)
{
	size_t i, k = 0;
	bool inq = false, esc = false;

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
	return k;
}

void
ipt_push_word(struct ipt_state *st, const char *raw, size_t rawlen,
    uint32_t off, bool quoted_form)
{
	struct ipt_word *w = new_word(st);
	char *d;
	size_t len;

	wbuf_reserve(st, rawlen + 1);
	w->toff = (uint32_t)st->wlen;
	w->off = off;
	w->rawlen = (uint32_t)rawlen;
	w->quoted = quoted_form;
	d = st->wbuf + st->wlen;
	if (!quoted_form) {
		memcpy(d, raw, rawlen);
		len = rawlen;
	} else
		len = unquote(d, raw, rawlen);
	d[len] = '\0';
	w->len = (uint32_t)len;
	w->s = NULL;
	st->wlen += len + 1;
}

/* Byte classes of the word splitter. */
enum { WC_WORD, WC_BLANK, WC_CR, WC_NL, WC_QUOTE, WC_NUL };

static const unsigned char wclass[256] = {
	[' '] = WC_BLANK, ['\t'] = WC_BLANK, ['\r'] = WC_CR, ['\n'] = WC_NL,
	['"'] = WC_QUOTE, ['\0'] = WC_NUL,
};

/*
 * The first byte from p on that is not a word byte, or an embedded NUL
 * (the caller tells the copy's end from one inside the text).  Eight
 * bytes at a time where the byte order allows: a byte below 0x23 is
 * flagged exactly for the lowest such byte (a borrow only leaves a byte
 * that is itself flagged), and every separator is below 0x23; the rare
 * word bytes there ('!', control characters) are stepped over.  Words
 * are short, so most take one step.  Needs 7 readable bytes past the
 * NUL that ends the buffer.
 */
static char *
word_end(char *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (;;) {
		uint64_t x, m;

		memcpy(&x, p, sizeof(x));
		m = (x - UINT64_C(0x2323232323232323)) & ~x &
		    UINT64_C(0x8080808080808080);
		if (m == 0) {
			p += 8;
			continue;
		}
		p += __builtin_ctzll(m) >> 3;
		if (wclass[(unsigned char)*p] != WC_WORD)
			return p;
		p++;
	}
#else
	while (wclass[(unsigned char)*p] == WC_WORD)
		p++;
	return p;
#endif
}

/*
 * The words of the rest of a line: blanks separate words; "\r" not
 * before "\n" is a blank; double quotes group blanks into a word and a
 * backslash inside them takes the next byte, the closing quote ending the
 * word; a quote left open runs to the end of the line and is an error.
 * A NUL byte inside the text is a word byte.  As flex patterns, with
 * WORDCH [^ \t\r\n"], each word is the longest of
 *	{WORDCH}+
 *	{WORDCH}*\"([^"\\\n]|\\.)*\"		(quoted)
 *	{WORDCH}*\"([^"\\\n]|\\.)*\\?		(open quote: an error)
 * Returns where the line ends: at its "\r\n" or "\n", or at the end of
 * the text.
 *
 * The rest of the line is copied into the word buffer in one go and split
 * there in place: a word is NUL-terminated where it ends (by
 * ipt_words_finish, once the line is complete) and unquoted where it
 * stands.  Word ends are found eight bytes at a time (word_end), where
 * flex's DFA spent a dependent table load a byte plus the work of a token
 * and a copy a word: on 100,000-rule dumps the scanner was a fifth of the
 * parse.
 */
const char *
ipt_split_words(struct ipt_state *st, const char *src)
{
	const char *text = st->src->text, *nl;
	size_t n;
	char *base, *p, *end;
	uint32_t soff = (uint32_t)(src - text);

	nl = memchr(src, '\n', (size_t)(text + st->src->len - src));
	n = nl != NULL ? (size_t)(nl - src) : (size_t)(text + st->src->len -
	    src);
	wbuf_reserve(st, n + 8);
	base = p = st->wbuf + st->wlen;
	end = base + n;
	memcpy(base, src, n);
	memset(end, 0, 8);	/* the NUL, and what word_end may read */
	st->wlen += n + 1;
	for (;;) {
		struct ipt_word *w;
		char *ws, *q;
		bool open = false;

		switch (wclass[(unsigned char)*p]) {
		case WC_BLANK:
			p++;
			continue;
		case WC_CR:
			if (p + 1 == end && nl != NULL)
				return src + (p - base);
			p++;
			continue;
		case WC_NL:
			/* Not in the copy: it stops at the first "\n". */
			return src + (p - base);
		case WC_NUL:
			if (p >= end)
				return src + n;
			break;
		default:
			break;
		}
		ws = p;
		while ((p = word_end(p)) < end && *p == '\0')
			p++;
		w = new_word(st);
		w->toff = (uint32_t)(ws - st->wbuf);
		w->off = soff + (uint32_t)(ws - base);
		w->s = NULL;
		if (*p != '"') {
			w->len = w->rawlen = (uint32_t)(p - ws);
			w->quoted = false;
			continue;
		}
		/* "...": ends after its closing quote, or open at the end. */
		q = p++;
		for (;;) {
			char c = *p;

			if (c == '"') {
				p++;
				break;
			}
			if (c == '\n' || p >= end) {
				open = true;
				break;
			}
			if (c == '\\') {
				if (p + 1 < end && p[1] != '\n') {
					p += 2;
					continue;
				}
				/* A lone backslash at the end is the word's. */
				p++;
				open = true;
				break;
			}
			p++;
		}
		if (open) {
			ipt_diag_error(st, ipt_loc(st, soff +
			    (uint32_t)(q - base), 1u), "unterminated quote");
			st->line_bad = true;
		}
		w->rawlen = (uint32_t)(p - ws);
		w->len = (uint32_t)unquote(ws, ws, (size_t)(p - ws));
		w->quoted = true;
	}
}

void
ipt_words_finish(struct ipt_state *st)
{
	size_t i;

	/* Words split in place end at a blank or at the copy's NUL. */
	for (i = 0; i < st->nwords; i++) {
		char *s = st->wbuf + st->words[i].toff;

		s[st->words[i].len] = '\0';
		st->words[i].s = s;
	}
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
