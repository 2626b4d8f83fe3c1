/*
 * test_asa.c - the PIX/ASA front end on small in-memory configurations:
 * object-group resolution, masks, ports, remarks, inactive entries,
 * access-group bindings, access-lists used by other commands, uRPF and
 * same-security-traffic, management lines, PIX 6 forms, "show access-list"
 * counters (alone, after a running-config, from another file), the
 * security-level permits, the device's own addresses, error locations and
 * detection.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/asa/asa.h"

struct fixture {
	struct arena	*arena;
	struct intern	*strings;
	struct diag_list diags;
	struct policy	*policy;
};

static int
setup(void **state)
{
	struct fixture *f = test_malloc(sizeof(*f));

	f->arena = arena_new();
	f->strings = intern_new(f->arena);
	diag_list_init(&f->diags, f->arena);
	f->policy = NULL;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(f->arena);
	test_free(f);
	return 0;
}

static struct policy *
parse(struct fixture *f, const char *text)
{
	struct source_file *src = source_from_memory(f->arena, "t.cfg", text,
	    strlen(text));

	f->policy = asa_frontend.parse(f->arena, f->strings, src, &f->diags);
	return f->policy;
}

static struct container *
acl(struct fixture *f, const char *name)
{
	struct container *c = NULL;

	for (size_t i = 0; i < f->policy->containers.n; i++)
		if (strcmp(f->policy->containers.v[i]->name, name) == 0)
			c = f->policy->containers.v[i];
	assert_non_null(c);
	return c;
}

static struct rule *
rule(struct fixture *f, const char *name, size_t i)
{
	struct container *c = acl(f, name);

	assert_true(i < c->rules.n);
	return c->rules.v[i];
}

static const char *
fmt(struct fixture *f, const struct rule *r, enum field fl)
{
	if (r->match.field[fl] == NULL)
		return "any";
	return field_format(f->arena, fl, r->match.field[fl]);
}

static const char *
addrs(struct fixture *f, const struct rule *r, enum field fl)
{
	if (r->match.field[fl] == NULL)
		return "any";
	return addrset_format(f->arena, fl == FIELD_SRC6 || fl == FIELD_DST6 ?
	    FAMILY_IPV6 : FAMILY_IPV4, r->match.field[fl]);
}

static struct entry_point *
entry(struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->policy->entries.n; i++)
		if (strcmp(f->policy->entries.v[i]->name, name) == 0)
			return f->policy->entries.v[i];
	return NULL;
}

static struct object *
object(struct fixture *f, const char *name)
{
	for (size_t i = 0; i < f->policy->objects.n; i++)
		if (strcmp(f->policy->objects.v[i]->name, name) == 0)
			return f->policy->objects.v[i];
	return NULL;
}

static size_t
count(struct fixture *f, enum diag_severity sev)
{
	return f->diags.count[sev];
}

static void
test_nested_network_groups(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "object network web\n"
	    " host 192.0.2.10\n"
	    "object-group network inner\n"
	    " network-object host 10.0.0.1\n"
	    " network-object 10.1.0.0 255.255.0.0\n"
	    "object-group network outer\n"
	    " description all the servers\n"
	    " group-object inner\n"
	    " network-object object web\n"
	    "object-group network unused\n"
	    " network-object host 10.9.9.9\n"
	    "access-list A extended permit ip object-group outer any\n"));
	r = rule(f, "A", 0);
	assert_string_equal(addrs(f, r, FIELD_SRC4),
	    "10.0.0.1,10.1.0.0/16,192.0.2.10");
	assert_int_equal(r->match.family, FAMILY_IPV4);
	assert_false(match_is_opaque(&r->match));
	assert_int_equal(object(f, "outer")->references, 1);
	assert_int_equal(object(f, "inner")->references, 1);
	assert_int_equal(object(f, "web")->references, 1);
	assert_int_equal(object(f, "unused")->references, 0);
	assert_true(object(f, "unused")->defined);
	assert_string_equal(object(f, "outer")->comment, "all the servers");
	/* One rule, never a cross-product. */
	assert_int_equal(acl(f, "A")->rules.n, 1);
}

static void
test_undefined_reference(void **state)
{
	struct fixture *f = *state;
	struct object *o;
	struct rule *r;

	assert_non_null(parse(f,
	    "access-list A extended permit tcp object-group early any eq 22\n"
	    "object-group network early\n"
	    " network-object host 10.0.0.5\n"
	    "access-list A extended permit tcp object-group never any\n"));
	/* Defined after its use: resolved at the end of the file. */
	r = rule(f, "A", 0);
	assert_string_equal(addrs(f, r, FIELD_SRC4), "10.0.0.5");
	assert_false(match_is_opaque(&r->match));
	o = object(f, "never");
	assert_non_null(o);
	assert_false(o->defined);
	assert_int_equal(o->references, 1);
	assert_true(match_is_opaque(&rule(f, "A", 1)->match));
	/* Every finding needs a location: the first use of the name. */
	assert_non_null(o->loc.file);
	assert_int_equal(o->loc.line, 4);
	assert_int_equal(o->loc.col, 48);
	assert_int_equal(o->loc.end_col, 52);
}

/* Names created by a reference, on every path: the first use's word. */
static void
test_undefined_locations(void **state)
{
	struct fixture *f = *state;
	struct object *o;

	assert_non_null(parse(f,
	    "object-group network G\n"
	    " group-object inner\n"
	    "access-list A extended permit object-group svc host h any "
	    "time-range tr\n"
	    "access-list A extended permit tcp any any object-group ports\n"
	    "access-list A extended permit tcp any any eq 22\n"
	    "access-list A extended permit tcp any host h eq 23\n"
	    "nat (inside,outside) source static real mapped\n"));
	o = object(f, "inner");
	assert_non_null(o);
	assert_false(o->defined);
	assert_int_equal(o->loc.line, 2);
	assert_int_equal(o->loc.col, 15);
	o = object(f, "svc");
	assert_non_null(o);
	assert_int_equal(o->loc.line, 3);
	assert_int_equal(o->loc.col, 44);
	/* Used twice: the location of the first use stays. */
	o = object(f, "h");
	assert_non_null(o);
	assert_int_equal(o->references, 2);
	assert_int_equal(o->loc.line, 3);
	assert_int_equal(o->loc.col, 53);
	o = object(f, "tr");
	assert_non_null(o);
	assert_int_equal(o->loc.line, 3);
	assert_int_equal(o->loc.col, 70);
	o = object(f, "ports");
	assert_non_null(o);
	assert_int_equal(o->loc.line, 4);
	assert_int_equal(o->loc.col, 56);
	o = object(f, "real");
	assert_non_null(o);
	assert_int_equal(o->loc.line, 7);
	assert_int_equal(o->loc.col, 36);
	for (size_t i = 0; i < f->policy->objects.n; i++)
		assert_non_null(f->policy->objects.v[i]->loc.file);
}

static void
test_group_cycle(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "object-group network A\n"
	    " group-object B\n"
	    " network-object host 10.0.0.1\n"
	    "object-group network B\n"
	    " group-object A\n"
	    "access-list X extended permit ip object-group A any\n"));
	r = rule(f, "X", 0);
	assert_string_equal(addrs(f, r, FIELD_SRC4), "10.0.0.1");
	assert_true(match_is_opaque(&r->match));
	assert_int_equal(count(f, DIAG_WARNING), 1);
}

