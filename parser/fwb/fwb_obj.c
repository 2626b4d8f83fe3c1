/*
 * fwb_obj.c - fwbuilder objects by id: the index of every element with an
 * id (the file's own, then the Standard library's), the model object of
 * each referenced id, and what an object means in a rule: an address set
 * per family, a list of service boxes, interface names.
 *
 * Objects enter the model only when a rule (or a group a rule uses)
 * refers to them: a .fwb file carries the whole Standard library, hundreds
 * of objects no policy is meant to use, and reporting them as orphaned
 * would bury every real finding.  An id found nowhere becomes an undefined
 * object at its first reference, and whatever uses it is opaque: never
 * silently "any".
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/addr.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/fields.h"
#include "core/intern.h"
#include "core/ivset.h"
#include "core/model.h"
#include "parser/fwb/fwb_int.h"

struct fwb_entry {
	const char	*id;
	xmlNodePtr	 node;		/* NULL: defined nowhere */
	struct object	*obj;
	int		 addr_state;	/* 0 new, 1 resolving, 2 done */
	struct fwb_addr	 addr;
	int		 svc_state;
	const struct fwb_svc *svc;
	size_t		 nsvc;
	int		 if_state;
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct fwb_entry **
slot(struct fwb_ctx *c, const char *id)
{
	size_t mask = c->capids - 1, i = (size_t)hash_str(id) & mask;

	while (c->ids[i] != NULL && strcmp(c->ids[i]->id, id) != 0)
		i = (i + 1) & mask;
	return &c->ids[i];
}

static struct fwb_entry *
entry_add(struct fwb_ctx *c, const char *id, xmlNodePtr node)
{
	struct fwb_entry **s, *e;

	if (c->nids * 2 >= c->capids) {
		struct fwb_entry **old = c->ids;
		size_t oldcap = c->capids, i;

		c->capids = oldcap ? oldcap * 2 : 1024;
		c->ids = arena_zalloc(c->arena, c->capids * sizeof(*c->ids));
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL)
				*slot(c, old[i]->id) = old[i];
	}
	s = slot(c, id);
	if (*s != NULL)
		return *s;	/* the first definition wins */
	e = arena_zalloc(c->arena, sizeof(*e));
	e->id = id;
	e->node = node;
	*s = e;
	c->nids++;
	return e;
}

static struct fwb_entry *
entry_find(struct fwb_ctx *c, const char *id)
{
	if (c->capids == 0 || id == NULL)
		return NULL;
	return *slot(c, id);
}

void
fwb_index_doc(struct fwb_ctx *c, xmlNodePtr n, bool lib)
{
	(void)lib;
	for (; n != NULL; n = fwb_next(n)) {
		const char *id = fwb_attr(c, n, "id");

		/* The trash of the GUI: nothing there is in use. */
		if (fwb_is(n, "Library") && id != NULL &&
		    strcmp(id, "sysid99") == 0)
			continue;
		if (id != NULL && *id != '\0')
			entry_add(c, id, n);
		fwb_index_doc(c, fwb_child(n), lib);
	}
}

xmlNodePtr
fwb_lookup_local(struct fwb_ctx *c, const char *id)
{
	struct fwb_entry *e = entry_find(c, id);

	return e != NULL ? e->node : NULL;
}

/* The entry of a referenced id; an undefined one when it is nowhere. */
static struct fwb_entry *
entry_get(struct fwb_ctx *c, const char *id, struct loc ref)
{
	struct fwb_entry *e = entry_find(c, id);

	if (e != NULL)
		return e;
	(void)fwb_lookup(c, id, ref);	/* may load the library */
	if ((e = entry_find(c, id)) != NULL)
		return e;
	return entry_add(c, arena_strdup(c->arena, id), NULL);
}

static const char *const address_elems[] = {
	"AnyNetwork", "Network", "NetworkIPv6", "IPv4", "IPv6",
	"AddressRange", "Host", "Firewall", "Cluster", "Interface",
	"AttachedNetworks", "DNSName", "AddressTable", "physAddress",
	"DummyNetwork", "DummyInterface", "MultiAddressRunTime",
	"FailoverClusterGroup", "StateSyncClusterGroup", NULL
};
static const char *const service_elems[] = {
	"AnyIPService", "TCPService", "UDPService", "ICMPService",
	"ICMP6Service", "IPService", "CustomService", "TagService",
	"UserService", "DummyIPService", NULL
};

