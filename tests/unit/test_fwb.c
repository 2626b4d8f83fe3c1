/*
 * test_fwb.c - the Firewall Builder front end: objects by id, services,
 * negation, branches, direction and interfaces, and the safe-XML refusals.
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

#include "core/addr.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/fields.h"
#include "core/ifset.h"
#include "core/intern.h"
#include "core/ivset.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/fwb/fwb.h"

static const char head[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<!DOCTYPE FWObjectDatabase SYSTEM \"fwbuilder.dtd\">\n"
    "<FWObjectDatabase xmlns=\"http://www.fwbuilder.org/1.0/\" "
    "version=\"24\" id=\"root\">\n";
static const char stdlib[] =
    " <Library id=\"syslib000\" name=\"Standard\">\n"
    "  <AnyNetwork id=\"sysid0\" name=\"Any\" address=\"0.0.0.0\" "
    "netmask=\"0.0.0.0\"/>\n"
    "  <AnyIPService id=\"sysid1\" name=\"Any\" protocol_num=\"0\"/>\n"
    "  <AnyInterval id=\"sysid2\" name=\"Any\"/>\n"
    " </Library>\n";
static const char objects[] =
    "  <Host id=\"h1\" name=\"web\">\n"
    "   <Interface id=\"h1i\" name=\"eth0\">\n"
    "    <IPv4 id=\"h1a\" name=\"web:ip\" address=\"192.0.2.10\" "
    "netmask=\"255.255.255.0\"/>\n"
    "   </Interface>\n"
    "  </Host>\n"
    "  <Network id=\"n1\" name=\"lan\" address=\"10.1.0.0\" "
    "netmask=\"255.255.0.0\"/>\n"
    "  <NetworkIPv6 id=\"n6\" name=\"lan6\" address=\"2001:db8::\" "
    "netmask=\"32\"/>\n"
    "  <AddressRange id=\"r1\" name=\"pool\" start_address=\"10.2.0.5\" "
    "end_address=\"10.2.0.9\"/>\n"
    "  <ObjectGroup id=\"g1\" name=\"inner\">\n"
    "   <ObjectRef ref=\"h1\"/>\n"
    "   <ObjectRef ref=\"r1\"/>\n"
    "  </ObjectGroup>\n"
    "  <ObjectGroup id=\"g2\" name=\"outer\">\n"
    "   <ObjectRef ref=\"g1\"/>\n"
    "   <ObjectRef ref=\"n1\"/>\n"
    "  </ObjectGroup>\n"
    "  <ObjectGroup id=\"c1\" name=\"loop1\"><ObjectRef ref=\"c2\"/>"
    "</ObjectGroup>\n"
    "  <ObjectGroup id=\"c2\" name=\"loop2\"><ObjectRef ref=\"c1\"/>"
    "</ObjectGroup>\n"
    "  <ObjectGroup id=\"eg\" name=\"empty\"/>\n"
    "  <TCPService id=\"ssh\" name=\"ssh\" src_range_start=\"0\" "
    "src_range_end=\"0\" dst_range_start=\"22\" dst_range_end=\"22\"/>\n"
    "  <TCPService id=\"http\" name=\"http\" src_range_start=\"0\" "
    "src_range_end=\"0\" dst_range_start=\"80\" dst_range_end=\"0\"/>\n"
    "  <TCPService id=\"dnst\" name=\"dns-tcp\" dst_range_start=\"53\" "
    "dst_range_end=\"53\"/>\n"
    "  <UDPService id=\"dnsu\" name=\"dns-udp\" dst_range_start=\"53\" "
    "dst_range_end=\"53\"/>\n"
    "  <ICMPService id=\"ping\" name=\"ping\" type=\"8\" code=\"-1\"/>\n"
    "  <IPService id=\"gre\" name=\"gre\" protocol_num=\"47\"/>\n"
    "  <CustomService id=\"cust\" name=\"weird\"/>\n"
    "  <ServiceGroup id=\"web\" name=\"web\"><ServiceRef ref=\"ssh\"/>"
    "<ServiceRef ref=\"http\"/></ServiceGroup>\n"
    "  <Interval id=\"t1\" name=\"workhours\"/>\n";

struct parsed {
	struct arena	*arena;
	struct diag_list diags;
	struct policy	*policy;
};

static void
parse_text(struct parsed *p, const char *text)
{
	struct intern *strings;
	struct source_file *src;

	p->arena = arena_new();
	strings = intern_new(p->arena);
	diag_list_init(&p->diags, p->arena);
	src = source_from_memory(p->arena, "test.fwb", text, strlen(text));
	p->policy = fwb_frontend.parse(p->arena, strings, src, &p->diags);
}

/* A file with the objects above, one firewall, these rules. */
static void
parse_rules(struct parsed *p, bool with_stdlib, const char *rules,
    const char *extra_sets)
{
	char *text;
	struct arena *tmp = arena_new();

	text = arena_printf(tmp, "%s%s <Library id=\"lib\" name=\"User\">\n"
	    "%s"
	    "  <Firewall id=\"fw1\" name=\"fw1\" platform=\"iptables\" "
	    "host_OS=\"linux24\">\n"
	    "   <Policy id=\"pol\" name=\"Policy\" top_rule_set=\"True\" "
	    "ipv4_rule_set=\"True\" ipv6_rule_set=\"True\">\n"
	    "%s"
	    "   </Policy>\n"
	    "%s"
	    "   <Interface id=\"if0\" name=\"eth0\" label=\"outside\" "
	    "security_level=\"0\" unprotected=\"True\" mgmt=\"False\">\n"
	    "    <IPv4 id=\"if0a\" name=\"fw1:eth0:ip\" address=\"198.51.100.1\" "
	    "netmask=\"255.255.255.0\"/>\n"
	    "   </Interface>\n"
	    "   <Interface id=\"if1\" name=\"eth1\" label=\"inside\" "
	    "security_level=\"100\" mgmt=\"True\"/>\n"
	    "  </Firewall>\n"
	    " </Library>\n"
	    "</FWObjectDatabase>\n", head, with_stdlib ? stdlib : "",
	    objects, rules, extra_sets != NULL ? extra_sets : "");
	parse_text(p, text);
	arena_free(tmp);
}

