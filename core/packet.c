/*
 * packet.c - concrete packets: parsing the words of `firelint trace`,
 * evaluating a match on a packet, and printing a packet back as words.
 *
 * packet_matches is the slow, obviously-correct evaluation that witnesses
 * are checked with, so it evaluates every condition the model holds.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"

/*
 * Fields the user did not give get the values of an ordinary first packet
 * of a connection, so that `trace tcp a:1 -> b:22` behaves as people
 * expect: state NEW, SYN set, unicast addresses, a common TTL.
 */
void
packet_init(struct packet *p, enum family f)
{
	memset(p, 0, sizeof(*p));
	p->family = f == FAMILY_IPV6 ? FAMILY_IPV6 : FAMILY_IPV4;
	p->value[FIELD_CTSTATE] = u128_from64(CTSTATE_NEW);
	p->value[FIELD_TCPFLAGS] = u128_from64(TCPF_SYN);
	p->value[FIELD_SRC_ADDRTYPE] = u128_from64(ADDRTYPE_UNICAST);
	p->value[FIELD_DST_ADDRTYPE] = u128_from64(ADDRTYPE_UNICAST);
	p->value[FIELD_PKTTYPE] = u128_from64(PKTTYPE_UNICAST);
	p->value[FIELD_TTL] = u128_from64(64);
	p->value[FIELD_LENGTH] = u128_from64(60);
}

static bool
proto_has_ports(unsigned proto)
{
	return proto == 6 || proto == 17 || proto == 33 || proto == 132 ||
	    proto == 136;
}

static bool
proto_is_icmp(enum family f, unsigned proto)
{
	return f == FAMILY_IPV6 ? proto == 58 : proto == 1;
}

/* Parser state: the words and where errors go. */
struct pp {
	struct arena	*arena;
	struct intern	*strings;
	struct diag_list *dl;
	struct packet	*p;
	char		**w;
	size_t		 nw, i;
	int		 errors;
	bool		 have_src, have_dst, seen_arrow;
	enum family	 fam;		/* of the addresses; NONE: none yet */
	enum family	 fam_word;	/* from inet/inet6 */
	int		 icmp_type, icmp_code;	/* -2: not given */
	const char	*icmp_word;	/* after "icmp-type" */
};

static void
pp_error(struct pp *pp, const char *fmt, const char *word)
{
	struct loc none;

	memset(&none, 0, sizeof(none));
	diag_emit(pp->dl, DIAG_ERROR, "packet", none, fmt, word);
	pp->errors++;
}

static bool
parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s == '\0' || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return false;
	v = strtoull(s, &end, 0);
	if (*end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

static void
set_field(struct packet *p, enum field f, uint64_t v)
{
	p->value[f] = u128_from64(v);
	p->is_set[f] = true;
}

/*
 * One endpoint: "10.0.0.1", "10.0.0.1:22", "2001:db8::1",
 * "[2001:db8::1]:22", "[2001:db8::1]".
 */
static void
parse_endpoint(struct pp *pp, const char *w, bool dst)
{
	const char *addr = w, *port = NULL;
	size_t alen = strlen(w);
	struct u128 v;
	enum family f;

	if (w[0] == '[') {
		const char *close = strchr(w, ']');

		if (close == NULL || (close[1] != '\0' && close[1] != ':')) {
			pp_error(pp, "bad address \"%s\" in packet", w);
			return;
		}
		addr = w + 1;
		alen = (size_t)(close - addr);
		if (close[1] == ':')
			port = close + 2;
	} else {
		const char *colon = strchr(w, ':');

		/* One colon: IPv4 with a port; more: a bare IPv6 address. */
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			alen = (size_t)(colon - w);
			port = colon + 1;
		}
	}
	if (addr_parse(FAMILY_IPV4, addr, alen, &v))
		f = FAMILY_IPV4;
	else if (addr_parse(FAMILY_IPV6, addr, alen, &v))
		f = FAMILY_IPV6;
	else {
		pp_error(pp, "bad address \"%s\" in packet", w);
		return;
	}
	if (pp->fam != FAMILY_NONE && pp->fam != f) {
		pp_error(pp, "address \"%s\" is not of the packet's family", w);
		return;
	}
	pp->fam = f;
	if (f == FAMILY_IPV4) {
		pp->p->value[dst ? FIELD_DST4 : FIELD_SRC4] = v;
		pp->p->is_set[dst ? FIELD_DST4 : FIELD_SRC4] = true;
	} else {
		pp->p->value[dst ? FIELD_DST6 : FIELD_SRC6] = v;
		pp->p->is_set[dst ? FIELD_DST6 : FIELD_SRC6] = true;
	}
	if (port != NULL) {
		unsigned pv;
		uint64_t n;

		if (parse_u64(port, 65535, &n))
			pv = (unsigned)n;
		else if (!service_port_parse(port, strlen(port), NULL, &pv)) {
			pp_error(pp, "bad port \"%s\" in packet", port);
			return;
		}
		set_field(pp->p, dst ? FIELD_DPORT : FIELD_SPORT, pv);
	}
	if (dst)
		pp->have_dst = true;
	else
		pp->have_src = true;
}

