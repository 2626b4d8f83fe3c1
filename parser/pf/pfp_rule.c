/*
 * pfp_rule.c - pf.conf rules into the policy model.
 *
 * Encoding (what a reader of the model must know):
 * - The main ruleset is the anchor container "" and every anchor is a
 *   container named by its path ("a/b"); an anchor call is ACTION_JUMP.
 *   Entry points "pf/in" and "pf/out" both start at "": PF evaluates the
 *   whole ruleset once per packet and direction, last match wins unless a
 *   matching rule is quick, and the default is pass.
 * - FIELD_DIRECTION holds the direction of a rule (0 in, 1 out); a rule
 *   without "in"/"out" leaves it unconstrained.
 * - "on IF" is stored in match.in_if for every rule, whatever its
 *   direction: one PF evaluation concerns one packet passing one
 *   interface in one direction, so in_if means "the interface the packet
 *   passes at this point".  out_if is never used.
 * - Address lists are sets (per family); a list that mixes literal
 *   addresses with things of unknown value (tables filled at run time,
 *   "(if)", interface names, host names, self, no-route, urpf-failed,
 *   route) becomes one rule for the literal part and one per unknown
 *   member, as pfctl expands lists: a union of an exact set and an
 *   unknown one cannot be one match.  Tables known member by member are
 *   sets too; others are setrefs.
 * - pass rules with state and without "flags" get pfctl's implicit
 *   "flags S/SA", which is what they match (pfctl -nv prints it).
 * - Old translation rules (nat, rdr, binat and their anchors) go to the
 *   containers "_nat", "_rdr", "_binat" as ACTION_TRANSLATE (first match,
 *   entry points "pf/nat", "pf/rdr", "pf/binat" that do not filter).
 *   nat-to, rdr-to, binat-to, af-to stay on their pass/match rule (in
 *   action.options): they do not change its filtering decision.
 * - antispoof expands to pfctl's two block rules per interface; the
 *   interface's addresses are unknown here, so their address part is an
 *   opaque match.
 * - The audit comment of a rule is the comment lines directly above it,
 *   the comments on its own lines, and its label, joined by newlines.
 * - An undefined macro (see pfp_macro_undefined) is an opaque condition
 *   "macro" with the text "$name" where it stands: in an address list it
 *   is one unknown member like a host name, in an interface list one
 *   alternative without an interface condition; in a list of protocols,
 *   ports or ICMP types the whole condition is unknown, so the rule is
 *   widened to any value of that field with the opaque condition (its
 *   packets are a subset of the box, as opaque matches mean).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/ifset.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/pf/pfp.h"

#define R	(st->r)

void
pfp_rule_begin(struct pfp *st, enum pfp_kind kind, struct pf_span sp)
{
	memset(&R, 0, sizeof(R));
	R.kind = kind;
	R.sp = sp;
	R.dir = -1;
	R.af = FAMILY_ANY;
	R.action = ACTION_NONE;
}

static void
note_opaque(struct pfp *st, const char *what, struct pf_span sp)
{
	diag_once(st->ctx->diags, DIAG_NOTE, "opaque", what, pfp_loc(st, sp),
	    "%s is not modelled exactly: a rule using it may be found "
	    "shadowed, but never counts as covering another rule", what);
}

void
pfp_opaque(struct pfp *st, const char *module, struct pf_span sp,
    bool nondet)
{
	struct pfp_opaque o;

	o.module = module;
	o.text = NULL;
	o.sp = sp;
	o.nondet = nondet;
	VEC_PUSH(st->arena, &R.opaque, o);
}

void
pfp_opaque_text(struct pfp *st, const char *module, const char *text,
    struct pf_span sp)
{
	pfp_opaque(st, module, sp, false);
	R.opaque.v[R.opaque.n - 1].text = text;
}

/*
 * The undefined macros of a list of items, as opaque conditions: true
 * when there is one, and the field is then unknown.
 */
static bool
macro_items(struct pfp *st, const struct pf_item *items)
{
	const struct pf_item *it;
	bool any = false;

	for (it = items; it != NULL; it = it->next) {
		if (!it->macro)
			continue;
		pfp_opaque_text(st, "macro", it->a[0] == '$' || it->b == NULL ?
		    it->a : it->b, it->sp);
		any = true;
	}
	return any;
}

void
pfp_translate(struct pfp *st, const char *kind, struct pf_host *h,
    struct pf_span sp)
{
	R.translate = true;
	R.translate_kind = kind;
	R.rdr = h;
	R.rdr_sp = sp;
}

/* "S/SA": the letters pfctl knows, in header bit order. */
static bool
flag_bits(const char *s, unsigned *out)
{
	static const char letters[] = "FSRPAUEW";
	unsigned b = 0;

	for (; *s != '\0'; s++) {
		const char *p = strchr(letters, *s);

		if (p == NULL)
			return false;
		b |= 1u << (p - letters);
	}
	*out = b;
	return true;
}

void
pfp_flags(struct pfp *st, const char *set, const char *mask,
    struct pf_span sp)
{
	unsigned s, m;

	if (!flag_bits(set, &s) || !flag_bits(mask, &m)) {
		pfp_error(st, sp, "bad flags %s/%s", set, mask);
		return;
	}
	if ((s & ~m) != 0) {
		pfp_error(st, sp, "flags always false");
		return;
	}
	R.have_flags = true;
	R.flags_set = s;
	R.flags_mask = m;
}

/*
 * pfctl's order of sections (FreeBSD adds ethernet rules after options).
 * Newer pfctl versions dropped the rule for everything but old-style
 * scrub rules, which must still come before translation and filtering
 * unless "set require-order no" says otherwise.
 */
void
pfp_rulestate(struct pfp *st, int state, struct pf_span sp)
{
	if (state == 2 && st->ctx->rulestate > 3 && !st->ctx->any_order) {
		pfp_error(st, sp, "Rules must be in order: options, "
		    "normalization, queueing, translation, filtering");
		return;
	}
	if (state > st->ctx->rulestate)
		st->ctx->rulestate = state;
}

void
pfp_set(struct pfp *st, struct pf_span sp)
{
	const char *t = pfp_text(st, sp);

	if (strncmp(t, "set require-order", 17) == 0)
		st->ctx->any_order = strcmp(t + 17, " no") == 0;
	/* As in pfctl, it holds for the plain "block" rules read after it. */
	else if (strcmp(t, "set block-policy return") == 0)
		st->ctx->block_return = true;
	else if (strcmp(t, "set block-policy drop") == 0)
		st->ctx->block_return = false;
}

