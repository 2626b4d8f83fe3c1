/*
 * asa_nat.c - NAT statements, kept in the model for later checks.
 *
 * Every form becomes one ACTION_TRANSLATE rule of the container "nat"
 * (entry point "asa/nat", which does not filter): PIX/ASA 8.2 "nat (IF) ID
 * A M", "global (IF) ID ...", "static (R,M) ...", ASA 8.3+ object NAT
 * ("nat (R,M) static|dynamic X" inside "object network") and twice NAT
 * ("nat (R,M) source static A B [destination static C D]").  The match is
 * the traffic before translation as far as the words say it (real
 * interface, real source, mapped destination); the rest of the statement
 * is kept as the action's options.  Objects named in NAT count as used,
 * and so do access-lists ("nat (IF) ID access-list ACL", "static (R,M)
 * MAPPED access-list ACL": policy NAT, see asa_uses.c).
 */
#include "config.h"

#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "parser/asa/asa_int.h"

static bool
is_nat_keyword(const char *s)
{
	static const char *const kw[] = {
		"any", "interface", "static", "dynamic", "pat-pool",
		"source", "destination", "service", "dns", "no-proxy-arp",
		"route-lookup", "unidirectional", "inactive", "description",
		"net-to-net", "extended", "flat", "include-reserve",
		"round-robin", "block-allocation", "after-auto", "ipv6",
		NULL
	};

	for (size_t i = 0; kw[i] != NULL; i++)
		if (strcmp(s, kw[i]) == 0)
			return true;
	return false;
}

static bool
word_is_source(struct asa_state *st, size_t i)
{
	return strcmp(st->words[i].s, "source") == 0;
}

/* An object named in a NAT position, unless it is a literal. */
static void
nat_ref(struct asa_state *st, size_t i, struct asa_term *t)
{
	struct asa_word *w;
	struct u128 v;

	if (i >= st->nwords)
		return;
	w = &st->words[i];
	if (is_nat_keyword(w->s) || addr_parse(FAMILY_IPV4, w->s, w->len, &v) ||
	    strchr(w->s, ':') != NULL || strchr(w->s, '-') != NULL)
		return;
	if (t != NULL) {
		t->present = true;
		t->loc = asa_word_loc(st, w);
		t->obj = asa_obj_ref(st, w->s, OBJECT_ADDRESS,
		    asa_word_loc(st, w));
	} else {
		(void)asa_obj_ref(st, w->s, OBJECT_ADDRESS,
		    asa_word_loc(st, w));
	}
}

static int
if_pair(struct asa_state *st, size_t i, const char **in, const char **out)
{
	struct asa_word *w = &st->words[i];
	const char *comma, *end;

	*in = *out = NULL;
	if (w->s[0] != '(' || w->s[w->len - 1] != ')' || w->len < 3) {
		asa_err(st, asa_word_loc(st, w), "expected \"(interface)\" or "
		    "\"(real,mapped)\", not \"%s\"", w->s);
		return -1;
	}
	end = w->s + w->len - 1;
	comma = memchr(w->s, ',', w->len);
	if (comma == NULL)
		comma = end;
	if (comma - w->s - 1 > 0 && !(comma - w->s - 1 == 3 &&
	    memcmp(w->s + 1, "any", 3) == 0))
		*in = intern_n(st->strings, w->s + 1, (size_t)(comma - w->s -
		    1));
	if (comma < end && end - comma - 1 > 0 && !(end - comma - 1 == 3 &&
	    memcmp(comma + 1, "any", 3) == 0))
		*out = intern_n(st->strings, comma + 1, (size_t)(end - comma -
		    1));
	return 0;
}

/*
 * static (R,M) [tcp|udp] MAPPED [PORT] REAL [PORT] [netmask M] ...:
 * the real address (a literal or a name) is the source it matches;
 * "static (R,M) MAPPED access-list ACL" names an access-list instead.
 */