static bool
looks_like_endpoint(const char *w)
{
	struct u128 v;
	size_t len;
	const char *colon;

	if (w[0] == '[')
		return true;
	len = strlen(w);
	if (addr_parse(FAMILY_IPV6, w, len, &v))
		return true;
	colon = strchr(w, ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL)
		len = (size_t)(colon - w);
	/* Anything shaped like a dotted quad is meant as an address. */
	return len > 0 && isdigit((unsigned char)w[0]) &&
	    memchr(w, '.', len) != NULL;
}

/* pf-style flag letters ("S", "SA"), or iptables names ("SYN,ACK"). */
static bool
parse_flags(const char *w, unsigned *out)
{
	static const char letters[] = "FSRPAUEW";
	unsigned v = 0;
	const char *s;

	for (s = w; *s != '\0'; s++) {
		const char *k = strchr(letters, *s);

		if (k == NULL)
			break;
		v |= 1u << (k - letters);
	}
	if (*s == '\0' && s != w) {
		*out = v;
		return true;
	}
	return tcpflags_parse(w, strlen(w), out);
}

static const char *
next_word(struct pp *pp, const char *kw)
{
	if (pp->i + 1 >= pp->nw) {
		pp_error(pp, "\"%s\" needs a value in packet", kw);
		return NULL;
	}
	return pp->w[++pp->i];
}

