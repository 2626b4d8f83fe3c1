/*
 * asa_resolve.c - the end of the file: objects and object-groups become
 * sets, pending entries become matches, and access-group bindings become
 * entry points.
 *
 * An object's value is a struct match: address objects keep their
 * addresses in FIELD_SRC4 / FIELD_SRC6 (whichever side of a rule they are
 * used on), services their protocol, ports and ICMP fields, protocol
 * groups FIELD_PROTO, ICMP groups FIELD_ICMP, port groups FIELD_DPORT.  A
 * group's value is the union of its members', field by field.  For
 * services that union can be larger than the group (tcp/80 and udp/53 are
 * not a product of {tcp,udp} and {53,80}): the rule then keeps the unions
 * and an opaque "service-group" condition, so it may be reported shadowed
 * but never counts as covering another rule.
 *
 * Each bound ACL is an entry point: a first-match list ending in the
 * implicit deny.  Traffic entering an interface with no inbound ACL gets
 * the implicit permit of its security level, as an entry point of the
 * same shape (asa_levels.c, which says what the documentation says about
 * global ACLs and PIX 6 conduits).  A global ACL applies after the
 * interface ACLs, and the implicit deny after it (bind_entries).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

static const enum field svc_fields[] = {
	FIELD_PROTO, FIELD_SPORT, FIELD_DPORT, FIELD_ICMP
};
#define NSVC (sizeof(svc_fields) / sizeof(svc_fields[0]))

static bool
set_eq(const struct ivset *a, const struct ivset *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return ivset_equal(a, b);
}

static const struct match *resolve(struct asa_state *, struct object *);

/* A "network-object NAME MASK" member: the name's address, masked. */
static const struct match *
resolve_masked(struct asa_state *st, struct object *o)
{
	const struct match *nv = resolve(st, o->members.v[0]);
	struct u128 a, m;

	if (nv == NULL || nv->field[FIELD_SRC4] == NULL ||
	    !ivset_first(nv->field[FIELD_SRC4], &a) ||
	    !ivset_first(o->value->field[FIELD_SRC4], &m))
		return NULL;
	o->value->family = FAMILY_IPV4;
	o->value->field[FIELD_SRC4] = asa_mask_set(st, a, m);
	if (o->value->field[FIELD_SRC4] == NULL)
		return NULL;
	return o->value;
}

static const struct match *
resolve(struct asa_state *st, struct object *o)
{
	struct asa_obj *x = asa_obj_aux(st, o);
	struct match *v;
	size_t i, k, differ = 0;
	bool first = true;

	if (!o->defined || x->expanded)
		return NULL;
	if (x->resolved)
		return o->value;
	if (x->resolving) {
		diag_once(st->diags, DIAG_WARNING, "asa", o->name, o->loc,
		    "object-group \"%s\" contains itself", o->name);
		return NULL;
	}
	x->resolving = true;
	if (x->is_name && o->members.n == 1 && o->value != NULL) {
		const struct match *r = resolve_masked(st, o);

		x->resolving = false;
		x->resolved = true;
		if (r == NULL)
			o->value = NULL;
		return r;
	}
	if (o->kind != OBJECT_GROUP) {
		x->resolving = false;
		x->resolved = true;
		return o->value;
	}
	v = arena_alloc(st->arena, sizeof(*v));
	match_init(v, FAMILY_NONE);
	for (i = 0; i < o->members.n; i++) {
		const struct match *mv = resolve(st, o->members.v[i]);
		struct asa_obj *mx = asa_obj_aux(st, o->members.v[i]);

		if (mv == NULL) {
			match_add_opaque(st->arena, v, "object", arena_printf(
			    st->arena, "%s member \"%s\"",
			    o->members.v[i]->defined ? "circular" : "undefined",
			    o->members.v[i]->name), o->loc, false);
			continue;
		}
		if (mx->nonbox)
			x->nonbox = true;
		for (k = 0; k < mv->opaque.n; k++)
			VEC_PUSH(st->arena, &v->opaque, mv->opaque.v[k]);
		v->family = (enum family)(v->family | mv->family);
		for (k = 0; k < 2; k++) {
			enum field f = k == 0 ? FIELD_SRC4 : FIELD_SRC6;

			if (mv->field[f] == NULL)
				continue;
			v->field[f] = v->field[f] == NULL ? mv->field[f] :
			    ivset_union(st->arena, v->field[f], mv->field[f]);
		}
		if (x->type == OT_NETWORK)
			continue;
		for (k = 0; k < NSVC; k++) {
			enum field f = svc_fields[k];

			if (first) {
				v->field[f] = mv->field[f];
				continue;
			}
			if (!set_eq(v->field[f], mv->field[f]))
				differ |= 1u << k;
			if (v->field[f] == NULL || mv->field[f] == NULL)
				v->field[f] = NULL;
			else
				v->field[f] = ivset_union(st->arena,
				    v->field[f], mv->field[f]);
		}
		first = false;
	}
	/* More than one field differs: the union is not the group. */
	if (differ & (differ - 1))
		x->nonbox = true;
	if (x->type != OT_NETWORK && v->family == FAMILY_NONE)
		v->family = FAMILY_ANY;
	o->value = v;
	x->resolving = false;
	x->resolved = true;
	return v;
}

