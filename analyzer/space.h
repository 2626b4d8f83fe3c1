/*
 * space.h - the packet regions of a decision list, shared by the anomaly
 * checks (shadowed, redundant, no-default-deny; DESIGN.md 2b).
 *
 * For every step of a first-match list, M(step) is the region of packets
 * the step's matches[] (plus the entry's scope, within the packets that
 * reach the entry at all) admit, and Fire(step) is M minus what earlier
 * steps take away: a final DECIDE step takes the packets it decides from
 * every later step, a RETURN step those it returns from the later steps
 * inside its range.  Calls and gotos need nothing: their matches are already in
 * the inner steps' conjunctions.
 *
 * Soundness: a step whose region is not exact (opaque, mark, set
 * references) never takes anything away.  Such a step when it may decide
 * or return, and every NORM_UNKNOWN step, is "doubtful": the packets that
 * reach it inside its region form the doubt region Q.  A packet outside Q
 * walks exactly as the regions say, so every claim below is made only
 * about packets outside Q, and every finding's witness is confirmed by
 * eval.c before it is reported.  Lists cut by the normalizer's budget,
 * regions over the box budget and PF lists with an "anchor ... quick" are
 * not judged.  Other last-match lists (PF) are judged in their first-match
 * form (norm_first_match_equivalent), witnesses confirmed on the original.
 */
#ifndef FIRELINT_SPACE_H
#define FIRELINT_SPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/packet.h"

struct arena;

/* Boxes per region before a question is given up as over budget. */
#define SPACE_BUDGET	4096
/*
 * Box pairs compared per analysis before the remaining questions are given
 * up (undetermined): the regions are compared pairwise, quadratic in the
 * list length, until the overlap index of DESIGN.md 2c replaces it.
 */
#define SPACE_WORK	((size_t)4000000)

enum space_kind {
	SPACE_SHADOWED,
	SPACE_REDUNDANT,	/* upward: Fire(r) empty, same decisions */
	SPACE_REDUNDANT_DOWN,	/* Fire(r) not empty, removing r changes
				   nothing */
	SPACE_NO_DEFAULT_DENY,
};

struct space_related {
	const struct rule *rule;
	bool		 covers_all;	/* alone covers M(r) */
};

struct space_finding {
	enum space_kind	 kind;
	const struct rule *rule;	/* NULL for no-default-deny */
	const struct entry_point *entry;
	struct packet	*witness;	/* confirmed by eval.c */
	/* The witness's verdict, and the rule deciding it (NULL: the
	   entry's default). */
	const char	*verdict;
	const struct rule *decider;
	struct space_related *related;
	size_t		 nrelated;
};

struct space_result {
	VEC(struct space_finding) findings;
	/* Candidates dropped because eval.c disagreed with the regions (a
	   bug signal: the oracle test requires 0). */
	size_t		 unconfirmed;
	/* Rules or entries left unjudged (doubt, budget). */
	size_t		 undetermined;
};

/*
 * Judge every filtering first-match entry point of the policy and return
 * the findings of the kinds in the mask (1u << SPACE_SHADOWED | ...), in
 * order of entry, then rule position.  A rule is judged over every step
 * of every such list it appears in.
 */
struct space_result *space_analyze(struct arena *, const struct policy *,
		    unsigned kinds);

#endif
