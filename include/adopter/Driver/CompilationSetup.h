//===- CompilationSetup.h - Compile flags for the analysed files -*- C++ -*-=//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Decides how each input file is compiled: flags after `--`, a compilation
// database from `-p` (or found above the file), or, with neither, flags
// adopter assumes (C++17 and the LibTorch headers it finds), which it
// announces on stderr.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DRIVER_COMPILATIONSETUP_H
#define ADOPTER_DRIVER_COMPILATIONSETUP_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace adopter::driver {

struct CompilationSetup {
  std::unique_ptr<clang::tooling::CompilationDatabase> DB;
  /// Absolute paths of the files to analyse.
  std::vector<std::string> Files;
  /// What adopter assumed, to print as notes.
  std::vector<std::string> Notes;
  /// Arguments appended to every compile command.
  std::vector<std::string> ExtraArgs;

  /// \p DashArgs holds the arguments after `--` when `--` was given.
  static llvm::Expected<CompilationSetup>
  create(const std::vector<std::string> &Files, const std::string &BuildDir,
         const std::optional<std::vector<std::string>> &DashArgs,
         const std::string &TorchDir);
};

} // namespace adopter::driver

#endif // ADOPTER_DRIVER_COMPILATIONSETUP_H