static bool
in_list(xmlNodePtr n, const char *const *list)
{
	for (; *list != NULL; list++)
		if (fwb_is(n, *list))
			return true;
	return false;
}

static enum object_kind
kind_of(xmlNodePtr n, enum object_kind hint)
{
	if (n == NULL)
		return hint;
	if (fwb_is(n, "ObjectGroup") || fwb_is(n, "ServiceGroup") ||
	    fwb_is(n, "IntervalGroup"))
		return OBJECT_GROUP;
	if (fwb_is(n, "Interval") || fwb_is(n, "AnyInterval"))
		return OBJECT_TIME;
	if (in_list(n, service_elems))
		return OBJECT_SERVICE;
	if (in_list(n, address_elems))
		return OBJECT_ADDRESS;
	return OBJECT_OTHER;
}

/* "fw:eth0" for interfaces and their addresses, else the name. */
static const char *
object_name(struct fwb_ctx *c, struct fwb_entry *e)
{
	const char *name;

	if (e->node == NULL)
		return e->id;
	name = fwb_attr(c, e->node, "name");
	if (name == NULL || *name == '\0')
		name = e->id;
	if (fwb_is(e->node, "Interface")) {
		const char *owner = fwb_attr(c, e->node->parent, "name");

		if (owner != NULL && *owner != '\0')
			return arena_printf(c->arena, "%s:%s", owner, name);
	}
	return name;
}

/* The id a member element stands for: a reference or an inline object. */
static const char *
member_id(struct fwb_ctx *c, xmlNodePtr m)
{
	if (fwb_is(m, "ObjectRef") || fwb_is(m, "ServiceRef") ||
	    fwb_is(m, "IntervalRef"))
		return fwb_attr(c, m, "ref");
	return fwb_attr(c, m, "id");
}

struct object *
fwb_object(struct fwb_ctx *c, const char *id, struct loc ref,
    enum object_kind hint)
{
	struct fwb_entry *e = entry_get(c, id, ref);
	struct object *o;
	const char *comment;
	xmlNodePtr m;

	if (e->obj != NULL)
		return e->obj;
	o = e->obj = arena_zalloc(c->arena, sizeof(*o));
	o->name = intern(c->strings, object_name(c, e));
	o->kind = kind_of(e->node, hint);
	o->defined = e->node != NULL;
	o->loc = e->node != NULL ? fwb_loc(c, e->node) : ref;
	comment = fwb_attr(c, e->node, "comment");
	o->comment = comment != NULL && *comment != '\0' ?
	    arena_strdup(c->arena, comment) : NULL;
	VEC_PUSH(c->arena, &c->policy->objects, o);
	if (o->kind == OBJECT_GROUP)
		for (m = fwb_child(e->node); m != NULL; m = fwb_next(m)) {
			const char *mid = member_id(c, m);
			struct object *mo;

			if (mid == NULL || *mid == '\0')
				continue;
			mo = fwb_object(c, mid, fwb_loc(c, m), hint);
			mo->references++;
			VEC_PUSH(c->arena, &o->members, mo);
		}
	return o;
}

/* Addresses. */

static struct fwb_addr *
addr_new(struct fwb_ctx *c)
{
	struct fwb_addr *a = arena_zalloc(c->arena, sizeof(*a));

	a->v4 = ivset_empty(c->arena);
	a->v6 = ivset_empty(c->arena);
	return a;
}

static void
addr_opaque(struct fwb_ctx *c, struct fwb_addr *a, const char *why)
{
	if (a->opaque == NULL)
		a->opaque = arena_strdup(c->arena, why);
}

