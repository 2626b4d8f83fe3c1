/*
 * fwb_rule.c - fwbuilder firewalls and their rule sets in the model.
 *
 * Semantics, as fwbuilder's compilers produce them:
 * - Each Policy, NAT and Routing rule set of a firewall (or cluster) is a
 *   CONTAINER_RULESET named "FIREWALL/RULESET".  The entry point
 *   "fwb/FIREWALL" starts at the top Policy rule set, first match, and ends
 *   in fwbuilder's implicit deny (ACTION_DROP).  NAT and Routing rule sets
 *   get entry points "fwb/FIREWALL/nat" and "fwb/FIREWALL/routing" that do
 *   not filter.
 * - Actions: Accept, Deny, Reject map to ACCEPT, DROP, REJECT; Branch is a
 *   JUMP into the branch rule set (found by the rule's branch_id option,
 *   or branch_name in older files), coming back after it as fwbuilder's
 *   compilers do; Pipe is QUEUE.  Accounting and Continue decide nothing:
 *   Accounting counts (ACTION_NONE), Continue is ACTION_LOG when the rule
 *   logs (fwbuilder's log-only idiom), ACTION_MODIFY when it tags,
 *   classifies or routes, else ACTION_NONE.  Tag and Classify (old files)
 *   are ACTION_MODIFY; Custom, Route and anything else ACTION_UNKNOWN.
 * - iptables firewalls follow fwb_ipt's chains.  A packet of the model is
 *   one pass through the firewall: with an input and an output interface
 *   it is forwarded (FORWARD), without an output interface it is for the
 *   firewall (INPUT), without an input interface it comes from it
 *   (OUTPUT).  Inbound is the input interface (Itf, or any: "+"), Outbound
 *   the output one, Both with an interface two rules (in through it, then
 *   out through it), a negated Itf opaque; the loopback interface is
 *   INPUT -i lo and OUTPUT -o lo only.  A top rule set's Src or Dst
 *   that is the firewall makes the rule OUTPUT or INPUT only (the firewall
 *   object alone: without an address test, as fwb_ipt writes it); one
 *   without the firewall (any and networks included, unless the option
 *   firewall_is_part_of_any_and_networks is on) FORWARD and the other
 *   side's chain.  Branch rule sets are chains of their own.
 * - PIX and FWSM: the policy judges each packet once, by its input and
 *   output interfaces, as fwb_pix places each rule on access lists
 *   (inbound on the interface for Inbound, outbound, or its emulation on
 *   the other interfaces, for Outbound): Inbound restricts the input
 *   interface to Itf, Outbound the output one, Both with an Itf is two
 *   rules (in through it, or out through it); no FIELD_DIRECTION.
 * - Other platforms: direction is FIELD_DIRECTION (0 in, 1 out), the
 *   pass of a packet through an interface as PF sees it.  Itf restricts
 *   the interface of that pass: in_if for Inbound, out_if for Outbound.
 *   An Itf with direction Both means "in through it, or out through it":
 *   two rules, the first Inbound, the second Outbound (a negated Itf is
 *   opaque).  PF (fwb_pf's splitIfFirewallInSrc, splitIfFirewallInDst
 *   and fillDirection): a rule with direction Both whose Src or Dst holds
 *   the firewall object among others is split in two, the firewall's part
 *   first; then a rule whose first Src object is the firewall (the firewall
 *   object or one of its interfaces) is Outbound, one whose first Dst
 *   object is Inbound, one with both keeps Both (see pf_variants).
 * - A rule set is IPv4 unless flagged IPv6 (ipv6_rule_set) or both
 *   ("dual"), as fwbuilder's compilers read the flags.
 * - Src and Dst are exact address sets per family (a group is the union
 *   of its members, never a cross-product of rules); negation is the
 *   complement.  The rule's family is what its addresses allow.
 * - Srv: a list of services is exact when the services differ in one
 *   field only (tcp 22 + tcp 80, tcp 53 + udp 53).  A list that differs in
 *   several fields (tcp 22 + udp 53) is not one box: the rule keeps the
 *   union of each field, an over-approximation, and is marked opaque
 *   ("services: ...") so that it can never falsely cover another rule.
 *   Custom, tag and user services, IP options and undefined objects are
 *   opaque the same way.
 * - When (time intervals) is opaque; disabled, log and comment are kept.
 * - Old (2.x) per-interface policies come first in the main policy with
 *   Itf set to their interface, as fwbuilder's own migration does.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/fields.h"
#include "core/ifset.h"
#include "core/intern.h"
#include "core/ivset.h"
#include "core/model.h"
#include "parser/fwb/fwb_int.h"

struct ruleset {
	const char	*id, *name;
	xmlNodePtr	 node;
	struct container *container;
	/* some Branch rule (of any firewall) jumps here */
	bool		 branched;
};

struct fw_all;

struct fw {
	const char	*name;
	xmlNodePtr	 node;
	struct ruleset	*sets;
	size_t		 nsets;
	struct fw_all	*all;		/* every firewall of the file */
	/* fwb_ipt's chains: see iptables semantics above */
	bool		 ipt;
	/* fwb_pf's directions from the firewall's place (pf_variants) */
	bool		 pf;
	/* PIX, FWSM: one evaluation per packet, not one per pass */
	bool		 pix;
	/* option firewall_is_part_of_any_and_networks */
	bool		 in_any;
	/* every address of the firewall's interfaces; self4, self6: but
	   the loopback's */
	const struct ivset *addr4, *addr6, *self4, *self6;
};

struct fw_all {
	struct fw	*v;
	size_t		 n, cap;
};

/* The references of one rule element (Src, Srv, Itf, ...). */
struct refs {
	bool		 present, neg, any;
	size_t		 n;
	const char	**ids;
	struct loc	*locs;
	const char	*text;		/* "a,b", "any" */
};

static void
read_refs(struct fwb_ctx *c, xmlNodePtr rule, const char *elem,
    enum object_kind hint, struct refs *out)
{
	xmlNodePtr el, k;
	size_t cap = 0, len = 0;
	char *text = NULL;

	memset(out, 0, sizeof(*out));
	for (el = fwb_child(rule); el != NULL; el = fwb_next(el))
		if (fwb_is(el, elem))
			break;
	if (el == NULL) {
		out->any = true;
		out->text = "any";
		return;
	}
	out->present = true;
	out->neg = fwb_attr_true(c, el, "neg");
	for (k = fwb_child(el); k != NULL; k = fwb_next(k)) {
		const char *id = fwb_attr(c, k, "ref");
		struct loc l = fwb_loc(c, k);
		struct object *o;
		size_t nl;

		if (id == NULL || *id == '\0')
			continue;
		o = fwb_object(c, id, l, hint);
		o->references++;
		if (fwb_is_any(c, id, l))
			out->any = true;
		if (out->n == cap) {
			size_t ncap = cap ? cap * 2 : 4;

			out->ids = arena_grow(c->arena, out->ids,
			    cap * sizeof(*out->ids), ncap * sizeof(*out->ids));
			out->locs = arena_grow(c->arena, out->locs,
			    cap * sizeof(*out->locs),
			    ncap * sizeof(*out->locs));
			cap = ncap;
		}
		out->ids[out->n] = id;
		out->locs[out->n++] = l;
		nl = strlen(o->name);
		text = arena_grow(c->arena, text, len ? len + 1 : 0,
		    len + nl + 2);
		if (len > 0)
			text[len++] = ',';
		memcpy(text + len, o->name, nl + 1);
		len += nl;
	}
	if (out->n == 0)
		out->any = true;
	out->text = out->any ? "any" : text;
}

/* An element's text for the rule text: "a,b", "!a,b", or NULL for any. */
static const char *
refs_text(struct fwb_ctx *c, const struct refs *r)
{
	if (r->any && !r->neg)
		return NULL;
	return r->neg ? arena_printf(c->arena, "!%s", r->text) : r->text;
}

/* The same, "any" included: Src, Dst and Srv are always shown. */
static const char *
refs_shown(struct fwb_ctx *c, const struct refs *r)
{
	const char *t = refs_text(c, r);

	return t != NULL ? t : "any";
}

/* The side's union address set, with the first reason it is opaque. */
static struct fwb_addr
refs_addr(struct fwb_ctx *c, const struct refs *r)
{
	struct fwb_addr u = { ivset_empty(c->arena), ivset_empty(c->arena),
	    false, NULL };
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct fwb_addr *a = fwb_addr_of(c, r->ids[i],
		    r->locs[i]);

		u.v4 = ivset_union(c->arena, u.v4, a->v4);
		u.v6 = ivset_union(c->arena, u.v6, a->v6);
		u.any = u.any || a->any;
		if (a->opaque != NULL && u.opaque == NULL)
			u.opaque = a->opaque;
	}
	return u;
}

struct side_sets {
	const struct ivset *v4, *v6;	/* NULL: unconstrained */
	enum family	 family;	/* families the side admits */
};

/*
 * Src or Dst as sets per family.  Opaque members make the side
 * unconstrained (an over-approximation) and the rule opaque.
 */
