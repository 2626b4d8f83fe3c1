/*
 * model.h - the platform-neutral policy model (DESIGN.md section 1).
 *
 * A policy is what one input file configures: containers of ordered rules
 * (iptables chains, PF anchors, ASA access-lists, fwb rule sets), entry
 * points where packets start being judged, named objects and interfaces.
 * Every element keeps its source location and its comment.  Front ends only
 * build this model; they decide nothing about anomalies.  Names are
 * resolved to pointers when the front end can (a jump to a chain), and left
 * NULL when the target does not exist, for the undefined-reference check.
 *
 * Everything is allocated in the policy's arena.
 */
#ifndef FIRELINT_MODEL_H
#define FIRELINT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "arena.h"
#include "fields.h"
#include "ifset.h"
#include "ivset.h"
#include "source.h"

struct diag_list;
struct intern;
struct container;
struct object;

struct counters {
	bool		 present;	/* the input carried counters */
	uint64_t	 packets, bytes;
};

/*
 * A bit-pattern match on a 32-bit value: (x & mask) == value, or its
 * negation (iptables mark/connmark, PF tag-like fields).  Kept apart from
 * ivsets because such a set can need 2^24 intervals.
 */
struct bitmatch {
	uint32_t	 value, mask;
	bool		 negated;
};

/*
 * A reference to a set whose members the input does not hold (an ipset,
 * a PF table loaded from a file that is absent): membership is a symbolic
 * condition.  Two rules naming the same object in the same way are
 * comparable; otherwise the reference is as good as opaque.
 */
struct setref {
	struct object	*object;	/* the named set */
	const char	*flags;		/* "src", "dst,src": which fields */
	bool		 negated;
};

/*
 * A condition the model does not understand: an unknown match module, a
 * hostname, a time-of-day match.  Kept with its text so dump and reports
 * can show it.  A rule with an opaque match may be reported shadowed, but
 * never counts as covering another rule.  Nondeterministic conditions
 * (limit, hashlimit, recent, statistic) are opaque too: the same packet may
 * match once and not the next time.
 */
struct opaque_match {
	const char	*module;	/* "limit", "-s" for a hostname, ... */
	const char	*text;		/* the words as written */
	struct loc	 loc;
	bool		 nondeterministic;
};

enum match_extra_kind {
	MATCH_IN_IF,		/* input interface: ifset */
	MATCH_OUT_IF,
	MATCH_PHYSDEV_IN,	/* bridge port names */
	MATCH_PHYSDEV_OUT,
};

struct match {
	/* Packets of these families only (FAMILY_ANY: both). */
	enum family	 family;
	/* NULL: any value.  Never an empty set: see unmatchable below. */
	const struct ivset *field[FIELD_COUNT];
	/* Interfaces: NULL for any. */
	const struct ifset *in_if, *out_if;
	const struct ifset *physdev_in, *physdev_out;
	/* -1 any, 0 must not, 1 must (physdev --physdev-is-in etc.) */
	int8_t		 physdev_is_in, physdev_is_out, physdev_is_bridged;
	VEC(struct bitmatch) mark, connmark;
	VEC(struct setref) sets;
	VEC(struct opaque_match) opaque;
	/*
	 * A front end that finds a contradiction it can prove (an address of
	 * the wrong family, "-p tcp -p udp") says so here instead of storing
	 * an empty set, so the reason reaches the unmatchable check.
	 */
	const char	*contradiction;
};

enum action_kind {
	ACTION_NONE,		/* no target: counts and falls through */
	ACTION_ACCEPT,
	ACTION_DROP,
	ACTION_REJECT,
	ACTION_RETURN,		/* back to the calling container */
	ACTION_JUMP,		/* call a container, come back after it */
	ACTION_GOTO,		/* continue in a container, no return here */
	ACTION_LOG,		/* log and fall through (LOG, NFLOG, ULOG) */
	ACTION_MODIFY,		/* change the packet or its state and fall
				   through (MARK, CONNMARK, TCPMSS, CT, ...) */
	ACTION_TRANSLATE,	/* NAT: DNAT, SNAT, MASQUERADE, REDIRECT,
				   NETMAP, rdr, nat: decides translation */
	ACTION_QUEUE,		/* hand to user space (QUEUE, NFQUEUE) */
	ACTION_MATCH,		/* PF match: applies options, decides nothing */
	ACTION_UNKNOWN,		/* a target the model does not know: whether
				   it terminates is unknown */
};

