#!/bin/sh
# crosscheck.sh - the acceptance test of the fwb front end (issue 6):
# every Firewall of the .fwb corpus whose platform fwbuilder compiles for
# iptables, PF or PIX/ASA/FWSM is compiled with fwbuilder's own compiler,
# firelint must parse what the compiler wrote, and the compiled policy
# must decide every packet as firelint's reading of the .fwb does, every
# exception being one of tests/fwb/crosscheck.exceptions.
#
# Per firewall, in a temporary directory (the corpus is only read):
#  1. the file is copied and upgraded to the current data format (fwbedit
#     upgrade; fwbuilder's compilers refuse older files);
#  2. the firewall gets the settings the compilers need (tests/fwb/
#     fwb-prep): iptables version 1.4.20 and use_iptables_restore, so that
#     fwb_ipt writes an iptables-restore block with today's syntax; PF 4.7;
#     ASA 8.3 for PIX (FWSM keeps its own version);
#  3. fwb_ipt / fwb_pf / fwb_pix -xt (every shadowing pair is reported, the
#     compile goes on), by id, into an absolute -d;
#  4. the iptables-restore blocks (IPv4 and IPv6), the pf.conf or the
#     PIX/ASA configuration are extracted and given to `firelint check`,
#     which must exit 0 or 1, never 2 (nor report a sanitizer error);
#  5. `firelint diff` (analyzer/diff.h for the sides' syntax) compares,
#     when the compiler reported no error:
#     - iptables: fwb/NAME (",fwb/NAME/SET" for each further top policy
#       rule set, which fwb_ipt compiles into the same chains after it)
#       with INPUT+FORWARD+OUTPUT of each family's iptables-restore rules
#       (after the exceptions' rewrites);
#     - PF: both passes of every packet, fwb/NAME@in&fwb/NAME@out with
#       pf/in@in&pf/out@out of the pf.conf (branch anchors that it loads
#       from files put in their braces, then the pf-rewrites);
#     - PIX, FWSM: fwb/NAME of a copy whose interfaces are named by their
#       labels (the nameifs fwb_pix writes) with every asa/IF/in (and
#       asa/global) joined by "+", then "&" every asa/IF/out;
#     every changed region must fall in an exception class.
# One line per firewall goes to the log (tests/fwb/crosscheck.log in the
# build directory): file, firewall, platform, compile result (ok, errors: the
# compiler reported errors in -xt mode and went on, refused: it wrote
# nothing, with its first error), firelint's exit status per output, and
# the comparison (equivalent, explained(class:changes ...), UNEXPLAINED(n),
# DIFF-FAILED, not-compared(why)); the unexplained changes go to
# crosscheck.unexplained.  Any UNEXPLAINED or DIFF-FAILED fails the test.
#
# Environment: FIRELINT (the binary), FWB_PREP (tests/fwb/fwb-prep),
# FWB_CORPUS (default $SHARED/corpus/fwb), CROSSCHECK_JOBS
# (parallel compiles, default the processors up to 4), CROSSCHECK_ONLY (a
# grep -E pattern on "file firewall<TAB>" to run a subset),
# CROSSCHECK_KEEP (keep the work dir), CROSSCHECK_LOG, CROSSCHECK_EXCEPTIONS.
# Exit 77 (skip) when fwbuilder, jq or the corpus is absent.

set -u

srcdir=${SRCDIR:-${srcdir:-.}}
FIRELINT=${FIRELINT:-./cli/firelint}
FWB_PREP=${FWB_PREP:-./tests/fwb/fwb-prep}
FWB_CORPUS=${FWB_CORPUS:-${SHARED:-$srcdir/../shared}/corpus/fwb}
JOBS=${CROSSCHECK_JOBS:-}
if [ -z "$JOBS" ]; then
	JOBS=$(nproc 2>/dev/null || echo 2)
	[ "$JOBS" -gt 4 ] && JOBS=4
