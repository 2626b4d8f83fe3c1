/*
 * dump.c - the model printer behind `firelint dump`.
 *
 * The text is for people debugging a front end and for golden tests, so it
 * shows what the front end understood, normalized (sets in canonical form,
 * fields in the order of fields.h), rather than echoing the input: two
 * spellings of the same rule dump the same.  Every rule is one line that
 * starts with its source line, so a golden diff points at the input.
 */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/fields.h"
#include "core/ifset.h"
#include "core/model.h"
#include "formats/dump.h"
#include "formats/json.h"

/*
 * s quoted, with C escapes for quotes, backslashes, unprintables and bytes
 * that are not UTF-8, so a dump is always readable text.
 */
static void
quoted(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', fp);
	while (*s != '\0') {
		unsigned char c = *s;
		size_t n;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f ||
		    (n = json_utf8_len(s)) == 0)
			fprintf(fp, "\\x%02x", c);
		else {
			fwrite(s, 1, n, fp);
			s += n;
			continue;
		}
		s++;
	}
	fputc('"', fp);
}

static void
container_name(FILE *fp, const struct container *c)
{
	if (c->table != NULL)
		fprintf(fp, "%s/%s", c->table, c->name);
	else
		fputs(c->name, fp);
}

static const char *
container_kind_name(enum container_kind k)
{
	switch (k) {
	case CONTAINER_CHAIN:
		return "built-in chain";
	case CONTAINER_USER_CHAIN:
		return "user chain";
	case CONTAINER_ANCHOR:
		return "anchor";
	case CONTAINER_ACL:
		return "access-list";
	case CONTAINER_RULESET:
		return "rule set";
	}
	return "container";
}

/* The dump's one-word key, unlike the message wording of the model. */
static const char *
object_kind_key(enum object_kind k)
{
	switch (k) {
	case OBJECT_ADDRESS:
		return "address";
	case OBJECT_SERVICE:
		return "service";
	case OBJECT_GROUP:
		return "group";
	case OBJECT_TABLE:
		return "table";
	case OBJECT_MACRO:
		return "macro";
	case OBJECT_IPSET:
		return "ipset";
	case OBJECT_TIME:
		return "time";
	case OBJECT_OTHER:
		break;
	}
	return "other";
}

static void
action(FILE *fp, const struct action *a)
{
	const char *kind = action_kind_name(a->kind);

	fputs(kind, fp);
	if (a->target != NULL && strcasecmp(a->target, kind) != 0)
		fprintf(fp, " %s", a->target);
	if (a->options != NULL && a->options[0] != '\0')
		fprintf(fp, " %s", a->options);
	if ((a->kind == ACTION_JUMP || a->kind == ACTION_GOTO) &&
	    a->container == NULL)
		fputs(" (undefined)", fp);
}

static void
counters(FILE *fp, const char *label, const struct counters *c)
{
	if (c->present)
		fprintf(fp, " %s=[%llu:%llu]", label,
		    (unsigned long long)c->packets,
		    (unsigned long long)c->bytes);
}

static const char *
tristate(int8_t v)
{
	return v > 0 ? "yes" : "no";
}

static void
bitmatches(FILE *fp, const char *label, const struct bitmatch *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(fp, " %s=%s0x%x/0x%x", label, b[i].negated ? "!" : "",
		    (unsigned)b[i].value, (unsigned)b[i].mask);
}

static void
match(FILE *fp, struct arena *a, const struct match *m,
    const struct container *c)
{
	if (m->family != c->family)
		fprintf(fp, " family=%s", family_name(m->family));
	for (int f = 0; f < FIELD_COUNT; f++)
		if (m->field[f] != NULL)
			fprintf(fp, " %s=%s", field_info((enum field)f)->name,
			    field_format(a, (enum field)f, m->field[f]));
	if (m->in_if != NULL)
		fprintf(fp, " in=%s", ifset_format(a, m->in_if));
	if (m->out_if != NULL)
		fprintf(fp, " out=%s", ifset_format(a, m->out_if));
	if (m->physdev_in != NULL)
		fprintf(fp, " physdev-in=%s", ifset_format(a, m->physdev_in));
	if (m->physdev_out != NULL)
		fprintf(fp, " physdev-out=%s",
		    ifset_format(a, m->physdev_out));
	if (m->physdev_is_in >= 0)
		fprintf(fp, " physdev-is-in=%s", tristate(m->physdev_is_in));
	if (m->physdev_is_out >= 0)
		fprintf(fp, " physdev-is-out=%s", tristate(m->physdev_is_out));
	if (m->physdev_is_bridged >= 0)
		fprintf(fp, " physdev-is-bridged=%s",
		    tristate(m->physdev_is_bridged));
	bitmatches(fp, "mark", m->mark.v, m->mark.n);
	bitmatches(fp, "connmark", m->connmark.v, m->connmark.n);
	for (size_t i = 0; i < m->sets.n; i++) {
		const struct setref *s = &m->sets.v[i];

		fprintf(fp, " set=%s%s", s->negated ? "!" : "",
		    s->object != NULL ? s->object->name : "?");
		if (s->flags != NULL)
			fprintf(fp, ":%s", s->flags);
	}
	for (size_t i = 0; i < m->opaque.n; i++) {
		fprintf(fp, " opaque(%s%s)=", m->opaque.v[i].module,
		    m->opaque.v[i].nondeterministic ? ",random" : "");
		quoted(fp, m->opaque.v[i].text);
	}
	if (m->contradiction != NULL) {
		fputs(" contradiction=", fp);
		quoted(fp, m->contradiction);
	}
}

