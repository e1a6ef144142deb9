#!/usr/bin/env bash
# Runs the bundle bench: for the real corpora, 10k papers and all the real papers merged, writes
# the offline bundle with `paperfeed bundle`, opens it from file:// in headless Chromium with the
# network off (bench/bundle/open_bench.mjs), and writes bench/results/bundle.md: sizes, bytes per
# paper against the raw JSON of the Hugging Face API, and the time to first results.
#
#   bench/bundle/run.sh [BUILD_DIR]
#
# BUILD_DIR (default build-release) is configured as Release when it has no cache yet; the CLI
# and search_bench are built in it. The bundle template is read from build/share/paperfeed (run
# scripts/build first). Environment: CORPORA (default ../shared/corpora beside the repository),
# OPENS (opens per bundle, default 7), KEEP (a directory to keep the bundles and JSON in), OUT
# (default bench/results/bundle.md).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
invocation="bench/bundle/run.sh $*"
build="${1:-$repo/build-release}"
corpora="${CORPORA:-$repo/../shared/corpora}"
opens="${OPENS:-7}"
out="${OUT:-$repo/bench/results/bundle.md}"
template="$repo/build/share/paperfeed/bundle-template.html"
for needed in "$template" /usr/bin/chromium "$corpora/hf_daily_papers/api_daily_papers"; do
  [[ -e $needed ]] || { echo "$needed is missing: run scripts/build first (and install chromium; the corpora must be beside the repository)" >&2; exit 1; }
done
source "$repo/bench/lib.sh"
bench_work_folder
bench_build "$build" "$repo" paperfeed_cli search_bench
cli="$build/bin/paperfeed"

# The real papers of every corpus merged (as bench/search's "real" size), and its first 10,000.
"$build/bin/search_bench" export --size real "$corpora" "$work/real" >/dev/null
head -n 10000 "$work/real/papers.jsonl" >"$work/real/first-10k.jsonl"

names=(default hf-daily arxiv-oaipmh 10k real)
declare -A files=(
  [default]="$repo/examples/data/hf-papers-page.txt"
  [hf-daily]="$(echo "$corpora"/hf_daily_papers/api_daily_papers/*.json)"
  [arxiv-oaipmh]="$(echo "$corpora"/arxiv_oai_pmh/*)"
  [10k]="$work/real/first-10k.jsonl"
  [real]="$work/real/papers.jsonl"
)

started=$SECONDS
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
  echo "== $name" >&2
  read -r -a feeds <<<"${files[$name]}"
  begin=$(date +%s%N)
  "$cli" bundle "${feeds[@]}" --template "$template" -o "$work/$name.html" 2>"$work/$name.log"
  end=$(date +%s%N)
  papers=$(sed -n 's/.*: \([0-9]*\) papers, .*/\1/p' "$work/$name.log" | tail -1)
  index_bytes=$(sed -n 's/.*index \([0-9]*\) bytes before compression.*/\1/p' "$work/$name.log" | tail -1)
  node "$repo/bench/bundle/open_bench.mjs" "$work/$name.html" --opens "$opens" >"$work/$name.open.json"
  printf '{"name":"%s","papers":%s,"index_bytes":%s,"write_ms":%s}\n' "$name" "$papers" "$index_bytes" \
    "$(((end - begin) / 1000000))" >"$work/$name.bundle.json"
done
elapsed=$((SECONDS - started))

{
  echo "# Offline bundle: size and time to first results"
  echo
  echo "Written by \`bench/bundle/run.sh\` on $(date -u +%Y-%m-%d); the run took $((elapsed / 60)) min $((elapsed % 60)) s."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores available"
  echo "- RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load average at the start: $load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Node $(node --version), $(/usr/bin/chromium --version 2>/dev/null | head -1) headless (--disable-gpu); native: $(c++ --version | head -1), Release build"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "OPENS=$opens $invocation"
  echo "# which ran, per corpus NAME with its FILEs:"
  echo "paperfeed bundle FILE... --template build/share/paperfeed/bundle-template.html -o NAME.html"
  echo "node bench/bundle/open_bench.mjs NAME.html --opens $opens"
  echo '```'
  echo
  node "$repo/bench/bundle/report.mjs" "$work" "$corpora" "${names[@]}"
} >"$out"
echo "wrote $out (run took ${elapsed} s)" >&2