void
pfp_statement_note(struct pfp *st, const char *what, struct pf_span sp)
{
	diag_once(st->ctx->diags, DIAG_NOTE, "opaque", what, pfp_loc(st, sp),
	    "%s are read but not analyzed", what);
}

static uint32_t
line_of(const struct pfp *st, uint32_t off)
{
	if (off >= st->src->len)
		off = st->src->len > 0 ? (uint32_t)st->src->len - 1 : 0;
	return source_loc(st->src, off, 1).line;
}

/* binat is one to one: pfctl's checks, for its regress tests. */
void
pfp_check_binat(struct pfp *st, struct pf_span sp)
{
	struct pf_host *sides[3] = { R.src, R.dst, R.rdr };
	enum family af = R.af;
	int i;

	(void)sp;
	if (R.kind != PFK_BINAT)
		return;
	for (i = 0; i < 3; i++) {
		struct pf_host *h = sides[i];

		if (h == NULL)
			continue;
		if (h->next != NULL) {
			pfp_error(st, h->sp, i == 1 ? "multiple binat ip "
			    "addresses" : "syntax error: binat takes one "
			    "address here");
			return;
		}
		if (i != 1 && (h->neg || h->kind == PFH_NOROUTE ||
		    h->kind == PFH_URPF)) {
			pfp_error(st, h->sp, "syntax error: binat takes one "
			    "address here");
			return;
		}
		if (h->kind != PFH_ADDR)
			continue;
		if (af == FAMILY_ANY)
			af = h->af;
		else if (af != h->af) {
			pfp_error(st, h->sp, i == 1 ? "no translation address "
			    "with matching address family found." :
			    "binat ip versions must match");
			return;
		}
	}
	if (af == FAMILY_ANY && !R.no)
		pfp_error(st, R.sp, "address family (inet/inet6) undefined");
}

/*
 * Ports: a number, a service name, or a:b.  A name missing from the
 * built-in list is not an error (pfctl reads the machine's
 * /etc/services): the rule's port condition becomes opaque.
 */
static bool
port_value(struct pfp *st, const char *s, const char *proto, unsigned *out,
    struct pf_span sp)
{
	char *end;
	long v;

	if (isdigit((unsigned char)s[0])) {
		errno = 0;
		v = strtol(s, &end, s[0] == '0' && (s[1] == 'x' ||
		    s[1] == 'X') ? 16 : 10);
		if (*end != '\0' || errno != 0 || v < 0 || v > 65535) {
			pfp_error(st, sp, "illegal port value %s", s);
			return false;
		}
		*out = (unsigned)v;
		return true;
	}
	if (service_port_parse(s, strlen(s), proto, out) ||
	    service_port_parse(s, strlen(s), strcmp(proto, "tcp") == 0 ?
	    "udp" : "tcp", out))
		return true;
	st->port_unknown = true;
	(void)sp;
	return false;
}

static struct ivset *
range(struct arena *a, unsigned lo, unsigned hi)
{
	if (lo > hi)
		return ivset_empty(a);
	return ivset_range(a, u128_from64(lo), u128_from64(hi));
}

static const struct ivset *
port_set(struct pfp *st, const struct pf_item *items, const char *proto)
{
	struct ivset *all = NULL;
	const struct pf_item *it;

	for (it = items; it != NULL; it = it->next) {
		struct ivset *s = NULL;
		unsigned a, b;
		const char *colon = strchr(it->a, ':');

		if (it->op == PFOP_NONE && colon != NULL) {
			char *lo = arena_strndup(st->arena, it->a,
			    (size_t)(colon - it->a));

			if (!port_value(st, lo, proto, &a, it->sp) ||
			    !port_value(st, colon + 1, proto, &b, it->sp))
				return NULL;
			if (a > b) {
				pfp_error(st, it->sp, "invalid port range %s",
				    it->a);
				return NULL;
			}
			s = range(st->arena, a, b);
		} else {
			if (!port_value(st, it->a, proto, &a, it->sp))
				return NULL;
			if (it->b != NULL && !port_value(st, it->b, proto, &b,
			    it->sp))
				return NULL;
			switch (it->op) {
			case PFOP_NONE:
			case PFOP_EQ:
				s = range(st->arena, a, a);
				break;
			case PFOP_NE:
				s = ivset_union(st->arena, range(st->arena, 0,
				    a == 0 ? 0 : a - 1), range(st->arena,
				    a + 1, 65535));
				if (a == 0)
					s = range(st->arena, 1, 65535);
				break;
			case PFOP_LT:
				s = a == 0 ? ivset_empty(st->arena) :
				    range(st->arena, 0, a - 1);
				break;
			case PFOP_LE:
				s = range(st->arena, 0, a);
				break;
			case PFOP_GT:
				s = range(st->arena, a + 1, 65535);
				break;
			case PFOP_GE:
				s = range(st->arena, a, 65535);
				break;
			case PFOP_IRG:
				s = b <= a + 1 ? ivset_empty(st->arena) :
				    range(st->arena, a + 1, b - 1);
				break;
			case PFOP_XRG:
				s = ivset_union(st->arena, a == 0 ?
				    ivset_empty(st->arena) : range(st->arena,
				    0, a - 1), range(st->arena, b + 1, 65535));
				break;
			}
		}
		all = all == NULL ? s : ivset_union(st->arena, all, s);
	}
	return all;
}

/* ICMP codes by pfctl's names (icmp_code[] of pfctl_parser.c's table). */
static const struct {
	const char	*name;
	int		 type, code;
	bool		 v6;
} icmp_codes[] = {
	{ "net-unr", 3, 0, false }, { "host-unr", 3, 1, false },
	{ "proto-unr", 3, 2, false }, { "port-unr", 3, 3, false },
	{ "needfrag", 3, 4, false }, { "srcfail", 3, 5, false },
	{ "net-unk", 3, 6, false }, { "host-unk", 3, 7, false },
	{ "isolate", 3, 8, false }, { "net-prohib", 3, 9, false },
	{ "host-prohib", 3, 10, false }, { "net-tos", 3, 11, false },
	{ "host-tos", 3, 12, false }, { "filter-prohib", 3, 13, false },
	{ "host-preced", 3, 14, false }, { "cutoff-preced", 3, 15, false },
	{ "redir-net", 5, 0, false }, { "redir-host", 5, 1, false },
	{ "redir-tos-net", 5, 2, false }, { "redir-tos-host", 5, 3, false },
	{ "normal-adv", 9, 0, false }, { "common-adv", 9, 16, false },
	{ "transit", 11, 0, false }, { "reassemb", 11, 1, false },
	{ "badhead", 12, 0, false }, { "optmiss", 12, 1, false },
	{ "badlen", 12, 2, false }, { "unknown-ind", 40, 1, false },
	{ "auth-fail", 40, 2, false }, { "decrypt-fail", 40, 3, false },
	{ "noroute-unr", 1, 0, true }, { "admin-unr", 1, 1, true },
	{ "notnbr-unr", 1, 2, true }, { "beyond-unr", 1, 2, true },
	{ "addr-unr", 1, 3, true },
	{ "port-unr", 1, 4, true }, { "transit", 3, 0, true },
	{ "reassemb", 3, 1, true }, { "badhead", 4, 0, true },
	{ "nxthdr", 4, 1, true }, { "redironlink", 137, 0, true },
	{ "unknownopt", 4, 2, true },
};