/* One PolicyRule element. */
static char *
rule(struct arena *a, const char *action, const char *dir, const char *src,
    const char *dst, const char *srv, const char *itf, const char *attrs,
    const char *options)
{
	return arena_printf(a,
	    "    <PolicyRule id=\"r%p\" position=\"0\" action=\"%s\" "
	    "direction=\"%s\" %s>\n"
	    "     <Src%s</Src>\n"
	    "     <Dst%s</Dst>\n"
	    "     <Srv%s</Srv>\n"
	    "     <Itf%s</Itf>\n"
	    "     <When neg=\"False\"><IntervalRef ref=\"sysid2\"/></When>\n"
	    "     <PolicyRuleOptions>%s</PolicyRuleOptions>\n"
	    "    </PolicyRule>\n", (void *)a, action, dir,
	    attrs != NULL ? attrs : "", src, dst, srv, itf,
	    options != NULL ? options : "");
}

#define ANY_ADDR " neg=\"False\"><ObjectRef ref=\"sysid0\"/>"
#define ANY_SRV " neg=\"False\"><ServiceRef ref=\"sysid1\"/>"

static void
parsed_free(struct parsed *p)
{
	arena_free(p->arena);
}

static struct rule *
first_rule(struct parsed *p)
{
	struct container *c;

	assert_non_null(p->policy);
	c = policy_find_container(p->policy, "fw1/Policy", NULL);
	assert_non_null(c);
	assert_true(c->rules.n >= 1);
	return c->rules.v[0];
}

static struct u128
v4(const char *s)
{
	struct u128 a;

	assert_true(addr_parse(FAMILY_IPV4, s, strlen(s), &a));
	return a;
}

static void
no_library(void)
{
	setenv("FIRELINT_FWB_LIBRARY", "", 1);
}

static void
test_detect(void **state)
{
	struct arena *a = arena_new();

	(void)state;
	assert_int_equal(fwb_frontend.detect(source_from_memory(a, "x",
	    "<?xml version=\"1.0\"?>\n<x/>", 25)), 100);
	assert_int_equal(fwb_frontend.detect(source_from_memory(a, "x",
	    "<FWObjectDatabase/>", 19)), 100);
	assert_int_equal(fwb_frontend.detect(source_from_memory(a, "x",
	    "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n", 34)), 0);
	arena_free(a);
}

static void
test_addresses(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct rule *r;
	const struct ivset *s;

	(void)state;
	no_library();
	parse_rules(&p, true, rule(a, "Accept", "Both",
	    " neg=\"False\"><ObjectRef ref=\"g2\"/>",
	    " neg=\"False\"><ObjectRef ref=\"h1\"/>", ANY_SRV, ANY_ADDR, NULL,
	    NULL), NULL);
	r = first_rule(&p);
	assert_false(match_is_opaque(&r->match));
	assert_int_equal(r->match.family, FAMILY_IPV4);
	s = r->match.field[FIELD_SRC4];
	assert_non_null(s);
	/* outer = inner (web + pool) + lan, one set, never several rules */
	assert_true(ivset_contains(s, v4("192.0.2.10")));
	assert_false(ivset_contains(s, v4("192.0.2.11")));
	assert_true(ivset_contains(s, v4("10.2.0.5")));
	assert_true(ivset_contains(s, v4("10.2.0.9")));
	assert_false(ivset_contains(s, v4("10.2.0.10")));
	assert_true(ivset_contains(s, v4("10.1.255.255")));
	assert_int_equal(s->n, 3);
	s = r->match.field[FIELD_DST4];
	assert_non_null(s);
	assert_int_equal(s->n, 1);
	assert_true(ivset_contains(s, v4("192.0.2.10")));
	assert_null(r->match.field[FIELD_DIRECTION]);
	assert_int_equal(r->action.kind, ACTION_ACCEPT);
	assert_string_equal(r->text,
	    "rule 0: Accept src=outer dst=web srv=any");
	assert_int_equal(p.policy->nrules, 1);
	parsed_free(&p);
	arena_free(a);
}