struct action {
	enum action_kind kind;
	const char	*target;	/* as written: "ACCEPT", "LOG", chain */
	const char	*options;	/* target options as written, or NULL */
	struct container *container;	/* resolved JUMP/GOTO target, or NULL
					   when it names nothing defined */
	struct loc	 loc;		/* of the target word */
};

struct rule {
	struct container *container;
	uint32_t	 index;		/* 0-based position in the container */
	struct loc	 loc;		/* the whole rule */
	const char	*text;		/* the rule as written, one line */
	struct match	 match;
	struct action	 action;
	/* Audit-trail comment: iptables --comment, PF comments and label,
	   ASA remarks, fwb comment; several joined by "\n". NULL: none. */
	const char	*comment;
	struct counters	 counters;
	/* logs when it decides (PF log, ASA log) */
	bool		 log;
	/* PF: decides at once when it matches */
	bool		 quick;
	/* ASA inactive, fwb disabled: never matches */
	bool		 disabled;
};

enum container_kind {
	CONTAINER_CHAIN,	/* iptables built-in chain */
	CONTAINER_USER_CHAIN,	/* iptables -N / :name - */
	CONTAINER_ANCHOR,	/* PF */
	CONTAINER_ACL,		/* ASA access-list */
	CONTAINER_RULESET,	/* fwb policy or branch */
};

struct container {
	const char	*name;		/* interned */
	const char	*table;		/* iptables table, or NULL */
	enum family	 family;
	enum container_kind kind;
	struct loc	 loc;		/* where it is declared */
	VEC(struct rule *) rules;
	/* Built-in chains: the policy and its counters; ACTION_NONE else. */
	struct action	 policy;
	struct counters	 policy_counters;
	/*
	 * Uses of the container: rules that jump or go here, plus statements
	 * that name it without being rules of the model (an ASA access-list
	 * named by nat, static, crypto map match address, class-map match
	 * access-list, vpn-filter...).  The orphaned check tells the two
	 * apart by counting the jumps.
	 */
	uint32_t	 references;
	const char	*comment;
	/*
	 * The platform has no way to attach a comment to these rules (ASA
	 * telnet, ssh, http and snmp-server host lines, PIX 6 conduits): a
	 * check must not ask for one, since no change to the input could
	 * satisfy it.  Default false: rules can carry comments.
	 */
	bool		 no_comments;
};

enum match_order {
	ORDER_FIRST_MATCH,	/* iptables, ASA, fwb */
	ORDER_LAST_MATCH,	/* PF: last matching rule, unless quick */
};

/*
 * Where packets start being judged: an iptables built-in chain of a table,
 * a PF ruleset for a direction, an ASA ACL bound to an interface.
 */
struct entry_point {
	const char	*name;		/* "ipv4/filter/INPUT" */
	enum family	 family;
	const char	*table;		/* "filter", or NULL */
	const char	*hook;		/* "INPUT", "in", "outside/in" */
	/* True where the decision filters traffic (filter INPUT/FORWARD/
	   OUTPUT, PF pass/block, ASA ACLs); false for nat, mangle, raw,
	   whose decisions the filtering checks must not read as verdicts. */
	bool		 filters;
	struct container *start;
	enum match_order order;
	/* Packets that arrive here satisfy this (ASA: "in on outside"). */
	const struct match *scope;
	/* The fall-through decision and where it is written. */
	struct action	 default_action;
	struct loc	 default_loc;
};

enum object_kind {
	OBJECT_ADDRESS,		/* host, network, range, fqdn */
	OBJECT_SERVICE,
	OBJECT_GROUP,		/* network/service/protocol/icmp group */
	OBJECT_TABLE,		/* PF table */
	OBJECT_MACRO,		/* PF macro */
	OBJECT_IPSET,		/* ipset named by -m set: members unknown */
	OBJECT_TIME,		/* time range, kept opaque */
	OBJECT_OTHER,
};

