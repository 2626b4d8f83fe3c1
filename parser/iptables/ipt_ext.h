/*
 * ipt_ext.h - match modules and targets of the iptables front end.
 *
 * One row per module (ipt_match.c) and per target (ipt_target.c); the
 * option interpreter (ipt_rule.c) finds an option in the rows of the
 * modules a rule has loaded and calls the row's handler with its words.
 */
#ifndef FIRELINT_PARSER_IPT_EXT_H
#define FIRELINT_PARSER_IPT_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parser/iptables/ipt.h"

struct ipt_rctx;
struct ipt_optdef;

typedef int	(*ipt_opt_fn)(struct ipt_rctx *, const struct ipt_optdef *,
		    bool neg, struct ipt_word *opt, struct ipt_word **args);

#define OPTF_NEG	0x01	/* "!" allowed before it */
#define OPTF_MULTI	0x02	/* may be given more than once */

struct ipt_optdef {
	const char	*name;		/* "--dport" */
	const char	*alias;		/* "--destination-port", or NULL */
	uint8_t		 nargs;		/* words after the option */
	uint8_t		 flags;
	ipt_opt_fn	 fn;		/* NULL: kept as an opaque condition */
	int		 param;		/* handler-specific (a field) */
};

enum ipt_modkind {
	MOD_MODELLED,		/* options go into the model */
	MOD_OPAQUE,		/* known, but the whole match is opaque */
	MOD_NONDET,		/* opaque and depends on history or time */
};

struct ipt_module {
	const char	*name;
	enum ipt_modkind kind;
	unsigned	 proto;		/* protocol the kernel requires, or 0 */
	const struct ipt_optdef *opts;	/* NULL-name terminated */
};

/* One loaded module of the rule being read ("-m tcp"). */
struct ipt_inst {
	const struct ipt_module *mod;	/* NULL: a module we do not know */
	const char	*name;		/* as written */
	struct ipt_word	*mword;		/* the "-m" word */
	uint32_t	 used;		/* options given, by row index */
	int		 opaque;	/* index into match.opaque, or -1 */
	bool		 implicit;	/* loaded by "-p tcp", not "-m" */
};

#define IPT_MAXINST 32

struct ipt_rctx {
	struct ipt_state *st;
	struct rule	*r;
	struct ipt_word	*w;		/* the words of the line */
	size_t		 n;
	int		 proto;		/* -p value; -1 none or "all" */
	bool		 proto_neg;
	size_t		 ninst;
	struct ipt_inst	*cur;		/* the instance whose option runs */
	/*
	 * Last, so that a new line clears only what comes before: entries
	 * from ninst on are never read, and zeroing all 32 for every rule
	 * cost more than the rest of the line's state.
	 */
	struct ipt_inst	 inst[IPT_MAXINST];
};

/* ipt_match.c */
const struct ipt_module *ipt_module_find(const char *name);
/* The module "-p NAME" loads implicitly (tcp, udp, icmp, ...). */
const struct ipt_module *ipt_module_for_proto(unsigned proto,
		    enum family);

/* ipt_rule.c: helpers for handlers. */
/* Keep opt and its arguments as (part of) the instance's opaque match. */
void		 ipt_rctx_opaque(struct ipt_rctx *, struct ipt_word *first,
		    struct ipt_word *last);
const char	*ipt_rctx_proto_name(const struct ipt_rctx *);
void		 ipt_rctx_constrain(struct ipt_rctx *, enum field,
		    const struct ivset *, bool neg, struct ipt_word *why);

/* ipt_target.c */
struct ipt_target {
	const char	*name;
	enum action_kind kind;
	bool		 options;	/* takes options */
};
const struct ipt_target *ipt_target_find(const char *name);
/* Does a name look like an extension target (ALL-CAPS)? */
bool		 ipt_target_looks_extension(const char *name);

#endif
