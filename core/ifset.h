/*
 * ifset.h - sets of interface names.
 *
 * Interfaces are named, not numbered, and iptables lets a name end in '+'
 * to mean "every name with this prefix" ("eth+", "vif+", and "+" alone for
 * any).  An ifset is a list of such patterns, possibly negated: the packet's
 * interface matches when it matches some pattern, or none when negated.
 * Names are interned so that the engine can rank-compress them later.
 */
#ifndef FIRELINT_IFSET_H
#define FIRELINT_IFSET_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct intern;

struct ifset {
	bool		 negated;
	size_t		 n;
	/* interned; a trailing '+' is a prefix */
	const char	**names;
};

/* One pattern as written ("eth0", "ppp+"), optionally negated. */
struct ifset	*ifset_single(struct arena *, struct intern *,
		    const char *name, size_t len, bool negated);
/* Does interface name (never a pattern) belong to the set? */
bool		 ifset_matches(const struct ifset *, const char *name);
/* Does pattern p cover every name that pattern q covers? */
bool		 ifname_pattern_covers(const char *p, const char *q);
/* "eth0", "!eth0", "{eth0, ppp+}" */
char		*ifset_format(struct arena *, const struct ifset *);

#endif