static void
test_service_groups(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "object-group service web tcp\n"
	    " port-object eq www\n"
	    " port-object range 8080 8081\n"
	    "object-group service tls\n"
	    " service-object tcp destination eq https\n"
	    " service-object tcp destination eq 8443\n"
	    "object-group service mixed\n"
	    " service-object tcp destination eq 80\n"
	    " service-object udp destination eq domain\n"
	    "object-group service both\n"
	    " group-object tls\n"
	    " service-object tcp-udp destination eq 53\n"
	    "object service ssh\n"
	    " service tcp source range 1024 65535 destination eq ssh\n"
	    "access-list A extended permit tcp any any object-group web\n"
	    "access-list A extended permit object-group tls any any\n"
	    "access-list A extended permit object-group mixed any any\n"
	    "access-list A extended permit object ssh any any\n"));
	r = rule(f, "A", 0);
	assert_string_equal(fmt(f, r, FIELD_PROTO), "tcp");
	assert_string_equal(fmt(f, r, FIELD_DPORT), "80,8080-8081");
	r = rule(f, "A", 1);
	assert_string_equal(fmt(f, r, FIELD_PROTO), "tcp");
	assert_string_equal(fmt(f, r, FIELD_DPORT), "443,8443");
	assert_false(match_is_opaque(&r->match));
	/* tcp/80 and udp/53 are not one box: unions kept, marked opaque. */
	r = rule(f, "A", 2);
	assert_string_equal(fmt(f, r, FIELD_DPORT), "53,80");
	assert_true(match_is_opaque(&r->match));
	r = rule(f, "A", 3);
	assert_string_equal(fmt(f, r, FIELD_SPORT), "1024-65535");
	assert_string_equal(fmt(f, r, FIELD_DPORT), "22");
	assert_int_equal(object(f, "both")->references, 0);
	assert_int_equal(object(f, "tls")->references, 2);
}

static void
test_protocol_and_icmp_groups(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "object-group protocol p1\n"
	    " protocol-object tcp\n"
	    " protocol-object udp\n"
	    "object-group protocol p2\n"
	    " group-object p1\n"
	    " protocol-object 47\n"
	    "object-group icmp-type i1\n"
	    " icmp-object echo\n"
	    " icmp-object echo-reply\n"
	    "object-group icmp-type i2\n"
	    " group-object i1\n"
	    " icmp-object unreachable\n"
	    "access-list A extended permit object-group p2 any any\n"
	    "access-list A extended permit icmp any any object-group i2\n"
	    "access-list A extended permit icmp any any time-exceeded\n"
	    "access-list A extended permit icmp any any 3 4\n"));
	r = rule(f, "A", 0);
	assert_string_equal(fmt(f, r, FIELD_PROTO), "tcp,udp,gre");
	r = rule(f, "A", 1);
	assert_string_equal(fmt(f, r, FIELD_PROTO), "icmp");
	assert_true(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(8 << 8)));
	assert_true(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(0 << 8)));
	assert_true(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(3 << 8 | 13)));
	assert_false(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(11 << 8)));
	r = rule(f, "A", 2);
	assert_true(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(11 << 8 | 1)));
	r = rule(f, "A", 3);
	assert_true(ivset_equal(r->match.field[FIELD_ICMP],
	    ivset_single(f->arena, u128_from64(3 << 8 | 4))));
}

static void
test_masks(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "access-list A extended permit ip 10.1.2.3 255.255.255.0 "
	    "host 192.0.2.1\n"
	    "access-list A extended permit ip 10.0.0.0 255.0.255.0 any\n"
	    "access-list A extended permit ip 0.0.0.0 0.0.0.0 any\n"));
	/* Host bits beyond the mask are masked, as the ASA does. */
	r = rule(f, "A", 0);
	assert_string_equal(addrs(f, r, FIELD_SRC4), "10.1.2.0/24");
	assert_string_equal(addrs(f, r, FIELD_DST4), "192.0.2.1");
	/* A non-contiguous mask: 10.x.0.y for every x and y. */
	r = rule(f, "A", 1);
	assert_int_equal(r->match.field[FIELD_SRC4]->n, 256);
	assert_true(ivset_contains(r->match.field[FIELD_SRC4],
	    u128_from64(0x0a070009)));
	assert_false(ivset_contains(r->match.field[FIELD_SRC4],
	    u128_from64(0x0a070109)));
	r = rule(f, "A", 2);
	assert_true(ivset_is_full(r->match.field[FIELD_SRC4],
	    family_max(FAMILY_IPV4)));
}

static void
test_mask_too_wide(void **state)
{
	struct fixture *f = *state;

	/* A wildcard mask typed as a netmask: 2^24 intervals. */
	assert_null(parse(f,
	    "access-list A extended permit ip 10.0.0.0 0.0.0.255 any\n"));
	assert_int_equal(count(f, DIAG_ERROR), 1);
	assert_string_equal(f->diags.head->message,
	    "netmask \"0.0.0.255\" is not contiguous");
	assert_int_equal(f->diags.head->loc.line, 1);
	assert_int_equal(f->diags.head->loc.col, 43);
}

static void
test_port_operators(void **state)
{
	struct fixture *f = *state;

	assert_non_null(parse(f,
	    "access-list A extended permit tcp any any eq www\n"
	    "access-list A extended permit tcp any any neq 80\n"
	    "access-list A extended permit tcp any any lt 1024\n"
	    "access-list A extended permit tcp any any gt 1023\n"
	    "access-list A extended permit udp any range 1 5 any range "
	    "kerberos radius\n"
	    "access-list A extended permit udp any eq 0 any lt 0\n"
	    "access-list A extended permit tcp any any eq sqlnet\n"));
	assert_string_equal(fmt(f, rule(f, "A", 0), FIELD_DPORT), "80");
	assert_string_equal(fmt(f, rule(f, "A", 1), FIELD_DPORT),
	    "!80");
	assert_string_equal(fmt(f, rule(f, "A", 2), FIELD_DPORT), "0-1023");
	assert_string_equal(fmt(f, rule(f, "A", 3), FIELD_DPORT),
	    "1024-65535");
	assert_string_equal(fmt(f, rule(f, "A", 4), FIELD_SPORT), "1-5");
	assert_string_equal(fmt(f, rule(f, "A", 4), FIELD_DPORT), "750-1645");
	assert_string_equal(fmt(f, rule(f, "A", 4), FIELD_PROTO), "udp");
	/* lt 0 matches nothing: said, not stored as an empty set. */
	assert_non_null(rule(f, "A", 5)->match.contradiction);
	assert_string_equal(fmt(f, rule(f, "A", 6), FIELD_DPORT), "1521");
}

static void
test_remarks_and_inactive(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "access-list A remark who=alice ticket=CHG-1\n"
	    "access-list A remark   why: web servers\n"
	    "access-list B remark belongs to B\n"
	    "access-list A extended permit tcp any host 10.0.0.1 eq 80 "
	    "log 4 interval 300\n"
	    "access-list A extended deny ip any any inactive\n"
	    "access-list B extended deny ip any any log disable\n"
	    "access-list A remark trailing\n"));
	r = rule(f, "A", 0);
	assert_string_equal(r->comment,
	    "who=alice ticket=CHG-1\nwhy: web servers");
	assert_true(r->log);
	assert_false(r->disabled);
	assert_int_equal(r->action.kind, ACTION_ACCEPT);
	r = rule(f, "A", 1);
	assert_null(r->comment);
	assert_true(r->disabled);
	assert_int_equal(r->action.kind, ACTION_DROP);
	r = rule(f, "B", 0);
	assert_string_equal(r->comment, "belongs to B");
	assert_false(r->log);
	assert_string_equal(acl(f, "A")->comment, "trailing");
	assert_string_equal(rule(f, "A", 1)->text,
	    "access-list A extended deny ip any any inactive");
	assert_int_equal(rule(f, "A", 1)->loc.line, 5);
}