static void
side_sets(struct fwb_ctx *c, struct rule *r, const struct refs *refs,
    const char *what, struct side_sets *out)
{
	struct fwb_addr u;

	out->v4 = out->v6 = NULL;
	out->family = FAMILY_ANY;
	if (refs->any) {
		if (refs->neg && r->match.contradiction == NULL)
			r->match.contradiction = arena_printf(c->arena,
			    "%s is negated \"any\"", what);
		return;
	}
	u = refs_addr(c, refs);
	if (u.any) {
		if (refs->neg && r->match.contradiction == NULL)
			r->match.contradiction = arena_printf(c->arena,
			    "%s is negated \"any\"", what);
		return;
	}
	if (u.opaque != NULL) {
		match_add_opaque(c->arena, &r->match, what,
		    arena_printf(c->arena, "%s: %s%s (%s)", what,
		    refs->neg ? "!" : "", refs->text, u.opaque), r->loc,
		    false);
		return;
	}
	if (ivset_is_empty(u.v4) && ivset_is_empty(u.v6) && !refs->neg) {
		/* fwbuilder refuses the rule, or drops it with
		   ignore_empty_groups: it matches nothing either way */
		if (r->match.contradiction == NULL)
			r->match.contradiction = arena_printf(c->arena,
			    "%s %s stands for no address", what, refs->text);
		return;
	}
	if (refs->neg) {
		out->v4 = ivset_complement(c->arena, u.v4,
		    family_max(FAMILY_IPV4));
		out->v6 = ivset_complement(c->arena, u.v6,
		    family_max(FAMILY_IPV6));
	} else {
		out->v4 = u.v4;
		out->v6 = u.v6;
	}
	out->family = (ivset_is_empty(out->v4) ? 0 : FAMILY_IPV4) |
	    (ivset_is_empty(out->v6) ? 0 : FAMILY_IPV6);
	/* A whole family's space is no constraint: keep "any" as NULL. */
	if (ivset_is_full(out->v4, family_max(FAMILY_IPV4)))
		out->v4 = NULL;
	if (ivset_is_full(out->v6, family_max(FAMILY_IPV6)))
		out->v6 = NULL;
}

/*
 * Src and Dst; src_fw, dst_fw: the side is the firewall object alone, which
 * fwb_ipt compiles into OUTPUT or INPUT without an address test.
 */
static void
apply_addresses(struct fwb_ctx *c, struct rule *r, const struct refs *src,
    const struct refs *dst, enum family svc_family, bool src_fw, bool dst_fw)
{
	struct side_sets s, d;
	enum family fam;
	struct side_sets none = { NULL, NULL, FAMILY_ANY };

	/* the firewall alone needs no address (nor any address at all) */
	if (src_fw)
		s = none;
	else
		side_sets(c, r, src, "src", &s);
	if (dst_fw)
		d = none;
	else
		side_sets(c, r, dst, "dst", &d);
	fam = (enum family)(r->match.family & s.family & d.family &
	    svc_family);
	if (fam == FAMILY_NONE) {
		if (r->match.contradiction == NULL)
			r->match.contradiction = "source, destination, service "
			    "and rule set have no address family in common";
		return;
	}
	r->match.family = fam;
	if (fam & FAMILY_IPV4) {
		match_constrain(c->arena, &r->match, FIELD_SRC4, s.v4, NULL);
		match_constrain(c->arena, &r->match, FIELD_DST4, d.v4, NULL);
	}
	if (fam & FAMILY_IPV6) {
		match_constrain(c->arena, &r->match, FIELD_SRC6, s.v6, NULL);
		match_constrain(c->arena, &r->match, FIELD_DST6, d.v6, NULL);
	}
}

/*
 * iptables: where fwb_ipt puts a rule.  A side (Src or Dst) that names
 * the firewall (the firewall object, its interfaces or addresses; "any"
 * and networks holding one of its addresses too when the option
 * firewall_is_part_of_any_and_networks is on) is compiled into OUTPUT
 * (Src) or INPUT (Dst); a side naming anything else into FORWARD (and
 * OUTPUT or INPUT for the other side).  In the model's packets, traffic
 * from the firewall has no input interface and traffic to it no output
 * interface: a side that is only the firewall requires that absence, a
 * side without the firewall requires an interface, a side with both
 * requires nothing.
 */
enum presence {
	PRESENCE_ANY,
	PRESENCE_PRESENT,	/* through an interface: not the firewall */
	PRESENCE_ABSENT,	/* the firewall itself */
};

struct fw_side {
	bool		 fw, other;
	bool		 only_fw_object;	/* every member is the firewall
						   object: no address test */
	/* The addresses of the firewall's members and of the others, and
	   whether there are such members, an "any", a member that cannot
	   be a set. */
	const struct ivset *f4, *f6, *o4, *o6;
	bool		 fwmember, othermember, anynet, opaque;
};

static bool
node_within(xmlNodePtr n, xmlNodePtr ancestor)
{
	for (; n != NULL; n = n->parent)
		if (n == ancestor)
			return true;
	return false;
}

static void
classify_id(struct fwb_ctx *c, struct fw *fw, const char *id,
    struct loc ref, struct fw_side *out, unsigned depth)
{
	xmlNodePtr n = fwb_lookup_local(c, id), k;

	if (n == NULL || depth > 32) {
		out->other = true;
		out->only_fw_object = false;
		out->opaque = true;
		return;
	}
	if (n == fw->node) {
		out->fw = out->fwmember = true;
		out->f4 = ivset_union(c->arena, out->f4, fw->addr4);
		out->f6 = ivset_union(c->arena, out->f6, fw->addr6);
		return;
	}
	out->only_fw_object = false;
	if (fwb_is(n, "AnyNetwork")) {
		out->other = true;
		out->fw = out->fw || fw->in_any;
		out->anynet = true;
	} else if (fwb_is(n, "ObjectGroup")) {
		for (k = fwb_child(n); k != NULL; k = fwb_next(k)) {
			const char *mid = fwb_attr(c, k, "ref");

			if (mid != NULL && *mid != '\0')
				classify_id(c, fw, mid, fwb_loc(c, k), out,
				    depth + 1);
		}
	} else if (node_within(n, fw->node) &&
	    !fwb_is(n, "AttachedNetworks")) {
		const struct fwb_addr *a = fwb_addr_of(c, id, ref);

		out->fw = out->fwmember = true;
		out->opaque = out->opaque || a->opaque != NULL || a->any;
		out->f4 = ivset_union(c->arena, out->f4, a->v4);
		out->f6 = ivset_union(c->arena, out->f6, a->v6);
	} else {
		const struct fwb_addr *a = fwb_addr_of(c, id, ref);

		out->other = out->othermember = true;
		out->opaque = out->opaque || a->opaque != NULL || a->any;
		out->o4 = ivset_union(c->arena, out->o4, a->v4);
		out->o6 = ivset_union(c->arena, out->o6, a->v6);
		if (fw->in_any && !fwb_is(n, "Host") && a->opaque == NULL &&
		    (ivset_overlaps(a->v4, fw->addr4) ||
		    ivset_overlaps(a->v6, fw->addr6)))
			out->fw = true;
	}
}

/*
 * The chain a side puts the rule in; only_fw_object: the side is the
 * firewall object alone; out (may be NULL): what the side holds.
 */
static enum presence
side_presence(struct fwb_ctx *c, struct fw *fw, const struct refs *r,
    bool *only_fw_object, struct fw_side *out)
{
	struct fw_side s = { false, false, true, NULL, NULL, NULL, NULL,
	    false, false, false, false };
	enum presence p;
	size_t i;

	s.f4 = s.f6 = s.o4 = s.o6 = ivset_empty(c->arena);
	if (r->any && !r->neg) {
		s.other = true;
		s.fw = fw->in_any;
		s.only_fw_object = false;
		s.anynet = true;
	}
	for (i = 0; i < r->n; i++)
		classify_id(c, fw, r->ids[i], r->locs[i], &s, 0);
	*only_fw_object = !r->neg && s.fw && !s.other && s.only_fw_object;
	if (out != NULL)
		*out = s;
	/* "not these": FORWARD only, unless these hold the firewall or it
	   is part of any */
	if (r->neg)
		p = s.fw || fw->in_any ? PRESENCE_ANY : PRESENCE_PRESENT;
	else if (s.fw && !s.other)
		p = PRESENCE_ABSENT;
	else if (s.other && !s.fw)
		p = PRESENCE_PRESENT;
	else
		p = PRESENCE_ANY;
	return p;
}

/* "+" (some interface) or, negated, no interface at all. */
static const struct ifset *
ifset_some(struct fwb_ctx *c, bool none)
{
	return ifset_single(c->arena, c->strings, "+", 1, none);
}

/*
 * The interface constraint x (from Itf and direction) and a presence
 * constraint together.
 */
static const struct ifset *
combine_presence(struct fwb_ctx *c, struct rule *r, const struct ifset *x,
    enum presence p, const char *what)
{
	if (p == PRESENCE_ANY)
		return x;
	if (x == NULL)
		return ifset_some(c, p == PRESENCE_ABSENT);
	if (p == PRESENCE_PRESENT)
		return x;	/* a name, "+", or an opaque negation */
	if (x->negated)
		return ifset_some(c, true);
	if (r->match.contradiction == NULL)
		r->match.contradiction = arena_printf(c->arena, "interface "
		    "%s is the %s interface, but %s is the firewall itself",
		    ifset_format(c->arena, x), what, strcmp(what, "input") ==
		    0 ? "the source" : "the destination");
	return x;
}

/* Services. */

#define NSVCF 5

static const struct ivset **
svc_field(struct fwb_svc *s, int i)
{
	switch (i) {
	case 0:
		return &s->proto;
	case 1:
		return &s->sport;
	case 2:
		return &s->dport;
	case 3:
		return &s->icmp;
	default:
		return &s->tcpflags;
	}
}

static const enum field svc_fields[NSVCF] = {
	FIELD_PROTO, FIELD_SPORT, FIELD_DPORT, FIELD_ICMP, FIELD_TCPFLAGS
};

