/*
 * grammar.y - the statements of pf.conf.
 *
 * A file is lines; a line is a macro definition, a table, an option, a
 * rule, an anchor (with its rules in braces), an include or a load anchor.
 * The parts of a rule after its first words are read as a sequence in any
 * order (pfctl fixes the order; accepting more costs nothing and keeps the
 * grammar free of conflicts); each part lands in st->r and pfp_rule_end()
 * builds the model from them.  Statements the analysis does not use
 * (set, scrub, altq, queue, ether) are read as balanced token soup.
 * An error anywhere is recovered at the end of its line.
 *
 * MACRO, an undefined macro, is taken where an unknown value can be kept
 * opaque (hosts, interfaces, protocols, ports, ICMP types, table members,
 * labels and tags, statements the analysis skips); anywhere else it is a
 * syntax error, reported with pfctl's "macro '...' not defined".
 */
%code top {
#include "config.h"
}

%code requires {
#include "parser/pf/pfp.h"

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
#include <string.h>

#include "core/arena.h"

int	pf_lex(PF_STYPE *, PF_LTYPE *, struct pfp *);
static void pf_error(PF_LTYPE *, struct pfp *, const char *);

#define R	(st->r)
}

%define api.pure full
%define api.prefix {pf_}
%define api.token.prefix {PFT_}
%define api.location.type {struct pf_span}
%define parse.error simple
%define lr.default-reduction consistent
%locations
%expect 0
%param {struct pfp *st}

%union {
	struct pf_word	 w;
	struct pf_host	*h;
	struct pf_item	*it;
	int		 i;
	const char	*s;
}

%token <w> STRING NUMBER PORTBINARY MACRO
%token ARROW NE LE GE
%token AFTO ALL ALLOWOPTS ALTQ ANCHOR ANTISPOOF ANY BINAT BINATANCHOR
%token BINATTO BITMASK BLOCK CODE CONST DIVERTPACKET DIVERTREPLY DIVERTTO
%token DNPIPE DNQUEUE DROP DUPTO ETHER FASTROUTE FILENAME FLAGS FOR
%token FRAGMENT FROM GROUP ICMPTYPE ICMP6TYPE IN INCLUDE INET INET6 KEEP
%token LABEL LEASTSTATES LOAD LOG MAPEPORTSET MATCH MAXPKTRATE MAXPKTSIZE
%token MODULATE NAT NATANCHOR NATTO NO NOROUTE ON ONCE OS OUT PASS PERSIST
%token PORT PRIO PROBABILITY PROTO QUEUE QUICK RANDOM RDOMAIN RDR RDRANCHOR
%token RDRTO RECEIVEDON REPLYTO RETURN RETURNICMP RETURNICMP6 RETURNRST
%token RIDENTIFIER ROUNDROBIN ROUTE ROUTETO RTABLE SCRUB SET SOURCEHASH
%token STATE STATICPORT STICKYADDRESS SYNPROXY TABLE TAG TAGGED TO TOS
%token URPFFAILED USER

%type <w> word pword
%type <s> tword tname
%type <h> host hostbase hostelem hostitems hostlist ipspec redirspec
%type <h> routehost routeitems
%type <it> portitem portitems portspec icmpitem icmpitems icmpspec
%type <it> ifitem ifitems ifspec wordlist wordspec
%type <i> unaryop af

%precedence LOWER
%precedence TO

%initial-action {
	@$.off = 0;
	@$.end = 0;
}

%%

ruleset
	: %empty
	| ruleset line
	;

line
	: '\n'
	| stmt '\n'
	| error '\n'		{ yyerrok; }
	;

stmt
	: macrodef
	| tabledef
	| SET soup		{ pfp_set(st, @$); }
	| ETHER soup		{ pfp_rulestate(st, 1, @1);
				  pfp_statement_note(st, "FreeBSD ether rules",
				      @1); }
	| SCRUB soup		{ pfp_rulestate(st, 2, @1); }
	| NO SCRUB soup		{ pfp_rulestate(st, 2, @1); }
	| ALTQ flatsoup		{ pfp_rulestate(st, 3, @1); }
	| QUEUE flatsoup	{ pfp_rulestate(st, 3, @1); }
	| natrule
	| filterrule
	| anchorrule
	| antispoof
	| INCLUDE word		{ pfp_include(st, $2.s, @$); }
	| LOAD ANCHOR word FROM word
				{ pfp_load_anchor(st, $3.s, $5.s, @$); }
	;

