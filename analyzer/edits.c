/*
 * edits.c - align two revisions of a decision list step by step and give
 * the packets their edited steps match (edits.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analyzer/edits.h"
#include "core/arena.h"
#include "core/ifset.h"
#include "core/ivset.h"

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h * 0x100000001b3ULL;
}

static uint64_t
mix_str(uint64_t h, const char *s)
{
	if (s == NULL)
		return mix(h, 0x5a5a);
	for (; *s != '\0'; s++)
		h = mix(h, (unsigned char)*s);
	return mix(h, 0);
}

static uint64_t
mix_ivset(uint64_t h, const struct ivset *s)
{
	if (s == NULL)
		return mix(h, 0xa11);
	h = mix(h, s->n);
	for (size_t i = 0; i < s->n; i++) {
		h = mix(h, s->iv[i].lo.hi);
		h = mix(h, s->iv[i].lo.lo);
		h = mix(h, s->iv[i].hi.hi);
		h = mix(h, s->iv[i].hi.lo);
	}
	return h;
}

static uint64_t
mix_ifset(uint64_t h, const struct ifset *s)
{
	if (s == NULL)
		return mix(h, 0xa12);
	h = mix(h, s->negated);
	h = mix(h, s->n);
	for (size_t i = 0; i < s->n; i++)
		h = mix_str(h, s->names[i]);
	return h;
}

/* What a match matches, by content (not by the text of its rule). */
static uint64_t
match_hash(uint64_t h, const struct match *m)
{
	if (m == NULL)
		return mix(h, 0xa13);
	h = mix(h, (uint64_t)m->family);
	for (int f = 0; f < FIELD_COUNT; f++)
		h = mix_ivset(h, m->field[f]);
	h = mix_ifset(h, m->in_if);
	h = mix_ifset(h, m->out_if);
	h = mix_ifset(h, m->physdev_in);
	h = mix_ifset(h, m->physdev_out);
	h = mix(h, (uint64_t)(m->physdev_is_in + 2) * 9 +
	    (uint64_t)(m->physdev_is_out + 2) * 3 +
	    (uint64_t)(m->physdev_is_bridged + 2));
	for (size_t i = 0; i < m->mark.n; i++)
		h = mix(mix(mix(h, m->mark.v[i].value), m->mark.v[i].mask),
		    m->mark.v[i].negated);
	h = mix(h, 0xa14);
	for (size_t i = 0; i < m->connmark.n; i++)
		h = mix(mix(mix(h, m->connmark.v[i].value),
		    m->connmark.v[i].mask), m->connmark.v[i].negated);
	h = mix(h, 0xa15);
	for (size_t i = 0; i < m->sets.n; i++) {
		h = mix_str(h, m->sets.v[i].object != NULL ?
		    m->sets.v[i].object->name : NULL);
		h = mix_str(h, m->sets.v[i].flags);
		h = mix(h, m->sets.v[i].negated);
	}
	h = mix(h, 0xa16);
	for (size_t i = 0; i < m->opaque.n; i++) {
		h = mix_str(h, m->opaque.v[i].module);
		h = mix_str(h, m->opaque.v[i].text);
	}
	return mix_str(h, m->contradiction);
}

bool
edits_same_match(const struct match *a, const struct match *b)
{
	return a == b || match_hash(1, a) == match_hash(1, b);
}

static uint64_t
step_sig(const struct norm_step *st)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h = mix(h, st->kind);
	h = mix(h, (uint64_t)st->final << 1 | st->implicit);
	if (st->action != NULL) {
		h = mix(h, st->action->kind);
		h = mix_str(h, st->action->options);
	}
	h = mix_str(h, st->why);
	h = mix(h, st->nmatches);
	for (uint32_t i = 0; i < st->nmatches; i++)
		h = match_hash(h, st->matches[i]);
	h = mix(h, st->npath);
	for (uint32_t i = 0; i < st->npath; i++)
		h = mix_str(h, st->path[i] != NULL ? st->path[i]->text : NULL);
	return h;
}

struct keyed {
	uint64_t	 sig;
	uint32_t	 i;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->sig != y->sig)
		return x->sig < y->sig ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static struct keyed *
sorted_sigs(struct arena *a, const uint64_t *sig, uint32_t n)
{
	struct keyed *k = arena_alloc(a, (n + 1) * sizeof(*k));

	for (uint32_t i = 0; i < n; i++) {
		k[i].sig = sig[i];
		k[i].i = i;
	}
	if (n > 1)
		qsort(k, n, sizeof(*k), cmp_keyed);
	return k;
}

/*
 * Anchors: the steps whose signature occurs once in each list, as pairs
 * (ia, ib) in ia order; then the longest run increasing in ib (patience
 * sorting), marked in ma/mb.
 */
