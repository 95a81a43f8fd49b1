//===- GraphRecovery.cpp - Run the recovery over a set of files -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Driver/UserDecls.h"
#include "adopter/Graph/GraphBuilder.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include <algorithm>

using namespace clang;
using namespace clang::tooling;

namespace adopter::driver {

namespace {

/// How much a translation unit saw of a member: its construction (options,
/// elements) or only its declaration.
unsigned knowledge(const dsl::Submodule &S) {
  return (S.attr("null") ? 0 : 4) + (S.HasOptions ? 2 : 0) +
         (S.Elements.empty() ? 0 : 1);
}

size_t opCount(const std::vector<dsl::Op> &Body) {
  size_t N = Body.size();
  for (const dsl::Op &O : Body)
    for (const auto &R : O.Regions)
      N += opCount(R);
  return N;
}

/// A header's module seen from several translation units: each one may see
/// only some definitions (the constructor and forward live in one .cpp), so
/// keep, member by member and method by method, what was seen best.
void merge(dsl::Module &Into, dsl::Module &&From) {
  for (dsl::Submodule &S : From.Members) {
    auto It =
        std::find_if(Into.Members.begin(), Into.Members.end(),
                     [&](const dsl::Submodule &E) { return E.Name == S.Name; });
    if (It == Into.Members.end())
      Into.Members.push_back(std::move(S));
    else if (knowledge(S) > knowledge(*It))
      *It = std::move(S);
  }
  for (dsl::Method &Fn : From.Methods) {
    auto It =
        std::find_if(Into.Methods.begin(), Into.Methods.end(),
                     [&](const dsl::Method &E) { return E.Name == Fn.Name; });
    if (It == Into.Methods.end())
      Into.Methods.push_back(std::move(Fn));
    else if (opCount(Fn.Body) > opCount(It->Body))
      *It = std::move(Fn); // built where more of its callees were visible
  }
}

/// Recovers the modules of the user's top-level declarations.
class RecoveryConsumer : public ASTConsumer {
public:
  RecoveryConsumer(RecoveryResult &Out, std::string File, std::string Root,
                   Preprocessor &PP)
      : Out(Out), File(std::move(File)), Root(std::move(Root)), PP(PP) {}

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    Top.add(DG);
    return true;
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Out.TorchVersion.empty())
      Out.TorchVersion = GraphRecovery::torchVersion(PP);
    graph::GraphBuilder B(Ctx, Root);
    for (const Decl *D : Top.decls())
      B.addDecl(D);
    dsl::Graph G = B.build();
    if (G.Modules.empty())
      Out.FilesWithoutModules.push_back(File);
    for (dsl::Module &M : G.Modules) {
      dsl::Module *Existing = nullptr;
      for (dsl::Module &E : Out.Graph.Modules)
        if (E.Name == M.Name && E.Loc == M.Loc)
          Existing = &E;
      if (Existing)
        merge(*Existing, std::move(M));
      else
        Out.Graph.Modules.push_back(std::move(M));
    }
  }

private:
  RecoveryResult &Out;
  std::string File;
  std::string Root;
  Preprocessor &PP;
  UserDecls Top;
};

class RecoveryAction : public ASTFrontendAction {
public:
  RecoveryAction(RecoveryResult &Out, const std::string &Root)
      : Out(Out), Root(Root) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    return std::make_unique<RecoveryConsumer>(Out, InFile.str(), Root,
                                              CI.getPreprocessor());
  }
  void EndSourceFileAction() override {
    if (getCompilerInstance().getDiagnostics().hasErrorOccurred())
      Out.FailedFiles.insert(getCurrentFile().str());
  }

private:
  RecoveryResult &Out;
  const std::string &Root;
};

class RecoveryFactory : public FrontendActionFactory {
public:
  RecoveryFactory(RecoveryResult &Out, std::string Root)
      : Out(Out), Root(std::move(Root)) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<RecoveryAction>(Out, Root);
  }

private:
  RecoveryResult &Out;
  std::string Root;
};

} // namespace

std::string GraphRecovery::torchVersion(const Preprocessor &PP) {
  // The single-token expansion of an object-like macro, or empty.
  auto MacroText = [&](StringRef Name) -> std::string {
    const IdentifierInfo *II = PP.getIdentifierInfo(Name);
    const MacroInfo *MI = II ? PP.getMacroInfo(II) : nullptr;
    if (!MI || MI->getNumTokens() != 1)
      return "";
    return PP.getSpelling(MI->getReplacementToken(0));
  };
  std::string Major = MacroText("TORCH_VERSION_MAJOR");
  std::string Minor = MacroText("TORCH_VERSION_MINOR");
  return Major.empty() || Minor.empty() ? "" : Major + "." + Minor;
}

RecoveryResult GraphRecovery::run(const CompilationSetup &Setup,
                                  RecoveryProgress Progress) {
  RecoveryResult R;
  // ClangTool changes into each compile command's directory; locations are
  // shown relative to where the user ran adopter.
  llvm::SmallString<256> Cwd;
  std::string Root;
  if (!llvm::sys::fs::current_path(Cwd))
    Root = std::string(Cwd);
  // One tool per file: ClangTool prints its own "Processing file" lines when
  // it is given several, and adopter reports progress itself.
  for (size_t I = 0; I < Setup.Files.size(); ++I) {
    const std::string &File = Setup.Files[I];
    if (Progress)
      Progress(I + 1, Setup.Files.size(), File);
    ClangTool Tool(*Setup.DB, {File});
    if (!Setup.ExtraArgs.empty())
      Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
          Setup.ExtraArgs, ArgumentInsertPosition::END));
    RecoveryFactory F(R, Root);
    size_t FailedBefore = R.FailedFiles.size();
    int RC = Tool.run(&F);
    // A file that could not even start compiling (bad flags) failed too.
    if (RC != 0 && R.FailedFiles.size() == FailedBefore)
      R.FailedFiles.insert(File);
  }
  return R;
}

} // namespace adopter::driver