macrodef
	: STRING '=' macrovalue	{ pfp_macro_define(st, $1.s, @1,
				      st->mval); }
	;

macrovalue
	: word			{ st->mval = $1.s; }
	| MACRO			{ st->mval = $1.s; }
	| macrovalue word	{
				st->mval = arena_printf(st->arena, "%s %s",
				    st->mval, $2.s);
				}
	| macrovalue MACRO	{
				st->mval = arena_printf(st->arena, "%s %s",
				    st->mval, $2.s);
				}
	| macrovalue '/'	{
				st->mval = arena_printf(st->arena, "%s/",
				    st->mval);
				}
	| macrovalue ','	{
				st->mval = arena_printf(st->arena, "%s,",
				    st->mval);
				}
	;

word
	: STRING
	| NUMBER
	;

/* A word, or an undefined macro standing for one. */
pword
	: word
	| MACRO
	;

/* Tokens the analysis skips, with balanced brackets. */
soup
	: %empty
	| soup souptok
	;

souptok
	: plaintok
	| '(' soupnl ')'
	| '{' soupnl '}'
	;

/* Queue definitions in the wild have stray brackets; pfctl ignores
   what it does not need there. */
flatsoup
	: %empty
	| flatsoup plaintok
	| flatsoup '('
	| flatsoup ')'
	| flatsoup '{'
	| flatsoup '}'
	;

soupnl
	: %empty
	| soupnl souptok
	| soupnl '\n'
	;

plaintok
	: STRING | NUMBER | MACRO | PORTBINARY | ARROW | NE | LE | GE | kwtok
	| '!' | '=' | '<' | '>' | '/' | '-' | ',' | '*' | '+' | '.' | '@'
	| '%' | '&' | ';' | '|' | '^' | '~' | '?' | '[' | ']'
	;

kwtok
	: AFTO | ALL | ALLOWOPTS | ALTQ | ANCHOR | ANTISPOOF | ANY | BINAT
	| BINATANCHOR | BINATTO | BITMASK | BLOCK | CODE | CONST
	| DIVERTPACKET | DIVERTREPLY | DIVERTTO | DNPIPE | DNQUEUE | DROP
	| DUPTO | ETHER | FASTROUTE | FILENAME | FLAGS | FOR | FRAGMENT | FROM
	| GROUP | ICMPTYPE | ICMP6TYPE | IN | INCLUDE | INET | INET6 | KEEP
	| LABEL | LEASTSTATES | LOAD | LOG | MAPEPORTSET | MATCH | MAXPKTRATE
	| MAXPKTSIZE | MODULATE | NAT | NATANCHOR | NATTO | NO | NOROUTE | ON
	| ONCE | OS | OUT | PASS | PERSIST | PORT | PRIO | PROBABILITY | PROTO
	| QUEUE | QUICK | RANDOM | RDOMAIN | RDR | RDRANCHOR | RDRTO
	| RECEIVEDON | REPLYTO | RETURN | RETURNICMP | RETURNICMP6 | RETURNRST
	| RIDENTIFIER | ROUNDROBIN | ROUTE | ROUTETO | RTABLE | SCRUB | SET
	| SOURCEHASH | STATE | STATICPORT | STICKYADDRESS | SYNPROXY | TABLE
	| TAG | TAGGED | TO | TOS | URPFFAILED | USER
	;

nls
	: %empty
	| nls '\n'
	;

/* Tables. */

tabledef
	: TABLE '<' tname '>'	{ pfp_table_begin(st); }
	  tableopts		{ pfp_table_end(st, $3, @3); }
	;

/* pfctl takes one word; fwbuilder writes names with blanks. */
tname
	: tword
	| tname tword		{ $$ = arena_printf(st->arena, "%s %s", $1,
				    $2); }
	;

tword
	: word			{ $$ = $1.s; }
	| kwtok			{ $$ = pfp_text(st, @1); }
	;

tableopts
	: %empty
	| tableopts tableopt
	;

tableopt
	: PERSIST
	| CONST			{ st->tbl_const = true; }
	| STRING		{
				if (strcmp($1.s, "counters") != 0)
					pfp_error(st, @1, "syntax error");
				}
	| FILENAME STRING	{ pfp_table_file(st, $2.s, @2); }
	| '{' nls '}'
	| '{' nls hostitems '}'	{ st->tbl_members = pfp_host_append(
				    st->tbl_members, $3); }
	;

/* Rules. */

