/*
 * test_corpus.c - every registered front end over the shared corpus.
 *
 * For each row of frontend_table whose name is a folder of
 * $SHARED/corpus, every file must parse, except those that must be
 * rejected (named in EXPECT-REJECT.txt, or pfctl's pfail*.in tests), which
 * must be rejected with an error that has a location; an accepted file
 * must not carry a diagnostic without a location.  The same rules as
 * ../shared/tools/corpus-check, but in process, so that a failure shows
 * the diagnostic and runs under the sanitizers with the unit tests.
 * Skipped when the corpus is not there (a tarball build).
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/frontend.h"

#define MAX_FILES 4096

static void
corpus_dir(char *buf, size_t len)
{
	const char *shared = getenv("SHARED");
	const char *srcdir = getenv("SRCDIR");

	if (shared != NULL && *shared != '\0')
		snprintf(buf, len, "%s/corpus", shared);
	else if (srcdir != NULL && *srcdir != '\0')
		snprintf(buf, len, "%s/../shared/corpus", srcdir);
	else
		snprintf(buf, len, "../shared/corpus");
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Files corpus-check does not run: pfctl's expected errors and includes. */
static bool
not_an_input(const char *name)
{
	return (strstr(name, "pfail") != NULL && has_suffix(name, ".ok")) ||
	    (strstr(name, "pfaltq") != NULL && has_suffix(name, ".ok")) ||
	    has_suffix(name, ".include");
}

static bool
must_reject(const char *dir, const char *name)
{
	char path[4200], line[512];
	FILE *fp;
	bool found = false;

	if (strstr(name, "pfail") != NULL && has_suffix(name, ".in"))
		return true;
	snprintf(path, sizeof(path), "%s/EXPECT-REJECT.txt", dir);
	if ((fp = fopen(path, "r")) == NULL)
		return false;
	while (fgets(line, sizeof(line), fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, name) == 0)
			found = true;
	}
	fclose(fp);
	return found;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const struct diagnostic *
first_error(const struct diag_list *diags)
{
	const struct diagnostic *g;

	for (g = diags->head; g != NULL; g = g->next)
		if (g->severity == DIAG_ERROR)
			return g;
	return NULL;
}

/* The number of files of one format handled wrongly, said one by one. */
static size_t
run_format(const struct frontend *fe, const char *dir, size_t *nfiles)
{
	char path[4200];
	char **names = calloc(MAX_FILES, sizeof(*names));
	DIR *d;
	struct dirent *e;
	size_t n = 0, bad = 0;

	assert_non_null(names);
	snprintf(path, sizeof(path), "%s/%s", dir, fe->name);
	if ((d = opendir(path)) == NULL) {
		free(names);
		*nfiles = 0;
		return 0;
	}
	while ((e = readdir(d)) != NULL && n < MAX_FILES)
		if (e->d_name[0] != '.' && !not_an_input(e->d_name))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (size_t i = 0; i < n; i++) {
		struct arena *a = arena_new();
		struct intern *strings = intern_new(a);
		struct diag_list diags;
		struct source_file *src;
		struct policy *p;
		const struct diagnostic *g;
		bool reject = must_reject(dir, names[i]);

		diag_list_init(&diags, a);
		snprintf(path, sizeof(path), "%s/%s/%s", dir, fe->name,
		    names[i]);
		src = source_read(a, path);
		assert_non_null(src);
		p = fe->parse(a, strings, src, &diags);
		g = first_error(&diags);
		if (reject && p != NULL) {
			print_message("%s/%s: accepted, but must be "
			    "rejected\n", fe->name, names[i]);
			bad++;
		} else if (reject && (g == NULL || g->loc.line == 0)) {
			print_message("%s/%s: rejected without a location\n",
			    fe->name, names[i]);
			bad++;
		} else if (!reject && p == NULL) {
			print_message("%s/%s: rejected: %u:%u: %s\n", fe->name,
			    names[i], g != NULL ? g->loc.line : 0,
			    g != NULL ? g->loc.col : 0,
			    g != NULL ? g->message : "?");
			bad++;
		} else if (!reject) {
			for (g = diags.head; g != NULL; g = g->next)
				if (g->loc.file == NULL || g->loc.line == 0) {
					print_message("%s/%s: diagnostic "
					    "without a location: %s\n",
					    fe->name, names[i], g->message);
					bad++;
					break;
				}
		}
		arena_free(a);
		free(names[i]);
	}
	free(names);
	*nfiles = n;
	return bad;
}

static void
test_corpus(void **state)
{
	char dir[4096];
	size_t bad = 0, total = 0;

	(void)state;
	corpus_dir(dir, sizeof(dir));
	for (size_t i = 0; frontend_table[i] != NULL; i++) {
		size_t n, wrong = run_format(frontend_table[i], dir, &n);

		if (n > 0)
			print_message("%s: %zu/%zu files handled rightly\n",
			    frontend_table[i]->name, n - wrong, n);
		bad += wrong;
		total += n;
	}
	if (total == 0) {
		print_message("corpus not found at %s: skipped\n", dir);
		skip();
	}
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
