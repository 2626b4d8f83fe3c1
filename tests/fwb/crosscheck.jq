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
