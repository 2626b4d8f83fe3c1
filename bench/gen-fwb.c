/*
 * gen-fwb: write a large Firewall Builder object database (.fwb) with one
 * iptables firewall and NRULES policy rules to stdout, for the shadowing
 * benchmark (bench/run-fwb.sh).
 *
 *	gen-fwb [-m MANIFEST] NRULES [SEED]
 *
 * The shape follows enterprise rulebases: department networks and their
 * floor groups, partner networks, admin hosts, client address ranges,
 * servers as Host objects, address objects, small networks, ranges and
 * server groups, TCP and UDP services and service groups, Accept rules
 * with a few Deny exceptions in front of them, some rules bound to an
 * interface, audit comments on most rules.  Every block of rules guards
 * its own destination, so the background rules never shadow each other;
 * the anomalies are planted, and -m writes them to MANIFEST, one per line:
 *
 *	POS KIND FWB SHADOWER[,SHADOWER...]
 *
 * POS is the shadowed rule's position, KIND one of the kinds below, FWB
 * "yes" when fwbuilder's one-rule-at-a-time comparison can see it, "no"
 * when only the union of the shadowers covers the rule:
 *
 *	single     an earlier Accept of a wider network covers the rule
 *	single-deny an earlier Deny of a partner network covers an Accept
 *	in-group   an earlier rule on a group covers a rule on one member
 *	union      two /25 rules cover a rule on the /24
 *	each-member one rule per member covers a rule on their group
 *	group-union one rule on a group of two /25s covers a rule on the /24
 *	ports      two port ranges cover a rule on a range across both
 *	negated    an Accept "not net A" covers a rule on a net outside A
 *	neg-union  Deny A plus Accept "not A" cover a rule on Any
 *
 * The file carries the few Standard library objects it uses (Any network,
 * service and interval), so fwb_ipt validates it against its DTD without
 * the library; the firewall has check_shading on and uses
 * iptables-restore.  Deterministic for a given (NRULES, SEED); exactly
 * NRULES PolicyRule elements once NRULES >= 1.
 *
 * Standalone on purpose (C11, libc only): bench/run-fwb.sh compiles it
 * into a scratch directory, so the build system does not need to know.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sbuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Sections of the object tree, emitted in this order. */
enum sect { S_ADDR, S_RANGE, S_GROUP, S_HOST, S_NET, S_SGROUP, S_TCP,
    S_UDP, S_RULES, NSECT };

enum kind { K_SINGLE, K_SINGLE_DENY, K_IN_GROUP, K_EACH_MEMBER, K_UNION,
    K_GROUP_UNION, K_PORTS, K_NEGATED, K_NEG_UNION, NKIND };

static const char *kind_name[NKIND] = { "single", "single-deny",
    "in-group", "each-member", "union", "group-union", "ports", "negated",
    "neg-union" };
/*
 * Can fwbuilder see it?  It splits rules into one object per field and
 * compares each piece with one earlier piece at a time.
 */
static const int kind_fwb[NKIND] = { 1, 1, 1, 1, 0, 0, 0, 0, 0 };

#define MAXREF	4

/* A rule waiting for its position (the shadowed rule of an anomaly). */
struct prule {
	int		 kind;
	long		 due;		/* emit at or after this position */
	const char	*action;
	unsigned	 src[MAXREF], dst, srv[MAXREF];
	int		 nsrc, nsrv, srcneg;
	long		 sh[MAXREF];	/* the shadowers' positions */
	int		 nsh;
};

#define NDEPT		48
#define NFLOOR		12
#define NPARTNER	24
#define NADMIN		16
#define NCRANGE		16
#define MAXPEND		64

struct gen {
	uint64_t	 rng;
	struct sbuf	 s[NSECT];
	unsigned	 nobj;		/* object ids o1, o2, ... */
	unsigned	 nsvc;		/* service ids s1, s2, ... */
	long		 pos;		/* next rule position */
	/* shared source objects */
	unsigned	 dept[NDEPT], floor[NFLOOR], partner[NPARTNER];
	unsigned	 admin[NADMIN], admins, crange[NCRANGE];
	int		 dept_next[NDEPT], partner_next[NPARTNER];
	int		 floor_of[NDEPT];
	/* services */
	unsigned	 tcp[32], udp[8], sgroup[8];
	int		 ntcp, nudp, nsgroup;
	unsigned	 sg_member[8][6];
	int		 sg_n[8];
	/* fresh address allocators */
	uint32_t	 srv_seq, net_seq, range_seq;
	unsigned	 app_seq;
	/* anomalies waiting for their shadowed rule */
	struct prule	 pend[MAXPEND];
	int		 npend;
	int		 next_kind;
	FILE		*manifest;
};

static const char *depts[] = { "eng", "sales", "hr", "finance", "legal",
    "support", "ops", "research", "marketing", "it", "facilities", "qa" };