/* Add "text" (an address, a/mask or a-b) of either family. */
static void
addr_add_text(struct fwb_ctx *c, struct fwb_addr *a, xmlNodePtr n,
    const char *text)
{
	struct ivset *s;

	if (text == NULL) {
		addr_opaque(c, a, "address missing");
		return;
	}
	if ((s = addrset_parse(c->arena, FAMILY_IPV4, text, strlen(text)))
	    != NULL)
		a->v4 = ivset_union(c->arena, a->v4, s);
	else if ((s = addrset_parse(c->arena, FAMILY_IPV6, text,
	    strlen(text))) != NULL)
		a->v6 = ivset_union(c->arena, a->v6, s);
	else {
		diag_emit(c->diags, DIAG_WARNING, "fwb-address",
		    fwb_loc(c, n), "cannot read the address \"%s\"", text);
		addr_opaque(c, a, arena_printf(c->arena,
		    "unreadable address %s", text));
	}
}

static void
addr_merge(struct fwb_ctx *c, struct fwb_addr *a, const struct fwb_addr *b)
{
	a->v4 = ivset_union(c->arena, a->v4, b->v4);
	a->v6 = ivset_union(c->arena, a->v6, b->v6);
	a->any = a->any || b->any;
	if (b->opaque != NULL)
		addr_opaque(c, a, b->opaque);
}

/* The addresses configured on one interface element. */
static void
addr_of_interface(struct fwb_ctx *c, struct fwb_addr *a, xmlNodePtr itf,
    bool networks)
{
	const char *name = fwb_attr(c, itf, "name");
	xmlNodePtr k;

	if (fwb_attr_true(c, itf, "dyn")) {
		addr_opaque(c, a, arena_printf(c->arena, "dynamic address "
		    "of interface %s", name != NULL ? name : "?"));
		return;
	}
	for (k = fwb_child(itf); k != NULL; k = fwb_next(k)) {
		const char *ad = fwb_attr(c, k, "address");
		const char *nm = fwb_attr(c, k, "netmask");

		if (!fwb_is(k, "IPv4") && !fwb_is(k, "IPv6"))
			continue;
		if (networks && nm != NULL && *nm != '\0')
			addr_add_text(c, a, k, arena_printf(c->arena,
			    "%s/%s", ad != NULL ? ad : "", nm));
		else
			addr_add_text(c, a, k, ad);
	}
}

static const struct fwb_addr *addr_resolve(struct fwb_ctx *,
    struct fwb_entry *, struct loc);

static void
addr_of_element(struct fwb_ctx *c, struct fwb_addr *a, struct fwb_entry *e,
    struct loc ref)
{
	xmlNodePtr n = e->node, k;
	const char *name = fwb_attr(c, n, "name");

	if (name == NULL)
		name = e->id;
	if (fwb_is(n, "AnyNetwork"))
		a->any = true;
	else if (fwb_is(n, "Network") || fwb_is(n, "NetworkIPv6"))
		addr_add_text(c, a, n, arena_printf(c->arena, "%s/%s",
		    fwb_attr(c, n, "address") ? fwb_attr(c, n, "address") :
		    "", fwb_attr(c, n, "netmask") ?
		    fwb_attr(c, n, "netmask") : "32"));
	else if (fwb_is(n, "IPv4") || fwb_is(n, "IPv6"))
		addr_add_text(c, a, n, fwb_attr(c, n, "address"));
	else if (fwb_is(n, "AddressRange"))
		addr_add_text(c, a, n, arena_printf(c->arena, "%s-%s",
		    fwb_attr(c, n, "start_address") ?
		    fwb_attr(c, n, "start_address") : "",
		    fwb_attr(c, n, "end_address") ?
		    fwb_attr(c, n, "end_address") : ""));
	else if (fwb_is(n, "Interface"))
		addr_of_interface(c, a, n, false);
	else if (fwb_is(n, "AttachedNetworks"))
		addr_of_interface(c, a, n->parent, true);
	else if (fwb_is(n, "Host") || fwb_is(n, "Firewall") ||
	    fwb_is(n, "Cluster")) {
		/*
		 * Every address of every interface: what fwbuilder compiles
		 * a host or the firewall itself in Src or Dst into.
		 */
		for (k = fwb_child(n); k != NULL; k = fwb_next(k))
			if (fwb_is(k, "Interface"))
				addr_of_interface(c, a, k, false);
		if (ivset_is_empty(a->v4) && ivset_is_empty(a->v6))
			addr_opaque(c, a, arena_printf(c->arena,
			    "%s has no address", name));
	} else if (fwb_is(n, "ObjectGroup")) {
		for (k = fwb_child(n); k != NULL; k = fwb_next(k)) {
			const char *mid = member_id(c, k);

			if (mid != NULL && *mid != '\0')
				addr_merge(c, a, addr_resolve(c,
				    entry_get(c, mid, fwb_loc(c, k)),
				    fwb_loc(c, k)));
		}
	} else if (fwb_is(n, "DNSName"))
		addr_opaque(c, a, arena_printf(c->arena, "DNS name %s",
		    fwb_attr(c, n, "dnsrec") ? fwb_attr(c, n, "dnsrec") :
		    name));
	else if (fwb_is(n, "AddressTable"))
		addr_opaque(c, a, arena_printf(c->arena, "address table %s",
		    name));
	else if (fwb_is(n, "physAddress"))
		addr_opaque(c, a, arena_printf(c->arena, "MAC address %s",
		    name));
	else
		addr_opaque(c, a, arena_printf(c->arena, "%s %s is not an "
		    "address", (const char *)n->name, name));
	(void)ref;
}

