/*
 * dump.h - `firelint dump`: the policy model as stable text.
 */
#ifndef FIRELINT_FORMATS_DUMP_H
#define FIRELINT_FORMATS_DUMP_H

#include <stdio.h>

struct policy;

/*
 * Entry points (sorted by name), then containers in declaration order with
 * one line per rule, then objects and interfaces.  Deterministic: golden
 * tests compare it byte for byte.  Returns 0, or -1 on a write error.
 */
int	dump_policy(FILE *, const struct policy *);

#endif
