//===- GraphRecovery.cpp - Run the recovery over a set of files -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Driver/GraphRecovery.h"
#include "adopter/DSL/Parser.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Driver/UserDecls.h"
#include "adopter/Graph/GraphBuilder.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <algorithm>
#include <atomic>
#include <mutex>

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
  // Only a unit that sees the constructors sees the registered parameters.
  for (dsl::Submodule &P : From.Parameters)
    if (llvm::none_of(Into.Parameters, [&](const dsl::Submodule &E) {
          return E.Name == P.Name;
        }))
      Into.Parameters.push_back(std::move(P));
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

/// What one translation unit contributed, merged into the result in the
/// order of the files (so that -j N gives the same graph as -j 1).
struct UnitResult {
  dsl::Graph Graph;
  bool Failed = false;
  bool NoModules = false;
  std::string TorchVersion;
  /// Absolute paths of every file the compiler read (for the cache).
  std::vector<std::string> Deps;
  /// The compiler's diagnostics, when they are collected rather than
  /// printed as they come (several translation units at once).
  std::string Diagnostics;
};

/// Recovers the modules of the user's top-level declarations.
class RecoveryConsumer : public ASTConsumer {
public:
  RecoveryConsumer(UnitResult &Out, std::string Root, Preprocessor &PP)
      : Out(Out), Root(std::move(Root)), PP(PP) {}

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    Top.add(DG);
    return true;
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    Out.TorchVersion = GraphRecovery::torchVersion(PP);
    graph::GraphBuilder B(Ctx, Root);
    for (const Decl *D : Top.decls())
      B.addDecl(D);
    Out.Graph = B.build();
    Out.NoModules = Out.Graph.Modules.empty();
    FileManager &FM = Ctx.getSourceManager().getFileManager();
    SmallVector<OptionalFileEntryRef, 256> Files;
    FM.GetUniqueIDMapping(Files);
    for (OptionalFileEntryRef F : Files) {
      if (!F)
        continue;
      // The path the file was opened by, made absolute; `..` is kept, since
      // dropping it is wrong through a symbolic link (Debian's /lib ->
      // usr/lib, reached as /lib/gcc/x86_64-linux-gnu/12/../../../..).
      StringRef Real = F->getFileEntry().tryGetRealPathName();
      SmallString<256> Path(Real.empty() ? F->getName() : Real);
      FM.makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
      Out.Deps.push_back(std::string(Path));
    }
    llvm::sort(Out.Deps);
    Out.Deps.erase(std::unique(Out.Deps.begin(), Out.Deps.end()),
                   Out.Deps.end());
  }

private:
  UnitResult &Out;
  std::string Root;
  Preprocessor &PP;
  UserDecls Top;
};

class RecoveryAction : public ASTFrontendAction {
public:
  RecoveryAction(UnitResult &Out, const std::string &Root)
      : Out(Out), Root(Root) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    return std::make_unique<RecoveryConsumer>(Out, Root, CI.getPreprocessor());
  }
  void EndSourceFileAction() override {
    if (getCompilerInstance().getDiagnostics().hasErrorOccurred())
      Out.Failed = true;
  }

private:
  UnitResult &Out;
  const std::string &Root;
};

class RecoveryFactory : public FrontendActionFactory {
public:
  RecoveryFactory(UnitResult &Out, std::string Root)
      : Out(Out), Root(std::move(Root)) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<RecoveryAction>(Out, Root);
  }

private:
  UnitResult &Out;
  std::string Root;
};

