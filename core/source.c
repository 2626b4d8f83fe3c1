/*
 * source.c - input files and locations in them.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/arena.h"
#include "core/source.h"

/*
 * Line starts are computed when the file is read: every consumer (parsers
 * making locations, diagnostics quoting lines) needs them anyway.  One
 * pass into an array sized for 64 bytes a line and doubled when that is
 * short (the untouched tail of a generous guess costs no memory): a
 * counting pass first cost as much again.
 */
static void
compute_lines(struct arena *a, struct source_file *f)
{
	const char *p, *end = f->text + f->len, *nl;
	size_t cap = f->len / 64 + 16, n = 0;
	uint32_t *v = arena_alloc(a, cap * sizeof(*v));

	v[n++] = 0;
	/* memchr runs a word at a time. */
	for (p = f->text; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL;
	    p = nl + 1) {
		if (nl + 1 >= end)
			break;
		if (n == cap) {
			v = arena_grow(a, v, cap * sizeof(*v),
			    cap * 2 * sizeof(*v));
			cap *= 2;
		}
		v[n++] = (uint32_t)(nl + 1 - f->text);
	}
	f->line_starts = v;
	f->nlines = (uint32_t)n;
}

/* A source file around text that already lives in the arena. */
static struct source_file *
source_adopt(struct arena *a, const char *path, const char *text, size_t len)
{
	struct source_file *f = arena_zalloc(a, sizeof(*f));

	f->path = arena_strdup(a, path != NULL ? path : "");
	f->text = text;
	f->len = len;
	compute_lines(a, f);
	return f;
}

struct source_file *
source_from_memory(struct arena *a, const char *path, const char *text,
    size_t len)
{
	char *copy = arena_alloc(a, len + 2);

	if (len > 0)
		memcpy(copy, text, len);
	copy[len] = copy[len + 1] = '\0';
	return source_adopt(a, path, copy, len);
}

/*
 * A regular file of known size is read straight into the arena: no
 * growing buffer and no second copy of a 10 MB dump.  NULL when the file
 * turned out longer than its size said (it grows while we read): the
 * caller then reads it the general way.
 */
static struct source_file *
read_regular(struct arena *a, const char *path, FILE *fp, size_t size)
{
	char *buf = arena_alloc(a, size + 2);
	size_t len = 0, r;

	while (len < size && (r = fread(buf + len, 1, size - len, fp)) > 0)
		len += r;
	if (ferror(fp) || (len == size && getc(fp) != EOF))
		return NULL;
	buf[len] = buf[len + 1] = '\0';
	return source_adopt(a, path, buf, len);
}

struct source_file *
source_read(struct arena *a, const char *path)
{
	FILE *fp;
	char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0, r;
	struct source_file *f;
	int saved;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fp != stdin) {
		struct stat st;

		if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size >= 0 && (uintmax_t)st.st_size < UINT32_MAX) {
			f = read_regular(a, path, fp, (size_t)st.st_size);
			if (f != NULL) {
				fclose(fp);
				return f;
			}
			if (ferror(fp)) {
				saved = errno ? errno : EIO;
				goto fail;
			}
			rewind(fp);
		}
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				saved = ENOMEM;
				goto fail;
			}
			buf = nbuf;
		}
		r = fread(buf + len, 1, cap - len, fp);
		len += r;
		if (r == 0) {
			if (ferror(fp)) {
				saved = errno ? errno : EIO;
				goto fail;
			}
			break;
		}
	}
	if (fp != stdin)
		fclose(fp);
	if (len > UINT32_MAX - 1) {
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	f = source_from_memory(a, path, buf, len);
	free(buf);
	return f;
fail:
	if (fp != stdin)
		fclose(fp);
	free(buf);
	errno = saved;
	return NULL;
}

const char *
source_line(const struct source_file *f, uint32_t n, size_t *len)
{
	size_t start, end;

	if (f == NULL || n < 1 || n > f->nlines)
		return NULL;
	start = f->line_starts[n - 1];
	end = n < f->nlines ? f->line_starts[n] : f->len;
	if (end > start && f->text[end - 1] == '\n') {
		end--;
		if (end > start && f->text[end - 1] == '\r')
			end--;
	}
	if (len != NULL)
		*len = end - start;
	return f->text + start;
}

/* The 1-based line holding byte off (off may be f->len). */
static uint32_t
line_of(const struct source_file *f, size_t off)
{
	uint32_t lo = 0, hi = f->nlines - 1;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo + 1) / 2;

		if (f->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo + 1;
}

struct loc
source_loc(const struct source_file *f, size_t off, size_t len)
{
	struct loc l;
	size_t last;

	memset(&l, 0, sizeof(l));
	if (f == NULL)
		return l;
	if (off > f->len)
		off = f->len;
	l.file = f;
	l.line = line_of(f, off);
	l.col = (uint32_t)(off - f->line_starts[l.line - 1]) + 1;
	last = len > 0 ? off + len - 1 : off;
	if (last > f->len)
		last = f->len;
	l.end_line = line_of(f, last);
	l.end_col = (uint32_t)(last - f->line_starts[l.end_line - 1]) + 1;
	return l;
}
