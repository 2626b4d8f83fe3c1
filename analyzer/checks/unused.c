/*
 * unused - a rule whose hit counter says it has never matched.
 *
 * What it proves: the input carries per-rule counters (iptables-save -c,
 * ASA hitcnt=) and this rule's packet counter is zero, so since the
 * counters were last reset no packet has matched it.  That is evidence,
 * not proof, that the rule is not needed: a rule for a yearly job or a
 * failover path may sit at zero for months.
 *
 * What it cannot see: how long the counters have been counting.  When
 * every counter in the file is zero (rules and chain policies alike) the
 * dump was most likely taken right after the rules were loaded, or from a
 * test machine; the counters then say nothing about any rule and this
 * check reports nothing for the file.  Disabled rules and rules without
 * counters are skipped.
 */
#include "config.h"

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "core/model.h"

/* Has anything in the file counted a packet? */
static bool
counters_informative(const struct policy *p)
{
	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];

		if (c->policy_counters.present &&
		    c->policy_counters.packets > 0)
			return true;
		for (size_t k = 0; k < c->rules.n; k++)
			if (c->rules.v[k]->counters.present &&
			    c->rules.v[k]->counters.packets > 0)
				return true;
	}
	return false;
}

static void
run(struct check_context *ctx)
{
	const struct policy *p = ctx->policy;

	if (!counters_informative(p))
		return;
	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];
		const struct entry_point *e = check_container_entry(ctx, c);

		for (size_t k = 0; k < c->rules.n; k++) {
			const struct rule *r = c->rules.v[k];

			if (r->disabled || !r->counters.present ||
			    r->counters.packets > 0)
				continue;
			check_report_rule(ctx, r, e != NULL ? e->name : NULL,
			    "rule has never matched (0 packets)");
		}
	}
}

const struct check check_unused = {
	.id = "unused",
	.severity = DIAG_WARNING,
	.summary = "the input carries hit counters and the rule has never "
	    "matched",
	.run = run,
};
