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
#include <cctype>
#include <ctime>
#include <map>
#include <tuple>

using namespace llvm;

namespace adopter::tool {

namespace {

const char *TuneUsage =
    "adopter tune [-p BUILD_DIR] [--rules PATH] [--packs LIST] "
    "[--target cpu] [--dtype D] [--rows N] [--hidden H] [--image HxW] "
    "[--batch N] [--seq L] [--heads N] [--head-dim D] "
    "[--define NAME=VALUE]... [--only RULE,...] [--repeats R] [-o FILE] "
    "FILE... "
    "[-- COMPILER_ARGS]";

/// Integer arithmetic over C++ source text (`4 * config.n_embd`), with
/// names taken from --define; nullopt when a name is unknown or the text is
/// not such an expression. \p Unknown receives the first unknown name.
class SizeExpr {
public:
  SizeExpr(StringRef Text, const std::map<std::string, int64_t> &Names,
           std::string &Unknown)
      : S(Text), Names(Names), Unknown(Unknown) {}

  std::optional<int64_t> eval() {
    std::optional<int64_t> V = sum();
    skip();
    return V && S.empty() ? V : std::nullopt;
  }

private:
  void skip() { S = S.ltrim(); }
  std::optional<int64_t> sum() {
    std::optional<int64_t> L = product();
    for (skip(); L && !S.empty() && (S[0] == '+' || S[0] == '-'); skip()) {
      char Op = S[0];
      S = S.drop_front();
      std::optional<int64_t> R = product();
      if (!R)
        return std::nullopt;
      L = Op == '+' ? *L + *R : *L - *R;
    }
    return L;
  }
  std::optional<int64_t> product() {
    std::optional<int64_t> L = atom();
    for (skip(); L && !S.empty() && (S[0] == '*' || S[0] == '/'); skip()) {
      char Op = S[0];
      S = S.drop_front();
      std::optional<int64_t> R = atom();
      if (!R || (Op == '/' && *R == 0))
        return std::nullopt;
      L = Op == '*' ? *L * *R : *L / *R;
    }
    return L;
  }
  std::optional<int64_t> atom() {
    skip();
    if (S.consume_front("(")) {
      std::optional<int64_t> V = sum();
      skip();
      return V && S.consume_front(")") ? V : std::nullopt;
    }
    size_t N = 0;
    while (N < S.size() && isDigit(S[N]))
      ++N;
    if (N) {
      int64_t V = 0;
      S.substr(0, N).getAsInteger(10, V);
      S = S.drop_front(N);
      return V;
    }
    // A (qualified, member) name: cfg.n_embd, cfg->n, Config::kHidden.
    while (N < S.size() &&
           (isAlnum(S[N]) || S[N] == '_' || S[N] == '.' || S[N] == ':' ||
            (S[N] == '-' && N + 1 < S.size() && S[N + 1] == '>') ||
            (S[N] == '>' && N && S[N - 1] == '-')))
      ++N;
    if (!N)
      return std::nullopt;
    std::string Name = S.substr(0, N).str();
    S = S.drop_front(N);
    if (Name == "true" || Name == "false")
      return Name == "true";
    auto It = Names.find(Name);
    if (It == Names.end()) {
      if (Unknown.empty())
        Unknown = Name;
      return std::nullopt;
    }
    return It->second;
  }

  StringRef S;
  const std::map<std::string, int64_t> &Names;
  std::string &Unknown;
};

/// The value of an option as an integer: a literal, a boolean, or C++ text
/// computed with --define values.
std::optional<int64_t> intValue(const dsl::Value &V,
                                const std::map<std::string, int64_t> &Defs,
                                std::string &Unknown) {
  switch (V.K) {
  case dsl::Value::Kind::Int:
    return V.Int;
  case dsl::Value::Kind::Bool:
    return V.Bool;
  case dsl::Value::Kind::Symbol:
  case dsl::Value::Kind::Ident:
    return SizeExpr(V.Text, Defs, Unknown).eval();
  default:
    return std::nullopt;
  }
}

/// The submodule at \p Path (`fc`, `mlp.fc`, `layers.0`) of module \p Mod.
const dsl::Submodule *resolve(const dsl::Graph &G, const std::string &Mod,
                              StringRef Path) {
  const dsl::Module *M = G.module(Mod);
  if (!M)
    return nullptr;
  SmallVector<StringRef, 4> Parts;
  Path.split(Parts, '.');
  const dsl::Submodule *S = M->member(Parts[0].str());
  for (size_t I = 1; S && I < Parts.size(); ++I) {
    const dsl::Submodule *Next = nullptr;
    for (const dsl::Submodule &E : S->Elements)
      if (E.Name == Parts[I])
        Next = &E;
    if (!Next)
      if (const dsl::Module *Inner = G.module(S->Type))
        Next = Inner->member(Parts[I].str());
    S = Next;
  }
  return S;
}

const dsl::Op *producer(const std::vector<dsl::Op> &Body,
                        const std::string &Name) {
  for (const dsl::Op &O : Body) {
    if (llvm::is_contained(O.Results, Name))
      return &O;
    for (const auto &R : O.Regions)
      if (const dsl::Op *P = producer(R, Name))
        return P;
  }
  return nullptr;
}

const dsl::Value *option(const dsl::Submodule &S, StringRef Key) {
  for (const dsl::Arg &A : S.Options)
    if (A.Key == Key)
      return &A.Val;
  return nullptr;
}

struct Site {
  const match::Finding *F;
  std::map<std::string, int64_t> Dims;
  std::string Missing;  ///< why the shapes are not known
  bool LeftOut = false; ///< by --only: not sent to be measured

