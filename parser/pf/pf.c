/*
 * pf.c - the OpenBSD PF front end: detection and the parse driver.
 */
#include "config.h"

#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/pf/pf.h"
#include "parser/pf/pfp.h"

static bool
word_at(const char *s, size_t len, const char *w)
{
	size_t l = strlen(w);

	return len >= l && memcmp(s, w, l) == 0 && (len == l ||
	    s[l] == ' ' || s[l] == '\t' || s[l] == '"' || s[l] == '<');
}

/* "$(": shell, never pf.conf (whose macros are "$name"). */
static bool
has_subshell(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++)
		if (s[i] == '$' && s[i + 1] == '(')
			return true;
	return false;
}

/* The word after the first one of a line, as a pointer and length. */
static const char *
second_word(const char *s, size_t len, size_t *wlen)
{
	size_t i = 0, j;

	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (j = i; j < len && s[j] != ' ' && s[j] != '\t'; j++)
		;
	*wlen = j - i;
	return s + i;
}

/* "pass", "block", "match" followed by what pf.conf puts there. */
static bool
filter_line(const char *s, size_t len)
{
	static const char *const next[] = {
		"in", "out", "log", "quick", "on", "inet", "inet6", "proto",
		"from", "to", "all", "drop", "return", "return-rst",
		"return-icmp", "return-icmp6", "flags", "keep", "no", "label",
		"tag", "tagged", "log", "modulate", "synproxy", "scrub",
		"route-to", "reply-to", "\\", NULL
	};
	size_t wl, k;
	const char *w;

	if (!word_at(s, len, "pass") && !word_at(s, len, "block") &&
	    !word_at(s, len, "match"))
		return false;
	w = second_word(s, len, &wl);
	if (wl == 0)
		return true;
	for (k = 0; next[k] != NULL; k++)
		if (strlen(next[k]) == wl && memcmp(w, next[k], wl) == 0)
			return true;
	return false;
}

/*
 * Lines that start the way pf.conf lines do, against lines of
 * iptables-save, Cisco configurations and shell scripts.  Without one
 * rule-like line, nothing is pf.conf (a file of "name = value" lines is
 * not enough).
 */
static int
pf_detect(const struct source_file *src)
{
	static const char *const strong[] = {
		"antispoof", "anchor", "rdr-anchor", "nat-anchor",
		"binat-anchor", "scrub", "altq", "load anchor", "set skip",
		"set block-policy", "set loginterface", "set limit",
		"set timeout", "set optimization", "set state-policy",
		"set ruleset-optimization", "set reassemble", "nat on",
		"rdr on",
		"binat on", "nat pass", "rdr pass", "binat pass", "nat log",
		"rdr log", "binat log", "nat inet", "nat inet6", "rdr inet",
		"nat from", "rdr from", "binat from", "no nat", "no rdr",
		"no binat", "queue", NULL
	};
	static const char *const shell[] = {
		"if", "then", "fi", "for", "do", "done", "echo", "case",
		"esac", "while", "local", "export", "return", "exit", "else",
		NULL
	};
	uint32_t i, n = src->nlines < 2000 ? src->nlines : 2000;
	unsigned rules = 0, foreign = 0, macros = 0, other = 0;
	size_t len0;
	const char *l0 = source_line(src, 1, &len0);

	if (l0 != NULL && len0 >= 2 && l0[0] == '#' && l0[1] == '!')
		return 0;
	for (i = 1; i <= n; i++) {
		size_t len, k;
		const char *s = source_line(src, i, &len);
		bool hit = false;

		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (len == 0 || *s == '#')
			continue;
		if (*s == '*' || *s == ':' || (len > 3 && s[0] == '-' &&
		    (s[1] == 'A' || s[1] == 'I' || s[1] == 'N') &&
		    s[2] == ' ') || word_at(s, len, "COMMIT") ||
		    word_at(s, len, "access-list") ||
		    word_at(s, len, "object-group") ||
		    word_at(s, len, "interface") ||
		    word_at(s, len, "hostname") ||
		    word_at(s, len, "access-group") ||
		    word_at(s, len, "nameif") || *s == '<' || *s == '!') {
			foreign++;
			continue;
		}
		for (k = 0; shell[k] != NULL; k++)
			if (word_at(s, len, shell[k]))
				hit = true;
		if (hit || has_subshell(s, len)) {
			foreign++;
			continue;
		}
		if (filter_line(s, len) || (word_at(s, len, "table") &&
		    memchr(s, '<', len) != NULL)) {
			rules++;
			continue;
		}
		for (k = 0; strong[k] != NULL; k++)
			if (word_at(s, len, strong[k])) {
				hit = true;
				break;
			}
		if (hit) {
			rules++;
			continue;
		}
		/* A macro: name = value */
		for (k = 0; k < len && (s[k] == '_' || (s[k] >= 'a' &&
		    s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
		    (s[k] >= '0' && s[k] <= '9')); k++)
			;
		if (k > 0) {
			while (k < len && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k < len && s[k] == '=' && (k + 1 == len ||
			    s[k + 1] != '=')) {
				macros++;
				continue;
			}
		}
		other++;
	}
	if (rules == 0 || foreign > rules)
		return 0;
	if (rules + macros >= 3 && rules + macros >= other)
		return 90;
	if (rules + macros > other)
		return 70;
	return 30;
}

static void
resolve_calls(struct pfp_ctx *ctx, struct rule **calls, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct rule *r = calls[i];
		struct container *c;

		if (r->action.container != NULL)
			continue;
		c = policy_find_container(ctx->policy, r->action.target, NULL);
		if (c == NULL || c->table != NULL)
			continue;
		r->action.container = c;
		c->references++;
	}
}