static bool
same_set(const struct ivset *a, const struct ivset *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return ivset_equal(a, b);
}

/*
 * The services of Srv; returns the family they allow.  Exact when the
 * services form one box, else an over-approximation marked opaque.
 */
static enum family
apply_services(struct fwb_ctx *c, struct rule *r, const struct refs *srv)
{
	struct fwb_svc *v = NULL, u = { 0 };
	size_t n = 0, cap = 0, i;
	int f, ndiff = 0;
	bool opaque = false, same_family = true;
	enum family fam = FAMILY_NONE;
	const char *why = NULL;

	if (srv->any) {
		if (srv->neg && r->match.contradiction == NULL)
			r->match.contradiction = "service is negated \"any\"";
		return FAMILY_ANY;
	}
	for (i = 0; i < srv->n; i++) {
		const struct fwb_svc *s;
		size_t ns = fwb_svc_of(c, srv->ids[i], srv->locs[i], &s), k;

		for (k = 0; k < ns; k++) {
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 8;

				v = arena_grow(c->arena, v, cap * sizeof(*v),
				    ncap * sizeof(*v));
				cap = ncap;
			}
			v[n++] = s[k];
		}
	}
	if (n == 0) {
		/* Only empty groups: fwbuilder refuses the rule, or drops
		   it with ignore_empty_groups (the element would become
		   "any", negated or not): it matches nothing either way */
		if (r->match.contradiction == NULL)
			r->match.contradiction = arena_printf(c->arena,
			    "service %s%s stands for no service", srv->neg ?
			    "!" : "", srv->text);
		return FAMILY_ANY;
	}
	for (i = 0; i < n; i++) {
		bool all_null = true;

		if (v[i].opaque != NULL && !opaque) {
			opaque = true;
			why = v[i].opaque;
		}
		for (f = 0; f < NSVCF; f++)
			if (*svc_field(&v[i], f) != NULL)
				all_null = false;
		if (all_null && v[i].opaque == NULL &&
		    v[i].family == FAMILY_ANY) {
			/* "Any IP" among others: the element is any. */
			if (srv->neg && r->match.contradiction == NULL)
				r->match.contradiction = "service is negated "
				    "\"any\"";
			return FAMILY_ANY;
		}
		fam = (enum family)(fam | v[i].family);
		if (v[i].family != v[0].family)
			same_family = false;
	}
	u = v[0];
	for (f = 0; f < NSVCF; f++) {
		bool differs = false;

		for (i = 1; i < n; i++)
			if (!same_set(*svc_field(&v[i], f), *svc_field(&v[0],
			    f)))
				differs = true;
		if (!differs)
			continue;
		ndiff++;
		for (i = 1; i < n && *svc_field(&u, f) != NULL; i++)
			*svc_field(&u, f) = *svc_field(&v[i], f) == NULL ?
			    NULL : ivset_union(c->arena, *svc_field(&u, f),
			    *svc_field(&v[i], f));
	}
	if (!opaque && (ndiff > 1 || !same_family)) {
		opaque = true;
		why = "several protocols or port combinations: not one box";
	}
	if (opaque) {
		match_add_opaque(c->arena, &r->match, "srv",
		    arena_printf(c->arena, "services: %s%s (%s)",
		    srv->neg ? "!" : "", srv->text, why), r->loc, false);
		if (srv->neg)
			return FAMILY_ANY;
		for (f = 0; f < NSVCF; f++)
			match_constrain(c->arena, &r->match, svc_fields[f],
			    *svc_field(&u, f), NULL);
		return fam;
	}
	if (srv->neg) {
		/* Only a protocol set has a box for a complement. */
		for (f = 1; f < NSVCF; f++)
			if (*svc_field(&u, f) != NULL)
				break;
		if (f < NSVCF || u.family != FAMILY_ANY || u.proto == NULL) {
			match_add_opaque(c->arena, &r->match, "srv",
			    arena_printf(c->arena, "services: !%s (the "
			    "complement is not one box)", srv->text), r->loc,
			    false);
			return FAMILY_ANY;
		}
		u.proto = ivset_complement(c->arena, u.proto,
		    field_max(FIELD_PROTO));
		if (ivset_is_empty(u.proto)) {
			if (r->match.contradiction == NULL)
				r->match.contradiction = "service is negated "
				    "\"every protocol\"";
			return FAMILY_ANY;
		}
	}
	for (f = 0; f < NSVCF; f++)
		match_constrain(c->arena, &r->match, svc_fields[f],
		    *svc_field(&u, f), NULL);
	return u.family;
}

/* Itf (Inbound/Outbound/Both), ItfInb, ItfOutb. */
static const struct ifset *
refs_ifset(struct fwb_ctx *c, struct rule *r, const struct refs *itf,
    const char *what)
{
	VEC(const char *) all = { 0 };
	struct ifset *s;
	size_t i, k;

	if (itf->any) {
		if (itf->neg && r->match.contradiction == NULL)
			r->match.contradiction = arena_printf(c->arena,
			    "%s is negated \"any\"", what);
		return NULL;
	}
	for (i = 0; i < itf->n; i++) {
		const char **names, *why = NULL;
		size_t nn;

		if (fwb_ifnames_of(c, itf->ids[i], itf->locs[i], &names, &nn,
		    &why) != 0) {
			match_add_opaque(c->arena, &r->match, what,
			    arena_printf(c->arena, "%s: %s (%s)", what,
			    itf->text, why), r->loc, false);
			return NULL;
		}
		for (k = 0; k < nn; k++)
			VEC_PUSH(c->arena, &all, names[k]);
	}
	s = arena_zalloc(c->arena, sizeof(*s));
	s->negated = itf->neg;
	s->n = all.n;
	s->names = all.v;
	return s;
}

static const char *
opt(struct fwb_ctx *c, xmlNodePtr rule, const char *optelem, const char *name)
{
	xmlNodePtr o, k;

	for (o = fwb_child(rule); o != NULL; o = fwb_next(o))
		if (fwb_is(o, optelem))
			for (k = fwb_child(o); k != NULL; k = fwb_next(k))
				if (fwb_is(k, "Option")) {
					const char *n = fwb_attr(c, k, "name");

					if (n != NULL && strcmp(n, name) == 0)
						return fwb_text(c, k);
				}
	return NULL;
}

static bool
opt_true(struct fwb_ctx *c, xmlNodePtr rule, const char *optelem,
    const char *name)
{
	const char *v = opt(c, rule, optelem, name);

	return v != NULL && (strcmp(v, "True") == 0 || strcmp(v, "true") == 0
	    || strcmp(v, "1") == 0);
}

static struct container *
find_branch(struct fwb_ctx *c, struct fw *fw, xmlNodePtr rule,
    const char *optelem, const char **target)
{
	const char *id = opt(c, rule, optelem, "branch_id");
	const char *name = opt(c, rule, optelem, "branch_name");
	size_t i;

	*target = name != NULL ? name : id != NULL ? id : "";
	for (i = 0; i < fw->nsets; i++) {
		if (id != NULL && fw->sets[i].id != NULL &&
		    strcmp(fw->sets[i].id, id) == 0) {
			*target = fw->sets[i].container->name;
			return fw->sets[i].container;
		}
	}
	for (i = 0; id != NULL && i < fw->all->n; i++) {
		const struct fw *o = &fw->all->v[i];
		size_t k;

		for (k = 0; k < o->nsets; k++)
			if (o->sets[k].id != NULL &&
			    strcmp(o->sets[k].id, id) == 0) {
				*target = o->sets[k].container->name;
				return o->sets[k].container;
			}
	}
	for (i = 0; name != NULL && i < fw->nsets; i++)
		if (strcmp(fw->sets[i].name, name) == 0) {
			*target = fw->sets[i].container->name;
			return fw->sets[i].container;
		}
	*target = arena_printf(c->arena, "%s/%s", fw->name,
	    **target != '\0' ? *target : "(no rule set named)");
	return NULL;
}

/*
 * fwb_ipt's words for a Reject: the rule's action_on_reject, else the
 * firewall's, as "--reject-with ..." the way the iptables front end keeps
 * them, so that a compiled policy compares equal; none: plain REJECT.
 */
static const char *
ipt_reject_with(struct fwb_ctx *c, struct fw *fw, const char *v)
{
	static const char *const map[][2] = {
		{ "ICMP admin prohibited", "icmp-admin-prohibited" },
		{ "ICMP host prohibited", "icmp-host-prohibited" },
		{ "ICMP host unreachable", "icmp-host-unreachable" },
		{ "ICMP net prohibited", "icmp-net-prohibited" },
		{ "ICMP net unreachable", "icmp-net-unreachable" },
		{ "ICMP port unreachable", "icmp-port-unreachable" },
		{ "ICMP protocol unreachable", "icmp-proto-unreachable" },
		{ "TCP RST", "tcp-reset" },
	};
	size_t i;

	if (v == NULL || *v == '\0')
		v = opt(c, fw->node, "FirewallOptions", "action_on_reject");
	if (v == NULL || *v == '\0')
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(v, map[i][0]) == 0)
			return arena_printf(c->arena, "--reject-with %s",
			    map[i][1]);
	return v;
}

/*
 * A TCP reset only answers TCP: for a rule of other protocols fwb_ipt
 * uses the firewall's action_on_reject, unless that is a reset too.
 */
