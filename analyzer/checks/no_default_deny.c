/*
 * no-default-deny - packets fall through a filtering entry point and are
 * accepted by its default (DESIGN.md 2b: the region decided by an
 * accepting fall-through default is not empty).
 *
 * What it proves: the witness packet reaches the entry point, no rule
 * decides it, and the default accepts it; eval.c confirms it.  The region
 * is computed exactly (space.h), so an accepting policy whose rules end
 * with a catch-all drop is not reported.
 *
 * PF lists (pass is the default unless a rule blocks) are judged in their
 * first-match form.  What it leaves alone: lists with an "anchor ...
 * quick"; when every packet reaching the
 * default may be decided by a rule the model does not understand (opaque
 * matches, unknown targets) or the engine's budget runs out, nothing is
 * reported.
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
		const struct entry_point *e = f->entry;
		struct diagnostic *d;

		if (f->kind != SPACE_NO_DEFAULT_DENY)
			continue;
		d = check_report_at(ctx, e->default_loc, "packets fall "
		    "through %s and its default accepts them (the witness "
		    "is accepted)", e->name);
		d->entry = e->name;
		d->witness = f->witness;
	}
}

const struct check check_no_default_deny = {
	.id = "no-default-deny",
	.severity = DIAG_ERROR,
	.summary = "some packets fall through an entry point and are "
	    "accepted: the witness shows one",
	.run = run,
};
