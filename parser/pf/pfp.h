/*
 * pfp.h - internals of the pf.conf front end, shared by the scanner, the
 * grammar and the model builder.
 *
 * The scanner reads pf.conf the way pfctl's lexer does: words of the
 * characters pfctl allows in a string, numbers, a few operators, quoted
 * strings, and "$name" expanded as text where a token starts (the text
 * is scanned again, so macros nest and a value can be a whole list).
 * Words that touch across a macro boundary ("$ext_if:network") are glued
 * into one word, as pfctl's character-level pushback does.  "$name" of a
 * macro never defined is the token MACRO, an unknown value (see
 * pfp_macro_undefined).
 *
 * The grammar gathers one rule into struct pfp_rule (the parts in any
 * order: PF's own order is checked by pfctl only loosely and gains us
 * nothing), and pfp_build.c turns it into model rules.
 */
#ifndef FIRELINT_PARSER_PFP_H
#define FIRELINT_PARSER_PFP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct diag_list;

/* The location type of the grammar: byte offsets [off, end). */
struct pf_span {
	uint32_t	 off, end;
};

/* A word or number of the grammar. */
struct pf_word {
	const char	*s;		/* NUL-terminated, in the arena */
	int64_t		 n;		/* a number's value */
	bool		 macro;		/* an undefined "$name" */
};

enum pf_host_kind {
	PFH_ADDR,		/* literal address, prefix or range: exact */
	PFH_ANY,
	PFH_TABLE,		/* <name> */
	PFH_DYN,		/* (ifname), (ifname:network) */
	PFH_IFNAME,		/* ifname, ifname:network, group */
	PFH_SELF,
	PFH_NOROUTE,
	PFH_URPF,
	PFH_ROUTE,		/* route label */
	PFH_NAME,		/* a host name: resolved at load time */
	PFH_MACRO,		/* an undefined macro: unknown */
};

struct pf_host {
	enum pf_host_kind kind;
	bool		 neg;
	enum family	 af;		/* PFH_ADDR: the family of set */
	const struct ivset *set;	/* PFH_ADDR */
	const char	*text;		/* as written */
	struct pf_span	 sp;
	struct pf_host	*next;
	struct pf_host	*tail;		/* in a list's head */
};

/*
 * One item of a list of ports, users, groups, ICMP types, protocols,
 * interfaces or OS names: an operator and one or two words.
 */
enum pf_op {
	PFOP_NONE,		/* a single value, or a:b for ports */
	PFOP_EQ, PFOP_NE, PFOP_LT, PFOP_LE, PFOP_GT, PFOP_GE,
	PFOP_XRG,		/* a <> b: outside [a, b] */
	PFOP_IRG,		/* a >< b: inside (a, b) */
};

struct pf_item {
	enum pf_op	 op;
	const char	*a, *b;		/* b: 2nd operand, code */
	bool		 neg;		/* interfaces: "! em0" */
	bool		 macro;		/* a or b: undefined macro */
	struct pf_span	 sp;
	struct pf_item	*next;
	struct pf_item	*tail;		/* in a list's head */
};

enum pfp_kind {
	PFK_FILTER,		/* pass, block, match */
	PFK_ANCHOR,		/* anchor call */
	PFK_NAT, PFK_RDR, PFK_BINAT,	/* old translation rules */
	PFK_NATANCHOR, PFK_RDRANCHOR, PFK_BINATANCHOR,
	PFK_ANTISPOOF,
};

/* What a block rule sends back (pfctl's blockspec). */
enum pfp_ret {
	PFR_NONE,		/* not a block rule */
	PFR_POLICY,		/* plain "block": set block-policy decides */
	PFR_DROP,
	PFR_RETURN,		/* TCP RST for TCP, ICMP unreachable else */
	PFR_RST,
	PFR_ICMP,
	PFR_ICMP6,
};

struct pfp_opaque {
	const char	*module;
	const char	*text;		/* NULL: the text of sp */
	struct pf_span	 sp;
	bool		 nondet;
};