static void
ipt_reject_tcp(struct fwb_ctx *c, struct fw *fw, struct rule *r)
{
	const struct ivset *p = r->match.field[FIELD_PROTO];
	const char *v;

	/* a rule for TCP among others keeps the reset (fwb_ipt splits it) */
	if (r->action.options == NULL ||
	    strcmp(r->action.options, "--reject-with tcp-reset") != 0 ||
	    p == NULL || ivset_contains(p, u128_from64(6)))
		return;
	v = opt(c, fw->node, "FirewallOptions", "action_on_reject");
	if (v != NULL && strcmp(v, "TCP RST") == 0)
		v = NULL;
	r->action.options = v != NULL ? ipt_reject_with(c, fw, v) : NULL;
}

static void
map_policy_action(struct fwb_ctx *c, struct fw *fw, xmlNodePtr rn,
    struct rule *r, const char *act)
{
	struct action *a = &r->action;

	a->loc = r->loc;
	a->target = intern(c->strings, act);
	if (strcmp(act, "Accept") == 0)
		a->kind = ACTION_ACCEPT;
	else if (strcmp(act, "Deny") == 0)
		a->kind = ACTION_DROP;
	else if (strcmp(act, "Reject") == 0) {
		a->kind = ACTION_REJECT;
		a->options = opt(c, rn, "PolicyRuleOptions",
		    "action_on_reject");
		if (fw->ipt)
			a->options = ipt_reject_with(c, fw, a->options);
	} else if (strcmp(act, "Branch") == 0) {
		a->kind = ACTION_JUMP;
		a->container = find_branch(c, fw, rn, "PolicyRuleOptions",
		    &a->target);
		a->target = intern(c->strings, a->target);
	} else if (strcmp(act, "Pipe") == 0)
		a->kind = ACTION_QUEUE;
	else if (strcmp(act, "Accounting") == 0)
		a->kind = ACTION_NONE;
	else if (strcmp(act, "Continue") == 0) {
		if (opt_true(c, rn, "PolicyRuleOptions", "tagging") ||
		    opt_true(c, rn, "PolicyRuleOptions", "classification") ||
		    opt_true(c, rn, "PolicyRuleOptions", "routing"))
			a->kind = ACTION_MODIFY;
		else
			a->kind = r->log ? ACTION_LOG : ACTION_NONE;
	} else if (strcmp(act, "Tag") == 0 || strcmp(act, "Classify") == 0)
		a->kind = ACTION_MODIFY;
	else {
		a->kind = ACTION_UNKNOWN;
		a->options = opt(c, rn, "PolicyRuleOptions", "custom_str");
	}
}

static struct rule *
rule_new(struct fwb_ctx *c, struct container *ct, xmlNodePtr rn)
{
	struct rule *r = arena_zalloc(c->arena, sizeof(*r));
	const char *comment = fwb_attr(c, rn, "comment");

	r->loc = fwb_loc(c, rn);
	match_init(&r->match, ct->family);
	r->disabled = fwb_attr_true(c, rn, "disabled");
	r->log = fwb_attr_true(c, rn, "log");
	r->comment = comment != NULL && *comment != '\0' ?
	    arena_strdup(c->arena, comment) : NULL;
	return r;
}

/* "3 (label)" as the GUI numbers and labels rules. */
static const char *
rule_number(struct fwb_ctx *c, xmlNodePtr rn, size_t index)
{
	const char *pos = fwb_attr(c, rn, "position");
	const char *label = fwb_attr(c, rn, "label");
	char *num = pos != NULL && *pos != '\0' ? arena_strdup(c->arena, pos) :
	    arena_printf(c->arena, "%zu", index);

	if (label == NULL || *label == '\0')
		label = fwb_attr(c, rn, "group");
	if (label != NULL && *label != '\0')
		return arena_printf(c->arena, "%s (%s)", num, label);
	return num;
}

static void
append_text(struct fwb_ctx *c, char **text, const char *key, const char *v)
{
	if (v != NULL)
		*text = arena_printf(c->arena, "%s %s=%s", *text, key, v);
}

static const char *
policy_rule_text(struct fwb_ctx *c, struct container *ct, xmlNodePtr rn,
    struct rule *r, const char *prefix, const char *act, const char *dir,
    const struct refs **el)
{
	char *text = arena_printf(c->arena, "%srule %s: %s", prefix,
	    rule_number(c, rn, ct->rules.n), act);

	append_text(c, &text, "src", refs_shown(c, el[0]));
	append_text(c, &text, "dst", refs_shown(c, el[1]));
	append_text(c, &text, "srv", refs_shown(c, el[2]));
	append_text(c, &text, "itf", refs_text(c, el[3]));
	if (strcmp(dir, "Both") != 0)
		append_text(c, &text, "dir", dir);
	append_text(c, &text, "when", refs_text(c, el[4]));
	if (r->action.kind == ACTION_JUMP)
		append_text(c, &text, "branch", r->action.target);
	if (r->log)
		text = arena_printf(c->arena, "%s log", text);
	if (r->disabled)
		text = arena_printf(c->arena, "%s (disabled)", text);
	return text;
}

/*
 * The copy of r for traffic of the firewall to itself: from it (no input
 * interface, an output one) to its addresses when to_fw, else to it (no
 * output interface) from its addresses.  NULL when it has no address of
 * the rule's families.
 */
static struct rule *
self_rule(struct fwb_ctx *c, struct fw *fw, const struct rule *r,
    bool to_fw)
{
	struct rule *r2;
	enum family fam = FAMILY_NONE;

	if ((r->match.family & FAMILY_IPV4) && !ivset_is_empty(fw->self4))
		fam |= FAMILY_IPV4;
	if ((r->match.family & FAMILY_IPV6) && !ivset_is_empty(fw->self6))
		fam |= FAMILY_IPV6;
	if (fam == FAMILY_NONE || r->match.contradiction != NULL)
		return NULL;
	r2 = arena_alloc(c->arena, sizeof(*r2));
	*r2 = *r;
	r2->match.family = fam;
	if (fam & FAMILY_IPV4)
		match_constrain(c->arena, &r2->match, to_fw ? FIELD_DST4 :
		    FIELD_SRC4, fw->self4, NULL);
	if (fam & FAMILY_IPV6)
		match_constrain(c->arena, &r2->match, to_fw ? FIELD_DST6 :
		    FIELD_SRC6, fw->self6, NULL);
	r2->match.in_if = to_fw ? ifset_some(c, true) : NULL;
	r2->match.out_if = ifset_some(c, !to_fw);
	return r2;
}

/* The complement of s in the family's space; NULL for all of it. */
static const struct ivset *
not_in(struct fwb_ctx *c, const struct ivset *s, enum family f)
{
	return ivset_is_empty(s) ? NULL : ivset_complement(c->arena, s,
	    family_max(f));
}

/* A negated side of the firewall and others, each an address set. */
static bool
neg_splits(const struct fw_side *s)
{
	return s->fwmember && s->othermember && !s->anynet && !s->opaque;
}

/*
 * r for a negated side that splits: r itself tests "not the firewall's
 * part", the copy returned "not the others"; src: the side is Src.
 */
static struct rule *
neg_split(struct fwb_ctx *c, struct rule *r, const struct fw_side *s,
    bool src)
{
	struct rule *r2 = arena_alloc(c->arena, sizeof(*r2));
	enum field f4 = src ? FIELD_SRC4 : FIELD_DST4;
	enum field f6 = src ? FIELD_SRC6 : FIELD_DST6;

	*r2 = *r;
	r->match.field[f4] = not_in(c, s->f4, FAMILY_IPV4);
	r->match.field[f6] = not_in(c, s->f6, FAMILY_IPV6);
	r2->match.field[f4] = not_in(c, s->o4, FAMILY_IPV4);
	r2->match.field[f6] = not_in(c, s->o6, FAMILY_IPV6);
	return r2;
}

/* The loopback interface, as fwbuilder knows it: lo, or 127.0.0.1. */
static bool
interface_is_loopback(struct fwb_ctx *c, xmlNodePtr n)
{
	const char *name = fwb_attr(c, n, "name");
	xmlNodePtr k;

	if (name != NULL && strcmp(name, "lo") == 0)
		return true;
	for (k = fwb_child(n); k != NULL; k = fwb_next(k)) {
		const char *ad = fwb_attr(c, k, "address");

		if (fwb_is(k, "IPv4") && ad != NULL &&
		    strncmp(ad, "127.", 4) == 0)
			return true;
	}
	return false;
}

/* Is every interface of Itf the loopback? */
static bool
itf_loopback(struct fwb_ctx *c, const struct refs *itf)
{
	size_t i;

	if (itf->any || itf->neg || itf->n == 0)
		return false;
	for (i = 0; i < itf->n; i++) {
		xmlNodePtr n = fwb_lookup_local(c, itf->ids[i]);

		if (n == NULL || !fwb_is(n, "Interface") ||
		    !interface_is_loopback(c, n))
			return false;
	}
	return true;
}

/*
 * Direction and Itf as fwb_ipt compiles them: Inbound is -i (the
 * interface, or "+" for any: INPUT and FORWARD), Outbound -o (OUTPUT and
 * FORWARD), Both with an interface both, which is two rules: -i, then
 * -o.  A negated interface ("! -i eth0", only in the chains where the
 * packet has such an interface) is not one ifset: it stays opaque.
 * Returns the second rule of a split, or NULL; label: the texts that
 * tell the two apart.
 */
