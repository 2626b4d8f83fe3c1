/*
 * writers.c - the table of report formats.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "formats/json.h"
#include "formats/text.h"
#include "formats/writer.h"

/* One row per -o value; `firelint --help` lists them in this order. */
const struct writer *const writer_table[] = {
	&text_writer,
	&json_writer,
	NULL
};

const struct writer *
writer_find(const char *name)
{
	for (size_t i = 0; writer_table[i] != NULL; i++)
		if (strcmp(writer_table[i]->name, name) == 0)
			return writer_table[i];
	return NULL;
}
