/*
 * fwb-prep.c - the .fwb side of the fwbuilder cross-check (crosscheck.sh).
 *
 *   fwb-prep list FILE
 *	one line per Firewall of FILE, outside the Deleted Objects library:
 *	id, name, platform, host_OS, version, number of Policy rules, and
 *	"dup" when another live firewall has the same name (TAB-separated)
 *   fwb-prep addrs FILE ID
 *	the addresses of that firewall's interfaces, one per line, and
 *	"dynamic" for an interface with a dynamic address or none
 *   fwb-prep zones FILE ID
 *	per interface of that firewall, its label (or name), a TAB and the
 *	IPv4 addresses of its network zone (PIX: the addresses that may
 *	come in by it) as "A/N" or "A-B" joined by commas, "any" for the
 *	Any network, "?" for what this tool cannot resolve
 *   fwb-prep option FILE ID NAME
 *	the value of that firewall's option NAME (FirewallOptions)
 *   fwb-prep copy FILE ID OUT [ATTR=VALUE | option:NAME=VALUE |
 *   itf-labels]...
 *	write a copy of FILE to OUT where the Firewall with that id has
 *	these attributes and FirewallOptions options set; itf-labels: each
 *	of its interfaces with a label is named by it (fwb_pix makes the
 *	label the interface's nameif, which is what the ASA configuration
 *	it writes calls the interface)
 *
 * The compilers need options the corpus files leave unset (an iptables
 * version, iptables-restore output); the copy changes only those.  The
 * corpus is read as firelint reads it: no network, no entity expansion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

struct abuf {
	char	 s[5][1024];
	int	 k;
};

/* The attribute's value ("" when absent), valid for 5 more calls. */
static const char *
attr(struct abuf *b, xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *out = b->s[b->k++ % 5];

	snprintf(out, sizeof(b->s[0]), "%s", v != NULL ? (const char *)v :
	    "");
	xmlFree(v);
	return out;
}

static int
is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

struct fwlist {
	xmlNodePtr	 v[4096];
	size_t		 n;
};

static void
collect(xmlNodePtr n, struct fwlist *l)
{
	struct abuf b = { .k = 0 };

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "Library") &&
		    strcmp(attr(&b, n, "id"), "sysid99") == 0)
			continue;
		if (is(n, "Firewall")) {
			if (l->n < sizeof(l->v) / sizeof(l->v[0]))
				l->v[l->n++] = n;
			continue;
		}
		collect(n->children, l);
	}
}

static size_t
count_rules(xmlNodePtr fw)
{
	xmlNodePtr k, r;
	size_t n = 0;

	for (k = fw->children; k != NULL; k = k->next)
		if (is(k, "Policy"))
			for (r = k->children; r != NULL; r = r->next)
				if (is(r, "PolicyRule"))
					n++;
	return n;
}

static xmlDocPtr
load(const char *file)
{
	xmlDocPtr d = xmlReadFile(file, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOWARNING);

	if (d == NULL)
		fprintf(stderr, "fwb-prep: %s: cannot parse\n", file);
	return d;
}

static int
list(const char *file)
{
	struct fwlist l = { .n = 0 };
	struct abuf b = { .k = 0 };
	xmlDocPtr d = load(file);
	size_t i, j;

	if (d == NULL)
		return 2;
	collect(xmlDocGetRootElement(d), &l);
	for (i = 0; i < l.n; i++) {
		char name[1024];
		int dup = 0;

		snprintf(name, sizeof(name), "%s", attr(&b, l.v[i], "name"));
		for (j = 0; j < l.n; j++)
			if (j != i && strcmp(attr(&b, l.v[j], "name"), name) ==
			    0)
				dup = 1;
		printf("%s\t%s\t%s\t%s\t%s\t%zu\t%s\n", attr(&b, l.v[i], "id"),
		    attr(&b, l.v[i], "name"), attr(&b, l.v[i], "platform"),
		    attr(&b, l.v[i], "host_OS"), attr(&b, l.v[i], "version"),
		    count_rules(l.v[i]), dup ? "dup" : "-");
	}
	xmlFreeDoc(d);
	return 0;
}