static void
test_line_numbers(void **state)
{
	struct fixture *f = *state;

	assert_non_null(parse(f,
	    "access-list A extended permit ip host 10.0.0.1 any\n"
	    "access-list A extended permit ip host 10.0.0.3 any\n"
	    "access-list A line 2 extended permit ip host 10.0.0.2 any\n"
	    "access-list A line 1 remark first\n"
	    "access-list A line 1 extended deny ip host 10.0.0.9 any\n"));
	assert_string_equal(addrs(f, rule(f, "A", 0), FIELD_SRC4), "10.0.0.9");
	assert_string_equal(rule(f, "A", 0)->comment, "first");
	assert_string_equal(addrs(f, rule(f, "A", 1), FIELD_SRC4), "10.0.0.1");
	assert_string_equal(addrs(f, rule(f, "A", 2), FIELD_SRC4), "10.0.0.2");
	assert_string_equal(addrs(f, rule(f, "A", 3), FIELD_SRC4), "10.0.0.3");
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(rule(f, "A", i)->index, i);
}

static void
test_access_groups(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	struct interface *ifp;

	assert_non_null(parse(f,
	    "ASA Version 9.8(2)\n"
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    " ip address 203.0.113.1 255.255.255.0 standby 203.0.113.2\n"
	    "!\n"
	    "interface GigabitEthernet0/1\n"
	    " nameif inside\n"
	    " security-level 100\n"
	    " ip address 10.0.0.1 255.255.255.0\n"
	    "!\n"
	    "same-security-traffic permit inter-interface\n"
	    "access-list in_acl extended permit tcp any interface outside "
	    "eq 443\n"
	    "access-list out_acl extended permit ip any any\n"
	    "access-list g extended deny ip any any\n"
	    "access-list unbound extended deny ip any any\n"
	    "access-group in_acl in interface outside\n"
	    "access-group out_acl out interface inside\n"
	    "access-group g global\n"));
	e = entry(f, "asa/outside/in");
	assert_non_null(e);
	/* With a global list: the interface's, then the global one. */
	assert_string_equal(e->start->name, "outside/in+global");
	assert_ptr_equal(e->start->rules.v[0]->action.container,
	    acl(f, "in_acl"));
	assert_int_equal(e->order, ORDER_FIRST_MATCH);
	assert_int_equal(e->family, FAMILY_ANY);
	assert_true(e->filters);
	assert_int_equal(e->default_action.kind, ACTION_DROP);
	assert_int_equal(e->default_loc.line, 19);
	assert_non_null(e->scope);
	assert_non_null(e->scope->in_if);
	assert_true(ifset_matches(e->scope->in_if, "outside"));
	assert_false(ifset_matches(e->scope->in_if, "inside"));
	assert_null(e->scope->out_if);
	e = entry(f, "asa/inside/out");
	assert_non_null(e);
	assert_true(ifset_matches(e->scope->out_if, "inside"));
	e = entry(f, "asa/global");
	assert_non_null(e);
	assert_string_equal(e->start->name, "g");
	assert_false(ifset_matches(e->scope->in_if, "outside"));
	assert_true(ifset_matches(e->scope->in_if, "inside"));
	/* A global list: no security-level permits. */
	assert_null(entry(f, "asa/inside/in"));
	assert_null(entry(f, "asa/unbound"));
	/* Interfaces by nameif, with levels and their own addresses. */
	ifp = policy_interface(f->policy, "outside", false);
	assert_non_null(ifp);
	assert_int_equal(ifp->security_level, 0);
	assert_true(ifp->untrusted);
	assert_string_equal(ifp->zone, "outside");
	assert_int_equal(ifp->loc.line, 3);
	ifp = policy_interface(f->policy, "inside", false);
	assert_int_equal(ifp->security_level, 100);
	assert_false(ifp->untrusted);
	/* "interface outside" is the interface's own addresses. */
	assert_string_equal(addrs(f, rule(f, "in_acl", 0), FIELD_DST4),
	    "203.0.113.1,203.0.113.2");
	assert_string_equal(f->policy->format, "asa");
}

static void
test_bindings_and_management(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	const struct diagnostic *d;
	struct rule *r;

	assert_non_null(parse(f,
	    "access-group ghost in interface outside\n"
	    "access-group early in interface inside\n"
	    "access-list early extended permit ip any any\n"
	    "access-list first extended permit ip any any\n"
	    "access-group first in interface dmz\n"
	    "access-list second extended deny ip any any\n"
	    "access-group second in interface dmz\n"
	    "http 10.0.0.0 255.0.0.0 inside\n"
	    "ssh version 1\n"));
	/* An access-list bound before its entries is declared by them. */
	assert_int_equal(acl(f, "early")->loc.line, 3);
	assert_int_equal(acl(f, "early")->rules.n, 1);
	/* Bound but never written: said, and the entry point drops all. */
	e = entry(f, "asa/outside/in");
	assert_non_null(e);
	assert_int_equal(e->start->rules.n, 0);
	d = f->diags.head;
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_int_equal(d->loc.line, 1);
	/* A later access-group for the same place replaces the earlier. */
	assert_string_equal(entry(f, "asa/dmz/in")->start->name, "second");
	/* http lines do nothing without "http server enable". */
	r = rule(f, "management", 0);
	assert_true(r->disabled);
	assert_string_equal(acl(f, "management")->comment, "ssh version 1");
}

static void
test_pix6(void **state)
{
	struct fixture *f = *state;
	struct interface *ifp;
	struct rule *r;

	assert_non_null(parse(f,
	    "PIX Version 6.3(5)\n"
	    "interface ethernet0 auto\n"
	    "interface ethernet1 100full\n"
	    "nameif ethernet0 outside security0\n"
	    "nameif ethernet1 inside security100\n"
	    "fixup protocol ftp 21\n"
	    "names\n"
	    "name 10.0.0.10 mail\n"
	    "ip address outside 198.51.100.2 255.255.255.0\n"
	    "ip address inside 10.0.0.1 255.255.255.0\n"
	    "access-list acl_out permit tcp any host mail eq smtp\n"
	    "access-list acl_out deny ip any any\n"
	    "access-group acl_out in interface outside\n"
	    "conduit permit tcp host 198.51.100.5 eq www any\n"
	    "nat (inside) 1 10.0.0.0 255.255.255.0 0 0\n"
	    "global (outside) 1 interface\n"
	    "static (inside,outside) 198.51.100.5 10.0.0.5 netmask "
	    "255.255.255.255 0 0\n"
	    "telnet 10.0.0.0 255.255.255.0 inside\n"
	    "ssh 0.0.0.0 0.0.0.0 outside\n"));
	ifp = policy_interface(f->policy, "outside", false);
	assert_non_null(ifp);
	assert_int_equal(ifp->security_level, 0);
	assert_int_equal(ifp->addresses.n, 1);
	r = rule(f, "acl_out", 0);
	assert_string_equal(addrs(f, r, FIELD_DST4), "10.0.0.10");
	assert_string_equal(fmt(f, r, FIELD_DPORT), "25");
	assert_int_equal(object(f, "mail")->references, 1);
	assert_non_null(entry(f, "asa/outside/in"));
	/* conduit: the first address is the destination. */
	r = rule(f, "conduit", 0);
	assert_string_equal(addrs(f, r, FIELD_DST4), "198.51.100.5");
	assert_null(r->match.field[FIELD_SRC4]);
	assert_string_equal(fmt(f, r, FIELD_DPORT), "80");
	assert_non_null(entry(f, "asa/conduit"));
	/* NAT kept as translations that decide nothing. */
	assert_int_equal(acl(f, "nat")->rules.n, 3);
	r = rule(f, "nat", 0);
	assert_int_equal(r->action.kind, ACTION_TRANSLATE);
	assert_string_equal(addrs(f, r, FIELD_SRC4), "10.0.0.0/24");
	assert_true(ifset_matches(r->match.in_if, "inside"));
	assert_false(entry(f, "asa/nat")->filters);
	/* Management access as rules to the device. */
	r = rule(f, "management", 1);
	assert_string_equal(fmt(f, r, FIELD_DPORT), "22");
	assert_true(ifset_matches(r->match.in_if, "outside"));
	assert_true(entry(f, "asa/management")->filters);
}

