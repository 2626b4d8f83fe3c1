#!/bin/sh
# crosscheck.sh - the acceptance test of the fwb front end (issue 6):
# every Firewall of the .fwb corpus whose platform fwbuilder compiles for
# iptables, PF or PIX/ASA/FWSM is compiled with fwbuilder's own compiler,
# and firelint must parse what the compiler wrote.
#
# Per firewall, in a temporary directory (the corpus is only read):
#  1. the file is copied and upgraded to the current data format (fwbedit
#     upgrade; fwbuilder's compilers refuse older files);
#  2. the firewall gets the settings the compilers need (tests/fwb/
#     fwb-prep): iptables version 1.4.20 and use_iptables_restore, so that
#     fwb_ipt writes an iptables-restore block with today's syntax; PF 4.7;
#     PIX 6.3 or ASA 8.3 (FWSM keeps its own version);
#  3. fwb_ipt / fwb_pf / fwb_pix -xt (every shadowing pair is reported, the
#     compile goes on), by id, into an absolute -d;
#  4. the iptables-restore blocks (IPv4 and IPv6), the pf.conf or the
#     PIX/ASA configuration are extracted and given to `firelint check`,
#     which must exit 0 or 1, never 2.
# One line per firewall goes to the log (tests/fwb/crosscheck.log in the
# build directory): file, firewall, platform, compile result (ok, errors: the
# compiler reported errors in -xt mode and went on, refused: it wrote
# nothing, with its first error) and firelint's exit status per output.
#
# Environment: FIRELINT (the binary), FWB_PREP (tests/fwb/fwb-prep),
# FWB_CORPUS (default $SHARED/corpus/fwb), CROSSCHECK_JOBS
# (parallel compiles, default 2), CROSSCHECK_ONLY (a grep -E pattern on
# "file firewall" to run a subset), CROSSCHECK_KEEP (keep the work dir).
# Exit 77 (skip) when fwbuilder or the corpus is absent.

set -u

srcdir=${SRCDIR:-${srcdir:-.}}
FIRELINT=${FIRELINT:-./cli/firelint}
FWB_PREP=${FWB_PREP:-./tests/fwb/fwb-prep}
FWB_CORPUS=${FWB_CORPUS:-${SHARED:-$srcdir/../shared}/corpus/fwb}
JOBS=${CROSSCHECK_JOBS:-2}
LOG=${CROSSCHECK_LOG:-tests/fwb/crosscheck.log}

# --- one firewall: crosscheck.sh --one WORK FILE ID NAME PLATFORM N
if [ "${1:-}" = --one ]; then
	work=$2 file=$3 id=$4 name=$5 platform=$6 n=$7
	d=$work/fw$n
	mkdir -p "$d/out"
	case $platform in
	iptables)
		comp=fwb_ipt
		set -- version=1.4.20 option:use_iptables_restore=true ;;
	pf)	comp=fwb_pf
		set -- version=4.7 ;;
	pix)	comp=fwb_pix
		set -- version=8.3 ;;
	fwsm)	comp=fwb_pix
		set -- ;;
	esac
	if ! "$FWB_PREP" copy "$work/$file.fwb" "$id" "$d/in.fwb" "$@" \
	    2>"$d/prep.err"; then
		printf '%s\t%s\t%s\tprep-failed\t-\n' "$file" "$name" \
		    "$platform"
		exit 0
	fi
	(cd "$d/out" && $comp -i -xt -f "$d/in.fwb" -d "$d/out" "$id" \
	    >"$d/compile.out" 2>"$d/compile.err") 2>>"$d/crash.err"
	crc=$?
	outs=
	case $platform in
	iptables)
		fw=$(ls "$d"/out/*.fw 2>/dev/null | head -n 1)
		if [ -n "$fw" ]; then
			# The blocks piped to iptables-restore are echo lines:
			# let sh undo the quoting exactly as the script would.
			for fam in 4 6; do
				case $fam in
				4) tool='$IPTABLES_RESTORE' ;;
				6) tool='$IP6TABLES_RESTORE' ;;
				esac
				awk -v tool="$tool" '
				    /^[ \t]*\([ \t]*$/ { body = ""; inb = 1; next }
				    inb && /^[ \t]*\) \| / {
					if (index($0, ") | " tool ";") > 0 ||
					    index($0, ") | " tool " ") > 0)
						printf "%s", body
					inb = 0; next
				    }
				    inb { body = body $0 "\n" }' "$fw" \
				    >"$d/v$fam.sh"
				if [ -s "$d/v$fam.sh" ]; then
					env -i PATH=/usr/bin:/bin sh \
					    "$d/v$fam.sh" >"$d/v$fam.rules" \
					    2>"$d/v$fam.sherr"
					outs="$outs v$fam.rules"
				fi
			done
		fi ;;
	pf)
		for c in "$d"/out/*.conf; do
			[ -f "$c" ] && outs="$outs out/${c##*/}"
		done ;;
	pix|fwsm)
		for c in "$d"/out/*.fw; do
			[ -f "$c" ] && outs="$outs out/${c##*/}"
		done ;;
	esac
	if [ -z "$outs" ]; then
		why=$(cat "$d/compile.err" "$d/compile.out" |
		    grep -m 1 -i 'error' | tr '\t' ' ' | cut -c 1-160)
		printf '%s\t%s\t%s\trefused(rc=%s): %s\t-\n' "$file" "$name" \
		    "$platform" "$crc" "${why:-no output}"
		exit 0
	fi
	# -xt reports shadowing as errors and goes on: those are not
	# errors in the output, the others are
	nerr=$(cat "$d/compile.err" "$d/compile.out" | grep 'error:' |
	    grep -c -v "shadows rule")
	nsh=$(cat "$d/compile.err" "$d/compile.out" | grep -c "shadows rule")
	if [ "$nerr" -gt 0 ]; then
		res="errors($nerr)"
	elif [ "$nsh" -gt 0 ]; then
		res="ok,shadowing($nsh)"
	else
		res=ok
	fi
	case $platform in
	iptables) fmt=iptables ;;
	pf) fmt=pf ;;
	*) fmt=asa ;;
	esac
	parse=
	for o in $outs; do
		"$FIRELINT" check --format=$fmt "$d/$o" >"$d/$o.check" \
		    2>"$d/$o.checkerr"
		parse="$parse ${o##*/}=$?"
	done
	printf '%s\t%s\t%s\t%s\t%s\n' "$file" "$name" "$platform" "$res" \
	    "${parse# }"
	exit 0
