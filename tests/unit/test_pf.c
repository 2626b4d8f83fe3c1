/*
 * test_pf.c - the pf.conf front end on small inputs held in memory.
 */
#include "config.h"

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
#include "core/diag.h"
#include "core/ifset.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/pf/pf.h"

struct fx {
	struct arena	*a;
	struct intern	*strings;
	struct diag_list diags;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->a = arena_new();
	f->strings = intern_new(f->a);
	diag_list_init(&f->diags, f->a);
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

static struct policy *
parse_as(struct fx *f, const char *path, const char *text)
{
	struct source_file *src = source_from_memory(f->a, path, text,
	    strlen(text));

	return pf_frontend.parse(f->a, f->strings, src, &f->diags);
}

static struct policy *
parse(struct fx *f, const char *text)
{
	return parse_as(f, "test.conf", text);
}

static struct container *
anchor(struct policy *p, const char *name)
{
	struct container *c = policy_find_container(p, name, NULL);

	assert_non_null(c);
	return c;
}

static struct rule *
rule(struct policy *p, const char *container, size_t i)
{
	struct container *c = anchor(p, container);

	assert_true(i < c->rules.n);
	return c->rules.v[i];
}

static const char *
field(struct fx *f, const struct rule *r, enum field fl)
{
	if (r->match.field[fl] == NULL)
		return "any";
	if (fl == FIELD_SRC4 || fl == FIELD_DST4)
		return addrset_format(f->a, FAMILY_IPV4, r->match.field[fl]);
	if (fl == FIELD_SRC6 || fl == FIELD_DST6)
		return addrset_format(f->a, FAMILY_IPV6, r->match.field[fl]);
	return field_format(f->a, fl, r->match.field[fl]);
}

static const struct diagnostic *
first_error(const struct fx *f)
{
	const struct diagnostic *d;

	for (d = f->diags.head; d != NULL; d = d->next)
		if (d->severity == DIAG_ERROR)
			return d;
	return NULL;
}

static size_t
count(const struct fx *f, enum diag_severity s)
{
	return f->diags.count[s];
}

/* Macros. */

static void
test_macro_nested(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "a = \"10.0.0.1\"\n"
	    "b = \"{ $a, 10.0.0.2 }\"\n"
	    "c = \"$b\"\n"
	    "pass in from $c to any\n");
	struct rule *r;
	struct object *o;

	assert_non_null(p);
	assert_string_equal(p->format, "pf");
	r = rule(p, "", 0);
	assert_int_equal(r->match.family, FAMILY_IPV4);
	assert_string_equal(field(f, r, FIELD_SRC4), "10.0.0.1,10.0.0.2");
	o = policy_object(p, "a", OBJECT_MACRO, false);
	assert_non_null(o);
	assert_true(o->defined);
	assert_int_equal(o->references, 1);
	o = policy_object(p, "c", OBJECT_MACRO, false);
	assert_int_equal(o->references, 1);
}

static void
test_macro_in_list(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "web = \"{ www https }\"\n"
	    "pass proto tcp to port { $web, 22 }\n"
	    "nets = \"{ 192.0.2.0/24 !192.0.2.1 }\"\n"
	    "block from $nets\n");

	assert_non_null(p);
	assert_string_equal(field(f, rule(p, "", 0), FIELD_DPORT),
	    "22,80,443");
	/* A negated member is its own alternative, as pfctl expands it:
	   the union of the network and "not 192.0.2.1" is everything. */
	assert_string_equal(field(f, rule(p, "", 1), FIELD_SRC4), "any");
}

static void
test_macro_glued(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "ext = \"em0\"\n"
	    "pass in on $ext from $ext:network to ($ext)\n");
	struct rule *r;

	assert_non_null(p);
	r = rule(p, "", 0);
	assert_int_equal(r->match.opaque.n, 2);
	assert_string_equal(r->match.opaque.v[0].text, "em0:network");
	assert_string_equal(r->match.opaque.v[1].text, "(em0)");
	assert_non_null(r->match.in_if);
	assert_true(ifset_matches(r->match.in_if, "em0"));
	assert_false(ifset_matches(r->match.in_if, "em1"));
}

/*
 * An undefined macro is read as an unknown value: an undefined object
 * (for the undefined-reference check) and an opaque condition, never
 * "any".
 */
