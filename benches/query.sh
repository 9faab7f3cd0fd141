#!/usr/bin/env bash
# Times the query commands (who, budget, actions, show) on a synthetic base made by the
# repo's generator, index warm: whole-process runs repeated by hyperfine, medians printed.
#
#   benches/query.sh            # 100,000 documents
#   benches/query.sh 10000 100000
#
# Needs hyperfine (Debian: apt-get install hyperfine). Bases are kept in target/bench/.
set -euo pipefail
source "$(dirname "$0")/common.sh"

for docs in "${@:-100000}"; do
  base="$PWD/target/bench/index-$docs"
  [ -d "$base" ] || "$gen" "$base" --docs "$docs"
  "$kb" --kb "$base" index >/dev/null
  sync
  sleep 2
  # person-42, org-7 and plan-20 (a programme of 20 plans) exist at every size.
  hyperfine --warmup 5 --runs 30 -N --export-json "target/bench/query-$docs.json" \
    --command-name "who person-42 ($docs docs)" "$kb --kb $base who person-42" \
    --command-name "who --org org-7 ($docs docs)" "$kb --kb $base who --org org-7" \
    --command-name "budget --programme plan-20 ($docs docs)" "$kb --kb $base budget --programme plan-20" \
    --command-name "budget --plan plan-21 ($docs docs)" "$kb --kb $base budget --plan plan-21" \
    --command-name "budget --by team, whole base ($docs docs)" "$kb --kb $base budget --by team" \
    --command-name "budget, whole base by plan ($docs docs)" "$kb --kb $base budget" \
    --command-name "actions --owner person-42 ($docs docs)" "$kb --kb $base actions --owner person-42 --all" \
    --command-name "actions --overdue --owner person-42 ($docs docs)" "$kb --kb $base actions --overdue --owner person-42" \
    --command-name "show plan-5 ($docs docs)" "$kb --kb $base show plan-5"
  print_medians "target/bench/query-$docs.json"
done
