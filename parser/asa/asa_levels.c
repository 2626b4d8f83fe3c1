/*
 * asa_levels.c - the implicit permits of security levels, as entry points
 * of the ordinary shape.
 *
 * What the device does (Cisco ASA Series Firewall CLI Configuration
 * Guide, "Access Rules": Implicit Permits, Interface and Global Access
 * Rules, Implicit Deny; the same text in the 8.x and 9.x guides):
 * - in routed mode, unicast IPv4 and IPv6 traffic from a higher security
 *   interface to a lower security interface is allowed by default;
 * - an access-group on an interface replaces that default for the traffic
 *   entering it: the list decides, ending in the implicit deny;
 * - "access-group NAME global" (8.3 and later) applies to the traffic
 *   entering every interface, after the interface's own list, and the
 *   implicit deny comes after the global list ("1. Interface access rule.
 *   2. Global access rule. 3. Implicit deny.").  The guide then lists no
 *   case where the security-level permit still applies: every packet
 *   ends in a list or in the implicit deny.  Field reports agree that a
 *   global list removes the security-level behaviour from all
 *   interfaces.  So with a global list bound, no interface gets the
 *   implicit permit;
 * - traffic between two interfaces of the same level passes only with
 *   "same-security-traffic permit inter-interface", and traffic leaving
 *   by the interface it came in on only with "... intra-interface";
 * - "nameif" without "security-level" gives level 0, or 100 to an
 *   interface named "inside" (command reference, nameif and
 *   security-level);
 * - PIX 6 conduits (field notice FN26895, "PIX Conduit and Outbound
 *   Feature Deprecation") make global exceptions "that apply to all
 *   inbound connections from any lower security level interface to any
 *   higher security level interface", and access-list / access-group
 *   take precedence over conduit and outbound.  So an interface without
 *   an access-group judges traffic towards higher levels by the conduits
 *   (a call of the "conduit" container), then the implicit deny.  PIX 6
 *   outbound lists ("outbound" / "apply") restrict traffic towards lower
 *   levels; they are not modelled (a note says so when the file has
 *   them), so that permit is wider here than on such a device.
 *
 * Each interface declared by nameif that is up, not management-only and
 * has no inbound access-group gets an entry point "asa/IF/in" (scope: in
 * on IF, to none of the device's own addresses: asa_through_scope),
 * starting at a container "IF/security-level" that holds one
 * permit rule (out on the lower levels, and the same-security ones when
 * allowed) and, on PIX 6 with conduits, a call of the conduits for the
 * higher levels; the entry's default is the implicit deny.  The rules are
 * located at the interface's security-level line, so that findings point
 * at the line that makes the permit; the container cannot carry comments
 * (no remark can be written for it).
 */
#include "config.h"

#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

void
asa_ifinfo_set(struct asa_state *st, const char *nameif, struct loc loc,
    bool level_set, bool shutdown, bool management_only)
{
	struct asa_ifinfo *x = asa_map_get(&st->ifinfo, nameif);

	if (x == NULL) {
		x = arena_zalloc(st->arena, sizeof(*x));
		asa_map_put(st->arena, &st->ifinfo, nameif, x);
	}
	x->loc = loc;
	x->level_set = level_set;
	x->shutdown = shutdown;
	x->management_only = management_only;
}

static int
level_of(const struct interface *ifp)
{
	if (ifp->security_level >= 0)
		return ifp->security_level;
	return strcmp(ifp->name, "inside") == 0 ? 100 : 0;
}

/* Can traffic pass through this interface at all? */
static bool
passes(struct asa_state *st, const struct interface *ifp)
{
	const struct asa_ifinfo *x = asa_map_get(&st->ifinfo, ifp->name);

	return x != NULL && !x->shutdown && !x->management_only;
}

static bool
bound_in(struct asa_state *st, const char *ifname)
{
	for (size_t i = 0; i < st->bindings.n; i++)
		if (st->bindings.v[i].ifname == ifname &&
		    !st->bindings.v[i].out && !st->bindings.v[i].control_plane)
			return true;
	return false;
}

static struct ifset *
ifset_of(struct asa_state *st, const char **names, size_t n)
{
	struct ifset *s = arena_zalloc(st->arena, sizeof(*s));

	s->n = n;
	s->names = arena_alloc(st->arena, (n > 0 ? n : 1) *
	    sizeof(*s->names));
	memcpy(s->names, names, n * sizeof(*names));
	return s;
}

