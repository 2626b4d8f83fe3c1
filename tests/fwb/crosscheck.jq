# Functions for the change predicates of crosscheck.exceptions (jq; the
# harness appends the classifier).  Variables: $fam, $v6, $os, $noforward,
# $fwaddrs.

# The text of the deciding rules.
def newtext: [.new_rules[]? | .rule // ""] | join("\n");
def oldtext: [.old_rules[]? | .rule // ""] | join("\n");
# a is one of the firewall's addresses; every address is known.
def fwaddr(a): a != null and any($fwaddrs[]; . == a);
def static: all($fwaddrs[]; . != "dynamic");
# The region is one box (so sp describes all of it).
def single: .space | test("more boxes") | not;
# The box as a map: {"src": "10.0.0.0/8", "in": "eth0", ...}; a field
# that is absent is any value.
def sp: .space | sub(" \\(and [0-9]+ more boxes\\)$"; "")
    | split(", ") | map(capture("^(?<key>[a-z-]+) (?<value>.*)$")?)
    | from_entries;
# Some interface (never none): "eth0", "eth0|eth1", "not lo", "any
# interface"; "not lo or none" may be none.
def iface(v): v != null
    and (v | test("^(not )?[A-Za-z0-9_.:@/+-]+([|][A-Za-z0-9_.:@/+-]+)*$|^any interface$"));
# A list of plain addresses, all (none) of them the firewall's.
def addrs(v): v != null and (v | test("^[0-9a-fA-F.:]+(,[0-9a-fA-F.:]+)*$"));
def allfw(v): addrs(v) and (v | split(",") | all(fwaddr(.)));
def nofw(v): addrs(v) and (v | split(",") | all(fwaddr(.) | not));

# Regions of several boxes: .boxes describes each (all of them when
# .nboxes is its length); allboxes(f) holds when f holds of every box as a
# map like sp, and every box is known.
def boxmap(t): t | sub(" \\(and [0-9]+ more boxes\\)$"; "")
    | split(", ") | map(capture("^(?<key>[a-z-]+) (?<value>.*)$")?)
    | from_entries;
def boxlist: if .boxes then .boxes else [.space] end;
def whole: if .boxes then .nboxes == (.boxes | length)
    else (.space | test("more boxes") | not) end;
def allboxes(f): whole and all(boxlist[]; boxmap(.) | f);
# A plain interface name (not a class of them, not none).
def ifname(v): v != null and (v | test("^[A-Za-z0-9_.:@/+-]+$"));
# IPv4 sets as sorted lists of [lo, hi]: "A", "A/N", "A-B", joined by
# commas, "!" before the list for its complement.
def ip4: split(".") | map(tonumber) | .[0] * 16777216 + .[1] * 65536
    + .[2] * 256 + .[3];
def range4: if test("/") then split("/") as $p
    | (reduce range(0; 32 - ($p[1] | tonumber)) as $i (1; . * 2)) as $s
    | ((($p[0] | ip4) / $s | floor) * $s) as $lo | [$lo, $lo + $s - 1]
    elif test("-") then split("-") | map(ip4)
    else ip4 as $a | [$a, $a] end;
def complement4: sort | reduce .[] as $r ({out: [], next: 0};
    (if $r[0] > .next then .out += [[.next, $r[0] - 1]] else . end)
    | .next = ([.next, $r[1] + 1] | max))
    | if .next <= 4294967295 then .out + [[.next, 4294967295]]
    else .out end;
def set4: if startswith("!") then .[1:] | split(",") | map(range4)
    | complement4 else split(",") | map(range4) end;
def overlaps4(a; b): any(a[]; . as $x | any(b[]; $x[0] <= .[1]
    and .[0] <= $x[1]));
# The addresses that may come in by interface i, by the network zones of
# the firewall's interfaces ($zones: label -> "A/N,..."): its zone, or for
# a zone "any" what no other interface's zone holds; null when unknown.
def effzone(i): $zones[i] as $z
    | if $z == null or ($z | test("[?]")) then null
    elif ($z | split(",") | any(. == "any")) then
        ([$zones | to_entries[] | select(.key != i) | .value]) as $o
        | if any($o[]; test("[?]")) then null
        else [$o[] | split(",")[] | select(. != "any") | range4]
            | complement4 end
    else $z | split(",") | map(range4) end;
# Every source of the box comes from outside the zone of its input
# interface (IPv4, one named interface).
def outofzone: ifname(.in) and .src != null and (.src | test(":") | not)
    and effzone(.in) as $z | $z != null
    and (overlaps4(.src | set4; $z) | not);