/*
 * Access-lists that select traffic for NAT, VPNs, service policies,
 * routing, AAA or captures are used though no access-group binds them:
 * each use is a reference of the list.  A list used nowhere has none.
 */
static void
test_acl_uses(void **state)
{
	static const char *const used[] = {
		"nat0", "pnat", "pstatic", "vpn", "dynvpn", "qos", "rm1",
		"rm2", "filt", "split", "web", "dap", "mcast", "ospf", "cap",
		"wredir", "wgroup", "aaa_acl", NULL
	};
	struct fixture *f = *state;
	const struct diagnostic *d;
	size_t n = 0;

	assert_non_null(parse(f,
	    "interface GigabitEthernet0/1\n"
	    " nameif inside\n"
	    " igmp access-group mcast\n"
	    "access-list nat0 extended permit ip 10.0.0.0 255.0.0.0 any\n"
	    "access-list pnat permit ip 10.1.0.0 255.255.0.0 any\n"
	    "access-list pstatic permit tcp host 10.0.0.5 eq www any\n"
	    "access-list vpn extended permit ip 10.0.0.0 255.0.0.0 any\n"
	    "access-list dynvpn extended permit ip 10.0.0.0 255.0.0.0 any\n"
	    "access-list qos extended permit udp any any eq 5060\n"
	    "access-list rm1 standard permit 10.0.0.0 255.0.0.0\n"
	    "access-list rm2 standard permit 10.2.0.0 255.255.0.0\n"
	    "access-list filt extended permit tcp any any eq www\n"
	    "access-list split standard permit 10.0.0.0 255.0.0.0\n"
	    "access-list web webtype permit url http://intra/*\n"
	    "access-list dap extended permit ip any any\n"
	    "access-list mcast standard permit host 239.1.1.1\n"
	    "access-list ospf standard permit 10.0.0.0 255.0.0.0\n"
	    "access-list cap extended permit ip host 10.0.0.9 any\n"
	    "access-list wredir extended permit tcp any any eq www\n"
	    "access-list wgroup standard permit host 10.0.0.7\n"
	    "access-list aaa_acl extended permit tcp any any eq telnet\n"
	    "access-list spare extended permit ip any any\n"
	    "nat (inside) 0 access-list nat0\n"
	    "nat (inside) 1 access-list pnat 0 0\n"
	    "static (inside,outside) tcp interface www access-list pstatic "
	    "0 0\n"
	    "crypto map outside_map 10 match address vpn\n"
	    "crypto dynamic-map dyn 20 match address dynvpn\n"
	    "class-map voice\n"
	    " match access-list qos\n"
	    "route-map rm permit 10\n"
	    " match ip address rm1 rm2\n"
	    " match ip address prefix-list pl\n"
	    "group-policy gp attributes\n"
	    " vpn-filter value filt\n"
	    " vpn-filter none\n"
	    " split-tunnel-network-list value split\n"
	    " webvpn\n"
	    "  filter value web\n"
	    "dynamic-access-policy-record rec\n"
	    " network-acl dap\n"
	    "router ospf 1\n"
	    " distribute-list ospf in\n"
	    "capture cap1 type raw-data access-list cap interface inside\n"
	    "wccp web-cache redirect-list wredir group-list wgroup\n"
	    "aaa authentication match aaa_acl inside TACACS\n"
	    "crypto map outside_map 30 match address ghost\n"));
	for (size_t i = 0; used[i] != NULL; i++) {
		struct container *c = acl(f, used[i]);

		if (c->references != 1)
			fail_msg("access-list \"%s\": %u references", used[i],
			    (unsigned)c->references);
		n++;
	}
	assert_int_equal(n, 18);
	assert_int_equal(acl(f, "spare")->references, 0);
	/* "prefix-list" and "none" name no access-list. */
	assert_null(policy_find_container(f->policy, "prefix-list", NULL));
	assert_null(policy_find_container(f->policy, "none", NULL));
	/* A use of a list that no line defines is said, at the name, and
	   creates nothing. */
	assert_null(policy_find_container(f->policy, "ghost", NULL));
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(count(f, DIAG_WARNING), 1);
	for (d = f->diags.head; d != NULL; d = d->next)
		if (d->severity == DIAG_WARNING)
			break;
	assert_non_null(d);
	assert_string_equal(d->message, "access-list \"ghost\" is named by "
	    "crypto map but has no entries");
	assert_int_equal(d->loc.line, 46);
	assert_int_equal(d->loc.col, 41);
}

/*
 * uRPF per interface and same-security-traffic, in the model; a uRPF line
 * for an interface no nameif defines is said and ignored.
 */
static void
test_urpf_and_same_security(void **state)
{
	struct fixture *f = *state;
	const struct diagnostic *d;

	assert_non_null(parse(f,
	    "ip verify reverse-path interface outside\n"
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "interface GigabitEthernet0/1\n"
	    " nameif inside\n"
	    " security-level 100\n"
	    "ip verify reverse-path interface nowhere\n"
	    "same-security-traffic permit intra-interface\n"));
	assert_true(policy_interface(f->policy, "outside", false)->urpf);
	assert_false(policy_interface(f->policy, "inside", false)->urpf);
	assert_null(policy_interface(f->policy, "nowhere", false));
	assert_false(f->policy->same_security_inter);
	assert_true(f->policy->same_security_intra);
	assert_int_equal(count(f, DIAG_WARNING), 1);
	d = f->diags.head;
	assert_int_equal(d->loc.line, 8);
	assert_int_equal(d->loc.col, 34);

	/* Both forms; no uRPF anywhere. */
	assert_non_null(parse(f,
	    "same-security-traffic permit inter-interface\n"
	    "same-security-traffic permit intra-interface\n"
	    "nameif ethernet0 outside security0\n"));
	assert_true(f->policy->same_security_inter);
	assert_true(f->policy->same_security_intra);
	assert_false(policy_interface(f->policy, "outside", false)->urpf);
}

/*
 * Management lines and PIX 6 conduits cannot carry a remark on the
 * device: their containers say so; access-lists can.
 */
static void
test_no_comments(void **state)
{
	struct fixture *f = *state;

	assert_non_null(parse(f,
	    "access-list a extended permit ip any any\n"
	    "access-group a in interface outside\n"
	    "conduit permit tcp host 198.51.100.5 eq www any\n"
	    "telnet 10.0.0.0 255.0.0.0 inside\n"
	    "snmp-server host inside 10.0.0.9 community c\n"));
	assert_false(acl(f, "a")->no_comments);
	assert_true(acl(f, "management")->no_comments);
	assert_int_equal(acl(f, "management")->rules.n, 2);
	assert_true(acl(f, "conduit")->no_comments);
}

static void
test_show_access_list(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "access-list cached ACL log flows: total 0, denied 0 "
	    "(deny-flow-max 4096)\n"
	    "            alert-interval 300\n"
	    "access-list web; 3 elements; name hash: 0x1234abcd\n"
	    "access-list web line 1 remark ticket=42\n"
	    "access-list web line 2 extended permit tcp any object-group "
	    "srv eq www (hitcnt=17) 0x5a5a5a5a\n"
	    "  access-list web line 2 extended permit tcp any host 10.0.0.1 "
	    "eq www (hitcnt=10) 0x11111111\n"
	    "  access-list web line 2 extended permit tcp any host 10.0.0.2 "
	    "eq www (hitcnt=7) 0x22222222\n"
	    "access-list web line 3 extended deny ip any any inactive "
	    "(hitcnt=0) (inactive) 0x33333333\n"));
	assert_int_equal(acl(f, "web")->rules.n, 2);
	r = rule(f, "web", 0);
	assert_true(r->counters.present);
	assert_int_equal(r->counters.packets, 17);
	assert_string_equal(r->comment, "ticket=42");
	r = rule(f, "web", 1);
	assert_true(r->counters.present);
	assert_int_equal(r->counters.packets, 0);
	assert_true(r->disabled);
	assert_int_equal(count(f, DIAG_ERROR), 0);
}