static struct rule *
level_rule(struct asa_state *st, struct loc loc, const char *text,
    const struct ifset *out)
{
	struct rule *r = arena_zalloc(st->arena, sizeof(*r));

	r->loc = loc;
	r->text = text;
	match_init(&r->match, FAMILY_ANY);
	r->match.out_if = out;
	r->action.loc = loc;
	st->synthetic++;
	return r;
}

/* The names of interfaces "towards" ifp: lower (cmp < 0) or higher. */
static size_t
towards(struct asa_state *st, const struct interface *ifp, bool higher,
    const char **names, char *list, size_t listlen)
{
	struct policy *p = st->policy;
	int level = level_of(ifp);
	size_t n = 0, used = 0;

	list[0] = '\0';
	for (size_t i = 0; i < p->interfaces.n; i++) {
		const struct interface *o = p->interfaces.v[i];
		int ol = level_of(o);
		bool in;

		if (!passes(st, o))
			continue;
		if (higher)
			in = ol > level;
		else if (o == ifp)
			in = p->same_security_intra;
		else
			in = ol < level || (ol == level &&
			    p->same_security_inter);
		if (!in)
			continue;
		names[n++] = o->name;
		if (used + strlen(o->name) + 3 < listlen) {
			if (used > 0) {
				memcpy(list + used, ", ", 2);
				used += 2;
			}
			memcpy(list + used, o->name, strlen(o->name));
			used += strlen(o->name);
			list[used] = '\0';
		}
	}
	return n;
}

void
asa_levels(struct asa_state *st, bool global_bound)
{
	struct policy *p = st->policy;
	size_t nif = p->interfaces.n;
	const char **names;
	char list[256];

	if (global_bound || nif == 0)
		return;
	names = arena_alloc(st->arena, nif * sizeof(*names));
	for (size_t i = 0; i < nif; i++) {
		struct interface *ifp = p->interfaces.v[i];
		const struct asa_ifinfo *x = asa_map_get(&st->ifinfo,
		    ifp->name);
		struct entry_point *e;
		struct container *c;
		struct match *scope;
		struct rule *r;
		size_t n;

		if (!passes(st, ifp) || bound_in(st, ifp->name))
			continue;
		c = policy_add_container(p, arena_printf(st->arena,
		    "%s/security-level", ifp->name), NULL, FAMILY_ANY,
		    CONTAINER_RULESET, x->loc);
		c->no_comments = true;
		c->comment = arena_printf(st->arena, "implicit permit of "
		    "security level %d%s", level_of(ifp), x->level_set ? "" :
		    " (the default for this nameif)");
		n = towards(st, ifp, false, names, list, sizeof(list));
		if (n > 0) {
			r = level_rule(st, x->loc, arena_printf(st->arena,
			    "implicit permit from %s (security-level %d) to "
			    "%s", ifp->name, level_of(ifp), list),
			    ifset_of(st, names, n));
			r->action.kind = ACTION_ACCEPT;
			r->action.target = "permit";
			container_append(p, c, r);
		}
		n = towards(st, ifp, true, names, list, sizeof(list));
		if (n > 0 && st->conduit != NULL) {
			r = level_rule(st, x->loc, arena_printf(st->arena,
			    "conduits for traffic from %s (security%d) to %s",
			    ifp->name, level_of(ifp), list),
			    ifset_of(st, names, n));
			r->action.kind = ACTION_JUMP;
			r->action.target = st->conduit->name;
			r->action.container = st->conduit;
			container_append(p, c, r);
		}
		e = policy_add_entry(p, arena_printf(st->arena, "asa/%s/in",
		    ifp->name), c);
		e->family = FAMILY_ANY;
		e->table = NULL;
		e->hook = arena_printf(st->arena, "%s/in", ifp->name);
		e->filters = true;
		e->order = ORDER_FIRST_MATCH;
		e->default_action.kind = ACTION_DROP;
		e->default_action.target = "implicit deny";
		e->default_action.loc = x->loc;
		e->default_loc = x->loc;
		scope = arena_alloc(st->arena, sizeof(*scope));
		match_init(scope, FAMILY_ANY);
		asa_through_scope(st, scope);
		scope->in_if = ifset_single(st->arena, st->strings, ifp->name,
		    strlen(ifp->name), false);
		e->scope = scope;
	}
}
