#!/bin/bash
# golden.sh - the reports of every sample compared with stored goldens.
#
# For each samples/FORMAT/NAME.EXT it runs `firelint check -o text`,
# `firelint check -o json` and `firelint dump`, and compares stdout plus a
# final "exit: N" line with tests/golden/FORMAT/NAME.{txt,json,dump}.  It
# runs from $SRCDIR so that paths in reports are relative.  With
# GOLDEN_UPDATE=1 it rewrites the goldens instead: read the diff before
# committing them, a golden is a claim about the sample.  A few command
# lines (cli_cases below) are checked the same way, stderr included, in
# tests/golden/cli/.  GOLDEN_ONLY=FORMAT limits the run to one format's
# samples (and skips the CLI cases unless it is "cli").
set -u
: "${FIRELINT:?FIRELINT must name the firelint binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
update=${GOLDEN_UPDATE:-}
cd "$SRCDIR" || exit 99
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
shopt -s nullglob
for input in samples/*/*; do
	[[ -f $input ]] || continue
	fmt=${input#samples/}
	fmt=${fmt%%/*}
	[[ -n ${GOLDEN_ONLY:-} && $GOLDEN_ONLY != "$fmt" ]] && continue
	# A front end that is written but not registered yet (its samples
	# land with it): say so rather than compare "unknown format".
	if ! "$FIRELINT" --format="$fmt" checks >/dev/null 2>&1; then
		echo "SKIP $input: firelint has no '$fmt' front end yet"
		continue
	fi
	name=${input##*/}
	base=${name%.*}
	for kind in txt json dump; do
		case $kind in
		txt) args=(check --color=never -o text) ;;
		json) args=(check --color=never -o json) ;;
		dump) args=(dump --color=never) ;;
		esac
		golden=tests/golden/$fmt/$base.$kind
		"$FIRELINT" "${args[@]}" "$input" >"$tmp/out" 2>"$tmp/err" \
		    </dev/null
		printf 'exit: %d\n' "$?" >>"$tmp/out"
		if [[ $update == 1 ]]; then
			mkdir -p "tests/golden/$fmt"
			if ! cmp -s "$tmp/out" "$golden"; then
				cp "$tmp/out" "$golden"
				echo "UPDATED $fmt/$base.$kind"
			fi
			pass=$((pass + 1))
			continue
		fi
		if [[ ! -f $golden ]]; then
			echo "FAIL $fmt/$base.$kind (no golden $golden;" \
			    "run with GOLDEN_UPDATE=1)"
			fail=$((fail + 1))
		elif cmp -s "$tmp/out" "$golden"; then
			echo "PASS $fmt/$base.$kind"
			pass=$((pass + 1))
		else
			echo "FAIL $fmt/$base.$kind"
			diff -u "$golden" "$tmp/out" | head -n 60
			sed 's/^/  stderr: /' "$tmp/err" | head -n 10
			fail=$((fail + 1))
		fi
	done