fi
LOG=${CROSSCHECK_LOG:-tests/fwb/crosscheck.log}

# --- pf_inline_anchors DIR: pf.conf on stdin with each anchor that a
# "load anchor NAME from FILE" line fills given FILE's rules (found in DIR
# by its base name) in braces, and the load lines removed
pf_inline_anchors() {
	awk -v dir="$1" '
	function base(p) { sub(/.*\//, "", p); return p }
	{ line[++n] = $0 }
	/^[ \t]*load[ \t]+anchor[ \t]/ {
		a = $3; gsub(/"/, "", a)
		f = $5; gsub(/"/, "", f)
		file[a] = dir "/" base(f)
	}
	END {
		for (i = 1; i <= n; i++) {
			l = line[i]
			if (l ~ /^[ \t]*load[ \t]+anchor[ \t]/)
				continue
			if (l ~ /^[ \t]*anchor[ \t]+"[^"]*"/ && l !~ /[{]/) {
				a = l; sub(/^[ \t]*anchor[ \t]+"/, "", a)
				sub(/".*/, "", a)
				if (a in file) {
					print l " {"
					while ((getline x < file[a]) > 0)
						print x
					close(file[a])
					print "}"
					continue
				}
			}
			print l
		}
	}'
}

# --- the comparison of one compiled iptables firewall with its .fwb:
# compare WORK DIR ID NAME DUP prints "equivalent", "explained(class:n
# ...)", or "UNEXPLAINED(n)" (the changes are in DIR/unexplained)
compare() {
	w=$1 d=$2 fid=$3 fname=$4 fdup=$5 plat=$6
	if [ "$fdup" = dup ]; then
		echo "not-compared(another firewall of the file has its name)"
		return
	fi
	case $fname in *[+\&@=,]*)
		echo "not-compared(the name has + & @ , or =)"
		return ;;
	esac
	# fwbuilder compiles several top rule sets of one family into the
	# same chains, one after the other; the model makes each its own
	# entry point: the fwb side is then "fwb/NAME,fwb/NAME/SET,..."
	# (diff.h: what one leaves to its default goes on to the next)
	fwbside=fwb/$fname
	for t in $("$FIRELINT" dump --format=fwb "$d/in.fwb" 2>/dev/null |
	    awk -v e="entry fwb/$fname/" 'index($0, e) == 1 { n = $2; next }
	    n != "" && /, filters,/ { print n } { n = "" }'); do
		case $t in *[+\&@=,]*)
			echo "not-compared(a rule set name has + & @ , or =)"
			return ;;
		esac
		fwbside=$fwbside,$t
	done
	if [ "$plat" != iptables ] && [ "$fwbside" != "fwb/$fname" ]; then
		echo "not-compared(several top policy rule sets)"
		return
	fi
	os=$(awk -F '\t' -v id="$fid" '$1 == id { print $4 }' \
	    "$w"/*.sel | head -n 1)
	"$FWB_PREP" addrs "$d/in.fwb" "$fid" >"$d/addrs" 2>/dev/null
	addrs=$("$JQ" -R . "$d/addrs" | "$JQ" -s -c .)
	v6=false
	[ -f "$d/v6.rules" ] && v6=true
	if [ "$plat" = pf ]; then
		# one ruleset for both families, both passes of a packet
		[ -f "$d/out/$fname.conf" ] || {
			echo "not-compared(no $fname.conf)"
			return
		}
		grep -q inet6 "$d/out/$fname.conf" && v6=true
		# fwb_pf writes each branch rule set to a file of its own
		# that pf.conf loads into its anchor ("load anchor NAME from
		# FILE"): put the rules in the anchor's braces, as pfctl does
		# when it loads pf.conf (three levels of nesting at most)
		cp "$d/out/$fname.conf" "$d/pf.0"
		for i in 1 2 3; do
			pf_inline_anchors "$d/out" <"$d/pf.$((i - 1))" \
			    >"$d/pf.$i"
		done
		sed -E -f "$w/pf-rewrite.sed" "$d/pf.3" >"$d/pf.cmp"
	fi
	asaifs=true
	zones='{}'
	case $plat in
	pix|fwsm)
		# the .fwb as fwb_pix names the interfaces (their labels);
		# the side of the compiled configuration: every inbound
		# access list (one per interface, its scope), then every
		# outbound one, which a packet must pass too
		asa=$d/out/$fname.fw
		[ -f "$asa" ] || {
			echo "not-compared(no $fname.fw)"
			return
		}
		"$FWB_PREP" copy "$d/in.fwb" "$fid" "$d/in.cmp.fwb" \
		    itf-labels 2>/dev/null || {
			echo "not-compared(fwb-prep cannot rename interfaces)"
			return
		}
		"$FIRELINT" dump --format=asa "$asa" 2>/dev/null |
		    awk '/^entry asa\// { print $2 }' >"$d/asa.entries"
		ins=$(grep -E '^asa/[^/]+/in$|^asa/global$' "$d/asa.entries" |
		    paste -s -d + -)
		outs=$(grep -E '^asa/[^/]+/out$' "$d/asa.entries" |
		    paste -s -d + -)
		[ -n "$ins" ] || {
			echo "not-compared(no inbound access list)"
			return
		}
		asaside=$ins${outs:+&$outs}
		# does every interface of the configuration have its entry?
		# "nameif NAME" (ASA) or "nameif HW NAME securityN" (PIX 6)
		for i in $(awk '$1 == "nameif" { print (NF >= 3 ? $3 : $2) }' \
		    "$asa"); do
			grep -q -x "asa/$i/in" "$d/asa.entries" ||
			    asaifs=false
		done
		grep -q -E '^ipv6 |any6' "$asa" && v6=true
		zones=$("$FWB_PREP" zones "$d/in.fwb" "$fid" 2>/dev/null |
		    "$JQ" -R -s -c 'split("\n") | map(select(. != "")
		    | split("\t") | {key: .[0], value: .[1]}) | from_entries')
		[ -n "$zones" ] || zones='{}' ;;
	esac
	noforward=false
	[ "$("$FWB_PREP" option "$d/in.fwb" "$fid" linux24_ip_forward \
	    2>/dev/null)" = 0 ] && noforward=true
	out= bad=0
	for fam in 4 6 pf asa; do
		case $fam in
		asa)	case $plat in pix|fwsm) ;; *) continue ;; esac
			"$FIRELINT" diff --old-format=fwb --new-format=asa \
			    --entry "fwb/$fname=$asaside" \
			    -o json "$d/in.cmp.fwb" "$asa" \
			    >"$d/diff$fam.json" 2>"$d/diff$fam.err" ;;
		pf)	[ "$plat" = pf ] || continue
			"$FIRELINT" diff --old-format=fwb --new-format=pf \
			    --entry "fwb/$fname@in&fwb/$fname@out=pf/in@in&pf/out@out" \
			    -o json \
			    "$d/in.fwb" "$d/pf.cmp" >"$d/diff$fam.json" \
			    2>"$d/diff$fam.err" ;;
		*)	[ "$plat" = iptables ] && [ -f "$d/v$fam.rules" ] ||
			    continue
			# the block fed to ip6tables-restore is IPv6 even
			# when no rule names an address: say so as
			# ip6tables-save would
			{
				[ "$fam" = 6 ] && echo "# Generated by" \
				    "ip6tables-save (fwb_ipt's block for" \
				    "ip6tables-restore)"
				sed -E -f "$w/rewrite.sed" "$d/v$fam.rules"
			} >"$d/v$fam.cmp"
			"$FIRELINT" diff --old-format=fwb \
			    --new-format=iptables --entry "$fwbside=ipv$fam/filter/INPUT+ipv$fam/filter/FORWARD+ipv$fam/filter/OUTPUT" \
			    -o json "$d/in.fwb" "$d/v$fam.cmp" \
			    >"$d/diff$fam.json" 2>"$d/diff$fam.err" ;;
		esac
		rc=$?
		grep -q 'Sanitizer\|runtime error:' "$d/diff$fam.err" && rc=2
		if [ $rc -eq 2 ]; then
			echo "DIFF-FAILED($fam: $(grep -m 1 error \
			    "$d/diff$fam.err" | cut -c 1-120))"
			return
		fi
		case $fam in
		pf|asa) jfam=any ;;
		*) jfam=ipv$fam ;;
		esac
		if ! "$JQ" -r --arg fam "$jfam" --arg os "$os" \
		    --argjson fwaddrs "$addrs" --argjson v6 "$v6" \
		    --argjson noforward "$noforward" --arg plat "$plat" \
		    --argjson asaifs "$asaifs" --argjson zones "$zones" \
		    -f "$w/classify.jq" "$d/diff$fam.json" >>"$d/classes" \
		    2>"$d/jq$fam.err"; then
			echo "DIFF-FAILED($fam: cannot classify: $(head -c \
			    120 "$d/jq$fam.err"))"
			return
		fi
	done
	[ -f "$d/classes" ] || : >"$d/classes"
	grep '^UNEXPLAINED	' "$d/classes" >"$d/unexplained"
	bad=$(wc -l <"$d/unexplained")
	if [ "$bad" -gt 0 ]; then
		echo "UNEXPLAINED($bad)"
		return
	fi
	out=$(cut -f 1 "$d/classes" | sort | uniq -c |
	    awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }')
	if [ -z "$out" ]; then
		echo equivalent
	else
		echo "explained($out)"
	fi
}

# --- one firewall: crosscheck.sh --one WORK FILE ID NAME PLATFORM N DUP
if [ "${1:-}" = --one ]; then
	work=$2 file=$3 id=$4 name=$5 platform=$6 n=$7 dup=$8
	d=$work/fw$n
	mkdir -p "$d/out"
	printf '%s %s\n%s\n' "$file" "$name" "$platform" >"$d/name"
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
		printf '%s\t%s\t%s\tprep-failed\t-\t-\n' "$file" "$name" \
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
		printf '%s\t%s\t%s\trefused(rc=%s): %s\t-\t-\n' "$file" "$name" \
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
		rc=$?
		# a sanitizer's report fails the parse whatever the status
		grep -q 'Sanitizer\|runtime error:' "$d/$o.checkerr" && rc=san
		parse="$parse ${o##*/}=$rc"
	done
	cmp=-
	case $res in
	ok*)	cmp=$(compare "$work" "$d" "$id" "$name" "$dup" "$platform") ;;
	*)	cmp="not-compared(compiler errors)" ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$name" "$platform" "$res" \
	    "${parse# }" "$cmp"
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
JQ=$(command -v jq) || {
	echo "crosscheck: SKIP: jq is not installed (apt-get install jq);" \
	    "it reads firelint diff -o json"
	exit 77
}
EXCEPTIONS=${CROSSCHECK_EXCEPTIONS:-$srcdir/tests/fwb/crosscheck.exceptions}
if [ ! -r "$EXCEPTIONS" ]; then
	echo "crosscheck: $EXCEPTIONS not found" >&2
	exit 2
fi
case $FWB_PREP in /*) ;; *) FWB_PREP=$(pwd)/$FWB_PREP ;; esac
case $FIRELINT in /*) ;; *) FIRELINT=$(pwd)/$FIRELINT ;; esac
export FWB_PREP FIRELINT JQ

work=$(mktemp -d "${TMPDIR:-/tmp}/fwb-crosscheck.XXXXXX") || exit 2
[ -n "${CROSSCHECK_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# The exceptions file as a sed script and a jq classifier.
awk -F '\t' '!/^#/ && $2 == "rewrite" { print $3 }' "$EXCEPTIONS" \
    >"$work/rewrite.sed"
awk -F '\t' '!/^#/ && $2 == "pf-rewrite" { print $3 }' "$EXCEPTIONS" \
    >"$work/pf-rewrite.sed"
{
	cat "$srcdir/tests/fwb/crosscheck.jq"
	awk -F '\t' '
	BEGIN { printf ".changes[] | (if false then \"\"\n" }
	!/^#/ && $2 == "change" {
		printf "elif (%s) then \"%s\"\n", $3, $1
	}
	END { print "else \"UNEXPLAINED\" end) + \"\\t\" + tojson" }
	' "$EXCEPTIONS"
} >"$work/classify.jq"
if ! echo '{"changes": []}' | "$JQ" -r --arg fam ipv4 --arg os x \
    --argjson fwaddrs '[]' --argjson v6 false --argjson noforward false \
    --arg plat iptables --argjson asaifs true --argjson zones '{}' \
    -f "$work/classify.jq" \
    >/dev/null; then
	echo "crosscheck: $EXCEPTIONS: a change predicate is not valid jq" >&2
	exit 2
fi
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
		printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n' "$work" "$b" "$id" \
		    "$name" "$platform" "$n" "$dup" >>"$jobs"
	done <"$work/$b.sel"
done
if [ "$n" -eq 0 ]; then
	echo "crosscheck: SKIP: no firewall for iptables, pf or pix selected"
	exit 77
fi
tr '\n' '\0' <"$jobs" |
    xargs -0 -n 7 -P "$JOBS" sh "$0" --one 2>>"$work/crash.err" |
    sort >"$LOG"

# every change no class explains, for the test log
unexpl=${LOG%.log}.unexplained
: >"$unexpl"
for u in "$work"/fw*/unexplained; do
	[ -s "$u" ] || continue
	d=${u%/unexplained}
	echo "== $(sed -n 1p "$d/name" 2>/dev/null) ($(sed -n 2p \
	    "$d/name" 2>/dev/null))" >>"$unexpl"
	cut -f 2- "$u" >>"$unexpl"
done

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
# The semantic comparison: per platform and result, and per class.
awk -F '\t' '$6 != "-" {
		r = $6
		sub(/\(.*/, "", r)
		n[$3 " compared: " r]++
		if (r == "explained") {
			x = $6
			gsub(/^explained\(|\)$/, "", x)
			k = split(x, c, " ")
			for (i = 1; i <= k; i++) {
				split(c[i], kv, ":")
				fws[$3 " exception " kv[1]]++
				chg[$3 " exception " kv[1]] += kv[2]
			}
		}
	}
	END {
		for (r in n)
			printf "crosscheck: %s %d\n", r, n[r]
		for (k in fws)
			printf "crosscheck: %s: %d changes in %d " \
			    "firewalls\n", k, chg[k], fws[k]
	}' "$LOG" | sort
status=0
# An output that fwbuilder itself reported errors for may be invalid
# (route-to without an interface, ...): firelint may refuse it.
fail=$(awk -F '\t' '$4 !~ /^errors/ && $5 ~ /=[^01 ]/' "$LOG")
if [ -n "$fail" ]; then
	echo "crosscheck: FAIL: firelint could not parse fwbuilder's output:"
	echo "$fail"
	status=1
fi
fail=$(awk -F '\t' '$6 ~ /^(UNEXPLAINED|DIFF-FAILED)/' "$LOG")
if [ -n "$fail" ]; then
	echo "crosscheck: FAIL: decisions differ from fwbuilder's, unexplained:"
	echo "$fail"
	echo "crosscheck: the changes (firelint diff -o json) are in $unexpl"
	head -c 20000 "$unexpl"
	status=1
fi
[ -n "${CROSSCHECK_KEEP:-}" ] && echo "crosscheck: work dir $work"
echo "crosscheck: per-firewall results in $LOG"
exit $status
