/*
 * test_diag.c - diagnostics: counts, dedup, sorting and the gcc look.
 */
#include "config.h"

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
#include "core/source.h"

static const char rules[] =
    "*filter\n"
    ":INPUT ACCEPT [0:0]\n"
    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
    "-A INPUT --dprot 22 -j ACCEPT\n"
    "\t-A\tINPUT -j DROP\r\n"
    "COMMIT";

static struct source_file *
rules_file(struct arena *a)
{
	return source_from_memory(a, "rules.v4", rules, strlen(rules));
}

static struct loc
loc_of(const struct source_file *f, const char *needle, size_t len)
{
	const char *p = strstr(f->text, needle);

	assert_non_null(p);
	return source_loc(f, (size_t)(p - f->text), len);
}

/* Render with fn into a string (malloc'd). */
static char *
render_diag(const struct diagnostic *d, bool color)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	diag_print(fp, d, color);
	fclose(fp);
	return buf;
}

static char *
render_all(const struct diag_list *dl)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	diag_print_all(fp, dl, false);
	fclose(fp);
	return buf;
}

static void
test_gcc_look(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f = rules_file(a);
	struct diag_list dl;
	struct diagnostic *d;
	char *out;

	(void)state;
	diag_list_init(&dl, a);
	d = diag_emit(&dl, DIAG_ERROR, "syntax", loc_of(f, "--dprot", 7),
	    "unknown option \"%s\"", "--dprot");
	out = render_diag(d, false);
	assert_string_equal(out,
	    "rules.v4:4:10: error: unknown option \"--dprot\" [syntax]\n"
	    "    4 | -A INPUT --dprot 22 -j ACCEPT\n"
	    "      |          ^~~~~~~\n");
	free(out);
	arena_free(a);
}

static void
test_tabs_crlf_and_single_caret(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f = rules_file(a);
	struct diag_list dl;
	struct diagnostic *d;
	char *out;

	(void)state;
	diag_list_init(&dl, a);
	d = diag_emit(&dl, DIAG_WARNING, "w", loc_of(f, "INPUT -j DROP", 5),
	    "tabbed");
	out = render_diag(d, false);
	assert_string_equal(out,
	    "rules.v4:5:5: warning: tabbed [w]\n"
	    "    5 | \t-A\tINPUT -j DROP\n"
	    "      | \t  \t^~~~~\n");
	free(out);
	/* A one-byte location: just the caret. */
	d = diag_emit(&dl, DIAG_NOTE, "n", loc_of(f, "COMMIT", 1), "here");
	out = render_diag(d, false);
	assert_string_equal(out,
	    "rules.v4:6:1: note: here [n]\n"
	    "    6 | COMMIT\n"
	    "      | ^\n");
	free(out);
	arena_free(a);
}

