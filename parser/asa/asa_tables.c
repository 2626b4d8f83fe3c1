/*
 * asa_tables.c - the names the ASA CLI gives to ports and protocols.
 *
 * ASA service names are its own, not netbase's: "www" and "http" are 80,
 * "kerberos" is 750, "radius" 1645, "lpd" 515, "sqlnet" 1521 (Cisco ASA
 * command reference, "Addresses, Protocols, and Ports").  A name the ASA
 * does not know is an error, as on the device.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/fields.h"
#include "parser/asa/asa_int.h"

static const struct asa_port_name {
	const char	*name;
	unsigned	 port;
} port_names[] = {
	{ "aol", 5190 },		{ "bgp", 179 },
	{ "biff", 512 },		{ "bootpc", 68 },
	{ "bootps", 67 },		{ "chargen", 19 },
	{ "cifs", 3020 },		{ "citrix-ica", 1494 },
	{ "cmd", 514 },			{ "ctiqbe", 2748 },
	{ "daytime", 13 },		{ "discard", 9 },
	{ "dnsix", 195 },		{ "domain", 53 },
	{ "echo", 7 },			{ "exec", 512 },
	{ "finger", 79 },		{ "ftp", 21 },
	{ "ftp-data", 20 },		{ "gopher", 70 },
	{ "h323", 1720 },		{ "hostname", 101 },
	{ "http", 80 },			{ "https", 443 },
	{ "ident", 113 },		{ "imap4", 143 },
	{ "irc", 194 },			{ "isakmp", 500 },
	{ "kerberos", 750 },		{ "klogin", 543 },
	{ "kshell", 544 },		{ "ldap", 389 },
	{ "ldaps", 636 },		{ "login", 513 },
	{ "lotusnotes", 1352 },		{ "lpd", 515 },
	{ "mobile-ip", 434 },		{ "nameserver", 42 },
	{ "netbios-dgm", 138 },		{ "netbios-ns", 137 },
	{ "netbios-ssn", 139 },		{ "nfs", 2049 },
	{ "nntp", 119 },		{ "ntp", 123 },
	{ "pcanywhere-data", 5631 },	{ "pcanywhere-status", 5632 },
	{ "pim-auto-rp", 496 },		{ "pop2", 109 },
	{ "pop3", 110 },		{ "pptp", 1723 },
	{ "radius", 1645 },		{ "radius-acct", 1646 },
	{ "rip", 520 },			{ "rsh", 514 },
	{ "rtsp", 554 },		{ "secureid-udp", 5510 },
	{ "sip", 5060 },		{ "smtp", 25 },
	{ "snmp", 161 },		{ "snmptrap", 162 },
	{ "sqlnet", 1521 },		{ "ssh", 22 },
	{ "sunrpc", 111 },		{ "syslog", 514 },
	{ "tacacs", 49 },		{ "talk", 517 },
	{ "telnet", 23 },		{ "tftp", 69 },
	{ "time", 37 },			{ "uucp", 540 },
	{ "vxlan", 4789 },		{ "who", 513 },
	{ "whois", 43 },		{ "www", 80 },
	{ "xdmcp", 177 },
};

bool
asa_number(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

bool
asa_port_parse(const char *s, unsigned *port)
{
	unsigned long v;
	size_t lo = 0, hi = sizeof(port_names) / sizeof(port_names[0]);

	if (*s >= '0' && *s <= '9') {
		if (!asa_number(s, 65535, &v))
			return false;
		*port = (unsigned)v;
		return true;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcasecmp(s, port_names[mid].name);

		if (c == 0) {
			*port = port_names[mid].port;
			return true;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static const struct asa_proto_name {
	const char	*name;
	unsigned	 proto;
} proto_names[] = {
	{ "ah", 51 }, { "eigrp", 88 }, { "esp", 50 }, { "gre", 47 },
	{ "icmp", 1 }, { "icmp6", 58 }, { "igmp", 2 }, { "igrp", 9 },
	{ "ipinip", 4 }, { "ipsec", 50 }, { "nos", 94 }, { "ospf", 89 },
	{ "pcp", 108 }, { "pim", 103 }, { "pptp", 47 }, { "sctp", 132 },
	{ "snp", 109 }, { "tcp", 6 }, { "udp", 17 },
};

/* "ip" is not a protocol but every protocol: callers look for it first. */
bool
asa_proto_parse(const char *s, unsigned *proto)
{
	unsigned long v;
	size_t i;

	if (*s >= '0' && *s <= '9') {
		if (!asa_number(s, 255, &v))
			return false;
		*proto = (unsigned)v;
		return true;
	}
	for (i = 0; i < sizeof(proto_names) / sizeof(proto_names[0]); i++)
		if (strcasecmp(s, proto_names[i].name) == 0) {
			*proto = proto_names[i].proto;
			return true;
		}
	return proto_parse(s, strlen(s), proto);
}

bool
asa_log_level(const char *s)
{
	static const char *const levels[] = {
		"emergencies", "alerts", "critical", "errors", "warnings",
		"notifications", "informational", "debugging", NULL
	};
	unsigned long v;
	size_t i;

	if (asa_number(s, 7, &v))
		return true;
	for (i = 0; levels[i] != NULL; i++)
		if (strcmp(s, levels[i]) == 0)
			return true;
	return false;
}

/*
 * Commands that configure nothing the model reads: their lines (and the
 * indented lines of their blocks) are skipped without a word.  Sorted.
 */
static const char *const skipped[] = {
	"aaa", "aaa-server", "access-class", "anyconnect", "arp", "asdm",
	"asp", "auth-prompt", "banner", "boot", "call-home", "capture",
	"class-map", "clear", "clock", "command-alias", "community-list", "compression",
	"configure", "console", "context", "crashinfo", "crypto", "ddns",
	"dhcp", "dhcpd", "dhcprelay", "dns", "dns-group", "dns-group-map",
	"dns-guard", "domain-name", "dynamic-access-policy-record",
	"dynamic-filter", "eigrp", "enable", "end", "established", "event",
	"exit", "failover", "filter", "firewall", "fixup", "floodguard",
	"flow-export", "fragment", "ftp", "ftp-map", "group-policy", "hpm",
	"http-map", "icmp", "imap4s", "interface-policy", "ip-audit",
	"ipv6-router", "isakmp", "jumbo-frame", "key", "l2tp", "ldap",
	"license", "mac-address", "mac-address-table", "mac-learn",
	"management-access", "map", "monitor-interface", "mount", "mtu",
	"multicast-routing", "nac-policy", "neighbor", "no", "ntp",
	"object-group-search", "pager", "parameters", "passwd", "password",
	"password-policy", "pdm", "phone-proxy", "pim", "policy-list",
	"policy-map", "pop3s", "prefix-list", "privilege", "prompt", "quit",
	"rip", "route", "route-map", "router", "scansafe", "service",
	"service-policy", "sla", "smtps", "snmp-map", "ssl", "sunrpc-server",
	"sysopt", "terminal", "tftp-server", "threat-detection",
	"time-range", "timeout", "tls-proxy", "track", "tunnel-group",
	"tunnel-group-map", "url-block", "url-cache", "url-server",
	"user-identity", "username", "virtual", "vpdn", "vpn",
	"vpn-addr-assign", "vpnclient", "vpnsetup", "wccp", "webvpn",
	"write", "xlate", "zone",
};

bool
asa_is_skipped_command(const char *s)
{
	size_t lo = 0, hi = sizeof(skipped) / sizeof(skipped[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s, skipped[mid]);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}
