/*
 * test_source.c - files, lines and locations.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/source.h"

static void
check_line(const struct source_file *f, uint32_t n, const char *want)
{
	size_t len;
	const char *l = source_line(f, n, &len);

	if (want == NULL) {
		assert_null(l);
		return;
	}
	assert_non_null(l);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(l, want, len);
}

static void
test_lines(void **state)
{
	struct arena *a = arena_new();
	struct source_file *f;

	(void)state;
	f = source_from_memory(a, "t", "one\ntwo\r\n\nfour", 14);
	assert_int_equal(f->nlines, 4);
	check_line(f, 0, NULL);
	check_line(f, 1, "one");
	check_line(f, 2, "two");
	check_line(f, 3, "");
	check_line(f, 4, "four");
	check_line(f, 5, NULL);
	assert_int_equal(f->text[f->len], '\0');

	f = source_from_memory(a, "t", "a\nb\n", 4);
	assert_int_equal(f->nlines, 2);
	check_line(f, 2, "b");
	check_line(f, 3, NULL);

	f = source_from_memory(a, "t", "", 0);
	assert_int_equal(f->nlines, 1);
	check_line(f, 1, "");

	f = source_from_memory(a, "t", "x\r\n\r\n", 5);
	assert_int_equal(f->nlines, 2);
	check_line(f, 1, "x");
	check_line(f, 2, "");
	/* A lone CR is not an end of line. */
	f = source_from_memory(a, "t", "a\rb\n", 4);
	assert_int_equal(f->nlines, 1);
	check_line(f, 1, "a\rb");
	arena_free(a);
}

static void
test_loc(void **state)
{
	struct arena *a = arena_new();
	const char *text = "-A INPUT\n-A INPUT --dprot 22 -j ACCEPT\nlast";
	struct source_file *f = source_from_memory(a, "r", text, strlen(text));
	struct loc l;

	(void)state;
	l = source_loc(f, 0, 2);
	assert_ptr_equal(l.file, f);
	assert_int_equal(l.line, 1);
	assert_int_equal(l.col, 1);
	assert_int_equal(l.end_line, 1);
	assert_int_equal(l.end_col, 2);
	l = source_loc(f, (size_t)(strstr(text, "--dprot") - text), 7);
	assert_int_equal(l.line, 2);
	assert_int_equal(l.col, 10);
	assert_int_equal(l.end_line, 2);
	assert_int_equal(l.end_col, 16);
	/* Spanning lines. */
	l = source_loc(f, 3, 10);
	assert_int_equal(l.line, 1);
	assert_int_equal(l.col, 4);
	assert_int_equal(l.end_line, 2);
	assert_int_equal(l.end_col, 4);
	/* The newline belongs to its line. */
	l = source_loc(f, 8, 1);
	assert_int_equal(l.line, 1);
	assert_int_equal(l.col, 9);
	/* The end of the file, and an empty range. */
	l = source_loc(f, strlen(text), 0);
	assert_int_equal(l.line, 3);
	assert_int_equal(l.col, 5);
	l = source_loc(f, strlen(text) - 1, 1);
	assert_int_equal(l.line, 3);
	assert_int_equal(l.col, 4);
	assert_int_equal(l.end_col, 4);
	l = source_loc(NULL, 0, 0);
	assert_null(l.file);
	arena_free(a);
}

static void
test_read(void **state)
{
	struct arena *a = arena_new();
	char path[] = "/tmp/firelint-test-source-XXXXXX";
	static const char data[] = "line one\nwith\0nul\nno final newline";
	struct source_file *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, sizeof(data) - 1),
	    (ssize_t)(sizeof(data) - 1));
	close(fd);
	f = source_read(a, path);
	unlink(path);
	assert_non_null(f);
	assert_string_equal(f->path, path);
	assert_int_equal(f->len, sizeof(data) - 1);
	assert_memory_equal(f->text, data, sizeof(data) - 1);
	assert_int_equal(f->text[f->len], '\0');
	assert_int_equal(f->nlines, 3);
	check_line(f, 3, "no final newline");
	{
		size_t len;
		const char *l = source_line(f, 2, &len);

		assert_int_equal(len, 8);
		assert_memory_equal(l, "with\0nul", 8);
	}
	errno = 0;
	assert_null(source_read(a, "/nonexistent/firelint/file"));
	assert_int_equal(errno, ENOENT);
	arena_free(a);
}

static void
test_big_file(void **state)
{
	struct arena *a = arena_new();
	size_t n = 200000, i, len = 0;
	char *buf = malloc(n * 12);
	struct source_file *f;
	struct loc l;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "%zu\n", i);
	f = source_from_memory(a, "big", buf, len);
	assert_int_equal(f->nlines, n);
	check_line(f, 123457, "123456");
	l = source_loc(f, (size_t)(strstr(buf, "\n199999\n") - buf) + 1, 6);
	assert_int_equal(l.line, 200000);
	assert_int_equal(l.col, 1);
	free(buf);
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_loc),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_big_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
