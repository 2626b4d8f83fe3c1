/*
 * normalize.c - inline each entry point into one decision list.
 *
 * One recursive walk over containers per entry point.  Jumps push a frame
 * (its RETURNs and the end of its range come back after the calling
 * rule); gotos do not (their RETURNs, and falling off their end, go where
 * the current frame's RETURNs go), which is the kernel's rule for -g.
 * RETURN targets are only known when a frame closes, so they are patched
 * then from a stack of pending step indices.
 */
#include "config.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "analyzer/normalize.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/model.h"

struct nctx {
	struct arena	*arena;
	const struct policy *policy;
	const struct entry_point *entry;
	struct diag_list *diags;
	VEC(struct norm_step) steps;
	/* RETURN steps waiting for the end of their frame. */
	VEC(uint32_t) pending;
	/* The jump path: rules and the containers entered. */
	const struct rule *path[NORM_MAX_DEPTH + 1];
	const struct container *stack[NORM_MAX_DEPTH + 2];
	uint32_t	 depth;		/* rules in path[] */
	uint32_t	 nstack;
	size_t		 budget;
	bool		 truncated;
	bool		 first_match;
};

const char *
norm_kind_name(enum norm_kind k)
{
	switch (k) {
	case NORM_DECIDE:
		return "decide";
	case NORM_CONTINUE:
		return "continue";
	case NORM_UNKNOWN:
		return "unknown";
	case NORM_CALL:
		return "call";
	case NORM_GOTO:
		return "goto";
	case NORM_RETURN:
		return "return";
	case NORM_ANCHOR_QUICK:
		return "anchor-quick";
	}
	return "?";
}

const struct match *
norm_step_own_match(const struct norm_step *s)
{
	if (s->implicit || s->kind == NORM_ANCHOR_QUICK || s->nmatches == 0)
		return NULL;
	return s->matches[s->nmatches - 1];
}

static enum norm_kind
kind_of(enum action_kind k)
{
	switch (k) {
	case ACTION_ACCEPT:
	case ACTION_DROP:
	case ACTION_REJECT:
	case ACTION_QUEUE:
	case ACTION_TRANSLATE:
		return NORM_DECIDE;
	case ACTION_NONE:
	case ACTION_LOG:
	case ACTION_MODIFY:
	case ACTION_MATCH:
		return NORM_CONTINUE;
	case ACTION_RETURN:
		return NORM_RETURN;
	case ACTION_JUMP:
		return NORM_CALL;
	case ACTION_GOTO:
		return NORM_GOTO;
	case ACTION_UNKNOWN:
		break;
	}
	return NORM_UNKNOWN;
}

/*
 * Append a step for rule r (NULL: the rule on top of the path, for a
 * synthetic step) with the current path; extra says whether r itself is
 * added to the path.  Returns its index.
 */
static uint32_t
push_step(struct nctx *x, enum norm_kind kind, const struct rule *r)
{
	struct norm_step s;
	uint32_t n = x->depth + (r != NULL ? 1 : 0), i;
	const struct match **m;
	const struct rule **p;

	memset(&s, 0, sizeof(s));
	s.kind = kind;
	m = arena_alloc(x->arena, (n > 0 ? n : 1) * sizeof(*m));
	p = arena_alloc(x->arena, (n > 0 ? n : 1) * sizeof(*p));
	for (i = 0; i < x->depth; i++) {
		p[i] = x->path[i];
		m[i] = &x->path[i]->match;
	}
	if (r != NULL) {
		p[i] = r;
		m[i] = &r->match;
		s.rule = r;
		s.action = &r->action;
		s.final = x->first_match || r->quick;
	} else if (x->depth > 0) {
		s.rule = x->path[x->depth - 1];
		s.action = &s.rule->action;
		s.implicit = true;
	}
	s.matches = m;
	s.path = p;
	s.nmatches = s.npath = n;
	VEC_PUSH(x->arena, &x->steps, s);
	return (uint32_t)(x->steps.n - 1);
}

