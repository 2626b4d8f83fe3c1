#!/bin/bash
# equivalence.sh - pfctl's regress pairs: X.ok is what `pfctl -nvf X.in`
# printed, pf.conf in pfctl's normalized form, so `firelint diff X.in X.ok`
# must find that they decide every packet the same way (issue 4).
#
# Pairs come from ../shared/corpus/pf (read in place): every X.in with an
# X.ok, except pfail* (inputs pfctl rejects) and the .ok files the corpus
# MANIFEST says are not pf.conf (ALTQ queue listings).  The few pairs that
# cannot be proven equivalent from the files alone are listed, with the
# reason and a class the script checks, in equivalence.exceptions; a listed
# pair that becomes equivalent fails too, so the list stays true.
# Skipped (exit 77) when the corpus is not there.
set -u
: "${FIRELINT:?FIRELINT must name the firelint binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
shared=${SHARED:-}
corpus=$shared/corpus/pf
if [[ -z $shared || ! -d $corpus ]]; then
	echo "SKIP: ../shared/corpus not found"
	exit 77
fi
exceptions=$SRCDIR/tests/pf/equivalence.exceptions
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
declare -A class
while read -r name cls _; do
	[[ -z $name || $name == \#* ]] && continue
	class[$name]=$cls
done <"$exceptions"
pass=0 fail=0 excepted=0 skipped=0
for in in "$corpus"/*.in; do
	base=${in%.in}
	name=${base##*/}
	ok=$base.ok
	[[ -f $ok ]] || continue
	case $name in *pfail*) continue ;; esac
	if grep -q "${name}\.ok.*not pf\.conf syntax" \
	    "$shared/corpus/MANIFEST.tsv" 2>/dev/null; then
		skipped=$((skipped + 1))
		continue
	fi
	"$FIRELINT" diff --format=pf -o json "$in" "$ok" >"$tmp/out" \
	    2>"$tmp/err"
	rc=$?
	cls=${class[$name]:-}
	changes=$(grep -c '^      "entry": ' "$tmp/out")
	conditional=$(grep -c '^      "condition": ' "$tmp/out")
	why=
	case $cls in
	"")
		[[ $rc == 0 ]] || why="not equivalent (exit $rc)" ;;
	conditional)
		# Every change holds only under a condition the model keeps
		# opaque (interface addresses of the host pfctl ran on, user
		# names it resolved).
		[[ $rc == 1 && $changes -gt 0 && $changes == "$conditional" ]] ||
		    why="expected only conditional changes (exit $rc," \
		    "$changes changes, $conditional conditional)" ;;
	missing-include)
		[[ $rc == 1 ]] && grep -q 'cannot open' "$tmp/err" ||
		    why="expected a missing include (exit $rc)" ;;
	undetermined)
		[[ $rc == 1 && $changes == 0 ]] &&
		    grep -q 'not compared' "$tmp/out" ||
		    why="expected an undetermined comparison (exit $rc," \
		    "$changes changes)" ;;
	*)
		why="unknown exception class '$cls'" ;;
	esac
	if [[ -n $why ]]; then
		echo "FAIL $name: $why"
		sed 's/^/    /' "$tmp/out" | head -40
		fail=$((fail + 1))
	elif [[ -n $cls ]]; then
		echo "EXCEPTION $name ($cls)"
		excepted=$((excepted + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "$pass equivalent, $excepted explained exceptions, $fail failed," \
    "$skipped not pf.conf"
[[ $fail == 0 && $pass -gt 0 ]]