/* pfctl's type names that the shared table lacks. */
static const struct {
	const char	*name;
	int		 type;
	bool		 v6;
} icmp_more[] = {
	{ "skip", 39, false }, { "routeradv", 134, true },
	{ "neighbrsol", 135, true }, { "neighbradv", 136, true },
	{ "redir", 137, true }, { "routrrenum", 138, true },
	{ "wrureq", 139, true }, { "wrurep", 140, true },
	{ "fqdnreq", 139, true }, { "fqdnrep", 140, true },
	{ "niqry", 139, true }, { "nirep", 140, true },
	{ "mtraceresp", 200, true }, { "mtrace", 201, true },
	{ "listenrepv2", 143, true },
};

static bool
icmp_type(enum family fam, const char *s, int *type, int *code)
{
	size_t k;

	if (icmp_parse(fam, s, strlen(s), type, code))
		return true;
	for (k = 0; k < sizeof(icmp_more) / sizeof(icmp_more[0]); k++)
		if (icmp_more[k].v6 == (fam == FAMILY_IPV6) &&
		    strcmp(icmp_more[k].name, s) == 0) {
			*type = icmp_more[k].type;
			*code = -1;
			return true;
		}
	return false;
}

/*
 * The replies of block rules.  pfctl's defaults are port unreachable for
 * both families, and "return-icmp(code)" leaves the ICMPv6 reply at the
 * IPv4 default's number (type 3 code 3, time exceeded): pfctl does so.
 */
#define RET_ICMP	(3u << 8 | 3u)
#define RET_ICMP6	(1u << 8 | 4u)

/* An ICMP code of a reply, by number or by pfctl's name. */
static bool
reply_code(struct pfp *st, const struct pf_word *w, bool v6,
    struct pf_span sp, unsigned *out)
{
	unsigned type = v6 ? RET_ICMP6 >> 8 : RET_ICMP >> 8;
	unsigned long v;
	char *end;
	size_t k;

	errno = 0;
	v = strtoul(w->s, &end, 0);
	if (isdigit((unsigned char)w->s[0]) && *end == '\0') {
		if (v > 255 || errno != 0) {
			pfp_error(st, sp, "invalid icmp code %s", w->s);
			return false;
		}
		*out = type << 8 | (unsigned)v;
		return true;
	}
	for (k = 0; k < sizeof(icmp_codes) / sizeof(icmp_codes[0]); k++)
		if (icmp_codes[k].v6 == v6 &&
		    icmp_codes[k].type == (int)type &&
		    strcmp(icmp_codes[k].name, w->s) == 0) {
			*out = type << 8 | (unsigned)icmp_codes[k].code;
			return true;
		}
	pfp_error(st, sp, "unknown icmp code %s", w->s);
	return false;
}

void
pfp_block(struct pfp *st, enum pfp_ret ret, const struct pf_word *a,
    const struct pf_word *b, struct pf_span sp)
{
	unsigned v;

	R.ret = ret;
	R.ret_icmp = RET_ICMP;
	R.ret_icmp6 = RET_ICMP6;
	R.ret_ttl = 0;
	if (a == NULL)
		return;
	switch (ret) {
	case PFR_RST: {
		unsigned long ttl;
		char *end;

		if (strcmp(a->s, "ttl") != 0) {
			pfp_error(st, sp, "syntax error");
			return;
		}
		errno = 0;
		ttl = strtoul(b->s, &end, 10);
		if (!isdigit((unsigned char)b->s[0]) || *end != '\0' ||
		    errno != 0 || ttl > 255) {
			pfp_error(st, sp, "illegal ttl value %s", b->s);
			return;
		}
		R.ret_ttl = (unsigned)ttl;
		break;
	}
	case PFR_ICMP:
		if (!reply_code(st, a, false, sp, &v))
			return;
		R.ret_icmp = v;
		if (b == NULL)
			R.ret_icmp6 = RET_ICMP;
		else if (reply_code(st, b, true, sp, &v))
			R.ret_icmp6 = v;
		break;
	case PFR_ICMP6:
		if (reply_code(st, a, true, sp, &v))
			R.ret_icmp6 = v;
		break;
	default:
		break;
	}
}

/* pfctl's name of an ICMP code, else its number. */
static const char *
reply_code_text(struct pfp *st, unsigned v, bool v6)
{
	size_t k;

	for (k = 0; k < sizeof(icmp_codes) / sizeof(icmp_codes[0]); k++)
		if (icmp_codes[k].v6 == v6 &&
		    icmp_codes[k].type == (int)(v >> 8) &&
		    icmp_codes[k].code == (int)(v & 255))
			return icmp_codes[k].name;
	return arena_printf(st->arena, "%u", v & 255);
}

/*
 * The reply of a block rule as pfctl prints it back (print_rule), for
 * the rule's address family: the options of its ACTION_REJECT, equal
 * for equal replies however they were written.
 */
static const char *
block_reply(struct pfp *st, enum pfp_ret ret, enum family fam)
{
	switch (ret) {
	case PFR_RETURN:
		return "return";
	case PFR_RST:
		return R.ret_ttl == 0 ? "return-rst" : arena_printf(
		    st->arena, "return-rst(ttl %u)", R.ret_ttl);
	case PFR_ICMP:
	case PFR_ICMP6:
		if (fam == FAMILY_IPV4)
			return arena_printf(st->arena, "return-icmp(%s)",
			    reply_code_text(st, R.ret_icmp, false));
		if (fam == FAMILY_IPV6)
			return arena_printf(st->arena, "return-icmp6(%s)",
			    reply_code_text(st, R.ret_icmp6, true));
		return arena_printf(st->arena, "return-icmp(%s, %s)",
		    reply_code_text(st, R.ret_icmp, false),
		    reply_code_text(st, R.ret_icmp6, true));
	default:
		return NULL;
	}
}

