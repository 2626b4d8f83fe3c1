/*
 * checks.h - the check definitions, one per file of this folder, for the
 * table in analyzer/checks.c.
 */
#ifndef FIRELINT_CHECKS_CHECKS_H
#define FIRELINT_CHECKS_CHECKS_H

#include "analyzer/check.h"

extern const struct check check_correlated;
extern const struct check check_generalization;
extern const struct check check_missing_audit_comment;
extern const struct check check_no_default_deny;
extern const struct check check_orphaned;
extern const struct check check_redundant;
extern const struct check check_shadowed;
extern const struct check check_undefined_reference;
extern const struct check check_undetermined;
extern const struct check check_unmatchable;
extern const struct check check_unused;

#endif