static void
anchor(struct arena *a, const uint64_t *sa, uint32_t na, const uint64_t *sb,
    uint32_t nb, int64_t *ma, int64_t *mb)
{
	struct keyed *ka = sorted_sigs(a, sa, na), *kb = sorted_sigs(a, sb, nb);
	uint32_t *pa = arena_alloc(a, (na + 1) * sizeof(*pa));
	uint32_t *pb = arena_alloc(a, (na + 1) * sizeof(*pb));
	uint32_t np = 0, i = 0, j = 0, len = 0;
	uint32_t *tail, *prev;

	while (i < na && j < nb) {
		uint32_t ei = i, ej = j;

		if (ka[i].sig < kb[j].sig) {
			i++;
			continue;
		}
		if (ka[i].sig > kb[j].sig) {
			j++;
			continue;
		}
		while (ei < na && ka[ei].sig == ka[i].sig)
			ei++;
		while (ej < nb && kb[ej].sig == kb[j].sig)
			ej++;
		if (ei - i == 1 && ej - j == 1) {
			pa[np] = ka[i].i;
			pb[np] = kb[j].i;
			np++;
		}
		i = ei;
		j = ej;
	}
	/* pairs in ia order: pa as an index of pb by ia */
	{
		int64_t *bya = arena_alloc(a, (na + 1) * sizeof(*bya));
		uint32_t n = 0;

		for (uint32_t x = 0; x < na; x++)
			bya[x] = -1;
		for (uint32_t x = 0; x < np; x++)
			bya[pa[x]] = pb[x];
		for (uint32_t x = 0; x < na; x++)
			if (bya[x] >= 0) {
				pa[n] = x;
				pb[n] = (uint32_t)bya[x];
				n++;
			}
		np = n;
	}
	tail = arena_alloc(a, (np + 1) * sizeof(*tail));
	prev = arena_alloc(a, (np + 1) * sizeof(*prev));
	for (uint32_t x = 0; x < np; x++) {
		uint32_t lo = 0, hi = len;

		while (lo < hi) {
			uint32_t mid = (lo + hi) / 2;

			if (pb[tail[mid]] < pb[x])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[x] = lo > 0 ? tail[lo - 1] : UINT32_MAX;
		tail[lo] = x;
		if (lo == len)
			len++;
	}
	for (uint32_t x = len > 0 ? tail[len - 1] : UINT32_MAX;
	    x != UINT32_MAX; x = prev[x]) {
		ma[pa[x]] = pb[x];
		mb[pb[x]] = pa[x];
	}
}

void
edits_align(struct arena *a, const struct norm_list *old,
    const struct norm_list *new, struct edit_script *out)
{
	uint32_t na = old->nsteps, nb = new->nsteps;
	uint64_t *sa = arena_alloc(a, (na + 1) * sizeof(*sa));
	uint64_t *sb = arena_alloc(a, (nb + 1) * sizeof(*sb));
	int64_t *ma = arena_alloc(a, (na + 1) * sizeof(*ma));
	int64_t *mb = arena_alloc(a, (nb + 1) * sizeof(*mb));
	int64_t pi = -1, pj = -1;

	for (uint32_t i = 0; i < na; i++) {
		sa[i] = step_sig(&old->steps[i]);
		ma[i] = -1;
	}
	for (uint32_t j = 0; j < nb; j++) {
		sb[j] = step_sig(&new->steps[j]);
		mb[j] = -1;
	}
	anchor(a, sa, na, sb, nb, ma, mb);
	/* Between kept anchors (and before the first, after the last):
	   equal steps next to matched ones are the same steps. */
	for (int64_t i = 0; i <= (int64_t)na; i++) {
		int64_t qi, qj, x, y;

		if (i < (int64_t)na && ma[i] < 0)
			continue;
		qi = i;
		qj = i < (int64_t)na ? ma[i] : (int64_t)nb;
		for (x = pi + 1, y = pj + 1; x < qi && y < qj &&
		    sa[x] == sb[y]; x++, y++) {
			ma[x] = y;
			mb[y] = x;
		}
		for (int64_t u = qi - 1, v = qj - 1; u >= x && v >= y &&
		    sa[u] == sb[v]; u--, v--) {
			ma[u] = v;
			mb[v] = u;
		}
		pi = qi;
		pj = qj;
	}
	memset(out, 0, sizeof(*out));
	out->old_edited = arena_alloc(a, (na + 1) * sizeof(bool));
	out->new_edited = arena_alloc(a, (nb + 1) * sizeof(bool));
	for (uint32_t i = 0; i < na; i++)
		out->nold += out->old_edited[i] = ma[i] < 0;
	for (uint32_t j = 0; j < nb; j++)
		out->nnew += out->new_edited[j] = mb[j] < 0;
}

enum box_status
edits_step_region(struct arena *a, const struct box_universe *u,
    enum family fam, const struct norm_list *l, uint32_t k,
    struct region *out)
{
	const struct norm_step *st = &l->steps[k];
	const struct match **ms = arena_alloc(a, (st->nmatches + 2) *
	    sizeof(*ms));
	bool exact;
	uint32_t n = 0;

	for (uint32_t i = 0; i < st->nmatches; i++)
		if (st->matches[i] != NULL)
			ms[n++] = st->matches[i];
	if (l->scope != NULL)
		ms[n++] = l->scope;
	return box_from_matches(a, u, fam, ms, n, out, &exact);
}
