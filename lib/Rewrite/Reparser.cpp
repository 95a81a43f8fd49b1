//===- Reparser.cpp - Compile translation units with edited files ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rewrite/Reparser.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace clang::tooling;

namespace adopter::rewrite {

namespace {

/// Runs Sema on one invocation and records whether it had errors, without
/// ClangTool's "Error while processing" and the "N errors generated" lines.
class CheckAction : public ToolAction {
public:
  explicit CheckAction(raw_ostream &OS) : OS(OS) {}
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCH,
                     DiagnosticConsumer *) override {
    CompilerInstance CI(std::move(PCH));
    CI.setInvocation(std::move(Invocation));
    CI.setFileManager(Files);
    TextDiagnosticPrinter Printer(OS, &CI.getDiagnosticOpts());
    CI.createDiagnostics(&Printer, /*ShouldOwnClient=*/false);
    if (!CI.hasDiagnostics())
      return false;
    CI.createSourceManager(*Files);
    CI.setVerboseOutputStream(std::make_unique<llvm::raw_null_ostream>());
    SyntaxOnlyAction A;
    bool Ok = CI.ExecuteAction(A);
    Failed |= !Ok || CI.getDiagnostics().hasErrorOccurred();
    Files->clearStatCache();
    return true;
  }
  raw_ostream &OS;
  bool Failed = false;
};

} // namespace

std::string
Reparser::errors(const driver::CompilationSetup &Setup, const std::string &File,
                 const std::map<std::string, std::string> &Overlay) {
  ClangTool Tool(*Setup.DB, {File});
  if (!Setup.ExtraArgs.empty())
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        Setup.ExtraArgs, ArgumentInsertPosition::END));
  for (const auto &[Path, Text] : Overlay)
    Tool.mapVirtualFile(Path, Text);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  CheckAction A(OS);
  int RC = Tool.run(&A);
  OS.flush();
  if (RC == 0 && !A.Failed)
    return "";
  return Out.empty() ? "the file did not compile\n" : Out;
}

std::string Reparser::kernelsIncludeDir(const char *Argv0, void *MainAddr) {
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, MainAddr);
  if (!Exe.empty()) {
    llvm::SmallString<256> Installed(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
    llvm::sys::path::append(Installed, "include", "adopter", "kernels");
    if (llvm::sys::fs::is_directory(Installed))
      return llvm::sys::path::parent_path(
                 llvm::sys::path::parent_path(Installed))
          .str();
  }
  return ADOPTER_SOURCE_INCLUDE_DIR;
}

} // namespace adopter::rewrite
