/*
 * ipt.h - internals of the iptables-save front end, shared by the scanner,
 * the grammar and the option interpreter.
 *
 * The scanner splits each line into words exactly as iptables-restore
 * does (quotes removed) and recognizes the kind of line; the grammar
 * checks the file structure; the C code here interprets the words of a
 * command line, one table-driven option at a time.
 */
#ifndef FIRELINT_PARSER_IPT_H
#define FIRELINT_PARSER_IPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct diag_list;

/* The location type of the grammar: byte offsets [off, end). */
struct ipt_span {
	uint32_t	 off, end;
};

/* One word of the current line, quotes removed. */
struct ipt_word {
	const char	*s;		/* NUL-terminated, valid for the line */
	uint32_t	 len;
	uint32_t	 toff;		/* offset of s in the word buffer */
	uint32_t	 off, rawlen;	/* the word as written in the file */
	bool		 quoted;
};

enum ipt_table_id {
	IPT_FILTER, IPT_NAT, IPT_MANGLE, IPT_RAW, IPT_SECURITY, IPT_NTABLES
};

/* A chain name -> container map of one table (open addressing). */
struct ipt_chainmap {
	struct container **slot;
	size_t		 cap, n;
};

struct ipt_table {
	const char	*name;		/* interned */
	bool		 present;	/* a block was seen */
	bool		 open;		/* between "*name" and COMMIT */
	uint32_t	 blocks;	/* how many blocks (revisions) */
	struct loc	 loc;		/* the last "*name" line */
	struct ipt_chainmap chains;
	/* Rules whose target was not a known chain when they were read. */
	VEC(struct rule *) pending;
};

/* Cache of parsed address terms: identical strings share one ivset. */
struct ipt_addrcache {
	struct ipt_addrslot {
		const char	*key;	/* arena copy */
		uint32_t	 len, hash;
		const void	*set;
	} *slot;
	size_t		 cap, n;
};

/*
 * Command and rule-level option names ("-A", "--append", "-s", ...),
 * hashed once per parse: every word of every rule is looked up here, and
 * scanning the name tables for each was a tenth of the parse time.
 */
struct ipt_optslot {
	const char	*name;		/* NULL: empty slot */
	uint32_t	 len;
	int16_t		 cmd, ropt;	/* table indexes, or -1 */
};
#define IPT_OPTSLOTS	256
#define IPT_MEMO	64

struct ipt_target;
struct ipt_module;

struct ipt_state {
	struct arena	*arena;
	struct intern	*strings;
	const struct source_file *src;
	struct diag_list *diags;
	struct policy	*policy;
	enum family	 family;
	size_t		 nerrors;
	void		*scanner;

	/* Scanner position. */
	uint32_t	 off;		/* next byte to scan */
	uint32_t	 tok_off;	/* first byte of the current token */
	uint32_t	 next_line;	/* number of the line being scanned */
	uint32_t	 line_no;	/* current logical line: number, */
	uint32_t	 line_start;	/* first byte, */
	uint32_t	 line_end;	/* end (before "\r\n", "\n" or EOF) */
	bool		 line_bad;	/* the scanner reported an error */

	/* Words of the current line. */
	struct ipt_word	*words;
	size_t		 nwords, wcap;
	char		*wbuf;
	size_t		 wlen, wbcap;

	struct ipt_table tables[IPT_NTABLES];
	struct ipt_table *cur;		/* the open table, or NULL */
	uint32_t	 revisions;
	struct loc	 revision_loc;
	struct ipt_addrcache addrs;
	struct ipt_optslot opts[IPT_OPTSLOTS];
	bool		 opts_ready;
	/*
	 * Sets most rules share, built once per parse: "-p N" by protocol
	 * number, and the protocols multiport allows.
	 */
	const struct ivset *proto_set[256];
	const struct ivset *multiport_protos;
	/* Single ports: port_sets[p >> 8][p & 255], pages made on demand. */
	const struct ivset **port_sets[256];
	/* Memos of target and module lookups (ipt_rule.c). */
	struct ipt_tgtmemo {
		const char	*name;		/* interned; NULL: empty */
		const struct ipt_target *target;
	} tgtmemo[IPT_MEMO];
	const struct ipt_module *modmemo[IPT_MEMO];
};

/* Scanner helpers (ipt_state.c). */
void	 ipt_line_begin(struct ipt_state *, uint32_t off);
void	 ipt_push_word(struct ipt_state *, const char *raw, size_t rawlen,
	    uint32_t off, bool quoted_form);
void	 ipt_words_finish(struct ipt_state *);
const char *ipt_split_words(struct ipt_state *, const char *p);

/* Diagnostics. */
struct loc ipt_loc(const struct ipt_state *, uint32_t off, uint32_t len);
struct loc ipt_word_loc(const struct ipt_state *, const struct ipt_word *);
struct loc ipt_words_loc(const struct ipt_state *, const struct ipt_word *,
	    const struct ipt_word *);
void	 ipt_diag_error(struct ipt_state *, struct loc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 ipt_diag_warning(struct ipt_state *, const char *code, struct loc,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Line kinds, called by the grammar (ipt_table.c). */
void	 ipt_do_table(struct ipt_state *);
void	 ipt_do_chain(struct ipt_state *);
void	 ipt_do_commit(struct ipt_state *);
void	 ipt_extra_words(struct ipt_state *);
void	 ipt_do_command(struct ipt_state *, bool counters);
void	 ipt_do_finish(struct ipt_state *);

/* Tables and chains (ipt_table.c). */
struct container *ipt_chain_find(struct ipt_table *, const char *interned);
bool	 ipt_is_builtin(const struct ipt_table *, const char *name);
int	 ipt_table_index(const struct ipt_state *, const struct ipt_table *);
struct container *ipt_chain_new(struct ipt_state *, struct ipt_table *,
	    const char *interned, bool builtin, struct loc);
void	 ipt_chain_delete(struct ipt_state *, struct ipt_table *,
	    struct container *);
void	 ipt_chain_rename(struct ipt_state *, struct ipt_table *,
	    struct container *, const char *interned);
struct loc ipt_line_loc(const struct ipt_state *);
bool	 ipt_parse_counters(const char *s, size_t len, struct counters *);

/* Interpretation of one command line (ipt_rule.c). */
void	 ipt_command(struct ipt_state *, struct ipt_word *w, size_t n,
	    const struct counters *);

/* Parsed values shared by every rule that writes them (ipt_state.c). */
const void **ipt_cache_slot(struct ipt_state *, char tag, const char *s,
	    size_t len);
const struct ivset *ipt_addr_lookup(struct ipt_state *, const char *s,
	    size_t len, bool negate);

/* Splitting a line the way iptables-restore does, for -D (ipt_state.c). */
size_t	 ipt_split(const char *s, size_t len, char *buf,
	    const char **argv, size_t maxargs);

int	 ipt_parse(void *scanner, struct ipt_state *);
/* Run the scanner and the grammar over st->src (scanner.l). */
int	 ipt_scan_run(struct ipt_state *);

#endif