/*
 * Without a running-config the expansion lines say what an entry's
 * objects stand for: the match is their union, the objects count as
 * defined (at their first use), the lists get "unbound" entry points.
 */
static void
test_show_expansions(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	struct object *o;
	struct rule *r;

	assert_non_null(parse(f,
	    "access-list in; 4 elements; name hash: 0x1\n"
	    "access-list in line 1 extended permit tcp object-group relays "
	    "host 10.0.0.25 eq smtp 0x2\n"
	    "  access-list in line 1 extended permit tcp host 1.1.1.1 "
	    "host 10.0.0.25 eq smtp (hitcnt=5) 0x3\n"
	    "  access-list in line 1 extended permit tcp host 1.1.1.2 "
	    "host 10.0.0.25 eq smtp (hitcnt=2) 0x4\n"
	    "access-list in line 2 extended permit object-group svc any "
	    "object-group srv (hitcnt=9) 0x5\n"
	    "  access-list in line 2 extended permit tcp any host 10.0.0.1 "
	    "eq www (hitcnt=1) 0x6\n"
	    "  access-list in line 2 extended permit udp any host 10.0.0.2 "
	    "eq domain (hitcnt=1) 0x7\n"
	    "access-list in line 3 extended permit tcp object-group relays "
	    "any eq 22 (hitcnt=1) 0x8\n"
	    "access-list in line 4 extended permit tcp object-group gone "
	    "any eq 23 (hitcnt=1) 0x9\n"));
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(count(f, DIAG_WARNING), 0);
	r = rule(f, "in", 0);
	assert_string_equal(addrs(f, r, FIELD_SRC4), "1.1.1.1,1.1.1.2");
	assert_string_equal(addrs(f, r, FIELD_DST4), "10.0.0.25");
	assert_string_equal(fmt(f, r, FIELD_DPORT), "25");
	assert_false(match_is_opaque(&r->match));
	/* The parent has no count: the expansions' sum. */
	assert_true(r->counters.present);
	assert_int_equal(r->counters.packets, 7);
	o = object(f, "relays");
	assert_non_null(o);
	assert_true(o->defined);
	assert_int_equal(o->loc.line, 2);
	assert_int_equal(o->loc.col, 56);
	/* Three fields differ: the union is kept, with an opaque mark. */
	r = rule(f, "in", 1);
	assert_string_equal(addrs(f, r, FIELD_DST4), "10.0.0.1,10.0.0.2");
	assert_string_equal(fmt(f, r, FIELD_DPORT), "53,80");
	assert_true(match_is_opaque(&r->match));
	assert_int_equal(r->counters.packets, 9);
	assert_true(object(f, "svc")->defined);
	assert_true(object(f, "srv")->defined);
	/* Named again without expansions: members unknown, opaque. */
	r = rule(f, "in", 2);
	assert_null(r->match.field[FIELD_SRC4]);
	assert_true(match_is_opaque(&r->match));
	/* No expansion at all: still undefined, at its use. */
	o = object(f, "gone");
	assert_non_null(o);
	assert_false(o->defined);
	assert_int_equal(o->loc.line, 9);
	/* Binding unknown: an entry point that says so. */
	e = entry(f, "asa/acl/in");
	assert_non_null(e);
	assert_string_equal(e->hook, "unbound");
	assert_ptr_equal(e->start, acl(f, "in"));
	assert_null(e->scope);
	assert_int_equal(f->policy->entries.n, 1);
}

/* An unreadable expansion warns and leaves the entry opaque. */
static void
test_show_bad_expansion(void **state)
{
	struct fixture *f = *state;
	struct object *o;

	assert_non_null(parse(f,
	    "access-list m; 1 elements; name hash: 0x1\n"
	    "access-list m line 1 extended permit tcp any object-group G "
	    "eq 99 (hitcnt=0) 0x2\n"
	    "  access-list m line 1 extended permit tcp any 1.1.1.1 1.1.1.1 "
	    "eq 99 (hitcnt=0) 0x3\n"));
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(count(f, DIAG_WARNING), 1);
	assert_true(match_is_opaque(&rule(f, "m", 0)->match));
	o = object(f, "G");
	assert_non_null(o);
	assert_true(o->defined);
	assert_int_equal(o->loc.line, 2);
}

/*
 * A running-config binds its lists: no unbound entry points there.  Show
 * output after it carries counters only: a list the running-config
 * lacks is reported, never invented.
 */
static void
test_show_with_config(void **state)
{
	struct fixture *f = *state;
	const struct diagnostic *d;

	assert_non_null(parse(f,
	    "hostname fw\n"
	    "object-group network relays\n"
	    " network-object host 1.1.1.9\n"
	    "access-list in line 1 extended permit tcp object-group relays "
	    "any eq smtp (hitcnt=3) 0x2\n"
	    "  access-list in line 1 extended permit tcp host 1.1.1.1 "
	    "any eq smtp (hitcnt=3) 0x3\n"
	    "access-list other extended permit ip any any\n"));
	assert_null(policy_find_container(f->policy, "in", NULL));
	assert_int_equal(acl(f, "other")->rules.n, 1);
	assert_false(rule(f, "other", 0)->counters.present);
	assert_null(entry(f, "asa/acl/other"));
	assert_int_equal(f->policy->entries.n, 0);
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(count(f, DIAG_WARNING), 1);
	d = f->diags.head;
	assert_int_equal(d->loc.line, 4);
	assert_non_null(strstr(d->message, "\"in\""));
	/* Counted as used by the running-config only. */
	assert_int_equal(object(f, "relays")->references, 0);
}

/*
 * "show running-config" then "show access-list" in one session log: the
 * rules are the running-config's, with the counters of the matching show
 * entries (same list, same text, same line number among equals), their
 * expansions summed when the entry's own count is missing or smaller.
 */
