//===- Applier.cpp - From selected findings to checked file edits ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/Applier.h"
#include "adopter/Driver/UserDecls.h"
#include "adopter/Rewrite/AstIndex.h"
#include "adopter/Rewrite/EditSynthesizer.h"
#include "adopter/Rewrite/Reparser.h"
#include "adopter/Rewrite/UnusedSubmodules.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include <algorithm>
#include <set>

using namespace clang;
using clang::tooling::Replacement;

namespace adopter::rewrite {

namespace {

/// What one synthesis over all translation units produced.
struct Synthesis {
  std::map<size_t, SiteEdits> Sites;
  /// Submodules the sites leave unused, removed by their owners' edits.
  std::vector<SubmoduleRemoval> Removals;
  /// Absolute path -> the contents the edits' offsets refer to.
  std::map<std::string, std::string> Contents;
  std::string Root; ///< the directory places are named relative to
};

class SynthConsumer : public ASTConsumer {
public:
  SynthConsumer(const std::vector<const match::Finding *> &Findings,
                const std::string &Root, Synthesis &Out)
      : Findings(Findings), Root(Root), Out(Out) {}

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    Top.add(DG);
    return true;
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    // The parent map the synthesis asks for covers the traversal scope:
    // the user's declarations, not all of <torch/torch.h> (seconds).
    Ctx.setTraversalScope(Top.decls());
    AstIndex Index(Ctx, Top.decls(), Root);
    EditSynthesizer S(Index);
    SourceManager &SM = Ctx.getSourceManager();
    std::map<size_t, SiteEdits> Sites = S.synthesize(Findings);
    // A finding seen from several translation units (a header's module):
    // the first that could express it wins.
    auto Wins = [&](size_t I) {
      auto It = Out.Sites.find(I);
      return It == Out.Sites.end() ||
             (!It->second.Error.empty() && Sites.at(I).Error.empty());
    };
    // A submodule whose calls the sites took away goes with them: its
    // removal is part of each owner's edits (merged as one edit).
    for (SubmoduleRemoval &Rm :
         UnusedSubmodules(Index, Top.decls()).find(Sites)) {
      if (!std::all_of(Rm.Owners.begin(), Rm.Owners.end(), Wins))
        continue;
      for (size_t O : Rm.Owners)
        for (const Replacement &R : Rm.Edits) // none when kept
          Sites[O].Edits.push_back(R);
      Out.Removals.push_back(std::move(Rm));
    }
    for (auto &[I, E] : Sites) {
      for (const Replacement &R : E.Edits) {
        if (Out.Contents.count(std::string(R.getFilePath())))
          continue;
        auto FE = SM.getFileManager().getOptionalFileRef(R.getFilePath());
        if (!FE)
          continue;
        FileID F = SM.translateFile(*FE);
        if (F.isValid())
          Out.Contents[std::string(R.getFilePath())] =
              SM.getBufferData(F).str();
      }
      if (Wins(I))
        Out.Sites[I] = std::move(E);
    }
  }

private:
  const std::vector<const match::Finding *> &Findings;
  const std::string &Root;
  Synthesis &Out;
  driver::UserDecls Top;
};

class SynthAction : public ASTFrontendAction {
public:
  SynthAction(const std::vector<const match::Finding *> &Findings,
              const std::string &Root, Synthesis &Out)
      : Findings(Findings), Root(Root), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<SynthConsumer>(Findings, Root, Out);
  }

private:
  const std::vector<const match::Finding *> &Findings;
  const std::string &Root;
  Synthesis &Out;
};

class SynthFactory : public tooling::FrontendActionFactory {
public:
  SynthFactory(const std::vector<const match::Finding *> &Findings,
               const std::string &Root, Synthesis &Out)
      : Findings(Findings), Root(Root), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<SynthAction>(Findings, Root, Out);
  }

private:
  const std::vector<const match::Finding *> &Findings;
  const std::string &Root;
  Synthesis &Out;
};

Synthesis synthesize(const driver::CompilationSetup &Setup,
                     const std::vector<const match::Finding *> &Findings,
                     const std::string &Root) {
  Synthesis Out;
  Out.Root = Root;
  for (const std::string &File : Setup.Files) {
    tooling::ClangTool Tool(*Setup.DB, {File});
    if (!Setup.ExtraArgs.empty())
      Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
          Setup.ExtraArgs, tooling::ArgumentInsertPosition::END));
    IgnoringDiagConsumer Quiet;
    Tool.setDiagnosticConsumer(&Quiet);
    SynthFactory F(Findings, Root, Out);
    Tool.run(&F);
  }
  return Out;
}

/// One edit and the findings that need it.
struct OwnedEdit {
  Replacement R;
  std::vector<size_t> Owners;
};

