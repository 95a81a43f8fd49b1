//===- TorchLocator.h - Find the LibTorch headers ---------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Finds LibTorch's include directories when the user gives no compilation
// database and no flags: `--torch-dir`, then `$LIBTORCH`, then `$Torch_DIR`,
// then Debian's location, then the location found when adopter was built.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DRIVER_TORCHLOCATOR_H
#define ADOPTER_DRIVER_TORCHLOCATOR_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace adopter::driver {

struct TorchInstall {
  /// Directories to pass with -isystem.
  std::vector<std::string> IncludeDirs;
  /// Where they came from, for the note adopter prints.
  std::string Origin;
};

class TorchLocator {
public:
  /// \p TorchDir is the `--torch-dir` option (may be empty). Environment
  /// variables are read through \p GetEnv so that tests can inject them.
  static llvm::Expected<TorchInstall>
  locate(llvm::StringRef TorchDir,
         const char *(*GetEnv)(const char *) = nullptr);

  /// The include directories of a LibTorch at \p Path, which may be a
  /// libtorch prefix (`/opt/libtorch`), an include root (`/usr/include`) or
  /// a CMake package dir (`.../share/cmake/Torch`); empty if none.
  static std::vector<std::string> includeDirsAt(llvm::StringRef Path);
};

} // namespace adopter::driver

#endif // ADOPTER_DRIVER_TORCHLOCATOR_H