static void
add_entry(struct policy *p, const char *name, struct container *start,
    enum match_order order, bool filters, enum action_kind def, int dir)
{
	struct entry_point *e = policy_add_entry(p, name, start);

	e->family = FAMILY_ANY;
	e->table = NULL;
	e->order = order;
	e->filters = filters;
	e->default_action.kind = def;
	e->default_action.target = def == ACTION_ACCEPT ? "pass" : NULL;
	e->default_loc = start->loc;
	e->hook = name + 3;
	if (dir >= 0) {
		struct match *m = arena_zalloc(p->arena, sizeof(*m));

		match_init(m, FAMILY_ANY);
		match_constrain(p->arena, m, FIELD_DIRECTION,
		    ivset_single(p->arena, u128_from64((uint64_t)dir)), NULL);
		e->scope = m;
	}
}

struct policy *
pfp_parse_source(struct arena *a, struct intern *strings,
    const struct source_file *src, struct diag_list *diags)
{
	struct pfp_ctx ctx;
	struct pfp *st;

	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = a;
	ctx.strings = strings;
	ctx.diags = diags;
	ctx.policy = policy_new(a, strings, "pf", src);
	ctx.policy->family = FAMILY_ANY;
	ctx.main = policy_add_container(ctx.policy, "", NULL, FAMILY_ANY,
	    CONTAINER_ANCHOR, source_loc(src, 0, 0));
	ctx.main->policy.kind = ACTION_ACCEPT;
	ctx.main->policy.target = "pass";
	ctx.cur = ctx.main;

	st = arena_zalloc(a, sizeof(*st));
	st->ctx = &ctx;
	st->arena = a;
	st->src = src;
	if (pfp_scan_run(st) < 0 && ctx.nerrors == 0) {
		diag_emit(diags, DIAG_ERROR, "syntax", source_loc(src, 0, 0),
		    "the file could not be parsed");
		return NULL;
	}
	if (ctx.nerrors > 0)
		return NULL;
	resolve_calls(&ctx, st->calls.v, st->calls.n);
	resolve_calls(&ctx, ctx.all_calls.v, ctx.all_calls.n);

	add_entry(ctx.policy, "pf/in", ctx.main, ORDER_LAST_MATCH, true,
	    ACTION_ACCEPT, 0);
	add_entry(ctx.policy, "pf/out", ctx.main, ORDER_LAST_MATCH, true,
	    ACTION_ACCEPT, 1);
	if (ctx.nat != NULL)
		add_entry(ctx.policy, "pf/nat", ctx.nat, ORDER_FIRST_MATCH,
		    false, ACTION_NONE, 1);
	if (ctx.rdr != NULL)
		add_entry(ctx.policy, "pf/rdr", ctx.rdr, ORDER_FIRST_MATCH,
		    false, ACTION_NONE, 0);
	if (ctx.binat != NULL)
		add_entry(ctx.policy, "pf/binat", ctx.binat,
		    ORDER_FIRST_MATCH, false, ACTION_NONE, -1);
	policy_finish(ctx.policy);
	return ctx.policy;
}

const struct frontend pf_frontend = {
	"pf",
	"OpenBSD PF pf.conf (as pfctl -nf reads it)",
	pf_detect,
	pfp_parse_source,
};
