/*
 * asa_acl.c - access-list entries, conduits, and the address, port,
 * protocol and ICMP terms that objects and NAT statements share.
 *
 * An entry is read into terms (asa_pending) and becomes one rule at once,
 * in its place in the list; its match is built at the end of the file
 * (asa_resolve.c), when every object-group it names is complete.  An entry
 * that names object-groups stays one rule whose fields hold the unions:
 * never a cross-product.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

static struct asa_word *
peek(struct asa_cursor *c)
{
	return c->i < c->n ? &c->w[c->i] : NULL;
}

static bool
peek_is(struct asa_cursor *c, const char *s)
{
	return c->i < c->n && strcmp(c->w[c->i].s, s) == 0;
}

/* The location to blame when a word is missing: the last word read. */
static struct loc
last_loc(struct asa_cursor *c)
{
	size_t k = c->i > 0 ? c->i - 1 : 0;

	if (k >= c->n)
		return asa_line_loc(c->st);
	return asa_word_loc(c->st, &c->w[k]);
}

static struct asa_word *
expect(struct asa_cursor *c, const char *what)
{
	struct asa_word *w = peek(c);

	if (w == NULL) {
		asa_err(c->st, last_loc(c), "expected %s after \"%s\"", what,
		    c->i > 0 ? c->w[c->i - 1].s : "");
		return NULL;
	}
	c->i++;
	return w;
}

static struct loc
wloc(struct asa_cursor *c, struct asa_word *w)
{
	return asa_word_loc(c->st, w);
}

static bool
is_v4(const char *s, struct u128 *out)
{
	return addr_parse(FAMILY_IPV4, s, strlen(s), out);
}

/*
 * {x : x & mask == addr & mask}.  A contiguous mask is a CIDR block; a
 * non-contiguous one gives many intervals (the core caps them).
 */
const struct ivset *
asa_mask_set(struct asa_state *st, struct u128 addr, struct u128 mask)
{
	char a[46], m[46], buf[100];

	addr_format(FAMILY_IPV4, addr, a);
	addr_format(FAMILY_IPV4, mask, m);
	snprintf(buf, sizeof(buf), "%s/%s", a, m);
	return addrset_parse(st->arena, FAMILY_IPV4, buf, strlen(buf));
}

static int
host_addr(struct asa_cursor *c, struct asa_word *w, struct asa_term *t)
{
	struct u128 v;

	if (addr_parse(FAMILY_IPV4, w->s, w->len, &v)) {
		t->fam = FAMILY_IPV4;
		t->set = ivset_single(c->st->arena, v);
	} else if (addr_parse(FAMILY_IPV6, w->s, w->len, &v)) {
		t->fam = FAMILY_IPV6;
		t->set = ivset_single(c->st->arena, v);
	} else if (strchr(w->s, ':') != NULL || (w->s[0] >= '0' &&
	    w->s[0] <= '9' && strchr(w->s, '.') != NULL)) {
		asa_err(c->st, wloc(c, w), "invalid address \"%s\"", w->s);
		return -1;
	} else {
		/* A name from "name": resolved at the end. */
		t->obj = asa_obj_ref(c->st, w->s, OBJECT_ADDRESS,
		    wloc(c, w));
		t->fam = FAMILY_ANY;
	}
	return 0;
}

/*
 * An address term: any, any4, any6, host A, A MASK, A/len (IPv6),
 * object N, object-group N, interface IF, or NAME MASK with "names".
 * Without masks (IPv6 lists), a bare address is one host.
 */
