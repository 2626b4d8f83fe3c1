/*
 * test_pf_corpus.c - pfctl's own error tests in the shared corpus.
 *
 * test_corpus.c already checks that every PF file is accepted or, for
 * pfail*.in, rejected with a located error.  This adds what only pfctl's
 * expected output can tell: each pfail*.in is rejected on the lines its
 * .ok names ("stdin:12: ..."), with at least one error and none on a line
 * pfctl found nothing wrong with.  Skipped when the corpus is not there
 * (a tarball build).
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
#include "parser/pf/pf.h"

#define MAX_LINE	4096

static void
pf_dir(char *buf, size_t len)
{
	const char *shared = getenv("SHARED");
	const char *srcdir = getenv("SRCDIR");

	if (shared != NULL && *shared != '\0')
		snprintf(buf, len, "%s/corpus/pf", shared);
	else if (srcdir != NULL && *srcdir != '\0')
		snprintf(buf, len, "%s/../shared/corpus/pf", srcdir);
	else
		snprintf(buf, len, "../shared/corpus/pf");
}

/* The lines pfctl names in a .ok, as a bitmap; false when there are none. */
static bool
pfctl_lines(const char *okpath, unsigned char *lines)
{
	char line[1024];
	FILE *fp = fopen(okpath, "r");
	bool any = false;

	memset(lines, 0, MAX_LINE);
	if (fp == NULL)
		return false;
	while (fgets(line, sizeof(line), fp) != NULL) {
		unsigned long n;
		char *end;

		if (strncmp(line, "stdin:", 6) != 0)
			continue;
		n = strtoul(line + 6, &end, 10);
		if (*end == ':' && n < MAX_LINE) {
			lines[n] = 1;
			any = true;
		}
	}
	fclose(fp);
	return any;
}

/* The number of things wrong with one pfail test, said one by one. */
static size_t
check_pfail(const char *dir, const char *name)
{
	char path[4200];
	unsigned char lines[MAX_LINE];
	struct arena *a = arena_new();
	struct intern *strings = intern_new(a);
	struct diag_list diags;
	struct source_file *src;
	const struct diagnostic *g;
	size_t bad = 0, errors = 0;

	diag_list_init(&diags, a);
	snprintf(path, sizeof(path), "%s/%.*s.ok", dir,
	    (int)(strlen(name) - 3), name);
	if (!pfctl_lines(path, lines)) {
		print_message("%s: no pfctl lines in %s\n", name, path);
		bad++;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	src = source_read(a, path);
	assert_non_null(src);
	if (pf_frontend.parse(a, strings, src, &diags) != NULL) {
		print_message("%s: accepted, but pfctl rejects it\n", name);
		bad++;
	}
	for (g = diags.head; g != NULL; g = g->next) {
		if (g->severity != DIAG_ERROR)
			continue;
		errors++;
		if (g->loc.line >= MAX_LINE || !lines[g->loc.line]) {
			print_message("%s:%u: error where pfctl sees none: "
			    "%s\n", name, g->loc.line, g->message);
			bad++;
		}
	}
	if (errors == 0) {
		print_message("%s: no error\n", name);
		bad++;
	}
	arena_free(a);
	return bad;
}

static bool
is_pfail(const char *name)
{
	size_t n = strlen(name);

	return strstr(name, "pfail") != NULL && n > 3 &&
	    strcmp(name + n - 3, ".in") == 0;
}

static void
test_pfail_lines(void **state)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	size_t bad = 0, checked = 0;

	(void)state;
	pf_dir(dir, sizeof(dir));
	if ((d = opendir(dir)) == NULL) {
		print_message("corpus not found at %s: skipped\n", dir);
		skip();
	}
	while ((e = readdir(d)) != NULL)
		if (is_pfail(e->d_name)) {
			bad += check_pfail(dir, e->d_name);
			checked++;
		}
	closedir(d);
	print_message("pfail tests: %zu files, %zu wrong\n", checked, bad);
	assert_true(checked > 0);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pfail_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
