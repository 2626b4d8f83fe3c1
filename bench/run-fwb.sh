#!/usr/bin/env bash
# Shadowing benchmark: firelint next to fwbuilder's own iptables compiler on
# the same generated Firewall Builder file, for time, memory and findings.
# See bench/README.md.
#
# usage: bench/run-fwb.sh [--firelint PATH] [--fwb-ipt PATH] [--rules "1000 2000"]
#                         [--runs 3] [--seed 1] [--keep DIR] [--reuse DIR]
#
# --reuse DIR takes fwb_ipt's results from an earlier --keep DIR (same
# sizes and seed) instead of compiling again: handy while working on firelint.
# FWB_BENCH_BIG=1 adds 5000 rules to the default sizes (fwb_ipt alone needs
# over half an hour of CPU there).  Target (issue 6): firelint at least 1,000 times
# faster than `fwb_ipt -xt`, and every shadowing pair fwb_ipt reports is a
# shadowed or redundant finding of firelint.
# Exit status: 0 every target met, 1 a target missed or a run failed,
# 2 usage or setup error.  Scratch files go under ${TMPDIR:-/tmp}.

set -u

here=$(cd "$(dirname "$0")" && pwd)
firelint=./cli/firelint
fwb_ipt=fwb_ipt
rules="1000 2000"
[ -n "${FWB_BENCH_BIG:-}" ] && [ "${FWB_BENCH_BIG}" != 0 ] && rules="$rules 5000"
runs=3
seed=1
keep=
reuse=
fwname=fw-core		# the firewall gen-fwb writes
speedup_min=1000	# fwb_ipt time / firelint time

usage() {
	sed -n '6,7p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--firelint) [ $# -ge 2 ] || usage; firelint=$2; shift 2 ;;
	--firelint=*) firelint=${1#*=}; shift ;;
	--fwb-ipt) [ $# -ge 2 ] || usage; fwb_ipt=$2; shift 2 ;;
	--fwb-ipt=*) fwb_ipt=${1#*=}; shift ;;
	--rules) [ $# -ge 2 ] || usage; rules=$2; shift 2 ;;
	--rules=*) rules=${1#*=}; shift ;;
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--seed) [ $# -ge 2 ] || usage; seed=$2; shift 2 ;;
	--keep) [ $# -ge 2 ] || usage; keep=$2; shift 2 ;;
	--keep=*) keep=${1#*=}; shift ;;
	--reuse) [ $# -ge 2 ] || usage; reuse=$2; shift 2 ;;
	--reuse=*) reuse=${1#*=}; shift ;;
	-h|--help) usage ;;
	*) echo "run-fwb.sh: unknown argument: $1" >&2; usage ;;
	esac
done

if [ ! -x "$firelint" ]; then
	echo "run-fwb.sh: no firelint binary at $firelint (use --firelint PATH)" >&2
	exit 2
fi
firelint=$(cd "$(dirname "$firelint")" && pwd)/$(basename "$firelint")
if ! command -v "$fwb_ipt" >/dev/null 2>&1; then
	echo "run-fwb.sh: no $fwb_ipt (apt-get install fwbuilder, or --fwb-ipt PATH)" >&2
	exit 2
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/fl-fwb.XXXXXX") || exit 2
cleanup() {
	rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

datadir=$scratch
if [ -n "$keep" ]; then
	mkdir -p "$keep" || exit 2
	datadir=$(cd "$keep" && pwd)
fi

gen=$scratch/gen-fwb
if ! ${CC:-cc} -O2 -std=c11 -o "$gen" "$here/gen-fwb.c"; then
	echo "run-fwb.sh: cannot compile bench/gen-fwb.c" >&2
	exit 2
fi

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

# run_timed OUT ERR CMD...: runs CMD with stdout to OUT and stderr to ERR;
# prints "wall_us peak_kb status cpu_us" (cpu: user + system, 0 without
# GNU time).  CPU time is what the verdict uses when it is known: the
# machines this runs on are shared, and a loaded machine stretches wall
# time but hardly CPU time.
run_timed() {
	local out=$1 err=$2 t0 t1 st kb=0 cpu=0 last
	shift 2
	t0=$(now_us)
	if [ -n "$gnutime" ]; then
		$gnutime -f '%M %U %S' -o "$scratch/rss" "$@" >"$out" 2>"$err"
		st=$?
		last=$(tail -n 1 "$scratch/rss" 2>/dev/null)
		read -r kb cpu < <(echo "$last" | awk 'NF == 3 && $1 ~ /^[0-9]+$/ {
			printf "%d %.0f\n", $1, ($2 + $3) * 1e6; exit }
			{ print "0 0" }')
	else
		"$@" >"$out" 2>"$err"
		st=$?
	fi
	t1=$(now_us)
	echo "$(( t1 - t0 )) $kb $st $cpu"
}

load() {
	cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"
}

# positions FILE.fwb: "LINE POSITION" for every PolicyRule element
positions() {
	awk '/<PolicyRule / && match($0, /position="[0-9]+"/) {
		print NR, substr($0, RSTART + 10, RLENGTH - 11)
	}' "$1"
}