filterrule
	: action ruleitems	{ pfp_rulestate(st, 5, @1);
				  pfp_rule_end(st, @$); }
	;

action
	: PASS			{ pfp_rule_begin(st, PFK_FILTER, @1);
				  R.action = ACTION_ACCEPT;
				  R.action_word = "pass"; R.action_sp = @1; }
	| MATCH			{ pfp_rule_begin(st, PFK_FILTER, @1);
				  R.action = ACTION_MATCH;
				  R.action_word = "match"; R.action_sp = @1; }
	| BLOCK			{ pfp_rule_begin(st, PFK_FILTER, @1);
				  R.action = ACTION_DROP;
				  R.action_word = "block"; R.action_sp = @1; }
	  blockspec
	;

/*
 * pfctl's blockspec: the reply is kept with its codes (pfp_block), so
 * that "return-icmp(3)" and "return-icmp(port-unr)" are one reply.
 * Plain "block" follows "set block-policy" (pfp_rule_end).
 */
blockspec
	: %empty		{ pfp_block(st, PFR_POLICY, NULL, NULL, @$); }
	| DROP			{ R.action_word = "block drop";
				  pfp_block(st, PFR_DROP, NULL, NULL, @$); }
	| RETURN		{ R.action_word = "block return";
				  pfp_block(st, PFR_RETURN, NULL, NULL, @$); }
	| RETURNRST		{ R.action_word = "block return-rst";
				  pfp_block(st, PFR_RST, NULL, NULL, @$); }
	| RETURNRST '(' word word ')'
				{ R.action_word = "block return-rst";
				  pfp_block(st, PFR_RST, &$3, &$4, @$); }
	| RETURNICMP		{ R.action_word = "block return-icmp";
				  pfp_block(st, PFR_ICMP, NULL, NULL, @$); }
	| RETURNICMP '(' word ')'
				{ R.action_word = "block return-icmp";
				  pfp_block(st, PFR_ICMP, &$3, NULL, @$); }
	| RETURNICMP '(' word optcomma word ')'
				{ R.action_word = "block return-icmp";
				  pfp_block(st, PFR_ICMP, &$3, &$5, @$); }
	| RETURNICMP6		{ R.action_word = "block return-icmp6";
				  pfp_block(st, PFR_ICMP6, NULL, NULL, @$); }
	| RETURNICMP6 '(' word ')'
				{ R.action_word = "block return-icmp6";
				  pfp_block(st, PFR_ICMP6, &$3, NULL, @$); }
	;

optcomma
	: %empty
	| ','
	;

anchorrule
	: ANCHOR		{ pfp_rule_begin(st, PFK_ANCHOR, @1); }
	  anchorname ruleitems	{ pfp_rulestate(st, 5, @1);
				  pfp_rule_end(st, (struct pf_span){ @1.off,
				      @4.end }); }
	  anchorbody
	;

anchorname
	: %empty
	| word			{ R.anchor = $1.s; }
	;

anchorbody
	: %empty
	| '{'			{ pfp_anchor_open(st, @1); }
	  '\n' ruleset '}'	{ pfp_anchor_close(st); }
	;

natrule
	: natstart ruleitems redirect
				{ pfp_rulestate(st, 4, @1);
				  pfp_check_binat(st, @$);
				  pfp_rule_end(st, @$); }
	| NATANCHOR		{ pfp_rule_begin(st, PFK_NATANCHOR, @1); }
	  word ruleitems	{ R.anchor = $3.s; pfp_rulestate(st, 4, @1);
				  pfp_rule_end(st, @$); }
	| RDRANCHOR		{ pfp_rule_begin(st, PFK_RDRANCHOR, @1); }
	  word ruleitems	{ R.anchor = $3.s; pfp_rulestate(st, 4, @1);
				  pfp_rule_end(st, @$); }
	| BINATANCHOR		{ pfp_rule_begin(st, PFK_BINATANCHOR, @1); }
	  word ruleitems	{ R.anchor = $3.s; pfp_rulestate(st, 4, @1);
				  pfp_rule_end(st, @$); }
	;

natstart
	: natkind
	| natkind PASS
	| NO natkind		{ R.no = true; }
	;

natkind
	: NAT			{ pfp_rule_begin(st, PFK_NAT, @1); }
	| RDR			{ pfp_rule_begin(st, PFK_RDR, @1); }
	| BINAT			{ pfp_rule_begin(st, PFK_BINAT, @1); }
	;

