/*
 * normalize.h - entry points as ordered decision lists (DESIGN.md 1.3).
 *
 * normalize turns each entry point of a policy into one flat list of
 * steps: every container reached through jumps, gotos and anchors is
 * inlined in place, so the checks, the engine and `trace` read one
 * platform-neutral shape whatever the front end.
 *
 * A step is a source rule at one place of the walk.  It keeps the
 * conjunction of matches along its jump path (matches[0] is the outermost
 * jumping rule's match, matches[nmatches - 1] the step's own; pointers
 * into the model, never merged copies) and the path of source rules that
 * led to it (path[npath - 1] is the rule itself), so findings point at
 * the user's own lines.  The entry's scope (ASA "in on outside", PF
 * direction) is a property of the list, not repeated in every step.
 *
 * How the walk reads a list (eval.c is the reference implementation):
 * - Steps are visited in order.  A NORM_CALL or NORM_GOTO step opens the
 *   range [index + 1, end) holding the inlined callee: a packet its own
 *   match rejects skips to end.  Inside a range, only a step's own match
 *   (the last of matches[]) is new; the others hold already.
 * - NORM_RETURN skips to `end` (the step after the calling rule, or the
 *   list end where the default applies).  iptables RETURN from a chain
 *   reached by -j goes back after the calling rule; from a chain reached
 *   by -g (or falling off the end of one) it goes back after the last -j;
 *   in a built-in chain it applies the policy.  Falling off a goto'd chain
 *   is a synthetic NORM_RETURN step (rule NULL, always taken once inside
 *   the range) that closes the goto's range.
 * - NORM_DECIDE gives a verdict (accept, drop, reject, queue, translate).
 *   If `final`, a matching packet is decided at once; otherwise (PF rules
 *   without quick in a last-match list) it becomes the pending decision
 *   and later matching rules override it.  The list's default applies to
 *   packets that reach the end with nothing pending.
 * - NORM_CONTINUE matches and falls through (LOG, MARK, a rule without
 *   target, PF match): it decides nothing, but in a last-match list it
 *   still counts as a match for an enclosing quick anchor.
 * - NORM_UNKNOWN may or may not decide (a target the model does not know,
 *   a jump to an undefined chain, a jump loop, a call cut by the budget):
 *   sound consumers treat it as possibly deciding, with an unknown action.
 * - NORM_ANCHOR_QUICK closes the range of a PF "anchor ... quick" call:
 *   if any filter rule of [begin, index) matched, evaluation stops with
 *   the pending decision (pf.conf(5)).  A quick rule inside an anchor is
 *   final for the whole ruleset, as in PF.
 *
 * Disabled rules (ASA inactive, fwb disabled) match nothing and are not in
 * the list.
 *
 * Cost: every rule is inlined once per place a packet can reach it, and
 * each step costs one small allocation of 2 * (depth + 1) pointers.  When
 * many rules jump to the same large chain that is a product, so each entry
 * has a budget of steps (NORM_STEP_BUDGET or 4 times the policy's rules,
 * whichever is larger): a call that would exceed it is not inlined but
 * kept as a NORM_UNKNOWN step, the list is marked truncated, and a
 * warning says where.  Jump loops (which iptables-restore rejects) and
 * jumps deeper than NORM_MAX_DEPTH are reported and cut the same way.
 */
#ifndef FIRELINT_NORMALIZE_H
#define FIRELINT_NORMALIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct diag_list;

#define NORM_MAX_DEPTH		64
#define NORM_STEP_BUDGET	200000

enum norm_kind {
	NORM_DECIDE,
	NORM_CONTINUE,
	NORM_UNKNOWN,
	NORM_CALL,
	NORM_GOTO,
	NORM_RETURN,
	NORM_ANCHOR_QUICK,
};

struct norm_step {
	enum norm_kind	 kind;
	/* DECIDE: decides at once when it matches (first match, PF quick). */
	bool		 final;
	/* NORM_RETURN closing a goto'd chain that the packet fell off. */
	bool		 implicit;
	/* CALL, GOTO: end of the inlined range; RETURN: where it goes. */
	uint32_t	 end;
	/* ANCHOR_QUICK: first step of the anchor's range. */
	uint32_t	 begin;
	/* The source rule (for a synthetic return, the goto rule). */
	const struct rule *rule;
	const struct action *action;
	/* Why an UNKNOWN step is unknown ("unknown target", "jump loop"). */
	const char	*why;
	const struct match *const *matches;
	const struct rule *const *path;
	uint32_t	 nmatches, npath;
};

struct norm_list {
	const struct entry_point *entry;
	enum match_order order;
	const struct match *scope;		/* NULL: every packet */
	const struct action *default_action;
	struct loc	 default_loc;
	struct norm_step *steps;
	uint32_t	 nsteps;
	bool		 truncated;		/* the budget cut some call */
};

/* The decision lists of a policy, parallel to policy->entries. */
struct norm_policy {
	const struct policy *policy;
	struct norm_list *lists;
	size_t		 nlists;
};

/*
 * Normalize one entry point.  Problems (loops, undefined targets, the
 * budget) go to diags, located at the rule; diags may be NULL.
 */
struct norm_list *normalize_entry(struct arena *, const struct policy *,
		    const struct entry_point *, struct diag_list *);
struct norm_policy *normalize_policy(struct arena *, const struct policy *,
		    struct diag_list *);

/*
 * The first-match list that decides every packet as the last-match list l
 * does (PF): the final steps (quick rules, unknown steps) in their order,
 * then the other deciding steps in reverse order, then l's default.  A
 * packet matching some quick rule is decided by the first of them;
 * otherwise by the last matching non-quick rule; otherwise by the
 * default, which is exactly pf.conf(5)'s rule.  Calls and match rules
 * decide nothing and their conditions are already in the inner steps'
 * matches[], so they are left out.  Steps keep their rule and path, so
 * findings still point at the user's lines, but a packet's walk must be
 * confirmed on l itself.  NULL when l has an "anchor ... quick" (whether
 * it stops depends on which inner rule matched, which no reordering
 * expresses); l itself when it is already first-match.
 */
const struct norm_list *norm_first_match_equivalent(struct arena *,
		    const struct norm_list *l);

/* The step's own match: the last of matches[], or NULL (synthetic). */
const struct match *norm_step_own_match(const struct norm_step *);
const char	*norm_kind_name(enum norm_kind);

#endif
