/*
 * asa_cmd.c - the commands of a PIX/ASA configuration other than
 * access-list entries: interfaces, names, objects and object-groups,
 * access-group bindings, management access, NAT, and the commands the model
 * does not need (skipped by command word).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

static struct asa_word *
word(struct asa_state *st, size_t i)
{
	return i < st->nwords ? &st->words[i] : NULL;
}

static bool
word_is(struct asa_state *st, size_t i, const char *s)
{
	return i < st->nwords && strcmp(st->words[i].s, s) == 0;
}

/* The word at i, or an error naming what was expected after word i-1. */
static struct asa_word *
need(struct asa_state *st, size_t i, const char *what)
{
	if (i < st->nwords)
		return &st->words[i];
	asa_err(st, asa_word_loc(st, &st->words[st->nwords - 1]),
	    "expected %s after \"%s\"", what, st->words[st->nwords - 1].s);
	return NULL;
}

static void
trailing(struct asa_state *st, size_t i)
{
	if (i < st->nwords)
		asa_err(st, asa_word_loc(st, &st->words[i]),
		    "unexpected \"%s\"", st->words[i].s);
}

/* A match holding one term: the value of a leaf object. */
static struct match *
value_new(struct asa_state *st)
{
	struct match *m = arena_alloc(st->arena, sizeof(*m));

	match_init(m, FAMILY_NONE);
	return m;
}

/* A member that is no named object: "network-object host A". */
static struct object *
anon_member(struct asa_state *st, struct object *group, struct match *v,
    enum asa_objtype type)
{
	struct object *o = arena_zalloc(st->arena, sizeof(*o));
	struct asa_obj *x;

	o->name = intern(st->strings, asa_line_text(st));
	o->kind = type == OT_NETWORK ? OBJECT_ADDRESS : OBJECT_SERVICE;
	o->loc = asa_line_loc(st);
	o->defined = true;
	o->value = v;
	o->references = 1;
	x = asa_obj_aux(st, o);
	x->type = type;
	x->resolved = true;
	VEC_PUSH(st->arena, &group->members, o);
	return o;
}

static void
set_addr_value(struct match *v, enum family fam, const struct ivset *s)
{
	v->family = (enum family)(v->family | fam);
	v->field[fam == FAMILY_IPV4 ? FIELD_SRC4 : FIELD_SRC6] = s;
}

/* The value of an address term written with literals only. */
static struct match *
term_value(struct asa_state *st, const struct asa_term *t)
{
	struct match *v = value_new(st);

	if (t->any) {
		if (t->fam & FAMILY_IPV4)
			set_addr_value(v, FAMILY_IPV4, ivset_range(st->arena,
			    u128_from64(0), family_max(FAMILY_IPV4)));
		if (t->fam & FAMILY_IPV6)
			set_addr_value(v, FAMILY_IPV6, ivset_range(st->arena,
			    u128_from64(0), family_max(FAMILY_IPV6)));
	} else if (t->set != NULL && !t->masked) {
		set_addr_value(v, t->fam, t->set);
	}
	return v;
}

/*
 * Open the definition of an object or group.  A name referenced earlier
 * was created undefined; its definition completes it.  Re-entering a
 * block (object NAT is written as a second "object network" block) adds
 * to the definition.
 */
static struct object *
define(struct asa_state *st, size_t i, enum object_kind kind,
    enum asa_objtype type, enum asa_block block)
{
	struct asa_word *n = need(st, i, "a name");
	struct object *o;
	struct asa_obj *x;

	if (n == NULL)
		return NULL;
	o = policy_object(st->policy, n->s, kind, true);
	x = asa_obj_aux(st, o);
	if (o->defined && x->type != type && x->type != OT_UNKNOWN &&
	    !x->is_name) {
		asa_err(st, asa_word_loc(st, n), "\"%s\" is already defined "
		    "as another kind of object", n->s);
		return NULL;
	}
	if (!o->defined) {
		o->loc = asa_word_loc(st, n);
		o->defined = true;
	}
	o->kind = kind;
	x->type = type;
	x->is_name = false;
	st->block = block;
	st->block_obj = o;
	st->block_aux = x;
	return o;
}

/* description TEXT, inside any object block. */
static bool
description(struct asa_state *st)
{
	if (!word_is(st, 0, "description"))
		return false;
	if (st->block_obj != NULL) {
		const char *t = asa_rest(st, 1);

		st->block_obj->comment = st->block_obj->comment == NULL ? t :
		    arena_printf(st->arena, "%s\n%s", st->block_obj->comment,
		    t);
	}
	return true;
}

/*
 * A service: PROTO [source OP P] [destination OP P], "icmp [TYPE
 * [CODE]]", "tcp-udp ...".  An operator without "source" or
 * "destination" is a destination (service-object tcp eq www).
 */
