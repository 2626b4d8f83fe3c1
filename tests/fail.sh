#!/bin/bash
# fail.sh - inputs that must be rejected, with their exact diagnostics.
#
# For every tests/fail/FORMAT/NAME.{rules,conf,cfg,fwb} that has a sibling
# NAME.err, `firelint check --format=FORMAT --color=never NAME.EXT` (run
# from $SRCDIR, so paths are relative) must exit 2 and print exactly the
# .err on stderr.  With GOLDEN_UPDATE=1 the .err files are (re)written
# from the current output, also for inputs that have none yet.
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
for dir in tests/fail/*/; do
	fmt=${dir%/}
	fmt=${fmt##*/}
	# A format this binary does not know would only give "unknown
	# format": never write that into an .err.
	if ! "$FIRELINT" --format="$fmt" checks >/dev/null 2>&1; then
		echo "SKIP $dir: firelint has no '$fmt' front end yet"
		continue
	fi
	for input in "$dir"*.rules "$dir"*.conf "$dir"*.cfg "$dir"*.fwb; do
		err=${input%.*}.err
		[[ -f $err || $update == 1 ]] || continue
		"$FIRELINT" check --format="$fmt" --color=never "$input" \
		    >/dev/null 2>"$tmp/err" </dev/null
		rc=$?
		if [[ $update == 1 ]]; then
			if ((rc != 2)); then
				echo "FAIL $input: exit $rc, not 2 (no .err" \
				    "written)"
				fail=$((fail + 1))
				continue
			fi
			cmp -s "$tmp/err" "$err" ||
			    { cp "$tmp/err" "$err"; echo "UPDATED $err"; }
			pass=$((pass + 1))
			continue
		fi
		if ((rc != 2)); then
			echo "FAIL $input: exit $rc, expected 2"
			sed 's/^/  stderr: /' "$tmp/err" | head -n 10
			fail=$((fail + 1))
		elif ! cmp -s "$tmp/err" "$err"; then
			echo "FAIL $input: stderr differs from $err"
			diff -u "$err" "$tmp/err" | head -n 40
			fail=$((fail + 1))
		else
			echo "PASS $input"
			pass=$((pass + 1))
		fi
	done
done
echo "fail: $pass passed, $fail failed"
exit $((fail > 0))
