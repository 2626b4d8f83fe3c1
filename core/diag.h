/*
 * diag.h - diagnostics: everything firelint tells a user about an input.
 *
 * Two kinds travel through the same list: front-end diagnostics (a syntax
 * error, an opaque match noted once) and findings of checks (shadowed,
 * unused, ...).  Both have a severity, a stable code, a primary location,
 * related locations and a message; findings also carry the entry point,
 * the rule text, a witness packet and a suggested fix.  The text printer
 * renders them gcc-style with the quoted source line and a caret; the
 * JSON and SARIF writers read the same records.
 */
#ifndef FIRELINT_DIAG_H
#define FIRELINT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "source.h"

struct arena;
struct packet;

enum diag_severity {
	DIAG_NOTE = 0,
	DIAG_WARNING = 1,
	DIAG_ERROR = 2,
};
#define DIAG_NSEVERITIES 3

struct diag_related {
	struct loc	 loc;
	const char	*message;
};

struct diagnostic {
	enum diag_severity severity;
	/* stable id: "syntax", "shadowed", ... */
	const char	*code;
	struct loc	 loc;
	const char	*message;
	struct diag_related *related;
	size_t		 nrelated, related_cap;

	/* Findings of checks only; NULL/false for front-end diagnostics. */
	bool		 is_finding;
	const char	*entry;		/* entry point, "ipv4/filter/INPUT" */
	const char	*rule_text;	/* the rule as written */
	const char	*fix;		/* a suggested fix, or NULL */
	const struct packet *witness;	/* a packet that proves it, or NULL */
	bool		 suppressed;	/* by a "firelint: ignore=" comment */
	const char	*suppress_reason;

	struct diagnostic *next;
};

struct diag_list {
	struct arena	*arena;
	struct diagnostic *head, *tail;
	size_t		 count[DIAG_NSEVERITIES];	/* unsuppressed only */
	size_t		 total;
	/* (code, message) pairs already said, for diag_note_once() */
	struct diag_once *once;
};

void	diag_list_init(struct diag_list *, struct arena *);

/* Append a front-end diagnostic; returns it so related locations can follow. */
struct diagnostic *diag_emit(struct diag_list *, enum diag_severity,
	    const char *code, struct loc, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
struct diagnostic *diag_vemit(struct diag_list *, enum diag_severity,
	    const char *code, struct loc, const char *fmt, va_list);
/*
 * Like diag_emit, but only the first time this code and key are seen in
 * this list (an unknown match module is noted once per file, not per rule).
 * Returns NULL when it was said before.
 */
struct diagnostic *diag_once(struct diag_list *, enum diag_severity,
	    const char *code, const char *key, struct loc, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* Append a finding of a check (is_finding set). */
struct diagnostic *diag_finding(struct diag_list *, enum diag_severity,
	    const char *check, struct loc, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));
void	diag_add_related(struct diag_list *, struct diagnostic *, struct loc,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Mark suppressed and move it out of the severity counts. */
void	diag_suppress(struct diag_list *, struct diagnostic *,
	    const char *reason);

/*
 * Sort by file, line, column, code, message: output is deterministic
 * whatever order the checks ran in.
 */
void	diag_sort(struct diag_list *);

/* Number of unsuppressed diagnostics at or above a severity. */
size_t	diag_count_at_least(const struct diag_list *, enum diag_severity);

const char *diag_severity_name(enum diag_severity);

/*
 * gcc-style rendering:
 *   file:line:col: error: message [code]
 *      12 | -A INPUT -p tcp --dport 22 -j ACCEPT
 *         | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *   file:line:col: note: related message
 * Color (bold, red/magenta/cyan, green caret) when color is true.
 */
void	diag_print(FILE *, const struct diagnostic *, bool color);
void	diag_print_all(FILE *, const struct diag_list *, bool color);
/* Just the quoted line and caret of a location (used by writers too). */
void	diag_print_excerpt(FILE *, struct loc, bool color);

#endif
