//===- CompilationSetup.cpp - Compile flags for the analysed files --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/CompilationSetup.h"
#include "adopter/Driver/TorchLocator.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#ifndef ADOPTER_CLANG_RESOURCE_DIR
#define ADOPTER_CLANG_RESOURCE_DIR ""
#endif

using namespace clang::tooling;

namespace adopter::driver {

namespace {
/// A compile command runs in its directory: one that does not exist would
/// abort the tool inside ClangTool (it cannot chdir there).
llvm::Error checkDirectories(const CompilationSetup &S) {
  for (const std::string &F : S.Files)
    for (const CompileCommand &C : S.DB->getCompileCommands(F))
      if (!llvm::sys::fs::is_directory(C.Directory))
        return llvm::createStringError(
            std::errc::no_such_file_or_directory,
            "the compile command for '%s' runs in '%s', which does not "
            "exist; regenerate compile_commands.json",
            F.c_str(), C.Directory.c_str());
  return llvm::Error::success();
}
} // namespace

llvm::Expected<CompilationSetup> CompilationSetup::create(
    const std::vector<std::string> &Files, const std::string &BuildDir,
    const std::optional<std::vector<std::string>> &DashArgs,
    const std::string &TorchDir) {
  CompilationSetup S;
  if (Files.empty())
    return llvm::createStringError(std::errc::invalid_argument,
                                   "no input files");
  for (const std::string &F : Files) {
    llvm::sys::fs::file_status St;
    if (llvm::sys::fs::status(F, St) || !llvm::sys::fs::exists(St))
      return llvm::createStringError(std::errc::no_such_file_or_directory,
                                     "no such file or directory: '%s'",
                                     F.c_str());
    if (llvm::sys::fs::is_directory(St))
      return llvm::createStringError(
          std::errc::is_a_directory,
          "'%s' is a directory; give the source files to analyse", F.c_str());
    llvm::SmallString<256> Abs(F);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, true);
    S.Files.push_back(std::string(Abs));
  }
  if (llvm::StringRef(ADOPTER_CLANG_RESOURCE_DIR) != "")
    S.ExtraArgs.push_back(std::string("-resource-dir=") +
                          ADOPTER_CLANG_RESOURCE_DIR);

  if (DashArgs) {
    S.DB = std::make_unique<FixedCompilationDatabase>(".", *DashArgs);
    return S;
  }
  if (!BuildDir.empty()) {
    std::string Err;
    S.DB = CompilationDatabase::loadFromDirectory(BuildDir, Err);
    if (!S.DB)
      return llvm::createStringError(
          std::errc::no_such_file_or_directory,
          "cannot load a compilation database from '%s': %s", BuildDir.c_str(),
          Err.c_str());
    for (const std::string &F : S.Files)
      if (S.DB->getCompileCommands(F).empty())
        S.Notes.push_back("'" + F + "' is not in " + BuildDir +
                          "/compile_commands.json; clang guesses its flags "
                          "from a neighbouring entry");
    if (llvm::Error E = checkDirectories(S))
      return std::move(E);
    return S;
  }
  std::string Err;
  if (auto DB = CompilationDatabase::autoDetectFromSource(S.Files[0], Err)) {
    S.Notes.push_back("using the compilation database found above '" +
                      Files[0] + "'");
    S.DB = std::move(DB);
    if (llvm::Error E = checkDirectories(S))
      return std::move(E);
    return S;
  }
  auto Torch = TorchLocator::locate(TorchDir);
  if (!Torch)
    return Torch.takeError();
  std::vector<std::string> Args = {"-xc++", "-std=c++17",
                                   "-D_GLIBCXX_USE_CXX11_ABI=1"};
  for (const std::string &D : Torch->IncludeDirs) {
    Args.push_back("-isystem");
    Args.push_back(D);
  }
  S.Notes.push_back("no compilation database and no flags after '--'; "
                    "assuming: " +
                    llvm::join(Args, " ") + " (LibTorch from " + Torch->Origin +
                    ")");
  S.DB = std::make_unique<FixedCompilationDatabase>(".", Args);
  return S;
}

} // namespace adopter::driver