static void
static_real(struct asa_state *st, size_t i, struct asa_pending *pe)
{
	struct u128 v, m = u128_from64(0xffffffff);
	size_t k, real = i + 1;
	struct asa_word *w;

	for (k = i; k + 1 < st->nwords; k++) {
		if (strcmp(st->words[k].s, "access-list") == 0) {
			asa_acl_use(st, k + 1, "static");
			return;
		}
		if (strcmp(st->words[k].s, "netmask") == 0 &&
		    !addr_parse(FAMILY_IPV4, st->words[k + 1].s,
		    st->words[k + 1].len, &m)) {
			asa_err(st, asa_word_loc(st, &st->words[k + 1]),
			    "invalid netmask \"%s\"", st->words[k + 1].s);
			return;
		}
	}
	if (i < st->nwords && (strcmp(st->words[i].s, "tcp") == 0 ||
	    strcmp(st->words[i].s, "udp") == 0))
		real = i + 3;
	nat_ref(st, real - (real == i + 3 ? 2 : 1), NULL);
	if (real >= st->nwords)
		return;
	w = &st->words[real];
	pe->src.present = true;
	pe->src.loc = asa_word_loc(st, w);
	if (addr_parse(FAMILY_IPV4, w->s, w->len, &v)) {
		pe->src.fam = FAMILY_IPV4;
		pe->src.set = asa_mask_set(st, v, m);
		if (pe->src.set == NULL)
			pe->src.present = false;
	} else if (!is_nat_keyword(w->s) && strchr(w->s, ':') == NULL) {
		pe->src.obj = asa_obj_ref(st, w->s, OBJECT_ADDRESS,
		    asa_word_loc(st, w));
		pe->src.masked = true;
		pe->src.fam = FAMILY_IPV4;
		pe->src.set = ivset_single(st->arena, m);
	} else {
		pe->src.present = false;
	}
}

void
asa_nat(struct asa_state *st, size_t first, struct object *obj)
{
	const char *cmd = st->words[first].s;
	struct asa_pending *pe;
	struct rule *r;
	size_t i = first + 1, k;

	pe = arena_zalloc(st->arena, sizeof(*pe));
	pe->fam = FAMILY_ANY;
	pe->proto_any = true;
	if (i < st->nwords && st->words[i].s[0] == '(') {
		if (if_pair(st, i, &pe->in_if, &pe->out_if) < 0)
			return;
		i++;
	} else if (obj == NULL && strcmp(cmd, "nat") != 0) {
		asa_err(st, asa_word_loc(st, &st->words[first]), "expected "
		    "\"(interface)\" after \"%s\"", cmd);
		return;
	}
	if (strcmp(cmd, "global") == 0)
		pe->out_if = pe->in_if, pe->in_if = NULL;
	r = arena_zalloc(st->arena, sizeof(*r));
	r->loc = asa_line_loc(st);
	r->text = asa_line_text(st);
	match_init(&r->match, FAMILY_ANY);
	r->action.kind = ACTION_TRANSLATE;
	r->action.target = intern(st->strings, cmd);
	r->action.options = i < st->nwords ? asa_rest(st, i) : NULL;
	r->action.loc = asa_word_loc(st, &st->words[first]);
	pe->rule = r;
	if (obj != NULL) {
		/* Object NAT: the object is the real source. */
		obj->references++;
		pe->src.present = true;
		pe->src.obj = obj;
		pe->src.loc = r->loc;
		nat_ref(st, i + 1, NULL);
	} else if (strcmp(cmd, "nat") == 0) {
		size_t s = i;

		while (s < st->nwords && !word_is_source(st, s))
			s++;
		if (s < st->nwords) {
			/* Twice NAT. */
			nat_ref(st, s + 2, &pe->src);
			nat_ref(st, s + 3, NULL);
			for (k = s + 4; k < st->nwords; k++) {
				if (strcmp(st->words[k].s, "destination") == 0
				    && k + 3 < st->nwords) {
					nat_ref(st, k + 2, &pe->dst);
					nat_ref(st, k + 3, NULL);
				} else if (strcmp(st->words[k].s, "service") ==
				    0 && k + 2 < st->nwords) {
					nat_ref(st, k + 1, NULL);
					nat_ref(st, k + 2, NULL);
				}
			}
		} else if (i + 1 < st->nwords &&
		    strcmp(st->words[i + 1].s, "access-list") == 0) {
			asa_acl_use(st, i + 2, "nat");
		} else if (i + 2 < st->nwords) {
			/* nat (IF) ID A M ...: A may be a name. */
			struct asa_cursor c = { st, st->words, st->nwords,
			    i + 1 };
			struct u128 v;

			if (addr_parse(FAMILY_IPV4, st->words[i + 2].s,
			    st->words[i + 2].len, &v) &&
			    asa_parse_addr(&c, &pe->src, true) < 0)
				return;
		}
	} else if (strcmp(cmd, "static") == 0) {
		static_real(st, i, pe);
	}
	VEC_PUSH(st->arena, &st->pending, pe);
	if (st->nat == NULL)
		st->nat = policy_add_container(st->policy, "nat", "nat",
		    FAMILY_ANY, CONTAINER_RULESET, r->loc);
	container_append(st->policy, st->nat, r);
}