static const char *people[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor",
	"walter"
};
static const char *whys[] = {
	"web access for build farm", "monitoring from nagios",
	"backup window", "vendor remote support", "legacy app, see wiki",
	"temporary test", "mail relay", "ldap for printers",
	"students lab access", "database replication", "vpn concentrator",
	"requested by helpdesk", "block scanner", "ntp for cameras",
	"payroll export to bank", "R&D license server"
};
static const char *roles[] = { "web", "app", "db", "mail", "dns", "ldap",
    "file", "print", "log", "mon", "build", "git", "wiki", "crm", "erp",
    "vpn" };

#define NELEM(a)	((uint32_t)(sizeof(a) / sizeof((a)[0])))

static void
die(const char *msg)
{
	fprintf(stderr, "gen-fwb: %s\n", msg);
	exit(2);
}

/* splitmix64: tiny, good enough, identical everywhere */
static uint64_t
rnd64(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rnd(struct gen *g, uint32_t n)
{
	return n == 0 ? 0 : (uint32_t)(rnd64(g) % n);
}

static int
chance(struct gen *g, int percent)
{
	return (int)rnd(g, 1000) < percent * 10;
}

static void
sb_grow(struct sbuf *b, size_t need)
{
	size_t ncap;

	if (b->len + need + 1 <= b->cap)
		return;
	ncap = b->cap ? b->cap : 256;
	while (ncap < b->len + need + 1)
		ncap *= 2;
	b->p = realloc(b->p, ncap);
	if (b->p == NULL)
		die("out of memory");
	b->cap = ncap;
}

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("vsnprintf");
	sb_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Text for an XML attribute value: only '&' needs care here. */
static void
sb_attr(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			sb_printf(b, "&amp;");
		else if (*s == '"')
			sb_printf(b, "&quot;");
		else if (*s == '<')
			sb_printf(b, "&lt;");
		else
			sb_printf(b, "%c", *s);
	}
}

static const char *
v4(uint32_t a, char *buf)
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
	    (a >> 8) & 255, a & 255);
	return buf;
}

static uint32_t
mask4(int plen)
{
	return plen == 0 ? 0 : 0xffffffffU << (32 - plen);
}

#define IP4(a, b, c, d)	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | \
			 (uint32_t)(c) << 8 | (uint32_t)(d))

/* --- objects ------------------------------------------------------- */

#define OBJ_ATTRS	"comment=\"\" ro=\"False\""

static unsigned
new_addr(struct gen *g, uint32_t a, const char *name)
{
	char b[16];
	unsigned id = ++g->nobj;

	sb_printf(&g->s[S_ADDR], "        <IPv4 id=\"o%u\" name=\"%s\" "
	    OBJ_ATTRS " address=\"%s\" netmask=\"255.255.255.255\"/>\n", id,
	    name, v4(a, b));
	return id;
}

static unsigned
new_net(struct gen *g, uint32_t a, int plen, const char *name)
{
	char b[16], m[16];
	unsigned id = ++g->nobj;

	sb_printf(&g->s[S_NET], "        <Network id=\"o%u\" name=\"%s\" "
	    OBJ_ATTRS " address=\"%s\" netmask=\"%s\"/>\n", id, name,
	    v4(a, b), v4(mask4(plen), m));
	return id;
}

static unsigned
new_range(struct gen *g, uint32_t lo, uint32_t hi, const char *name)
{
	char b[16], c[16];
	unsigned id = ++g->nobj;

	sb_printf(&g->s[S_RANGE], "        <AddressRange id=\"o%u\" "
	    "name=\"%s\" " OBJ_ATTRS " start_address=\"%s\" "
	    "end_address=\"%s\"/>\n", id, name, v4(lo, b), v4(hi, c));
	return id;
}

/* A server: a Host with one interface and its address. */
static unsigned
new_host(struct gen *g, uint32_t a, const char *name)
{
	char b[16];
	unsigned id = ++g->nobj;
	struct sbuf *s = &g->s[S_HOST];

	sb_printf(s, "        <Host id=\"o%u\" name=\"%s\" " OBJ_ATTRS
	    " host_OS=\"linux24\">\n", id, name);
	sb_printf(s, "          <Interface id=\"o%ui\" dyn=\"False\" "
	    "security_level=\"0\" unnum=\"False\" unprotected=\"False\" "
	    "name=\"eth0\" " OBJ_ATTRS ">\n", id);
	sb_printf(s, "            <IPv4 id=\"o%ua\" name=\"%s:eth0:ip\" "
	    OBJ_ATTRS " address=\"%s\" netmask=\"255.255.255.0\"/>\n", id,
	    name, v4(a, b));
	sb_printf(s, "          </Interface>\n        </Host>\n");
	return id;
}

static unsigned
new_group(struct gen *g, const char *name, const unsigned *m, int n)
{
	unsigned id = ++g->nobj;
	struct sbuf *s = &g->s[S_GROUP];
	int i;

	sb_printf(s, "        <ObjectGroup id=\"o%u\" name=\"%s\" "
	    OBJ_ATTRS ">\n", id, name);
	for (i = 0; i < n; i++)
		sb_printf(s, "          <ObjectRef ref=\"o%u\"/>\n", m[i]);
	sb_printf(s, "        </ObjectGroup>\n");
	return id;
}