redirect
	: %empty
	| ARROW redirspec	{ R.rdr = $2; R.rdr_sp = @2; }
	  poolopts
	;

antispoof
	: ANTISPOOF		{ pfp_rule_begin(st, PFK_ANTISPOOF, @1); }
	  ruleitems		{ pfp_rulestate(st, 5, @1);
				  pfp_rule_end(st, @$); }
	;

ruleitems
	: %empty
	| ruleitems ruleitem
	;

ruleitem
	: IN			{ R.dir = 0; }
	| OUT			{ R.dir = 1; }
	| LOG			{ R.log = true; }
	| LOG '(' soup ')'	{ R.log = true; }
	| QUICK			{ R.quick = true; }
	| ON ifspec		{ R.ifs = pfp_item_append(R.ifs, $2);
				  R.if_sp = @2; }
	| ON RDOMAIN NUMBER	{ pfp_opaque(st, "rdomain", @$, false); }
	| FOR ifspec		{ R.ifs = pfp_item_append(R.ifs, $2);
				  R.if_sp = @2; }
	| af			{ R.af = (enum family)$1; R.af_sp = @1; }
	| PROTO wordspec	{ R.protos = pfp_item_append(R.protos, $2);
				  R.proto_sp = @2; }
	| ALL			{ R.all = true; }
	| FROM ipspec		{ R.src = $2; R.have_from = true; }
	| FROM ipspec PORT portspec
				{ R.src = $2; R.sport = $4;
				  R.have_from = true; }
	| FROM PORT portspec	{ R.sport = $3; R.have_from = true; }
	| TO ipspec		{ R.dst = $2; R.have_to = true; }
	| TO ipspec PORT portspec
				{ R.dst = $2; R.dport = $4; R.have_to = true; }
	| TO PORT portspec	{ R.dport = $3; R.have_to = true; }
	| OS wordspec		{ pfp_opaque(st, "os", @$, false); }
	| USER portspec		{ pfp_opaque(st, "user", @$, false); }
	| GROUP portspec	{ pfp_opaque(st, "group", @$, false); }
	| FLAGS word '/' word	{ pfp_flags(st, $2.s, $4.s, @$); }
	| FLAGS '/' word	{ pfp_flags(st, "", $3.s, @$); }
	| FLAGS ANY		{ R.have_flags = true; R.flags_mask = 0; }
	| ICMPTYPE icmpspec	{ R.icmp = pfp_item_append(R.icmp, $2);
				  R.icmp_sp = @$; }
	| ICMP6TYPE icmpspec	{ R.icmp6 = pfp_item_append(R.icmp6, $2);
				  R.icmp_sp = @$; }
	| TOS word		{ pfp_opaque(st, "tos", @$, false); }
	| NO STATE		{ R.state = -1; }
	| KEEP STATE stateopts	{ R.state = 1; pfp_table_refs(st, @3); }
	| MODULATE STATE stateopts
				{ R.state = 2; pfp_table_refs(st, @3); }
	| SYNPROXY STATE stateopts
				{ R.state = 3; pfp_table_refs(st, @3); }
	| FRAGMENT		{ pfp_opaque(st, "fragment", @$, false); }
	| ALLOWOPTS
	| ONCE
	| LABEL pword		{ R.label = R.label == NULL ? $2.s :
				    arena_printf(st->arena, "%s\n%s", R.label,
				    $2.s); }
	| TAG pword		{ R.tag = $2.s; }
	| TAGGED pword		{ pfp_opaque(st, "tagged", @$, false); }
	| '!' TAGGED pword	{ pfp_opaque(st, "tagged", @$, false); }
	| PROBABILITY word	{ pfp_opaque(st, "probability", @$, true); }
	| RTABLE NUMBER
	| RIDENTIFIER NUMBER
	| QUEUE word
	| QUEUE '(' soup ')'
	| PRIO NUMBER		{ pfp_opaque(st, "prio", @$, false); }
	| SET setitem
	| MAXPKTRATE NUMBER '/' NUMBER
				{ pfp_opaque(st, "max-pkt-rate", @$, true); }
	| MAXPKTSIZE NUMBER	{ pfp_opaque(st, "max-pkt-size", @$, false); }
	| RECEIVEDON ifspec	{ pfp_opaque(st, "received-on", @$, false); }
	| DIVERTTO host PORT portspec
	| DIVERTTO word
	| DIVERTREPLY
	| DIVERTPACKET PORT word
	| DNPIPE word
	| DNPIPE '(' soup ')'
	| DNQUEUE word
	| DNQUEUE '(' soup ')'
	| SCRUB '(' soup ')'
	| NATTO redirspec	{ pfp_translate(st, "nat-to", $2, @2); }
	  poolopts
	| RDRTO redirspec	{ pfp_translate(st, "rdr-to", $2, @2); }
	  poolopts
	| BINATTO redirspec	{ pfp_translate(st, "binat-to", $2, @2); }
	  poolopts
	| AFTO af FROM redirspec
				{ pfp_translate(st, "af-to", $4, @4); }
	  poolopts aftodst
	| ROUTETO lenient routespec poolopts
				{ st->lenient = false;
				  pfp_opaque(st, "route-to", @1, false); }
	| REPLYTO lenient routespec poolopts
				{ st->lenient = false; }
	| DUPTO lenient routespec poolopts
				{ st->lenient = false; }
	| FASTROUTE
	;

