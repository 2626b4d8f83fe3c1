/*
 * json.c - the JSON report of DESIGN.md section 4.
 *
 * Written by hand rather than through a JSON library: the shape is fixed,
 * keys must come in a fixed order and the output must be byte-for-byte
 * deterministic for golden tests and for CI systems that diff reports.
 */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/fields.h"
#include "core/packet.h"
#include "formats/json.h"
#include "formats/writer.h"

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
size_t
json_utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		/* The NUL terminator is not a continuation byte: safe. */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void
json_string(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	while (*s != '\0') {
		size_t n;

		switch (*s) {
		case '"':
			fputs("\\\"", fp);
			s++;
			continue;
		case '\\':
			fputs("\\\\", fp);
			s++;
			continue;
		case '\n':
			fputs("\\n", fp);
			s++;
			continue;
		case '\r':
			fputs("\\r", fp);
			s++;
			continue;
		case '\t':
			fputs("\\t", fp);
			s++;
			continue;
		default:
			break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			fprintf(fp, "\\u%04x", (unsigned)*s);
			s++;
			continue;
		}
		n = json_utf8_len(s);
		if (n == 0) {
			fputs("\\ufffd", fp);
			s++;
			continue;
		}
		fwrite(s, 1, n, fp);
		s += n;
	}
	fputc('"', fp);
}

static void
indent(FILE *fp, int level)
{
	for (int i = 0; i < level; i++)
		fputs("  ", fp);
}

/* "key": with indentation; the caller writes the value. */
static void
key(FILE *fp, int level, const char *k)
{
	indent(fp, level);
	json_string(fp, k);
	fputs(": ", fp);
}

static void
location(FILE *fp, int level, struct loc loc)
{
	key(fp, level, "file");
	json_string(fp, loc.file != NULL ? loc.file->path : NULL);
	fputs(",\n", fp);
	key(fp, level, "line");
	fprintf(fp, "%u,\n", (unsigned)loc.line);
	key(fp, level, "column");
	fprintf(fp, "%u,\n", (unsigned)loc.col);
}

static bool
numeric_field(enum field f)
{
	switch (f) {
	case FIELD_SPORT:
	case FIELD_DPORT:
	case FIELD_UID:
	case FIELD_GID:
	case FIELD_TTL:
	case FIELD_LENGTH:
		return true;
	default:
		return false;
	}
}

void
json_witness(FILE *fp, int level, struct arena *a, const struct packet *p)
{
	fputs("{\n", fp);
	key(fp, level + 1, "family");
	json_string(fp, family_name(p->family));
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!p->is_set[f])
			continue;
		fputs(",\n", fp);
		key(fp, level + 1, field_info((enum field)f)->name);
		if (numeric_field((enum field)f))
			fprintf(fp, "%llu", (unsigned long long)p->value[f].lo);
		else {
			char *v = field_format_value(a, (enum field)f,
			    p->value[f]);

			/* DESIGN.md spells states as the packet words do. */
			if (f == FIELD_CTSTATE)
				for (char *c = v; *c != '\0'; c++)
					*c = (char)tolower((unsigned char)*c);
			json_string(fp, v);
		}
	}
#define IFNAME(k, v) do {						\
	if ((v) != NULL) {						\
		fputs(",\n", fp);					\
		key(fp, level + 1, (k));				\
		json_string(fp, (v));					\
	}								\
} while (0)
	IFNAME("in", p->in_if);
	IFNAME("out", p->out_if);
	IFNAME("physdev_in", p->physdev_in);
	IFNAME("physdev_out", p->physdev_out);
#undef IFNAME
	if (p->mark != 0) {
		fputs(",\n", fp);
		key(fp, level + 1, "mark");
		fprintf(fp, "\"0x%x\"", (unsigned)p->mark);
	}
	if (p->connmark != 0) {
		fputs(",\n", fp);
		key(fp, level + 1, "connmark");
		fprintf(fp, "\"0x%x\"", (unsigned)p->connmark);
	}
	fputc('\n', fp);
	indent(fp, level);
	fputc('}', fp);
}