static int
parse_service(struct asa_state *st, size_t i, struct match *v)
{
	struct asa_cursor c = { st, st->words, st->nwords, i };
	struct asa_word *w = need(st, i, "a protocol");
	struct arena *a = st->arena;
	unsigned proto;
	bool ports = false;

	if (w == NULL)
		return -1;
	c.i++;
	if (strcmp(w->s, "tcp-udp") == 0) {
		v->field[FIELD_PROTO] = ivset_union(a,
		    ivset_single(a, u128_from64(6)),
		    ivset_single(a, u128_from64(17)));
		ports = true;
	} else if (strcmp(w->s, "ip") == 0) {
		/* every protocol */
	} else if (asa_proto_parse(w->s, &proto)) {
		v->field[FIELD_PROTO] = ivset_single(a, u128_from64(proto));
		ports = proto == 6 || proto == 17 || proto == 132;
		if ((proto == 1 || proto == 58) && c.i < c.n) {
			struct asa_term t;

			if (asa_parse_icmp(&c, proto == 1 ? FAMILY_IPV4 :
			    FAMILY_IPV6, &t) < 0)
				return -1;
			if (!t.any)
				v->field[FIELD_ICMP] = t.set;
		}
	} else if (w->s[0] >= '0' && w->s[0] <= '9') {
		asa_err(st, asa_word_loc(st, w), "invalid protocol \"%s\"",
		    w->s);
		return -1;
	} else {
		asa_warn(st, asa_word_loc(st, w), "unknown protocol \"%s\": "
		    "the service is kept opaque", w->s);
		match_add_opaque(a, v, "protocol", w->s, asa_word_loc(st, w),
		    false);
		ports = true;
	}
	while (c.i < c.n) {
		struct asa_word *k = &c.w[c.i];
		struct asa_term t;
		enum field f = FIELD_DPORT;

		if (!ports) {
			asa_err(st, asa_word_loc(st, k), "unexpected \"%s\": "
			    "protocol \"%s\" has no ports", k->s, w->s);
			return -1;
		}
		if (strcmp(k->s, "source") == 0 ||
		    strcmp(k->s, "destination") == 0) {
			f = k->s[0] == 's' ? FIELD_SPORT : FIELD_DPORT;
			c.i++;
		}
		if (asa_parse_port_op(&c, &t) < 0)
			return -1;
		if (t.unknown != NULL)
			match_add_opaque(a, v, "port", t.unknown, t.loc, false);
		else
			v->field[f] = t.set;
	}
	return 0;
}

static void
group_member_ref(struct asa_state *st, struct object *g, size_t i,
    enum object_kind kind)
{
	struct asa_word *n = need(st, i, "a name");
	struct object *m;

	if (n == NULL)
		return;
	m = asa_obj_ref(st, n->s, kind, asa_word_loc(st, n));
	if (m == g) {
		asa_err(st, asa_word_loc(st, n), "group \"%s\" cannot contain "
		    "itself", n->s);
		return;
	}
	VEC_PUSH(st->arena, &g->members, m);
	trailing(st, i + 1);
}

static void
network_member(struct asa_state *st, size_t i, bool group)
{
	struct asa_cursor c = { st, st->words, st->nwords, i };
	struct asa_term t;
	struct object *o = st->block_obj;

	if (word_is(st, i, "object")) {
		group_member_ref(st, o, i + 1, OBJECT_ADDRESS);
		return;
	}
	if (asa_parse_addr(&c, &t, true) < 0)
		return;
	trailing(st, c.i);
	if (t.obj != NULL && !t.masked) {
		VEC_PUSH(st->arena, &o->members, t.obj);
		return;
	}
	if (t.masked) {
		/* NAME MASK: a member resolved with the name at the end. */
		struct object *m = anon_member(st, o, value_new(st),
		    OT_NETWORK);
		struct asa_obj *x = asa_obj_aux(st, m);

		x->resolved = false;
		m->members.n = 0;
		VEC_PUSH(st->arena, &m->members, t.obj);
		m->value->field[FIELD_SRC4] = t.set;	/* the mask */
		x->is_name = true;
		return;
	}
	if (t.iface != NULL || t.any) {
		asa_err(st, t.loc, "expected a host or a network");
		return;
	}
	if (group)
		anon_member(st, o, term_value(st, &t), OT_NETWORK);
}

static void
obj_network_sub(struct asa_state *st)
{
	struct object *o = st->block_obj;
	const char *w0 = st->words[0].s;
	struct asa_cursor c = { st, st->words, st->nwords, 1 };
	struct asa_word *a, *b;
	struct u128 lo, hi;

	if (strcmp(w0, "host") == 0 || strcmp(w0, "subnet") == 0) {
		struct asa_term t;

		c.i = strcmp(w0, "host") == 0 ? 0 : 1;
		if (asa_parse_addr(&c, &t, true) < 0)
			return;
		trailing(st, c.i);
		if (t.obj != NULL || t.any || t.iface != NULL ||
		    t.set == NULL) {
			asa_err(st, t.loc, "expected an address");
			return;
		}
		o->value = term_value(st, &t);
	} else if (strcmp(w0, "range") == 0) {
		if ((a = need(st, 1, "an address")) == NULL ||
		    (b = need(st, 2, "an address")) == NULL)
			return;
		enum family f = strchr(a->s, ':') ? FAMILY_IPV6 : FAMILY_IPV4;

		if (!addr_parse(f, a->s, a->len, &lo)) {
			asa_err(st, asa_word_loc(st, a), "invalid address "
			    "\"%s\"", a->s);
			return;
		}
		if (!addr_parse(f, b->s, b->len, &hi) || u128_cmp(hi, lo) < 0) {
			asa_err(st, asa_word_loc(st, b), "invalid end of range "
			    "\"%s\"", b->s);
			return;
		}
		trailing(st, 3);
		o->value = value_new(st);
		set_addr_value(o->value, f, ivset_range(st->arena, lo, hi));
	} else if (strcmp(w0, "fqdn") == 0) {
		if (need(st, 1, "a domain name") == NULL)
			return;
		o->value = value_new(st);
		o->value->family = FAMILY_ANY;
		match_add_opaque(st->arena, o->value, "fqdn",
		    asa_rest(st, 1), asa_line_loc(st), false);
	} else if (strcmp(w0, "nat") == 0) {
		asa_nat(st, 0, o);
	} else if (!description(st)) {
		asa_note_once(st, w0, asa_word_loc(st, &st->words[0]),
		    "\"%s\" in object network ignored", w0);
	}
}