  /// Keeps the first reason a shape is not known.
  void miss(const std::string &Why) {
    if (Missing.empty())
      Missing = Why;
  }
  /// \p What is not known: from the source, or because it uses the name
  /// \p Unknown, which --define gives.
  void need(const std::string &What, const std::string &Unknown) {
    miss(Unknown.empty()
             ? What + " is not known from the source"
             : What + " depends on '" + Unknown +
                   "': give its value with --define " + Unknown + "=N");
  }
  /// The pattern variable \p Var (`$fc` or `fc`) as the Dims keys spell it.
  static std::string dimPrefix(const std::string &Var) {
    return Var.substr(!Var.empty() && Var.front() == '$' ? 1 : 0);
  }
};

/// The input of a convolution (--batch, --image) and of attention (--seq,
/// --heads).
struct InputSizes {
  int64_t Batch = 0, H = 0, W = 0;
  int64_t Seq = 0, Heads = 0, HeadDim = 0;
};

/// A bound LayerNorm \p Sub (its variable \p Var): `<var>.n`, the size
/// it normalizes (over the last dimension only), and `<var>.affine`.
void normShapes(const dsl::Submodule &Sub, const std::string &Var,
                const std::string &Path,
                const std::map<std::string, int64_t> &Defs, Site &S) {
  const std::string V = Site::dimPrefix(Var);
  std::string Unknown;
  const dsl::Value *Shape = option(Sub, "normalized_shape");
  if (Shape && Shape->K == dsl::Value::Kind::List && Shape->Elems.size() == 1)
    Shape = &Shape->Elems.front();
  std::optional<int64_t> N = Shape && Shape->K != dsl::Value::Kind::List
                                 ? intValue(*Shape, Defs, Unknown)
                                 : std::nullopt;
  if (N)
    S.Dims[V + ".n"] = *N;
  else if (!Unknown.empty())
    S.need("'" + Path + "'s normalized_shape", Unknown);
  else
    S.miss("'" + Path +
           "'s normalized_shape is not one size known from the source");
  const dsl::Value *Affine = option(Sub, "elementwise_affine");
  Unknown.clear();
  std::optional<int64_t> A =
      Affine ? intValue(*Affine, Defs, Unknown) : std::optional<int64_t>(1);
  S.Dims[V + ".affine"] = A.value_or(1);
}

/// The options of a bound convolution \p Sub (its variable \p Var) as
/// `conv.in`, `conv.kh`, ... in S.Dims, with its input's size; S.Missing
/// says what is not known.
void convShapes(const dsl::Submodule &Sub, const std::string &Var,
                const std::string &Path, const InputSizes &Image,
                const std::map<std::string, int64_t> &Defs, Site &S) {
  if (Sub.Type != "torch::nn::Conv2d")
    return S.miss("adopter tune measures conv-bn over a torch::nn::Conv2d so "
                  "far, not " +
                  Sub.Type);
  const std::string V = Site::dimPrefix(Var);
  std::string Unknown;
  auto Need = [&](const std::string &Key) {
    S.need("'" + Path + "'s " + Key, Unknown);
  };
  // One number, or a pair ({3, 3}, ExpandingArray), for height and width.
  auto Pair = [&](const char *Key, const char *H, const char *W,
                  std::optional<int64_t> Default) {
    const dsl::Value *Val = option(Sub, Key);
    Unknown.clear();
    if (!Val) {
      if (!Default)
        return Need(Key);
      S.Dims[V + H] = S.Dims[V + W] = *Default;
      return;
    }
    if (Val->K == dsl::Value::Kind::List && Val->Elems.size() == 2) {
      auto A = intValue(Val->Elems[0], Defs, Unknown);
      auto B = intValue(Val->Elems[1], Defs, Unknown);
      if (!A || !B)
        return Need(Key);
      S.Dims[V + H] = *A;
      S.Dims[V + W] = *B;
      return;
    }
    auto A = intValue(*Val, Defs, Unknown);
    if (!A)
      return Need(Key);
    S.Dims[V + H] = S.Dims[V + W] = *A;
  };
  // in and out channels are required; groups and bias default to 1 and true.
  for (auto [Key, Dim, Default] :
       {std::tuple<const char *, const char *, int64_t>{"in_channels", ".in",
                                                        -1},
        {"out_channels", ".out", -1},
        {"groups", ".groups", 1},
        {"bias", ".bias", 1}}) {
    const dsl::Value *Val = option(Sub, Key);
    Unknown.clear();
    std::optional<int64_t> I = Val            ? intValue(*Val, Defs, Unknown)
                               : Default >= 0 ? std::optional<int64_t>(Default)
                                              : std::nullopt;
    if (I)
      S.Dims[V + Dim] = *I;
    else
      Need(Key);
  }
  Pair("kernel_size", ".kh", ".kw", std::nullopt);
  Pair("stride", ".sh", ".sw", 1);
  Pair("dilation", ".dh", ".dw", 1);
  // padding: a size, a pair, or torch::kValid / torch::kSame.
  const dsl::Value *Pad = option(Sub, "padding");
  StringRef PadName = Pad && (Pad->K == dsl::Value::Kind::Ident ||
                              Pad->K == dsl::Value::Kind::Symbol)
                          ? StringRef(Pad->Text)
                          : StringRef();
  if (PadName.ends_with("kSame"))
    S.Dims[V + ".same"] = 1, S.Dims[V + ".ph"] = S.Dims[V + ".pw"] = 0;
  else if (PadName.ends_with("kValid"))
    S.Dims[V + ".ph"] = S.Dims[V + ".pw"] = 0;
  else
    Pair("padding", ".ph", ".pw", 0);
  if (const dsl::Value *Mode = option(Sub, "padding_mode");
      Mode && !StringRef(Mode->Text).ends_with("kZeros")) {
    S.miss("adopter tune measures convolutions padded with zeros; '" + Path +
           "' pads with " + Mode->Text);
    S.Dims.erase(V + ".in"); // so that nothing is measured
  }
  if (!Image.H)
    S.miss("the size of a convolution's input is not known from the source: "
           "give it with --image H[xW]");
  S.Dims["batch"] = Image.Batch;
  S.Dims["image.h"] = Image.H;
  S.Dims["image.w"] = Image.W;
}

/// The dimensions of finding \p F: rows from --rows; each bound Linear's
/// in/out features and bias; each bound Conv2d's options and its input
/// from --batch and --image; the hidden size from the Linear that produces
/// an input of the chain's first op, or from --hidden; attention's batch
/// (rows / seq), heads and head size (--head-dim, else hidden / heads) from
/// --seq and --heads.
Site shapes(const dsl::Graph &G, const match::Finding &F, int64_t Rows,
            std::optional<int64_t> Hidden, const InputSizes &Image,
            const std::map<std::string, int64_t> &Defs) {
  Site S{&F, {{"rows", Rows}}, ""};
  std::string Unknown;
  auto Need = [&](const std::string &What) { S.need(What, Unknown); };
  for (const auto &[Var, Path] : F.Modules) {
    const dsl::Submodule *Sub = resolve(G, F.Module, Path);
    if (Sub && StringRef(Sub->Type).starts_with("torch::nn::Conv"))
      convShapes(*Sub, Var, Path, Image, Defs, S);
    if (Sub && Sub->Type == "torch::nn::LayerNorm")
      normShapes(*Sub, Var, Path, Defs, S);
    if (!Sub || Sub->Type != "torch::nn::Linear")
      continue;
    std::string V = Site::dimPrefix(Var);
    for (auto [Key, Dim] :
         {std::pair<const char *, const char *>{"in_features", ".in"},
          {"out_features", ".out"},
          {"bias", ".bias"}}) {
      const dsl::Value *Val = option(*Sub, Key);
      if (!Val && StringRef(Key) == "bias") {
        S.Dims[V + Dim] = 1; // LinearOptions' default
        continue;
      }
      Unknown.clear();
      std::optional<int64_t> I =
          Val ? intValue(*Val, Defs, Unknown) : std::nullopt;
      if (I)
        S.Dims[V + Dim] = *I;
      else
        Need("'" + Path + "'s " + Key);
    }
  }
  // The feature size of the chain's input: the out_features of the Linear
  // that computes it, when one does in the same method.
  const dsl::Module *M = G.module(F.Module);
  StringRef Fn = StringRef(F.Function).rsplit("::").second;
  const dsl::Method *Meth =
      M ? M->method(Fn.empty() ? F.Function : Fn.str()) : nullptr;
  for (size_t I = 0; Meth && !F.Ops.empty() && I < F.Ops.front().Args.size() &&
                     !S.Dims.count("hidden");
       ++I) {
    const dsl::Value &In = F.Ops.front().Args[I].Val;
    const dsl::Op *P = In.isRef() ? producer(Meth->Body, In.Text) : nullptr;
    if (!P || !P->isSubmoduleCall())
      continue;
    if (const dsl::Submodule *Sub = resolve(G, F.Module, P->Name))
      if (Sub->Type == "torch::nn::Linear")
        if (const dsl::Value *Out = option(*Sub, "out_features")) {
          Unknown.clear();
          if (auto I = intValue(*Out, Defs, Unknown))
            S.Dims["hidden"] = *I;
        }
  }
  if (Hidden && !S.Dims.count("hidden"))
    S.Dims["hidden"] = *Hidden;
  if (F.RuleId == "attention") {
    // q [batch, heads, seq, head size]: the model reshapes its activations
    // at run time, so the sizes come from the command line.
    auto H = S.Dims.find("hidden");
    if (!Image.Seq || !Image.Heads)
      S.miss("the attention's sequence length and heads are not known from "
             "the source: give them with --seq L --heads N");
    else if (!Image.HeadDim && H == S.Dims.end())
      S.miss("the attention's head size is not known from the source: give "
             "it with --head-dim D (or the width, heads times head size, "
             "with --hidden H)");
    else if (Rows % Image.Seq || (!Image.HeadDim && H->second % Image.Heads))
      S.miss(
          formatv("--rows {0} must be a multiple of --seq {1}", Rows, Image.Seq)
              .str() +
          (Image.HeadDim ? ""
                         : formatv(", and the width {0} of --heads {1}",
                                   H->second, Image.Heads)
                               .str()));
    else {
      S.Dims["attn.batch"] = Rows / Image.Seq;
      S.Dims["attn.seq"] = Image.Seq;
      S.Dims["attn.heads"] = Image.Heads;
      S.Dims["attn.dim"] =
          Image.HeadDim ? Image.HeadDim : H->second / Image.Heads;
    }
  }
  return S;
}

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
               "Linear with known options"),
      cl::init(0), cl::value_desc("H"), cl::cat(Cat));
  cl::opt<std::string> Image(
      "image",
      cl::desc("Height and width of a convolution's input, at every conv-bn "
               "site (H for a square one)"),
      cl::value_desc("HxW"), cl::cat(Cat));
  cl::opt<int64_t> Batch("batch",
                         cl::desc("Batch size of a convolution's input "
                                  "(default 8)"),
                         cl::init(8), cl::value_desc("N"), cl::cat(Cat));
  cl::opt<int64_t> Seq("seq",
                       cl::desc("Sequence length at attention sites (their "
                                "batch is --rows divided by it)"),
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
    auto [H, W] = StringRef(Image).split('x');
    if (W.empty())
      W = H;
    if (Batch <= 0 || H.getAsInteger(10, Sizes.H) ||
        W.getAsInteger(10, Sizes.W) || Sizes.H <= 0 || Sizes.W <= 0) {
      errs() << "adopter: error: --image wants H or HxW (positive integers) "
                "and --batch a positive integer, not '"
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
      Verify,          "--tune-request",     std::string(ReqPath),
      "--tune-output", std::string(ResPath), "--dtype",
      TO.Dtype};
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
  outs() << formatv("adopter tune: {0} site(s), {1}, LibTorch {2}, {3}\n",
                    Sites.size(), TO.Dtype, P.Torch, P.Machine);
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
  outs() << formatv("adopter tune: {0} measured, {1} slower; profile written "
                    "to {2} (use it with --profile)\n",
                    Measured, Slower, Output);
  return ExitOk;
}

} // namespace adopter::tool