static const struct ivset *
icmp_set(struct pfp *st, const struct pf_item *items, enum family fam)
{
	struct ivset *all = NULL;
	const struct pf_item *it;

	for (it = items; it != NULL; it = it->next) {
		int type, code = -1;
		struct ivset *s;

		if (!icmp_type(fam, it->a, &type, &code) ||
		    type < 0 || type > 255) {
			pfp_error(st, it->sp, "unknown %s %s", fam ==
			    FAMILY_IPV6 ? "icmp6-type" : "icmp-type", it->a);
			return NULL;
		}
		if (it->b != NULL) {
			char *end;
			long v = strtol(it->b, &end, 10);
			size_t k;

			code = -1;
			if (*end == '\0' && v >= 0 && v <= 255)
				code = (int)v;
			for (k = 0; code < 0 && k < sizeof(icmp_codes) /
			    sizeof(icmp_codes[0]); k++)
				if (strcmp(icmp_codes[k].name, it->b) == 0 &&
				    icmp_codes[k].v6 == (fam == FAMILY_IPV6) &&
				    icmp_codes[k].type == type)
					code = icmp_codes[k].code;
			if (code < 0) {
				pfp_error(st, it->sp, "unknown icmp-code %s",
				    it->b);
				return NULL;
			}
		}
		if (code >= 0)
			s = range(st->arena, (unsigned)type << 8 |
			    (unsigned)code, (unsigned)type << 8 |
			    (unsigned)code);
		else
			s = range(st->arena, (unsigned)type << 8,
			    (unsigned)type << 8 | 255);
		all = all == NULL ? s : ivset_union(st->arena, all, s);
	}
	return all;
}

/* One alternative of an address list (see the encoding above). */
enum group_kind { G_ANY, G_EXACT, G_SETREF, G_OPAQUE };

struct group {
	enum group_kind	 kind;
	enum family	 fam;
	const struct ivset *set[2];	/* v4, v6 */
	struct object	*object;
	bool		 neg;
	const char	*module;	/* G_OPAQUE */
	const char	*text;
	struct pf_span	 sp;
	bool		 table;		/* a table's addresses are in set[] */
};

/* Literal addresses of both families, which pfctl expands by family. */
static bool
both_families(const struct group *g)
{
	return g->kind == G_EXACT && !g->table && g->set[0] != NULL &&
	    g->set[1] != NULL;
}

static const char *
host_kind_name(enum pf_host_kind k)
{
	switch (k) {
	case PFH_DYN:
		return "a dynamic interface address (if)";
	case PFH_IFNAME:
		return "an interface or group address";
	case PFH_SELF:
		return "self";
	case PFH_NOROUTE:
		return "no-route";
	case PFH_URPF:
		return "urpf-failed";
	case PFH_ROUTE:
		return "route";
	case PFH_NAME:
		return "a host name";
	case PFH_TABLE:
		return "a table whose members are unknown";
	case PFH_MACRO:
		return "an undefined macro";
	default:
		return "an address";
	}
}

static void
add_set(struct pfp *st, struct group *g, int k, const struct ivset *s)
{
	g->set[k] = g->set[k] == NULL ? s : ivset_union(st->arena, g->set[k],
	    s);
	g->fam |= k ? FAMILY_IPV6 : FAMILY_IPV4;
}

static size_t
side_groups(struct pfp *st, const struct pf_host *hosts, bool src,
    struct group *out, size_t max)
{
	struct group exact;
	const struct pf_host *h;
	size_t n = 1;
	int k;

	memset(&exact, 0, sizeof(exact));
	exact.kind = G_EXACT;
	exact.fam = FAMILY_NONE;
	if (hosts == NULL) {
		memset(out, 0, sizeof(*out));
		out->kind = G_ANY;
		out->fam = FAMILY_ANY;
		return 1;
	}
	for (h = hosts; h != NULL; h = h->next) {
		struct group *g;
		const struct match *t;
		struct object *obj;

		switch (h->kind) {
		case PFH_ANY:
			if (!h->neg) {
				memset(out, 0, sizeof(*out));
				out->kind = G_ANY;
				out->fam = FAMILY_ANY;
				return 1;
			}
			continue;
		case PFH_ADDR:
			k = h->af == FAMILY_IPV6;
			add_set(st, &exact, k, h->neg ? ivset_complement(
			    st->arena, h->set, family_max(h->af)) : h->set);
			continue;
		case PFH_TABLE:
			t = pfp_table_exact(st, h->text, &obj);
			if (t != NULL) {
				exact.table = true;
				for (k = 0; k < 2; k++) {
					const struct ivset *s =
					    t->field[k ? FIELD_SRC6 :
					    FIELD_SRC4];
					enum family f = k ? FAMILY_IPV6 :
					    FAMILY_IPV4;

					if (h->neg)
						add_set(st, &exact, k, s ==
						    NULL ? ivset_range(
						    st->arena, u128_from64(0),
						    family_max(f)) :
						    ivset_complement(st->arena,
						    s, family_max(f)));
					else if (s != NULL)
						add_set(st, &exact, k, s);
				}
				continue;
			}
			if (n >= max)
				continue;
			g = &out[n++];
			memset(g, 0, sizeof(*g));
			g->kind = G_SETREF;
			g->fam = FAMILY_ANY;
			g->object = obj;
			g->neg = h->neg;
			g->sp = h->sp;
			note_opaque(st, host_kind_name(h->kind), h->sp);
			continue;
		default:
			if (n >= max)
				continue;
			g = &out[n++];
			memset(g, 0, sizeof(*g));
			g->kind = G_OPAQUE;
			g->fam = FAMILY_ANY;
			g->neg = h->neg;
			g->module = h->kind == PFH_MACRO ? "macro" : src ?
			    "from" : "to";
			g->text = h->neg ? arena_printf(st->arena, "! %s",
			    h->text) : h->text;
			g->sp = h->sp;
			/* An undefined macro has its own finding. */
			if (h->kind != PFH_MACRO)
				note_opaque(st, host_kind_name(h->kind), h->sp);
			continue;
		}
	}
	if (exact.fam != FAMILY_NONE) {
		out[0] = exact;
		return n;
	}
	/* No literal member: drop the unused first slot. */
	if (n == 1) {
		/* Only "! any" or nothing usable: matches nothing. */
		out[0] = exact;
		return 1;
	}
	memmove(out, out + 1, (n - 1) * sizeof(*out));
	return n - 1;
}

