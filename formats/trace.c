/*
 * trace.c - `firelint trace` reports, text and JSON.
 *
 * Both formats say the same things: each event of the main walk (eval.h)
 * becomes one line naming the source rule and what happened there, then
 * the decision and, when conditions firelint cannot evaluate could change
 * it, the other possible outcomes.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/model.h"
#include "core/source.h"
#include "formats/json.h"
#include "formats/trace.h"

struct line {
	const char	*event;		/* JSON name */
	const char	*message;
	struct loc	 loc;
	const char	*rule;		/* text, or NULL */
	unsigned	 depth;
};

static const char *
event_name(enum eval_event_kind k)
{
	static const char *const names[] = {
		[EVAL_CALL] = "jump", [EVAL_GOTO] = "goto",
		[EVAL_RETURN] = "return", [EVAL_FALL_OFF] = "fall-off",
		[EVAL_BACK] = "back", [EVAL_CONTINUE] = "continue",
		[EVAL_PENDING] = "pending", [EVAL_MAYBE] = "maybe",
		[EVAL_UNKNOWN] = "unknown",
		[EVAL_QUICK_ANCHOR] = "quick-anchor",
		[EVAL_DECIDE] = "decide", [EVAL_DEFAULT] = "default",
	};

	return names[k];
}

static const char *
target_of(const struct rule *r)
{
	if (r->action.container != NULL)
		return r->action.container->name[0] != '\0' ?
		    r->action.container->name : "(main)";
	return r->action.target != NULL ? r->action.target : "?";
}

static const char *
verdict(struct arena *a, const struct action *act)
{
	if (act == NULL || act->kind == ACTION_NONE)
		return "none";
	if (act->kind == ACTION_TRANSLATE || act->kind == ACTION_QUEUE ||
	    act->kind == ACTION_UNKNOWN)
		return arena_printf(a, "%s (%s)", action_kind_name(act->kind),
		    act->target != NULL ? act->target : "?");
	return action_kind_name(act->kind);
}

static void
describe(struct arena *a, const struct norm_list *l,
    const struct eval_event *e, struct line *ln)
{
	const struct norm_step *s = e->step;
	const struct rule *r = s != NULL ? s->rule : NULL;

	memset(ln, 0, sizeof(*ln));
	ln->event = event_name(e->kind);
	if (r != NULL) {
		ln->loc = r->loc;
		ln->rule = r->text;
		ln->depth = s->npath > 0 ? s->npath - 1 : 0;
	}
	switch (e->kind) {
	case EVAL_CALL:
		ln->message = r->action.container != NULL &&
		    r->action.container->kind == CONTAINER_ANCHOR ?
		    arena_printf(a, "enter anchor \"%s\"%s", target_of(r),
		    r->quick ? " (quick)" : "") :
		    arena_printf(a, "jump to %s", target_of(r));
		break;
	case EVAL_GOTO:
		ln->message = arena_printf(a, "goto %s", target_of(r));
		break;
	case EVAL_RETURN:
		ln->message = s->end >= l->nsteps ? "return: nothing more to "
		    "evaluate, the default applies" : "return";
		break;
	case EVAL_FALL_OFF:
		ln->message = arena_printf(a, "end of %s (reached by goto): "
		    "return %s", target_of(r), s->end >= l->nsteps ?
		    "to the default" : "after the last jump");
		ln->depth = s->npath > 0 ? s->npath : 0;
		break;
	case EVAL_BACK:
		ln->message = arena_printf(a, "back from %s, on after this "
		    "rule", target_of(e->back_after));
		break;
	case EVAL_CONTINUE:
		ln->message = r->action.kind == ACTION_LOG ?
		    "log, and continue" : r->action.kind == ACTION_NONE ?
		    "matches (no target), continue" :
		    arena_printf(a, "%s %s, and continue",
		    action_kind_name(r->action.kind),
		    r->action.target != NULL ? r->action.target : "");
		break;
	case EVAL_PENDING:
		ln->message = arena_printf(a, "matches: %s unless a later "
		    "rule matches (last match wins)",
		    verdict(a, s->action));
		break;
	case EVAL_MAYBE:
		ln->message = arena_printf(a, "may match (opaque condition: "
		    "%s); assumed not to", e->why);
		break;
	case EVAL_UNKNOWN:
		ln->message = arena_printf(a, "may decide (%s: %s); assumed "
		    "to continue", e->why, r->action.target != NULL ?
		    r->action.target : "?");
		break;
	case EVAL_QUICK_ANCHOR:
		ln->message = arena_printf(a, "a rule of quick anchor \"%s\" "
		    "matched: evaluation ends", target_of(r));
		break;
	case EVAL_DECIDE:
		ln->message = s->kind == NORM_UNKNOWN ?
		    arena_printf(a, "decides (unknown target %s)",
		    r->action.target != NULL ? r->action.target : "?") :
		    s->final && l->order == ORDER_LAST_MATCH && r->quick ?
		    arena_printf(a, "%s (quick)", verdict(a, s->action)) :
		    l->order == ORDER_LAST_MATCH ?
		    arena_printf(a, "%s (the last matching rule)",
		    verdict(a, s->action)) : verdict(a, s->action);
		break;
	case EVAL_DEFAULT:
		ln->loc = l->default_loc;
		ln->message = arena_printf(a, "no rule decides: default %s",
		    verdict(a, l->default_action));
		break;
	}
}