static unsigned
new_tcp(struct gen *g, const char *name, int lo, int hi)
{
	unsigned id = ++g->nsvc;

	sb_printf(&g->s[S_TCP], "        <TCPService id=\"s%u\" name=\"%s\" "
	    OBJ_ATTRS " src_range_start=\"0\" src_range_end=\"0\" "
	    "dst_range_start=\"%d\" dst_range_end=\"%d\" urg_flag=\"False\" "
	    "ack_flag=\"False\" psh_flag=\"False\" rst_flag=\"False\" "
	    "syn_flag=\"False\" fin_flag=\"False\" urg_flag_mask=\"False\" "
	    "ack_flag_mask=\"False\" psh_flag_mask=\"False\" "
	    "rst_flag_mask=\"False\" syn_flag_mask=\"False\" "
	    "fin_flag_mask=\"False\" established=\"False\"/>\n", id, name, lo,
	    hi);
	return id;
}

static unsigned
new_udp(struct gen *g, const char *name, int lo, int hi)
{
	unsigned id = ++g->nsvc;

	sb_printf(&g->s[S_UDP], "        <UDPService id=\"s%u\" name=\"%s\" "
	    OBJ_ATTRS " src_range_start=\"0\" src_range_end=\"0\" "
	    "dst_range_start=\"%d\" dst_range_end=\"%d\"/>\n", id, name, lo,
	    hi);
	return id;
}

static unsigned
new_sgroup(struct gen *g, const char *name, const unsigned *m, int n)
{
	unsigned id = ++g->nsvc;
	struct sbuf *s = &g->s[S_SGROUP];
	int i;

	sb_printf(s, "        <ServiceGroup id=\"s%u\" name=\"%s\" "
	    OBJ_ATTRS ">\n", id, name);
	for (i = 0; i < n; i++)
		sb_printf(s, "          <ServiceRef ref=\"s%u\"/>\n", m[i]);
	sb_printf(s, "        </ServiceGroup>\n");
	return id;
}

/* The shared objects every rulebase of this shape has. */
static void
plan(struct gen *g)
{
	static const struct { const char *n; int lo, hi; } tcps[] = {
		{ "ssh", 22, 22 }, { "smtp", 25, 25 }, { "dns-tcp", 53, 53 },
		{ "http", 80, 80 }, { "kerberos", 88, 88 },
		{ "imap", 143, 143 }, { "ldap", 389, 389 },
		{ "https", 443, 443 }, { "smb", 445, 445 },
		{ "smtps", 465, 465 }, { "submission", 587, 587 },
		{ "ldaps", 636, 636 }, { "imaps", 993, 993 },
		{ "mssql", 1433, 1433 }, { "oracle", 1521, 1521 },
		{ "mysql", 3306, 3306 }, { "rdp", 3389, 3389 },
		{ "pgsql", 5432, 5432 }, { "winrm", 5985, 5986 },
		{ "http-alt", 8080, 8080 }, { "https-alt", 8443, 8443 },
		{ "jmx", 9010, 9012 }, { "elastic", 9200, 9300 },
		{ "x11", 6000, 6063 }
	};
	static const struct { const char *n; int lo, hi; } udps[] = {
		{ "dns", 53, 53 }, { "ntp", 123, 123 }, { "snmp", 161, 161 },
		{ "syslog", 514, 514 }, { "radius", 1812, 1813 },
		{ "ipsec-nat-t", 4500, 4500 }
	};
	/* service groups as indexes into tcps/udps (udp: 100 + index) */
	static const struct { const char *n; int m[6]; int k; } sgs[] = {
		{ "web", { 3, 7, 19, 20 }, 4 },
		{ "mail", { 1, 5, 9, 10, 12 }, 5 },
		{ "databases", { 13, 14, 15, 17 }, 4 },
		{ "windows", { 4, 6, 8, 16, 18 }, 5 },
		{ "directory", { 4, 6, 11, 100 }, 4 },
		{ "admin", { 0, 16, 18 }, 3 },
		{ "monitoring", { 102, 103, 101 }, 3 },
		{ "dns-all", { 2, 100 }, 2 }
	};
	char name[64];
	uint32_t i;
	int j;

	for (i = 0; i < NDEPT; i++) {
		snprintf(name, sizeof(name), "net-%s-%02u",
		    depts[i % NELEM(depts)], i);
		g->dept[i] = new_net(g, IP4(172, 16, i, 0), 24, name);
		g->dept_next[i] = 20;
		g->floor_of[i] = (int)(i % NFLOOR);
	}
	for (i = 0; i < NFLOOR; i++) {
		unsigned m[NDEPT / NFLOOR];
		int n = 0;

		for (j = 0; j < NDEPT; j++)
			if (g->floor_of[j] == (int)i)
				m[n++] = g->dept[j];
		snprintf(name, sizeof(name), "grp-floor-%u", i + 1);
		g->floor[i] = new_group(g, name, m, n);
	}
	for (i = 0; i < NPARTNER; i++) {
		snprintf(name, sizeof(name), "net-partner-%02u", i);
		g->partner[i] = new_net(g, IP4(198, 18, i, 0), 24, name);
		g->partner_next[i] = 10;
	}
	for (i = 0; i < NADMIN; i++) {
		snprintf(name, sizeof(name), "adm-%s", people[i]);
		g->admin[i] = new_addr(g, IP4(172, 17, 0, 10 + i), name);
	}
	g->admins = new_group(g, "grp-admins", g->admin, NADMIN);
	for (i = 0; i < NCRANGE; i++) {
		snprintf(name, sizeof(name), "range-dhcp-%02u", i);
		g->crange[i] = new_range(g, IP4(172, 18, i, 10),
		    IP4(172, 18, i, 10 + 40 + 10 * (i % 8)), name);
	}
	for (i = 0; i < NELEM(tcps); i++)
		g->tcp[g->ntcp++] = new_tcp(g, tcps[i].n, tcps[i].lo,
		    tcps[i].hi);
	for (i = 0; i < NELEM(udps); i++)
		g->udp[g->nudp++] = new_udp(g, udps[i].n, udps[i].lo,
		    udps[i].hi);
	for (i = 0; i < NELEM(sgs); i++) {
		unsigned m[6];

		for (j = 0; j < sgs[i].k; j++) {
			int x = sgs[i].m[j];

			m[j] = x >= 100 ? g->udp[x - 100] : g->tcp[x];
		}
		memcpy(g->sg_member[i], m, sizeof(m));
		g->sg_n[i] = sgs[i].k;
		g->sgroup[g->nsgroup++] = new_sgroup(g, sgs[i].n, m, sgs[i].k);
	}
}

