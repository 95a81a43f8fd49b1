//===- TorchLocator.cpp - Find the LibTorch headers -----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/TorchLocator.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

#ifndef ADOPTER_TORCH_INCLUDE_HINT
#define ADOPTER_TORCH_INCLUDE_HINT ""
#endif

namespace adopter::driver {

namespace {
std::string join(llvm::StringRef A, llvm::StringRef B, llvm::StringRef C = "",
                 llvm::StringRef D = "") {
  llvm::SmallString<256> P(A);
  for (llvm::StringRef Part : {B, C, D})
    if (!Part.empty())
      llvm::sys::path::append(P, Part);
  return std::string(P);
}
bool exists(const std::string &P) { return llvm::sys::fs::exists(P); }
} // namespace

std::vector<std::string> TorchLocator::includeDirsAt(llvm::StringRef Path) {
  if (Path.empty() || !llvm::sys::fs::is_directory(Path))
    return {};
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  std::string P(Abs);
  auto FromRoot = [](const std::string &Root) -> std::vector<std::string> {
    std::string Api = join(Root, "torch", "csrc", "api/include");
    if (!exists(join(Api, "torch", "nn", "module.h")))
      return {};
    // The compiler already searches /usr/include; passing it with -isystem
    // would break libstdc++'s #include_next.
    if (Root == "/usr/include" || Root == "/usr/local/include")
      return {Api};
    return {Root, Api};
  };
  // An include root: <P>/torch/csrc/api/include.
  if (auto D = FromRoot(P); !D.empty())
    return D;
  // A libtorch prefix: <P>/include/torch/csrc/api/include.
  if (auto D = FromRoot(join(P, "include")); !D.empty())
    return D;
  // The API include directory itself: <P>/torch/nn/module.h.
  if (exists(join(P, "torch", "nn", "module.h"))) {
    llvm::StringRef Root(P);
    for (int I = 0; I < 4; ++I)
      Root = llvm::sys::path::parent_path(Root);
    if (Root == "/usr/include")
      return {P};
    return {Root.str(), P};
  }
  // A CMake package directory: <prefix>/share/cmake/Torch or
  // <prefix>/lib/<triple>/cmake/Torch.
  if (exists(join(P, "TorchConfig.cmake"))) {
    llvm::StringRef Up(P);
    for (int I = 0; I < 4; ++I) {
      Up = llvm::sys::path::parent_path(Up);
      if (auto D = FromRoot(join(Up, "include")); !D.empty())
        return D;
    }
  }
  return {};
}

llvm::Expected<TorchInstall>
TorchLocator::locate(llvm::StringRef TorchDir,
                     const char *(*GetEnv)(const char *)) {
  if (!GetEnv)
    GetEnv = [](const char *N) -> const char * { return std::getenv(N); };
  if (!TorchDir.empty()) {
    auto D = includeDirsAt(TorchDir);
    if (D.empty())
      return llvm::createStringError(
          std::errc::no_such_file_or_directory,
          "--torch-dir '%s' does not contain the LibTorch headers "
          "(expected <dir>/include/torch/csrc/api/include/torch/nn/module.h)",
          TorchDir.str().c_str());
    return TorchInstall{D, "--torch-dir " + TorchDir.str()};
  }
  for (const char *Var : {"LIBTORCH", "Torch_DIR"}) {
    const char *V = GetEnv(Var);
    if (!V || !*V)
      continue;
    auto D = includeDirsAt(V);
    if (D.empty())
      return llvm::createStringError(
          std::errc::no_such_file_or_directory,
          "$%s is '%s', which does not contain the LibTorch headers", Var, V);
    return TorchInstall{D, std::string("$") + Var + "=" + V};
  }
  if (auto D = includeDirsAt("/usr/include"); !D.empty())
    return TorchInstall{D, "Debian's libtorch-dev in /usr/include"};
  if (auto D = includeDirsAt(ADOPTER_TORCH_INCLUDE_HINT); !D.empty())
    return TorchInstall{D, "the LibTorch adopter was built with"};
  return llvm::createStringError(
      std::errc::no_such_file_or_directory,
      "cannot find the LibTorch headers; pass --torch-dir=DIR, set $LIBTORCH, "
      "give a compilation database with -p, or compiler flags after '--'");
}

} // namespace adopter::driver
