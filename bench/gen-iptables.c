/*
 * gen-iptables: write a large, realistic iptables-save (or ip6tables-save)
 * dump to stdout, for the parse and check benchmarks.
 *
 *	gen-iptables [-6] [-c] [-e] NRULES [SEED]
 *
 * The shape follows big site firewalls seen in the wild: a filter table
 * whose FORWARD chain fans out into per-VLAN chains (a MAC allow-list, the
 * VLAN's source ranges, the VLAN's services), per-zone chains reached by
 * jump and by goto, logging chains, audit comments, and a small nat and raw
 * table.  The output is deterministic for a given (NRULES, SEED, flags) and
 * contains exactly NRULES "-A" lines once NRULES exceeds the fixed skeleton
 * (a few dozen rules).  -c prefixes every rule with "[packets:bytes]" as
 * "iptables-save -c" does.  Everything emitted is accepted by
 * "iptables-restore --test" (1.8, nf_tables and legacy).
 *
 * Two shapes.  The default one is dense: a third of the rules are MAC
 * allow-list entries (a source host on an input VLAN) and a tenth of the
 * service rules name no destination host, so every service rule of the
 * FORWARD chain overlaps thousands of others (the syntax benchmark, and
 * the engine's dense case).  -e writes the enterprise shape of the check
 * benchmark (issue 3: overlap per rule in the tens): no MAC allow-lists,
 * a few source ranges per VLAN for anti-spoofing, and service rules
 * about one host (or a small subnet) each, so that a rule overlaps the
 * anti-spoofing entries, the rules about its own host and the few broad
 * rules of its chain.
 *
 * Standalone on purpose (C11, libc only): bench/run-parse.sh compiles it
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

enum part { HEAD, BODY, TAIL, NPART };

struct chain {
	char		 name[32];
	const char	*policy;	/* NULL for a user chain */
	struct sbuf	 part[NPART];
	long		 nrules;
};

#define MAXCHAINS	256

struct table {
	const char	*name;
	struct chain	 c[MAXCHAINS];
	int		 n;
};

struct vlan {
	int		 id;
	double		 weight;
	/* IPv4: net/plen; IPv6: 2001:db8:site:id::/64 and hosts below */
	uint32_t	 net;
	int		 plen;
	int		 zone;
	struct chain	*mac, *ranges, *filter;
};

struct gen {
	uint64_t	 rng;
	int		 v6;
	int		 counters;
	int		 enterprise;	/* -e: see the header comment */
	int		 nvlan;
	struct vlan	 vlan[64];
	uint32_t	 partner[48];	/* external networks, IPv4 */
	int		 partner_plen[48];
	int		 npartner;
	struct sbuf	 line;
};

static const char *zones[] = { "dmz", "lan", "mgmt", "srv", "guest", "lab" };
#define NZONES	((int)(sizeof(zones) / sizeof(zones[0])))

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
	"vendor \\\"acme\\\" support"
};

#define NWHYS	((uint32_t)(sizeof(whys) / sizeof(whys[0])))