static void
obj_service_sub(struct asa_state *st)
{
	struct object *o = st->block_obj;

	if (word_is(st, 0, "service")) {
		struct match *v = value_new(st);

		v->family = FAMILY_ANY;
		if (parse_service(st, 1, v) == 0)
			o->value = v;
	} else if (!description(st)) {
		asa_note_once(st, st->words[0].s, asa_word_loc(st,
		    &st->words[0]), "\"%s\" in object service ignored",
		    st->words[0].s);
	}
}

static void
og_sub(struct asa_state *st)
{
	struct object *g = st->block_obj;
	const char *w0 = st->words[0].s;

	if (description(st))
		return;
	if (strcmp(w0, "group-object") == 0) {
		group_member_ref(st, g, 1, OBJECT_GROUP);
		return;
	}
	switch (st->block) {
	case BLOCK_OG_NETWORK:
		if (strcmp(w0, "network-object") == 0) {
			network_member(st, 1, true);
			return;
		}
		break;
	case BLOCK_OG_SERVICE:
		if (strcmp(w0, "port-object") == 0 &&
		    st->block_aux->type == OT_PORT) {
			struct asa_cursor c = { st, st->words, st->nwords, 1 };
			struct asa_term t;
			struct match *v;

			if (asa_parse_port_op(&c, &t) < 0)
				return;
			trailing(st, c.i);
			v = value_new(st);
			v->family = FAMILY_ANY;
			if (t.unknown != NULL)
				match_add_opaque(st->arena, v, "port",
				    t.unknown, t.loc, false);
			else
				v->field[FIELD_DPORT] = t.set;
			anon_member(st, g, v, OT_PORT);
			return;
		}
		if (strcmp(w0, "service-object") == 0) {
			struct match *v;

			if (word_is(st, 1, "object")) {
				group_member_ref(st, g, 2, OBJECT_SERVICE);
				return;
			}
			v = value_new(st);
			v->family = FAMILY_ANY;
			if (parse_service(st, 1, v) == 0)
				anon_member(st, g, v, OT_SERVICE);
			return;
		}
		break;
	case BLOCK_OG_PROTOCOL:
		if (strcmp(w0, "protocol-object") == 0) {
			struct asa_word *p = need(st, 1, "a protocol");
			struct match *v;
			unsigned proto;

			if (p == NULL)
				return;
			if (strcmp(p->s, "object") == 0) {
				group_member_ref(st, g, 2, OBJECT_SERVICE);
				return;
			}
			v = value_new(st);
			v->family = FAMILY_ANY;
			if (strcmp(p->s, "ip") != 0) {
				if (!asa_proto_parse(p->s, &proto)) {
					asa_err(st, asa_word_loc(st, p),
					    "invalid protocol \"%s\"", p->s);
					return;
				}
				v->field[FIELD_PROTO] = ivset_single(st->arena,
				    u128_from64(proto));
			}
			trailing(st, 2);
			anon_member(st, g, v, OT_PROTOCOL);
			return;
		}
		break;
	case BLOCK_OG_ICMP:
		if (strcmp(w0, "icmp-object") == 0) {
			struct asa_cursor c = { st, st->words, st->nwords, 1 };
			struct asa_term t;
			struct match *v;

			if (asa_parse_icmp(&c, FAMILY_IPV4, &t) < 0)
				return;
			trailing(st, c.i);
			v = value_new(st);
			v->family = FAMILY_ANY;
			if (!t.any)
				v->field[FIELD_ICMP] = t.set;
			anon_member(st, g, v, OT_ICMP);
			return;
		}
		break;
	default:
		break;
	}
	asa_err(st, asa_word_loc(st, &st->words[0]), "\"%s\" does not belong "
	    "in this object-group", w0);
}

static void
object_cmd(struct asa_state *st)
{
	struct asa_word *t = need(st, 1, "\"network\" or \"service\"");

	if (t == NULL)
		return;
	if (strcmp(t->s, "network") == 0)
		define(st, 2, OBJECT_ADDRESS, OT_NETWORK, BLOCK_OBJ_NETWORK);
	else if (strcmp(t->s, "service") == 0)
		define(st, 2, OBJECT_SERVICE, OT_SERVICE, BLOCK_OBJ_SERVICE);
	else
		asa_err(st, asa_word_loc(st, t), "expected \"network\" or "
		    "\"service\", not \"%s\"", t->s);
}

static void
object_group_cmd(struct asa_state *st)
{
	struct asa_word *t = need(st, 1, "an object-group type");
	struct object *g;
	size_t o = 0;

	if (t == NULL)
		return;
	if (strcmp(t->s, "group") == 0 && st->nwords > 3) {
		/* "object-group group TYPE NAME": batfish's spelling of a
		   group of groups; the same thing. */
		o = 1;
		t = &st->words[2];
	}
	if (strcmp(t->s, "network") == 0) {
		define(st, 2 + o, OBJECT_GROUP, OT_NETWORK, BLOCK_OG_NETWORK);
	} else if (strcmp(t->s, "service") == 0) {
		struct asa_word *p = word(st, 3 + o);

		if (p != NULL && strcmp(p->s, "tcp") != 0 &&
		    strcmp(p->s, "udp") != 0 && strcmp(p->s, "tcp-udp") != 0) {
			asa_err(st, asa_word_loc(st, p), "expected \"tcp\", "
			    "\"udp\" or \"tcp-udp\", not \"%s\"", p->s);
			return;
		}
		g = define(st, 2 + o, OBJECT_GROUP, p != NULL ? OT_PORT :
		    OT_SERVICE, BLOCK_OG_SERVICE);
		if (g != NULL && p != NULL)
			st->block_aux->proto_word = intern(st->strings, p->s);
	} else if (strcmp(t->s, "protocol") == 0) {
		define(st, 2 + o, OBJECT_GROUP, OT_PROTOCOL, BLOCK_OG_PROTOCOL);
	} else if (strcmp(t->s, "icmp-type") == 0) {
		define(st, 2 + o, OBJECT_GROUP, OT_ICMP, BLOCK_OG_ICMP);
	} else {
		/* user, security, network-service...: not in the model. */
		asa_note_once(st, "object-group", asa_word_loc(st, t),
		    "object-group %s ignored", t->s);
	}
}

