/*
 * redundant - removing the rule changes no decision (DESIGN.md 2b).
 *
 * Upward form: the rule never decides a packet (Fire(r) empty) and every
 * packet of its own match gets the rule's own verdict anyway.  Downward
 * form: the rule decides some packets, but without it each of them would
 * fall to later rules or the default with the same verdict.  Both are
 * judged one rule at a time, over every place the rule is inlined in every
 * filtering entry point, exactly (space.h).  A rule that logs is never
 * redundant downward with a decision that does not (removing it would
 * lose the log); upward it may be, since a rule that never decides never
 * logs either (fwbuilder reports such a duplicate too).  The witness
 * (confirmed by eval.c) is a packet of the rule: for the upward form
 * decided by another rule with the same verdict, for the downward form
 * decided by this rule and, with the rule removed, still given the same
 * verdict.
 *
 * PF's last-match lists are judged in their first-match form
 * (norm_first_match_equivalent): there "later rules" are the earlier
 * non-quick ones that the rule overrides.
 *
 * What it leaves alone: lists with an "anchor ... quick"; rules
 * whose own match is not exact (mark, set, opaque conditions), rules whose
 * packets may meet an unknown target or an opaque deciding rule, and
 * regions over the engine's budget are not reported.  Logging and marking
 * rules never are: only accept, drop and reject rules are judged.
 */
#include "config.h"

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "analyzer/space.h"
#include "core/diag.h"
#include "core/model.h"

static void
run(struct check_context *ctx)
{
	const struct space_result *res = space_for_checks(ctx);

	for (size_t i = 0; i < res->findings.n; i++) {
		const struct space_finding *f = &res->findings.v[i];
		struct diagnostic *d;
		const char *by;
		bool last = f->entry->order == ORDER_LAST_MATCH;

		by = f->decider != NULL ?
		    arena_printf(ctx->arena, "line %u",
		    (unsigned)f->decider->loc.line) :
		    "the default policy";
		if (f->kind == SPACE_REDUNDANT)
			d = check_report_rule(ctx, f->rule, f->entry->name,
			    "rule is redundant: %s already give all "
			    "of its packets the same verdict (the witness gets "
			    "%s from %s)", last ? "rules that take precedence "
			    "(later ones, or quick ones)" : "earlier rules",
			    f->verdict, by);
		else if (f->kind == SPACE_REDUNDANT_DOWN)
			d = check_report_rule(ctx, f->rule, f->entry->name,
			    "rule is redundant: without it, its packets get "
			    "the same verdict from %s rules or the default "
			    "(the witness would get %s from %s)",
			    last ? "earlier" : "later", f->verdict, by);
		else
			continue;
		d->witness = f->witness;
		if (f->decider != NULL)
			diag_add_related(ctx->diags, d, f->decider->loc, "%s",
			    f->kind == SPACE_REDUNDANT ?
			    "decides the witness" :
			    "would decide the witness");
	}
}

const struct check check_redundant = {
	.id = "redundant",
	.severity = DIAG_WARNING,
	.summary = "removing the rule changes no decision: earlier rules "
	    "already decide its packets the same way, or, without it, its "
	    "packets fall to later rules or the default with the same result",
	.run = run,
};