struct side {
	enum family	 fam;
	const struct ivset *v4, *v6;
};

static void
opaque(struct asa_state *st, struct match *m, const char *module,
    struct loc loc, const char *fmt, const char *name)
{
	match_add_opaque(st->arena, m, module, arena_printf(st->arena, fmt,
	    name), loc, false);
}

/* The opaque condition of a term naming an object with no value. */
static void
unresolved(struct asa_state *st, struct match *m, const struct asa_term *t)
{
	struct asa_obj *x = asa_obj_aux(st, t->obj);

	opaque(st, m, "object", t->loc, x->expanded ? "object \"%s\" known "
	    "only from show access-list expansions" : "undefined object "
	    "\"%s\"", t->obj->name);
}

static void
copy_opaque(struct asa_state *st, struct match *m, const struct match *v)
{
	for (size_t k = 0; k < v->opaque.n; k++)
		VEC_PUSH(st->arena, &m->opaque, v->opaque.v[k]);
}

static struct side
addr_side(struct asa_state *st, const struct asa_term *t, struct match *m)
{
	struct side s = { FAMILY_ANY, NULL, NULL };

	if (!t->present || t->any) {
		if (t->present)
			s.fam = t->fam;
		return s;
	}
	if (t->iface != NULL) {
		struct interface *ifp = policy_interface(st->policy, t->iface,
		    false);

		if (ifp == NULL || ifp->addresses.n == 0) {
			opaque(st, m, "interface", t->loc, "interface %s",
			    t->iface);
			return s;
		}
		s.fam = FAMILY_NONE;
		if (!ivset_is_empty(ifp->addresses.v[0])) {
			s.fam = FAMILY_IPV4;
			s.v4 = ifp->addresses.v[0];
		}
		if (ifp->addresses.n > 1 &&
		    !ivset_is_empty(ifp->addresses.v[1])) {
			s.fam = (enum family)(s.fam | FAMILY_IPV6);
			s.v6 = ifp->addresses.v[1];
		}
		return s;
	}
	if (t->obj != NULL) {
		const struct match *v = resolve(st, t->obj);
		const struct ivset *mask = t->masked ? t->set : NULL;
		struct u128 a, mk;

		if (v == NULL) {
			unresolved(st, m, t);
			return s;
		}
		copy_opaque(st, m, v);
		if ((v->family & FAMILY_ANY) == 0 || (v->field[FIELD_SRC4] ==
		    NULL && v->field[FIELD_SRC6] == NULL)) {
			if (v->opaque.n == 0)
				opaque(st, m, "object", t->loc, "\"%s\" is not "
				    "a network object", t->obj->name);
			return s;
		}
		s.fam = v->family;
		s.v4 = v->field[FIELD_SRC4];
		s.v6 = v->field[FIELD_SRC6];
		if (mask != NULL && s.v4 != NULL && ivset_first(s.v4, &a) &&
		    ivset_first(mask, &mk)) {
			s.fam = FAMILY_IPV4;
			s.v4 = asa_mask_set(st, a, mk);
			s.v6 = NULL;
		}
		return s;
	}
	s.fam = t->fam;
	if (t->fam == FAMILY_IPV6)
		s.v6 = t->set;
	else
		s.v4 = t->set;
	return s;
}

static void
constrain_from(struct asa_state *st, struct match *m, enum field to,
    const struct match *v, enum field from)
{
	if (v->field[from] != NULL)
		match_constrain(st->arena, m, to, v->field[from], NULL);
}

