/*
 * mutate: deterministic bad inputs for tests/robustness.sh.
 *
 *	mutate file IN OUTDIR TAG	mutants of IN, written as OUTDIR/TAG.*
 *	mutate horrors OUTDIR		hand-made pathological files
 *
 * Every path written is printed on stdout, one per line.  The mutants of a
 * file depend only on its bytes and on TAG (its base name), so adding a file
 * to the corpus does not change the mutants of the others.
 *
 * Standalone (C11, libc only): the test compiles it into its scratch dir.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFLIPS	20

struct buf {
	unsigned char	*p;
	size_t		 len;
	size_t		 cap;
};

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "mutate: %s%s%s\n", what, arg ? ": " : "",
	    arg ? arg : "");
	exit(2);
}

static uint64_t
rnd64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
rnd(uint64_t *s, size_t n)
{
	return n == 0 ? 0 : (size_t)(rnd64(s) % n);
}

static void
put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->len + n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (b->p == NULL)
			die("out of memory", NULL);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void
rep(struct buf *b, const char *s, size_t times)
{
	while (times-- > 0)
		puts_(b, s);
}

static void
write_file(const char *dir, const char *tag, const char *suffix,
    const void *p, size_t n)
{
	char path[4096];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s%s", dir, tag,
	    suffix) >= sizeof(path))
		die("path too long", tag);
	f = fopen(path, "wb");
	if (f == NULL)
		die("cannot create", path);
	if ((n && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
		die("cannot write", path);
	printf("%s\n", path);
}

static void
read_file(const char *path, struct buf *b)
{
	unsigned char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		die("cannot open", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		put(b, chunk, n);
	if (ferror(f))
		die("cannot read", path);
	fclose(f);
}

/* start offsets of lines; [nlines] is the length */
static size_t *
line_starts(const struct buf *in, size_t *nlines)
{
	size_t i, n = 1, k = 0, *v;

	for (i = 0; i < in->len; i++)
		if (in->p[i] == '\n' && i + 1 < in->len)
			n++;
	v = malloc((n + 1) * sizeof(*v));
	if (v == NULL)
		die("out of memory", NULL);
	v[k++] = 0;
	for (i = 0; i < in->len; i++)
		if (in->p[i] == '\n' && i + 1 < in->len)
			v[k++] = i + 1;
	v[k] = in->len;
	*nlines = in->len ? n : 0;
	return v;
}

static size_t
find_line(const struct buf *in, const size_t *ls, size_t nl, const char *pfx)
{
	size_t i, n = strlen(pfx);

	for (i = 0; i < nl; i++)
		if (ls[i + 1] - ls[i] >= n && memcmp(in->p + ls[i], pfx, n) == 0)
			return i;
	return (size_t)-1;
}