bool sameEdit(const Replacement &A, const Replacement &B) {
  return A.getFilePath() == B.getFilePath() && A.getOffset() == B.getOffset() &&
         A.getLength() == B.getLength() &&
         A.getReplacementText() == B.getReplacementText();
}

/// `path:line:col` of byte \p Offset of \p Path, as the findings name
/// places (relative to the root when the file is below it).
std::string placeOf(const Synthesis &S, const std::string &Path,
                    unsigned Offset) {
  const std::string &Root = S.Root;
  std::string Name = Path;
  if (!Root.empty() && llvm::StringRef(Path).starts_with(Root + "/"))
    Name = Path.substr(Root.size() + 1);
  auto It = S.Contents.find(Path);
  if (It == S.Contents.end() || Offset > It->second.size())
    return Name + " at offset " + std::to_string(Offset);
  llvm::StringRef Before = llvm::StringRef(It->second).take_front(Offset);
  size_t LineStart = Before.rfind('\n');
  unsigned Line = 1 + Before.count('\n');
  unsigned Col = Offset -
                 (LineStart == llvm::StringRef::npos
                      ? 0
                      : static_cast<unsigned>(LineStart) + 1) +
                 1;
  return Name + ":" + std::to_string(Line) + ":" + std::to_string(Col);
}

/// Merges the edits of \p Chosen; conflicts are described in \p Conflicts.
std::vector<OwnedEdit> merge(const Synthesis &S,
                             const std::vector<size_t> &Chosen,
                             const std::vector<const match::Finding *> &Fs,
                             std::vector<std::string> &Conflicts) {
  std::vector<OwnedEdit> All;
  for (size_t I : Chosen)
    for (const Replacement &R : S.Sites.at(I).Edits)
      All.push_back({R, {I}});
  std::stable_sort(All.begin(), All.end(),
                   [](const OwnedEdit &A, const OwnedEdit &B) {
                     if (A.R.getFilePath() != B.R.getFilePath())
                       return A.R.getFilePath() < B.R.getFilePath();
                     if (A.R.getOffset() != B.R.getOffset())
                       return A.R.getOffset() < B.R.getOffset();
                     return A.R.getLength() < B.R.getLength();
                   });
  std::vector<OwnedEdit> Out;
  for (OwnedEdit &E : All) {
    if (!Out.empty() && sameEdit(Out.back().R, E.R)) {
      Out.back().Owners.push_back(E.Owners[0]);
      continue;
    }
    if (!Out.empty() && Applier::isIncludeInsertion(Out.back().R) &&
        Applier::isIncludeInsertion(E.R) &&
        Out.back().R.getFilePath() == E.R.getFilePath() &&
        Out.back().R.getOffset() == E.R.getOffset()) {
      // Two kernel headers inserted at one place: one insertion, sorted.
      Out.back().R = Applier::mergeIncludes(Out.back().R, E.R);
      Out.back().Owners.push_back(E.Owners[0]);
      continue;
    }
    if (!Out.empty()) {
      const Replacement &P = Out.back().R;
      bool Overlap = P.getFilePath() == E.R.getFilePath() &&
                     (P.getOffset() + P.getLength() > E.R.getOffset() ||
                      (P.getOffset() == E.R.getOffset() && P.getLength() == 0 &&
                       E.R.getLength() == 0));
      if (Overlap) {
        const match::Finding *A = Fs[Out.back().Owners[0]];
        const match::Finding *B = Fs[E.Owners[0]];
        Conflicts.push_back(
            "adopter-" + A->RuleId + " at " + match::Finding::locText(A->Loc) +
            " and adopter-" + B->RuleId + " at " +
            match::Finding::locText(B->Loc) + " edit " +
            placeOf(S, std::string(E.R.getFilePath()), E.R.getOffset()) +
            " differently");
        continue;
      }
    }
    Out.push_back(std::move(E));
  }
  return Out;
}

/// Applies the (sorted, non-overlapping) edits to the contents.
std::map<std::string, FileChange> changes(const Synthesis &S,
                                          const std::vector<OwnedEdit> &Es) {
  std::map<std::string, FileChange> Out;
  for (auto It = Es.rbegin(); It != Es.rend(); ++It) {
    std::string Path(It->R.getFilePath());
    auto CIt = S.Contents.find(Path);
    if (CIt == S.Contents.end())
      continue;
    auto [Ch, New] = Out.try_emplace(Path);
    if (New)
      Ch->second.Old = Ch->second.New = CIt->second;
    Ch->second.New.replace(It->R.getOffset(), It->R.getLength(),
                           std::string(It->R.getReplacementText()));
  }
  return Out;
}