/* "name A NAME [description ...]": a name for an address (names). */
static void
name_cmd(struct asa_state *st)
{
	struct asa_word *a = need(st, 1, "an address"), *n;
	struct object *o;
	struct asa_obj *x;
	struct u128 v;
	enum family f;

	if (a == NULL || (n = need(st, 2, "a name")) == NULL)
		return;
	f = strchr(a->s, ':') != NULL ? FAMILY_IPV6 : FAMILY_IPV4;
	if (!addr_parse(f, a->s, a->len, &v)) {
		asa_err(st, asa_word_loc(st, a), "invalid address \"%s\"",
		    a->s);
		return;
	}
	o = policy_object(st->policy, n->s, OBJECT_ADDRESS, true);
	x = asa_obj_aux(st, o);
	if (!o->defined) {
		o->defined = true;
		o->loc = asa_word_loc(st, n);
	}
	o->kind = OBJECT_ADDRESS;
	x->type = OT_NETWORK;
	x->is_name = true;
	x->resolved = true;
	o->value = value_new(st);
	set_addr_value(o->value, f, ivset_single(st->arena, v));
	if (word_is(st, 3, "description"))
		o->comment = asa_rest(st, 4);
}

/* Interfaces: ASA 7+ blocks and PIX 6 "nameif HW NAME securityN". */
static bool
parse_level(const char *s, int *level)
{
	unsigned long v;

	if (strncmp(s, "security", 8) == 0)
		s += 8;
	if (!asa_number(s, 100, &v))
		return false;
	*level = (int)v;
	return true;
}

/*
 * An interface's own addresses: addresses.v[0] holds the IPv4 ones,
 * addresses.v[1] (when present) the IPv6 ones.
 */
static void
iface_add_addr(struct asa_state *st, struct interface *ifp, enum family f,
    const struct ivset *s)
{
	size_t k = f == FAMILY_IPV6 ? 1 : 0;

	while (ifp->addresses.n <= k)
		VEC_PUSH(st->arena, &ifp->addresses, ivset_empty(st->arena));
	ifp->addresses.v[k] = ivset_union(st->arena, ifp->addresses.v[k], s);
}

static struct interface *
iface_commit(struct asa_state *st, const char *nameif, struct loc loc,
    int level)
{
	struct interface *ifp = policy_interface(st->policy, nameif, true);

	if (ifp->loc.file == NULL)
		ifp->loc = loc;
	ifp->zone = ifp->name;
	if (level >= 0)
		ifp->security_level = level;
	ifp->untrusted = ifp->security_level == 0 ||
	    strcasecmp(ifp->name, "outside") == 0;
	return ifp;
}

/*
 * An own address that the file does not give (a DHCP or PPPoE lease, an
 * IPv6 autoconfiguration): traffic to it cannot be told from traffic
 * through the device (asa_own_finish says so).
 */
static void
own_unknown(struct asa_state *st, struct interface *ifp,
    struct asa_iface_block *b, enum family f, const struct asa_word *w)
{
	size_t k = f == FAMILY_IPV6 ? 1 : 0;

	if (ifp != NULL) {
		struct asa_unknown_addr u;

		u.ifname = ifp->name;
		u.fam = f;
		u.why = intern(st->strings, w->s);
		u.loc = asa_word_loc(st, w);
		VEC_PUSH(st->arena, &st->own_unknown, u);
	} else if (b->addr_unknown[k] == NULL) {
		b->addr_unknown[k] = intern(st->strings, w->s);
		b->addr_unknown_loc[k] = asa_word_loc(st, w);
	}
}

/* ip address A M [standby B] | dhcp | pppoe: the interface's own ones. */
static int
ip_address(struct asa_state *st, size_t i, struct interface *ifp,
    struct asa_iface_block *b)
{
	struct asa_word *a = need(st, i, "an address or \"dhcp\""), *m;
	struct u128 v, mv;
	size_t k;

