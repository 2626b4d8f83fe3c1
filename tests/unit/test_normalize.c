/*
 * test_normalize.c - decision lists (normalize.c) and concrete walks
 * (eval.c) over small inputs read by the real front ends.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "analyzer/eval.h"
#include "analyzer/normalize.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/model.h"
#include "core/packet.h"
#include "core/source.h"
#include "parser/asa/asa.h"
#include "parser/iptables/iptables.h"
#include "parser/pf/pf.h"

struct fx {
	struct arena	*a;
	struct intern	*strings;
	struct diag_list diags;
	struct policy	*p;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->a = arena_new();
	f->strings = intern_new(f->a);
	diag_list_init(&f->diags, f->a);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	arena_free(f->a);
	free(f);
	return 0;
}

static struct policy *
parse(struct fx *f, const struct frontend *fe, const char *text)
{
	struct source_file *src = source_from_memory(f->a, "t", text,
	    strlen(text));

	f->p = fe->parse(f->a, f->strings, src, &f->diags);
	assert_non_null(f->p);
	return f->p;
}

static const struct entry_point *
entry(struct fx *f, const char *name)
{
	for (size_t i = 0; i < f->p->entries.n; i++)
		if (strcmp(f->p->entries.v[i]->name, name) == 0)
			return f->p->entries.v[i];
	fail_msg("no entry %s", name);
	return NULL;
}

/*
 * Walk the packet through the entry; returns the deciding line (0: the
 * default) and the verdict in *kind.
 */
static unsigned
walk(struct fx *f, const char *ename, const char *words,
    enum action_kind *kind, struct eval_result *out)
{
	const struct entry_point *e = entry(f, ename);
	struct norm_list *l = normalize_entry(f->a, f->p, e, &f->diags);
	struct eval_result res;
	struct packet pk, q;

	assert_int_equal(packet_parse(f->a, f->strings, words, &pk,
	    &f->diags), 0);
	eval_packet_for_entry(e, &pk, &q);
	eval_packet(f->a, l, &q, &res);
	if (out != NULL)
		*out = res;
	*kind = res.main.action != NULL ? res.main.action->kind :
	    ACTION_NONE;
	return res.main.decider != NULL ? res.main.decider->rule->loc.line : 0;
}

static bool
has_diag(struct fx *f, const char *code)
{
	for (const struct diagnostic *d = f->diags.head; d; d = d->next)
		if (strcmp(d->code, code) == 0)
			return true;
	return false;
}

#define IPT_HEAD "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n" \
	":OUTPUT ACCEPT [0:0]\n"

/* Lines: 1 *filter, 2-4 policies, then the text given. */
static const char jumps[] = IPT_HEAD
    ":a - [0:0]\n"					/* 5 */
    ":b - [0:0]\n"					/* 6 */
    ":c - [0:0]\n"					/* 7 */
    "-A INPUT -p tcp -j a\n"				/* 8 */
    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"		/* 9 */
    "-A INPUT -p udp -g b\n"				/* 10 */
    "-A INPUT -p udp -j ACCEPT\n"			/* 11 */
    "-A a -s 10.0.0.0/8 -j RETURN\n"			/* 12 */
    "-A a -p tcp --dport 23 -j REJECT\n"		/* 13 */
    "-A a -j b\n"					/* 14 */
    "-A a -p tcp --dport 25 -j DROP\n"			/* 15 */
    "-A b -s 192.168.0.0/16 -g c\n"			/* 16 */
    "-A b -p tcp --dport 80 -j LOG\n"			/* 17 */
    "-A b -p tcp --dport 80 -j ACCEPT\n"		/* 18 */
    "-A c -s 192.168.1.0/24 -j RETURN\n"		/* 19 */
    "-A c -p tcp --dport 25 -j ACCEPT\n"		/* 20 */
    "COMMIT\n";

