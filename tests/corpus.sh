#!/bin/bash
# corpus.sh - firelint over the public corpus kept beside the source tree
# (../shared/corpus): every file must be accepted, or rejected with a
# location when it is known to be invalid.  Skipped (exit 77) when the
# corpus is not there, as in a release tarball.
set -u
: "${FIRELINT:?FIRELINT must name the firelint binary}"
shared=${SHARED:-}
if [[ -z $shared || ! -d $shared/corpus ]]; then
	echo "SKIP: ../shared/corpus not found"
	exit 77
fi
if [[ ! -x $shared/tools/corpus-check ]]; then
	echo "SKIP: ../shared/tools/corpus-check not found"
	exit 77
fi
# Every format this binary has a front end for (frontend_table decides).
status=0
for fmt in iptables pf asa fwb; do
	"$FIRELINT" --format="$fmt" checks >/dev/null 2>&1 || continue
	"$shared/tools/corpus-check" --format "$fmt" "$FIRELINT" || status=1
done
exit $status
