/*
 * intern.h - interned strings.
 *
 * Names (chains, tables, objects, interfaces) are interned so that equality
 * is pointer equality and each distinct name is stored once, which matters
 * for 100,000-rule files that repeat a few dozen chain names.
 */
#ifndef FIRELINT_INTERN_H
#define FIRELINT_INTERN_H

#include <stddef.h>

struct arena;
struct intern;

struct intern	*intern_new(struct arena *);
/* The canonical copy of s[0..len); never NULL. */
const char	*intern_n(struct intern *, const char *s, size_t len);
const char	*intern(struct intern *, const char *s);
/* The canonical copy if s was interned before, else NULL. */
const char	*intern_lookup(const struct intern *, const char *s, size_t len);
size_t		 intern_count(const struct intern *);

#endif
