/*
 * test_box.c - the exact set algebra (analyzer/box.c) against a brute-force
 * oracle over a tiny packet space, the interface universe against
 * ifset_matches, and boxes of real iptables rules against packet_matches.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyzer/box.h"
#include "analyzer/normalize.h"
#include "core/addr.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "parser/iptables/iptables.h"

/* A fixed-seed generator, so that every run checks the same cases. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static unsigned
rndn(uint64_t *s, unsigned n)
{
	return (unsigned)(rnd(s) % n);
}

/*
 * The tiny space.  Each enumerated dimension has a few values; for the
 * dimensions whose domain is larger, the last value stands for "every
 * other value of the domain", which random sets take or leave as a whole.
 */
enum { D_SRC, D_DPORT, D_PROTO, D_IN, D_STATE, ND };

static const int tdim[ND] = { FIELD_SRC4, FIELD_DPORT, FIELD_PROTO,
	BOX_DIM_IN_IF, FIELD_CTSTATE };
static unsigned tcount[ND];		/* values per dimension */
static uint64_t tval[ND][10];		/* the values; [n-1] may be "other" */
static bool tother[ND];			/* last value stands for the rest */
static unsigned npoints;

#define PWORDS	((9 * 9 * 3 * 8 * 5 + 63) / 64)

struct pset {
	uint64_t	w[PWORDS];
};

static void
tiny_init(const struct box_universe *u)
{
	unsigned i;

	tcount[D_SRC] = 9;
	for (i = 0; i < 8; i++)
		tval[D_SRC][i] = 0x0a000000u + i;
	tval[D_SRC][8] = 0x0a000008u;
	tother[D_SRC] = true;
	tcount[D_DPORT] = 9;
	for (i = 0; i < 9; i++)
		tval[D_DPORT][i] = 20 + i;
	tother[D_DPORT] = true;
	tcount[D_PROTO] = 3;
	tval[D_PROTO][0] = 6;
	tval[D_PROTO][1] = 17;
	tval[D_PROTO][2] = 0;
	tother[D_PROTO] = true;
	tcount[D_IN] = (unsigned)box_universe_size(u);
	assert_true(tcount[D_IN] <= 8);
	for (i = 0; i < tcount[D_IN]; i++)
		tval[D_IN][i] = i;
	tother[D_IN] = false;
	tcount[D_STATE] = CTSTATE_COUNT;
	for (i = 0; i < CTSTATE_COUNT; i++)
		tval[D_STATE][i] = i;
	tother[D_STATE] = false;
	npoints = 1;
	for (i = 0; i < ND; i++)
		npoints *= tcount[i];
	assert_true(npoints <= PWORDS * 64);
}

/* The members of a box's dimension among the tiny values, as a mask. */
static unsigned
dim_mask(const struct box *b, int k)
{
	const struct ivset *s = b->dim[tdim[k]];
	unsigned m = 0, i;

	for (i = 0; i < tcount[k]; i++)
		if (ivset_contains(s, u128_from64(tval[k][i])))
			m |= 1u << i;
	if (tother[k]) {
		/* "Other" values are all in or all out: spot-check two more. */
		bool o = (m >> (tcount[k] - 1)) & 1;
		uint64_t far = k == D_SRC ? 0xffffffffu : k == D_DPORT ?
		    65535 : 255;

		assert_int_equal(ivset_contains(s, u128_from64(far)), o);
		assert_int_equal(ivset_contains(s,
		    u128_from64(k == D_SRC ? 0 : 1)), o);
	}
	return m;
}

/* The index of the lowest set bit of a non-zero mask. */
static unsigned
low_bit(unsigned m)
{
	unsigned i = 0;

	while (!(m & 1)) {
		m >>= 1;
		i++;
	}
	return i;
}

static unsigned
point_index(const unsigned *ix)
{
	unsigned p = 0, k;

	for (k = 0; k < ND; k++)
		p = p * tcount[k] + ix[k];
	return p;
}