static void
rule(FILE *fp, struct arena *a, const struct rule *r)
{
	fprintf(fp, "    line %u:", (unsigned)r->loc.line);
	match(fp, a, &r->match, r->container);
	fputs(" -> ", fp);
	action(fp, &r->action);
	if (r->log)
		fputs(" log", fp);
	if (r->quick)
		fputs(" quick", fp);
	if (r->disabled)
		fputs(" disabled", fp);
	counters(fp, "counters", &r->counters);
	if (r->comment != NULL) {
		fputs(" comment=", fp);
		quoted(fp, r->comment);
	}
	fputc('\n', fp);
}

static void
entry(FILE *fp, const struct entry_point *e)
{
	fprintf(fp, "entry %s\n", e->name);
	fprintf(fp, "  family %s", family_name(e->family));
	if (e->table != NULL)
		fprintf(fp, ", table %s", e->table);
	if (e->hook != NULL)
		fprintf(fp, ", hook %s", e->hook);
	fprintf(fp, ", %s, %s\n", e->filters ? "filters" : "does not filter",
	    e->order == ORDER_LAST_MATCH ? "last match" : "first match");
	fputs("  start ", fp);
	if (e->start != NULL)
		container_name(fp, e->start);
	else
		fputs("(none)", fp);
	fputs("\n  default ", fp);
	action(fp, &e->default_action);
	if (e->default_loc.file != NULL)
		fprintf(fp, " (line %u)", (unsigned)e->default_loc.line);
	fputc('\n', fp);
}

static void
container(FILE *fp, struct arena *a, const struct container *c)
{
	fprintf(fp, "%s ", container_kind_name(c->kind));
	container_name(fp, c);
	fprintf(fp, "\n  family %s, line %u, references %u, rules %u\n",
	    family_name(c->family), (unsigned)c->loc.line,
	    (unsigned)c->references, (unsigned)c->rules.n);
	if (c->policy.kind != ACTION_NONE || c->policy_counters.present) {
		fputs("  policy ", fp);
		action(fp, &c->policy);
		counters(fp, "counters", &c->policy_counters);
		fputc('\n', fp);
	}
	if (c->no_comments)
		fputs("  rules cannot carry comments\n", fp);
	if (c->comment != NULL) {
		fputs("  comment ", fp);
		quoted(fp, c->comment);
		fputc('\n', fp);
	}
	for (size_t i = 0; i < c->rules.n; i++)
		rule(fp, a, c->rules.v[i]);
}

static void
object(FILE *fp, const struct object *o)
{
	fprintf(fp, "object %s\n  kind %s, %s, references %u", o->name,
	    object_kind_key(o->kind), o->defined ? "defined" : "undefined",
	    (unsigned)o->references);
	if (o->loc.file != NULL)
		fprintf(fp, ", line %u", (unsigned)o->loc.line);
	fputc('\n', fp);
	for (size_t i = 0; i < o->members.n; i++)
		fprintf(fp, "  member %s\n", o->members.v[i]->name);
}

static void
interface(FILE *fp, const struct interface *ifp)
{
	fprintf(fp, "interface %s\n", ifp->name);
	if (ifp->zone != NULL || ifp->security_level >= 0 || ifp->untrusted ||
	    ifp->management || ifp->urpf) {
		fputs(" ", fp);
		if (ifp->zone != NULL)
			fprintf(fp, " zone %s", ifp->zone);
		if (ifp->security_level >= 0)
			fprintf(fp, " security-level %d", ifp->security_level);
		if (ifp->untrusted)
			fputs(" untrusted", fp);
		if (ifp->management)
			fputs(" management", fp);
		if (ifp->urpf)
			fputs(" urpf", fp);
		fputc('\n', fp);
	}
}

int
dump_policy(FILE *fp, const struct policy *p)
{
	struct arena *a = arena_new();

	fprintf(fp, "policy %s\n",
	    p->source != NULL ? p->source->path : "(memory)");
	fprintf(fp, "  format %s, family %s, revisions %u, rules %zu\n",
	    p->format != NULL ? p->format : "?", family_name(p->family),
	    (unsigned)p->revisions, p->nrules);
	/* ASA only: printed when set, so other dumps stay as they were. */
	if (p->same_security_inter || p->same_security_intra)
		fprintf(fp, "  same-security-traffic permit%s%s\n",
		    p->same_security_inter ? " inter-interface" : "",
		    p->same_security_intra ? " intra-interface" : "");
	for (size_t i = 0; i < p->entries.n; i++) {
		fputc('\n', fp);
		entry(fp, p->entries.v[i]);
	}
	for (size_t i = 0; i < p->containers.n; i++) {
		fputc('\n', fp);
		container(fp, a, p->containers.v[i]);
	}
	for (size_t i = 0; i < p->objects.n; i++) {
		fputc('\n', fp);
		object(fp, p->objects.v[i]);
	}
	for (size_t i = 0; i < p->interfaces.n; i++) {
		if (i == 0)
			fputc('\n', fp);
		interface(fp, p->interfaces.v[i]);
	}
	arena_free(a);
	return ferror(fp) ? -1 : 0;
}
