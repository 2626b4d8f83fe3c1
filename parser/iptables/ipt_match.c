/*
 * ipt_match.c - match modules: one table row per module, one row per
 * option, each with the handler that puts it into the model.
 *
 * Modules whose conditions are fields of the packet space (ports, flags,
 * states, addresses, marks) are modelled exactly, negation included.
 * Modules that depend on history, rates or time (limit, recent, ...) are
 * kept as opaque, nondeterministic conditions: the same packet may match
 * once and not the next time.  Options of a modelled module that have no
 * field (--tcp-option, --ctorigdst) are opaque conditions of that module.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/iptables/ipt_ext.h"

#define ARENA(c)	((c)->st->arena)

static int
bad(struct ipt_rctx *c, struct ipt_word *w, const char *what)
{
	ipt_diag_error(c->st, ipt_word_loc(c->st, w), "invalid %s \"%s\"",
	    what, w->s);
	return -1;
}

static struct ivset *
range(struct ipt_rctx *c, uint64_t lo, uint64_t hi)
{
	return ivset_range(ARENA(c), u128_from64(lo), u128_from64(hi));
}

static bool
parse_uint(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > max)
			return false;
	}
	*out = v;
	return true;
}

/* A port number or service name, as xtables_parse_port reads it. */
static bool
port_value(struct ipt_rctx *c, const char *s, size_t len, unsigned *port)
{
	uint64_t v;

	if (len > 0 && s[0] >= '0' && s[0] <= '9')
		return parse_uint(s, len, 65535, &v) && (*port = (unsigned)v,
		    true);
	return len > 0 && service_port_parse(s, len, ipt_rctx_proto_name(c),
	    port);
}

/* "a", "a:b", ":b", "a:" */
static bool
port_range(struct ipt_rctx *c, const char *s, size_t len, unsigned *lo,
    unsigned *hi)
{
	const char *colon = memchr(s, ':', len);

	if (colon == NULL)
		return port_value(c, s, len, lo) && (*hi = *lo, true);
	*lo = 0;
	*hi = 65535;
	if (colon > s && !port_value(c, s, (size_t)(colon - s), lo))
		return false;
	if (colon + 1 < s + len && !port_value(c, colon + 1,
	    (size_t)(s + len - colon - 1), hi))
		return false;
	return *lo <= *hi;
}

/*
 * The set of ports lo..hi, shared by every rule that names it: single
 * ports from a two-level table indexed by the number (no hashing, and
 * the name a service was written as no longer matters), ranges from the
 * cache.
 */
static const struct ivset *
port_interval(struct ipt_rctx *c, unsigned lo, unsigned hi)
{
	struct ipt_state *st = c->st;
	const struct ivset **page;
	const void **slot;

	if (lo != hi) {
		char key[4] = { (char)(lo >> 8), (char)lo, (char)(hi >> 8),
		    (char)hi };

		slot = ipt_cache_slot(st, 'R', key, sizeof(key));
		if (*slot == NULL)
			*slot = range(c, lo, hi);
		return *slot;
	}
	if ((page = st->port_sets[lo >> 8]) == NULL)
		page = st->port_sets[lo >> 8] = arena_zalloc(ARENA(c),
		    256 * sizeof(*page));
	if (page[lo & 255] == NULL)
		page[lo & 255] = range(c, lo, lo);
	return page[lo & 255];
}

static int
opt_port(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	unsigned lo, hi;

	if (!port_range(c, args[0]->s, args[0]->len, &lo, &hi))
		return bad(c, args[0], memchr(args[0]->s, ':', args[0]->len) ?
		    "port range" : "port");
	ipt_rctx_constrain(c, (enum field)o->param, port_interval(c, lo, hi),
	    neg, opt);
	return 0;
}

/*
 * A set of at most 15 port intervals in one allocation: sorted and merged
 * here, instead of a union (and a new set) for every port of the list.
 * The result is normalized as ivset.h requires.
 */