static void
parse_word(struct pp *pp)
{
	const char *w = pp->w[pp->i], *v;
	unsigned u;
	uint64_t n;
	enum ctstate cs;
	int type, code;

	if (strcmp(w, "->") == 0 || strcasecmp(w, "to") == 0) {
		if (pp->seen_arrow)
			pp_error(pp, "\"%s\" given twice in packet", w);
		pp->seen_arrow = true;
		return;
	}
	if (strcasecmp(w, "from") == 0)
		return;
	if (strcasecmp(w, "in") == 0 || strcasecmp(w, "out") == 0) {
		bool in = strcasecmp(w, "in") == 0;

		if ((v = next_word(pp, w)) == NULL)
			return;
		if (in)
			pp->p->in_if = intern(pp->strings, v);
		else
			pp->p->out_if = intern(pp->strings, v);
		return;
	}
	if (strcasecmp(w, "physdev-in") == 0 ||
	    strcasecmp(w, "physdev-out") == 0) {
		bool in = strcasecmp(w, "physdev-in") == 0;

		if ((v = next_word(pp, w)) == NULL)
			return;
		if (in)
			pp->p->physdev_in = intern(pp->strings, v);
		else
			pp->p->physdev_out = intern(pp->strings, v);
		return;
	}
	if (strcasecmp(w, "state") == 0) {
		if ((v = next_word(pp, w)) == NULL)
			return;
		if (!ctstate_parse(v, strlen(v), &cs))
			pp_error(pp, "unknown state \"%s\" in packet", v);
		else
			set_field(pp->p, FIELD_CTSTATE, cs);
		return;
	}
	if (strcasecmp(w, "flags") == 0) {
		if ((v = next_word(pp, w)) == NULL)
			return;
		if (!parse_flags(v, &u))
			pp_error(pp, "bad TCP flags \"%s\" in packet", v);
		else
			set_field(pp->p, FIELD_TCPFLAGS, u);
		return;
	}
	if (strcasecmp(w, "mark") == 0 || strcasecmp(w, "connmark") == 0) {
		bool mark = strcasecmp(w, "mark") == 0;

		if ((v = next_word(pp, w)) == NULL)
			return;
		if (!parse_u64(v, UINT32_MAX, &n))
			pp_error(pp, "bad mark \"%s\" in packet", v);
		else if (mark)
			pp->p->mark = (uint32_t)n;
		else
			pp->p->connmark = (uint32_t)n;
		return;
	}
	if (strcasecmp(w, "ttl") == 0 || strcasecmp(w, "hoplimit") == 0 ||
	    strcasecmp(w, "length") == 0 || strcasecmp(w, "uid") == 0 ||
	    strcasecmp(w, "gid") == 0) {
		enum field f = FIELD_TTL;
		uint64_t max = 255;

		if (strcasecmp(w, "length") == 0) {
			f = FIELD_LENGTH;
			max = 65535;
		} else if (strcasecmp(w, "uid") == 0 ||
		    strcasecmp(w, "gid") == 0) {
			f = strcasecmp(w, "uid") == 0 ? FIELD_UID : FIELD_GID;
			max = UINT32_MAX;
		}
		if ((v = next_word(pp, w)) == NULL)
			return;
		if (!parse_u64(v, max, &n))
			pp_error(pp, "bad number \"%s\" in packet", v);
		else
			set_field(pp->p, f, n);
		return;
	}
	if (strcasecmp(w, "fragment") == 0) {
		set_field(pp->p, FIELD_FRAGMENT, 1);
		return;
	}
	if (strcasecmp(w, "mac") == 0 || strcasecmp(w, "src-mac") == 0) {
		unsigned b[6];
		int k, used = 0;

		if ((v = next_word(pp, w)) == NULL)
			return;
		if (sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2],
		    &b[3], &b[4], &b[5], &used) != 6 || v[used] != '\0') {
			pp_error(pp, "bad MAC address \"%s\" in packet", v);
			return;
		}
		n = 0;
		for (k = 0; k < 6; k++)
			n = n << 8 | b[k];
		set_field(pp->p, FIELD_SRC_MAC, n);
		return;
	}
	if (strcasecmp(w, "inet") == 0 || strcasecmp(w, "inet6") == 0) {
		pp->fam_word = strcasecmp(w, "inet") == 0 ? FAMILY_IPV4 :
		    FAMILY_IPV6;
		return;
	}
	if (strcasecmp(w, "icmp-type") == 0 || strcasecmp(w, "type") == 0) {
		/* Names depend on the family, known only at the end. */
		if ((v = next_word(pp, w)) != NULL)
			pp->icmp_word = v;
		return;
	}
	if (looks_like_endpoint(w)) {
		if (pp->seen_arrow) {
			if (pp->have_dst)
				pp_error(pp, "a second destination \"%s\" "
				    "in packet", w);
			else
				parse_endpoint(pp, w, true);
		} else if (pp->have_src)
			pp_error(pp, "a second source \"%s\" in packet "
			    "(missing \"->\"?)", w);
		else
			parse_endpoint(pp, w, false);
		return;
	}
	if (proto_parse(w, strlen(w), &u)) {
		if (pp->p->is_set[FIELD_PROTO])
			pp_error(pp, "a second protocol \"%s\" in packet", w);
		set_field(pp->p, FIELD_PROTO, u);
		/* "icmp echo-request": an ICMP type may follow. */
		if ((u == 1 || u == 58) && pp->i + 1 < pp->nw) {
			const char *t = pp->w[pp->i + 1];
			enum family f = u == 58 ? FAMILY_IPV6 : FAMILY_IPV4;

			if (!looks_like_endpoint(t) &&
			    icmp_parse(f, t, strlen(t), &type, &code) &&
			    type >= 0) {
				pp->icmp_type = type;
				pp->icmp_code = code;
				pp->i++;
			}
		}
		return;
	}
	pp_error(pp, "unknown word \"%s\" in packet", w);
}

