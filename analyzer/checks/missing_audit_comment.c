/*
 * missing-audit-comment - a rule without the audit trail change control
 * asks for: who requested it, when, why, and the approving ticket
 * (DESIGN.md section 5; the keys are read by analyzer/audit.c).
 *
 * Which rules: the ones an auditor reviews, that is rules that decide or
 * route traffic (a verdict such as ACCEPT, DROP, REJECT, QUEUE, or a jump
 * or goto into another container) in containers that some filtering entry
 * point reaches (iptables filter INPUT, FORWARD, OUTPUT and the user chains
 * they call; PF pass/block rules; ASA ACLs).  LOG, MARK, RETURN and NAT
 * rules, rules of unreached containers (the orphaned check speaks of those)
 * and disabled rules are not asked for a comment.  Neither are the rules of
 * a container marked no_comments (core/model.h): the platform offers no
 * place for a comment there (ASA telnet, ssh, http and snmp-server host
 * lines, PIX 6 conduits), so the finding could never be fixed.  A source
 * rule that the front end expanded into several model rules (a PF list or
 * antispoof) has one comment, so it is reported once.
 *
 * What it cannot see: whether the comment is true, whether the ticket
 * exists, or whether a comment written in another convention carries the
 * same information; a site can change the pattern with --config later.
 */
#include "config.h"

#include "analyzer/audit.h"
#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "core/model.h"

static bool
needs_audit(const struct rule *r)
{
	return action_is_verdict(r->action.kind) ||
	    r->action.kind == ACTION_JUMP || r->action.kind == ACTION_GOTO;
}

static void
run(struct check_context *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];
		const struct entry_point *e;

		if (c->no_comments || !check_container_filters(ctx, c))
			continue;
		e = check_container_entry(ctx, c);
		for (size_t k = 0; k < c->rules.n; k++) {
			const struct rule *r = c->rules.v[k];
			const struct rule *prev = k > 0 ? c->rules.v[k - 1] :
			    NULL;
			struct audit a;
			unsigned missing;

			if (r->disabled || !needs_audit(r))
				continue;
			if (prev != NULL && prev->loc.file == r->loc.file &&
			    prev->loc.line == r->loc.line &&
			    prev->loc.col == r->loc.col && !prev->disabled &&
			    needs_audit(prev))
				/* said at the first expansion */
				continue;
			audit_parse(ctx->arena, r->comment, &a);
			missing = audit_missing(&a);
			if (r->comment == NULL || r->comment[0] == '\0')
				check_report_rule(ctx, r,
				    e != NULL ? e->name : NULL,
				    "rule has no audit comment (%s)",
				    audit_mask_text(ctx->arena, missing));
			else if (missing != 0)
				check_report_rule(ctx, r,
				    e != NULL ? e->name : NULL,
				    "audit comment lacks %s",
				    audit_mask_text(ctx->arena, missing));
		}
	}
}

const struct check check_missing_audit_comment = {
	.id = "missing-audit-comment",
	.severity = DIAG_WARNING,
	.summary = "the rule has no comment giving who, when, why and the "
	    "approval or ticket",
	.run = run,
};