static void
make_unknown(struct nctx *x, uint32_t i, const char *why)
{
	x->steps.v[i].kind = NORM_UNKNOWN;
	x->steps.v[i].final = true;
	x->steps.v[i].why = why;
}

static bool
on_stack(const struct nctx *x, const struct container *c)
{
	for (uint32_t i = 0; i < x->nstack; i++)
		if (x->stack[i] == c)
			return true;
	return false;
}

static char *
loc_key(struct arena *a, const struct rule *r)
{
	return arena_printf(a, "%s:%u:%u", r->loc.file != NULL ?
	    r->loc.file->path : "", r->loc.line, r->loc.col);
}

static void inline_container(struct nctx *, const struct container *);

/*
 * Can the call of rule r at step i be inlined?  If not, the step becomes
 * NORM_UNKNOWN with the reason, said once per rule.
 */
static bool
may_inline(struct nctx *x, const struct rule *r, uint32_t i)
{
	const struct container *c = r->action.container;

	if (c == NULL) {
		/* undefined-reference reports it; whatever it was meant to
		   do is unknown. */
		make_unknown(x, i, arena_printf(x->arena, "%s %s is not "
		    "defined", r->action.kind == ACTION_GOTO ? "goto target" :
		    "jump target", r->action.target != NULL ?
		    r->action.target : "?"));
		return false;
	}
	if (on_stack(x, c)) {
		if (x->diags != NULL)
			diag_once(x->diags, DIAG_ERROR, "jump-loop",
			    loc_key(x->arena, r), r->loc,
			    "jump loop: \"%s\" is "
			    "already being evaluated when this rule calls it "
			    "(iptables-restore rejects such a ruleset)",
			    c->name);
		make_unknown(x, i, "jump loop");
		return false;
	}
	if (x->depth >= NORM_MAX_DEPTH) {
		if (x->diags != NULL)
			diag_once(x->diags, DIAG_WARNING, "jump-depth",
			    loc_key(x->arena, r), r->loc, "jumps nest deeper "
			    "than %d here; the call is not followed",
			    NORM_MAX_DEPTH);
		make_unknown(x, i, "jumps nest too deep");
		return false;
	}
	if (x->steps.n >= x->budget) {
		if (x->diags != NULL && !x->truncated)
			diag_emit(x->diags, DIAG_WARNING, "normalize-budget",
			    r->loc, "entry %s: more than %zu steps once "
			    "chains are inlined (chains called from many "
			    "places); this call and later ones are treated as "
			    "unknown", x->entry->name, x->budget);
		x->truncated = true;
		make_unknown(x, i, "not inlined: step budget");
		return false;
	}
	return true;
}

static void
inline_call(struct nctx *x, const struct rule *r, uint32_t i)
{
	const struct container *c = r->action.container;
	size_t mark = x->pending.n;
	bool jump = r->action.kind != ACTION_GOTO;

	x->path[x->depth++] = r;
	x->stack[x->nstack++] = c;
	inline_container(x, c);
	if (!jump) {
		/* Falling off a goto'd chain returns where a RETURN would:
		   after the last -j, or to the default. */
		uint32_t k = push_step(x, NORM_RETURN, NULL);

		VEC_PUSH(x->arena, &x->pending, k);
	} else if (!x->first_match && r->quick) {
		uint32_t k = push_step(x, NORM_ANCHOR_QUICK, NULL);

		x->steps.v[k].begin = i + 1;
		x->steps.v[k].implicit = false;
	}
	x->nstack--;
	x->depth--;
	x->steps.v[i].end = (uint32_t)x->steps.n;
	if (jump) {
		/* Close the frame: its RETURNs come back here. */
		for (size_t k = mark; k < x->pending.n; k++)
			x->steps.v[x->pending.v[k]].end =
			    (uint32_t)x->steps.n;
		x->pending.n = mark;
	}
}

