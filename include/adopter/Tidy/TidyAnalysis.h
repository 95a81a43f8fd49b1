//===- TidyAnalysis.h - adopter's analysis of one clang-tidy TU -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What the `adopter-*` clang-tidy checks report: the same pipeline as
// `adopter check` and `adopter apply` (GraphBuilder, CheckEngine,
// EditSynthesizer), run over the one translation unit clang-tidy or clangd
// has parsed. It is computed once per translation unit and settings, by the
// first adopter check that asks, and shared by the others.
//
// Per translation unit means: a module whose constructor lives in another
// .cpp file is seen without its construction here. Such a finding is still
// reported, but without a fix-it, and a note says why (`adopter apply`, which
// sees every file of the compile database, may rewrite it).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TIDY_TIDYANALYSIS_H
#define ADOPTER_TIDY_TIDYANALYSIS_H

#include "adopter/Match/Finding.h"
#include "adopter/Rules/RuleLoader.h"
#include "clang/AST/ASTContext.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Core/Replacement.h"
#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace adopter::tidy {

/// The check options (`CheckOptions`) that change what is reported.
struct TidySettings {
  std::string Target = "cpu";
  std::string Dtype = "float32";
  /// Comma-separated packs to use; empty: all loaded.
  std::string Packs;
  /// Semicolon-separated extra rule paths (pack folders or rule files).
  std::string RulePaths;
  /// Every fix inserts the `#include`s it needs (for editors, which apply
  /// one fix at a time). Otherwise (clang-tidy --fix, run-clang-tidy) a
  /// file's includes are inserted once, by the first fix that edits it.
  bool StandaloneFixes = false;
  /// `major.minor` of LibTorch; empty: read from the headers' macros.
  std::string TorchVersion;
  /// A profile written by `adopter tune`: findings measured slower at their
  /// site are not reported (as `--profile` does for check and apply).
  std::string Profile;

  std::string key() const;
  /// Problems with the values themselves (an unknown target), or empty.
  std::vector<std::string> problems() const;
};

/// A selected finding and its fix.
struct TidyFinding {
  match::Finding F;
  /// The edits `adopter apply` would write for it, on absolute paths; empty
  /// when it has no fix (see NoFixReason).
  std::vector<clang::tooling::Replacement> Fix;
  std::string NoFixReason;
  /// When the fix is carried by another finding (their edits overlap):
  /// where that finding is reported.
  dsl::SourceLoc FixedWith;
  /// For a finding the plan left out for an overlapping one that has no
  /// fix (and was chosen again without it, as `adopter apply` does): that
  /// one, "adopter-<rule> at <file:line:col>".
  std::string InPlaceOf;
};

class TidyAnalysis {
public:
  std::vector<TidyFinding> Findings;
  /// Rule loading errors and bad settings, each to be reported once.
  std::vector<std::string> ConfigErrors;
  /// Set by the first check that reports ConfigErrors.
  mutable std::atomic<bool> ConfigReported{false};
  /// The absolute path the findings' relative locations start from.
  std::string Root;
  /// The top-level declarations of the user's files (not of system
  /// headers) that were analysed.
  std::vector<clang::Decl *> UserDecls;

  /// The analysis of \p Ctx under \p S: computed by the first call for this
  /// translation unit, shared by later calls. \p PP (may be null) supplies
  /// the LibTorch version macros.
  static std::shared_ptr<const TidyAnalysis> get(clang::ASTContext &Ctx,
                                                 const clang::Preprocessor *PP,
                                                 const TidySettings &S);
  /// Drops what get() kept for \p Ctx (its translation unit is done).
  static void forget(const clang::ASTContext &Ctx);

  /// The rules of the packs shipped with adopter, found next to the binary
  /// (executable or plugin) that holds this code; errors go to \p Errors.
  static const rules::RuleSet &shippedRules(std::vector<std::string> *Errors);

  /// \p L as a location of \p Ctx's source manager; invalid when the file is
  /// not part of the translation unit.
  clang::SourceLocation location(clang::ASTContext &Ctx,
                                 const dsl::SourceLoc &L) const;
};

} // namespace adopter::tidy

#endif // ADOPTER_TIDY_TIDYANALYSIS_H