static const struct opaque_match *
opaque_at(const struct rule *r, size_t i, const char *module)
{
	assert_true(i < r->match.opaque.n);
	assert_string_equal(r->match.opaque.v[i].module, module);
	return &r->match.opaque.v[i];
}

static void
test_macro_undefined(void **state)
{
	struct fx *f = *state;
	struct policy *p;
	struct object *o;
	struct rule *r;

	p = parse(f, "pass in all\npass in from any to $nope\n"
	    "block in from $nope\n");
	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	o = policy_object(p, "nope", OBJECT_MACRO, false);
	assert_non_null(o);
	assert_false(o->defined);
	assert_int_equal(o->references, 2);
	assert_int_equal(o->loc.line, 2);
	assert_int_equal(o->loc.col, 21);
	r = rule(p, "", 1);
	assert_int_equal(r->match.opaque.n, 1);
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$nope");
	assert_null(r->match.field[FIELD_DST4]);
	r = rule(p, "", 2);
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$nope");
}

/* In a list: one unknown member beside the literal ones. */
static void
test_macro_undefined_list(void **state)
{
	struct fx *f = *state;
	struct policy *p;
	struct rule *r;

	p = parse(f, "pass in from { 10.0.0.1 $u } to any\n");
	assert_non_null(p);
	assert_int_equal(anchor(p, "")->rules.n, 2);
	r = rule(p, "", 0);
	assert_string_equal(field(f, r, FIELD_SRC4), "10.0.0.1");
	assert_int_equal(r->match.opaque.n, 0);
	r = rule(p, "", 1);
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$u");
}

/* Interfaces, protocols, ports, ICMP types and table members. */
static void
test_macro_undefined_fields(void **state)
{
	struct fx *f = *state;
	struct policy *p;
	struct rule *r;
	struct object *t;

	p = parse(f, "table <t> { 10.1.1.1 $tm }\n"
	    "pass in on { em1 $if } proto tcp to port $port\n"
	    "pass in proto { tcp $pr } to 10.0.0.9 port 22\n"
	    "pass in inet proto icmp icmp-type $it\n");
	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	r = rule(p, "", 0);
	assert_true(ifset_matches(r->match.in_if, "em1"));
	assert_null(r->match.field[FIELD_DPORT]);
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$port");
	r = rule(p, "", 1);
	assert_null(r->match.in_if);
	assert_int_equal(r->match.opaque.n, 2);
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$if");
	assert_string_equal(opaque_at(r, 1, "macro")->text, "$port");
	assert_null(policy_interface(p, "$if", false));
	r = rule(p, "", 2);
	assert_null(r->match.field[FIELD_PROTO]);
	assert_string_equal(field(f, r, FIELD_DPORT), "22");
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$pr");
	r = rule(p, "", 3);
	assert_null(r->match.field[FIELD_ICMP]);
	assert_string_equal(opaque_at(r, 0, "macro")->text, "$it");
	t = policy_object(p, "t", OBJECT_TABLE, false);
	assert_non_null(t);
	assert_true(match_is_opaque(t->value));
	assert_false(policy_object(p, "tm", OBJECT_MACRO, false)->defined);
}

/* Where pfctl's syntax wants a name or a number, it is an error. */
static void
test_macro_undefined_error(void **state)
{
	struct fx *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f, "pass in all\npass in all rtable $nope\n"));
	d = first_error(f);
	assert_non_null(d);
	assert_string_equal(d->message, "macro 'nope' not defined");
	assert_string_equal(d->code, "syntax");
	assert_int_equal(d->loc.line, 2);
	assert_int_equal(d->loc.col, 20);
	assert_int_equal(d->loc.end_col, 24);
	assert_int_equal(count(f, DIAG_ERROR), 1);
}

/* Used before its definition: pfctl's error, at the use. */
static void
test_macro_defined_late(void **state)
{
	struct fx *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f, "pass in on $ext all\next = em0\n"));
	d = first_error(f);
	assert_non_null(d);
	assert_int_equal(d->loc.line, 1);
	assert_int_equal(d->loc.col, 12);
	assert_int_equal(count(f, DIAG_ERROR), 1);
}

/* Tables. */