static size_t
hosts_count(const struct pf_host *h)
{
	size_t n = 0;

	for (; h != NULL; h = h->next)
		n++;
	return n;
}

static void
apply_group(struct pfp *st, struct match *m, const struct group *g,
    bool src)
{
	int k;

	switch (g->kind) {
	case G_ANY:
		break;
	case G_EXACT:
		for (k = 0; k < 2; k++)
			if (g->set[k] != NULL && (m->family & (k ?
			    FAMILY_IPV6 : FAMILY_IPV4)))
				match_constrain(st->arena, m, src ? (k ?
				    FIELD_SRC6 : FIELD_SRC4) : (k ?
				    FIELD_DST6 : FIELD_DST4), g->set[k],
				    NULL);
		break;
	case G_SETREF: {
		struct setref r;

		r.object = g->object;
		r.flags = src ? "src" : "dst";
		r.negated = g->neg;
		VEC_PUSH(st->arena, &m->sets, r);
		break;
	}
	case G_OPAQUE:
		match_add_opaque(st->arena, m, g->module, g->text,
		    pfp_loc(st, g->sp), false);
		break;
	}
}

/*
 * Interface alternatives: the positive names together, each "!" alone,
 * each undefined macro alone (mac[k], without an interface condition).
 */
static size_t
if_groups(struct pfp *st, const struct pf_item *ifs, struct ifset **out,
    const struct pf_item **mac, size_t max)
{
	const struct pf_item *it;
	size_t n = 0, npos = 0, k;
	struct ifset *pos;

	out[0] = NULL;
	for (k = 0; k < max; k++)
		mac[k] = NULL;
	if (ifs == NULL)
		return 1;
	for (it = ifs; it != NULL; it = it->next) {
		if (!it->neg && !it->macro && strcmp(it->a, "any") == 0)
			return 1;
		if (!it->neg && !it->macro)
			npos++;
	}
	if (npos > 0) {
		pos = arena_zalloc(st->arena, sizeof(*pos));
		pos->names = arena_alloc(st->arena, npos * sizeof(char *));
		for (it = ifs, k = 0; it != NULL; it = it->next)
			if (!it->neg && !it->macro)
				pos->names[k++] = intern(st->ctx->strings,
				    it->a);
		pos->n = npos;
		out[n++] = pos;
	}
	for (it = ifs; it != NULL && n < max; it = it->next)
		if (it->neg && !it->macro)
			out[n++] = ifset_single(st->arena, st->ctx->strings,
			    it->a, strlen(it->a), true);
	for (it = ifs; it != NULL && n < max; it = it->next)
		if (it->macro) {
			out[n] = NULL;
			mac[n++] = it;
		}
	for (it = ifs; it != NULL; it = it->next)
		if (!it->macro)
			policy_interface(st->ctx->policy, it->a, true);
	return n;
}

/* The audit comment: comments above and beside the rule, and its label. */
static const char *
rule_comment(struct pfp *st, struct pf_span whole)
{
	uint32_t l0 = line_of(st, whole.off);
	uint32_t l1 = line_of(st, whole.end > whole.off ? whole.end - 1 :
	    whole.off);
	size_t i, first, end;
	char *text = NULL;

	end = st->comment_pos;
	while (end < st->comments.n && st->comments.v[end].line <= l1)
		end++;
	/* Own-line comments on the lines just above l0, without a gap. */
	first = end;
	while (first > st->comment_pos) {
		const struct pfp_comment *c = &st->comments.v[first - 1];
		uint32_t want = first < end && st->comments.v[first].line <
		    l0 ? st->comments.v[first].line - 1 : l0 - 1;

		if (c->line >= l0) {
			first--;
			continue;
		}
		if (!c->own_line || c->line != want)
			break;
		first--;
	}
	for (i = first; i < end; i++) {
		const struct pfp_comment *c = &st->comments.v[i];

		if (c->line > l1 || (c->line >= l0 && c->own_line))
			continue;
		text = text == NULL ? arena_strdup(st->arena, c->text) :
		    arena_printf(st->arena, "%s\n%s", text, c->text);
	}
	st->comment_pos = end;
	if (R.label != NULL)
		text = text == NULL ? arena_printf(st->arena, "label %s",
		    R.label) : arena_printf(st->arena, "%s\nlabel %s", text,
		    R.label);
	return text;
}

static const char *
host_list_text(struct pfp *st, const struct pf_host *h)
{
	const char *s = NULL;

	for (; h != NULL; h = h->next) {
		const char *t = h->neg ? arena_printf(st->arena, "! %s",
		    h->text) : h->text;

		s = s == NULL ? t : arena_printf(st->arena, "%s, %s", s, t);
	}
	return s;
}

static struct container *
translation_container(struct pfp *st, enum pfp_kind k, struct loc loc)
{
	struct pfp_ctx *ctx = st->ctx;
	struct container **slot;
	const char *name;

	switch (k) {
	case PFK_NAT:
	case PFK_NATANCHOR:
		slot = &ctx->nat;
		name = "_nat";
		break;
	case PFK_RDR:
	case PFK_RDRANCHOR:
		slot = &ctx->rdr;
		name = "_rdr";
		break;
	default:
		slot = &ctx->binat;
		name = "_binat";
		break;
	}
	if (*slot == NULL)
		*slot = policy_add_container(ctx->policy, name, NULL,
		    FAMILY_ANY, CONTAINER_ANCHOR, loc);
	return *slot;
}

/* The path of anchor name called from the anchor being filled. */
static const char *
anchor_path(struct pfp *st, const char *name)
{
	const char *cur = st->ctx->cur->name;

	if (name[0] == '/')
		return intern(st->ctx->strings, name + 1);
	if (st->ctx->cur == st->ctx->main || cur[0] == '\0' ||
	    cur[0] == '_')
		return intern(st->ctx->strings, name);
	return intern(st->ctx->strings, arena_printf(st->arena, "%s/%s", cur,
	    name));
}

static bool
portable(unsigned p)
{
	return p == 6 || p == 17 || p == 132;
}

