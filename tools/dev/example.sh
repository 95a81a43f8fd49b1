#!/usr/bin/env bash
# README command 1: set up (install missing packages, build) and run adopter
# on a bundled example model: the recovered graph of one module file, then
# `adopter check` on the model's sources. Extra arguments go to
# `adopter check` (for example --explain, --format=json, --target cuda).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ADOPTER_BUILD_DIR:-$ROOT/build}"
"$ROOT/tools/dev/setup.sh"
cd "$ROOT"
echo "=== adopter graph bench/models/gpt/gpt.cpp"
"$BUILD/bin/adopter" graph bench/models/gpt/gpt.cpp
echo "=== adopter check $* bench/models/gpt/*.cpp"
"$BUILD/bin/adopter" check "$@" bench/models/gpt/gpt.cpp bench/models/gpt/main.cpp
