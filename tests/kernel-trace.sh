#!/bin/bash
# kernel-trace.sh - the Linux kernel as an oracle for `firelint trace`.
#
# Two fresh network namespaces joined by a veth pair (the receiving end is
# named eth0 inside its namespace, so "-i eth0" rules mean something).
# For each ruleset (our samples/iptables files, then the corpus files that
# this kernel's iptables-restore accepts), the filter table alone is
# loaded in the receiving namespace; TCP SYNs and UDP datagrams are sent
# with bash's /dev/tcp and /dev/udp (ICMP echo too when ping is
# installed), and `iptables-save -c` before and after each packet says
# which rules of the chains INPUT reaches, and which policy, counted it.
# When no condition firelint cannot evaluate was on the way, firelint
# trace must name the same path: the deciding rule (or the policy), and
# exactly the rules whose counters moved.  One FAIL line per disagreement,
# with the command that reproduces it (line numbers are the original
# file's); the last line is "kernel-trace: N passed, N failed".  Needs
# root, ip (iproute2), iptables; skips (77) otherwise.
set -u
: "${FIRELINT:?FIRELINT must name the firelint binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
SHARED=${SHARED:-$SRCDIR/../shared}

skip() {
	echo "SKIP: $*"
	exit 77
}
[[ $(id -u) == 0 ]] || skip "needs root to create network namespaces"
for tool in ip iptables-restore iptables-save timeout; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done

A=flA$$
B=flB$$
tmp=$(mktemp -d) || exit 99
cleanup() {
	local pid

	# Senders still waiting in A (only this shell's live jobs).
	for pid in $(jobs -p); do
		kill "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	# Only left in the root namespace when moving it failed.
	ip link del "vA$$" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
ip netns add "$A" 2>/dev/null || skip "cannot create a network namespace"
ip netns add "$B" 2>/dev/null || skip "cannot create a network namespace"
ip link add "vA$$" type veth peer name "vB$$" 2>/dev/null ||
    skip "cannot create a veth pair"
ip link set "vA$$" netns "$A" && ip link set "vB$$" netns "$B" &&
    ip -n "$B" link set "vB$$" name eth0 || exit 99
ip -n "$A" addr add 10.99.0.1/24 dev "vA$$" &&
    ip -n "$A" addr add 192.168.1.10/24 dev "vA$$" &&
    ip -n "$B" addr add 10.99.0.2/24 dev eth0 &&
    ip -n "$B" addr add 192.168.1.1/24 dev eth0 || exit 99
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up || exit 99
done
ip -n "$A" link set "vA$$" up && ip -n "$B" link set eth0 up || exit 99
ip netns exec "$B" iptables-restore </dev/null 2>/dev/null ||
    skip "iptables does not work inside a network namespace here"
# Replies of the receiving host (RST, ICMP errors) would count in chains
# that OUTPUT shares with INPUT: the raw table drops them first.  Each
# ruleset below is restored into the filter table only, which leaves raw
# alone.
ip netns exec "$B" iptables -t raw -A OUTPUT -j DROP || exit 99
have_ping=false
command -v ping >/dev/null 2>&1 && have_ping=true

# proto  source  destination  port
packets=(
	"tcp 10.99.0.1 10.99.0.2 22"
	"tcp 10.99.0.1 10.99.0.2 80"
	"tcp 10.99.0.1 10.99.0.2 443"
	"tcp 10.99.0.1 10.99.0.2 23"
	"tcp 192.168.1.10 192.168.1.1 22"
	"tcp 192.168.1.10 192.168.1.1 3306"
	"udp 10.99.0.1 10.99.0.2 53"
	"udp 10.99.0.1 10.99.0.2 99"
	"udp 192.168.1.10 192.168.1.1 161"
)
$have_ping && packets+=("icmp 10.99.0.1 10.99.0.2 0")

# Start one packet in the background: the receiver never answers (its
# replies are dropped), so a connect or a ping would only wait.  The
# caller polls the counters instead.  Every sender ends by itself well
# before TCP would retransmit its SYN (1 s).
send() {
	local proto=$1 src=$2 dst=$3 port=$4

	case $proto in
	tcp) ip netns exec "$A" timeout 0.5 bash -c \
	    "exec 3<>/dev/tcp/$dst/$port" 2>/dev/null & ;;
	udp) ip netns exec "$A" bash -c "echo x >/dev/udp/$dst/$port" \
	    2>/dev/null & ;;
	icmp) ip netns exec "$A" timeout 0.5 ping -n -c 1 -I "$src" \
	    "$dst" >/dev/null 2>&1 & ;;
	esac
}

