/*
 * addr.h - IPv4 and IPv6 addresses and address sets.
 *
 * An address is a u128 (IPv4 in the low 32 bits).  Address sets are ivsets
 * over the family's domain.  The parsers accept every notation firewall
 * exports use: a.b.c.d, a.b.c.d/len, a.b.c.d/m.m.m.m (including
 * non-contiguous masks, which give many intervals), a.b.c.d-e.f.g.h ranges,
 * and all IPv6 textual forms (RFC 4291, with embedded IPv4).
 */
#ifndef FIRELINT_ADDR_H
#define FIRELINT_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "ivset.h"

struct arena;

enum family {
	FAMILY_NONE = 0,
	FAMILY_IPV4 = 1,
	FAMILY_IPV6 = 2,
	FAMILY_ANY = 3,		/* a mask: rules that match both */
};

const char	*family_name(enum family);	/* "ipv4", "ipv6", "any" */
unsigned	 family_bits(enum family);	/* 32 or 128 */
struct u128	 family_max(enum family);

/* One address; false when s[0..len) is not one of that family. */
bool	 addr_parse(enum family, const char *s, size_t len, struct u128 *out);
/* Canonical text (RFC 5952 for IPv6); buf needs 46 bytes. */
char	*addr_format(enum family, struct u128, char buf[46]);

/*
 * One address-set term as it appears in a rule:
 * "a", "a/len", "a/mask", "a-b".  The family decides which forms apply.
 * Returns NULL when the text is not such a term (the caller reports it);
 * a host part set beyond the prefix is accepted and masked, as iptables does.
 */
struct ivset	*addrset_parse(struct arena *, enum family, const char *s,
		    size_t len);
/* CIDR block from an address and prefix length. */
struct ivset	*addrset_cidr(struct arena *, enum family, struct u128 addr,
		    unsigned prefixlen);
/*
 * Text of an address set as the fewest CIDR blocks and ranges:
 * "10.0.0.0/8", "10.0.0.1-10.0.0.5", "any", "!192.0.2.1" (when the
 * complement is shorter).  Deterministic; used by dump and the writers.
 */
char		*addrset_format(struct arena *, enum family,
		    const struct ivset *);

#endif