static void
test_jump_and_return(void **state)
{
	struct fx *f = *state;
	enum action_kind k;

	parse(f, &iptables_frontend, jumps);
	/* RETURN from a -j chain: on after the calling rule. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 10.1.1.1:1 -> 10.0.0.1:23", &k, NULL), 0);
	assert_int_equal(k, ACTION_DROP);
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 10.1.1.1:1 -> 10.0.0.1:22", &k, NULL), 9);
	assert_int_equal(k, ACTION_ACCEPT);
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 172.16.1.1:1 -> 10.0.0.1:23", &k, NULL), 13);
	assert_int_equal(k, ACTION_REJECT);
	/* Nested: a calls b, LOG falls through to the ACCEPT. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 172.16.1.1:1 -> 10.0.0.1:80", &k, NULL), 18);
	assert_int_equal(k, ACTION_ACCEPT);
	/* Falling off b (called by a) goes on in a. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 172.16.1.1:1 -> 10.0.0.1:25", &k, NULL), 15);
	assert_int_equal(k, ACTION_DROP);
}

static void
test_goto(void **state)
{
	struct fx *f = *state;
	enum action_kind k;

	parse(f, &iptables_frontend, jumps);
	/* c reached by -g from b (itself called by -j from a): its RETURN
	   goes back after the last -j (a's "-j b"), then a line 15. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 192.168.1.5:1 -> 10.0.0.1:25", &k, NULL), 15);
	assert_int_equal(k, ACTION_DROP);
	/* Falling off c: the same place. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 192.168.2.5:1 -> 10.0.0.1:25", &k, NULL), 20);
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 192.168.2.5:1 -> 10.0.0.1:22", &k, NULL), 9);
	/* -g b from INPUT: falling off b (or c) applies the policy, the
	   ACCEPT after the goto is never reached. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "udp 172.16.1.1:1 -> 10.0.0.1:53", &k, NULL), 0);
	assert_int_equal(k, ACTION_DROP);
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "udp 192.168.1.1:1 -> 10.0.0.1:53", &k, NULL), 0);
	assert_int_equal(k, ACTION_DROP);
}

static void
test_steps_keep_paths(void **state)
{
	struct fx *f = *state;
	struct norm_list *l;
	const struct norm_step *s = NULL;

	parse(f, &iptables_frontend, jumps);
	l = normalize_entry(f->a, f->p, entry(f, "ipv4/filter/INPUT"),
	    &f->diags);
	/* Line 20 is reached through 8 (-j a), 14 (-j b), 16 (-g c) and
	   through 10 (-g b), 16: two steps. */
	for (uint32_t i = 0, n = 0; i < l->nsteps; i++) {
		if (l->steps[i].rule->loc.line != 20 || l->steps[i].implicit)
			continue;
		if (n++ == 0)
			s = &l->steps[i];
		else {
			assert_int_equal(l->steps[i].npath, 3);
			assert_int_equal(l->steps[i].path[0]->loc.line, 10);
		}
	}
	assert_non_null(s);
	assert_int_equal(s->npath, 4);
	assert_int_equal(s->nmatches, 4);
	assert_int_equal(s->path[0]->loc.line, 8);
	assert_int_equal(s->path[1]->loc.line, 14);
	assert_int_equal(s->path[2]->loc.line, 16);
	assert_int_equal(s->path[3]->loc.line, 20);
	assert_ptr_equal(s->matches[0], &s->path[0]->match);
	assert_ptr_equal(norm_step_own_match(s), &s->rule->match);
	assert_int_equal(s->kind, NORM_DECIDE);
	assert_true(s->final);
}

