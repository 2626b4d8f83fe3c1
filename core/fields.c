/*
 * fields.c - the dimensions of the packet space and the names of values.
 *
 * The name tables are built in (protocols and services as Debian's netbase
 * lists them, ICMP names as iptables, pfctl and the ASA CLI spell them) so
 * that results never depend on the machine firelint runs on.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/fields.h"

static const struct field_info field_table[FIELD_COUNT] = {
	[FIELD_SRC4] = { "src", 32, FAMILY_IPV4 },
	[FIELD_DST4] = { "dst", 32, FAMILY_IPV4 },
	[FIELD_SRC6] = { "src", 128, FAMILY_IPV6 },
	[FIELD_DST6] = { "dst", 128, FAMILY_IPV6 },
	[FIELD_PROTO] = { "proto", 8, FAMILY_ANY },
	[FIELD_SPORT] = { "sport", 16, FAMILY_ANY },
	[FIELD_DPORT] = { "dport", 16, FAMILY_ANY },
	[FIELD_ICMP] = { "icmp", 16, FAMILY_ANY },
	[FIELD_TCPFLAGS] = { "tcp-flags", 8, FAMILY_ANY },
	[FIELD_CTSTATE] = { "state", 3, FAMILY_ANY },
	[FIELD_FRAGMENT] = { "fragment", 1, FAMILY_ANY },
	[FIELD_SRC_MAC] = { "src-mac", 48, FAMILY_ANY },
	[FIELD_SRC_ADDRTYPE] = { "src-type", 4, FAMILY_ANY },
	[FIELD_DST_ADDRTYPE] = { "dst-type", 4, FAMILY_ANY },
	[FIELD_UID] = { "uid", 32, FAMILY_ANY },
	[FIELD_GID] = { "gid", 32, FAMILY_ANY },
	[FIELD_PKTTYPE] = { "pkt-type", 2, FAMILY_ANY },
	[FIELD_TTL] = { "ttl", 8, FAMILY_ANY },
	[FIELD_LENGTH] = { "length", 16, FAMILY_ANY },
	[FIELD_DIRECTION] = { "direction", 1, FAMILY_ANY },
};

const struct field_info *
field_info(enum field f)
{
	if ((unsigned)f >= FIELD_COUNT)
		return NULL;
	return &field_table[f];
}

/*
 * Enumerated fields end at their last value, not at the top of their
 * width, so that a complement never invents states that do not exist.
 */
struct u128
field_max(enum field f)
{
	switch (f) {
	case FIELD_CTSTATE:
		return u128_from64(CTSTATE_COUNT - 1);
	case FIELD_SRC_ADDRTYPE:
	case FIELD_DST_ADDRTYPE:
		return u128_from64(ADDRTYPE_COUNT - 1);
	case FIELD_PKTTYPE:
		return u128_from64(PKTTYPE_COUNT - 1);
	default:
		if ((unsigned)f >= FIELD_COUNT)
			return u128_from64(0);
		return u128_max_of_width(field_table[f].width);
	}
}

/* Case-insensitive comparison of s[0..len) with a NUL-terminated name. */
static bool
name_eq(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(s, name, len) == 0;
}

