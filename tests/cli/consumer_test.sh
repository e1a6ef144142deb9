#!/usr/bin/env bash
# Installs the built library into a scratch prefix, then builds examples/consumer against it with
# find_package(paperfeed) and a one-file program with pkg-config, and runs both. The third
# argument, the library's CXX flags, and the fourth, its compiler, carry sanitizer options over
# to the consumer.
set -euo pipefail
source_dir=$1
build_dir=$2
flags=${3:-}
cxx=${4:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/paperfeed/paperfeed.hpp"
test -f "$work/prefix/lib/cmake/paperfeed/paperfeedConfig.cmake"
test -f "$work/prefix/lib/pkgconfig/paperfeed.pc"

cmake -S "$source_dir/examples/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/consumer" >/dev/null
out=$("$work/consumer/count_papers" "$source_dir/examples/data/hf-papers-page.txt")
echo "$out"
grep -qx "263 papers" <<<"$out"
grep -qx "first: GitChameleon: Unmasking the Version-Switching Capabilities of Code Generation Models" <<<"$out"

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046,SC2086
"$cxx" $flags -o "$work/pc_count" "$source_dir/examples/consumer/count_papers.cpp" $(pkg-config --cflags --libs --static paperfeed)
"$work/pc_count" "$source_dir/examples/data/hf-papers-page.txt" | grep -qx "263 papers"
echo "consumer: find_package and pkg-config builds both read 263 papers"