/* A fresh host address in department d, for a new address object. */
static uint32_t
dept_host(struct gen *g, int d)
{
	int x = g->dept_next[d]++;

	if (g->dept_next[d] > 250)
		g->dept_next[d] = 20;
	return IP4(172, 16, d, x);
}

/* A destination nobody else uses, of a random kind. */
static unsigned
fresh_dst(struct gen *g)
{
	char name[64];
	uint32_t r = rnd(g, 100);
	const char *role = roles[rnd(g, NELEM(roles))];

	if (r < 40) {
		uint32_t a = IP4(10, 20, 0, 0) + 1 + g->srv_seq++;

		snprintf(name, sizeof(name), "srv-%s-%04u", role, g->srv_seq);
		return new_host(g, a, name);
	}
	if (r < 60) {
		uint32_t a = IP4(10, 21, 0, 0) + 1 + g->srv_seq++;

		snprintf(name, sizeof(name), "ip-%s-%04u", role, g->srv_seq);
		return new_addr(g, a, name);
	}
	if (r < 75) {
		uint32_t a = IP4(10, 30, 0, 0) + 16 * g->net_seq++;

		snprintf(name, sizeof(name), "net-%s-%04u", role, g->net_seq);
		return new_net(g, a, 28, name);
	}
	if (r < 85) {
		uint32_t a = IP4(10, 40, 0, 0) + 16 * g->range_seq++;

		snprintf(name, sizeof(name), "range-%s-%04u", role,
		    g->range_seq);
		return new_range(g, a + 1, a + 12, name);
	}
	{
		unsigned m[3];
		int n = 2 + (int)rnd(g, 2), i;

		for (i = 0; i < n; i++) {
			uint32_t a = IP4(10, 22, 0, 0) + 1 + g->srv_seq++;

			snprintf(name, sizeof(name), "srv-%s-%04u", role,
			    g->srv_seq);
			m[i] = new_host(g, a, name);
		}
		snprintf(name, sizeof(name), "grp-%s-%04u", role, g->srv_seq);
		return new_group(g, name, m, n);
	}
}

/* --- rules ----------------------------------------------------------- */

static void
audit_comment(struct gen *g, struct sbuf *b)
{
	int y = 2019 + (int)rnd(g, 6), m = 1 + (int)rnd(g, 12),
	    d = 1 + (int)rnd(g, 28);
	uint32_t r = rnd(g, 20);

	sb_printf(b, " comment=\"");
	if (r < 15) {
		sb_printf(b, "by=%s date=%04d-%02d-%02d why=", people[rnd(g,
		    NELEM(people))], y, m, d);
		sb_attr(b, whys[rnd(g, NELEM(whys))]);
		sb_printf(b, " ticket=CHG-%u", 100 + rnd(g, 9900));
		if (r == 0)
			sb_printf(b, " expires=%04d-%02d-%02d", y + 1, m, d);
	} else if (r < 18)
		sb_attr(b, whys[rnd(g, NELEM(whys))]);
	sb_printf(b, "\"");
}

static void
refs(struct sbuf *b, const char *el, int neg, const char *ref,
    const char *pfx, const unsigned *v, int n)
{
	int i;

	sb_printf(b, "          <%s neg=\"%s\">", el, neg ? "True" : "False");
	if (n == 0)
		sb_printf(b, "<%s ref=\"%s\"/>", ref, strcmp(el, "Srv") == 0 ?
		    "sysid1" : "sysid0");
	for (i = 0; i < n; i++)
		sb_printf(b, "<%s ref=\"%s%u\"/>", ref, pfx, v[i]);
	sb_printf(b, "</%s>\n", el);
}