/* Where packets are routed does not decide whether they pass. */
lenient
	: %empty		{ st->lenient = true; }
	;

aftodst
	: %empty %prec LOWER
	| TO redirspec poolopts
	;

setitem
	: PRIO NUMBER
	| PRIO '(' soup ')'
	| '(' soup ')'
	| TOS word
	| QUEUE word
	| QUEUE '(' soup ')'
	| STRING word
	;

stateopts
	: %empty
	| '(' soup ')'
	;

af
	: INET			{ $$ = FAMILY_IPV4; }
	| INET6			{ $$ = FAMILY_IPV6; }
	;

poolopts
	: %empty
	| poolopts poolopt
	;

poolopt
	: PORT portspec		{ R.rdr_port = $2; }
	| BITMASK
	| RANDOM
	| SOURCEHASH
	| SOURCEHASH word
	| ROUNDROBIN
	| LEASTSTATES
	| STICKYADDRESS
	| STATICPORT
	| STATICPORT NUMBER
	| MAPEPORTSET word
	;

/* Interfaces, protocols, and other lists of words. */

ifspec
	: ifitem
	| '{' nls ifitems '}'	{ $$ = $3; }
	;

ifitems
	: ifspec nls
	| ifitems ',' nls ifspec nls
				{ $$ = pfp_item_append($1, $4); }
	| ifitems ifspec nls	{ $$ = pfp_item_append($1, $2); }
	;

ifitem
	: word			{ $$ = pfp_item(st, PFOP_NONE, $1.s, NULL, @1); }
	| '!' word		{ $$ = pfp_item(st, PFOP_NONE, $2.s, NULL, @$);
				  $$->neg = true; }
	| ANY			{ $$ = pfp_item(st, PFOP_NONE, "any", NULL, @1); }
	| '(' STRING ')'	{ $$ = pfp_item(st, PFOP_NONE, $2.s, "(", @$); }
	| MACRO			{ $$ = pfp_item(st, PFOP_NONE, $1.s,
				    NULL, @1);
				  $$->macro = true; }
	| '!' MACRO		{ $$ = pfp_item(st, PFOP_NONE, $2.s, NULL,
				    @$);
				  $$->neg = true; $$->macro = true; }
	| '(' MACRO ')'		{ $$ = pfp_item(st, PFOP_NONE, $2.s, "(",
				    @$);
				  $$->macro = true; }
	;

wordspec
	: pword			{ $$ = pfp_item(st, PFOP_NONE, $1.s,
				    NULL, @1);
				  $$->macro = $1.macro; }
	| '{' nls wordlist '}'	{ $$ = $3; }
	;

wordlist
	: wordspec nls
	| wordlist ',' nls wordspec nls
				{ $$ = pfp_item_append($1, $4); }
	| wordlist wordspec nls	{ $$ = pfp_item_append($1, $2); }
	;

/* Ports (and users and groups, which take the same operators). */

portspec
	: portitem
	| '{' nls portitems '}'	{ $$ = $3; }
	;

portitems
	: portspec nls
	| portitems ',' nls portspec nls
				{ $$ = pfp_item_append($1, $4); }
	| portitems portspec nls
				{ $$ = pfp_item_append($1, $2); }
	;

portitem
	: pword			{ $$ = pfp_item(st, PFOP_NONE, $1.s,
				    NULL, @1);
				  $$->macro = $1.macro; }
	| unaryop pword		{ $$ = pfp_item(st, (enum pf_op)$1, $2.s,
				    NULL, @$);
				  $$->macro = $2.macro; }
	| pword PORTBINARY pword
				{ $$ = pfp_item(st, (enum pf_op)$2.n, $1.s,
				    $3.s, @$);
				  $$->macro = $1.macro || $3.macro; }
	;