static void
test_show_merged(void **state)
{
	struct fixture *f = *state;
	const struct diagnostic *d;
	struct container *c;
	size_t warnings = 0, notes = 0;

	assert_non_null(parse(f,
	    "fw# show running-config\n"
	    "ASA Version 9.8(2)\n"
	    "hostname fw\n"
	    "object-group network relays\n"
	    " network-object host 1.1.1.1\n"
	    " network-object host 1.1.1.2\n"
	    "access-list out remark ticket=1\n"
	    "access-list out extended permit tcp object-group relays any "
	    "eq smtp\n"
	    "access-list out extended deny ip host 9.9.9.9 any log\n"
	    "access-list out extended deny ip host 9.9.9.9 any log\n"
	    "access-list out extended permit udp any any eq domain "
	    "inactive\n"
	    "access-list out extended permit tcp any any eq www\n"
	    "access-list unshown extended permit ip any any\n"
	    "access-group out in interface outside\n"
	    "access-group unshown in interface inside\n"
	    "fw# show access-list\n"
	    "access-list cached ACL log flows: total 0, denied 0 "
	    "(deny-flow-max 4096)\n"
	    "            alert-interval 300\n"
	    "access-list out; 6 elements; name hash: 0x1\n"
	    "access-list out line 1 remark ticket=1\n"
	    "access-list out line 2 extended permit tcp object-group relays "
	    "any eq smtp 0x2\n"
	    "  access-list out line 2 extended permit tcp host 1.1.1.1 any "
	    "eq smtp (hitcnt=5) 0x3\n"
	    "  access-list out line 2 extended permit tcp host 1.1.1.2 any "
	    "eq smtp (hitcnt=2) 0x4\n"
	    "access-list out line 3 extended deny ip host 9.9.9.9 any log "
	    "informational interval 300 (hitcnt=0) 0x5\n"
	    "access-list out line 4 extended deny ip host 9.9.9.9 any log "
	    "informational interval 300 (hitcnt=8) 0x6\n"
	    "access-list out line 5 extended permit udp any any eq domain "
	    "inactive (hitcnt=0) (inactive) 0x7\n"
	    "access-list out line 6 extended permit tcp any any eq https "
	    "(hitcnt=4) 0x8\n"
	    "fw#\n"));
	c = acl(f, "out");
	/* Nothing doubled, nothing invented. */
	assert_int_equal(c->rules.n, 5);
	assert_string_equal(c->rules.v[0]->comment, "ticket=1");
	/* No own count: the expansions' sum. */
	assert_true(c->rules.v[0]->counters.present);
	assert_int_equal(c->rules.v[0]->counters.packets, 7);
	/* Two equal entries: told apart by their line numbers. */
	assert_int_equal(c->rules.v[1]->counters.packets, 0);
	assert_int_equal(c->rules.v[2]->counters.packets, 8);
	assert_true(c->rules.v[3]->counters.present);
	assert_true(c->rules.v[3]->disabled);
	/* "eq www" is not in the show output; "eq https" not in the
	   config. */
	assert_false(c->rules.v[4]->counters.present);
	assert_false(rule(f, "unshown", 0)->counters.present);
	assert_null(entry(f, "asa/acl/out"));
	assert_int_equal(count(f, DIAG_ERROR), 0);
	for (d = f->diags.head; d != NULL; d = d->next) {
		if (d->severity == DIAG_WARNING) {
			warnings++;
			assert_int_equal(d->loc.line, 27);
		} else if (d->severity == DIAG_NOTE &&
		    strstr(d->message, "no counter") != NULL) {
			notes++;
			assert_int_equal(d->loc.line, 7);
		}
	}
	assert_int_equal(warnings, 1);
	assert_int_equal(notes, 1);

	/* Entries without counters, then show output of the same list,
	   no other command: still merged, not doubled. */
	assert_non_null(parse(f,
	    "access-list a extended permit ip host 1.1.1.1 any\n"
	    "access-list a; 1 elements; name hash: 0x1\n"
	    "access-list a line 1 extended permit ip host 1.1.1.1 any "
	    "(hitcnt=3) 0x2\n"));
	assert_int_equal(acl(f, "a")->rules.n, 1);
	assert_int_equal(rule(f, "a", 0)->counters.packets, 3);
}

/* Two files: asa_merge_counters does the same. */
static void
test_merge_counters(void **state)
{
	struct fixture *f = *state;
	struct policy *run, *show, *other;
	struct source_file *src;
	const char *show_text =
	    "access-list out; 3 elements; name hash: 0x1\n"
	    "access-list out line 1 extended permit tcp any host 10.0.0.1 "
	    "eq www (hitcnt=12) 0x2\n"
	    "access-list out line 2 extended permit tcp any host 10.0.0.2 "
	    "eq ftp (hitcnt=0) 0x3\n"
	    "access-list out line 3 extended permit tcp any host 10.0.0.3 "
	    "eq ssh (hitcnt=1) 0x4\n"
	    "access-list gone; 1 elements; name hash: 0x5\n"
	    "access-list gone line 1 extended permit ip any any "
	    "(hitcnt=1) 0x6\n";
	const struct diagnostic *d;
	size_t warnings = 0;

	run = parse(f,
	    "hostname fw\n"
	    "access-list out extended permit tcp any host 10.0.0.1 eq www\n"
	    "access-list out extended permit tcp any host 10.0.0.2 eq ftp\n"
	    "access-group out in interface outside\n");
	assert_non_null(run);
	src = source_from_memory(f->arena, "show.txt", show_text,
	    strlen(show_text));
	show = asa_frontend.parse(f->arena, f->strings, src, &f->diags);
	assert_non_null(show);
	assert_int_equal(asa_merge_counters(run, show, &f->diags), 2);
	assert_int_equal(run->containers.v[0]->rules.v[0]->counters.packets,
	    12);
	assert_true(run->containers.v[0]->rules.v[1]->counters.present);
	assert_int_equal(run->containers.v[0]->rules.v[1]->counters.packets,
	    0);
	assert_int_equal(run->containers.v[0]->rules.n, 2);
	assert_null(policy_find_container(run, "gone", NULL));
	for (d = f->diags.head; d != NULL; d = d->next)
		if (d->severity == DIAG_WARNING) {
			warnings++;
			assert_string_equal(d->loc.file->path, "show.txt");
		}
	/* line 3 of out, and the list gone. */
	assert_int_equal(warnings, 2);
	/* Only PIX/ASA inputs. */
	other = policy_new(f->arena, f->strings, "iptables", src);
	assert_int_equal(asa_merge_counters(run, other, &f->diags), -1);
	assert_int_equal(count(f, DIAG_ERROR), 1);
}

/*
 * Interfaces without an inbound access-group permit what leaves through
 * a lower level, equal ones with same-security-traffic: entry points of
 * the ordinary shape, located at the security-level (or nameif) line.
 */
static void
test_security_levels(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	struct container *c;
	struct rule *r;

	assert_non_null(parse(f,
	    "ASA Version 9.12(4)\n"
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "interface GigabitEthernet0/1\n"
	    " nameif inside\n"
	    "interface GigabitEthernet0/2\n"
	    " nameif dmz\n"
	    " security-level 50\n"
	    "interface GigabitEthernet0/3\n"
	    " nameif partner\n"
	    " security-level 50\n"
	    "interface GigabitEthernet0/4\n"
	    " nameif lab\n"
	    " security-level 20\n"
	    " shutdown\n"
	    "interface Management0/0\n"
	    " management-only\n"
	    " nameif mgmt\n"
	    " security-level 100\n"
	    "same-security-traffic permit inter-interface\n"
	    "access-list o extended permit tcp any any eq 443\n"
	    "access-group o in interface outside\n"));
	assert_string_equal(entry(f, "asa/outside/in")->start->name, "o");
	/* "inside" without a level is 100: at its nameif line. */
	e = entry(f, "asa/inside/in");
	assert_non_null(e);
	assert_true(e->filters);
	assert_int_equal(e->order, ORDER_FIRST_MATCH);
	assert_int_equal(e->default_action.kind, ACTION_DROP);
	assert_int_equal(e->default_loc.line, 6);
	assert_true(ifset_matches(e->scope->in_if, "inside"));
	assert_false(ifset_matches(e->scope->in_if, "dmz"));
	c = e->start;
	assert_string_equal(c->name, "inside/security-level");
	assert_true(c->no_comments);
	assert_int_equal(c->rules.n, 1);
	r = c->rules.v[0];
	assert_int_equal(r->action.kind, ACTION_ACCEPT);
	assert_int_equal(r->loc.line, 6);
	assert_null(r->match.in_if);
	assert_true(ifset_matches(r->match.out_if, "outside"));
	assert_true(ifset_matches(r->match.out_if, "dmz"));
	assert_true(ifset_matches(r->match.out_if, "partner"));
	assert_false(ifset_matches(r->match.out_if, "inside"));
	assert_false(ifset_matches(r->match.out_if, "lab"));
	assert_false(ifset_matches(r->match.out_if, "mgmt"));
	/* Equal levels with inter-interface; at the security-level line. */
	e = entry(f, "asa/dmz/in");
	assert_non_null(e);
	r = e->start->rules.v[0];
	assert_int_equal(r->loc.line, 9);
	assert_int_equal(e->default_loc.line, 9);
	assert_true(ifset_matches(r->match.out_if, "outside"));
	assert_true(ifset_matches(r->match.out_if, "partner"));
	assert_false(ifset_matches(r->match.out_if, "dmz"));
	assert_false(ifset_matches(r->match.out_if, "inside"));
	assert_non_null(entry(f, "asa/partner/in"));
	/* Shut down or management-only: no traffic through. */
	assert_null(entry(f, "asa/lab/in"));
	assert_null(entry(f, "asa/mgmt/in"));
	/* The file's own rules only. */
	assert_int_equal(f->policy->nrules, 1);
	assert_int_equal(count(f, DIAG_WARNING), 0);

	/* Without inter-interface, with intra-interface; level 0 alone
	   permits nothing. */
	assert_non_null(parse(f,
	    "interface g0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "interface g1\n"
	    " nameif dmz\n"
	    " security-level 50\n"
	    "interface g2\n"
	    " nameif partner\n"
	    " security-level 50\n"
	    "same-security-traffic permit intra-interface\n"));
	r = entry(f, "asa/dmz/in")->start->rules.v[0];
	assert_true(ifset_matches(r->match.out_if, "outside"));
	assert_true(ifset_matches(r->match.out_if, "dmz"));
	assert_false(ifset_matches(r->match.out_if, "partner"));
	/* Level 0: out by the same interface only (intra-interface). */
	r = entry(f, "asa/outside/in")->start->rules.v[0];
	assert_true(ifset_matches(r->match.out_if, "outside"));
	assert_false(ifset_matches(r->match.out_if, "dmz"));

	/* Without same-security-traffic, level 0 permits nothing. */
	assert_non_null(parse(f,
	    "nameif ethernet0 outside security0\n"
	    "nameif ethernet1 inside security100\n"));
	e = entry(f, "asa/outside/in");
	assert_non_null(e);
	assert_int_equal(e->start->rules.n, 0);
	assert_int_equal(e->default_action.kind, ACTION_DROP);
	assert_int_equal(e->default_loc.line, 1);
	assert_int_equal(entry(f, "asa/inside/in")->start->rules.n, 1);
}

