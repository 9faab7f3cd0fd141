#!/usr/bin/env bash
# Times the index and search on synthetic bases made by the repo's generator: whole-process
# runs repeated by hyperfine, medians printed.
#
#   benches/index.sh            # 10,000 documents
#   benches/index.sh 10000 100000
#
# Needs hyperfine (Debian: apt-get install hyperfine). Bases are kept in target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "benches/index.sh needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --quiet --bin kb --example gen
kb="$PWD/target/release/kb"
gen="$PWD/target/release/examples/gen"
mkdir -p target/bench
export NO_COLOR=1

for docs in "${@:-10000}"; do
  base="$PWD/target/bench/index-$docs"
  [ -d "$base" ] || "$gen" "$base" --docs "$docs"
  edited="$base/notes/note-0.md"
  runs=10
  [ "$docs" -ge 100000 ] && runs=3
  hyperfine --warmup 1 --runs "$runs" -N --export-json "target/bench/index-full-$docs.json" \
    --command-name "index --full ($docs docs)" "$kb --kb $base index --full"
  "$kb" --kb "$base" index >/dev/null
  hyperfine --warmup 3 --runs 20 -N --export-json "target/bench/index-query-$docs.json" \
    --command-name "index, nothing changed ($docs docs)" "$kb --kb $base index" \
    --command-name "search top 10 ($docs docs)" "$kb --kb $base search samenwerking --limit 10 --format paths" \
    --command-name "edit one file, then search ($docs docs)" \
    --prepare "sh -c 'echo Gewijzigd \$(date +%s%N) >> $edited'" \
    "$kb --kb $base search grondwater --limit 10 --format paths"
  python3 - "target/bench/index-full-$docs.json" "target/bench/index-query-$docs.json" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for result in json.load(open(path))["results"]:
        print(f"median {result['median'] * 1000:8.1f} ms  (min {result['min'] * 1000:.1f}, max {result['max'] * 1000:.1f})  {result['command']}")
PY
done