static void
test_table_const(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "table <t> const { 10.0.0.0/8, !10.1.0.0/16, 2001:db8::/32 }\n"
	    "block in from <t>\n"
	    "pass in from ! <t>\n");
	struct object *o;
	struct rule *r;

	assert_non_null(p);
	o = policy_object(p, "t", OBJECT_TABLE, false);
	assert_non_null(o);
	assert_true(o->defined);
	assert_int_equal(o->references, 2);
	assert_non_null(o->value);
	r = rule(p, "", 0);
	assert_int_equal(r->match.family, FAMILY_ANY);
	assert_string_equal(field(f, r, FIELD_SRC4),
	    "10.0.0.0/16,10.2.0.0-10.255.255.255");
	assert_string_equal(field(f, r, FIELD_SRC6), "2001:db8::/32");
	assert_int_equal(r->match.sets.n, 0);
	r = rule(p, "", 1);
	assert_string_equal(field(f, r, FIELD_SRC6), "!2001:db8::/32");
}

/* Macros inside a table: members, lists and negated members. */
static void
test_table_macros(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "one = \"10.0.0.1\"\n"
	    "nets = \"{ 192.0.2.0/24, !192.0.2.128/25 }\"\n"
	    "table <t> const { $one, $nets, 2001:db8::/32 }\n"
	    "block in from <t>\n"
	    "pass in from ! <t> to $one\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	r = rule(p, "", 0);
	assert_int_equal(r->match.sets.n, 0);
	assert_string_equal(field(f, r, FIELD_SRC4), "10.0.0.1,192.0.2.0/25");
	assert_string_equal(field(f, r, FIELD_SRC6), "2001:db8::/32");
	/* inet by its destination */
	r = rule(p, "", 1);
	assert_int_equal(r->match.family, FAMILY_IPV4);
	assert_string_equal(field(f, r, FIELD_SRC4),
	    "!10.0.0.1,192.0.2.0/25");
	assert_string_equal(field(f, r, FIELD_DST4), "10.0.0.1");
	assert_int_equal(policy_object(p, "one", OBJECT_MACRO,
	    false)->references, 2);
	assert_int_equal(policy_object(p, "nets", OBJECT_MACRO,
	    false)->references, 1);
	assert_int_equal(policy_object(p, "t", OBJECT_TABLE,
	    false)->references, 2);
}

/* A table is looked up by longest prefix: the most specific entry wins. */
static void
test_table_longest_prefix(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "table <x> const { 10.0.0.0/8 !10.1.0.0/16 10.1.2.0/24 "
	    "!10.1.2.7 }\n"
	    "block in from <x>\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	r = rule(p, "", 0);
	assert_string_equal(field(f, r, FIELD_SRC4),
	    "10.0.0.0/16,10.1.2.0-10.1.2.6,10.1.2.8-10.1.2.255,"
	    "10.2.0.0-10.255.255.255");
}

/* pfctl gives a table no family: a rule it leaves empty is kept. */
static void
test_table_other_family(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "table <s> const { 10.0.0.0/31 }\n"
	    "pass inet6 from <s>\n"
	    "pass from <s> to 2001:db8::/64\n"
	    "pass from { <s>, 2001:db8::1 }\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	r = rule(p, "", 0);
	assert_non_null(r->match.contradiction);
	r = rule(p, "", 1);
	assert_non_null(r->match.contradiction);
	/* a list that leaves a valid combination: no empty rule */
	r = rule(p, "", 2);
	assert_null(r->match.contradiction);
}