/// The compiler errors of every translation unit with \p Ch overlaid.
std::string compileErrors(const driver::CompilationSetup &Setup,
                          const std::map<std::string, FileChange> &Ch) {
  std::map<std::string, std::string> Overlay;
  for (const auto &[P, C] : Ch)
    Overlay[P] = C.New;
  std::string Errors;
  for (const std::string &File : Setup.Files)
    Errors += Reparser::errors(Setup, File, Overlay);
  return Errors;
}

} // namespace

bool Applier::isIncludeInsertion(const Replacement &R) {
  if (R.getLength() != 0)
    return false;
  llvm::SmallVector<llvm::StringRef> Lines;
  R.getReplacementText().split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef L : Lines)
    if (!L.starts_with("#include"))
      return false;
  return !Lines.empty();
}

Replacement Applier::mergeIncludes(const Replacement &A, const Replacement &B) {
  std::set<std::string> Lines;
  for (const Replacement *X : {&A, &B}) {
    llvm::SmallVector<llvm::StringRef> Parts;
    X->getReplacementText().split(Parts, '\n', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef L : Parts)
      Lines.insert(L.str() + "\n");
  }
  std::string Text;
  for (const std::string &L : Lines)
    Text += L;
  return Replacement(A.getFilePath(), A.getOffset(), 0, Text);
}

ApplyResult Applier::run(const driver::CompilationSetup &Setup,
                         const std::vector<const match::Finding *> &Selected,
                         const std::string &Root) {
  ApplyResult R;
  Synthesis S = synthesize(Setup, Selected, Root);
  std::vector<size_t> Candidates;
  for (size_t I = 0; I < Selected.size(); ++I) {
    FindingOutcome O;
    O.F = Selected[I];
    auto It = S.Sites.find(I);
    if (It == S.Sites.end())
      O.Reason = "its code was not found in the translation units given";
    else if (!It->second.Error.empty())
      O.Reason = It->second.Error;
    else
      Candidates.push_back(I);
    R.Outcomes.push_back(O);
  }
  if (Candidates.empty())
    return R;
  std::vector<OwnedEdit> Edits = merge(S, Candidates, Selected, R.Conflicts);
  if (!R.Conflicts.empty())
    return R;
  auto Ch = changes(S, Edits);
  std::string Errors = compileErrors(Setup, Ch);
  std::vector<size_t> Good = Candidates;
  if (!Errors.empty()) {
    // Find the findings whose edits break the build: add them one by one,
    // each synthesized with those already kept (they may share a member
    // declaration).
    Good.clear();
    for (size_t I : Candidates) {
      std::vector<size_t> Try = Good;
      Try.push_back(I);
      std::vector<const match::Finding *> Sub;
      for (size_t J : Try)
        Sub.push_back(Selected[J]);
      Synthesis T = synthesize(Setup, Sub, Root);
      std::vector<size_t> Idx(Sub.size());
      for (size_t J = 0; J < Idx.size(); ++J)
        Idx[J] = J;
      std::vector<std::string> Unused;
      bool Ok = T.Sites.size() == Sub.size();
      for (const auto &[J, E] : T.Sites)
        Ok &= E.Error.empty();
      std::string Err =
          Ok ? compileErrors(Setup, changes(T, merge(T, Idx, Sub, Unused)))
             : "its edits could not be synthesized with the others";
      if (Err.empty()) {
        Good.push_back(I);
        continue;
      }
      R.Outcomes[I].Reason = "the rewritten code did not compile, so it was "
                             "not written";
      R.Outcomes[I].CompilerOutput = Err;
    }
    if (Good.empty())
      return R;
    std::vector<const match::Finding *> Sub;
    for (size_t J : Good)
      Sub.push_back(Selected[J]);
    S = synthesize(Setup, Sub, Root);
    std::vector<size_t> Idx(Sub.size());
    for (size_t J = 0; J < Idx.size(); ++J)
      Idx[J] = J;
    Edits = merge(S, Idx, Sub, R.Conflicts);
    Ch = changes(S, Edits);
  }
  for (size_t I : Good)
    R.Outcomes[I].Applied = true;
  // The last synthesis numbers its sites as Selected does, or as Good
  // when findings were dropped.
  for (const SubmoduleRemoval &Rm : S.Removals) {
    UnusedSubmodule D;
    D.Member = Rm.Member;
    D.Type = Rm.Type;
    D.Where = Rm.Where;
    D.KeptWhy = Rm.KeptWhy;
    size_t O = Rm.Owners.front();
    D.By = Selected[Errors.empty() ? O : Good[O]];
    R.Unused.push_back(D);
  }
  R.Changes = std::move(Ch);
  for (const OwnedEdit &E : Edits)
    R.Edits.push_back(E.R);
  return R;
}

} // namespace adopter::rewrite