struct object {
	const char	*name;		/* interned */
	enum object_kind kind;
	struct loc	 loc;		/* definition; none for ipsets */
	bool		 defined;	/* false: only referenced */
	/* The packets it stands for, when it is an address or service. */
	struct match	*value;
	VEC(struct object *) members;	/* groups */
	uint32_t	 references;
	const char	*comment;
};

struct interface {
	const char	*name;		/* interned */
	struct loc	 loc;
	const char	*zone;		/* ASA nameif, fwb label, or NULL */
	int		 security_level;	/* ASA, fwb; -1 unknown */
	bool		 untrusted;	/* external / unprotected */
	bool		 management;
	/*
	 * Unicast reverse-path forwarding is enabled here: packets whose
	 * source would not be routed back out of this interface are dropped
	 * (ASA "ip verify reverse-path interface IF"; later PF urpf-failed
	 * and iptables rpfilter).  The no-anti-spoofing check reads it.
	 */
	bool		 urpf;
	VEC(struct ivset *) addresses;	/* per family, as configured */
};

struct policy {
	struct arena	*arena;
	struct intern	*strings;
	const char	*format;	/* "iptables", "pf", "asa", "fwb" */
	const struct source_file *source;
	enum family	 family;	/* the families the file speaks */
	VEC(struct container *) containers;	/* in order of declaration */
	VEC(struct entry_point *) entries;	/* sorted by name */
	VEC(struct object *) objects;		/* in order of declaration */
	VEC(struct interface *) interfaces;
	uint32_t	 revisions;	/* dumps concatenated in the file */
	/*
	 * ASA only ("same-security-traffic permit inter-interface|
	 * intra-interface"): traffic may pass between two interfaces of the
	 * same security level, or leave by the interface it came in on.
	 * Without them the ASA drops such traffic before any ACL.
	 */
	bool		 same_security_inter, same_security_intra;
	size_t		 nrules;	/* over all containers */
	/* Private to model.c: hash index of the lists above by name. */
	struct policy_index *index;
};

struct policy	*policy_new(struct arena *, struct intern *,
		    const char *format, const struct source_file *);
struct container *policy_add_container(struct policy *, const char *name,
		    const char *table, enum family, enum container_kind,
		    struct loc);
/* The container of that name (and table, when table is not NULL). */
struct container *policy_find_container(const struct policy *,
		    const char *name, const char *table);
struct entry_point *policy_add_entry(struct policy *, const char *name,
		    struct container *start);
struct object	*policy_object(struct policy *, const char *name,
		    enum object_kind, bool create);
struct interface *policy_interface(struct policy *, const char *name,
		    bool create);

/* A rule appended to (or inserted at index into) a container. */
struct rule	*container_append(struct policy *, struct container *,
		    struct rule *);
struct rule	*container_insert(struct policy *, struct container *,
		    size_t index, struct rule *);
/* Remove all rules (iptables -F). */
void		 container_flush(struct container *);

void		 match_init(struct match *, enum family);
/*
 * Constrain a field to set s: the match keeps the intersection with any
 * earlier constraint.  An empty result records the contradiction.
 */
void		 match_constrain(struct arena *, struct match *, enum field,
		    const struct ivset *s, const char *why);
void		 match_add_opaque(struct arena *, struct match *,
		    const char *module, const char *text, struct loc,
		    bool nondeterministic);
/* Does the match have conditions the model does not understand? */
bool		 match_is_opaque(const struct match *);

const char	*action_kind_name(enum action_kind);
/* How messages name an object of this kind: "service object", "table". */
const char	*object_kind_name(enum object_kind);
/* Does this action end the packet's walk (ACCEPT, DROP, REJECT, QUEUE)? */
bool		 action_is_verdict(enum action_kind);

/*
 * Sort entries by name and count rules; front ends call it once at the
 * end so that iteration order is deterministic.
 */
void		 policy_finish(struct policy *);

#endif
