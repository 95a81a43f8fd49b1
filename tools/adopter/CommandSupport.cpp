//===- CommandSupport.cpp - Options shared by adopter commands ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CommandSupport.h"
#include "adopter/Rewrite/Reparser.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace llvm;

namespace adopter::tool {

const char *Argv0 = "adopter";

std::string displayPath(const std::string &Path) {
  SmallString<256> Cwd;
  if (sys::fs::current_path(Cwd))
    return Path;
  StringRef P(Path);
  if (P.consume_front(Cwd) && P.consume_front("/"))
    return P.str();
  return Path;
}

InputOptions::InputOptions(cl::OptionCategory &Cat)
    : BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
                cl::value_desc("BUILD_DIR"), cl::cat(Cat)),
      TorchDir("torch-dir",
               cl::desc("LibTorch location, used when there are no compile "
                        "flags"),
               cl::value_desc("DIR"), cl::cat(Cat)),
      Quiet("quiet", cl::desc("Do not print notes on stderr"), cl::cat(Cat)),
      Files(cl::Positional, cl::desc("FILE..."), cl::cat(Cat)) {}

std::optional<driver::CompilationSetup>
InputOptions::setup(const std::vector<std::string> *DashArgs,
                    const char *Usage) {
  if (Files.empty()) {
    errs() << "adopter: error: no input files\nusage: " << Usage << "\n";
    return std::nullopt;
  }
  std::optional<std::vector<std::string>> Dash;
  if (DashArgs)
    Dash = *DashArgs;
  auto Setup = driver::CompilationSetup::create(
      std::vector<std::string>(Files.begin(), Files.end()), BuildPath, Dash,
      TorchDir);
  if (!Setup) {
    errs() << "adopter: error: " << toString(Setup.takeError()) << "\n";
    return std::nullopt;
  }
  // Rewritten code includes <adopter/kernels/...>: analysing it again (a
  // second `apply`, a `check` after it) needs their directory, last.
  static int Anchor;
  Setup->ExtraArgs.push_back("-isystem");
  Setup->ExtraArgs.push_back(
      rewrite::Reparser::kernelsIncludeDir(Argv0, &Anchor));
  if (!Quiet)
    for (const std::string &N : Setup->Notes)
      errs() << "adopter: note: " << N << "\n";
  return std::move(*Setup);
}

RuleOptions::RuleOptions(cl::OptionCategory &Cat)
    : Paths("rules",
            cl::desc("A pack folder, a folder of packs or a rule file to load "
                     "(repeatable)"),
            cl::value_desc("PATH"), cl::cat(Cat)),
      Packs("packs",
            cl::desc("Comma-separated packs to use (default: all loaded)"),
            cl::value_desc("LIST"), cl::cat(Cat)),
      NoBuiltin("no-builtin-rules",
                cl::desc("Do not load the packs shipped with adopter"),
                cl::cat(Cat)) {}

std::vector<std::string> RuleOptions::packList() const {
  std::vector<std::string> Out;
  SmallVector<StringRef, 4> Parts;
  StringRef(Packs).split(Parts, ',', -1, false);
  for (StringRef P : Parts)
    Out.push_back(P.trim().str());
  return Out;
}

bool RuleOptions::load(rules::RuleLoader &L, bool Quiet) {
  if (!NoBuiltin) {
    static int Anchor;
    std::string Dir = rules::RuleLoader::builtinRulesDir(Argv0, &Anchor);
    if (!Dir.empty())
      L.loadPath(Dir);
  }
  for (const std::string &P : Paths)
    L.loadPath(P);
  for (const rules::LoadDiagnostic &D : L.diagnostics())
    if (!Quiet || D.Severity == rules::LoadDiagnostic::Level::Error)
      errs() << D.format() << "\n";
  std::vector<std::string> Names;
  for (const auto &P : L.rules().Packs)
    Names.push_back(P->Name);
  for (const std::string &P : packList())
    if (!L.rules().pack(P)) {
      errs() << "adopter: error: unknown pack '" << P << "'";
      std::string C = rules::closestMatch(P, Names);
      if (!C.empty())
        errs() << "; did you mean '" << C << "'?";
      errs() << " (loaded: " << join(Names, ", ") << ")\n";
      return false;
    }
  return true;
}

