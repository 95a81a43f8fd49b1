#!/usr/bin/env bash
# run.sh BUILD_DIR WORK_DIR: the run-clang-tidy test. Copies this project to
# WORK_DIR/src, configures it (compile_commands.json), runs
#   run-clang-tidy-19 -load adopter-tidy.so -checks=-*,adopter-* -fix
# over its three translation units (the shared header's fixes must merge
# without conflicts), checks the result against model.expected.h, then
# builds it against the installed adopter_kernels package and runs it. The
# same with -export-fixes + clang-apply-replacements-19 must give the same
# files.
set -euo pipefail
build=$1
work=$2
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
plugin="$build/lib/adopter-tidy.so"
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --component kernels --prefix "$work/prefix" > /dev/null
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

configure() { # src dir -> build dir
  cmake -S "$1" -B "$1/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" > "$1/configure.log"
}

# 1. run-clang-tidy -fix
cp -r "$here" "$work/src"
configure "$work/src"
run-clang-tidy-19 -p "$work/src/build" -load "$plugin" -j 2 \
  -checks='-*,adopter-*' -header-filter='.*' -fix -quiet \
  > "$work/tidy.log" 2>&1 || { cat "$work/tidy.log"; exit 1; }
grep -E "warning: .*\[adopter-" "$work/tidy.log" | sort -u
if grep -q "conflict\|overlap" "$work/tidy.log"; then
  echo "run.sh: conflicting fixes:"; cat "$work/tidy.log"; exit 1
fi
diff -u "$here/model.expected.h" "$work/src/model.h"
for f in a.cpp b.cpp main.cpp; do cmp "$here/$f" "$work/src/$f"; done
echo "run-clang-tidy -fix: model.h as expected, the .cpp files unchanged"

# 2. -export-fixes + clang-apply-replacements: the same files.
cp -r "$here" "$work/src2"
configure "$work/src2"
# A directory keeps one YAML per translation unit, so that
# clang-apply-replacements merges the shared header's identical fixes (a
# single combined file would repeat its include insertions).
run-clang-tidy-19 -p "$work/src2/build" -load "$plugin" -j 2 \
  -checks='-*,adopter-*' -header-filter='.*' -quiet \
  -export-fixes "$work/fixes/" > "$work/tidy2.log" 2>&1 ||
  { cat "$work/tidy2.log"; exit 1; }
clang-apply-replacements-19 "$work/fixes"
diff -u "$here/model.expected.h" "$work/src2/model.h"
echo "export-fixes + clang-apply-replacements: the same result"

# 3. The fixed project builds against adopter::kernels and runs.
cmake --build "$work/src/build" -j 2 > "$work/build.log" 2>&1 ||
  { cat "$work/build.log"; exit 1; }
"$work/src/build/app"
