/*
 * frontends.c - the table of input formats, and detection by content.
 */
#include <stddef.h>
#include <string.h>

#include "parser/frontend.h"
#include "parser/asa/asa.h"
#include "parser/fwb/fwb.h"
#include "parser/iptables/iptables.h"
#include "parser/pf/pf.h"

/* One row per input format. */
const struct frontend *const frontend_table[] = {
	&iptables_frontend,
	&fwb_frontend,
	&asa_frontend,
	&pf_frontend,
	NULL
};

const struct frontend *
frontend_find(const char *name)
{
	for (size_t i = 0; frontend_table[i] != NULL; i++)
		if (strcmp(frontend_table[i]->name, name) == 0)
			return frontend_table[i];
	return NULL;
}

const struct frontend *
frontend_detect(const struct source_file *src)
{
	const struct frontend *best = NULL;
	int best_score = 0;

	for (size_t i = 0; frontend_table[i] != NULL; i++) {
		int score = frontend_table[i]->detect(src);
		if (score > best_score) {
			best = frontend_table[i];
			best_score = score;
		}
	}
	return best;
}
