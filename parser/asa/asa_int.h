/*
 * asa_int.h - internals of the PIX/ASA front end, shared by the scanner,
 * the grammar and the command interpreter.
 *
 * The scanner splits the file into lines of blank-separated words and says
 * whether a line is indented (a sub-command of the block opened by the
 * last top-level command).  The grammar checks that structure and recovers
 * from errors at each end of line; the C code interprets the words of each
 * command with a cursor, one command word at a time (asa_cmd.c,
 * asa_acl.c).  Every name that needs resolving (object-groups, names,
 * interfaces of an "interface" address) is resolved at the end of the
 * file (asa_resolve.c), because a group may grow after an entry uses it.
 */
#ifndef FIRELINT_PARSER_ASA_INT_H
#define FIRELINT_PARSER_ASA_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"

struct diag_list;

/* The location type of the grammar: byte offsets [off, end). */
struct asa_span {
	uint32_t	 off, end;
};

/* One word of the current line. */
struct asa_word {
	const char	*s;		/* NUL-terminated, valid for the line */
	uint32_t	 len;
	uint32_t	 toff;		/* offset of s in the word buffer */
	uint32_t	 off;		/* in the file */
};

/* What the indented lines after a top-level command belong to. */
enum asa_block {
	BLOCK_NONE,		/* indented lines are skipped silently */
	BLOCK_INTERFACE,
	BLOCK_OBJ_NETWORK,
	BLOCK_OBJ_SERVICE,
	BLOCK_OG_NETWORK,
	BLOCK_OG_SERVICE,	/* with or without a protocol */
	BLOCK_OG_PROTOCOL,
	BLOCK_OG_ICMP,
};

/* The kind of thing an object stands for (its sets live in value). */
enum asa_objtype {
	OT_UNKNOWN,		/* only referenced so far */
	OT_NETWORK,		/* name, object network, network group */
	OT_SERVICE,		/* object service, service group */
	OT_PORT,		/* service group with a protocol: ports only */
	OT_PROTOCOL,
	OT_ICMP,
};

/* Front-end data of one object, found by the object's pointer. */
struct asa_obj {
	struct object	*obj;
	enum asa_objtype type;
	const char	*proto_word;	/* a port group's "tcp", "udp"... */
	bool		 is_name;	/* "name" command, not an object */
	bool		 resolving, resolved;
	/* Union of members is more than the rule could say as one box. */
	bool		 nonbox;
	/*
	 * Known only from the expansion lines of "show access-list" output
	 * (asa_finish): counted as defined, since the device expanded it,
	 * but its members are not known, so it resolves to nothing.
	 */
	bool		 expanded;
};

/*
 * One side of an entry before resolution: an address term, a port term,
 * a protocol term.  Exactly one of set/obj/iface/any is used.
 */
struct asa_term {
	bool		 present;
	bool		 any;
	enum family	 fam;		/* any4/any6 and literal families */
	const struct ivset *set;	/* literal: addresses, ports, protos */
	struct object	*obj;		/* object or object-group */
	const char	*iface;		/* "interface IF" (interned) */
	bool		 negated;	/* neq */
	bool		 masked;	/* NAME MASK: obj a name, set mask */
	const char	*unknown;	/* a port or protocol name the ASA
					   does not know: opaque */
	struct loc	 loc;
};

/* An entry waiting for the end of the file to build its match. */
struct asa_pending {
	struct rule	*rule;
	struct asa_term	 proto, src, sport, dst, dport, icmp;
	bool		 proto_any;	/* "ip" */
	bool		 ports_ok;	/* the protocol allows ports */
	enum family	 fam;		/* ipv6 access-list: IPv6 only */
	/* NAT: the interface pair (NULL: any). */
	const char	*in_if, *out_if;
	/* "show access-list": the indented lines that expand the entry's
	   objects, each read as an entry of its own (rule in no list). */
	VEC(struct asa_pending *) expansions;
	bool		 use_expansions;	/* the match is their union */
	bool		 bad_expansion;	/* one could not be read */
};

/* Per-ACL state: the line numbers of entries and remarks. */
struct asa_acl {
	struct container *c;
	VEC(uint8_t)	 lines;		/* 1: entry, 0: remark, in order */
	VEC(const char *) remarks;	/* waiting for the next entry */
	const char	*remark_text;	/* joined pending remarks */
	bool		 standard, webtype;
	bool		 defined;	/* an access-list line names it */
	/* A line of "show access-list" output read as its rules (a
	   header, a counter): later ones are more of that output. */
	bool		 show_seen;
};

/* Pointer-keyed open addressing map (objects, ACLs by interned name). */
struct asa_map {
	struct asa_slot {
		const void	*key;
		void		*value;
	} *slot;
	size_t		 cap, n;
};