int
asa_parse_addr(struct asa_cursor *c, struct asa_term *t, bool masks)
{
	struct asa_word *w = expect(c, "an address");
	struct u128 v, m;

	memset(t, 0, sizeof(*t));
	if (w == NULL)
		return -1;
	t->present = true;
	t->loc = wloc(c, w);
	t->fam = FAMILY_ANY;
	if (strcmp(w->s, "any") == 0) {
		t->any = true;
		return 0;
	}
	if (strcmp(w->s, "any4") == 0 || strcmp(w->s, "any6") == 0) {
		t->any = true;
		t->fam = w->s[3] == '4' ? FAMILY_IPV4 : FAMILY_IPV6;
		return 0;
	}
	if (strcmp(w->s, "host") == 0) {
		struct asa_word *a = expect(c, "an address");

		if (a == NULL)
			return -1;
		if (strncmp(a->s, "any", 3) == 0 || strcmp(a->s, "host") == 0 ||
		    strncmp(a->s, "object", 6) == 0 ||
		    strcmp(a->s, "interface") == 0) {
			asa_err(c->st, wloc(c, a), "expected an address after "
			    "\"host\", not \"%s\"", a->s);
			return -1;
		}
		t->loc = asa_loc(c->st, w->off, a->off + a->len - w->off);
		return host_addr(c, a, t);
	}
	if (strcmp(w->s, "object") == 0 || strcmp(w->s, "object-group") == 0) {
		struct asa_word *a = expect(c, "a name");

		if (a == NULL)
			return -1;
		t->obj = asa_obj_ref(c->st, a->s, w->s[6] == '-' ?
		    OBJECT_GROUP : OBJECT_ADDRESS, wloc(c, a));
		return 0;
	}
	if (strcmp(w->s, "interface") == 0) {
		struct asa_word *a = expect(c, "an interface name");

		if (a == NULL)
			return -1;
		t->iface = intern(c->st->strings, a->s);
		return 0;
	}
	if (strchr(w->s, ':') != NULL) {
		const struct ivset *s = addrset_parse(c->st->arena,
		    FAMILY_IPV6, w->s, w->len);

		if (s == NULL) {
			asa_err(c->st, wloc(c, w), "invalid IPv6 address "
			    "\"%s\"", w->s);
			return -1;
		}
		t->fam = FAMILY_IPV6;
		t->set = s;
		return 0;
	}
	if (is_v4(w->s, &v)) {
		struct asa_word *mw;

		t->fam = FAMILY_IPV4;
		if (!masks) {
			t->set = ivset_single(c->st->arena, v);
			return 0;
		}
		if ((mw = expect(c, "a netmask")) == NULL)
			return -1;
		if (!is_v4(mw->s, &m)) {
			asa_err(c->st, wloc(c, mw), "expected a netmask after "
			    "\"%s\", not \"%s\"", w->s, mw->s);
			return -1;
		}
		if ((t->set = asa_mask_set(c->st, v, m)) == NULL) {
			asa_err(c->st, wloc(c, mw), "netmask \"%s\" is not "
			    "contiguous", mw->s);
			return -1;
		}
		t->loc = asa_loc(c->st, w->off, mw->off + mw->len - w->off);
		return 0;
	}
	if ((w->s[0] >= '0' && w->s[0] <= '9') || !masks) {
		asa_err(c->st, wloc(c, w), "invalid address \"%s\"", w->s);
		return -1;
	}
	/* NAME MASK: a name from "names"; the mask applies at the end. */
	if (peek(c) != NULL && is_v4(peek(c)->s, &m)) {
		struct asa_word *mw = &c->w[c->i++];

		t->obj = asa_obj_ref(c->st, w->s, OBJECT_ADDRESS,
		    wloc(c, w));
		/* The mask as a one-value set: asa_resolve applies it. */
		t->masked = true;
		t->loc = asa_loc(c->st, w->off, mw->off + mw->len - w->off);
		t->fam = FAMILY_IPV4;
		t->set = ivset_single(c->st->arena, m);
		return 0;
	}
	asa_err(c->st, wloc(c, w), "expected an address, \"any\", \"host\", "
	    "\"object\" or \"object-group\", not \"%s\"", w->s);
	return -1;
}