static void
test_table_runtime(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "table <abusers> persist\n"
	    "block in quick from <abusers>\n"
	    "block in from <nowhere>\n");
	struct rule *r;
	struct object *o;

	assert_non_null(p);
	r = rule(p, "", 0);
	assert_int_equal(r->match.sets.n, 1);
	assert_string_equal(r->match.sets.v[0].object->name, "abusers");
	assert_string_equal(r->match.sets.v[0].flags, "src");
	assert_null(r->match.field[FIELD_SRC4]);
	o = policy_object(p, "nowhere", OBJECT_TABLE, false);
	assert_non_null(o);
	assert_false(o->defined);
	assert_int_equal(o->references, 1);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_table_file_relative(void **state)
{
	struct fx *f = *state;
	char dir[] = "/tmp/test_pf_XXXXXX", conf[256], tbl[256];
	struct policy *p;
	char *text;

	assert_non_null(mkdtemp(dir));
	snprintf(tbl, sizeof(tbl), "%s/bad.txt", dir);
	write_file(tbl, "# bad hosts\n192.0.2.1\n192.0.2.2 198.51.100.0/24\n");
	snprintf(conf, sizeof(conf), "%s/pf.conf", dir);
	text = arena_printf(f->a,
	    /* relative to the including file */
	    "table <a> persist file \"bad.txt\"\n"
	    /* absolute path absent: the base name next to the file */
	    "table <b> file \"/etc/nonexistent-dir/bad.txt\"\n"
	    /* missing: a warning, the table unknown */
	    "table <c> file \"missing.txt\"\n"
	    "block from <a>\nblock from <b>\nblock from <c>\n");
	p = parse_as(f, conf, text);
	unlink(tbl);
	rmdir(dir);
	assert_non_null(p);
	assert_string_equal(field(f, rule(p, "", 0), FIELD_SRC4),
	    "192.0.2.1,192.0.2.2,198.51.100.0/24");
	assert_string_equal(field(f, rule(p, "", 1), FIELD_SRC4),
	    "192.0.2.1,192.0.2.2,198.51.100.0/24");
	assert_int_equal(rule(p, "", 2)->match.sets.n, 1);
	assert_int_equal(count(f, DIAG_WARNING), 1);
	assert_string_equal(f->diags.head->code, "missing-file");
}

static void
test_table_errors(void **state)
{
	struct fx *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f,
	    "table <a> { <b> }\n"
	    "table <c> { (em0) }\n"
	    "table <d> { 10.0.0.1.1 }\n"));
	assert_int_equal(count(f, DIAG_ERROR), 3);
	d = first_error(f);
	assert_string_equal(d->message, "tables cannot contain tables");
	assert_int_equal(d->loc.line, 1);
	assert_int_equal(d->loc.col, 13);
}

static void
test_host_kinds(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "block in from no-route\n"
	    "block in from urpf-failed\n"
	    "pass in to self\n"
	    "pass in from em0:broadcast to em0:peer\n"
	    "pass in from www.example.org\n"
	    "pass in from route myroute\n"
	    "pass in from 192.168.0.0/255.255.0.0 to 10/8\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(anchor(p, "")->rules.n, 7);
	assert_string_equal(rule(p, "", 0)->match.opaque.v[0].text,
	    "no-route");
	assert_string_equal(rule(p, "", 1)->match.opaque.v[0].text,
	    "urpf-failed");
	assert_string_equal(rule(p, "", 2)->match.opaque.v[0].text, "self");
	assert_int_equal(rule(p, "", 3)->match.opaque.n, 2);
	assert_string_equal(rule(p, "", 4)->match.opaque.v[0].text,
	    "www.example.org");
	assert_string_equal(rule(p, "", 5)->match.opaque.v[0].text,
	    "myroute");
	r = rule(p, "", 6);
	assert_string_equal(field(f, r, FIELD_SRC4), "192.168.0.0/16");
	assert_string_equal(field(f, r, FIELD_DST4), "10.0.0.0/8");
	assert_int_equal(count(f, DIAG_ERROR), 0);
}

static void
test_range_and_mismatch(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f, "pass in from 10.0.0.1 - 10.0.0.5\n");

	assert_non_null(p);
	assert_string_equal(field(f, rule(p, "", 0), FIELD_SRC4),
	    "10.0.0.1-10.0.0.5");
	assert_null(parse(f, "pass in from 10.0.0.1 to 2001:db8::1\n"));
	assert_non_null(strstr(first_error(f)->message, "no valid"));
}

/* Ports. */

static void
test_ports_operators(void **state)
{
	struct fx *f = *state;
	static const struct {
		const char	*spec, *want;
	} cases[] = {
		{ "22", "22" }, { "= 22", "22" }, { "!= 22", "!22" },
		{ "< 1024", "0-1023" }, { "<= 1024", "0-1024" },
		{ "> 1024", "1025-65535" }, { ">= 1024", "1024-65535" },
		{ "1000 >< 2000", "1001-1999" },
		{ "1000 <> 2000", "!1000-2000" },
		{ "1000:2000", "1000-2000" }, { "ssh", "22" },
		{ "{ 22 80, 443 }", "22,80,443" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = arena_printf(f->a,
		    "pass proto tcp from any port %s to any\n", cases[i].spec);
		struct policy *p = parse(f, text);

		assert_non_null(p);
		assert_string_equal(field(f, rule(p, "", 0), FIELD_SPORT),
		    cases[i].want);
	}
}

static void
test_ports_need_tcp_udp(void **state)
{
	struct fx *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f, "pass in from any to any port 25\n"));
	d = first_error(f);
	assert_string_equal(d->message, "port only applies to tcp/udp");
	assert_int_equal(d->loc.col, 30);
}