static const char *
loc_text(struct arena *a, struct loc loc)
{
	if (loc.file == NULL)
		return "-";
	return arena_printf(a, "%s:%u", loc.file->path, loc.line);
}

static const char *
outcome_text(struct arena *a, const struct norm_list *l,
    const struct eval_outcome *o)
{
	if (o->unknown)
		return arena_printf(a, "decided by unknown target %s (%s)",
		    o->action != NULL && o->action->target != NULL ?
		    o->action->target : "?",
		    loc_text(a, o->decider->rule->loc));
	if (o->decider == NULL)
		return arena_printf(a, "%s (default, %s)",
		    verdict(a, l->default_action), loc_text(a, l->default_loc));
	return arena_printf(a, "%s (%s)", verdict(a, o->action),
	    loc_text(a, o->decider->rule->loc));
}

int
trace_write_text(FILE *fp, struct arena *a, const struct trace_report *rep)
{
	fprintf(fp, "packet: %s\n", rep->packet);
	if (rep->nentries == 0)
		fprintf(fp, "\nno entry point of %s is reached by this "
		    "packet\n", rep->file);
	for (size_t i = 0; i < rep->nentries; i++) {
		const struct trace_entry *t = &rep->entries[i];
		const struct eval_result *r = &t->result;

		fprintf(fp, "\nentry %s (%s, default %s)\n", t->entry->name,
		    t->list->order == ORDER_LAST_MATCH ? "last match" :
		    "first match", verdict(a, t->list->default_action));
		for (size_t k = 0; k < r->nevents; k++) {
			struct line ln;

			describe(a, t->list, &r->events[k], &ln);
			fprintf(fp, "  %s: %*s%s\n", loc_text(a, ln.loc),
			    (int)(2 * ln.depth), "", ln.message);
			if (ln.rule != NULL && r->events[k].kind != EVAL_BACK)
				fprintf(fp, "      %*s%s\n",
				    (int)(2 * ln.depth), "", ln.rule);
		}
		fprintf(fp, "  decision: %s\n", outcome_text(a, t->list,
		    &r->main));
		if (!r->determined) {
			fputs("  undetermined: conditions firelint cannot "
			    "evaluate may change it", fp);
			for (size_t k = 0; k < r->nalts; k++)
				fprintf(fp, "%s %s", k == 0 ? "; also possible:"
				    : ",", outcome_text(a, t->list,
				    &r->alts[k]));
			if (r->budget_exhausted)
				fprintf(fp, " (only %zu combinations of them "
				    "were tried)", r->walks);
			fputc('\n', fp);
		}
		if (t->list->truncated)
			fputs("  note: some calls of this entry were not "
			    "inlined (step budget)\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}

static void
json_loc(FILE *fp, const char *ind, struct loc loc)
{
	fprintf(fp, "%s\"file\": ", ind);
	json_string(fp, loc.file != NULL ? loc.file->path : NULL);
	fprintf(fp, ",\n%s\"line\": %u,\n%s\"column\": %u", ind, loc.line,
	    ind, loc.col);
}

static void
json_outcome(FILE *fp, struct arena *a, const struct norm_list *l,
    const struct eval_outcome *o, const char *ind)
{
	if (o->decider == NULL) {
		fprintf(fp, "%s\"default\": true,\n", ind);
		json_loc(fp, ind, l->default_loc);
		return;
	}
	json_loc(fp, ind, o->decider->rule->loc);
	fprintf(fp, ",\n%s\"rule\": ", ind);
	json_string(fp, o->decider->rule->text);
	(void)a;
}

static const char *
json_verdict(const struct norm_list *l, const struct eval_outcome *o)
{
	if (o->unknown)
		return "unknown";
	return eval_verdict_name(o->decider != NULL ? o->action :
	    l->default_action);
}

int
trace_write_json(FILE *fp, struct arena *a, const struct trace_report *rep)
{
	fputs("{\n  \"firelint\": ", fp);
	json_string(fp, PACKAGE_VERSION);
	fputs(",\n  \"command\": \"trace\",\n  \"file\": ", fp);
	json_string(fp, rep->file);
	fputs(",\n  \"format\": ", fp);
	json_string(fp, rep->format);
	fputs(",\n  \"packet\": ", fp);
	json_string(fp, rep->packet);
	fputs(",\n  \"traces\": [", fp);
	for (size_t i = 0; i < rep->nentries; i++) {
		const struct trace_entry *t = &rep->entries[i];
		const struct eval_result *r = &t->result;

		fputs(i > 0 ? ",\n    {\n      \"entry\": " :
		    "\n    {\n      \"entry\": ", fp);
		json_string(fp, t->entry->name);
		fprintf(fp, ",\n      \"order\": \"%s\",\n      \"steps\": [",
		    t->list->order == ORDER_LAST_MATCH ? "last-match" :
		    "first-match");
		for (size_t k = 0; k < r->nevents; k++) {
			struct line ln;

			describe(a, t->list, &r->events[k], &ln);
			fputs(k > 0 ? ",\n        {\n" : "\n        {\n", fp);
			fprintf(fp, "          \"event\": \"%s\",\n"
			    "          \"message\": ", ln.event);
			json_string(fp, ln.message);
			fputs(",\n", fp);
			json_loc(fp, "          ", ln.loc);
			fprintf(fp, ",\n          \"depth\": %u", ln.depth);
			if (ln.rule != NULL) {
				fputs(",\n          \"rule\": ", fp);
				json_string(fp, ln.rule);
			}
			fputs("\n        }", fp);
		}
		fputs(r->nevents > 0 ? "\n      ],\n" : "],\n", fp);
		fputs("      \"decision\": ", fp);
		json_string(fp, json_verdict(t->list, &r->main));
		fputs(",\n      \"decided_by\": {\n", fp);
		json_outcome(fp, a, t->list, &r->main, "        ");
		fprintf(fp, "\n      },\n      \"determined\": %s,\n"
		    "      \"alternatives\": [", r->determined ? "true" :
		    "false");
		for (size_t k = 0; k < r->nalts; k++) {
			fputs(k > 0 ? ",\n        {\n          \"decision\": " :
			    "\n        {\n          \"decision\": ", fp);
			json_string(fp, json_verdict(t->list, &r->alts[k]));
			fputs(",\n", fp);
			json_outcome(fp, a, t->list, &r->alts[k],
			    "          ");
			fputs("\n        }", fp);
		}
		fputs(r->nalts > 0 ? "\n      ]\n    }" : "]\n    }", fp);
	}
	fputs(rep->nentries > 0 ? "\n  ]\n}\n" : "]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}
