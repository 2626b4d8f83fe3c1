/*
 * check.h - the table of checks.
 *
 * One check is one file in analyzer/checks/ plus one row in check_table
 * (analyzer/checks.c), which is sorted by id.  A check reads the policy
 * model (and, from the engine issue on, the normalized decision lists) and
 * emits findings through check_report().
 */
#ifndef FIRELINT_CHECK_H
#define FIRELINT_CHECK_H

#include <stdbool.h>

#include "core/diag.h"

struct arena;
struct policy;
struct rule;
struct container;
struct entry_point;

struct check_context;
struct check_reach;
struct space_result;
struct pairwise_result;

struct check {
	const char	*id;		/* stable: "shadowed", "unused" */
	enum diag_severity severity;
	const char	*summary;	/* one line for `firelint checks` */
	void		(*run)(struct check_context *);
};

struct check_context {
	const struct check *check;
	struct arena	*arena;
	struct policy	*policy;
	struct diag_list *diags;
	/* Which entry points reach each container; private to checks.c. */
	struct check_reach *reach;
	/* The engine's answers, shared by the checks that use it (computed
	   once per policy by space_for_checks). */
	struct space_result *space;
	/* The rule pairs of correlated and generalization, found in one
	   pass for both (pairwise_for_checks). */
	struct pairwise_result *pairwise;
};

/* sorted by id, NULL-terminated */
extern const struct check *const check_table[];

const struct check *check_find(const char *id);

/*
 * A finding of the running check at a rule: location, entry point (may be
 * NULL), rule text and the check's severity are filled in.
 */
struct diagnostic *check_report_rule(struct check_context *,
		    const struct rule *, const char *entry,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A finding at a container (orphaned chain) or any other location. */
struct diagnostic *check_report_at(struct check_context *, struct loc,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * The first entry point (by name) from which a packet can reach the
 * container through jumps and gotos, or NULL when none does.
 */
const struct entry_point *check_container_entry(struct check_context *,
		    const struct container *);
/* Is the container reached from some entry point that filters? */
bool		 check_container_filters(struct check_context *,
		    const struct container *);
/* Is the container reached from any entry point at all? */
bool		 check_container_reached(struct check_context *,
		    const struct container *);
/*
 * Suppress finding d when comment carries "firelint: ignore=" naming the
 * running check (check_report_rule does this for the rule's comment).
 */
void		 check_apply_suppression(struct check_context *,
		    struct diagnostic *d, const char *comment);

/*
 * Run the enabled checks over one policy, then apply suppressions written
 * in rule comments ("firelint: ignore=ID[,ID] reason=...").
 * enabled[i] says whether check_table[i] runs.
 */
void		 checks_run(struct arena *, struct policy *, struct diag_list *,
		    const bool *enabled);

#endif