static void
test_ipv6_and_family(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct rule *r;

	(void)state;
	no_library();
	parse_rules(&p, true, rule(a, "Deny", "Both",
	    " neg=\"False\"><ObjectRef ref=\"n6\"/>", ANY_ADDR, ANY_SRV,
	    ANY_ADDR, NULL, NULL), NULL);
	r = first_rule(&p);
	assert_int_equal(r->match.family, FAMILY_IPV6);
	assert_non_null(r->match.field[FIELD_SRC6]);
	assert_null(r->match.field[FIELD_SRC4]);
	parsed_free(&p);
	/* An IPv6 source and an IPv4 destination: no packet has both. */
	parse_rules(&p, true, rule(a, "Deny", "Both",
	    " neg=\"False\"><ObjectRef ref=\"n6\"/>",
	    " neg=\"False\"><ObjectRef ref=\"n1\"/>", ANY_SRV, ANY_ADDR, NULL,
	    NULL), NULL);
	r = first_rule(&p);
	assert_non_null(r->match.contradiction);
	parsed_free(&p);
	/* A rule set flagged neither IPv4 nor IPv6 is IPv4 only. */
	parse_text(&p, arena_printf(a, "%s <Library id=\"lib\" name=\"User\">"
	    "<Firewall id=\"fw1\" name=\"fw1\" platform=\"iptables\">"
	    "<Policy id=\"a\" name=\"A\" top_rule_set=\"True\"/>"
	    "<Policy id=\"b\" name=\"B\" ipv6_rule_set=\"True\"/>"
	    "<Policy id=\"c\" name=\"C\" ipv4_rule_set=\"True\" "
	    "ipv6_rule_set=\"True\"/></Firewall></Library>"
	    "</FWObjectDatabase>\n", head));
	assert_int_equal(policy_find_container(p.policy, "fw1/A", NULL)->family,
	    FAMILY_IPV4);
	assert_int_equal(policy_find_container(p.policy, "fw1/B", NULL)->family,
	    FAMILY_IPV6);
	assert_int_equal(policy_find_container(p.policy, "fw1/C", NULL)->family,
	    FAMILY_ANY);
	parsed_free(&p);
	arena_free(a);
}

static void
test_negation(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct rule *r;
	const struct ivset *s;

	(void)state;
	no_library();
	parse_rules(&p, true, rule(a, "Deny", "Inbound",
	    " neg=\"True\"><ObjectRef ref=\"n1\"/>", ANY_ADDR,
	    " neg=\"True\"><ServiceRef ref=\"gre\"/>",
	    " neg=\"True\"><ObjectRef ref=\"if0\"/>", NULL, NULL), NULL);
	r = first_rule(&p);
	/* "! -i eth0" only where there is an input interface: opaque */
	assert_true(match_is_opaque(&r->match));
	assert_string_equal(r->match.opaque.v[0].module, "itf");
	assert_int_equal(r->match.opaque.n, 1);
	s = r->match.field[FIELD_SRC4];
	assert_non_null(s);
	assert_false(ivset_contains(s, v4("10.1.2.3")));
	assert_true(ivset_contains(s, v4("10.2.0.0")));
	/* not lan: every IPv6 packet, since lan has no IPv6 address */
	assert_int_equal(r->match.family, FAMILY_ANY);
	assert_null(r->match.field[FIELD_SRC6]);
	s = r->match.field[FIELD_PROTO];
	assert_non_null(s);
	assert_false(ivset_contains(s, u128_from64(47)));
	assert_true(ivset_contains(s, u128_from64(6)));
	assert_non_null(r->match.in_if);
	assert_true(r->match.in_if->negated);
	assert_int_equal(r->match.in_if->n, 1);
	assert_string_equal(r->match.in_if->names[0], "eth0");
	assert_string_equal(r->text, "rule 0: Deny src=!lan dst=any "
	    "srv=!gre itf=!fw1:eth0 dir=Inbound");
	parsed_free(&p);
	/* A negated port service is not one box: opaque, never any. */
	parse_rules(&p, true, rule(a, "Deny", "Both", ANY_ADDR, ANY_ADDR,
	    " neg=\"True\"><ServiceRef ref=\"ssh\"/>", ANY_ADDR, NULL, NULL),
	    NULL);
	r = first_rule(&p);
	assert_true(match_is_opaque(&r->match));
	parsed_free(&p);
	arena_free(a);
}

