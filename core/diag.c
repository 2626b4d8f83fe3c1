/*
 * diag.c - diagnostics: the list, deduplication, sorting and the gcc-style
 * text rendering.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"

/*
 * The set of (code, key) pairs already said, for diag_once(): an
 * open-addressing table of "code\037key" strings.
 */
struct diag_once {
	size_t		 cap, n;
	const char	**keys;
};

void
diag_list_init(struct diag_list *dl, struct arena *a)
{
	memset(dl, 0, sizeof(*dl));
	dl->arena = a;
}

static struct diagnostic *
append(struct diag_list *dl, enum diag_severity sev, const char *code,
    struct loc loc, const char *fmt, va_list ap)
{
	struct diagnostic *d = arena_zalloc(dl->arena, sizeof(*d));

	if ((unsigned)sev >= DIAG_NSEVERITIES)
		sev = DIAG_ERROR;
	d->severity = sev;
	d->code = code != NULL ? code : "";
	d->loc = loc;
	d->message = arena_vprintf(dl->arena, fmt, ap);
	if (dl->tail != NULL)
		dl->tail->next = d;
	else
		dl->head = d;
	dl->tail = d;
	dl->count[sev]++;
	dl->total++;
	return d;
}

struct diagnostic *
diag_vemit(struct diag_list *dl, enum diag_severity sev, const char *code,
    struct loc loc, const char *fmt, va_list ap)
{
	return append(dl, sev, code, loc, fmt, ap);
}

struct diagnostic *
diag_emit(struct diag_list *dl, enum diag_severity sev, const char *code,
    struct loc loc, const char *fmt, ...)
{
	struct diagnostic *d;
	va_list ap;

	va_start(ap, fmt);
	d = append(dl, sev, code, loc, fmt, ap);
	va_end(ap);
	return d;
}

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 16777619u;
	}
	return h;
}

/* Record (code, key); false when it was already there. */
static bool
once_insert(struct diag_list *dl, const char *code, const char *key)
{
	struct diag_once *o = dl->once;
	char *k = arena_printf(dl->arena, "%s\037%s", code ? code : "",
	    key ? key : "");
	size_t i;

	if (o == NULL) {
		o = dl->once = arena_zalloc(dl->arena, sizeof(*o));
		o->cap = 32;
		o->keys = arena_zalloc(dl->arena, o->cap * sizeof(*o->keys));
	}
	if ((o->n + 1) * 2 > o->cap) {
		const char **old = o->keys;
		size_t oldcap = o->cap, j;

		o->cap *= 2;
		o->keys = arena_zalloc(dl->arena, o->cap * sizeof(*o->keys));
		for (j = 0; j < oldcap; j++) {
			if (old[j] == NULL)
				continue;
			i = hash_str(old[j]) & (o->cap - 1);
			while (o->keys[i] != NULL)
				i = (i + 1) & (o->cap - 1);
			o->keys[i] = old[j];
		}
	}
	i = hash_str(k) & (o->cap - 1);
	while (o->keys[i] != NULL) {
		if (strcmp(o->keys[i], k) == 0)
			return false;
		i = (i + 1) & (o->cap - 1);
	}
	o->keys[i] = k;
	o->n++;
	return true;
}

struct diagnostic *
diag_once(struct diag_list *dl, enum diag_severity sev, const char *code,
    const char *key, struct loc loc, const char *fmt, ...)
{
	struct diagnostic *d;
	va_list ap;

	if (!once_insert(dl, code, key))
		return NULL;
	va_start(ap, fmt);
	d = append(dl, sev, code, loc, fmt, ap);
	va_end(ap);
	return d;
}

struct diagnostic *
diag_finding(struct diag_list *dl, enum diag_severity sev, const char *check,
    struct loc loc, const char *fmt, ...)
{
	struct diagnostic *d;
	va_list ap;

	va_start(ap, fmt);
	d = append(dl, sev, check, loc, fmt, ap);
	va_end(ap);
	d->is_finding = true;
	return d;
}

void
diag_add_related(struct diag_list *dl, struct diagnostic *d, struct loc loc,
    const char *fmt, ...)
{
	va_list ap;
	struct diag_related *r;

	if (d == NULL)
		return;
	if (d->nrelated == d->related_cap) {
		size_t ncap = d->related_cap ? d->related_cap * 2 : 4;

		d->related = arena_grow(dl->arena, d->related,
		    d->nrelated * sizeof(*d->related),
		    ncap * sizeof(*d->related));
		d->related_cap = ncap;
	}
	r = &d->related[d->nrelated++];
	r->loc = loc;
	va_start(ap, fmt);
	r->message = arena_vprintf(dl->arena, fmt, ap);
	va_end(ap);
}

void
diag_suppress(struct diag_list *dl, struct diagnostic *d, const char *reason)
{
	if (d == NULL)
		return;
	if (!d->suppressed) {
		d->suppressed = true;
		if (dl->count[d->severity] > 0)
			dl->count[d->severity]--;
	}
	d->suppress_reason = reason != NULL ?
	    arena_strdup(dl->arena, reason) : NULL;
}

static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL)
		a = "";
	if (b == NULL)
		b = "";
	return strcmp(a, b);
}

/* Diagnostics without a file sort first, as gcc prints them first. */
static int
diag_cmp(const struct diagnostic *a, const struct diagnostic *b)
{
	int c;

	if ((a->loc.file == NULL) != (b->loc.file == NULL))
		return a->loc.file == NULL ? -1 : 1;
	if (a->loc.file != NULL && a->loc.file != b->loc.file &&
	    (c = cmp_str(a->loc.file->path, b->loc.file->path)) != 0)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	if ((c = cmp_str(a->code, b->code)) != 0)
		return c;
	return cmp_str(a->message, b->message);
}