static void
set_option(xmlNodePtr fw, const char *name, const char *value)
{
	struct abuf b = { .k = 0 };
	xmlNodePtr opts = NULL, k;

	for (k = fw->children; k != NULL; k = k->next)
		if (is(k, "FirewallOptions"))
			opts = k;
	if (opts == NULL)
		opts = xmlNewChild(fw, NULL, (const xmlChar *)"FirewallOptions",
		    NULL);
	for (k = opts->children; k != NULL; k = k->next)
		if (is(k, "Option") && strcmp(attr(&b, k, "name"), name) == 0) {
			xmlNodeSetContent(k, (const xmlChar *)value);
			return;
		}
	k = xmlNewTextChild(opts, NULL, (const xmlChar *)"Option",
	    (const xmlChar *)value);
	xmlSetProp(k, (const xmlChar *)"name", (const xmlChar *)name);
}

static xmlNodePtr
find_fw(xmlDocPtr d, const char *file, const char *id)
{
	struct fwlist l = { .n = 0 };
	struct abuf b = { .k = 0 };
	size_t i;

	collect(xmlDocGetRootElement(d), &l);
	for (i = 0; i < l.n; i++)
		if (strcmp(attr(&b, l.v[i], "id"), id) == 0)
			return l.v[i];
	fprintf(stderr, "fwb-prep: %s: no firewall %s\n", file, id);
	return NULL;
}

static int
addrs(const char *file, const char *id)
{
	struct abuf b = { .k = 0 };
	xmlDocPtr d = load(file);
	xmlNodePtr fw, itf, a;

	if (d == NULL || (fw = find_fw(d, file, id)) == NULL)
		return 2;
	for (itf = fw->children; itf != NULL; itf = itf->next)
		if (is(itf, "Interface")) {
			if (strcmp(attr(&b, itf, "dyn"), "True") == 0 ||
			    strcmp(attr(&b, itf, "unnum"), "True") == 0)
				printf("dynamic\n");
			for (a = itf->children; a != NULL; a = a->next)
				if (is(a, "IPv4") || is(a, "IPv6"))
					printf("%s\n", attr(&b, a, "address"));
		}
	xmlFreeDoc(d);
	return 0;
}

/* The element with attribute id (a depth-first search: the files
   declare no ID attributes). */
static xmlNodePtr
by_id(xmlNodePtr n, const char *id)
{
	struct abuf b = { .k = 0 };
	xmlNodePtr r;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp(attr(&b, n, "id"), id) == 0)
			return n;
		if ((r = by_id(n->children, id)) != NULL)
			return r;
	}
	return NULL;
}

static int
prefix_len(const char *mask)
{
	unsigned a, b, c, d, m;
	int n = 0;

	if (sscanf(mask, "%u.%u.%u.%u", &a, &b, &c, &d) != 4)
		return -1;
	m = a << 24 | b << 16 | c << 8 | d;
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return m == 0 ? n : -1;
}

static void
add_item(char *out, size_t len, const char *item)
{
	size_t l = strlen(out);

	snprintf(out + l, len - l, "%s%s", l > 0 ? "," : "", item);
}

/* The IPv4 addresses of object o, appended to out. */
static void
zone_addrs(xmlDocPtr d, xmlNodePtr o, int depth, char *out, size_t len)
{
	struct abuf b = { .k = 0 };
	char item[128];
	xmlNodePtr k;

	if (o == NULL || depth > 32) {
		add_item(out, len, "?");
		return;
	}
	if (is(o, "AnyNetwork") || strcmp(attr(&b, o, "id"), "sysid0") == 0)
		add_item(out, len, "any");
	else if (is(o, "Network")) {
		int n = prefix_len(attr(&b, o, "netmask"));

		if (n < 0)
			add_item(out, len, "?");
		else {
			snprintf(item, sizeof(item), "%s/%d",
			    attr(&b, o, "address"), n);
			add_item(out, len, item);
		}
	} else if (is(o, "IPv4")) {
		snprintf(item, sizeof(item), "%s/32", attr(&b, o, "address"));
		add_item(out, len, item);
	} else if (is(o, "AddressRange")) {
		snprintf(item, sizeof(item), "%s-%s",
		    attr(&b, o, "start_address"), attr(&b, o, "end_address"));
		add_item(out, len, item);
	} else if (is(o, "Host") || is(o, "Interface")) {
		for (k = o->children; k != NULL; k = k->next)
			if (is(k, "Interface") || is(k, "IPv4"))
				zone_addrs(d, k, depth + 1, out, len);
	} else if (is(o, "ObjectGroup")) {
		for (k = o->children; k != NULL; k = k->next)
			if (is(k, "ObjectRef"))
				zone_addrs(d, by_id(xmlDocGetRootElement(d),
				    attr(&b, k, "ref")), depth + 1, out, len);
	} else if (!is(o, "NetworkIPv6") && !is(o, "IPv6"))
		add_item(out, len, "?");
}