static void
test_services(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct rule *r;
	struct container *c;
	const struct ivset *s;
	const char *svcs;

	(void)state;
	no_library();
	/* tcp 22 + tcp 80 (a group): one box, dport {22, 80} */
	parse_rules(&p, true, rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    " neg=\"False\"><ServiceRef ref=\"web\"/>", ANY_ADDR, NULL, NULL),
	    NULL);
	r = first_rule(&p);
	assert_false(match_is_opaque(&r->match));
	s = r->match.field[FIELD_DPORT];
	assert_non_null(s);
	assert_int_equal(s->n, 2);
	assert_true(ivset_contains(s, u128_from64(22)));
	assert_true(ivset_contains(s, u128_from64(80)));
	assert_false(ivset_contains(s, u128_from64(23)));
	assert_true(ivset_equal(r->match.field[FIELD_PROTO],
	    ivset_single(a, u128_from64(6))));
	parsed_free(&p);
	/* tcp 53 + udp 53: one box, proto {tcp, udp} */
	parse_rules(&p, true, rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    " neg=\"False\"><ServiceRef ref=\"dnst\"/><ServiceRef "
	    "ref=\"dnsu\"/>", ANY_ADDR, NULL, NULL), NULL);
	r = first_rule(&p);
	assert_false(match_is_opaque(&r->match));
	assert_int_equal(r->match.field[FIELD_PROTO]->n, 2);
	assert_true(ivset_equal(r->match.field[FIELD_DPORT],
	    ivset_single(a, u128_from64(53))));
	parsed_free(&p);
	/*
	 * tcp 22 + udp 53 + tcp 80: not one box.  On iptables, two rules as
	 * fwb_ipt writes them (tcp 22,80 and udp 53); elsewhere one opaque
	 * rule with the union.
	 */
	svcs = " neg=\"False\"><ServiceRef ref=\"ssh\"/><ServiceRef "
	    "ref=\"dnsu\"/><ServiceRef ref=\"http\"/>";
	parse_rules(&p, true, rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    svcs, ANY_ADDR, NULL, NULL), NULL);
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	assert_int_equal(c->rules.n, 2);
	r = c->rules.v[0];
	assert_false(match_is_opaque(&r->match));
	assert_true(ivset_contains(r->match.field[FIELD_DPORT],
	    u128_from64(80)));
	assert_false(ivset_contains(r->match.field[FIELD_DPORT],
	    u128_from64(53)));
	assert_non_null(strstr(r->text, "[ssh,http]"));
	r = c->rules.v[1];
	assert_false(match_is_opaque(&r->match));
	assert_true(ivset_equal(r->match.field[FIELD_PROTO],
	    ivset_single(a, u128_from64(17))));
	parsed_free(&p);
	parse_text(&p, arena_printf(a, "%s%s <Library id=\"lib\" "
	    "name=\"User\">%s<Firewall id=\"fw1\" name=\"fw1\" "
	    "platform=\"pf\"><Policy id=\"pol\" name=\"Policy\">%s"
	    "</Policy></Firewall></Library></FWObjectDatabase>\n", head,
	    stdlib, objects, rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    svcs, ANY_ADDR, NULL, NULL)));
	r = first_rule(&p);
	assert_true(match_is_opaque(&r->match));
	assert_non_null(strstr(r->match.opaque.v[0].text, "services:"));
	assert_true(ivset_contains(r->match.field[FIELD_DPORT],
	    u128_from64(22)));
	assert_true(ivset_contains(r->match.field[FIELD_DPORT],
	    u128_from64(53)));
	parsed_free(&p);
	/* icmp echo-request, any code; a custom service is opaque */
	parse_rules(&p, true, rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    " neg=\"False\"><ServiceRef ref=\"ping\"/>", ANY_ADDR, NULL, NULL),
	    rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    " neg=\"False\"><ServiceRef ref=\"cust\"/>", ANY_ADDR, NULL,
	    NULL));
	r = first_rule(&p);
	assert_int_equal(r->match.family, FAMILY_IPV4);
	assert_true(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(8 << 8 | 3)));
	assert_false(ivset_contains(r->match.field[FIELD_ICMP],
	    u128_from64(0)));
	parsed_free(&p);
	arena_free(a);
}

static void
test_cycle_and_missing(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct rule *r;
	struct object *o = NULL;
	const struct diagnostic *d;
	bool warned = false;
	size_t i;

	(void)state;
	no_library();
	parse_rules(&p, true, rule(a, "Accept", "Both",
	    " neg=\"False\"><ObjectRef ref=\"c1\"/>",
	    " neg=\"False\"><ObjectRef ref=\"nosuch\"/>", ANY_SRV, ANY_ADDR,
	    NULL, NULL), NULL);
	r = first_rule(&p);
	assert_true(match_is_opaque(&r->match));
	assert_null(r->match.field[FIELD_SRC4]);
	assert_null(r->match.field[FIELD_DST4]);
	for (d = p.diags.head; d != NULL; d = d->next)
		if (strstr(d->message, "contains itself") != NULL)
			warned = true;
	assert_true(warned);
	for (i = 0; i < p.policy->objects.n; i++)
		if (strcmp(p.policy->objects.v[i]->name, "nosuch") == 0)
			o = p.policy->objects.v[i];
	assert_non_null(o);
	assert_false(o->defined);
	assert_true(o->references > 0);
	assert_true(o->loc.line > 0);
	parsed_free(&p);
	/* An empty group matches nothing (fwbuilder refuses or drops it). */
	parse_rules(&p, true, rule(a, "Accept", "Both",
	    " neg=\"False\"><ObjectRef ref=\"eg\"/>", ANY_ADDR, ANY_SRV,
	    ANY_ADDR, NULL, NULL), NULL);
	r = first_rule(&p);
	assert_non_null(r->match.contradiction);
	assert_non_null(strstr(r->match.contradiction, "empty"));
	parsed_free(&p);
	arena_free(a);
}

