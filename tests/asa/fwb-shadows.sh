#!/bin/bash
# fwb-shadows.sh - firelint against Firewall Builder's own shadowing
# diagnostics (issue 5).  fwb_pix writes, into the configs it generates,
#   ! C NAME:Policy:N: error: Rule 'A (x)' shadows rule 'B (y)'  below it
# and it opens the commands of each policy rule with "! Rule  N (x)".  For
# every such pair in the corpus, each access-list entry generated for rule B
# must be reported `shadowed` or `redundant` (fwbuilder ignores actions) with
# an entry of rule A among the related locations, or deciding the witness.
# Rules compiled to no access-list entry at all have nothing to check and
# are counted apart: in fwbuilder__generated-firewall.cfg, rule 1 produced
# no command and rule 4 only "ssh 192.168.1.0 255.255.255.0 inside", a
# management line that an interface access-list does not filter (to-the-box
# traffic), so rule 0's "deny ip any any" cannot shadow it.  Pairs firelint
# rightly does not confirm are listed in EXCEPTIONS with the reason.
# Entries firelint finds beyond fwbuilder are printed as EXTRA, not judged:
# fwbuilder compares whole policy rules, object by object, and only
# upwards, so it misses duplicates within one rule, covers that hold in one
# access-list only, equal address sets written with other objects, and
# downward redundancy (a later rule would decide the same).
# Skipped (exit 77) when the corpus is not there, as in a release tarball.
# Plain bash and awk (any POSIX awk): no jq, no python.
set -u
: "${FIRELINT:?FIRELINT must name the firelint binary}"
shared=${SHARED:-}
if [[ -z $shared || ! -d $shared/corpus ]]; then
	echo "SKIP: ../shared/corpus not found"
	exit 77
fi
corpus=$shared/corpus/asa
if [[ ! -d $corpus ]]; then
	echo "SKIP: ../shared/corpus/asa not found"
	exit 77
fi

# Pairs firelint is right not to confirm, as words "FILE:A:B" (fwbuilder
# rule numbers), each with its reason in a comment above it.  None so far.
EXCEPTIONS=''

# A JSON document flattened to one "path<TAB>value" line per scalar, e.g.
# "findings.3.related.0.line	250": enough for firelint's own output.
json_flat() {
	awk '
	{ s = s $0 "\n" }
	function emit(v,   p, k) {
		p = ""
		for (k = 1; k <= d; k++)
			p = p (k > 1 ? "." : "") \
			    (typ[k] == "a" ? idx[k] : key[k])
		print p "\t" v
	}
	END {
		n = length(s); d = 0; want_key = 0
		for (i = 1; i <= n; i++) {
			c = substr(s, i, 1)
			if (c == " " || c == "\n" || c == "\t" || c == "\r")
				continue
			if (c == "{") {
				typ[++d] = "o"; key[d] = ""; want_key = 1
			} else if (c == "[") {
				typ[++d] = "a"; idx[d] = 0; want_key = 0
			} else if (c == "}" || c == "]") {
				d--; want_key = 0
			} else if (c == ":") {
				want_key = 0
			} else if (c == ",") {
				if (typ[d] == "a")
					idx[d]++
				else
					want_key = 1
			} else if (c == "\"") {
				v = ""
				for (i++; i <= n; i++) {
					c = substr(s, i, 1)
					if (c == "\"")
						break
					if (c == "\\") {
						c = substr(s, ++i, 1)
						if (c == "n") c = " "
						else if (c == "t") c = " "
						else if (c == "u") {
							c = "?"; i += 4
						}
					}
					v = v c
				}
				if (want_key && typ[d] == "o") {
					key[d] = v; want_key = 0
				} else
					emit(v)
			} else {
				v = c
				while (i < n && \
				    substr(s, i + 1, 1) !~ /[],} \n\t\r]/)
					v = v substr(s, ++i, 1)
				emit(v)
			}
		}
	}'
}