static struct ivset *
port_set(struct ipt_rctx *c, unsigned (*iv)[2], size_t n)
{
	struct ivset *s;
	struct interval *out;
	size_t i, j, k = 0;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && iv[j - 1][0] > iv[j][0]; j--) {
			unsigned t0 = iv[j][0], t1 = iv[j][1];

			iv[j][0] = iv[j - 1][0];
			iv[j][1] = iv[j - 1][1];
			iv[j - 1][0] = t0;
			iv[j - 1][1] = t1;
		}
	for (i = 0; i < n; i++) {
		if (k > 0 && iv[i][0] <= iv[k - 1][1] + 1) {
			if (iv[i][1] > iv[k - 1][1])
				iv[k - 1][1] = iv[i][1];
			continue;
		}
		iv[k][0] = iv[i][0];
		iv[k][1] = iv[i][1];
		k++;
	}
	s = arena_alloc(ARENA(c), sizeof(*s) + k * sizeof(*out));
	out = (struct interval *)(void *)(s + 1);
	for (i = 0; i < k; i++) {
		out[i].lo = u128_from64(iv[i][0]);
		out[i].hi = u128_from64(iv[i][1]);
	}
	s->n = k;
	s->iv = out;
	return s;
}

/* multiport: "a,b:c,..." with at most 15 ports (a range counts two). */
static const struct ivset *
port_list(struct ipt_rctx *c, struct ipt_word *w)
{
	const char *s = w->s, *p, *e;
	unsigned iv[15][2], count = 0;
	size_t n = 0;

	for (p = s; ; p = e + 1) {
		unsigned lo, hi;

		e = strchr(p, ',');
		if (e == NULL)
			e = s + w->len;
		if (!port_range(c, p, (size_t)(e - p), &lo, &hi)) {
			char *t = arena_strndup(ARENA(c), p, (size_t)(e - p));

			ipt_diag_error(c->st, ipt_word_loc(c->st, w),
			    "invalid port \"%s\" in \"%s\"", t, s);
			return NULL;
		}
		count += memchr(p, ':', (size_t)(e - p)) ? 2 : 1;
		if (n < 15) {
			iv[n][0] = lo;
			iv[n][1] = hi;
			n++;
		}
		if (*e == '\0')
			break;
	}
	if (count > 15) {
		ipt_diag_error(c->st, ipt_word_loc(c->st, w), "too many ports "
		    "in \"%s\" (multiport takes at most 15)", s);
		return NULL;
	}
	if (n == 1)
		return port_interval(c, iv[0][0], iv[0][1]);
	return port_set(c, iv, n);
}

static void
multiport_proto(struct ipt_rctx *c)
{
	static const unsigned protos[] = { 6, 17, 33, 132, 136 };
	const struct ivset *s = c->st->multiport_protos;
	size_t i;

	/* The same set for every rule: built at the first multiport. */
	if (s == NULL) {
		for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
			s = s == NULL ? range(c, protos[i], protos[i]) :
			    ivset_union(ARENA(c), s, range(c, protos[i],
			    protos[i]));
		c->st->multiport_protos = s;
	}
	ipt_rctx_constrain(c, FIELD_PROTO, s, false, NULL);
}

static int
opt_multiport(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	/*
	 * Not cached by text: in large rulesets most lists are written
	 * once, and building one costs a single allocation, less than a
	 * cache entry and its key (measured).
	 */
	const struct ivset *s = port_list(c, args[0]);

	if (s == NULL)
		return -1;
	multiport_proto(c);
	if (o->param >= 0) {
		ipt_rctx_constrain(c, (enum field)o->param, s, neg, opt);
		return 0;
	}
	/*
	 * --ports: source or destination port in the list.  Its negation
	 * is a box (neither port in the list); the option itself is not,
	 * so it stays opaque.
	 */
	if (neg) {
		ipt_rctx_constrain(c, FIELD_SPORT, s, true, opt);
		ipt_rctx_constrain(c, FIELD_DPORT, s, true, opt);
	} else
		ipt_rctx_opaque(c, opt, args[0]);
	return 0;
}