/* A protocol, service, port or ICMP term naming an object. */
static void
service_obj(struct asa_state *st, struct match *m, const struct asa_term *t,
    enum field port_to)
{
	const struct match *v = resolve(st, t->obj);
	struct asa_obj *x;

	if (v == NULL) {
		unresolved(st, m, t);
		return;
	}
	x = asa_obj_aux(st, t->obj);
	copy_opaque(st, m, v);
	if (x->type == OT_NETWORK) {
		opaque(st, m, "object", t->loc, "\"%s\" is not a service",
		    t->obj->name);
		return;
	}
	if (port_to != FIELD_COUNT) {
		/* A port group after an address. */
		constrain_from(st, m, port_to, v, FIELD_DPORT);
		if (x->type == OT_SERVICE) {
			constrain_from(st, m, FIELD_PROTO, v, FIELD_PROTO);
			if (x->nonbox)
				opaque(st, m, "service-group", t->loc,
				    "service group \"%s\"", t->obj->name);
		}
		return;
	}
	for (size_t k = 0; k < NSVC; k++)
		constrain_from(st, m, svc_fields[k], v, svc_fields[k]);
	if (x->nonbox)
		opaque(st, m, "service-group", t->loc, "service group \"%s\" "
		    "is a union of different services", t->obj->name);
}

void
asa_resolve_pending(struct asa_state *st, struct asa_pending *pe)
{
	struct rule *r = pe->rule;
	struct match *m = &r->match;
	struct side s = addr_side(st, &pe->src, m);
	struct side d = addr_side(st, &pe->dst, m);
	enum family fam = (enum family)(pe->fam & s.fam & d.fam);

	if (pe->proto.fam != FAMILY_ANY && pe->proto.fam != FAMILY_NONE)
		fam = (enum family)(fam & pe->proto.fam);
	if (fam == FAMILY_NONE) {
		m->family = FAMILY_ANY;
		if (m->contradiction == NULL)
			m->contradiction = "the addresses and protocol are of "
			    "different address families";
	} else {
		m->family = fam;
	}
	if ((fam & FAMILY_IPV4) && s.v4 != NULL)
		match_constrain(st->arena, m, FIELD_SRC4, s.v4, NULL);
	if ((fam & FAMILY_IPV4) && d.v4 != NULL)
		match_constrain(st->arena, m, FIELD_DST4, d.v4, NULL);
	if ((fam & FAMILY_IPV6) && s.v6 != NULL)
		match_constrain(st->arena, m, FIELD_SRC6, s.v6, NULL);
	if ((fam & FAMILY_IPV6) && d.v6 != NULL)
		match_constrain(st->arena, m, FIELD_DST6, d.v6, NULL);
	if (pe->proto.unknown != NULL)
		opaque(st, m, "protocol", pe->proto.loc, "%s",
		    pe->proto.unknown);
	if (pe->sport.unknown != NULL)
		opaque(st, m, "port", pe->sport.loc, "source %s",
		    pe->sport.unknown);
	if (pe->dport.unknown != NULL)
		opaque(st, m, "port", pe->dport.loc, "destination %s",
		    pe->dport.unknown);
	if (pe->proto.set != NULL)
		match_constrain(st->arena, m, FIELD_PROTO, pe->proto.set, NULL);
	else if (pe->proto.obj != NULL)
		service_obj(st, m, &pe->proto, FIELD_COUNT);
	if (pe->sport.set != NULL)
		match_constrain(st->arena, m, FIELD_SPORT, pe->sport.set,
		    "the source port condition matches no port");
	else if (pe->sport.obj != NULL)
		service_obj(st, m, &pe->sport, FIELD_SPORT);
	if (pe->dport.set != NULL)
		match_constrain(st->arena, m, FIELD_DPORT, pe->dport.set,
		    "the destination port condition matches no port");
	else if (pe->dport.obj != NULL)
		service_obj(st, m, &pe->dport, FIELD_DPORT);
	if (pe->icmp.set != NULL)
		match_constrain(st->arena, m, FIELD_ICMP, pe->icmp.set, NULL);
	else if (pe->icmp.obj != NULL) {
		const struct match *v = resolve(st, pe->icmp.obj);

		if (v == NULL)
			unresolved(st, m, &pe->icmp);
		else
			constrain_from(st, m, FIELD_ICMP, v, FIELD_ICMP);
	}
	if (pe->in_if != NULL)
		m->in_if = ifset_single(st->arena, st->strings, pe->in_if,
		    strlen(pe->in_if), false);
	if (pe->out_if != NULL)
		m->out_if = ifset_single(st->arena, st->strings, pe->out_if,
		    strlen(pe->out_if), false);
	if (m->family & FAMILY_IPV6 && (m->field[FIELD_SRC6] != NULL ||
	    m->field[FIELD_DST6] != NULL || m->family == FAMILY_IPV6))
		st->policy->family = (enum family)(st->policy->family |
		    FAMILY_IPV6);
}