static const struct fwb_addr *
addr_resolve(struct fwb_ctx *c, struct fwb_entry *e, struct loc ref)
{
	struct fwb_addr *a;

	if (e->addr_state == 2)
		return &e->addr;
	a = addr_new(c);
	if (e->addr_state == 1) {
		diag_once(c->diags, DIAG_WARNING, "fwb-cycle", e->id,
		    e->node != NULL ? fwb_loc(c, e->node) : ref,
		    "group \"%s\" contains itself", object_name(c, e));
		addr_opaque(c, a, arena_printf(c->arena, "group %s contains "
		    "itself", object_name(c, e)));
		return a;
	}
	if (e->node == NULL)
		addr_opaque(c, a, arena_printf(c->arena, "undefined object "
		    "%s", e->id));
	else {
		e->addr_state = 1;
		addr_of_element(c, a, e, ref);
	}
	e->addr = *a;
	e->addr_state = 2;
	return &e->addr;
}

const struct fwb_addr *
fwb_addr_of(struct fwb_ctx *c, const char *id, struct loc ref)
{
	return addr_resolve(c, entry_get(c, id, ref), ref);
}

/* Services. */

static const struct ivset *
range_set(struct fwb_ctx *c, xmlNodePtr n, const char *lo_name,
    const char *hi_name)
{
	const char *los = fwb_attr(c, n, lo_name), *his = fwb_attr(c, n,
	    hi_name);
	long lo = los != NULL ? strtol(los, NULL, 10) : 0;
	long hi = his != NULL ? strtol(his, NULL, 10) : 0;

	/* fwbuilder: 0-0 is any port, an end of 0 means the start. */
	if (lo <= 0 && hi <= 0)
		return NULL;
	if (hi <= 0)
		hi = lo;
	if (lo < 0)
		lo = 0;
	if (hi > 65535)
		hi = 65535;
	if (lo > hi)
		return ivset_empty(c->arena);
	if (lo == 0 && hi == 65535)
		return NULL;
	return ivset_range(c->arena, u128_from64((uint64_t)lo),
	    u128_from64((uint64_t)hi));
}

static const struct ivset *
single(struct fwb_ctx *c, unsigned long v)
{
	return ivset_single(c->arena, u128_from64(v));
}

static const char *const tcp_flag_names[] = {
	"fin", "syn", "rst", "psh", "ack", "urg"
};

