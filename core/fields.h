/*
 * fields.h - the dimensions of the packet space and the names of values.
 *
 * A rule's match constrains some fields; each constrained field holds an
 * ivset over the field's domain.  Adding a field is one enum value plus one
 * row of field_table in fields.c: the model, dump, writers and (later) the
 * engine iterate over the table instead of naming fields one by one.
 *
 * Fields that only apply to some packets (ports only for protocols with
 * ports, ICMP type only for ICMP, IPv4 addresses only for IPv4 packets)
 * constrain only those packets; a front end that constrains ports also
 * constrains the protocol, as every platform requires.
 */
#ifndef FIRELINT_FIELDS_H
#define FIRELINT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "addr.h"
#include "ivset.h"

struct arena;

enum field {
	FIELD_SRC4,		/* IPv4 source address */
	FIELD_DST4,
	FIELD_SRC6,		/* IPv6 source address */
	FIELD_DST6,
	FIELD_PROTO,		/* IP protocol number, 0-255 */
	FIELD_SPORT,		/* tcp/udp/sctp/dccp source port */
	FIELD_DPORT,
	FIELD_ICMP,		/* type << 8 | code (ICMP or ICMPv6 by proto) */
	FIELD_TCPFLAGS,		/* the byte FIN..CWR: 0-255 */
	FIELD_CTSTATE,		/* one enum ctstate value per packet */
	FIELD_FRAGMENT,		/* 0: first or unfragmented, 1: later */
	FIELD_SRC_MAC,		/* 48 bits */
	FIELD_SRC_ADDRTYPE,	/* one enum addrtype value per packet */
	FIELD_DST_ADDRTYPE,
	FIELD_UID,		/* owner of the local socket (OUTPUT) */
	FIELD_GID,
	FIELD_PKTTYPE,		/* enum pkttype */
	FIELD_TTL,		/* ttl, or hop limit in IPv6: 0-255 */
	FIELD_LENGTH,		/* IP packet length: 0-65535 */
	FIELD_DIRECTION,	/* PF: 0 in, 1 out (the pass of the packet) */
	FIELD_COUNT
};

struct field_info {
	const char	*name;		/* "src", "dport": dump and JSON key */
	unsigned	 width;		/* bits of the domain */
	enum family	 family;	/* FAMILY_ANY unless address-only */
};

const struct field_info *field_info(enum field);
struct u128	 field_max(enum field);
/* Readable text of a set of this field ("22,80,1024-65535", "tcp"). */
char		*field_format(struct arena *, enum field, const struct ivset *);
/* Readable text of one value ("22", "tcp", "echo-request", "ESTABLISHED"). */
char		*field_format_value(struct arena *, enum field, struct u128);
/*
 * The same for a packet family: ICMP and ICMPv6 share FIELD_ICMP but not
 * their names (type 3 is destination-unreachable in one, time-exceeded in
 * the other); field_format and field_format_value use the IPv4 names.
 */
char		*field_format_family(struct arena *, enum field, enum family,
		    const struct ivset *);
char		*field_format_value_family(struct arena *, enum field,
		    enum family, struct u128);

/* Conntrack states: exactly one per packet, so they partition packets. */
enum ctstate {
	CTSTATE_INVALID,
	CTSTATE_NEW,
	CTSTATE_ESTABLISHED,
	CTSTATE_RELATED,
	CTSTATE_UNTRACKED,
	CTSTATE_COUNT
};
const char	*ctstate_name(enum ctstate);
bool		 ctstate_parse(const char *s, size_t len, enum ctstate *out);

/* TCP flag bits as they sit in the header byte. */
enum {
	TCPF_FIN = 0x01, TCPF_SYN = 0x02, TCPF_RST = 0x04, TCPF_PSH = 0x08,
	TCPF_ACK = 0x10, TCPF_URG = 0x20, TCPF_ECE = 0x40, TCPF_CWR = 0x80,
};
/* "SYN", "ALL", "NONE", comma lists: iptables names; false on unknown. */
bool		 tcpflags_parse(const char *s, size_t len, unsigned *mask);
/* The set of flag bytes b with (b & mask) == comp. */
struct ivset	*tcpflags_set(struct arena *, unsigned mask, unsigned comp);

/* Address types of the addrtype match (one per address). */
enum addrtype {
	ADDRTYPE_UNSPEC, ADDRTYPE_UNICAST, ADDRTYPE_LOCAL, ADDRTYPE_BROADCAST,
	ADDRTYPE_ANYCAST, ADDRTYPE_MULTICAST, ADDRTYPE_BLACKHOLE,
	ADDRTYPE_UNREACHABLE, ADDRTYPE_PROHIBIT, ADDRTYPE_THROW, ADDRTYPE_NAT,
	ADDRTYPE_XRESOLVE, ADDRTYPE_COUNT
};
bool		 addrtype_parse(const char *s, size_t len, enum addrtype *);
const char	*addrtype_name(enum addrtype);

enum pkttype { PKTTYPE_UNICAST, PKTTYPE_BROADCAST, PKTTYPE_MULTICAST,
	PKTTYPE_COUNT };
bool		 pkttype_parse(const char *s, size_t len, enum pkttype *);

/*
 * Protocols by name as iptables and pfctl know them (the netbase
 * /etc/protocols list built in, so results do not depend on the machine),
 * case-insensitive, plus decimal numbers.  "all"/"ip" are not protocols:
 * callers treat them as "any".
 */
bool		 proto_parse(const char *s, size_t len, unsigned *out);
const char	*proto_name(unsigned proto);	/* NULL if unnamed */

/*
 * ICMP and ICMPv6 type names ("echo-request", "port-unreachable", ...)
 * as iptables, pfctl and the ASA CLI spell them.  A name gives a type and
 * either one code or every code (code < 0).  Numbers "8" and "3/4" are
 * accepted too; "any" gives type < 0: every type.
 */
bool		 icmp_parse(enum family, const char *s, size_t len,
		    int *type, int *code);
const char	*icmp_name(enum family, int type, int code);

/* Service port names (the netbase /etc/services list built in). */
bool		 service_port_parse(const char *s, size_t len, const char *proto,
		    unsigned *port);

#endif