/*
 * One PolicyRule; n == 0 means Any.  itf is an interface id of the
 * firewall ("fw-eth1") or NULL.  Returns the rule's position.
 */
static long
rule(struct gen *g, const char *action, const unsigned *src, int nsrc,
    int srcneg, unsigned dst, const unsigned *srv, int nsrv,
    const char *itf)
{
	struct sbuf *b = &g->s[S_RULES];
	long pos = g->pos++;
	int log = strcmp(action, "Deny") == 0 ? chance(g, 70) : chance(g, 5);

	sb_printf(b, "        <PolicyRule id=\"r%ld\" disabled=\"False\" "
	    "log=\"%s\" position=\"%ld\" action=\"%s\" direction=\"%s\"", pos,
	    log ? "True" : "False", pos, action, itf ? "Inbound" : "Both");
	audit_comment(g, b);
	sb_printf(b, ">\n");
	refs(b, "Src", srcneg, "ObjectRef", "o", src, nsrc);
	refs(b, "Dst", 0, "ObjectRef", "o", &dst, 1);
	refs(b, "Srv", 0, "ServiceRef", "s", srv, nsrv);
	if (itf != NULL)
		sb_printf(b, "          <Itf neg=\"False\"><ObjectRef "
		    "ref=\"%s\"/></Itf>\n", itf);
	else
		sb_printf(b, "          <Itf neg=\"False\"><ObjectRef "
		    "ref=\"sysid0\"/></Itf>\n");
	sb_printf(b, "          <When neg=\"False\"><IntervalRef "
	    "ref=\"sysid2\"/></When>\n");
	sb_printf(b, "          <PolicyRuleOptions><Option name=\"stateless\">"
	    "False</Option></PolicyRuleOptions>\n        </PolicyRule>\n");
	return pos;
}

/* A source for a background rule; *itf says where such clients enter. */
static int
pick_src(struct gen *g, unsigned *v, const char **itf)
{
	uint32_t r = rnd(g, 100);
	int n = 1;

	*itf = "fw-eth1";
	if (r < 8)
		n = 0;
	else if (r < 38) {
		v[0] = g->dept[rnd(g, NDEPT)];
		if (chance(g, 25)) {
			v[1] = g->dept[rnd(g, NDEPT)];
			n = v[1] == v[0] ? 1 : 2;
		}
	} else if (r < 58)
		v[0] = g->floor[rnd(g, NFLOOR)];
	else if (r < 73) {
		v[0] = g->partner[rnd(g, NPARTNER)];
		*itf = "fw-eth0";
	} else if (r < 83)
		v[0] = g->admin[rnd(g, NADMIN)];
	else if (r < 88)
		v[0] = g->admins;
	else
		v[0] = g->crange[rnd(g, NCRANGE)];
	if (n == 0)
		*itf = NULL;
	return n;
}

static int
pick_srv(struct gen *g, unsigned *v)
{
	uint32_t r = rnd(g, 100);

	if (r < 5)
		return 0;
	if (r < 45) {
		v[0] = g->tcp[rnd(g, (uint32_t)g->ntcp)];
		if (chance(g, 20))
			v[1] = g->udp[rnd(g, (uint32_t)g->nudp)];
		else
			return 1;
		return 2;
	}
	if (r < 60) {
		v[0] = g->udp[rnd(g, (uint32_t)g->nudp)];
		return 1;
	}
	v[0] = g->sgroup[rnd(g, (uint32_t)g->nsgroup)];
	return 1;
}

/* Background: an Accept, sometimes behind a Deny exception. */
static void
block_background(struct gen *g, int room)
{
	unsigned src[MAXREF], srv[MAXREF], dst = fresh_dst(g);
	const char *itf;
	int nsrc, nsrv;

	if (room >= 2 && chance(g, 15)) {
		/* a quarantined host of the department the Accept admits */
		int d = (int)rnd(g, NDEPT);
		char name[64];
		unsigned h, dsrc[2];

		snprintf(name, sizeof(name), "quarantine-%ld", g->pos);
		h = new_addr(g, dept_host(g, d), name);
		rule(g, "Deny", &h, 1, 0, dst, NULL, 0, NULL);
		dsrc[0] = chance(g, 50) ? g->dept[d] : g->floor[g->floor_of[d]];
		nsrv = pick_srv(g, srv);
		rule(g, "Accept", dsrc, 1, 0, dst, srv, nsrv, NULL);
		return;
	}
	nsrc = pick_src(g, src, &itf);
	nsrv = pick_srv(g, srv);
	if (!chance(g, 15))
		itf = NULL;
	rule(g, "Accept", src, nsrc, 0, dst, srv, nsrv, itf);
}

/* Rules an anomaly needs: the shadowers now plus the shadowed later. */
static int
kind_size(int k)
{
	switch (k) {
	case K_EACH_MEMBER:
		return 4;
	case K_UNION:
	case K_PORTS:
	case K_NEG_UNION:
		return 3;
	default:
		return 2;
	}
}