int
packet_parse(struct arena *a, struct intern *in, const char *words,
    struct packet *p, struct diag_list *dl)
{
	struct pp pp;
	const char *s;
	size_t cap = 8;

	memset(&pp, 0, sizeof(pp));
	pp.arena = a;
	pp.strings = in;
	pp.dl = dl;
	pp.p = p;
	pp.icmp_type = -2;
	pp.w = arena_alloc(a, cap * sizeof(*pp.w));
	packet_init(p, FAMILY_IPV4);
	for (s = words != NULL ? words : ""; *s != '\0';) {
		const char *start;

		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		start = s;
		while (*s != '\0' && !isspace((unsigned char)*s))
			s++;
		if (pp.nw == cap) {
			pp.w = arena_grow(a, pp.w, cap * sizeof(*pp.w),
			    2 * cap * sizeof(*pp.w));
			cap *= 2;
		}
		pp.w[pp.nw++] = arena_strndup(a, start, (size_t)(s - start));
	}
	if (pp.nw == 0) {
		pp_error(&pp, "empty packet%s", "");
		return -1;
	}
	for (pp.i = 0; pp.i < pp.nw; pp.i++)
		parse_word(&pp);
	if (pp.seen_arrow && !pp.have_dst && pp.errors == 0)
		pp_error(&pp, "no destination after \"%s\" in packet", "->");
	if (pp.fam_word != FAMILY_NONE && pp.fam != FAMILY_NONE &&
	    pp.fam_word != pp.fam)
		pp_error(&pp, "the addresses are not %s", family_name(
		    pp.fam_word));
	p->family = pp.fam != FAMILY_NONE ? pp.fam :
	    pp.fam_word != FAMILY_NONE ? pp.fam_word : FAMILY_IPV4;
	if (pp.icmp_word != NULL) {
		int type, code;

		if (!icmp_parse(p->family, pp.icmp_word, strlen(pp.icmp_word),
		    &type, &code) || type < 0)
			pp_error(&pp, "unknown ICMP type \"%s\" in packet",
			    pp.icmp_word);
		else {
			pp.icmp_type = type;
			pp.icmp_code = code;
		}
	}
	if (pp.icmp_type >= 0) {
		unsigned proto = (unsigned)p->value[FIELD_PROTO].lo;

		if (!p->is_set[FIELD_PROTO])
			set_field(p, FIELD_PROTO,
			    p->family == FAMILY_IPV6 ? 58 : 1);
		else if (!proto_is_icmp(p->family, proto))
			pp_error(&pp, "an ICMP type needs protocol %s",
			    p->family == FAMILY_IPV6 ? "ipv6-icmp" : "icmp");
		set_field(p, FIELD_ICMP, (uint64_t)pp.icmp_type << 8 |
		    (uint64_t)(pp.icmp_code >= 0 ? pp.icmp_code : 0));
	}
	if ((p->is_set[FIELD_SPORT] || p->is_set[FIELD_DPORT]) &&
	    !proto_has_ports((unsigned)p->value[FIELD_PROTO].lo))
		pp_error(&pp, "ports need a protocol with ports (%s, udp, "
		    "sctp, ...)", "tcp");
	return pp.errors > 0 ? -1 : 0;
}