TargetOptions::TargetOptions(cl::OptionCategory &Cat)
    : Target("target", cl::desc("Target of the kernels: cpu or cuda"),
             cl::init("cpu"), cl::value_desc("T"), cl::cat(Cat)),
      Dtype("dtype",
            cl::desc("Data type the model runs in: float32, float16, "
                     "bfloat16"),
            cl::init("float32"), cl::cat(Cat)),
      TorchVersion("torch-version",
                   cl::desc("LibTorch version (major.minor) the code builds "
                            "against (default: read from the headers)"),
                   cl::cat(Cat)) {}

bool TargetOptions::validate() const {
  using match::Target;
  if (!Target::knows(Target::devices(), this->Target)) {
    errs() << "adopter: error: unknown target '" << this->Target
           << "' (known: " << Target::known(Target::devices()) << ")\n";
    return false;
  }
  if (!Target::knows(Target::dtypes(), Dtype)) {
    errs() << "adopter: error: unknown dtype '" << Dtype
           << "' (known: " << Target::known(Target::dtypes()) << ")\n";
    return false;
  }
  return true;
}

match::CheckOptions
TargetOptions::engineOptions(const std::vector<std::string> &Packs,
                             const std::string &HeaderVersion) const {
  match::CheckOptions Opts;
  Opts.T.Device = Target;
  Opts.T.Dtype = Dtype;
  Opts.Packs = Packs;
  Opts.TorchVersion = TorchVersion.empty() ? HeaderVersion : TorchVersion;
  return Opts;
}

std::optional<std::string> verifyProgram(StringRef Command) {
  static int Anchor;
  std::string Self = sys::fs::getMainExecutable(Argv0, &Anchor);
  SmallString<256> Exe(sys::path::parent_path(Self));
  sys::path::append(Exe, "adopter-verify");
  if (!sys::fs::can_execute(Exe)) {
    errs() << "adopter: error: '" << Command << "' needs " << Exe
           << ", which is built with adopter_kernels; it was not found\n";
    return std::nullopt;
  }
  return std::string(Exe);
}

ProfileOption::ProfileOption(cl::OptionCategory &Cat)
    : Path("profile",
           cl::desc("Timings written by 'adopter tune': never select a "
                    "finding measured slower than its unfused ops"),
           cl::value_desc("FILE"), cl::cat(Cat)) {}

bool ProfileOption::load(const TargetOptions &TO) {
  if (Path.empty())
    return true;
  Expected<match::Profile> P = match::Profile::read(Path);
  if (!P) {
    errs() << "adopter: error: " << toString(P.takeError()) << "\n";
    return false;
  }
  if (std::string Why = P->unusableFor(TO.Target, TO.Dtype); !Why.empty())
    errs() << "adopter: warning: " << Why << "\n";
  else
    Loaded = std::move(*P);
  return true;
}

RecoveryCliOptions::RecoveryCliOptions(cl::OptionCategory &Cat)
    : Jobs("j",
           cl::desc("Translation units analysed at once (0: one per core; "
                    "default 1)"),
           cl::init(1), cl::Prefix, cl::value_desc("N"), cl::cat(Cat)),
      CacheDir("cache-dir",
               cl::desc("Keep each file's recovered graph in DIR and reuse "
                        "it while the file and everything it includes are "
                        "unchanged (default: $ADOPTER_CACHE_DIR)"),
               cl::value_desc("DIR"), cl::cat(Cat)) {}

std::optional<driver::RecoveryOptions>
RecoveryCliOptions::options(std::optional<driver::RecoveryCache> &Cache) const {
  driver::RecoveryOptions O;
  O.Jobs =
      Jobs == 0
          ? std::max(1u, llvm::hardware_concurrency().compute_thread_count())
          : unsigned(Jobs);
  std::string Dir = CacheDir;
  if (Dir.empty() && CacheDir.getNumOccurrences() == 0)
    if (std::optional<std::string> Env =
            sys::Process::GetEnv("ADOPTER_CACHE_DIR"))
      Dir = *Env;
  if (!Dir.empty()) {
    Cache.emplace(Dir);
    if (Error E = Cache->prepare()) {
      errs() << "adopter: error: " << toString(std::move(E)) << "\n";
      return std::nullopt;
    }
    O.Cache = &*Cache;
  }
  return O;
}

} // namespace adopter::tool