static int
opt_tcpflags(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	unsigned mask, comp;

	if (o->param) {
		mask = TCPF_SYN | TCPF_RST | TCPF_ACK | TCPF_FIN;
		comp = TCPF_SYN;
	} else {
		if (!tcpflags_parse(args[0]->s, args[0]->len, &mask))
			return bad(c, args[0], "TCP flags");
		if (!tcpflags_parse(args[1]->s, args[1]->len, &comp))
			return bad(c, args[1], "TCP flags");
	}
	{
		/* Few distinct flag tests exist: build each set once. */
		char key[2] = { (char)mask, (char)(comp & mask) };
		const void **slot = ipt_cache_slot(c->st, 'F', key, 2);

		if (*slot == NULL)
			*slot = tcpflags_set(ARENA(c), mask, comp & mask);
		ipt_rctx_constrain(c, FIELD_TCPFLAGS, *slot, neg, opt);
	}
	return 0;
}

/* --icmp-type / --icmpv6-type: "any", "8", "3/4", or a name. */
static int
opt_icmp(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const char *slash = strchr(w->s, '/');
	uint64_t type, code;
	int t, k;

	if (strcmp(w->s, "any") == 0) {
		if (neg)
			ipt_rctx_constrain(c, FIELD_ICMP, range(c, 0, 0xffff),
			    true, opt);
		return 0;
	}
	if (w->s[0] >= '0' && w->s[0] <= '9') {
		size_t l1 = slash != NULL ? (size_t)(slash - w->s) : w->len;

		if (!parse_uint(w->s, l1, 255, &type))
			return bad(c, w, "ICMP type");
		if (slash == NULL) {
			ipt_rctx_constrain(c, FIELD_ICMP, range(c, type << 8,
			    type << 8 | 255), neg, opt);
			return 0;
		}
		if (!parse_uint(slash + 1, w->len - l1 - 1, 255, &code))
			return bad(c, w, "ICMP type");
		ipt_rctx_constrain(c, FIELD_ICMP, range(c, type << 8 | code,
		    type << 8 | code), neg, opt);
		return 0;
	}
	if (!icmp_parse((enum family)o->param, w->s, w->len, &t, &k))
		return bad(c, w, o->param == FAMILY_IPV6 ? "ICMPv6 type" :
		    "ICMP type");
	ipt_rctx_constrain(c, FIELD_ICMP, k < 0 ?
	    range(c, (uint64_t)t << 8, (uint64_t)t << 8 | 255) :
	    range(c, (uint64_t)t << 8 | (uint64_t)k,
	    (uint64_t)t << 8 | (uint64_t)k), neg, opt);
	return 0;
}

/* --state / --ctstate; SNAT and DNAT (conntrack) are not modelled. */
static int
opt_state(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const char *p, *e;
	struct ivset *s = NULL;
	bool nat = false;
	const void **slot = ipt_cache_slot(c->st, 'C', w->s, w->len);

	if (*slot != NULL) {
		ipt_rctx_constrain(c, FIELD_CTSTATE, *slot, neg, opt);
		return 0;
	}

	for (p = w->s; ; p = e + 1) {
		enum ctstate v;
		size_t len;

		e = strchr(p, ',');
		if (e == NULL)
			e = w->s + w->len;
		len = (size_t)(e - p);
		if (o->param && ((len == 4 && memcmp(p, "SNAT", 4) == 0) ||
		    (len == 4 && memcmp(p, "DNAT", 4) == 0)))
			nat = true;
		else if (ctstate_parse(p, len, &v))
			s = s == NULL ? range(c, v, v) :
			    ivset_union(ARENA(c), s, range(c, v, v));
		else {
			char *t = arena_strndup(ARENA(c), p, len);

			ipt_diag_error(c->st, ipt_word_loc(c->st, w),
			    "invalid connection state \"%s\"", t);
			return -1;
		}
		if (*e == '\0')
			break;
	}
	if (nat)
		ipt_rctx_opaque(c, opt, w);
	else {
		*slot = s;
		ipt_rctx_constrain(c, FIELD_CTSTATE, s, neg, opt);
	}
	return 0;
}