static void
block_anomaly(struct gen *g, int k)
{
	struct prule *p = &g->pend[g->npend++];
	unsigned dst = fresh_dst(g), v[MAXREF], s1;
	int d = (int)rnd(g, NDEPT), i, sg;
	char name[64];

	memset(p, 0, sizeof(*p));
	p->kind = k;
	p->dst = dst;
	p->action = "Accept";
	p->due = g->pos + kind_size(k) - 1 + rnd(g, 40);
	sg = (int)rnd(g, (uint32_t)g->nsgroup);
	s1 = g->sg_member[sg][rnd(g, (uint32_t)g->sg_n[sg])];
	switch (k) {
	case K_SINGLE:
		v[0] = g->dept[d];
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst,
		    &g->sgroup[sg], 1, NULL);
		snprintf(name, sizeof(name), "ws-%s-%ld", depts[d %
		    NELEM(depts)], g->pos);
		p->src[p->nsrc++] = new_addr(g, dept_host(g, d), name);
		p->srv[p->nsrv++] = s1;
		break;
	case K_SINGLE_DENY: {
		int q = (int)rnd(g, NPARTNER);

		v[0] = g->partner[q];
		p->sh[p->nsh++] = rule(g, "Deny", v, 1, 0, dst, NULL, 0,
		    NULL);
		snprintf(name, sizeof(name), "partner-%02d-gw-%ld", q, g->pos);
		p->src[p->nsrc++] = new_addr(g, IP4(198, 18, q,
		    g->partner_next[q]++ % 250 + 1), name);
		p->srv[p->nsrv++] = g->tcp[rnd(g, (uint32_t)g->ntcp)];
		break;
	}
	case K_IN_GROUP:
		v[0] = g->floor[g->floor_of[d]];
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst, &s1, 1,
		    NULL);
		p->src[p->nsrc++] = g->dept[d];
		p->srv[p->nsrv++] = s1;
		break;
	case K_UNION:
		snprintf(name, sizeof(name), "net-%s-%02d-lo-%ld",
		    depts[d % NELEM(depts)], d, g->pos);
		v[0] = new_net(g, IP4(172, 16, d, 0), 25, name);
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst,
		    &g->sgroup[sg], 1, NULL);
		snprintf(name, sizeof(name), "net-%s-%02d-hi-%ld",
		    depts[d % NELEM(depts)], d, g->pos);
		v[0] = new_net(g, IP4(172, 16, d, 128), 25, name);
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst,
		    &g->sgroup[sg], 1, NULL);
		p->src[p->nsrc++] = g->dept[d];
		p->srv[p->nsrv++] = g->sgroup[sg];
		break;
	case K_EACH_MEMBER: {
		unsigned m[3];

		for (i = 0; i < 3; i++) {
			snprintf(name, sizeof(name), "ws-%s-%ld-%d",
			    depts[d % NELEM(depts)], g->pos, i);
			m[i] = new_addr(g, dept_host(g, d), name);
			p->sh[p->nsh++] = rule(g, "Accept", &m[i], 1, 0, dst,
			    &s1, 1, NULL);
		}
		snprintf(name, sizeof(name), "grp-ws-%ld", g->pos);
		p->src[p->nsrc++] = new_group(g, name, m, 3);
		p->srv[p->nsrv++] = s1;
		break;
	}
	case K_GROUP_UNION: {
		unsigned m[2];

		snprintf(name, sizeof(name), "net-%s-%02d-a-%ld",
		    depts[d % NELEM(depts)], d, g->pos);
		m[0] = new_net(g, IP4(172, 16, d, 0), 25, name);
		snprintf(name, sizeof(name), "range-%s-%02d-b-%ld",
		    depts[d % NELEM(depts)], d, g->pos);
		m[1] = new_range(g, IP4(172, 16, d, 128), IP4(172, 16, d, 255),
		    name);
		snprintf(name, sizeof(name), "grp-%s-%02d-%ld",
		    depts[d % NELEM(depts)], d, g->pos);
		v[0] = new_group(g, name, m, 2);
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst, &s1, 1,
		    NULL);
		p->src[p->nsrc++] = g->dept[d];
		p->srv[p->nsrv++] = s1;
		break;
	}
	case K_PORTS: {
		int lo = 20000 + 100 * (int)(g->app_seq++ % 400), mid, hi;
		unsigned a, b;

		mid = lo + 10 + (int)rnd(g, 40);
		hi = mid + 10 + (int)rnd(g, 40);
		v[0] = chance(g, 50) ? g->floor[g->floor_of[d]] : g->admins;
		snprintf(name, sizeof(name), "app-%d-%d", lo, mid);
		a = new_tcp(g, name, lo, mid);
		snprintf(name, sizeof(name), "app-%d-%d", mid + 1, hi);
		b = new_tcp(g, name, mid + 1, hi);
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst, &a, 1, NULL);
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 0, dst, &b, 1, NULL);
		snprintf(name, sizeof(name), "app-%d-%d", mid - 5, mid + 5);
		p->srv[p->nsrv++] = new_tcp(g, name, mid - 5, mid + 5);
		p->src[p->nsrc++] = v[0];
		break;
	}
	case K_NEGATED: {
		int q = (int)rnd(g, NPARTNER);

		v[0] = g->dept[d];
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 1, dst, &s1, 1,
		    NULL);
		p->src[p->nsrc++] = g->partner[q];
		p->srv[p->nsrv++] = s1;
		break;
	}
	case K_NEG_UNION:
		v[0] = g->dept[d];
		p->sh[p->nsh++] = rule(g, "Deny", v, 1, 0, dst, &s1, 1, NULL);
		p->sh[p->nsh++] = rule(g, "Accept", v, 1, 1, dst, &s1, 1,
		    NULL);
		p->srv[p->nsrv++] = s1;	/* from Any */
		break;
	}
}