static void
test_policy_and_log(void **state)
{
	struct fx *f = *state;
	enum action_kind k;
	struct eval_result r;

	parse(f, &iptables_frontend, "*filter\n:INPUT ACCEPT [0:0]\n"
	    ":FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
	    "-A INPUT -p tcp -j LOG\n"			/* 5 */
	    "-A INPUT -p tcp --dport 22 -j MARK --set-mark 1\n"	/* 6 */
	    "-A INPUT -p tcp --dport 23 -j DROP\n"	/* 7 */
	    "-A INPUT -p tcp --dport 24 -j RETURN\n"	/* 8 */
	    "-A INPUT -p tcp --dport 24 -j DROP\n"	/* 9 */
	    "COMMIT\n");
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 1.2.3.4:5 -> 5.6.7.8:23", &k, &r), 7);
	assert_int_equal(k, ACTION_DROP);
	assert_int_equal(r.nevents, 2);
	assert_int_equal(r.events[0].kind, EVAL_CONTINUE);
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 1.2.3.4:5 -> 5.6.7.8:22", &k, &r), 0);
	assert_int_equal(k, ACTION_ACCEPT);
	assert_int_equal(r.nevents, 3);
	assert_int_equal(r.events[2].kind, EVAL_DEFAULT);
	/* RETURN in a built-in chain applies its policy. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 1.2.3.4:5 -> 5.6.7.8:24", &k, NULL), 0);
	assert_int_equal(k, ACTION_ACCEPT);
	assert_true(r.determined);
}

static void
test_opaque_and_unknown(void **state)
{
	struct fx *f = *state;
	enum action_kind k;
	struct eval_result r;

	parse(f, &iptables_frontend, IPT_HEAD
	    "-A INPUT -p tcp --dport 22 -m limit --limit 1/s -j LOG\n" /* 5 */
	    "-A INPUT -p tcp --dport 22 -j ACCEPT\n"	/* 6 */
	    "-A INPUT -p tcp --dport 23 -m limit --limit 1/s -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 24 -j NOSUCHTARGET\n"	/* 8 */
	    "COMMIT\n");
	/* Either way the ACCEPT decides. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 1.2.3.4:5 -> 5.6.7.8:22", &k, &r), 6);
	assert_true(r.determined);
	assert_int_equal(r.nmaybe, 1);
	assert_int_equal(r.events[0].kind, EVAL_MAYBE);
	assert_string_equal(r.events[0].why, "limit");
	/* The limit decides whether it is accepted. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 1.2.3.4:5 -> 5.6.7.8:23", &k, &r), 0);
	assert_int_equal(k, ACTION_DROP);
	assert_false(r.determined);
	assert_int_equal(r.nalts, 1);
	assert_int_equal(r.alts[0].decider->rule->loc.line, 7);
	/* An unknown target may decide. */
	assert_int_equal(walk(f, "ipv4/filter/INPUT",
	    "tcp 1.2.3.4:5 -> 5.6.7.8:24", &k, &r), 0);
	assert_false(r.determined);
	assert_true(r.alts[0].unknown);
}

static void
test_many_opaque_budget(void **state)
{
	struct fx *f = *state;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	enum action_kind k;
	struct eval_result r;

	fputs(IPT_HEAD, fp);
	for (int i = 0; i < 40; i++)
		fputs("-A INPUT -m limit --limit 1/s -j LOG\n", fp);
	fputs("-A INPUT -m limit --limit 1/s -j ACCEPT\nCOMMIT\n", fp);
	fclose(fp);
	parse(f, &iptables_frontend, text);
	free(text);
	walk(f, "ipv4/filter/INPUT", "tcp 1.2.3.4:5 -> 5.6.7.8:24", &k, &r);
	assert_int_equal(r.walks, EVAL_BRANCH_BUDGET);
	assert_false(r.determined);
}

static void
test_loop(void **state)
{
	struct fx *f = *state;
	struct norm_list *l;
	enum action_kind k;
	struct eval_result r;

	parse(f, &iptables_frontend, IPT_HEAD ":a - [0:0]\n:b - [0:0]\n"
	    "-A INPUT -j a\n-A a -j b\n-A b -p tcp -j a\n"
	    "-A b -j ACCEPT\nCOMMIT\n");
	l = normalize_entry(f->a, f->p, entry(f, "ipv4/filter/INPUT"),
	    &f->diags);
	assert_true(has_diag(f, "jump-loop"));
	assert_int_equal(l->nsteps, 4);
	assert_int_equal(l->steps[2].kind, NORM_UNKNOWN);
	walk(f, "ipv4/filter/INPUT", "udp 1.2.3.4:5 -> 5.6.7.8:24", &k, &r);
	assert_int_equal(k, ACTION_ACCEPT);
	assert_true(r.determined);
	walk(f, "ipv4/filter/INPUT", "tcp 1.2.3.4:5 -> 5.6.7.8:24", &k, &r);
	assert_false(r.determined);
}

