//===- AdopterVerifyMain.cpp - adopter rules verify -----------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter rules verify [ID...]` runs this program (installed beside
// `adopter`): it links LibTorch and adopter_kernels, which the analysis
// tool itself does not need. For each rule: its pattern, interpreted with
// plain LibTorch ops, against its replacement kernel (RuleVerifier.h).
//
// Exit codes: 0 every rule asked for was verified (or does not apply to
// this LibTorch); 1 a mismatch, or a rule that could not be verified;
// 2 usage error (unknown rule, pack, dtype or option; a rule file that did
// not load).
//
//===----------------------------------------------------------------------===//

#include "adopter/Rules/OpSignatures.h"
#include "adopter/Rules/RuleLoader.h"
#include "adopter/Verify/CachingAllocator.h"
#include "adopter/Verify/RuleVerifier.h"
#include "adopter/Verify/SiteTuner.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <chrono>

using namespace llvm;
using adopter::verify::RuleResult;

static const char *Usage =
    "usage: adopter rules verify [--rules PATH]... [--packs LIST] "
    "[--dtype LIST] [--quick] [--seed N] [ID...]\n";

/// `adopter tune`'s measuring half: reads the sites (rule, pattern,
/// dimensions) from \p Request and writes each one's timings, or why it was
/// not measured, to \p Output (JSON, both written by `adopter tune`).
/// With \p Caching, the measurements run with the caching allocator
/// (adopter/Verify/CachingAllocator.h) instead of the process's.
static int runTune(const adopter::rules::RuleSet &Rules, StringRef Request,
                   StringRef Output, const std::string &DType, bool Caching) {
  auto Buf = MemoryBuffer::getFile(Request);
  if (!Buf) {
    errs() << "adopter: error: cannot read '" << Request << "'\n";
    return 2;
  }
  Expected<json::Value> Doc = json::parse((*Buf)->getBuffer());
  const json::Array *Sites = Doc && Doc->getAsObject()
                                 ? Doc->getAsObject()->getArray("sites")
                                 : nullptr;
  if (!Sites) {
    if (!Doc)
      consumeError(Doc.takeError());
    errs() << "adopter: error: '" << Request << "' is not a tune request\n";
    return 2;
  }
  adopter::verify::TuneOptions TO;
  TO.DType = DType;
  if (auto R = Doc->getAsObject()->getInteger("repeats"))
    TO.Repeats = std::max<int64_t>(1, *R);
  if (Caching)
    adopter::verify::CachingAllocator::install();
  adopter::verify::SiteTuner Tuner(TO);
  json::Array Results;
  for (const json::Value &V : *Sites) {
    const json::Object *O = V.getAsObject();
    if (!O)
      continue;
    adopter::verify::TuneSite S;
    S.Rule = O->getString("rule").value_or("").str();
    S.Pattern = O->getInteger("pattern").value_or(0);
    if (const json::Object *D = O->getObject("dims"))
      for (const auto &KV : *D)
        if (auto I = KV.second.getAsInteger())
          S.Dims[KV.first.str()] = *I;
    if (const json::Array *Ops = O->getArray("ops"))
      for (const json::Value &Op : *Ops)
        if (auto Str = Op.getAsString())
          S.Ops.push_back(Str->str());
    json::Object Res{{"id", O->getInteger("id").value_or(-1)}};
    const adopter::rules::Rule *R = Rules.find(S.Rule);
    if (!R) {
      Res["error"] = "unknown rule '" + S.Rule + "'";
    } else if (auto M = Tuner.measure(*R, S)) {
      Res["shape"] = M->Shape;
      Res["unfused_ms"] = M->UnfusedMs;
      Res["fused_ms"] = M->FusedMs;
      Res["iterations"] = M->Iterations;
    } else {
      Res["error"] = toString(M.takeError());
    }
    Results.push_back(std::move(Res));
  }
  json::Object Out{
      {"torch",
       formatv("{0}.{1}", TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR).str()},
      {"threads", at::get_num_threads()},
      {"dtype", DType},
      {"repeats", TO.Repeats},
      {"results", std::move(Results)}};
  if (Caching) {
    adopter::verify::CachingAllocator &A =
        adopter::verify::CachingAllocator::install();
    Out["allocator"] = json::Object{{"name", "caching"},
                                    {"allocations", int64_t(A.allocations())},
                                    {"reused", int64_t(A.reused())}};
  } else {
    Out["allocator"] = json::Object{{"name", "system"}};
  }
  std::error_code EC;
  raw_fd_ostream OS(Output, EC);
  if (EC) {
    errs() << "adopter: error: cannot write '" << Output
           << "': " << EC.message() << "\n";
    return 2;
  }
  OS << json::Value(std::move(Out)) << "\n";
  return 0;
}

