#!/usr/bin/env bash
# Runs the relevance bench (see bench/README.md): every collection found under the corpora through
# Xapian and SQLite FTS5, and through paperfeed's CLI once it has a `search` command, and prints
# the machine and a Markdown table of nDCG@10 and Recall@100.
#
#   bench/relevance/run.sh [BUILD_DIR] [--runs NAME=DIR]...
#
# --runs adds another engine's TREC runs, one file per collection: DIR/<collection>.run.
# Environment: CORPORA (default: ../shared/corpora beside the repository), KEEP (a directory to
# keep the exported collections and paperfeed's runs in; default: a temporary one, removed).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$repo/build"
if [[ $# -gt 0 && $1 != --* ]]; then build="$1"; shift; fi
bench="$build/bin/relevance_bench"
cli="$build/bin/paperfeed"
corpora="${CORPORA:-$repo/../shared/corpora}"

if [[ ! -x "$bench" ]]; then
  echo "no $bench: build it first (cmake --build $build --target relevance_bench)" >&2
  exit 1
fi
source "$repo/bench/lib.sh"
bench_work_folder

echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores available)"
echo "- RAM: $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "- Xapian $(pkg-config --modversion xapian-core), SQLite $(pkg-config --modversion sqlite3)"
echo

runs=("$@")
if "$cli" search --help >/dev/null 2>&1; then
  "$bench" export "$corpora" "$work/collections" >&2
  mkdir -p "$work/paperfeed"
  for dir in "$work"/collections/*/; do
    name="$(basename "$dir")"
    if ! { "$cli" index "$dir/docs.jsonl" -o "$work/$name.pfi" &&
      "$cli" search "$work/$name.pfi" --queries "$dir/queries.tsv" --trec --limit 100 >"$work/paperfeed/$name.run"; }; then
      echo "paperfeed failed on $name: its row says no run" >&2
      rm -f "$work/paperfeed/$name.run"
    fi
  done
  runs+=(--runs "paperfeed=$work/paperfeed")
else
  echo "($cli has no search command: only the peers and any --runs are scored)"
  echo
fi

echo "## nDCG@10 and Recall@100"
echo
"$bench" table "$corpora" "${runs[@]}"