/* Order, quick, direction, entries. */

static void
test_quick_last_match(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "block all\n"
	    "pass in quick log on em0 proto tcp to port 22\n"
	    "pass out proto udp keep state\n"
	    "match in all\n");
	struct entry_point *e;
	struct rule *r;
	size_t i;

	assert_non_null(p);
	assert_int_equal(p->entries.n, 2);
	for (i = 0; i < 2; i++) {
		e = p->entries.v[i];
		assert_int_equal(e->order, ORDER_LAST_MATCH);
		assert_int_equal(e->default_action.kind, ACTION_ACCEPT);
		assert_true(e->filters);
		assert_ptr_equal(e->start, anchor(p, ""));
	}
	assert_string_equal(p->entries.v[0]->name, "pf/in");
	assert_string_equal(p->entries.v[1]->name, "pf/out");
	r = rule(p, "", 0);
	assert_int_equal(r->action.kind, ACTION_DROP);
	assert_false(r->quick);
	assert_null(r->match.field[FIELD_DIRECTION]);
	r = rule(p, "", 1);
	assert_int_equal(r->action.kind, ACTION_ACCEPT);
	assert_true(r->quick);
	assert_true(r->log);
	assert_true(ivset_equal(r->match.field[FIELD_DIRECTION],
	    ivset_single(f->a, u128_from64(0))));
	assert_string_equal(field(f, r, FIELD_PROTO), "tcp");
	/* pfctl's implicit "flags S/SA" of a stateful pass rule. */
	assert_non_null(r->match.field[FIELD_TCPFLAGS]);
	assert_true(ivset_contains(r->match.field[FIELD_TCPFLAGS],
	    u128_from64(TCPF_SYN)));
	assert_false(ivset_contains(r->match.field[FIELD_TCPFLAGS],
	    u128_from64(TCPF_SYN | TCPF_ACK)));
	r = rule(p, "", 2);
	assert_true(ivset_equal(r->match.field[FIELD_DIRECTION],
	    ivset_single(f->a, u128_from64(1))));
	assert_null(r->match.field[FIELD_TCPFLAGS]);
	assert_int_equal(rule(p, "", 3)->action.kind, ACTION_MATCH);
}

static void
test_block_kinds(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "block drop all\nblock return all\nblock return-rst proto tcp\n"
	    "block return-icmp (port-unr) all\n");

	assert_non_null(p);
	assert_int_equal(rule(p, "", 0)->action.kind, ACTION_DROP);
	assert_int_equal(rule(p, "", 1)->action.kind, ACTION_REJECT);
	assert_int_equal(rule(p, "", 2)->action.kind, ACTION_REJECT);
	assert_string_equal(rule(p, "", 2)->action.target,
	    "block return-rst");
	assert_int_equal(rule(p, "", 3)->action.kind, ACTION_REJECT);
}

/* The options of rule i, which must reject. */
static const char *
reply(struct policy *p, size_t i)
{
	const struct rule *r = rule(p, "", i);

	assert_int_equal(r->action.kind, ACTION_REJECT);
	assert_non_null(r->action.options);
	return r->action.options;
}

