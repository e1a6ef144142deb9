#!/usr/bin/env bash
# Runs the web bench: the WebAssembly module against the native engine in Node, and the search
# page in headless Chromium, on the real papers of the corpora and on 100k papers, and writes
# the machine, the commands and the tables to bench/results/web.md.
#
#   bench/web/run.sh [BUILD_DIR]
#
# BUILD_DIR (default build-release) is configured as Release when it has no cache yet; the CLI
# and search_bench are built in it. The module and the page are read from build/wasm and
# build/web (run scripts/build first). For each size the script:
#   1. writes the workload with `search_bench export` (papers.jsonl, queries.tsv);
#   2. builds the .pfi with the CLI (`paperfeed index`), timed;
#   3. times native Index::load (`search_bench run --engine paperfeed`, which also builds from
#      papers in memory);
#   4. runs the queries through the CLI and through the module in Node (node_bench.mjs), 10 hits
#      without facets and as the page asks (25 hits and facets), and builds the index in the module (addFeed of papers.jsonl + exportIndex);
#   5. serves a copy of build/web whose default.pfi is that index and drives it in Chromium
#      (browser_bench.mjs): page opens, typed keystrokes, memory.
# Environment: CORPORA (default ../shared/corpora beside the repository), SIZES (default
# "real 100k"), PAPERS (papers of the 100k size, default 100000), NATURAL (natural-language
# queries, evenly spaced over the 430, default 43), PASSES (timed passes per query, default 5),
# FACET_PASSES (default 3), OPENS (page opens, default 3), KEYSTROKES (default 400), DELAY (ms
# between key presses, default 80), KEEP (a directory to keep the workloads and JSON in), OUT
# (default bench/results/web.md).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
invocation="bench/web/run.sh $*"
build="${1:-$repo/build-release}"
corpora="${CORPORA:-$repo/../shared/corpora}"
papers="${PAPERS:-100000}"
natural="${NATURAL:-43}"
passes="${PASSES:-5}"
facet_passes="${FACET_PASSES:-3}"
opens="${OPENS:-3}"
keystrokes="${KEYSTROKES:-400}"
delay="${DELAY:-80}"
out="${OUT:-$repo/bench/results/web.md}"
module="$repo/build/wasm/paperfeed.mjs"
for needed in "$module" "$repo/build/web/index.html" /usr/bin/chromium; do
  [[ -e $needed ]] || { echo "$needed is missing: run scripts/build first (and install chromium)" >&2; exit 1; }
done
source "$repo/bench/lib.sh"
bench_work_folder

bench_build "$build" "$repo" paperfeed_cli search_bench
cli="$build/bin/paperfeed"
bench="$build/bin/search_bench"
node_bench=(node "$repo/bench/web/node_bench.mjs")

commands=()
# Runs a command, records it for the report, and writes its stdout to the file given first.
step() {
  local into=$1
  shift
  commands+=("$* > $(basename "$into")")
  echo "== $*" >&2
  "$@" >"$into"
}

started=$SECONDS
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r -a sizes <<<"${SIZES:-real 100k}"
for size in "${sizes[@]}"; do
  dir="$work/$size"
  mkdir -p "$dir"
  workload=(--size real)
  if [[ $size != real ]]; then workload=(--size million --papers "$papers"); fi
  step "$dir/export.txt" "$bench" export "${workload[@]}" --natural "$natural" "$corpora" "$dir"
  step "$dir/native-build.json" "${node_bench[@]}" native-build "$cli" "$dir/papers.jsonl" "$dir/index.pfi"
  step "$dir/native-load.json" "$bench" run --engine paperfeed "${workload[@]}" --natural "$natural" --passes 1 "$corpora"
  step "$dir/native-search.json" "${node_bench[@]}" native-search "$cli" "$dir/index.pfi" "$dir/queries.tsv" --passes "$passes"
  step "$dir/native-search-facets.json" "${node_bench[@]}" native-search "$cli" "$dir/index.pfi" "$dir/queries.tsv" --passes "$facet_passes" --limit 25 --facets
  step "$dir/wasm-search.json" "${node_bench[@]}" wasm-search "$module" "$dir/index.pfi" "$dir/queries.tsv" --passes "$passes"
  step "$dir/wasm-search-facets.json" "${node_bench[@]}" wasm-search "$module" "$dir/index.pfi" "$dir/queries.tsv" --passes "$facet_passes" --limit 25 --facets --loads 1
  step "$dir/wasm-build.json" "${node_bench[@]}" wasm-build "$module" "$dir/papers.jsonl"
  rm -rf "$dir/site"
  cp -r "$repo/build/web" "$dir/site"
  ln -f "$dir/index.pfi" "$dir/site/default.pfi" 2>/dev/null || cp "$dir/index.pfi" "$dir/site/default.pfi"
  step "$dir/browser.json" node "$repo/bench/web/browser_bench.mjs" "$dir/site" "$dir/queries.tsv" \
    --opens "$opens" --keystrokes "$keystrokes" --delay "$delay"
  rm -rf "$dir/site" "$dir/papers.jsonl"
done
elapsed=$((SECONDS - started))

{
  echo "# Web: the WebAssembly module and the search page"
  echo
  echo "Written by \`bench/web/run.sh\` on $(date -u +%Y-%m-%d); the whole run took $((elapsed / 60)) min $((elapsed % 60)) s."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores available"
  echo "- RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load average at the start: $load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Node $(node --version), Chromium $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).chromium)' "$work/${sizes[0]}/browser.json") (headless, software rendering: --disable-gpu), Emscripten $(emcc --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9.]*\).*/\1/p'); native: $(c++ --version | head -1), Release build"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "SIZES=\"${sizes[*]}\" PAPERS=$papers NATURAL=$natural PASSES=$passes FACET_PASSES=$facet_passes OPENS=$opens KEYSTROKES=$keystrokes DELAY=$delay $invocation"
  echo "# which ran (per size, in its own folder):"
  printf '%s\n' "${commands[@]}" | sed -e "s|$repo/||g" -e "s|$work/||g"
  echo '```'
  echo
  node "$repo/bench/web/report.mjs" "$work" "${sizes[@]}"
} >"$out"
echo "wrote $out (run took ${elapsed} s)" >&2