static int
opt_comment(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct rule *r = c->r;
	const char *t = args[0]->s;

	(void)o;
	(void)neg;
	(void)opt;
	if (args[0]->len > 255) {
		ipt_diag_error(c->st, ipt_word_loc(c->st, args[0]),
		    "comment longer than 255 characters");
		return -1;
	}
	r->comment = r->comment == NULL ? arena_strdup(ARENA(c), t) :
	    arena_printf(ARENA(c), "%s\n%s", r->comment, t);
	return 0;
}

static int
hexdigit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

static int
opt_mac(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	uint64_t v = 0;
	size_t i;

	(void)o;
	if (w->len != 17)
		return bad(c, w, "MAC address");
	for (i = 2; i < 17; i += 3)
		if (w->s[i] != ':')
			return bad(c, w, "MAC address");
	for (i = 0; i < 17; i += 3) {
		int h = hexdigit(w->s[i]), l = hexdigit(w->s[i + 1]);

		if (h < 0 || l < 0) {
			/* Published dumps hide MACs as "XX:XX:...". */
			diag_once(c->st->diags, DIAG_WARNING, "placeholder",
			    w->s, ipt_word_loc(c->st, w), "\"%s\" is not a MAC "
			    "address (a placeholder?); the condition is kept "
			    "as opaque", w->s);
			ipt_rctx_opaque(c, opt, w);
			return 0;
		}
		v = v << 8 | (uint64_t)(h << 4 | l);
	}
	ipt_rctx_constrain(c, FIELD_SRC_MAC, range(c, v, v), neg, opt);
	return 0;
}

static int
opt_addrtype(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const char *p, *e;
	struct ivset *s = NULL;

	for (p = w->s; ; p = e + 1) {
		enum addrtype v;

		e = strchr(p, ',');
		if (e == NULL)
			e = w->s + w->len;
		if (!addrtype_parse(p, (size_t)(e - p), &v))
			return bad(c, w, "address type");
		s = s == NULL ? range(c, v, v) :
		    ivset_union(ARENA(c), s, range(c, v, v));
		if (*e == '\0')
			break;
	}
	ipt_rctx_constrain(c, (enum field)o->param, s, neg, opt);
	return 0;
}

static int
opt_physdev(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct match *m = &c->r->match;

	(void)opt;
	switch (o->param) {
	case 0:
	case 1:
		if (args[0]->len == 0 || args[0]->len > 15)
			return bad(c, args[0], "interface name");
		*(o->param == 0 ? &m->physdev_in : &m->physdev_out) =
		    ifset_single(ARENA(c), c->st->strings, args[0]->s,
		    args[0]->len, neg);
		return 0;
	case 2:
		m->physdev_is_in = neg ? 0 : 1;
		return 0;
	case 3:
		m->physdev_is_out = neg ? 0 : 1;
		return 0;
	default:
		m->physdev_is_bridged = neg ? 0 : 1;
		return 0;
	}
}

static int
opt_set(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct setref ref;
	const char *p, *e;
	unsigned n = 0;

	(void)o;
	(void)opt;
	for (p = args[1]->s; ; p = e + 1) {
		e = strchr(p, ',');
		if (e == NULL)
			e = args[1]->s + args[1]->len;
		if (!((e - p == 3 && (memcmp(p, "src", 3) == 0 ||
		    memcmp(p, "dst", 3) == 0))) || ++n > 6)
			return bad(c, args[1], "set flags (expected src or "
			    "dst, separated by commas)");
		if (*e == '\0')
			break;
	}
	ref.object = policy_object(c->st->policy, args[0]->s, OBJECT_IPSET,
	    true);
	ref.object->references++;
	ref.flags = intern_n(c->st->strings, args[1]->s, args[1]->len);
	ref.negated = neg;
	VEC_PUSH(ARENA(c), &c->r->match.sets, ref);
	return 0;
}

