# Shared by the benchmark scripts (sourced, not run): builds the release binary and the
# generator, and prints hyperfine's medians.
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "$0 needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --quiet --bin kb --example gen --example raw_index
kb="$PWD/target/release/kb"
gen="$PWD/target/release/examples/gen"
raw_index="$PWD/target/release/examples/raw_index"
mkdir -p target/bench
export NO_COLOR=1

# print_medians JSON...: one line per benchmark in hyperfine's JSON exports.
print_medians() {
  python3 - "$@" <<'PY'
import json, sys
for path in sys.argv[1:]:
    for result in json.load(open(path))["results"]:
        print(f"median {result['median'] * 1000:8.1f} ms  (min {result['min'] * 1000:.1f}, max {result['max'] * 1000:.1f})  {result['command']}")
PY
}