static void
test_multiline_range_and_related(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f = rules_file(a);
	struct diag_list dl;
	struct diagnostic *d;
	char *out;

	(void)state;
	diag_list_init(&dl, a);
	/* From "ACCEPT [0:0]" on line 2 into line 3: underline to the end. */
	d = diag_finding(&dl, DIAG_ERROR, "shadowed",
	    loc_of(f, "ACCEPT [0:0]", 20), "rule never matches");
	diag_add_related(&dl, d, loc_of(f, "-A INPUT -p tcp", 36),
	    "covered by %s", "this rule");
	assert_true(d->is_finding);
	assert_int_equal(d->nrelated, 1);
	out = render_diag(d, false);
	assert_string_equal(out,
	    "rules.v4:2:8: error: rule never matches [shadowed]\n"
	    "    2 | :INPUT ACCEPT [0:0]\n"
	    "      |        ^~~~~~~~~~~~\n"
	    "rules.v4:3:1: note: covered by this rule\n"
	    "    3 | -A INPUT -p tcp --dport 22 -j ACCEPT\n"
	    "      | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
	free(out);
	arena_free(a);
}

static void
test_no_location(void **state)
{
	struct arena *a = arena_new();
	struct diag_list dl;
	struct loc none;
	struct diagnostic *d;
	char *out;

	(void)state;
	memset(&none, 0, sizeof(none));
	diag_list_init(&dl, a);
	d = diag_emit(&dl, DIAG_ERROR, "packet", none, "bad packet");
	out = render_diag(d, false);
	assert_string_equal(out, "firelint: error: bad packet [packet]\n");
	free(out);
	arena_free(a);
}

static void
test_color(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f = rules_file(a);
	struct diag_list dl;
	struct diagnostic *d;
	char *out;

	(void)state;
	diag_list_init(&dl, a);
	d = diag_emit(&dl, DIAG_WARNING, "x", loc_of(f, "COMMIT", 6), "m");
	out = render_diag(d, true);
	assert_string_equal(out,
	    "\033[01m\033[Krules.v4:6:1:\033[m\033[K "
	    "\033[01;35m\033[Kwarning:\033[m\033[K m "
	    "[\033[01;35m\033[Kx\033[m\033[K]\n"
	    "    6 | COMMIT\n"
	    "      | \033[01;32m\033[K^~~~~~\033[m\033[K\n");
	free(out);
	arena_free(a);
}

static void
test_wide_line_numbers(void **state)
{
	struct arena *a = arena_new();
	size_t n = 100001, i, len = 0;
	char *buf = malloc(n * 2);
	struct source_file *f;
	struct diag_list dl;
	char *out;

	(void)state;
	for (i = 0; i < n; i++) {
		buf[len++] = 'x';
		buf[len++] = '\n';
	}
	f = source_from_memory(a, "w", buf, len);
	free(buf);
	diag_list_init(&dl, a);
	out = render_diag(diag_emit(&dl, DIAG_NOTE, "c",
	    source_loc(f, 2 * 99999, 1), "far"), false);
	assert_string_equal(out,
	    "w:100000:1: note: far [c]\n"
	    " 100000 | x\n"
	    "        | ^\n");
	free(out);
	out = render_diag(diag_emit(&dl, DIAG_NOTE, "c",
	    source_loc(f, 2 * 9998, 1), "near"), false);
	assert_string_equal(out,
	    "w:9999:1: note: near [c]\n"
	    " 9999 | x\n"
	    "      | ^\n");
	free(out);
	arena_free(a);
}

static void
test_counts_once_suppress(void **state)
{
	struct arena *a = arena_new();
	struct diag_list dl;
	struct loc none;
	struct diagnostic *d;

	(void)state;
	memset(&none, 0, sizeof(none));
	diag_list_init(&dl, a);
	diag_emit(&dl, DIAG_NOTE, "a", none, "n");
	d = diag_emit(&dl, DIAG_WARNING, "b", none, "w");
	diag_emit(&dl, DIAG_ERROR, "c", none, "e");
	assert_int_equal(dl.total, 3);
	assert_int_equal(diag_count_at_least(&dl, DIAG_NOTE), 3);
	assert_int_equal(diag_count_at_least(&dl, DIAG_WARNING), 2);
	assert_int_equal(diag_count_at_least(&dl, DIAG_ERROR), 1);
	diag_suppress(&dl, d, "accepted risk");
	diag_suppress(&dl, d, "twice");
	assert_true(d->suppressed);
	assert_string_equal(d->suppress_reason, "twice");
	assert_int_equal(diag_count_at_least(&dl, DIAG_WARNING), 1);
	assert_int_equal(dl.count[DIAG_WARNING], 0);
	assert_int_equal(dl.total, 3);

	assert_non_null(diag_once(&dl, DIAG_NOTE, "opaque", "limit", none,
	    "module %s", "limit"));
	assert_null(diag_once(&dl, DIAG_NOTE, "opaque", "limit", none,
	    "module %s", "limit"));
	assert_non_null(diag_once(&dl, DIAG_NOTE, "opaque", "recent", none,
	    "x"));
	assert_non_null(diag_once(&dl, DIAG_NOTE, "other", "limit", none,
	    "x"));
	assert_int_equal(dl.total, 6);
	{
		/* Many keys: the table grows. */
		char key[16];
		int i;

		for (i = 0; i < 500; i++) {
			snprintf(key, sizeof(key), "k%d", i);
			assert_non_null(diag_once(&dl, DIAG_NOTE, "g", key,
			    none, "x"));
		}
		for (i = 0; i < 500; i++) {
			snprintf(key, sizeof(key), "k%d", i);
			assert_null(diag_once(&dl, DIAG_NOTE, "g", key,
			    none, "x"));
		}
	}
	assert_string_equal(diag_severity_name(DIAG_NOTE), "note");
	assert_string_equal(diag_severity_name(DIAG_WARNING), "warning");
	assert_string_equal(diag_severity_name(DIAG_ERROR), "error");
	arena_free(a);
}

static void
test_sort_and_print_all(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f = rules_file(a);
	struct source_file *g = source_from_memory(a, "a.rules", "x\ny\n", 4);
	struct diag_list dl;
	struct loc none;
	struct diagnostic *d, *hidden;
	const char *order[9];
	size_t i = 0;
	char *out;

	(void)state;
	memset(&none, 0, sizeof(none));
	diag_list_init(&dl, a);
	diag_emit(&dl, DIAG_ERROR, "zz", source_loc(f, 10, 1), "5");
	diag_emit(&dl, DIAG_ERROR, "aa", source_loc(f, 10, 1), "4");
	diag_emit(&dl, DIAG_ERROR, "aa", source_loc(f, 10, 1), "3b");
	diag_emit(&dl, DIAG_ERROR, "aa", source_loc(f, 10, 1), "3a");
	diag_emit(&dl, DIAG_ERROR, "aa", source_loc(f, 10, 1), "3a");
	diag_emit(&dl, DIAG_ERROR, "aa", source_loc(f, 3, 1), "2");
	diag_emit(&dl, DIAG_ERROR, "aa", source_loc(g, 2, 1), "1");
	diag_emit(&dl, DIAG_ERROR, "aa", none, "0");
	hidden = diag_emit(&dl, DIAG_ERROR, "aa", source_loc(f, 40, 1), "6");
	diag_suppress(&dl, hidden, NULL);
	diag_sort(&dl);
	for (d = dl.head; d != NULL; d = d->next)
		order[i++] = d->message;
	assert_int_equal(i, 9);
	assert_string_equal(order[0], "0");
	assert_string_equal(order[1], "1");
	assert_string_equal(order[2], "2");
	assert_string_equal(order[3], "3a");
	assert_string_equal(order[4], "3a");
	assert_string_equal(order[5], "3b");
	assert_string_equal(order[6], "4");
	assert_string_equal(order[7], "5");
	assert_string_equal(order[8], "6");
	assert_string_equal(dl.tail->message, "6");
	assert_null(dl.tail->next);

	/* Suppressed diagnostics are not printed. */
	diag_list_init(&dl, a);
	diag_emit(&dl, DIAG_NOTE, "c", none, "shown");
	diag_suppress(&dl, diag_emit(&dl, DIAG_NOTE, "c", none, "hidden"),
	    "r");
	out = render_all(&dl);
	assert_string_equal(out, "firelint: note: shown [c]\n");
	free(out);
	/* Sorting an empty list is fine. */
	diag_list_init(&dl, a);
	diag_sort(&dl);
	assert_null(dl.head);
	assert_null(dl.tail);
	arena_free(a);
}

static void
test_excerpt_edges(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f = source_from_memory(a, "e", "abc\n", 4);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct loc l;

	(void)state;
	/* A location past the end of its line (an error at end of line). */
	l = source_loc(f, 3, 1);
	diag_print_excerpt(fp, l, false);
	l.file = NULL;
	diag_print_excerpt(fp, l, false);
	fclose(fp);
	assert_string_equal(buf,
	    "    1 | abc\n"
	    "      |    ^\n");
	free(buf);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gcc_look),
		cmocka_unit_test(test_tabs_crlf_and_single_caret),
		cmocka_unit_test(test_multiline_range_and_related),
		cmocka_unit_test(test_no_location),
		cmocka_unit_test(test_color),
		cmocka_unit_test(test_wide_line_numbers),
		cmocka_unit_test(test_counts_once_suppress),
		cmocka_unit_test(test_sort_and_print_all),
		cmocka_unit_test(test_excerpt_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
