#!/usr/bin/env bash
# Bad input never crashes firelint.
#
# Runs $FIRELINT (best a --enable-sanitizers build) over every file of the
# shared corpus in each format it reads, deterministic mutants of each
# (truncations, byte
# flips, duplicated and deleted lines; see tests/robustness/mutate.c) and a
# set of hand-made horrors.  A run fails when firelint
#   - exits with a status other than 0, 1 or 2, or is killed,
#   - runs longer than $ROBUST_TIMEOUT seconds (default 10),
#   - prints an AddressSanitizer, LeakSanitizer or UBSan report,
#   - exits 2 without a "FILE:LINE:COL:" location on stderr,
#   - exits 0 or 1 with stdout that is not valid JSON (when python3 exists).
# Each failure is printed with a command that reproduces it; its input is
# kept under ${TMPDIR:-/tmp}.  Exit 0 all passed, 1 a failure, 77 no corpus.
#
# Environment: FIRELINT (default ./cli/firelint), SHARED (default
# $SRCDIR/../shared), ROBUST_JOBS (default: number of CPUs), ROBUST_TIMEOUT,
# ROBUST_MAX_REPORT (failures shown in full, default 100), ROBUST_KEEP=1
# keeps the whole scratch directory, ROBUST_FORMATS (default "iptables pf
# asa fwb").

set -u

srcdir=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
shared=${SHARED:-$srcdir/../shared}
corpus=$shared/corpus
formats=${ROBUST_FORMATS:-iptables pf asa fwb}
FIRELINT=${FIRELINT:-./cli/firelint}
timeout_s=${ROBUST_TIMEOUT:-10}
jobs=${ROBUST_JOBS:-$(nproc 2>/dev/null || echo 2)}
max_report=${ROBUST_MAX_REPORT:-100}

if [ ! -d "$corpus" ]; then
	echo "robustness: SKIP: no corpus at $corpus (set SHARED)"
	exit 77
fi
if [ ! -x "$FIRELINT" ]; then
	echo "robustness: ERROR: no firelint binary at $FIRELINT (set FIRELINT)"
	exit 99