unaryop
	: '='			{ $$ = PFOP_EQ; }
	| NE			{ $$ = PFOP_NE; }
	| '<'			{ $$ = PFOP_LT; }
	| LE			{ $$ = PFOP_LE; }
	| '>'			{ $$ = PFOP_GT; }
	| GE			{ $$ = PFOP_GE; }
	;

icmpspec
	: icmpitem
	| '{' nls icmpitems '}'	{ $$ = $3; }
	;

icmpitems
	: icmpspec nls
	| icmpitems ',' nls icmpspec nls
				{ $$ = pfp_item_append($1, $4); }
	| icmpitems icmpspec nls
				{ $$ = pfp_item_append($1, $2); }
	;

icmpitem
	: pword			{ $$ = pfp_item(st, PFOP_NONE, $1.s,
				    NULL, @1);
				  $$->macro = $1.macro; }
	| pword CODE pword	{ $$ = pfp_item(st, PFOP_NONE, $1.s, $3.s,
				    @$);
				  $$->macro = $1.macro || $3.macro; }
	;

/* Addresses. */

ipspec
	: ANY			{ $$ = pfp_host_new(st, PFH_ANY, "any", @1); }
	| host
	| hostlist
	;

hostlist
	: '{' nls hostitems '}'	{ $$ = $3; }
	;

hostitems
	: hostelem nls
	| hostitems ',' nls hostelem nls
				{ $$ = pfp_host_append($1, $4); }
	| hostitems hostelem nls
				{ $$ = pfp_host_append($1, $2); }
	;

hostelem
	: host
	| hostlist
	| ANY			{ $$ = pfp_host_new(st, PFH_ANY, "any", @1); }
	;

host
	: hostbase
	| '!' hostbase		{ $$ = pfp_host_negate($2, @$); }
	;

hostbase
	: STRING		{ $$ = pfp_host_word(st, $1.s, @1); }
	| NUMBER		{ $$ = pfp_host_word(st, $1.s, @1); }
	| STRING '/' NUMBER	{ $$ = pfp_host_prefix(st, $1.s, $3.n, @$); }
	| NUMBER '/' NUMBER	{ $$ = pfp_host_prefix(st, $1.s, $3.n, @$); }
	| STRING '/' STRING	{ $$ = pfp_host_mask(st, $1.s, $3.s, @$); }
	| STRING '-' STRING	{ $$ = pfp_host_range(st, $1.s, $3.s, @$); }
	| '(' STRING ')'	{ $$ = pfp_host_dyn(st, $2.s, @$); }
	| '(' STRING ')' '/' NUMBER
				{ $$ = pfp_host_dyn(st, $2.s, @$); }
	| MACRO			{ $$ = pfp_host_macro(st, $1.s, @1); }
	| MACRO '/' NUMBER	{ $$ = pfp_host_macro(st, arena_printf(
				    st->arena, "%s/%s", $1.s, $3.s), @$); }
	| '(' MACRO ')'		{ $$ = pfp_host_macro(st, arena_printf(
				    st->arena, "(%s)", $2.s), @$); }
	| '(' MACRO ')' '/' NUMBER
				{ $$ = pfp_host_macro(st, arena_printf(
				    st->arena, "(%s)/%s", $2.s, $5.s), @$); }
	| '<' tname '>'		{ $$ = pfp_host_new(st, PFH_TABLE, $2, @$); }
	| NOROUTE		{ $$ = pfp_host_new(st, PFH_NOROUTE,
				    "no-route", @1); }
	| URPFFAILED		{ $$ = pfp_host_new(st, PFH_URPF,
				    "urpf-failed", @1); }
	| ROUTE STRING		{ $$ = pfp_host_new(st, PFH_ROUTE, $2.s, @$); }
	;

redirspec
	: host
	| hostlist
	;

routespec
	: routehost
	| '{' nls routeitems '}'
	;

routeitems
	: routehost nls
	| routeitems ',' nls routehost nls
	| routeitems routehost nls
	;

routehost
	: host
	| '(' STRING host ')'	{ $$ = $3; }
	| '(' MACRO host ')'	{ $$ = $3; }
	;

%%

static void
pf_error(PF_LTYPE *sp, struct pfp *st, const char *msg)
{
	pfp_syntax_error(st, *sp, msg);
}