	if (a == NULL)
		return -1;
	if (strcmp(a->s, "dhcp") == 0 || strcmp(a->s, "pppoe") == 0) {
		own_unknown(st, ifp, b, FAMILY_IPV4, a);
		return 0;
	}
	if (!addr_parse(FAMILY_IPV4, a->s, a->len, &v)) {
		/* A name from "names": its address, when it is known. */
		struct object *o = policy_object(st->policy, a->s,
		    OBJECT_ADDRESS, false);

		if ((a->s[0] >= '0' && a->s[0] <= '9') || o == NULL ||
		    o->value == NULL || o->value->field[FIELD_SRC4] == NULL) {
			asa_err(st, asa_word_loc(st, a), "invalid address "
			    "\"%s\"", a->s);
			return -1;
		}
		o->references++;
		if (ifp != NULL)
			iface_add_addr(st, ifp, FAMILY_IPV4,
			    o->value->field[FIELD_SRC4]);
		else {
			VEC_PUSH(st->arena, &b->addrs,
			    o->value->field[FIELD_SRC4]);
			VEC_PUSH(st->arena, &b->fams, FAMILY_IPV4);
		}
		return 0;
	}
	if ((m = need(st, i + 1, "a netmask")) == NULL)
		return -1;
	if (!addr_parse(FAMILY_IPV4, m->s, m->len, &mv)) {
		asa_err(st, asa_word_loc(st, m), "invalid netmask \"%s\"",
		    m->s);
		return -1;
	}
	for (k = i; k < st->nwords; k++) {
		const struct ivset *s;

		if (k != i && !(k > i + 1 && word_is(st, k - 1, "standby")))
			continue;
		if (!addr_parse(FAMILY_IPV4, st->words[k].s, st->words[k].len,
		    &v)) {
			asa_err(st, asa_word_loc(st, &st->words[k]),
			    "invalid address \"%s\"", st->words[k].s);
			return -1;
		}
		s = ivset_single(st->arena, v);
		if (ifp != NULL) {
			iface_add_addr(st, ifp, FAMILY_IPV4, s);
		} else {
			VEC_PUSH(st->arena, &b->addrs, s);
			VEC_PUSH(st->arena, &b->fams, FAMILY_IPV4);
		}
	}
	return 0;
}

static void
interface_sub(struct asa_state *st)
{
	struct asa_iface_block *b = &st->ifb;
	const char *w0 = st->words[0].s;

	if (strcmp(w0, "nameif") == 0) {
		struct asa_word *n = need(st, 1, "a name");

		if (n == NULL)
			return;
		b->nameif = intern(st->strings, n->s);
		b->nameif_loc = asa_word_loc(st, n);
		b->nameif_line = asa_line_loc(st);
		trailing(st, 2);
	} else if (strcmp(w0, "security-level") == 0) {
		struct asa_word *n = need(st, 1, "a level (0-100)");

		if (n == NULL)
			return;
		if (!parse_level(n->s, &b->level) || n->s[0] == 's') {
			asa_err(st, asa_word_loc(st, n), "invalid security "
			    "level \"%s\" (0-100)", n->s);
			return;
		}
		b->level_loc = asa_line_loc(st);
		b->level_set = true;
		trailing(st, 2);
	} else if (strcmp(w0, "ip") == 0 && word_is(st, 1, "address")) {
		(void)ip_address(st, 2, NULL, b);
	} else if (strcmp(w0, "ipv6") == 0 && word_is(st, 1, "address")) {
		struct asa_word *a = need(st, 2, "an IPv6 address");
		const struct ivset *s;
		char buf[64];
		const char *slash;
		size_t len;

		if (a == NULL)
			return;
		if (strcmp(a->s, "autoconfig") == 0) {
			own_unknown(st, NULL, b, FAMILY_IPV6, a);
			return;
		}
		/* PREFIX/LEN eui-64: the rest comes from the MAC address. */
		for (size_t k = 3; k < st->nwords; k++)
			if (word_is(st, k, "eui-64")) {
				own_unknown(st, NULL, b, FAMILY_IPV6,
				    &st->words[k]);
				return;
			}
		slash = strchr(a->s, '/');
		len = slash != NULL ? (size_t)(slash - a->s) : a->len;
		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, a->s, len);
		buf[len] = '\0';
		s = addrset_parse(st->arena, FAMILY_IPV6, buf, len);
		if (s == NULL) {
			asa_err(st, asa_word_loc(st, a), "invalid IPv6 address "
			    "\"%s\"", a->s);
			return;
		}
		VEC_PUSH(st->arena, &b->addrs, s);
		VEC_PUSH(st->arena, &b->fams, FAMILY_IPV6);
		/* ... standby ADDR: the failover peer's, its own too. */
		for (size_t k = 3; k + 1 < st->nwords; k++) {
			const struct asa_word *sw = &st->words[k + 1];

			if (!word_is(st, k, "standby"))
				continue;
			s = addrset_parse(st->arena, FAMILY_IPV6, sw->s,
			    sw->len);
			if (s == NULL) {
				asa_err(st, asa_word_loc(st, sw), "invalid "
				    "IPv6 address \"%s\"", sw->s);
				return;
			}
			VEC_PUSH(st->arena, &b->addrs, s);
			VEC_PUSH(st->arena, &b->fams, FAMILY_IPV6);
		}
	} else if (strcmp(w0, "shutdown") == 0) {
		b->shutdown = true;
	} else if (strcmp(w0, "management-only") == 0) {
		b->management_only = true;
	}
	/* description, speed, duplex, vlan, mtu...: nothing to model. */
}

void
asa_block_end(struct asa_state *st)
{
	struct asa_iface_block *b = &st->ifb;

	if (st->block == BLOCK_INTERFACE && b->open && b->nameif != NULL) {
		struct interface *ifp = iface_commit(st, b->nameif,
		    b->nameif_loc, b->level);

		for (size_t k = 0; k < b->addrs.n; k++)
			iface_add_addr(st, ifp, b->fams.v[k], b->addrs.v[k]);
		for (size_t k = 0; k < 2; k++)
			if (b->addr_unknown[k] != NULL) {
				struct asa_unknown_addr u;

				u.ifname = ifp->name;
				u.fam = k == 0 ? FAMILY_IPV4 : FAMILY_IPV6;
				u.why = b->addr_unknown[k];
				u.loc = b->addr_unknown_loc[k];
				VEC_PUSH(st->arena, &st->own_unknown, u);
			}
		asa_ifinfo_set(st, ifp->name, b->level_set ? b->level_loc :
		    b->nameif_line, b->level_set, b->shutdown,
		    b->management_only);
		if (b->hwname != NULL)
			asa_map_put(st->arena, &st->hwifs, b->hwname,
			    (void *)b->nameif);
	}
	memset(b, 0, sizeof(*b));
	st->block = BLOCK_NONE;
	st->block_obj = NULL;
	st->block_aux = NULL;
}

