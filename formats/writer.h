/*
 * writer.h - the table of report formats.
 *
 * One output format is one file in formats/ plus one row in writer_table
 * (formats/writers.c).  Writers turn a report into bytes on stdout; they
 * are deterministic: sorted input, no timestamps, paths as given.
 */
#ifndef FIRELINT_WRITER_H
#define FIRELINT_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct diag_list;
struct policy;

struct report_input {
	const char	*file;		/* as given */
	const char	*format;	/* "iptables" */
	size_t		 rules;
};

struct report {
	const char	*command;	/* "check" */
	const struct report_input *inputs;
	size_t		 ninputs;
	struct diag_list *findings;	/* sorted */
	bool		 color;
};

struct writer {
	const char	*name;		/* -o value: "text", "json" */
	int		(*write)(FILE *, const struct report *);
};

extern const struct writer *const writer_table[];	/* NULL-terminated */

const struct writer *writer_find(const char *name);

#endif
