/*
 * test_pf_corpus.c - the PF front end over the shared corpus.
 *
 * As ../shared/tools/corpus-check demands: every file of $SHARED/corpus/pf
 * is accepted, except pfail*.in (pfctl's regress tests of errors) and the
 * names in EXPECT-REJECT.txt, which are rejected.  A pfail*.in must be
 * rejected with errors on lines pfctl names in its .ok (pfctl's output):
 * at least one error, and none on a line pfctl found nothing wrong with.
 * The .ok files of pfail and pfaltq tests and *.include files are skipped,
 * as corpus-check skips them.  Skipped as a whole when the corpus is not
 * there (a tarball build).
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

/*
 * Files pfctl itself rejects although the corpus has them among the
 * accepted: fwbuilder's importer test uses a macro it never defines on
 * purpose ("macro 'undefined_macro' not defined" in pfctl too).
 */
static const char *const pfctl_rejects[] = {
	"fwbuilder__importer-pf-macros.conf",
	NULL
};

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
listed(const char *dir, const char *name)
{
	char path[4200], line[512];
	FILE *fp;
	bool found = false;
	size_t i;

	for (i = 0; pfctl_rejects[i] != NULL; i++)
		if (strcmp(pfctl_rejects[i], name) == 0)
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

static bool
contains(const char *s, const char *part)
{
	return strstr(s, part) != NULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The lines pfctl names in a .ok ("stdin:12: ..."), as a bitmap. */
static bool
pfctl_lines(const char *okpath, unsigned char *lines, size_t max)
{
	char line[1024];
	FILE *fp = fopen(okpath, "r");
	bool any = false;

	memset(lines, 0, max);
	if (fp == NULL)
		return false;
	while (fgets(line, sizeof(line), fp) != NULL) {
		unsigned long n;
		char *end;

		if (strncmp(line, "stdin:", 6) != 0)
			continue;
		n = strtoul(line + 6, &end, 10);
		if (*end == ':' && n < max) {
			lines[n] = 1;
			any = true;
		}
	}
	fclose(fp);
	return any;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t
check_file(const char *dir, const char *name)
{
	char path[4200], okpath[4200];
	unsigned char lines[4096];
	struct arena *a = arena_new();
	struct intern *strings = intern_new(a);
	struct diag_list diags;
	struct source_file *src;
	struct policy *p;
	const struct diagnostic *g;
	bool pfail = contains(name, "pfail") && ends_with(name, ".in");
	bool reject = pfail || listed(dir, name);
	size_t bad = 0, errors = 0;

	diag_list_init(&diags, a);
	snprintf(path, sizeof(path), "%s/pf/%s", dir, name);
	src = source_read(a, path);
	assert_non_null(src);
	p = pf_frontend.parse(a, strings, src, &diags);
	for (g = diags.head; g != NULL; g = g->next)
		if (g->severity == DIAG_ERROR)
			errors++;
	if (reject && p != NULL) {
		print_message("%s: accepted, but must be rejected\n", name);
		bad++;
	} else if (reject && (errors == 0 || diags.head->loc.line == 0)) {
		print_message("%s: rejected without a located error\n", name);
		bad++;
	} else if (!reject && p == NULL) {
		for (g = diags.head; g != NULL; g = g->next)
			if (g->severity == DIAG_ERROR)
				break;
		print_message("%s: rejected: %u:%u: %s\n", name,
		    g != NULL ? g->loc.line : 0, g != NULL ? g->loc.col : 0,
		    g != NULL ? g->message : "?");
		bad++;
	}
	if (pfail && p == NULL) {
		snprintf(okpath, sizeof(okpath), "%s/pf/%.*s.ok", dir,
		    (int)(strlen(name) - 3), name);
		if (!pfctl_lines(okpath, lines, sizeof(lines))) {
			print_message("%s: no pfctl lines in %s\n", name,
			    okpath);
			bad++;
		}
		for (g = diags.head; g != NULL; g = g->next) {
			if (g->severity != DIAG_ERROR)
				continue;
			if (g->loc.line >= sizeof(lines) ||
			    !lines[g->loc.line]) {
				print_message("%s:%u: error where pfctl sees "
				    "none: %s\n", name, g->loc.line,
				    g->message);
				bad++;
			}
		}
	}
	arena_free(a);
	return bad;
}

static void
test_corpus(void **state)
{
	char *dir = corpus_dir(), path[4200], *names[2048];
	DIR *d;
	struct dirent *e;
	size_t n = 0, i, bad = 0, checked = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/pf", dir);
	if ((d = opendir(path)) == NULL) {
		print_message("corpus not found at %s: skipped\n", path);
		skip();
	}
	while ((e = readdir(d)) != NULL && n < 2048)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		const char *name = names[i];

		if ((contains(name, "pfail") && ends_with(name, ".ok")) ||
		    (contains(name, "pfaltq") && ends_with(name, ".ok")) ||
		    ends_with(name, ".include")) {
			free(names[i]);
			continue;
		}
		bad += check_file(dir, name);
		checked++;
		free(names[i]);
	}
	print_message("pf corpus: %zu files, %zu wrong\n", checked, bad);
	assert_true(checked > 0);
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