/* Checks pfctl makes on a rule as a whole. */
static bool
check_rule(struct pfp *st, const unsigned *protos, size_t nprotos,
    bool proto_unknown)
{
	size_t i;
	bool ok = true;

	if (R.kind == PFK_RDRANCHOR) {
		const struct pf_item *d = R.dport;

		if (R.sport != NULL) {
			pfp_error(st, R.sport->sp, "source port parameter "
			    "not supported in rdr-anchor");
			return false;
		}
		if (d != NULL && d->next != NULL) {
			pfp_error(st, d->sp, "destination port list "
			    "expansion not supported in rdr-anchor");
			return false;
		}
		if (d != NULL && (d->op != PFOP_NONE && d->op != PFOP_EQ)) {
			pfp_error(st, d->sp, "destination port operators not "
			    "supported in rdr-anchor");
			return false;
		}
	}
	if (R.kind == PFK_BINATANCHOR) {
		if (nprotos > 1) {
			pfp_error(st, R.proto_sp, "proto list expansion not "
			    "supported in binat-anchor");
			return false;
		}
		if (R.have_from || R.have_to) {
			pfp_error(st, R.sp, "fromto parameter not supported "
			    "in binat-anchor");
			return false;
		}
	}
	if ((R.sport != NULL || R.dport != NULL) && !proto_unknown) {
		bool all_portable = nprotos > 0;

		for (i = 0; i < nprotos; i++)
			if (!portable(protos[i]))
				all_portable = false;
		if (!all_portable) {
			const struct pf_item *p = R.dport != NULL ? R.dport :
			    R.sport;

			pfp_error(st, p->sp, "%s only applies to tcp/udp",
			    R.dport != NULL && R.kind == PFK_RDR ?
			    "dst port" : "port");
			ok = false;
		}
	}
	return ok;
}

/* One model rule of the current rule. */
static struct rule *
new_rule(struct pfp *st, struct pf_span whole, const char *text,
    const char *comment)
{
	struct rule *r = arena_zalloc(st->arena, sizeof(*r));

	r->loc = pfp_loc(st, whole);
	r->text = text;
	r->comment = comment;
	r->log = R.log;
	r->quick = R.quick;
	r->action.loc = pfp_loc(st, R.action_sp.end > R.action_sp.off ?
	    R.action_sp : R.sp);
	return r;
}

static void
set_direction(struct pfp *st, struct match *m, int dir)
{
	if (dir >= 0)
		match_constrain(st->arena, m, FIELD_DIRECTION,
		    ivset_single(st->arena, u128_from64((uint64_t)dir)),
		    NULL);
}

/*
 * antispoof for IF: pfctl's block rules.  "block drop in on ! IF from
 * IF's networks", and for an interface that is neither a loopback nor
 * dynamic also "block drop in from IF's own addresses".  The addresses
 * are the interface's, unknown here: that part is opaque.
 */
static void
antispoof(struct pfp *st, struct pf_span whole, const char *text,
    const char *comment)
{
	const struct pf_item *it;

	for (it = R.ifs; it != NULL; it = it->next) {
		const char *ifn = it->a;
		bool dyn = it->b != NULL;
		int pass, npass = dyn || strncmp(ifn, "lo", 2) == 0 ? 1 : 2;

		if (!it->macro)
			policy_interface(st->ctx->policy, ifn, true);
		for (pass = 0; pass < npass; pass++) {
			struct rule *r = new_rule(st, whole, text, comment);

			match_init(&r->match, R.af);
			set_direction(st, &r->match, 0);
			if (pass == 0 && it->macro)
				match_add_opaque(st->arena, &r->match, "macro",
				    arena_printf(st->arena, "! %s", ifn),
				    pfp_loc(st, it->sp), false);
			else if (pass == 0)
				r->match.in_if = ifset_single(st->arena,
				    st->ctx->strings, ifn, strlen(ifn), true);
			match_add_opaque(st->arena, &r->match, "from",
			    arena_printf(st->arena, pass == 1 ? "%s" : dyn ?
			    "(%s:network)" : "%s:network", ifn),
			    pfp_loc(st, it->sp), false);
			r->action.kind = ACTION_DROP;
			r->action.target = "block drop";
			r->action.options = "antispoof";
			container_append(st->ctx->policy, st->ctx->cur, r);
		}
	}
	note_opaque(st, "antispoof (interface addresses)", R.sp);
}

#define MAXGROUPS	64