int main(int Argc, char **Argv) {
  cl::OptionCategory Cat("adopter rules verify options");
  cl::list<std::string> Paths(
      "rules", cl::desc("A pack folder, a folder of packs or a rule file"),
      cl::value_desc("PATH"), cl::cat(Cat));
  cl::opt<std::string> Packs("packs", cl::desc("Comma-separated packs"),
                             cl::value_desc("LIST"), cl::cat(Cat));
  cl::opt<bool> NoBuiltin("no-builtin-rules",
                          cl::desc("Do not load the shipped packs"),
                          cl::cat(Cat));
  cl::opt<std::string> DTypes(
      "dtype", cl::desc("Comma-separated dtypes: float32, bfloat16"),
      cl::init("float32"), cl::value_desc("LIST"), cl::cat(Cat));
  cl::opt<bool> Quick("quick", cl::desc("Fewer, smaller cases"), cl::cat(Cat));
  cl::opt<unsigned> Seed("seed", cl::desc("Random seed"), cl::init(1),
                         cl::cat(Cat));
  cl::list<std::string> Ids(cl::Positional, cl::desc("ID..."), cl::cat(Cat));
  cl::opt<std::string> TuneRequest(
      "tune-request",
      cl::desc("Measure the sites of this request (written by adopter tune)"),
      cl::value_desc("FILE"), cl::cat(Cat));
  cl::opt<std::string> TuneOutput("tune-output",
                                  cl::desc("Where --tune-request's timings go"),
                                  cl::value_desc("FILE"), cl::cat(Cat));
  cl::opt<std::string> Allocator(
      "allocator",
      cl::desc("--tune-request's CPU allocator: system (the process's) or "
               "caching (freed blocks kept for reuse)"),
      cl::init("system"), cl::value_desc("NAME"), cl::cat(Cat));
  cl::HideUnrelatedOptions(Cat);
  if (!cl::ParseCommandLineOptions(Argc, Argv, Usage, &errs()))
    return 2;

  adopter::rules::RuleLoader L;
  if (!NoBuiltin) {
    static int Anchor;
    std::string Dir =
        adopter::rules::RuleLoader::builtinRulesDir(Argv[0], &Anchor);
    if (!Dir.empty())
      L.loadPath(Dir);
  }
  for (const std::string &P : Paths)
    L.loadPath(P);
  for (const auto &D : L.diagnostics())
    if (D.Severity == adopter::rules::LoadDiagnostic::Level::Error)
      errs() << D.format() << "\n";
  if (L.hasErrors())
    return 2;

  if (!TuneRequest.empty()) {
    if (TuneOutput.empty()) {
      errs() << "adopter: error: --tune-request needs --tune-output\n";
      return 2;
    }
    if (Allocator != "system" && Allocator != "caching") {
      errs() << "adopter: error: unknown allocator '" << Allocator
             << "' (system, caching)\n";
      return 2;
    }
    return runTune(L.rules(), TuneRequest, TuneOutput,
                   DTypes.getNumOccurrences() ? std::string(DTypes)
                                              : std::string("float32"),
                   Allocator == "caching");
  }

  if (Allocator.getNumOccurrences()) {
    errs() << "adopter: error: --allocator is an option of --tune-request\n";
    return 2;
  }
  adopter::verify::VerifyOptions O;
  O.Quick = Quick;
  O.Seed = Seed;
  O.TorchMajor = TORCH_VERSION_MAJOR;
  O.TorchMinor = TORCH_VERSION_MINOR;
  O.DTypes.clear();
  SmallVector<StringRef, 4> Parts;
  StringRef(DTypes).split(Parts, ',', -1, false);
  for (StringRef D : Parts) {
    D = D.trim();
    if (D != "float32" && D != "bfloat16" && D != "float16") {
      errs() << "adopter: error: unknown dtype '" << D
             << "' (float32, bfloat16, float16)\n";
      return 2;
    }
    O.DTypes.push_back(D.str());
  }

  std::vector<const adopter::rules::Rule *> Todo;
  SmallVector<StringRef, 4> PackNames;
  StringRef(Packs).split(PackNames, ',', -1, false);
  for (StringRef P : PackNames)
    if (!L.rules().pack(P.trim())) {
      errs() << "adopter: error: unknown pack '" << P.trim() << "'\n";
      return 2;
    }
  for (const std::string &Id : Ids) {
    const adopter::rules::Rule *R = L.rules().find(Id);
    if (!R) {
      errs() << "adopter: error: unknown rule '" << Id << "'";
      std::string C = adopter::rules::closestMatch(Id, L.rules().ruleIds());
      if (!C.empty())
        errs() << "; did you mean '" << C << "'?";
      errs() << "\n";
      return 2;
    }
    Todo.push_back(R);
  }
  if (Ids.empty())
    for (const adopter::rules::Rule *R : L.rules().rules())
      if (PackNames.empty() ||
          llvm::is_contained(PackNames, StringRef(R->Pack)))
        Todo.push_back(R);

  outs() << formatv("adopter rules verify: LibTorch {0}.{1}, {2}, CPU, {3} "
                    "thread(s)\n",
                    TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR,
                    join(O.DTypes, ","), at::get_num_threads());
  adopter::verify::RuleVerifier V(O);
  unsigned Verified = 0, Failed = 0, NotVerified = 0, Skipped = 0;
  for (const adopter::rules::Rule *R : Todo) {
    auto T0 = std::chrono::steady_clock::now();
    RuleResult Res = V.verify(*R);
    double Ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - T0)
                    .count();
    const char *Tag = "VERIFIED";
    switch (Res.S) {
    case RuleResult::Status::Verified:
      ++Verified;
      break;
    case RuleResult::Status::Mismatch:
      Tag = "MISMATCH";
      ++Failed;
      break;
    case RuleResult::Status::Unsupported:
      Tag = "NOT VERIFIED";
      ++NotVerified;
      break;
    case RuleResult::Status::Skipped:
      Tag = "SKIPPED";
      ++Skipped;
      break;
    }
    outs() << formatv("{0,-13} {1,-22} ", Tag, R->Id);
    if (Res.S == RuleResult::Status::Verified)
      outs() << formatv("{0} variants, {1} alternative sets, {2} runs; "
                        "worst error {3:F2} (outputs) / {4:F2} (gradients) "
                        "of tolerance; {5:F0} ms\n",
                        Res.Variants, Res.Combinations, Res.Runs,
                        Res.WorstOutput, Res.WorstGradient, Ms);
    else
      outs() << Res.Message << "\n";
    outs().flush();
  }
  outs() << formatv("{0} verified, {1} mismatched, {2} not verified, {3} "
                    "skipped\n",
                    Verified, Failed, NotVerified, Skipped);
  return Failed || NotVerified ? 1 : 0;
}