static void
box_pset(const struct box *b, struct pset *out)
{
	unsigned mask[ND], ix[ND], k, d;

	memset(out, 0, sizeof(*out));
	assert_int_equal(b->family, FAMILY_IPV4);
	/* Dimensions outside the tiny space stay full. */
	for (d = 0; d < BOX_NDIMS; d++) {
		bool tiny = false;

		for (k = 0; k < ND; k++)
			tiny = tiny || (int)d == tdim[k];
		if (!tiny)
			assert_true(ivset_is_full(b->dim[d],
			    d < FIELD_COUNT ? field_max((enum field)d) :
			    d == BOX_DIM_ATOMS ? u128_from64(0) :
			    u128_from64(tcount[D_IN] - 1)));
	}
	for (k = 0; k < ND; k++)
		if ((mask[k] = dim_mask(b, (int)k)) == 0)
			return;
	/* Only the members: an odometer over each mask's set bits. */
	for (k = 0; k < ND; k++)
		ix[k] = low_bit(mask[k]);
	for (;;) {
		unsigned p = point_index(ix);

		out->w[p / 64] |= UINT64_C(1) << (p % 64);
		for (k = ND; k-- > 0;) {
			unsigned rest = mask[k] >> ix[k] >> 1;

			if (rest != 0) {
				ix[k] += 1 + low_bit(rest);
				break;
			}
			ix[k] = low_bit(mask[k]);
		}
		if (k == (unsigned)-1)
			break;
	}
}

static bool
pset_empty(const struct pset *p)
{
	for (unsigned i = 0; i < PWORDS; i++)
		if (p->w[i])
			return false;
	return true;
}

static bool
pset_eq(const struct pset *a, const struct pset *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* The oracle's set of a region; asserts its boxes are disjoint, non-empty. */
static void
region_pset(const struct region *r, struct pset *out)
{
	struct pset p;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->boxes.n; i++) {
		box_pset(r->boxes.v[i], &p);
		assert_false(pset_empty(&p));
		for (unsigned w = 0; w < PWORDS; w++) {
			assert_int_equal(out->w[w] & p.w[w], 0);
			out->w[w] |= p.w[w];
		}
	}
}

/* The tiny point of a packet, or -1 when it is outside the tiny space. */
static int
packet_point(const struct box_universe *u, const struct packet *pk)
{
	unsigned ix[ND], k, i;

	for (k = 0; k < ND; k++) {
		uint64_t v = tdim[k] == BOX_DIM_IN_IF ?
		    box_universe_id(u, pk->in_if) : pk->value[tdim[k]].lo;

		for (i = 0; i < tcount[k] && tval[k][i] != v; i++)
			continue;
		if (i == tcount[k]) {
			if (!tother[k])
				return -1;
			i = tcount[k] - 1;	/* some other value */
		}
		ix[k] = i;
	}
	return (int)point_index(ix);
}

static bool
pset_has(const struct pset *p, int pt)
{
	return pt >= 0 && ((p->w[pt / 64] >> (pt % 64)) & 1);
}

/* A random set of a tiny dimension as an ivset (sometimes full). */
static const struct ivset *
rnd_dim(struct arena *a, uint64_t *s, int k, struct u128 max)
{
	struct ivset *in = ivset_empty(a), *out = ivset_empty(a);
	unsigned i, n = tother[k] ? tcount[k] - 1 : tcount[k];
	unsigned pct = rndn(s, 4) == 0 ? 100 : 40 + rndn(s, 50);

	for (i = 0; i < n; i++) {
		struct ivset *one = ivset_single(a, u128_from64(tval[k][i]));

		if (rndn(s, 100) < pct)
			in = ivset_union(a, in, one);
		else
			out = ivset_union(a, out, one);
	}
	if (tother[k] && rndn(s, 100) < pct)
		return ivset_complement(a, out, max);
	return in;
}

static struct box *
rnd_box(struct arena *a, const struct box_universe *u, uint64_t *s)
{
	struct box *b = box_full(a, u, FAMILY_IPV4);

	for (int k = 0; k < ND; k++)
		b->dim[tdim[k]] = rnd_dim(a, s, k,
		    box_dim_max(u, (enum box_dim)tdim[k]));
	return b;
}

static struct box_universe *
tiny_universe(struct arena *a, struct intern *in)
{
	struct box_universe *u = box_universe_new(a, in);

	box_universe_add_name(u, "eth0");
	box_universe_add_name(u, "eth1");
	box_universe_add_name(u, "lo");
	box_universe_add_name(u, "eth+");
	assert_int_equal(box_universe_finish(u), 0);
	/* eth0 eth1 [eth+ others] lo [the rest] [none] */
	assert_int_equal(box_universe_size(u), 6);
	return u;
}

#define CASES	3000

