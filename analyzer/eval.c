/*
 * eval.c - concrete evaluation of a packet against a decision list.
 *
 * A walk is a plain loop over the steps with a stack of the call ranges it
 * is inside (to say when it comes back after a calling rule).  Every maybe
 * point (an opaque condition, an unknown target that matches) is a binary
 * choice; a walk is determined by its sequence of choices, so exploring
 * the alternatives is a depth-first enumeration of choice prefixes, bounded
 * by EVAL_BRANCH_BUDGET walks.
 */
#include "config.h"

#include <string.h>

#include "analyzer/eval.h"
#include "core/arena.h"
#include "core/model.h"

enum tri { NO, YES, MAYBE };

struct walk {
	struct arena	*arena;
	const struct norm_list *l;
	const struct packet *pk;
	/* Choices forced at the first nforced maybe points (1: holds). */
	const unsigned char *forced;
	size_t		 nforced;
	/* Choices made, in order (grown as maybe points are met). */
	VEC(unsigned char) choices;
	bool		 record;
	VEC(struct eval_event) events;
	struct eval_outcome out;
};

static enum tri
match3(const struct packet *pk, const struct match *m)
{
	bool opaque = false;

	if (m == NULL)
		return YES;
	if (!packet_matches(pk, m, &opaque))
		return NO;
	return opaque ? MAYBE : YES;
}

static const char *
opaque_why(struct arena *a, const struct match *m)
{
	char *s = NULL;

	for (size_t i = 0; i < m->opaque.n; i++)
		s = s == NULL ? arena_strdup(a, m->opaque.v[i].module) :
		    arena_printf(a, "%s, %s", s, m->opaque.v[i].module);
	for (size_t i = 0; i < m->sets.n; i++) {
		const char *n = m->sets.v[i].object != NULL ?
		    m->sets.v[i].object->name : "?";

		s = s == NULL ? arena_printf(a, "set %s", n) :
		    arena_printf(a, "%s, set %s", s, n);
	}
	return s != NULL ? s : "opaque";
}

static void
event(struct walk *w, enum eval_event_kind k, const struct norm_step *s,
    const struct rule *back, const char *why)
{
	struct eval_event e;

	if (!w->record)
		return;
	e.kind = k;
	e.step = s;
	e.back_after = back;
	e.why = why;
	VEC_PUSH(w->arena, &w->events, e);
}

/* The next maybe choice: forced, or "does not hold" by default. */
static bool
choose(struct walk *w)
{
	unsigned char c = 0;

	if (w->choices.n < w->nforced)
		c = w->forced[w->choices.n];
	VEC_PUSH(w->arena, &w->choices, c);
	return c != 0;
}

struct range {
	uint32_t	 end;
	uint32_t	 call;		/* step index of the call */
	bool		 is_call;
};