/* Does field f constrain packet p at all (see fields.h)? */
static bool
field_applies(const struct packet *p, enum field f)
{
	unsigned proto = (unsigned)p->value[FIELD_PROTO].lo;

	switch (f) {
	case FIELD_SRC4:
	case FIELD_DST4:
		return p->family == FAMILY_IPV4;
	case FIELD_SRC6:
	case FIELD_DST6:
		return p->family == FAMILY_IPV6;
	case FIELD_SPORT:
	case FIELD_DPORT:
		return proto_has_ports(proto);
	case FIELD_ICMP:
		return proto_is_icmp(p->family, proto);
	case FIELD_TCPFLAGS:
		return proto == 6;
	default:
		return true;
	}
}

static bool
bitmatches_hold(const struct bitmatch *b, size_t n, uint32_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((v & b[i].mask) == b[i].value) == b[i].negated)
			return false;
	return true;
}

static bool
physdev_is_ok(int8_t want, bool have)
{
	return want < 0 || (want > 0) == have;
}

bool
packet_matches(const struct packet *p, const struct match *m, bool *opaque)
{
	bool ok = true;
	int f;

	if (opaque != NULL)
		*opaque = m->opaque.n > 0 || m->sets.n > 0;
	if (m->contradiction != NULL)
		ok = false;
	if (m->family != FAMILY_NONE && !(m->family & p->family))
		ok = false;
	for (f = 0; f < FIELD_COUNT && ok; f++) {
		const struct ivset *s = m->field[f];

		if (s == NULL || !field_applies(p, (enum field)f))
			continue;
		if (!ivset_contains(s, p->value[f]))
			ok = false;
	}
	if (ok)
		ok = ifset_matches(m->in_if, p->in_if) &&
		    ifset_matches(m->out_if, p->out_if) &&
		    ifset_matches(m->physdev_in, p->physdev_in) &&
		    ifset_matches(m->physdev_out, p->physdev_out) &&
		    physdev_is_ok(m->physdev_is_in, p->physdev_in != NULL) &&
		    physdev_is_ok(m->physdev_is_out, p->physdev_out != NULL) &&
		    physdev_is_ok(m->physdev_is_bridged,
		    p->physdev_in != NULL || p->physdev_out != NULL);
	if (ok)
		ok = bitmatches_hold(m->mark.v, m->mark.n, p->mark) &&
		    bitmatches_hold(m->connmark.v, m->connmark.n, p->connmark);
	return ok;
}

static void
write_endpoint(FILE *fp, const struct packet *p, bool dst)
{
	enum field af = p->family == FAMILY_IPV6 ?
	    (dst ? FIELD_DST6 : FIELD_SRC6) : (dst ? FIELD_DST4 : FIELD_SRC4);
	enum field pf = dst ? FIELD_DPORT : FIELD_SPORT;
	bool port = p->is_set[pf] &&
	    proto_has_ports((unsigned)p->value[FIELD_PROTO].lo);
	char buf[46];

	addr_format(p->family, p->value[af], buf);
	if (p->family == FAMILY_IPV6 && port)
		fprintf(fp, "[%s]", buf);
	else
		fputs(buf, fp);
	if (port)
		fprintf(fp, ":%llu", (unsigned long long)p->value[pf].lo);
}

static void
write_flags(FILE *fp, unsigned v)
{
	static const char letters[] = "FSRPAUEW";
	int k;

	for (k = 0; k < 8; k++)
		if (v & (1u << k))
			fputc(letters[k], fp);
}