done
# Command-line behaviour: stdout, then stderr after a "--- stderr" line.
cli_cases=(
	"checks|checks"
	"checks-json|checks -o json"
	"version|--version"
	"enable-one|--enable=orphaned samples/iptables/orphaned-chain.rules"
	"disable-two|--disable=missing-audit-comment,orphaned samples/iptables/orphaned-chain.rules"
	"fail-on-error|--fail-on=error samples/iptables/counters.rules"
	"fail-on-never|--fail-on=never -o json samples/iptables/undefined-chain.rules"
	"two-files|check -q --enable=unused,undefined-reference samples/iptables/counters.rules samples/iptables/undefined-chain.rules"
	"unknown-check|--enable=bogus samples/iptables/counters.rules"
	"unknown-format|--format=cisco samples/iptables/counters.rules"
	"unknown-output|-o xml samples/iptables/counters.rules"
	"no-file|check"
	"missing-file|check samples/iptables/no-such-file.rules"
	"undetectable|check tests/golden.sh"
	"counters-merge|check --enable=unused --counters=samples/asa/asa9-hits.txt samples/asa/asa9.cfg"
	"counters-not-asa|check --counters=samples/asa/asa9-hits.txt samples/iptables/router.rules"
	"diff-counters-only|diff samples/iptables/counters.rules samples/iptables/counters-fresh.rules"
	"diff-router|diff samples/iptables/router.rules samples/iptables/router-v2.rules"
	"diff-router-json|diff -o json samples/iptables/router.rules samples/iptables/router-v2.rules"
	"diff-pf|diff samples/pf/gateway.conf samples/pf/gateway-v2.conf"
	"diff-entry-pair|diff --entry=ipv4/filter/INPUT+ipv4/filter/FORWARD=ipv4/filter/INPUT+ipv4/filter/FORWARD samples/iptables/router.rules samples/iptables/router-v2.rules"
	"diff-bad-pair|diff --entry=ipv4/filter/INPUT=nope samples/iptables/router.rules samples/iptables/router-v2.rules"
	"diff-one-file|diff samples/iptables/router.rules"
	"trace-pf-last-match|trace samples/pf/anomalies.conf udp 198.51.100.7:5353 -> 192.0.2.53:53 in em0"
	"trace-pf-quick|trace samples/pf/anomalies.conf tcp 10.1.2.3:40000 -> 192.0.2.10:23 in em0"
	"trace-goto|trace samples/iptables/trace-paths.rules tcp 192.168.1.10:40000 -> 10.99.0.2:22 in eth0"
	"trace-return|trace samples/iptables/trace-paths.rules tcp 10.99.0.1:40000 to 10.99.0.2:80 in eth0"
	"trace-reject-json|trace -o json samples/iptables/trace-paths.rules udp 10.99.0.1:40000 -> 10.99.0.2:99 in eth0"
	"trace-opaque|trace samples/iptables/opaque-modules.rules icmp echo-request 198.51.100.1 -> 10.0.0.1 in eth0"
	"trace-forward|trace samples/iptables/router.rules tcp 203.0.113.9:40000 -> 172.16.5.10:443 in eth0 out eth2"
	"trace-entry|trace --entry=ipv4/filter/INPUT samples/iptables/router.rules udp 10.20.0.9:5353 -> 10.20.0.1:53 in eth1"
	"trace-asa|trace samples/asa/asa9.cfg tcp 203.0.113.5:1000 -> 192.0.2.10:80 in outside"
	"trace-asa-json|trace -o json samples/asa/pix6.cfg tcp 203.0.113.5:1000 -> 192.168.50.10:443 in outside"
	"trace-fwb|trace samples/fwb/branch.fwb udp 10.0.0.7:5353 -> 10.0.0.53:53 in eth0 out eth1"
	"trace-no-entry|trace samples/iptables/host6.rules tcp 192.0.2.1:1 -> 192.0.2.2:22"
	"trace-bad-entry|trace --entry=nope samples/iptables/counters.rules tcp 1.2.3.4:1 -> 5.6.7.8:22"
	"trace-bad-packet|trace samples/iptables/counters.rules tcp 1.2.3.4:1 -> bogus"
	"trace-no-packet|trace samples/iptables/counters.rules"
)
for case in "${cli_cases[@]}"; do
	[[ -n ${GOLDEN_ONLY:-} && $GOLDEN_ONLY != cli ]] && break
	name=${case%%|*}
	read -r -a args <<<"${case#*|}"
	golden=tests/golden/cli/$name.out
	"$FIRELINT" --color=never "${args[@]}" >"$tmp/out" 2>"$tmp/err" \
	    </dev/null
	rc=$?
	{ echo "--- stderr"; cat "$tmp/err"; } >>"$tmp/out"
	printf 'exit: %d\n' "$rc" >>"$tmp/out"
	if [[ $update == 1 ]]; then
		mkdir -p tests/golden/cli
		if ! cmp -s "$tmp/out" "$golden"; then
			cp "$tmp/out" "$golden"
			echo "UPDATED cli/$name"
		fi
		pass=$((pass + 1))
	elif [[ ! -f $golden ]]; then
		echo "FAIL cli/$name (no golden $golden; run with GOLDEN_UPDATE=1)"
		fail=$((fail + 1))
	elif cmp -s "$tmp/out" "$golden"; then
		echo "PASS cli/$name"
		pass=$((pass + 1))
	else
		echo "FAIL cli/$name"
		diff -u "$golden" "$tmp/out" | head -n 60
		fail=$((fail + 1))
	fi
done
if ((pass + fail == 0)); then
	echo "golden: no samples found under $SRCDIR/samples"
	exit 99
fi
echo "golden: $pass passed, $fail failed"
exit $((fail > 0))
