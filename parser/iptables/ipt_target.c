/*
 * ipt_target.c - the targets of -j, one row each.
 *
 * What matters to the model is whether a target decides the packet
 * (ACCEPT, DROP, REJECT, QUEUE), translates it (NAT), or changes or logs it
 * and lets it fall through to the next rule (LOG, MARK, ...).  Targets not
 * listed here are either user chains or extensions whose effect is unknown.
 */
#include "config.h"

#include <string.h>

#include "parser/iptables/ipt_ext.h"

static const struct ipt_target target_table[] = {
	{ "ACCEPT",	ACTION_ACCEPT,		false },
	{ "AUDIT",	ACTION_MODIFY,		true },
	{ "CHECKSUM",	ACTION_MODIFY,		true },
	{ "CLASSIFY",	ACTION_MODIFY,		true },
	{ "CONNMARK",	ACTION_MODIFY,		true },
	{ "CONNSECMARK", ACTION_MODIFY,		true },
	{ "CT",		ACTION_MODIFY,		true },
	{ "DNAT",	ACTION_TRANSLATE,	true },
	{ "DROP",	ACTION_DROP,		false },
	{ "DSCP",	ACTION_MODIFY,		true },
	{ "ECN",	ACTION_MODIFY,		true },
	{ "HL",		ACTION_MODIFY,		true },
	{ "HMARK",	ACTION_MODIFY,		true },
	{ "IDLETIMER",	ACTION_MODIFY,		true },
	{ "LED",	ACTION_MODIFY,		true },
	{ "LOG",	ACTION_LOG,		true },
	{ "MARK",	ACTION_MODIFY,		true },
	{ "MASQUERADE",	ACTION_TRANSLATE,	true },
	{ "NETMAP",	ACTION_TRANSLATE,	true },
	{ "NFLOG",	ACTION_LOG,		true },
	{ "NFQUEUE",	ACTION_QUEUE,		true },
	{ "NOTRACK",	ACTION_MODIFY,		false },
	{ "QUEUE",	ACTION_QUEUE,		false },
	{ "RATEEST",	ACTION_MODIFY,		true },
	{ "REDIRECT",	ACTION_TRANSLATE,	true },
	{ "REJECT",	ACTION_REJECT,		true },
	{ "RETURN",	ACTION_RETURN,		false },
	{ "SECMARK",	ACTION_MODIFY,		true },
	{ "SET",	ACTION_MODIFY,		true },
	{ "SNAT",	ACTION_TRANSLATE,	true },
	{ "TCPMSS",	ACTION_MODIFY,		true },
	{ "TCPOPTSTRIP", ACTION_MODIFY,		true },
	{ "TEE",	ACTION_MODIFY,		true },
	{ "TOS",	ACTION_MODIFY,		true },
	{ "TPROXY",	ACTION_TRANSLATE,	true },
	{ "TRACE",	ACTION_MODIFY,		false },
	{ "TTL",	ACTION_MODIFY,		true },
	{ "ULOG",	ACTION_LOG,		true },
};

const struct ipt_target *
ipt_target_find(const char *name)
{
	size_t lo = 0, hi = sizeof(target_table) / sizeof(target_table[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, target_table[mid].name);

		if (c == 0)
			return &target_table[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * iptables extensions are named in capitals (ROUTE, SYNPROXY); chains
 * usually are not.  A capitalized name that is no declared chain is more
 * likely an extension this table lacks than a typo of a chain.
 */
bool
ipt_target_looks_extension(const char *name)
{
	bool letter = false;

	for (; *name != '\0'; name++) {
		if (*name >= 'A' && *name <= 'Z')
			letter = true;
		else if (!(*name >= '0' && *name <= '9') && *name != '_')
			return false;
	}
	return letter;
}
