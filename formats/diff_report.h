/*
 * diff_report.h - the report of `firelint diff`: the regions of packet
 * space whose decision changed between two revisions, as text or JSON.
 *
 * JSON shape (one object; man/firelint.1 documents it for users):
 *   { "firelint": VERSION, "command": "diff",
 *     "inputs": [ { "file", "format", "rules" }, { ... } ],
 *     "findings": [],
 *     "changes": [ { "entry": "ipv4/filter/INPUT", "family": "ipv4",
 *                    "from": "accept", "to": "drop",
 *                    "space": "ipv4, proto tcp, dport 22",
 *                    "witness": { ... as in check },
 *                    "old_rules": [ { "file", "line", "column", "rule" }
 *                                   | { "default": true, "file", "line" } ],
 *                    "new_rules": [ ... ] } ],
 *     "notes": [ "..." ],
 *     "equivalent": false,
 *     "summary": { "changes": 1, "newly_permitted": 0,
 *                  "newly_denied": 1, "other": 0 } }
 * "from" or "to" is "not reached" for packets that reach the entry points
 * of one revision only; their rules list is then empty.
 */
#ifndef FIRELINT_FORMATS_DIFF_REPORT_H
#define FIRELINT_FORMATS_DIFF_REPORT_H

#include <stdio.h>

#include "analyzer/diff.h"
#include "formats/writer.h"

struct diff_report {
	const struct report_input *old, *new;
	const struct diff_result *result;
};

/* Both return 0, or -1 on a write error. */
int	diff_write_text(FILE *, struct arena *, const struct diff_report *);
int	diff_write_json(FILE *, struct arena *, const struct diff_report *);

#endif
