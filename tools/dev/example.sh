#!/usr/bin/env bash
# README command 1: set up (install missing packages, build) and run adopter
# on the bundled example models. Extra arguments go to `adopter graph`
# (for example --format=dot).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ADOPTER_BUILD_DIR:-$ROOT/build}"
"$ROOT/tools/dev/setup.sh"
cd "$ROOT"
for model in bench/models/gpt/gpt.cpp bench/models/resnet/resnet.cpp; do
  echo "=== adopter graph $model $*"
  "$BUILD/bin/adopter" graph "$@" "$model"
done