static bool
is_port_op(const char *s)
{
	return strcmp(s, "eq") == 0 || strcmp(s, "neq") == 0 ||
	    strcmp(s, "lt") == 0 || strcmp(s, "gt") == 0 ||
	    strcmp(s, "range") == 0;
}

/* 0: a port; 1: a name the ASA does not know (t->unknown); -1: error. */
static int
one_port(struct asa_cursor *c, unsigned *p, struct asa_term *t)
{
	struct asa_word *w = expect(c, "a port");

	if (w == NULL)
		return -1;
	if (asa_port_parse(w->s, p))
		return 0;
	if (w->s[0] >= '0' && w->s[0] <= '9') {
		asa_err(c->st, wloc(c, w), "invalid port \"%s\"", w->s);
		return -1;
	}
	asa_warn(c->st, wloc(c, w), "unknown port name \"%s\": the condition "
	    "is kept opaque", w->s);
	t->unknown = arena_printf(c->st->arena, "port %s", w->s);
	return 1;
}

/* eq P, neq P, lt P, gt P, range P Q. */
int
asa_parse_port_op(struct asa_cursor *c, struct asa_term *t)
{
	struct asa_word *op = expect(c, "a port operator");
	struct arena *a = c->st->arena;
	unsigned p, q;
	int rc;

	memset(t, 0, sizeof(*t));
	if (op == NULL)
		return -1;
	t->present = true;
	if (!is_port_op(op->s)) {
		asa_err(c->st, wloc(c, op), "expected \"eq\", \"neq\", \"lt\", "
		    "\"gt\" or \"range\", not \"%s\"", op->s);
		return -1;
	}
	if ((rc = one_port(c, &p, t)) < 0)
		return -1;
	if (rc > 0) {
		if (op->s[0] == 'r' && one_port(c, &q, t) < 0)
			return -1;
		t->loc = wloc(c, op);
		return 0;
	}
	switch (op->s[0]) {
	case 'e':
		t->set = ivset_single(a, u128_from64(p));
		break;
	case 'n':
		t->set = ivset_complement(a, ivset_single(a, u128_from64(p)),
		    u128_from64(65535));
		t->negated = true;
		break;
	case 'l':
		t->set = p == 0 ? ivset_empty(a) : ivset_range(a,
		    u128_from64(0), u128_from64(p - 1));
		break;
	case 'g':
		t->set = p == 65535 ? ivset_empty(a) : ivset_range(a,
		    u128_from64(p + 1), u128_from64(65535));
		break;
	default:
		if ((rc = one_port(c, &q, t)) < 0)
			return -1;
		if (rc > 0)
			return 0;
		if (q < p) {
			asa_err(c->st, last_loc(c), "port range %u-%u is "
			    "reversed", p, q);
			return -1;
		}
		t->set = ivset_range(a, u128_from64(p), u128_from64(q));
		break;
	}
	t->loc = asa_loc(c->st, op->off, c->w[c->i - 1].off +
	    c->w[c->i - 1].len - op->off);
	return 0;
}

/* An ICMP type by name or number, and an optional code number. */
int
asa_parse_icmp(struct asa_cursor *c, enum family fam, struct asa_term *t)
{
	struct asa_word *w = expect(c, "an ICMP type");
	unsigned long code;
	int type, k;

	memset(t, 0, sizeof(*t));
	if (w == NULL)
		return -1;
	t->present = true;
	t->loc = wloc(c, w);
	if (!icmp_parse(fam, w->s, w->len, &type, &k) || type > 255) {
		asa_err(c->st, wloc(c, w), "invalid ICMP type \"%s\"", w->s);
		return -1;
	}
	if (type < 0) {
		t->any = true;
		return 0;
	}
	if (k < 0 && peek(c) != NULL && asa_number(peek(c)->s, 255, &code)) {
		k = (int)code;
		c->i++;
	}
	if (k < 0)
		t->set = ivset_range(c->st->arena, u128_from64((unsigned)type
		    << 8), u128_from64((unsigned)type << 8 | 255));
	else
		t->set = ivset_single(c->st->arena, u128_from64((unsigned)type
		    << 8 | (unsigned)k));
	return 0;
}

