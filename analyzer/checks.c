/*
 * checks.c - the table of checks, the helpers they share, and running them.
 *
 * Reachability of containers from entry points is computed once per policy
 * and shared: several checks need to know which entry point a rule is
 * judged under (for the "entry" of a finding) and whether anything reaches
 * a chain at all.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "analyzer/audit.h"
#include "analyzer/check.h"
#include "analyzer/checks/checks.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/model.h"

/* Sorted by id: `firelint checks` and --enable rely on it. */
const struct check *const check_table[] = {
	&check_correlated,
	&check_generalization,
	&check_missing_audit_comment,
	&check_no_default_deny,
	&check_orphaned,
	&check_redundant,
	&check_shadowed,
	&check_undefined_reference,
	&check_undetermined,
	&check_unmatchable,
	&check_unused,
	NULL
};

const struct check *
check_find(const char *id)
{
	for (size_t i = 0; check_table[i] != NULL; i++)
		if (strcmp(check_table[i]->id, id) == 0)
			return check_table[i];
	return NULL;
}

struct reach_slot {
	const struct container *c;	/* NULL: empty slot */
	const struct entry_point *entry;
	bool		 filters;
	uint32_t	 seen;		/* generation of the last visit */
};

/* An open-addressing map from container to what reaches it. */
struct check_reach {
	size_t		 cap;
	struct reach_slot *slot;
};

static size_t
ptr_hash(const void *p, size_t cap)
{
	uintptr_t v = (uintptr_t)p;

	v ^= v >> 17;
	v *= (uintptr_t)0x9e3779b97f4a7c15ull;
	v ^= v >> 29;
	return (size_t)v & (cap - 1);
}

static struct reach_slot *
reach_slot(struct check_reach *r, const struct container *c)
{
	size_t i = ptr_hash(c, r->cap);

	while (r->slot[i].c != NULL && r->slot[i].c != c)
		i = (i + 1) & (r->cap - 1);
	return r->slot[i].c == c ? &r->slot[i] : NULL;
}

static struct check_reach *
reach_compute(struct arena *a, const struct policy *p)
{
	struct check_reach *r = arena_zalloc(a, sizeof(*r));
	const struct container **stack;
	size_t i, nstack;

	r->cap = 16;
	while (r->cap < p->containers.n * 2 + 2)
		r->cap *= 2;
	r->slot = arena_zalloc(a, r->cap * sizeof(*r->slot));
	for (i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];
		size_t j = ptr_hash(c, r->cap);

		while (r->slot[j].c != NULL && r->slot[j].c != c)
			j = (j + 1) & (r->cap - 1);
		r->slot[j].c = c;
	}
	/* Each container is pushed at most once per entry point. */
	stack = arena_alloc(a, (p->containers.n + 1) * sizeof(*stack));
	for (i = 0; i < p->entries.n; i++) {
		const struct entry_point *e = p->entries.v[i];
		uint32_t gen = (uint32_t)i + 1;
		struct reach_slot *s;

		if (e->start == NULL || (s = reach_slot(r, e->start)) == NULL)
			continue;
		s->seen = gen;
		nstack = 0;
		stack[nstack++] = e->start;
		while (nstack > 0) {
			const struct container *c = stack[--nstack];

			s = reach_slot(r, c);
			if (s->entry == NULL)
				s->entry = e;
			if (e->filters)
				s->filters = true;
			for (size_t k = 0; k < c->rules.n; k++) {
				const struct rule *ru = c->rules.v[k];
				struct reach_slot *t;

				if ((ru->action.kind != ACTION_JUMP &&
				    ru->action.kind != ACTION_GOTO) ||
				    ru->action.container == NULL)
					continue;
				t = reach_slot(r, ru->action.container);
				if (t == NULL || t->seen == gen)
					continue;
				t->seen = gen;
				stack[nstack++] = ru->action.container;
			}
		}
	}
	return r;
}

static struct reach_slot *
context_slot(struct check_context *ctx, const struct container *c)
{
	if (ctx->reach == NULL)
		ctx->reach = reach_compute(ctx->arena, ctx->policy);
	return c != NULL ? reach_slot(ctx->reach, c) : NULL;
}

const struct entry_point *
check_container_entry(struct check_context *ctx, const struct container *c)
{
	struct reach_slot *s = context_slot(ctx, c);

	return s != NULL ? s->entry : NULL;
}

bool
check_container_filters(struct check_context *ctx, const struct container *c)
{
	struct reach_slot *s = context_slot(ctx, c);

	return s != NULL && s->filters;
}

bool
check_container_reached(struct check_context *ctx, const struct container *c)
{
	return check_container_entry(ctx, c) != NULL;
}

void
check_apply_suppression(struct check_context *ctx, struct diagnostic *d,
    const char *comment)
{
	struct suppression sup;

	if (d == NULL || comment == NULL ||
	    !audit_suppression(ctx->arena, comment, &sup) ||
	    !audit_suppresses(&sup, ctx->check->id))
		return;
	diag_suppress(ctx->diags, d, sup.reason != NULL ? sup.reason :
	    "no reason given");
}

struct diagnostic *
check_report_rule(struct check_context *ctx, const struct rule *r,
    const char *entry, const char *fmt, ...)
{
	struct diagnostic *d;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(ctx->arena, fmt, ap);
	va_end(ap);
	d = diag_finding(ctx->diags, ctx->check->severity, ctx->check->id,
	    r->loc, "%s", msg);
	d->entry = entry;
	d->rule_text = r->text;
	check_apply_suppression(ctx, d, r->comment);
	return d;
}

struct diagnostic *
check_report_at(struct check_context *ctx, struct loc loc, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = arena_vprintf(ctx->arena, fmt, ap);
	va_end(ap);
	return diag_finding(ctx->diags, ctx->check->severity, ctx->check->id,
	    loc, "%s", msg);
}

/*
 * A directive that names no check, or gives no reason, is a mistake the
 * author wants to hear about: it would otherwise silently suppress nothing,
 * or suppress without the justification an auditor asks for.
 */
static void
lint_suppressions(struct arena *a, const struct policy *p,
    struct diag_list *dl)
{
	for (size_t i = 0; i < p->containers.n; i++) {
		const struct container *c = p->containers.v[i];

		for (size_t k = 0; k < c->rules.n; k++) {
			const struct rule *r = c->rules.v[k];
			struct suppression sup;

			if (r->comment == NULL ||
			    !audit_suppression(a, r->comment, &sup))
				continue;
			for (size_t j = 0; j < sup.n; j++)
				if (strcmp(sup.ids[j], "all") != 0 &&
				    check_find(sup.ids[j]) == NULL)
					diag_emit(dl, DIAG_WARNING,
					    "suppression", r->loc,
					    "\"firelint: ignore\" names "
					    "unknown check \"%s\"",
					    sup.ids[j]);
			if (sup.n == 0)
				diag_emit(dl, DIAG_WARNING, "suppression",
				    r->loc, "\"firelint: ignore\" names no "
				    "check");
			else if (sup.reason == NULL)
				diag_emit(dl, DIAG_WARNING, "suppression",
				    r->loc, "\"firelint: ignore\" gives no "
				    "reason=");
		}
	}
}

void
checks_run(struct arena *a, struct policy *p, struct diag_list *dl,
    const bool *enabled)
{
	struct check_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = a;
	ctx.policy = p;
	ctx.diags = dl;
	for (size_t i = 0; check_table[i] != NULL; i++) {
		if (enabled != NULL && !enabled[i])
			continue;
		ctx.check = check_table[i];
		check_table[i]->run(&ctx);
	}
	lint_suppressions(a, p, dl);
}
