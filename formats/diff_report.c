/*
 * diff_report.c - `firelint diff` as text or JSON (diff_report.h).
 *
 * The text form reads like `git diff --stat` for packets: one block per
 * changed region with what changed ("newly permitted", "newly denied"),
 * the region, a witness to try by hand or with `firelint trace`, and the
 * rule that decides it on each side, then one summary line.
 */
#include "config.h"

#include <string.h>

#include "core/arena.h"
#include "core/model.h"
#include "core/packet.h"
#include "formats/diff_report.h"
#include "formats/json.h"

enum change_class { NEWLY_PERMITTED, NEWLY_DENIED, OTHER_CHANGE };

static enum change_class
classify(const struct diff_change *c)
{
	bool was = strcmp(c->from, "accept") == 0;
	bool is = strcmp(c->to, "accept") == 0;

	if (is && !was)
		return NEWLY_PERMITTED;
	if (was && !is)
		return NEWLY_DENIED;
	return OTHER_CHANGE;
}

static const char *
class_text(struct arena *a, const struct diff_change *c)
{
	switch (classify(c)) {
	case NEWLY_PERMITTED:
		return arena_printf(a, "newly permitted (%s -> %s)", c->from,
		    c->to);
	case NEWLY_DENIED:
		return arena_printf(a, "newly denied (%s -> %s)", c->from,
		    c->to);
	default:
		return arena_printf(a, "changed (%s -> %s)", c->from, c->to);
	}
}

static const char *
decided_by(struct arena *a, const struct rule *r,
    const struct entry_point *e)
{
	if (e == NULL)
		return "not reached: no entry point of this revision sees it";
	if (r == NULL)
		return arena_printf(a, "the default of %s (%s:%u)", e->name,
		    e->default_loc.file != NULL ? e->default_loc.file->path :
		    "-", (unsigned)e->default_loc.line);
	return arena_printf(a, "%s:%u: %s", r->loc.file != NULL ?
	    r->loc.file->path : "-", (unsigned)r->loc.line,
	    r->text != NULL ? r->text : "");
}

static void
count(const struct diff_result *r, size_t n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (size_t i = 0; i < r->changes.n; i++)
		n[classify(&r->changes.v[i])]++;
}

int
diff_write_text(FILE *fp, struct arena *a, const struct diff_report *rep)
{
	const struct diff_result *r = rep->result;
	const struct diff_pair *last = NULL;
	size_t n[3];

	fprintf(fp, "--- %s (%s)\n+++ %s (%s)\n", rep->old->file,
	    rep->old->format, rep->new->file, rep->new->format);
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];

		if (c->pair != last) {
			size_t k = 0;

			for (size_t j = i; j < r->changes.n &&
			    r->changes.v[j].pair == c->pair; j++)
				k++;
			fprintf(fp, "\nentry %s: %zu changed region%s\n",
			    c->pair->name, k, k == 1 ? "" : "s");
			last = c->pair;
		}
		fprintf(fp, "  %s%s: %s\n", c->condition != NULL ?
		    "possibly " : "", class_text(a, c), c->space);
		if (c->condition != NULL)
			fprintf(fp, "    if: %s\n", c->condition);
		fprintf(fp, "    witness: %s\n", packet_format(a, c->witness));
		fprintf(fp, "    old: %s\n", decided_by(a, c->old_rule,
		    c->old_entry));
		fprintf(fp, "    new: %s\n", decided_by(a, c->new_rule,
		    c->new_entry));
	}
	if (r->notes.n > 0)
		fputc('\n', fp);
	for (size_t i = 0; i < r->notes.n; i++)
		fprintf(fp, "note: %s\n", r->notes.v[i]);
	count(r, n);
	if (diff_equivalent(r))
		fputs("\nthe revisions decide every packet the same way\n", fp);
	else if (r->changes.n > 0)
		fprintf(fp, "\n%zu changed region%s: %zu newly permitted, "
		    "%zu newly denied, %zu other\n", (size_t)r->changes.n,
		    r->changes.n == 1 ? "" : "s", n[0], n[1], n[2]);
	else
		fputs("\nno changed region found, but the revisions could not "
		    "be compared completely (see the notes)\n", fp);
	return ferror(fp) ? -1 : 0;
}

