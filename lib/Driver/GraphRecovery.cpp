//===- GraphRecovery.cpp - Run the recovery over a set of files -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Graph/GraphBuilder.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"

using namespace clang;
using namespace clang::tooling;

namespace adopter::driver {

namespace {

/// Collects the top-level declarations of user code. Declarations that come
/// from a PCH are never passed to HandleTopLevelDecl, and those of system
/// headers are dropped, so the traversal stays in the user's files.
class RecoveryConsumer : public ASTConsumer {
public:
  RecoveryConsumer(RecoveryResult &Out, std::string File, std::string Root)
      : Out(Out), File(std::move(File)), Root(std::move(Root)) {}

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    for (Decl *D : DG) {
      const SourceManager &SM = D->getASTContext().getSourceManager();
      if (!SM.isInSystemHeader(SM.getFileLoc(D->getLocation())))
        Top.push_back(D);
    }
    return true;
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    graph::GraphBuilder B(Ctx, Root);
    for (const Decl *D : Top)
      B.addDecl(D);
    dsl::Graph G = B.build();
    if (G.Modules.empty())
      Out.FilesWithoutModules.push_back(File);
    for (dsl::Module &M : G.Modules) {
      bool Dup = false;
      for (const dsl::Module &E : Out.Graph.Modules)
        Dup |= E.Name == M.Name && E.Loc == M.Loc;
      if (!Dup)
        Out.Graph.Modules.push_back(std::move(M));
    }
  }

private:
  RecoveryResult &Out;
  std::string File;
  std::string Root;
  std::vector<Decl *> Top;
};

class RecoveryAction : public ASTFrontendAction {
public:
  RecoveryAction(RecoveryResult &Out, const std::string &Root)
      : Out(Out), Root(Root) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef InFile) override {
    return std::make_unique<RecoveryConsumer>(Out, InFile.str(), Root);
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

RecoveryResult GraphRecovery::run(const CompilationSetup &Setup) {
  RecoveryResult R;
  ClangTool Tool(*Setup.DB, Setup.Files);
  if (!Setup.ExtraArgs.empty())
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        Setup.ExtraArgs, ArgumentInsertPosition::END));
  // ClangTool changes into each compile command's directory; locations are
  // shown relative to where the user ran adopter.
  llvm::SmallString<256> Cwd;
  std::string Root;
  if (!llvm::sys::fs::current_path(Cwd))
    Root = std::string(Cwd);
  RecoveryFactory F(R, Root);
  int RC = Tool.run(&F);
  // A file that could not even start compiling (bad flags) is a failure too.
  if (RC != 0 && R.FailedFiles.empty())
    for (const std::string &File : Setup.Files)
      R.FailedFiles.insert(File);
  return R;
}

} // namespace adopter::driver
