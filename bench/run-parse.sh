#!/usr/bin/env bash
# Parse benchmark: how long firelint takes to read a large iptables-save dump
# into its model, and how much memory it needs, next to the time the real
# iptables-restore takes to check the same file.  See bench/README.md.
#
# usage: bench/run-parse.sh [--firelint PATH] [--rules "10000 50000 100000"]
#                           [--runs 3] [--seed 1] [--ipv6] [--keep DIR]
#
# Targets (from the design): at 100,000 rules firelint takes at most 1/5 of
# iptables-restore's time; firelint's peak RSS stays under 200 MB.
# Exit status: 0 every target met, 1 a target missed or a run failed,
# 2 usage or setup error.  Scratch files go under ${TMPDIR:-/tmp}.

set -u

here=$(cd "$(dirname "$0")" && pwd)
firelint=./cli/firelint
rules="10000 50000 100000"
runs=3
seed=1
family=4
keep=
time_target_rules=100000
time_ratio_max=0.2	# firelint / iptables-restore
peak_mb_max=200

usage() {
	sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--firelint) [ $# -ge 2 ] || usage; firelint=$2; shift 2 ;;
	--firelint=*) firelint=${1#*=}; shift ;;
	--rules) [ $# -ge 2 ] || usage; rules=$2; shift 2 ;;
	--rules=*) rules=${1#*=}; shift ;;
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--seed) [ $# -ge 2 ] || usage; seed=$2; shift 2 ;;
	--ipv6|-6) family=6; shift ;;
	--keep) [ $# -ge 2 ] || usage; keep=$2; shift 2 ;;
	--keep=*) keep=${1#*=}; shift ;;
	-h|--help) usage ;;
	*) echo "run-parse.sh: unknown argument: $1" >&2; usage ;;
	esac
done

if [ ! -x "$firelint" ]; then
	echo "run-parse.sh: no firelint binary at $firelint (use --firelint PATH)" >&2
	exit 2
fi
firelint=$(cd "$(dirname "$firelint")" && pwd)/$(basename "$firelint")

scratch=$(mktemp -d "${TMPDIR:-/tmp}/fl-bench.XXXXXX") || exit 2
ns=
cleanup() {
	if [ -n "$ns" ]; then
		ip netns del "$ns" 2>/dev/null
	fi
	rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

datadir=$scratch
if [ -n "$keep" ]; then
	mkdir -p "$keep" || exit 2
	datadir=$(cd "$keep" && pwd)
fi

# The generator is compiled here rather than by make, so running the
# benchmark needs nothing from the build system.
gen=$scratch/gen-iptables
if ! ${CC:-cc} -O2 -std=c11 -o "$gen" "$here/gen-iptables.c"; then
	echo "run-parse.sh: cannot compile bench/gen-iptables.c" >&2
	exit 2
fi

# Wall time with microsecond resolution from bash itself; peak RSS from GNU
# time when it is installed (apt-get install time), else from nothing.
gnutime=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
	gnutime=/usr/bin/time
else
	echo "note: GNU time (/usr/bin/time) is missing: peak RSS not measured (apt-get install time)"
fi

now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "$t"
}

# run_timed CMD...: runs CMD with stdin from $input, stdout to
# /dev/null, stderr to $scratch/err; prints "seconds peak_kb status".
run_timed() {
	local t0 t1 st kb=0
	t0=$(now_us)
	if [ -n "$gnutime" ]; then
		$gnutime -f '%M' -o "$scratch/rss" "$@" <"$input" >/dev/null 2>"$scratch/err"
		st=$?
		kb=$(tail -n 1 "$scratch/rss" 2>/dev/null)
		case $kb in ''|*[!0-9]*) kb=0 ;; esac
	else
		"$@" <"$input" >/dev/null 2>"$scratch/err"
		st=$?
	fi
	t1=$(now_us)
	echo "$(( t1 - t0 )) $kb $st"
}

# Which firelint command parses without checking: the CLI contract says
# `check --disable=all`; older CLIs may only have `dump`.
input=$scratch/probe.rules
"$gen" 50 1 >"$input"
fl_mode=check
"$firelint" check --format=iptables --disable=all -q "$input" \
    >/dev/null 2>"$scratch/err"
st=$?
if [ "$st" != 0 ]; then
	if "$firelint" dump "$input" >/dev/null 2>&1; then
		fl_mode=dump
		echo "note: 'firelint check --disable=all' failed (exit $st:" \
		    "$(head -n 1 "$scratch/err")); timing 'firelint dump FILE > /dev/null' instead"
	else
		echo "note: firelint cannot parse even a 50-rule dump (exit $st):" \
		    "$(head -n 1 "$scratch/err")"
	fi
fi
# sets fl_args to the firelint command line for file $1
firelint_args() {
	if [ "$fl_mode" = check ]; then
		fl_args=(check --format=iptables --disable=all -q "$1")
	else
		fl_args=(dump "$1")
	fi
}

# iptables-restore --test runs in a network namespace of our own, so it
# can never touch the host's rules.
restore=iptables-restore
[ "$family" = 6 ] && restore=ip6tables-restore
skip_restore=
if [ "$(id -u)" != 0 ]; then
	skip_restore="not root"
