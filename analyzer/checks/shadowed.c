/*
 * shadowed - a rule that never decides a packet although it matches some,
 * and some of its packets get another verdict (DESIGN.md 2b: M(r) not
 * empty, Fire(r) empty, decision(p) differs from r's action for some p of
 * M(r)).
 *
 * What it proves, exactly and over unions of earlier rules (space.h):
 * every packet of the rule's own match is decided before it, or sent past
 * it by a RETURN, at every place the rule is inlined in every filtering
 * entry point, and the witness packet (confirmed by eval.c) is one of its
 * packets that gets another verdict.  `related` lists a small covering set
 * of earlier rules, always including the largest one with another action.
 *
 * PF's last-match lists are judged in their first-match form
 * (norm_first_match_equivalent), so there "earlier" reads "taking
 * precedence": later rules, and quick rules anywhere before.
 *
 * What it leaves alone: lists with an "anchor ... quick"; rules
 * whose own match is not exact (mark, set, opaque conditions), rules whose
 * packets may meet a target the model does not know or an opaque deciding
 * rule, and regions over the engine's budget are not reported (never
 * guessed).  Only accept, drop and reject rules of filtering entry points
 * are judged.
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
		const char *who = f->entry->order == ORDER_LAST_MATCH ?
		    "rules that take precedence (later ones, or quick ones)" :
		    "earlier rules";
		struct diagnostic *d;

		if (f->kind != SPACE_SHADOWED)
			continue;
		if (f->decider != NULL)
			d = check_report_rule(ctx, f->rule, f->entry->name,
			    "rule is shadowed: %s decide all of its "
			    "packets, some with another verdict (the witness "
			    "gets %s from line %u)", who, f->verdict,
			    (unsigned)f->decider->loc.line);
		else
			d = check_report_rule(ctx, f->rule, f->entry->name,
			    "rule is shadowed: %s decide or return "
			    "all of its packets, some with another verdict "
			    "(the witness gets the default %s)", who,
			    f->verdict);
		d->witness = f->witness;
		for (size_t k = 0; k < f->nrelated; k++)
			diag_add_related(ctx->diags, d, f->related[k].rule->loc,
			    "%s", f->related[k].covers_all ? "covers it" :
			    "covers part");
	}
}

const struct check check_shadowed = {
	.id = "shadowed",
	.severity = DIAG_ERROR,
	.summary = "the rule never matches: earlier rules (one or several "
	    "together) decide all its packets, at least partly with another "
	    "action",
	.run = run,
};
