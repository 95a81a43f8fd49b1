//===- AdopterCheck.h - One clang-tidy check per adopter rule ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter-<rule-id>`: reports the sites of one rule that `adopter check`
// selects in the translation unit, with the same message and notes, and the
// fix-it `adopter apply` would write. `adopter-custom-rules` reports the
// rules loaded through the `RulePaths` option whose ids are not shipped.
//
// Options (each read as `<check>.<Name>`, then `adopter.<Name>` for the
// whole project): Target (cpu|cuda), Dtype, Packs (comma-separated),
// RulePaths (semicolon-separated pack folders or rule files), StandaloneFixes
// (true: every fix inserts its own #include; for editors), TorchVersion
// (major.minor; default: read from the LibTorch headers).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TIDY_ADOPTERCHECK_H
#define ADOPTER_TIDY_ADOPTERCHECK_H

#include "adopter/Tidy/TidyAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include <optional>
#include <set>
#include <string>

namespace adopter::tidy {

/// The name of the check that reports rules not shipped with adopter.
inline constexpr const char *CustomRulesCheck = "adopter-custom-rules";

class AdopterCheck : public clang::tidy::ClangTidyCheck {
public:
  /// \p RuleId: the rule reported; empty for adopter-custom-rules, which
  /// reports every rule whose id is not in \p Shipped.
  AdopterCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
               std::string RuleId, std::set<std::string> Shipped);

  bool isLanguageVersionSupported(const clang::LangOptions &LO) const override {
    return LO.CPlusPlus17;
  }
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void check(const clang::ast_matchers::MatchFinder::MatchResult &R) override;
  void onStartOfTranslationUnit() override { Done = false; }
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

  /// Whether the `Checks` glob list \p Checks can enable no check but
  /// adopter's and compiler warnings (`clang-diagnostic-*`).
  static bool onlyAdopterChecks(const std::optional<std::string> &Checks);

private:
  std::string RuleId;
  std::set<std::string> Shipped;
  TidySettings Settings;
  clang::Preprocessor *PP = nullptr;
  clang::ASTContext *Analysed = nullptr;
  bool Done = false;
  bool OnlyAdopterChecks = false;

  bool reports(const match::Finding &F) const;
  void report(clang::ASTContext &Ctx, const TidyAnalysis &A,
              const TidyFinding &TF);
};

} // namespace adopter::tidy

#endif // ADOPTER_TIDY_ADOPTERCHECK_H