elif ! command -v ip >/dev/null 2>&1; then
	skip_restore="no 'ip' command (iproute2)"
elif ! command -v "$restore" >/dev/null 2>&1; then
	skip_restore="no $restore"
elif ! unshare -n true 2>/dev/null; then
	skip_restore="unshare -n fails (no network namespaces here)"
else
	ns=fl-bench-$$
	if ! ip netns add "$ns" 2>"$scratch/err"; then
		skip_restore="ip netns add failed: $(head -n 1 "$scratch/err")"
		ns=
	fi
fi
if [ -n "$skip_restore" ]; then
	echo "note: skipping the iptables-restore comparison: $skip_restore"
fi

echo "machine: $(nproc) cores, $(uname -sr); $("$restore" --version 2>/dev/null | head -n 1)"
echo "firelint: $firelint ($("$firelint" --version 2>/dev/null | head -n 1))"
firelint_args FILE
echo "command: firelint ${fl_args[*]}$([ "$fl_mode" = dump ] && echo ' > /dev/null'); best of $runs"
echo

fails=0
rows=
for n in $rules; do
	case $n in ''|*[!0-9]*) echo "run-parse.sh: bad rule count: $n" >&2; exit 2 ;; esac
	f=$datadir/gen-$n-s$seed-v$family.rules
	if [ "$family" = 6 ]; then
		"$gen" -6 "$n" "$seed" >"$f" || exit 2
	else
		"$gen" "$n" "$seed" >"$f" || exit 2
	fi
	input=$f

	best=; peak=0; fl_err=
	for _ in $(seq "$runs"); do
		firelint_args "$f"
		read -r us kb st < <(run_timed "$firelint" "${fl_args[@]}")
		if [ "$st" != 0 ]; then
			fl_err="exit $st: $(head -n 1 "$scratch/err")"
			break
		fi
		if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
		if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
	done

	rbest=; r_err=
	if [ -z "$skip_restore" ]; then
		for _ in $(seq "$runs"); do
			read -r us kb st < <(run_timed ip netns exec "$ns" "$restore" --test)
			if [ "$st" != 0 ]; then
				r_err="exit $st: $(head -n 1 "$scratch/err")"
				break
			fi
			if [ -z "$rbest" ] || [ "$us" -lt "$rbest" ]; then rbest=$us; fi
		done
	fi

	# one row: rules fl_s fl_mb rs_s ratio verdict
	row=$(awk -v n="$n" -v fl="$best" -v kb="$peak" -v rs="$rbest" \
	    -v flerr="$fl_err" -v rerr="$r_err" -v gnut="$gnutime" \
	    -v tn="$time_target_rules" -v tr="$time_ratio_max" \
	    -v pm="$peak_mb_max" 'BEGIN {
		if (flerr != "") {
			printf "%d\t-\t-\t-\t-\tFAIL (firelint %s)\n", n, flerr
			exit
		}
		fs = fl / 1e6; mb = kb / 1024
		v = ""
		if (gnut == "") { mbs = "n/a" } else {
			mbs = sprintf("%.1f", mb)
			if (mb >= pm) v = v " peak>=" pm "MB"
		}
		if (rerr != "") { rss = "err"; ratio = "-"; v = v " restore " rerr }
		else if (rs == "") { rss = "skip"; ratio = "-" }
		else {
			rss = sprintf("%.3f", rs / 1e6)
			ratio = sprintf("%.2f", fl / rs)
			if (n >= tn && fl / rs > tr) v = v " time>" tr "x"
		}
		verdict = (v == "") ? "PASS" : "FAIL" v
		if (v == "" && rs == "") verdict = "PASS (mem only: no restore run)"
		else if (n < tn && v == "") verdict = "PASS (mem; time judged at " tn ")"
		printf "%d\t%.3f\t%s\t%s\t%s\t%s\n", n, fs, mbs, rss, ratio, verdict
	}')
	case $row in *FAIL*) fails=$((fails + 1)) ;; esac
	rows="$rows$row"$'\n'
	# print as we go: the big sizes take a while
	printf '%s\n' "$row" | awk -F'\t' '{ printf "%8s rules: firelint %ss %s MB, %s %s%s, ratio %s: %s\n", $1, $2, $3, "'"$restore"'", $4, ($4 ~ /^[0-9]/) ? "s" : "", $5, $6 }'
done

echo
printf '%s' "$rows" | awk -F'\t' -v r="$restore" 'BEGIN {
	printf "%8s  %11s  %12s  %14s  %6s  %s\n", "rules", "firelint s", "firelint MB", r " s", "ratio", "verdict"
}
{ printf "%8s  %11s  %12s  %14s  %6s  %s\n", $1, $2, $3, $4, $5, $6 }'
echo "targets: firelint <= ${time_ratio_max} x $restore time at >= $time_target_rules rules; peak < ${peak_mb_max} MB"
[ -n "$keep" ] && echo "inputs kept in $datadir"
[ "$fails" -eq 0 ]
