/*
 * test_asa_corpus.c - the PIX/ASA front end over the shared corpus.
 *
 * Every file of $SHARED/corpus/asa must parse, except the ones named
 * in EXPECT-REJECT.txt, which must be rejected with an error that has a
 * location.  Skipped when the corpus is not there (a tarball build).
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
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
#include "parser/asa/asa.h"

static char *
corpus_dir(void)
{
	const char *shared = getenv("SHARED");
	const char *srcdir = getenv("SRCDIR");
	static char buf[4096];

	if (shared != NULL && *shared != '\0')
		snprintf(buf, sizeof(buf), "%s/corpus", shared);
	else if (srcdir != NULL && *srcdir != '\0')
		snprintf(buf, sizeof(buf), "%s/../shared/corpus", srcdir);
	else
		snprintf(buf, sizeof(buf), "../shared/corpus");
	return buf;
}

static bool
must_reject(const char *dir, const char *name)
{
	char path[4200], line[512];
	FILE *fp;
	bool found = false;

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

static void
test_corpus(void **state)
{
	char *dir = corpus_dir(), path[4200], *names[1024];
	DIR *d;
	struct dirent *e;
	size_t n = 0, i, bad = 0, accepted = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/asa", dir);
	if ((d = opendir(path)) == NULL) {
		print_message("corpus not found at %s: skipped\n", path);
		skip();
	}
	while ((e = readdir(d)) != NULL && n < 1024)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		struct arena *a = arena_new();
		struct intern *strings = intern_new(a);
		struct diag_list diags;
		struct source_file *src;
		struct policy *p;
		bool reject = must_reject(dir, names[i]);

		diag_list_init(&diags, a);
		snprintf(path, sizeof(path), "%s/asa/%s", dir, names[i]);
		src = source_read(a, path);
		assert_non_null(src);
		p = asa_frontend.parse(a, strings, src, &diags);
		if (p != NULL)
			accepted++;
		if (reject && p != NULL) {
			print_message("%s: accepted, but must be rejected\n",
			    names[i]);
			bad++;
		} else if (reject && (diags.head == NULL ||
		    diags.head->loc.line == 0)) {
			print_message("%s: rejected without a location\n",
			    names[i]);
			bad++;
		} else if (!reject && p == NULL) {
			const struct diagnostic *g;

			for (g = diags.head; g != NULL; g = g->next)
				if (g->severity == DIAG_ERROR)
					break;
			print_message("%s: rejected: %u:%u: %s\n", names[i],
			    g != NULL ? g->loc.line : 0,
			    g != NULL ? g->loc.col : 0,
			    g != NULL ? g->message : "?");
			bad++;
		}
		if (p != NULL) {
			const struct diagnostic *g;

			/* corpus-check: no diagnostic without a location. */
			for (g = diags.head; g != NULL; g = g->next)
				if (g->loc.line == 0) {
					print_message("%s: diagnostic without "
					    "a location: %s\n", names[i],
					    g->message);
					bad++;
				}
		}
		arena_free(a);
		free(names[i]);
	}
	print_message("asa corpus: %zu files, %zu accepted, %zu handled "
	    "wrongly\n", n, accepted, bad);
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
