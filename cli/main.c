/*
 * main.c - the firelint program: options, commands, exit statuses
 * (DESIGN.md section 3).  It only wires front ends, checks and writers
 * together; everything it prints about an input goes through core/diag.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyzer/check.h"
#include "analyzer/diff.h"
#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "formats/dump.h"
#include "formats/json.h"
#include "formats/trace.h"
#include "formats/diff_report.h"
#include "parser/asa/asa.h"
#include "formats/writer.h"
#include "parser/frontend.h"

#define EXIT_CLEAN	0
#define EXIT_FINDINGS	1
#define EXIT_USAGE	2

enum color_mode { COLOR_NEVER, COLOR_ALWAYS, COLOR_AUTO };

struct options {
	const char	*format;	/* NULL: auto */
	const char	*output;
	int		 fail_on;	/* a diag_severity, or -1: never */
	enum color_mode	 color;
	bool		 quiet;
	const char	*config;
	const char	*entry;		/* trace --entry */
	/* diff --entry OLD=NEW, as given */
	const char	*pairs[64];
	size_t		 npairs;
	const char	*old_format, *new_format;	/* diff */
	const char	*counters;	/* check: ASA show access-list */
	/* --enable and --disable lists, as given, checked later. */
	const char	*enable[64], *disable[64];
	size_t		 nenable, ndisable;
};

