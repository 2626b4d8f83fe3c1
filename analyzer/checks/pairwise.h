/*
 * pairwise.h - pairs of rules with different decisions whose matches
 * overlap, for the checks correlated and generalization (DESIGN.md 2b,
 * 2c point 7).
 *
 * For a step k of a first-match list (space.h: PF lists through their
 * first-match form), M(k) and Fire(k) are the engine's regions.  Steps a
 * before b are a candidate pair when both decide (accept, drop, reject),
 * their rules differ, their decisions differ (kind or target options, as
 * space.c's same_decision), and M(a) meets M(b).  Then:
 * - correlated: neither M(a) nor M(b) holds the other, Fire(a) meets
 *   M(b) (a decides some packet of the overlap) and Fire(b) is not empty
 *   (b still decides something); the witness is in Fire(a) and M(b);
 * - generalization: M(a) is inside M(b), Fire(a) is not empty, and b is
 *   not a catch-all: M(b) is smaller than what its path (the jumps that
 *   lead to it) and the entry admit.  A catch-all at the end of a list or
 *   chain is that list's or chain's default, not a generalization.  The
 *   witness is in Fire(a).
 * A step whose match is not exact or whose packets meet a doubt region is
 * never part of a pair.  Every witness is confirmed by eval.c on the list
 * as normalized: decided by a, with a's verdict, and matched by b's step.
 */
#ifndef FIRELINT_CHECKS_PAIRWISE_H
#define FIRELINT_CHECKS_PAIRWISE_H

#include "core/arena.h"
#include "core/model.h"
#include "core/packet.h"

struct check_context;

enum pairwise_kind {
	PAIRWISE_CORRELATED,
	PAIRWISE_GENERALIZATION,
};

struct pairwise_finding {
	enum pairwise_kind kind;
	/* early takes precedence over late (comes first in the first-match
	   form) and decides the witness */
	const struct rule *early, *late;
	const struct entry_point *entry;
	struct packet	*witness;	/* in the check's arena */
	const char	*early_verdict, *late_verdict;
};

struct pairwise_result {
	VEC(struct pairwise_finding) findings;
	/* Candidates dropped because eval.c disagreed (a bug signal). */
	size_t		 unconfirmed;
	/* The engine's budget ran out: some pairs were not examined. */
	bool		 cut;
};

/*
 * Every pair of both kinds in the policy's filtering entry points, each
 * pair of rules at most once per kind, in order of entry, then later step.
 */
struct pairwise_result *pairwise_find(struct arena *, const struct policy *);
/* The same, computed once per policy for both checks. */
const struct pairwise_result *pairwise_for_checks(struct check_context *);

#endif