static void
access_group(struct asa_state *st)
{
	struct asa_word *n = need(st, 1, "an access-list name"), *d, *i;
	struct asa_group_binding g;

	if (n == NULL || (d = need(st, 2, "\"in\", \"out\" or \"global\"")) ==
	    NULL)
		return;
	memset(&g, 0, sizeof(g));
	g.loc = asa_line_loc(st);
	if (strcmp(d->s, "global") == 0) {
		trailing(st, 3);
	} else if (strcmp(d->s, "in") == 0 || strcmp(d->s, "out") == 0) {
		g.out = d->s[0] == 'o';
		if (need(st, 3, "\"interface\"") == NULL)
			return;
		if (!word_is(st, 3, "interface")) {
			asa_err(st, asa_word_loc(st, &st->words[3]),
			    "expected \"interface\", not \"%s\"",
			    st->words[3].s);
			return;
		}
		if ((i = need(st, 4, "an interface name")) == NULL)
			return;
		g.ifname = intern(st->strings, i->s);
		for (size_t k = 5; k < st->nwords; k++) {
			if (word_is(st, k, "control-plane") && !g.out) {
				g.control_plane = true;
				continue;
			}
			if (!word_is(st, k, "per-user-override")) {
				trailing(st, k);
				return;
			}
		}
	} else {
		asa_err(st, asa_word_loc(st, d), "expected \"in\", \"out\" or "
		    "\"global\", not \"%s\"", d->s);
		return;
	}
	g.acl = asa_acl_get(st, n->s, asa_word_loc(st, n), true);
	VEC_PUSH(st->arena, &st->bindings, g);
}

/*
 * Management access to the device itself, kept as rules of the container
 * "management" (entry point "asa/management"): telnet, ssh and http lines
 * permit TCP 23, 22 and 443 (or the "http server enable" port) from an
 * address on an interface; "snmp-server host IF A" permits SNMP polls.
 * An "http" line does nothing without "http server enable": such rules are
 * disabled at the end of the file.
 */
static struct rule *
mgmt_rule(struct asa_state *st, size_t addr_i, const char *ifname,
    unsigned proto, unsigned port)
{
	struct asa_cursor c = { st, st->words, st->nwords, addr_i };
	struct asa_pending *pe = arena_zalloc(st->arena, sizeof(*pe));
	struct rule *r = arena_zalloc(st->arena, sizeof(*r));

	if (asa_parse_addr(&c, &pe->src, strchr(st->words[addr_i].s, '/') ==
	    NULL && strcmp(st->words[addr_i].s, "host") != 0) < 0)
		return NULL;
	r->loc = asa_line_loc(st);
	r->text = asa_line_text(st);
	match_init(&r->match, FAMILY_ANY);
	r->action.kind = ACTION_ACCEPT;
	r->action.target = "permit";
	r->action.loc = r->loc;
	pe->rule = r;
	pe->fam = FAMILY_ANY;
	pe->proto.present = true;
	pe->proto.set = ivset_single(st->arena, u128_from64(proto));
	pe->ports_ok = true;
	pe->dport.present = true;
	pe->dport.set = ivset_single(st->arena, u128_from64(port));
	pe->in_if = intern(st->strings, ifname);
	VEC_PUSH(st->arena, &st->pending, pe);
	if (st->mgmt == NULL)
		st->mgmt = policy_add_container(st->policy, "management", NULL,
		    FAMILY_ANY, CONTAINER_RULESET, asa_line_loc(st));
	container_append(st->policy, st->mgmt, r);
	return r;
}

static void
mgmt_note(struct asa_state *st, const char *text)
{
	st->mgmt_notes = st->mgmt_notes == NULL ? text :
	    arena_printf(st->arena, "%s\n%s", st->mgmt_notes, text);
}

/* telnet|ssh|http ADDR MASK IF, or ADDR6/LEN IF; else a setting. */
static void
mgmt_cmd(struct asa_state *st, unsigned port)
{
	struct asa_cursor c = { st, st->words, st->nwords, 1 };
	struct asa_word *w1 = word(st, 1);
	struct u128 v;

	if (w1 == NULL)
		return;
	if (addr_parse(FAMILY_IPV4, w1->s, w1->len, &v) ||
	    strchr(w1->s, ':') != NULL) {
		size_t ifi = strchr(w1->s, ':') != NULL ? 2 : 3;
		struct asa_word *ifw = need(st, ifi, "an interface name");
		struct rule *r;

		if (ifw == NULL)
			return;
		if (ifi == 3 && !addr_parse(FAMILY_IPV4, st->words[2].s,
		    st->words[2].len, &v)) {
			asa_err(st, asa_word_loc(st, &st->words[2]),
			    "expected a netmask, not \"%s\"", st->words[2].s);
			return;
		}
		(void)c;
		r = mgmt_rule(st, 1, ifw->s, 6, port);
		if (r != NULL && port == 443)
			VEC_PUSH(st->arena, &st->http_rules, r);
		trailing(st, ifi + 1);
		return;
	}
	if (port == 22 && strcmp(w1->s, "version") == 0) {
		struct asa_word *n = need(st, 2, "1 or 2");
		unsigned long ver;

		if (n == NULL)
			return;
		if (!asa_number(n->s, 2, &ver) || ver == 0) {
			asa_err(st, asa_word_loc(st, n), "invalid ssh version "
			    "\"%s\" (1 or 2)", n->s);
			return;
		}
		st->ssh_version = (int)ver;
		mgmt_note(st, asa_line_text(st));
		return;
	}
	if (port == 443 && strcmp(w1->s, "server") == 0 &&
	    word_is(st, 2, "enable")) {
		unsigned long p;

		st->http_server = true;
		if (word(st, 3) != NULL) {
			if (!asa_number(st->words[3].s, 65535, &p) || p == 0) {
				asa_err(st, asa_word_loc(st, &st->words[3]),
				    "invalid port \"%s\"", st->words[3].s);
				return;
			}
			st->http_port = (unsigned)p;
		}
		return;
	}
	/* timeout, key-exchange, cipher, redirect...: settings. */
}

