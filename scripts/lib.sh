# Shell functions the scripts share (source it; it sets nothing by itself).

# Configures PRESET (every time, so that a changed preset reaches an existing DIR) and builds it
# into DIR, hiding ninja's progress lines; with TARGETs only those: build_preset PRESET DIR [TARGET...]
build_preset() {
  local preset=$1 dir=$2
  shift 2
  cmake --preset "$preset" >/dev/null
  local targets=()
  (($#)) && targets=(--target "$@")
  cmake --build "$dir" --parallel "$(nproc)" "${targets[@]}" | { grep -Ev '^(\[[0-9]+/[0-9]+\] |ninja: no work to do)' || true; }
}