/* Each option's long name; short ones only for -o and -q. */
enum {
	OPT_FORMAT = 256,
	OPT_ENABLE,
	OPT_DISABLE,
	OPT_FAIL_ON,
	OPT_COLOR,
	OPT_CONFIG,
	OPT_ENTRY,
	OPT_OLD_FORMAT,
	OPT_NEW_FORMAT,
	OPT_COUNTERS,
	OPT_VERSION,
	OPT_HELP,
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, 'o' },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "quiet", no_argument, NULL, 'q' },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "entry", required_argument, NULL, OPT_ENTRY },
	{ "old-format", required_argument, NULL, OPT_OLD_FORMAT },
	{ "new-format", required_argument, NULL, OPT_NEW_FORMAT },
	{ "counters", required_argument, NULL, OPT_COUNTERS },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *fp)
{
	fputs(
"Usage: firelint [check] [OPTION]... FILE...\n"
"       firelint diff [OPTION]... OLD NEW\n"
"       firelint trace [OPTION]... FILE PACKET...\n"
"       firelint dump [OPTION]... FILE\n"
"       firelint checks [-o text|json]\n"
"\n"
"Lint firewall rulebases: find rules that can never match, jumps to\n"
"undefined chains, chains nothing jumps to, rules whose counters say\n"
"they never matched, and rules without an audit comment.\n"
"\n"
"Commands:\n"
"  check       lint one or more rulebases (the default command)\n"
"  diff        which packets two revisions decide differently, with a\n"
"              witness packet and the deciding rules (exit 1 if any)\n"
"  trace       which rule decides PACKET, and the path to it, e.g.\n"
"              trace fw.rules tcp 203.0.113.9:40000 -> 10.0.0.5:22 in eth0\n"
"  dump        print the policy model read from FILE\n"
"  checks      list every check with its id, severity and summary\n"
"\n"
"Options:\n"
"      --format=FMT       input format: auto (by content), ", fp);
	for (size_t i = 0; frontend_table[i] != NULL; i++)
		fprintf(fp, "%s%s", i > 0 ? ", " : "", frontend_table[i]->name);
	fputs(
"\n"
"  -o, --output=FMT       report format: ", fp);
	for (size_t i = 0; writer_table[i] != NULL; i++)
		fprintf(fp, "%s%s", i > 0 ? ", " : "", writer_table[i]->name);
	fputs(
"\n"
"      --enable=ID,...    run only these checks (\"all\": every check)\n"
"      --disable=ID,...   do not run these checks (\"all\": none)\n"
"      --fail-on=LEVEL    exit 1 when a finding is at or above LEVEL:\n"
"                         error, warning (default), note, never\n"
"      --color=WHEN       auto (default), always, never\n"
"  -q, --quiet            do not print notes about the input\n"
"      --config=FILE      site configuration (not supported yet)\n"
"      --entry=NAME       trace: only this entry point (see dump)\n"
"      --entry=OLD=NEW    diff: compare these entry points (repeatable;\n"
"                         NAME+NAME for several hooks on one side)\n"
"      --counters=FILE    check: hit counters from an ASA show access-list\n"
"                         capture, merged into the running-configs\n"
"      --old-format=FMT, --new-format=FMT\n"
"                         diff: the format of each revision\n"
"      --version          print the version and exit\n"
"      --help             print this help and exit\n"
"\n"
"Exit status: 0 no finding at or above --fail-on (trace: always), 1 some\n"
"finding, 2 usage error or an input that cannot be read or parsed.\n"
"See firelint(1).\n", fp);
}

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("firelint: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'firelint --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static size_t
check_count(void)
{
	size_t n = 0;

	while (check_table[n] != NULL)
		n++;
	return n;
}

/*
 * Apply one comma-separated list of check ids to enabled[].  Returns 0, or
 * -1 after saying which id is unknown.
 */
static int
apply_ids(struct arena *a, const char *list, bool value, bool *enabled,
    const char *option)
{
	char *copy = arena_strdup(a, list), *save = NULL, *id;

	for (id = strtok_r(copy, ",", &save); id != NULL;
	    id = strtok_r(NULL, ",", &save)) {
		const struct check *c;

		if (strcmp(id, "all") == 0) {
			for (size_t i = 0; check_table[i] != NULL; i++)
				enabled[i] = value;
			continue;
		}
		c = check_find(id);
		if (c == NULL) {
			fprintf(stderr, "firelint: unknown check '%s' in "
			    "--%s (see 'firelint checks')\n", id, option);
			return -1;
		}
		for (size_t i = 0; check_table[i] != NULL; i++)
			if (check_table[i] == c)
				enabled[i] = value;
	}
	return 0;
}

/*
 * Without --enable every check runs; --enable lists the only ones to run;
 * --disable then takes checks away, whatever the order on the line.
 */
static int
select_checks(struct arena *a, const struct options *o, bool *enabled)
{
	size_t n = check_count(), i;

	for (i = 0; i < n; i++)
		enabled[i] = o->nenable == 0;
	for (i = 0; i < o->nenable; i++)
		if (apply_ids(a, o->enable[i], true, enabled, "enable") < 0)
			return -1;
	for (i = 0; i < o->ndisable; i++)
		if (apply_ids(a, o->disable[i], false, enabled, "disable") < 0)
			return -1;
	return 0;
}

static bool
want_color(enum color_mode m, int fd)
{
	const char *term, *nc;

	if (m != COLOR_AUTO)
		return m == COLOR_ALWAYS;
	nc = getenv("NO_COLOR");
	if (nc != NULL && nc[0] != '\0')
		return false;
	term = getenv("TERM");
	if (term == NULL || strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd) == 1;
}

/* Standard input as a source file named "<stdin>". */
static struct source_file *
read_stdin(struct arena *a)
{
	size_t len = 0, cap = 65536, n;
	char *buf = malloc(cap);
	struct source_file *src;

	if (buf == NULL)
		return NULL;
	while ((n = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (len == cap) {
			char *nb = realloc(buf, cap * 2);

			if (nb == NULL) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(stdin)) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	src = source_from_memory(a, "<stdin>", buf, len);
	free(buf);
	return src;
}

/* Front-end diagnostics to stderr; notes only when not quiet. */
static void
print_diags(const struct diag_list *dl, bool findings_too, bool quiet,
    bool color)
{
	for (const struct diagnostic *d = dl->head; d != NULL; d = d->next) {
		if (d->suppressed || (d->is_finding && !findings_too))
			continue;
		if (quiet && d->severity == DIAG_NOTE)
			continue;
		diag_print(stderr, d, color);
	}
}

struct run {
	struct arena	*arena;
	struct intern	*strings;
	struct diag_list fe;		/* front-end diagnostics */
	struct policy	**policies;
	struct report_input *inputs;
	size_t		 n;
};

/*
 * Read and parse every file.  Returns 0, or EXIT_USAGE after saying why
 * (a file that cannot be read or whose format is unknown stops at once;
 * parse errors of all files are reported together).
 */
static int
load(struct run *run, const struct options *o, char **files, size_t nfiles,
    bool color)
{
	const struct frontend *forced = NULL;
	bool failed = false;

	struct policy **pp = run->policies;
	struct report_input *pi = run->inputs;

	if (o->format != NULL && strcmp(o->format, "auto") != 0)
		forced = frontend_find(o->format);
	/* Appends: diff loads its two revisions one by one. */
	run->policies = arena_zalloc(run->arena,
	    (run->n + nfiles) * sizeof(*run->policies));
	run->inputs = arena_zalloc(run->arena,
	    (run->n + nfiles) * sizeof(*run->inputs));
	if (run->n > 0) {
		memcpy(run->policies, pp, run->n * sizeof(*pp));
		memcpy(run->inputs, pi, run->n * sizeof(*pi));
	}
	for (size_t i = 0; i < nfiles; i++) {
		const char *path = files[i];
		const struct frontend *fe;
		struct source_file *src;
		struct policy *p;
		size_t errors = run->fe.count[DIAG_ERROR];

		src = strcmp(path, "-") == 0 ? read_stdin(run->arena) :
		    source_read(run->arena, path);
		if (src == NULL) {
			fprintf(stderr, "firelint: cannot read %s: %s\n",
			    path, strerror(errno));
			return EXIT_USAGE;
		}
		fe = forced != NULL ? forced : frontend_detect(src);
		if (fe == NULL) {
			/* Located like any input problem, so that tools and
			   editors can jump to the file. */
			diag_emit(&run->fe, DIAG_ERROR, "format",
			    source_loc(src, 0, 0), "cannot detect the format "
			    "of this file; name it with --format");
			failed = true;
			continue;
		}
		p = fe->parse(run->arena, run->strings, src, &run->fe);
		if (p == NULL) {
			if (run->fe.count[DIAG_ERROR] == errors)
				diag_emit(&run->fe, DIAG_ERROR, "syntax",
				    source_loc(src, 0, 0),
				    "cannot parse this file as %s", fe->name);
			failed = true;
			continue;
		}
		run->policies[run->n] = p;
		run->inputs[run->n].file = src->path;
		run->inputs[run->n].format = fe->name;
		run->inputs[run->n].rules = p->nrules;
		run->n++;
	}
	diag_sort(&run->fe);
	print_diags(&run->fe, false, o->quiet, color);
	return failed ? EXIT_USAGE : 0;
}

static int
finish_output(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "firelint: cannot write the report: %s\n",
		    strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

/*
 * --counters=FILE: the hit counters of an ASA `show access-list` capture,
 * merged into the running-configs given as FILEs (asa_merge_counters);
 * the capture itself is not checked.
 */
static int
merge_counters(struct run *run, const struct options *o, bool color)
{
	struct options side = *o;
	char *files[1] = { (char *)o->counters };
	struct diag_list dl;
	size_t n = run->n, merged = 0;
	int rc;

	side.format = "asa";
	if ((rc = load(run, &side, files, 1, color)) != 0)
		return rc;
	run->n = n;
	diag_list_init(&dl, run->arena);
	for (size_t i = 0; i < n; i++)
		if (strcmp(run->inputs[i].format, "asa") == 0) {
			if (asa_merge_counters(run->policies[i],
			    run->policies[n], &dl) < 0) {
				print_diags(&dl, true, o->quiet, color);
				return EXIT_USAGE;
			}
			merged++;
		}
	diag_sort(&dl);
	print_diags(&dl, false, o->quiet, color);
	if (merged == 0)
		return usage_error("%s", "--counters needs an ASA "
		    "running-config among the FILEs");
	return 0;
}

static int
cmd_check(struct run *run, const struct options *o, char **files,
    size_t nfiles)
{
	bool err_color = want_color(o->color, STDERR_FILENO);
	const struct writer *w = writer_find(o->output);
	bool *enabled = arena_zalloc(run->arena, check_count() + 1);
	struct diag_list findings;
	struct report rep;
	size_t failing = 0;
	int rc;

	if (nfiles == 0)
		return usage_error("%s", "no input file");
	if (select_checks(run->arena, o, enabled) < 0)
		return EXIT_USAGE;
	if ((rc = load(run, o, files, nfiles, err_color)) != 0)
		return rc;
	if (o->counters != NULL &&
	    (rc = merge_counters(run, o, err_color)) != 0)
		return rc;
	diag_list_init(&findings, run->arena);
	for (size_t i = 0; i < run->n; i++)
		checks_run(run->arena, run->policies[i], &findings, enabled);
	diag_sort(&findings);
	/* Problems with suppression comments are about the input. */
	print_diags(&findings, false, o->quiet, err_color);

	memset(&rep, 0, sizeof(rep));
	rep.command = "check";
	rep.inputs = run->inputs;
	rep.ninputs = run->n;
	rep.findings = &findings;
	rep.color = want_color(o->color, STDOUT_FILENO);
	if (w->write(stdout, &rep) < 0 || finish_output() != 0)
		return EXIT_USAGE;
	for (const struct diagnostic *d = findings.head; d != NULL;
	    d = d->next)
		if (d->is_finding && !d->suppressed && o->fail_on >= 0 &&
		    (int)d->severity >= o->fail_on)
			failing++;
	return failing > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int
cmd_dump(struct run *run, const struct options *o, char **files,
    size_t nfiles)
{
	int rc;

	if (nfiles != 1)
		return usage_error("%s", "dump takes exactly one FILE");
	if (strcmp(o->output, "text") != 0)
		return usage_error("dump writes text only, not '%s'",
		    o->output);
	rc = load(run, o, files, nfiles,
	    want_color(o->color, STDERR_FILENO));
	if (rc != 0)
		return rc;
	if (dump_policy(stdout, run->policies[0]) < 0 ||
	    finish_output() != 0)
		return EXIT_USAGE;
	return EXIT_CLEAN;
}

/*
 * trace FILE PACKET...: the packet's words may come as one argument or
 * several; each entry point the packet reaches (or the one --entry names)
 * is normalized and walked.
 */
static int
cmd_trace(struct run *run, const struct options *o, char **args,
    size_t nargs)
{
	bool err_color = want_color(o->color, STDERR_FILENO);
	struct diag_list pdiags, ndiags;
	struct trace_report rep;
	struct trace_entry *te;
	struct packet pk;
	struct policy *p;
	char *words;
	size_t len = 0, n = 0;
	int rc, w;

	if (nargs < 2)
		return usage_error("%s", nargs == 0 ? "trace needs a FILE and "
		    "a PACKET" : "trace needs a PACKET after the FILE, such "
		    "as: tcp 192.0.2.1:1024 -> 10.0.0.5:22 in eth0");
	if (strcmp(o->output, "text") != 0 && strcmp(o->output, "json") != 0)
		return usage_error("trace writes text or json, not '%s'",
		    o->output);
	for (size_t i = 1; i < nargs; i++)
		len += strlen(args[i]) + 1;
	words = arena_zalloc(run->arena, len + 1);
	for (size_t i = 1; i < nargs; i++) {
		if (i > 1)
			strcat(words, " ");
		strcat(words, args[i]);
	}
	diag_list_init(&pdiags, run->arena);
	if (packet_parse(run->arena, run->strings, words, &pk, &pdiags) < 0) {
		print_diags(&pdiags, true, false, err_color);
		return EXIT_USAGE;
	}
	if ((rc = load(run, o, args, 1, err_color)) != 0)
		return rc;
	p = run->policies[0];
	if (o->entry != NULL) {
		bool found = false;

		for (size_t i = 0; i < p->entries.n; i++)
			if (strcmp(p->entries.v[i]->name, o->entry) == 0)
				found = true;
		if (!found) {
			fprintf(stderr, "firelint: %s has no entry point "
			    "'%s'; it has:", args[0], o->entry);
			for (size_t i = 0; i < p->entries.n; i++)
				fprintf(stderr, " %s", p->entries.v[i]->name);
			fputc('\n', stderr);
			return EXIT_USAGE;
		}
	}
	diag_list_init(&ndiags, run->arena);
	te = arena_zalloc(run->arena, (p->entries.n + 1) * sizeof(*te));
	for (size_t i = 0; i < p->entries.n; i++) {
		const struct entry_point *e = p->entries.v[i];
		struct packet q;

		if (o->entry != NULL ? strcmp(e->name, o->entry) != 0 :
		    !eval_entry_reaches(e, &pk))
			continue;
		te[n].entry = e;
		te[n].list = normalize_entry(run->arena, p, e, &ndiags);
		eval_packet_for_entry(e, &pk, &q);
		eval_packet(run->arena, te[n].list, &q, &te[n].result);
		n++;
	}
	diag_sort(&ndiags);
	print_diags(&ndiags, false, o->quiet, err_color);
	memset(&rep, 0, sizeof(rep));
	rep.file = run->inputs[0].file;
	rep.format = run->inputs[0].format;
	rep.packet = packet_format(run->arena, &pk);
	rep.entries = te;
	rep.nentries = n;
	w = strcmp(o->output, "json") == 0 ?
	    trace_write_json(stdout, run->arena, &rep) :
	    trace_write_text(stdout, run->arena, &rep);
	if (w < 0 || finish_output() != 0)
		return EXIT_USAGE;
	return EXIT_CLEAN;
}

/*
 * diff OLD NEW: the regions of packet space whose decision changed
 * (analyzer/diff.h), between entry points paired by name or by --entry.
 */
static int
cmd_diff(struct run *run, const struct options *o, char **files,
    size_t nfiles)
{
	bool err_color = want_color(o->color, STDERR_FILENO);
	struct options side = *o;
	struct diff_pair *pairs = NULL;
	struct diff_report rep;
	const struct diff_result *res;
	int rc, w;

	if (nfiles != 2)
		return usage_error("%s", "diff takes exactly two FILEs: OLD "
		    "and NEW");
	if (strcmp(o->output, "text") != 0 && strcmp(o->output, "json") != 0)
		return usage_error("diff writes text or json, not '%s'",
		    o->output);
	side.format = o->old_format != NULL ? o->old_format : o->format;
	if ((rc = load(run, &side, files, 1, err_color)) != 0)
		return rc;
	side.format = o->new_format != NULL ? o->new_format : o->format;
	/* load prints what its list holds: the old file's notes once. */
	diag_list_init(&run->fe, run->arena);
	if ((rc = load(run, &side, files + 1, 1, err_color)) != 0)
		return rc;
	if (o->npairs > 0) {
		pairs = arena_zalloc(run->arena, o->npairs * sizeof(*pairs));
		for (size_t i = 0; i < o->npairs; i++) {
			const char *err;

			if (diff_pair_parse(run->arena, o->pairs[i],
			    run->policies[0], run->policies[1], &pairs[i],
			    &err) < 0) {
				fprintf(stderr, "firelint: --entry: %s\n", err);
				return EXIT_USAGE;
			}
		}
	}
	res = diff_policies(run->arena, run->policies[0], run->policies[1],
	    pairs, o->npairs);
	memset(&rep, 0, sizeof(rep));
	rep.old = &run->inputs[0];
	rep.new = &run->inputs[1];
	rep.result = res;
	w = strcmp(o->output, "json") == 0 ?
	    diff_write_json(stdout, run->arena, &rep) :
	    diff_write_text(stdout, run->arena, &rep);
	if (w < 0 || finish_output() != 0)
		return EXIT_USAGE;
	if (res->unconfirmed > 0)
		fprintf(stderr, "firelint: internal error: %zu changed "
		    "region%s could not be confirmed by evaluation and %s "
		    "left out; please report it\n", res->unconfirmed,
		    res->unconfirmed == 1 ? "" : "s",
		    res->unconfirmed == 1 ? "is" : "are");
	return diff_equivalent(res) && res->unconfirmed == 0 ? EXIT_CLEAN :
	    EXIT_FINDINGS;
}

static int
cmd_checks(const struct options *o, size_t nfiles)
{
	int width = 0;

	if (nfiles != 0)
		return usage_error("%s", "checks takes no FILE");
	if (strcmp(o->output, "json") == 0) {
		fputs("[\n", stdout);
		for (size_t i = 0; check_table[i] != NULL; i++) {
			const struct check *c = check_table[i];

			fputs("  {\n    \"id\": ", stdout);
			json_string(stdout, c->id);
			fputs(",\n    \"severity\": ", stdout);
			json_string(stdout, diag_severity_name(c->severity));
			fputs(",\n    \"summary\": ", stdout);
			json_string(stdout, c->summary);
			fputs(check_table[i + 1] != NULL ? "\n  },\n" :
			    "\n  }\n", stdout);
		}
		fputs("]\n", stdout);
		return finish_output();
	}
	if (strcmp(o->output, "text") != 0)
		return usage_error("checks lists as text or json, not '%s'",
		    o->output);
	for (size_t i = 0; check_table[i] != NULL; i++) {
		int len = (int)strlen(check_table[i]->id);

		if (len > width)
			width = len;
	}
	for (size_t i = 0; check_table[i] != NULL; i++)
		printf("%-*s  %-7s  %s\n", width, check_table[i]->id,
		    diag_severity_name(check_table[i]->severity),
		    check_table[i]->summary);
	return finish_output();
}

static int
parse_options(int argc, char **argv, struct options *o)
{
	int c;

	/* Our own complaints: getopt's would start with argv[0]. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:q", long_options, NULL)) !=
	    -1) {
		switch (c) {
		case OPT_FORMAT:
		case OPT_OLD_FORMAT:
		case OPT_NEW_FORMAT:
			if (strcmp(optarg, "auto") != 0 &&
			    frontend_find(optarg) == NULL) {
				fprintf(stderr, "firelint: unknown format "
				    "'%s'; known formats: auto", optarg);
				for (size_t i = 0; frontend_table[i]; i++)
					fprintf(stderr, ", %s",
					    frontend_table[i]->name);
				fputc('\n', stderr);
				return EXIT_USAGE;
			}
			if (c == OPT_OLD_FORMAT)
				o->old_format = optarg;
			else if (c == OPT_NEW_FORMAT)
				o->new_format = optarg;
			else
				o->format = optarg;
			break;
		case 'o':
			if (writer_find(optarg) == NULL) {
				fprintf(stderr, "firelint: unknown output "
				    "format '%s'; known: ", optarg);
				for (size_t i = 0; writer_table[i]; i++)
					fprintf(stderr, "%s%s", i ? ", " : "",
					    writer_table[i]->name);
				fputc('\n', stderr);
				return EXIT_USAGE;
			}
			o->output = optarg;
			break;
		case OPT_ENABLE:
		case OPT_DISABLE:
			if ((c == OPT_ENABLE ? o->nenable : o->ndisable) >=
			    sizeof(o->enable) / sizeof(o->enable[0]))
				return usage_error("%s", "too many --enable "
				    "or --disable options");
			if (c == OPT_ENABLE)
				o->enable[o->nenable++] = optarg;
			else
				o->disable[o->ndisable++] = optarg;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "error") == 0)
				o->fail_on = DIAG_ERROR;
			else if (strcmp(optarg, "warning") == 0)
				o->fail_on = DIAG_WARNING;
			else if (strcmp(optarg, "note") == 0)
				o->fail_on = DIAG_NOTE;
			else if (strcmp(optarg, "never") == 0)
				o->fail_on = -1;
			else
				return usage_error("--fail-on takes error, "
				    "warning, note or never, not '%s'", optarg);
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->color = COLOR_NEVER;
			else
				return usage_error("--color takes auto, "
				    "always or never, not '%s'", optarg);
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_COUNTERS:
			o->counters = optarg;
			break;
		case OPT_ENTRY:
			if (o->npairs >= sizeof(o->pairs) / sizeof(o->pairs[0]))
				return usage_error("%s", "too many --entry "
				    "options");
			o->entry = optarg;
			o->pairs[o->npairs++] = optarg;
			break;
		case OPT_VERSION:
			printf("firelint %s\n", PACKAGE_VERSION);
			return finish_output() != 0 ? EXIT_USAGE : -1;
		case OPT_HELP:
			usage(stdout);
			return finish_output() != 0 ? EXIT_USAGE : -1;
		case ':':
			return usage_error("option '%s' needs a value",
			    argv[optind - 1]);
		default:
			if (optopt != 0) {
				char opt[3] = { '-', (char)optopt, '\0' };

				return usage_error("unknown option '%s'", opt);
			}
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct run run;
	const char *cmd = "check";
	char **args;
	size_t nargs;
	int rc;

	memset(&o, 0, sizeof(o));
	o.output = "text";
	o.fail_on = DIAG_WARNING;
	o.color = COLOR_AUTO;
	/* A PACKET's "->" would read as options to getopt: "to" is the
	   same word to packet_parse. */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "->") == 0)
			argv[i] = (char *)"to";
	rc = parse_options(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? EXIT_CLEAN : rc;
	args = argv + optind;
	nargs = (size_t)(argc - optind);
	if (nargs > 0) {
		if (strcmp(args[0], "check") == 0 ||
		    strcmp(args[0], "dump") == 0 ||
		    strcmp(args[0], "trace") == 0 ||
		    strcmp(args[0], "diff") == 0 ||
		    strcmp(args[0], "checks") == 0) {
			cmd = args[0];
			args++;
			nargs--;
		}
	}
	if (o.entry != NULL && strcmp(cmd, "trace") != 0 &&
	    strcmp(cmd, "diff") != 0)
		return usage_error("%s", "--entry is an option of trace and "
		    "diff");
	if (o.npairs > 1 && strcmp(cmd, "trace") == 0)
		return usage_error("%s", "trace takes one --entry");
	if (o.counters != NULL && strcmp(cmd, "check") != 0)
		return usage_error("%s", "--counters is an option of check");
	if ((o.old_format != NULL || o.new_format != NULL) &&
	    strcmp(cmd, "diff") != 0)
		return usage_error("%s", "--old-format and --new-format are "
		    "options of diff");
	if (o.config != NULL)
		fprintf(stderr, "firelint: warning: --config is not supported "
		    "yet; ignoring %s\n", o.config);
	if (strcmp(cmd, "checks") == 0)
		return cmd_checks(&o, nargs);

	memset(&run, 0, sizeof(run));
	run.arena = arena_new();
	run.strings = intern_new(run.arena);
	diag_list_init(&run.fe, run.arena);
	if (strcmp(cmd, "dump") == 0)
		rc = cmd_dump(&run, &o, args, nargs);
	else if (strcmp(cmd, "trace") == 0)
		rc = cmd_trace(&run, &o, args, nargs);
	else if (strcmp(cmd, "diff") == 0)
		rc = cmd_diff(&run, &o, args, nargs);
	else
		rc = cmd_check(&run, &o, args, nargs);
	arena_free(run.arena);
	return rc;
}
