#!/bin/bash
# Syntax-checks every source that includes LibTorch (the kernels, the
# verifier, their benchmarks and tests) against LibTorch 2.x headers.
#
# The machines this project builds on have Debian 12's LibTorch 1.13; users
# and GPU hosts have 2.x. This fetches the headers of a newer Debian release's
# libtorch-dev (trixie: 2.6) into a cache folder with apt's own download
# (nothing is installed, the system's apt configuration is not changed) and
# runs `clang++-19 -fsyntax-only` over each file with them first on the
# include path. It does not link or run anything: trixie's libraries need a
# newer C library than Debian 12's. The CUDA glue files (*Cuda.cpp) need a
# CUDA-enabled LibTorch and are skipped.
#
# usage: tools/dev/check-libtorch2.sh [CACHE_DIR]   (default build/libtorch2)
# exit:  0 all files pass, 1 some file does not compile, 2 set-up failed
set -u
cd "$(dirname "$0")/../.."
CACHE=${1:-build/libtorch2}
SUITE=${ADOPTER_TORCH2_SUITE:-trixie}
mkdir -p "$CACHE/lists/partial" "$CACHE/archives/partial" "$CACHE/root"
CACHE=$(cd "$CACHE" && pwd)
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" \
  > "$CACHE/sources.list"
APT=(-o "Dir::Etc::sourcelist=$CACHE/sources.list" -o "Dir::Etc::sourceparts=-"
     -o "Dir::State::Lists=$CACHE/lists" -o "Dir::Cache::archives=$CACHE/archives"
     -o "APT::Sandbox::User=root")
INC="$CACHE/root/usr/include"
if [ ! -f "$INC/torch/csrc/api/include/torch/version.h" ]; then
  apt-get "${APT[@]}" -qq update || { echo "check-libtorch2: apt-get update for $SUITE failed" >&2; exit 2; }
  (cd "$CACHE" && apt-get "${APT[@]}" -qq download libtorch-dev) ||
    { echo "check-libtorch2: cannot download $SUITE's libtorch-dev" >&2; exit 2; }
  dpkg-deb -x "$CACHE"/libtorch-dev_*.deb "$CACHE/root" ||
    { echo "check-libtorch2: cannot unpack libtorch-dev" >&2; exit 2; }
fi
VERSION=$(awk '/#define TORCH_VERSION_(MAJOR|MINOR|PATCH) / {printf "%s%s", s, $3; s="."}' \
  "$INC/torch/csrc/api/include/torch/version.h")
echo "check-libtorch2: LibTorch $VERSION headers from Debian $SUITE"

one() {
  out=$(clang++-19 -fsyntax-only -std=c++17 -D_GLIBCXX_USE_CXX11_ABI=1 \
    -DADOPTER_KERNELS_HAVE_AVX2 -isystem "$INC" \
    -isystem "$INC/torch/csrc/api/include" -isystem /usr/lib/llvm-19/include \
    -Iinclude -Ilib/kernels -Ilib/kernels/cuda -Itest/kernels -Itest/e2e \
    -Ibench/kernels -Itest/apply/Inputs -isystem /usr/local/cuda/include "$1" 2>&1)
  if [ $? -ne 0 ]; then
    echo "FAIL $1"
    echo "$out" | grep -E "error" | head -6
    return 1
  fi
  echo "ok   $1"
}
export -f one
export INC
FILES=$(ls lib/kernels/*.cpp lib/Verify/*.cpp tools/adopter-verify/*.cpp \
  bench/kernels/*.cpp test/kernels/*.cpp test/e2e/*.cpp | grep -v 'Cuda\.cpp$')
N=$(echo "$FILES" | wc -l)
echo "$FILES" | xargs -P "$(nproc)" -I{} bash -c 'one {}' | tee "$CACHE/result.txt"
FAILED=$(grep -c '^FAIL' "$CACHE/result.txt")
echo "check-libtorch2: $((N - FAILED)) of $N files compile against LibTorch $VERSION"
[ "$FAILED" -eq 0 ]