/* Many rules calling one big chain: bounded, and said. */
static void
test_budget(void **state)
{
	struct fx *f = *state;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct norm_list *l;

	fputs(IPT_HEAD ":big - [0:0]\n", fp);
	for (int i = 0; i < 1000; i++)
		fprintf(fp, "-A INPUT -s 10.0.%d.%d -j big\n", i / 250,
		    i % 250);
	for (int i = 0; i < 1000; i++)
		fprintf(fp, "-A big -p tcp --dport %d -j ACCEPT\n", i + 1);
	fputs("COMMIT\n", fp);
	fclose(fp);
	parse(f, &iptables_frontend, text);
	free(text);
	l = normalize_entry(f->a, f->p, entry(f, "ipv4/filter/INPUT"),
	    &f->diags);
	assert_true(l->truncated);
	assert_true(has_diag(f, "normalize-budget"));
	assert_true(l->nsteps <= NORM_STEP_BUDGET + 1001);
}

/* 100,000 rules through user chains: linear and quick. */
static void
test_large(void **state)
{
	struct fx *f = *state;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct norm_list *l;
	clock_t t0;
	double secs;

	fputs(IPT_HEAD, fp);
	for (int c = 0; c < 100; c++)
		fprintf(fp, ":c%d - [0:0]\n", c);
	for (int c = 0; c < 100; c++)
		fprintf(fp, "-A INPUT -s 10.%d.0.0/16 -j c%d\n", c, c);
	for (int c = 0; c < 100; c++)
		for (int i = 0; i < 999; i++)
			fprintf(fp, "-A c%d -d 192.168.%d.%d -p tcp --dport "
			    "%d -j ACCEPT\n", c, i / 250, i % 250, 1 + i);
	fputs("COMMIT\n", fp);
	fclose(fp);
	parse(f, &iptables_frontend, text);
	free(text);
	t0 = clock();
	l = normalize_entry(f->a, f->p, entry(f, "ipv4/filter/INPUT"),
	    &f->diags);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(l->nsteps, 100 + 100 * 999);
	assert_false(l->truncated);
	/* Generous: it takes a few tens of milliseconds. */
	assert_true(secs < 2.0);
}

static void
test_pf_last_match(void **state)
{
	struct fx *f = *state;
	enum action_kind k;

	parse(f, &pf_frontend,
	    "block in all\n"				/* 1 */
	    "pass in proto tcp to port 22\n"		/* 2 */
	    "match in proto tcp to port 22 scrub (no-df)\n"	/* 3 */
	    "block in quick proto tcp from 192.0.2.0/24\n"	/* 4 */
	    "pass in proto tcp from 192.0.2.0/24 to port 80\n"	/* 5 */
	    "anchor \"a\" in proto udp {\n"		/* 6 */
	    "  pass in proto udp to port 53\n"		/* 7 */
	    "  block in quick proto udp to port 54\n"	/* 8 */
	    "}\n"
	    "anchor \"q\" in quick proto udp to port 55 {\n"	/* 10 */
	    "  pass in proto udp\n"			/* 11 */
	    "}\n"
	    "block in proto udp to port 55\n"		/* 13 */
	    "block in proto udp to port 53\n"		/* 14 */
	    );
	/* Last match wins; match rules decide nothing. */
	assert_int_equal(walk(f, "pf/in", "tcp 10.0.0.1:1 -> 10.0.0.2:22 "
	    "in em0", &k, NULL), 2);
	assert_int_equal(k, ACTION_ACCEPT);
	assert_int_equal(walk(f, "pf/in", "tcp 10.0.0.1:1 -> 10.0.0.2:23 "
	    "in em0", &k, NULL), 1);
	assert_int_equal(k, ACTION_DROP);
	/* quick stops at once. */
	assert_int_equal(walk(f, "pf/in", "tcp 192.0.2.1:1 -> 10.0.0.2:80 "
	    "in em0", &k, NULL), 4);
	/* Rules of a plain anchor take part in last match... */
	assert_int_equal(walk(f, "pf/in", "udp 10.0.0.1:1 -> 10.0.0.2:53 "
	    "in em0", &k, NULL), 14);
	/* ...and a quick rule inside one is final for everything. */
	assert_int_equal(walk(f, "pf/in", "udp 10.0.0.1:1 -> 10.0.0.2:54 "
	    "in em0", &k, NULL), 8);
	/* A quick anchor ends evaluation when one of its rules matched. */
	assert_int_equal(walk(f, "pf/in", "udp 10.0.0.1:1 -> 10.0.0.2:55 "
	    "in em0", &k, NULL), 11);
	assert_int_equal(k, ACTION_ACCEPT);
	/* Nothing matches out: PF's default pass. */
	assert_int_equal(walk(f, "pf/out", "udp 10.0.0.1:1 -> 10.0.0.2:55 "
	    "out em0", &k, NULL), 0);
	assert_int_equal(k, ACTION_ACCEPT);
}

