/*
 * arena.c - region allocator.
 *
 * Memory comes in big blocks so that a 100,000-rule file costs a few
 * hundred mallocs, not millions.  Blocks double from 64 KiB up to 4 MiB, so
 * a small input stays small while a large one is backed by few blocks.
 * (Aligning the large blocks for transparent huge pages cut page faults
 * six-fold but cost more CPU time in the kernel than it saved: measured,
 * and left out.)  A request larger than a quarter block
 * gets a block of its own so that the tail of the current block is not
 * wasted.
 *
 * Blocks of a megabyte or more have their pages made present by one
 * madvise(MADV_POPULATE_WRITE) instead of a page fault each: a
 * 100,000-rule parse took 20,000 faults, a fifth of its time, and runs
 * about 5 % faster this way, for at most the unused rest of the last
 * block in memory (a megabyte or two).  Where the call is missing (other
 * systems, Linux before 5.14) the pages fault in as before.
 */
/* madvise is not POSIX: glibc declares it under _DEFAULT_SOURCE. */
#define _DEFAULT_SOURCE 1
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/arena.h"

#define ARENA_BLOCK	(64 * 1024)
#define ARENA_BLOCK_MAX	(4 * 1024 * 1024)
#define ARENA_ALIGN	16

/*
 * Under AddressSanitizer the unused part of each block is poisoned and
 * every allocation is followed by a poisoned red zone, so that an overflow
 * from one arena object into the next is caught as it would be with
 * malloc.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_REDZONE	ARENA_ALIGN
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define ARENA_REDZONE	0
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

struct arena_block {
	struct arena_block *next;
	size_t		 size, used;
	/* Keeps data[] 16-byte aligned whatever the header size is. */
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct arena_block *head;	/* current block, then older ones */
	struct arena_block *big;	/* blocks of single big requests */
	size_t		 used;
	size_t		 next_block;	/* size of the next regular block */
};

static void *
xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		fprintf(stderr, "firelint: out of memory (%zu bytes)\n", n);
		abort();
	}
	return p;
}

struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));

	a->head = NULL;
	a->big = NULL;
	a->used = 0;
	a->next_block = ARENA_BLOCK;
	return a;
}

static void
free_blocks(struct arena_block *b)
{
	while (b != NULL) {
		struct arena_block *next = b->next;

		UNPOISON(b->data, b->size);
		free(b);
		b = next;
	}
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	free_blocks(a->head);
	free_blocks(a->big);
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct arena_block *keep = a->head;

	/* The newest block is the largest: keep it, its pages are warm. */
	if (keep != NULL) {
		free_blocks(keep->next);
		keep->next = NULL;
		keep->used = 0;
		POISON(keep->data, keep->size);
	}
	free_blocks(a->big);
	a->big = NULL;
	a->used = 0;
}

static bool
in_blocks(const struct arena_block *b, const void *p)
{
	uintptr_t x = (uintptr_t)p;

	for (; b != NULL; b = b->next)
		if (x >= (uintptr_t)b->data && x < (uintptr_t)b->data + b->size)
			return true;
	return false;
}

bool
arena_owns(const struct arena *a, const void *p)
{
	return in_blocks(a->head, p) || in_blocks(a->big, p);
}

#define ARENA_POPULATE	(1024 * 1024)

/* Make the pages of [p, p + n) present at once; failure is harmless. */
static void
populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t s = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)4095;

	if (e > s)
		(void)madvise((void *)s, e - s, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

static struct arena_block *
block_new(size_t size)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b)) {
		fprintf(stderr, "firelint: allocation too large\n");
		abort();
	}
	b = xmalloc(sizeof(*b) + size);
	if (size >= ARENA_POPULATE)
		populate(b, sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	POISON(b->data, size);
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b;
	void *p;
	size_t want = n;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - 2 * ARENA_ALIGN) {
		fprintf(stderr, "firelint: allocation too large\n");
		abort();
	}
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	a->used += n;
	n += ARENA_REDZONE;
	if (n > a->next_block / 4) {
		b = block_new(n);
		b->used = n;
		b->next = a->big;
		a->big = b;
		UNPOISON(b->data, want);
		return b->data;
	}
	b = a->head;
	if (b == NULL || b->size - b->used < n) {
		b = block_new(a->next_block);
		if (a->next_block < ARENA_BLOCK_MAX)
			a->next_block *= 2;
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	UNPOISON(p, want);
	return p;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void *p = arena_alloc(a, n);

	memset(p, 0, n);
	return p;
}

void *
arena_grow(struct arena *a, void *old, size_t oldsize, size_t newsize)
{
	void *p = arena_alloc(a, newsize);

	if (old != NULL && oldsize > 0)
		memcpy(p, old, oldsize < newsize ? oldsize : newsize);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	p = arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small))
		memcpy(p, small, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}