static void
test_oracle(void **state)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct box_universe *u = tiny_universe(a, in);
	uint64_t seed = 0x9e3779b97f4a7c15u;
	unsigned c, nonempty = 0, subsets = 0, over = 0;

	(void)state;
	tiny_init(u);
	for (c = 0; c < CASES; c++) {
		struct arena *t = arena_new();
		struct box *A = rnd_box(t, u, &seed), *B = rnd_box(t, u, &seed);
		struct pset pa, pb, pi, pr, exp, got;
		struct box **pieces;
		struct region r, r2;
		struct packet pk;
		size_t n, i;
		unsigned k, w;

		box_pset(A, &pa);
		box_pset(B, &pb);
		assert_int_equal(box_is_empty(A), pset_empty(&pa));
		/* intersect, overlaps */
		box_pset(box_intersect(t, A, B), &pi);
		for (w = 0; w < PWORDS; w++)
			exp.w[w] = pa.w[w] & pb.w[w];
		assert_true(pset_eq(&pi, &exp));
		assert_int_equal(box_overlaps(A, B), !pset_empty(&exp));
		assert_int_equal(box_is_empty(box_intersect(t, A, B)),
		    pset_empty(&exp));
		/* subset */
		for (w = 0; w < PWORDS; w++)
			exp.w[w] = pa.w[w] & ~pb.w[w];
		assert_int_equal(box_subset(A, B), pset_empty(&exp));
		subsets += box_subset(A, B);
		/* subtract: disjoint non-empty pieces, at most one per dim */
		box_subtract(t, A, B, &pieces, &n);
		assert_true(n <= BOX_NDIMS);
		region_init(&r, FAMILY_IPV4);
		for (i = 0; i < n; i++)
			VEC_PUSH(t, &r.boxes, pieces[i]);
		region_pset(&r, &got);
		assert_true(pset_eq(&got, &exp));
		/* witness of a box */
		if (box_witness(u, A, &pk)) {
			assert_true(box_contains_packet(u, A, &pk));
			assert_true(pset_has(&pa, packet_point(u, &pk)));
			nonempty++;
		} else
			assert_true(pset_empty(&pa));
		/* a region: A minus a few boxes, plus one, times one */
		region_from_box(t, &r, A);
		pr = pa;
		k = 1 + rndn(&seed, 6);
		while (k-- > 0) {
			struct box *X = rnd_box(t, u, &seed);
			struct pset px;
			size_t before = r.boxes.n;
			const struct box **keep = r.boxes.v;
			size_t budget = rndn(&seed, 8) == 0 ? 1 : 1000;

			box_pset(X, &px);
			if (region_subtract_box(t, &r, X, budget) ==
			    BOX_OVER_BUDGET) {
				/* Unchanged, and really too many boxes. */
				assert_int_equal(r.boxes.n, before);
				assert_ptr_equal(r.boxes.v, keep);
				assert_true(budget < 1000);
				over++;
				continue;
			}
			for (w = 0; w < PWORDS; w++)
				pr.w[w] &= ~px.w[w];
			assert_true(r.boxes.n <= budget);
		}
		region_pset(&r, &got);
		assert_true(pset_eq(&got, &pr));
		assert_int_equal(region_is_empty(&r), pset_empty(&pr));
		if (region_witness(u, &r, &pk)) {
			assert_true(region_contains_packet(u, &r, &pk));
			assert_true(pset_has(&pr, packet_point(u, &pk)));
		} else
			assert_true(pset_empty(&pr));
		r2 = r;
		assert_int_equal(region_add_box(t, &r2, B, 1000), BOX_OK);
		region_pset(&r2, &got);
		for (w = 0; w < PWORDS; w++)
			exp.w[w] = pr.w[w] | pb.w[w];
		assert_true(pset_eq(&got, &exp));
		region_intersect_box(t, &r, B);
		region_pset(&r, &got);
		for (w = 0; w < PWORDS; w++)
			exp.w[w] = pr.w[w] & pb.w[w];
		assert_true(pset_eq(&got, &exp));
		arena_free(t);
	}
	/* The generator reaches every outcome often enough to matter. */
	assert_true(nonempty > CASES / 2);
	assert_true(subsets > 20);
	assert_true(over > 20);
	arena_free(a);
}

