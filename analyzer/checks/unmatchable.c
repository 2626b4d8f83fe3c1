/*
 * unmatchable - a rule whose own match is empty (DESIGN.md 2b: M(r) = {}).
 *
 * What it proves: no packet at all satisfies the rule's conditions, taken
 * on their own, whatever comes before the rule.  The reasons it can see are
 * the ones a single match carries: a contradiction the front end recorded
 * ("-p tcp -p udp", an address of the wrong family), a field constrained to
 * the empty set, a family the rule's container never sees, an interface set
 * that admits no interface ("! -i +"), a physdev port named together with
 * "! --physdev-is-in/out", and a mark test (x & mask) == value whose value
 * has bits outside the mask.
 *
 * What it cannot see: emptiness that arises only from the chain a rule
 * sits in (a user chain jumped to only for tcp holding a "-p udp" rule),
 * conditions the model keeps opaque (limit, recent, string, ...), and
 * several mark tests that contradict each other.  Disabled rules are left
 * alone: they match nothing on purpose.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "core/arena.h"
#include "core/fields.h"
#include "core/ifset.h"
#include "core/model.h"

/*
 * An interface set that no packet can satisfy: an empty list, or, in
 * iptables, "! -i +": the kernel's "+" matches every name, the empty one
 * of a packet without that interface included.  Elsewhere "! +" is "no
 * interface at all" (ifset_matches), which the fwb front end uses for
 * traffic to and from the firewall itself.
 */
static bool
ifset_excludes_all(const struct ifset *s, bool iptables)
{
	if (s == NULL)
		return false;
	if (!s->negated)
		return s->n == 0;
	for (size_t i = 0; iptables && i < s->n; i++)
		if (s->names[i][0] == '+' && s->names[i][1] == '\0')
			return true;
	return false;
}

static const char *
why_unmatchable(struct arena *a, const struct rule *r)
{
	const struct match *m = &r->match;
	const struct container *c = r->container;
	bool ipt = c != NULL && c->table != NULL;

	if (m->contradiction != NULL)
		return m->contradiction;
	for (int f = 0; f < FIELD_COUNT; f++)
		if (m->field[f] != NULL && ivset_is_empty(m->field[f]))
			return arena_printf(a, "no %s value satisfies it",
			    field_info((enum field)f)->name);
	if (m->family == FAMILY_NONE)
		return "it matches packets of no address family";
	if (c != NULL && c->family != FAMILY_NONE &&
	    (m->family & c->family) == 0)
		return arena_printf(a, "it matches only %s packets, but its "
		    "chain sees only %s packets", family_name(m->family),
		    family_name(c->family));
	if (ifset_excludes_all(m->in_if, ipt))
		return "its input interface condition excludes every "
		    "interface";
	if (ifset_excludes_all(m->out_if, ipt))
		return "its output interface condition excludes every "
		    "interface";
	if (ifset_excludes_all(m->physdev_in, ipt) ||
	    ifset_excludes_all(m->physdev_out, ipt))
		return "its bridge port condition excludes every port";
	if (m->physdev_in != NULL && !m->physdev_in->negated &&
	    m->physdev_is_in == 0)
		return "it names an input bridge port but requires that the "
		    "packet did not enter through a bridge port";
	if (m->physdev_out != NULL && !m->physdev_out->negated &&
	    m->physdev_is_out == 0)
		return "it names an output bridge port but requires that the "
		    "packet does not leave through a bridge port";
	for (size_t i = 0; i < m->mark.n; i++)
		if (!m->mark.v[i].negated &&
		    (m->mark.v[i].value & ~m->mark.v[i].mask) != 0)
			return arena_printf(a, "mark 0x%x/0x%x can never be "
			    "equal: the value has bits outside the mask",
			    (unsigned)m->mark.v[i].value,
			    (unsigned)m->mark.v[i].mask);
	for (size_t i = 0; i < m->connmark.n; i++)
		if (!m->connmark.v[i].negated &&
		    (m->connmark.v[i].value & ~m->connmark.v[i].mask) != 0)
			return arena_printf(a, "connmark 0x%x/0x%x can never "
			    "be equal: the value has bits outside the mask",
			    (unsigned)m->connmark.v[i].value,
			    (unsigned)m->connmark.v[i].mask);
	return NULL;
}

static void
run(struct check_context *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];
		const struct entry_point *e = check_container_entry(ctx, c);

		for (size_t k = 0; k < c->rules.n; k++) {
			const struct rule *r = c->rules.v[k];
			const char *why;

			if (r->disabled)
				continue;
			why = why_unmatchable(ctx->arena, r);
			if (why != NULL)
				check_report_rule(ctx, r,
				    e != NULL ? e->name : NULL,
				    "rule can never match: %s", why);
		}
	}
}

const struct check check_unmatchable = {
	.id = "unmatchable",
	.severity = DIAG_ERROR,
	.summary = "the rule cannot match any packet on its own "
	    "(contradictory or empty matches)",
	.run = run,
};
