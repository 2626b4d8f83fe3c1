/*
 * edits.h - the steps two revisions of a decision list do not share, and
 * the packets those steps match: where `diff` must look (DESIGN.md 2c
 * point 7, "restrict to the edit script").
 *
 * Two steps are the same step when they match the same packets by the
 * same conditions (their matches[], compared by content: an object-group
 * or a PF table whose members changed makes its rules different even
 * when their text did not), reach them by the same jumps (the path's
 * rules, by text: a RETURN goes back to the same place), and do the same
 * thing.  The steps are aligned as a text diff aligns lines (steps found
 * once in each revision anchor the alignment, the longest run of anchors
 * in order is kept, and equal steps next to kept ones are matched
 * outwards); what is left unmatched on either side is the edit script.
 *
 * Why it is enough: a packet that no unmatched step matches meets, in
 * both revisions, the same matched steps in the same order, each doing
 * the same thing; so it is decided by the same rule (or the same
 * default) in both.  Only the packets of the unmatched steps' M may be
 * decided differently; and of an unmatched deciding step, only those of
 * its Fire (its own revision's): a packet of M that an earlier step
 * takes never meets it, and one no edited step takes and no other edited
 * step matches walks unchanged steps only, in both revisions.
 */
#ifndef FIRELINT_EDITS_H
#define FIRELINT_EDITS_H

#include <stdbool.h>
#include <stdint.h>

#include "analyzer/box.h"
#include "analyzer/normalize.h"
#include "core/model.h"

struct arena;

struct edit_script {
	/* Per step of the old and the new list: unmatched (edited). */
	bool		*old_edited, *new_edited;
	uint32_t	 nold, nnew;	/* how many of each are edited */
};

/* Do two matches match the same packets by the same conditions? */
bool		 edits_same_match(const struct match *, const struct match *);

/* Align two lists; the defaults and scopes are not compared here. */
void		 edits_align(struct arena *, const struct norm_list *old,
		    const struct norm_list *new, struct edit_script *out);

/*
 * The packets of family fam that step k of list l matches: its own
 * conditions, the jumps to it and the list's scope.
 */
enum box_status	 edits_step_region(struct arena *,
		    const struct box_universe *, enum family fam,
		    const struct norm_list *l, uint32_t k, struct region *out);

#endif
