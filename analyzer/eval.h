/*
 * eval.h - one concrete packet through one decision list (normalize.h).
 *
 * The reference semantics of a decision list and the engine of `trace`.
 * Conditions the model does not understand (opaque matches, sets whose
 * members are unknown) and targets it does not know make a step "maybe":
 * the main walk assumes each such condition does not hold (and an unknown
 * target falls through), and says so in its events; then every other
 * combination of maybe choices is walked too, up to EVAL_BRANCH_BUDGET
 * walks, and the decision is "determined" only when all of them give the
 * same verdict.
 */
#ifndef FIRELINT_EVAL_H
#define FIRELINT_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/normalize.h"
#include "core/packet.h"

#define EVAL_BRANCH_BUDGET	256

enum eval_event_kind {
	EVAL_CALL,		/* a jump or anchor call is taken */
	EVAL_GOTO,		/* a goto is taken */
	EVAL_RETURN,		/* an explicit RETURN matches */
	EVAL_FALL_OFF,		/* the end of a goto'd chain: return */
	EVAL_BACK,		/* back after the calling rule */
	EVAL_CONTINUE,		/* LOG, MARK, PF match: matches, goes on */
	EVAL_PENDING,		/* last match: the decision so far */
	EVAL_MAYBE,		/* an opaque condition: assumed not to hold */
	EVAL_UNKNOWN,		/* an unknown step matches: assumed to go on */
	EVAL_QUICK_ANCHOR,	/* a quick anchor ends the evaluation */
	EVAL_DECIDE,		/* this rule decides */
	EVAL_DEFAULT,		/* nothing decided: the default applies */
};

struct eval_event {
	enum eval_event_kind kind;
	const struct norm_step *step;	/* NULL for EVAL_DEFAULT */
	/* EVAL_BACK: the calling rule the walk comes back after. */
	const struct rule *back_after;
	/* EVAL_MAYBE: the opaque conditions ("limit", "set foo") */
	const char	*why;
};

/* One possible ending of the walk. */
struct eval_outcome {
	const struct norm_step *decider;	/* NULL: the default */
	const struct action *action;
	bool		 unknown;	/* an unknown step decided it */
};

struct eval_result {
	struct eval_event *events;	/* of the main walk */
	size_t		 nevents;
	struct eval_outcome main;
	/* Outcomes of the other walks that differ from main's verdict. */
	struct eval_outcome *alts;
	size_t		 nalts;
	size_t		 nmaybe;	/* maybe points in the main walk */
	size_t		 walks;
	bool		 determined;	/* every walk gives main's verdict */
	bool		 budget_exhausted;
};

/* Walk packet p through list l (its scope is not checked here). */
void	 eval_packet(struct arena *, const struct norm_list *,
	    const struct packet *, struct eval_result *);

/*
 * Does a packet with these family and interfaces reach the entry point?
 * The family and scope must fit; for iptables hooks, a packet with only an
 * input interface reaches PREROUTING and INPUT, one with only an output
 * interface OUTPUT and POSTROUTING, one with both PREROUTING, FORWARD and
 * POSTROUTING, and one with none every hook.
 */
bool	 eval_entry_reaches(const struct entry_point *, const struct packet *);

/*
 * The packet as the entry point sees it: an entry scoped to one direction
 * (PF "pf/in", "pf/out") gets that FIELD_DIRECTION, and for the out pass
 * the output interface becomes the interface the rules' "on" names (PF
 * rules keep it in in_if, see parser/pf/pfp_rule.c).  Without a direction
 * scope, a packet with an output interface and no input one is outbound.
 * At iptables INPUT the destination address type is LOCAL, at OUTPUT the
 * source's, unless the packet says otherwise.
 */
void	 eval_packet_for_entry(const struct entry_point *,
	    const struct packet *, struct packet *out);
/*
 * The inverse, for packets built in the entry's own terms (the engine's
 * witnesses): a packet of a direction-scoped entry gets its interface back
 * on the side the direction says and no explicit direction, so that users
 * read "out em0" and eval_entry_reaches accepts it.
 */
void	 eval_packet_from_entry(const struct entry_point *,
	    const struct packet *q, struct packet *p);

/* "accept", "drop", ... for an action; "none" for NULL. */
const char *eval_verdict_name(const struct action *);

/*
 * The same verdict: the same kind and the same target options (REJECT
 * with tcp-reset is not REJECT with an ICMP error).  NULL is no verdict.
 */
bool	 eval_same_verdict(const struct action *, const struct action *);

/*
 * The decision of list l for packet p as the user writes it (reach
 * checked, eval_packet_for_entry applied): false when p does not reach
 * the entry or the walk cannot settle it (an opaque condition or an
 * unknown target could change the verdict).  The checks replay every
 * witness with it before they report.
 */
bool	 eval_decide(struct arena *, const struct norm_list *l,
	    const struct packet *p, struct eval_outcome *out);

#endif
