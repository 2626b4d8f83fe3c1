/*
 * ifset.c - sets of interface names with iptables '+' wildcards.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/ifset.h"
#include "core/intern.h"

struct ifset *
ifset_single(struct arena *a, struct intern *in, const char *name,
    size_t len, bool negated)
{
	struct ifset *s = arena_zalloc(a, sizeof(*s));

	s->negated = negated;
	s->n = 1;
	s->names = arena_alloc(a, sizeof(*s->names));
	s->names[0] = intern_n(in, name, len);
	return s;
}

/* Does pattern p (maybe ending in '+') match the plain name? */
static bool
pattern_matches(const char *p, const char *name)
{
	size_t pl = strlen(p);

	if (pl > 0 && p[pl - 1] == '+')
		return strncmp(p, name, pl - 1) == 0;
	return strcmp(p, name) == 0;
}

bool
ifset_matches(const struct ifset *s, const char *name)
{
	size_t i;
	bool hit = false;

	if (s == NULL)
		return true;
	if (name != NULL)
		for (i = 0; i < s->n && !hit; i++)
			hit = pattern_matches(s->names[i], name);
	return s->negated ? !hit : hit;
}

/*
 * p covers q when every name q matches, p matches: a prefix pattern p
 * covers q when q (plain or prefix) starts with p's prefix; a plain p
 * covers only the same plain name.
 */
bool
ifname_pattern_covers(const char *p, const char *q)
{
	size_t pl = strlen(p), ql = strlen(q);

	if (pl > 0 && p[pl - 1] == '+') {
		const char *qq = q;
		size_t qn = ql;

		if (qn > 0 && q[qn - 1] == '+')
			qn--;
		return qn >= pl - 1 && strncmp(p, qq, pl - 1) == 0;
	}
	if (ql > 0 && q[ql - 1] == '+')
		return false;
	return strcmp(p, q) == 0;
}

char *
ifset_format(struct arena *a, const struct ifset *s)
{
	char *buf = NULL, *r;
	size_t len = 0, i;
	FILE *fp;

	if (s == NULL)
		return arena_strdup(a, "any");
	if ((fp = open_memstream(&buf, &len)) == NULL)
		abort();
	if (s->negated)
		fputc('!', fp);
	if (s->n != 1)
		fputc('{', fp);
	for (i = 0; i < s->n; i++)
		fprintf(fp, "%s%s", i > 0 ? ", " : "", s->names[i]);
	if (s->n != 1)
		fputc('}', fp);
	fclose(fp);
	r = arena_strndup(a, buf, len);
	free(buf);
	return r;
}
