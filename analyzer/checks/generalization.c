/*
 * generalization - a rule is an exception to a rule it takes precedence
 * over: the other rule matches all of its packets with another decision
 * (DESIGN.md 2b, 5).
 *
 * What it proves (pairwise.h): for steps a before b of a first-match list
 * with different decisions, M(a) is inside M(b) and a still decides some
 * packet (it is not shadowed).  The finding is at a, the exception, with b
 * as related; the witness, confirmed by eval.c, is a packet a decides
 * that b matches.  Each pair of rules is reported once per policy, at the
 * first place found.
 *
 * A catch-all b is left out: when b's own match restates what reaches it
 * (the whole entry, or in a chain what its jumps admit), b is that list's
 * or chain's default, and every rule before it with another verdict would
 * otherwise be an "exception".  PF's last-match lists are judged in their
 * first-match form: there b is usually an earlier, broader, non-quick
 * rule that a overrides.
 *
 * What it leaves alone: lists with an "anchor ... quick"; steps whose match
 * is not exact (mark, set, opaque conditions) or whose packets meet a
 * doubt region (space.h); rules that do not accept, drop or reject.  The
 * pairs are quadratic in the list length: lists of more than 400 steps
 * (jumps inlined) are skipped, and past the engine's work budget or
 * pairwise.c's cap of 20 million pairs per policy the remaining ones are
 * not examined; nothing is said about them.
 */
#include "config.h"

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "analyzer/checks/pairwise.h"
#include "core/diag.h"
#include "core/model.h"

static void
run(struct check_context *ctx)
{
	const struct pairwise_result *res = pairwise_for_checks(ctx);

	for (size_t i = 0; i < res->findings.n; i++) {
		const struct pairwise_finding *f = &res->findings.v[i];
		struct diagnostic *d;

		if (f->kind != PAIRWISE_GENERALIZATION)
			continue;

		d = check_report_rule(ctx, f->early, f->entry->name,
		    "rule is an exception to line %u, which matches all of "
		    "its packets with another verdict (%s here, %s there) "
		    "but gives way to it (the witness gets %s from this rule)",
		    (unsigned)f->late->loc.line, f->early_verdict,
		    f->late_verdict, f->early_verdict);
		d->witness = f->witness;
		diag_add_related(ctx->diags, d, f->late->loc, "%s",
		    "generalizes it");
	}
}

const struct check check_generalization = {
	.id = "generalization",
	.severity = DIAG_NOTE,
	.summary = "a later rule covers an earlier one with another action "
	    "(the earlier is an exception)",
	.run = run,
};
