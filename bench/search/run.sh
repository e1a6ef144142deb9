#!/usr/bin/env bash
# Runs the search bench (see bench/README.md, "search"): paperfeed, Xapian and SQLite FTS5 on the
# same papers and queries at three sizes, each engine and size in its own process, and writes
# the machine, the commands and the tables to bench/results/search.md.
#
#   bench/search/run.sh [BUILD_DIR] [--no-million]
#
# BUILD_DIR (default build-release) is configured as Release when it has no cache yet, and
# search_bench is built in it. --no-million leaves out the ≥ 1M size (the longest part).
# Environment: SIZES (default "relevance real million"), CORPORA (default ../shared/corpora
# beside the repository), PAPERS (papers of the
# million size, default 1000000), PASSES (timed passes per query, default 5), MILLION_PASSES
# (default 3), MILLION_NATURAL (natural-language queries at the million size, evenly spaced
# over the 430, default 43: FTS5 takes many seconds for each there), SHM (Xapian's folder, default
# /dev/shm), KEEP (a directory to keep the JSON lines in), OUT (default bench/results/search.md).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
invocation="bench/search/run.sh $*"
build="$repo/build-release"
if [[ $# -gt 0 && $1 != --* ]]; then build="$1"; shift; fi
million=1
for arg in "$@"; do
  case "$arg" in
    --no-million) million=0 ;;
    *) echo "usage: bench/search/run.sh [BUILD_DIR] [--no-million]" >&2; exit 2 ;;
  esac
done
corpora="${CORPORA:-$repo/../shared/corpora}"
papers="${PAPERS:-1000000}"
passes="${PASSES:-5}"
million_passes="${MILLION_PASSES:-3}"
million_natural="${MILLION_NATURAL:-43}"
shm="${SHM:-/dev/shm}"
out="${OUT:-$repo/bench/results/search.md}"
source "$repo/bench/lib.sh"
bench_work_folder

bench_build "$build" "$repo" search_bench
bench="$build/bin/search_bench"

read -r -a sizes <<<"${SIZES:-relevance real million}"
if [[ $million == 0 ]]; then sizes=("${sizes[@]/million/}"); fi
results="$work/search.jsonl"
: >"$results"
commands=()
started=$SECONDS
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
for size in "${sizes[@]}"; do
  [[ -n $size ]] || continue
  extra=(--passes "$passes")
  if [[ $size == million ]]; then extra=(--passes "$million_passes" --papers "$papers" --natural "$million_natural"); fi
  for engine in paperfeed xapian fts5; do
    command=("$bench" run --engine "$engine" --size "$size" "$corpora" --shm "$shm" "${extra[@]}")
    commands+=("${command[*]}")
    echo "== $engine $size" >&2
    if ! "${command[@]}" >>"$results"; then
      echo "$engine failed at size $size: its row is missing" >&2
    fi
  done
done
elapsed=$((SECONDS - started))

{
  echo "# Search speed: paperfeed, Xapian and SQLite FTS5"
  echo
  echo "Written by \`bench/search/run.sh\` on $(date -u +%Y-%m-%d); the whole run took $((elapsed / 60)) min $((elapsed % 60)) s."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores available"
  echo "- RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load average at the start: $load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Xapian $(pkg-config --modversion xapian-core), SQLite $(pkg-config --modversion sqlite3), $(c++ --version | head -1), Release build"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "SIZES=\"${sizes[*]}\" PAPERS=$papers PASSES=$passes MILLION_PASSES=$million_passes MILLION_NATURAL=$million_natural $invocation"
  echo "# which ran:"
  printf '%s\n' "${commands[@]}" | sed "s|$repo/||g"
  echo "$bench report search.jsonl" | sed "s|$repo/||g"
  echo '```'
  echo
  cat "$repo/bench/search/method.md"
  echo
  "$bench" report "$results"
} >"$out"
echo "wrote $out (run took ${elapsed} s)" >&2
