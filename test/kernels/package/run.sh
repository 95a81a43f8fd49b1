#!/usr/bin/env bash
# run.sh BUILD_DIR WORK_DIR: install adopter_kernels from BUILD_DIR into
# WORK_DIR/prefix (component `kernels` only), then configure, build and run
# the consumer project of this folder against it, as a user's project would.
set -euo pipefail
build=$1
work=$2
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
rm -rf "$work"
cmake --install "$build" --component kernels --prefix "$work/prefix"
test -f "$work/prefix/lib/cmake/AdopterKernels/AdopterKernelsConfig.cmake" ||
  test -f "$work"/prefix/lib/*/cmake/AdopterKernels/AdopterKernelsConfig.cmake
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$here" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"
"$work/build/consumer"
