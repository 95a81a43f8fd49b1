#!/usr/bin/env bash
# Set-up shared by the README's two commands: installs the Debian 12 packages
# that are missing (apt, as root or through sudo), configures the build with
# CMake + Ninja + ccache, and builds everything. Idempotent: a second run only
# rebuilds what changed.
#
# Environment: ADOPTER_BUILD_DIR (default: <repo>/build),
#              ADOPTER_JOBS (default: number of cores).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ADOPTER_BUILD_DIR:-$ROOT/build}"
JOBS="${ADOPTER_JOBS:-$(nproc)}"

PACKAGES=(
  # LLVM/Clang 19: find_package(Clang) needs every one of these.
  clang-19 clang-tidy-19 clang-tools-19 clangd-19 llvm-19-dev llvm-19-tools
  libclang-19-dev libclang-cpp19-dev clang-format-19
  # LibTorch (CPU), rule files, unit tests.
  libtorch-dev libyaml-cpp-dev catch2
  # Build tools.
  cmake ninja-build ccache python3 python3-yaml g++
  # The apply tests: patch(1) applies the -n diff.
  patch
  # The adopter-clangd test drives a real LSP client: headless Neovim.
  neovim
  # The report test (test/report) renders bench/report's HTML page with
  # headless Chromium and checks the screenshot; DejaVu draws its text.
  chromium fonts-dejavu-core
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing missing packages: ${missing[*]}"
  SUDO=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
      SUDO=(sudo)
    else
      echo "setup: error: need root (or sudo) to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -f "$BUILD/build.ninja" ]]; then
  echo "setup: configuring $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD.configure.log" 2>&1 || {
    cat "$BUILD.configure.log" >&2
    exit 1
  }
fi
echo "setup: building (-j$JOBS)"
cmake --build "$BUILD" -j "$JOBS"