/* Replies as pfctl prints them back, whatever the spelling. */
static void
test_block_replies(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "block return-rst in proto tcp all\n"		/* 0 */
	    "block return-rst ( ttl 10 ) in proto tcp all\n"	/* 1 */
	    "block return-rst(ttl 0) in proto tcp all\n"	/* 2 */
	    "block return-icmp in inet all\n"			/* 3 */
	    "block return-icmp(3) in inet all\n"		/* 4 */
	    "block return-icmp (port-unr) in inet all\n"	/* 5 */
	    "block return-icmp(0x0d) in inet all\n"		/* 6 */
	    "block return-icmp6(2) in inet6 all\n"		/* 7 */
	    "block return-icmp6(beyond-unr) in inet6 all\n"	/* 8 */
	    "block return-icmp6(7) in inet6 all\n"		/* 9 */
	    "block return in all\n"				/* 10 */
	    "block drop in all tag t1\n"			/* 11 */
	    "block return in all tag t1\n");			/* 12 */

	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_string_equal(reply(p, 0), "return-rst");
	assert_string_equal(rule(p, "", 0)->action.target,
	    "block return-rst");
	assert_string_equal(reply(p, 1), "return-rst(ttl 10)");
	assert_string_equal(reply(p, 2), "return-rst");
	assert_string_equal(reply(p, 3), "return-icmp(port-unr)");
	assert_string_equal(reply(p, 4), "return-icmp(port-unr)");
	assert_string_equal(reply(p, 5), "return-icmp(port-unr)");
	assert_string_equal(reply(p, 6), "return-icmp(filter-prohib)");
	/* pfctl's first name for code 2 */
	assert_string_equal(reply(p, 7), "return-icmp6(notnbr-unr)");
	assert_string_equal(reply(p, 8), "return-icmp6(notnbr-unr)");
	assert_string_equal(reply(p, 9), "return-icmp6(7)");
	assert_string_equal(reply(p, 10), "return");
	/* a tag on a block rule changes nothing the packet gets */
	assert_int_equal(rule(p, "", 11)->action.kind, ACTION_DROP);
	assert_string_equal(rule(p, "", 11)->action.options, "tag t1");
	assert_string_equal(reply(p, 12), "return");
}

/*
 * A rule of both families keeps both ICMP codes ("return-icmp(code)"
 * alone leaves the ICMPv6 one at the number of the IPv4 default, as
 * pfctl does); a list of addresses of both families is one rule per
 * family, as pfctl expands it, each with the reply of its family.
 */
static void
test_block_reply_families(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "block return-icmp(5, 1) in all\n"
	    "block return-icmp(srcfail admin-unr) in all\n"
	    "block return-icmp6 in all\n"
	    "block return-icmp(net-unr) in all\n"
	    "block return-icmp(5, 1) in from { 10.0.0.1, 2001:db8::1 }\n"
	    "block return-icmp(5, 1) in from <t>\n");
	struct container *c = anchor(p, "");
	const char *want[] = {
		"return-icmp(srcfail, admin-unr)",
		"return-icmp(srcfail, admin-unr)",
		"return-icmp(port-unr, port-unr)",
		"return-icmp(net-unr, 3)",
		"return-icmp(srcfail)", "return-icmp6(admin-unr)",
		"return-icmp(srcfail, admin-unr)",
	};
	enum family fam[] = {
		FAMILY_ANY, FAMILY_ANY, FAMILY_ANY, FAMILY_ANY, FAMILY_IPV4,
		FAMILY_IPV6, FAMILY_ANY,
	};
	uint32_t line[] = { 1, 2, 3, 4, 5, 5, 6 };

	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(c->rules.n, 7);
	for (size_t i = 0; i < 7; i++) {
		assert_string_equal(reply(p, i), want[i]);
		assert_int_equal(rule(p, "", i)->match.family, fam[i]);
		assert_int_equal(rule(p, "", i)->loc.line, line[i]);
	}
}

/* Plain "block" follows the block-policy set before it. */
static void
test_block_policy(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "block in all\n"
	    "set block-policy return\n"
	    "block in all\n"
	    "block drop in all\n"
	    "set block-policy drop\n"
	    "block in all\n");

	assert_non_null(p);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(rule(p, "", 0)->action.kind, ACTION_DROP);
	assert_null(rule(p, "", 0)->action.options);
	assert_string_equal(reply(p, 1), "return");
	assert_string_equal(rule(p, "", 1)->action.target, "block");
	assert_int_equal(rule(p, "", 2)->action.kind, ACTION_DROP);
	assert_int_equal(rule(p, "", 3)->action.kind, ACTION_DROP);
}