# fwb_pairs STDERR: "SHADOWER SHADOWED" per distinct pair, as fwb_ipt's
# "Rule '4 (global)' shadows rule '29 (global)'  below it" says.
fwb_pairs() {
	grep -o "Rule '[0-9]* [^']*' shadows rule '[0-9]* " "$1" |
	    sed "s/^Rule '\([0-9]*\) [^']*' shadows rule '\([0-9]*\) .*/\1 \2/" |
	    sort -n -u
}

# fl_findings JSON LINEMAP: "POSITION KIND RELATED,..." for every shadowed
# or redundant finding; KIND is shadowed, redundant (earlier rules decide
# its packets the same way) or redundant-down (later rules or the default
# would).  The report is read as the CLI prints it: one key per line.
fl_findings() {
	awk 'NR == FNR { pos[$1] = $2; next }
	function flush() {
		if (chk == "shadowed" || chk == "redundant") {
			k = chk
			if (chk == "redundant" && msg ~ /without it/)
				k = "redundant-down"
			p = (line in pos) ? pos[line] : "line" line
			print p, k, (rel == "" ? "-" : rel)
		}
		chk = ""; line = ""; rel = ""; msg = ""; inrel = 0
	}
	/"check": "/ {
		flush()
		chk = $0; sub(/.*"check": "/, "", chk); sub(/".*/, "", chk)
		next
	}
	/"related": \[ *\]/ { next }
	/"related": \[/ { inrel = 1; next }
	inrel && /^ *\],?$/ { inrel = 0; next }
	/"line": [0-9]+/ {
		v = $0; sub(/.*"line": /, "", v); sub(/[^0-9].*/, "", v)
		if (inrel) {
			q = (v in pos) ? pos[v] : "line" v
			rel = rel (rel == "" ? "" : ",") q
		} else if (line == "")
			line = v
		next
	}
	/"message": "/ && !inrel && msg == "" { msg = $0 }
	END { flush() }' "$2" "$1"
}

