/*
 * grammar.y - the line structure of iptables-save output.
 *
 * The file is a sequence of lines; each line is a table ("*filter"), a
 * chain declaration (":INPUT ACCEPT [0:0]"), COMMIT, or a command line
 * (optionally after "[packets:bytes]").  The scanner collects a line's
 * words; the grammar sees one token for the kind of line and one for its
 * end.  The words of a command are interpreted in C (ipt_rule.c): options are table-driven, one row per
 * match module and target, which no grammar could express sanely.  An
 * error anywhere in a line is recovered at its end, so one run reports
 * every bad line.
 */
%code top {
#include "config.h"
}

%code requires {
#include "parser/iptables/ipt.h"

/* A span of bytes: N > 0 symbols cover the first to the last. */
#define YYLLOC_DEFAULT(Cur, Rhs, N) do {				\
	if ((N) > 0) {							\
		(Cur).off = YYRHSLOC(Rhs, 1).off;			\
		(Cur).end = YYRHSLOC(Rhs, N).end;			\
	} else {							\
		(Cur).off = (Cur).end = YYRHSLOC(Rhs, 0).end;		\
	}								\
} while (0)
#define YYLOCATION_PRINT(File, Loc) ((void)0)
}

%code {
#include <stdio.h>

int	ipt_lex(IPT_STYPE *, IPT_LTYPE *, void *);
static void ipt_error(IPT_LTYPE *, void *, struct ipt_state *,
	    const char *);
}

%define api.pure full
%define api.prefix {ipt_}
%define api.value.type {int}
%define api.location.type {struct ipt_span}
%define parse.error custom
%locations
%expect 0
%param {void *scanner}
%parse-param {struct ipt_state *st}

%token TABLE "table line"
%token CHAIN "chain line"
%token COMMIT "COMMIT"
%token COUNTERS "counters"
%token CMDLINE "command line"
%token EOL "end of line"

%initial-action {
	@$.off = 0;
	@$.end = 0;
}

%%

file
	: %empty
	| file line
	;

line
	: EOL
	| TABLE EOL		{ if (st->nwords > 1)
					ipt_extra_words(st);
				  ipt_do_table(st); }
	| CHAIN EOL		{ ipt_do_chain(st); }
	| COMMIT EOL		{ if (st->nwords > 1)
					ipt_extra_words(st);
				  ipt_do_commit(st); }
	| COUNTERS EOL		{ if (st->nwords > 1)
					ipt_do_command(st, true);
				  else if (!st->line_bad)
					ipt_diag_error(st, ipt_loc(st,
					    st->line_start, st->line_end -
					    st->line_start), "counters must "
					    "be followed by a rule"); }
	| CMDLINE EOL		{ ipt_do_command(st, false); }
	| error EOL		{ yyerrok; }
	;

%%

/*
 * Every line is one kind token and its end, so no sequence of tokens is
 * wrong: the scanner has collected the words and the actions judge them
 * with precise messages.  Kept for the parser's sake, it cannot fire.
 */
static int
yyreport_syntax_error(const yypcontext_t *ctx, void *scanner,
    struct ipt_state *st)
{
	const IPT_LTYPE *l = yypcontext_location(ctx);

	(void)scanner;
	(void)yypcontext_expected_tokens;
	if (!st->line_bad)
		ipt_diag_error(st, ipt_loc(st, l->off, l->end - l->off),
		    "syntax error");
	return 0;
}

static void
ipt_error(IPT_LTYPE *l, void *scanner, struct ipt_state *st,
    const char *msg)
{
	(void)scanner;
	ipt_diag_error(st, ipt_loc(st, l->off, l->end - l->off), "%s", msg);
}