/* Interfaces: id sets agree with ifset_matches on many names. */
static void
test_universe(void **state)
{
	static const char *const pats[] = { "eth+", "eth1+", "e+", "eth10",
	    "eth1", "eth", "ppp0", "+", "lo", "vif1.0" };
	static const char alpha[] = "eth10pxl";
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	const char *names[400];
	size_t nn = 0, i, j, np = sizeof(pats) / sizeof(pats[0]);
	uint64_t seed = 12345;
	unsigned c, id;
	int withroot;

	(void)state;
	for (withroot = 0; withroot < 2; withroot++) {
		struct box_universe *u = box_universe_new(a, in);

		for (i = 0; i < np; i++)
			if (withroot || strcmp(pats[i], "+") != 0)
				box_universe_add_name(u, pats[i]);
		assert_int_equal(box_universe_finish(u), 0);
		assert_true(box_universe_exact(u));
		/* Every id has a name of its own: no id is empty. */
		for (id = 0; id + 1 < box_universe_size(u); id++) {
			const char *nm = box_universe_name(u, id);

			assert_non_null(nm);
			assert_int_equal(box_universe_id(u, nm), id);
		}
		assert_null(box_universe_name(u, id));
		assert_int_equal(box_universe_id(u, NULL), id);
		/* Candidate names: the literals, the representatives, noise. */
		nn = 0;
		for (id = 0; id + 1 < box_universe_size(u); id++)
			names[nn++] = box_universe_name(u, id);
		while (nn < 300) {
			char buf[8];
			unsigned len = rndn(&seed, 6);

			for (j = 0; j < len; j++)
				buf[j] = alpha[rndn(&seed, sizeof(alpha) - 1)];
			buf[len] = '\0';
			names[nn++] = intern(in, buf);
		}
		names[nn++] = NULL;
		for (c = 0; c < 400; c++) {
			struct ifset s;
			const char *chosen[4];
			const struct ivset *ids;

			s.negated = rndn(&seed, 3) == 0;
			s.n = 1 + rndn(&seed, 3);
			for (j = 0; j < s.n; j++) {
				do
					chosen[j] = pats[rndn(&seed, np)];
				while (!withroot && strcmp(chosen[j], "+") == 0);
			}
			s.names = chosen;
			ids = box_universe_ifset(a, u, &s);
			assert_non_null(ids);
			for (i = 0; i < nn; i++)
				assert_int_equal(ifset_matches(&s, names[i]),
				    ivset_contains(ids, u128_from64(
				    box_universe_id(u, names[i]))));
		}
		/* A pattern the universe never saw cannot be mapped. */
		{
			const char *bad[] = { "wlan+" };
			struct ifset s = { false, 1, bad };

			assert_null(box_universe_ifset(a, u, &s));
		}
	}
	/*
	 * The one case the construction cannot represent: "a" is a literal
	 * and all 255 one-byte extensions are longer prefixes, so no name's
	 * longest prefix is "a+".  The universe says it is not exact.
	 */
	{
		struct box_universe *u = box_universe_new(a, in);
		char buf[4];

		box_universe_add_name(u, "a");
		box_universe_add_name(u, "a+");
		for (c = 1; c < 256; c++) {
			buf[0] = 'a';
			buf[1] = (char)c;
			buf[2] = '+';
			buf[3] = '\0';
			box_universe_add_name(u, intern(in, buf));
		}
		assert_int_equal(box_universe_finish(u), -1);
		assert_false(box_universe_exact(u));
	}
	arena_free(a);
}

/* ---- boxes of real rules ---- */

#define IPT_HEAD "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n" \
	":OUTPUT ACCEPT [0:0]\n"