static void
test_standard_library(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct rule *r;
	struct object *o = NULL;
	char path[] = "/tmp/test_fwb_libXXXXXX";
	int fd;
	FILE *fp;
	size_t i;

	(void)state;
	/* No embedded library, none installed: undefined, and opaque. */
	no_library();
	parse_rules(&p, false, rule(a, "Accept", "Both", ANY_ADDR,
	    " neg=\"False\"><ObjectRef ref=\"h1\"/>", ANY_SRV, ANY_ADDR, NULL,
	    NULL), NULL);
	r = first_rule(&p);
	assert_true(match_is_opaque(&r->match));
	for (i = 0; i < p.policy->objects.n; i++)
		if (strcmp(p.policy->objects.v[i]->name, "sysid0") == 0)
			o = p.policy->objects.v[i];
	assert_non_null(o);
	assert_false(o->defined);
	parsed_free(&p);
	/* The library named by FIRELINT_FWB_LIBRARY resolves them. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "%s%s</FWObjectDatabase>\n", head, stdlib);
	fclose(fp);
	setenv("FIRELINT_FWB_LIBRARY", path, 1);
	parse_rules(&p, false, rule(a, "Accept", "Both", ANY_ADDR,
	    " neg=\"False\"><ObjectRef ref=\"h1\"/>", ANY_SRV, ANY_ADDR, NULL,
	    NULL), NULL);
	r = first_rule(&p);
	assert_false(match_is_opaque(&r->match));
	assert_null(r->match.field[FIELD_SRC4]);
	assert_non_null(r->match.field[FIELD_DST4]);
	for (i = 0; i < p.policy->objects.n; i++)
		if (strcmp(p.policy->objects.v[i]->name, "Any") == 0)
			assert_true(p.policy->objects.v[i]->defined);
	parsed_free(&p);
	unlink(path);
	no_library();
	arena_free(a);
}

static void
test_direction_and_interfaces(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct container *c;
	struct rule *r;
	struct interface *ifp;
	char *rules;

	(void)state;
	no_library();
	rules = arena_printf(a, "%s%s%s",
	    rule(a, "Deny", "Inbound", ANY_ADDR, ANY_ADDR, ANY_SRV,
	    " neg=\"False\"><ObjectRef ref=\"if0\"/>", NULL, NULL),
	    rule(a, "Accept", "Outbound", ANY_ADDR, ANY_ADDR, ANY_SRV,
	    " neg=\"False\"><ObjectRef ref=\"if1\"/>", NULL, NULL),
	    rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV,
	    " neg=\"False\"><ObjectRef ref=\"if1\"/>", NULL, NULL));
	parse_rules(&p, true, rules, NULL);
	assert_non_null(p.policy);
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	/*
	 * As fwb_ipt compiles them, with "any" not the firewall: Inbound
	 * eth0 is FORWARD -i eth0, Outbound eth1 FORWARD -o eth1, and Both
	 * eth1 two rules, FORWARD -i eth1 and FORWARD -o eth1.  No
	 * direction field: a forwarded packet passes both interfaces.
	 */
	assert_int_equal(c->rules.n, 4);
	r = c->rules.v[0];
	assert_null(r->match.field[FIELD_DIRECTION]);
	assert_string_equal(ifset_format(a, r->match.in_if), "eth0");
	assert_string_equal(ifset_format(a, r->match.out_if), "+");
	assert_false(match_is_opaque(&r->match));
	r = c->rules.v[1];
	assert_null(r->match.field[FIELD_DIRECTION]);
	assert_string_equal(ifset_format(a, r->match.in_if), "+");
	assert_string_equal(ifset_format(a, r->match.out_if), "eth1");
	assert_false(match_is_opaque(&r->match));
	r = c->rules.v[2];
	assert_string_equal(ifset_format(a, r->match.in_if), "eth1");
	assert_string_equal(ifset_format(a, r->match.out_if), "+");
	assert_false(match_is_opaque(&r->match));
	assert_string_equal(r->text, "rule 0: Accept src=any dst=any "
	    "srv=any itf=fw1:eth1 [in]");
	r = c->rules.v[3];
	assert_string_equal(ifset_format(a, r->match.in_if), "+");
	assert_string_equal(ifset_format(a, r->match.out_if), "eth1");
	assert_false(match_is_opaque(&r->match));
	assert_string_equal(r->text, "rule 0: Accept src=any dst=any "
	    "srv=any itf=fw1:eth1 [out]");
	assert_true(r->loc.line == c->rules.v[2]->loc.line);
	ifp = policy_interface(p.policy, "eth0", false);
	assert_non_null(ifp);
	assert_true(ifp->untrusted);
	assert_int_equal(ifp->security_level, 0);
	assert_string_equal(ifp->zone, "outside");
	assert_int_equal(ifp->addresses.n, 2);
	assert_true(ivset_contains(ifp->addresses.v[0], v4("198.51.100.1")));
	ifp = policy_interface(p.policy, "eth1", false);
	assert_true(ifp->management);
	assert_false(ifp->untrusted);
	parsed_free(&p);
	arena_free(a);
}

