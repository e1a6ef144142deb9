#!/usr/bin/env bash
# Runs the ingest benchmark (see bench/README.md): every format on its largest real file, then
# the generated arXiv snapshot against simdjson alone and nlohmann::json. Prints Markdown tables.
#
#   bench/ingest/run.sh [BUILD_DIR]
#
# Environment: CORPORA (default: ../shared/corpora beside the repository), SNAPSHOT (default
# /tmp/paperfeed-snapshot.jsonl; generated when missing, never inside the repository),
# SNAPSHOT_MB (default 600), RUNS (timed runs per measurement, default 5).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$repo/build}"
bench="$build/bin/ingest_bench"
corpora="${CORPORA:-$repo/../shared/corpora}"
snapshot="${SNAPSHOT:-/tmp/paperfeed-snapshot.jsonl}"
runs="${RUNS:-5}"

if [[ ! -x "$bench" ]]; then
  echo "no $bench: build it first (cmake --build $build --target ingest_bench)" >&2
  exit 1
fi
case "$(realpath -m "$snapshot")" in
  "$repo"/*) echo "SNAPSHOT must lie outside the repository" >&2; exit 1 ;;
esac

echo "## Machine"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') ($(nproc) cores available)"
echo "- RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- compiler: $(${CXX:-c++} --version | head -1); build type: $(grep -m1 CMAKE_BUILD_TYPE: "$build/CMakeCache.txt" | cut -d= -f2)"
echo

if [[ -d "$corpora" ]]; then
  echo "## Each format, largest real file"
  echo
  "$bench" formats "$corpora" --runs "$runs"
  echo
else
  echo "(corpora not found at $corpora: per-format measurements skipped)"
  echo
fi

if [[ ! -f "$snapshot" ]]; then
  if [[ ! -d "$corpora" ]]; then
    echo "(no snapshot at $snapshot and no corpora to make one: snapshot comparison skipped)"
    exit 0
  fi
  "$bench" make-snapshot "$corpora" "$snapshot" --mb "${SNAPSHOT_MB:-600}"
  echo
fi
echo "## arXiv snapshot JSONL: paperfeed beside simdjson and nlohmann::json"
echo
"$bench" snapshot "$snapshot" --runs "$runs"