/*
 * Does "object-group NAME" at the cursor name a port group (a service
 * group with a protocol)?  Only then is it a port after the source.
 */
static bool
next_is_port_group(struct asa_cursor *c)
{
	struct object *o;
	struct asa_obj *x;

	if (!peek_is(c, "object-group") || c->i + 1 >= c->n)
		return false;
	o = policy_object(c->st->policy, c->w[c->i + 1].s, OBJECT_GROUP,
	    false);
	if (o == NULL || (x = asa_map_get(&c->st->objs, o)) == NULL)
		return false;
	return x->type == OT_PORT;
}

static bool
next_is_icmp_group(struct asa_cursor *c)
{
	struct object *o;
	struct asa_obj *x;

	if (!peek_is(c, "object-group") || c->i + 1 >= c->n)
		return false;
	o = policy_object(c->st->policy, c->w[c->i + 1].s, OBJECT_GROUP,
	    false);
	if (o == NULL || (x = asa_map_get(&c->st->objs, o)) == NULL)
		return false;
	return x->type == OT_ICMP;
}

static int
port_term(struct asa_cursor *c, struct asa_term *t)
{
	if (peek_is(c, "object-group")) {
		struct asa_word *g = &c->w[c->i + 1];

		memset(t, 0, sizeof(*t));
		t->present = true;
		t->loc = asa_loc(c->st, c->w[c->i].off, g->off + g->len -
		    c->w[c->i].off);
		t->obj = asa_obj_ref(c->st, g->s, OBJECT_GROUP,
		    wloc(c, g));
		c->i += 2;
		return 0;
	}
	return asa_parse_port_op(c, t);
}

/*
 * The options after the addresses: log [level] [interval N] | log
 * disable | log default, time-range N, inactive; and in "show
 * access-list" output (hitcnt=N), (inactive) and the 0x hash.
 */
static int
entry_options(struct asa_cursor *c, struct rule *r)
{
	struct asa_state *st = c->st;
	unsigned long v;

	while (peek(c) != NULL) {
		struct asa_word *w = &c->w[c->i++];

		if (strcmp(w->s, "log") == 0) {
			r->log = true;
			if (peek_is(c, "disable")) {
				r->log = false;
				c->i++;
			} else if (peek_is(c, "default")) {
				c->i++;
			} else if (peek(c) != NULL &&
			    asa_log_level(peek(c)->s)) {
				c->i++;
			}
		} else if (strcmp(w->s, "interval") == 0) {
			struct asa_word *n = expect(c, "a number of seconds");

			if (n == NULL)
				return -1;
			if (!asa_number(n->s, 600, &v) || v == 0) {
				asa_err(st, wloc(c, n), "invalid log interval "
				    "\"%s\" (1-600 seconds)", n->s);
				return -1;
			}
		} else if (strcmp(w->s, "time-range") == 0) {
			struct asa_word *n = expect(c, "a time-range name");

			if (n == NULL)
				return -1;
			asa_obj_ref(st, n->s, OBJECT_TIME, wloc(c, n));
			match_add_opaque(st->arena, &r->match, "time-range",
			    n->s, asa_loc(st, w->off, n->off + n->len - w->off),
			    false);
			asa_note_once(st, "time-range", wloc(c, w),
			    "time-range conditions are kept opaque: such an "
			    "entry never counts as covering another");
		} else if (strcmp(w->s, "inactive") == 0 ||
		    strcmp(w->s, "(inactive)") == 0) {
			r->disabled = true;
		} else if (strncmp(w->s, "(hitcnt=", 8) == 0 &&
		    w->s[w->len - 1] == ')') {
			char buf[32];

			if (w->len - 9 >= sizeof(buf))
				goto badcount;
			memcpy(buf, w->s + 8, w->len - 9);
			buf[w->len - 9] = '\0';
			if (!asa_number(buf, (unsigned long)-1, &v)) {
badcount:
				asa_err(st, wloc(c, w), "invalid hit count "
				    "\"%s\"", w->s);
				return -1;
			}
			r->counters.present = true;
			r->counters.packets = v;
			st->show_output = true;
		} else if (st->show_output && strncmp(w->s, "0x", 2) == 0 &&
		    c->i == c->n) {
			/* The entry's hash: identifies it across outputs. */
		} else {
			asa_err(st, wloc(c, w), "unexpected \"%s\" at the end "
			    "of the entry", w->s);
			return -1;
		}
	}
	return 0;
}