/*
 * "show access-list" output without a running-config: the device printed
 * what each object and object-group of an entry expands to, but the input
 * defines none of them.  Such an entry's match is the union of its
 * expansions' matches, field by field (never a rule per expansion), and
 * the objects it names count as defined: the device resolved them, so
 * reporting them as undefined would be wrong.  Marking them defined
 * (keeping the location of their first use, asa_obj_ref) is what the
 * model offers for "known to exist"; their members stay unknown
 * (asa_obj.expanded), so another entry naming them without expansions
 * gets an opaque condition, never an empty set.  When the input defines
 * every object an entry names (a running-config in the same file), the
 * definitions are used and the expansions ignored, as for a config alone.
 */
static const struct asa_term *
pending_term(const struct asa_pending *pe, size_t k)
{
	const struct asa_term *t[] = { &pe->proto, &pe->src, &pe->sport,
	    &pe->dst, &pe->dport, &pe->icmp };

	return k < sizeof(t) / sizeof(t[0]) ? t[k] : NULL;
}

static bool
wants_expansion(struct asa_state *st, struct asa_pending *pe)
{
	const struct asa_term *t;
	bool want = false;
	size_t k;

	if (pe->expansions.n == 0 && !pe->bad_expansion)
		return false;
	for (k = 0; (t = pending_term(pe, k)) != NULL; k++)
		if (t->obj != NULL && (!t->obj->defined ||
		    asa_obj_aux(st, t->obj)->expanded))
			want = true;
	if (!want)
		return false;
	for (k = 0; (t = pending_term(pe, k)) != NULL; k++)
		if (t->obj != NULL && !t->obj->defined) {
			t->obj->defined = true;
			asa_obj_aux(st, t->obj)->expanded = true;
		}
	/* Missing one, the union would be too small: the objects stay
	   unknown and the entry opaque (asa_resolve_pending). */
	if (pe->bad_expansion)
		return false;
	pe->use_expansions = true;
	return true;
}

/* Which packet family a field speaks of (FAMILY_ANY: both). */
static enum family
field_family(enum field f)
{
	switch (f) {
	case FIELD_SRC4:
	case FIELD_DST4:
		return FAMILY_IPV4;
	case FIELD_SRC6:
	case FIELD_DST6:
		return FAMILY_IPV6;
	default:
		return FAMILY_ANY;
	}
}

static void
resolve_expanded(struct asa_state *st, struct asa_pending *pe)
{
	struct rule *r = pe->rule;
	struct match *m = &r->match;
	const struct match *first = NULL;
	enum family fam = FAMILY_NONE;
	unsigned differ = 0;
	uint64_t hits = 0;
	bool counted = false;
	size_t i, k;

	for (i = 0; i < pe->expansions.n; i++) {
		struct rule *er = pe->expansions.v[i]->rule;

		asa_resolve_pending(st, pe->expansions.v[i]);
		if (er->counters.present) {
			counted = true;
			hits += er->counters.packets;
		}
		/* An expansion that matches nothing adds nothing. */
		if (er->match.contradiction != NULL)
			continue;
		if (first == NULL)
			first = &er->match;
		fam = (enum family)(fam | er->match.family);
		copy_opaque(st, m, &er->match);
	}
	/*
	 * The parent line's count is the total on real devices; the
	 * larger of the two is kept, so that an entry whose expansions
	 * matched is never counted as unused.
	 */
	if (counted && (!r->counters.present || r->counters.packets < hits)) {
		r->counters.present = true;
		r->counters.packets = hits;
	}
	if (first == NULL) {
		m->contradiction = pe->expansions.v[0]->rule->match.contradiction;
		return;
	}
	m->family = fam;
	for (k = 0; k < FIELD_COUNT; k++) {
		const struct ivset *u = NULL, *fv = NULL;
		bool seen = false, any = false;

		for (i = 0; i < pe->expansions.n; i++) {
			const struct match *em =
			    &pe->expansions.v[i]->rule->match;
			const struct ivset *v = em->field[k];

			/* A field of the other family says nothing here. */
			if (em->contradiction != NULL ||
			    (em->family & field_family((enum field)k)) == 0)
				continue;
			if (!seen)
				fv = v;
			else if (!set_eq(fv, v))
				differ |= 1u << k;
			if (v == NULL)
				any = true;
			else if (!any)
				u = seen ? ivset_union(st->arena, u, v) : v;
			seen = true;
		}
		if (seen && !any)
			match_constrain(st->arena, m, (enum field)k, u, NULL);
	}
	/* More than one field differs: the union is not the entry. */
	if (differ & (differ - 1))
		match_add_opaque(st->arena, m, "expansion", arena_printf(
		    st->arena, "union of %u different expansions",
		    (unsigned)pe->expansions.n), r->loc, false);
	if (m->family & FAMILY_IPV6 && (m->field[FIELD_SRC6] != NULL ||
	    m->field[FIELD_DST6] != NULL || m->family == FAMILY_IPV6))
		st->policy->family = (enum family)(st->policy->family |
		    FAMILY_IPV6);
}

