/*
 * ipt_rule.c - the words of one command line: the command, the rule-level
 * options, the options of match modules and the target.
 *
 * As in iptables, a module's options are known from the "-m" that loads it
 * to the end of the line, and "-p tcp" loads the tcp module when an option
 * is not otherwise known.  "!" before an option negates it; old dumps put
 * it after the option ("-s ! 10.0.0.1"), which is accepted too.
 *
 * Modules and targets this front end does not know cannot tell it where
 * their options end.  The rule used here: after "-m NAME" (or an extension
 * target), every word is the module's until a word that is a rule-level
 * option (-s, -p, -j, -m, ...) or an option of a module the rule loaded
 * before; an option's arguments are the words that follow it and do not
 * start with "-".  A "!" belongs to the option after it.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/iptables/ipt.h"
#include "parser/iptables/ipt_ext.h"

enum cmd {
	CMD_NONE, CMD_APPEND, CMD_INSERT, CMD_DELETE, CMD_REPLACE, CMD_NEW,
	CMD_DELCHAIN, CMD_FLUSH, CMD_ZERO, CMD_POLICY, CMD_RENAME,
	CMD_IGNORED,
};

/* How a command takes its arguments. */
enum {
	CA_CHAIN = 0x01,	/* a chain is required */
	CA_OPTCHAIN = 0x02,	/* a chain may follow */
	CA_NUM = 0x04,		/* a rule number is required */
	CA_OPTNUM = 0x08,	/* a rule number may follow */
	CA_WORD = 0x10,		/* a second word is required */
	CA_RULE = 0x20,		/* a rule specification follows */
};

struct cmddef {
	const char	*sname, *lname;
	enum cmd	 cmd;
	unsigned	 args;
};

static const struct cmddef cmd_table[] = {
	{ "-A", "--append", CMD_APPEND, CA_CHAIN | CA_RULE },
	{ "-I", "--insert", CMD_INSERT, CA_CHAIN | CA_OPTNUM | CA_RULE },
	{ "-D", "--delete", CMD_DELETE, CA_CHAIN | CA_OPTNUM | CA_RULE },
	{ "-R", "--replace", CMD_REPLACE, CA_CHAIN | CA_NUM | CA_RULE },
	{ "-N", "--new-chain", CMD_NEW, CA_CHAIN },
	{ "-X", "--delete-chain", CMD_DELCHAIN, CA_OPTCHAIN },
	{ "-F", "--flush", CMD_FLUSH, CA_OPTCHAIN },
	{ "-Z", "--zero", CMD_ZERO, CA_OPTCHAIN | CA_OPTNUM },
	{ "-P", "--policy", CMD_POLICY, CA_CHAIN | CA_WORD },
	{ "-E", "--rename-chain", CMD_RENAME, CA_CHAIN | CA_WORD },
	{ "-C", "--check", CMD_IGNORED, CA_CHAIN | CA_RULE },
	{ "-L", "--list", CMD_IGNORED, CA_OPTCHAIN | CA_OPTNUM },
	{ "-S", "--list-rules", CMD_IGNORED, CA_OPTCHAIN | CA_OPTNUM },
	{ "-h", "--help", CMD_IGNORED, 0 },
	{ "-V", "--version", CMD_IGNORED, 0 },
	{ NULL, "--new", CMD_NEW, CA_CHAIN },
};

enum ropt {
	RO_SRC, RO_DST, RO_PROTO, RO_IN, RO_OUT, RO_FRAG, RO_JUMP, RO_GOTO,
	RO_MATCH, RO_COUNTERS, RO_IPV4, RO_IPV6, RO_VERBOSE,
};

struct roptdef {
	const char	*sname, *lname, *lname2;
	enum ropt	 id;
	uint8_t		 nargs;
	bool		 neg;
};

static const struct roptdef ropt_table[] = {
	{ "-s", "--source", "--src", RO_SRC, 1, true },
	{ "-d", "--destination", "--dst", RO_DST, 1, true },
	{ "-p", "--protocol", NULL, RO_PROTO, 1, true },
	{ "-i", "--in-interface", NULL, RO_IN, 1, true },
	{ "-o", "--out-interface", NULL, RO_OUT, 1, true },
	{ "-f", "--fragment", "--fragments", RO_FRAG, 0, true },
	{ "-j", "--jump", NULL, RO_JUMP, 1, false },
	{ "-g", "--goto", NULL, RO_GOTO, 1, false },
	{ "-m", "--match", NULL, RO_MATCH, 1, false },
	{ "-c", "--set-counters", NULL, RO_COUNTERS, 2, false },
	{ "-4", "--ipv4", NULL, RO_IPV4, 0, false },
	{ "-6", "--ipv6", NULL, RO_IPV6, 0, false },
	{ "-v", "--verbose", NULL, RO_VERBOSE, 0, false },
};

#define NROPT (sizeof(ropt_table) / sizeof(ropt_table[0]))
#define NCMD (sizeof(cmd_table) / sizeof(cmd_table[0]))

/* Whose are the unknown options that come next? */
enum blk { BLK_NONE, BLK_MODULE, BLK_TARGET };

/* The state of one line beyond what handlers see. */
struct line {
	const struct cmddef *cmd;
	struct ipt_word	*cmdw, *chainw, *numw, *word2;
	size_t		 cmd_idx, cmd_end;	/* words of the command */
	long		 num;
	unsigned	 seen;		/* rule-level options, by enum ropt */
	size_t		 nopts;		/* options other than the command */
	struct ipt_word	*tword;		/* -j / -g target */
	const struct ipt_target *target;
	bool		 target_opts;	/* the target may take options */
	bool		 pending;	/* the target names no chain yet */
	char		*topts;
	enum blk	 blk;
	bool		 skip;		/* -6 in IPv4, -4 in IPv6 */
	struct ipt_word	*skipw;
	bool		 failed;
	struct ipt_rctx	 c;		/* last: see ipt_command */
};

static bool
word_is(const struct ipt_word *w, const char *s)
{
	return strcmp(w->s, s) == 0;
}

static bool
name_eq(const char *name, size_t len, const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	/* A word may hold a NUL byte: stop at s's end, never read past it. */
	for (i = 0; i < len; i++)
		if (s[i] != name[i] || s[i] == '\0')
			return false;
	return s[len] == '\0';
}

static char *
raw_text(struct ipt_state *st, const struct ipt_word *a,
    const struct ipt_word *b)
{
	return arena_strndup(st->arena, st->src->text + a->off,
	    b->off + b->rawlen - a->off);
}

/*
 * Option names differ early and in length: a hash of the length and a few
 * bytes spreads the few dozen names well and costs no loop per byte.
 */
static uint32_t
opt_hash(const char *s, size_t len)
{
	uint32_t h = (uint32_t)len * 2654435761u;

	if (len > 1)
		h ^= (unsigned char)s[1] * 40503u;
	if (len > 2)
		h ^= (unsigned char)s[2] * 2246822519u;
	if (len > 3)
		h ^= (unsigned char)s[3] * 3266489917u +
		    (unsigned char)s[len - 1] * 668265263u;
	return h ^ (h >> 15);
}