static bool
parse_number(const char *s, size_t len, unsigned long max,
    unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (len == 0 || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* Conntrack states. */

static const char *const ctstate_names[CTSTATE_COUNT] = {
	[CTSTATE_INVALID] = "INVALID",
	[CTSTATE_NEW] = "NEW",
	[CTSTATE_ESTABLISHED] = "ESTABLISHED",
	[CTSTATE_RELATED] = "RELATED",
	[CTSTATE_UNTRACKED] = "UNTRACKED",
};

const char *
ctstate_name(enum ctstate s)
{
	if ((unsigned)s >= CTSTATE_COUNT)
		return "?";
	return ctstate_names[s];
}

bool
ctstate_parse(const char *s, size_t len, enum ctstate *out)
{
	int i;

	for (i = 0; i < CTSTATE_COUNT; i++) {
		if (name_eq(s, len, ctstate_names[i])) {
			*out = (enum ctstate)i;
			return true;
		}
	}
	return false;
}

/* TCP flags, in iptables' order; ALL is FIN..URG as in libxt_tcp. */

static const struct {
	const char	*name;
	unsigned	 bits;
} tcpflag_names[] = {
	{ "FIN", TCPF_FIN }, { "SYN", TCPF_SYN }, { "RST", TCPF_RST },
	{ "PSH", TCPF_PSH }, { "ACK", TCPF_ACK }, { "URG", TCPF_URG },
	{ "ECE", TCPF_ECE }, { "CWR", TCPF_CWR },
	{ "ALL", 0x3f }, { "NONE", 0 },
};
#define NTCPFLAG_NAMES (sizeof(tcpflag_names) / sizeof(tcpflag_names[0]))

bool
tcpflags_parse(const char *s, size_t len, unsigned *mask)
{
	unsigned m = 0;
	size_t i = 0;

	if (len == 0)
		return false;
	while (i <= len) {
		size_t start = i, k;
		bool found = false;

		while (i < len && s[i] != ',')
			i++;
		for (k = 0; k < NTCPFLAG_NAMES; k++) {
			if (name_eq(s + start, i - start,
			    tcpflag_names[k].name)) {
				m |= tcpflag_names[k].bits;
				found = true;
				break;
			}
		}
		if (!found)
			return false;
		i++;
	}
	*mask = m;
	return true;
}

struct ivset *
tcpflags_set(struct arena *a, unsigned mask, unsigned comp)
{
	struct interval iv[256];
	size_t n = 0;
	unsigned b;

	mask &= 0xff;
	for (b = 0; b < 256; b++) {
		if ((b & mask) != (comp & 0xff) || (comp & ~mask & 0xff))
			continue;
		if (n > 0 && iv[n - 1].hi.lo + 1 == b)
			iv[n - 1].hi = u128_from64(b);
		else {
			iv[n].lo = iv[n].hi = u128_from64(b);
			n++;
		}
	}
	return ivset_from(a, iv, n);
}

/* Address types and packet types. */

static const char *const addrtype_names[ADDRTYPE_COUNT] = {
	"UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
	"BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
};

bool
addrtype_parse(const char *s, size_t len, enum addrtype *out)
{
	int i;

	for (i = 0; i < ADDRTYPE_COUNT; i++) {
		if (name_eq(s, len, addrtype_names[i])) {
			*out = (enum addrtype)i;
			return true;
		}
	}
	return false;
}

const char *
addrtype_name(enum addrtype t)
{
	if ((unsigned)t >= ADDRTYPE_COUNT)
		return "?";
	return addrtype_names[t];
}

static const char *const pkttype_names[PKTTYPE_COUNT] = {
	"unicast", "broadcast", "multicast",
};

bool
pkttype_parse(const char *s, size_t len, enum pkttype *out)
{
	int i;

	for (i = 0; i < PKTTYPE_COUNT; i++) {
		if (name_eq(s, len, pkttype_names[i])) {
			*out = (enum pkttype)i;
			return true;
		}
	}
	/* libxt_pkttype's alias for packets to this host. */
	if (name_eq(s, len, "host")) {
		*out = PKTTYPE_UNICAST;
		return true;
	}
	return false;
}

/* Protocols: netbase's /etc/protocols, first name canonical. */

static const struct {
	const char	*name;
	unsigned	 num;
} proto_table[] = {
	{ "icmp", 1 }, { "igmp", 2 }, { "ggp", 3 }, { "ipencap", 4 },
	{ "st", 5 }, { "tcp", 6 }, { "egp", 8 }, { "igp", 9 },
	{ "pup", 12 }, { "udp", 17 }, { "hmp", 20 }, { "xns-idp", 22 },
	{ "rdp", 27 }, { "iso-tp4", 29 }, { "dccp", 33 }, { "xtp", 36 },
	{ "ddp", 37 }, { "idpr-cmtp", 38 }, { "ipv6", 41 },
	{ "ipv6-route", 43 }, { "ipv6-frag", 44 }, { "idrp", 45 },
	{ "rsvp", 46 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 },
	{ "skip", 57 }, { "ipv6-icmp", 58 }, { "ipv6-nonxt", 59 },
	{ "ipv6-opts", 60 }, { "rspf", 73 }, { "vmtp", 81 },
	{ "eigrp", 88 }, { "ospf", 89 }, { "ax.25", 93 }, { "ipip", 94 },
	{ "etherip", 97 }, { "encap", 98 }, { "pim", 103 },
	{ "ipcomp", 108 }, { "vrrp", 112 }, { "l2tp", 115 },
	{ "isis", 124 }, { "sctp", 132 }, { "fc", 133 },
	{ "mobility-header", 135 }, { "udplite", 136 },
	{ "mpls-in-ip", 137 }, { "manet", 138 }, { "hip", 139 },
	{ "shim6", 140 }, { "wesp", 141 }, { "rohc", 142 },
	{ "ethernet", 143 },
	/* Aliases: netbase's second column and the spellings of iptables
	   (icmpv6), pfctl (icmp6, ipv6-icmp) and the ASA (ospf, nos...). */
	{ "ipv6-icmp", 58 }, { "icmpv6", 58 }, { "icmp6", 58 },
	{ "ospfigp", 89 }, { "ipv4", 4 }, { "ip-in-ip", 4 },
	{ "mobility", 135 }, { "ipinip", 4 }, { "nos", 94 },
	{ "snp", 109 }, { "pcp", 108 }, { "ipsec", 50 },
	{ "carp", 112 }, { "pfsync", 240 }, { "igrp", 9 },
};
#define NPROTO (sizeof(proto_table) / sizeof(proto_table[0]))

bool
proto_parse(const char *s, size_t len, unsigned *out)
{
	unsigned long v;
	size_t i;

	if (s == NULL)
		return false;
	if (parse_number(s, len, 255, &v)) {
		*out = (unsigned)v;
		return true;
	}
	for (i = 0; i < NPROTO; i++) {
		if (name_eq(s, len, proto_table[i].name)) {
			*out = proto_table[i].num;
			return true;
		}
	}
	return false;
}

const char *
proto_name(unsigned proto)
{
	size_t i;

	for (i = 0; i < NPROTO; i++)
		if (proto_table[i].num == proto)
			return proto_table[i].name;
	return NULL;
}

/*
 * ICMP names.  The first entry of a (type, code) pair is the canonical
 * name; code -1 stands for every code of the type.
 */
struct icmp_entry {
	const char	*name;
	int		 type, code;
};

static const struct icmp_entry icmp4_table[] = {
	{ "echo-reply", 0, -1 },
	{ "destination-unreachable", 3, -1 },
	{ "network-unreachable", 3, 0 },
	{ "host-unreachable", 3, 1 },
	{ "protocol-unreachable", 3, 2 },
	{ "port-unreachable", 3, 3 },
	{ "fragmentation-needed", 3, 4 },
	{ "source-route-failed", 3, 5 },
	{ "network-unknown", 3, 6 },
	{ "host-unknown", 3, 7 },
	{ "network-prohibited", 3, 9 },
	{ "host-prohibited", 3, 10 },
	{ "TOS-network-unreachable", 3, 11 },
	{ "TOS-host-unreachable", 3, 12 },
	{ "communication-prohibited", 3, 13 },
	{ "host-precedence-violation", 3, 14 },
	{ "precedence-cutoff", 3, 15 },
	{ "source-quench", 4, -1 },
	{ "redirect", 5, -1 },
	{ "network-redirect", 5, 0 },
	{ "host-redirect", 5, 1 },
	{ "TOS-network-redirect", 5, 2 },
	{ "TOS-host-redirect", 5, 3 },
	{ "echo-request", 8, -1 },
	{ "router-advertisement", 9, -1 },
	{ "router-solicitation", 10, -1 },
	{ "time-exceeded", 11, -1 },
	{ "ttl-zero-during-transit", 11, 0 },
	{ "ttl-zero-during-reassembly", 11, 1 },
	{ "parameter-problem", 12, -1 },
	{ "ip-header-bad", 12, 0 },
	{ "required-option-missing", 12, 1 },
	{ "timestamp-request", 13, -1 },
	{ "timestamp-reply", 14, -1 },
	{ "address-mask-request", 17, -1 },
	{ "address-mask-reply", 18, -1 },
	/* iptables aliases */
	{ "pong", 0, -1 }, { "ping", 8, -1 }, { "ttl-exceeded", 11, -1 },
	/* pfctl */
	{ "echorep", 0, -1 }, { "unreach", 3, -1 }, { "squench", 4, -1 },
	{ "redir", 5, -1 }, { "althost", 6, -1 }, { "echoreq", 8, -1 },
	{ "routeradv", 9, -1 }, { "routersol", 10, -1 }, { "timex", 11, -1 },
	{ "paramprob", 12, -1 }, { "timereq", 13, -1 },
	{ "timerep", 14, -1 }, { "inforeq", 15, -1 }, { "inforep", 16, -1 },
	{ "maskreq", 17, -1 }, { "maskrep", 18, -1 }, { "trace", 30, -1 },
	{ "dataconv", 31, -1 }, { "mobredir", 32, -1 },
	{ "ipv6-where", 33, -1 }, { "ipv6-here", 34, -1 },
	{ "mobregreq", 35, -1 }, { "mobregrep", 36, -1 },
	{ "photuris", 40, -1 },
	/* ASA */
	{ "unreachable", 3, -1 }, { "alternate-address", 6, -1 },
	{ "echo", 8, -1 }, { "information-request", 15, -1 },
	{ "information-reply", 16, -1 }, { "mask-request", 17, -1 },
	{ "mask-reply", 18, -1 }, { "traceroute", 30, -1 },
	{ "conversion-error", 31, -1 }, { "mobile-redirect", 32, -1 },
};

static const struct icmp_entry icmp6_table[] = {
	{ "destination-unreachable", 1, -1 },
	{ "no-route", 1, 0 },
	{ "communication-prohibited", 1, 1 },
	{ "beyond-scope", 1, 2 },
	{ "address-unreachable", 1, 3 },
	{ "port-unreachable", 1, 4 },
	{ "failed-policy", 1, 5 },
	{ "reject-route", 1, 6 },
	{ "packet-too-big", 2, -1 },
	{ "time-exceeded", 3, -1 },
	{ "ttl-zero-during-transit", 3, 0 },
	{ "ttl-zero-during-reassembly", 3, 1 },
	{ "parameter-problem", 4, -1 },
	{ "bad-header", 4, 0 },
	{ "unknown-header-type", 4, 1 },
	{ "unknown-option", 4, 2 },
	{ "echo-request", 128, -1 },
	{ "echo-reply", 129, -1 },
	{ "mld-listener-query", 130, -1 },
	{ "mld-listener-report", 131, -1 },
	{ "mld-listener-done", 132, -1 },
	{ "router-solicitation", 133, -1 },
	{ "router-advertisement", 134, -1 },
	{ "neighbour-solicitation", 135, -1 },
	{ "neighbour-advertisement", 136, -1 },
	{ "redirect", 137, -1 },
	/* ip6tables aliases */
	{ "ttl-exceeded", 3, -1 }, { "ping", 128, -1 }, { "pong", 129, -1 },
	{ "neighbor-solicitation", 135, -1 },
	{ "neighbor-advertisement", 136, -1 },
	/* pfctl */
	{ "unreach", 1, -1 }, { "toobig", 2, -1 }, { "timex", 3, -1 },
	{ "paramprob", 4, -1 }, { "echoreq", 128, -1 },
	{ "echorep", 129, -1 }, { "groupqry", 130, -1 },
	{ "listqry", 130, -1 }, { "grouprep", 131, -1 },
	{ "listenrep", 131, -1 }, { "groupterm", 132, -1 },
	{ "listendone", 132, -1 }, { "routersol", 133, -1 },
	{ "routeradv", 134, -1 }, { "neighbrsol", 135, -1 },
	{ "neighbradv", 136, -1 }, { "redir", 137, -1 },
	{ "routrrenum", 138, -1 }, { "wrureq", 139, -1 },
	{ "wrurep", 140, -1 }, { "fqdnreq", 139, -1 },
	{ "fqdnrep", 140, -1 }, { "niqry", 139, -1 }, { "nirep", 140, -1 },
	{ "mtraceresp", 200, -1 }, { "mtrace", 201, -1 },
	/* ASA */
	{ "unreachable", 1, -1 }, { "echo", 128, -1 },
	{ "membership-query", 130, -1 }, { "membership-report", 131, -1 },
	{ "membership-reduction", 132, -1 },
	{ "router-renumbering", 138, -1 },
	{ "neighbor-redirect", 137, -1 },
};

static const struct icmp_entry *
icmp_table(enum family f, size_t *n)
{
	if (f == FAMILY_IPV6) {
		*n = sizeof(icmp6_table) / sizeof(icmp6_table[0]);
		return icmp6_table;
	}
	*n = sizeof(icmp4_table) / sizeof(icmp4_table[0]);
	return icmp4_table;
}

bool
icmp_parse(enum family f, const char *s, size_t len, int *type, int *code)
{
	const struct icmp_entry *t;
	const char *slash;
	unsigned long v, c;
	size_t n, i;

	if (s == NULL || len == 0)
		return false;
	if (name_eq(s, len, "any")) {
		*type = -1;
		*code = -1;
		return true;
	}
	slash = memchr(s, '/', len);
	if (slash != NULL) {
		size_t l1 = (size_t)(slash - s);

		if (!parse_number(s, l1, 255, &v) ||
		    !parse_number(slash + 1, len - l1 - 1, 255, &c))
			return false;
		*type = (int)v;
		*code = (int)c;
		return true;
	}
	if (parse_number(s, len, 255, &v)) {
		*type = (int)v;
		*code = -1;
		return true;
	}
	t = icmp_table(f, &n);
	for (i = 0; i < n; i++) {
		if (name_eq(s, len, t[i].name)) {
			*type = t[i].type;
			*code = t[i].code;
			return true;
		}
	}
	return false;
}

const char *
icmp_name(enum family f, int type, int code)
{
	const struct icmp_entry *t;
	size_t n, i;

	t = icmp_table(f, &n);
	for (i = 0; i < n; i++)
		if (t[i].type == type && t[i].code == code)
			return t[i].name;
	return NULL;
}

/* Services: netbase's /etc/services, plus ASA keywords netbase lacks. */

enum { SVC_TCP = 1, SVC_UDP = 2, SVC_BOTH = 3 };

static const struct {
	const char	*name;
	unsigned	 port;
	unsigned	 protos;
} service_table[] = {
	{ "tcpmux", 1, SVC_TCP }, { "echo", 7, SVC_BOTH },
	{ "discard", 9, SVC_BOTH }, { "sink", 9, SVC_BOTH },
	{ "null", 9, SVC_BOTH }, { "systat", 11, SVC_TCP },
	{ "users", 11, SVC_TCP }, { "daytime", 13, SVC_BOTH },
	{ "netstat", 15, SVC_TCP }, { "qotd", 17, SVC_TCP },
	{ "quote", 17, SVC_TCP }, { "chargen", 19, SVC_BOTH },
	{ "ttytst", 19, SVC_BOTH }, { "source", 19, SVC_BOTH },
	{ "ftp-data", 20, SVC_TCP }, { "ftp", 21, SVC_TCP },
	{ "fsp", 21, SVC_UDP }, { "fspd", 21, SVC_UDP },
	{ "ssh", 22, SVC_BOTH }, { "telnet", 23, SVC_TCP },
	{ "smtp", 25, SVC_TCP }, { "mail", 25, SVC_TCP },
	{ "time", 37, SVC_BOTH }, { "timserver", 37, SVC_BOTH },
	{ "whois", 43, SVC_TCP }, { "nicname", 43, SVC_TCP },
	{ "tacacs", 49, SVC_BOTH }, { "domain", 53, SVC_BOTH },
	{ "bootps", 67, SVC_UDP }, { "bootpc", 68, SVC_UDP },
	{ "tftp", 69, SVC_UDP }, { "gopher", 70, SVC_TCP },
	{ "finger", 79, SVC_TCP }, { "http", 80, SVC_BOTH },
	{ "www", 80, SVC_BOTH }, { "kerberos", 88, SVC_BOTH },
	{ "kerberos5", 88, SVC_BOTH }, { "krb5", 88, SVC_BOTH },
	{ "kerberos-sec", 88, SVC_BOTH }, { "iso-tsap", 102, SVC_TCP },
	{ "tsap", 102, SVC_TCP }, { "acr-nema", 104, SVC_TCP },
	{ "dicom", 104, SVC_TCP }, { "pop3", 110, SVC_TCP },
	{ "pop-3", 110, SVC_TCP }, { "sunrpc", 111, SVC_BOTH },
	{ "portmapper", 111, SVC_BOTH }, { "auth", 113, SVC_TCP },
	{ "authentication", 113, SVC_TCP }, { "tap", 113, SVC_TCP },
	{ "ident", 113, SVC_TCP }, { "nntp", 119, SVC_TCP },
	{ "readnews", 119, SVC_TCP }, { "untp", 119, SVC_TCP },
	{ "ntp", 123, SVC_BOTH }, { "epmap", 135, SVC_BOTH },
	{ "loc-srv", 135, SVC_BOTH }, { "netbios-ns", 137, SVC_BOTH },
	{ "netbios-dgm", 138, SVC_BOTH }, { "netbios-ssn", 139, SVC_BOTH },
	{ "imap2", 143, SVC_TCP }, { "imap", 143, SVC_TCP },
	{ "snmp", 161, SVC_BOTH }, { "snmp-trap", 162, SVC_BOTH },
	{ "snmptrap", 162, SVC_BOTH }, { "cmip-man", 163, SVC_BOTH },
	{ "cmip-agent", 164, SVC_BOTH }, { "mailq", 174, SVC_TCP },
	{ "xdmcp", 177, SVC_UDP }, { "bgp", 179, SVC_TCP },
	{ "smux", 199, SVC_TCP }, { "qmtp", 209, SVC_TCP },
	{ "z3950", 210, SVC_TCP }, { "wais", 210, SVC_TCP },
	{ "ipx", 213, SVC_UDP }, { "ptp-event", 319, SVC_UDP },
	{ "ptp-general", 320, SVC_UDP }, { "pawserv", 345, SVC_TCP },
	{ "zserv", 346, SVC_TCP }, { "rpc2portmap", 369, SVC_BOTH },
	{ "codaauth2", 370, SVC_BOTH }, { "clearcase", 371, SVC_UDP },
	{ "ldap", 389, SVC_BOTH }, { "svrloc", 427, SVC_BOTH },
	{ "https", 443, SVC_BOTH }, { "snpp", 444, SVC_TCP },
	{ "microsoft-ds", 445, SVC_TCP }, { "kpasswd", 464, SVC_BOTH },
	{ "submissions", 465, SVC_TCP }, { "ssmtp", 465, SVC_TCP },
	{ "smtps", 465, SVC_TCP }, { "urd", 465, SVC_TCP },
	{ "saft", 487, SVC_TCP }, { "isakmp", 500, SVC_UDP },
	{ "rtsp", 554, SVC_BOTH }, { "nqs", 607, SVC_TCP },
	{ "asf-rmcp", 623, SVC_UDP }, { "qmqp", 628, SVC_TCP },
	{ "ipp", 631, SVC_TCP }, { "ldp", 646, SVC_BOTH },
	{ "exec", 512, SVC_TCP }, { "biff", 512, SVC_UDP },
	{ "comsat", 512, SVC_UDP }, { "login", 513, SVC_TCP },
	{ "who", 513, SVC_UDP }, { "whod", 513, SVC_UDP },
	{ "shell", 514, SVC_TCP }, { "cmd", 514, SVC_TCP },
	{ "syslog", 514, SVC_UDP }, { "printer", 515, SVC_TCP },
	{ "spooler", 515, SVC_TCP }, { "talk", 517, SVC_UDP },
	{ "ntalk", 518, SVC_UDP }, { "route", 520, SVC_UDP },
	{ "router", 520, SVC_UDP }, { "routed", 520, SVC_UDP },
	{ "gdomap", 538, SVC_BOTH }, { "uucp", 540, SVC_TCP },
	{ "uucpd", 540, SVC_TCP }, { "klogin", 543, SVC_TCP },
	{ "kshell", 544, SVC_TCP }, { "krcmd", 544, SVC_TCP },
	{ "dhcpv6-client", 546, SVC_BOTH }, { "dhcpv6-server", 547, SVC_BOTH },
	{ "afpovertcp", 548, SVC_TCP }, { "nntps", 563, SVC_TCP },
	{ "snntp", 563, SVC_TCP }, { "submission", 587, SVC_TCP },
	{ "ldaps", 636, SVC_BOTH }, { "tinc", 655, SVC_BOTH },
	{ "silc", 706, SVC_TCP }, { "kerberos-adm", 749, SVC_TCP },
	{ "domain-s", 853, SVC_BOTH }, { "rsync", 873, SVC_TCP },
	{ "ftps-data", 989, SVC_TCP }, { "ftps", 990, SVC_TCP },
	{ "telnets", 992, SVC_TCP }, { "imaps", 993, SVC_TCP },
	{ "pop3s", 995, SVC_TCP }, { "pop-3s", 995, SVC_TCP },
	{ "socks", 1080, SVC_TCP }, { "proofd", 1093, SVC_TCP },
	{ "rootd", 1094, SVC_TCP }, { "openvpn", 1194, SVC_BOTH },
	{ "rmiregistry", 1099, SVC_TCP }, { "lotusnote", 1352, SVC_TCP },
	{ "lotusnotes", 1352, SVC_TCP }, { "ms-sql-s", 1433, SVC_TCP },
	{ "ms-sql-m", 1434, SVC_UDP }, { "ingreslock", 1524, SVC_TCP },
	{ "datametrics", 1645, SVC_BOTH }, { "old-radius", 1645, SVC_BOTH },
	{ "sa-msg-port", 1646, SVC_BOTH }, { "old-radacct", 1646, SVC_BOTH },
	{ "kermit", 1649, SVC_TCP }, { "groupwise", 1677, SVC_TCP },
	{ "l2f", 1701, SVC_UDP }, { "l2tp", 1701, SVC_UDP },
	{ "radius", 1812, SVC_BOTH }, { "radius-acct", 1813, SVC_BOTH },
	{ "radacct", 1813, SVC_BOTH }, { "cisco-sccp", 2000, SVC_TCP },
	{ "nfs", 2049, SVC_BOTH }, { "gnunet", 2086, SVC_BOTH },
	{ "rtcm-sc104", 2101, SVC_BOTH }, { "gsigatekeeper", 2119, SVC_TCP },
	{ "gris", 2135, SVC_TCP }, { "cvspserver", 2401, SVC_TCP },
	{ "iscsi-target", 3260, SVC_TCP }, { "mysql", 3306, SVC_TCP },
	{ "ms-wbt-server", 3389, SVC_TCP }, { "rdp", 3389, SVC_TCP },
	{ "nut", 3493, SVC_BOTH }, { "distcc", 3632, SVC_TCP },
	{ "daap", 3689, SVC_TCP }, { "svn", 3690, SVC_TCP },
	{ "suucp", 4031, SVC_TCP }, { "sysrqd", 4094, SVC_TCP },
	{ "sieve", 4190, SVC_TCP }, { "epmd", 4369, SVC_TCP },
	{ "remctl", 4373, SVC_TCP }, { "f5-iquery", 4353, SVC_TCP },
	{ "ntske", 4460, SVC_TCP }, { "ipsec-nat-t", 4500, SVC_UDP },
	{ "iax", 4569, SVC_UDP }, { "mtn", 4691, SVC_TCP },
	{ "radmin-port", 4899, SVC_TCP }, { "sip", 5060, SVC_BOTH },
	{ "sip-tls", 5061, SVC_BOTH }, { "xmpp-client", 5222, SVC_TCP },
	{ "jabber-client", 5222, SVC_TCP }, { "xmpp-server", 5269, SVC_TCP },
	{ "jabber-server", 5269, SVC_TCP }, { "cfengine", 5308, SVC_TCP },
	{ "mdns", 5353, SVC_UDP }, { "postgresql", 5432, SVC_TCP },
	{ "postgres", 5432, SVC_TCP }, { "freeciv", 5556, SVC_TCP },
	{ "amqps", 5671, SVC_TCP }, { "amqp", 5672, SVC_BOTH },
	{ "ggz", 5688, SVC_BOTH }, { "x11", 6000, SVC_TCP },
	{ "x11-0", 6000, SVC_TCP }, { "gnutella-svc", 6346, SVC_BOTH },
	{ "gnutella-rtr", 6347, SVC_BOTH }, { "redis", 6379, SVC_TCP },
	{ "sge-qmaster", 6444, SVC_TCP }, { "sge-execd", 6445, SVC_TCP },
	{ "mysql-proxy", 6446, SVC_TCP }, { "babel", 6696, SVC_UDP },
	{ "ircs-u", 6697, SVC_TCP }, { "bbs", 7000, SVC_TCP },
	{ "afs3-fileserver", 7000, SVC_BOTH },
	{ "font-service", 7100, SVC_TCP },
	{ "xfs", 7100, SVC_TCP }, { "http-alt", 8080, SVC_TCP },
	{ "webcache", 8080, SVC_TCP }, { "puppet", 8140, SVC_TCP },
	{ "bacula-dir", 9101, SVC_TCP }, { "bacula-fd", 9102, SVC_TCP },
	{ "bacula-sd", 9103, SVC_TCP }, { "xmms2", 9667, SVC_TCP },
	{ "git", 9418, SVC_TCP }, { "zabbix-agent", 10050, SVC_TCP },
	{ "zabbix-trapper", 10051, SVC_TCP }, { "amanda", 10080, SVC_TCP },
	{ "nbd", 10809, SVC_TCP }, { "dicom-port", 11112, SVC_TCP },
	{ "memcache", 11211, SVC_BOTH }, { "hkp", 11371, SVC_TCP },
	{ "db-lsp", 17500, SVC_TCP }, { "dcap", 22125, SVC_TCP },
	{ "gsidcap", 22128, SVC_TCP }, { "wnn6", 22273, SVC_TCP },
	/* ASA port keywords that netbase does not define otherwise. */
	{ "aol", 5190, SVC_TCP }, { "cifs", 3020, SVC_BOTH },
	{ "citrix-ica", 1494, SVC_TCP }, { "ctiqbe", 2748, SVC_TCP },
	{ "h323", 1720, SVC_TCP }, { "hostname", 101, SVC_TCP },
	{ "imap4", 143, SVC_TCP }, { "irc", 194, SVC_TCP },
	{ "lpd", 515, SVC_TCP }, { "pcanywhere-data", 5631, SVC_TCP },
	{ "pcanywhere-status", 5632, SVC_UDP },
	{ "pim-auto-rp", 496, SVC_BOTH },
	{ "pop2", 109, SVC_TCP }, { "pptp", 1723, SVC_TCP },
	{ "rsh", 514, SVC_TCP }, { "sqlnet", 1521, SVC_TCP },
	{ "dnsix", 195, SVC_UDP }, { "mobile-ip", 434, SVC_UDP },
	{ "nameserver", 42, SVC_UDP }, { "rip", 520, SVC_UDP },
	{ "secureid-udp", 5510, SVC_UDP }, { "kerberos4", 750, SVC_BOTH },
};
#define NSERVICES (sizeof(service_table) / sizeof(service_table[0]))

bool
service_port_parse(const char *s, size_t len, const char *proto,
    unsigned *port)
{
	unsigned want = SVC_BOTH;
	unsigned long v;
	size_t i;

	if (s == NULL)
		return false;
	if (parse_number(s, len, 65535, &v)) {
		*port = (unsigned)v;
		return true;
	}
	if (proto != NULL && strcasecmp(proto, "tcp") == 0)
		want = SVC_TCP;
	else if (proto != NULL && strcasecmp(proto, "udp") == 0)
		want = SVC_UDP;
	for (i = 0; i < NSERVICES; i++) {
		if ((service_table[i].protos & want) &&
		    name_eq(s, len, service_table[i].name)) {
			*port = service_table[i].port;
			return true;
		}
	}
	return false;
}

/*
 * Formatting.  Text is built in a memory stream and copied into the
 * arena.
 */

static char *
stream_done(struct arena *a, FILE *fp, char **buf, size_t *len)
{
	char *r;

	fclose(fp);
	r = arena_strndup(a, *buf != NULL ? *buf : "", *len);
	free(*buf);
	return r;
}

static FILE *
stream_open(char **buf, size_t *len)
{
	FILE *fp;

	*buf = NULL;
	*len = 0;
	if ((fp = open_memstream(buf, len)) == NULL)
		abort();
	return fp;
}

static void
write_mac(FILE *fp, struct u128 v)
{
	uint64_t m = v.lo;

	fprintf(fp, "%02x:%02x:%02x:%02x:%02x:%02x",
	    (unsigned)(m >> 40) & 255, (unsigned)(m >> 32) & 255,
	    (unsigned)(m >> 24) & 255, (unsigned)(m >> 16) & 255,
	    (unsigned)(m >> 8) & 255, (unsigned)m & 255);
}

static void
write_value(FILE *fp, enum field f, struct u128 v, enum family fam)
{
	uint64_t x = v.lo;
	const char *name;
	char buf[46];

	switch (f) {
	case FIELD_SRC4:
	case FIELD_DST4:
		fputs(addr_format(FAMILY_IPV4, v, buf), fp);
		return;
	case FIELD_SRC6:
	case FIELD_DST6:
		fputs(addr_format(FAMILY_IPV6, v, buf), fp);
		return;
	case FIELD_PROTO:
		if ((name = proto_name((unsigned)x)) != NULL) {
			fputs(name, fp);
			return;
		}
		break;
	case FIELD_ICMP:
		name = icmp_name(fam, (int)(x >> 8), (int)(x & 255));
		if (name != NULL)
			fputs(name, fp);
		else
			fprintf(fp, "%u/%u", (unsigned)(x >> 8),
			    (unsigned)(x & 255));
		return;
	case FIELD_TCPFLAGS:
		fprintf(fp, "0x%02x", (unsigned)x);
		return;
	case FIELD_CTSTATE:
		if (x < CTSTATE_COUNT) {
			fputs(ctstate_name((enum ctstate)x), fp);
			return;
		}
		break;
	case FIELD_FRAGMENT:
		fputs(x ? "yes" : "no", fp);
		return;
	case FIELD_DIRECTION:
		fputs(x ? "out" : "in", fp);
		return;
	case FIELD_SRC_MAC:
		write_mac(fp, v);
		return;
	case FIELD_SRC_ADDRTYPE:
	case FIELD_DST_ADDRTYPE:
		if (x < ADDRTYPE_COUNT) {
			fputs(addrtype_name((enum addrtype)x), fp);
			return;
		}
		break;
	case FIELD_PKTTYPE:
		if (x < PKTTYPE_COUNT) {
			fputs(pkttype_names[x], fp);
			return;
		}
		break;
	default:
		break;
	}
	if (v.hi != 0)
		fprintf(fp, "0x%016llx%016llx", (unsigned long long)v.hi,
		    (unsigned long long)v.lo);
	else
		fprintf(fp, "%llu", (unsigned long long)x);
}

/* Fields whose values are names: a short run is listed value by value. */
static bool
is_enumerated(enum field f)
{
	return f == FIELD_PROTO || f == FIELD_CTSTATE ||
	    f == FIELD_SRC_ADDRTYPE || f == FIELD_DST_ADDRTYPE ||
	    f == FIELD_PKTTYPE || f == FIELD_FRAGMENT ||
	    f == FIELD_DIRECTION;
}

static uint64_t
popcount8(unsigned v)
{
	uint64_t n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

static void
write_flag_names(FILE *fp, unsigned bits)
{
	size_t k;
	bool first = true;

	if (bits == 0) {
		fputs("NONE", fp);
		return;
	}
	for (k = 0; k < 8; k++) {
		if (bits & tcpflag_names[k].bits) {
			fprintf(fp, "%s%s", first ? "" : ",",
			    tcpflag_names[k].name);
			first = false;
		}
	}
}

/*
 * A flag-byte set of the form (b & mask) == comp prints as "COMP/MASK"
 * the way iptables lists --tcp-flags (comparison, then mask); any other
 * set prints as its bytes.
 */
static bool
write_tcpflags(FILE *fp, const struct ivset *s)
{
	unsigned and_all = 0xff, or_all = 0, mask, comp;
	uint64_t count = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		unsigned lo = (unsigned)s->iv[i].lo.lo;
		unsigned hi = (unsigned)s->iv[i].hi.lo, b;

		count += hi - lo + 1;
		for (b = lo; b <= hi; b++) {
			and_all &= b;
			or_all |= b;
		}
	}
	/* Bits equal in every member: 1 in all, or 0 in all. */
	mask = (and_all | ~or_all) & 0xff;
	comp = and_all & mask;
	if (count != (UINT64_C(1) << (8 - popcount8(mask))))
		return false;
	write_flag_names(fp, comp);
	fputc('/', fp);
	write_flag_names(fp, mask);
	return true;
}

static void
write_icmp(FILE *fp, const struct ivset *s, enum family fam)
{
	unsigned type;
	bool first = true;

	for (type = 0; type < 256; type++) {
		struct u128 lo = u128_from64(type << 8);
		struct u128 hi = u128_from64(type << 8 | 255);
		unsigned code;
		const char *name;

		/* Every code of the type: the type's own name. */
		if (ivset_contains(s, lo) && ivset_contains(s, hi)) {
			size_t i;
			bool whole = false;

			for (i = 0; i < s->n; i++)
				if (u128_cmp(s->iv[i].lo, lo) <= 0 &&
				    u128_cmp(s->iv[i].hi, hi) >= 0)
					whole = true;
			if (whole) {
				if (!first)
					fputc(',', fp);
				first = false;
				name = icmp_name(fam, (int)type, -1);
				if (name != NULL)
					fputs(name, fp);
				else
					fprintf(fp, "%u", type);
				continue;
			}
		}
		for (code = 0; code < 256; code++) {
			unsigned end = code;

			if (!ivset_contains(s, u128_from64(type << 8 | code)))
				continue;
			if (!first)
				fputc(',', fp);
			first = false;
			name = icmp_name(fam, (int)type, (int)code);
			if (name != NULL) {
				fputs(name, fp);
				continue;
			}
			while (end < 255 && icmp_name(fam, (int)type,
			    (int)end + 1) == NULL && ivset_contains(s,
			    u128_from64(type << 8 | (end + 1))))
				end++;
			if (end > code)
				fprintf(fp, "%u/%u-%u", type, code, end);
			else
				fprintf(fp, "%u/%u", type, code);
			code = end;
		}
	}
}

static void
write_set(FILE *fp, enum field f, const struct ivset *s, enum family fam)
{
	size_t i;

	if (f == FIELD_ICMP) {
		write_icmp(fp, s, fam);
		return;
	}
	if (f == FIELD_TCPFLAGS && write_tcpflags(fp, s))
		return;
	for (i = 0; i < s->n; i++) {
		struct u128 lo = s->iv[i].lo, hi = s->iv[i].hi;

		if (i > 0)
			fputc(',', fp);
		if (is_enumerated(f) && hi.hi == 0 && lo.hi == 0 &&
		    hi.lo - lo.lo < 16) {
			uint64_t v;

			for (v = lo.lo; v <= hi.lo; v++) {
				if (v > lo.lo)
					fputc(',', fp);
				write_value(fp, f, u128_from64(v), fam);
			}
			continue;
		}
		write_value(fp, f, lo, fam);
		if (!u128_eq(lo, hi)) {
			fputc('-', fp);
			write_value(fp, f, hi, fam);
		}
	}
}

static char *
format_set(struct arena *a, enum field f, const struct ivset *s,
    enum family fam)
{
	char *buf, *text, *ctext;
	size_t len;
	FILE *fp;
	struct u128 max = field_max(f);

	if ((unsigned)f >= FIELD_COUNT)
		return arena_strdup(a, "?");
	if (f == FIELD_SRC4 || f == FIELD_DST4)
		return addrset_format(a, FAMILY_IPV4, s);
	if (f == FIELD_SRC6 || f == FIELD_DST6)
		return addrset_format(a, FAMILY_IPV6, s);
	if (s == NULL || ivset_is_full(s, max))
		return arena_strdup(a, "any");
	if (ivset_is_empty(s))
		return arena_strdup(a, "none");
	fp = stream_open(&buf, &len);
	write_set(fp, f, s, fam);
	text = stream_done(a, fp, &buf, &len);
	/* "!22" reads better than "0-21,23-65535"; one term stays as is. */
	if (f == FIELD_TCPFLAGS || f == FIELD_ICMP || strchr(text, ',') == NULL)
		return text;
	fp = stream_open(&buf, &len);
	write_set(fp, f, ivset_complement(a, s, max), fam);
	ctext = stream_done(a, fp, &buf, &len);
	if (strlen(ctext) + 1 < strlen(text))
		return arena_printf(a, "!%s", ctext);
	return text;
}

char *
field_format(struct arena *a, enum field f, const struct ivset *s)
{
	return format_set(a, f, s, FAMILY_IPV4);
}

char *
field_format_family(struct arena *a, enum field f, enum family fam,
    const struct ivset *s)
{
	return format_set(a, f, s, fam);
}

char *
field_format_value(struct arena *a, enum field f, struct u128 v)
{
	return field_format_value_family(a, f, FAMILY_IPV4, v);
}

char *
field_format_value_family(struct arena *a, enum field f, enum family fam,
    struct u128 v)
{
	char *buf;
	size_t len;
	FILE *fp = stream_open(&buf, &len);

	write_value(fp, f, v, fam);
	return stream_done(a, fp, &buf, &len);
}