static void
test_asa_implicit_deny(void **state)
{
	struct fx *f = *state;
	enum action_kind k;
	struct packet pk;

	parse(f, &asa_frontend,
	    "interface GigabitEthernet0/0\n"
	    " nameif outside\n"
	    " security-level 0\n"
	    "access-list out_in extended permit tcp any host 192.0.2.10 "
	    "eq 443\n"
	    "access-list out_in extended deny tcp any host 192.0.2.10\n"
	    "access-group out_in in interface outside\n");
	assert_int_equal(walk(f, "asa/outside/in", "tcp 198.51.100.1:1 -> "
	    "192.0.2.10:443 in outside", &k, NULL), 4);
	assert_int_equal(k, ACTION_ACCEPT);
	assert_int_equal(walk(f, "asa/outside/in", "tcp 198.51.100.1:1 -> "
	    "192.0.2.10:80 in outside", &k, NULL), 5);
	assert_int_equal(k, ACTION_DROP);
	assert_int_equal(walk(f, "asa/outside/in", "udp 198.51.100.1:1 -> "
	    "192.0.2.10:53 in outside", &k, NULL), 0);
	assert_int_equal(k, ACTION_DROP);
	/* The ACL is only bound to packets that come in on outside. */
	assert_int_equal(packet_parse(f->a, f->strings, "udp 1.1.1.1:1 -> "
	    "192.0.2.10:53 in inside", &pk, &f->diags), 0);
	assert_false(eval_entry_reaches(entry(f, "asa/outside/in"), &pk));
	assert_int_equal(packet_parse(f->a, f->strings, "udp 1.1.1.1:1 -> "
	    "192.0.2.10:53 in outside", &pk, &f->diags), 0);
	assert_true(eval_entry_reaches(entry(f, "asa/outside/in"), &pk));
}

static void
test_hooks(void **state)
{
	struct fx *f = *state;
	struct packet pk;

	parse(f, &iptables_frontend, jumps);
	assert_int_equal(packet_parse(f->a, f->strings, "tcp 1.1.1.1:1 -> "
	    "2.2.2.2:3 in eth0 out eth1", &pk, &f->diags), 0);
	assert_true(eval_entry_reaches(entry(f, "ipv4/filter/FORWARD"), &pk));
	assert_false(eval_entry_reaches(entry(f, "ipv4/filter/INPUT"), &pk));
	assert_int_equal(packet_parse(f->a, f->strings, "tcp 1.1.1.1:1 -> "
	    "2.2.2.2:3 in eth0", &pk, &f->diags), 0);
	assert_true(eval_entry_reaches(entry(f, "ipv4/filter/INPUT"), &pk));
	assert_false(eval_entry_reaches(entry(f, "ipv4/filter/OUTPUT"), &pk));
	assert_int_equal(packet_parse(f->a, f->strings, "tcp [2001:db8::1]:1 "
	    "-> [2001:db8::2]:3", &pk, &f->diags), 0);
	assert_false(eval_entry_reaches(entry(f, "ipv4/filter/INPUT"), &pk));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_jump_and_return, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_goto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps_keep_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_policy_and_log, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_opaque_and_unknown, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_opaque_budget, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pf_last_match, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_asa_implicit_deny, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hooks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