/*
 * Traffic addressed to the device itself (ssh, telnet, http, icmp to an
 * interface address, snmp polls) is judged by the management commands,
 * not by the access lists bound to interfaces, which filter traffic
 * through the device only (Cisco ASA configuration guide, Access Rules:
 * "access rules do not apply to traffic destined for the ASA itself";
 * control-plane access groups are the exception and are not modelled).
 * The device never forwards a packet to one of its own addresses, so an
 * entry point of through traffic sees the destinations that are none of
 * them.  Own addresses are those the interfaces configure, standby ones
 * included; one the file does not give (dhcp, pppoe, autoconfig,
 * eui-64) cannot be excluded, which a note says.
 */
void
asa_own_finish(struct asa_state *st)
{
	struct policy *p = st->policy;
	static const enum field dst[2] = { FIELD_DST4, FIELD_DST6 };

	for (size_t k = 0; k < 2; k++) {
		const struct ivset *own = NULL;

		for (size_t i = 0; i < p->interfaces.n; i++) {
			const struct interface *ifp = p->interfaces.v[i];

			if (ifp->addresses.n <= k ||
			    ivset_is_empty(ifp->addresses.v[k]))
				continue;
			own = own == NULL ? ifp->addresses.v[k] :
			    ivset_union(st->arena, own, ifp->addresses.v[k]);
		}
		st->not_own[k] = own == NULL ? NULL : ivset_complement(
		    st->arena, own, field_max(dst[k]));
	}
	for (size_t i = 0; i < st->own_unknown.n; i++) {
		const struct asa_unknown_addr *u = &st->own_unknown.v[i];
		const char *v = u->fam == FAMILY_IPV6 ? "IPv6" : "IPv4";

		asa_note_once(st, arena_printf(st->arena, "own-address %s %s",
		    u->ifname, v), u->loc, "the %s address of interface "
		    "\"%s\" is not in the file (%s): traffic to the device "
		    "on it cannot be told apart from traffic through it, "
		    "so the interface access lists are read as judging "
		    "it", v, u->ifname, u->why);
	}
}

void
asa_through_scope(struct asa_state *st, struct match *scope)
{
	if (st->not_own[0] != NULL)
		match_constrain(st->arena, scope, FIELD_DST4, st->not_own[0],
		    NULL);
	if (st->not_own[1] != NULL)
		match_constrain(st->arena, scope, FIELD_DST6, st->not_own[1],
		    NULL);
}

/* A new scope of through traffic: no own address as destination. */
static struct match *
through_scope(struct asa_state *st)
{
	struct match *scope = arena_alloc(st->arena, sizeof(*scope));

	match_init(scope, FAMILY_ANY);
	asa_through_scope(st, scope);
	return scope;
}

/*
 * The scope of a control-plane access-group: traffic entering ifname for
 * one of the device's own addresses.  A family with an own address the
 * file does not give keeps every destination, since that address cannot
 * be named.
 */