/* The parts of the rule being read. */
struct pfp_rule {
	enum pfp_kind	 kind;
	struct pf_span	 sp;		/* first token */
	enum action_kind action;
	const char	*action_word;	/* "pass", "block drop" */
	struct pf_span	 action_sp;
	enum pfp_ret	 ret;
	unsigned	 ret_icmp, ret_icmp6;	/* type << 8 | code */
	unsigned	 ret_ttl;	/* return-rst (ttl N), 0: none */
	int		 dir;		/* -1 both, 0 in, 1 out */
	bool		 log, quick, no, all;
	const char	*anchor;	/* anchor name (calls) */
	struct pf_item	*ifs;
	struct pf_span	 if_sp;
	enum family	 af;		/* inet, inet6 or ANY */
	struct pf_span	 af_sp;
	struct pf_item	*protos;
	struct pf_span	 proto_sp;
	struct pf_host	*src, *dst;
	struct pf_item	*sport, *dport;
	bool		 have_from, have_to;
	struct pf_item	*icmp;		/* icmp-type items */
	struct pf_item	*icmp6;		/* icmp6-type items */
	struct pf_span	 icmp_sp;
	bool		 have_flags;
	unsigned	 flags_set, flags_mask;
	int		 state;		/* 0 default, -1 none */
	const char	*label;
	const char	*tag;
	struct pf_host	*rdr;		/* -> or *-to target */
	struct pf_span	 rdr_sp;
	struct pf_item	*rdr_port;
	bool		 translate;	/* a *-to option */
	const char	*translate_kind;
	VEC(struct pfp_opaque) opaque;
};

/* A macro: its value is text, scanned again where it is used. */
struct pfp_macro {
	const char	*name;		/* interned */
	const char	*value;
	struct object	*object;
};

/*
 * The state shared by a file and every file it includes or loads: the
 * policy, the macros and tables, the anchor being filled.
 */
struct pfp_ctx {
	struct arena	*arena;
	struct intern	*strings;
	struct diag_list *diags;
	struct policy	*policy;
	size_t		 nerrors;
	unsigned	 depth;		/* include nesting */
	int		 rulestate;	/* pfctl's order of sections */
	bool		 any_order;	/* set require-order no */
	bool		 block_return;	/* set block-policy return */
	/* macros: open addressing on interned names */
	struct pfp_macro *macros;
	size_t		 nmacros, macro_cap;
	struct container *main, *nat, *rdr, *binat;
	struct container *cur;		/* where filter rules go */
	/* per-object member lists are built with VEC in the object */
	uint32_t	 anon_anchors;
	VEC(struct rule *) all_calls;	/* of included and loaded files */
};

/* One comment line of the file, for audit comments. */
struct pfp_comment {
	uint32_t	 line;
	bool		 own_line;	/* alone on its line */
	const char	*text;
};

struct pfp_mstack {
	void		*buf;		/* outer YY_BUFFER_STATE */
	struct pf_span	 ref;		/* the "$name" in the file */
};

#define PFP_MAX_MACRO_DEPTH	32

/* The state of one file being read. */
struct pfp {
	struct pfp_ctx	*ctx;
	struct arena	*arena;
	const struct source_file *src;
	void		*scanner;

	/* Scanner position. */
	uint32_t	 off;		/* next byte of the file to scan */
	bool		 ws;		/* blank since the last token */
	bool		 line_has_tok;
	struct pfp_mstack mstack[PFP_MAX_MACRO_DEPTH];
	unsigned	 mdepth;
	/* The one-token lookahead of the word gluer. */
	int		 la_tok;	/* 0: none */
	struct pf_word	 la_val;
	struct pf_span	 la_sp;
	bool		 la_glued;
	/* Open braces, for "unterminated" messages. */
	struct pf_span	 brace[64];
	unsigned	 nbrace;

	VEC(struct pfp_comment) comments;
	size_t		 comment_pos;	/* first one not used */

	struct pfp_rule	 r;
	const char	*mval;		/* macro value being read */
	bool		 port_unknown;	/* unknown service */
	bool		 lenient;	/* route hosts */
	/* The last token given to the parser, for its error message. */
	int		 last_tok;
	const char	*last_macro;	/* its macro name, for MACRO */
	/* The table being read. */
	struct pf_host	*tbl_members;
	bool		 tbl_const;
	VEC(const char *) tbl_files;
	VEC(struct pf_span) tbl_file_sp;
	VEC(struct container *) anchors;	/* open inline anchors */
	/* Anchor calls: resolved to their containers when known. */
	VEC(struct rule *) calls;
	const char	*pending_path;	/* anchor a "{" fills */
	size_t		 pending_first;	/* its calls */
};

