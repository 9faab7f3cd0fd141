#!/usr/bin/env bash
# Compares two kb binaries (before and after a change) on `kb index --full` of a synthetic
# base: whole-process runs interleaved, in a new random order every round, so that the
# machine's drift in speed falls on both alike. Prints the median wall and CPU time of each.
#
#   cp target/release/kb /tmp/kb-before    # then change, rebuild
#   benches/compare.sh /tmp/kb-before target/release/kb            # 10,000 docs, 20 rounds
#   benches/compare.sh /tmp/kb-before target/release/kb 100000 5
#
# A difference smaller than the spread of several such runs is noise: repeat it before
# trusting it. Bases are kept in target/bench/.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
before=$(realpath "$1")
after=$(realpath "$2")
docs=${3:-10000}
rounds=${4:-20}
source "$(dirname "$0")/common.sh"
base="$PWD/target/bench/index-$docs"
[ -d "$base" ] || "$gen" "$base" --docs "$docs"
python3 - "$rounds" "$before" "$after" "$base" <<'PY'
import os, random, statistics, subprocess, sys, time

rounds, before, after, base = int(sys.argv[1]), *sys.argv[2:]
binaries = {"before": before, "after": after}
wall = {name: [] for name in binaries}
cpu = {name: [] for name in binaries}


def index_full(name):
    """One whole `index --full` run: (wall seconds, CPU seconds)."""
    started = time.perf_counter()
    child = subprocess.Popen([binaries[name], "--kb", base, "index", "--full"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        sys.exit(f"{binaries[name]} failed (status {status})")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


for name in binaries:  # one warm-up run each: the page cache, the binary
    index_full(name)
for _ in range(rounds):
    order = list(binaries)
    random.shuffle(order)
    for name in order:
        seconds, cpu_seconds = index_full(name)
        wall[name].append(seconds)
        cpu[name].append(cpu_seconds)
for name in binaries:
    print(f"{name:6} median wall {statistics.median(wall[name]) * 1000:8.1f} ms"
          f"  cpu {statistics.median(cpu[name]) * 1000:8.1f} ms  ({rounds} runs)  {binaries[name]}")
change = statistics.median(cpu["after"]) / statistics.median(cpu["before"]) - 1
print(f"cpu time after / before: {change * 100:+.1f}%")
PY