static struct match *
box_scope(struct asa_state *st, const char *ifname)
{
	struct match *scope = arena_alloc(st->arena, sizeof(*scope));
	static const enum field dst[2] = { FIELD_DST4, FIELD_DST6 };

	static const enum family fam[2] = { FAMILY_IPV4, FAMILY_IPV6 };
	unsigned f = 0;

	match_init(scope, FAMILY_ANY);
	scope->in_if = ifset_single(st->arena, st->strings, ifname,
	    strlen(ifname), false);
	for (size_t k = 0; k < 2; k++) {
		bool unknown = false;

		for (size_t i = 0; i < st->own_unknown.n; i++)
			if (st->own_unknown.v[i].fam == fam[k])
				unknown = true;
		if (unknown) {
			f |= fam[k];
		} else if (st->not_own[k] != NULL) {
			f |= fam[k];
			match_constrain(st->arena, scope, dst[k],
			    ivset_complement(st->arena, st->not_own[k],
			    field_max(dst[k])), NULL);
		}
	}
	/* No own address of a family: none of its packets is for the
	   device (no address at all: nothing is known, keep them all). */
	if (f != 0)
		scope->family = (enum family)f;
	return scope;
}

static struct entry_point *
add_entry(struct asa_state *st, const char *name, const char *hook,
    struct container *c, struct loc loc, bool filters)
{
	struct entry_point *e = policy_add_entry(st->policy, name, c);

	e->family = FAMILY_ANY;
	e->table = NULL;
	e->hook = intern(st->strings, hook);
	e->filters = filters;
	e->order = ORDER_FIRST_MATCH;
	e->default_action.kind = filters ? ACTION_DROP : ACTION_NONE;
	e->default_action.target = filters ? "implicit deny" : NULL;
	e->default_action.loc = loc;
	e->default_loc = loc;
	return e;
}

static bool
replaced_later(const struct asa_state *st, size_t i)
{
	const struct asa_group_binding *g = &st->bindings.v[i];

	for (size_t j = i + 1; j < st->bindings.n; j++)
		if (st->bindings.v[j].ifname == g->ifname &&
		    st->bindings.v[j].out == g->out &&
		    st->bindings.v[j].control_plane == g->control_plane)
			return true;
	return false;
}

static struct rule *
jump_rule(struct asa_state *st, struct container *from,
    const struct asa_group_binding *g)
{
	struct rule *r = arena_zalloc(st->arena, sizeof(*r));

	r->loc = g->loc;
	r->text = g->ifname == NULL ? arena_printf(st->arena, "access-group "
	    "%s global", g->acl->c->name) : arena_printf(st->arena,
	    "access-group %s in interface %s", g->acl->c->name, g->ifname);
	match_init(&r->match, FAMILY_ANY);
	r->action.kind = ACTION_JUMP;
	r->action.target = g->acl->c->name;
	r->action.container = g->acl->c;
	r->action.loc = g->loc;
	st->synthetic++;
	return container_append(st->policy, from, r);
}

/*
 * With "access-group NAME global" the device judges the traffic entering
 * an interface by the interface's inbound list, then by the global list,
 * then by the implicit deny (Cisco ASA configuration guide, Access
 * Rules, Implicit Deny: "1. Interface access rule. 2. Global access rule.
 * 3. Implicit deny.").  Such an entry point starts at a container
 * "IF/in+global" that calls both lists in that order (each falls through
 * to the next when none of its entries matches); the global entry point
 * then judges the traffic of the other interfaces only.  Every such entry
 * point sees traffic through the device only (asa_through_scope); an
 * "access-group NAME in interface IF control-plane" gets an entry point
 * "asa/IF/control-plane" of its own, for the traffic to the device.
 */