void
pfp_rule_end(struct pfp *st, struct pf_span whole)
{
	struct pfp_ctx *ctx = st->ctx;
	struct group *sg, *dg;
	struct ifset *ig[MAXGROUPS];
	const struct pf_item *imac[MAXGROUPS];
	size_t ns, nd, ni, nf, i, j, k, nprotos = 0, made = 0;
	bool tables_only = false;
	unsigned protos[64];
	const struct pf_item *it;
	const struct ivset *pset = NULL, *sports = NULL, *dports = NULL;
	const struct ivset *icmp = NULL, *icmp6 = NULL;
	const char *text, *comment, *pname = "tcp", *options = NULL;
	struct container *c;
	enum pfp_ret ret;
	bool bad = false, proto_unknown;

	st->pending_path = NULL;
	text = pfp_text(st, whole);
	comment = rule_comment(st, whole);
	proto_unknown = macro_items(st, R.protos);
	for (it = R.protos; it != NULL && !proto_unknown; it = it->next) {
		unsigned p;

		if (!proto_parse(it->a, strlen(it->a), &p) || p > 255) {
			pfp_error(st, it->sp, "unknown protocol %s", it->a);
			return;
		}
		if (nprotos < 64)
			protos[nprotos++] = p;
		pset = pset == NULL ? ivset_single(st->arena, u128_from64(p)) :
		    ivset_union(st->arena, pset, ivset_single(st->arena,
		    u128_from64(p)));
		if (p == 17 && strcmp(pname, "tcp") == 0 && nprotos == 1)
			pname = "udp";
	}
	if (!check_rule(st, protos, nprotos, proto_unknown))
		return;
	/* An ICMP protocol against the other address family. */
	if (nprotos > 0) {
		bool v4 = false, v6 = false;

		for (i = 0; i < nprotos; i++) {
			if (protos[i] == 1)
				v4 = true;
			else if (protos[i] == 58)
				v6 = true;
		}
		/*
		 * pfctl refuses "inet6 proto icmp" but leaves a rule without
		 * an address family at af 0, and the kernel (pf_test_rule)
		 * then matches any packet of that protocol, IPv6 with
		 * next header 1 included: no family is implied.
		 */
		if (v4 && !v6 && R.af == FAMILY_IPV6) {
			pfp_error(st, R.proto_sp, "proto icmp doesn't match "
			    "address family inet6");
			return;
		}
		if (v6 && !v4 && R.af == FAMILY_IPV4) {
			pfp_error(st, R.proto_sp, "proto icmp6 doesn't match "
			    "address family inet");
			return;
		}
	}
	st->port_unknown = false;
	if (macro_items(st, R.sport))
		R.sport = NULL;
	if (macro_items(st, R.dport))
		R.dport = NULL;
	if (macro_items(st, R.icmp))
		R.icmp = NULL;
	if (macro_items(st, R.icmp6))
		R.icmp6 = NULL;
	if (R.sport != NULL && (sports = port_set(st, R.sport, pname)) == NULL
	    && !st->port_unknown)
		bad = true;
	if (st->port_unknown) {
		pfp_opaque(st, "port", R.sport->sp, false);
		st->port_unknown = false;
	}
	if (R.dport != NULL && (dports = port_set(st, R.dport, pname)) == NULL
	    && !st->port_unknown)
		bad = true;
	if (st->port_unknown) {
		pfp_opaque(st, "port", R.dport->sp, false);
		st->port_unknown = false;
	}
	if (R.icmp != NULL && (icmp = icmp_set(st, R.icmp, FAMILY_IPV4)) ==
	    NULL)
		bad = true;
	if (R.icmp6 != NULL && (icmp6 = icmp_set(st, R.icmp6, FAMILY_IPV6))
	    == NULL)
		bad = true;
	if (bad)
		return;
	/* An undefined macro has its own finding (undefined-reference). */
	for (i = 0; i < R.opaque.n; i++)
		if (strcmp(R.opaque.v[i].module, "macro") != 0)
			note_opaque(st, R.opaque.v[i].module,
			    R.opaque.v[i].sp);

	/* Where the rule goes and what it does. */
	switch (R.kind) {
	case PFK_NAT:
	case PFK_RDR:
	case PFK_BINAT:
	case PFK_NATANCHOR:
	case PFK_RDRANCHOR:
	case PFK_BINATANCHOR:
		c = translation_container(st, R.kind, pfp_loc(st, whole));
		break;
	case PFK_ANTISPOOF:
		antispoof(st, whole, text, comment);
		return;
	default:
		c = ctx->cur;
		break;
	}
	if (R.rdr != NULL)
		options = arena_printf(st->arena, "%s %s", R.translate ?
		    R.translate_kind : "->", host_list_text(st, R.rdr));
	if (R.tag != NULL)
		options = options == NULL ? arena_printf(st->arena, "tag %s",
		    R.tag) : arena_printf(st->arena, "%s tag %s", options,
		    R.tag);
	if (R.kind == PFK_ANCHOR && R.anchor == NULL)
		R.anchor = arena_printf(st->arena, "_%u", ++ctx->anon_anchors);
	/* A block rule rejects when it sends a reply, else it drops. */
	ret = R.ret == PFR_POLICY ? ctx->block_return ? PFR_RETURN :
	    PFR_DROP : R.ret;
	if (R.kind == PFK_FILTER && ret != PFR_NONE)
		R.action = ret == PFR_DROP ? ACTION_DROP : ACTION_REJECT;

	/* One alternative per unknown member, plus the literal ones. */
	ns = hosts_count(R.src) + 1;
	nd = hosts_count(R.dst) + 1;
	sg = arena_alloc(st->arena, ns * sizeof(*sg));
	dg = arena_alloc(st->arena, nd * sizeof(*dg));
	ns = side_groups(st, R.src, true, sg, ns);
	nd = side_groups(st, R.dst, false, dg, nd);
	ni = if_groups(st, R.ifs, ig, imac, MAXGROUPS);
	/*
	 * pfctl gives a table no address family: "pass inet6 from <t>" with
	 * IPv4 members only is accepted and matches nothing.  When tables
	 * leave no valid combination at all, the rule is kept as one that
	 * can never match (the unmatchable check says why).
	 */
	for (i = 0; i < ns && !tables_only; i++)
		for (j = 0; j < nd; j++)
			if ((R.af & sg[i].fam & dg[j].fam) != FAMILY_NONE)
				tables_only = true;
	tables_only = !tables_only;
	for (i = 0; i < ns; i++) {
		for (j = 0; j < nd; j++) {
			enum family fam = R.af & sg[i].fam &
			    dg[j].fam;
			bool empty = false;

			if (fam == FAMILY_NONE && tables_only &&
			    (sg[i].table || dg[j].table)) {
				fam = R.af & (sg[i].table ? FAMILY_ANY :
				    sg[i].fam) & (dg[j].table ? FAMILY_ANY :
				    dg[j].fam);
				empty = true;
			}
			if (fam == FAMILY_NONE)
				continue;
			/*
			 * pfctl makes one rule per family of a list that has
			 * addresses of both, and prints an ICMP reply for
			 * that family only: so does the model, that the
			 * replies compare to pfctl's output.
			 */
			nf = fam == FAMILY_ANY && !empty && (ret == PFR_ICMP ||
			    ret == PFR_ICMP6) && (both_families(&sg[i]) ||
			    both_families(&dg[j])) ? 2 : 1;
			for (k = 0; k < ni * nf; k++) {
				struct rule *r = new_rule(st, whole, text,
				    comment);
				struct match *m = &r->match;
				enum family rf = nf == 1 ? fam : k < ni ?
				    FAMILY_IPV4 : FAMILY_IPV6;
				size_t x = k % ni;

				match_init(m, rf);
				apply_group(st, m, &sg[i], true);
				apply_group(st, m, &dg[j], false);
				if (empty)
					m->contradiction = "its table has no "
					    "address of the rule's address "
					    "family";
				m->in_if = ig[x];
				if (imac[x] != NULL)
					match_add_opaque(st->arena, m, "macro",
					    imac[x]->neg ? arena_printf(
					    st->arena, "! %s", imac[x]->a) :
					    imac[x]->a, pfp_loc(st,
					    imac[x]->sp), false);
				if (pset != NULL)
					match_constrain(st->arena, m,
					    FIELD_PROTO, pset, NULL);
				if (sports != NULL)
					match_constrain(st->arena, m,
					    FIELD_SPORT, sports, NULL);
				if (dports != NULL)
					match_constrain(st->arena, m,
					    FIELD_DPORT, dports, NULL);
				if (icmp != NULL || icmp6 != NULL)
					match_constrain(st->arena, m,
					    FIELD_ICMP, icmp != NULL ? icmp :
					    icmp6, NULL);
				if (R.have_flags && R.flags_mask != 0)
					match_constrain(st->arena, m,
					    FIELD_TCPFLAGS, tcpflags_set(
					    st->arena, R.flags_mask,
					    R.flags_set), NULL);
				else if (!R.have_flags && R.kind ==
				    PFK_FILTER && R.action == ACTION_ACCEPT &&
				    R.state >= 0 && (pset == NULL ||
				    ivset_contains(pset, u128_from64(6))))
					match_constrain(st->arena, m,
					    FIELD_TCPFLAGS, tcpflags_set(
					    st->arena, TCPF_SYN | TCPF_ACK,
					    TCPF_SYN), NULL);
				for (size_t o = 0; o < R.opaque.n; o++)
					match_add_opaque(st->arena, m,
					    R.opaque.v[o].module,
					    R.opaque.v[o].text != NULL ?
					    R.opaque.v[o].text :
					    pfp_text(st, R.opaque.v[o].sp),
					    pfp_loc(st, R.opaque.v[o].sp),
					    R.opaque.v[o].nondet);
				switch (R.kind) {
				case PFK_FILTER:
					set_direction(st, m, R.dir);
					r->action.kind = R.action;
					r->action.target = R.action_word;
					break;
				case PFK_ANCHOR:
				case PFK_NATANCHOR:
				case PFK_RDRANCHOR:
				case PFK_BINATANCHOR: {
					const char *path = anchor_path(st,
					    R.anchor);

					set_direction(st, m, R.dir);
					r->action.kind = ACTION_JUMP;
					r->action.target = path;
					r->action.container =
					    policy_find_container(ctx->policy,
					    path, NULL);
					if (r->action.container != NULL &&
					    r->action.container->table != NULL)
						r->action.container = NULL;
					VEC_PUSH(st->arena, &st->calls, r);
					break;
				}
				default:
					set_direction(st, m, R.kind ==
					    PFK_NAT ? 1 : R.kind == PFK_RDR ?
					    0 : R.dir);
					r->action.kind = ACTION_TRANSLATE;
					r->action.target = R.kind == PFK_NAT ?
					    "nat" : R.kind == PFK_RDR ?
					    "rdr" : "binat";
					if (R.no)
						r->action.target = arena_printf(
						    st->arena, "no %s",
						    r->action.target);
					break;
				}
				/*
				 * What a rejected packet gets back is the
				 * decision; a tag on a rule that blocks has
				 * no effect (pfctl does not tag replies).
				 */
				r->action.options = r->action.kind ==
				    ACTION_REJECT ? block_reply(st, ret, rf) :
				    options;
				container_append(ctx->policy, c, r);
				made++;
			}
		}
	}
	if (made == 0) {
		pfp_error(st, R.sp, "rule expands to no valid combination: "
		    "the address families of its parts do not meet");
		return;
	}
	st->pending_path = R.kind == PFK_ANCHOR ? anchor_path(st, R.anchor) :
	    NULL;
	st->pending_first = st->calls.n - (R.kind == PFK_ANCHOR ? made : 0);
}

