/*
 * audit.c - audit-trail keys and suppression directives in rule comments.
 *
 * Comments are free text written by people under time pressure, so the
 * reader is lenient about layout (either separator, any case, any order,
 * any punctuation between pairs) and strict only about the key names: a
 * word counts as a key only when it is one of the known names and is
 * directly followed by '=' or ':'.  That keeps "requested by Alice" from
 * being read as an owner while "by: Alice" is.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "analyzer/audit.h"
#include "core/arena.h"

static const struct {
	const char	*name;
	enum audit_key	 key;
} key_names[] = {
	{ "by", AUDIT_WHO },
	{ "who", AUDIT_WHO },
	{ "owner", AUDIT_WHO },
	{ "date", AUDIT_WHEN },
	{ "when", AUDIT_WHEN },
	{ "why", AUDIT_WHY },
	{ "reason", AUDIT_WHY },
	{ "ticket", AUDIT_TICKET },
	{ "change", AUDIT_TICKET },
	{ "approval", AUDIT_TICKET },
	{ "expires", AUDIT_EXPIRES },
};

static const char *const canonical[AUDIT_NKEYS] = {
	[AUDIT_WHO] = "who",
	[AUDIT_WHEN] = "when",
	[AUDIT_WHY] = "why",
	[AUDIT_TICKET] = "ticket",
	[AUDIT_EXPIRES] = "expires",
};

const char *
audit_key_name(enum audit_key k)
{
	if ((unsigned)k < AUDIT_NKEYS)
		return canonical[k];
	return "?";
}

static bool
is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Does s[0..n) start with the word w, ignoring case? */
static bool
starts_with_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);

	return n >= wl && strncasecmp(s, w, wl) == 0;
}

/*
 * Is there a key at s[i]?  On success *key is set and *vstart is the
 * offset just after its separator.
 */
static bool
key_at(const char *s, size_t n, size_t i, enum audit_key *key,
    size_t *vstart)
{
	size_t j, k;

	if (i > 0 && is_word_char(s[i - 1]))
		return false;
	for (j = i; j < n && isalpha((unsigned char)s[j]); j++)
		continue;
	if (j == i)
		return false;
	for (k = j; k < n && (s[k] == ' ' || s[k] == '\t'); k++)
		continue;
	if (k >= n || (s[k] != '=' && s[k] != ':'))
		return false;
	for (size_t t = 0; t < sizeof(key_names) / sizeof(key_names[0]); t++) {
		if (strlen(key_names[t].name) == j - i &&
		    strncasecmp(s + i, key_names[t].name, j - i) == 0) {
			*key = key_names[t].key;
			*vstart = k + 1;
			return true;
		}
	}
	return false;
}

static bool
is_trim_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '"' ||
	    c == '\'';
}

static void
take_value(struct arena *ar, struct audit *a, enum audit_key key,
    const char *s, size_t lo, size_t hi)
{
	while (lo < hi && is_trim_char(s[lo]))
		lo++;
	while (hi > lo && is_trim_char(s[hi - 1]))
		hi--;
	if (hi > lo && a->value[key] == NULL)
		a->value[key] = arena_strndup(ar, s + lo, hi - lo);
}

/* Where a "firelint:" directive starts in s[0..n), or n. */
static size_t
directive_start(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || !is_word_char(s[i - 1])) &&
		    starts_with_ci(s + i, n - i, "firelint:"))
			return i;
	return n;
}

/* One line of comment, the directive (if any) already cut off. */
static int
parse_segment(struct arena *ar, const char *s, size_t n, struct audit *a)
{
	enum audit_key key = AUDIT_WHO;
	size_t i, vstart = 0;
	bool open = false;
	int found = 0;

	for (i = 0; i < n; i++) {
		enum audit_key k;
		size_t vs;

		if (s[i] == ';' || s[i] == '|') {
			if (open)
				take_value(ar, a, key, s, vstart, i);
			open = false;
			continue;
		}
		if (!key_at(s, n, i, &k, &vs))
			continue;
		if (open)
			take_value(ar, a, key, s, vstart, i);
		key = k;
		vstart = vs;
		open = true;
		found++;
		i = vs - 1;
	}
	if (open)
		take_value(ar, a, key, s, vstart, n);
	return found;
}