static void
run_walk(struct walk *w)
{
	const struct norm_list *l = w->l;
	const struct norm_step *pending = NULL;
	VEC(struct range) st;
	uint32_t i = 0;
	int64_t last_matched = -1;

	memset(&st, 0, sizeof(st));
	memset(&w->out, 0, sizeof(w->out));
	w->choices.n = 0;
	while (i < l->nsteps) {
		const struct norm_step *s;
		enum tri t;

		while (st.n > 0 && st.v[st.n - 1].end <= i) {
			struct range r = st.v[--st.n];

			if (r.is_call && r.end == i)
				event(w, EVAL_BACK, &l->steps[r.call],
				    l->steps[r.call].rule, NULL);
		}
		if (i >= l->nsteps)
			break;
		s = &l->steps[i];
		t = match3(w->pk, norm_step_own_match(s));
		if (t == MAYBE) {
			bool yes = choose(w);

			event(w, EVAL_MAYBE, s, NULL, opaque_why(w->arena,
			    norm_step_own_match(s)));
			t = yes ? YES : NO;
		}
		switch (s->kind) {
		case NORM_CALL:
		case NORM_GOTO:
			if (t == NO) {
				i = s->end;
				continue;
			}
			event(w, s->kind == NORM_CALL ? EVAL_CALL : EVAL_GOTO,
			    s, NULL, NULL);
			{
				struct range r = { s->end, i,
				    s->kind == NORM_CALL };

				VEC_PUSH(w->arena, &st, r);
			}
			i++;
			continue;
		case NORM_RETURN:
			if (t == NO)
				break;
			event(w, s->implicit ? EVAL_FALL_OFF : EVAL_RETURN, s,
			    NULL, NULL);
			i = s->end;
			continue;
		case NORM_DECIDE:
			if (t == NO)
				break;
			last_matched = i;
			if (s->final) {
				event(w, EVAL_DECIDE, s, NULL, NULL);
				w->out.decider = s;
				w->out.action = s->action;
				return;
			}
			event(w, EVAL_PENDING, s, NULL, NULL);
			pending = s;
			break;
		case NORM_CONTINUE:
			if (t == NO)
				break;
			last_matched = i;
			event(w, EVAL_CONTINUE, s, NULL, NULL);
			break;
		case NORM_UNKNOWN:
			if (t == NO)
				break;
			if (choose(w)) {
				event(w, EVAL_DECIDE, s, NULL, NULL);
				w->out.decider = s;
				w->out.action = s->action;
				w->out.unknown = true;
				return;
			}
			event(w, EVAL_UNKNOWN, s, NULL, s->why);
			break;
		case NORM_ANCHOR_QUICK:
			if (last_matched >= (int64_t)s->begin) {
				event(w, EVAL_QUICK_ANCHOR, s, NULL, NULL);
				goto done;
			}
			break;
		}
		i++;
	}
	/* Ranges still open end with the list. */
	while (st.n > 0) {
		struct range r = st.v[--st.n];

		if (r.is_call && r.end == i)
			event(w, EVAL_BACK, &l->steps[r.call],
			    l->steps[r.call].rule, NULL);
	}
done:
	if (pending != NULL) {
		event(w, EVAL_DECIDE, pending, NULL, NULL);
		w->out.decider = pending;
		w->out.action = pending->action;
		return;
	}
	event(w, EVAL_DEFAULT, NULL, NULL, NULL);
	w->out.decider = NULL;
	w->out.action = l->default_action;
}

const char *
eval_verdict_name(const struct action *a)
{
	if (a == NULL)
		return "none";
	return action_kind_name(a->kind);
}

static bool
same_verdict(const struct eval_outcome *a, const struct eval_outcome *b)
{
	if (a->unknown || b->unknown)
		return false;
	if (a->action == NULL || b->action == NULL)
		return a->action == b->action;
	return a->action->kind == b->action->kind;
}

void
eval_packet(struct arena *a, const struct norm_list *l,
    const struct packet *pk, struct eval_result *res)
{
	struct walk w;
	/* Prefixes still to walk, each an arena copy. */
	VEC(unsigned char *) todo;
	VEC(size_t) todo_len;

	memset(res, 0, sizeof(*res));
	memset(&w, 0, sizeof(w));
	memset(&todo, 0, sizeof(todo));
	memset(&todo_len, 0, sizeof(todo_len));
	w.arena = a;
	w.l = l;
	w.pk = pk;
	w.record = true;
	run_walk(&w);
	res->events = w.events.v;
	res->nevents = w.events.n;
	res->main = w.out;
	res->nmaybe = w.choices.n;
	res->walks = 1;
	res->determined = !w.out.unknown;
	w.record = false;

	/* Alternatives of the main walk: flip each maybe point in turn. */
	for (size_t j = w.choices.n; j-- > 0;) {
		unsigned char *f = arena_zalloc(a, j + 1);

		f[j] = 1;
		VEC_PUSH(a, &todo, f);
		VEC_PUSH(a, &todo_len, j + 1);
	}
	while (todo.n > 0) {
		unsigned char *f = todo.v[--todo.n];
		size_t nf = todo_len.v[--todo_len.n];
		bool seen = false;

		if (res->walks >= EVAL_BRANCH_BUDGET) {
			res->budget_exhausted = true;
			res->determined = false;
			break;
		}
		w.forced = f;
		w.nforced = nf;
		run_walk(&w);
		res->walks++;
		if (!same_verdict(&w.out, &res->main)) {
			res->determined = false;
			for (size_t k = 0; k < res->nalts; k++)
				if (res->alts[k].decider == w.out.decider &&
				    res->alts[k].unknown == w.out.unknown)
					seen = true;
			if (!seen) {
				res->alts = arena_grow(a, res->alts,
				    res->nalts * sizeof(*res->alts),
				    (res->nalts + 1) * sizeof(*res->alts));
				res->alts[res->nalts++] = w.out;
			}
		}
		/* Later maybe points of this walk, flipped. */
		for (size_t j = w.choices.n; j-- > nf;) {
			unsigned char *g = arena_alloc(a, j + 1);

			memcpy(g, w.choices.v, j);
			g[j] = 1;
			VEC_PUSH(a, &todo, g);
			VEC_PUSH(a, &todo_len, j + 1);
		}
	}
}