/* The rules between braces after an anchor call fill that anchor. */
void
pfp_anchor_open(struct pfp *st, struct pf_span sp)
{
	struct pfp_ctx *ctx = st->ctx;
	struct container *c;
	size_t i;

	if (st->pending_path == NULL) {
		/* The call itself had errors: read the block into a
		   throwaway anchor so its lines are still checked. */
		c = policy_add_container(ctx->policy, "_error", "error",
		    FAMILY_ANY, CONTAINER_ANCHOR, pfp_loc(st, sp));
	} else {
		c = policy_find_container(ctx->policy, st->pending_path,
		    NULL);
		if (c == NULL || c->table != NULL)
			c = policy_add_container(ctx->policy,
			    st->pending_path, NULL, FAMILY_ANY,
			    CONTAINER_ANCHOR, pfp_loc(st, sp));
		for (i = st->pending_first; i < st->calls.n; i++) {
			struct rule *r = st->calls.v[i];

			if (r->action.container == NULL) {
				r->action.container = c;
				c->references++;
			}
		}
	}
	VEC_PUSH(st->arena, &st->anchors, ctx->cur);
	ctx->cur = c;
	st->pending_path = NULL;
}

void
pfp_anchor_close(struct pfp *st)
{
	if (st->anchors.n > 0)
		st->ctx->cur = st->anchors.v[--st->anchors.n];
}

static void
parse_sub(struct pfp *st, const struct source_file *f)
{
	struct pfp *sub = arena_zalloc(st->arena, sizeof(*sub));

	sub->ctx = st->ctx;
	sub->arena = st->arena;
	sub->src = f;
	st->ctx->depth++;
	if (pfp_scan_run(sub) < 0 && sub->ctx->nerrors == 0) {
		diag_emit(st->ctx->diags, DIAG_ERROR, "syntax",
		    source_loc(f, 0, 0), "the file could not be parsed");
		st->ctx->nerrors++;
	}
	st->ctx->depth--;
	/* Calls made in the other file still need their anchors. */
	for (size_t i = 0; i < sub->calls.n; i++)
		VEC_PUSH(st->arena, &st->ctx->all_calls, sub->calls.v[i]);
}

void
pfp_include(struct pfp *st, const char *path, struct pf_span sp)
{
	const struct source_file *f;

	if (st->ctx->depth >= 16) {
		pfp_error(st, sp, "include nesting too deep");
		return;
	}
	if ((f = pfp_open_relative(st, path)) == NULL) {
		pfp_warning(st, "missing-file", sp, "cannot open \"%s\": %s; "
		    "its rules are not analyzed", path, strerror(errno));
		return;
	}
	parse_sub(st, f);
}

void
pfp_load_anchor(struct pfp *st, const char *name, const char *path,
    struct pf_span sp)
{
	struct pfp_ctx *ctx = st->ctx;
	const struct source_file *f;
	struct container *c, *saved = ctx->cur;
	int state = ctx->rulestate;
	const char *in = intern(ctx->strings, name[0] == '/' ? name + 1 :
	    name);

	c = policy_find_container(ctx->policy, in, NULL);
	if (c == NULL || c->table != NULL)
		c = policy_add_container(ctx->policy, in, NULL, FAMILY_ANY,
		    CONTAINER_ANCHOR, pfp_loc(st, sp));
	if (ctx->depth >= 16) {
		pfp_error(st, sp, "include nesting too deep");
		return;
	}
	if ((f = pfp_open_relative(st, path)) == NULL) {
		pfp_warning(st, "missing-file", sp, "cannot load anchor "
		    "\"%s\" from \"%s\": %s; its rules are not analyzed", name,
		    path, strerror(errno));
		return;
	}
	ctx->cur = c;
	ctx->rulestate = 0;
	parse_sub(st, f);
	ctx->cur = saved;
	ctx->rulestate = state;
}
