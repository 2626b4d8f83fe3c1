/*
 * intern.c - interned strings in an open-addressing hash table.
 *
 * Linear probing over a power-of-two table kept at most half full.  The
 * table itself lives in the arena: growing abandons the old array, which
 * costs little because it doubles.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/intern.h"

struct intern_slot {
	const char	*s;	/* NULL: free */
	size_t		 len;
	uint32_t	 hash;
};

struct intern {
	struct arena	*arena;
	struct intern_slot *slots;
	size_t		 cap;	/* power of two */
	size_t		 count;
};

static uint32_t
fnv1a(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

struct intern *
intern_new(struct arena *a)
{
	struct intern *t = arena_alloc(a, sizeof(*t));

	t->arena = a;
	t->cap = 64;
	t->count = 0;
	t->slots = arena_zalloc(a, t->cap * sizeof(*t->slots));
	return t;
}

static size_t
find_slot(const struct intern *t, const char *s, size_t len, uint32_t h)
{
	size_t mask = t->cap - 1, i = h & mask;

	for (;;) {
		const struct intern_slot *e = &t->slots[i];

		if (e->s == NULL)
			return i;
		if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

static void
grow(struct intern *t)
{
	struct intern_slot *old = t->slots;
	size_t oldcap = t->cap, i;

	t->cap *= 2;
	t->slots = arena_zalloc(t->arena, t->cap * sizeof(*t->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i].s != NULL) {
			size_t j = find_slot(t, old[i].s, old[i].len,
			    old[i].hash);
			t->slots[j] = old[i];
		}
	}
}

const char *
intern_n(struct intern *t, const char *s, size_t len)
{
	uint32_t h = fnv1a(s, len);
	size_t i = find_slot(t, s, len, h);

	if (t->slots[i].s != NULL)
		return t->slots[i].s;
	if ((t->count + 1) * 2 > t->cap) {
		grow(t);
		i = find_slot(t, s, len, h);
	}
	t->slots[i].s = arena_strndup(t->arena, s, len);
	t->slots[i].len = len;
	t->slots[i].hash = h;
	t->count++;
	return t->slots[i].s;
}

const char *
intern(struct intern *t, const char *s)
{
	return intern_n(t, s, strlen(s));
}

const char *
intern_lookup(const struct intern *t, const char *s, size_t len)
{
	size_t i = find_slot(t, s, len, fnv1a(s, len));

	return t->slots[i].s;
}

size_t
intern_count(const struct intern *t)
{
	return t->count;
}
