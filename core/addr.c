/*
 * addr.c - IPv4 and IPv6 addresses and address sets.
 *
 * The parsers are written out rather than left to inet_pton so that the
 * accepted forms do not depend on the C library (glibc's inet_pton and
 * inet_aton disagree about "1.2.3" and leading zeros), and so that a
 * length-delimited token can be parsed in place.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/arena.h"

const char *
family_name(enum family f)
{
	switch (f) {
	case FAMILY_IPV4:
		return "ipv4";
	case FAMILY_IPV6:
		return "ipv6";
	case FAMILY_ANY:
		return "any";
	default:
		return "none";
	}
}

unsigned
family_bits(enum family f)
{
	return f == FAMILY_IPV6 ? 128 : 32;
}

struct u128
family_max(enum family f)
{
	return u128_max_of_width(family_bits(f));
}

static struct u128
u128_and(struct u128 a, struct u128 b)
{
	return u128_make(a.hi & b.hi, a.lo & b.lo);
}

static struct u128
u128_or(struct u128 a, struct u128 b)
{
	return u128_make(a.hi | b.hi, a.lo | b.lo);
}

static struct u128
u128_not(struct u128 a)
{
	return u128_make(~a.hi, ~a.lo);
}

/* The low `bits` bits set (0 <= bits <= 128). */
static struct u128
low_mask(unsigned bits)
{
	if (bits == 0)
		return u128_make(0, 0);
	return u128_max_of_width(bits);
}

static bool
parse_ipv4(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned n = 0, digits = 0;

		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			n = n * 10 + (unsigned)(s[i] - '0');
			if (++digits > 3)
				return false;
			i++;
		}
		if (digits == 0 || n > 255)
			return false;
		v = v << 8 | n;
	}
	if (i != len)
		return false;
	*out = v;
	return true;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
parse_ipv6(const char *s, size_t len, struct u128 *out)
{
	uint16_t g[8];
	int ng = 0, gap = -1;
	size_t i = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
		if (i == len)
			goto done;
	} else if (len >= 1 && s[0] == ':')
		return false;
	for (;;) {
		size_t start = i;
		unsigned v = 0;
		int d;

		while (i < len && (d = hexval(s[i])) >= 0) {
			if (i - start >= 4)
				return false;
			v = v << 4 | (unsigned)d;
			i++;
		}
		if (i < len && s[i] == '.') {
			/* Embedded IPv4 in the last 32 bits. */
			uint32_t v4;

			if (ng > 6 || !parse_ipv4(s + start, len - start, &v4))
				return false;
			g[ng++] = (uint16_t)(v4 >> 16);
			g[ng++] = (uint16_t)v4;
			break;
		}
		if (i == start)
			return false;
		if (ng >= 8)
			return false;
		g[ng++] = (uint16_t)v;
		if (i == len)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < len && s[i] == ':') {
			if (gap >= 0)
				return false;
			gap = ng;
			i++;
			if (i == len)
				break;
		} else if (i == len)
			return false;
	}
done:
	if (gap >= 0) {
		int k;

		if (ng > 7)
			return false;
		/* Shift the groups after the gap to the end. */
		for (k = ng - 1; k >= gap; k--)
			g[k + (8 - ng)] = g[k];
		for (k = gap; k < gap + (8 - ng); k++)
			g[k] = 0;
	} else if (ng != 8)
		return false;
	out->hi = (uint64_t)g[0] << 48 | (uint64_t)g[1] << 32 |
	    (uint64_t)g[2] << 16 | g[3];
	out->lo = (uint64_t)g[4] << 48 | (uint64_t)g[5] << 32 |
	    (uint64_t)g[6] << 16 | g[7];
	return true;
}

bool
addr_parse(enum family f, const char *s, size_t len, struct u128 *out)
{
	if (s == NULL)
		return false;
	if (f == FAMILY_IPV4) {
		uint32_t v;

		if (!parse_ipv4(s, len, &v))
			return false;
		*out = u128_from64(v);
		return true;
	}
	if (f == FAMILY_IPV6)
		return parse_ipv6(s, len, out);
	return false;
}