/// Parses \p File and recovers its modules. With \p Collect, the
/// compiler's diagnostics go to the result instead of stderr.
UnitResult recoverUnit(const CompilationSetup &Setup, const std::string &File,
                       const std::string &Root, bool Collect) {
  UnitResult U;
  // Each tool gets its own view of the file system, whose working directory
  // ClangTool moves to the compile command's directory; the process's own
  // working directory never changes, so several can run at once.
  ClangTool Tool(*Setup.DB, {File}, std::make_shared<PCHContainerOperations>(),
                 llvm::vfs::createPhysicalFileSystem());
  if (!Setup.ExtraArgs.empty())
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        Setup.ExtraArgs, ArgumentInsertPosition::END));
  llvm::raw_string_ostream DiagOS(U.Diagnostics);
  // The printer holds its options by reference count.
  TextDiagnosticPrinter Printer(DiagOS, new DiagnosticOptions());
  if (Collect)
    Tool.setDiagnosticConsumer(&Printer);
  RecoveryFactory F(U, Root);
  // A file that could not even start compiling (bad flags) failed too.
  if (Tool.run(&F) != 0)
    U.Failed = true;
  return U;
}

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
                                  RecoveryProgress Progress,
                                  const RecoveryOptions &Opts) {
  RecoveryResult R;
  // Locations are shown relative to where the user ran adopter.
  llvm::SmallString<256> Cwd;
  std::string Root;
  if (!llvm::sys::fs::current_path(Cwd))
    Root = std::string(Cwd);

  const size_t N = Setup.Files.size();
  std::vector<UnitResult> Units(N);
  std::vector<char> Hit(N, 0);
  std::mutex Mutex; // progress lines, diagnostics, cache notes
  const bool Collect = Opts.Jobs > 1 && N > 1;
  std::atomic<size_t> Started{0};

  auto Work = [&](size_t I) {
    const std::string &File = Setup.Files[I];
    if (Progress) {
      std::lock_guard<std::mutex> Lock(Mutex);
      Progress(++Started, N, File);
    }
    std::string Key;
    if (Opts.Cache) {
      Key = RecoveryCache::key(Setup.DB->getCompileCommands(File),
                               Setup.ExtraArgs, Root);
      if (std::optional<CachedUnit> C = Opts.Cache->lookup(Key)) {
        llvm::Expected<dsl::Graph> G = dsl::parseGraph(C->GraphText, File);
        if (G) {
          Units[I].Graph = std::move(*G);
          Units[I].TorchVersion = C->TorchVersion;
          Units[I].NoModules = C->NoModules;
          Hit[I] = 1;
          return;
        }
        llvm::consumeError(G.takeError()); // unreadable: analyse again
      }
    }
    Units[I] = recoverUnit(Setup, File, Root, Collect);
    UnitResult &U = Units[I];
    if (Collect && !U.Diagnostics.empty()) {
      std::lock_guard<std::mutex> Lock(Mutex);
      llvm::errs() << U.Diagnostics;
    }
    if (Opts.Cache && !U.Failed) {
      CachedUnit C;
      C.GraphText = dsl::toString(U.Graph);
      C.TorchVersion = U.TorchVersion;
      C.NoModules = U.NoModules;
      if (llvm::Error E = Opts.Cache->store(Key, C, U.Deps)) {
        std::lock_guard<std::mutex> Lock(Mutex);
        llvm::errs() << "adopter: warning: not cached: "
                     << llvm::toString(std::move(E)) << "\n";
      }
    }
  };

  if (Opts.Jobs <= 1 || N <= 1) {
    for (size_t I = 0; I < N; ++I)
      Work(I);
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Opts.Jobs));
    for (size_t I = 0; I < N; ++I)
      Pool.async([&, I] { Work(I); });
    Pool.wait();
  }

  for (size_t I = 0; I < N; ++I) {
    UnitResult &U = Units[I];
    const std::string &File = Setup.Files[I];
    R.CacheHits += Hit[I];
    if (U.Failed)
      R.FailedFiles.insert(File);
    if (R.TorchVersion.empty())
      R.TorchVersion = U.TorchVersion;
    if (U.NoModules)
      R.FilesWithoutModules.push_back(File);
    for (dsl::Module &M : U.Graph.Modules) {
      dsl::Module *Existing = nullptr;
      for (dsl::Module &E : R.Graph.Modules)
        if (E.Name == M.Name && E.Loc == M.Loc)
          Existing = &E;
      if (Existing)
        merge(*Existing, std::move(M));
      else
        R.Graph.Modules.push_back(std::move(M));
    }
  }
  return R;
}

} // namespace adopter::driver
