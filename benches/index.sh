#!/usr/bin/env bash
# Times the index and search on synthetic bases made by the repo's generator: whole-process
# runs repeated by hyperfine, medians printed.
#
#   benches/index.sh            # 10,000 documents
#   benches/index.sh 10000 100000
#
# Needs hyperfine (Debian: apt-get install hyperfine). Bases are kept in target/bench/.
set -euo pipefail
source "$(dirname "$0")/common.sh"

for docs in "${@:-10000}"; do
  base="$PWD/target/bench/index-$docs"
  [ -d "$base" ] || "$gen" "$base" --docs "$docs"
  edited="$base/notes/note-0.md"
  runs=10
  [ "$docs" -ge 100000 ] && runs=5
  # The raw engine on the same files in the same minutes (examples/raw_index.rs: tantivy
  # alone, no YAML, Markdown, records or stems): this machine's speed varies from day to
  # day, the ratio of the two much less.
  hyperfine --warmup 1 --runs "$runs" -N --export-json "target/bench/index-full-$docs.json" \
    --command-name "index --full ($docs docs)" "$kb --kb $base index --full" \
    --command-name "raw engine, same files ($docs docs)" "$raw_index $base $PWD/target/bench/raw-$docs"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "peak memory of index --full ($docs docs): %M KB" "$kb" --kb "$base" index --full >/dev/null
  fi
  "$kb" --kb "$base" index >/dev/null
  # Let the kernel write the fresh index out first: its writeback would otherwise be timed
  # as part of the queries below.
  sync
  sleep 2
  hyperfine --warmup 3 --runs 20 -N --export-json "target/bench/index-query-$docs.json" \
    --command-name "index, nothing changed ($docs docs)" "$kb --kb $base index" \
    --command-name "search top 10 ($docs docs)" "$kb --kb $base search samenwerking --limit 10 --format paths"
  # A separate run: hyperfine applies a single --prepare to every command of a run.
  hyperfine --warmup 3 --runs 20 -N --export-json "target/bench/index-edit-$docs.json" \
    --command-name "edit one file, then search ($docs docs)" \
    --prepare "sh -c 'echo Gewijzigd \$(date +%s%N) >> $edited'" \
    "$kb --kb $base search grondwater --limit 10 --format paths"
  print_medians "target/bench/index-full-$docs.json" "target/bench/index-query-$docs.json" \
    "target/bench/index-edit-$docs.json"
  # The figure to compare across days (see the raw engine's run above).
  python3 - "target/bench/index-full-$docs.json" <<'PY'
import json, sys
kb, raw = (r["median"] for r in json.load(open(sys.argv[1]))["results"])
print(f"index --full / raw engine: {kb / raw:.2f}x")
PY
done