static bool
hook_is(const struct entry_point *e, const char *h)
{
	return e->hook != NULL && strcmp(e->hook, h) == 0;
}

bool
eval_entry_reaches(const struct entry_point *e, const struct packet *p)
{
	struct packet q;
	bool in = p->in_if != NULL, out = p->out_if != NULL;
	bool opaque;

	if (e->family != FAMILY_NONE && e->family != FAMILY_ANY &&
	    !(e->family & p->family))
		return false;
	if (e->table != NULL && (in || out)) {
		if (hook_is(e, "PREROUTING") && !in)
			return false;
		if (hook_is(e, "INPUT") && (!in || out))
			return false;
		if (hook_is(e, "FORWARD") && !(in && out))
			return false;
		if (hook_is(e, "OUTPUT") && (in || !out))
			return false;
		if (hook_is(e, "POSTROUTING") && !out)
			return false;
	}
	if (e->scope == NULL)
		return true;
	eval_packet_for_entry(e, p, &q);
	/* A direction scope chooses the pass: "in" for packets that come
	   in somewhere, "out" for those that leave somewhere. */
	if (e->scope->field[FIELD_DIRECTION] != NULL && (in || out)) {
		bool is_out = q.value[FIELD_DIRECTION].lo != 0;

		if (is_out ? !out : !in)
			return false;
	}
	return packet_matches(&q, e->scope, &opaque);
}

void
eval_packet_for_entry(const struct entry_point *e, const struct packet *p,
    struct packet *q)
{
	const struct ivset *dir = e->scope != NULL ?
	    e->scope->field[FIELD_DIRECTION] : NULL;

	*q = *p;
	/* Packets that iptables' INPUT sees are addressed to this host;
	   those OUTPUT sees come from it (addrtype LOCAL). */
	if (e->table != NULL && hook_is(e, "INPUT") &&
	    !q->is_set[FIELD_DST_ADDRTYPE])
		q->value[FIELD_DST_ADDRTYPE] = u128_from64(ADDRTYPE_LOCAL);
	if (e->table != NULL && hook_is(e, "OUTPUT") &&
	    !q->is_set[FIELD_SRC_ADDRTYPE])
		q->value[FIELD_SRC_ADDRTYPE] = u128_from64(ADDRTYPE_LOCAL);
	if (q->is_set[FIELD_DIRECTION])
		return;
	if (dir != NULL) {
		bool out = !ivset_contains(dir, u128_from64(0));

		q->value[FIELD_DIRECTION] = u128_from64(out ? 1 : 0);
		if (out) {
			q->in_if = p->out_if;
			q->out_if = NULL;
		} else
			q->out_if = NULL;
		return;
	}
	q->value[FIELD_DIRECTION] = u128_from64(
	    p->out_if != NULL && p->in_if == NULL ? 1 : 0);
}

void
eval_packet_from_entry(const struct entry_point *e, const struct packet *q,
    struct packet *p)
{
	*p = *q;
	if (e->scope == NULL || e->scope->field[FIELD_DIRECTION] == NULL ||
	    !q->is_set[FIELD_DIRECTION])
		return;
	p->is_set[FIELD_DIRECTION] = false;
	if (q->value[FIELD_DIRECTION].lo != 0) {
		p->out_if = q->in_if;
		p->in_if = NULL;
	}
}

bool
eval_decide(struct arena *a, const struct norm_list *l, const struct packet *p,
    struct eval_outcome *out)
{
	struct packet q;
	struct eval_result res;

	if (!eval_entry_reaches(l->entry, p))
		return false;
	eval_packet_for_entry(l->entry, p, &q);
	memset(&res, 0, sizeof(res));
	eval_packet(a, l, &q, &res);
	if (!res.determined || res.main.unknown || res.main.action == NULL)
		return false;
	*out = res.main;
	return true;
}

bool
eval_same_verdict(const struct action *a, const struct action *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind || (a->options == NULL) != (b->options == NULL))
		return false;
	return a->options == NULL || strcmp(a->options, b->options) == 0;
}
