//===- Reparser.h - Compile translation units with edited files -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Before `adopter apply` writes anything, every translation unit is
// compiled again (syntax and semantic analysis, no code generation) with
// the edited files overlaid on the real ones, through the same compile
// commands as the analysis. Those include the directory of the kernel
// headers the rewritten code includes (kernelsIncludeDir(), appended by the
// adopter commands; the user's build gets it from adopter::kernels).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_REWRITE_REPARSER_H
#define ADOPTER_REWRITE_REPARSER_H

#include "adopter/Driver/CompilationSetup.h"
#include <map>
#include <string>

namespace adopter::rewrite {

class Reparser {
public:
  /// Compiles \p File with \p Overlay (absolute path -> new contents) in
  /// place of those files. Returns the compiler's error messages, empty
  /// when it compiled.
  static std::string errors(const driver::CompilationSetup &Setup,
                            const std::string &File,
                            const std::map<std::string, std::string> &Overlay);

  /// The directory holding `adopter/kernels/*.h`: `<prefix>/include` beside
  /// an installed adopter, else the source tree's `include/`.
  static std::string kernelsIncludeDir(const char *Argv0, void *MainAddr);
};

} // namespace adopter::rewrite

#endif // ADOPTER_REWRITE_REPARSER_H
