/*
 * diff.h - the semantic comparison of two revisions of a rulebase
 * (`firelint diff`, DESIGN.md 2c point 7 and section 4).
 *
 * Entry points are compared in pairs.  A side of a pair is one entry
 * point, or several whose reach does not overlap in practice (the
 * iptables hooks INPUT, FORWARD and OUTPUT): a packet is then decided by
 * the first listed entry that it reaches, which lets one fwb firewall
 * policy be compared with the chains its compiler produced.  By default
 * every filtering entry point whose name both revisions have is a pair of
 * its own.
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

struct diff_side {
	const char	*name;		/* as the user wrote it */
	const struct entry_point **entries;
	size_t		 n;
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
 * A pair from "OLD=NEW" where each side is NAME or NAME+NAME+...; -1 and
 * *err set when a name is not an entry point of its policy.
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