static void
finding(FILE *fp, struct arena *a, const struct diagnostic *d)
{
	indent(fp, 2);
	fputs("{\n", fp);
	key(fp, 3, "check");
	json_string(fp, d->code);
	fputs(",\n", fp);
	key(fp, 3, "severity");
	json_string(fp, diag_severity_name(d->severity));
	fputs(",\n", fp);
	location(fp, 3, d->loc);
	if (d->entry != NULL) {
		key(fp, 3, "entry");
		json_string(fp, d->entry);
		fputs(",\n", fp);
	}
	if (d->rule_text != NULL) {
		key(fp, 3, "rule");
		json_string(fp, d->rule_text);
		fputs(",\n", fp);
	}
	key(fp, 3, "message");
	json_string(fp, d->message);
	fputs(",\n", fp);
	key(fp, 3, "related");
	if (d->nrelated == 0)
		fputs("[]", fp);
	else {
		fputs("[\n", fp);
		for (size_t i = 0; i < d->nrelated; i++) {
			const struct diag_related *r = &d->related[i];

			indent(fp, 4);
			fputs("{\n", fp);
			location(fp, 5, r->loc);
			key(fp, 5, "message");
			json_string(fp, r->message);
			fputc('\n', fp);
			indent(fp, 4);
			fputs(i + 1 < d->nrelated ? "},\n" : "}\n", fp);
		}
		indent(fp, 3);
		fputc(']', fp);
	}
	if (d->witness != NULL) {
		fputs(",\n", fp);
		key(fp, 3, "witness");
		json_witness(fp, 3, a, d->witness);
	}
	if (d->fix != NULL) {
		fputs(",\n", fp);
		key(fp, 3, "fix");
		json_string(fp, d->fix);
	}
	if (d->suppressed) {
		fputs(",\n", fp);
		key(fp, 3, "suppressed");
		fputs("true,\n", fp);
		key(fp, 3, "suppress_reason");
		json_string(fp, d->suppress_reason);
	}
	fputc('\n', fp);
	indent(fp, 2);
	fputc('}', fp);
}

static int
write_json(FILE *fp, const struct report *rep)
{
	struct arena *a = arena_new();
	size_t count[DIAG_NSEVERITIES] = { 0 };
	const struct diagnostic *d;
	bool first;

	fputs("{\n", fp);
	key(fp, 1, "firelint");
	json_string(fp, PACKAGE_VERSION);
	fputs(",\n", fp);
	key(fp, 1, "inputs");
	if (rep->ninputs == 0)
		fputs("[],\n", fp);
	else {
		fputs("[\n", fp);
		for (size_t i = 0; i < rep->ninputs; i++) {
			indent(fp, 2);
			fputs("{\n", fp);
			key(fp, 3, "file");
			json_string(fp, rep->inputs[i].file);
			fputs(",\n", fp);
			key(fp, 3, "format");
			json_string(fp, rep->inputs[i].format);
			fputs(",\n", fp);
			key(fp, 3, "rules");
			fprintf(fp, "%zu\n", rep->inputs[i].rules);
			indent(fp, 2);
			fputs(i + 1 < rep->ninputs ? "},\n" : "}\n", fp);
		}
		indent(fp, 1);
		fputs("],\n", fp);
	}
	key(fp, 1, "findings");
	first = true;
	for (d = rep->findings != NULL ? rep->findings->head : NULL; d != NULL;
	    d = d->next) {
		if (!d->is_finding)
			continue;
		fputs(first ? "[\n" : ",\n", fp);
		first = false;
		finding(fp, a, d);
		if (!d->suppressed)
			count[d->severity]++;
	}
	if (first)
		fputs("[],\n", fp);
	else {
		fputc('\n', fp);
		indent(fp, 1);
		fputs("],\n", fp);
	}
	key(fp, 1, "summary");
	fputs("{\n", fp);
	key(fp, 2, "error");
	fprintf(fp, "%zu,\n", count[DIAG_ERROR]);
	key(fp, 2, "warning");
	fprintf(fp, "%zu,\n", count[DIAG_WARNING]);
	key(fp, 2, "note");
	fprintf(fp, "%zu\n", count[DIAG_NOTE]);
	indent(fp, 1);
	fputs("}\n}\n", fp);
	arena_free(a);
	return ferror(fp) ? -1 : 0;
}

const struct writer json_writer = {
	.name = "json",
	.write = write_json,
};
