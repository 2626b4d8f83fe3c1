/*
 * correlated - two rules with different decisions overlap in part, and
 * both still decide some packets, so their order decides the overlap
 * (DESIGN.md 2b, 5).
 *
 * What it proves (pairwise.h): for steps a before b of a first-match list
 * with different decisions, M(a) meets M(b), neither holds the other,
 * some packet of the overlap is decided by a (Fire(a) meets M(b)), and b
 * still decides some packet (Fire(b) is not empty).  The finding is at b,
 * the rule that gives way, with a as related; the witness, confirmed by
 * eval.c, is a packet of b's match that a decides.  Each pair of rules is
 * reported once per policy, at the first place found.
 *
 * PF's last-match lists are judged in their first-match form, so there "a
 * before b" reads "a takes precedence over b" (a later rule, or a quick
 * one).
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

		if (f->kind != PAIRWISE_CORRELATED)
			continue;

		d = check_report_rule(ctx, f->late, f->entry->name,
		    "rule is correlated with line %u: they overlap in part "
		    "with different verdicts (%s here, %s there), and line %u "
		    "takes precedence on the overlap (the witness gets %s "
		    "from it)", (unsigned)f->early->loc.line, f->late_verdict,
		    f->early_verdict, (unsigned)f->early->loc.line,
		    f->early_verdict);
		d->witness = f->witness;
		diag_add_related(ctx->diags, d, f->early->loc, "%s",
		    "overlaps it and decides the witness");
	}
}

const struct check check_correlated = {
	.id = "correlated",
	.severity = DIAG_NOTE,
	.summary = "two rules with different actions overlap in part and "
	    "both still match some of the overlap: their order decides it",
	.run = run,
};