static void
svc_of_element(struct fwb_ctx *c, struct fwb_entry *e, struct fwb_svc *s)
{
	xmlNodePtr n = e->node;
	const char *name = fwb_attr(c, n, "name");

	if (name == NULL)
		name = e->id;
	s->family = FAMILY_ANY;
	s->text = name;
	if (fwb_is(n, "AnyIPService"))
		return;
	if (fwb_is(n, "TCPService") || fwb_is(n, "UDPService")) {
		bool tcp = fwb_is(n, "TCPService");
		unsigned mask = 0, comp = 0, i;

		s->proto = single(c, tcp ? 6 : 17);
		s->sport = range_set(c, n, "src_range_start", "src_range_end");
		s->dport = range_set(c, n, "dst_range_start", "dst_range_end");
		if (!tcp)
			return;
		for (i = 0; i < 6; i++) {
			char fl[32], fm[32];

			snprintf(fl, sizeof(fl), "%s_flag", tcp_flag_names[i]);
			snprintf(fm, sizeof(fm), "%s_flag_mask",
			    tcp_flag_names[i]);
			if (fwb_attr_true(c, n, fm))
				mask |= 1u << i;
			if (fwb_attr_true(c, n, fl))
				comp |= 1u << i;
		}
		if (mask != 0)
			s->tcpflags = tcpflags_set(c->arena, mask, comp & mask);
		if (fwb_attr_true(c, n, "established"))
			s->opaque = arena_printf(c->arena, "%s: tcp "
			    "established", name);
		return;
	}
	if (fwb_is(n, "ICMPService") || fwb_is(n, "ICMP6Service")) {
		const char *ts = fwb_attr(c, n, "type");
		const char *cs = fwb_attr(c, n, "code");
		long type = ts != NULL ? strtol(ts, NULL, 10) : -1;
		long code = cs != NULL ? strtol(cs, NULL, 10) : -1;
		bool v6 = fwb_is(n, "ICMP6Service");

		s->family = v6 ? FAMILY_IPV6 : FAMILY_IPV4;
		s->proto = single(c, v6 ? 58 : 1);
		if (type < 0 || type > 255)
			return;
		if (code < 0 || code > 255)
			s->icmp = ivset_range(c->arena,
			    u128_from64((uint64_t)type << 8),
			    u128_from64((uint64_t)type << 8 | 255));
		else
			s->icmp = single(c, (unsigned long)(type << 8 | code));
		return;
	}
	if (fwb_is(n, "IPService")) {
		static const char *const opts[] = { "fragm", "short_fragm",
		    "lsrr", "ssrr", "rr", "ts", "rtralt", "any_opt", NULL };
		const char *ps = fwb_attr(c, n, "protocol_num");
		long proto = ps != NULL ? strtol(ps, NULL, 10) : 0;
		const char *tos = fwb_attr(c, n, "tos");
		const char *dscp = fwb_attr(c, n, "dscp");
		size_t i;

		if (proto > 0 && proto <= 255)
			s->proto = single(c, (unsigned long)proto);
		for (i = 0; opts[i] != NULL; i++)
			if (fwb_attr_true(c, n, opts[i]))
				break;
		if (opts[i] != NULL || (tos != NULL && *tos != '\0') ||
		    (dscp != NULL && *dscp != '\0'))
			s->opaque = arena_printf(c->arena, "%s: IP options, "
			    "TOS or DSCP", name);
		return;
	}
	if (fwb_is(n, "CustomService"))
		s->opaque = arena_printf(c->arena, "custom service %s", name);
	else if (fwb_is(n, "TagService"))
		s->opaque = arena_printf(c->arena, "tag service %s", name);
	else if (fwb_is(n, "UserService"))
		s->opaque = arena_printf(c->arena, "user service %s", name);
	else
		s->opaque = arena_printf(c->arena, "%s %s is not a service",
		    (const char *)n->name, name);
}

static size_t svc_resolve(struct fwb_ctx *, struct fwb_entry *, struct loc,
    const struct fwb_svc **);

static size_t
svc_push(struct fwb_ctx *c, struct fwb_svc **v, size_t n, size_t *cap,
    const struct fwb_svc *add, size_t nadd)
{
	if (n + nadd > *cap) {
		size_t ncap = (n + nadd) * 2;

		*v = arena_grow(c->arena, *v, *cap * sizeof(**v),
		    ncap * sizeof(**v));
		*cap = ncap;
	}
	memcpy(*v + n, add, nadd * sizeof(*add));
	return n + nadd;
}