static const char rules[] = IPT_HEAD
    ":web - [0:0]\n"
    "-A INPUT -i lo -j ACCEPT\n"
    "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
    "-A INPUT -i eth+ -p tcp --dport 22 -j ACCEPT\n"
    "-A INPUT -i eth0 -p tcp -s 10.0.0.0/8 --dport 22 -j ACCEPT\n"
    "-A INPUT ! -i eth+ -p udp --dport 53 -j ACCEPT\n"
    "-A INPUT -s 10.0.0.0/8 ! -d 10.1.0.0/16 -p tcp --dport 1000:2000 "
    "-j web\n"
    "-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT\n"
    "-A INPUT -p tcp ! --syn -m state --state NEW -j DROP\n"
    "-A INPUT -p icmp --icmp-type echo-request -j ACCEPT\n"
    "-A INPUT ! -p tcp -m conntrack ! --ctstate INVALID -j ACCEPT\n"
    "-A INPUT -m mark --mark 0x1/0xff -j ACCEPT\n"
    "-A INPUT -m iprange --src-range 10.0.0.1-10.0.0.5 "
    "-s 192.168.0.0/16 -j ACCEPT\n"
    "-A web -p tcp ! --dport 1500 -j ACCEPT\n"
    "-A web -j RETURN\n"
    "-A FORWARD -i eth+ -o ppp+ -j ACCEPT\n"
    "-A FORWARD -i + ! -o ppp0 -p udp -j ACCEPT\n"
    "-A FORWARD -m physdev --physdev-is-bridged -j ACCEPT\n"
    "-A FORWARD -m physdev --physdev-in vif+ ! --physdev-is-out "
    "-j ACCEPT\n"
    "-A FORWARD -m physdev --physdev-is-in -j ACCEPT\n"
    "COMMIT\n";

struct fx {
	struct arena	*a;
	struct intern	*strings;
	struct diag_list diags;
	struct policy	*p;
	struct box_universe *u;
	struct norm_policy *np;
};

static void
fx_parse(struct fx *f, const char *text)
{
	struct source_file *src;

	f->a = arena_new();
	f->strings = intern_new(f->a);
	diag_list_init(&f->diags, f->a);
	src = source_from_memory(f->a, "t", text, strlen(text));
	f->p = iptables_frontend.parse(f->a, f->strings, src, &f->diags);
	assert_non_null(f->p);
	f->u = box_universe_new(f->a, f->strings);
	box_universe_add_policy(f->u, f->p);
	assert_int_equal(box_universe_finish(f->u), 0);
	f->np = normalize_policy(f->a, f->p, &f->diags);
	assert_non_null(f->np);
}

/* The step of list ename whose own rule is on that line. */
static const struct norm_step *
step_at(struct fx *f, const char *ename, unsigned line, const struct
    norm_list **lp)
{
	for (size_t i = 0; i < f->np->nlists; i++) {
		const struct norm_list *l = &f->np->lists[i];

		if (strcmp(l->entry->name, ename) != 0)
			continue;
		*lp = l;
		for (uint32_t j = 0; j < l->nsteps; j++)
			if (l->steps[j].rule != NULL &&
			    l->steps[j].rule->loc.line == line)
				return &l->steps[j];
	}
	fail_msg("no step at %s:%u", ename, line);
	return NULL;
}

static void
step_region(struct fx *f, const struct norm_list *l,
    const struct norm_step *s, struct region *r, bool *exact)
{
	assert_int_equal(box_from_matches(f->a, f->u, l->entry->family,
	    s->matches, s->nmatches, r, exact), BOX_OK);
}

static bool
all_match(const struct packet *pk, const struct match *const *m, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!packet_matches(pk, m[i], NULL))
			return false;
	return true;
}

/* A random packet from small pools that hit the rules' edges. */
static void
rnd_packet(uint64_t *s, struct packet *pk)
{
	static const uint64_t addrs[] = { 0x0a000001, 0x0a010005, 0x0a020304,
	    0xc0a80101, 0x08080808, 0x0a000000 };
	static const uint64_t ports[] = { 0, 22, 53, 80, 443, 999, 1000,
	    1500, 1600, 2000, 2001, 8000, 8080, 8081 };
	static const uint64_t protos[] = { 6, 17, 1, 47, 58, 132 };
	static const char *const ifs[] = { NULL, "lo", "eth0", "eth1",
	    "eth10", "ppp0", "ppp1", "wlan0", "vif1", "vif2.0" };
	size_t nifs = sizeof(ifs) / sizeof(ifs[0]);

	packet_init(pk, FAMILY_IPV4);
	pk->value[FIELD_SRC4] = u128_from64(addrs[rndn(s, 6)]);
	pk->value[FIELD_DST4] = u128_from64(addrs[rndn(s, 6)]);
	pk->value[FIELD_SPORT] = u128_from64(ports[rndn(s, 14)]);
	pk->value[FIELD_DPORT] = u128_from64(ports[rndn(s, 14)]);
	pk->value[FIELD_PROTO] = u128_from64(protos[rndn(s, 6)]);
	pk->value[FIELD_ICMP] = u128_from64(rndn(s, 2) ? 8 << 8 : 0);
	pk->value[FIELD_TCPFLAGS] = u128_from64(rndn(s, 2) ? TCPF_SYN :
	    TCPF_ACK);
	pk->value[FIELD_CTSTATE] = u128_from64(rndn(s, CTSTATE_COUNT));
	pk->in_if = ifs[rndn(s, nifs)];
	pk->out_if = ifs[rndn(s, nifs)];
	pk->physdev_in = ifs[rndn(s, 3) ? 0 : rndn(s, nifs)];
	pk->physdev_out = ifs[rndn(s, 3) ? 0 : rndn(s, nifs)];
	pk->mark = rndn(s, 3);
}