struct asa_iface_block {
	bool		 open;
	struct loc	 loc;		/* the "interface" line */
	struct loc	 nameif_loc;
	const char	*hwname, *nameif;
	int		 level;
	/* The "security-level" and "nameif" lines: where the implicit
	   permit of the interface is written (asa_levels.c). */
	struct loc	 level_loc, nameif_line;
	bool		 level_set;
	bool		 shutdown;
	bool		 management_only;
	VEC(const struct ivset *) addrs;	/* IPv4 then IPv6 */
	VEC(enum family) fams;
	/* An address the file does not give ("dhcp", "autoconfig"):
	   [0] IPv4, [1] IPv6; the word, or NULL. */
	const char	*addr_unknown[2];
	struct loc	 addr_unknown_loc[2];
};

/* An interface address the file does not give (asa_own_finish). */
struct asa_unknown_addr {
	const char	*ifname;	/* interned nameif */
	enum family	 fam;
	const char	*why;		/* "dhcp", "pppoe", "autoconfig"... */
	struct loc	 loc;
};

/*
 * What asa_levels.c needs of an interface declared by nameif, by interned
 * nameif: where its security level is written (the security-level line,
 * or the nameif line when none, or PIX 6's "nameif HW NAME securityN"),
 * and whether it passes traffic at all.
 */
struct asa_ifinfo {
	struct loc	 loc;
	bool		 level_set;
	bool		 shutdown;
	bool		 management_only;
};

/*
 * One entry of "show access-list" output read for its counter only: the
 * output follows a running-config in the same file, whose entries are
 * the rules (asa_merge.c matches them by list, text and line number).
 */
struct asa_counted {
	const char	*acl;		/* interned list name */
	const char	*text;		/* the line as written */
	struct loc	 loc;
	bool		 counted;	/* the line had hitcnt= */
	uint64_t	 hits;
	bool		 sub_counted;	/* some expansion line had one */
	uint64_t	 sub_hits;	/* their sum */
};

/* A name used by a command, resolved at the end of the file. */
struct asa_named {
	const char	*name;		/* interned */
	const char	*what;		/* the command, for messages */
	struct loc	 loc;		/* of the name */
};

/* One access-group line. */
struct asa_group_binding {
	struct asa_acl	*acl;
	const char	*ifname;	/* interned; NULL for global */
	bool		 out;
	/* "control-plane": traffic to the device only (asa_resolve.c). */
	bool		 control_plane;
	struct loc	 loc;
};

struct asa_state {
	struct arena	*arena;
	struct intern	*strings;
	const struct source_file *src;
	struct diag_list *diags;
	struct policy	*policy;
	size_t		 nerrors;
	void		*scanner;

	/* Scanner position. */
	uint32_t	 off, tok_off;
	uint32_t	 line_start, line_end;
	bool		 indented;
	bool		 line_bad;

	/* Words of the current line. */
	struct asa_word	*words;
	size_t		 nwords, wcap;
	char		*wbuf;
	size_t		 wlen, wbcap;

	/* Blocks. */
	enum asa_block	 block;
	struct object	*block_obj;	/* object or group being defined */
	struct asa_obj	*block_aux;
	struct asa_iface_block ifb;

	struct asa_map	 objs;		/* struct object * -> struct asa_obj */
	struct asa_map	 acls;		/* interned name -> struct asa_acl */
	/* Hardware name -> nameif, for merging with other outputs later. */
	struct asa_map	 hwifs;
	VEC(struct asa_pending *) pending;

	bool		 show_output;	/* "show access-list" lines seen */
	/* A command only a running-config has (not access-list, show, a
	   prompt): binding is then known, not merely absent. */
	bool		 config_seen;
	/* The last top-level entry, which indented expansion lines of
	   "show access-list" output belong to; NULL after anything else. */
	struct asa_pending *show_parent;
	struct asa_acl	*show_parent_acl;
	/* "show access-list" entries after a running-config, read for
	   their counters (asa_merge.c); merge_parent: the last one, which
	   indented expansion lines add to (NULL after anything else). */
	VEC(struct asa_counted *) counted;
	struct asa_counted *merge_parent;
	/* Lists whose "show access-list" header was read in that case. */
	struct asa_map	 show_acls;
	/* Rules the front end made, not the file (security levels,
	   access-group chains): not counted as the file's rules. */
	size_t		 synthetic;
	/* Interfaces declared by nameif: interned name -> asa_ifinfo. */
	struct asa_map	 ifinfo;
	/* Reading an expansion line: asa_err warns and sets expansion_bad
	   instead of failing the file. */
	bool		 in_expansion, expansion_bad;
	bool		 names_enabled;
	bool		 http_server;
	unsigned	 http_port;	/* 0: 443 */
	int		 ssh_version;	/* 0: default (1 and 2) */
	/* "ip verify reverse-path interface IF": set at the end of the
	   file, when every nameif is known. */
	VEC(struct asa_named) urpf;
	/* Access-lists named by nat, crypto map, class-map...: counted as
	   references of their containers at the end of the file. */
	VEC(struct asa_named) acl_uses;

	struct container *nat;		/* NAT rules, or NULL */
	struct container *mgmt;	/* telnet/ssh/http/snmp, or NULL */
	struct container *conduit;	/* PIX 6 conduits, or NULL */
	VEC(struct rule *) http_rules;
	const char	*mgmt_notes;	/* snmp communities, ssh version */
	VEC(struct asa_group_binding) bindings;
	/* Own addresses the file does not give, and (asa_own_finish) the
	   destinations that are none of the device's own addresses, per
	   family ([0] IPv4, [1] IPv6; NULL: every destination). */
	VEC(struct asa_unknown_addr) own_unknown;
	const struct ivset *not_own[2];
};

