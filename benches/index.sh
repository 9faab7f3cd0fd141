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
  full=(--command-name "index --full ($docs docs)" --prepare true "$kb --kb $base index --full"
    --command-name "raw engine, same files ($docs docs)" --prepare true
    "$raw_index $base $PWD/target/bench/raw-$docs")
  # tantivy-cli itself, when installed: the tool the issue's reference figures were taken
  # with (cargo install tantivy-cli --version 0.24.0 --locked; it reads JSON lines).
  if command -v tantivy >/dev/null; then
    jsonl="$PWD/target/bench/docs-$docs.jsonl"
    [ -s "$jsonl" ] || python3 - "$base" "$jsonl" <<'PY'
import json, os, sys
base, out = sys.argv[1], sys.argv[2]
paths = sorted(
    os.path.join(root, name)
    for root, dirs, files in os.walk(base)
    if not os.path.relpath(root, base).startswith(".")
    for name in files
    if name.endswith(".md")
)
with open(out + ".part", "w", encoding="utf-8") as lines:
    for path in paths:
        with open(path, encoding="utf-8") as file:
            lines.write(json.dumps({"path": path, "body": file.read()}, ensure_ascii=False) + "\n")
os.replace(out + ".part", out)
PY
    # The raw engine's schema: a stored path and the body with positions.
    cli_index="$PWD/target/bench/tantivy-cli-$docs"
    cat >"$PWD/target/bench/tantivy-cli-meta.json" <<'JSON'
{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[{"name":"path","type":"text","options":{"indexing":{"record":"basic","fieldnorms":true,"tokenizer":"raw"},"stored":true,"fast":false}},{"name":"body","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"default"},"stored":false,"fast":false}}],"opstamp":0}
JSON
    full+=(--command-name "tantivy-cli, same files ($docs docs)"
      --prepare "sh -c 'rm -rf $cli_index && mkdir -p $cli_index && cp $PWD/target/bench/tantivy-cli-meta.json $cli_index/meta.json'"
      "tantivy index -i $cli_index -t $(nproc) -f $jsonl")
  fi
  hyperfine --warmup 1 --runs "$runs" -N --export-json "target/bench/index-full-$docs.json" "${full[@]}"
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
kb, raw, *cli = (r["median"] for r in json.load(open(sys.argv[1]))["results"])
print(f"index --full / raw engine: {kb / raw:.2f}x")
if cli:
    print(f"index --full / tantivy-cli: {kb / cli[0]:.2f}x")
PY
done