static struct rule *
ipt_interfaces(struct fwb_ctx *c, struct fw *fw, struct rule *r,
    const char *dir, const struct refs *src, const struct refs *dst,
    const struct refs *itf, bool top, const char **label)
{
	bool src_only = false, dst_only = false;
	struct fw_side ss, ds;
	enum presence ps = top ? side_presence(c, fw, src, &src_only, &ss) :
	    PRESENCE_ANY;
	enum presence pd = top ? side_presence(c, fw, dst, &dst_only, &ds) :
	    PRESENCE_ANY;
	const struct ifset *in = NULL, *out = NULL, *x = NULL;
	struct rule *r2 = NULL;
	bool inb = strcmp(dir, "Inbound") == 0;
	bool outb = strcmp(dir, "Outbound") == 0;

	/*
	 * In through a named interface from the firewall's address is the
	 * anti-spoofing idiom: fwb_ipt tests the address in INPUT and
	 * FORWARD (-i eth0 -s its addresses), not OUTPUT; the same for out
	 * through one to the firewall.
	 */
	if (inb && !itf->any && ps == PRESENCE_ABSENT) {
		ps = PRESENCE_ANY;
		src_only = false;
	}
	if (outb && !itf->any && pd == PRESENCE_ABSENT) {
		pd = PRESENCE_ANY;
		dst_only = false;
	}

	/*
	 * From the sides to the interfaces: Dst the firewall is INPUT (no
	 * output interface), else Src the firewall is OUTPUT (no input
	 * interface, an output one), else a Dst without the firewall needs
	 * an output interface and a Src without it an input one.  Where
	 * the chain allows either, nothing is required: a packet without
	 * any interface (which no firewall sees) then meets the rule as
	 * iptables' INPUT would.
	 */
	if (pd == PRESENCE_ABSENT)
		ps = ps == PRESENCE_ABSENT ? PRESENCE_ABSENT : PRESENCE_ANY;
	else if (ps == PRESENCE_ABSENT)
		pd = PRESENCE_PRESENT;

	/*
	 * The loopback interface: fwb_ipt writes INPUT -i lo and OUTPUT -o
	 * lo, whatever Src and Dst say; nothing is forwarded through lo.
	 */
	if (top && itf_loopback(c, itf)) {
		x = refs_ifset(c, r, itf, "itf");
		if (!inb && !outb) {
			r2 = arena_alloc(c->arena, sizeof(*r2));
			*r2 = *r;
			r2->match.out_if = x;
			r2->match.in_if = ifset_some(c, true);
		}
		r->match.in_if = outb ? ifset_some(c, true) : x;
		r->match.out_if = outb ? x : ifset_some(c, true);
		return r2;
	}
	if (inb || outb) {
		/* fwb_ipt writes "-i +" in FORWARD, nothing in INPUT */
		if (itf->any && !itf->neg && inb && pd == PRESENCE_ABSENT)
			x = NULL;
		else if (itf->any && !itf->neg)
			x = ifset_some(c, false);
		else {
			x = refs_ifset(c, r, itf, "itf");
			if (itf->neg)
				match_add_opaque(c->arena, &r->match, "itf",
				    arena_printf(c->arena, "interface !%s, "
				    "only where the packet has an %s "
				    "interface", itf->text, inb ? "input" :
				    "output"), r->loc, false);
		}
		if (inb)
			in = x;
		else
			out = x;
	} else if (!itf->any && !itf->neg) {
		x = refs_ifset(c, r, itf, "itf");
		r2 = arena_alloc(c->arena, sizeof(*r2));
		*r2 = *r;
		r2->match.out_if = combine_presence(c, r2, x, pd, "output");
		r2->match.in_if = combine_presence(c, r2, NULL, ps, "input");
		in = x;
	} else if (itf->neg || !itf->any)
		match_add_opaque(c->arena, &r->match, "itf",
		    arena_printf(c->arena, "interface %s%s in both "
		    "directions", itf->neg ? "!" : "", itf->text), r->loc,
		    false);
	/*
	 * The firewall to itself: with Dst the firewall alone and a Src
	 * that is any (with the firewall part of any) or the firewall,
	 * fwb_ipt adds OUTPUT -d its addresses to INPUT; with Src the
	 * firewall alone and such a Dst, INPUT -s its addresses to OUTPUT.
	 */
	if (r2 == NULL && itf->any && !itf->neg &&
	    ((dst_only && (src_only || (src->any && !src->neg &&
	    fw->in_any))) || (src_only && dst->any && !dst->neg &&
	    fw->in_any))) {
		if ((r2 = self_rule(c, fw, r, dst_only)) != NULL) {
			label[0] = NULL;
			label[1] = "firewall to itself";
		}
	}
	/*
	 * "Not (the firewall and others)": fwb_ipt tests the firewall's
	 * part where the firewall is the packet's end (OUTPUT for Src,
	 * INPUT for Dst), the others' part in the other chains.
	 */
	if (r2 == NULL && top && src->neg && neg_splits(&ss)) {
		r2 = neg_split(c, r, &ss, true);
		r2->match.in_if = combine_presence(c, r2, in,
		    PRESENCE_PRESENT, "input");
		r2->match.out_if = combine_presence(c, r2, out, pd, "output");
		ps = PRESENCE_ABSENT;
		pd = PRESENCE_PRESENT;
		label[0] = "firewall";
		label[1] = "others";
	} else if (r2 == NULL && top && dst->neg && neg_splits(&ds)) {
		r2 = neg_split(c, r, &ds, false);
		r2->match.in_if = combine_presence(c, r2, in, ps, "input");
		r2->match.out_if = combine_presence(c, r2, out,
		    PRESENCE_PRESENT, "output");
		pd = PRESENCE_ABSENT;
		label[0] = "firewall";
		label[1] = "others";
	}
	r->match.in_if = combine_presence(c, r, in, ps, "input");
	r->match.out_if = combine_presence(c, r, out, pd, "output");
	return r2;
}

/*
 * The services of Srv as a few exact boxes, for iptables firewalls, where
 * fwb_ipt writes one rule per protocol (a list like ssh, http, ping is no
 * single box): boxes that differ in one field are merged.  Returns the
 * number of boxes (in *out), or 0 when Srv is any, negated, one box
 * already, or holds something opaque.
 */
static size_t
svc_boxes(struct fwb_ctx *c, const struct refs *srv, struct fwb_svc **out)
{
	struct fwb_svc *v = NULL;
	size_t n = 0, cap = 0, i, k;
	int f;

	if (srv->any || srv->neg)
		return 0;
	for (i = 0; i < srv->n; i++) {
		const struct fwb_svc *sv;
		size_t ns = fwb_svc_of(c, srv->ids[i], srv->locs[i], &sv);

		for (k = 0; k < ns; k++) {
			size_t g;
			int diff = 0, df = -1;
			bool all_null = true;

			if (sv[k].opaque != NULL)
				return 0;
			for (f = 0; f < NSVCF; f++)
				if (*svc_field((struct fwb_svc *)&sv[k], f) !=
				    NULL)
					all_null = false;
			if (all_null && sv[k].family == FAMILY_ANY)
				return 0;	/* "any" among others */
			for (g = 0; g < n; g++) {
				diff = 0;
				for (f = 0; f < NSVCF; f++)
					if (!same_set(*svc_field(&v[g], f),
					    *svc_field((struct fwb_svc *)
					    &sv[k], f))) {
						diff++;
						df = f;
					}
				if (v[g].family == sv[k].family && diff <= 1 &&
				    (diff == 0 || (*svc_field(&v[g], df) !=
				    NULL && *svc_field((struct fwb_svc *)
				    &sv[k], df) != NULL)))
					break;
			}
			if (g < n) {
				if (diff == 1)
					*svc_field(&v[g], df) = ivset_union(
					    c->arena, *svc_field(&v[g], df),
					    *svc_field((struct fwb_svc *)
					    &sv[k], df));
				v[g].text = arena_printf(c->arena, "%s,%s",
				    v[g].text != NULL ? v[g].text : "?",
				    sv[k].text != NULL ? sv[k].text : "?");
				continue;
			}
			if (n == cap) {
				size_t ncap = cap ? cap * 2 : 8;

				v = arena_grow(c->arena, v, cap * sizeof(*v),
				    ncap * sizeof(*v));
				cap = ncap;
			}
			v[n++] = sv[k];
		}
	}
	if (n < 2)
		return 0;
	*out = v;
	return n;
}

/* One box of services on r; returns the family it allows. */
static enum family
apply_box(struct fwb_ctx *c, struct rule *r, const struct fwb_svc *b)
{
	int f;

	for (f = 0; f < NSVCF; f++)
		match_constrain(c->arena, &r->match, svc_fields[f],
		    *svc_field((struct fwb_svc *)b, f), NULL);
	return b->family;
}

/* The members of a rule element in order, groups expanded. */
static void
expand_refs(struct fwb_ctx *c, const char *id, struct loc loc,
    struct refs *out, size_t *cap, unsigned depth)
{
	xmlNodePtr n = fwb_lookup_local(c, id), k;

	if (n != NULL && fwb_is(n, "ObjectGroup") && depth < 32) {
		for (k = fwb_child(n); k != NULL; k = fwb_next(k)) {
			const char *mid = fwb_attr(c, k, "ref");

			if (mid != NULL && *mid != '\0')
				expand_refs(c, mid, fwb_loc(c, k), out, cap,
				    depth + 1);
		}
		return;
	}
	if (out->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;

		out->ids = arena_grow(c->arena, out->ids, *cap *
		    sizeof(*out->ids), ncap * sizeof(*out->ids));
		out->locs = arena_grow(c->arena, out->locs, *cap *
		    sizeof(*out->locs), ncap * sizeof(*out->locs));
		*cap = ncap;
	}
	out->ids[out->n] = id;
	out->locs[out->n++] = loc;
}