static void
emit_pending(struct gen *g, int i)
{
	struct prule p = g->pend[i];
	long pos;
	int j;

	memmove(&g->pend[i], &g->pend[i + 1], (size_t)(g->npend - i - 1) *
	    sizeof(g->pend[0]));
	g->npend--;
	pos = rule(g, p.action, p.src, p.nsrc, p.srcneg, p.dst, p.srv, p.nsrv,
	    NULL);
	if (g->manifest == NULL)
		return;
	fprintf(g->manifest, "%ld %s %s ", pos, kind_name[p.kind],
	    kind_fwb[p.kind] ? "yes" : "no");
	for (j = 0; j < p.nsh; j++)
		fprintf(g->manifest, "%s%ld", j ? "," : "", p.sh[j]);
	fprintf(g->manifest, "\n");
}

static void
build_rules(struct gen *g, long n)
{
	while (g->pos < n) {
		long room = n - g->pos - g->npend;
		int i, k = g->next_kind;

		for (i = 0; i < g->npend; i++)
			if (g->pend[i].due <= g->pos)
				break;
		if (i < g->npend || (room <= 0 && g->npend > 0)) {
			emit_pending(g, i < g->npend ? i : 0);
			continue;
		}
		/* about one anomaly per 20 rules */
		if (g->npend < MAXPEND && room >= kind_size(k) && chance(g, 7)) {
			block_anomaly(g, k);
			g->next_kind = (k + 1) % NKIND;
			continue;
		}
		block_background(g, (int)room);
	}
}