# compare N PAIRS FINDINGS MANIFEST: the findings report for one size
compare() {
	awk -v n="$1" '
	FILENAME == ARGV[1] { pairs[++np] = $1 " " $2; fwbrule[$2] = 1; next }
	FILENAME == ARGV[2] {
		fk[$1] = $2; frel[$1] = "," $3 ","
		if ($2 == "redundant-down") ndown++; else nup++
		next
	}
	{	# manifest: POS KIND FWB SHADOWERS
		mk[$1] = $2; kinds[$2] = 1; planted[$2]++
		if ($1 in fwbrule) fwbseen[$2]++
		if (($1 in fk) && fk[$1] != "redundant-down") flseen[$2]++
	}
	END {
		covered = 0; named = 0; miss = ""
		for (i = 1; i <= np; i++) {
			split(pairs[i], ab, " ")
			if ((ab[2] in fk) && fk[ab[2]] != "redundant-down") {
				covered++
				if (index(frel[ab[2]], "," ab[1] ",")) named++
			} else
				miss = miss " " ab[1] ">" ab[2]
		}
		nrules = 0
		for (r in fwbrule) nrules++
		printf "  fwb_ipt: %d distinct shadowing pairs over %d shadowed rules\n", np, nrules
		printf "  firelint flags the shadowed rule of %d of %d pairs (shadowed or redundant), names fwb_ipt\x27s shadower as related in %d\n", covered, np, named
		if (miss != "")
			printf "  pairs firelint misses (shadower>shadowed):%s\n", miss
		printf "  firelint: %d shadowed/redundant findings, %d redundant-down (later rules or the default decide the same)\n", nup, ndown
		printf "  planted anomalies:\n    %-12s %7s %8s %9s\n", "kind", "planted", "fwb_ipt", "firelint"
		for (k in kinds) order[++nk] = k
		for (i = 1; i <= nk; i++)	# insertion sort: awk has no sort
			for (j = i; j > 1 && order[j] < order[j - 1]; j--) {
				t = order[j]; order[j] = order[j - 1]; order[j - 1] = t
			}
		for (i = 1; i <= nk; i++) {
			k = order[i]
			printf "    %-12s %7d %8d %9d\n", k, planted[k], fwbseen[k], flseen[k]
			tp += planted[k]; tf += fwbseen[k]; tl += flseen[k]
		}
		printf "    %-12s %7d %8d %9d\n", "total", tp, tf, tl
		extra = 0; unplanted = ""
		for (p in fk) {
			if (fk[p] == "redundant-down" || (p in fwbrule)) continue
			extra++
			if (!(p in mk)) unplanted = unplanted " " p "(" fk[p] ")"
		}
		printf "  union extras: %d rules firelint finds shadowed or redundant that fwb_ipt does not report\n", extra
		if (unplanted != "")
			printf "  of which not planted:%s\n", unplanted
		printf "SUMMARY %d %d %d %d %d %d\n", np, covered, tp, tf, tl, extra
	}' "$2" "$3" "$4"
}

echo "machine: $(nproc) cores, $(uname -sr); load $(load)"
echo "fwb_ipt: $(command -v "$fwb_ipt") ($("$fwb_ipt" -V 2>&1 | head -n 1))"
echo "firelint: $firelint ($("$firelint" --version 2>/dev/null | head -n 1))"
echo "commands: fwb_ipt -xt -f FILE -d DIR $fwname (one run);" \
    "firelint check -o json FILE (best of $runs)"
echo