static bool
is_fw_object(struct fwb_ctx *c, struct fw *fw, const char *id)
{
	return fwb_lookup_local(c, id) == fw->node;
}

/*
 * fwbuilder's Compiler::complexMatch(firewall, object) as fwb_pf's
 * fillDirection meets it: the firewall object or one of its interfaces
 * (fwb_pf 5.3 leaves a rule naming the firewall's address objects, or
 * other objects with its addresses, in both directions).
 */
static bool
fw_matches(struct fwb_ctx *c, struct fw *fw, const char *id)
{
	xmlNodePtr n = fwb_lookup_local(c, id);

	return n != NULL && (n == fw->node || (fwb_is(n, "Interface") &&
	    node_within(n, fw->node)));
}

/* fwb_pf's fillDirection: does the element's first object match?  A
   negated element never does here (fwb_pf rewrites negations before, into
   rules this reader does not make). */
static bool
first_is_fw(struct fwb_ctx *c, struct fw *fw, const struct refs *r)
{
	struct refs e;
	size_t cap = 0;

	if (r->any || r->neg || r->n == 0)
		return false;
	memset(&e, 0, sizeof(e));
	expand_refs(c, r->ids[0], r->locs[0], &e, &cap, 0);
	return e.n > 0 && fw_matches(c, fw, e.ids[0]);
}

/*
 * fwb_pf's splitIfFirewallInSrc/Dst: an element (groups expanded) of
 * several objects holding the firewall object becomes the firewall alone,
 * then the rest.  Returns the number of elements in out.
 */
static size_t
split_fw(struct fwb_ctx *c, struct fw *fw, const struct refs *r,
    struct refs out[2])
{
	const char **fid = arena_alloc(c->arena, sizeof(*fid));
	struct loc *floc = arena_alloc(c->arena, sizeof(*floc));
	struct refs e;
	size_t cap = 0, i, k = 0;
	bool found = false;

	out[0] = *r;
	if (r->any || r->neg)
		return 1;
	memset(&e, 0, sizeof(e));
	for (i = 0; i < r->n; i++)
		expand_refs(c, r->ids[i], r->locs[i], &e, &cap, 0);
	if (e.n < 2)
		return 1;
	for (i = 0; i < e.n; i++)
		if (!is_fw_object(c, fw, e.ids[i])) {
			e.ids[k] = e.ids[i];
			e.locs[k++] = e.locs[i];
		} else if (!found) {
			*fid = e.ids[i];
			*floc = e.locs[i];
			found = true;
		}
	if (!found)
		return 1;
	out[0].n = 1;
	out[0].ids = fid;
	out[0].locs = floc;
	out[0].text = fw->name;
	out[1] = e;
	out[1].present = true;
	out[1].n = k;
	out[1].text = r->text;
	return k > 0 ? 2 : 1;
}

struct pf_variant {
	struct refs	 src, dst;
	const char	*dir;
};

/* The rules fwb_pf makes of one rule with direction Both (see above). */
static size_t
pf_variants(struct fwb_ctx *c, struct fw *fw, const struct refs *src,
    const struct refs *dst, struct pf_variant v[4])
{
	struct refs s[2], d[2];
	size_t ns = split_fw(c, fw, src, s), n = 0;

	for (size_t i = 0; i < ns; i++) {
		size_t nd = split_fw(c, fw, dst, d);

		for (size_t j = 0; j < nd; j++) {
			bool sm = first_is_fw(c, fw, &s[i]);
			bool dm = first_is_fw(c, fw, &d[j]);

			v[n].src = s[i];
			v[n].dst = d[j];
			v[n].dir = sm && dm ? "Both" : dm ? "Inbound" : sm ?
			    "Outbound" : "Both";
			n++;
		}
	}
	return n;
}

/*
 * One PolicyRule; itf_override names the interface of an old
 * per-interface policy rule.  top: the rule set is a top one, whose rules
 * fwb_ipt places in INPUT, OUTPUT or FORWARD; the rules of a branch go to
 * its own chain as they are.  An iptables rule whose services are several
 * boxes is several model rules, one per box, as fwb_ipt compiles it.
 */
static void
read_policy_rule(struct fwb_ctx *c, struct fw *fw, struct container *ct,
    xmlNodePtr rn, const char *prefix, const struct refs *itf_override,
    bool top)
{
	struct refs src, dst, srv, itf, when;
	const struct refs *el[5] = { &src, &dst, &srv, &itf, &when };
	const char *act = fwb_attr(c, rn, "action");
	const char *dir = fwb_attr(c, rn, "direction");
	const struct ifset *ifs;
	enum family sfam;
	bool src_fw = false, dst_fw = false;
	struct fwb_svc *boxes = NULL;
	size_t nboxes = 0, b, nvar = 1, v;
	struct pf_variant var[4];
	bool variants;

	if (act == NULL || *act == '\0')
		act = "Deny";
	if (dir == NULL || *dir == '\0')
		dir = "Both";
	read_refs(c, rn, "Src", OBJECT_ADDRESS, &src);
	read_refs(c, rn, "Dst", OBJECT_ADDRESS, &dst);
	read_refs(c, rn, "Srv", OBJECT_SERVICE, &srv);
	if (itf_override != NULL)
		itf = *itf_override;
	else
		read_refs(c, rn, "Itf", OBJECT_ADDRESS, &itf);
	read_refs(c, rn, "When", OBJECT_TIME, &when);

	if (fw->ipt && top) {
		/* see ipt_interfaces() for the anti-spoofing idiom */
		(void)side_presence(c, fw, &src, &src_fw, NULL);
		(void)side_presence(c, fw, &dst, &dst_fw, NULL);
		if (!itf.any && strcmp(dir, "Inbound") == 0)
			src_fw = false;
		if (!itf.any && strcmp(dir, "Outbound") == 0)
			dst_fw = false;
	}
	if (fw->ipt)
		nboxes = svc_boxes(c, &srv, &boxes);
	variants = fw->pf && strcmp(dir, "Both") == 0;
	if (variants)
		nvar = pf_variants(c, fw, &src, &dst, var);
	/* per variant (PF), per box of services (iptables) */
	for (v = 0; v < nvar; v++)
	for (b = 0; b == 0 || b < nboxes; b++) {
		struct rule *r = rule_new(c, ct, rn), *r2 = NULL;
		const char *label[2] = { "in", "out" };

		if (variants) {
			src = var[v].src;
			dst = var[v].dst;
			dir = var[v].dir;
		}
		sfam = nboxes > 0 ? apply_box(c, r, &boxes[b]) :
		    apply_services(c, r, &srv);
		apply_addresses(c, r, &src, &dst, sfam, src_fw, dst_fw);
		if (!when.any || when.neg)
			match_add_opaque(c->arena, &r->match, "when",
			    arena_printf(c->arena, "time: %s%s", when.neg ?
			    "!" : "", when.text), r->loc, false);
		map_policy_action(c, fw, rn, r, act);
		if (fw->ipt && r->action.kind == ACTION_REJECT)
			ipt_reject_tcp(c, fw, r);
		if (fw->ipt)
			r2 = ipt_interfaces(c, fw, r, dir, &src, &dst, &itf,
			    top, label);
		else if (strcmp(dir, "Inbound") == 0 ||
		    strcmp(dir, "Outbound") == 0) {
			bool in = strcmp(dir, "Inbound") == 0;

			if (!fw->pix)
				match_constrain(c->arena, &r->match,
				    FIELD_DIRECTION, ivset_single(c->arena,
				    u128_from64(in ? 0 : 1)), NULL);
			ifs = refs_ifset(c, r, &itf, "itf");
			if (in)
				r->match.in_if = ifs;
			else
				r->match.out_if = ifs;
		} else if (!itf.any && !itf.neg) {
			/* in through it, or out through it */
			ifs = refs_ifset(c, r, &itf, "itf");
			r2 = arena_alloc(c->arena, sizeof(*r2));
			*r2 = *r;
			if (!fw->pix) {
				match_constrain(c->arena, &r->match,
				    FIELD_DIRECTION, ivset_single(c->arena,
				    u128_from64(0)), NULL);
				match_constrain(c->arena, &r2->match,
				    FIELD_DIRECTION, ivset_single(c->arena,
				    u128_from64(1)), NULL);
			}
			r->match.in_if = ifs;
			r2->match.out_if = ifs;
		} else if (itf.neg)
			match_add_opaque(c->arena, &r->match, "itf",
			    arena_printf(c->arena, "interface %s%s in both "
			    "directions", itf.neg ? "!" : "", itf.text),
			    r->loc, false);

		r->text = policy_rule_text(c, ct, rn, r, prefix, act, dir,
		    el);
		if (nboxes > 0)
			r->text = arena_printf(c->arena, "%s [%s]", r->text,
			    boxes[b].text != NULL ? boxes[b].text :
			    "services");
		if (r2 != NULL) {
			r2->text = arena_printf(c->arena, "%s [%s]", r->text,
			    label[1]);
			if (label[0] != NULL)
				r->text = arena_printf(c->arena, "%s [%s]",
				    r->text, label[0]);
		}
		container_append(c->policy, ct, r);
		if (r2 != NULL)
			container_append(c->policy, ct, r2);
	}
}