char *
addr_format(enum family f, struct u128 a, char buf[46])
{
	uint16_t g[8];
	int i, best = -1, bestlen = 0, run = 0;
	char *p = buf;

	if (f != FAMILY_IPV6) {
		uint32_t v = (uint32_t)a.lo;

		snprintf(buf, 46, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255,
		    (v >> 8) & 255, v & 255);
		return buf;
	}
	for (i = 0; i < 4; i++) {
		g[i] = (uint16_t)(a.hi >> (48 - 16 * i));
		g[i + 4] = (uint16_t)(a.lo >> (48 - 16 * i));
	}
	/* RFC 5952 section 5: IPv4-mapped addresses keep the dotted form. */
	if (a.hi == 0 && (a.lo >> 32) == 0xffff) {
		uint32_t v = (uint32_t)a.lo;

		snprintf(buf, 46, "::ffff:%u.%u.%u.%u", v >> 24,
		    (v >> 16) & 255, (v >> 8) & 255, v & 255);
		return buf;
	}
	/* The longest run of two or more zero groups, the first on ties. */
	for (i = 0; i < 8; i++) {
		if (g[i] == 0) {
			run++;
			if (run > bestlen && run >= 2) {
				bestlen = run;
				best = i - run + 1;
			}
		} else
			run = 0;
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			*p++ = ':';
			if (i == 0)
				*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		p += sprintf(p, "%x", g[i]);
		if (i < 7)
			*p++ = ':';
	}
	*p = '\0';
	return buf;
}

struct ivset *
addrset_cidr(struct arena *a, enum family f, struct u128 addr,
    unsigned prefixlen)
{
	unsigned bits = family_bits(f);
	struct u128 host, lo;

	if (prefixlen > bits)
		prefixlen = bits;
	host = low_mask(bits - prefixlen);
	addr = u128_and(addr, family_max(f));
	lo = u128_and(addr, u128_not(host));
	return ivset_range(a, lo, u128_or(lo, host));
}