status=0
tot_pairs=0 tot_ok=0 tot_none=0 tot_exc=0 tot_bad=0 tot_extra=0
files=$(grep -l "shadows rule '" "$corpus"/*.cfg 2>/dev/null)
if [[ -z $files ]]; then
	echo "SKIP: no fwbuilder shadowing diagnostics in $corpus"
	exit 77
fi
for f in $files; do
	json=$("$FIRELINT" check -o json --fail-on=never "$f" 2>/dev/null)
	rc=$?
	if [[ $rc -ne 0 ]]; then
		echo "FAIL: $f: firelint check exited $rc"
		status=1
		continue
	fi
	out=$(printf '%s\n' "$json" | json_flat |
	    awk -v file="${f##*/}" -v exceptions="$EXCEPTIONS" '
	# Pass 1: the config.  Policy rule blocks open with "! Rule  N (x)"
	# (two spaces; NAT blocks say "(NAT)", routing blocks "Rule N (main)")
	# and end at the next "! Rule" header.
	FNR == NR {
		if ($0 ~ /^! C [^ ]*:Policy:[0-9]+: error: Rule .* shadows /) {
			a = $0; sub(/^.*error: Rule \047/, "", a)
			sub(/ .*/, "", a)
			b = $0; sub(/^.* shadows rule \047/, "", b)
			sub(/ .*/, "", b)
			if (!((a, b) in pair)) {
				pair[a, b] = 1; npair++
				pa[npair] = a; pb[npair] = b
			}
			next
		}
		if ($0 ~ /^! Rule /) {
			cur = ""
			if ($0 ~ /^! Rule  -?[0-9]+ \(/ && $0 !~ /\(NAT\)/) {
				cur = $3
			}
			next
		}
		if (cur != "" && $1 == "access-list" && $3 != "remark") {
			nent[cur]++; ent[cur, nent[cur]] = FNR; blk[FNR] = cur
			text[FNR] = $0; acl[FNR] = $2; act[FNR] = $3
			if (!((cur, $2) in act1))
				act1[cur, $2] = $3
		}
		next
	}
	# Pass 2: the flattened report.
	{
		path = $1; val = $0
		sub(/^[^\t]*\t/, "", val); sub(/\t.*/, "", path)
		np = split(path, p, ".")
		if (p[1] != "findings")
			next
		k = p[2]
		if (np == 3) {
			fv[k, p[3]] = val
			if (k + 1 > nf)
				nf = k + 1
		} else if (np == 5 && p[3] == "related" && p[5] == "line") {
			rel[k, ++nrel[k]] = val
		}
	}
	function anom(c) { return c == "shadowed" || c == "redundant" }
	END {
		for (k = 0; k < nf; k++) {
			if (!anom(fv[k, "check"]))
				continue
			ln = fv[k, "line"]
			fnd[ln] = k
			m = fv[k, "message"]
			dec[k] = ""
			if (match(m, /from line [0-9]+/))
				dec[k] = substr(m, RSTART + 10, RLENGTH - 10)
		}
		for (i = 1; i <= npair; i++) {
			a = pa[i]; b = pb[i]
			if (index(" " exceptions " ",
			    " " file ":" a ":" b " ")) {
				print "EXC " file " " a " " b; continue
			}
			if (nent[b] == 0) {
				print "NONE " file " rule " a \
				    " shadows rule " b \
				    ": rule " b " has no access-list entry"
				continue
			}
			bad = 0
			for (j = 1; j <= nent[b]; j++) {
				ln = ent[b, j]
				if (!(ln in fnd)) {
					print "MISS " file ":" ln " (rule " b \
					    ", shadowed by rule " a "): " \
					    "no shadowed/redundant finding: " \
					    text[ln]
					bad = 1; continue
				}
				k = fnd[ln]; ok = blk[dec[k]] == a
				for (r = 1; r <= nrel[k]; r++)
					if (blk[rel[k, r]] == a)
						ok = 1
				if (!ok) {
					print "MISS " file ":" ln " (rule " b \
					    "): " fv[k, "check"] " but no " \
					    "entry of rule " a " among related"
					bad = 1
				}
				# Upward, against rule A in the same list:
				# another action makes it shadowed.
				want = ""
				if ((a, acl[ln]) in act1 && \
				    fv[k, "message"] !~ /without it/)
					want = act1[a, acl[ln]] == act[ln] ? \
					    "redundant" : "shadowed"
				if (want != "" && fv[k, "check"] != want) {
					print "MISS " file ":" ln " (rule " b \
					    "): " fv[k, "check"] ", expected " \
					    want ": " text[ln]
					bad = 1
				}
			}
			print (bad ? "BAD " : "OK ") file " rule " a \
			    " shadows rule " b " (" nent[b] " entries)"
			if (!bad)
				claimed[b] = 1
		}
		# What firelint finds beyond fwbuilder: anomalous entries of
		# rules no pair names as shadowed.
		for (k = 0; k < nf; k++) {
			ln = fv[k, "line"]
			if (!anom(fv[k, "check"]) || (blk[ln] in claimed))
				continue
			print "EXTRA " file ":" ln " " fv[k, "check"] \
			    " (rule " (ln in blk ? blk[ln] : "-") "): " \
			    fv[k, "rule"] " -- " fv[k, "message"]
		}
	}' "$f" -)
	printf '%s\n' "$out"
	while read -r kind _; do
		case $kind in
		OK) tot_pairs=$((tot_pairs + 1)) tot_ok=$((tot_ok + 1)) ;;
		BAD) tot_pairs=$((tot_pairs + 1)) tot_bad=$((tot_bad + 1))
		     status=1 ;;
		NONE) tot_pairs=$((tot_pairs + 1)) tot_none=$((tot_none + 1)) ;;
		EXC) tot_pairs=$((tot_pairs + 1)) tot_exc=$((tot_exc + 1)) ;;
		EXTRA) tot_extra=$((tot_extra + 1)) ;;
		esac
	done <<<"$out"
done
echo "fwbuilder pairs: $tot_pairs; confirmed by firelint: $tot_ok;" \
    "without access-list entries: $tot_none; documented exceptions:" \
    "$tot_exc; not confirmed: $tot_bad; further findings fwbuilder" \
    "does not list: $tot_extra"
if [[ $tot_ok -eq 0 ]]; then
	echo "FAIL: no fwbuilder pair confirmed (is the mapping broken?)"
	status=1
fi
exit $status