/* The firewall object in Src or Dst: fwb_ipt's OUTPUT and INPUT. */
static void
test_firewall_chains(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct container *c;
	struct rule *r;
	char *rules;
	static const char *const fw_in_any = "<FirewallOptions><Option "
	    "name=\"firewall_is_part_of_any_and_networks\">True</Option>"
	    "</FirewallOptions>\n";

	(void)state;
	no_library();
	rules = arena_printf(a, "%s%s%s%s",
	    rule(a, "Accept", "Both", " neg=\"False\"><ObjectRef ref=\"h1\"/>",
	    " neg=\"False\"><ObjectRef ref=\"fw1\"/>", ANY_SRV, ANY_ADDR, NULL,
	    NULL),
	    rule(a, "Accept", "Both", " neg=\"False\"><ObjectRef ref=\"fw1\"/>",
	    ANY_ADDR, ANY_SRV, ANY_ADDR, NULL, NULL),
	    rule(a, "Deny", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR, NULL,
	    NULL),
	    rule(a, "Deny", "Inbound",
	    " neg=\"False\"><ObjectRef ref=\"fw1\"/>", ANY_ADDR, ANY_SRV,
	    " neg=\"False\"><ObjectRef ref=\"if0\"/>", NULL, NULL));
	parse_rules(&p, true, rules, NULL);
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	assert_int_equal(c->rules.n, 4);
	/* To the firewall (INPUT): no output interface, any address. */
	r = c->rules.v[0];
	assert_null(r->match.in_if);
	assert_string_equal(ifset_format(a, r->match.out_if), "!+");
	assert_non_null(r->match.field[FIELD_SRC4]);
	assert_null(r->match.field[FIELD_DST4]);
	assert_null(r->match.contradiction);
	/* From the firewall (OUTPUT); "any" is not the firewall. */
	r = c->rules.v[1];
	assert_string_equal(ifset_format(a, r->match.in_if), "!+");
	assert_string_equal(ifset_format(a, r->match.out_if), "+");
	assert_null(r->match.field[FIELD_SRC4]);
	/* any to any: FORWARD only */
	r = c->rules.v[2];
	assert_string_equal(ifset_format(a, r->match.in_if), "+");
	assert_string_equal(ifset_format(a, r->match.out_if), "+");
	/* in through eth0 from the firewall: anti-spoofing, -s its address */
	r = c->rules.v[3];
	assert_null(r->match.contradiction);
	assert_string_equal(ifset_format(a, r->match.in_if), "eth0");
	assert_non_null(r->match.field[FIELD_SRC4]);
	assert_true(ivset_contains(r->match.field[FIELD_SRC4],
	    v4("198.51.100.1")));
	parsed_free(&p);

	/* firewall_is_part_of_any_and_networks: any is every chain. */
	parse_rules(&p, true, rules, fw_in_any);
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	assert_int_equal(c->rules.n, 5);
	r = c->rules.v[1];
	assert_string_equal(ifset_format(a, r->match.in_if), "!+");
	assert_string_equal(ifset_format(a, r->match.out_if), "+");
	/* and the firewall to itself: INPUT -s its addresses */
	r = c->rules.v[2];
	assert_null(r->match.in_if);
	assert_string_equal(ifset_format(a, r->match.out_if), "!+");
	assert_true(ivset_contains(r->match.field[FIELD_SRC4],
	    v4("198.51.100.1")));
	assert_int_equal(r->match.family, FAMILY_IPV4);
	assert_string_equal(r->text, "rule 0: Accept src=fw1 dst=any "
	    "srv=any [firewall to itself]");
	r = c->rules.v[3];
	assert_null(r->match.in_if);
	assert_null(r->match.out_if);
	parsed_free(&p);

	/*
	 * "not lan" is FORWARD only; lo is INPUT -i lo and OUTPUT -o lo;
	 * a Reject says what fwb_ipt writes.
	 */
	rules = arena_printf(a, "%s%s",
	    rule(a, "Reject", "Outbound",
	    " neg=\"True\"><ObjectRef ref=\"n1\"/>", ANY_ADDR, ANY_SRV,
	    " neg=\"False\"><ObjectRef ref=\"if0\"/>", NULL,
	    "<Option name=\"action_on_reject\">TCP RST</Option>"),
	    rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV,
	    " neg=\"False\"><ObjectRef ref=\"iflo\"/>", NULL, NULL));
	parse_rules(&p, true, rules, "   <Interface id=\"iflo\" name=\"lo\">"
	    "<IPv4 id=\"iflo4\" name=\"lo\" address=\"127.0.0.1\" "
	    "netmask=\"255.0.0.0\"/></Interface>\n");
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	assert_int_equal(c->rules.n, 3);
	r = c->rules.v[0];
	assert_string_equal(ifset_format(a, r->match.in_if), "+");
	assert_string_equal(ifset_format(a, r->match.out_if), "eth0");
	assert_int_equal(r->action.kind, ACTION_REJECT);
	assert_string_equal(r->action.options, "--reject-with tcp-reset");
	r = c->rules.v[1];
	assert_string_equal(ifset_format(a, r->match.in_if), "lo");
	assert_string_equal(ifset_format(a, r->match.out_if), "!+");
	r = c->rules.v[2];
	assert_string_equal(ifset_format(a, r->match.in_if), "!+");
	assert_string_equal(ifset_format(a, r->match.out_if), "lo");
	parsed_free(&p);
	arena_free(a);
}