static void
inline_container(struct nctx *x, const struct container *c)
{
	for (size_t k = 0; k < c->rules.n; k++) {
		const struct rule *r = c->rules.v[k];
		enum norm_kind kind;
		uint32_t i;

		if (r->disabled)
			continue;
		kind = kind_of(r->action.kind);
		i = push_step(x, kind, r);
		switch (kind) {
		case NORM_UNKNOWN:
			x->steps.v[i].final = true;
			x->steps.v[i].why = "unknown target";
			break;
		case NORM_RETURN:
			VEC_PUSH(x->arena, &x->pending, i);
			break;
		case NORM_CALL:
		case NORM_GOTO:
			if (may_inline(x, r, i))
				inline_call(x, r, i);
			break;
		default:
			break;
		}
	}
}

struct norm_list *
normalize_entry(struct arena *a, const struct policy *p,
    const struct entry_point *e, struct diag_list *diags)
{
	struct norm_list *l = arena_zalloc(a, sizeof(*l));
	struct nctx x;

	memset(&x, 0, sizeof(x));
	x.arena = a;
	x.policy = p;
	x.entry = e;
	x.diags = diags;
	x.first_match = e->order == ORDER_FIRST_MATCH;
	x.budget = p->nrules * 4 > NORM_STEP_BUDGET ? p->nrules * 4 :
	    NORM_STEP_BUDGET;
	if (e->start != NULL) {
		x.stack[x.nstack++] = e->start;
		inline_container(&x, e->start);
	}
	/* RETURN from the start container applies the default. */
	for (size_t k = 0; k < x.pending.n; k++)
		x.steps.v[x.pending.v[k]].end = (uint32_t)x.steps.n;
	l->entry = e;
	l->order = e->order;
	l->scope = e->scope;
	l->default_action = &e->default_action;
	l->default_loc = e->default_loc;
	l->steps = x.steps.v;
	l->nsteps = (uint32_t)x.steps.n;
	l->truncated = x.truncated;
	return l;
}

struct norm_policy *
normalize_policy(struct arena *a, const struct policy *p,
    struct diag_list *diags)
{
	struct norm_policy *np = arena_zalloc(a, sizeof(*np));

	np->policy = p;
	np->nlists = p->entries.n;
	np->lists = arena_zalloc(a, (np->nlists > 0 ? np->nlists : 1) *
	    sizeof(*np->lists));
	for (size_t i = 0; i < p->entries.n; i++)
		np->lists[i] = *normalize_entry(a, p, p->entries.v[i], diags);
	return np;
}

const struct norm_list *
norm_first_match_equivalent(struct arena *a, const struct norm_list *l)
{
	struct norm_list *f;
	uint32_t k, n = 0;

	if (l->order == ORDER_FIRST_MATCH)
		return l;
	for (k = 0; k < l->nsteps; k++)
		if (l->steps[k].kind == NORM_ANCHOR_QUICK ||
		    l->steps[k].kind == NORM_RETURN ||
		    l->steps[k].kind == NORM_GOTO)
			return NULL;
	f = arena_alloc(a, sizeof(*f));
	*f = *l;
	f->order = ORDER_FIRST_MATCH;
	f->steps = arena_alloc(a, (l->nsteps + 1) * sizeof(*f->steps));
	for (k = 0; k < l->nsteps; k++)
		if (l->steps[k].kind == NORM_UNKNOWN ||
		    (l->steps[k].kind == NORM_DECIDE && l->steps[k].final))
			f->steps[n++] = l->steps[k];
	for (k = l->nsteps; k-- > 0;)
		if (l->steps[k].kind == NORM_DECIDE && !l->steps[k].final)
			f->steps[n++] = l->steps[k];
	for (k = 0; k < n; k++) {
		f->steps[k].final = true;
		f->steps[k].end = n;
	}
	f->nsteps = n;
	return f;
}
