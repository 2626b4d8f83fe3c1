/*
 * undefined-reference - a name used but never defined.
 *
 * What it proves: a rule jumps or goes to a container that the input never
 * declares (iptables-restore refuses such a file, so a hand-edited restore
 * file with a typo in a chain name fails to load as a whole), or a rule
 * names an object (address, service, group, PF table or macro) that the
 * input never defines.
 *
 * What it cannot see: names defined outside the input.  ipsets are the
 * main case: iptables-save never contains them (they live in the kernel
 * and in `ipset save`), so an ipset named by "-m set" is never reported
 * here.  PF tables likewise: pfctl creates a table that a rule names but no
 * "table" line defines, empty, to be filled at run time (pfctl -T add, or a
 * daemon such as sshguard), so such a table is not a mistake.  Names
 * resolved by a platform at load time from other files (PF "file" tables,
 * includes that were not given) are not reported either when the front end
 * marks them as external.
 */
#include "config.h"

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "core/diag.h"
#include "core/model.h"

static void
run(struct check_context *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];
		const struct entry_point *e = check_container_entry(ctx, c);

		for (size_t k = 0; k < c->rules.n; k++) {
			const struct rule *r = c->rules.v[k];
			struct diagnostic *d;
			struct loc loc;

			if ((r->action.kind != ACTION_JUMP &&
			    r->action.kind != ACTION_GOTO) ||
			    r->action.container != NULL)
				continue;
			loc = r->action.loc.file != NULL ? r->action.loc :
			    r->loc;
			d = check_report_at(ctx, loc,
			    "%s to undefined chain \"%s\"",
			    r->action.kind == ACTION_GOTO ? "goto" : "jump",
			    r->action.target != NULL ? r->action.target : "");
			d->entry = e != NULL ? e->name : NULL;
			d->rule_text = r->text;
			d->fix = "declare the chain (\":NAME - [0:0]\" or "
			    "\"-N NAME\") or correct the target name";
			check_apply_suppression(ctx, d, r->comment);
		}
	}
	for (size_t i = 0; i < p->objects.n; i++) {
		const struct object *o = p->objects.v[i];

		if (o->defined || o->references == 0 ||
		    o->kind == OBJECT_IPSET || o->kind == OBJECT_TABLE)
			continue;
		check_apply_suppression(ctx, check_report_at(ctx, o->loc,
		    "%s \"%s\" is used but never defined",
		    object_kind_name(o->kind), o->name), o->comment);
	}
}

const struct check check_undefined_reference = {
	.id = "undefined-reference",
	.severity = DIAG_ERROR,
	.summary = "a name (chain, object, group, macro, table) is used but "
	    "never defined",
	.run = run,
};