static struct rule *
new_rule(struct asa_state *st, struct asa_word *action)
{
	struct rule *r = arena_zalloc(st->arena, sizeof(*r));

	r->loc = asa_line_loc(st);
	r->text = asa_line_text(st);
	match_init(&r->match, FAMILY_ANY);
	r->action.kind = action->s[0] == 'p' ? ACTION_ACCEPT : ACTION_DROP;
	r->action.target = action->s[0] == 'p' ? "permit" : "deny";
	r->action.loc = asa_word_loc(st, action);
	return r;
}

/* Insert r at "line N" (1-based, remarks count) or append it. */
static void
acl_place(struct asa_state *st, struct asa_acl *acl, struct rule *r,
    unsigned long line)
{
	size_t pos = acl->lines.n, idx = acl->c->rules.n, k;

	if (line > 0 && line - 1 < acl->lines.n) {
		pos = line - 1;
		for (idx = 0, k = 0; k < pos; k++)
			idx += acl->lines.v[k];
	}
	VEC_PUSH(st->arena, &acl->lines, 1);
	if (pos < acl->lines.n - 1) {
		memmove(&acl->lines.v[pos + 1], &acl->lines.v[pos],
		    acl->lines.n - 1 - pos);
		acl->lines.v[pos] = 1;
	}
	r->comment = acl->remark_text;
	acl->remark_text = NULL;
	if (idx >= acl->c->rules.n)
		container_append(st->policy, acl->c, r);
	else
		container_insert(st->policy, acl->c, idx, r);
}