static struct ipt_optslot *
opt_slot(struct ipt_state *st, const char *name, size_t len)
{
	size_t i = opt_hash(name, len) & (IPT_OPTSLOTS - 1);

	/* Never full: the tables hold far fewer names than slots. */
	while (st->opts[i].name != NULL && (st->opts[i].len != len ||
	    memcmp(st->opts[i].name, name, len) != 0))
		i = (i + 1) & (IPT_OPTSLOTS - 1);
	return &st->opts[i];
}

static void
opt_add(struct ipt_state *st, const char *name, int cmd, int ropt)
{
	struct ipt_optslot *e;

	if (name == NULL)
		return;
	e = opt_slot(st, name, strlen(name));
	if (e->name == NULL) {
		e->name = name;
		e->len = (uint32_t)strlen(name);
		e->cmd = e->ropt = -1;
	}
	if (cmd >= 0)
		e->cmd = (int16_t)cmd;
	if (ropt >= 0)
		e->ropt = (int16_t)ropt;
}

static const struct ipt_optslot *
opt_find(struct ipt_state *st, const char *name, size_t len)
{
	const struct ipt_optslot *e;

	if (!st->opts_ready) {
		for (size_t i = 0; i < NCMD; i++) {
			opt_add(st, cmd_table[i].sname, (int)i, -1);
			opt_add(st, cmd_table[i].lname, (int)i, -1);
		}
		for (size_t i = 0; i < NROPT; i++) {
			opt_add(st, ropt_table[i].sname, -1, (int)i);
			opt_add(st, ropt_table[i].lname, -1, (int)i);
			opt_add(st, ropt_table[i].lname2, -1, (int)i);
		}
		st->opts_ready = true;
	}
	/* A word holding a NUL byte compares unequal to every name. */
	e = opt_slot(st, name, len);
	return e->name != NULL ? e : NULL;
}

/* The command or rule-level option a name is, if either. */
static void
find_opt(struct ipt_state *st, const char *name, size_t len,
    const struct cmddef **cd, const struct roptdef **ro)
{
	const struct ipt_optslot *e = opt_find(st, name, len);

	*cd = e != NULL && e->cmd >= 0 ? &cmd_table[e->cmd] : NULL;
	*ro = *cd == NULL && e != NULL && e->ropt >= 0 ?
	    &ropt_table[e->ropt] : NULL;
}

static const struct ipt_optdef *
find_modopt(const struct ipt_module *m, const char *name, size_t len,
    uint32_t *index)
{
	const struct ipt_optdef *o;

	if (m == NULL)
		return NULL;
	for (o = m->opts; o->name != NULL; o++)
		if (name_eq(name, len, o->name) ||
		    name_eq(name, len, o->alias)) {
			*index = (uint32_t)(o - m->opts);
			return o;
		}
	return NULL;
}

/* An option word: "-x" or "--name", without an "=value" part. */
static bool
is_option(const struct ipt_word *w)
{
	return w->len >= 2 && w->s[0] == '-' &&
	    ((w->s[1] >= 'a' && w->s[1] <= 'z') ||
	    (w->s[1] >= 'A' && w->s[1] <= 'Z') ||
	    (w->s[1] >= '0' && w->s[1] <= '9' && w->len == 2) ||
	    (w->s[1] == '-' && w->len > 2));
}

static size_t
opt_name_len(const struct ipt_word *w)
{
	const char *eq;

	if (w->s[1] != '-')
		return w->len;
	eq = strchr(w->s, '=');
	return eq != NULL ? (size_t)(eq - w->s) : w->len;
}

/*
 * The last word of an option whose arguments are not known: the words
 * after it that are not options (an old-style "! value" included).
 */
static size_t
heuristic_end(const struct line *L, size_t i)
{
	const struct ipt_word *w = L->c.w;
	size_t n = L->c.n, j = i;

	if (j + 2 < n && word_is(&w[j + 1], "!") && !is_option(&w[j + 2]) &&
	    !word_is(&w[j + 2], "!"))
		j += 2;
	while (j + 1 < n && !is_option(&w[j + 1]) && !word_is(&w[j + 1], "!"))
		j++;
	return j;
}

void
ipt_rctx_opaque(struct ipt_rctx *c, struct ipt_word *first,
    struct ipt_word *last)
{
	struct ipt_state *st = c->st;
	struct ipt_inst *in = c->cur;
	struct match *m = &c->r->match;
	bool nondet = in != NULL && in->mod != NULL &&
	    in->mod->kind == MOD_NONDET;

	if (in == NULL || in->opaque < 0) {
		match_add_opaque(st->arena, m, in != NULL ? in->name : "",
		    raw_text(st, first, last), ipt_words_loc(st, first, last),
		    nondet);
		if (in != NULL)
			in->opaque = (int)m->opaque.n - 1;
	} else {
		struct opaque_match *o = &m->opaque.v[in->opaque];
		struct loc l = ipt_words_loc(st, first, last);

		o->text = arena_printf(st->arena, "%s %s", o->text,
		    raw_text(st, first, last));
		o->loc.end_line = l.end_line;
		o->loc.end_col = l.end_col;
	}
}

const char *
ipt_rctx_proto_name(const struct ipt_rctx *c)
{
	if (c->cur != NULL && c->cur->mod != NULL &&
	    (strcmp(c->cur->mod->name, "tcp") == 0 ||
	    strcmp(c->cur->mod->name, "udp") == 0))
		return c->cur->mod->name;
	if (c->proto == 6)
		return "tcp";
	if (c->proto == 17)
		return "udp";
	return NULL;
}

void
ipt_rctx_constrain(struct ipt_rctx *c, enum field f, const struct ivset *s,
    bool neg, struct ipt_word *why)
{
	struct match *m = &c->r->match;
	bool had = m->contradiction != NULL;

	if (neg)
		s = ivset_complement(c->st->arena, s, field_max(f));
	/*
	 * A condition the field already implies changes nothing ("-p tcp"
	 * then multiport's protocols): keep the set instead of allocating
	 * an equal intersection for every rule.
	 */
	else if (m->field[f] != NULL && (m->field[f] == s ||
	    ivset_subset(m->field[f], s)))
		return;
	match_constrain(c->st->arena, m, f, s, NULL);
	if (!had && m->contradiction != NULL && why != NULL)
		m->contradiction = arena_printf(c->st->arena,
		    "\"%s\" contradicts an earlier condition of the rule",
		    why->s);
}

static int fail(struct line *, struct loc, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct line *L, struct loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vemit(L->c.st->diags, DIAG_ERROR, "syntax", loc, fmt, ap);
	va_end(ap);
	L->c.st->nerrors++;
	L->failed = true;
	return -1;
}

