#!/usr/bin/env bash
# run.sh BUILD_DIR WORK_DIR: `cmake --install` into WORK_DIR/prefix, then the
# installed tools run from there and find what they need relative to
# themselves: adopter and the clang-tidy plugin load the packs of
# <prefix>/share/adopter/rules (removing an installed rule file removes the
# rule, which proves it), adopter-clangd starts, and the kernels' headers and
# CMake package are in place.
set -euo pipefail
build=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
p="$work/prefix"
cmake --install "$build" --prefix "$p" > "$work/install.log"
for f in bin/adopter bin/adopter-verify bin/adopter-clangd lib/adopter-tidy.so \
         share/adopter/rules/adopter/pack.yaml \
         share/adopter/rules/torch-builtin/pack.yaml \
         include/adopter/kernels/FusedLinearGELU.h; do
  test -e "$p/$f" || { echo "install: missing $f"; exit 1; }
done
ls "$p"/lib/cmake/AdopterKernels/AdopterKernelsConfig.cmake 2>/dev/null ||
  ls "$p"/lib/*/cmake/AdopterKernels/AdopterKernelsConfig.cmake

# Run from elsewhere, so that nothing is found relative to the cwd.
cd "$work"
"$p/bin/adopter" rules show linear-gelu > show.txt
sed -n 1p show.txt
grep -q "^linear-gelu (pack adopter, $p/share/adopter/rules/adopter/linear-gelu.yaml)" show.txt
clang-tidy-19 --load="$p/lib/adopter-tidy.so" -checks='-*,adopter-*' --list-checks > checks.txt
grep -c "adopter-" checks.txt
grep -q "adopter-linear-gelu" checks.txt
"$p/bin/adopter-clangd" --version > clangd-version.txt
grep -m1 "clangd version" clangd-version.txt

# The packs come from the prefix: without its linear-gelu.yaml, neither
# adopter nor the plugin knows the rule.
rm "$p/share/adopter/rules/adopter/linear-gelu.yaml"
if "$p/bin/adopter" rules list | grep -q "linear-gelu "; then
  echo "install: adopter did not read the installed packs"; exit 1
fi
clang-tidy-19 --load="$p/lib/adopter-tidy.so" -checks='-*,adopter-*' --list-checks > checks2.txt
if grep -q "adopter-linear-gelu" checks2.txt; then
  echo "install: the plugin did not read the installed packs"; exit 1
fi
echo "install: every tool runs from the prefix and reads its packs"
