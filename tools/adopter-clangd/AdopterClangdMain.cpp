//===- AdopterClangdMain.cpp - clangd with the adopter checks -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Debian's clangd-19 cannot load clang-tidy plugins (it has no --load and
// exports no clang-tidy symbols). adopter-clangd is clangd itself, built from
// Debian's clangd libraries (clangdMain, clangDaemon, and all of clangd's
// tweaks), with the adopter clang-tidy module linked in: clangd builds its
// check list from the clang-tidy module registry, where the module
// registers. Enable the checks in the project's .clangd (see the README):
//
//   Diagnostics:
//     ClangTidy:
//       Add: [adopter-*]
//       FastCheckFilter: Loose
//
//===----------------------------------------------------------------------===//

namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

// Defined beside the module's registration: referencing it keeps that object.
extern volatile int AdopterTidyModuleAnchorSource;

int main(int argc, char *argv[]) {
  (void)AdopterTidyModuleAnchorSource;
  return clang::clangd::clangdMain(argc, argv);
}
