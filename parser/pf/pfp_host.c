/*
 * pfp_host.c - addresses, lists and tables of pf.conf.
 *
 * A word where pfctl expects a host is, in pfctl's order of trying: an
 * interface or interface group (with :network, :broadcast, :peer or :0),
 * "self", an IPv4 or IPv6 address, else a host name looked up when the
 * rules are loaded.  Without the machine we cannot tell an interface from
 * a host name; both are kept opaque.  What looks like an address but is
 * not one ("10.0.0.0.1", "256.0.0.1", ":80") is an error, as in pfctl.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/pf/pfp.h"

struct pf_host *
pfp_host_new(struct pfp *st, enum pf_host_kind kind, const char *text,
    struct pf_span sp)
{
	struct pf_host *h = arena_zalloc(st->arena, sizeof(*h));

	h->kind = kind;
	h->text = text;
	h->sp = sp;
	h->af = FAMILY_ANY;
	h->tail = h;
	return h;
}

struct pf_host *
pfp_host_append(struct pf_host *a, struct pf_host *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	a->tail->next = b;
	a->tail = b->tail;
	return a;
}

struct pf_host *
pfp_host_negate(struct pf_host *h, struct pf_span sp)
{
	h->neg = !h->neg;
	h->sp = sp;
	return h;
}

struct pf_item *
pfp_item(struct pfp *st, enum pf_op op, const char *a, const char *b,
    struct pf_span sp)
{
	struct pf_item *it = arena_zalloc(st->arena, sizeof(*it));

	it->op = op;
	it->a = a;
	it->b = b;
	it->sp = sp;
	it->tail = it;
	return it;
}

struct pf_item *
pfp_item_append(struct pf_item *a, struct pf_item *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	a->tail->next = b;
	a->tail = b->tail;
	return a;
}

static bool
looks_numeric(const char *s)
{
	/* pfctl would take these for addresses, never for names. */
	return isdigit((unsigned char)s[0]) || s[0] == ':';
}

/* An address without the IPv6 scope ("fe80::1%em0"). */
static bool
parse_addr(struct pfp *st, const char *s, struct pf_host *h)
{
	size_t len = strlen(s);
	const char *pct = strchr(s, '%');
	struct ivset *set;

	if (strchr(s, ':') != NULL) {
		if (pct != NULL)
			len = (size_t)(pct - s);
		set = addrset_parse(st->arena, FAMILY_IPV6, s, len);
		if (set == NULL || strchr(s, '-') != NULL)
			return false;
		h->af = FAMILY_IPV6;
	} else {
		struct u128 v;

		if (!addr_parse(FAMILY_IPV4, s, len, &v))
			return false;
		set = ivset_single(st->arena, v);
		h->af = FAMILY_IPV4;
	}
	h->kind = PFH_ADDR;
	h->set = set;
	return true;
}

static bool
valid_ifname(const char *s)
{
	return isalpha((unsigned char)s[0]);
}

struct pf_host *
pfp_host_word(struct pfp *st, const char *s, struct pf_span sp)
{
	struct pf_host *h = pfp_host_new(st, PFH_NAME, s, sp);
	const char *colon;

	if (strcmp(s, "self") == 0) {
		h->kind = PFH_SELF;
		return h;
	}
	if (parse_addr(st, s, h))
		return h;
	if (looks_numeric(s) && !st->lenient) {
		pfp_error(st, sp, "could not parse host specification: no IP "
		    "address found for %s", s);
		h->kind = PFH_ANY;
		return h;
	}
	colon = strrchr(s, ':');
	if (colon != NULL) {
		const char *m = colon + 1;

		if (strcmp(m, "network") == 0 || strcmp(m, "broadcast") == 0
		    || strcmp(m, "peer") == 0 || strcmp(m, "0") == 0) {
			h->kind = PFH_IFNAME;
			return h;
		}
	}
	/* A name with a dot is a host name; without, most likely an
	   interface or a group (egress, em0). */
	h->kind = strchr(s, '.') != NULL ? PFH_NAME : PFH_IFNAME;
	return h;
}

/* pfctl's inet_net_pton accepts "10/8" and "10.1/16": pad with zeros. */
static const char *
pad_v4(struct pfp *st, const char *s)
{
	int dots = 0;
	const char *p;

	for (p = s; *p != '\0'; p++) {
		if (*p == '.')
			dots++;
		else if (!isdigit((unsigned char)*p))
			return s;
	}
	if (dots >= 3 || p == s || p[-1] == '.')
		return s;
	return arena_printf(st->arena, "%s%s", s,
	    dots == 0 ? ".0.0.0" : dots == 1 ? ".0.0" : ".0");
}