static bool
parse_u32(const char *s, size_t len, uint32_t *out)
{
	char buf[24], *end;
	unsigned long long v;

	if (len == 0 || len >= sizeof(buf) || s[0] == '-' || s[0] == '+')
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtoull(buf, &end, 0);
	if (*end != '\0' || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static int
opt_mark(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const char *slash = strchr(w->s, '/');
	struct bitmatch b;

	(void)opt;
	b.mask = UINT32_MAX;
	if (!parse_u32(w->s, slash != NULL ? (size_t)(slash - w->s) : w->len,
	    &b.value) || (slash != NULL && !parse_u32(slash + 1,
	    strlen(slash + 1), &b.mask)))
		return bad(c, w, "mark");
	/* Kept unmasked: the kernel tests (mark & mask) == value, so a value
	   with bits outside the mask never matches (unmatchable says so). */
	b.negated = neg;
	if (o->param)
		VEC_PUSH(ARENA(c), &c->r->match.connmark, b);
	else
		VEC_PUSH(ARENA(c), &c->r->match.mark, b);
	return 0;
}

/* --uid-owner / --gid-owner: a number or range; names need passwd. */
static int
opt_owner(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const char *dash = strchr(w->s, '-');
	uint64_t lo, hi;

	if (w->s[0] < '0' || w->s[0] > '9') {
		ipt_rctx_opaque(c, opt, w);
		return 0;
	}
	if (!parse_uint(w->s, dash != NULL ? (size_t)(dash - w->s) : w->len,
	    UINT32_MAX, &lo))
		return bad(c, w, o->param == FIELD_UID ? "user id" :
		    "group id");
	hi = lo;
	if (dash != NULL && (!parse_uint(dash + 1, strlen(dash + 1),
	    UINT32_MAX, &hi) || hi < lo))
		return bad(c, w, o->param == FIELD_UID ? "user id" :
		    "group id");
	ipt_rctx_constrain(c, (enum field)o->param, range(c, lo, hi), neg,
	    opt);
	return 0;
}

static int
opt_pkttype(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	enum pkttype v;

	(void)o;
	if (!pkttype_parse(args[0]->s, args[0]->len, &v))
		return bad(c, args[0], "packet type");
	ipt_rctx_constrain(c, FIELD_PKTTYPE, range(c, v, v), neg, opt);
	return 0;
}

/* --ttl-eq/lt/gt and --hl-eq/lt/gt: param 0 eq, 1 lt, 2 gt. */
static int
opt_ttl(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	uint64_t v;
	struct ivset *s;

	if (!parse_uint(args[0]->s, args[0]->len, 255, &v))
		return bad(c, args[0], "TTL value");
	if (o->param == 0)
		s = range(c, v, v);
	else if (o->param == 1)
		s = v == 0 ? ivset_empty(ARENA(c)) : range(c, 0, v - 1);
	else
		s = v == 255 ? ivset_empty(ARENA(c)) : range(c, v + 1, 255);
	ipt_rctx_constrain(c, FIELD_TTL, s, neg, opt);
	return 0;
}

static int
opt_length(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const char *colon = strchr(w->s, ':');
	uint64_t lo = 0, hi = 65535;

	(void)o;
	if (colon == NULL) {
		if (!parse_uint(w->s, w->len, 65535, &lo))
			return bad(c, w, "length");
		hi = lo;
	} else if ((colon > w->s && !parse_uint(w->s, (size_t)(colon - w->s),
	    65535, &lo)) || (colon[1] != '\0' && !parse_uint(colon + 1,
	    strlen(colon + 1), 65535, &hi)) || lo > hi)
		return bad(c, w, "length");
	ipt_rctx_constrain(c, FIELD_LENGTH, range(c, lo, hi), neg, opt);
	return 0;
}

static int
opt_iprange(struct ipt_rctx *c, const struct ipt_optdef *o, bool neg,
    struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_word *w = args[0];
	const struct ivset *s;
	bool v6 = c->st->family == FAMILY_IPV6;
	enum field f = o->param ? (v6 ? FIELD_DST6 : FIELD_DST4) :
	    (v6 ? FIELD_SRC6 : FIELD_SRC4);

	if (strchr(w->s, '-') == NULL ||
	    (s = ipt_addr_lookup(c->st, w->s, w->len, false)) == NULL)
		return bad(c, w, v6 ? "IPv6 address range" :
		    "IPv4 address range");
	ipt_rctx_constrain(c, f, s, neg, opt);
	return 0;
}

#define N	OPTF_NEG
#define OPAQUE(name, nargs, flags) { name, NULL, nargs, flags, NULL, 0 }

static const struct ipt_optdef tcp_opts[] = {
	{ "--sport", "--source-port", 1, N, opt_port, FIELD_SPORT },
	{ "--dport", "--destination-port", 1, N, opt_port, FIELD_DPORT },
	{ "--tcp-flags", NULL, 2, N, opt_tcpflags, 0 },
	{ "--syn", NULL, 0, N, opt_tcpflags, 1 },
	OPAQUE("--tcp-option", 1, N),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef udp_opts[] = {
	{ "--sport", "--source-port", 1, N, opt_port, FIELD_SPORT },
	{ "--dport", "--destination-port", 1, N, opt_port, FIELD_DPORT },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef sctp_opts[] = {
	{ "--sport", "--source-port", 1, N, opt_port, FIELD_SPORT },
	{ "--dport", "--destination-port", 1, N, opt_port, FIELD_DPORT },
	OPAQUE("--chunk-types", 2, N),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef dccp_opts[] = {
	{ "--sport", "--source-port", 1, N, opt_port, FIELD_SPORT },
	{ "--dport", "--destination-port", 1, N, opt_port, FIELD_DPORT },
	OPAQUE("--dccp-types", 1, N),
	OPAQUE("--dccp-option", 1, N),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef multiport_opts[] = {
	{ "--sports", "--source-ports", 1, N, opt_multiport, FIELD_SPORT },
	{ "--dports", "--destination-ports", 1, N, opt_multiport,
	    FIELD_DPORT },
	{ "--ports", NULL, 1, N, opt_multiport, -1 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef icmp_opts[] = {
	{ "--icmp-type", NULL, 1, N, opt_icmp, FAMILY_IPV4 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef icmp6_opts[] = {
	{ "--icmpv6-type", NULL, 1, N, opt_icmp, FAMILY_IPV6 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef iprange_opts[] = {
	{ "--src-range", NULL, 1, N, opt_iprange, 0 },
	{ "--dst-range", NULL, 1, N, opt_iprange, 1 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef state_opts[] = {
	{ "--state", NULL, 1, N, opt_state, 0 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef conntrack_opts[] = {
	{ "--ctstate", NULL, 1, N, opt_state, 1 },
	OPAQUE("--ctproto", 1, N),
	OPAQUE("--ctorigsrc", 1, N),
	OPAQUE("--ctorigdst", 1, N),
	OPAQUE("--ctreplsrc", 1, N),
	OPAQUE("--ctrepldst", 1, N),
	OPAQUE("--ctorigsrcport", 1, N),
	OPAQUE("--ctorigdstport", 1, N),
	OPAQUE("--ctreplsrcport", 1, N),
	OPAQUE("--ctrepldstport", 1, N),
	OPAQUE("--ctstatus", 1, N),
	OPAQUE("--ctexpire", 1, N),
	OPAQUE("--ctdir", 1, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef comment_opts[] = {
	{ "--comment", NULL, 1, 0, opt_comment, 0 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef mac_opts[] = {
	{ "--mac-source", NULL, 1, N, opt_mac, 0 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef addrtype_opts[] = {
	{ "--src-type", NULL, 1, N, opt_addrtype, FIELD_SRC_ADDRTYPE },
	{ "--dst-type", NULL, 1, N, opt_addrtype, FIELD_DST_ADDRTYPE },
	OPAQUE("--limit-iface-in", 0, 0),
	OPAQUE("--limit-iface-out", 0, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef physdev_opts[] = {
	{ "--physdev-in", NULL, 1, N, opt_physdev, 0 },
	{ "--physdev-out", NULL, 1, N, opt_physdev, 1 },
	{ "--physdev-is-in", NULL, 0, N, opt_physdev, 2 },
	{ "--physdev-is-out", NULL, 0, N, opt_physdev, 3 },
	{ "--physdev-is-bridged", NULL, 0, N, opt_physdev, 4 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef set_opts[] = {
	{ "--match-set", "--set", 2, N, opt_set, 0 },
	OPAQUE("--return-nomatch", 0, 0),
	OPAQUE("--update-counters", 0, N),
	OPAQUE("--update-subcounters", 0, N),
	OPAQUE("--packets-eq", 1, N),
	OPAQUE("--packets-lt", 1, 0),
	OPAQUE("--packets-gt", 1, 0),
	OPAQUE("--bytes-eq", 1, N),
	OPAQUE("--bytes-lt", 1, 0),
	OPAQUE("--bytes-gt", 1, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef mark_opts[] = {
	{ "--mark", NULL, 1, N, opt_mark, 0 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef connmark_opts[] = {
	{ "--mark", NULL, 1, N, opt_mark, 1 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef owner_opts[] = {
	{ "--uid-owner", NULL, 1, N, opt_owner, FIELD_UID },
	{ "--gid-owner", NULL, 1, N, opt_owner, FIELD_GID },
	OPAQUE("--socket-exists", 0, N),
	OPAQUE("--suppl-groups", 0, 0),
	OPAQUE("--pid-owner", 1, N),
	OPAQUE("--sid-owner", 1, N),
	OPAQUE("--cmd-owner", 1, N),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef pkttype_opts[] = {
	{ "--pkt-type", NULL, 1, N, opt_pkttype, 0 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef ttl_opts[] = {
	{ "--ttl-eq", NULL, 1, N, opt_ttl, 0 },
	{ "--ttl-lt", NULL, 1, 0, opt_ttl, 1 },
	{ "--ttl-gt", NULL, 1, 0, opt_ttl, 2 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef hl_opts[] = {
	{ "--hl-eq", NULL, 1, N, opt_ttl, 0 },
	{ "--hl-lt", NULL, 1, 0, opt_ttl, 1 },
	{ "--hl-gt", NULL, 1, 0, opt_ttl, 2 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef length_opts[] = {
	{ "--length", NULL, 1, N, opt_length, 0 },
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef limit_opts[] = {
	OPAQUE("--limit", 1, 0),
	OPAQUE("--limit-burst", 1, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef hashlimit_opts[] = {
	OPAQUE("--hashlimit", 1, 0),
	OPAQUE("--hashlimit-upto", 1, 0),
	OPAQUE("--hashlimit-above", 1, 0),
	OPAQUE("--hashlimit-burst", 1, 0),
	OPAQUE("--hashlimit-mode", 1, 0),
	OPAQUE("--hashlimit-srcmask", 1, 0),
	OPAQUE("--hashlimit-dstmask", 1, 0),
	OPAQUE("--hashlimit-name", 1, 0),
	OPAQUE("--hashlimit-htable-size", 1, 0),
	OPAQUE("--hashlimit-htable-max", 1, 0),
	OPAQUE("--hashlimit-htable-expire", 1, 0),
	OPAQUE("--hashlimit-htable-gcinterval", 1, 0),
	OPAQUE("--hashlimit-rate-match", 0, 0),
	OPAQUE("--hashlimit-rate-interval", 1, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef recent_opts[] = {
	OPAQUE("--name", 1, 0),
	OPAQUE("--set", 0, N),
	OPAQUE("--rcheck", 0, N),
	OPAQUE("--update", 0, N),
	OPAQUE("--remove", 0, N),
	OPAQUE("--seconds", 1, 0),
	OPAQUE("--reap", 0, 0),
	OPAQUE("--hitcount", 1, 0),
	OPAQUE("--rttl", 0, 0),
	OPAQUE("--rsource", 0, 0),
	OPAQUE("--rdest", 0, 0),
	OPAQUE("--mask", 1, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef statistic_opts[] = {
	OPAQUE("--mode", 1, 0),
	OPAQUE("--probability", 1, N),
	OPAQUE("--every", 1, N),
	OPAQUE("--packet", 1, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef connlimit_opts[] = {
	OPAQUE("--connlimit-upto", 1, 0),
	OPAQUE("--connlimit-above", 1, N),
	OPAQUE("--connlimit-mask", 1, 0),
	OPAQUE("--connlimit-saddr", 0, 0),
	OPAQUE("--connlimit-daddr", 0, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef quota_opts[] = {
	OPAQUE("--quota", 1, N),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef time_opts[] = {
	OPAQUE("--timestart", 1, 0),
	OPAQUE("--timestop", 1, 0),
	OPAQUE("--datestart", 1, 0),
	OPAQUE("--datestop", 1, 0),
	{ "--weekdays", "--days", 1, N, NULL, 0 },
	OPAQUE("--monthdays", 1, N),
	OPAQUE("--utc", 0, 0),
	OPAQUE("--localtz", 0, 0),
	OPAQUE("--kerneltz", 0, 0),
	OPAQUE("--contiguous", 0, 0),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

static const struct ipt_optdef helper_opts[] = {
	OPAQUE("--helper", 1, N),
	{ NULL, NULL, 0, 0, NULL, 0 }
};

#undef N

/* Sorted by name for the binary search. */
static const struct ipt_module module_table[] = {
	{ "addrtype", MOD_MODELLED, 0, addrtype_opts },
	{ "comment", MOD_MODELLED, 0, comment_opts },
	{ "connlimit", MOD_NONDET, 0, connlimit_opts },
	{ "connmark", MOD_MODELLED, 0, connmark_opts },
	{ "conntrack", MOD_MODELLED, 0, conntrack_opts },
	{ "dccp", MOD_MODELLED, 33, dccp_opts },
	{ "hashlimit", MOD_NONDET, 0, hashlimit_opts },
	{ "helper", MOD_OPAQUE, 0, helper_opts },
	{ "hl", MOD_MODELLED, 0, hl_opts },
	{ "icmp", MOD_MODELLED, 1, icmp_opts },
	{ "icmp6", MOD_MODELLED, 58, icmp6_opts },
	{ "iprange", MOD_MODELLED, 0, iprange_opts },
	{ "length", MOD_MODELLED, 0, length_opts },
	{ "limit", MOD_NONDET, 0, limit_opts },
	{ "mac", MOD_MODELLED, 0, mac_opts },
	{ "mark", MOD_MODELLED, 0, mark_opts },
	{ "multiport", MOD_MODELLED, 0, multiport_opts },
	{ "owner", MOD_MODELLED, 0, owner_opts },
	{ "physdev", MOD_MODELLED, 0, physdev_opts },
	{ "pkttype", MOD_MODELLED, 0, pkttype_opts },
	{ "quota", MOD_NONDET, 0, quota_opts },
	{ "recent", MOD_NONDET, 0, recent_opts },
	{ "sctp", MOD_MODELLED, 132, sctp_opts },
	{ "set", MOD_MODELLED, 0, set_opts },
	{ "state", MOD_MODELLED, 0, state_opts },
	{ "statistic", MOD_NONDET, 0, statistic_opts },
	{ "tcp", MOD_MODELLED, 6, tcp_opts },
	{ "time", MOD_NONDET, 0, time_opts },
	{ "ttl", MOD_MODELLED, 0, ttl_opts },
	{ "udp", MOD_MODELLED, 17, udp_opts },
};

#define NMODULES (sizeof(module_table) / sizeof(module_table[0]))

const struct ipt_module *
ipt_module_find(const char *name)
{
	size_t lo = 0, hi = NMODULES;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, module_table[mid].name);

		if (c == 0)
			return &module_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct ipt_module *
ipt_module_for_proto(unsigned proto, enum family fam)
{
	(void)fam;
	switch (proto) {
	case 1:
		return ipt_module_find("icmp");
	case 6:
		return ipt_module_find("tcp");
	case 17:
		return ipt_module_find("udp");
	case 33:
		return ipt_module_find("dccp");
	case 58:
		return ipt_module_find("icmp6");
	case 132:
		return ipt_module_find("sctp");
	default:
		return NULL;
	}
}
