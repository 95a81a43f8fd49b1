//===- TidyAnalysis.cpp - adopter's analysis of one clang-tidy TU ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Tidy/TidyAnalysis.h"
#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Driver/UserDecls.h"
#include "adopter/Graph/GraphBuilder.h"
#include "adopter/Match/CheckEngine.h"
#include "adopter/Match/Selector.h"
#include "adopter/Rewrite/Applier.h"
#include "adopter/Rewrite/AstIndex.h"
#include "adopter/Rewrite/EditSynthesizer.h"
#include "adopter/Rewrite/UnusedSubmodules.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <dlfcn.h>
#include <functional>
#include <map>
#include <mutex>

using namespace clang;

namespace adopter::tidy {

namespace {

std::mutex CacheMutex;

/// The path of the binary that holds this code: the plugin's `.so` when
/// clang-tidy loaded it, the executable (adopter-clangd) otherwise.
std::string thisBinary() {
  static int Anchor;
  Dl_info Info;
  if (dladdr(&Anchor, &Info) && Info.dli_fname &&
      llvm::StringRef(Info.dli_fname).contains(".so"))
    return Info.dli_fname;
  return llvm::sys::fs::getMainExecutable(nullptr, &Anchor);
}

/// Loaded rule sets by their extra paths; never freed (findings point into
/// them).
struct LoadedRules {
  mutable rules::RuleLoader Loader; // rules() is not const
  std::vector<std::string> Errors;
};

const LoadedRules &loadRules(const std::string &ExtraPaths) {
  static std::map<std::string, std::unique_ptr<LoadedRules>> Cache;
  std::lock_guard<std::mutex> Lock(CacheMutex);
  auto &Slot = Cache[ExtraPaths];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<LoadedRules>();
  Slot->Loader.loadPath(rules::RuleLoader::builtinRulesDirNear(thisBinary()));
  llvm::SmallVector<llvm::StringRef> Paths;
  llvm::StringRef(ExtraPaths).split(Paths, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Paths) {
    P = P.trim();
    if (!llvm::sys::fs::exists(P))
      Slot->Errors.push_back("adopter: rule path '" + P.str() +
                             "' does not exist");
    else
      Slot->Loader.loadPath(P);
  }
  for (const rules::LoadDiagnostic &D : Slot->Loader.diagnostics())
    if (D.Severity == rules::LoadDiagnostic::Level::Error)
      Slot->Errors.push_back(D.format());
  return *Slot;
}

/// The user's top-level declarations (driver::UserDecls), including those
/// of a precompiled preamble: clangd parses the headers a file includes
/// into one, and a model's classes often live there.
std::vector<Decl *> userDecls(ASTContext &Ctx) {
  driver::UserDecls Top;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
    Top.add(DeclGroupRef(D));
  return Top.decls();
}

bool overlap(const tooling::Replacement &X, const tooling::Replacement &Y) {
  if (X.getFilePath() != Y.getFilePath())
    return false;
  if (X.getOffset() == Y.getOffset())
    return true;
  return X.getOffset() < Y.getOffset()
             ? X.getOffset() + X.getLength() > Y.getOffset()
             : Y.getOffset() + Y.getLength() > X.getOffset();
}

/// Findings of \p Ok whose edits overlap (other than include insertions)
/// become one fix, carried by the first of them.
void groupFixes(TidyAnalysis &A, const std::vector<size_t> &Ok) {
  std::vector<size_t> Leader(A.Findings.size());
  for (size_t I = 0; I < Leader.size(); ++I)
    Leader[I] = I;
  std::function<size_t(size_t)> Find = [&](size_t I) {
    return Leader[I] == I ? I : Leader[I] = Find(Leader[I]);
  };
  for (size_t X = 0; X < Ok.size(); ++X)
    for (size_t Y = X + 1; Y < Ok.size(); ++Y)
      for (const auto &EX : A.Findings[Ok[X]].Fix)
        for (const auto &EY : A.Findings[Ok[Y]].Fix)
          if (!rewrite::Applier::isIncludeInsertion(EX) &&
              !rewrite::Applier::isIncludeInsertion(EY) && overlap(EX, EY)) {
            size_t LX = Find(Ok[X]), LY = Find(Ok[Y]);
            Leader[std::max(LX, LY)] = std::min(LX, LY);
          }
  for (size_t I : Ok) {
    size_t L = Find(I);
    if (L == I)
      continue;
    TidyFinding &From = A.Findings[I], &To = A.Findings[L];
    for (tooling::Replacement &E : From.Fix) {
      bool Have = false;
      for (const tooling::Replacement &T : To.Fix)
        Have |= T == E;
      if (!Have)
        To.Fix.push_back(std::move(E));
    }
    From.Fix.clear();
    From.FixedWith = To.F.Loc;
    From.NoFixReason = "its fix is the one of the warning at " +
                       match::Finding::locText(To.F.Loc) +
                       ": their edits touch the same code";
  }
}

/// clang-tidy joins insertions at one place from several fixes into one,
/// and clang-apply-replacements refuses different insertions at one place:
/// the `#include`s a file needs are inserted once, sorted, by the first fix
/// that edits that file.
void mergeIncludes(TidyAnalysis &A) {
  std::map<std::pair<std::string, unsigned>,
           std::pair<TidyFinding *, tooling::Replacement>>
      First;
  for (TidyFinding &TF : A.Findings) {
    std::vector<tooling::Replacement> Kept;
    for (tooling::Replacement &E : TF.Fix) {
      if (!rewrite::Applier::isIncludeInsertion(E)) {
        Kept.push_back(std::move(E));
        continue;
      }
      auto Key = std::make_pair(E.getFilePath().str(), E.getOffset());
      auto It = First.find(Key);
      if (It == First.end())
        First.emplace(Key, std::make_pair(&TF, E));
      else
        It->second.second =
            rewrite::Applier::mergeIncludes(It->second.second, E);
    }
    TF.Fix = std::move(Kept);
  }
  for (auto &[Key, V] : First)
    V.first->Fix.push_back(V.second);
}

std::shared_ptr<TidyAnalysis> analyse(ASTContext &Ctx, const Preprocessor *PP,
                                      const TidySettings &S) {
  auto A = std::make_shared<TidyAnalysis>();
  A->ConfigErrors = S.problems();
  const LoadedRules &LR = loadRules(S.RulePaths);
  A->ConfigErrors.insert(A->ConfigErrors.end(), LR.Errors.begin(),
                         LR.Errors.end());
  match::CheckOptions Opts;
  Opts.T.Device = S.Target;
  Opts.T.Dtype = S.Dtype;
  llvm::SmallVector<llvm::StringRef> Packs;
  llvm::StringRef(S.Packs).split(Packs, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Packs) {
    P = P.trim();
    if (!LR.Loader.rules().pack(P)) {
      A->ConfigErrors.push_back("adopter: unknown pack '" + P.str() + "'");
      continue;
    }
    Opts.Packs.push_back(P.str());
  }
  if (!Packs.empty() && Opts.Packs.empty())
    return A; // only unknown packs: report nothing rather than everything
  if (PP)
    Opts.TorchVersion = driver::GraphRecovery::torchVersion(*PP);
  if (!S.TorchVersion.empty())
    Opts.TorchVersion = S.TorchVersion;
  if (!S.Profile.empty()) {
    llvm::Expected<match::Profile> P = match::Profile::read(S.Profile);
    if (!P)
      A->ConfigErrors.push_back("adopter: " + llvm::toString(P.takeError()));
    else if (std::string Why = P->unusableFor(S.Target, S.Dtype); !Why.empty())
      A->ConfigErrors.push_back("adopter: " + Why);
    else
      Opts.Measured = std::move(*P);
  }

  llvm::SmallString<256> Cwd;
  if (!llvm::sys::fs::current_path(Cwd))
    A->Root = std::string(Cwd);
  std::vector<Decl *> Top = userDecls(Ctx);
  A->UserDecls = Top;
  // The parent map the rewriting asks for is built over the traversal
  // scope: over the user's declarations, not the whole translation unit
  // (seconds with <torch/torch.h>). The caller's scope comes back after.
  struct ScopeGuard {
    ASTContext &Ctx;
    std::vector<Decl *> Saved;
    ~ScopeGuard() { Ctx.setTraversalScope(Saved); }
  } Restore{Ctx, Ctx.getTraversalScope()};
  Ctx.setTraversalScope(Top);
  graph::GraphBuilder B(Ctx, A->Root);
  for (const Decl *D : Top)
    B.addDecl(D);
  dsl::Graph G = B.build();
  if (G.Modules.empty())
    return A;
  match::CheckEngine Engine(LR.Loader.rules(), Opts);
  std::vector<match::Finding> All = Engine.run(G);

  // No fix-its for code that does not compile: `adopter apply` refuses it
  // too, and an editor would offer them on half-typed code.
  if (Ctx.getDiagnostics().hasErrorOccurred()) {
    for (match::Finding &F : All)
      if (F.Selected) {
        std::string Why =
            F.Fixable ? "the translation unit has compile errors" : F.Reason;
        A->Findings.push_back({std::move(F), {}, std::move(Why)});
      }
    return A;
  }
  // The fixes are synthesized together, as `adopter apply` does. A selected
  // finding that gets no fix is left out and the plan chosen again, as
  // `adopter apply` does, so that a candidate it overlapped can carry a fix
  // in its place; it is still reported, with the reason.
  rewrite::AstIndex Index(Ctx, Top, A->Root);
  std::map<size_t, std::string> NoFix;
  std::map<size_t, std::vector<tooling::Replacement>> Fixes;
  std::vector<bool> InPlan;
  for (const match::Finding &F : All)
    InPlan.push_back(F.Selected);
  for (;;) {
    bool More = false;
    std::vector<const match::Finding *> Fixable;
    std::vector<size_t> Where;
    for (size_t I = 0; I < All.size(); ++I) {
      if (!All[I].Selected)
        continue;
      if (!All[I].Fixable) {
        More |= NoFix.emplace(I, All[I].Reason).second;
        continue;
      }
      Fixable.push_back(&All[I]);
      Where.push_back(I);
    }
    auto Sites = rewrite::EditSynthesizer(Index).synthesize(Fixable);
    // A submodule the fixes leave unused goes with them, as `adopter apply`
    // removes it: its removal is part of each owner's fix (which makes
    // them one fix).
    for (const rewrite::SubmoduleRemoval &Rm :
         rewrite::UnusedSubmodules(Index, Top).find(Sites))
      for (size_t O : Rm.Owners)
        for (const tooling::Replacement &R : Rm.Edits)
          Sites[O].Edits.push_back(R);
    Fixes.clear();
    for (size_t J = 0; J < Fixable.size(); ++J) {
      auto It = Sites.find(J);
      if (It == Sites.end())
        More |= NoFix
                    .emplace(Where[J],
                             "its code is not all in this translation unit; "
                             "`adopter apply` over the compile database can "
                             "rewrite it")
                    .second;
      else if (!It->second.Error.empty())
        More |= NoFix.emplace(Where[J], It->second.Error).second;
      else
        Fixes[Where[J]] = std::move(It->second.Edits);
    }
    std::map<size_t, std::string> Why;
    for (const auto &[I, W] : NoFix)
      Why[I] = "apply cannot write it: " + W;
    if (!More || !match::Selector::reselect(All, Why, Opts.T.Device))
      break;
  }
  // A finding outside the plan names the one without a fix it stands for.
  auto InPlaceOf = [&](size_t I) -> std::string {
    if (InPlan[I])
      return "";
    for (const auto &[J, W] : NoFix)
      for (const match::FindingOp &X : All[I].Ops)
        for (const match::FindingOp &Y : All[J].Ops)
          if (match::Finding::sameOp(X, Y))
            return "adopter-" + All[J].RuleId + " at " +
                   match::Finding::locText(All[J].Loc);
    return "";
  };
  std::vector<std::string> Instead; // before any finding is moved
  for (size_t I = 0; I < All.size(); ++I)
    Instead.push_back(Fixes.count(I) ? InPlaceOf(I) : "");
  std::vector<size_t> Ok;
  for (size_t I = 0; I < All.size(); ++I) {
    auto Fix = Fixes.find(I);
    auto Why = NoFix.find(I);
    // A candidate outside the plan is reported only for the fix it carries
    // (check reports the plan; `adopter apply` also names such a candidate
    // that was tried and refused).
    if ((Fix == Fixes.end() && Why == NoFix.end()) ||
        (!InPlan[I] && Fix == Fixes.end()))
      continue;
    if (Fix != Fixes.end())
      Ok.push_back(A->Findings.size());
    A->Findings.push_back({std::move(All[I]),
                           Fix != Fixes.end()
                               ? std::move(Fix->second)
                               : std::vector<tooling::Replacement>(),
                           Why != NoFix.end() ? Why->second : ""});
    A->Findings.back().InPlaceOf = std::move(Instead[I]);
  }
  groupFixes(*A, Ok);
  if (!S.StandaloneFixes)
    mergeIncludes(*A);
  return A;
}

std::map<std::pair<const ASTContext *, std::string>,
         std::shared_ptr<const TidyAnalysis>> &
analyses() {
  static std::map<std::pair<const ASTContext *, std::string>,
                  std::shared_ptr<const TidyAnalysis>>
      M;
  return M;
}

} // namespace

std::string TidySettings::key() const {
  return Target + "|" + Dtype + "|" + Packs + "|" + RulePaths + "|" +
         (StandaloneFixes ? "1" : "0") + "|" + TorchVersion + "|" + Profile;
}

std::vector<std::string> TidySettings::problems() const {
  std::vector<std::string> Out;
  using match::Target;
  if (!Target::knows(Target::devices(), this->Target))
    Out.push_back("adopter: unknown Target '" + this->Target +
                  "' (known: " + Target::known(Target::devices()) +
                  "); using it matches no rule");
  if (!Target::knows(Target::dtypes(), Dtype))
    Out.push_back("adopter: unknown Dtype '" + Dtype +
                  "' (known: " + Target::known(Target::dtypes()) + ")");
  return Out;
}

std::shared_ptr<const TidyAnalysis> TidyAnalysis::get(ASTContext &Ctx,
                                                      const Preprocessor *PP,
                                                      const TidySettings &S) {
  std::pair<const ASTContext *, std::string> Key{&Ctx, S.key()};
  {
    std::lock_guard<std::mutex> Lock(CacheMutex);
    auto It = analyses().find(Key);
    if (It != analyses().end())
      return It->second;
  }
  // Analysed outside the lock: clangd builds several files at once. A
  // translation unit's checks run on one thread, so no two threads analyse
  // the same key.
  std::shared_ptr<const TidyAnalysis> A = analyse(Ctx, PP, S);
  std::lock_guard<std::mutex> Lock(CacheMutex);
  analyses()[Key] = A;
  return A;
}

void TidyAnalysis::forget(const ASTContext &Ctx) {
  std::lock_guard<std::mutex> Lock(CacheMutex);
  auto &M = analyses();
  for (auto It = M.begin(); It != M.end();)
    It = It->first.first == &Ctx ? M.erase(It) : std::next(It);
}

const rules::RuleSet &
TidyAnalysis::shippedRules(std::vector<std::string> *Errors) {
  const LoadedRules &LR = loadRules("");
  if (Errors)
    *Errors = LR.Errors;
  return LR.Loader.rules();
}

SourceLocation TidyAnalysis::location(ASTContext &Ctx,
                                      const dsl::SourceLoc &L) const {
  if (!L.isValid())
    return {};
  llvm::SmallString<256> Abs(L.File);
  if (!llvm::sys::path::is_absolute(Abs) && !Root.empty()) {
    Abs = Root;
    llvm::sys::path::append(Abs, L.File);
  }
  SourceManager &SM = Ctx.getSourceManager();
  auto FE = SM.getFileManager().getOptionalFileRef(Abs);
  if (!FE)
    return {};
  return SM.translateFileLineCol(&FE->getFileEntry(), L.Line, L.Col);
}

} // namespace adopter::tidy