/* snmp-server host IF ADDR [...] [poll|trap]; community; the rest skipped. */
static void
snmp_cmd(struct asa_state *st)
{
	if (word_is(st, 1, "host")) {
		struct asa_word *ifw = need(st, 2, "an interface name"), *a;
		bool trap_only = false;

		if (ifw == NULL || (a = need(st, 3, "an address")) == NULL)
			return;
		for (size_t k = 4; k < st->nwords; k++)
			if (word_is(st, k, "trap"))
				trap_only = true;
		if (strchr(ifw->s, '/') != NULL) {
			/* "snmp-server host inside/10.0.0.1" is not valid */
			asa_err(st, asa_word_loc(st, ifw), "invalid interface "
			    "name \"%s\"", ifw->s);
			return;
		}
		if (!trap_only) {
			struct asa_word save = st->words[2];

			/* Parse "host A" from the words 2 and 3. */
			st->words[2].s = "host";
			st->words[2].len = 4;
			(void)mgmt_rule(st, 2, save.s, 17, 161);
			st->words[2] = save;
		}
		return;
	}
	if (word_is(st, 1, "community"))
		mgmt_note(st, asa_line_text(st));
}

/* PIX 6 and 7: nameif HW NAME securityN. */
static void
pix_nameif(struct asa_state *st)
{
	struct asa_word *hw = need(st, 1, "a hardware interface"), *n, *l;
	int level = -1;

	if (hw == NULL || (n = need(st, 2, "a name")) == NULL)
		return;
	if ((l = word(st, 3)) != NULL && !parse_level(l->s, &level)) {
		asa_err(st, asa_word_loc(st, l), "invalid security level "
		    "\"%s\"", l->s);
		return;
	}
	iface_commit(st, n->s, asa_word_loc(st, n), level);
	asa_ifinfo_set(st, intern(st->strings, n->s), asa_line_loc(st),
	    level >= 0, false, false);
	asa_map_put(st->arena, &st->hwifs, intern(st->strings, hw->s),
	    (void *)intern(st->strings, n->s));
}

static void
ip_cmd(struct asa_state *st)
{
	struct asa_named u;

	if (word_is(st, 1, "address") && word(st, 2) != NULL) {
		/* PIX 6: ip address IFNAME A M | dhcp. */
		struct asa_word *n = &st->words[2];
		struct u128 v;

		if (addr_parse(FAMILY_IPV4, n->s, n->len, &v)) {
			asa_err(st, asa_word_loc(st, n), "expected an "
			    "interface name before the address");
			return;
		}
		(void)ip_address(st, 3, policy_interface(st->policy, n->s,
		    true), NULL);
		return;
	}
	if (word_is(st, 1, "verify")) {
		if (!word_is(st, 2, "reverse-path") ||
		    !word_is(st, 3, "interface")) {
			asa_err(st, asa_word_loc(st, &st->words[1]),
			    "expected \"verify reverse-path interface IF\"");
			return;
		}
		if (need(st, 4, "an interface name") == NULL)
			return;
		/* The interface may be named later: set at the end. */
		u.name = intern(st->strings, st->words[4].s);
		u.what = "ip verify reverse-path";
		u.loc = asa_word_loc(st, &st->words[4]);
		VEC_PUSH(st->arena, &st->urpf, u);
		trailing(st, 5);
		return;
	}
	/* ip local pool, ip audit, ...: nothing to model. */
}

static void
same_security(struct asa_state *st)
{
	struct asa_word *w;

	if (need(st, 1, "\"permit\"") == NULL)
		return;
	if (!word_is(st, 1, "permit")) {
		asa_err(st, asa_word_loc(st, &st->words[1]),
		    "expected \"permit\", not \"%s\"", st->words[1].s);
		return;
	}
	if ((w = need(st, 2, "\"inter-interface\" or \"intra-interface\"")) ==
	    NULL)
		return;
	if (strcmp(w->s, "inter-interface") == 0)
		st->policy->same_security_inter = true;
	else if (strcmp(w->s, "intra-interface") == 0)
		st->policy->same_security_intra = true;
	else {
		asa_err(st, asa_word_loc(st, w), "expected \"inter-interface\" "
		    "or \"intra-interface\", not \"%s\"", w->s);
		return;
	}
	trailing(st, 3);
}

static void
time_range_cmd(struct asa_state *st)
{
	struct asa_word *n = need(st, 1, "a name");
	struct object *o;

	if (n == NULL)
		return;
	o = policy_object(st->policy, n->s, OBJECT_TIME, true);
	if (!o->defined) {
		o->defined = true;
		o->loc = asa_word_loc(st, n);
	}
	o->kind = OBJECT_TIME;
}