static int
zones(const char *file, const char *id)
{
	struct abuf b = { .k = 0 };
	xmlDocPtr d = load(file);
	xmlNodePtr fw, itf;
	static char out[65536];

	if (d == NULL || (fw = find_fw(d, file, id)) == NULL)
		return 2;
	for (itf = fw->children; itf != NULL; itf = itf->next) {
		const char *zid, *name;

		if (!is(itf, "Interface"))
			continue;
		name = attr(&b, itf, "label");
		if (*name == '\0')
			name = attr(&b, itf, "name");
		printf("%s\t", name);
		zid = attr(&b, itf, "network_zone");
		out[0] = '\0';
		if (*zid != '\0')
			zone_addrs(d, by_id(xmlDocGetRootElement(d), zid), 0,
			    out, sizeof(out));
		printf("%s\n", *out != '\0' ? out : "?");
	}
	xmlFreeDoc(d);
	return 0;
}

static int
option(const char *file, const char *id, const char *name)
{
	struct abuf b = { .k = 0 };
	xmlDocPtr d = load(file);
	xmlNodePtr fw, o, k;

	if (d == NULL || (fw = find_fw(d, file, id)) == NULL)
		return 2;
	for (o = fw->children; o != NULL; o = o->next)
		if (is(o, "FirewallOptions"))
			for (k = o->children; k != NULL; k = k->next)
				if (is(k, "Option") &&
				    strcmp(attr(&b, k, "name"), name) == 0) {
					xmlChar *v = xmlNodeGetContent(k);

					printf("%s\n", v != NULL ?
					    (const char *)v : "");
					xmlFree(v);
				}
	xmlFreeDoc(d);
	return 0;
}

static void
itf_labels(xmlNodePtr fw)
{
	struct abuf b = { .k = 0 };
	xmlNodePtr itf;

	for (itf = fw->children; itf != NULL; itf = itf->next)
		if (is(itf, "Interface") && *attr(&b, itf, "label") != '\0')
			xmlSetProp(itf, (const xmlChar *)"name",
			    (const xmlChar *)attr(&b, itf, "label"));
}

static int
copy(const char *file, const char *id, const char *out, int argc,
    char **argv)
{
	xmlDocPtr d = load(file);
	xmlNodePtr fw;
	int k;

	if (d == NULL || (fw = find_fw(d, file, id)) == NULL)
		return 2;
	for (k = 0; k < argc; k++) {
		char *eq = strchr(argv[k], '=');

		if (strcmp(argv[k], "itf-labels") == 0) {
			itf_labels(fw);
			continue;
		}
		if (eq == NULL) {
			fprintf(stderr, "fwb-prep: %s: not NAME=VALUE\n",
			    argv[k]);
			return 2;
		}
		*eq = '\0';
		if (strncmp(argv[k], "option:", 7) == 0)
			set_option(fw, argv[k] + 7, eq + 1);
		else
			xmlSetProp(fw, (const xmlChar *)argv[k],
			    (const xmlChar *)(eq + 1));
	}
	if (xmlSaveFile(out, d) < 0) {
		fprintf(stderr, "fwb-prep: %s: cannot write\n", out);
		return 2;
	}
	xmlFreeDoc(d);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return list(argv[2]);
	if (argc == 5 && strcmp(argv[1], "option") == 0)
		return option(argv[2], argv[3], argv[4]);
	if (argc == 4 && strcmp(argv[1], "addrs") == 0)
		return addrs(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "zones") == 0)
		return zones(argv[2], argv[3]);
	if (argc >= 5 && strcmp(argv[1], "copy") == 0)
		return copy(argv[2], argv[3], argv[4], argc - 5, argv + 5);
	fprintf(stderr, "usage: fwb-prep list FILE\n"
	    "       fwb-prep addrs FILE ID\n"
	    "       fwb-prep zones FILE ID\n"
	    "       fwb-prep option FILE ID NAME\n"
	    "       fwb-prep copy FILE ID OUT [ATTR=VALUE|option:NAME=VALUE|"
	    "itf-labels]...\n");
	return 2;
}
