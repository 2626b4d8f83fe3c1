/*
 * space.h - the packet regions of a decision list, shared by the anomaly
 * checks (shadowed, redundant, no-default-deny; DESIGN.md 2b).
 *
 * For every step of a first-match list, M(step) is the region of packets
 * the step's matches[] (plus the entry's scope, within the packets that
 * reach the entry at all) admit, and Fire(step) is M minus what earlier
 * steps take away: a final DECIDE step takes the packets it decides from
 * every later step, a RETURN step those it returns from the later steps
 * inside its range.  Calls and gotos need nothing: their matches are already in
 * the inner steps' conjunctions.
 *
 * Soundness: a step whose region is not exact (opaque, mark, set
 * references) never takes anything away.  Such a step when it may decide
 * or return, and every NORM_UNKNOWN step, is "doubtful": the packets that
 * reach it inside its region form the doubt region Q.  A packet outside Q
 * walks exactly as the regions say, so every claim below is made only
 * about packets outside Q, and every finding's witness is confirmed by
 * eval.c before it is reported.  Lists cut by the normalizer's budget,
 * regions over the box budget and PF lists with an "anchor ... quick" are
 * not judged.  Other last-match lists (PF) are judged in their first-match
 * form (norm_first_match_equivalent), witnesses confirmed on the original.
 */
#ifndef FIRELINT_SPACE_H
#define FIRELINT_SPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "analyzer/box.h"
#include "analyzer/normalize.h"
#include "core/model.h"
#include "core/packet.h"

struct arena;

/* Boxes per region before a question is given up as over budget. */
#define SPACE_BUDGET	4096
/*
 * The work (box pairs compared, index nodes and steps read) one analysis
 * may spend before the remaining questions are given up (undetermined):
 * SPACE_WORK_PER_STEP for each step of its lists, at least SPACE_WORK and
 * at most SPACE_WORK_MAX, so that a dense ruleset of 100,000 rules, where
 * a rule overlaps thousands of others, still ends within seconds.  (The
 * `diff` engine spends SPACE_WORK per pair.)
 */
#define SPACE_WORK	((size_t)10000000)
#define SPACE_WORK_PER_STEP	((size_t)3000)
#define SPACE_WORK_MAX	((size_t)300000000)
/*
 * The share one rule's questions may spend: a rule whose exact answer
 * needs more (a catch-all whose region is the complement of thousands of
 * rules) is left undetermined instead of starving the others.
 */
#define SPACE_RULE_WORK	((size_t)50000)

enum space_kind {
	SPACE_SHADOWED,
	SPACE_REDUNDANT,	/* upward: Fire(r) empty, same decisions */
	SPACE_REDUNDANT_DOWN,	/* Fire(r) not empty, removing r changes
				   nothing */
	SPACE_NO_DEFAULT_DENY,
};

struct space_related {
	const struct rule *rule;
	bool		 covers_all;	/* alone covers M(r) */
};

struct space_finding {
	enum space_kind	 kind;
	const struct rule *rule;	/* NULL for no-default-deny */
	const struct entry_point *entry;
	struct packet	*witness;	/* confirmed by eval.c */
	/* The witness's verdict, and the rule deciding it (NULL: the
	   entry's default). */
	const char	*verdict;
	const struct rule *decider;
	struct space_related *related;
	size_t		 nrelated;
};

/* A rule the budget left unjudged, and the entry it was judged in. */
struct space_unjudged {
	const struct rule *rule;
	const struct entry_point *entry;	/* NULL: none yet */
};

struct space_result {
	VEC(struct space_finding) findings;
	/* The rules SPACE_WORK or SPACE_RULE_WORK left unjudged, in the
	   order they were met (the undetermined check reports them). */
	VEC(struct space_unjudged) over_budget;
	/* Candidates dropped because eval.c disagreed with the regions (a
	   bug signal: the oracle test requires 0). */
	size_t		 unconfirmed;
	/* Rules or entries left unjudged (doubt, budget). */
	size_t		 undetermined;
};

/*
 * Judge every filtering first-match entry point of the policy and return
 * the findings of the kinds in the mask (1u << SPACE_SHADOWED | ...), in
 * order of entry, then rule position.  A rule is judged over every step
 * of every such list it appears in.
 */
struct space_result *space_analyze(struct arena *, const struct policy *,
		    unsigned kinds);

/*
 * Every kind at once, for the checks of one policy: computed by the first
 * check that asks and kept in the context (the analysis is the expensive
 * part; shadowed, redundant and no-default-deny share it).
 */