/*
 * For every step of every list: the region's witness satisfies every
 * match of the jump path, and on thousands of random packets the region
 * holds exactly the packets that satisfy them all.
 */
static void
test_rules_oracle(void **state)
{
	struct fx f;
	uint64_t seed = 777;
	unsigned steps = 0, inexact = 0, empty = 0;

	(void)state;
	fx_parse(&f, rules);
	for (size_t i = 0; i < f.np->nlists; i++) {
		const struct norm_list *l = &f.np->lists[i];

		for (uint32_t j = 0; j < l->nsteps; j++) {
			const struct norm_step *s = &l->steps[j];
			struct region r;
			struct packet pk;
			bool exact;

			if (s->nmatches == 0)
				continue;
			step_region(&f, l, s, &r, &exact);
			steps++;
			if (!exact) {
				inexact++;
				/* Marks: the best effort works here. */
				assert_true(region_witness(f.u, &r, &pk));
				assert_true(box_witness_marks(s->matches,
				    s->nmatches, &pk));
				assert_true(all_match(&pk, s->matches,
				    s->nmatches));
				continue;
			}
			if (region_witness(f.u, &r, &pk)) {
				assert_true(all_match(&pk, s->matches,
				    s->nmatches));
				assert_true(region_contains_packet(f.u, &r,
				    &pk));
			} else
				empty++;
			for (unsigned k = 0; k < 3000; k++) {
				rnd_packet(&seed, &pk);
				assert_int_equal(region_contains_packet(f.u, &r,
				    &pk), all_match(&pk, s->matches,
				    s->nmatches));
			}
		}
	}
	assert_true(steps >= 15);
	assert_int_equal(inexact, 1);	/* the mark rule */
	assert_int_equal(empty, 1);	/* the iprange contradiction */
	arena_free(f.a);
}

/* Specific relations between the rules above. */
static void
test_rules_relations(void **state)
{
	struct fx f;
	const struct norm_list *l;
	const struct norm_step *s22, *s22sub, *s53, *sweb, *sweb2, *sbr;
	struct region r22, r22sub, r53, rweb, rweb2, rbr;
	struct packet pk;
	bool exact;
	char *txt;

	(void)state;
	fx_parse(&f, rules);
	s22 = step_at(&f, "ipv4/filter/INPUT", 8, &l);
	step_region(&f, l, s22, &r22, &exact);
	s22sub = step_at(&f, "ipv4/filter/INPUT", 9, &l);
	step_region(&f, l, s22sub, &r22sub, &exact);
	s53 = step_at(&f, "ipv4/filter/INPUT", 10, &l);
	step_region(&f, l, s53, &r53, &exact);
	assert_int_equal(r22.boxes.n, 1);
	assert_int_equal(r22sub.boxes.n, 1);
	assert_true(box_subset(r22sub.boxes.v[0], r22.boxes.v[0]));
	assert_false(box_subset(r22.boxes.v[0], r22sub.boxes.v[0]));
	assert_false(box_overlaps(r22.boxes.v[0], r53.boxes.v[0]));
	/* The witness reads like the rule. */
	assert_true(region_witness(f.u, &r22sub, &pk));
	txt = packet_format(f.a, &pk);
	assert_non_null(strstr(txt, "10.0.0.1"));
	assert_non_null(strstr(txt, ":22"));
	assert_string_equal(pk.in_if, "eth0");
	assert_true(pk.is_set[FIELD_SRC4]);
	assert_false(pk.is_set[FIELD_DST4]);
	assert_true(pk.is_set[FIELD_DPORT]);
	/* ! -i eth+: "lo", another name, or none; never an eth name. */
	assert_true(region_witness(f.u, &r53, &pk));
	assert_true(pk.in_if == NULL || strncmp(pk.in_if, "eth", 3) != 0);
	/* Jump path: web's first rule carries INPUT's conditions too. */
	sweb = step_at(&f, "ipv4/filter/INPUT", 18, &l);
	assert_int_equal(sweb->nmatches, 2);
	step_region(&f, l, sweb, &rweb, &exact);
	assert_true(exact);
	assert_true(region_witness(f.u, &rweb, &pk));
	assert_true(pk.value[FIELD_DPORT].lo >= 1000 &&
	    pk.value[FIELD_DPORT].lo <= 2000 &&
	    pk.value[FIELD_DPORT].lo != 1500);
	/* 1500 is what web's first rule leaves to its RETURN. */
	sweb2 = step_at(&f, "ipv4/filter/INPUT", 19, &l);
	step_region(&f, l, sweb2, &rweb2, &exact);
	assert_int_equal(region_subtract_box(f.a, &rweb2, rweb.boxes.v[0],
	    100), BOX_OK);
	assert_true(region_witness(f.u, &rweb2, &pk));
	assert_int_equal(pk.value[FIELD_DPORT].lo, 1500);
	assert_true(all_match(&pk, sweb2->matches, sweb2->nmatches));
	/* physdev-is-bridged: two boxes, bridge port in or out only. */
	sbr = step_at(&f, "ipv4/filter/FORWARD", 22, &l);
	step_region(&f, l, sbr, &rbr, &exact);
	assert_int_equal(rbr.boxes.n, 2);
	arena_free(f.a);
}