static void
test_block_reply_errors(void **state)
{
	struct fx *f = *state;
	const char *bad[] = {
		"block return-icmp(bogus) all\n",
		"block return-icmp(256) all\n",
		"block return-icmp6(port-unr, 3) all\n",
		"block return-rst(ttl 256) proto tcp all\n",
		"block return-rst(hops 3) proto tcp all\n",
		"block return-rst(ttl) proto tcp all\n",
	};
	const char *msg[] = {
		"unknown icmp code bogus", "invalid icmp code 256",
		"syntax error", "illegal ttl value 256", "syntax error",
		"syntax error",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct diagnostic *d;

		diag_list_init(&f->diags, f->a);
		parse(f, bad[i]);
		d = first_error(f);
		assert_non_null(d);
		assert_non_null(strstr(d->message, msg[i]));
		assert_int_equal(d->loc.line, 1);
	}
}

/* Anchors. */

static void
test_anchor_inline(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "anchor \"web\" in on em0 {\n"
	    "  pass proto tcp to port 80\n"
	    "  anchor \"inner\" {\n"
	    "    block all\n"
	    "  }\n"
	    "}\n"
	    "anchor \"runtime/*\"\n"
	    "pass all\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(anchor(p, "")->rules.n, 3);
	r = rule(p, "", 0);
	assert_int_equal(r->action.kind, ACTION_JUMP);
	assert_ptr_equal(r->action.container, anchor(p, "web"));
	assert_string_equal(r->text, "anchor \"web\" in on em0");
	assert_int_equal(anchor(p, "web")->references, 1);
	assert_int_equal(anchor(p, "web")->rules.n, 2);
	assert_ptr_equal(rule(p, "web", 1)->action.container,
	    anchor(p, "web/inner"));
	assert_int_equal(rule(p, "web/inner", 0)->action.kind, ACTION_DROP);
	/* Filled at run time: a call to nothing known. */
	r = rule(p, "", 1);
	assert_null(r->action.container);
	assert_string_equal(r->action.target, "runtime/*");
}

static void
test_load_anchor(void **state)
{
	struct fx *f = *state;
	char dir[] = "/tmp/test_pf_XXXXXX", conf[256], sub[256], inc[256];
	struct policy *p;

	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/spam.conf", dir);
	write_file(sub, "pass in proto tcp to port smtp\n");
	snprintf(inc, sizeof(inc), "%s/macros.inc", dir);
	write_file(inc, "mx = \"192.0.2.25\"\nblock in all\n");
	snprintf(conf, sizeof(conf), "%s/pf.conf", dir);
	p = parse_as(f, conf,
	    "include \"macros.inc\"\n"
	    "anchor spam\n"
	    "load anchor spam from \"spam.conf\"\n"
	    "load anchor gone from \"/nonexistent/gone.conf\"\n"
	    "pass in to $mx\n");
	unlink(sub);
	unlink(inc);
	rmdir(dir);
	assert_non_null(p);
	/* The included file's rule comes first, its macro is known. */
	assert_int_equal(rule(p, "", 0)->action.kind, ACTION_DROP);
	assert_string_equal(rule(p, "", 0)->loc.file->path, inc);
	assert_string_equal(field(f, rule(p, "", 2), FIELD_DST4),
	    "192.0.2.25");
	assert_ptr_equal(rule(p, "", 1)->action.container, anchor(p, "spam"));
	assert_int_equal(anchor(p, "spam")->rules.n, 1);
	assert_string_equal(rule(p, "spam", 0)->loc.file->path, sub);
	assert_int_equal(count(f, DIAG_WARNING), 1);
}

/* Layout: continuation, comments, locations. */

static void
test_line_continuation(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "pass in \\\n"
	    "   proto tcp \\\n"
	    "   to port 22\n"
	    "pass out\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(anchor(p, "")->rules.n, 2);
	r = rule(p, "", 0);
	assert_int_equal(r->loc.line, 1);
	assert_int_equal(r->loc.end_line, 3);
	assert_string_equal(r->text, "pass in proto tcp to port 22");
	assert_int_equal(rule(p, "", 1)->loc.line, 4);
}

static void
test_comments(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "# unrelated header\n"
	    "\n"
	    "# by=alice ticket=CHG-1\n"
	    "# why: mail\n"
	    "pass in proto tcp to port 25 label \"mail\" # inline\n"
	    "pass out all\n");

	assert_non_null(p);
	assert_string_equal(rule(p, "", 0)->comment,
	    "by=alice ticket=CHG-1\nwhy: mail\ninline\nlabel mail");
	assert_null(rule(p, "", 1)->comment);
}

