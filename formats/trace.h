/*
 * trace.h - the report of `firelint trace`: the path of one packet
 * through each entry point it reaches, as text or JSON.
 *
 * JSON shape (one object; man/firelint.1 documents it for users):
 *   { "firelint": VERSION, "command": "trace",
 *     "file": FILE, "format": "iptables", "packet": "tcp 1.2.3.4:5 -> ...",
 *     "traces": [ { "entry": "ipv4/filter/INPUT",
 *                   "order": "first-match" | "last-match",
 *                   "steps": [ { "event": "jump", "message": "...",
 *                                "file", "line", "column", "depth",
 *                                "rule": "-A INPUT ..." } ],
 *                   "decision": "drop",
 *                   "decided_by": { "file", "line", "column", "rule" }
 *                                 | { "default": true, "file", "line" },
 *                   "determined": true,
 *                   "alternatives": [ { "decision", "file", "line",
 *                                       "column", "rule" } ] } ] }
 * Events: jump, goto, return, fall-off, back, continue, pending, maybe,
 * unknown, quick-anchor, decide, default.
 */
#ifndef FIRELINT_FORMATS_TRACE_H
#define FIRELINT_FORMATS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "analyzer/eval.h"

struct trace_entry {
	const struct entry_point *entry;
	const struct norm_list *list;
	struct eval_result result;
};

struct trace_report {
	const char	*file;		/* as given */
	const char	*format;	/* front end name */
	const char	*packet;	/* the packet as words */
	const struct trace_entry *entries;
	size_t		 nentries;
};

/* Both return 0, or -1 on a write error. */
int	trace_write_text(FILE *, struct arena *, const struct trace_report *);
int	trace_write_json(FILE *, struct arena *, const struct trace_report *);

#endif
