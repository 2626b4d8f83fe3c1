/*
 * pfp_state.c - diagnostics, rule text, macros and comments of the
 * pf.conf front end.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/pf/pfp.h"
#include "parser/pf/grammar.h"

struct loc
pfp_loc(const struct pfp *st, struct pf_span sp)
{
	size_t len = sp.end > sp.off ? sp.end - sp.off : 0;
	size_t off = sp.off;

	if (off > st->src->len)
		off = st->src->len;
	if (off + len > st->src->len)
		len = st->src->len - off;
	/* A token at the very end (the end of the file): show the last byte. */
	if (len == 0 && off > 0 && off == st->src->len)
		return source_loc(st->src, off - 1, 1);
	return source_loc(st->src, off, len == 0 ? 1 : len);
}

void
pfp_error(struct pfp *st, struct pf_span sp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vemit(st->ctx->diags, DIAG_ERROR, "syntax", pfp_loc(st, sp), fmt,
	    ap);
	va_end(ap);
	st->ctx->nerrors++;
}

void
pfp_warning(struct pfp *st, const char *code, struct pf_span sp,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vemit(st->ctx->diags, DIAG_WARNING, code, pfp_loc(st, sp), fmt,
	    ap);
	va_end(ap);
}

/*
 * The grammar's own errors.  At the end of the file with a brace still
 * open, say which one: that is the mistake, not the end of the file.
 */
void
pfp_syntax_error(struct pfp *st, struct pf_span sp, const char *msg)
{
	struct diagnostic *d;

	/* An undefined macro where its value could not be opaque. */
	if (st->last_tok == PFT_MACRO && st->last_macro != NULL) {
		diag_emit(st->ctx->diags, DIAG_ERROR, "syntax",
		    pfp_loc(st, sp), "macro '%s' not defined", st->last_macro);
		st->ctx->nerrors++;
		return;
	}
	if (sp.off >= st->src->len && st->nbrace > 0) {
		d = diag_emit(st->ctx->diags, DIAG_ERROR, "syntax",
		    pfp_loc(st, sp), "%s: end of file before the closing "
		    "'}'", msg);
		diag_add_related(st->ctx->diags, d,
		    pfp_loc(st, st->brace[st->nbrace - 1]),
		    "the '{' opened here");
	} else
		diag_emit(st->ctx->diags, DIAG_ERROR, "syntax",
		    pfp_loc(st, sp), "%s", msg);
	st->ctx->nerrors++;
}

/* The text of a span on one line: continuations and blank runs squeezed. */
const char *
pfp_text(struct pfp *st, struct pf_span sp)
{
	const char *s = st->src->text;
	uint32_t end = sp.end, i;
	char *out, *p;
	bool blank = false;

	if (end > st->src->len)
		end = (uint32_t)st->src->len;
	if (sp.off >= end)
		return "";
	out = arena_alloc(st->arena, end - sp.off + 1);
	p = out;
	for (i = sp.off; i < end; i++) {
		char c = s[i];

		if (c == '\\' && i + 1 < end && (s[i + 1] == '\n' ||
		    s[i + 1] == '\r'))
			c = ' ';
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			blank = true;
			continue;
		}
		if (blank && p != out)
			*p++ = ' ';
		blank = false;
		*p++ = c;
	}
	*p = '\0';
	return out;
}

/* Macros: open addressing on interned names (pointer hash). */

static size_t
ptr_hash(const char *p)
{
	uintptr_t v = (uintptr_t)p;

	v ^= v >> 17;
	v *= 0x9e3779b97f4a7c15ull;
	return (size_t)(v ^ (v >> 29));
}

static struct pfp_macro *
macro_slot(struct pfp_ctx *ctx, const char *name)
{
	size_t i;

	if (ctx->macro_cap == 0)
		return NULL;
	for (i = ptr_hash(name) & (ctx->macro_cap - 1);
	    ctx->macros[i].name != NULL; i = (i + 1) & (ctx->macro_cap - 1))
		if (ctx->macros[i].name == name)
			return &ctx->macros[i];
	return &ctx->macros[i];
}

const char *
pfp_macro_get(struct pfp_ctx *ctx, const char *name, size_t len, bool count)
{
	const char *in = intern_lookup(ctx->strings, name, len);
	struct pfp_macro *m;

	if (in == NULL || (m = macro_slot(ctx, in)) == NULL ||
	    m->name == NULL)
		return NULL;
	if (count && m->object != NULL)
		m->object->references++;
	return m->value;
}

/*
 * "$name" of a macro that is not defined.  pfctl rejects the file ("macro
 * 'name' not defined"); firelint reads on, as the ASA front end does with
 * undefined objects: the file is still analyzable, the use stands for an
 * unknown value (an opaque condition, never a silent "any"), and the
 * undefined object makes the undefined-reference check report an error
 * finding, so the run still fails (exit 1) and says where.  Where the
 * grammar cannot take an unknown value (a keyword, a number, a name), the
 * token is a syntax error with pfctl's message.
 */
void
pfp_macro_undefined(struct pfp *st, const char *name, size_t len,
    struct pf_span sp)
{
	struct object *o = policy_object(st->ctx->policy,
	    intern_n(st->ctx->strings, name, len), OBJECT_MACRO, true);

	if (!o->defined && o->references == 0)
		o->loc = pfp_loc(st, sp);
	o->references++;
}

void
pfp_macro_define(struct pfp *st, const char *name, struct pf_span sp,
    const char *value)
{
	struct pfp_ctx *ctx = st->ctx;
	const char *in = intern(ctx->strings, name);
	struct pfp_macro *m;
	struct object *o;

	if (value == NULL)
		value = "";
	/*
	 * Used above, defined only now: pfctl expands a macro where it is
	 * read, so that use was an error, and the object cannot be both
	 * undefined (for that use) and defined.
	 */
	o = policy_object(ctx->policy, in, OBJECT_MACRO, false);
	if (o != NULL && !o->defined && o->references > 0) {
		struct diagnostic *d = diag_emit(ctx->diags, DIAG_ERROR,
		    "syntax", o->loc, "macro '%s' not defined (it is "
		    "defined only below)", name);

		diag_add_related(ctx->diags, d, pfp_loc(st, sp),
		    "defined here");
		ctx->nerrors++;
		return;
	}
	if ((ctx->nmacros + 1) * 2 > ctx->macro_cap) {
		struct pfp_macro *old = ctx->macros;
		size_t oldcap = ctx->macro_cap, i;

		ctx->macro_cap = oldcap ? oldcap * 2 : 64;
		ctx->macros = arena_zalloc(ctx->arena,
		    ctx->macro_cap * sizeof(*ctx->macros));
		for (i = 0; i < oldcap; i++)
			if (old[i].name != NULL)
				*macro_slot(ctx, old[i].name) = old[i];
	}
	m = macro_slot(ctx, in);
	if (m->name == NULL) {
		m->name = in;
		ctx->nmacros++;
	}
	m->value = arena_strdup(ctx->arena, value);
	o = policy_object(ctx->policy, in, OBJECT_MACRO, true);
	if (!o->defined) {
		o->defined = true;
		o->loc = pfp_loc(st, sp);
	}
	o->comment = m->value;
	m->object = o;
}

/* Comments, kept for the audit comment of the rule below or beside them. */
void
pfp_comment_add(struct pfp *st, uint32_t off, const char *s, size_t len)
{
	struct pfp_comment c;

	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	c.line = source_loc(st->src, off, 1).line;
	c.own_line = !st->line_has_tok;
	c.text = arena_strndup(st->arena, s, len);
	VEC_PUSH(st->arena, &st->comments, c);
}