/* Does the word look like a host name rather than a mistyped address? */
static bool
looks_hostname(const char *s, size_t len)
{
	bool alpha = false;
	size_t i;

	for (i = 0; i < len && s[i] != '/'; i++) {
		char ch = s[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
			alpha = true;
		else if (!(ch >= '0' && ch <= '9') && ch != '.' && ch != '-' &&
		    ch != '_')
			return false;
	}
	return alpha && i > 0 && s[0] != '-' && s[0] != '.';
}

static int
opt_address(struct line *L, enum ropt id, bool neg, struct ipt_word *first,
    struct ipt_word *opt, struct ipt_word *arg)
{
	struct ipt_state *st = L->c.st;
	struct arena *a = st->arena;
	const char *s = arg->s, *p, *e;
	enum field f;
	const struct ivset *set = NULL;
	size_t nterms = 0;
	bool host = false;

	if (st->family == FAMILY_IPV6)
		f = id == RO_SRC ? FIELD_SRC6 : FIELD_DST6;
	else
		f = id == RO_SRC ? FIELD_SRC4 : FIELD_DST4;
	for (p = s; ; p = e + 1) {
		e = strchr(p, ',');
		if (e == NULL)
			e = s + arg->len;
		nterms++;
		if (looks_hostname(p, (size_t)(e - p)))
			host = true;
		if (*e == '\0')
			break;
	}
	if (nterms > 1 && neg)
		return fail(L, ipt_words_loc(st, first, arg), "\"!\" cannot be "
		    "used with several addresses");
	if (host) {
		struct ipt_inst none;
		struct ipt_inst *save = L->c.cur;

		memset(&none, 0, sizeof(none));
		none.name = id == RO_SRC ? "-s" : "-d";
		none.opaque = -1;
		L->c.cur = &none;
		ipt_rctx_opaque(&L->c, first, arg);
		L->c.cur = save;
		diag_once(st->diags, DIAG_NOTE, "hostname", s,
		    ipt_word_loc(st, arg), "\"%s\" names a host: firelint does "
		    "not resolve names, so rules using it are kept as opaque",
		    s);
		return 0;
	}
	for (p = s; ; p = e + 1) {
		const struct ivset *t;
		size_t len;

		e = strchr(p, ',');
		if (e == NULL)
			e = s + arg->len;
		len = (size_t)(e - p);
		if (len > 0 && memchr(p, '-', len) != NULL &&
		    memchr(p, '/', len) == NULL && st->family == FAMILY_IPV4)
			return fail(L, ipt_word_loc(st, arg), "invalid address "
			    "\"%s\": ranges need \"-m iprange%s\"", arg->s,
			    id == RO_SRC ? " --src-range" : " --dst-range");
		t = ipt_addr_lookup(st, p, len, neg && nterms == 1);
		if (t == NULL) {
			enum family other = st->family == FAMILY_IPV6 ?
			    FAMILY_IPV4 : FAMILY_IPV6;
			char *term = arena_strndup(a, p, len);

			if (addrset_parse(a, other, p, len) != NULL)
				return fail(L, ipt_word_loc(st, arg),
				    other == FAMILY_IPV6 ? "\"%s\" is an IPv6 "
				    "address, but this is an IPv4 (iptables) "
				    "ruleset" : "\"%s\" is an IPv4 address, "
				    "but this is an IPv6 (ip6tables) "
				    "ruleset", term);
			return fail(L, ipt_word_loc(st, arg),
			    "invalid address \"%s\"", term);
		}
		set = set == NULL ? t : ivset_union(a, set, t);
		if (*e == '\0')
			break;
	}
	/* "0.0.0.0/0" constrains nothing. */
	if (ivset_is_full(set, field_max(f)))
		return 0;
	ipt_rctx_constrain(&L->c, f, set, false, opt);
	return 0;
}

static int
opt_proto(struct line *L, bool neg, struct ipt_word *opt,
    struct ipt_word *arg)
{
	struct ipt_state *st = L->c.st;
	const void **slot;
	unsigned v;

	/* The usual names first: proto_parse searches a table of 69. */
	if (arg->len == 3 && memcmp(arg->s, "tcp", 3) == 0)
		v = 6;
	else if (arg->len == 3 && memcmp(arg->s, "udp", 3) == 0)
		v = 17;
	else if (arg->len == 4 && memcmp(arg->s, "icmp", 4) == 0)
		v = 1;
	else if (strcasecmp(arg->s, "all") == 0 || word_is(arg, "0")) {
		if (neg)
			ipt_rctx_constrain(&L->c, FIELD_PROTO,
			    ivset_range(st->arena, u128_from64(0),
			    u128_from64(255)), true, opt);
		return 0;
	} else if (!proto_parse(arg->s, arg->len, &v) || v > 255)
		return fail(L, ipt_word_loc(st, arg), "unknown protocol "
		    "\"%s\"", arg->s);
	L->c.proto = neg ? -1 : (int)v;
	L->c.proto_neg = neg;
	if (!neg) {
		/* Nearly every rule has one: indexed by number, no hash. */
		if (st->proto_set[v] == NULL)
			st->proto_set[v] = ivset_single(st->arena,
			    u128_from64(v));
		ipt_rctx_constrain(&L->c, FIELD_PROTO, st->proto_set[v],
		    false, arg);
		return 0;
	}
	slot = ipt_cache_slot(st, 'p', arg->s, arg->len);
	if (*slot == NULL)
		*slot = ivset_complement(st->arena, ivset_single(st->arena,
		    u128_from64(v)), field_max(FIELD_PROTO));
	ipt_rctx_constrain(&L->c, FIELD_PROTO, *slot, false, arg);
	return 0;
}

static int
opt_iface(struct line *L, enum ropt id, bool neg, struct ipt_word *arg)
{
	struct ipt_state *st = L->c.st;
	const struct ifset *s;
	const void **slot;

	if (arg->len == 0 || arg->len > 15)
		return fail(L, ipt_word_loc(st, arg), "invalid interface name "
		    "\"%s\"%s", arg->s, arg->len > 15 ? " (at most 15 "
		    "characters)" : "");
	slot = ipt_cache_slot(st, neg ? 'i' : 'I', arg->s, arg->len);
	if (*slot == NULL)
		*slot = ifset_single(st->arena, st->strings, arg->s, arg->len,
		    neg);
	s = *slot;
	if (id == RO_IN)
		L->c.r->match.in_if = s;
	else
		L->c.r->match.out_if = s;
	return 0;
}

/*
 * Every rule looks up its target and most load a module or two, among
 * a handful of names: a memo by hash saves the binary searches, whose
 * strcmp calls showed in profiles.
 */
static const struct ipt_target *
target_find(struct ipt_state *st, const char *interned)
{
	struct ipt_tgtmemo *e = &st->tgtmemo[((uintptr_t)interned >> 4) &
	    (IPT_MEMO - 1)];

	if (e->name != interned) {
		e->name = interned;
		e->target = ipt_target_find(interned);
	}
	return e->target;
}

static const struct ipt_module *
module_find(struct ipt_state *st, const struct ipt_word *w)
{
	const struct ipt_module **e;
	size_t h;

	if (w->len == 0)
		return ipt_module_find(w->s);
	h = w->len * 31u + (unsigned char)w->s[0] * 7u +
	    (unsigned char)w->s[w->len - 1];
	e = &st->modmemo[h & (IPT_MEMO - 1)];
	if (*e == NULL || strcmp((*e)->name, w->s) != 0) {
		const struct ipt_module *m = ipt_module_find(w->s);

		if (m == NULL)
			return NULL;
		*e = m;
	}
	return *e;
}

static int
opt_target(struct line *L, bool go, struct ipt_word *arg)
{
	struct ipt_state *st = L->c.st;
	struct rule *r = L->c.r;
	const struct ipt_target *t;
	struct container *c;

	if (arg->len == 0 || arg->len > 28)
		return fail(L, ipt_word_loc(st, arg), "invalid target name "
		    "\"%s\"", arg->s);
	L->tword = arg;
	r->action.target = intern_n(st->strings, arg->s, arg->len);
	r->action.loc = ipt_word_loc(st, arg);
	t = target_find(st, r->action.target);
	if (t != NULL) {
		if (go)
			return fail(L, ipt_word_loc(st, arg), "\"-g\" needs a "
			    "chain, and \"%s\" is a target", arg->s);
		L->target = t;
		L->target_opts = t->options;
		r->action.kind = t->kind;
		L->blk = BLK_TARGET;
		return 0;
	}
	r->action.kind = go ? ACTION_GOTO : ACTION_JUMP;
	c = ipt_chain_find(st->cur, r->action.target);
	if (c != NULL) {
		r->action.container = c;
		L->blk = BLK_NONE;
		return 0;
	}
	/* Resolved when the table is complete: a chain or an extension. */
	L->pending = true;
	L->target_opts = !go;
	L->blk = BLK_TARGET;
	return 0;
}

static int
load_module(struct line *L, struct ipt_word *opt, struct ipt_word *arg,
    const struct ipt_module *m, bool implicit)
{
	struct ipt_state *st = L->c.st;
	struct ipt_inst *in;

	if (L->c.ninst == IPT_MAXINST)
		return fail(L, ipt_word_loc(st, opt), "too many match modules "
		    "in one rule");
	in = &L->c.inst[L->c.ninst++];
	memset(in, 0, sizeof(*in));
	in->mod = m;
	in->name = m != NULL ? m->name : intern_n(st->strings, arg->s,
	    arg->len);
	in->mword = opt;
	in->opaque = -1;
	in->implicit = implicit;
	L->c.cur = in;
	if (implicit)
		return 0;
	L->blk = BLK_MODULE;
	if (m == NULL)
		diag_once(st->diags, DIAG_NOTE, "opaque-match", in->name,
		    ipt_word_loc(st, arg), "match module \"%s\" is not "
		    "modelled; rules using it are kept as opaque", in->name);
	if (m == NULL || m->kind != MOD_MODELLED)
		ipt_rctx_opaque(&L->c, opt, arg);
	if (m != NULL && m->proto != 0 && (L->c.proto != (int)m->proto ||
	    L->c.proto_neg))
		ipt_rctx_constrain(&L->c, FIELD_PROTO, ivset_single(st->arena,
		    u128_from64(m->proto)), false, arg);
	return 0;
}

static bool
parse_u64w(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtoull(s, &end, 10);
	if (*end != '\0')
		return false;
	*out = v;
	return true;
}

static int
rule_option(struct line *L, const struct roptdef *o, bool neg,
    struct ipt_word *first, struct ipt_word *opt, struct ipt_word **args)
{
	struct ipt_state *st = L->c.st;
	struct rule *r = L->c.r;

	if (o->id != RO_MATCH && o->id != RO_VERBOSE &&
	    (L->seen & (1u << o->id)))
		return fail(L, ipt_word_loc(st, opt), "option \"%s\" is given "
		    "twice", opt->s);
	L->seen |= 1u << o->id;
	L->nopts++;
	if (o->id != RO_MATCH)
		L->blk = BLK_NONE;
	L->c.cur = NULL;
	switch (o->id) {
	case RO_SRC:
	case RO_DST:
		return opt_address(L, o->id, neg, first, opt, args[0]);
	case RO_PROTO:
		return opt_proto(L, neg, opt, args[0]);
	case RO_IN:
	case RO_OUT:
		return opt_iface(L, o->id, neg, args[0]);
	case RO_FRAG:
		if (st->family == FAMILY_IPV6)
			return fail(L, ipt_word_loc(st, opt), "\"%s\" is not "
			    "an ip6tables option (use \"-m frag\")",
			    opt->s);
		ipt_rctx_constrain(&L->c, FIELD_FRAGMENT, ivset_single(
		    st->arena, u128_from64(neg ? 0 : 1)), false, opt);
		return 0;
	case RO_JUMP:
	case RO_GOTO:
		if (L->tword != NULL)
			return fail(L, ipt_word_loc(st, opt), "the rule has "
			    "two targets (\"-j\" or \"-g\" given twice)");
		return opt_target(L, o->id == RO_GOTO, args[0]);
	case RO_MATCH:
		return load_module(L, opt, args[0],
		    module_find(st, args[0]), false);
	case RO_COUNTERS:
		if (!parse_u64w(args[0]->s, &r->counters.packets) ||
		    !parse_u64w(args[1]->s, &r->counters.bytes))
			return fail(L, ipt_words_loc(st, args[0], args[1]),
			    "invalid counters \"%s %s\"", args[0]->s,
			    args[1]->s);
		r->counters.present = true;
		return 0;
	case RO_IPV4:
	case RO_IPV6:
		if ((o->id == RO_IPV4) != (st->family == FAMILY_IPV4)) {
			L->skip = true;
			L->skipw = opt;
		}
		return 0;
	case RO_VERBOSE:
		return 0;
	}
	return 0;
}

/* Arguments of a known option; the old "--opt ! value" form too. */
static int
fetch_args(struct line *L, size_t *i, unsigned nargs, bool negatable,
    bool *neg, struct ipt_word *bang, struct ipt_word **args,
    struct ipt_word *inl)
{
	struct ipt_word *w = L->c.w, *opt = &w[*i];
	size_t n = L->c.n, k = 0;

	if (nargs == 0) {
		if (inl != NULL)
			return fail(L, ipt_word_loc(L->c.st, opt), "option "
			    "\"%s\" takes no argument", opt->s);
		return 0;
	}
	if (inl != NULL)
		args[k++] = inl;
	if (k < nargs && bang == NULL && negatable && *i + 2 < n &&
	    word_is(&w[*i + 1], "!")) {
		*neg = true;
		(*i)++;
	}
	while (k < nargs) {
		struct ipt_word *a;

		if (*i + 1 >= n || is_option(&w[*i + 1]))
			return fail(L, ipt_word_loc(L->c.st, opt),
			    "option \"%s\" requires %s", opt->s,
			    nargs == 1 ? "an argument" : "two arguments");
		a = &w[++(*i)];
		args[k++] = a;
	}
	return 0;
}

static int
module_option(struct line *L, struct ipt_inst *in, const struct ipt_optdef *o,
    uint32_t idx, size_t *i, bool neg, struct ipt_word *bang,
    struct ipt_word *inl)
{
	struct ipt_state *st = L->c.st;
	struct ipt_word *opt = &L->c.w[*i], *args[4] = { NULL };

	if (neg && !(o->flags & OPTF_NEG))
		return fail(L, ipt_word_loc(st, bang), "option \"%s\" cannot "
		    "be negated", opt->s);
	if (!(o->flags & OPTF_MULTI) && idx < 32 && (in->used & (1u << idx)))
		return fail(L, ipt_word_loc(st, opt), "option \"%s\" is given "
		    "twice", opt->s);
	if (idx < 32)
		in->used |= 1u << idx;
	if (fetch_args(L, i, o->nargs, (o->flags & OPTF_NEG) != 0, &neg,
	    bang, args, inl) < 0)
		return -1;
	L->nopts++;
	L->c.cur = in;
	if (o->fn == NULL || (in->mod != NULL && in->mod->kind != MOD_MODELLED)) {
		ipt_rctx_opaque(&L->c, bang != NULL ? bang : opt,
		    o->nargs > 0 ? &L->c.w[*i] : opt);
		return 0;
	}
	if (o->fn(&L->c, o, neg, opt, args) < 0) {
		L->failed = true;
		return -1;
	}
	return 0;
}

/*
 * An option nobody claims.  After an unknown module or an extension target
 * it is theirs; after a module we model, it is kept as opaque with a
 * warning (a newer revision of the module may have it); anywhere else it
 * is an error, as in iptables.
 */
static int
unknown_option(struct line *L, size_t *i, struct ipt_word *bang)
{
	struct ipt_state *st = L->c.st;
	struct ipt_word *opt = &L->c.w[*i], *first = bang ? bang : opt;
	size_t end = heuristic_end(L, *i);
	size_t k;

	if (L->blk == BLK_TARGET && L->target_opts) {
		char *t = raw_text(st, first, &L->c.w[end]);

		L->topts = L->topts == NULL ? t : arena_printf(st->arena,
		    "%s %s", L->topts, t);
		*i = end;
		return 0;
	}
	if (L->blk == BLK_MODULE && L->c.ninst > 0) {
		struct ipt_inst *in = &L->c.inst[L->c.ninst - 1];

		if (in->mod != NULL && in->mod->kind == MOD_MODELLED)
			ipt_diag_warning(st, "unknown-option",
			    ipt_word_loc(st, opt), "unknown option \"%s\" for "
			    "match \"%s\"; the condition is kept as opaque",
			    opt->s, in->name);
		L->c.cur = in;
		ipt_rctx_opaque(&L->c, first, &L->c.w[end]);
		*i = end;
		return 0;
	}
	for (k = L->c.ninst; k-- > 0;) {
		struct ipt_inst *in = &L->c.inst[k];

		if (in->mod == NULL) {
			L->c.cur = in;
			ipt_rctx_opaque(&L->c, first, &L->c.w[end]);
			*i = end;
			return 0;
		}
	}
	return fail(L, ipt_word_loc(st, opt), "unknown option \"%s\"",
	    opt->s);
}

static int
parse_rulenum(struct line *L, struct ipt_word *w, long *out)
{
	char *end;
	long v = strtol(w->s, &end, 10);

	if (*end != '\0' || v < 1 || w->s[0] < '0' || w->s[0] > '9')
		return fail(L, ipt_word_loc(L->c.st, w), "invalid rule number "
		    "\"%s\"", w->s);
	*out = v;
	return 0;
}

static bool
optional_arg(const struct line *L, size_t j)
{
	return j < L->c.n && L->c.w[j].s[0] != '-' && !word_is(&L->c.w[j], "!");
}

static int
command_option(struct line *L, const struct cmddef *d, size_t *i,
    struct ipt_word *bang)
{
	struct ipt_state *st = L->c.st;
	struct ipt_word *w = L->c.w, *opt = &w[*i];
	size_t j = *i + 1;

	if (bang != NULL)
		return fail(L, ipt_word_loc(st, bang), "a command cannot be "
		    "negated");
	if (L->cmd != NULL)
		return fail(L, ipt_word_loc(st, opt), "two commands on one "
		    "line (\"%s\" and \"%s\")", L->cmdw->s, opt->s);
	L->cmd = d;
	L->cmdw = opt;
	L->cmd_idx = *i;
	if (d->args & (CA_CHAIN | CA_OPTCHAIN)) {
		if (optional_arg(L, j))
			L->chainw = &w[j++];
		else if (d->args & CA_CHAIN)
			return fail(L, ipt_word_loc(st, opt), "command \"%s\" "
			    "requires a chain name", opt->s);
	}
	if (L->chainw != NULL && (d->args & (CA_NUM | CA_OPTNUM))) {
		if (j < L->c.n && w[j].s[0] >= '0' && w[j].s[0] <= '9') {
			L->numw = &w[j++];
			if (parse_rulenum(L, L->numw, &L->num) < 0)
				return -1;
		} else if (d->args & CA_NUM)
			return fail(L, ipt_word_loc(st, opt), "command \"%s\" "
			    "requires a rule number", opt->s);
	}
	if (d->args & CA_WORD) {
		if (!optional_arg(L, j))
			return fail(L, ipt_word_loc(st, opt), "command \"%s\" "
			    "requires %s", opt->s, d->cmd == CMD_POLICY ?
			    "a chain and a policy" : "two chain names");
		L->word2 = &w[j++];
	}
	L->cmd_end = j;
	*i = j - 1;
	L->blk = BLK_NONE;
	return 0;
}

static bool
is_prefix(const char *s, size_t len, const char *name)
{
	return name != NULL && strlen(name) > len &&
	    memcmp(s, name, len) == 0;
}

static void
abbrev_note(const void *id, const char *name, const void **found,
    const char **full, bool *ambiguous)
{
	if (*found == NULL) {
		*found = id;
		*full = name;
	} else if (*found != id)
		*ambiguous = true;
}

/*
 * getopt_long takes any unambiguous prefix of a long option ("--mac" for
 * "--mac-source"): the full name, NULL when none, or "" when ambiguous.
 */
static const char *
expand_abbrev(const struct line *L, const char *s, size_t len)
{
	const void *found = NULL;
	const char *full = NULL;
	bool ambiguous = false;
	const struct ipt_module *pm = NULL;
	size_t k;

	if (len < 3 || s[0] != '-' || s[1] != '-')
		return NULL;
	/* Options of a module or target we do not know may be anything. */
	if (L->blk == BLK_TARGET && L->target_opts)
		return NULL;
	for (k = 0; k < L->c.ninst; k++)
		if (L->c.inst[k].mod == NULL)
			return NULL;
	for (k = 0; k < NROPT; k++)
		if (is_prefix(s, len, ropt_table[k].lname) ||
		    is_prefix(s, len, ropt_table[k].lname2))
			abbrev_note(&ropt_table[k], ropt_table[k].lname, &found,
			    &full, &ambiguous);
	for (k = 0; k < NCMD; k++)
		if (is_prefix(s, len, cmd_table[k].lname))
			abbrev_note(&cmd_table[k], cmd_table[k].lname, &found,
			    &full, &ambiguous);
	if (L->c.proto >= 0)
		pm = ipt_module_for_proto((unsigned)L->c.proto,
		    L->c.st->family);
	for (k = 0; k <= L->c.ninst; k++) {
		const struct ipt_module *m = k < L->c.ninst ?
		    L->c.inst[k].mod : pm;
		const struct ipt_optdef *o;

		if (m == NULL)
			continue;
		for (o = m->opts; o->name != NULL; o++)
			if (is_prefix(s, len, o->name) ||
			    is_prefix(s, len, o->alias))
				abbrev_note(o, o->name, &found, &full,
				    &ambiguous);
	}
	return ambiguous ? "" : full;
}

/* Interpret every word of the line; 0 when it was all understood. */
static int
read_words(struct line *L)
{
	struct ipt_state *st = L->c.st;
	struct ipt_word *w = L->c.w;
	size_t n = L->c.n, i;

	for (i = 0; i < n && !L->failed; i++) {
		struct ipt_word *opt, *bang = NULL, inl, *inlp = NULL;
		const struct cmddef *cd;
		const struct roptdef *ro;
		const struct ipt_optdef *mo = NULL;
		struct ipt_inst *in = NULL;
		const char *name, *full;
		size_t len, k;
		uint32_t idx = 0;
		bool neg = false, exact;

		if (word_is(&w[i], "!")) {
			bang = &w[i++];
			if (i >= n)
				return fail(L, ipt_word_loc(st, bang), "\"!\" "
				    "must be followed by an option");
			if (word_is(&w[i], "!"))
				return fail(L, ipt_word_loc(st, &w[i]),
				    "\"!\" given twice");
			neg = true;
		}
		opt = &w[i];
		if (!is_option(opt))
			return fail(L, ipt_word_loc(st, opt), "unexpected "
			    "argument \"%s\"", opt->s);
		len = opt_name_len(opt);
		if (len < opt->len) {
			/* "--name=value", as getopt_long allows */
			inl = *opt;
			inl.s = opt->s + len + 1;
			inl.len = opt->len - (uint32_t)len - 1;
			inl.off = opt->off + (uint32_t)len + 1;
			inl.rawlen = opt->rawlen > len + 1 ?
			    opt->rawlen - (uint32_t)len - 1 : 0;
			inlp = &inl;
		}
		name = opt->s;
		find_opt(st, name, len, &cd, &ro);
		/* The module that loaded last has the first claim. */
		for (k = L->c.ninst; cd == NULL && ro == NULL && k-- > 0 &&
		    mo == NULL;)
			if ((mo = find_modopt(L->c.inst[k].mod, name, len,
			    &idx)) != NULL)
				in = &L->c.inst[k];
		exact = cd != NULL || ro != NULL || mo != NULL;
		/* Only a name that is nobody's in full may be abbreviated. */
		if (!exact && (full = expand_abbrev(L, name, len)) != NULL) {
			if (*full == '\0')
				return fail(L, ipt_word_loc(st, opt), "option "
				    "\"%.*s\" is ambiguous", (int)len, name);
			name = full;
			len = strlen(full);
			find_opt(st, name, len, &cd, &ro);
			for (k = L->c.ninst; cd == NULL && ro == NULL &&
			    k-- > 0 && mo == NULL;)
				if ((mo = find_modopt(L->c.inst[k].mod, name,
				    len, &idx)) != NULL)
					in = &L->c.inst[k];
		}
		if (cd != NULL) {
			if (command_option(L, cd, &i, bang) < 0)
				return -1;
			continue;
		}
		if (ro != NULL) {
			struct ipt_word *args[2] = { NULL, NULL };

			if (neg && !ro->neg)
				return fail(L, ipt_word_loc(st, bang),
				    "option \"%s\" cannot be negated",
				    opt->s);
			if (fetch_args(L, &i, ro->nargs, ro->neg, &neg, bang,
			    args, inlp) < 0)
				return -1;
			if (rule_option(L, ro, neg, bang != NULL ? bang : opt,
			    opt, args) < 0)
				return -1;
			continue;
		}
		if (mo == NULL && L->c.proto >= 0) {
			/* "-p tcp" loads tcp when one of its options comes. */
			const struct ipt_module *pm = ipt_module_for_proto(
			    (unsigned)L->c.proto, st->family);
			bool loaded = false;

			for (k = 0; k < L->c.ninst; k++)
				if (L->c.inst[k].mod == pm)
					loaded = true;
			if (pm != NULL && !loaded &&
			    (mo = find_modopt(pm, name, len, &idx)) != NULL) {
				enum blk save = L->blk;

				if (load_module(L, opt, opt, pm, true) < 0)
					return -1;
				L->blk = save;
				in = &L->c.inst[L->c.ninst - 1];
			}
		}
		if (mo != NULL) {
			if (module_option(L, in, mo, idx, &i, neg, bang,
			    inlp) < 0)
				return -1;
			continue;
		}
		if (unknown_option(L, &i, bang) < 0)
			return -1;
	}
	return L->failed ? -1 : 0;
}

static struct container *
find_chain(struct line *L, struct ipt_word *w)
{
	const char *name = intern_lookup(L->c.st->strings, w->s, w->len);

	return name != NULL ? ipt_chain_find(L->c.st->cur, name) : NULL;
}

/*
 * "-A" and "-I" may name a built-in chain the dump never declared:
 * iptables creates built-in chains with the table.
 */
static struct container *
rule_chain(struct line *L)
{
	struct ipt_state *st = L->c.st;
	struct container *c = find_chain(L, L->chainw);
	const char *name;
	size_t k;

	if (c != NULL)
		return c;
	name = intern_n(st->strings, L->chainw->s, L->chainw->len);
	if (ipt_is_builtin(st->cur, name))
		return ipt_chain_new(st, st->cur, name, true, st->cur->loc);
	/*
	 * iptables-restore fails here.  When an earlier rule jumps to this
	 * name the intent is plain (fwbuilder's importer tests have such
	 * files): the chain is created, with a warning.  A name nothing
	 * refers to is more likely a typo, and an error.
	 */
	for (k = 0; k < st->cur->pending.n; k++)
		if (st->cur->pending.v[k]->action.target == name) {
			ipt_diag_warning(st, "undeclared-chain",
			    ipt_word_loc(st, L->chainw), "chain \"%s\" is "
			    "used before it is declared (\":%s - [0:0]\" or "
			    "\"-N %s\" is missing); iptables-restore would "
			    "fail here", name, name, name);
			return ipt_chain_new(st, st->cur, name, false,
			    ipt_line_loc(st));
		}
	fail(L, ipt_word_loc(st, L->chainw), "chain \"%s\" does not exist "
	    "in table \"%s\" (declare it first with \":%s - [0:0]\" or "
	    "\"-N %s\")", name, st->cur->name, name, name);
	return NULL;
}

static void
bad_command(struct line *L, struct loc loc, const char *msg, const char *a)
{
	ipt_diag_warning(L->c.st, "bad-command", loc, msg, a,
	    L->c.st->cur->name);
}

static void
ref_drop(struct rule *r)
{
	struct container *t = r->action.container;

	if (t != NULL && t->references > 0 &&
	    (r->action.kind == ACTION_JUMP || r->action.kind == ACTION_GOTO))
		t->references--;
}

static void
remove_rule(struct container *c, size_t k)
{
	size_t j;

	ref_drop(c->rules.v[k]);
	for (j = k; j + 1 < c->rules.n; j++) {
		c->rules.v[j] = c->rules.v[j + 1];
		c->rules.v[j]->index = (uint32_t)j;
	}
	c->rules.n--;
}

/* The rule specification of a command: its words minus the command. */
static char *
spec_key(struct arena *a, const char **argv, size_t n, size_t skip,
    size_t skipn)
{
	size_t i, len = 0, k = 0;
	char *key;

	for (i = 0; i < n; i++)
		len += strlen(argv[i]) + 1;
	key = arena_alloc(a, len + 1);
	for (i = 0; i < n; i++) {
		size_t l;

		if (i >= skip && i < skip + skipn)
			continue;
		l = strlen(argv[i]);
		memcpy(key + k, argv[i], l);
		k += l;
		key[k++] = '\x1f';
	}
	key[k] = '\0';
	return key;
}

static char *
rule_key(struct arena *a, const struct rule *r, char *buf, const char **argv,
    size_t maxargs)
{
	size_t n = ipt_split(r->text, strlen(r->text), buf, argv, maxargs);
	size_t i;

	for (i = 0; i < n; i++) {
		size_t skip = 0;

		if (strcmp(argv[i], "-A") == 0 ||
		    strcmp(argv[i], "--append") == 0)
			skip = 2;
		else if (strcmp(argv[i], "-I") == 0 ||
		    strcmp(argv[i], "--insert") == 0)
			skip = i + 2 < n && argv[i + 2][0] >= '0' &&
			    argv[i + 2][0] <= '9' ? 3 : 2;
		else if (strcmp(argv[i], "-R") == 0 ||
		    strcmp(argv[i], "--replace") == 0)
			skip = 3;
		if (skip > 0)
			return spec_key(a, argv, n, i, skip);
	}
	return spec_key(a, argv, n, n, 0);
}

/* "-D chain rule-spec": the first rule written the same way. */
static void
delete_by_spec(struct line *L, struct container *c)
{
	struct ipt_state *st = L->c.st;
	const char **argv;
	char *key, *buf;
	size_t i, n = L->c.n, maxlen = 0;

	argv = arena_alloc(st->arena, (n + 1) * sizeof(*argv));
	for (i = 0; i < n; i++)
		argv[i] = L->c.w[i].s;
	key = spec_key(st->arena, argv, n, L->cmd_idx,
	    L->cmd_end - L->cmd_idx);
	for (i = 0; i < c->rules.n; i++) {
		size_t l = strlen(c->rules.v[i]->text);

		if (l > maxlen)
			maxlen = l;
	}
	buf = malloc(maxlen * 2 + 2);
	argv = malloc((maxlen / 2 + 2) * sizeof(*argv));
	if (buf == NULL || argv == NULL)
		abort();
	for (i = 0; i < c->rules.n; i++) {
		struct arena *a = st->arena;
		char *k = rule_key(a, c->rules.v[i], buf, argv,
		    maxlen / 2 + 2);

		if (strcmp(k, key) == 0) {
			remove_rule(c, i);
			free(buf);
			free(argv);
			return;
		}
	}
	free(buf);
	free(argv);
	bad_command(L, ipt_words_loc(st, L->cmdw, &L->c.w[n - 1]),
	    "no rule of chain \"%s\" in table \"%s\" is written this way; "
	    "iptables-restore would fail here", c->name);
}

static void
zero_chain(struct container *c, long num)
{
	size_t i;

	for (i = 0; i < c->rules.n; i++) {
		if (num > 0 && (long)i != num - 1)
			continue;
		c->rules.v[i]->counters.packets = 0;
		c->rules.v[i]->counters.bytes = 0;
	}
	if (num <= 0) {
		c->policy_counters.packets = 0;
		c->policy_counters.bytes = 0;
	}
}

/* Is "-i" (or "-o") impossible in this built-in chain? */
static bool
iface_forbidden(const struct container *c, bool in)
{
	if (c->kind != CONTAINER_CHAIN)
		return false;
	if (in)
		return strcmp(c->name, "OUTPUT") == 0 ||
		    strcmp(c->name, "POSTROUTING") == 0;
	return strcmp(c->name, "PREROUTING") == 0 ||
	    strcmp(c->name, "INPUT") == 0;
}

static int
finish_rule(struct line *L, struct container *c)
{
	struct ipt_state *st = L->c.st;
	struct rule *r = L->c.r;
	size_t k;

	if (r->match.in_if != NULL && iface_forbidden(c, true))
		return fail(L, ipt_word_loc(st, L->chainw), "\"-i\" cannot be "
		    "used in chain %s: its packets have no input "
		    "interface", c->name);
	if (r->match.out_if != NULL && iface_forbidden(c, false))
		return fail(L, ipt_word_loc(st, L->chainw), "\"-o\" cannot be "
		    "used in chain %s: its packets have no output "
		    "interface yet", c->name);
	for (k = 0; k < L->c.ninst; k++) {
		const struct ipt_module *m = L->c.inst[k].mod;
		const char *pn;

		if (m == NULL || m->proto == 0 ||
		    (L->c.proto == (int)m->proto && !L->c.proto_neg))
			continue;
		pn = proto_name(m->proto);
		ipt_diag_warning(st, "missing-protocol",
		    ipt_word_loc(st, L->c.inst[k].mword), "match \"%s\" needs "
		    "\"-p %s\" before it; the kernel rejects this rule",
		    m->name, pn != NULL ? pn : m->name);
	}
	r->action.options = L->topts;
	return 0;
}

static void
note_ignored(struct line *L)
{
	struct ipt_state *st = L->c.st;

	diag_once(st->diags, DIAG_NOTE, "ignored-command", L->cmd->lname,
	    ipt_word_loc(st, L->cmdw), "\"%s\" does not change the ruleset; "
	    "it is ignored", L->cmdw->s);
}

static void
apply(struct line *L, const struct counters *ctr)
{
	struct ipt_state *st = L->c.st;
	struct ipt_table *t = st->cur;
	struct rule *r = L->c.r;
	struct container *c = NULL;
	size_t k;

	if (L->cmd->cmd == CMD_IGNORED) {
		note_ignored(L);
		return;
	}
	if (!(L->cmd->args & CA_RULE) && L->nopts > 0) {
		fail(L, ipt_word_loc(st, L->cmdw), "command \"%s\" takes no "
		    "rule options", L->cmdw->s);
		return;
	}
	if (L->cmd->cmd != CMD_APPEND && L->cmd->cmd != CMD_INSERT &&
	    L->cmd->cmd != CMD_NEW && L->chainw != NULL) {
		const char *name = intern_n(st->strings, L->chainw->s,
		    L->chainw->len);

		c = find_chain(L, L->chainw);
		if (c == NULL && ipt_is_builtin(t, name))
			c = ipt_chain_new(st, t, name, true, t->loc);
		if (c == NULL) {
			bad_command(L, ipt_word_loc(st, L->chainw),
			    "chain \"%s\" does not exist in table \"%s\"; "
			    "iptables-restore would fail here",
			    L->chainw->s);
			return;
		}
	}
	switch (L->cmd->cmd) {
	case CMD_APPEND:
	case CMD_INSERT:
		if ((c = rule_chain(L)) == NULL || finish_rule(L, c) < 0)
			return;
		if (ctr != NULL)
			r->counters = *ctr;
		if (L->skip) {
			diag_once(st->diags, DIAG_NOTE, "ignored-rule",
			    L->skipw->s, ipt_word_loc(st, L->skipw),
			    "rules with \"%s\" are ignored by %s",
			    L->skipw->s, st->family == FAMILY_IPV4 ?
			    "iptables-restore" : "ip6tables-restore");
			return;
		}
		if (L->cmd->cmd == CMD_INSERT && L->num > 0) {
			if ((size_t)L->num > c->rules.n + 1) {
				fail(L, ipt_word_loc(st, L->numw), "cannot "
				    "insert at rule %s of chain \"%s\": it "
				    "has fewer rules", L->numw->s, c->name);
				return;
			}
			container_insert(st->policy, c, (size_t)L->num - 1, r);
		} else if (L->cmd->cmd == CMD_INSERT)
			container_insert(st->policy, c, 0, r);
		else
			container_append(st->policy, c, r);
		if (L->pending)
			VEC_PUSH(st->arena, &t->pending, r);
		return;
	case CMD_REPLACE:
		if (finish_rule(L, c) < 0)
			return;
		if (ctr != NULL)
			r->counters = *ctr;
		if ((size_t)L->num > c->rules.n) {
			bad_command(L, ipt_word_loc(st, L->numw), "chain "
			    "\"%s\" in table \"%s\" has no such rule; "
			    "iptables-restore would fail here", c->name);
			return;
		}
		ref_drop(c->rules.v[L->num - 1]);
		r->container = c;
		r->index = (uint32_t)(L->num - 1);
		c->rules.v[L->num - 1] = r;
		if (r->action.container != NULL)
			r->action.container->references++;
		if (L->pending)
			VEC_PUSH(st->arena, &t->pending, r);
		return;
	case CMD_DELETE:
		if (L->numw != NULL) {
			if ((size_t)L->num > c->rules.n)
				bad_command(L, ipt_word_loc(st, L->numw),
				    "chain \"%s\" in table \"%s\" has no such "
				    "rule; iptables-restore would fail here",
				    c->name);
			else
				remove_rule(c, (size_t)L->num - 1);
			return;
		}
		delete_by_spec(L, c);
		return;
	case CMD_NEW: {
		const char *name = intern_n(st->strings, L->chainw->s,
		    L->chainw->len);

		if (ipt_chain_find(t, name) != NULL ||
		    ipt_is_builtin(t, name)) {
			fail(L, ipt_word_loc(st, L->chainw), "chain \"%s\" "
			    "already exists in table \"%s\"", name, t->name);
			return;
		}
		if (L->chainw->len > 28 || ipt_target_find(name) != NULL) {
			fail(L, ipt_word_loc(st, L->chainw), "invalid chain "
			    "name \"%s\"%s", name, L->chainw->len > 28 ?
			    " (at most 28 characters)" : ": it is a target");
			return;
		}
		ipt_chain_new(st, t, name, false, ipt_line_loc(st));
		return;
	}
	case CMD_DELCHAIN:
	case CMD_FLUSH:
	case CMD_ZERO: {
		struct container **all;
		size_t n = 0, cap = st->policy->containers.n;

		all = arena_alloc(st->arena, (cap + 1) * sizeof(*all));
		if (c != NULL)
			all[n++] = c;
		else
			for (k = 0; k < cap; k++)
				if (st->policy->containers.v[k]->table ==
				    t->name)
					all[n++] = st->policy->containers.v[k];
		for (k = 0; k < n; k++) {
			c = all[k];
			if (L->cmd->cmd == CMD_FLUSH)
				container_flush(c);
			else if (L->cmd->cmd == CMD_ZERO)
				zero_chain(c, L->numw != NULL ? L->num : 0);
			else if (c->kind == CONTAINER_CHAIN) {
				if (L->chainw != NULL)
					bad_command(L, ipt_word_loc(st,
					    L->chainw), "\"%s\" is a built-in "
					    "chain of table \"%s\" and cannot "
					    "be deleted", c->name);
			} else if (c->references > 0 || c->rules.n > 0)
				bad_command(L, ipt_word_loc(st, L->cmdw),
				    "chain \"%s\" in table \"%s\" is not empty "
				    "or still referenced; iptables-restore "
				    "would fail here", c->name);
			else
				ipt_chain_delete(st, t, c);
		}
		return;
	}
	case CMD_POLICY:
		if (c->kind != CONTAINER_CHAIN) {
			bad_command(L, ipt_word_loc(st, L->chainw), "\"%s\" is "
			    "not a built-in chain of table \"%s\": only "
			    "built-in chains have a policy", c->name);
			return;
		}
		if (!word_is(L->word2, "ACCEPT") && !word_is(L->word2, "DROP")) {
			fail(L, ipt_word_loc(st, L->word2), "invalid policy "
			    "\"%s\" (expected ACCEPT or DROP)", L->word2->s);
			return;
		}
		c->policy.kind = L->word2->s[0] == 'A' ? ACTION_ACCEPT :
		    ACTION_DROP;
		c->policy.target = intern(st->strings, L->word2->s);
		c->policy.loc = ipt_word_loc(st, L->word2);
		return;
	case CMD_RENAME: {
		const char *name = intern_n(st->strings, L->word2->s,
		    L->word2->len);

		if (c->kind == CONTAINER_CHAIN)
			bad_command(L, ipt_word_loc(st, L->chainw), "\"%s\" is "
			    "a built-in chain of table \"%s\" and cannot be "
			    "renamed", c->name);
		else if (ipt_chain_find(t, name) != NULL)
			bad_command(L, ipt_word_loc(st, L->word2), "chain "
			    "\"%s\" already exists in table \"%s\"", name);
		else
			ipt_chain_rename(st, t, c, name);
		return;
	}
	case CMD_NONE:
	case CMD_IGNORED:
		return;
	}
}

static char *
rule_text(struct ipt_state *st, const struct ipt_word *first)
{
	uint32_t end = st->line_end;
	const char *text = st->src->text;

	while (end > first->off && (text[end - 1] == ' ' ||
	    text[end - 1] == '\t' || text[end - 1] == '\r'))
		end--;
	return arena_strndup(st->arena, text + first->off, end - first->off);
}

void
ipt_command(struct ipt_state *st, struct ipt_word *w, size_t n,
    const struct counters *ctr)
{
	struct line L;
	struct rule *r;

	if (n == 0)
		return;
	if (w[0].s[0] != '-' && !word_is(&w[0], "!")) {
		ipt_diag_error(st, ipt_words_loc(st, &w[0], &w[n - 1]),
		    "expected a table, chain, rule or COMMIT line");
		return;
	}
	if (st->cur == NULL) {
		ipt_diag_error(st, ipt_word_loc(st, &w[0]), "\"%s\" outside a "
		    "table (a \"*filter\" line or similar must come first)",
		    w[0].s);
		return;
	}
	/* All but the module instances, which load_module clears. */
	memset(&L, 0, offsetof(struct line, c) +
	    offsetof(struct ipt_rctx, inst));
	L.c.st = st;
	L.c.w = w;
	L.c.n = n;
	L.c.proto = -1;
	r = arena_zalloc(st->arena, sizeof(*r));
	match_init(&r->match, st->family);
	L.c.r = r;
	if (read_words(&L) < 0)
		return;
	if (L.cmd == NULL) {
		ipt_diag_error(st, ipt_word_loc(st, &w[0]), "missing command "
		    "(such as \"-A CHAIN\") in this line");
		return;
	}
	r->loc = ipt_line_loc(st);
	r->text = rule_text(st, &w[0]);
	apply(&L, ctr);
}
