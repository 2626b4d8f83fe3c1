/*
 * asa.h - the Cisco PIX / ASA / FWSM front end: running-configs and
 * "show access-list" output.
 */
#ifndef FIRELINT_PARSER_ASA_H
#define FIRELINT_PARSER_ASA_H

#include "parser/frontend.h"

extern const struct frontend asa_frontend;

struct diag_list;
struct policy;

/*
 * Give the entries of a running-config the hit counters of "show
 * access-list" output parsed from another file (both parsed by
 * asa_frontend).  An entry of show is matched to the entry of running
 * with the same access-list name and the same text (without "line N",
 * "extended", log options, "inactive", the counter and the hash),
 * preferring the one at the same line number; the count of its
 * expansion lines is already in it.  Entries of show that running lacks
 * are reported as warnings at their line in show, never added; entries
 * of running that show lacks keep no counter (a note says how many, per
 * list).  Returns the number of entries of running that got a counter,
 * or -1 when either policy is not an ASA one (an error says so).
 */
int	 asa_merge_counters(struct policy *running, const struct policy *show,
	    struct diag_list *diags);

#endif