struct check_context;
const struct space_result *space_for_checks(struct check_context *);

/*
 * The engine's pieces for other questions (diff): the decision partition
 * of one list and region operations that share the engine's budgets.
 *
 * A partition covers the packets of one family that reach the list's
 * entry: one cell per exact deciding step with what it decides (Fire),
 * one for the default, and one "doubt" cell per step whose effect is not
 * known (opaque or unknown): nothing may be claimed about a packet of a
 * doubt cell, even when it also lies in a later cell.  Every other packet
 * of the reach lies in exactly one cell.
 */
struct space_engine;

enum space_cell_kind {
	SPACE_CELL_RULE,	/* decided by rule */
	SPACE_CELL_DEFAULT,	/* the entry's default */
	SPACE_CELL_DOUBT,	/* may be decided by rule: unknown */
};

struct space_cell {
	enum space_cell_kind kind;
	const struct region *region;
	const struct action *action;	/* the verdict (NULL: none) */
	const struct rule *rule;	/* NULL for the default */
};

/* One step of the first-match form (space_partition.first). */
struct space_step {
	const struct region *m;		/* M: what its matches admit */
	const struct region *fire;	/* Fire: what reaches it there */
	bool		 exact;		/* its match is a box exactly */
	bool		 doubtful;	/* may decide or return, unknown */
};

struct space_partition {
	enum family	 fam;
	bool		 ok;
	const struct norm_list *orig;	/* as normalized: for eval.c */
	const struct norm_list *first;	/* its first-match form */
	struct region	 reach;
	VEC(struct space_cell) cells;
	/* Parallel to first->steps (pairwise checks read M and Fire). */
	struct space_step *steps;
	/* The doubt regions: nothing may be claimed about their packets. */
	VEC(const struct region *) doubt;
};

/*
 * One engine (interface universe, scratch arena, work budget) over the
 * given policies; regions of two engines never mix.  With atoms, opaque
 * conditions are free booleans (box_universe_use_atoms: only for
 * questions that must hold for every assignment).
 */
struct space_engine *space_engine_new(struct arena *,
		    const struct policy *const *, size_t n, bool atoms);
void		 space_engine_free(struct space_engine *);
/* False once the universe is inexact or the work budget is spent. */
bool		 space_engine_ok(const struct space_engine *);
struct arena	*space_engine_arena(struct space_engine *);
const struct box_universe *space_universe(const struct space_engine *);
/* False (out->ok false) when the list cannot be judged exactly: an
   anchor quick, the normalizer's or the engine's budget. */
bool		 space_partition_list(struct space_engine *,
		    const struct norm_list *, enum family,
		    struct space_partition *out);
/*
 * The same, restricted to the packets of within (NULL: all of them): the
 * cells partition the reach within it (found led by packets: only the
 * steps that decide some of them are asked); out->reach stays the list's
 * whole reach and out->steps is not filled.  For `diff`, which compares
 * two revisions only where their edited rules match.
 */
bool		 space_partition_within(struct space_engine *,
		    const struct norm_list *, enum family,
		    const struct region *within, struct space_partition *out);
/*
 * Fire(k) of step k of list orig, when orig is in first-match form and
 * the step exact (false otherwise, or over budget): the packets step k
 * decides.  Kept by the engine; for `diff`'s edited steps.
 */
bool		 space_fire_of(struct space_engine *, const struct norm_list *,
		    enum family, uint32_t k, struct region *out);
/* The work spent so far. */
size_t		 space_engine_work(const struct space_engine *);
/* Let the engine spend `more` work from now on (the next questions'). */
void		 space_engine_allow(struct space_engine *, size_t more);
/*
 * on: what the engine and its caller allocate in space_engine_arena()
 * from now on is one question's, forgotten at off (the lists built for
 * space_partition_within stay).
 */
void		 space_engine_scratch(struct space_engine *, bool on);
bool		 space_overlaps(struct space_engine *, const struct region *,
		    const struct region *);
enum box_status	 space_and(struct space_engine *, const struct region *,
		    const struct region *, struct region *out);
enum box_status	 space_minus(struct space_engine *, struct region *,
		    const struct region *);
enum box_status	 space_add(struct space_engine *, struct region *,
		    const struct region *);
/* A packet of r (preferably TCP) in the user's terms for entry e. */
struct packet	*space_witness(struct space_engine *,
		    const struct entry_point *e, const struct region *r);

#endif