/* Diagnostics. */
struct loc pfp_loc(const struct pfp *, struct pf_span);
void	 pfp_error(struct pfp *, struct pf_span, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 pfp_warning(struct pfp *, const char *code, struct pf_span,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The source text of a span, blanks and continuations squeezed. */
const char *pfp_text(struct pfp *, struct pf_span);

/* Scanner (scanner.l). */
int	 pfp_scan_run(struct pfp *);
const char *pfp_macro_get(struct pfp_ctx *, const char *name, size_t len,
	    bool count);
void	 pfp_macro_undefined(struct pfp *, const char *name, size_t len,
	    struct pf_span);
void	 pfp_comment_add(struct pfp *, uint32_t off, const char *s,
	    size_t len);

/* Statements (pfp_build.c), called by the grammar. */
void	 pfp_macro_define(struct pfp *, const char *name, struct pf_span,
	    const char *value);
void	 pfp_rule_begin(struct pfp *, enum pfp_kind, struct pf_span);
void	 pfp_rule_end(struct pfp *, struct pf_span whole);
void	 pfp_anchor_open(struct pfp *, struct pf_span);
void	 pfp_anchor_close(struct pfp *);
void	 pfp_rulestate(struct pfp *, int state, struct pf_span);
void	 pfp_set(struct pfp *, struct pf_span);
void	 pfp_block(struct pfp *, enum pfp_ret, const struct pf_word *a,
	    const struct pf_word *b, struct pf_span);
void	 pfp_table_begin(struct pfp *);
void	 pfp_table_file(struct pfp *, const char *path, struct pf_span);
void	 pfp_table_end(struct pfp *, const char *name, struct pf_span);
void	 pfp_translate(struct pfp *, const char *kind, struct pf_host *,
	    struct pf_span);
void	 pfp_syntax_error(struct pfp *, struct pf_span, const char *msg);
void	 pfp_include(struct pfp *, const char *path, struct pf_span);
void	 pfp_load_anchor(struct pfp *, const char *name, const char *path,
	    struct pf_span);
void	 pfp_opaque(struct pfp *, const char *module, struct pf_span,
	    bool nondet);
void	 pfp_opaque_text(struct pfp *, const char *module, const char *text,
	    struct pf_span);
void	 pfp_flags(struct pfp *, const char *set, const char *mask,
	    struct pf_span);
void	 pfp_statement_note(struct pfp *, const char *what, struct pf_span);
void	 pfp_check_binat(struct pfp *, struct pf_span);

/* Hosts and items. */
struct pf_host *pfp_host_word(struct pfp *, const char *s, struct pf_span);
struct pf_host *pfp_host_prefix(struct pfp *, const char *s, int64_t plen,
	    struct pf_span);
struct pf_host *pfp_host_mask(struct pfp *, const char *s, const char *mask,
	    struct pf_span);
struct pf_host *pfp_host_range(struct pfp *, const char *a, const char *b,
	    struct pf_span);
struct pf_host *pfp_host_dyn(struct pfp *, const char *name, struct pf_span);
struct pf_host *pfp_host_macro(struct pfp *, const char *text,
	    struct pf_span);
struct pf_host *pfp_host_new(struct pfp *, enum pf_host_kind,
	    const char *text, struct pf_span);
struct pf_host *pfp_host_append(struct pf_host *, struct pf_host *);
struct pf_host *pfp_host_negate(struct pf_host *, struct pf_span);
struct pf_item *pfp_item(struct pfp *, enum pf_op, const char *a,
	    const char *b, struct pf_span);
struct pf_item *pfp_item_append(struct pf_item *, struct pf_item *);

/* Files named in pf.conf, tables known member by member (pfp_host.c). */
const struct source_file *pfp_open_relative(struct pfp *, const char *path);
void	 pfp_table_refs(struct pfp *, struct pf_span);
const struct match *pfp_table_exact(struct pfp *, const char *name,
	    struct object **);

/* The raw scanner and the grammar. */
int	 pf_parse(struct pfp *);
struct policy *pfp_parse_source(struct arena *, struct intern *,
	    const struct source_file *, struct diag_list *);

#endif