static void
mutate_file(const char *inpath, const char *dir, const char *tag)
{
	static const unsigned char palette[] = { '\0', '\r', '"', '!', '-',
	    '\'', ' ', '\n', '\\', ':', '/', '[', ']', 0xff, '9', '\t', ',',
	    '+', '#', '*', 0x80, '0' };
	const size_t npal = sizeof(palette);
	struct buf in = { 0 }, out = { 0 };
	uint64_t seed = 0x5eedf00dULL;
	size_t nl, *ls, i, j, k, cut[16], ncut = 0, line[8], nline;
	const char *dup_pfx[] = { "*", "COMMIT", ":", "-A" };
	const char *del_pfx[] = { "COMMIT", "*", ":" };
	const unsigned char *q;
	char suffix[64];

	read_file(inpath, &in);
	for (q = (const unsigned char *)tag; *q; q++)
		seed = (seed ^ *q) * 0x100000001b3ULL;
	ls = line_starts(&in, &nl);

	/* truncations: fixed offsets, the middle of lines, inside a quote */
	cut[ncut++] = 1;
	cut[ncut++] = 7;
	cut[ncut++] = 31;
	cut[ncut++] = in.len / 2;
	cut[ncut++] = in.len ? in.len - 1 : 0;
	for (i = 0; i < 3 && nl > 0; i++) {
		j = rnd(&seed, nl);
		cut[ncut++] = ls[j] + (ls[j + 1] - ls[j]) / 2;
	}
	q = memchr(in.p, '"', in.len);
	if (q != NULL)
		cut[ncut++] = (size_t)(q - in.p) + 1;
	for (i = 0; i < ncut; i++) {
		for (j = 0; j < i; j++)
			if (cut[j] == cut[i])
				break;
		if (j < i || cut[i] == 0 || cut[i] >= in.len)
			continue;
		snprintf(suffix, sizeof(suffix), ".trunc-%zu", cut[i]);
		write_file(dir, tag, suffix, in.p, cut[i]);
	}

	/* byte flips, insertions and deletions; mutant i always uses palette
	 * entry i first, so NUL, CR, quote, '!' and '-' hit every file */
	for (i = 0; i < NFLIPS && in.len > 0; i++) {
		size_t nmod = 1 + rnd(&seed, 4);

		out.len = 0;
		put(&out, in.p, in.len);
		for (k = 0; k < nmod; k++) {
			size_t pos = rnd(&seed, out.len ? out.len : 1);
			unsigned char c = k == 0 ? palette[i % npal] :
			    rnd(&seed, 4) == 0 ? (unsigned char)rnd(&seed, 256) :
			    palette[rnd(&seed, npal)];
			size_t op = k == 0 ? 0 : rnd(&seed, 10);

			if (out.len == 0 || op >= 7) {
				if (op == 9 && out.len > 0) {
					memmove(out.p + pos, out.p + pos + 1,
					    out.len - pos - 1);
					out.len--;
				} else {
					put(&out, "", 1);
					memmove(out.p + pos + 1, out.p + pos,
					    out.len - pos - 1);
					out.p[pos] = c;
				}
			} else
				out.p[pos] = c;
		}
		snprintf(suffix, sizeof(suffix), ".flip-%02zu", i);
		write_file(dir, tag, suffix, out.p, out.len);
	}

	/* duplicated and deleted lines: structural lines first */
	nline = 0;
	for (i = 0; i < sizeof(dup_pfx) / sizeof(dup_pfx[0]); i++)
		if ((j = find_line(&in, ls, nl, dup_pfx[i])) != (size_t)-1)
			line[nline++] = j;
	if (nl > 0)
		line[nline++] = rnd(&seed, nl);
	for (i = 0; i < nline; i++) {
		j = line[i];
		out.len = 0;
		put(&out, in.p, ls[j + 1]);
		if (ls[j + 1] == in.len && (in.len == 0 || in.p[in.len - 1] !=
		    '\n'))
			put(&out, "\n", 1);
		put(&out, in.p + ls[j], in.len - ls[j]);
		snprintf(suffix, sizeof(suffix), ".dup-%zu", j + 1);
		write_file(dir, tag, suffix, out.p, out.len);
	}
	nline = 0;
	for (i = 0; i < sizeof(del_pfx) / sizeof(del_pfx[0]); i++)
		if ((j = find_line(&in, ls, nl, del_pfx[i])) != (size_t)-1)
			line[nline++] = j;
	for (i = 0; i < 2 && nl > 0; i++)
		line[nline++] = rnd(&seed, nl);
	for (i = 0; i < nline; i++) {
		j = line[i];
		for (k = 0; k < i; k++)
			if (line[k] == j)
				break;
		if (k < i)
			continue;
		out.len = 0;
		put(&out, in.p, ls[j]);
		put(&out, in.p + ls[j + 1], in.len - ls[j + 1]);
		snprintf(suffix, sizeof(suffix), ".del-%zu", j + 1);
		write_file(dir, tag, suffix, out.p, out.len);
	}
	free(ls);
	free(in.p);
	free(out.p);
}

#define HEAD	"*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n" \
		":OUTPUT ACCEPT [0:0]\n"

static void
horror(const char *dir, const char *name, struct buf *b)
{
	write_file(dir, "horror-", name, b->p, b->len);
	b->len = 0;
}