static void
emit(struct gen *g)
{
	static const char *folders[][3] = {
		{ "Addresses", "stdid16", NULL },
		{ "Address Ranges", "stdid15", NULL },
		{ "Groups", "stdid04", NULL },
		{ "Hosts", "stdid02", NULL },
		{ "Networks", "stdid03", NULL },
	};
	struct sbuf *s = g->s;
	int i;

	printf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<!DOCTYPE FWObjectDatabase SYSTEM \"fwbuilder.dtd\">\n"
	    "<FWObjectDatabase xmlns=\"http://www.fwbuilder.org/1.0/\" "
	    "version=\"24\" lastModified=\"1700000000\" id=\"root\">\n");
	/* the only Standard library objects the rules use */
	printf("  <Library id=\"syslib000\" color=\"#d4f8ff\" name=\"Standard\" "
	    "comment=\"Standard objects\" ro=\"True\">\n"
	    "    <AnyNetwork id=\"sysid0\" name=\"Any\" comment=\"Any Network\" "
	    "ro=\"False\" address=\"0.0.0.0\" netmask=\"0.0.0.0\"/>\n"
	    "    <AnyIPService id=\"sysid1\" protocol_num=\"0\" name=\"Any\" "
	    "comment=\"Any IP Service\" ro=\"False\"/>\n"
	    "    <AnyInterval id=\"sysid2\" days_of_week=\"0,1,2,3,4,5,6\" "
	    "from_day=\"-1\" from_hour=\"-1\" from_minute=\"-1\" "
	    "from_month=\"-1\" from_weekday=\"-1\" from_year=\"-1\" "
	    "to_day=\"-1\" to_hour=\"-1\" to_minute=\"-1\" to_month=\"-1\" "
	    "to_weekday=\"-1\" to_year=\"-1\" name=\"Any\" "
	    "comment=\"Any Interval\" ro=\"False\"/>\n  </Library>\n");
	printf("  <Library id=\"syslib001\" color=\"#d2ffd0\" name=\"User\" "
	    "comment=\"User defined objects\" ro=\"False\">\n"
	    "    <ObjectGroup id=\"stdid01_1\" name=\"Objects\" " OBJ_ATTRS
	    ">\n");
	for (i = 0; i < 5; i++) {
		printf("      <ObjectGroup id=\"%s_1\" name=\"%s\" " OBJ_ATTRS
		    ">\n", folders[i][1], folders[i][0]);
		fwrite(s[i].p, 1, s[i].len, stdout);
		printf("      </ObjectGroup>\n");
	}
	printf("    </ObjectGroup>\n    <ServiceGroup id=\"stdid05_1\" "
	    "name=\"Services\" " OBJ_ATTRS ">\n");
	printf("      <ServiceGroup id=\"stdid10_1\" name=\"Groups\" "
	    OBJ_ATTRS ">\n");
	fwrite(s[S_SGROUP].p, 1, s[S_SGROUP].len, stdout);
	printf("      </ServiceGroup>\n      <ServiceGroup id=\"stdid09_1\" "
	    "name=\"TCP\" " OBJ_ATTRS ">\n");
	fwrite(s[S_TCP].p, 1, s[S_TCP].len, stdout);
	printf("      </ServiceGroup>\n      <ServiceGroup id=\"stdid08_1\" "
	    "name=\"UDP\" " OBJ_ATTRS ">\n");
	fwrite(s[S_UDP].p, 1, s[S_UDP].len, stdout);
	printf("      </ServiceGroup>\n    </ServiceGroup>\n");
	printf("    <ObjectGroup id=\"stdid12_1\" name=\"Firewalls\" "
	    OBJ_ATTRS ">\n");
	printf("      <Firewall id=\"fw\" host_OS=\"linux24\" "
	    "lastCompiled=\"0\" lastInstalled=\"0\" lastModified=\"0\" "
	    "platform=\"iptables\" version=\"1.4.20\" name=\"fw-core\" "
	    "comment=\"core firewall, generated by gen-fwb\" ro=\"False\">\n");
	printf("        <NAT id=\"fw-nat\" name=\"NAT\" " OBJ_ATTRS
	    " ipv4_rule_set=\"False\" ipv6_rule_set=\"False\" "
	    "top_rule_set=\"True\">\n          <RuleSetOptions/>\n"
	    "        </NAT>\n");
	printf("        <Policy id=\"fw-policy\" name=\"Policy\" " OBJ_ATTRS
	    " ipv4_rule_set=\"False\" ipv6_rule_set=\"False\" "
	    "top_rule_set=\"True\">\n");
	fwrite(s[S_RULES].p, 1, s[S_RULES].len, stdout);
	printf("        <RuleSetOptions/>\n        </Policy>\n");
	printf("        <Routing id=\"fw-routing\" name=\"Routing\" " OBJ_ATTRS
	    " ipv4_rule_set=\"False\" ipv6_rule_set=\"False\" "
	    "top_rule_set=\"True\">\n          <RuleSetOptions/>\n"
	    "        </Routing>\n");
	{
		static const char *ifs[][5] = {
			{ "fw-eth0", "eth0", "outside", "0", "203.0.113.1" },
			{ "fw-eth1", "eth1", "inside", "100", "10.0.0.1" },
			{ "fw-eth2", "eth2", "dmz", "50", "192.168.100.1" },
			{ "fw-lo", "lo", "loopback", "100", "127.0.0.1" },
		};
		static const char *masks[] = { "255.255.255.0", "255.0.0.0",
		    "255.255.255.0", "255.0.0.0" };

		for (i = 0; i < 4; i++)
			printf("        <Interface id=\"%s\" dyn=\"False\" "
			    "label=\"%s\" security_level=\"%s\" "
			    "unnum=\"False\" unprotected=\"False\" "
			    "name=\"%s\" " OBJ_ATTRS ">\n          <IPv4 "
			    "id=\"%s-ip\" name=\"fw-core:%s:ip\" " OBJ_ATTRS
			    " address=\"%s\" netmask=\"%s\"/>\n"
			    "          <InterfaceOptions/>\n"
			    "        </Interface>\n", ifs[i][0], ifs[i][2],
			    ifs[i][3], ifs[i][1], ifs[i][0], ifs[i][1],
			    ifs[i][4], masks[i]);
	}
	printf("        <Management address=\"10.0.0.1\"/>\n"
	    "        <FirewallOptions>\n"
	    "          <Option name=\"accept_established\">True</Option>\n"
	    "          <Option name=\"check_shading\">True</Option>\n"
	    "          <Option name=\"firewall_is_part_of_any_and_networks\">"
	    "False</Option>\n"
	    "          <Option name=\"log_prefix\">RULE %%N -- %%A </Option>\n"
	    "          <Option name=\"use_iptables_restore\">True</Option>\n"
	    "        </FirewallOptions>\n      </Firewall>\n"
	    "    </ObjectGroup>\n  </Library>\n</FWObjectDatabase>\n");
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen-fwb [-m MANIFEST] NRULES [SEED]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct gen g;
	long n = -1;
	unsigned long long seed = 1;
	const char *mpath = NULL;
	int i, npos = 0;
	char *end;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-m") == 0) {
			if (++i == argc)
				usage();
			mpath = argv[i];
		} else if (argv[i][0] == '-')
			usage();
		else if (npos == 0) {
			n = strtol(argv[i], &end, 10);
			if (*end || n < 0)
				usage();
			npos++;
		} else if (npos == 1) {
			seed = strtoull(argv[i], &end, 10);
			if (*end)
				usage();
			npos++;
		} else
			usage();
	}
	if (n < 0)
		usage();
	if (mpath != NULL && (g.manifest = fopen(mpath, "w")) == NULL)
		die("cannot write the manifest");
	g.rng = seed * 0x2545f4914f6cdd1dULL + 0x1234567;
	for (i = 0; i < NSECT; i++)
		sb_grow(&g.s[i], 0);
	plan(&g);
	build_rules(&g, n);
	emit(&g);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error");
	if (g.manifest != NULL && fclose(g.manifest) != 0)
		die("write error on the manifest");
	return 0;
}
