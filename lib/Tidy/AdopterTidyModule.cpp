//===- AdopterTidyModule.cpp - The adopter clang-tidy module --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Registers `adopter-<rule-id>` for every rule of the packs shipped with
// adopter, and `adopter-custom-rules`. Compiled into the clang-tidy plugin
// (adopter-tidy.so) and into adopter-clangd: clang-tidy and clangd find
// the module through ClangTidyModuleRegistry.
//
//===----------------------------------------------------------------------===//

#include "adopter/Tidy/AdopterCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::tidy;

namespace adopter::tidy {

class AdopterTidyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    std::vector<std::string> Errors;
    const rules::RuleSet &Rules = TidyAnalysis::shippedRules(&Errors);
    for (const std::string &E : Errors)
      llvm::errs() << E << "\n";
    std::set<std::string> Ids;
    for (const std::string &Id : Rules.ruleIds())
      Ids.insert(Id);
    for (const std::string &Id : Ids)
      Factories.registerCheckFactory(
          "adopter-" + Id,
          [Id, Ids](llvm::StringRef Name, ClangTidyContext *Context) {
            return std::make_unique<AdopterCheck>(Name, Context, Id, Ids);
          });
    Factories.registerCheckFactory(
        CustomRulesCheck,
        [Ids](llvm::StringRef Name, ClangTidyContext *Context) {
          return std::make_unique<AdopterCheck>(Name, Context, "", Ids);
        });
  }
};

} // namespace adopter::tidy

// clang-tidy and clangd enumerate the registry at startup.
static ClangTidyModuleRegistry::Add<adopter::tidy::AdopterTidyModule>
    AdopterModule("adopter-module",
                  "adopter: fused LibTorch kernels for chains of ops");

// Referenced by adopter-clangd so that the linker keeps this object.
volatile int AdopterTidyModuleAnchorSource = 0;