static bool
parse_uint(const char *s, size_t len, unsigned max, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	if (len == 0 || len > 3)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* Intervals of {x : x & mask == base & mask} for a non-contiguous mask. */
#define MAX_MASK_INTERVALS	65536

static struct ivset *
ipv4_masked(struct arena *a, uint32_t base, uint32_t mask)
{
	unsigned t = 0, holes[32], nholes = 0, bit;
	uint32_t count, c;
	struct interval *iv;
	struct ivset *s;

	if (mask == 0)
		return ivset_range(a, u128_from64(0), u128_from64(UINT32_MAX));
	while (!(mask & (UINT32_C(1) << t)))
		t++;
	for (bit = t; bit < 32; bit++)
		if (!(mask & (UINT32_C(1) << bit)))
			holes[nholes++] = bit;
	if (nholes > 16)
		return NULL;
	count = UINT32_C(1) << nholes;
	if (count > MAX_MASK_INTERVALS)
		return NULL;
	base &= mask;
	iv = arena_alloc(a, count * sizeof(*iv));
	for (c = 0; c < count; c++) {
		uint32_t v = base;
		unsigned k;

		for (k = 0; k < nholes; k++)
			if (c & (UINT32_C(1) << k))
				v |= UINT32_C(1) << holes[k];
		iv[c].lo = u128_from64(v);
		iv[c].hi = u128_from64(v | ((t == 32) ? UINT32_MAX :
		    ((UINT32_C(1) << t) - 1)));
	}
	s = ivset_from(a, iv, count);
	return s;
}

struct ivset *
addrset_parse(struct arena *a, enum family f, const char *s, size_t len)
{
	const char *slash, *dash;
	struct u128 lo, hi;

	if (s == NULL || len == 0 || (f != FAMILY_IPV4 && f != FAMILY_IPV6))
		return NULL;
	slash = memchr(s, '/', len);
	dash = memchr(s, '-', len);
	if (dash != NULL && slash == NULL) {
		size_t l1 = (size_t)(dash - s);

		if (!addr_parse(f, s, l1, &lo) ||
		    !addr_parse(f, dash + 1, len - l1 - 1, &hi) ||
		    u128_cmp(lo, hi) > 0)
			return NULL;
		return ivset_range(a, lo, hi);
	}
	if (dash != NULL)
		return NULL;
	if (slash == NULL) {
		if (!addr_parse(f, s, len, &lo))
			return NULL;
		return ivset_single(a, lo);
	} else {
		size_t l1 = (size_t)(slash - s), l2 = len - l1 - 1;
		const char *m = slash + 1;
		unsigned plen;

		if (!addr_parse(f, s, l1, &lo))
			return NULL;
		if (parse_uint(m, l2, family_bits(f), &plen))
			return addrset_cidr(a, f, lo, plen);
		if (f == FAMILY_IPV4 && memchr(m, '.', l2) != NULL) {
			uint32_t mask;
			unsigned ones = 0;

			if (!parse_ipv4(m, l2, &mask))
				return NULL;
			while (ones < 32 && (mask & (UINT32_C(1) <<
			    (31 - ones))))
				ones++;
			if (ones == 32 || (mask << ones) == 0)
				return addrset_cidr(a, f, lo, ones);
			return ipv4_masked(a, (uint32_t)lo.lo, mask);
		}
		return NULL;
	}
}

/*
 * Text of a set.  Each interval is written as its CIDR blocks or as a
 * range, whichever is shorter (blocks on a tie: they are what people
 * write).  The decomposition into blocks is the greedy one, which is
 * minimal for a single interval.
 */

/* Number of trailing zero bits of v, 128 for zero. */
static unsigned
ctz128(struct u128 v)
{
	unsigned n = 0;

	if (v.lo == 0) {
		if (v.hi == 0)
			return 128;
		n = 64;
		v.lo = v.hi;
	}
	while (!(v.lo & 1)) {
		v.lo >>= 1;
		n++;
	}
	return n;
}

static void
write_interval_blocks(FILE *fp, enum family f, struct u128 lo, struct u128 hi)
{
	unsigned bits = family_bits(f);
	struct u128 max = family_max(f);
	char buf[46];
	bool first = true;

	for (;;) {
		unsigned k = ctz128(lo), size;
		struct u128 end;

		if (k > bits)
			k = bits;
		/* The largest aligned block at lo that ends at or before hi. */
		for (size = k;; size--) {
			end = u128_or(lo, low_mask(size));
			if (u128_cmp(end, hi) <= 0)
				break;
		}
		if (!first)
			fputc(',', fp);
		first = false;
		fputs(addr_format(f, lo, buf), fp);
		if (size > 0)
			fprintf(fp, "/%u", bits - size);
		if (u128_cmp(end, hi) >= 0 || u128_eq(end, max))
			break;
		lo = u128_inc(end);
	}
}

static char *
memstream_text(struct arena *a, char *buf, size_t len)
{
	char *r = arena_strndup(a, buf != NULL ? buf : "", len);

	free(buf);
	return r;
}

static char *
format_plain(struct arena *a, enum family f, const struct ivset *s)
{
	char *buf = NULL, *blk = NULL;
	size_t len = 0, blen = 0, i;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		abort();
	for (i = 0; i < s->n; i++) {
		FILE *bp = open_memstream(&blk, &blen);
		char b1[46], b2[46];
		size_t rlen;

		if (bp == NULL)
			abort();
		write_interval_blocks(bp, f, s->iv[i].lo, s->iv[i].hi);
		fclose(bp);
		addr_format(f, s->iv[i].lo, b1);
		addr_format(f, s->iv[i].hi, b2);
		rlen = strlen(b1) + 1 + strlen(b2);
		if (i > 0)
			fputc(',', fp);
		if (blen <= rlen)
			fputs(blk, fp);
		else
			fprintf(fp, "%s-%s", b1, b2);
		free(blk);
		blk = NULL;
	}
	fclose(fp);
	return memstream_text(a, buf, len);
}

char *
addrset_format(struct arena *a, enum family f, const struct ivset *s)
{
	struct u128 max;
	char *text, *ctext;

	if (f != FAMILY_IPV6)
		f = FAMILY_IPV4;
	max = family_max(f);
	if (s == NULL || ivset_is_full(s, max))
		return arena_strdup(a, "any");
	if (ivset_is_empty(s))
		return arena_strdup(a, "none");
	text = format_plain(a, f, s);
	/* One block reads best as itself, even when "!0.0.0.0/1" is shorter. */
	if (strpbrk(text, ",-") == NULL)
		return text;
	ctext = format_plain(a, f, ivset_complement(a, s, max));
	if (strlen(ctext) + 1 < strlen(text))
		return arena_printf(a, "!%s", ctext);
	return text;
}
