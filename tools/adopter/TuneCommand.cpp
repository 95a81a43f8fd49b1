//===- TuneCommand.cpp - adopter tune -------------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter tune` runs the analysis of `adopter check`, takes the selected
// findings, works out each site's shapes (the Linear's options as
// recovered, folded or computed from --define values; the activations'
// rows from --rows), and has adopter-verify (which links LibTorch and the
// kernels) time the replacement against the ops it replaces at those shapes
// on this machine. The result is a profile (Profile.h) that `check` and
// `apply` read with --profile.
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "Commands.h"
#include "TuneShapes.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Match/CheckEngine.h"
#include "adopter/Match/Profile.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <ctime>
#include <map>
#include <tuple>

using namespace llvm;

namespace adopter::tool {

namespace {

const char *TuneUsage =
    "adopter tune [-p BUILD_DIR] [--rules PATH] [--packs LIST] "
    "[--target cpu] [--dtype D] [--rows N] [--hidden H] [--image L|HxW|DxHxW] "
    "[--batch N] [--seq L] [--heads N] [--head-dim D] "
    "[--define NAME=VALUE]... [--only RULE,...] [--repeats R] "
    "[--allocator system|caching] [-o FILE] "
    "FILE... "
    "[-- COMPILER_ARGS]";

std::string nowUtc() {
  std::time_t T = std::time(nullptr);
  char Buf[32];
  std::strftime(Buf, sizeof Buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&T));
  return Buf;
}

} // namespace