struct pf_host *
pfp_host_prefix(struct pfp *st, const char *s, int64_t plen,
    struct pf_span sp)
{
	struct pf_host *h = pfp_host_new(st, PFH_NAME, s, sp);
	enum family f = strchr(s, ':') != NULL ? FAMILY_IPV6 : FAMILY_IPV4;
	const char *a = f == FAMILY_IPV4 ? pad_v4(st, s) : s;
	struct u128 v;
	size_t len = strlen(a);

	h->text = arena_printf(st->arena, "%s/%lld", s, (long long)plen);
	if (addr_parse(f, a, len, &v)) {
		if (plen < 0 || plen > (int64_t)family_bits(f)) {
			pfp_error(st, sp, "illegal netmask /%lld for %s",
			    (long long)plen, s);
			h->kind = PFH_ANY;
			return h;
		}
		h->kind = PFH_ADDR;
		h->af = f;
		h->set = addrset_cidr(st->arena, f, v, (unsigned)plen);
		return h;
	}
	if (looks_numeric(s) && !st->lenient) {
		pfp_error(st, sp, "could not parse host specification: no IP "
		    "address found for %s", s);
		h->kind = PFH_ANY;
		return h;
	}
	/* An interface's network with another prefix, or a name. */
	h->kind = strchr(s, '.') != NULL ? PFH_NAME : PFH_IFNAME;
	return h;
}

/* "a.b.c.d/m.m.m.m", as fwbuilder writes it. */
struct pf_host *
pfp_host_mask(struct pfp *st, const char *s, const char *mask,
    struct pf_span sp)
{
	struct pf_host *h = pfp_host_new(st, PFH_ADDR, NULL, sp);
	enum family f = strchr(s, ':') != NULL ? FAMILY_IPV6 : FAMILY_IPV4;
	const char *t = arena_printf(st->arena, "%s/%s", s, mask);
	struct ivset *set = addrset_parse(st->arena, f, t, strlen(t));

	h->text = t;
	if (set == NULL) {
		pfp_error(st, sp, "could not parse host specification %s", t);
		h->kind = PFH_ANY;
		return h;
	}
	h->af = f;
	h->set = set;
	return h;
}

struct pf_host *
pfp_host_range(struct pfp *st, const char *a, const char *b,
    struct pf_span sp)
{
	struct pf_host *h = pfp_host_new(st, PFH_ADDR, NULL, sp);
	struct pf_host ha, hb;
	struct interval iv;

	h->text = arena_printf(st->arena, "%s - %s", a, b);
	memset(&ha, 0, sizeof(ha));
	memset(&hb, 0, sizeof(hb));
	if (!parse_addr(st, a, &ha) || !parse_addr(st, b, &hb) ||
	    ha.af != hb.af) {
		pfp_error(st, sp, "could not parse host specification: "
		    "invalid address range %s", h->text);
		h->kind = PFH_ANY;
		return h;
	}
	iv.lo = ha.set->iv[0].lo;
	iv.hi = hb.set->iv[0].hi;
	if (u128_cmp(iv.lo, iv.hi) > 0) {
		pfp_error(st, sp, "invalid address range %s: the first "
		    "address is larger", h->text);
		h->kind = PFH_ANY;
		return h;
	}
	h->af = ha.af;
	h->set = ivset_from(st->arena, &iv, 1);
	return h;
}

struct pf_host *
pfp_host_dyn(struct pfp *st, const char *name, struct pf_span sp)
{
	struct pf_host *h = pfp_host_new(st, PFH_DYN, NULL, sp);

	h->text = arena_printf(st->arena, "(%s)", name);
	if (!valid_ifname(name)) {
		pfp_error(st, sp, "invalid interface name '%s'", name);
		h->kind = PFH_ANY;
	}
	return h;
}

/* An undefined macro where a host goes: its value is unknown. */
struct pf_host *
pfp_host_macro(struct pfp *st, const char *text, struct pf_span sp)
{
	return pfp_host_new(st, PFH_MACRO, text, sp);
}

/* Tables. */

void
pfp_table_begin(struct pfp *st)
{
	st->tbl_members = NULL;
	st->tbl_const = false;
	st->tbl_files.n = 0;
	st->tbl_file_sp.n = 0;
}

void
pfp_table_file(struct pfp *st, const char *path, struct pf_span sp)
{
	VEC_PUSH(st->arena, &st->tbl_files, path);
	VEC_PUSH(st->arena, &st->tbl_file_sp, sp);
}

/*
 * A file named in pf.conf: as written, else relative to the directory of
 * the file that names it, else its base name there.
 */