/* Stable merge sort of a linked list. */
static struct diagnostic *
merge_sort(struct diagnostic *h, size_t n)
{
	struct diagnostic *a, *b, *p, head, *t;
	size_t i, na;

	if (n < 2)
		return h;
	na = n / 2;
	p = h;
	for (i = 1; i < na; i++)
		p = p->next;
	b = p->next;
	p->next = NULL;
	a = merge_sort(h, na);
	b = merge_sort(b, n - na);
	t = &head;
	while (a != NULL && b != NULL) {
		if (diag_cmp(b, a) < 0) {
			t->next = b;
			b = b->next;
		} else {
			t->next = a;
			a = a->next;
		}
		t = t->next;
	}
	t->next = a != NULL ? a : b;
	return head.next;
}

void
diag_sort(struct diag_list *dl)
{
	struct diagnostic *d;
	size_t n = 0;

	for (d = dl->head; d != NULL; d = d->next)
		n++;
	dl->head = merge_sort(dl->head, n);
	dl->tail = NULL;
	for (d = dl->head; d != NULL; d = d->next)
		dl->tail = d;
}

size_t
diag_count_at_least(const struct diag_list *dl, enum diag_severity sev)
{
	size_t n = 0;
	int s;

	for (s = (int)sev; s < DIAG_NSEVERITIES; s++)
		if (s >= 0)
			n += dl->count[s];
	return n;
}

const char *
diag_severity_name(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_NOTE:
		return "note";
	case DIAG_WARNING:
		return "warning";
	case DIAG_ERROR:
		return "error";
	}
	return "error";
}

/* gcc's default GCC_COLORS. */
#define C_BOLD		"\033[01m\033[K"
#define C_ERROR		"\033[01;31m\033[K"
#define C_WARNING	"\033[01;35m\033[K"
#define C_NOTE		"\033[01;36m\033[K"
#define C_CARET		"\033[01;32m\033[K"
#define C_RESET		"\033[m\033[K"

static const char *
sev_color(enum diag_severity sev)
{
	switch (sev) {
	case DIAG_NOTE:
		return C_NOTE;
	case DIAG_WARNING:
		return C_WARNING;
	default:
		return C_ERROR;
	}
}

void
diag_print_excerpt(FILE *fp, struct loc loc, bool color)
{
	const char *line;
	size_t len, i, first, last;
	unsigned width = 4, digits = 1;
	uint32_t v;

	if (loc.file == NULL || loc.line == 0)
		return;
	line = source_line(loc.file, loc.line, &len);
	if (line == NULL)
		return;
	for (v = loc.line; v >= 10; v /= 10)
		digits++;
	if (digits > width)
		width = digits;
	fprintf(fp, " %*u | ", (int)width, (unsigned)loc.line);
	fwrite(line, 1, len, fp);
	fputc('\n', fp);

	first = loc.col > 0 ? loc.col - 1 : 0;
	if (loc.end_line == loc.line && loc.end_col >= loc.col)
		last = loc.end_col - 1;
	else if (loc.end_line > loc.line && len > first)
		last = len - 1;
	else
		last = first;
	fprintf(fp, " %*s | ", (int)width, "");
	for (i = 0; i < first; i++)
		fputc(i < len && line[i] == '\t' ? '\t' : ' ', fp);
	if (color)
		fputs(C_CARET, fp);
	fputc('^', fp);
	for (i = first + 1; i <= last; i++)
		fputc(i < len && line[i] == '\t' ? '\t' : '~', fp);
	if (color)
		fputs(C_RESET, fp);
	fputc('\n', fp);
}

static void
print_head(FILE *fp, struct loc loc, enum diag_severity sev,
    const char *sevname, const char *message, const char *code, bool color)
{
	if (color)
		fputs(C_BOLD, fp);
	if (loc.file != NULL) {
		fprintf(fp, "%s:", loc.file->path);
		if (loc.line > 0)
			fprintf(fp, "%u:%u:", (unsigned)loc.line,
			    (unsigned)loc.col);
	} else
		fputs("firelint:", fp);
	if (color)
		fputs(C_RESET, fp);
	fputc(' ', fp);
	if (color)
		fprintf(fp, "%s%s:" C_RESET " %s", sev_color(sev), sevname,
		    message);
	else
		fprintf(fp, "%s: %s", sevname, message);
	if (code != NULL && *code != '\0') {
		if (color)
			fprintf(fp, " [%s%s" C_RESET "]", sev_color(sev), code);
		else
			fprintf(fp, " [%s]", code);
	}
	fputc('\n', fp);
}

void
diag_print(FILE *fp, const struct diagnostic *d, bool color)
{
	size_t i;

	print_head(fp, d->loc, d->severity, diag_severity_name(d->severity),
	    d->message, d->code, color);
	diag_print_excerpt(fp, d->loc, color);
	for (i = 0; i < d->nrelated; i++) {
		const struct diag_related *r = &d->related[i];

		print_head(fp, r->loc, DIAG_NOTE, "note", r->message, NULL,
		    color);
		diag_print_excerpt(fp, r->loc, color);
	}
}

void
diag_print_all(FILE *fp, const struct diag_list *dl, bool color)
{
	const struct diagnostic *d;

	for (d = dl->head; d != NULL; d = d->next)
		if (!d->suppressed)
			diag_print(fp, d, color);
}
