#!/usr/bin/env bash
# README command 2: set up (install missing packages, build) and run the
# whole test suite with CTest. Extra arguments go to ctest (e.g. -R lit).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ADOPTER_BUILD_DIR:-$ROOT/build}"
"$ROOT/tools/dev/setup.sh"
cd "$BUILD"
ctest --output-on-failure -j "${ADOPTER_JOBS:-$(nproc)}" "$@"