/*
 * A port condition without a protocol constrains only the protocols with
 * ports: the region is one box per protocol class, and ICMP packets with
 * any port value are in it.  In IPv6 too, with readable witnesses.
 */
static void
test_protocol_classes(void **state)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct box_universe *u = box_universe_new(a, in);
	struct match m, m6;
	const struct match *mv[1] = { &m }, *mv6[1] = { &m6 };
	struct region r, r6, full;
	struct packet pk;
	bool exact;
	uint64_t seed = 99;

	(void)state;
	assert_int_equal(box_universe_finish(u), 0);
	match_init(&m, FAMILY_ANY);
	match_constrain(a, &m, FIELD_DPORT, ivset_single(a, u128_from64(22)),
	    NULL);
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV4, mv, 1, &r,
	    &exact), BOX_OK);
	assert_true(exact);
	assert_int_equal(r.boxes.n, 4);	/* tcp, udp & co, icmp, the rest */
	for (unsigned k = 0; k < 5000; k++) {
		rnd_packet(&seed, &pk);
		pk.in_if = pk.out_if = pk.physdev_in = pk.physdev_out = NULL;
		assert_int_equal(region_contains_packet(u, &r, &pk),
		    packet_matches(&pk, &m, NULL));
	}
	/* The complement: every packet minus r is "proto with ports and
	   dport not 22". */
	region_from_box(a, &full, box_full(a, u, FAMILY_IPV4));
	for (size_t i = 0; i < r.boxes.n; i++)
		assert_int_equal(region_subtract_box(a, &full, r.boxes.v[i],
		    100), BOX_OK);
	assert_true(region_witness(u, &full, &pk));
	assert_false(packet_matches(&pk, &m, NULL));
	/* IPv6: an address block and ICMPv6 echo request. */
	match_init(&m6, FAMILY_IPV6);
	match_constrain(a, &m6, FIELD_SRC6, addrset_parse(a, FAMILY_IPV6,
	    "2001:db8::/32", 13), NULL);
	match_constrain(a, &m6, FIELD_PROTO, ivset_single(a,
	    u128_from64(58)), NULL);
	match_constrain(a, &m6, FIELD_ICMP, ivset_range(a,
	    u128_from64(128 << 8), u128_from64(128 << 8 | 255)), NULL);
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV6, mv6, 1, &r6,
	    &exact), BOX_OK);
	assert_int_equal(r6.boxes.n, 1);
	assert_true(region_witness(u, &r6, &pk));
	assert_int_equal(pk.family, FAMILY_IPV6);
	assert_true(packet_matches(&pk, &m6, NULL));
	assert_string_equal(packet_format(a, &pk),
	    packet_format(a, &pk));	/* deterministic */
	assert_non_null(strstr(packet_format(a, &pk), "2001:db8::1"));
	/* The IPv6 match makes nothing of the IPv4 space. */
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV4, mv6, 1, &r6,
	    &exact), BOX_OK);
	assert_true(region_is_empty(&r6));
	/* Boxes of two families never meet. */
	{
		struct box *b4 = box_full(a, u, FAMILY_IPV4);
		struct box *b6 = box_full(a, u, FAMILY_IPV6);
		struct box **pieces;
		size_t n;

		assert_false(box_overlaps(b4, b6));
		assert_false(box_subset(b4, b6));
		assert_false(box_subset(b6, b4));
		assert_true(box_subset(b6, b6));
		assert_true(box_is_empty(box_intersect(a, b4, b6)));
		box_subtract(a, b4, b6, &pieces, &n);
		assert_int_equal(n, 1);
		assert_true(box_subset(pieces[0], b4) &&
		    box_subset(b4, pieces[0]));
	}
	arena_free(a);
}

