/*
 * arena.h - region allocator: one arena per run.
 *
 * Front ends, the model and findings allocate from one arena and everything
 * is released at once with arena_free().  There is no per-object free, so
 * ownership questions never arise and a parse error cannot leak.
 */
#ifndef FIRELINT_ARENA_H
#define FIRELINT_ARENA_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct arena	*arena_new(void);
void		 arena_free(struct arena *);
/*
 * Forget everything allocated so far but keep the newest block for what
 * comes next: a scratch arena used over and over (one per question)
 * without a malloc and fresh pages each time.
 */
void		 arena_reset(struct arena *);

/* Memory aligned for any object; aborts on exhaustion (nothing to recover). */
void		*arena_alloc(struct arena *, size_t);
void		*arena_zalloc(struct arena *, size_t);
/* Copy the first oldsize bytes into a fresh block of newsize bytes. */
void		*arena_grow(struct arena *, void *old, size_t oldsize,
		    size_t newsize);
char		*arena_strdup(struct arena *, const char *);
char		*arena_strndup(struct arena *, const char *, size_t);
char		*arena_printf(struct arena *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
char		*arena_vprintf(struct arena *, const char *, va_list);
/* Bytes handed out so far (for benchmarks and memory tests). */
size_t		 arena_used(const struct arena *);
/*
 * Does p point into memory the arena handed out?  For a scratch arena
 * (a few blocks): what must be copied out before it is reset.
 */
bool		 arena_owns(const struct arena *, const void *p);

/*
 * A growable array living in an arena.  Doubling keeps pushes amortized O(1);
 * the abandoned blocks stay in the arena until it is freed.  32-bit counts:
 * every rule holds four of these, and no list reaches 2^32 entries.
 */
#define VEC(type) struct { type *v; uint32_t n, cap; }
#define VEC_PUSH(arena, vec, item) do {					\
	if ((vec)->n == (vec)->cap) {					\
		size_t ncap_ = (vec)->cap ? (vec)->cap * 2 : 8;		\
		(vec)->v = arena_grow((arena), (vec)->v,		\
		    (vec)->cap * sizeof(*(vec)->v),			\
		    ncap_ * sizeof(*(vec)->v));				\
		(vec)->cap = ncap_;					\
	}								\
	(vec)->v[(vec)->n++] = (item);					\
} while (0)

#endif
