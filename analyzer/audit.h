/*
 * audit.h - reading audit trails and suppressions out of rule comments.
 *
 * Change control wants every rule to say who asked for it, when, why, and
 * under which ticket (DESIGN.md section 5).  The default pattern accepts
 * "key=value" and "key: value" pairs anywhere in the comment, keys being
 * case-insensitive:
 *
 *	who:     by, who, owner
 *	when:    date, when
 *	why:     why, reason
 *	ticket:  ticket, change, approval
 *	expires: expires (optional)
 *
 * A value runs to the next key, to a ';', '|' or end of line, and loses
 * surrounding blanks, commas and quotes.  An empty value counts as absent.
 *
 * A comment may also carry "firelint: ignore=ID[,ID] reason=TEXT": that
 * directive is read by audit_suppression() and is never part of the audit
 * trail (its "reason=" is not the rule's why).
 */
#ifndef FIRELINT_AUDIT_H
#define FIRELINT_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum audit_key {
	AUDIT_WHO,
	AUDIT_WHEN,
	AUDIT_WHY,
	AUDIT_TICKET,
	AUDIT_EXPIRES,
	AUDIT_NKEYS
};

/* The keys every rule must have, as a mask of (1u << enum audit_key). */
#define AUDIT_REQUIRED	((1u << AUDIT_WHO) | (1u << AUDIT_WHEN) | \
			 (1u << AUDIT_WHY) | (1u << AUDIT_TICKET))

struct audit {
	const char	*value[AUDIT_NKEYS];	/* NULL: absent */
};

/*
 * Parse comment (may be NULL) into a.  Returns the number of keys found;
 * when a key appears twice, the first value is kept.
 */
int		 audit_parse(struct arena *, const char *comment,
		    struct audit *a);
/* Required keys that a lacks, as a mask over enum audit_key. */
unsigned	 audit_missing(const struct audit *a);
/* "who", "when", "why", "ticket", "expires". */
const char	*audit_key_name(enum audit_key);
/* The keys of a mask in canonical order: "when, ticket". */
char		*audit_mask_text(struct arena *, unsigned mask);

struct suppression {
	size_t		 n;
	const char	**ids;	/* as written; may name no check */
	const char	*reason;	/* NULL when not given */
};

/*
 * Find "firelint: ignore=..." in comment.  Returns true and fills s when
 * the directive is there (several directives in one comment are merged;
 * the first reason wins).
 */
bool		 audit_suppression(struct arena *, const char *comment,
		    struct suppression *s);
/* Does the suppression name this check id (or "all")? */
bool		 audit_suppresses(const struct suppression *,
		    const char *id);

#endif