static void
die(const char *msg)
{
	fprintf(stderr, "gen-iptables: %s\n", msg);
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

static double
rndf(struct gen *g)
{
	return (double)(rnd64(g) >> 11) / 9007199254740992.0;
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

static struct chain *
chain_new(struct table *t, const char *name, const char *policy)
{
	struct chain *c;

	if (t->n == MAXCHAINS)
		die("too many chains");
	c = &t->c[t->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->policy = policy;
	return c;
}

/* Rule text is built in g->line (without "-A CHAIN"), then filed. */
static void
rule_begin(struct gen *g)
{
	g->line.len = 0;
	sb_grow(&g->line, 0);
	g->line.p[0] = '\0';
}

static void
rule_end(struct gen *g, struct chain *c, enum part part)
{
	struct sbuf *b = &c->part[part];

	if (g->counters) {
		uint64_t p = chance(g, 20) ? 0 : rnd64(g) % 5000000;
		uint64_t by = p * (40 + rnd(g, 1400));

		sb_printf(b, "[%llu:%llu] ", (unsigned long long)p,
		    (unsigned long long)by);
	}
	sb_printf(b, "-A %s%s\n", c->name, g->line.p);
	c->nrules++;
}

#define R(...)	sb_printf(&g->line, __VA_ARGS__)

/* --- addresses ------------------------------------------------------- */

static void
put_v4(struct sbuf *b, uint32_t a)
{
	sb_printf(b, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255,
	    a & 255);
}

static uint32_t
mask4(int plen)
{
	return plen == 0 ? 0 : 0xffffffffU << (32 - plen);
}

/* An IPv6 address is written from (hi 64-bit prefix, lo 64-bit suffix). */
static void
put_v6(struct sbuf *b, uint64_t hi, uint64_t lo)
{
	uint16_t w[8];
	int i, best = -1, bestlen = 0, run, j;

	for (i = 0; i < 4; i++) {
		w[i] = (uint16_t)(hi >> (48 - 16 * i));
		w[4 + i] = (uint16_t)(lo >> (48 - 16 * i));
	}
	for (i = 0; i < 8; i = j + 1) {
		for (j = i; j < 8 && w[j] == 0; j++)
			;
		run = j - i;
		if (run > bestlen && run >= 2) {
			best = i;
			bestlen = run;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			sb_printf(b, "::");
			i += bestlen - 1;
			continue;
		}
		sb_printf(b, "%s%x", (i == 0 || i == best + bestlen) ? "" :
		    ":", w[i]);
	}
}

static uint64_t
mask64(int plen)
{
	if (plen <= 0)
		return 0;
	if (plen >= 64)
		return ~0ULL;
	return ~0ULL << (64 - plen);
}

/* a host inside VLAN v */
static void
vlan_host(struct gen *g, struct vlan *v, struct sbuf *b, int suffix)
{
	if (g->v6) {
		uint64_t hi = 0x20010db800000000ULL | ((uint64_t)0xa5 << 16) |
		    (uint64_t)v->id;
		uint64_t lo = chance(g, 70) ? rnd(g, 0x2000) + 2 :
		    rnd64(g) | 0x0200000000000000ULL;

		put_v6(b, hi, lo);
		if (suffix)
			sb_printf(b, "/128");
	} else {
		uint32_t span = ~mask4(v->plen);
		uint32_t a = v->net | (1 + rnd(g, span - 1));

		put_v4(b, a);
		if (suffix)
			sb_printf(b, "/32");
	}
}

/* a sub-network inside VLAN v (or the VLAN itself) */
static void
vlan_subnet(struct gen *g, struct vlan *v, struct sbuf *b, int whole)
{
	if (g->v6) {
		uint64_t hi = 0x20010db800000000ULL | ((uint64_t)0xa5 << 16) |
		    (uint64_t)v->id;
		int plen = whole ? 64 : 112 + 4 * (int)rnd(g, 4);
		uint64_t lo = (uint64_t)rnd(g, 0x2000) << 16 & mask64(plen - 64);

		put_v6(b, hi, whole ? 0 : lo);
		sb_printf(b, "/%d", plen);
	} else {
		int plen = whole ? v->plen : v->plen + 1 + (int)rnd(g,
		    (uint32_t)(30 - v->plen));
		uint32_t a = (v->net | rnd(g, ~mask4(v->plen))) & mask4(plen);

		put_v4(b, a);
		sb_printf(b, "/%d", plen);
	}
}

/* an outside network or host, prefix lengths spread like real rules */
static void
outside(struct gen *g, struct sbuf *b)
{
	if (g->v6) {
		static const int pl[] = { 128, 128, 128, 64, 64, 56, 48, 48,
		    32, 29 };
		int plen = pl[rnd(g, 10)];
		uint64_t hi = (0x2000ULL + rnd(g, 0x0c00)) << 48 |
		    (uint64_t)(rnd(g, 64)) << 32 | (rnd64(g) & 0xffffffffULL);
		uint64_t lo = plen == 128 ? rnd(g, 0x100) + 1 : 0;

		if (plen < 64)
			hi &= mask64(plen);
		put_v6(b, hi, lo);
		sb_printf(b, "/%d", plen);
	} else {
		int i = (int)rnd(g, (uint32_t)g->npartner);
		int plen;
		uint32_t a;

		if (chance(g, 55))
			plen = 32;
		else
			plen = g->partner_plen[i] + (int)rnd(g,
			    (uint32_t)(33 - g->partner_plen[i]));
		a = (g->partner[i] | rnd(g, ~mask4(g->partner_plen[i]))) &
		    mask4(plen);
		put_v4(b, a);
		sb_printf(b, "/%d", plen);
	}
}

static void
mac(struct gen *g, struct sbuf *b)
{
	static const char *oui[] = { "00:1B:21", "00:25:90", "3C:EC:EF",
	    "F4:8E:38", "00:50:56", "52:54:00", "B8:27:EB", "AC:1F:6B" };
	uint32_t r = (uint32_t)rnd64(g);

	sb_printf(b, "%s:%02X:%02X:%02X", oui[rnd(g, 8)], r & 255,
	    (r >> 8) & 255, (r >> 16) & 255);
}

/* --- pieces of rules --------------------------------------------------- */

static const char *
ifname_vlan(struct vlan *v, char *buf, size_t n)
{
	snprintf(buf, n, "eth1.%d", v->id);
	return buf;
}

static const char *
ifname_any(struct gen *g)
{
	static const char *ifs[] = { "eth0", "ppp0", "ppp+", "eth1.+", "wg0",
	    "tun+", "br-lan", "bond0", "eth2", "veth+" };

	return ifs[rnd(g, 10)];
}

static const char *
icmp_type(struct gen *g)
{
	static const char *t4[] = { "8", "0", "3", "11", "3/4", "echo-request",
	    "destination-unreachable", "time-exceeded", "3/3",
	    "parameter-problem" };
	static const char *t6[] = { "128", "129", "1", "2", "3", "135", "136",
	    "echo-request", "packet-too-big", "neighbour-solicitation" };

	return g->v6 ? t6[rnd(g, 10)] : t4[rnd(g, 10)];
}

static void
icmp_match(struct gen *g)
{
	if (g->v6)
		R(" -p ipv6-icmp -m icmp6 --icmpv6-type %s", icmp_type(g));
	else
		R(" -p icmp -m icmp --icmp-type %s", icmp_type(g));
}

static int
port(struct gen *g)
{
	static const int common[] = { 22, 25, 53, 80, 88, 110, 123, 135, 137,
	    139, 143, 161, 389, 443, 445, 465, 514, 587, 631, 636, 873, 993,
	    995, 1194, 1433, 1521, 2049, 3128, 3306, 3389, 5060, 5432, 5666,
	    5900, 6379, 8000, 8080, 8443, 9090, 9100, 10050, 27017 };

	if (chance(g, 80))
		return common[rnd(g, sizeof(common) / sizeof(common[0]))];
	return 1 + (int)rnd(g, 65535);
}

static void
portspec(struct gen *g, struct sbuf *b, int allow_range)
{
	if (allow_range && chance(g, 15)) {
		int lo = 1024 + (int)rnd(g, 50000);

		sb_printf(b, "%d:%d", lo, lo + 1 + (int)rnd(g, 4000));
	} else
		sb_printf(b, "%d", port(g));
}

static void
comment(struct gen *g)
{
	int y = 2019 + (int)rnd(g, 6), m = 1 + (int)rnd(g, 12),
	    d = 1 + (int)rnd(g, 28);

	switch (rnd(g, 8)) {
	case 0:
		R(" -m comment --comment \"%s\"", whys[rnd(g, NWHYS)]);
		break;
	case 1:
		R(" -m comment --comment \"by=%s date=%04d-%02d-%02d "
		    "why=%s ticket=CHG-%u expires=%04d-%02d-%02d\"",
		    people[rnd(g, 16)], y, m, d, whys[rnd(g, NWHYS)],
		    100 + rnd(g, 9900), y + 1, m, d);
		break;
	case 2:
		R(" -m comment --comment \"ticket=INC%u\"",
		    100000 + rnd(g, 900000));
		break;
	default:
		R(" -m comment --comment \"by=%s date=%04d-%02d-%02d "
		    "why=%s ticket=CHG-%u\"", people[rnd(g, 16)], y, m, d,
		    whys[rnd(g, NWHYS)], 100 + rnd(g, 9900));
		break;
	}
}

static void
reject(struct gen *g, int tcp)
{
	static const char *r4[] = { "icmp-port-unreachable",
	    "icmp-host-prohibited", "icmp-admin-prohibited",
	    "icmp-net-unreachable" };
	static const char *r6[] = { "icmp6-port-unreachable",
	    "icmp6-adm-prohibited", "icmp6-no-route", "icmp6-addr-unreachable"
	};

	if (tcp && chance(g, 40))
		R(" -j REJECT --reject-with tcp-reset");
	else
		R(" -j REJECT --reject-with %s", g->v6 ? r6[rnd(g, 4)] :
		    r4[rnd(g, 4)]);
}

static void
log_target(struct gen *g, const char *what)
{
	static const char *lv[] = { "", "", " --log-level 4", " --log-level 6",
	    " --log-level 7" };

	R(" -j LOG --log-prefix \"%s \"%s", what, lv[rnd(g, 5)]);
}

static void
limit(struct gen *g)
{
	static const char *rate[] = { "5/min", "10/sec", "100/min", "3/hour",
	    "1/sec", "30/min" };

	R(" -m limit --limit %s", rate[rnd(g, 6)]);
	if (chance(g, 50))
		R(" --limit-burst %u", 5 + rnd(g, 20));
}

static void
state(struct gen *g, int p)
{
	static const char *st[] = { "NEW", "NEW", "NEW", "RELATED,ESTABLISHED",
	    "NEW,ESTABLISHED", "INVALID", "ESTABLISHED",
	    "RELATED,ESTABLISHED,UNTRACKED" };
	const char *s = st[rnd(g, 8)];

	if (!chance(g, p))
		return;
	if (chance(g, 65))
		R(" -m state --state %s", s);
	else
		R(" -m conntrack %s--ctstate %s", chance(g, 4) ? "! " : "", s);
}

/* -p and the port matches for a service rule; returns the protocol */
static int
service(struct gen *g)
{
	int r = (int)rnd(g, 100), k, n;

	if (r < 64) {
		R(" -p tcp");
		state(g, 60);
		r = (int)rnd(g, 100);
		if (r < 55) {
			R(" -m tcp %s--dport ", chance(g, 3) ? "! " : "");
			portspec(g, &g->line, 1);
			if (chance(g, 35))
				R(" --tcp-flags FIN,SYN,RST,ACK SYN");
		} else if (r < 62) {
			R(" -m tcp --sport ");
			portspec(g, &g->line, 1);
		} else if (r < 67) {
			R(" -m tcp --tcp-flags FIN,SYN,RST,ACK SYN");
		}
		if (r >= 67 && r < 95) {
			R(" -m multiport %s--dports ", chance(g, 3) ? "! " :
			    "");
			n = 2 + (int)rnd(g, 6);
			for (k = 0; k < n; k++) {
				R("%s", k ? "," : "");
				portspec(g, &g->line, 1);
			}
		}
		return 6;
	}
	if (r < 88) {
		R(" -p udp");
		state(g, 30);
		r = (int)rnd(g, 100);
		if (r < 60) {
			R(" -m udp --dport ");
			portspec(g, &g->line, 1);
		} else if (r < 70) {
			R(" -m udp --sport ");
			portspec(g, &g->line, 1);
			R(" --dport ");
			portspec(g, &g->line, 1);
		} else if (r < 90) {
			R(" -m multiport --dports ");
			n = 2 + (int)rnd(g, 4);
			for (k = 0; k < n; k++) {
				R("%s", k ? "," : "");
				portspec(g, &g->line, 1);
			}
		}
		return 17;
	}
	if (r < 95) {
		icmp_match(g);
		return 1;
	}
	if (r < 97) {
		R(" -p %s", chance(g, 50) ? "esp" : "50");
		return 50;
	}
	if (r < 98) {
		R(" -p gre");
		return 47;
	}
	state(g, 40);
	return 0;
}

/* --- the table skeletons --------------------------------------------- */

static void
vlan_plan(struct gen *g, long nrules)
{
	double total = 0;
	uint32_t next = (10U << 24) | (16U << 16);
	int i;

	g->nvlan = (int)(nrules / 600);
	if (g->nvlan < 6)
		g->nvlan = 6;
	if (g->nvlan > 48)
		g->nvlan = 48;
	for (i = 0; i < g->nvlan; i++) {
		double x = rndf(g);

		/* heavy tail: a few big VLANs, many small ones */
		g->vlan[i].weight = 0.2 + x * x * x * 12;
		total += g->vlan[i].weight;
	}
	for (i = 0; i < g->nvlan; i++) {
		struct vlan *v = &g->vlan[i];
		double hosts = v->weight / total * (double)nrules * 0.5 + 16;
		int plen = 28;

		v->id = (i < 4 ? 96 : 100) + i * 7 + (int)rnd(g, 7) +
		    (i > 20 ? 900 : 0);
		while (plen > 16 && (double)(1U << (32 - plen)) < hosts * 2)
			plen--;
		next = (next + ~mask4(plen)) & mask4(plen);
		v->net = next;
		v->plen = plen;
		next += 1U << (32 - plen);
		v->zone = (int)rnd(g, NZONES);
	}
	g->npartner = 48;
	for (i = 0; i < g->npartner; i++) {
		uint32_t a;
		int plen = 8 + (int)rnd(g, 17);

		do
			a = (uint32_t)rnd64(g);
		while ((a >> 24) == 10 || (a >> 24) == 127 || (a >> 24) >= 224 ||
		    (a >> 24) == 0);
		g->partner[i] = a & mask4(plen);
		g->partner_plen[i] = plen;
	}
}

/* The site's own prefixes, for anti-spoofing and NAT. */
static void
site_prefix(struct gen *g, int i, struct sbuf *b)
{
	static const char *v4[] = { "10.16.0.0/12", "172.16.0.0/12",
	    "192.168.0.0/16", "198.51.100.0/24", "203.0.113.0/24",
	    "192.0.2.0/24" };
	static const char *v6[] = { "2001:db8:a5::/48", "fd00::/8",
	    "2001:db8:1::/48", "2001:db8:ffff::/48", "fe80::/10",
	    "2001:db8:42::/48" };

	sb_printf(b, "%s", g->v6 ? v6[i % 6] : v4[i % 6]);
}

static void
build_filter(struct gen *g, struct table *t, long body_target)
{
	struct chain *in, *fwd, *out, *logdrop, *logrej, *nfh, *fdef, *fin,
	    *icmpok, *sshg, *zone[NZONES];
	char name[32], ifb[32];
	int i, z;
	long made = 0;

	in = chain_new(t, "INPUT", "DROP");
	fwd = chain_new(t, "FORWARD", "DROP");
	out = chain_new(t, "OUTPUT", "ACCEPT");
	logdrop = chain_new(t, "LOG_DROP", NULL);
	logrej = chain_new(t, "LOG_REJECT", NULL);
	nfh = chain_new(t, "NOTFROMHERE", NULL);
	fdef = chain_new(t, "filter_DEFAULT", NULL);
	fin = chain_new(t, "filter_INPUT", NULL);
	icmpok = chain_new(t, "icmp_ok", NULL);
	sshg = chain_new(t, "ssh_guard", NULL);
	for (z = 0; z < NZONES; z++) {
		snprintf(name, sizeof(name), "zone_%s", zones[z]);
		zone[z] = chain_new(t, name, NULL);
	}
	for (i = 0; i < g->nvlan; i++) {
		struct vlan *v = &g->vlan[i];

		snprintf(name, sizeof(name), "mac_%d", v->id);
		v->mac = chain_new(t, name, NULL);
		snprintf(name, sizeof(name), "ranges_%d", v->id);
		v->ranges = chain_new(t, name, NULL);
		snprintf(name, sizeof(name), "filter_%d", v->id);
		v->filter = chain_new(t, name, NULL);
	}

	/* INPUT */
	rule_begin(g);
	R(" -m state --state RELATED,ESTABLISHED%s -j ACCEPT",
	    g->v6 ? "" : ",UNTRACKED");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(" -i lo -j ACCEPT");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(" -m conntrack --ctstate INVALID -j DROP");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(" -i eth0 -j NOTFROMHERE");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(" -i ppp+ -j NOTFROMHERE");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(" -p tcp -m state --state NEW -m tcp --dport 22 -j ssh_guard");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(g->v6 ? " -p ipv6-icmp -j icmp_ok" : " -p icmp -j icmp_ok");
	rule_end(g, in, HEAD);
	rule_begin(g);
	R(" -i eth0 -j filter_INPUT");
	rule_end(g, in, TAIL);
	rule_begin(g);
	R(" -i eth1.+ -j filter_INPUT");
	rule_end(g, in, TAIL);
	rule_begin(g);
	R(" -m limit --limit 100/min -j LOG --log-prefix \"INPUT drop: \"");
	rule_end(g, in, TAIL);

	/* FORWARD: the fan-out into zones and VLANs */
	rule_begin(g);
	R(" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
	rule_end(g, fwd, HEAD);
	rule_begin(g);
	R(" -i eth0 -j NOTFROMHERE");
	rule_end(g, fwd, HEAD);
	for (i = 0; i < g->nvlan; i++) {
		struct vlan *v = &g->vlan[i];

		ifname_vlan(v, ifb, sizeof(ifb));
		rule_begin(g);
		R(" -s ");
		vlan_subnet(g, v, &g->line, 1);
		R(" -i %s -j %s", ifb, v->mac->name);
		rule_end(g, fwd, HEAD);
		rule_begin(g);
		R(" -i %s -j %s", ifb, v->ranges->name);
		rule_end(g, fwd, HEAD);
	}
	for (z = 0; z < NZONES; z++) {
		rule_begin(g);
		if (z == 1)	/* the LAN zone is entered by goto from eth0 */
			R(" -i eth0 -o eth1.+ -g %s", zone[z]->name);
		else
			R(" -o eth1.+ -j %s", zone[z]->name);
		rule_end(g, fwd, TAIL);
	}
	rule_begin(g);
	R(" -j LOG_DROP");
	rule_end(g, fwd, TAIL);

	/* OUTPUT */
	rule_begin(g);
	R(" -o lo -j ACCEPT");
	rule_end(g, out, HEAD);
	rule_begin(g);
	R(" -m conntrack --ctstate INVALID -j DROP");
	rule_end(g, out, HEAD);

	/* logging and shared chains */
	rule_begin(g);
	R(" -m limit --limit 100/min -j LOG --log-prefix \"[IPT_DROP]: \"");
	rule_end(g, logdrop, HEAD);
	rule_begin(g);
	R(" -j DROP");
	rule_end(g, logdrop, TAIL);
	rule_begin(g);
	R(" -m limit --limit 30/min --limit-burst 10 -j LOG --log-prefix "
	    "\"[IPT_REJECT]: \" --log-level 6");
	rule_end(g, logrej, HEAD);
	rule_begin(g);
	reject(g, 0);
	rule_end(g, logrej, TAIL);
	for (i = 0; i < 6; i++) {
		rule_begin(g);
		R(" -s ");
		site_prefix(g, i, &g->line);
		R(" -j LOG_DROP");
		rule_end(g, nfh, HEAD);
	}
	rule_begin(g);
	R(" -j RETURN");
	rule_end(g, nfh, TAIL);
	rule_begin(g);
	R(g->v6 ? " -p ipv6-icmp -j ACCEPT" : " -p icmp -j ACCEPT");
	rule_end(g, fdef, HEAD);
	rule_begin(g);
	R(" -m limit --limit 100/min");
	reject(g, 0);
	rule_end(g, fdef, TAIL);
	rule_begin(g);
	R(" -j DROP");
	rule_end(g, fdef, TAIL);
	rule_begin(g);
	R(" -j filter_DEFAULT");
	rule_end(g, fin, TAIL);
	for (i = 0; i < 5; i++) {
		rule_begin(g);
		icmp_match(g);
		if (i == 4)
			limit(g);
		R(" -j ACCEPT");
		rule_end(g, icmpok, HEAD);
	}
	rule_begin(g);
	R(" -j RETURN");
	rule_end(g, icmpok, TAIL);
	rule_begin(g);
	R(" -s ");
	site_prefix(g, 0, &g->line);
	R(" -j RETURN");
	rule_end(g, sshg, HEAD);
	rule_begin(g);
	limit(g);
	R(" -j RETURN");
	rule_end(g, sshg, HEAD);
	rule_begin(g);
	R(" -j LOG_DROP");
	rule_end(g, sshg, TAIL);

	/* zones jump (or go) to their VLANs' service chains */
	for (i = 0; i < g->nvlan; i++) {
		struct vlan *v = &g->vlan[i];

		rule_begin(g);
		R(" -d ");
		vlan_subnet(g, v, &g->line, 1);
		R(" -o %s %s %s", ifname_vlan(v, ifb, sizeof(ifb)),
		    chance(g, 30) ? "-g" : "-j", v->filter->name);
		rule_end(g, zone[v->zone], HEAD);
	}
	for (z = 0; z < NZONES; z++) {
		rule_begin(g);
		R(z == 1 ? " -j LOG_REJECT" : " -j RETURN");
		rule_end(g, zone[z], TAIL);
	}
	for (i = 0; i < g->nvlan; i++) {
		struct vlan *v = &g->vlan[i];

		rule_begin(g);
		R(" -j RETURN");
		rule_end(g, v->mac, TAIL);
		rule_begin(g);
		R(" -s ");
		vlan_subnet(g, v, &g->line, 1);
		R(" -j RETURN");
		rule_end(g, v->ranges, HEAD);
		for (int e = 0; g->enterprise && e < 3; e++) {
			rule_begin(g);
			R(" -s ");
			vlan_subnet(g, v, &g->line, 0);
			R(" -j RETURN");
			rule_end(g, v->ranges, HEAD);
		}
		rule_begin(g);
		R(" -j LOG_DROP");
		rule_end(g, v->ranges, TAIL);
		rule_begin(g);
		R(" -j filter_DEFAULT");
		rule_end(g, v->filter, TAIL);
	}

	for (i = 0; i < t->n; i++)
		made += t->c[i].nrules;
	body_target -= made;

	/* the body: weighted over VLANs, like a site that grew for years */
	while (body_target-- > 0) {
		double x = rndf(g), total = 0, acc = 0;
		struct vlan *v = NULL;
		int k = (int)rnd(g, 1000), proto;

		for (i = 0; i < g->nvlan; i++)
			total += g->vlan[i].weight;
		x *= total;
		for (i = 0; i < g->nvlan; i++) {
			acc += g->vlan[i].weight;
			if (x < acc || i == g->nvlan - 1) {
				v = &g->vlan[i];
				break;
			}
		}
		rule_begin(g);
		if (g->enterprise && k < 370)
			k = k < 30 ? 370 + k : 410 + k;	/* services */
		if (k < 330) {
			/* MAC allow-list entry or a blocked host */
			R(" -s ");
			vlan_host(g, v, &g->line, 1);
			if (chance(g, 85)) {
				R(" -m mac --mac-source ");
				mac(g, &g->line);
				if (chance(g, 6))
					comment(g);
				R(" -j RETURN");
			} else
				R(" -j DROP");
			rule_end(g, v->mac, BODY);
			continue;
		}
		if (k < 370) {
			/* an extra source range of the VLAN */
			if (chance(g, 40) && !g->v6) {
				uint32_t a = v->net | rnd(g, ~mask4(v->plen) /
				    2);

				R(" -m iprange --src-range ");
				put_v4(&g->line, a);
				R("-");
				put_v4(&g->line, a + 1 + rnd(g, 200));
			} else if (chance(g, 40) && g->v6) {
				uint64_t hi = 0x20010db800000000ULL |
				    ((uint64_t)0xa5 << 16) | (uint64_t)v->id;
				uint64_t lo = 2 + rnd(g, 0x2000);

				R(" -m iprange --src-range ");
				put_v6(&g->line, hi, lo);
				R("-");
				put_v6(&g->line, hi, lo + 1 + rnd(g, 300));
			} else {
				R(" -s ");
				vlan_subnet(g, v, &g->line, 0);
			}
			R(" -j RETURN");
			rule_end(g, v->ranges, BODY);
			continue;
		}
		if (k < 400) {
			/* host firewall services */
			R(" -s ");
			outside(g, &g->line);
			proto = service(g);
			if (chance(g, 25))
				comment(g);
			R(" -j ACCEPT");
			(void)proto;
			rule_end(g, fin, BODY);
			continue;
		}
		if (k < 410) {
			/* egress filtering */
			if (chance(g, 50)) {
				R(" -d ");
				outside(g, &g->line);
			}
			R(" -o %s", ifname_any(g));
			proto = service(g);
			if (chance(g, 40))
				reject(g, proto == 6);
			else
				R(" -j ACCEPT");
			rule_end(g, out, BODY);
			continue;
		}
		/* a VLAN service rule */
		{
			int s = (int)rnd(g, 100), d = (int)rnd(g, 100);
			int a = (int)rnd(g, 1000);

			if (s < 40) {
				R(chance(g, 4) ? " ! -s " : " -s ");
				outside(g, &g->line);
			} else if (s < 50) {
				R(" -s ");
				vlan_subnet(g, &g->vlan[rnd(g,
				    (uint32_t)g->nvlan)], &g->line, chance(g,
				    50));
			}
			if (d < (g->enterprise ? 94 : 72)) {
				R(" -d ");
				vlan_host(g, v, &g->line, 1);
			} else if (d < (g->enterprise ? 99 : 88)) {
				R(chance(g, 5) ? " ! -d " : " -d ");
				vlan_subnet(g, v, &g->line, 0);
			}
			if (chance(g, 8))
				R(" %s-i %s", chance(g, 15) ? "! " : "",
				    ifname_any(g));
			if (chance(g, 4))
				R(" -o %s", ifname_vlan(v, ifb, sizeof(ifb)));
			if (chance(g, 5))
				comment(g);
			proto = service(g);
			if (chance(g, 2))
				limit(g);
			if (chance(g, 14))
				comment(g);
			if (a < 800)
				R(" -j ACCEPT");
			else if (a < 880)
				R(" -j DROP");
			else if (a < 930)
				reject(g, proto == 6);
			else if (a < 960)
				log_target(g, chance(g, 50) ? "svc" :
				    "svc audit");
			else if (a < 980)
				R(" -j RETURN");
			else if (a < 990)
				R(" -j LOG_DROP");
			else
				R(" -j icmp_ok");
			rule_end(g, v->filter, BODY);
		}
	}
}

static void
build_nat(struct gen *g, struct table *t, long n)
{
	struct chain *pre, *post, *c;
	long i;

	pre = chain_new(t, "PREROUTING", "ACCEPT");
	chain_new(t, "INPUT", "ACCEPT");
	chain_new(t, "OUTPUT", "ACCEPT");
	post = chain_new(t, "POSTROUTING", "ACCEPT");
	for (i = 0; i < n; i++) {
		struct vlan *v = &g->vlan[rnd(g, (uint32_t)g->nvlan)];
		int tcp = chance(g, 80);

		rule_begin(g);
		if (i % 4 == 3) {
			R(" -s ");
			vlan_subnet(g, v, &g->line, 1);
			if (chance(g, 50) || g->v6)
				R(" -o eth0 -j MASQUERADE");
			else {
				R(" -o ppp0 -j SNAT --to-source 203.0.113.%u",
				    1 + rnd(g, 250));
			}
			c = post;
		} else {
			R(" -d %s -i eth0 -p %s -m %s --dport %d",
			    g->v6 ? "2001:db8:ffff::1/128" : "198.51.100.7/32",
			    tcp ? "tcp" : "udp", tcp ? "tcp" : "udp",
			    1024 + (int)i);
			R(" -j DNAT --to-destination ");
			if (g->v6)
				R("[");
			vlan_host(g, v, &g->line, 0);
			R("%s:%d", g->v6 ? "]" : "", port(g));
			c = pre;
		}
		rule_end(g, c, BODY);
	}
}

static void
build_raw(struct gen *g, struct table *t, long n)
{
	struct chain *pre;
	char ifb[32];
	long i;

	pre = chain_new(t, "PREROUTING", "ACCEPT");
	chain_new(t, "OUTPUT", "ACCEPT");
	for (i = 0; i < n; i++) {
		struct vlan *v = &g->vlan[rnd(g, (uint32_t)g->nvlan)];

		rule_begin(g);
		R(" -s ");
		vlan_host(g, v, &g->line, 1);
		R(" -i %s", ifname_vlan(v, ifb, sizeof(ifb)));
		if (chance(g, 50))
			R(" -p udp -m udp --dport 53");
		R(chance(g, 70) ? " -j NOTRACK" : " -j CT --notrack");
		rule_end(g, pre, BODY);
	}
}

static int
chain_cmp(const void *a, const void *b)
{
	const struct chain *x = a, *y = b;

	if ((x->policy != NULL) != (y->policy != NULL))
		return x->policy != NULL ? -1 : 1;
	if (x->policy != NULL)
		return 0;
	return strcmp(x->name, y->name);
}

static void
emit(struct gen *g, struct table *t)
{
	static const char *stamp = "Mon Mar  4 09:12:44 2024";
	int i, p;

	/* built-in chains keep their order; user chains sort by name */
	qsort(t->c + 3, (size_t)(t->n > 3 ? t->n - 3 : 0), sizeof(t->c[0]),
	    chain_cmp);
	printf("# Generated by %s v1.8.9 on %s\n*%s\n", g->v6 ? "ip6tables-save"
	    : "iptables-save", stamp, t->name);
	for (i = 0; i < t->n; i++) {
		struct chain *c = &t->c[i];
		uint64_t pk = c->policy ? rnd64(g) % 90000000000ULL : 0;

		printf(":%s %s [%llu:%llu]\n", c->name, c->policy ? c->policy :
		    "-", (unsigned long long)pk, (unsigned long long)(pk *
		    (60 + rnd(g, 1200))));
	}
	for (i = 0; i < t->n; i++)
		for (p = 0; p < NPART; p++)
			if (t->c[i].part[p].len)
				fwrite(t->c[i].part[p].p, 1,
				    t->c[i].part[p].len, stdout);
	printf("COMMIT\n# Completed on %s\n", stamp);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gen-iptables [-6] [-c] [-e] NRULES [SEED]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static struct gen g;
	static struct table raw, nat, filter;
	long n = -1, nraw, nnat;
	unsigned long long seed = 1;
	int i, npos = 0;
	char *end;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-6") == 0)
			g.v6 = 1;
		else if (strcmp(argv[i], "-c") == 0)
			g.counters = 1;
		else if (strcmp(argv[i], "-e") == 0)
			g.enterprise = 1;
		else if (argv[i][0] == '-')
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
	g.rng = seed * 0x2545f4914f6cdd1dULL + 0x1234567;
	vlan_plan(&g, n);
	raw.name = "raw";
	nat.name = "nat";
	filter.name = "filter";
	nraw = n / 150 + 2;
	nnat = n / 80 + 4;
	build_raw(&g, &raw, nraw);
	build_nat(&g, &nat, nnat);
	build_filter(&g, &filter, n - nraw - nnat);
	emit(&g, &raw);
	emit(&g, &nat);
	emit(&g, &filter);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error");
	return 0;
}