static int
extended_entry(struct asa_cursor *c, struct asa_pending *pe)
{
	struct asa_state *st = c->st;
	struct asa_word *w = expect(c, "a protocol");
	unsigned proto;

	if (w == NULL)
		return -1;
	pe->proto.present = true;
	pe->proto.loc = wloc(c, w);
	if (strcmp(w->s, "object-group") == 0 || strcmp(w->s, "object") == 0) {
		struct asa_word *n = expect(c, "a name");

		if (n == NULL)
			return -1;
		pe->proto.obj = asa_obj_ref(st, n->s, w->s[6] == '-' ?
		    OBJECT_GROUP : OBJECT_SERVICE, wloc(c, n));
		pe->ports_ok = true;
	} else if (strcmp(w->s, "ip") == 0 || strcmp(w->s, "ipv6") == 0) {
		pe->proto_any = true;
	} else if (asa_proto_parse(w->s, &proto)) {
		pe->proto.set = ivset_single(st->arena, u128_from64(proto));
		pe->ports_ok = proto == 6 || proto == 17 || proto == 132;
		if (proto == 1 || proto == 58)
			pe->proto.fam = proto == 1 ? FAMILY_IPV4 : FAMILY_IPV6;
	} else if (w->s[0] >= '0' && w->s[0] <= '9') {
		asa_err(st, wloc(c, w), "invalid protocol \"%s\"", w->s);
		return -1;
	} else {
		asa_warn(st, wloc(c, w), "unknown protocol \"%s\": the "
		    "condition is kept opaque", w->s);
		pe->proto.unknown = arena_printf(st->arena, "protocol %s",
		    w->s);
		pe->ports_ok = true;
	}
	if (asa_parse_addr(c, &pe->src, pe->fam != FAMILY_IPV6) < 0)
		return -1;
	if (pe->ports_ok && peek(c) != NULL && (is_port_op(peek(c)->s) ||
	    next_is_port_group(c)) && port_term(c, &pe->sport) < 0)
		return -1;
	if (asa_parse_addr(c, &pe->dst, pe->fam != FAMILY_IPV6) < 0)
		return -1;
	if (pe->ports_ok && peek(c) != NULL && (is_port_op(peek(c)->s) ||
	    peek_is(c, "object-group"))) {
		/* After the destination, a group can only be of ports. */
		if (port_term(c, &pe->dport) < 0)
			return -1;
	} else if (pe->ports_ok && c->i + 1 < c->n &&
	    (strcmp(c->w[c->i + 1].s, "destination") == 0 ||
	    strcmp(c->w[c->i + 1].s, "source") == 0)) {
		/* fwbuilder's custom services: "tcp destination neq 8080"
		   written after the addresses. */
		asa_note_once(st, "inline-service", wloc(c, peek(c)),
		    "inline service after the addresses (a fwbuilder custom "
		    "service) read as ports");
		c->i++;
		while (peek_is(c, "source") || peek_is(c, "destination")) {
			struct asa_term *t = peek(c)->s[0] == 's' ? &pe->sport :
			    &pe->dport;

			c->i++;
			if (asa_parse_port_op(c, t) < 0)
				return -1;
		}
	} else if ((pe->proto.fam == FAMILY_IPV4 ||
	    pe->proto.fam == FAMILY_IPV6) && pe->proto.set != NULL &&
	    peek(c) != NULL) {
		if (next_is_icmp_group(c)) {
			struct asa_word *g = &c->w[c->i + 1];

			pe->icmp.present = true;
			pe->icmp.loc = wloc(c, g);
			pe->icmp.obj = asa_obj_ref(st, g->s, OBJECT_GROUP,
			    wloc(c, g));
			c->i += 2;
		} else if (!peek_is(c, "log") && !peek_is(c, "inactive") &&
		    !peek_is(c, "time-range") && !peek_is(c, "interval") &&
		    peek(c)->s[0] != '(' && asa_parse_icmp(c,
		    pe->proto.fam, &pe->icmp) < 0)
			return -1;
	}
	return entry_options(c, pe->rule);
}

static struct asa_pending *
pending_new(struct asa_state *st, struct rule *r)
{
	struct asa_pending *pe = arena_zalloc(st->arena, sizeof(*pe));

	pe->rule = r;
	pe->fam = FAMILY_ANY;
	VEC_PUSH(st->arena, &st->pending, pe);
	return pe;
}

/*
 * access-list NAME [line N] [extended|standard|webtype|ethertype]
 *     permit|deny ...
 * access-list NAME [line N] remark TEXT
 * and "show access-list" headers "access-list NAME; N elements; ...".
 * first is the index of NAME; ipv6 is "ipv6 access-list" (ASA 8.0-8.2).
 */