const struct source_file *
pfp_open_relative(struct pfp *st, const char *path)
{
	const char *dir_end = strrchr(st->src->path, '/');
	const struct source_file *f;
	const char *base, *cand;

	if ((f = source_read(st->arena, path)) != NULL)
		return f;
	if (dir_end == NULL)
		return NULL;
	if (path[0] != '/') {
		cand = arena_printf(st->arena, "%.*s/%s",
		    (int)(dir_end - st->src->path), st->src->path, path);
		if ((f = source_read(st->arena, cand)) != NULL)
			return f;
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	cand = arena_printf(st->arena, "%.*s/%s",
	    (int)(dir_end - st->src->path), st->src->path, base);
	return source_read(st->arena, cand);
}

/* The words of a table file: addresses, "!" exceptions, "#" comments. */
static struct pf_host *
table_file_members(struct pfp *st, const struct source_file *f,
    struct pf_span sp, bool *opaque)
{
	struct pf_host *list = NULL;
	const char *p = f->text, *end = f->text + f->len;

	while (p < end) {
		const char *w;
		bool neg = false;
		struct pf_host *h;
		char *word;

		if (*p == '#') {
			while (p < end && *p != '\n')
				p++;
			continue;
		}
		if (isspace((unsigned char)*p) || *p == ',') {
			p++;
			continue;
		}
		if (*p == '!') {
			neg = true;
			p++;
			while (p < end && (*p == ' ' || *p == '\t'))
				p++;
		}
		w = p;
		while (p < end && !isspace((unsigned char)*p) && *p != '#' &&
		    *p != ',')
			p++;
		if (p == w)
			continue;
		word = arena_strndup(st->arena, w, (size_t)(p - w));
		h = pfp_host_new(st, PFH_NAME, word, sp);
		if (strchr(word, '/') != NULL) {
			char *slash = strchr(word, '/');
			enum family fam = strchr(word, ':') != NULL ?
			    FAMILY_IPV6 : FAMILY_IPV4;
			struct ivset *s = addrset_parse(st->arena, fam, word,
			    strlen(word));

			(void)slash;
			if (s != NULL) {
				h->kind = PFH_ADDR;
				h->af = fam;
				h->set = s;
			}
		} else
			parse_addr(st, word, h);
		if (h->kind != PFH_ADDR)
			*opaque = true;
		h->neg = neg;
		list = pfp_host_append(list, h);
	}
	return list;
}

/* Table entries of one family, by the width of their prefix. */
struct tentry {
	const struct ivset *set;
	bool		 neg;
	struct u128	 width;
};

static int
cmp_tentry(const void *a, const void *b)
{
	const struct tentry *x = a, *y = b;

	/* widest first: a more specific entry is applied after */
	return -u128_cmp(x->width, y->width);
}

static struct u128
set_width(const struct ivset *s)
{
	struct u128 hi, lo;

	if (s->n == 0)
		return u128_from64(0);
	hi = s->iv[0].hi;
	lo = s->iv[0].lo;
	return u128_make(hi.hi - lo.hi - (hi.lo < lo.lo ? 1 : 0),
	    hi.lo - lo.lo);
}

/*
 * Turn the table's members into one set per family.  PF looks an address
 * up by its longest matching prefix and rejects it only when that entry
 * is a "!" one (pf.conf(5), "Tables"), so the entries are applied from
 * the widest to the most specific: a positive one adds its addresses, a
 * negated one takes them away, and a more specific entry overrides the
 * wider ones around it ({ 10/8 !10.1/16 10.1.2/24 } holds 10.1.2.0/24).
 */
static void
table_value(struct pfp *st, struct match *m, const struct pf_host *list,
    bool *exact, bool *empty)
{
	struct tentry *e[2];
	size_t ne[2] = { 0, 0 }, n = 0;
	const struct pf_host *h;
	int k;

	*empty = true;
	for (h = list; h != NULL; h = h->next)
		n++;
	e[0] = arena_alloc(st->arena, (n + 1) * sizeof(*e[0]));
	e[1] = arena_alloc(st->arena, (n + 1) * sizeof(*e[1]));
	for (h = list; h != NULL; h = h->next) {
		if (h->kind != PFH_ADDR) {
			*exact = false;
			match_add_opaque(st->arena, m, h->kind == PFH_MACRO ?
			    "macro" : "table-member",
			    h->neg ? arena_printf(st->arena, "!%s", h->text) :
			    h->text, pfp_loc(st, h->sp), false);
			*empty = false;
			continue;
		}
		k = h->af == FAMILY_IPV6;
		e[k][ne[k]].set = h->set;
		e[k][ne[k]].neg = h->neg;
		e[k][ne[k]].width = set_width(h->set);
		ne[k]++;
		if (!h->neg)
			*empty = false;
	}
	m->family = FAMILY_NONE;
	for (k = 0; k < 2; k++) {
		struct ivset *s = NULL;
		bool any = false;

		qsort(e[k], ne[k], sizeof(*e[k]), cmp_tentry);
		for (size_t i = 0; i < ne[k]; i++) {
			if (e[k][i].neg) {
				if (s != NULL)
					s = ivset_subtract(st->arena, s,
					    e[k][i].set);
				continue;
			}
			any = true;
			s = s != NULL ? ivset_union(st->arena, s,
			    e[k][i].set) : ivset_union(st->arena,
			    e[k][i].set, e[k][i].set);
		}
		if (!any)
			continue;
		m->family |= k ? FAMILY_IPV6 : FAMILY_IPV4;
		m->field[k ? FIELD_SRC6 : FIELD_SRC4] = s;
	}
}

void
pfp_table_end(struct pfp *st, const char *name, struct pf_span sp)
{
	struct pfp_ctx *ctx = st->ctx;
	const char *in = intern(ctx->strings, name);
	struct object *o = policy_object(ctx->policy, in, OBJECT_TABLE, true);
	struct pf_host *h, *list = st->tbl_members;
	struct match *m;
	bool exact = true, empty, bad = false;
	size_t i;

	for (h = list; h != NULL; h = h->next) {
		switch (h->kind) {
		case PFH_TABLE:
			pfp_error(st, h->sp, "tables cannot contain tables");
			bad = true;
			break;
		case PFH_DYN:
			pfp_error(st, h->sp, "dynamic addresses are not "
			    "permitted inside tables");
			bad = true;
			break;
		case PFH_NOROUTE:
		case PFH_URPF:
		case PFH_ROUTE:
			pfp_error(st, h->sp, "\"%s\" is not permitted inside "
			    "tables", h->text);
			bad = true;
			break;
		default:
			break;
		}
	}
	if (bad)
		return;
	for (i = 0; i < st->tbl_files.n; i++) {
		const struct source_file *f = pfp_open_relative(st,
		    st->tbl_files.v[i]);

		if (f == NULL) {
			pfp_warning(st, "missing-file", st->tbl_file_sp.v[i],
			    "cannot load \"%s\": %s; the table is taken as "
			    "unknown", st->tbl_files.v[i], strerror(errno));
			exact = false;
			continue;
		}
		list = pfp_host_append(list, table_file_members(st, f,
		    st->tbl_file_sp.v[i], &exact));
	}
	if (o->defined) {
		struct diagnostic *d = diag_emit(ctx->diags, DIAG_WARNING,
		    "redefined", pfp_loc(st, sp), "table <%s> redefined", name);

		diag_add_related(ctx->diags, d, o->loc, "first defined here");
	}
	o->defined = true;
	o->loc = pfp_loc(st, sp);
	m = arena_zalloc(st->arena, sizeof(*m));
	match_init(m, FAMILY_ANY);
	table_value(st, m, list, &exact, &empty);
	/*
	 * A table without members is filled at run time (overload, pfctl -T):
	 * its contents are unknown, not empty.
	 */
	if (empty || !exact) {
		if (empty)
			match_add_opaque(st->arena, m, "table", "filled at run "
			    "time", pfp_loc(st, sp), false);
		m->family = FAMILY_ANY;
		o->kind = OBJECT_TABLE;
	}
	o->value = m;
	o->comment = st->tbl_const ? "const" : NULL;
}

/* Is the table known member by member?  Then rules use its sets. */
const struct match *
pfp_table_exact(struct pfp *st, const char *name, struct object **obj)
{
	const char *in = intern(st->ctx->strings, name);
	struct object *o = policy_object(st->ctx->policy, in, OBJECT_TABLE,
	    true);

	*obj = o;
	o->references++;
	if (!o->defined || o->value == NULL || match_is_opaque(o->value))
		return NULL;
	return o->value;
}

/*
 * Tables named inside state options ("overload <bruteforce>") are used
 * too: count them, so that they are not reported orphaned.
 */
void
pfp_table_refs(struct pfp *st, struct pf_span sp)
{
	const char *t = pfp_text(st, sp), *lt, *gt;

	for (; (lt = strchr(t, '<')) != NULL; t = gt + 1) {
		struct object *o;

		if ((gt = strchr(lt, '>')) == NULL)
			break;
		o = policy_object(st->ctx->policy, intern_n(st->ctx->strings,
		    lt + 1, (size_t)(gt - lt - 1)), OBJECT_TABLE, true);
		o->references++;
	}
}