/* Scanner helpers (asa_state.c). */
void	 asa_line_begin(struct asa_state *, uint32_t off);
void	 asa_push_word(struct asa_state *, const char *s, size_t len,
	    uint32_t off);
void	 asa_words_finish(struct asa_state *);

/* Locations and diagnostics (asa_state.c). */
struct loc asa_loc(const struct asa_state *, uint32_t off, uint32_t len);
struct loc asa_word_loc(const struct asa_state *, const struct asa_word *);
struct loc asa_line_loc(const struct asa_state *);
const char *asa_line_text(struct asa_state *);
/* The raw text of the line from word i to its end. */
const char *asa_rest(struct asa_state *, size_t i);
void	 asa_err(struct asa_state *, struct loc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 asa_warn(struct asa_state *, struct loc, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	 asa_note_once(struct asa_state *, const char *key, struct loc,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Maps (asa_state.c). */
void	*asa_map_get(const struct asa_map *, const void *key);
void	 asa_map_put(struct arena *, struct asa_map *, const void *key,
	    void *value);

/* Objects (asa_state.c). */
struct asa_obj *asa_obj_aux(struct asa_state *, struct object *);
/*
 * Look up or create (undefined) the object of that name; counts a use.
 * use is where the name is written: an object created here carries it
 * as its location until a definition replaces it, so that a finding
 * about an undefined name points at its first use.
 */
struct object *asa_obj_ref(struct asa_state *, const char *name,
	    enum object_kind, struct loc use);
struct asa_acl *asa_acl_get(struct asa_state *, const char *name,
	    struct loc, bool create);

/* Tables (asa_tables.c). */
bool	 asa_port_parse(const char *s, unsigned *port);
bool	 asa_proto_parse(const char *s, unsigned *proto);
bool	 asa_log_level(const char *s);
bool	 asa_is_skipped_command(const char *s);
bool	 asa_number(const char *s, unsigned long max, unsigned long *out);

/* Commands (asa_cmd.c). */
void	 asa_command(struct asa_state *);
void	 asa_subcommand(struct asa_state *);
void	 asa_block_end(struct asa_state *);

/* Access lists (asa_acl.c). */
void	 asa_access_list(struct asa_state *, size_t first, bool ipv6);
/* An indented "access-list" line of "show access-list" output. */
void	 asa_acl_expansion(struct asa_state *);
void	 asa_conduit(struct asa_state *);
/* Address, port, protocol terms shared with objects and NAT. */
struct asa_cursor {
	struct asa_state *st;
	struct asa_word	*w;
	size_t		 n, i;
};
int	 asa_parse_addr(struct asa_cursor *, struct asa_term *, bool masks);
int	 asa_parse_port_op(struct asa_cursor *, struct asa_term *);
int	 asa_parse_icmp(struct asa_cursor *, enum family, struct asa_term *);
const struct ivset *asa_mask_set(struct asa_state *, struct u128 addr,
	    struct u128 mask);

/*
 * Access-lists used by commands other than access-group (asa_uses.c):
 * asa_acl_use records the name at word i; asa_acl_uses finds the uses in
 * the current line (sub: an indented line).
 */
void	 asa_acl_use(struct asa_state *, size_t i, const char *what);
void	 asa_acl_uses(struct asa_state *, bool sub);
void	 asa_acl_uses_finish(struct asa_state *);

/* NAT statements (asa_nat.c); obj: the "object network" block. */
void	 asa_nat(struct asa_state *, size_t first, struct object *obj);

/* The implicit permits of the security levels (asa_levels.c). */
void	 asa_levels(struct asa_state *, bool global_bound);
void	 asa_ifinfo_set(struct asa_state *, const char *nameif, struct loc,
	    bool level_set, bool shutdown, bool management_only);

/*
 * "show access-list" output after a running-config (asa_merge.c):
 * asa_count_line reads an access-list line whose name is at word first
 * and returns true when it is such output (kept for its counter only);
 * asa_count_expansion adds an indented expansion line to the last one;
 * asa_merge_finish gives the counters to the running-config's entries.
 */
bool	 asa_count_line(struct asa_state *, size_t first);
void	 asa_count_expansion(struct asa_state *);
void	 asa_merge_finish(struct asa_state *);

/*
 * Traffic to the device itself (asa_resolve.c): asa_own_finish computes
 * not_own from the interfaces' addresses and notes the unknown ones;
 * asa_through_scope restricts the scope of an entry point that judges
 * traffic through the device to destinations that are not its own.
 */
void	 asa_own_finish(struct asa_state *);
void	 asa_through_scope(struct asa_state *, struct match *scope);

/* The end of the file (asa_resolve.c). */
void	 asa_finish(struct asa_state *);
void	 asa_resolve_pending(struct asa_state *, struct asa_pending *);

int	 asa_parse(void *scanner, struct asa_state *);
int	 asa_scan_run(struct asa_state *);

#endif