static void
bind_entries(struct asa_state *st)
{
	const struct asa_group_binding *global = NULL;
	VEC(const char *) chained = { NULL, 0, 0 };

	for (size_t i = 0; i < st->bindings.n; i++)
		if (st->bindings.v[i].ifname == NULL && !replaced_later(st, i))
			global = &st->bindings.v[i];
	for (size_t i = 0; i < st->bindings.n; i++) {
		struct asa_group_binding *g = &st->bindings.v[i];
		struct container *start = g->acl->c;
		struct entry_point *e;
		struct match *scope;
		const char *hook;
		struct loc dloc = g->loc;

		/* A later access-group for the same place replaces it. */
		if (replaced_later(st, i))
			continue;
		if (!g->acl->defined)
			diag_emit(st->diags, DIAG_WARNING, "asa", g->loc,
			    "access-list \"%s\" is bound but has no entries: "
			    "the implicit deny drops everything",
			    g->acl->c->name);
		if (g->ifname == NULL)
			continue;
		hook = arena_printf(st->arena, "%s/%s", g->ifname,
		    g->control_plane ? "control-plane" : g->out ? "out" :
		    "in");
		if (g->control_plane) {
			e = add_entry(st, arena_printf(st->arena, "asa/%s",
			    hook), hook, start, dloc, true);
			e->scope = box_scope(st, g->ifname);
			continue;
		}
		if (global != NULL && !g->out) {
			start = policy_add_container(st->policy, arena_printf(
			    st->arena, "%s/in+global", g->ifname), NULL,
			    FAMILY_ANY, CONTAINER_RULESET, g->loc);
			start->no_comments = true;
			start->comment = "the interface's inbound list, then "
			    "the global list";
			jump_rule(st, start, g);
			jump_rule(st, start, global);
			dloc = global->loc;
			VEC_PUSH(st->arena, &chained, g->ifname);
		}
		e = add_entry(st, arena_printf(st->arena, "asa/%s", hook),
		    hook, start, dloc, true);
		scope = through_scope(st);
		if (g->out)
			scope->out_if = ifset_single(st->arena, st->strings,
			    g->ifname, strlen(g->ifname), false);
		else
			scope->in_if = ifset_single(st->arena, st->strings,
			    g->ifname, strlen(g->ifname), false);
		e->scope = scope;
	}
	if (global != NULL) {
		struct entry_point *e = add_entry(st, "asa/global", "global",
		    global->acl->c, global->loc, true);
		struct match *scope = through_scope(st);

		if (chained.n > 0) {
			struct ifset *s = arena_zalloc(st->arena, sizeof(*s));

			s->negated = true;
			s->n = chained.n;
			s->names = chained.v;
			scope->in_if = s;
		}
		e->scope = scope;
	}
}

/*
 * Does every use of the list judge traffic through the device only (an
 * access-group in, out or global that is in force, and nothing else)?
 */
static bool
through_only(struct asa_state *st, const struct asa_acl *acl)
{
	bool bound = false;

	for (size_t i = 0; i < st->bindings.n; i++) {
		const struct asa_group_binding *g = &st->bindings.v[i];

		if (g->acl != acl || replaced_later(st, i))
			continue;
		if (g->control_plane)
			return false;
		bound = true;
	}
	for (size_t i = 0; i < st->acl_uses.n && bound; i++)
		if (asa_acl_get(st, st->acl_uses.v[i].name,
		    st->acl_uses.v[i].loc, false) == acl)
			return false;
	return bound;
}

/*
 * An entry of such a list whose destination is only the device's own
 * addresses matches no packet the list sees (asa_own_finish): say why on
 * the match, for the unmatchable check, rather than let the entry fall
 * silent.
 */
static void
own_only_entries(struct asa_state *st)
{
	static const enum field dst[2] = { FIELD_DST4, FIELD_DST6 };
	static const enum family fam[2] = { FAMILY_IPV4, FAMILY_IPV6 };

	for (size_t i = 0; i < st->acls.cap; i++) {
		struct asa_acl *acl = st->acls.slot[i].value;

		if (acl == NULL || !acl->defined || !through_only(st, acl))
			continue;
		for (size_t j = 0; j < acl->c->rules.n; j++) {
			struct match *m = &acl->c->rules.v[j]->match;
			const char *what = NULL;
			bool only = m->family != FAMILY_NONE &&
			    m->contradiction == NULL;

			for (size_t k = 0; k < 2 && only; k++) {
				const struct ivset *d = m->field[dst[k]];

				if (!(m->family & fam[k]))
					continue;
				if (st->not_own[k] == NULL || d == NULL ||
				    ivset_is_empty(d) ||
				    !ivset_is_empty(ivset_intersect(st->arena,
				    d, st->not_own[k]))) {
					only = false;
					break;
				}
				what = what == NULL ? addrset_format(st->arena,
				    fam[k], d) : arena_printf(st->arena,
				    "%s, %s", what, addrset_format(st->arena,
				    fam[k], d));
			}
			if (!only || what == NULL)
				continue;
			m->contradiction = arena_printf(st->arena, "it "
			    "matches only packets addressed to the device "
			    "itself (%s), and an access list bound to an "
			    "interface judges only traffic through the device "
			    "(the ssh, telnet, http and icmp commands judge "
			    "traffic to it)", what);
		}
	}
}

