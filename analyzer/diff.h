/*
 * diff.h - the semantic comparison of two revisions of a rulebase
 * (`firelint diff`, DESIGN.md 2c point 7 and section 4).
 *
 * Entry points are compared in pairs.  A side of a pair is one entry
 * point, or several:
 * - "A+B+C" (a group): the packet is decided by the first listed entry
 *   that it reaches; for entries whose reach does not overlap in practice
 *   (the iptables hooks INPUT, FORWARD and OUTPUT), which lets one fwb
 *   firewall policy be compared with the chains its compiler produced.
 * - "G1&G2&..." (groups joined by '&', '+' binding tighter): the packet
 *   must pass every group it reaches, in order; the first group whose
 *   decision is not "accept" decides, and when every group it reaches
 *   accepts, the last one's accept does.  This is how PF judges a
 *   forwarded packet (in on one interface, then out on another) and how
 *   an ASA applies an inbound then an outbound access list.
 * - "G1,G2,..." (groups joined by ','): rule sets in sequence, as
 *   fwb_ipt compiles several top policy rule sets of a firewall into the
 *   same chains: the packets a group leaves to its default go on to the
 *   next group it reaches; the last default decides.  '&' and ',' may be
 *   mixed: each says how the group after it is joined to the one before.
 * - A member "NAME@in" or "NAME@out" is the entry judging one pass of the
 *   packet through an interface, the way PF does: "@in" reaches the
 *   packets that come in by some interface and shows the entry that pass
 *   (direction in, the input interface, no output interface), "@out" the
 *   packets that leave by some interface (direction out, the output
 *   interface: for a direction-scoped entry such as pf/out the interface
 *   its rules' "on" names, see eval_packet_for_entry; for others the
 *   output interface, no input one).  Such a member's packets are then
 *   described without a direction, with their real input and output
 *   interfaces, so that "fwb/gw@in&fwb/gw@out=pf/in@in&pf/out@out"
 *   compares the two passes of every packet.  A name that is an entry
 *   point as written (with its "@") is that entry point.
 * By default every filtering entry point whose name both revisions have
 * is a pair of its own.
 *
 * For each pair and address family, each side's decision partition comes
 * from the engine (space.h); every pair of cells with different verdicts
 * whose intersection is not empty is one changed region, reported with a
 * readable description of its first box and a witness packet that eval.c
 * confirms in both revisions (from the old cell's rule to the new cell's).
 * A packet that reaches one side's entries and not the other's is "not
 * reached" on that side.
 *
 * Opaque conditions (a user match, an interface's network, a table filled
 * at run time) are free booleans here (box_universe_use_atoms): the same
 * condition on both sides compares as itself, so rules that carry one can
 * still be proven equivalent.  A region that exists only for some values
 * of such conditions is reported with them (diff_change.condition).
 * Packets that a step with unknown effect (unknown target, a runtime
 * anchor) may decide are never claimed: then the revisions are not
 * declared equivalent and a note says so.
 */
#ifndef FIRELINT_DIFF_H
#define FIRELINT_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/packet.h"

struct arena;

#define DIFF_BOXES_SHOWN	256

/* How a group is joined to the one before it. */
enum diff_join {
	DIFF_JOIN_ALL,		/* '&': what the group before accepts */
	DIFF_JOIN_THEN,		/* ',': what it leaves to its default */
};

enum diff_pass {
	DIFF_PASS_ENTRY,	/* the entry point as it is */
	DIFF_PASS_IN,		/* NAME@in */
	DIFF_PASS_OUT,		/* NAME@out */
};

struct diff_side {
	const char	*name;		/* as the user wrote it */
	const struct entry_point **entries;
	size_t		 n;
	/*
	 * Per member (NULL: all 0, DIFF_PASS_ENTRY): the group it belongs
	 * to (members joined by '+' share one, groups are joined by '&',
	 * numbered from 0 in order) and its pass.
	 */
	const unsigned	*group;
	const enum diff_pass *pass;
	/* Per group (NULL: all DIFF_JOIN_ALL); join[0] is not used. */
	const enum diff_join *join;
};

struct diff_pair {
	const char	*name;		/* "ipv4/filter/INPUT", "a=b+c" */
	struct diff_side old, new;
};

struct diff_change {
	const struct diff_pair *pair;
	enum family	 family;
	/* Verdict names (eval_verdict_name), or "not reached". */
	const char	*from, *to;
	/* The deciding rules; NULL: the entry's default (or not reached). */
	const struct rule *old_rule, *new_rule;
	const struct entry_point *old_entry, *new_entry;	/* NULL: none */
	struct packet	*witness;
	const char	*space;		/* readable description */
	/*
	 * The region's boxes: nboxes in all; when there are several, the
	 * first nboxes_shown (at most DIFF_BOXES_SHOWN) described one by one
	 * as space describes the first, so that a reader can judge the
	 * whole region.  Only for the pairs diff_pair_parse made (given
	 * as OLD=NEW); 0 and NULL for those paired by name.
	 */
	size_t		 nboxes, nboxes_shown;
	const char *const *boxes;
	/*
	 * Non-NULL: the region exists only for some values of conditions
	 * the model does not understand (box_conditions says which); the
	 * witness then gets these verdicts only under those conditions and
	 * cannot be replayed by eval.c.
	 */
	const char	*condition;
};

struct diff_result {
	VEC(struct diff_change) changes;
	/* Pairs (per family) the engine could not judge at all. */
	size_t		 unjudged;
	/* Regions where an opaque or unknown rule may decide. */
	size_t		 undetermined;
	/* Changes dropped because eval.c disagreed (a bug signal). */
	size_t		 unconfirmed;
	/* Notes for the user: entries without a partner, unjudged pairs. */
	VEC(const char *) notes;
	/* An entry point only one revision has (by-name pairing). */
	size_t		 unpaired;
};

/*
 * A pair from "OLD=NEW" where each side is NAME, NAME+NAME+..., or such
 * groups joined by '&' or ',', each NAME possibly ending in "@in" or
 * "@out"; -1
 * and *err set when a name is not an entry point of its policy.
 */
int		 diff_pair_parse(struct arena *, const char *spec,
		    const struct policy *old, const struct policy *new,
		    struct diff_pair *out, const char **err);

/*
 * Compare the pairs, or, when pairs is NULL, every filtering entry point
 * whose name both policies have (in the old policy's order; an entry only
 * one revision has gets a note and makes the revisions differ).
 */
struct diff_result *diff_policies(struct arena *, const struct policy *old,
		    const struct policy *new, const struct diff_pair *pairs,
		    size_t npairs);

/* True when nothing changed and everything could be judged. */
bool		 diff_equivalent(const struct diff_result *);

#endif
