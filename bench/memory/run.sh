#!/usr/bin/env bash
# Measures how the memory of building a paperfeed index grows with the number of papers N (see
# bench/README.md, "memory") and writes the machine, the commands, the tables and a linear fit
# to bench/results/memory.md.
#
#   bench/memory/run.sh [BUILD_DIR]
#
# BUILD_DIR (default build-release) is configured as Release when it has no cache yet, and
# search_bench, build_memory and the CLI are built in it. The papers are those of the search
# bench as canonical JSON lines (one `search_bench export` of the largest N); for each N, the
# first N of them go through, each in a fresh process:
#   - `build_memory papers.jsonl`: the papers read into memory, then Index::add of each and
#     serialize() (RSS at start, before the build and at its peak; .pfi bytes);
#   - `paperfeed index papers.jsonl -o papers.pfi` under `/usr/bin/time -v`: the CLI's maximum
#     resident set size, what a user sees.
# Environment: SIZES (default "12500 25000 50000 100000 200000 400000"), CORPORA (default
# ../shared/corpora beside the repository), KEEP (a directory to keep the exported papers and
# the raw figures in), OUT (default bench/results/memory.md).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
invocation="bench/memory/run.sh${*:+ $*}"
build="$repo/build-release"
if [[ $# -gt 0 ]]; then build="$1"; shift; fi
if [[ $# -gt 0 ]]; then echo "usage: bench/memory/run.sh [BUILD_DIR]" >&2; exit 2; fi
corpora="${CORPORA:-$repo/../shared/corpora}"
out="${OUT:-$repo/bench/results/memory.md}"
read -r -a sizes <<<"${SIZES:-12500 25000 50000 100000 200000 400000}"
source "$repo/bench/lib.sh"
bench_work_folder

bench_build "$build" "$repo" search_bench build_memory paperfeed_cli
bench="$build/bin/search_bench"
cli="$build/bin/paperfeed"

largest="$(printf '%s\n' "${sizes[@]}" | sort -n | tail -1)"
started=$SECONDS
load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"
commands=("$bench export --size million --papers $largest $corpora export")
echo "== export $largest papers" >&2
"$bench" export --size million --papers "$largest" "$corpora" "$work/export" >/dev/null

built="$work/build.jsonl"
cli_rows="$work/cli.tsv"
: >"$built"
printf 'papers\tjsonl_bytes\tmax_rss_kb\tpfi_bytes\tdocuments\tcpu_s\n' >"$cli_rows"
for n in "${sizes[@]}"; do
  head -n "$n" "$work/export/papers.jsonl" >"$work/papers.jsonl"
  commands+=("head -n $n export/papers.jsonl > papers.jsonl"
             "$build/bin/build_memory papers.jsonl"
             "/usr/bin/time -v $cli index papers.jsonl -o papers.pfi")
  echo "== $n papers" >&2
  "$build/bin/build_memory" "$work/papers.jsonl" >>"$built"
  /usr/bin/time -v -o "$work/time.txt" "$cli" index "$work/papers.jsonl" -o "$work/papers.pfi" 2>"$work/cli.txt"
  documents="$(sed -n 's/.*: \([0-9]*\) papers, [0-9]* bytes$/\1/p' "$work/cli.txt")"
  max_rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")"
  cpu_s="$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time.txt")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$(stat -c %s "$work/papers.jsonl")" "$max_rss_kb" \
    "$(stat -c %s "$work/papers.pfi")" "$documents" "$cpu_s" >>"$cli_rows"
  rm -f "$work/papers.jsonl" "$work/papers.pfi"
done
elapsed=$((SECONDS - started))

{
  echo "# Memory of building an index, against the number of papers"
  echo
  echo "Written by \`bench/memory/run.sh\` on $(date -u +%Y-%m-%d); the whole run took $((elapsed / 60)) min $((elapsed % 60)) s."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores available"
  echo "- RAM: $(free -g | awk '/Mem:/ {print $2}') GiB; load average at the start: $load_at_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(c++ --version | head -1), Release build, glibc $(ldd --version | head -1 | awk '{print $NF}') malloc"
  echo "- The machine was shared with other work during the run. Resident memory does not depend on"
  echo "  that (each process's RSS is its own); the CPU seconds shown do a little, the wall clock a lot."
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "SIZES=\"${sizes[*]}\" $invocation"
  echo "# which ran, in a temporary folder:"
  printf '%s\n' "${commands[@]}" | sed -e "s|$work/||g" -e "s|$repo/||g"
  echo '```'
  echo
  cat "$repo/bench/memory/method.md"
  echo
  python3 "$repo/bench/memory/report.py" "$built" "$cli_rows"
} >"$out"
echo "wrote $out (run took ${elapsed} s)" >&2