static void
test_branch_disabled_log(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct container *c, *b;
	struct entry_point *e;
	char *rules, *sets;

	(void)state;
	no_library();
	rules = arena_printf(a, "%s%s%s",
	    rule(a, "Branch", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR,
	    NULL, "<Option name=\"branch_id\">br</Option>"),
	    rule(a, "Branch", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR,
	    NULL, "<Option name=\"branch_id\">gone</Option>"),
	    rule(a, "Reject", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR,
	    "disabled=\"True\" log=\"True\" comment=\"by=ann why=test\" "
	    "group=\"web\"", NULL));
	sets = arena_printf(a, "   <Policy id=\"br\" name=\"sub\" "
	    "top_rule_set=\"False\" ipv4_rule_set=\"True\">\n%s   </Policy>\n",
	    rule(a, "Continue", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR,
	    "log=\"True\"", NULL));
	parse_rules(&p, true, rules, sets);
	assert_non_null(p.policy);
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	b = policy_find_container(p.policy, "fw1/sub", NULL);
	assert_non_null(c);
	assert_non_null(b);
	assert_int_equal(b->kind, CONTAINER_RULESET);
	assert_int_equal(b->family, FAMILY_IPV4);
	assert_int_equal(c->rules.v[0]->action.kind, ACTION_JUMP);
	assert_ptr_equal(c->rules.v[0]->action.container, b);
	assert_int_equal(b->references, 1);
	assert_int_equal(c->rules.v[1]->action.kind, ACTION_JUMP);
	assert_null(c->rules.v[1]->action.container);
	assert_int_equal(c->rules.v[2]->action.kind, ACTION_REJECT);
	assert_true(c->rules.v[2]->disabled);
	assert_true(c->rules.v[2]->log);
	assert_string_equal(c->rules.v[2]->comment, "by=ann why=test");
	assert_non_null(strstr(c->rules.v[2]->text, "rule 0 (web): Reject"));
	assert_int_equal(b->rules.v[0]->action.kind, ACTION_LOG);
	e = p.policy->entries.v[0];
	assert_string_equal(e->name, "fwb/fw1");
	assert_ptr_equal(e->start, c);
	assert_true(e->filters);
	assert_int_equal(e->order, ORDER_FIRST_MATCH);
	assert_int_equal(e->default_action.kind, ACTION_DROP);
	assert_string_equal(p.policy->format, "fwb");
	/* a branch's rules go to its own chain: no INPUT/FORWARD split */
	assert_null(b->rules.v[0]->match.in_if);
	assert_null(b->rules.v[0]->match.out_if);
	/* while the top rule set's "any" is FORWARD */
	assert_string_equal(ifset_format(a, c->rules.v[2]->match.in_if),
	    "+");
	parsed_free(&p);

	/*
	 * A top rule set that a Branch jumps to (fwbuilder's "inherit rules
	 * from a template firewall") is compiled as a branch.
	 */
	sets = arena_printf(a, "%s<Firewall id=\"fw2\" name=\"fw2\" "
	    "platform=\"iptables\"><Policy id=\"tpl\" name=\"Policy\" "
	    "top_rule_set=\"True\">%s</Policy></Firewall>", "",
	    rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR,
	    NULL, NULL));
	parse_text(&p, arena_printf(a, "%s%s <Library id=\"lib\" "
	    "name=\"User\">%s<Firewall id=\"fw1\" name=\"fw1\" "
	    "platform=\"iptables\"><Policy id=\"pol\" name=\"Policy\" "
	    "top_rule_set=\"True\">%s</Policy></Firewall>%s</Library>"
	    "</FWObjectDatabase>\n", head, stdlib, objects,
	    rule(a, "Branch", "Both", ANY_ADDR, ANY_ADDR, ANY_SRV, ANY_ADDR,
	    NULL, "<Option name=\"branch_id\">tpl</Option>"), sets));
	b = policy_find_container(p.policy, "fw2/Policy", NULL);
	assert_non_null(b);
	assert_int_equal(b->references, 1);
	assert_null(b->rules.v[0]->match.in_if);
	assert_null(b->rules.v[0]->match.out_if);
	parsed_free(&p);
	arena_free(a);
}

