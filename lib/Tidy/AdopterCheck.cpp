//===- AdopterCheck.cpp - One clang-tidy check per adopter rule -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Tidy/AdopterCheck.h"
#include "adopter/Report/TextReporter.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include <algorithm>

using namespace clang;
using namespace clang::ast_matchers;

namespace adopter::tidy {

namespace {
const char *OptionNames[] = {"Target",    "Dtype",        "Packs",
                             "RulePaths", "TorchVersion", "Profile"};
} // namespace

AdopterCheck::AdopterCheck(StringRef Name,
                           clang::tidy::ClangTidyContext *Context,
                           std::string RuleId, std::set<std::string> Shipped)
    : ClangTidyCheck(Name, Context), RuleId(std::move(RuleId)),
      Shipped(std::move(Shipped)) {
  // `<check>.<Name>` first, then `adopter.<Name>` for every adopter check.
  OptionsView Project("adopter", Context->getOptions().CheckOptions, Context);
  auto Read = [&](StringRef Opt, std::string &Into) {
    if (std::optional<StringRef> V = Options.get(Opt))
      Into = V->str();
    else if (std::optional<StringRef> P = Project.get(Opt))
      Into = P->str();
  };
  Read("Target", Settings.Target);
  Read("Dtype", Settings.Dtype);
  Read("Packs", Settings.Packs);
  Read("RulePaths", Settings.RulePaths);
  Read("TorchVersion", Settings.TorchVersion);
  Read("Profile", Settings.Profile);
  std::string Standalone = Settings.StandaloneFixes ? "true" : "false";
  Read("StandaloneFixes", Standalone);
  Settings.StandaloneFixes =
      llvm::StringRef(Standalone).equals_insensitive("true") ||
      Standalone == "1";
  OnlyAdopterChecks = onlyAdopterChecks(Context->getOptions().Checks);
}

bool AdopterCheck::onlyAdopterChecks(const std::optional<std::string> &Checks) {
  if (!Checks)
    return false; // clang-tidy's defaults: clang-analyzer-* among them
  // The last glob that matches a name decides (clang-tidy's GlobList): a
  // positive glob naming anything else counts unless a later `-*` drops it.
  bool Other = false;
  llvm::SmallVector<llvm::StringRef> Globs;
  llvm::StringRef(*Checks).split(Globs, ',');
  for (llvm::StringRef Line : Globs) {
    llvm::SmallVector<llvm::StringRef> Parts;
    Line.split(Parts, '\n');
    for (llvm::StringRef G : Parts) {
      G = G.trim();
      if (G.empty())
        continue;
      if (G.consume_front("-")) {
        if (G.trim() == "*")
          Other = false;
      } else if (!G.starts_with("adopter-") &&
                 !G.starts_with("clang-diagnostic-")) {
        Other = true; // compiler warnings do not traverse the AST
      }
    }
  }
  return !Other;
}

void AdopterCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  const std::string *Values[] = {&Settings.Target,       &Settings.Dtype,
                                 &Settings.Packs,        &Settings.RulePaths,
                                 &Settings.TorchVersion, &Settings.Profile};
  for (size_t I = 0; I < std::size(OptionNames); ++I)
    Options.store(Opts, OptionNames[I], *Values[I]);
  Options.store(Opts, "StandaloneFixes",
                Settings.StandaloneFixes ? "true" : "false");
}

void AdopterCheck::registerPPCallbacks(const SourceManager &, Preprocessor *P,
                                       Preprocessor *) {
  PP = P;
}

void AdopterCheck::registerMatchers(MatchFinder *Finder) {
  // The analysis covers the whole translation unit: any of these starts it
  // once. clang-tidy visits the translation unit itself first; clangd limits
  // the traversal to the main file's declarations, so there the first
  // definition does.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  Finder->addMatcher(cxxRecordDecl(isDefinition()).bind("r"), this);
  Finder->addMatcher(functionDecl(isDefinition()).bind("f"), this);
}

bool AdopterCheck::reports(const match::Finding &F) const {
  if (!RuleId.empty())
    return F.RuleId == RuleId;
  return !Shipped.count(F.RuleId);
}