/*
 * Opaque conditions as atoms (box_universe_use_atoms): exact boxes over a
 * free boolean each, "!" negating, a set reference another atom, and
 * without atoms the same matches stay inexact.
 */
static void
test_atoms(void **state)
{
	struct arena *a = arena_new();
	struct intern *in = intern_new(a);
	struct match m1, m2, m3;
	const struct match *ms[1];
	struct object set;
	struct setref ref;
	struct region r1, r2, r3;
	bool exact;
	struct box_universe *u;
	const char *c;

	(void)state;
	match_init(&m1, FAMILY_ANY);
	match_init(&m2, FAMILY_ANY);
	match_init(&m3, FAMILY_ANY);
	match_add_opaque(a, &m1, "user", "user root", (struct loc){ 0 }, false);
	match_add_opaque(a, &m2, "user", "! user root", (struct loc){ 0 }, false);
	memset(&set, 0, sizeof(set));
	set.name = "bad";
	memset(&ref, 0, sizeof(ref));
	ref.object = &set;
	ref.flags = "src";
	VEC_PUSH(a, &m3.sets, ref);

	/* without atoms: inexact */
	u = box_universe_new(a, in);
	box_universe_add_match(u, &m1);
	assert_int_equal(box_universe_finish(u), 0);
	ms[0] = &m1;
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV4, ms, 1, &r1,
	    &exact), BOX_OK);
	assert_false(exact);
	assert_false(box_conditional(u, r1.boxes.v[0]));

	u = box_universe_new(a, in);
	box_universe_use_atoms(u);
	box_universe_add_match(u, &m1);
	box_universe_add_match(u, &m2);
	box_universe_add_match(u, &m3);
	assert_int_equal(box_universe_finish(u), 0);
	/* two atoms: "user root" (negated or not) and the set */
	assert_int_equal(box_dim_max(u, BOX_DIM_ATOMS).lo, 3);
	ms[0] = &m1;
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV4, ms, 1, &r1,
	    &exact), BOX_OK);
	assert_true(exact);
	ms[0] = &m2;
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV4, ms, 1, &r2,
	    &exact), BOX_OK);
	assert_true(exact);
	ms[0] = &m3;
	assert_int_equal(box_from_matches(a, u, FAMILY_IPV4, ms, 1, &r3,
	    &exact), BOX_OK);
	assert_true(exact);
	/* a condition and its negation: disjoint, together everything */
	assert_false(box_overlaps(r1.boxes.v[0], r2.boxes.v[0]));
	assert_true(box_overlaps(r1.boxes.v[0], r3.boxes.v[0]));
	assert_int_equal(region_add_box(a, &r1, r2.boxes.v[0], 16), BOX_OK);
	assert_int_equal(r1.boxes.n, 2);
	assert_false(box_conditional(u, box_full(a, u, FAMILY_IPV4)));
	assert_true(box_conditional(u, r2.boxes.v[0]));
	c = box_conditions(a, u, r2.boxes.v[0]);
	assert_non_null(c);
	assert_string_equal(c, "user root is false");
	c = box_conditions(a, u, box_intersect(a, r3.boxes.v[0],
	    r2.boxes.v[0]));
	assert_string_equal(c, "user root is false, set bad:src is true");
	assert_null(box_conditions(a, u, box_full(a, u, FAMILY_IPV4)));
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oracle),
		cmocka_unit_test(test_universe),
		cmocka_unit_test(test_rules_oracle),
		cmocka_unit_test(test_rules_relations),
		cmocka_unit_test(test_protocol_classes),
		cmocka_unit_test(test_atoms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