static void
horrors(const char *dir)
{
	struct buf b = { 0 };
	char tmp[64];
	int i;

	/* one 1 MB line, inside a valid table and on its own */
	puts_(&b, HEAD "-A INPUT -m comment --comment \"");
	rep(&b, "x", 1 << 20);
	puts_(&b, "\" -j ACCEPT\nCOMMIT\n");
	horror(dir, "1mb-comment", &b);
	puts_(&b, HEAD "-A INPUT");
	rep(&b, " -s 10.0.0.1", (1 << 20) / 12);
	puts_(&b, " -j ACCEPT\nCOMMIT\n");
	horror(dir, "1mb-rule", &b);
	rep(&b, "A", 1 << 20);
	horror(dir, "1mb-noline", &b);

	/* quotes: nested, alternating, escaped, unterminated */
	puts_(&b, HEAD "-A INPUT -m comment --comment ");
	rep(&b, "\"", 10000);
	puts_(&b, " -j ACCEPT\nCOMMIT\n");
	horror(dir, "10k-quotes", &b);
	puts_(&b, HEAD "-A INPUT -m comment --comment ");
	rep(&b, "\"'", 5000);
	puts_(&b, " -j ACCEPT\nCOMMIT\n");
	horror(dir, "10k-mixed-quotes", &b);
	puts_(&b, HEAD "-A INPUT -m comment --comment \"");
	rep(&b, "\\\"", 10000);
	puts_(&b, "\" -j ACCEPT\nCOMMIT\n");
	horror(dir, "10k-escaped-quotes", &b);
	puts_(&b, HEAD "-A INPUT -m comment --comment \"abc -j ACCEPT\n"
	    "-A INPUT -j DROP\nCOMMIT\n");
	horror(dir, "unterminated-quote", &b);
	puts_(&b, HEAD "-A INPUT -m comment --comment \"abc");
	horror(dir, "unterminated-quote-eof", &b);
	puts_(&b, HEAD "-A INPUT -m comment --comment \"trailing\\");
	horror(dir, "backslash-eof", &b);

	/* NULs */
	put(&b, "", 1);
	horror(dir, "nul", &b);
	for (i = 0; i < 4096; i++)
		put(&b, "", 1);
	horror(dir, "4k-nul", &b);
	puts_(&b, HEAD "-A INPUT -s 10.0.0.1");
	put(&b, "", 1);
	puts_(&b, "/8 -j ACCEPT\n-A INPUT -m comment --comment \"a");
	put(&b, "", 1);
	puts_(&b, "b\" -j DROP\nCOMMIT\n");
	horror(dir, "nul-in-rule", &b);

	/* long runs of words */
	puts_(&b, HEAD "-A INPUT");
	rep(&b, " -A", 100000);
	puts_(&b, "\nCOMMIT\n");
	horror(dir, "100k-dash-A", &b);
	rep(&b, "-A ", 100000);
	horror(dir, "100k-dash-A-bare", &b);
	puts_(&b, HEAD "-A INPUT ");
	rep(&b, "! ", 50000);
	puts_(&b, "-s 10.0.0.1 -j ACCEPT\nCOMMIT\n");
	horror(dir, "50k-bang", &b);
	puts_(&b, HEAD "-A INPUT -p tcp -m tcp ");
	rep(&b, "! ", 1000);
	puts_(&b, "--dport 22 -j ACCEPT\nCOMMIT\n");
	horror(dir, "1k-bang-dport", &b);
	puts_(&b, HEAD "-A INPUT -p tcp");
	rep(&b, " -m tcp", 20000);
	puts_(&b, " --dport 22 -j ACCEPT\nCOMMIT\n");
	horror(dir, "20k-m-tcp", &b);

	/* chain structure: a deep jump chain, a loop, a long name */
	puts_(&b, "*filter\n:INPUT ACCEPT [0:0]\n");
	for (i = 0; i < 20000; i++) {
		snprintf(tmp, sizeof(tmp), ":c%d - [0:0]\n", i);
		puts_(&b, tmp);
	}
	puts_(&b, "-A INPUT -j c0\n");
	for (i = 0; i + 1 < 20000; i++) {
		snprintf(tmp, sizeof(tmp), "-A c%d -j c%d\n", i, i + 1);
		puts_(&b, tmp);
	}
	puts_(&b, "-A c19999 -j DROP\nCOMMIT\n");
	horror(dir, "20k-deep-jumps", &b);
	puts_(&b, "*filter\n:INPUT ACCEPT [0:0]\n:a - [0:0]\n:b - [0:0]\n"
	    "-A INPUT -j a\n-A a -j b\n-A b -g a\n-A b -j b\nCOMMIT\n");
	horror(dir, "jump-loop", &b);
	puts_(&b, "*filter\n:INPUT ACCEPT [0:0]\n:");
	rep(&b, "N", 100000);
	puts_(&b, " - [0:0]\n-A INPUT -j ");
	rep(&b, "N", 100000);
	puts_(&b, "\nCOMMIT\n");
	horror(dir, "100k-chain-name", &b);

	/* numbers out of range */
	puts_(&b, "*filter\n:INPUT ACCEPT [99999999999999999999999999:-1]\n"
	    "[18446744073709551616:1] -A INPUT -s 10.0.0.1/33 -j ACCEPT\n"
	    "-A INPUT -s 999.0.0.1/8 -j ACCEPT\n"
	    "-A INPUT -s 10.0.0.0/4294967296 -j ACCEPT\n"
	    "-A INPUT -p 99999999999 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 99999999999999999999 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport 65535:0 -j ACCEPT\n"
	    "-A INPUT -p tcp --dport -1 -j ACCEPT\n"
	    "-A INPUT -p tcp -m multiport --dports ,,,,:,: -j ACCEPT\n"
	    "-A INPUT -p icmp --icmp-type 255/99999 -j ACCEPT\n"
	    "-A INPUT -m iprange --src-range 10.0.0.9-10.0.0.1 -j ACCEPT\n"
	    "-A INPUT -s ::1/129 -j ACCEPT\n"
	    "-A INPUT -s 1:2:3:4:5:6:7:8:9 -j ACCEPT\n"
	    "-A INPUT -m mac --mac-source 00:11:22:33:44:55:66 -j ACCEPT\n"
	    "-A INPUT -m limit --limit 99999999999/sec -j ACCEPT\n"
	    "COMMIT\n");
	horror(dir, "bad-numbers", &b);

	/* table structure */
	horror(dir, "empty", &b);
	rep(&b, "*filter\n", 20000);
	horror(dir, "20k-tables", &b);
	rep(&b, "COMMIT\n", 20000);
	horror(dir, "20k-commits", &b);
	rep(&b, "\n", 100000);
	horror(dir, "100k-newlines", &b);
	rep(&b, "\r", 100000);
	horror(dir, "100k-cr", &b);
	puts_(&b, "-A INPUT -j ACCEPT\n");
	horror(dir, "rule-outside-table", &b);
	puts_(&b, HEAD "-A INPUT -j ACCEPT\n");
	horror(dir, "no-commit", &b);
	puts_(&b, HEAD "-A NOSUCH -j ACCEPT\n-I INPUT 99999 -j DROP\n"
	    "-A INPUT -j NOSUCH\n-A INPUT -g INPUT\nCOMMIT\n");
	horror(dir, "undefined-chains", &b);
	puts_(&b, "*nosuchtable\n:INPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\n"
	    "COMMIT\n*filter\n:INPUT NOSUCHPOLICY [0:0]\n:INPUT ACCEPT\n"
	    ":x\n:\n-A\n-A INPUT\n-A INPUT -j\n-A INPUT -m\n-A INPUT !\n"
	    "-A INPUT -s\n-A INPUT -m comment --comment\nCOMMIT\n");
	horror(dir, "truncated-statements", &b);
	for (i = 0; i < 256; i++) {
		unsigned char c = (unsigned char)i;

		puts_(&b, HEAD "-A INPUT -s 10.0.0.");
		put(&b, &c, 1);
		puts_(&b, " -m comment --comment \"");
		put(&b, &c, 1);
		puts_(&b, "\" -j ACCEPT\nCOMMIT\n");
	}
	horror(dir, "every-byte", &b);
	/* invalid UTF-8 and a BOM */
	puts_(&b, "\xef\xbb\xbf" HEAD "-A INPUT -m comment --comment "
	    "\"\xc3\x28 \xe2\x82 \xf0\x90\x28\xbc \xed\xa0\x80\" -j ACCEPT\n"
	    "COMMIT\n");
	horror(dir, "bad-utf8-bom", &b);
	free(b.p);
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "file") == 0)
		mutate_file(argv[2], argv[3], argv[4]);
	else if (argc == 3 && strcmp(argv[1], "horrors") == 0)
		horrors(argv[2]);
	else {
		fprintf(stderr, "usage: mutate file IN OUTDIR TAG\n"
		    "       mutate horrors OUTDIR\n");
		return 2;
	}
	if (fflush(stdout) != 0)
		die("write error", NULL);
	return 0;
}
