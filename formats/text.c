/*
 * text.c - the human report: findings as gcc prints diagnostics, so that
 * editors and CI logs that understand "file:line:col: severity:" link them
 * to the source, followed by one summary line.
 *
 * Suppressed findings are not printed (the JSON report lists them); the
 * summary says how many there were, so a suppression is never invisible.
 */
#include "config.h"

#include "core/arena.h"
#include "core/diag.h"
#include "core/packet.h"
#include "formats/text.h"
#include "formats/writer.h"

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static int
write_text(FILE *fp, const struct report *rep)
{
	struct arena *a = arena_new();
	size_t count[DIAG_NSEVERITIES] = { 0 }, suppressed = 0;
	const struct diagnostic *d;

	for (d = rep->findings != NULL ? rep->findings->head : NULL; d != NULL;
	    d = d->next) {
		if (!d->is_finding)
			continue;
		if (d->suppressed) {
			suppressed++;
			continue;
		}
		count[d->severity]++;
		diag_print(fp, d, rep->color);
		if (d->entry != NULL)
			fprintf(fp, "  entry: %s\n", d->entry);
		if (d->witness != NULL)
			fprintf(fp, "  witness: %s\n",
			    packet_format(a, d->witness));
		if (d->fix != NULL)
			fprintf(fp, "  fix: %s\n", d->fix);
	}
	fprintf(fp, "%zu %s, %zu %s, %zu %s",
	    count[DIAG_ERROR], plural(count[DIAG_ERROR], "error", "errors"),
	    count[DIAG_WARNING], plural(count[DIAG_WARNING], "warning",
	    "warnings"),
	    count[DIAG_NOTE], plural(count[DIAG_NOTE], "note", "notes"));
	if (suppressed > 0)
		fprintf(fp, " (%zu suppressed)", suppressed);
	fputc('\n', fp);
	arena_free(a);
	return ferror(fp) ? -1 : 0;
}

const struct writer text_writer = {
	.name = "text",
	.write = write_text,
};