/*
 * A global list applies after the interface lists, then the implicit
 * deny; with it, no interface keeps the security-level permit.
 */
static void
test_global_and_levels(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	struct container *c;

	assert_non_null(parse(f,
	    "interface g0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "interface g1\n"
	    " nameif inside\n"
	    " security-level 100\n"
	    "access-list o extended permit tcp any any eq 443\n"
	    "access-list g extended permit tcp any any eq 80\n"
	    "access-group o in interface outside\n"
	    "access-group g global\n"));
	assert_null(entry(f, "asa/inside/in"));
	e = entry(f, "asa/outside/in");
	assert_non_null(e);
	c = e->start;
	assert_string_equal(c->name, "outside/in+global");
	assert_true(c->no_comments);
	assert_int_equal(c->rules.n, 2);
	assert_int_equal(c->rules.v[0]->action.kind, ACTION_JUMP);
	assert_ptr_equal(c->rules.v[0]->action.container, acl(f, "o"));
	assert_int_equal(c->rules.v[0]->loc.line, 9);
	assert_ptr_equal(c->rules.v[1]->action.container, acl(f, "g"));
	assert_int_equal(c->rules.v[1]->loc.line, 10);
	/* The implicit deny comes after the global list. */
	assert_int_equal(e->default_loc.line, 10);
	assert_true(ifset_matches(e->scope->in_if, "outside"));
	/* The global entry judges the other interfaces. */
	e = entry(f, "asa/global");
	assert_non_null(e);
	assert_ptr_equal(e->start, acl(f, "g"));
	assert_non_null(e->scope);
	assert_false(ifset_matches(e->scope->in_if, "outside"));
	assert_true(ifset_matches(e->scope->in_if, "inside"));
	assert_int_equal(f->policy->nrules, 2);
}

/*
 * PIX 6: an interface without an access-group judges traffic towards
 * higher levels by the conduits; an access-group takes precedence.
 */
static void
test_pix6_levels(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	struct rule *r;

	assert_non_null(parse(f,
	    "PIX Version 6.3(5)\n"
	    "nameif ethernet0 outside security0\n"
	    "nameif ethernet1 inside security100\n"
	    "nameif ethernet2 dmz security50\n"
	    "access-list acl_in permit ip any any\n"
	    "access-group acl_in in interface inside\n"
	    "conduit permit tcp host 198.51.100.5 eq www any\n"));
	e = entry(f, "asa/outside/in");
	assert_non_null(e);
	assert_int_equal(e->default_loc.line, 2);
	/* Nothing lower than 0: only the conduits, towards all. */
	assert_int_equal(e->start->rules.n, 1);
	r = e->start->rules.v[0];
	assert_int_equal(r->action.kind, ACTION_JUMP);
	assert_ptr_equal(r->action.container, acl(f, "conduit"));
	assert_true(ifset_matches(r->match.out_if, "inside"));
	assert_true(ifset_matches(r->match.out_if, "dmz"));
	e = entry(f, "asa/dmz/in");
	assert_int_equal(e->start->rules.n, 2);
	assert_true(ifset_matches(e->start->rules.v[0]->match.out_if,
	    "outside"));
	assert_true(ifset_matches(e->start->rules.v[1]->match.out_if,
	    "inside"));
	assert_false(ifset_matches(e->start->rules.v[1]->match.out_if,
	    "outside"));
	assert_string_equal(entry(f, "asa/inside/in")->start->name, "acl_in");
	/* Judged where the levels call them: no entry of their own. */
	assert_null(entry(f, "asa/conduit"));
	assert_int_equal(acl(f, "conduit")->references, 2);

	/* Every interface bound: the conduits keep their own entry. */
	assert_non_null(parse(f,
	    "nameif ethernet0 outside security0\n"
	    "access-list a permit ip any any\n"
	    "access-group a in interface outside\n"
	    "conduit permit tcp host 198.51.100.5 eq www any\n"));
	assert_non_null(entry(f, "asa/conduit"));
	assert_int_equal(f->policy->entries.n, 2);
}

static void
test_names_and_ipv6(void **state)
{
	struct fixture *f = *state;
	struct rule *r;

	assert_non_null(parse(f,
	    "names\n"
	    "name 10.1.0.0 branch\n"
	    "access-list A extended permit ip branch 255.255.0.0 any4\n"
	    "access-list A extended permit ip any6 host 2001:db8::1\n"
	    "access-list A extended permit tcp 2001:db8::/32 any6 eq 22\n"
	    "access-list A extended permit ip host 10.0.0.1 host 2001:db8::1\n"
	    "ipv6 access-list v6 permit icmp6 any 2001:db8::/64 echo\n"));
	r = rule(f, "A", 0);
	assert_string_equal(addrs(f, r, FIELD_SRC4), "10.1.0.0/16");
	assert_int_equal(r->match.family, FAMILY_IPV4);
	r = rule(f, "A", 1);
	assert_int_equal(r->match.family, FAMILY_IPV6);
	assert_string_equal(addrs(f, r, FIELD_DST6), "2001:db8::1");
	r = rule(f, "A", 2);
	assert_string_equal(addrs(f, r, FIELD_SRC6), "2001:db8::/32");
	/* Families that cannot meet: said, for the unmatchable check. */
	assert_non_null(rule(f, "A", 3)->match.contradiction);
	r = rule(f, "v6", 0);
	assert_int_equal(r->match.family, FAMILY_IPV6);
	assert_string_equal(fmt(f, r, FIELD_PROTO), "ipv6-icmp");
}

/*
 * Access lists bound to interfaces judge traffic through the device only:
 * their entry points leave out the device's own addresses (standby and
 * IPv6 ones included), an entry that names only those says why it never
 * matches, an address the file does not give is noted, and a
 * control-plane access-group judges only traffic to the device.
 */
