/*
 * packet.h - one concrete packet: a point of the packet space.
 *
 * Witnesses of findings and the PACKET argument of `firelint trace` are
 * packets.  A field holds a value for every field of fields.h; fields the
 * user or the engine did not choose hold a default that the reader can
 * ignore (is_set tells which were chosen).
 */
#ifndef FIRELINT_PACKET_H
#define FIRELINT_PACKET_H

#include <stdbool.h>
#include <stdio.h>

#include "addr.h"
#include "fields.h"
#include "u128.h"

struct arena;
struct diag_list;
struct intern;
struct match;

struct packet {
	enum family	 family;	/* FAMILY_IPV4 or FAMILY_IPV6 */
	struct u128	 value[FIELD_COUNT];
	bool		 is_set[FIELD_COUNT];
	const char	*in_if, *out_if;	/* interned, NULL: none */
	const char	*physdev_in, *physdev_out;
	uint32_t	 mark, connmark;
};

void	 packet_init(struct packet *, enum family);
/*
 * Parse DESIGN.md's packet words:
 *   tcp 203.0.113.9:40000 -> 10.0.0.5:22 in eth0 state new
 * also "out IF", "icmp echo-request", "udp [2001:db8::1]:53 -> ...",
 * "flags S", "mark 0x1".  Errors go to diags at loc-less positions.
 */
int	 packet_parse(struct arena *, struct intern *, const char *words,
	    struct packet *, struct diag_list *);
/* Does the packet satisfy the match's modelled conditions?  Opaque
   conditions are not evaluated: *opaque is set when any exists. */
bool	 packet_matches(const struct packet *, const struct match *,
	    bool *opaque);
/* The words form again, deterministic. */
char	*packet_format(struct arena *, const struct packet *);

#endif
