/*
 * test_writers.c - the JSON and text writers: escaping, shape, counts.
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
#include "core/intern.h"
#include "core/packet.h"
#include "core/source.h"
#include "formats/json.h"
#include "formats/writer.h"

static char *
escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	json_string(fp, s);
	fclose(fp);
	return buf;
}

static void
expect_escaped(const char *in, const char *want)
{
	char *got = escaped(in);

	assert_string_equal(got, want);
	free(got);
}

static void
test_json_string(void **state)
{
	expect_escaped(NULL, "null");
	expect_escaped("", "\"\"");
	expect_escaped("plain", "\"plain\"");
	expect_escaped("a \"b\" \\c", "\"a \\\"b\\\" \\\\c\"");
	expect_escaped("l1\nl2\r\t", "\"l1\\nl2\\r\\t\"");
	expect_escaped("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* Valid UTF-8 passes through untouched. */
	expect_escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5",
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5\"");
	/* Invalid bytes become U+FFFD, one per byte that starts nothing. */
	expect_escaped("a\xff" "b", "\"a\\ufffdb\"");
	expect_escaped("\xe2\x82", "\"\\ufffd\\ufffd\"");
	/* Overlong, a surrogate, beyond U+10FFFF. */
	expect_escaped("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	expect_escaped("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	expect_escaped("\xf4\x90\x80\x80",
	    "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

struct fx {
	struct arena	*a;
	struct source_file *src;
	struct diag_list dl;
	struct report_input in;
	struct report	 rep;
};

static int
setup(void **state)
{
	static const char text[] = "*filter\n:INPUT DROP [0:0]\n"
	    "-A INPUT -j NOPE\n-A INPUT -p tcp -j ACCEPT\nCOMMIT\n";
	struct fx *f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->src = source_from_memory(f->a, "dir/fw \"x\".rules", text,
	    sizeof(text) - 1);
	diag_list_init(&f->dl, f->a);
	f->in.file = f->src->path;
	f->in.format = "iptables";
	f->in.rules = 2;
	f->rep.command = "check";
	f->rep.inputs = &f->in;
	f->rep.ninputs = 1;
	f->rep.findings = &f->dl;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	arena_free(f->a);
	free(f);
	return 0;
}

static char *
render(struct fx *f, const char *writer)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_non_null(writer_find(writer));
	assert_int_equal(writer_find(writer)->write(fp, &f->rep), 0);
	fclose(fp);
	return buf;
}

static void
add_findings(struct fx *f)
{
	struct diagnostic *d;

	/* A front-end note in the same list: never part of the report. */
	diag_emit(&f->dl, DIAG_NOTE, "opaque", source_loc(f->src, 0, 7),
	    "a note");
	d = diag_finding(&f->dl, DIAG_ERROR, "undefined-reference",
	    source_loc(f->src, 38, 4), "jump to undefined chain \"NOPE\"");
	d->entry = "ipv4/filter/INPUT";
	d->rule_text = "-A INPUT -j NOPE";
	d->fix = "declare it";
	diag_add_related(&f->dl, d, source_loc(f->src, 8, 17), "policy\there");
	d = diag_finding(&f->dl, DIAG_WARNING, "unused",
	    source_loc(f->src, 43, 25), "rule has never matched (0 packets)");
	d->rule_text = "-A INPUT -p tcp -j ACCEPT";
	diag_suppress(&f->dl, d, "kept for failover");
	diag_sort(&f->dl);
}

static void
test_json_report(void **state)
{
	struct fx *f = *state;
	char *out;

	add_findings(f);
	out = render(f, "json");
	assert_string_equal(out,
"{\n"
"  \"firelint\": \"" PACKAGE_VERSION "\",\n"
"  \"inputs\": [\n"
"    {\n"
"      \"file\": \"dir/fw \\\"x\\\".rules\",\n"
"      \"format\": \"iptables\",\n"
"      \"rules\": 2\n"
"    }\n"
"  ],\n"
"  \"findings\": [\n"
"    {\n"
"      \"check\": \"undefined-reference\",\n"
"      \"severity\": \"error\",\n"
"      \"file\": \"dir/fw \\\"x\\\".rules\",\n"
"      \"line\": 3,\n"
"      \"column\": 13,\n"
"      \"entry\": \"ipv4/filter/INPUT\",\n"
"      \"rule\": \"-A INPUT -j NOPE\",\n"
"      \"message\": \"jump to undefined chain \\\"NOPE\\\"\",\n"
"      \"related\": [\n"
"        {\n"
"          \"file\": \"dir/fw \\\"x\\\".rules\",\n"
"          \"line\": 2,\n"
"          \"column\": 1,\n"
"          \"message\": \"policy\\there\"\n"
"        }\n"
"      ],\n"
"      \"fix\": \"declare it\"\n"
"    },\n"
"    {\n"
"      \"check\": \"unused\",\n"
"      \"severity\": \"warning\",\n"
"      \"file\": \"dir/fw \\\"x\\\".rules\",\n"
"      \"line\": 4,\n"
"      \"column\": 1,\n"
"      \"rule\": \"-A INPUT -p tcp -j ACCEPT\",\n"
"      \"message\": \"rule has never matched (0 packets)\",\n"
"      \"related\": [],\n"
"      \"suppressed\": true,\n"
"      \"suppress_reason\": \"kept for failover\"\n"
"    }\n"
"  ],\n"
"  \"summary\": {\n"
"    \"error\": 1,\n"
"    \"warning\": 0,\n"
"    \"note\": 0\n"
"  }\n"
"}\n");
	free(out);
}

static void
test_json_empty(void **state)
{
	struct fx *f = *state;
	char *out;

	f->rep.ninputs = 0;
	out = render(f, "json");
	assert_string_equal(out,
"{\n"
"  \"firelint\": \"" PACKAGE_VERSION "\",\n"
"  \"inputs\": [],\n"
"  \"findings\": [],\n"
"  \"summary\": {\n"
"    \"error\": 0,\n"
"    \"warning\": 0,\n"
"    \"note\": 0\n"
"  }\n"
"}\n");
	free(out);
}

static void
test_text_report(void **state)
{
	struct fx *f = *state;
	char *out;

	add_findings(f);
	out = render(f, "text");
	assert_string_equal(out,
"dir/fw \"x\".rules:3:13: error: jump to undefined chain \"NOPE\" "
"[undefined-reference]\n"
"    3 | -A INPUT -j NOPE\n"
"      |             ^~~~\n"
"dir/fw \"x\".rules:2:1: note: policy\there\n"
"    2 | :INPUT DROP [0:0]\n"
"      | ^~~~~~~~~~~~~~~~~\n"
"  entry: ipv4/filter/INPUT\n"
"  fix: declare it\n"
"1 error, 0 warnings, 0 notes (1 suppressed)\n");
	free(out);
}

static void
test_text_empty(void **state)
{
	struct fx *f = *state;
	char *out = render(f, "text");

	assert_string_equal(out, "0 errors, 0 warnings, 0 notes\n");
	free(out);
	assert_null(writer_find("xml"));
	assert_string_equal(writer_table[0]->name, "text");
}

static void
test_json_witness(void **state)
{
	struct fx *f = *state;
	struct intern *in = intern_new(f->a);
	struct packet *p = arena_zalloc(f->a, sizeof(*p));
	struct diagnostic *d;
	char *out;

	assert_int_equal(packet_parse(f->a, in,
	    "tcp 203.0.113.9:40000 -> 10.0.0.5:22 in eth0 state new", p,
	    &f->dl), 0);
	d = diag_finding(&f->dl, DIAG_NOTE, "correlated",
	    source_loc(f->src, 43, 25), "overlap");
	d->witness = p;
	out = render(f, "json");
	assert_non_null(strstr(out,
"      \"related\": [],\n"
"      \"witness\": {\n"
"        \"family\": \"ipv4\",\n"
"        \"src\": \"203.0.113.9\",\n"
"        \"dst\": \"10.0.0.5\",\n"
"        \"proto\": \"tcp\",\n"
"        \"sport\": 40000,\n"
"        \"dport\": 22,\n"));
	assert_non_null(strstr(out, "        \"state\": \"new\""));
	assert_non_null(strstr(out, "        \"in\": \"eth0\"\n"
	    "      }\n"));
	assert_non_null(strstr(out, "\"note\": 1\n"));
	free(out);
	out = render(f, "text");
	assert_non_null(strstr(out, "  witness: tcp 203.0.113.9:40000 -> "
	    "10.0.0.5:22 in eth0 state new\n"));
	free(out);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string),
		T(test_json_report),
		T(test_json_empty),
		T(test_json_witness),
		T(test_text_report),
		T(test_text_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