fi
case $FIRELINT in /*) ;; *) FIRELINT=$(pwd)/$FIRELINT ;; esac

if grep -qa -e __asan_init -e __ubsan_handle "$FIRELINT"; then
	echo "robustness: $FIRELINT is a sanitizer build"
else
	echo "robustness: note: $FIRELINT is not a sanitizer build; only" \
	    "crashes, timeouts and missing locations are caught" \
	    "(configure --enable-sanitizers for the full test)"
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/fl-robust.XXXXXX") || exit 99
cleanup() {
	if [ "${ROBUST_KEEP:-}" = 1 ]; then
		echo "robustness: scratch kept in $scratch"
	else
		rm -rf "$scratch"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

mkdir "$scratch/in" "$scratch/res" || exit 99
if ! ${CC:-cc} -O2 -std=c11 -o "$scratch/mutate" \
    "$srcdir/tests/robustness/mutate.c"; then
	echo "robustness: ERROR: cannot compile tests/robustness/mutate.c"
	exit 99
fi

# The case list: one "FORMAT<TAB>FILE" line each.  Originals and horrors run
# in both modes; of the mutants, the shortest truncations (where detection
# by content has least to go on) also run with --format=auto.
cases=$scratch/cases
: >"$cases"
nfiles=0
for fmt in $formats; do
	# Only the formats this binary has a front end for.
	"$FIRELINT" --format="$fmt" checks >/dev/null 2>&1 || continue
	[ -d "$corpus/$fmt" ] || continue
	for f in "$corpus/$fmt"/*; do
		[ -f "$f" ] || continue
		nfiles=$((nfiles + 1))
		printf '%s\t%s\nauto\t%s\n' "$fmt" "$f" "$f" >>"$cases"
		tag=$fmt-$(basename "$f")
		"$scratch/mutate" file "$f" "$scratch/in" "$tag" \
		    >"$scratch/list" || exit 99
		while IFS= read -r m; do
			printf '%s\t%s\n' "$fmt" "$m" >>"$cases"
			case $m in
			*.trunc-1|*.trunc-7|*.trunc-31)
				printf 'auto\t%s\n' "$m" >>"$cases" ;;
			esac
		done <"$scratch/list"
	done
	"$scratch/mutate" horrors "$scratch/in" >"$scratch/list" || exit 99
	while IFS= read -r m; do
		printf '%s\t%s\n' "$fmt" "$m" >>"$cases"
	done <"$scratch/list"
done
while IFS= read -r m; do
	printf 'auto\t%s\n' "$m" >>"$cases"
done <"$scratch/list"
ncases=$(wc -l <"$cases")
echo "robustness: $nfiles corpus files, $ncases runs, $jobs in parallel"

export FIRELINT scratch timeout_s
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# one run; writes res/NNNNNN with "PASS" or "FAIL<TAB>why" and keeps
# stdout/stderr beside it
one() {
	local n=$1 fmt=$2 file=$3 r=$scratch/res/$1 st why=
	# the subshell sends bash's own "Segmentation fault" line to $r.err
	(timeout -k 2 "$timeout_s" "$FIRELINT" check --format="$fmt" -o json \
	    "$file" >"$r.out") 2>"$r.err"
	st=$?
	if [ "$st" = 124 ] || [ "$st" = 137 ]; then
		why="timeout after ${timeout_s}s"
	elif grep -qa -e AddressSanitizer -e LeakSanitizer -e 'runtime error:' \
	    "$r.err"; then
		why="sanitizer report (exit $st)"
	elif [ "$st" -gt 2 ]; then
		if [ "$st" -gt 128 ]; then
			why="killed by signal $((st - 128)) (exit $st)"
		else
			why="exit status $st"
		fi
	elif [ "$st" = 2 ] && ! awk -v f="$file:" '
	    { i = index($0, f)
	      if (i && substr($0, i + length(f)) ~ /^[0-9]+:[0-9]+:/) ok = 1 }
	    END { exit !ok }' "$r.err"; then
		why="exit 2 without a FILE:LINE:COL: location on stderr"
	fi
	if [ -n "$why" ]; then
		printf 'FAIL\t%s\t%s\n' "$st" "$why" >"$r"
	else
		printf 'PASS\t%s\n' "$st" >"$r"
		[ "$st" = 2 ] && rm -f "$r.out"
		[ "$st" = 2 ] || rm -f "$r.err"
	fi
}
# xargs hands over "NUMBER<TAB>FORMAT<TAB>FILE"
one_line() {
	local n fmt file
	IFS=$'\t' read -r n fmt file <<<"$1"
	one "$n" "$fmt" "$file"
}
export -f one one_line

start=$SECONDS
# shellcheck disable=SC2016
awk -F'\t' '{ printf "%06d\t%s\t%s\n", NR, $1, $2 }' "$cases" |
    tr '\n' '\0' | xargs -0 -n 1 -P "$jobs" bash -c 'one_line "$1"' _

# stdout of every run that succeeded must be one JSON document; checked in
# one python process, not one per run
if command -v python3 >/dev/null 2>&1; then
	python3 - "$scratch/res" <<'EOF'
import json, os, sys
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.endswith(".out"):
        continue
    base = os.path.join(d, name[:-4])
    with open(base) as f:
        res = f.read()
    if not res.startswith("PASS"):
        continue
    with open(base + ".out", "rb") as f:
        data = f.read()
    try:
        json.loads(data.decode("utf-8"))
        os.unlink(base + ".out")
    except (ValueError, UnicodeDecodeError) as e:
        st = res.split("\t")[1].strip()
        with open(base, "w") as f:
            f.write("FAIL\t%s\tinvalid JSON on stdout: %s\n" % (st, str(e)[:120]))
EOF
else
	echo "robustness: note: no python3, JSON output not validated"
fi

keep=
pass=0
fail=0
n=0
while IFS=$'\t' read -r fmt file; do
	n=$((n + 1))
	id=$(printf '%06d' "$n")
	r=$scratch/res/$id
	if [ ! -f "$r" ]; then
		res="FAIL	?	no result (runner died)"
	else
		res=$(cat "$r")
	fi
	case $res in
	PASS*) pass=$((pass + 1)); continue ;;
	esac
	fail=$((fail + 1))
	if [ "$fail" -gt "$max_report" ]; then
		continue
	fi
	if [ -z "$keep" ]; then
		keep=$(mktemp -d "${TMPDIR:-/tmp}/fl-robust-fail.XXXXXX") ||
		    exit 99
	fi
	# keep the input (mutants live in the scratch dir, which goes away)
	case $file in
	"$scratch"/*) cp "$file" "$keep/" && file=$keep/$(basename "$file") ;;
	esac
	st=$(printf '%s' "$res" | cut -f 2)
	why=$(printf '%s' "$res" | cut -f 3-)
	echo "FAIL: $why"
	echo "  input:  $file ($fmt)"
	echo "  exit:   $st"
	if [ -s "$r.err" ]; then
		cp "$r.err" "$keep/$(basename "$file").$fmt.stderr"
		echo "  stderr: $(grep -a -m 1 -e 'ERROR: AddressSanitizer' \
		    -e 'ERROR: LeakSanitizer' -e 'runtime error:' "$r.err" ||
		    head -c 300 "$r.err" | head -n 3 | tr -d '\0')" |
		    cut -c 1-300
	fi
	echo "  repro:  ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS" \
	    "timeout $timeout_s $FIRELINT check --format=$fmt -o json '$file'"
done <"$cases"

if [ "$fail" -gt "$max_report" ]; then
	echo "robustness: only the first $max_report failures are shown (ROBUST_MAX_REPORT)"
fi
[ -n "$keep" ] && echo "robustness: failing inputs and their stderr kept in $keep"
echo "robustness: $((SECONDS - start))s for $ncases runs"
echo "robustness: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