/*
 * "!" after a command starts a comment (the CLI drops it, and test
 * configurations use it), except in free text: remarks, descriptions,
 * banners.
 */
static void
strip_comment(struct asa_state *st)
{
	size_t i;

	if (word_is(st, 0, "description") || word_is(st, 0, "banner"))
		return;
	for (i = 1; i < st->nwords; i++) {
		if (strcmp(st->words[i].s, "remark") == 0 ||
		    strcmp(st->words[i].s, "description") == 0)
			return;
		if (st->words[i].s[0] == '!') {
			st->nwords = i;
			st->line_end = st->words[i].off;
			return;
		}
	}
}

void
asa_command(struct asa_state *st)
{
	const char *w0 = st->words[0].s;
	size_t l0 = st->words[0].len;
	bool config_seen = st->config_seen;

	strip_comment(st);
	asa_block_end(st);
	asa_acl_uses(st, false);
	st->show_parent = NULL;
	st->merge_parent = NULL;
	/* Undone below for what a capture of "show access-list" holds. */
	st->config_seen = true;
	if (strcmp(w0, "access-list") == 0) {
		st->config_seen = config_seen;
		asa_access_list(st, 1, false);
	} else if (strcmp(w0, "access-group") == 0) {
		access_group(st);
	} else if (strcmp(w0, "object") == 0) {
		object_cmd(st);
	} else if (strcmp(w0, "object-group") == 0) {
		object_group_cmd(st);
	} else if (strcmp(w0, "interface") == 0) {
		if (need(st, 1, "an interface") == NULL)
			return;
		st->block = BLOCK_INTERFACE;
		st->ifb.open = true;
		st->ifb.level = -1;
		st->ifb.loc = asa_line_loc(st);
		st->ifb.hwname = intern(st->strings, st->words[1].s);
	} else if (strcmp(w0, "nameif") == 0) {
		pix_nameif(st);
	} else if (strcmp(w0, "ipv6") == 0) {
		if (word_is(st, 1, "access-list"))
			asa_access_list(st, 2, true);
	} else if (strcmp(w0, "ip") == 0) {
		ip_cmd(st);
	} else if (strcmp(w0, "names") == 0) {
		st->names_enabled = true;
	} else if (strcmp(w0, "name") == 0) {
		name_cmd(st);
	} else if (strcmp(w0, "same-security-traffic") == 0) {
		same_security(st);
	} else if (strcmp(w0, "telnet") == 0) {
		mgmt_cmd(st, 23);
	} else if (strcmp(w0, "ssh") == 0) {
		mgmt_cmd(st, 22);
	} else if (strcmp(w0, "http") == 0) {
		mgmt_cmd(st, 443);
	} else if (strcmp(w0, "snmp-server") == 0) {
		snmp_cmd(st);
	} else if (strcmp(w0, "nat") == 0 || strcmp(w0, "global") == 0 ||
	    strcmp(w0, "static") == 0) {
		asa_nat(st, 0, NULL);
	} else if (strcmp(w0, "conduit") == 0) {
		asa_conduit(st);
	} else if (strcmp(w0, "outbound") == 0 || strcmp(w0, "apply") == 0) {
		asa_note_once(st, "outbound", asa_word_loc(st, &st->words[0]),
		    "PIX outbound lists are not modelled yet: ignored");
	} else if (strcmp(w0, "time-range") == 0) {
		time_range_cmd(st);
	} else if (strcmp(w0, "hostname") == 0 || strcmp(w0, "logging") == 0 ||
	    strcmp(w0, "ASA") == 0 || strcmp(w0, "PIX") == 0 ||
	    strcmp(w0, "FWSM") == 0 || strncmp(w0, "Cryptochecksum:", 15) == 0 ||
	    asa_is_skipped_command(w0)) {
		/* Nothing the model needs. */
	} else if (strcmp(w0, "show") == 0) {
		st->config_seen = config_seen;
	} else if (l0 > 1 && (w0[l0 - 1] == '#' || w0[l0 - 1] == '>')) {
		/* A CLI prompt echoed into a capture. */
		st->config_seen = config_seen;
	} else {
		st->config_seen = config_seen;
		asa_note_once(st, w0, asa_word_loc(st, &st->words[0]),
		    "unknown command \"%s\" ignored", w0);
	}
}

void
asa_subcommand(struct asa_state *st)
{
	strip_comment(st);
	/* class-map, route-map, group-policy, ... and interface lines. */
	if (st->block == BLOCK_NONE || st->block == BLOCK_INTERFACE)
		asa_acl_uses(st, true);
	switch (st->block) {
	case BLOCK_INTERFACE:
		interface_sub(st);
		break;
	case BLOCK_OBJ_NETWORK:
		obj_network_sub(st);
		break;
	case BLOCK_OBJ_SERVICE:
		obj_service_sub(st);
		break;
	case BLOCK_OG_NETWORK:
	case BLOCK_OG_SERVICE:
	case BLOCK_OG_PROTOCOL:
	case BLOCK_OG_ICMP:
		og_sub(st);
		break;
	default:
		/* Sub-commands of skipped blocks, and the indented
		   expansions of objects in "show access-list". */
		if (st->show_parent != NULL && word_is(st, 0, "access-list"))
			asa_acl_expansion(st);
		else if (st->merge_parent != NULL &&
		    word_is(st, 0, "access-list"))
			asa_count_expansion(st);
		break;
	}
}