fi

# --- the driver
for t in fwb_ipt fwb_pf fwb_pix fwbedit; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "crosscheck: SKIP: fwbuilder is not installed ($t missing;" \
		    "apt-get install fwbuilder)"
		exit 77
	fi
done
if [ ! -d "$FWB_CORPUS" ] || ! ls "$FWB_CORPUS"/*.fwb >/dev/null 2>&1
then
	echo "crosscheck: SKIP: no .fwb corpus in $FWB_CORPUS"
	exit 77
fi
if [ ! -x "$FWB_PREP" ] || [ ! -x "$FIRELINT" ]; then
	echo "crosscheck: $FWB_PREP or $FIRELINT is not built" >&2
	exit 2
fi
case $FWB_PREP in /*) ;; *) FWB_PREP=$(pwd)/$FWB_PREP ;; esac
case $FIRELINT in /*) ;; *) FIRELINT=$(pwd)/$FIRELINT ;; esac
export FWB_PREP FIRELINT

work=$(mktemp -d "${TMPDIR:-/tmp}/fwb-crosscheck.XXXXXX") || exit 2
[ -n "${CROSSCHECK_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
jobs=$work/jobs
: >"$jobs"
n=0
for f in "$FWB_CORPUS"/*.fwb; do
	b=${f##*/}
	b=${b%.fwb}
	"$FWB_PREP" list "$f" >"$work/$b.list" 2>/dev/null || continue
	awk -F '\t' '$3 ~ /^(iptables|pf|pix|fwsm)$/' "$work/$b.list" \
	    >"$work/$b.sel"
	if [ -n "${CROSSCHECK_ONLY:-}" ]; then
		awk -F '\t' -v b="$b" '{ print b " " $2 "\t" $0 }' \
		    "$work/$b.sel" | grep -E -- "$CROSSCHECK_ONLY" |
		    cut -f 2- >"$work/$b.tmp"
		mv "$work/$b.tmp" "$work/$b.sel"
	fi
	[ -s "$work/$b.sel" ] || continue
	cp "$f" "$work/$b.fwb"
	# fwbuilder's compilers only read the current data format
	echo Y | fwbedit upgrade -f "$work/$b.fwb" >"$work/$b.upgrade" 2>&1
	while IFS='	' read -r id name platform os version nrules dup; do
		n=$((n + 1))
		printf '%s\n%s\n%s\n%s\n%s\n%s\n' "$work" "$b" "$id" "$name" \
		    "$platform" "$n" >>"$jobs"
	done <"$work/$b.sel"
done
if [ "$n" -eq 0 ]; then
	echo "crosscheck: SKIP: no firewall for iptables, pf or pix selected"
	exit 77
fi
tr '\n' '\0' <"$jobs" | xargs -0 -n 6 -P "$JOBS" sh "$0" --one |
    sort >"$LOG"

# --- summary
awk -F '\t' '
	{ p = $3; total[p]++ }
	$4 ~ /^ok/ { ok[p]++ }
	$4 ~ /^errors/ { err[p]++ }
	$4 ~ /^refused|^prep/ { ref[p]++ }
	$5 != "-" {
		bad = 0
		n = split($5, r, " ")
		for (i = 1; i <= n; i++)
			if (r[i] !~ /=[01]$/)
				bad = 1
		if (!bad) parsed[p]++
		else if ($4 ~ /^errors/) parseexc[p]++
		else parsefail[p]++
	}
	END {
		for (p in total)
			printf "crosscheck: %-8s %3d firewalls: %d compiled, " \
			    "%d compiled with errors, %d refused; firelint " \
			    "parsed %d, refused %d outputs of compiles with " \
			    "errors, failed on %d\n", p, total[p], ok[p] + 0,
			    err[p] + 0, ref[p] + 0, parsed[p] + 0,
			    parseexc[p] + 0, parsefail[p] + 0
	}' "$LOG" | sort
# An output that fwbuilder itself reported errors for may be invalid
# (route-to without an interface, ...): firelint may refuse it.
fail=$(awk -F '\t' '$4 !~ /^errors/ && $5 ~ /=[^01 ]/' "$LOG")
if [ -n "$fail" ]; then
	echo "crosscheck: FAIL: firelint could not parse fwbuilder's output:"
	echo "$fail"
	[ -n "${CROSSCHECK_KEEP:-}" ] && echo "crosscheck: work dir $work"
	exit 1
fi
echo "crosscheck: per-firewall results in $LOG"
exit 0