char *
packet_format(struct arena *a, const struct packet *p)
{
	char *buf = NULL, *r;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	const char *sep = "";
	bool v6 = p->family == FAMILY_IPV6;
	bool addrs = p->is_set[v6 ? FIELD_SRC6 : FIELD_SRC4] ||
	    p->is_set[v6 ? FIELD_DST6 : FIELD_DST4] ||
	    p->is_set[FIELD_SPORT] || p->is_set[FIELD_DPORT];
	unsigned proto = (unsigned)p->value[FIELD_PROTO].lo;

#define WORD(...) do {						\
	fputs(sep, fp);							\
	sep = " ";							\
	fprintf(fp, __VA_ARGS__);					\
} while (0)
	if (fp == NULL)
		abort();
	if (v6 && !addrs)
		WORD("inet6");
	if (p->is_set[FIELD_PROTO]) {
		const char *name = proto_name(proto);

		if (name != NULL)
			WORD("%s", name);
		else
			WORD("%u", proto);
	}
	if (p->is_set[FIELD_ICMP] && proto_is_icmp(p->family, proto)) {
		int type = (int)(p->value[FIELD_ICMP].lo >> 8);
		int code = (int)(p->value[FIELD_ICMP].lo & 255);
		const char *name = icmp_name(p->family, type, code);

		if (name == NULL && code == 0)
			name = icmp_name(p->family, type, -1);
		if (name != NULL)
			WORD("%s", name);
		else
			WORD("%d/%d", type, code);
	}
	if (addrs) {
		WORD("%s", "");
		write_endpoint(fp, p, false);
		WORD("->");
		WORD("%s", "");
		write_endpoint(fp, p, true);
	}
	if (p->in_if != NULL)
		WORD("in %s", p->in_if);
	if (p->out_if != NULL)
		WORD("out %s", p->out_if);
	if (p->physdev_in != NULL)
		WORD("physdev-in %s", p->physdev_in);
	if (p->physdev_out != NULL)
		WORD("physdev-out %s", p->physdev_out);
	if (p->is_set[FIELD_CTSTATE]) {
		const char *s = ctstate_name(
		    (enum ctstate)p->value[FIELD_CTSTATE].lo);

		WORD("state ");
		for (; *s != '\0'; s++)
			fputc(tolower((unsigned char)*s), fp);
	}
	if (p->is_set[FIELD_TCPFLAGS] && proto == 6) {
		WORD("flags ");
		write_flags(fp, (unsigned)p->value[FIELD_TCPFLAGS].lo);
	}
	if (p->mark != 0)
		WORD("mark 0x%x", (unsigned)p->mark);
	if (p->connmark != 0)
		WORD("connmark 0x%x", (unsigned)p->connmark);
	if (p->is_set[FIELD_TTL])
		WORD("ttl %llu", (unsigned long long)p->value[FIELD_TTL].lo);
	if (p->is_set[FIELD_LENGTH])
		WORD("length %llu",
		    (unsigned long long)p->value[FIELD_LENGTH].lo);
	if (p->is_set[FIELD_UID])
		WORD("uid %llu", (unsigned long long)p->value[FIELD_UID].lo);
	if (p->is_set[FIELD_GID])
		WORD("gid %llu", (unsigned long long)p->value[FIELD_GID].lo);
	if (p->is_set[FIELD_SRC_MAC]) {
		uint64_t m = p->value[FIELD_SRC_MAC].lo;

		WORD("mac %02x:%02x:%02x:%02x:%02x:%02x",
		    (unsigned)(m >> 40) & 255, (unsigned)(m >> 32) & 255,
		    (unsigned)(m >> 24) & 255, (unsigned)(m >> 16) & 255,
		    (unsigned)(m >> 8) & 255, (unsigned)m & 255);
	}
	if (p->is_set[FIELD_FRAGMENT] && p->value[FIELD_FRAGMENT].lo != 0)
		WORD("fragment");
#undef WORD
	fclose(fp);
	r = arena_strndup(a, buf != NULL ? buf : "", len);
	free(buf);
	return r;
}