static void
test_own_addresses(void **state)
{
	struct fixture *f = *state;
	struct entry_point *e;
	const char *note = NULL;

	assert_non_null(parse(f,
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    " ip address 203.0.113.2 255.255.255.240 standby 203.0.113.3\n"
	    " ipv6 address 2001:db8::1/64 standby 2001:db8::2\n"
	    "interface GigabitEthernet0/1\n"
	    " nameif inside\n"
	    " security-level 100\n"
	    " ip address 10.0.0.1 255.255.255.0\n"
	    "interface GigabitEthernet0/2\n"
	    " nameif dmz\n"
	    " security-level 50\n"
	    " ip address dhcp setroute\n"
	    "access-list A extended permit tcp any host 203.0.113.2 eq 22\n"
	    "access-list A extended permit tcp any 203.0.113.0 "
	    "255.255.255.240 eq 22\n"
	    "access-list A extended permit ip any6 host 2001:db8::2\n"
	    "access-list A extended permit ip any host 10.0.0.1\n"
	    "access-list CP extended deny ip host 198.51.100.1 any\n"
	    "access-list CP extended permit ip any any\n"
	    "access-list N extended permit ip any host 10.0.0.1\n"
	    "access-group A in interface outside\n"
	    "access-group CP in interface outside control-plane\n"
	    "access-group N out interface inside\n"
	    "crypto map M 10 match address N\n"));
	assert_int_equal(count(f, DIAG_WARNING), 0);
	for (struct diagnostic *d = f->diags.head; d != NULL; d = d->next)
		if (strstr(d->message, "\"dmz\"") != NULL)
			note = d->message;
	assert_non_null(note);
	assert_non_null(strstr(note, "(dhcp)"));
	e = entry(f, "asa/outside/in");
	assert_non_null(e);
	assert_string_equal(addrset_format(f->arena, FAMILY_IPV4,
	    e->scope->field[FIELD_DST4]),
	    "!10.0.0.1,203.0.113.2/31");
	assert_string_equal(addrset_format(f->arena, FAMILY_IPV6,
	    e->scope->field[FIELD_DST6]), "!2001:db8::1,2001:db8::2");
	assert_string_equal(acl(f, "A")->name, e->start->name);
	/* Only the device's addresses: never matched, and why. */
	assert_non_null(rule(f, "A", 0)->match.contradiction);
	assert_non_null(strstr(rule(f, "A", 0)->match.contradiction,
	    "addressed to the device itself (203.0.113.2)"));
	assert_null(rule(f, "A", 1)->match.contradiction);
	assert_non_null(rule(f, "A", 2)->match.contradiction);
	assert_non_null(rule(f, "A", 3)->match.contradiction);
	/* N is also a crypto map's: it may see such packets there. */
	assert_null(rule(f, "N", 0)->match.contradiction);
	e = entry(f, "asa/inside/out");
	assert_non_null(e);
	assert_non_null(e->scope->field[FIELD_DST4]);
	/* The security-level permits are through traffic too. */
	e = entry(f, "asa/dmz/in");
	assert_non_null(e);
	assert_non_null(e->scope->field[FIELD_DST4]);
	/* control-plane: in on outside, for the device; IPv4's dhcp
	   address cannot be named, so every IPv4 destination. */
	e = entry(f, "asa/outside/control-plane");
	assert_non_null(e);
	assert_ptr_equal(e->start, acl(f, "CP"));
	assert_null(e->scope->field[FIELD_DST4]);
	assert_string_equal(addrset_format(f->arena, FAMILY_IPV6,
	    e->scope->field[FIELD_DST6]), "2001:db8::1,2001:db8::2");
	assert_string_equal(e->scope->in_if->names[0], "outside");
	/* It does not replace the interface's list. */
	assert_ptr_equal(entry(f, "asa/outside/in")->start, acl(f, "A"));
}

static void
test_errors(void **state)
{
	struct fixture *f = *state;
	const struct diagnostic *d;

	assert_null(parse(f,
	    "access-list A extended permit tcp any any eq 70000\n"
	    "access-list A extended allow ip any any\n"
	    "access-list A extended permit ip any\n"
	    "access-list A extended permit ip any any\n"
	    "access-group A sideways interface outside\n"
	    "object-group network g\n"
	    " port-object eq 80\n"));
	assert_int_equal(count(f, DIAG_ERROR), 5);
	d = f->diags.head;
	assert_string_equal(d->code, "syntax");
	assert_string_equal(d->message, "invalid port \"70000\"");
	assert_int_equal(d->loc.line, 1);
	assert_int_equal(d->loc.col, 46);
	assert_int_equal(d->loc.end_col, 50);
	d = d->next;
	assert_string_equal(d->message,
	    "expected \"permit\" or \"deny\", not \"allow\"");
	assert_int_equal(d->loc.line, 2);
	assert_int_equal(d->loc.col, 24);
	d = d->next;
	assert_string_equal(d->message,
	    "expected an address after \"any\"");
	assert_int_equal(d->loc.line, 3);
	d = d->next;
	assert_int_equal(d->loc.line, 5);
	assert_int_equal(d->loc.col, 16);
	d = d->next;
	assert_int_equal(d->loc.line, 7);
	assert_string_equal(d->message,
	    "\"port-object\" does not belong in this object-group");
}

static void
test_skipped_commands(void **state)
{
	struct fixture *f = *state;

	assert_non_null(parse(f,
	    ": Saved\n"
	    "crypto map outside_map 1 match address vpn\n"
	    "crypto map outside_map interface outside\n"
	    "aaa-server TACACS protocol tacacs+\n"
	    "aaa-server TACACS (inside) host 10.0.0.9\n"
	    " key secret\n"
	    "policy-map global_policy\n"
	    " class inspection_default\n"
	    "  inspect ftp\n"
	    "frobnicate the widgets\n"
	    "frobnicate again\n"
	    "Cryptochecksum:0123456789abcdef\n"
	    ": end\n"));
	/* Unknown commands are noted once per word, never errors. */
	assert_int_equal(count(f, DIAG_ERROR), 0);
	assert_int_equal(count(f, DIAG_NOTE), 1);
	assert_int_equal(f->diags.head->loc.line, 10);
}

static void
test_crlf_and_no_newline(void **state)
{
	struct fixture *f = *state;

	assert_non_null(parse(f,
	    "access-list A extended permit ip any any\r\n"
	    "access-list A extended deny tcp any any eq 22"));
	assert_int_equal(acl(f, "A")->rules.n, 2);
	assert_string_equal(fmt(f, rule(f, "A", 1), FIELD_DPORT), "22");
	assert_string_equal(rule(f, "A", 0)->text,
	    "access-list A extended permit ip any any");
}

static int
detect(struct fixture *f, const char *text)
{
	return asa_frontend.detect(source_from_memory(f->arena, "d", text,
	    strlen(text)));
}

static void
test_detect(void **state)
{
	struct fixture *f = *state;

	assert_true(detect(f, ": Saved\nASA Version 9.8(2)\nhostname x\n")
	    >= 90);
	assert_true(detect(f, "PIX Version 6.3(5)\n") >= 90);
	assert_true(detect(f, "access-list X extended permit ip any any\n")
	    >= 80);
	assert_true(detect(f, "object-group network g\n"
	    " network-object host 10.0.0.1\naccess-group X in interface "
	    "outside\n") >= 60);
	assert_int_equal(detect(f, "*filter\n:INPUT ACCEPT [0:0]\n"
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n"), 0);
	assert_int_equal(detect(f, "ext_if = \"em0\"\nset skip on lo\n"
	    "block in all\npass out quick on $ext_if keep state\n"
	    "table <bad> persist\n"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nested_network_groups,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_undefined_reference,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_undefined_locations,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_cycle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_service_groups, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_protocol_and_icmp_groups,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_masks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mask_too_wide, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_port_operators, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_remarks_and_inactive,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_numbers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_access_groups, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bindings_and_management,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pix6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl_uses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_urpf_and_same_security,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_comments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_expansions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_bad_expansion, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_with_config, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_merged, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge_counters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_security_levels, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_global_and_levels, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pix6_levels, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_show_access_list, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_names_and_ipv6, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_own_addresses, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_skipped_commands, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_crlf_and_no_newline,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_detect, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