int
audit_parse(struct arena *ar, const char *comment, struct audit *a)
{
	const char *p, *eol;
	int found = 0;

	memset(a, 0, sizeof(*a));
	if (comment == NULL)
		return 0;
	for (p = comment; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		size_t len;

		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		len = (size_t)(eol - p);
		found += parse_segment(ar, p, directive_start(p, len), a);
	}
	return found;
}

unsigned
audit_missing(const struct audit *a)
{
	unsigned m = 0;

	for (int k = 0; k < AUDIT_NKEYS; k++)
		if (((1u << k) & AUDIT_REQUIRED) && a->value[k] == NULL)
			m |= 1u << k;
	return m;
}

char *
audit_mask_text(struct arena *ar, unsigned mask)
{
	char buf[64];
	size_t len = 0;

	buf[0] = '\0';
	for (int k = 0; k < AUDIT_NKEYS; k++) {
		if (!(mask & (1u << k)))
			continue;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    len > 0 ? ", " : "", canonical[k]);
	}
	return arena_strdup(ar, buf);
}

static size_t
skip_blanks(const char *s, size_t i, size_t n)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Read "ignore=ID,ID reason=..." from s[i..n); false when not there. */
static bool
parse_directive(struct arena *ar, const char *s, size_t i, size_t n,
    struct suppression *sup)
{
	i = skip_blanks(s, i, n);
	if (!starts_with_ci(s + i, n - i, "ignore"))
		return false;
	i = skip_blanks(s, i + 6, n);
	if (i >= n || (s[i] != '=' && s[i] != ':'))
		return false;
	i = skip_blanks(s, i + 1, n);
	for (;;) {
		size_t j = i;

		while (j < n && is_word_char(s[j]))
			j++;
		if (j > i) {
			const char **ids = arena_grow(ar, sup->ids,
			    sup->n * sizeof(*ids), (sup->n + 1) * sizeof(*ids));

			ids[sup->n++] = arena_strndup(ar, s + i, j - i);
			sup->ids = ids;
		}
		i = skip_blanks(s, j, n);
		if (i < n && s[i] == ',') {
			i = skip_blanks(s, i + 1, n);
			continue;
		}
		break;
	}
	if (starts_with_ci(s + i, n - i, "reason")) {
		size_t j = skip_blanks(s, i + 6, n), hi = n;

		if (j < n && (s[j] == '=' || s[j] == ':')) {
			j = skip_blanks(s, j + 1, n);
			while (hi > j && is_trim_char(s[hi - 1]))
				hi--;
			while (j < hi && is_trim_char(s[j]))
				j++;
			if (hi > j && sup->reason == NULL)
				sup->reason = arena_strndup(ar, s + j, hi - j);
		}
	}
	return true;
}

bool
audit_suppression(struct arena *ar, const char *comment,
    struct suppression *sup)
{
	const char *p, *eol;
	bool found = false;

	memset(sup, 0, sizeof(*sup));
	if (comment == NULL)
		return false;
	for (p = comment; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		size_t len, i;

		eol = strchr(p, '\n');
		if (eol == NULL)
			eol = p + strlen(p);
		len = (size_t)(eol - p);
		i = directive_start(p, len);
		if (i < len && parse_directive(ar, p, i + 9, len, sup))
			found = true;
	}
	return found;
}

bool
audit_suppresses(const struct suppression *sup, const char *id)
{
	for (size_t i = 0; i < sup->n; i++)
		if (strcmp(sup->ids[i], id) == 0 ||
		    strcmp(sup->ids[i], "all") == 0)
			return true;
	return false;
}
