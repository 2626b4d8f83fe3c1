/*
 * frontend.h - the table of input formats.
 *
 * One input format is one folder under parser/ plus one row in
 * frontend_table (parser/frontends.c).  A front end reads one source file
 * into a policy model and reports problems through the diagnostics list;
 * it decides nothing about anomalies.
 */
#ifndef FIRELINT_FRONTEND_H
#define FIRELINT_FRONTEND_H

struct arena;
struct diag_list;
struct intern;
struct policy;
struct source_file;

struct frontend {
	const char	*name;		/* "iptables": --format value */
	const char	*description;
	/*
	 * How strongly the content looks like this format, 0 (not at all)
	 * to 100 (certain).  Auto-detection picks the highest score; it looks
	 * at content, never at the file name.
	 */
	int		(*detect)(const struct source_file *);
	/*
	 * The policy, or NULL when the input has errors (they are in the
	 * list, each with a location).  Notes and warnings may accompany a
	 * successful parse.
	 */
	struct policy	*(*parse)(struct arena *, struct intern *,
			    const struct source_file *, struct diag_list *);
};

extern const struct frontend *const frontend_table[];	/* NULL-terminated */

const struct frontend *frontend_find(const char *name);
/* The best match by content, or NULL when nothing scores above zero. */
const struct frontend *frontend_detect(const struct source_file *);

#endif
