/*
 * undetermined - the engine's budget ran out before it could prove or
 * refute an anomaly for some rules (DESIGN.md 2c point 6: never a silent
 * guess).
 *
 * The anomaly analysis (space.h) gives every rule at most SPACE_RULE_WORK
 * and each list a share of the run's budget (SPACE_WORK_PER_STEP per
 * step, between SPACE_WORK and SPACE_WORK_MAX in all); a rule whose exact
 * answer needs more is left unjudged.  Rather than one note per rule (a dense
 * 100,000-rule file can leave thousands), one note per entry point names
 * the first such rule and how many there are; what the other checks say
 * about the other rules holds (they were judged exactly, or left alone
 * for the reason below).  Rules left alone for
 * another reason (an opaque condition, an unknown target) are not counted
 * here: the model, not the budget, is what stops them, and the notes of
 * the front ends say so.
 */
#include "config.h"

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "analyzer/space.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/model.h"

static void
run(struct check_context *ctx)
{
	const struct space_result *res = space_for_checks(ctx);

	for (size_t i = 0; i < res->over_budget.n; i++) {
		const struct space_unjudged *u = &res->over_budget.v[i];
		size_t n = 0;
		bool seen = false;
		struct diagnostic *d;

		for (size_t j = 0; j < i && !seen; j++)
			seen = res->over_budget.v[j].entry == u->entry;
		if (seen)
			continue;
		for (size_t j = i; j < res->over_budget.n; j++)
			n += res->over_budget.v[j].entry == u->entry;
		d = check_report_rule(ctx, u->rule, u->entry != NULL ?
		    u->entry->name : NULL, "the engine's work budget ran out "
		    "before it could judge this rule%s for shadowing and "
		    "redundancy; nothing is claimed about %s (the other rules "
		    "were judged as far as the model allows)", n > 1 ?
		    arena_printf(ctx->arena, " and %zu more of this entry "
		    "point", n - 1) : "",
		    n > 1 ? "them" : "it");
		(void)d;
	}
}

const struct check check_undetermined = {
	.id = "undetermined",
	.severity = DIAG_NOTE,
	.summary = "the engine's budget ran out before it could prove or "
	    "refute an anomaly for these rules; nothing is claimed about "
	    "them",
	.run = run,
};