static void
read_nat_rule(struct fwb_ctx *c, struct fw *fw, struct container *ct,
    xmlNodePtr rn)
{
	struct rule *r = rule_new(c, ct, rn);
	struct refs osrc, odst, osrv, tsrc, tdst, tsrv, inb, outb;
	const char *act = fwb_attr(c, rn, "action");
	enum family sfam;
	char *text;

	if (act == NULL || *act == '\0')
		act = "Translate";
	read_refs(c, rn, "OSrc", OBJECT_ADDRESS, &osrc);
	read_refs(c, rn, "ODst", OBJECT_ADDRESS, &odst);
	read_refs(c, rn, "OSrv", OBJECT_SERVICE, &osrv);
	read_refs(c, rn, "TSrc", OBJECT_ADDRESS, &tsrc);
	read_refs(c, rn, "TDst", OBJECT_ADDRESS, &tdst);
	read_refs(c, rn, "TSrv", OBJECT_SERVICE, &tsrv);
	read_refs(c, rn, "ItfInb", OBJECT_ADDRESS, &inb);
	read_refs(c, rn, "ItfOutb", OBJECT_ADDRESS, &outb);
	sfam = apply_services(c, r, &osrv);
	apply_addresses(c, r, &osrc, &odst, sfam, false, false);
	r->match.in_if = refs_ifset(c, r, &inb, "itf-in");
	r->match.out_if = refs_ifset(c, r, &outb, "itf-out");
	r->action.loc = r->loc;
	r->action.target = intern(c->strings, act);
	if (strcmp(act, "NATBranch") == 0) {
		r->action.kind = ACTION_JUMP;
		r->action.container = find_branch(c, fw, rn, "NATRuleOptions",
		    &r->action.target);
		r->action.target = intern(c->strings, r->action.target);
	} else
		r->action.kind = ACTION_TRANSLATE;
	r->action.options = arena_printf(c->arena, "tsrc=%s tdst=%s tsrv=%s",
	    tsrc.text, tdst.text, tsrv.text);
	text = arena_printf(c->arena, "nat rule %s: %s",
	    rule_number(c, rn, ct->rules.n), act);
	append_text(c, &text, "osrc", refs_shown(c, &osrc));
	append_text(c, &text, "odst", refs_shown(c, &odst));
	append_text(c, &text, "osrv", refs_shown(c, &osrv));
	append_text(c, &text, "itf-in", refs_text(c, &inb));
	append_text(c, &text, "itf-out", refs_text(c, &outb));
	append_text(c, &text, "tsrc", refs_text(c, &tsrc));
	append_text(c, &text, "tdst", refs_text(c, &tdst));
	append_text(c, &text, "tsrv", refs_text(c, &tsrv));
	if (r->disabled)
		text = arena_printf(c->arena, "%s (disabled)", text);
	r->text = text;
	container_append(c->policy, ct, r);
}

static void
read_routing_rule(struct fwb_ctx *c, struct container *ct, xmlNodePtr rn)
{
	struct rule *r = rule_new(c, ct, rn);
	struct refs rdst, rgtw, ritf, none = { 0 };
	char *text;

	none.any = true;
	none.text = "any";
	read_refs(c, rn, "RDst", OBJECT_ADDRESS, &rdst);
	read_refs(c, rn, "RGtw", OBJECT_ADDRESS, &rgtw);
	read_refs(c, rn, "RItf", OBJECT_ADDRESS, &ritf);
	apply_addresses(c, r, &none, &rdst, FAMILY_ANY, false,
	    false);
	r->action.kind = ACTION_MODIFY;
	r->action.target = intern(c->strings, "Route");
	r->action.loc = r->loc;
	r->action.options = arena_printf(c->arena, "gw=%s itf=%s",
	    rgtw.text, ritf.text);
	text = arena_printf(c->arena, "routing rule %s: dst=%s gw=%s itf=%s",
	    rule_number(c, rn, ct->rules.n), rdst.text, rgtw.text, ritf.text);
	if (r->disabled)
		text = arena_printf(c->arena, "%s (disabled)", text);
	r->text = text;
	container_append(c->policy, ct, r);
}

static enum family
ruleset_family(struct fwb_ctx *c, xmlNodePtr n)
{
	bool v4 = fwb_attr_true(c, n, "ipv4_rule_set");
	bool v6 = fwb_attr_true(c, n, "ipv6_rule_set");

	/*
	 * Neither flag (the default, and every file older than IPv6
	 * support) is "IPv4 only": fwb_ipt leaves such a rule set out of
	 * the IPv6 script.  Both is the "dual" rule set.
	 */
	if (v4 && v6)
		return FAMILY_ANY;
	return v6 ? FAMILY_IPV6 : FAMILY_IPV4;
}

static void
read_interface(struct fwb_ctx *c, xmlNodePtr n)
{
	const char *name = fwb_attr(c, n, "name");
	const char *label = fwb_attr(c, n, "label");
	const char *level = fwb_attr(c, n, "security_level");
	struct interface *ifp = arena_zalloc(c->arena, sizeof(*ifp));
	struct ivset *v4 = ivset_empty(c->arena), *v6 = ivset_empty(c->arena);
	xmlNodePtr k;

	/*
	 * One model interface per fwbuilder interface, even when several
	 * firewalls of the file have an "eth0": the first one is what
	 * policy_interface() finds by name.
	 */
	ifp->name = intern(c->strings, name != NULL ? name : "");
	ifp->loc = fwb_loc(c, n);
	ifp->zone = label != NULL && *label != '\0' ?
	    intern(c->strings, label) : NULL;
	ifp->security_level = level != NULL && *level != '\0' ?
	    atoi(level) : -1;
	ifp->untrusted = fwb_attr_true(c, n, "unprotected") ||
	    fwb_attr_true(c, n, "external");
	ifp->management = fwb_attr_true(c, n, "mgmt");
	/* addresses[0]: the IPv4 addresses, [1]: the IPv6 addresses. */
	for (k = fwb_child(n); k != NULL; k = fwb_next(k)) {
		const char *ad = fwb_attr(c, k, "address");
		struct ivset *s;

		if (ad == NULL || (!fwb_is(k, "IPv4") && !fwb_is(k, "IPv6")))
			continue;
		if ((s = addrset_parse(c->arena, FAMILY_IPV4, ad,
		    strlen(ad))) != NULL)
			v4 = ivset_union(c->arena, v4, s);
		else if ((s = addrset_parse(c->arena, FAMILY_IPV6, ad,
		    strlen(ad))) != NULL)
			v6 = ivset_union(c->arena, v6, s);
	}
	VEC_PUSH(c->arena, &ifp->addresses, v4);
	VEC_PUSH(c->arena, &ifp->addresses, v6);
	VEC_PUSH(c->arena, &c->policy->interfaces, ifp);
}

/* Firewall names are not unique in a file: "fw", "fw#2", ... */
static bool
name_taken(struct fwb_ctx *c, const char *n)
{
	size_t i, len = strlen(n);

	for (i = 0; i < c->policy->containers.n; i++) {
		const char *cn = c->policy->containers.v[i]->name;

		if (strncmp(cn, n, len) == 0 && cn[len] == '/')
			return true;
	}
	return false;
}

static const char *
unique_name(struct fwb_ctx *c, const char *name)
{
	const char *n = name;
	unsigned i = 2;

	while (name_taken(c, n))
		n = arena_printf(c->arena, "%s#%u", name, i++);
	return n;
}

static void
declare_firewall(struct fwb_ctx *c, struct fw *fw, xmlNodePtr fwn)
{
	const char *name = fwb_attr(c, fwn, "name");
	const char *platform = fwb_attr(c, fwn, "platform");
	xmlNodePtr k;
	size_t cap = 0;

	fw->name = unique_name(c, name != NULL && *name != '\0' ? name :
	    fwb_attr(c, fwn, "id") ? fwb_attr(c, fwn, "id") : "firewall");
	fw->node = fwn;
	fw->ipt = platform != NULL && strcmp(platform, "iptables") == 0;
	fw->pf = platform != NULL && strcmp(platform, "pf") == 0;
	fw->pix = platform != NULL && (strcmp(platform, "pix") == 0 ||
	    strcmp(platform, "fwsm") == 0);
	fw->in_any = opt_true(c, fwn, "FirewallOptions",
	    "firewall_is_part_of_any_and_networks");
	fw->addr4 = fw->addr6 = ivset_empty(c->arena);
	fw->self4 = fw->self6 = fw->addr4;
	for (k = fwb_child(fwn); k != NULL; k = fwb_next(k)) {
		struct ruleset *rs;
		const char *rsname = fwb_attr(c, k, "name");
		const char *rcomment = fwb_attr(c, k, "comment");

		if (fwb_is(k, "Interface")) {
			struct interface *ifp;

			read_interface(c, k);
			ifp = c->policy->interfaces.v[
			    c->policy->interfaces.n - 1];
			fw->addr4 = ivset_union(c->arena, fw->addr4,
			    ifp->addresses.v[0]);
			fw->addr6 = ivset_union(c->arena, fw->addr6,
			    ifp->addresses.v[1]);
			if (!interface_is_loopback(c, k)) {
				fw->self4 = ivset_union(c->arena, fw->self4,
				    ifp->addresses.v[0]);
				fw->self6 = ivset_union(c->arena, fw->self6,
				    ifp->addresses.v[1]);
			}
			continue;
		}
		if (!fwb_is(k, "Policy") && !fwb_is(k, "NAT") &&
		    !fwb_is(k, "Routing"))
			continue;
		if (fw->nsets == cap) {
			size_t ncap = cap ? cap * 2 : 4;

			fw->sets = arena_grow(c->arena, fw->sets,
			    cap * sizeof(*fw->sets), ncap * sizeof(*fw->sets));
			cap = ncap;
		}
		rs = &fw->sets[fw->nsets++];
		memset(rs, 0, sizeof(*rs));
		rs->id = fwb_attr(c, k, "id");
		rs->name = rsname != NULL && *rsname != '\0' ? rsname :
		    (const char *)k->name;
		rs->node = k;
		rs->container = policy_add_container(c->policy,
		    arena_printf(c->arena, "%s/%s", fw->name, rs->name), NULL,
		    ruleset_family(c, k), CONTAINER_RULESET, fwb_loc(c, k));
		rs->container->comment = rcomment != NULL && *rcomment !=
		    '\0' ? arena_strdup(c->arena, rcomment) : NULL;
	}
}