/*
 * "show access-list" output alone carries no access-group lines: where
 * its lists are bound is unknown, not absent, so none is reported as
 * never bound.  Each list still gets an entry point, named
 * "asa/acl/NAME" with hook "unbound" and no scope (any packet), so that
 * the checks that walk entry points judge its entries as one first-match
 * list ending in the implicit deny, which holds wherever the list is
 * used.  Binding-dependent facts (interfaces, security levels) are
 * absent from such an entry point on purpose.
 */
static void
unbound_entries(struct asa_state *st)
{
	struct policy *p = st->policy;

	for (size_t i = 0; i < p->containers.n; i++) {
		struct container *c = p->containers.v[i];
		struct asa_acl *acl = asa_map_get(&st->acls, c->name);

		if (acl == NULL || acl->c != c || !acl->defined ||
		    c->references > 0)
			continue;
		add_entry(st, arena_printf(st->arena, "asa/acl/%s", c->name),
		    "unbound", c, c->loc, true);
	}
}

/* "ip verify reverse-path interface IF" names a nameif. */
static void
set_urpf(struct asa_state *st)
{
	for (size_t i = 0; i < st->urpf.n; i++) {
		const struct asa_named *u = &st->urpf.v[i];
		struct interface *ifp = policy_interface(st->policy, u->name,
		    false);

		if (ifp != NULL)
			ifp->urpf = true;
		else
			diag_emit(st->diags, DIAG_WARNING, "asa", u->loc,
			    "%s names interface \"%s\", which no nameif "
			    "defines: ignored", u->what, u->name);
	}
}

void
asa_finish(struct asa_state *st)
{
	struct policy *p = st->policy;
	bool global = false;
	size_t i;

	p->family = FAMILY_IPV4;
	for (i = 0; i < st->pending.n; i++)
		if (wants_expansion(st, st->pending.v[i]))
			resolve_expanded(st, st->pending.v[i]);
	for (i = 0; i < p->objects.n; i++)
		(void)resolve(st, p->objects.v[i]);
	for (i = 0; i < st->pending.n; i++)
		if (!st->pending.v[i]->use_expansions)
			asa_resolve_pending(st, st->pending.v[i]);
	for (i = 0; i < st->http_rules.n; i++) {
		struct rule *r = st->http_rules.v[i];

		if (st->http_port != 0)
			r->match.field[FIELD_DPORT] = ivset_single(st->arena,
			    u128_from64(st->http_port));
		if (!st->http_server)
			r->disabled = true;
	}
	for (i = 0; i < st->acls.cap; i++) {
		struct asa_acl *acl = st->acls.slot[i].value;

		if (acl != NULL && acl->remark_text != NULL)
			acl->c->comment = acl->remark_text;
	}
	asa_own_finish(st);
	bind_entries(st);
	own_only_entries(st);
	for (i = 0; i < st->bindings.n; i++)
		if (st->bindings.v[i].ifname == NULL)
			global = true;
	asa_levels(st, global);
	if (st->show_output && !st->config_seen)
		unbound_entries(st);
	asa_acl_uses_finish(st);
	set_urpf(st);
	/*
	 * Neither conduits nor management lines can carry a remark on the
	 * device: no audit comment can be asked of them.  Conduits are
	 * judged where the security levels call them (asa_levels.c); when
	 * no interface does (every one has an access-group, which takes
	 * precedence), they keep an entry point of their own, so that
	 * their entries are still judged as a list.
	 */
	if (st->conduit != NULL) {
		st->conduit->no_comments = true;
		if (st->conduit->references == 0)
			add_entry(st, "asa/conduit", "conduit", st->conduit,
			    st->conduit->loc, true)->scope = through_scope(st);
	}
	if (st->mgmt != NULL) {
		st->mgmt->comment = st->mgmt_notes;
		st->mgmt->no_comments = true;
		add_entry(st, "asa/management", "management", st->mgmt,
		    st->mgmt->loc, true);
	}
	if (st->nat != NULL)
		add_entry(st, "asa/nat", "nat", st->nat, st->nat->loc, false);
	asa_merge_finish(st);
}