static size_t
svc_resolve(struct fwb_ctx *c, struct fwb_entry *e, struct loc ref,
    const struct fwb_svc **out)
{
	struct fwb_svc *v = NULL, one = { 0 };
	size_t n = 0, cap = 0;
	xmlNodePtr k;

	if (e->svc_state == 2) {
		*out = e->svc;
		return e->nsvc;
	}
	if (e->svc_state == 1) {
		diag_once(c->diags, DIAG_WARNING, "fwb-cycle", e->id,
		    e->node != NULL ? fwb_loc(c, e->node) : ref,
		    "group \"%s\" contains itself", object_name(c, e));
		one.opaque = arena_printf(c->arena, "group %s contains itself",
		    object_name(c, e));
		one.text = object_name(c, e);
		one.family = FAMILY_ANY;
		n = svc_push(c, &v, n, &cap, &one, 1);
		*out = v;
		return n;
	}
	e->svc_state = 1;
	if (e->node == NULL) {
		one.opaque = arena_printf(c->arena, "undefined object %s",
		    e->id);
		one.text = e->id;
		one.family = FAMILY_ANY;
		n = svc_push(c, &v, n, &cap, &one, 1);
	} else if (fwb_is(e->node, "ServiceGroup")) {
		for (k = fwb_child(e->node); k != NULL; k = fwb_next(k)) {
			const char *mid = member_id(c, k);
			const struct fwb_svc *sub;
			size_t nsub;

			if (mid == NULL || *mid == '\0')
				continue;
			nsub = svc_resolve(c, entry_get(c, mid, fwb_loc(c, k)),
			    fwb_loc(c, k), &sub);
			n = svc_push(c, &v, n, &cap, sub, nsub);
		}
	} else {
		svc_of_element(c, e, &one);
		n = svc_push(c, &v, n, &cap, &one, 1);
	}
	e->svc = v;
	e->nsvc = n;
	e->svc_state = 2;
	*out = v;
	return n;
}

size_t
fwb_svc_of(struct fwb_ctx *c, const char *id, struct loc ref,
    const struct fwb_svc **out)
{
	return svc_resolve(c, entry_get(c, id, ref), ref, out);
}

/* Interfaces of an Itf element. */

struct name_vec {
	const char	**v;
	size_t		 n, cap;
};

static int
ifnames_add(struct fwb_ctx *c, struct fwb_entry *e, struct loc ref,
    struct name_vec *names, const char **why)
{
	xmlNodePtr k;
	int rc = 0;

	if (e->node == NULL) {
		*why = arena_printf(c->arena, "undefined object %s", e->id);
		return -1;
	}
	if (fwb_is(e->node, "Interface")) {
		const char *name = fwb_attr(c, e->node, "name");

		VEC_PUSH(c->arena, names, intern(c->strings,
		    name != NULL ? name : ""));
		return 0;
	}
	if (!fwb_is(e->node, "ObjectGroup")) {
		*why = arena_printf(c->arena, "%s %s is not an interface",
		    (const char *)e->node->name, object_name(c, e));
		return -1;
	}
	if (e->if_state == 1) {
		*why = arena_printf(c->arena, "group %s contains itself",
		    object_name(c, e));
		return -1;
	}
	e->if_state = 1;
	for (k = fwb_child(e->node); k != NULL && rc == 0; k = fwb_next(k)) {
		const char *mid = member_id(c, k);

		if (mid != NULL && *mid != '\0')
			rc = ifnames_add(c, entry_get(c, mid, fwb_loc(c, k)),
			    fwb_loc(c, k), names, why);
	}
	e->if_state = 0;
	(void)ref;
	return rc;
}

int
fwb_ifnames_of(struct fwb_ctx *c, const char *id, struct loc ref,
    const char ***out, size_t *n, const char **why)
{
	struct name_vec names = { 0 };

	if (ifnames_add(c, entry_get(c, id, ref), ref, &names, why)
	    != 0)
		return -1;
	*out = names.v;
	*n = names.n;
	return 0;
}

bool
fwb_is_any(struct fwb_ctx *c, const char *id, struct loc ref)
{
	struct fwb_entry *e = entry_get(c, id, ref);

	return e != NULL && (fwb_is(e->node, "AnyNetwork") ||
	    fwb_is(e->node, "AnyIPService") ||
	    fwb_is(e->node, "AnyInterval"));
}
