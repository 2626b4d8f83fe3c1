/*
 * grammar.y - the line structure of PIX/ASA configurations.
 *
 * A configuration is a sequence of commands, one per line; an indented
 * line is a sub-command of the block the last top-level command opened.
 * The words of a command are interpreted in C (asa_cmd.c, asa_acl.c) with
 * a cursor: the CLI's keywords are context-dependent (an object may be
 * called "host", a name may look like a port), which a token grammar
 * could only express with a keyword token per context.  An error anywhere
 * in a line is recovered at its end, so one run reports every bad line.
 */
%code top {
#include "config.h"
}

%code requires {
#include "parser/asa/asa_int.h"

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

int	asa_lex(ASA_STYPE *, ASA_LTYPE *, void *);
static void asa_error(ASA_LTYPE *, void *, struct asa_state *,
	    const char *);
}

%define api.pure full
%define api.prefix {asa_}
%define api.value.type {int}
%define api.location.type {struct asa_span}
%locations
%expect 0
%param {void *scanner}
%parse-param {struct asa_state *st}

%token CMD "command"
%token SUBCMD "sub-command"
%token WORD "word"
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
	: CMD words EOL		{ asa_command(st); }
	| SUBCMD words EOL	{ asa_subcommand(st); }
	| error EOL		{ yyerrok; }
	;

words
	: %empty
	| words WORD
	;

%%

static void
asa_error(ASA_LTYPE *l, void *scanner, struct asa_state *st,
    const char *msg)
{
	(void)scanner;
	if (st->line_bad)
		return;
	asa_err(st, asa_loc(st, l->off, l->end - l->off), "%s", msg);
}
