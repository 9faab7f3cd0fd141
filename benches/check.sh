#!/usr/bin/env bash
# Times `kb check` on synthetic bases made by the repo's generator (examples/gen.rs):
# whole-process runs repeated by hyperfine, medians printed.
#
#   benches/check.sh            # 10,000 documents
#   benches/check.sh 10000 100000
#
# Needs hyperfine (Debian: apt-get install hyperfine) and git. Bases are kept in
# target/bench/ between runs; delete that folder to regenerate them.
set -euo pipefail
source "$(dirname "$0")/common.sh"
# No action in the synthetic bases is overdue on this day, so the check measures checking
# rather than printing thousands of warnings.
export KB_TODAY=2021-01-01

for docs in "${@:-10000}"; do
  base="$PWD/target/bench/base-$docs"
  if [ ! -d "$base/.git" ]; then
    rm -rf "$base"
    "$gen" "$base" --docs "$docs"
    git -C "$base" init -q
    git -C "$base" add -A
    git -C "$base" -c user.name=bench -c user.email=bench@example.nl commit -q -m base
  fi
  # The search index, which `--staged` reads for unchanged documents (a user who searches
  # has it; without it `--staged` parses every staged file).
  "$kb" --kb "$base" index >/dev/null
  # Times of the last two seconds are not trusted by the index (a fresh base has only such
  # times); any query after that settles them, as a user's next search would.
  sleep 2
  "$kb" --kb "$base" index >/dev/null
  # One staged change, as in a typical commit.
  git -C "$base" checkout -q -- .
  echo "Gewijzigd voor de benchmark." >> "$base/notes/note-0.md"
  git -C "$base" add notes/note-0.md

  hyperfine --warmup 3 --runs 20 -N -i --export-json "target/bench/check-$docs.json" \
    --command-name "check $docs" "$kb --kb $base check" \
    --command-name "check --staged $docs (one staged file)" "$kb --kb $base check --staged"

  git -C "$base" reset -q --hard
  print_medians "target/bench/check-$docs.json"
done