void
asa_access_list(struct asa_state *st, size_t first, bool ipv6)
{
	struct asa_cursor c = { st, st->words, st->nwords, first };
	struct asa_word *name = expect(&c, "an access-list name"), *w;
	struct asa_acl *acl;
	struct asa_pending *pe;
	struct rule *r;
	unsigned long line = 0;
	const char *kind = "extended";

	if (name == NULL)
		return;
	if (asa_count_line(st, first))
		return;
	if (name->s[name->len - 1] == ';') {
		/* "show access-list" header: the list, with its size. */
		char *n = arena_strndup(st->arena, name->s, name->len - 1);

		st->show_output = true;
		acl = asa_acl_get(st, n, asa_word_loc(st, name), true);
		acl->defined = true;
		acl->show_seen = true;
		return;
	}
	if (strcmp(name->s, "cached") == 0 || strcmp(name->s, "alert-interval")
	    == 0 || strcmp(name->s, "deny-flow-max") == 0) {
		st->show_output = st->show_output || name->s[0] == 'c';
		return;
	}
	if ((strcmp(name->s, "mode") == 0 && c.n == 3) ||
	    (strcmp(name->s, "commit") == 0 && c.n == 2)) {
		/* FWSM: how and when lists are compiled. */
		return;
	}
	acl = asa_acl_get(st, name->s, asa_word_loc(st, name), true);
	if (!acl->defined) {
		/* Named by an access-group or a nat before: declared here. */
		acl->defined = true;
		acl->c->loc = asa_word_loc(st, name);
	}
	if (peek_is(&c, "line")) {
		struct asa_word *n;

		c.i++;
		if ((n = expect(&c, "a line number")) == NULL)
			return;
		if (!asa_number(n->s, 1000000000, &line) || line == 0) {
			asa_err(st, asa_word_loc(st, n), "invalid line number "
			    "\"%s\"", n->s);
			return;
		}
	}
	if ((w = expect(&c, "\"extended\", \"permit\", \"deny\" or "
	    "\"remark\"")) == NULL)
		return;
	if (strcmp(w->s, "remark") == 0) {
		const char *text = asa_rest(st, c.i);

		acl->remark_text = acl->remark_text == NULL ? text :
		    arena_printf(st->arena, "%s\n%s", acl->remark_text, text);
		VEC_PUSH(st->arena, &acl->lines, 0);
		return;
	}
	if (strcmp(w->s, "compiled") == 0 || strcmp(w->s, "rename") == 0 ||
	    strcmp(w->s, "element-count") == 0)
		return;
	if (strcmp(w->s, "extended") == 0 || strcmp(w->s, "standard") == 0 ||
	    strcmp(w->s, "webtype") == 0 || strcmp(w->s, "ethertype") == 0) {
		kind = w->s;
		if ((w = expect(&c, "\"permit\" or \"deny\"")) == NULL)
			return;
	}
	if (strcmp(w->s, "permit") != 0 && strcmp(w->s, "deny") != 0) {
		asa_err(st, asa_word_loc(st, w), "expected \"permit\" or "
		    "\"deny\", not \"%s\"", w->s);
		return;
	}
	r = new_rule(st, w);
	if (kind[0] == 'w' || strcmp(kind, "ethertype") == 0) {
		/* webtype and ethertype lists never judge IP traffic here. */
		match_add_opaque(st->arena, &r->match, kind, asa_rest(st, c.i),
		    asa_loc(st, c.w[c.i - 1].off, st->line_end -
		    c.w[c.i - 1].off), false);
		asa_note_once(st, kind, asa_word_loc(st, &c.w[c.i - 1]),
		    "%s access-lists are kept opaque", kind);
		if (kind[0] == 'w')
			acl->webtype = true;
		acl_place(st, acl, r, line);
		return;
	}
	pe = pending_new(st, r);
	if (ipv6)
		pe->fam = FAMILY_IPV6;
	if (kind[0] == 's') {
		/* Standard lists name destinations (route maps, split
		   tunnels): one address term. */
		acl->standard = true;
		pe->proto_any = true;
		if (asa_parse_addr(&c, &pe->dst, true) < 0)
			return;
		if (entry_options(&c, r) < 0)
			return;
	} else if (extended_entry(&c, pe) < 0) {
		return;
	}
	acl_place(st, acl, r, line);
	if (r->counters.present)
		acl->show_seen = true;
	st->show_parent = pe;
	st->show_parent_acl = acl;
}