void AdopterCheck::check(const MatchFinder::MatchResult &R) {
  if (Done)
    return;
  Done = true;
  Analysed = R.Context;
  std::shared_ptr<const TidyAnalysis> A =
      TidyAnalysis::get(*R.Context, PP, Settings);
  // Configuration problems once per translation unit, by the first check.
  if (!A->ConfigReported.exchange(true))
    for (const std::string &E : A->ConfigErrors)
      configurationDiag("%0") << E;
  for (const TidyFinding &TF : A->Findings)
    if (reports(TF.F))
      report(*R.Context, *A, TF);
  // clang-tidy is about to traverse the whole translation unit (all of
  // <torch/torch.h>, seconds) for matchers that have nothing left to do.
  // When no other check is enabled, the rest of the traversal covers the
  // user's declarations only (clangd limits it itself: no TU match there).
  if (OnlyAdopterChecks && R.Nodes.getNodeAs<TranslationUnitDecl>("tu"))
    R.Context->setTraversalScope(A->UserDecls);
}

void AdopterCheck::onEndOfTranslationUnit() {
  if (Analysed)
    TidyAnalysis::forget(*Analysed);
  Analysed = nullptr;
}

void AdopterCheck::report(ASTContext &Ctx, const TidyAnalysis &A,
                          const TidyFinding &TF) {
  const match::Finding &F = TF.F;
  SourceLocation Loc = A.location(Ctx, F.Loc);
  if (Loc.isInvalid())
    return; // a location in a file this translation unit does not have
  std::string Msg = F.Message;
  if (RuleId.empty())
    Msg += " (rule '" + F.RuleId + "')";
  {
    DiagnosticBuilder D = diag(Loc, "%0") << Msg;
    SourceManager &SM = Ctx.getSourceManager();
    std::vector<FixItHint> Hints;
    // A removal that ends where the next edit starts joins that edit (two
    // touching ranges would make clang drop the whole fix-it).
    std::vector<tooling::Replacement> Edits(TF.Fix.begin(), TF.Fix.end());
    std::sort(Edits.begin(), Edits.end());
    for (size_t I = Edits.size(); I-- > 1;) {
      const tooling::Replacement &A = Edits[I - 1], &B = Edits[I];
      if (A.getFilePath() == B.getFilePath() &&
          A.getReplacementText().empty() &&
          A.getOffset() + A.getLength() == B.getOffset()) {
        Edits[I - 1] = tooling::Replacement(A.getFilePath(), A.getOffset(),
                                            A.getLength() + B.getLength(),
                                            B.getReplacementText());
        Edits.erase(Edits.begin() + I);
      }
    }
    for (const tooling::Replacement &E : Edits) {
      auto FE = SM.getFileManager().getOptionalFileRef(E.getFilePath());
      FileID FID = FE ? SM.translateFile(*FE) : FileID();
      if (FID.isInvalid()) {
        Hints.clear();
        break;
      }
      unsigned Off = E.getOffset(), Len = E.getLength();
      std::string Text = E.getReplacementText().str();
      // A pure removal would have clang's fix-it merging drop one more
      // whitespace character next to it: keep the next character instead.
      llvm::StringRef Buf = SM.getBufferData(FID);
      if (Text.empty() && Len && Off + Len < Buf.size()) {
        Text = Buf.substr(Off + Len, 1).str();
        ++Len;
      }
      SourceLocation B =
          SM.getLocForStartOfFile(FID).getLocWithOffset(static_cast<int>(Off));
      Hints.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(
              B, B.getLocWithOffset(static_cast<int>(Len))),
          Text));
    }
    for (const FixItHint &H : Hints)
      D << H;
  }
  for (const report::FindingNote &N : report::TextReporter::notes(F)) {
    SourceLocation NL = A.location(Ctx, N.Loc);
    diag(NL.isValid() ? NL : Loc, "%0", DiagnosticIDs::Note) << N.Message;
  }
  if (!TF.InPlaceOf.empty())
    diag(Loc, "offered in place of %0, which has no fix-it",
         DiagnosticIDs::Note)
        << TF.InPlaceOf;
  if (TF.FixedWith.isValid()) {
    SourceLocation W = A.location(Ctx, TF.FixedWith);
    diag(W.isValid() ? W : Loc,
         "the fix-it of this warning also rewrites the other: their edits "
         "touch the same code",
         DiagnosticIDs::Note);
  } else if (F.Fixable && TF.Fix.empty()) {
    diag(Loc, "no fix-it: %0", DiagnosticIDs::Note) << TF.NoFixReason;
  }
}

} // namespace adopter::tidy