int runTune(const std::vector<std::string> &Args,
            const std::vector<std::string> *DashArgs) {
  cl::ResetCommandLineParser();
  cl::OptionCategory Cat("adopter tune options");
  InputOptions In(Cat);
  RuleOptions RO(Cat);
  TargetOptions TO(Cat);
  cl::opt<int64_t> Rows(
      "rows",
      cl::desc("Rows of the activations at every site: batch times "
               "sequence length (default 2048)"),
      cl::init(2048), cl::value_desc("N"), cl::cat(Cat));
  cl::opt<int64_t> Hidden(
      "hidden",
      cl::desc("Feature size of an activation whose producer is not a "
               "Linear with known options (a cross-entropy's classes)"),
      cl::init(0), cl::value_desc("H"), cl::cat(Cat));
  cl::opt<std::string> Image(
      "image",
      cl::desc("Spatial size of a convolution's input, at every conv-bn "
               "site: L (Conv1d; one size for every side of a Conv2d or "
               "Conv3d), HxW (Conv2d) or DxHxW (Conv3d)"),
      cl::value_desc("L|HxW|DxHxW"), cl::cat(Cat));
  cl::opt<int64_t> Batch("batch",
                         cl::desc("Batch size of a convolution's input "
                                  "(default 8)"),
                         cl::init(8), cl::value_desc("N"), cl::cat(Cat));
  cl::opt<int64_t> Seq("seq",
                       cl::desc("Sequence length at attention, masked-softmax "
                                "and MultiheadAttention sites (their batch "
                                "is --rows divided by it)"),
                       cl::init(0), cl::value_desc("L"), cl::cat(Cat));
  cl::opt<int64_t> Heads("heads",
                         cl::desc("Attention heads (the head size is "
                                  "--head-dim, else --hidden divided by it)"),
                         cl::init(0), cl::value_desc("N"), cl::cat(Cat));
  cl::opt<int64_t> HeadDim("head-dim",
                           cl::desc("Head size at attention sites (default: "
                                    "--hidden divided by --heads)"),
                           cl::init(0), cl::value_desc("D"), cl::cat(Cat));
  cl::list<std::string> Defines(
      "define", cl::desc("Value of a name the options use (config.n_embd=768)"),
      cl::value_desc("NAME=VALUE"), cl::cat(Cat));
  cl::list<std::string> Only(
      "only",
      cl::desc("Measure only the sites of these rules (the others are "
               "listed as not measured and keep their selection)"),
      cl::CommaSeparated, cl::value_desc("RULE,..."), cl::cat(Cat));
  cl::opt<unsigned> Repeats("repeats",
                            cl::desc("Timed rounds per site (median)"),
                            cl::init(7), cl::cat(Cat));
  enum class AllocatorKind { System, Caching };
  cl::opt<AllocatorKind> Allocator(
      "allocator", cl::desc("The CPU allocator the measurements run with"),
      cl::values(
          clEnumValN(AllocatorKind::System, "system",
                     "the process's (glibc's malloc, with its MALLOC_* "
                     "settings, unless another is preloaded)"),
          clEnumValN(AllocatorKind::Caching, "caching",
                     "freed blocks kept for reuse, as GPU caching allocators "
                     "and adopter's kernel benchmarks do")),
      cl::init(AllocatorKind::System), cl::cat(Cat));
  cl::opt<std::string> Output("o",
                              cl::desc("The profile to write (default "
                                       "adopter-profile.json)"),
                              cl::init("adopter-profile.json"),
                              cl::value_desc("FILE"), cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);
  static const std::string Overview =
      "time each selected finding's kernel against the ops it replaces, at "
      "the site's shapes, and write a profile for --profile\n\n  " +
      std::string(TuneUsage) + "\n";
  if (!parseSubcommandOptions("adopter tune", Args, Overview.c_str()))
    return ExitUsage;
  if (!TO.validate())
    return ExitUsage;
  if (TO.Target != "cpu") {
    errs() << "adopter: error: adopter tune measures on this machine, "
              "whose adopter-verify runs the CPU kernels; --target "
           << TO.Target << " cannot be measured here\n";
    return ExitUsage;
  }
  if (Rows <= 0 || Hidden < 0 || Seq < 0 || Heads < 0 || HeadDim < 0) {
    errs() << "adopter: error: --rows must be positive and --hidden, --seq, "
              "--heads and --head-dim not negative\n";
    return ExitUsage;
  }
  InputSizes Sizes;
  Sizes.Batch = Batch;
  Sizes.Seq = Seq;
  Sizes.Heads = Heads;
  Sizes.HeadDim = HeadDim;
  if (!Image.empty()) {
    SmallVector<StringRef, 3> Parts;
    StringRef(Image).split(Parts, 'x');
    bool Bad = Batch <= 0 || Parts.size() > 3;
    for (StringRef P : Parts) {
      int64_t N = 0;
      Bad |= P.getAsInteger(10, N) || N <= 0;
      Sizes.Image.push_back(N);
    }
    if (Bad) {
      errs() << "adopter: error: --image wants L, HxW or DxHxW (positive "
                "integers) and --batch a positive integer, not '"
             << Image << "' and " << Batch << "\n";
      return ExitUsage;
    }
  }
  std::map<std::string, int64_t> Defs;
  for (StringRef D : Defines) {
    auto [Name, Val] = D.split('=');
    int64_t V = 0;
    if (Name.trim().empty() || Val.trim().getAsInteger(10, V)) {
      if (Val.trim() == "true" || Val.trim() == "false") {
        V = Val.trim() == "true";
      } else {
        errs() << "adopter: error: --define wants NAME=INTEGER, not '" << D
               << "'\n";
        return ExitUsage;
      }
    }
    Defs[Name.trim().str()] = V;
  }
  std::optional<std::string> VerifyExe = verifyProgram("tune");
  if (!VerifyExe)
    return ExitUsage;
  const std::string &Verify = *VerifyExe;
  rules::RuleLoader Loader;
  if (!RO.load(Loader, In.Quiet) || Loader.hasErrors())
    return ExitUsage;
  for (const std::string &Id : Only)
    if (!Loader.rules().find(Id)) {
      errs() << "adopter: error: --only names the rule '" << Id
             << "', which no loaded pack has\n";
      return ExitUsage;
    }
  auto Setup = In.setup(DashArgs, TuneUsage);
  if (!Setup)
    return ExitUsage;
  driver::RecoveryResult G = driver::GraphRecovery::run(*Setup);
  if (!G.FailedFiles.empty()) {
    for (const std::string &F : G.FailedFiles)
      errs() << "adopter: error: '" << displayPath(F)
             << "' did not compile; nothing was measured\n";
    return ExitParseError;
  }
  match::CheckOptions Opts = TO.engineOptions(RO.packList(), G.TorchVersion);
  match::CheckEngine Engine(Loader.rules(), Opts);
  std::vector<match::Finding> Findings = Engine.run(G.Graph);

  std::vector<Site> Sites;
  json::Array Req;
  for (const match::Finding &F : Findings) {
    if (!F.Selected)
      continue;
    if (!Only.empty() && !llvm::is_contained(Only, F.RuleId)) {
      Sites.push_back(Site{&F, {}, ""});
      Sites.back().LeftOut = true;
      continue;
    }
    Site S = shapes(G.Graph, F, Rows,
                    Hidden ? std::optional<int64_t>(Hidden) : std::nullopt,
                    Sizes, Defs);
    json::Object Dims;
    for (const auto &[K, V] : S.Dims)
      Dims[K] = V;
    json::Array Ops;
    for (const match::FindingOp &O : F.Ops)
      Ops.push_back(O.Op);
    Req.push_back(json::Object{{"id", int64_t(Sites.size())},
                               {"rule", F.RuleId},
                               {"pattern", F.Pattern},
                               {"dims", std::move(Dims)},
                               {"ops", std::move(Ops)}});
    Sites.push_back(std::move(S));
  }

  // adopter-verify measures; the request and its answer go through files.
  SmallString<128> ReqPath, ResPath;
  int FD = -1;
  if (sys::fs::createTemporaryFile("adopter-tune", "json", FD, ReqPath) ||
      sys::fs::createTemporaryFile("adopter-tune-out", "json", ResPath)) {
    errs() << "adopter: error: cannot create a temporary file\n";
    return ExitUsage;
  }
  FileRemover RemoveReq(ReqPath), RemoveRes(ResPath);
  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << json::Value(
        json::Object{{"repeats", int64_t(Repeats)}, {"sites", std::move(Req)}});
  }
  std::vector<std::string> VArgs{
      Verify,
      "--tune-request",
      std::string(ReqPath),
      "--tune-output",
      std::string(ResPath),
      "--dtype",
      TO.Dtype,
      "--allocator",
      Allocator == AllocatorKind::Caching ? "caching" : "system"};
  if (RO.NoBuiltin)
    VArgs.push_back("--no-builtin-rules");
  for (const std::string &P : RO.Paths)
    VArgs.insert(VArgs.end(), {"--rules", P});
  std::vector<StringRef> Argv(VArgs.begin(), VArgs.end());
  std::string Err;
  int RC = sys::ExecuteAndWait(Verify, Argv, std::nullopt, {}, 0, 0, &Err);
  auto Buf = MemoryBuffer::getFile(ResPath);
  Expected<json::Value> Res =
      Buf && RC == 0
          ? json::parse((*Buf)->getBuffer())
          : Expected<json::Value>(createStringError(
                inconvertibleErrorCode(), "exit %d %s", RC, Err.c_str()));
  const json::Array *Results = Res && Res->getAsObject()
                                   ? Res->getAsObject()->getArray("results")
                                   : nullptr;
  if (!Results) {
    if (!Res)
      consumeError(Res.takeError());
    errs() << "adopter: error: " << Verify << " did not measure (exit " << RC
           << ")\n";
    return ExitUsage;
  }

  match::Profile P;
  P.Target = TO.Target;
  P.DType = TO.Dtype;
  P.Torch = Res->getAsObject()->getString("torch").value_or("").str();
  P.Date = nowUtc();
  P.Machine = sys::Process::GetEnv("HOSTNAME").value_or("");
  if (P.Machine.empty()) {
    auto Host = MemoryBuffer::getFile("/etc/hostname", /*IsText=*/true);
    if (Host)
      P.Machine = (*Host)->getBuffer().trim().str();
  }
  P.Machine += formatv(" ({0} threads)",
                       Res->getAsObject()->getInteger("threads").value_or(0))
                   .str();
  // What adopter-verify measured with, as it says (not as asked).
  const json::Object *Alloc = Res->getAsObject()->getObject("allocator");
  P.Allocator = Alloc ? Alloc->getString("name").value_or("").str() : "";
  if (P.Allocator.empty()) {
    errs() << "adopter: error: " << Verify
           << " did not say which allocator it measured with\n";
    return ExitUsage;
  }
  outs() << formatv(
      "adopter tune: {0} site(s), {1}, LibTorch {2}, {3}, {4} allocator\n",
      Sites.size(), TO.Dtype, P.Torch, P.Machine, P.Allocator);
  unsigned Measured = 0, Slower = 0;
  std::map<int64_t, const json::Object *> ById;
  for (const json::Value &V : *Results)
    if (const json::Object *O = V.getAsObject())
      if (std::optional<int64_t> Id = O->getInteger("id"))
        ById[*Id] = O;
  for (size_t Id = 0; Id < Sites.size(); ++Id) {
    const Site &S = Sites[Id];
    const match::Finding &F = *S.F;
    std::string Where = match::Finding::locText(F.Loc);
    if (S.LeftOut) {
      outs() << Where << ": note: not measured: --only leaves out rule '"
             << F.RuleId << "' [adopter-" << F.RuleId << "]\n";
      continue;
    }
    auto It = ById.find(int64_t(Id));
    const json::Object *O = It == ById.end() ? nullptr : It->second;
    std::optional<double> U = O ? O->getNumber("unfused_ms") : std::nullopt,
                          K = O ? O->getNumber("fused_ms") : std::nullopt;
    if (!U || !K) {
      std::string Why = O ? O->getString("error").value_or("not measured").str()
                          : "adopter-verify gave no result for it";
      // A dimension adopter-verify lacked: say which, and how to give it.
      if (!S.Missing.empty() && StringRef(Why).contains("needs the dimension"))
        Why = S.Missing;
      else if (StringRef(Why).contains("'hidden'"))
        Why = "the size of the chain's input is not known from the source: "
              "give it with --hidden H";
      outs() << Where << ": note: not measured: " << Why << " [adopter-"
             << F.RuleId << "]\n";
      continue;
    }
    match::ProfileEntry E;
    E.Rule = F.RuleId;
    E.Loc = F.Loc;
    E.Shape = O->getString("shape").value_or("").str();
    E.UnfusedMs = *U;
    E.FusedMs = *K;
    ++Measured;
    Slower += E.speedup() < 1.0;
    outs() << formatv(
        "{0}: {1}: {2:F2}x ({3:F3} ms fused, {4:F3} ms unfused; "
        "{5}) [adopter-{6}]\n",
        Where, E.speedup() < 1.0 ? "slower, will not be selected" : "faster",
        E.speedup(), E.FusedMs, E.UnfusedMs, E.Shape, F.RuleId);
    P.Sites.push_back(std::move(E));
  }
  std::string Text;
  raw_string_ostream TS(Text);
  P.write(TS);
  if (Error E = writeToOutput(Output, [&](raw_ostream &OS) {
        OS << Text;
        return Error::success();
      })) {
    errs() << "adopter: error: cannot write '" << Output
           << "': " << toString(std::move(E)) << "\n";
    return ExitUsage;
  }
  // The caching allocator's share: how many of the measurements'
  // allocations it served from freed blocks.
  std::string Reuse;
  if (P.Allocator == "caching")
    Reuse = formatv(" (caching allocator: {0} of {1} allocations reused)",
                    Alloc->getInteger("reused").value_or(0),
                    Alloc->getInteger("allocations").value_or(0))
                .str();
  outs() << formatv("adopter tune: {0} measured, {1} slower{2}; profile "
                    "written to {3} (use it with --profile)\n",
                    Measured, Slower, Reuse, Output);
  return ExitOk;
}

} // namespace adopter::tool