static void
test_error_locations(void **state)
{
	struct fx *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f,
	    "pass in from any to any port 25 junk\n"
	    "pass in all\n"
	    "block from 10.0.0.0.1\n"
	    "pass proto tcp to port 99999\n"));
	d = first_error(f);
	assert_string_equal(d->message, "syntax error");
	assert_int_equal(d->loc.line, 1);
	assert_int_equal(d->loc.col, 33);
	d = d->next;
	assert_int_equal(d->loc.line, 3);
	assert_int_equal(d->loc.col, 12);
	d = d->next;
	assert_int_equal(d->loc.line, 4);
	assert_string_equal(d->message, "illegal port value 99999");
	assert_int_equal(count(f, DIAG_ERROR), 3);
}

static void
test_unterminated_brace(void **state)
{
	struct fx *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f, "anchor \"a\" {\npass all\n"));
	d = first_error(f);
	assert_non_null(d);
	assert_non_null(strstr(d->message, "'}'"));
	assert_int_equal(d->nrelated, 1);
	assert_int_equal(d->related[0].loc.line, 1);
	assert_int_equal(d->related[0].loc.col, 12);
}

static void
test_family_checks(void **state)
{
	struct fx *f = *state;

	assert_null(parse(f, "pass in inet6 proto icmp all\n"));
	assert_string_equal(first_error(f)->message,
	    "proto icmp doesn't match address family inet6");
}

static void
test_translation(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f,
	    "nat on em0 from 10.0.0.0/8 to any -> (em0)\n"
	    "rdr on em0 proto tcp to port 80 -> 10.0.0.5 port 8080\n"
	    "pass out on em0 nat-to (em0)\n");
	struct rule *r;

	assert_non_null(p);
	r = rule(p, "_nat", 0);
	assert_int_equal(r->action.kind, ACTION_TRANSLATE);
	assert_string_equal(field(f, r, FIELD_SRC4), "10.0.0.0/8");
	assert_int_equal(rule(p, "_rdr", 0)->action.kind, ACTION_TRANSLATE);
	r = rule(p, "", 0);
	assert_int_equal(r->action.kind, ACTION_ACCEPT);
	assert_string_equal(r->action.options, "nat-to (em0)");
	assert_int_equal(p->entries.n, 4);
}

static void
test_antispoof(void **state)
{
	struct fx *f = *state;
	struct policy *p = parse(f, "antispoof quick for { em0 em1 } inet\n");
	struct rule *r;

	assert_non_null(p);
	assert_int_equal(anchor(p, "")->rules.n, 4);
	r = rule(p, "", 0);
	assert_int_equal(r->action.kind, ACTION_DROP);
	assert_true(r->quick);
	assert_int_equal(r->match.family, FAMILY_IPV4);
	assert_true(r->match.in_if->negated);
	assert_true(match_is_opaque(&r->match));
}

static int
detect(struct fx *f, const char *text)
{
	return pf_frontend.detect(source_from_memory(f->a, "x", text,
	    strlen(text)));
}

static void
test_detect(void **state)
{
	struct fx *f = *state;

	assert_true(detect(f, "ext_if = \"em0\"\nset skip on lo\n"
	    "block all\npass out on $ext_if\n") >= 70);
	assert_true(detect(f, "table <t> { 10.0.0.0/8 }\n"
	    "anchor \"a\"\n") >= 70);
	assert_int_equal(detect(f, "*filter\n:INPUT ACCEPT [0:0]\n"
	    "-A INPUT -j DROP\nCOMMIT\n"), 0);
	assert_int_equal(detect(f, "hostname fw\ninterface eth0\n"
	    " nameif outside\naccess-list a extended permit ip any any\n"
	    "access-group a in interface outside\n"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_macro_nested, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_macro_in_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_macro_glued, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_macro_undefined, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_macro_undefined_list,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_macro_undefined_fields,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_macro_undefined_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_macro_defined_late, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_table_const, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_table_macros, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_table_longest_prefix,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_other_family,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_runtime, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_table_file_relative,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_table_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_host_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_range_and_mismatch, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ports_operators, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ports_need_tcp_udp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_quick_last_match, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_kinds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_replies, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_reply_families,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_policy, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_reply_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_anchor_inline, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_anchor, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_line_continuation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_locations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_brace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_family_checks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_translation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_antispoof, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_detect, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