fails=0
rows=
for n in $rules; do
	case $n in ''|*[!0-9]*) echo "run-fwb.sh: bad rule count: $n" >&2; exit 2 ;; esac
	f=$datadir/gen-$n-s$seed.fwb
	man=$datadir/gen-$n-s$seed.manifest
	"$gen" -m "$man" "$n" "$seed" >"$f" || exit 2
	positions "$f" >"$scratch/linemap"
	mb=$(awk -v b="$(wc -c <"$f")" 'BEGIN { printf "%.1f", b / 1048576 }')
	echo "== $n rules ($mb MB, $(wc -l <"$man") planted anomalies), load $(load)"

	best=; bcpu=; peak=0; fl_err=
	for _ in $(seq "$runs"); do
		read -r us kb st cpu < <(run_timed "$scratch/fl.json" "$scratch/fl.err" \
		    "$firelint" check -o json "$f")
		if [ "$st" != 0 ] && [ "$st" != 1 ]; then
			fl_err="exit $st: $(head -n 1 "$scratch/fl.err")"
			break
		fi
		if [ -z "$best" ] || [ "$us" -lt "$best" ]; then best=$us; fi
		if [ -z "$bcpu" ] || [ "$cpu" -lt "$bcpu" ]; then bcpu=$cpu; fi
		if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
	done
	[ -n "$keep" ] && cp "$scratch/fl.json" "$datadir/gen-$n-s$seed.firelint.json"

	out=$scratch/fwb-$n
	mkdir -p "$out"
	base=gen-$n-s$seed
	if [ -n "$reuse" ] && [ -s "$reuse/$base.fwb_ipt.time" ] &&
	    cmp -s "$f" "$reuse/$base.fwb"; then
		echo "  fwb_ipt -xt: results of $reuse/$base.fwb_ipt.*"
		cp "$reuse/$base.fwb_ipt.err" "$out/stderr" || exit 2
		echo "(reused)" >"$out/$fwname.fw"
		read -r fus fkb fst fcpu <"$reuse/$base.fwb_ipt.time"
	else
		[ -n "$reuse" ] && echo "  note: nothing to reuse for $base in $reuse"
		echo "  fwb_ipt -xt (one run), load $(load)"
		read -r fus fkb fst fcpu < <(run_timed "$out/stdout" "$out/stderr" \
		    "$fwb_ipt" -xt -f "$f" -d "$out" "$fwname")
	fi
	fwb_err=
	if { [ "$fst" != 0 ] && [ "$fst" != 1 ]; } || [ ! -s "$out/$fwname.fw" ]; then
		fwb_err="exit $fst: $(grep -v '^ *$' "$out/stderr" | head -n 1)"
	fi
	if [ -n "$keep" ]; then
		cp "$out/stderr" "$datadir/$base.fwb_ipt.err"
		echo "$fus $fkb $fst $fcpu" >"$datadir/$base.fwb_ipt.time"
	fi

	if [ -n "$fl_err" ] || [ -n "$fwb_err" ]; then
		echo "  FAIL: firelint ${fl_err:-ok}, fwb_ipt ${fwb_err:-ok}"
		fails=$((fails + 1))
		rows="$rows$n	$mb	-	-	-	-	-	-	-	-	FAIL"$'\n'
		continue
	fi

	fwb_pairs "$out/stderr" >"$scratch/pairs"
	fl_findings "$scratch/fl.json" "$scratch/linemap" >"$scratch/findings"
	compare "$n" "$scratch/pairs" "$scratch/findings" "$man" >"$scratch/report"
	grep -v '^SUMMARY' "$scratch/report"
	read -r _ np covered _ _ _ _ < <(grep '^SUMMARY' "$scratch/report")
	counts=$(awk -F'"' '/"check": "/ { c[$4]++ } END {
		for (k in c) printf "%s%s %d", (s++ ? ", " : ""), k, c[k] }' \
	    "$scratch/fl.json")
	echo "  firelint findings by check: ${counts:-none}"
	if [ "$np" -gt 0 ] && ! grep -q '"check": "\(shadowed\|redundant\)"' "$scratch/fl.json"; then
		echo "  note: no shadowed or redundant finding at all: firelint gave up the" \
		    "analysis without a word (box or work budget, analyzer/space.h)"
	fi

	row=$(awk -v n="$n" -v mb="$mb" -v fl="$best" -v flc="$bcpu" \
	    -v kb="$peak" -v fw="$fus" -v fwc="$fcpu" -v fkb="$fkb" \
	    -v gnut="$gnutime" -v smin="$speedup_min" -v np="$np" \
	    -v cov="$covered" 'BEGIN {
		v = ""
		sp = fw / fl
		spc = (gnut != "" && flc > 0) ? fwc / flc : sp
		if (spc < smin) v = v " speedup<" smin
		if (cov < np) v = v " pairs " cov "/" np
		na = gnut == ""
		printf "%d\t%s\t%.2f\t%s\t%s\t%.3f\t%s\t%s\t%.0fx\t%s\t%s\n",
		    n, mb, fw / 1e6, na ? "n/a" : sprintf("%.2f", fwc / 1e6),
		    na ? "n/a" : sprintf("%.1f", fkb / 1024), fl / 1e6,
		    na ? "n/a" : sprintf("%.3f", flc / 1e6),
		    na ? "n/a" : sprintf("%.1f", kb / 1024), sp,
		    na ? "n/a" : sprintf("%.0fx", spc),
		    (v == "") ? "PASS" : "FAIL" v
	}')
	case $row in *FAIL*) fails=$((fails + 1)) ;; esac
	rows="$rows$row"$'\n'
	echo
done

printf '%s' "$rows" | awk -F'\t' 'BEGIN {
	printf "%6s %5s %10s %8s %8s %10s %8s %8s %8s %8s  %s\n", "rules", "MB",
	    "fwb_ipt s", "cpu s", "peak MB", "firelint s", "cpu s", "peak MB",
	    "speedup", "cpu", "verdict"
}
{ printf "%6s %5s %10s %8s %8s %10s %8s %8s %8s %8s  %s\n", $1, $2, $3, $4,
    $5, $6, $7, $8, $9, $10, $11 }'
echo "targets: firelint >= ${speedup_min}x faster than fwb_ipt -xt (CPU time" \
    "when GNU time is there, else wall);" \
    "every pair fwb_ipt reports flagged by firelint; load now $(load)"
[ -n "$keep" ] && echo "inputs and reports kept in $datadir"
[ "$fails" -eq 0 ]