/*
 * The top rule sets of one kind: those flagged top_rule_set, else the
 * first of the kind (old files have no flag).  Returns how many.
 */
static size_t
top_sets(struct fwb_ctx *c, struct fw *fw, const char *kind,
    struct ruleset **out)
{
	size_t i, n = 0;

	for (i = 0; i < fw->nsets; i++)
		if (fwb_is(fw->sets[i].node, kind) &&
		    fwb_attr_true(c, fw->sets[i].node, "top_rule_set"))
			out[n++] = &fw->sets[i];
	for (i = 0; i < fw->nsets && n == 0; i++)
		if (fwb_is(fw->sets[i].node, kind))
			out[n++] = &fw->sets[i];
	return n;
}

/* Old per-interface policies, ahead of the main one. */
static void
read_interface_policies(struct fwb_ctx *c, struct fw *fw,
    struct container *top)
{
	xmlNodePtr k, ip, rn;

	for (k = fwb_child(fw->node); k != NULL; k = fwb_next(k)) {
		struct refs itf = { 0 };
		const char *ifname = fwb_attr(c, k, "name");
		const char *ifid = fwb_attr(c, k, "id");
		const char *prefix;

		if (!fwb_is(k, "Interface") || ifid == NULL)
			continue;
		itf.present = true;
		itf.n = 1;
		itf.ids = arena_alloc(c->arena, sizeof(*itf.ids));
		itf.locs = arena_alloc(c->arena, sizeof(*itf.locs));
		itf.ids[0] = ifid;
		itf.locs[0] = fwb_loc(c, k);
		itf.text = ifname != NULL ? ifname : ifid;
		prefix = arena_printf(c->arena, "%s ", itf.text);
		for (ip = fwb_child(k); ip != NULL; ip = fwb_next(ip)) {
			if (!fwb_is(ip, "InterfacePolicy"))
				continue;
			for (rn = fwb_child(ip); rn != NULL; rn = fwb_next(rn))
				if (fwb_is(rn, "PolicyRule"))
					read_policy_rule(c, fw, top, rn,
					    prefix, &itf, true);
		}
	}
}

/*
 * Entry points of one kind: the first top rule set is "fwb/FW" (plus
 * suffix), any other "fwb/FW/RULESET".  fwbuilder compiles an IPv4 and an
 * IPv6 top rule set for their own packets, which separate entry points
 * model exactly; several top rule sets of one family are compiled into
 * the same chains in an order this model does not know, which a note
 * says.
 */
static void
add_entries(struct fwb_ctx *c, struct fw *fw, const char *kind,
    const char *suffix)
{
	struct ruleset **tops = arena_alloc(c->arena,
	    (fw->nsets + 1) * sizeof(*tops));
	size_t n = top_sets(c, fw, kind, tops), i, j;
	const char *platform = fwb_attr(c, fw->node, "platform");
	const char *os = fwb_attr(c, fw->node, "host_OS");
	bool filters = strcmp(kind, "Policy") == 0;

	for (i = 0; i < n; i++) {
		struct container *ct = tops[i]->container;
		struct entry_point *e;
		bool mangle = filters && opt_true(c, tops[i]->node,
		    "RuleSetOptions", "mangle_only_rule_set");

		for (j = 0; j < i && !mangle; j++)
			if ((tops[j]->container->family & ct->family) &&
			    !opt_true(c, tops[j]->node, "RuleSetOptions",
			    "mangle_only_rule_set"))
				break;
		if (j < i && !mangle)
			diag_once(c->diags, DIAG_NOTE, "fwb-top-rule-sets",
			    ct->name, ct->loc, "\"%s\" and \"%s\" are both "
			    "top rule sets for the same packets: each is "
			    "analyzed as its own entry point",
			    tops[j]->container->name, ct->name);
		e = policy_add_entry(c->policy, i == 0 ?
		    arena_printf(c->arena, "fwb/%s%s", fw->name, suffix) :
		    arena_printf(c->arena, "fwb/%s%s/%s", fw->name, suffix,
		    tops[i]->name), ct);
		e->family = ct->family;
		e->table = NULL;
		e->order = ORDER_FIRST_MATCH;
		/* A mangle-only rule set marks packets, it filters none. */
		e->filters = filters && !mangle;
		if (e->filters) {
			e->hook = arena_printf(c->arena, "%s/%s",
			    platform != NULL ? platform : "",
			    os != NULL ? os : "");
			/* fwbuilder's implicit deny, said at the firewall */
			e->default_action.kind = ACTION_DROP;
			e->default_action.target = "implicit deny";
			e->default_action.loc = fwb_loc(c, fw->node);
			e->default_loc = fwb_loc(c, fw->node);
		} else {
			e->hook = mangle ? "mangle" : suffix + 1;
			e->default_action.kind = ACTION_NONE;
			e->default_action.target = NULL;
			e->default_loc = ct->loc;
		}
	}
	if (filters && n > 0)
		read_interface_policies(c, fw, tops[0]->container);
}

/*
 * A rule set some Branch jumps to is compiled as a chain of its own, even
 * when it is also its firewall's top rule set (the "inherit rules from a
 * template firewall" idiom).
 */
static void
mark_branch_targets(struct fwb_ctx *c, struct fw *fw)
{
	size_t i, k, j;
	xmlNodePtr rn;

	for (i = 0; i < fw->nsets; i++)
		for (rn = fwb_child(fw->sets[i].node); rn != NULL;
		    rn = fwb_next(rn)) {
			const char *act = fwb_attr(c, rn, "action");
			const char *id;

			if (!fwb_is(rn, "PolicyRule") || act == NULL ||
			    strcmp(act, "Branch") != 0 ||
			    (id = opt(c, rn, "PolicyRuleOptions",
			    "branch_id")) == NULL)
				continue;
			for (k = 0; k < fw->all->n; k++)
				for (j = 0; j < fw->all->v[k].nsets; j++) {
					struct ruleset *t =
					    &fw->all->v[k].sets[j];

					if (t->id != NULL &&
					    strcmp(t->id, id) == 0)
						t->branched = true;
				}
		}
}

static void
fill_firewall(struct fwb_ctx *c, struct fw *fw)
{
	const char *comment = fwb_attr(c, fw->node, "comment");
	struct ruleset **top = arena_alloc(c->arena,
	    (fw->nsets + 1) * sizeof(*top));
	xmlNodePtr rn;
	size_t i, k, ntop;

	add_entries(c, fw, "Policy", "");
	add_entries(c, fw, "NAT", "/nat");
	add_entries(c, fw, "Routing", "/routing");
	ntop = top_sets(c, fw, "Policy", top);
	for (i = 0; i < fw->nsets; i++) {
		struct ruleset *rs = &fw->sets[i];
		bool is_top = false;

		for (k = 0; k < ntop; k++)
			if (top[k] == rs && !rs->branched)
				is_top = true;
		for (rn = fwb_child(rs->node); rn != NULL; rn = fwb_next(rn))
			if (fwb_is(rn, "PolicyRule"))
				read_policy_rule(c, fw, rs->container, rn,
				    "", NULL, is_top);
			else if (fwb_is(rn, "NATRule"))
				read_nat_rule(c, fw, rs->container, rn);
			else if (fwb_is(rn, "RoutingRule"))
				read_routing_rule(c, rs->container, rn);
	}
	if (comment != NULL && *comment != '\0' &&
	    top_sets(c, fw, "Policy", top) > 0 &&
	    top[0]->container->comment == NULL)
		top[0]->container->comment = arena_strdup(c->arena, comment);
}

static void
collect_firewalls(struct fwb_ctx *c, xmlNodePtr n, struct fw_all *all)
{
	for (; n != NULL; n = fwb_next(n)) {
		const char *id = fwb_attr(c, n, "id");

		if (fwb_is(n, "Library") && id != NULL &&
		    strcmp(id, "sysid99") == 0)
			continue;	/* deleted objects */
		if (fwb_is(n, "Firewall") || fwb_is(n, "Cluster")) {
			struct fw fw = { 0 };

			fw.all = all;
			declare_firewall(c, &fw, n);
			VEC_PUSH(c->arena, all, fw);
			continue;
		}
		collect_firewalls(c, fwb_child(n), all);
	}
}

/*
 * Two passes: every rule set of every firewall first, since a branch may
 * name a rule set of another firewall (fwbuilder's "inherit rules from a
 * template firewall" idiom).
 */
void
fwb_read_firewalls(struct fwb_ctx *c, xmlNodePtr root)
{
	struct fw_all *all = arena_zalloc(c->arena, sizeof(*all));
	size_t i;

	collect_firewalls(c, root, all);
	for (i = 0; i < all->n; i++)
		mark_branch_targets(c, &all->v[i]);
	for (i = 0; i < all->n; i++)
		fill_firewall(c, &all->v[i]);
}