static void
json_rule(FILE *fp, const struct rule *r, const struct entry_point *e)
{
	if (e == NULL) {
		fputs("[]", fp);
		return;
	}
	fputs("[\n        {\n", fp);
	if (r == NULL) {
		fputs("          \"default\": true,\n          \"file\": ",
		    fp);
		json_string(fp, e->default_loc.file != NULL ?
		    e->default_loc.file->path : NULL);
		fprintf(fp, ",\n          \"line\": %u\n",
		    (unsigned)e->default_loc.line);
	} else {
		fputs("          \"file\": ", fp);
		json_string(fp, r->loc.file != NULL ? r->loc.file->path :
		    NULL);
		fprintf(fp, ",\n          \"line\": %u,\n"
		    "          \"column\": %u,\n          \"rule\": ",
		    (unsigned)r->loc.line, (unsigned)r->loc.col);
		json_string(fp, r->text);
		fputc('\n', fp);
	}
	fputs("        }\n      ]", fp);
}

static void
json_input(FILE *fp, const struct report_input *in)
{
	fputs("    {\n      \"file\": ", fp);
	json_string(fp, in->file);
	fputs(",\n      \"format\": ", fp);
	json_string(fp, in->format);
	fprintf(fp, ",\n      \"rules\": %zu\n    }", in->rules);
}

int
diff_write_json(FILE *fp, struct arena *a, const struct diff_report *rep)
{
	const struct diff_result *r = rep->result;
	size_t n[3];

	fputs("{\n  \"firelint\": ", fp);
	json_string(fp, PACKAGE_VERSION);
	fputs(",\n  \"command\": \"diff\",\n  \"inputs\": [\n", fp);
	json_input(fp, rep->old);
	fputs(",\n", fp);
	json_input(fp, rep->new);
	fputs("\n  ],\n  \"findings\": [],\n  \"changes\": [", fp);
	for (size_t i = 0; i < r->changes.n; i++) {
		const struct diff_change *c = &r->changes.v[i];

		fputs(i > 0 ? ",\n    {\n      \"entry\": " :
		    "\n    {\n      \"entry\": ", fp);
		json_string(fp, c->pair->name);
		fputs(",\n      \"family\": ", fp);
		json_string(fp, family_name(c->family));
		fputs(",\n      \"from\": ", fp);
		json_string(fp, c->from);
		fputs(",\n      \"to\": ", fp);
		json_string(fp, c->to);
		fputs(",\n      \"space\": ", fp);
		json_string(fp, c->space);
		/* a region of several boxes: each, for a reader that must
		   judge all of it (the first ones when there are many) */
		if (c->nboxes_shown > 0) {
			fprintf(fp, ",\n      \"nboxes\": %zu,\n      "
			    "\"boxes\": [", c->nboxes);
			for (size_t k = 0; k < c->nboxes_shown; k++) {
				fputs(k > 0 ? ", " : "", fp);
				json_string(fp, c->boxes[k]);
			}
			fputc(']', fp);
		}
		if (c->condition != NULL) {
			fputs(",\n      \"condition\": ", fp);
			json_string(fp, c->condition);
		}
		fputs(",\n      \"witness\": ", fp);
		json_witness(fp, 3, a, c->witness);
		fputs(",\n      \"old_rules\": ", fp);
		json_rule(fp, c->old_rule, c->old_entry);
		fputs(",\n      \"new_rules\": ", fp);
		json_rule(fp, c->new_rule, c->new_entry);
		fputs("\n    }", fp);
	}
	fputs(r->changes.n > 0 ? "\n  ],\n  \"notes\": [" :
	    "],\n  \"notes\": [", fp);
	for (size_t i = 0; i < r->notes.n; i++) {
		fputs(i > 0 ? ",\n    " : "\n    ", fp);
		json_string(fp, r->notes.v[i]);
	}
	count(r, n);
	fprintf(fp, "%s],\n  \"equivalent\": %s,\n  \"summary\": {\n"
	    "    \"changes\": %zu,\n    \"newly_permitted\": %zu,\n"
	    "    \"newly_denied\": %zu,\n    \"other\": %zu\n  }\n}\n",
	    r->notes.n > 0 ? "\n  " : "", diff_equivalent(r) ? "true" :
	    "false", (size_t)r->changes.n, n[0], n[1], n[2]);
	return ferror(fp) ? -1 : 0;
}