/*
 * "show access-list" prints, under an entry that names objects or
 * object-groups, one indented line per element of their cross-product:
 *   access-list NAME line N extended permit tcp host A host B eq smtp
 *       (hitcnt=N) 0xHASH
 * Each is read as an entry of its own, with a rule in no list, and kept
 * with the entry above; asa_finish decides whether the entry's match is
 * built from them (when the input does not define what they expand).
 * A line that cannot belong to the entry above is ignored with a warning;
 * one that cannot be read (asa_err warns, in_expansion) costs the entry
 * all its expansions, since their union would then be too small.
 */
void
asa_acl_expansion(struct asa_state *st)
{
	struct asa_cursor c = { st, st->words, st->nwords, 1 };
	struct asa_pending *parent = st->show_parent, *pe;
	struct asa_word *name = expect(&c, "an access-list name"), *w;
	struct rule *r;

	if (name == NULL)
		return;
	if (intern(st->strings, name->s) != st->show_parent_acl->c->name) {
		asa_warn(st, asa_word_loc(st, name), "expansion of "
		    "access-list \"%s\" under an entry of \"%s\": ignored",
		    name->s, st->show_parent_acl->c->name);
		return;
	}
	if (peek_is(&c, "line") && c.i + 1 < c.n)
		c.i += 2;
	if (peek_is(&c, "extended") || peek_is(&c, "standard"))
		c.i++;
	if ((w = expect(&c, "\"permit\" or \"deny\"")) == NULL)
		return;
	if ((strcmp(w->s, "permit") != 0 && strcmp(w->s, "deny") != 0) ||
	    (w->s[0] == 'p') != (parent->rule->action.kind ==
	    ACTION_ACCEPT)) {
		asa_warn(st, asa_word_loc(st, w), "\"%s\" in an expansion of "
		    "a %s entry: ignored", w->s, parent->rule->action.target);
		return;
	}
	r = new_rule(st, w);
	pe = arena_zalloc(st->arena, sizeof(*pe));
	pe->rule = r;
	pe->fam = parent->fam;
	st->in_expansion = true;
	st->expansion_bad = false;
	if (st->show_parent_acl->standard) {
		pe->proto_any = true;
		if (asa_parse_addr(&c, &pe->dst, true) == 0)
			(void)entry_options(&c, r);
	} else {
		(void)extended_entry(&c, pe);
	}
	st->in_expansion = false;
	if (st->expansion_bad)
		parent->bad_expansion = true;
	else
		VEC_PUSH(st->arena, &parent->expansions, pe);
}

/*
 * PIX 6: conduit permit|deny PROTO GLOBAL [ports] FOREIGN [ports]: the
 * first address is the destination (the global address of a static), the
 * second the source.  Conduits form one list judged before the security
 * levels; kept as container "conduit" with entry point "asa/conduit".
 */
void
asa_conduit(struct asa_state *st)
{
	struct asa_cursor c = { st, st->words, st->nwords, 1 };
	struct asa_word *w = expect(&c, "\"permit\" or \"deny\"");
	struct asa_pending *pe;
	struct asa_term tmp;
	struct rule *r;

	if (w == NULL)
		return;
	if (strcmp(w->s, "permit") != 0 && strcmp(w->s, "deny") != 0) {
		asa_err(st, asa_word_loc(st, w), "expected \"permit\" or "
		    "\"deny\", not \"%s\"", w->s);
		return;
	}
	r = new_rule(st, w);
	pe = pending_new(st, r);
	if (extended_entry(&c, pe) < 0)
		return;
	tmp = pe->src;
	pe->src = pe->dst;
	pe->dst = tmp;
	tmp = pe->sport;
	pe->sport = pe->dport;
	pe->dport = tmp;
	if (st->conduit == NULL)
		st->conduit = policy_add_container(st->policy, "conduit", NULL,
		    FAMILY_ANY, CONTAINER_ACL, asa_line_loc(st));
	container_append(st->policy, st->conduit, r);
}