# "policy P" and "LINE P" per counted INPUT rule, from iptables-save -c,
# the k-th rule of a chain being the k-th rule the map (below) gives for
# that chain.  A line that expanded into several kernel rules sums them.
counters() {
	ip netns exec "$B" iptables-save -c -t filter | awk -v map="$1" '
	BEGIN { while ((getline l < map) > 0) { split(l, f, " ");
		line[f[1] " " f[2]] = f[3] } }
	/^:INPUT / { sub(/^\[/, "", $3); split($3, c, ":");
		sum["policy"] += c[1] }
	/^\[/ { chain = $3; n[chain]++; sub(/^\[/, "", $1);
		split($1, c, ":"); k = chain " " n[chain];
		if (k in line) sum[line[k]] += c[1] }
	END { for (k in sum) print k, sum[k] }'
}

moved() {
	awk 'NR == FNR { before[$1] = $2; next }
	    $2 != before[$1] { print $1 }' "$1" "$2" | sort -u
}

# Send a packet and wait (at most about a second) until the counters
# say INPUT has seen it: something there always counts a packet, a rule
# that decides or jumps, or the policy.  Read once more after the first
# change so a walk still under way on another CPU is complete.
measure() {
	local map=$1 i

	counters "$map" >"$tmp/before"
	send "${@:2}"
	for ((i = 0; i < 100; i++)); do
		counters "$map" >"$tmp/after"
		moved "$tmp/before" "$tmp/after" >"$tmp/moved"
		if [[ -s $tmp/moved ]]; then
			sleep 0.02
			counters "$map" >"$tmp/after"
			moved "$tmp/before" "$tmp/after" >"$tmp/moved"
			return 0
		fi
		sleep 0.01
	done
	return 1
}

files=0
passed=0
failed=0
refused=0
opaque=0
fail() {
	echo "FAIL $*"
	failed=$((failed + 1))
}
check_file() {
	local src=$1 rules=$tmp/rules map=$tmp/map first off

	# The filter table alone: nat or mangle rules would change the
	# packet before INPUT sees it.
	if (($(grep -c '^\*filter' "$src") != 1)) ||
	    grep -q '^-I ' "$src"; then
		return
	fi
	first=$(grep -n '^\*filter' "$src" | cut -d: -f1)
	off=$((first - 1))
	awk '/^\*filter/ { on = 1 } on { print } on && /^COMMIT/ { exit }' \
	    "$src" | tr -d '\r' >"$rules"
	# iptables-nft only creates the built-in chains a file names.
	grep -q '^COMMIT' "$rules" && grep -q '^:INPUT ' "$rules" || return
	if ! ip netns exec "$B" iptables-restore <"$rules" 2>/dev/null; then
		refused=$((refused + 1))
		return
	fi
	"$FIRELINT" -q dump "$rules" >/dev/null 2>&1 || return
	files=$((files + 1))
	# "CHAIN K LINE": the K-th kernel rule of CHAIN comes from LINE of
	# the file.  A line may start with its "[packets:bytes]", and
	# iptables-restore makes one kernel rule per source and destination
	# address of a comma list.  Only chains INPUT reaches: the others
	# see no packet of ours.
	awk '{ sub(/^\[[0-9]+:[0-9]+\][ \t]+/, "") }
	    /^-A / { m = 1;
		for (i = 3; i < NF; i++) {
			if ($i ~ /^(-s|--source|--src|-d|--destination|--dst)$/)
				m *= split($(i + 1), t, ",");
			if ($i == "-j" || $i == "-g")
				edge[$2] = edge[$2] " " $(i + 1)
		}
		for (j = 0; j < m; j++) {
			r++; rule[r] = $2 " " ++n[$2] " " NR; ch[r] = $2
		} }
	    END { reach["INPUT"] = 1; do { more = 0; for (c in reach) {
		k = split(edge[c], t, " "); for (i = 1; i <= k; i++)
		if (!(t[i] in reach)) { reach[t[i]] = 1; more = 1 } } }
		while (more);
		for (l in rule) if (ch[l] in reach) print rule[l] }' \
	    "$rules" >"$map"
	local p proto s d port words repro decided determined maybe want got
	for p in "${packets[@]}"; do
		read -r proto s d port <<<"$p"
		# What was sent: a first packet (conntrack NEW), a bare SYN
		# for TCP.  The source port is the kernel's choice; 40000 is
		# in the same ephemeral range.
		case $proto in
		tcp) words="tcp $s:40000 -> $d:$port in eth0 state new flags S" ;;
		udp) words="udp $s:40000 -> $d:$port in eth0 state new" ;;
		icmp) words="icmp echo-request $s -> $d in eth0 state new" ;;
		esac
		# Line numbers below are the original file's.
		repro="(firelint trace --entry=ipv4/filter/INPUT '$src' '$words')"
		if ! measure "$map" $proto "$s" "$d" "$port"; then
			fail "$src: $words: no INPUT counter moved within" \
			    "a second; the packet never reached INPUT $repro"
			continue
		fi
		if ! "$FIRELINT" -q trace -o json --entry=ipv4/filter/INPUT \
		    "$rules" "$words" >"$tmp/trace.json" 2>/dev/null; then
			fail "$src: $words: firelint trace failed $repro"
			continue
		fi
		# Steps as "event line", then "decided LINE|policy" and
		# "determined true|false".
		awk '/"steps"/ { st = 1 } /"decision"/ { st = 0 }
		    /"event":/ { gsub(/[",]/, "", $2); ev = $2 }
		    st && /"line":/ { gsub(/,/, "", $2); print ev, $2 }
		    /"decided_by"/ { db = 1 }
		    db && /"default": true/ { print "decided policy"; db = 0 }
		    db && /"line":/ { gsub(/,/, "", $2); print "decided", $2;
			db = 0 }
		    /"determined":/ { gsub(/,/, "", $2); print "determined", $2 }' \
		    "$tmp/trace.json" >"$tmp/steps"
		decided=$(awk '$1 == "decided" { print $2 }' "$tmp/steps")
		determined=$(awk '$1 == "determined" { print $2 }' "$tmp/steps")
		maybe=$(awk '$1 == "maybe" || $1 == "unknown"' "$tmp/steps")
		# Rate limits and other conditions firelint cannot evaluate:
		# the kernel may have taken another path to the same verdict.
		if [[ $determined != true || -n $maybe ]]; then
			opaque=$((opaque + 1))
			continue
		fi
		# The path: every rule that matched (jumps, gotos, returns,
		# LOG and the like, the decider) or the policy.
		want=$(awk -v off="$off" '
		    $1 ~ /^(jump|goto|return|continue|decide)$/ {
			print $2 + off }
		    $1 == "default" { print "policy" }' "$tmp/steps" |
		    sort -u | tr '\n' ' ')
		got=$(awk -v off="$off" '$1 == "policy" { print; next }
		    { print $1 + off }' "$tmp/moved" | sort -u | tr '\n' ' ')
		if ! grep -qx "$decided" "$tmp/moved"; then
			[[ $decided != policy ]] && decided="line $((decided + off))"
			fail "$src: $words: firelint says $decided decides" \
			    "(path: ${want% }), the kernel counted: ${got% }" \
			    "$repro"
		elif [[ $want != "$got" ]]; then
			fail "$src: $words: firelint's path: ${want% };" \
			    "the kernel counted: ${got% } $repro"
		else
			passed=$((passed + 1))
		fi
	done
}

shopt -s nullglob
for f in "$SRCDIR"/samples/iptables/*.rules "$SHARED"/corpus/iptables/*; do
	[[ -f $f ]] && check_file "$f"
done
((files > 0)) || skip "no ruleset could be loaded"
echo "kernel-trace: $files rulesets loaded ($refused refused by" \
    "iptables-restore), $opaque packets not checkable (conditions" \
    "firelint cannot evaluate)"
echo "kernel-trace: $passed passed, $failed failed"
((failed == 0))
