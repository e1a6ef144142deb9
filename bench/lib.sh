# Shell functions the bench run.sh scripts share (source it; it sets nothing by itself).

# Sets `work` to the folder the run keeps its files in: $KEEP (created) when set, otherwise a
# new temporary folder removed when the script exits.
bench_work_folder() {
  if [[ -n "${KEEP:-}" ]]; then
    work="$KEEP"
    mkdir -p "$work"
  else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
  fi
}

# Builds TARGETS in BUILD (configured as Release when it is not configured yet), hiding ninja's
# progress lines: bench_build BUILD REPO TARGET...
bench_build() {
  local build=$1 repo=$2
  shift 2
  if [[ ! -f "$build/build.ninja" ]]; then
    cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$build" --target "$@" | { grep -Ev '^(\[[0-9]+/[0-9]+\] |ninja: no work to do)' || true; }
}
