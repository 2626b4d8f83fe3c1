/*
 * asa_uses.c - access-lists that commands other than access-group use.
 *
 * An access-list also selects traffic for NAT ("nat (IF) ID access-list
 * ACL", "static ... access-list ACL"), VPNs ("crypto map M N match address
 * ACL", "vpn-filter value ACL", "split-tunnel-network-list value ACL"),
 * service policies (a class-map's "match access-list ACL"), routing
 * (route-map "match ip address ACL...", "distribute-list ACL"), AAA ("aaa
 * authentication match ACL ..."), packet captures, WCCP and the botnet
 * filter.  Such a list is in use although no access-group binds it, so
 * each use counts as a reference of its container (the orphaned check
 * reads container.references); its entries still filter nothing in the
 * model.  Uses are resolved at the end of the file, because a running-
 * config may name a list before defining it.
 */
#include "config.h"

#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

/*
 * A use written at a fixed place: the words of the line from the first,
 * "*" for any word, "ACL" for the name, "ACL..." for one or more names up
 * to the end of the line.
 */
struct use_form {
	bool		 sub;		/* an indented line */
	const char	*what;		/* for messages */
	const char	*w[8];
};

static const struct use_form forms[] = {
	{ false, "crypto map",
	    { "crypto", "map", "*", "*", "match", "address", "ACL" } },
	{ false, "crypto dynamic-map",
	    { "crypto", "dynamic-map", "*", "*", "match", "address", "ACL" } },
	{ false, "aaa", { "aaa", "*", "match", "ACL" } },
	{ false, "pim rp-address",
	    { "pim", "rp-address", "*", "ACL" } },
	{ true, "class-map", { "match", "access-list", "ACL" } },
	{ true, "match address", { "match", "address", "ACL" } },
	{ true, "route-map", { "match", "ip", "address", "ACL..." } },
	{ true, "route-map", { "match", "ip", "next-hop", "ACL..." } },
	{ true, "route-map", { "match", "ip", "route-source", "ACL..." } },
	{ true, "route-map", { "match", "ipv6", "address", "ACL..." } },
	{ true, "vpn-filter", { "vpn-filter", "value", "ACL" } },
	{ true, "ipv6-vpn-filter", { "ipv6-vpn-filter", "value", "ACL" } },
	{ true, "split-tunnel-network-list",
	    { "split-tunnel-network-list", "value", "ACL" } },
	{ true, "ipv6-split-tunnel-network-list",
	    { "ipv6-split-tunnel-network-list", "value", "ACL" } },
	{ true, "webvpn filter", { "filter", "value", "ACL" } },
	{ true, "network-acl", { "network-acl", "ACL" } },
	{ true, "igmp access-group", { "igmp", "access-group", "ACL" } },
	{ true, "distribute-list", { "distribute-list", "ACL" } },
};

/*
 * A use found by a keyword anywhere in a top-level command: "capture CAP
 * [type ...] access-list ACL interface IF", "wccp web-cache redirect-list
 * ACL group-list ACL", "dynamic-filter enable interface IF classify-list
 * ACL".  nat and static are read by asa_nat.c, which knows their words.
 */
static const struct use_key {
	const char	*cmd, *key;
} keys[] = {
	{ "capture", "access-list" },
	{ "wccp", "redirect-list" },
	{ "wccp", "group-list" },
	{ "dynamic-filter", "classify-list" },
};

/* Words in a name's place that are keywords, not access-lists. */
static bool
not_a_name(const char *s)
{
	static const char *const kw[] = {
		"prefix-list", "prefix", "route-map", "gateway", "none",
		"bidir", "interface", NULL
	};

	for (size_t i = 0; kw[i] != NULL; i++)
		if (strcmp(s, kw[i]) == 0)
			return true;
	return false;
}

void
asa_acl_use(struct asa_state *st, size_t i, const char *what)
{
	struct asa_named u;

	if (i >= st->nwords || not_a_name(st->words[i].s))
		return;
	u.name = intern(st->strings, st->words[i].s);
	u.what = what;
	u.loc = asa_word_loc(st, &st->words[i]);
	VEC_PUSH(st->arena, &st->acl_uses, u);
}

static void
try_form(struct asa_state *st, const struct use_form *f)
{
	size_t k;

	for (k = 0; k < 8 && f->w[k] != NULL; k++) {
		const char *p = f->w[k];

		if (k >= st->nwords)
			return;
		if (strcmp(p, "ACL") == 0) {
			asa_acl_use(st, k, f->what);
			return;
		}
		if (strcmp(p, "ACL...") == 0) {
			if (not_a_name(st->words[k].s))
				return;
			for (; k < st->nwords; k++)
				asa_acl_use(st, k, f->what);
			return;
		}
		if (strcmp(p, "*") != 0 && strcmp(p, st->words[k].s) != 0)
			return;
	}
}

void
asa_acl_uses(struct asa_state *st, bool sub)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (forms[i].sub == sub)
			try_form(st, &forms[i]);
	if (sub)
		return;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (st->nwords == 0 || strcmp(st->words[0].s, keys[i].cmd) != 0)
			continue;
		for (size_t k = 1; k + 1 < st->nwords; k++)
			if (strcmp(st->words[k].s, keys[i].key) == 0)
				asa_acl_use(st, k + 1, keys[i].cmd);
	}
}

/*
 * Count each use; a name no access-list line defines is reported (an
 * access-group of such a name is reported by the binding code the same
 * way), since the device would use an empty list there.
 */
void
asa_acl_uses_finish(struct asa_state *st)
{
	for (size_t i = 0; i < st->acl_uses.n; i++) {
		const struct asa_named *u = &st->acl_uses.v[i];
		struct asa_acl *acl = asa_acl_get(st, u->name, u->loc, false);

		if (acl != NULL)
			acl->c->references++;
		if (acl == NULL || !acl->defined)
			diag_emit(st->diags, DIAG_WARNING, "asa", u->loc,
			    "access-list \"%s\" is named by %s but has no "
			    "entries", u->name, u->what);
	}
}
