/*
 * asa.c - the PIX/ASA front end: detection and the parse driver.
 */
#include "config.h"

#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/source.h"
#include "parser/asa/asa.h"
#include "parser/asa/asa_int.h"

static bool
starts_with(const char *s, size_t len, const char *prefix)
{
	size_t l = strlen(prefix);

	return len >= l && memcmp(s, prefix, l) == 0;
}

static bool
contains(const char *s, size_t len, const char *word)
{
	size_t l = strlen(word);

	for (size_t i = 0; i + l <= len; i++)
		if (memcmp(s + i, word, l) == 0)
			return true;
	return false;
}

/*
 * Evidence, strongest first: the version banner of a running-config;
 * access-list entries in ASA syntax; then the commands only PIX/ASA
 * configurations have.  iptables-save and pf.conf have none of them.
 */
static int
asa_detect(const struct source_file *src)
{
	uint32_t i, n = src->nlines < 3000 ? src->nlines : 3000;
	unsigned acl = 0, other = 0, alien = 0;

	for (i = 1; i <= n; i++) {
		size_t len;
		const char *s = source_line(src, i, &len);

		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (len == 0 || *s == '!')
			continue;
		if (starts_with(s, len, "ASA Version") ||
		    starts_with(s, len, "PIX Version") ||
		    starts_with(s, len, "FWSM Version"))
			return 95;
		if (starts_with(s, len, "access-list ") &&
		    (contains(s, len, " extended ") ||
		    contains(s, len, " remark ") ||
		    contains(s, len, " standard ") ||
		    contains(s, len, " permit ") ||
		    contains(s, len, " deny ") ||
		    contains(s, len, " elements;")))
			acl++;
		else if (starts_with(s, len, "nameif ") ||
		    starts_with(s, len, "object-group ") ||
		    starts_with(s, len, "access-group ") ||
		    starts_with(s, len, "security-level ") ||
		    starts_with(s, len, "network-object ") ||
		    starts_with(s, len, "object network ") ||
		    starts_with(s, len, "object service ") ||
		    starts_with(s, len, "same-security-traffic "))
			other++;
		else if (*s == '-' || *s == '*' || *s == ':' ||
		    starts_with(s, len, "COMMIT") ||
		    starts_with(s, len, "pass ") ||
		    starts_with(s, len, "block ") ||
		    starts_with(s, len, "table <"))
			alien++;
	}
	if (acl > 0 && acl >= alien)
		return 85;
	if (other > 0 && other >= alien)
		return 70;
	if (acl + other > 0)
		return 20;
	return 0;
}

static struct policy *
asa_parse_file(struct arena *a, struct intern *strings,
    const struct source_file *src, struct diag_list *diags)
{
	struct asa_state st;

	memset(&st, 0, sizeof(st));
	st.arena = a;
	st.strings = strings;
	st.src = src;
	st.diags = diags;
	st.policy = policy_new(a, strings, "asa", src);
	if (asa_scan_run(&st) < 0 && st.nerrors == 0) {
		diag_emit(diags, DIAG_ERROR, "syntax", source_loc(src, 0, 0),
		    "the file could not be parsed");
		return NULL;
	}
	asa_block_end(&st);
	if (st.nerrors > 0)
		return NULL;
	asa_finish(&st);
	policy_finish(st.policy);
	st.policy->nrules -= st.synthetic;
	return st.policy;
}

const struct frontend asa_frontend = {
	"asa",
	"Cisco PIX, ASA and FWSM running-configs and show access-list output",
	asa_detect,
	asa_parse_file,
};
