#!/usr/bin/env bash
# Runs the peer bench: paperfeed's WebAssembly module against the JavaScript search libraries of
# bench/peers/engines/ on the same papers and queries, in Node and in headless Chromium, and
# writes the tables to bench/results/peers.md and the charts to bench/results/peers/.
#
#   bench/peers/run.sh [BUILD_DIR]
#
# BUILD_DIR (default build-release) is configured as Release when it has no cache yet; the
# workload exporters are built in it. The module is read from build/wasm (run scripts/build
# first). Steps:
#   1. runs scripts/setup, which installs the pinned npm packages of bench/peers/package-lock.json;
#   2. per size, writes the papers and queries with `search_bench export`: "real" is every
#      distinct real paper of the corpora; N or Nk fewer than those is the first N of them;
#      more is the real papers then copies of them up to N (search_bench's million size);
#      the queries are the real size's for every size;
#   3. writes the relevance collections with `relevance_bench export`;
#   4. runs run.mjs (every engine, every size, Node then Chromium, then the relevance runs
#      scored by relevance_bench) and report.mjs.
# Environment: CORPORA (default ../shared/corpora beside the repository), SIZES (default
# "10k real 100k": smallest first, since a query kind slower than the budget at one size is not
# run at the larger ones), ENVIRONMENTS (default "node chromium"), ENGINES (file names under engines/,
# default all), COLLECTIONS (default every relevance collection), BUILDS (default 3), LOADS (default
# 2), PASSES (default 3), BUDGET_S (per query kind, default 10), BUILD_BUDGET_S (a build longer than this is not
# repeated, default 10), RELEVANCE_BUDGET_S (per engine and collection, default 60: a run cut
# short is scored with paperfeed's run cut to the same queries beside it), COUNTS (queries per kind, default
# natural=43,words=100,prefix=100,typo=100,phrase=100), KEEP (a folder to keep the workloads and
# raw results in), OUT (default bench/results/peers.md), CHARTS (default bench/results/peers).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
invocation="bench/peers/run.sh $*"
build="${1:-$repo/build-release}"
corpora="$(realpath "${CORPORA:-$repo/../shared/corpora}")"
read -r -a sizes <<<"${SIZES:-10k real 100k}"
read -r -a environments <<<"${ENVIRONMENTS:-node chromium}"
read -r -a collections <<<"${COLLECTIONS:-}"
out="${OUT:-$repo/bench/results/peers.md}"
charts="${CHARTS:-$repo/bench/results/peers}"
[[ -f $repo/build/wasm/paperfeed.mjs ]] || { echo "build/wasm/paperfeed.mjs is missing: run scripts/build first" >&2; exit 1; }
[[ -d $corpora ]] || { echo "$corpora is missing: the peer bench needs the corpora" >&2; exit 1; }

"$repo/scripts/setup"
source "$repo/bench/lib.sh"
bench_work_folder
bench_build "$build" "$repo" search_bench relevance_bench
bench="$build/bin/search_bench"

commands=("SIZES=\"${sizes[*]}\" ENVIRONMENTS=\"${environments[*]}\" BUILDS=${BUILDS:-3} LOADS=${LOADS:-2} PASSES=${PASSES:-3} BUDGET_S=${BUDGET_S:-10} BUILD_BUDGET_S=${BUILD_BUDGET_S:-10} RELEVANCE_BUDGET_S=${RELEVANCE_BUDGET_S:-60} $invocation")
# Runs a command quietly and records it for the report.
step() {
  commands+=("$*")
  echo "== $*" >&2
  "$@" >/dev/null
}

step "$bench" export --size real "$corpora" "$work/real"
real_papers=$(wc -l <"$work/real/papers.jsonl")
for size in "${sizes[@]}"; do
  [[ $size == real ]] && continue
  papers=${size%k}
  [[ $papers == "$size" ]] || papers=$((papers * 1000))
  [[ $papers =~ ^[0-9]+$ ]] || { echo "size \"$size\": real, N or Nk" >&2; exit 1; }
  mkdir -p "$work/$size"
  if ((papers <= real_papers)); then
    commands+=("head -n $papers real/papers.jsonl > $size/papers.jsonl")
    head -n "$papers" "$work/real/papers.jsonl" >"$work/$size/papers.jsonl"
  else
    step "$bench" export --size million --papers "$papers" "$corpora" "$work/$size"
  fi
  cp "$work/real/queries.tsv" "$work/$size/queries.tsv"
done
step "$build/bin/relevance_bench" export "$corpora" "$work/relevance"
if ((${#collections[@]})); then
  for dir in "$work/relevance"/*; do
    [[ " ${collections[*]} " == *" $(basename "$dir") "* ]] || rm -rf "$dir"
  done
fi

join() { local IFS=,; echo "$*"; }
run=(node "$repo/bench/peers/run.mjs" "$work" "$work/results" --sizes "$(join "${sizes[@]}")"
  --environments "$(join "${environments[@]}")" --builds "${BUILDS:-3}" --loads "${LOADS:-2}" --passes "${PASSES:-3}"
  --budget-s "${BUDGET_S:-10}" --build-budget-s "${BUILD_BUDGET_S:-10}"
  --counts "${COUNTS:-natural=43,words=100,prefix=100,typo=100,phrase=100}"
  --relevance "$corpora" --relevance-bench "$build/bin/relevance_bench" --relevance-budget-s "${RELEVANCE_BUDGET_S:-60}")
[[ -n ${ENGINES:-} ]] && run+=(--engines "$(join ${ENGINES})")
commands+=("${run[*]}")
printf '%s\n' "${commands[@]}" | sed -e "s|$repo/||g" -e "s|$work/||g" -e "s|$work|WORK|g" -e "s|$corpora|CORPORA|g" >"$work/commands.txt"
"${run[@]}" --commands "$work/commands.txt"
node "$repo/bench/peers/report.mjs" "$work/results" "$out" "$charts"
echo "wrote $out and the charts in $charts" >&2