/* fwbuilder 2.x: per-interface policies come first, with Itf set. */
static void
test_old_interface_policy(void **state)
{
	struct arena *a = arena_new();
	struct parsed p;
	struct container *c;
	char *text;

	(void)state;
	no_library();
	text = arena_printf(a, "%s%s <Library id=\"lib\" name=\"User\">\n"
	    "%s"
	    "  <Firewall id=\"fw1\" name=\"fw1\" platform=\"iptables\">\n"
	    "   <Policy id=\"pol\">\n%s   </Policy>\n"
	    "   <Interface id=\"if0\" name=\"eth0\">\n"
	    "    <InterfacePolicy id=\"ip0\">\n"
	    "     <PolicyRule id=\"x\" position=\"0\" action=\"Deny\" "
	    "direction=\"Inbound\"><Src neg=\"False\"><ObjectRef ref=\"n1\"/>"
	    "</Src><Dst neg=\"False\"><ObjectRef ref=\"sysid0\"/></Dst>"
	    "<Srv neg=\"False\"><ServiceRef ref=\"sysid1\"/></Srv>"
	    "</PolicyRule>\n"
	    "    </InterfacePolicy>\n"
	    "   </Interface>\n"
	    "  </Firewall>\n </Library>\n</FWObjectDatabase>\n", head,
	    stdlib, objects, rule(a, "Accept", "Both", ANY_ADDR, ANY_ADDR,
	    ANY_SRV, ANY_ADDR, NULL, NULL));
	parse_text(&p, text);
	assert_non_null(p.policy);
	c = policy_find_container(p.policy, "fw1/Policy", NULL);
	assert_non_null(c);
	assert_int_equal(c->rules.n, 2);
	assert_non_null(c->rules.v[0]->match.in_if);
	assert_string_equal(c->rules.v[0]->match.in_if->names[0], "eth0");
	assert_int_equal(c->rules.v[0]->action.kind, ACTION_DROP);
	assert_non_null(strstr(c->rules.v[0]->text, "eth0 rule 0: Deny"));
	assert_int_equal(c->rules.v[1]->action.kind, ACTION_ACCEPT);
	assert_int_equal(p.policy->entries.n, 1);
	assert_ptr_equal(p.policy->entries.v[0]->start, c);
	parsed_free(&p);
	arena_free(a);
}

/* The error code of the first error, or NULL. */
static const char *
first_error(struct parsed *p, uint32_t *line)
{
	const struct diagnostic *d;

	for (d = p->diags.head; d != NULL; d = d->next)
		if (d->severity == DIAG_ERROR) {
			*line = d->loc.line;
			return d->code;
		}
	return NULL;
}

static void
test_unsafe_xml(void **state)
{
	struct parsed p;
	uint32_t line = 0;
	const char *code;
	char path[] = "/tmp/test_fwb_secretXXXXXX", *text;
	struct arena *a = arena_new();
	int fd;

	(void)state;
	no_library();
	/* A real file: the refusal must not depend on it being absent. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "TOPSECRET", 9), 9);
	close(fd);
	text = arena_printf(a, "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE FWObjectDatabase [\n"
	    "  <!ENTITY s SYSTEM \"file://%s\">\n"
	    "]>\n"
	    "<FWObjectDatabase version=\"24\" id=\"root\">"
	    "<Library id=\"l\" name=\"&s;\"/></FWObjectDatabase>\n", path);
	parse_text(&p, text);
	assert_null(p.policy);
	code = first_error(&p, &line);
	assert_non_null(code);
	assert_string_equal(code, "unsafe-xml");
	assert_int_equal(line, 3);
	for (const struct diagnostic *d = p.diags.head; d; d = d->next)
		assert_null(strstr(d->message, "TOPSECRET"));
	parsed_free(&p);
	unlink(path);

	parse_text(&p, "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE FWObjectDatabase SYSTEM "
	    "\"http://192.0.2.1/fwbuilder.dtd\">\n"
	    "<FWObjectDatabase version=\"24\" id=\"root\"/>\n");
	assert_null(p.policy);
	code = first_error(&p, &line);
	assert_string_equal(code, "unsafe-xml");
	assert_int_equal(line, 2);
	parsed_free(&p);

	parse_text(&p, "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE FWObjectDatabase [\n"
	    " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
	    " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	    " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
	    " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
	    " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
	    " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
	    "]>\n"
	    "<FWObjectDatabase version=\"24\" id=\"root\">"
	    "<Library id=\"l\" name=\"&f;\"/></FWObjectDatabase>\n");
	assert_null(p.policy);
	code = first_error(&p, &line);
	assert_string_equal(code, "unsafe-xml");
	assert_int_equal(line, 6);
	parsed_free(&p);

	/* A relative DTD name, as fwbuilder writes it, is fine (unread). */
	parse_text(&p, "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE FWObjectDatabase SYSTEM \"fwbuilder.dtd\">\n"
	    "<FWObjectDatabase version=\"24\" id=\"root\"/>\n");
	assert_non_null(p.policy);
	parsed_free(&p);
	arena_free(a);
}

static void
test_malformed(void **state)
{
	struct parsed p;
	uint32_t line = 0;

	(void)state;
	parse_text(&p, "<?xml version=\"1.0\"?>\n"
	    "<FWObjectDatabase version=\"24\" id=\"root\">\n"
	    "  <Library id=\"l\" name=\"x\">\n"
	    "</FWObjectDatabase>\n");
	assert_null(p.policy);
	assert_string_equal(first_error(&p, &line), "syntax");
	assert_int_equal(line, 4);
	parsed_free(&p);
	parse_text(&p, "<?xml version=\"1.0\"?>\n<other/>\n");
	assert_null(p.policy);
	assert_string_equal(first_error(&p, &line), "syntax");
	assert_int_equal(line, 2);
	parsed_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_ipv6_and_family),
		cmocka_unit_test(test_negation),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_cycle_and_missing),
		cmocka_unit_test(test_standard_library),
		cmocka_unit_test(test_direction_and_interfaces),
		cmocka_unit_test(test_firewall_chains),
		cmocka_unit_test(test_branch_disabled_log),
		cmocka_unit_test(test_old_interface_policy),
		cmocka_unit_test(test_unsafe_xml),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
