/*
 * orphaned - a container or object that nothing uses.
 *
 * What it proves: a user-defined container (iptables user chain, PF
 * anchor, ASA access-list, fwb rule set) that no entry point reaches: either
 * no rule jumps or goes to it, or only rules in containers that are
 * themselves never reached do.  Its rules judge no packet, which usually
 * means a forgotten "-j" after a refactoring, or dead configuration left
 * behind.  Also a defined object (address, service, group, table, macro)
 * that no rule or group refers to.
 *
 * What it cannot see: jumps made from outside the input (a chain that a
 * script adds a jump to at run time, a chain kept for "iptables -I ... -j"
 * by hand in emergencies); rules that name hosts no interface or inventory
 * knows, which needs a site configuration this check does not read yet.
 * Built-in chains are entry points, never orphaned.  A container that
 * statements other than rules use (container.references counts them too:
 * an ASA access-list named by nat, crypto map match address, class-map,
 * vpn-filter, split-tunnel-network-list...) is used, though no entry
 * point reaches it: it is not reported.
 */
#include "config.h"

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "core/diag.h"
#include "core/model.h"

static const char *
container_word(enum container_kind k)
{
	switch (k) {
	case CONTAINER_ANCHOR:
		return "anchor";
	case CONTAINER_ACL:
		return "access-list";
	case CONTAINER_RULESET:
		return "rule set";
	default:
		return "chain";
	}
}

/* The rules that jump or go to c: the part of c->references from rules. */
static uint32_t
jumps_to(const struct policy *p, const struct container *c)
{
	uint32_t n = 0;

	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *from = p->containers.v[i];

		for (size_t k = 0; k < from->rules.n; k++) {
			const struct action *a = &from->rules.v[k]->action;

			if ((a->kind == ACTION_JUMP ||
			    a->kind == ACTION_GOTO) && a->container == c)
				n++;
		}
	}
	return n;
}

static void
run(struct check_context *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];
		struct diagnostic *d;

		if (c->kind == CONTAINER_CHAIN ||
		    check_container_reached(ctx, c))
			continue;
		/* Used by a statement that is no rule: not dead. */
		if (c->references > 0 && c->references > jumps_to(p, c))
			continue;
		/*
		 * An entry point that starts here (an ASA ACL bound to an
		 * interface, a PF main ruleset) counts as reaching it; the
		 * reachability map already says so.
		 */
		if (c->references == 0)
			d = check_report_at(ctx, c->loc,
			    "%s \"%s\" is never %s", container_word(c->kind),
			    c->name, c->kind == CONTAINER_ANCHOR ? "loaded" :
			    c->kind == CONTAINER_ACL ? "bound" :
			    "jumped to");
		else
			d = check_report_at(ctx, c->loc,
			    "%s \"%s\" is reached only from chains that are "
			    "never reached themselves",
			    container_word(c->kind), c->name);
		d->fix = c->kind == CONTAINER_USER_CHAIN ?
		    "add a rule that jumps to it, or delete the chain" : NULL;
		check_apply_suppression(ctx, d, c->comment);
	}
	for (size_t i = 0; i < p->objects.n; i++) {
		const struct object *o = p->objects.v[i];

		if (!o->defined || o->references > 0)
			continue;
		check_apply_suppression(ctx, check_report_at(ctx, o->loc,
		    "%s \"%s\" is never used", object_kind_name(o->kind),
		    o->name), o->comment);
	}
}

const struct check check_orphaned = {
	.id = "orphaned",
	.severity = DIAG_WARNING,
	.summary = "a chain or object is never reached or used",
	.run = run,
};
