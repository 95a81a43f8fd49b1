//===- SiteTuner.cpp - A fused kernel timed against its unfused ops -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/SiteTuner.h"
#include "adopter/Verify/ConvSite.h"
#include "adopter/Verify/KernelAdapters.h"
#include "adopter/Verify/OptimizerSite.h"
#include "adopter/Verify/PatternInterpreter.h"
#include "adopter/Verify/VerifyCases.h"

#include "adopter/Rules/OpSignatures.h"

#include "adopter/kernels/FusedAddLayerNorm.h"
#include "adopter/kernels/FusedDropoutAddLayerNorm.h"
#include "adopter/kernels/FusedLinearGELU.h"
#include "adopter/kernels/FusedLinearReLU.h"
#include "adopter/kernels/FusedLinearSiLU.h"
#include "adopter/kernels/FusedMultiheadAttention.h"
#include "adopter/kernels/Gelu.h"
#include "adopter/kernels/LinearBN.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <stdexcept>

namespace adopter::verify {
namespace {

enum class Family {
  LinearGELU,
  LinearReLU,
  LinearSiLU,
  GeluFormula,
  LinearBN,
  ConvBN,
  Norm,
  AddNorm,
  /// torch::nn::MultiheadAttention swapped for FusedMultiheadAttention.
  MHA,
  /// A function replacement run through its KernelAdapters entry, as
  /// `rules verify` runs it, on inputs at the site's shapes.
  Call,
  /// torch::optim::Adam/AdamW and the fused optimizer, one step each over
  /// parameters of the model's shapes (OptimizerSite).
  Optimizer
};

/// The probability tune's dropouts draw with, as in training, and how a
/// measurement's shape says so.
constexpr double TuneDropoutP = 0.1;
constexpr const char *TuneDropoutText = "dropout p 0.1 (training)";

std::optional<Family> familyOf(const std::string &Id) {
  if (Id == "linear-gelu")
    return Family::LinearGELU;
  if (Id == "linear-relu")
    return Family::LinearReLU;
  if (Id == "linear-silu")
    return Family::LinearSiLU;
  if (Id == "linear-bn")
    return Family::LinearBN;
  if (Id == "conv-bn")
    return Family::ConvBN;
  if (Id == "mha-module")
    return Family::MHA;
  if (Id == "optimizer-adam")
    return Family::Optimizer;
  if (Id == "add-layernorm" || Id == "dropout-add-layernorm")
    return Family::AddNorm;
  if (Id == "add-rmsnorm" || Id == "swiglu" || Id == "fused-qkv" ||
      Id == "attention" || Id == "masked-softmax" || Id == "log-softmax-nll" ||
      Id == "builtin-cross-entropy" || Id == "lstm-manual")
    return Family::Call;
  // Both write GELU out op by op; one becomes adopter::ops::gelu, the other
  // torch::gelu.
  if (Id == "gelu-manual" || Id == "builtin-gelu")
    return Family::GeluFormula;
  // LayerNorm and RMSNorm written out op by op; the replacement is a call
  // (adopter::ops::layer_norm / rms_norm, torch::layer_norm / rms_norm).
  if (Id == "layernorm-manual" || Id == "rmsnorm-manual" ||
      Id == "builtin-layer-norm" || Id == "builtin-rms-norm")
    return Family::Norm;
  return std::nullopt;
}

at::ScalarType scalarType(const std::string &DType) {
  if (DType == "bfloat16")
    return at::kBFloat16;
  if (DType == "float16")
    return at::kHalf;
  return at::kFloat;
}

llvm::Error missing(const std::string &Dim) { return SiteDims::missing(Dim); }

double msSince(std::chrono::steady_clock::time_point T0) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - T0)
      .count();
}

/// Mean milliseconds of \p Iters calls of \p Fn.
double round(const std::function<void()> &Fn, unsigned Iters) {
  auto T0 = std::chrono::steady_clock::now();
  for (unsigned I = 0; I < Iters; ++I)
    Fn();
  return msSince(T0) / Iters;
}

/// The first line of \p E's message (LibTorch's carry a backtrace) as an
/// error.
llvm::Error exceptionError(const std::exception &E) {
  std::string Msg = E.what();
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                 Msg.substr(0, Msg.find('\n')).c_str());
}

double median(std::vector<double> V) {
  std::sort(V.begin(), V.end());
  return V.empty() ? 0 : V[V.size() / 2];
}

bool patternHas(const rules::Pattern &P, const std::string &Op) {
  for (const rules::PatternNode &N : P.Nodes)
    if (!N.Alts.empty() && N.Alts.front().Op == Op)
      return true;
  return false;
}

/// A node of \p P calls the bound module \p Var.
bool patternCalls(const rules::Pattern &P, const std::string &Var) {
  return llvm::any_of(P.Nodes, [&](const rules::PatternNode &N) {
    return N.Alts.front().ModuleVar == Var;
  });
}

/// The fused module \p To holds the parameters of the module \p From it
/// replaces (same names), as the rewritten model's checkpoint gives them.
void copyParameters(const torch::nn::Module &From, torch::nn::Module &To) {
  torch::NoGradGuard NG;
  auto Dst = To.named_parameters();
  for (const auto &Par : From.named_parameters())
    if (at::Tensor *T = Dst.find(Par.key()))
      T->copy_(Par.value());
}

/// The ops of \p P a finding lists: its nodes but the member reads.
size_t opCount(const rules::Pattern &P) {
  return llvm::count_if(P.Nodes, [](const rules::PatternNode &N) {
    return N.Alts.empty() || N.Alts.front().Op != "prim::member";
  });
}

/// The ops of \p P's nodes are all among the site's \p Ops (each node by
/// one of its alternatives; a member read counts as present).
bool patternIsSite(const rules::Pattern &P,
                   const std::vector<std::string> &Ops) {
  if (opCount(P) != Ops.size())
    return false;
  for (const rules::PatternNode &N : P.Nodes)
    if (llvm::none_of(N.Alts, [&](const rules::PatternAlt &A) {
          return A.Op == "prim::member" || !A.ModuleVar.empty() ||
                 llvm::is_contained(Ops, A.Op);
        }))
      return false;
  return true;
}

} // namespace

bool SiteTuner::supports(const std::string &RuleId) {
  return familyOf(RuleId).has_value();
}

void SiteTuner::time(const std::function<void()> &Unfused,
                     const std::function<void()> &FusedRun,
                     TuneMeasurement &M) const {
  // Calibrate: enough calls per round to last MinRoundMs.
  auto T0 = std::chrono::steady_clock::now();
  Unfused();
  FusedRun();
  const double One = std::max(msSince(T0) / 2, 1e-3);
  const unsigned Iters =
      std::max(1u, static_cast<unsigned>(std::ceil(Opts.MinRoundMs / One)));
  // Warm up: two untimed rounds of each side. The first calls at a shape
  // fault in fresh pages for the tensors both sides allocate (and the
  // allocator settles on blocks of those sizes); timed too early they
  // made the median of a few rounds bimodal (BERT's add-layernorm: 5.8 or
  // 10 ms for the same call).
  for (unsigned W = 0; W < 2; ++W) {
    round(Unfused, Iters);
    round(FusedRun, Iters);
  }
  std::vector<double> U, K;
  for (unsigned Rd = 0; Rd < Opts.Repeats; ++Rd) {
    // Interleaved, alternating which side goes first.
    if (Rd % 2 == 0) {
      U.push_back(round(Unfused, Iters));
      K.push_back(round(FusedRun, Iters));
    } else {
      K.push_back(round(FusedRun, Iters));
      U.push_back(round(Unfused, Iters));
    }
  }
  M.UnfusedMs = median(U);
  M.FusedMs = median(K);
  M.Iterations = Iters;
}

llvm::Expected<TuneMeasurement> SiteTuner::measure(const rules::Rule &R,
                                                   const TuneSite &S) const {
  std::optional<Family> F = familyOf(R.Id);
  if (!F)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "adopter tune has no benchmark for rule "
                                   "'%s' yet",
                                   R.Id.c_str());
  if (*F == Family::Optimizer)
    return measureOptimizer(S);
  // The site's ops as the patterns spell them: an in-place op (`relu_`,
  // `x.relu_()`) matched its pattern's `aten::relu`.
  std::vector<std::string> Ops;
  for (const std::string &O : S.Ops)
    Ops.push_back(rules::OpSignatures::baseOp(O).str());
  // The pattern as written at the site: the expansion whose ops the site
  // has (its optional ops present or not), else one with as many ops, else
  // the first.
  const rules::Pattern *P = nullptr, *SameSize = nullptr, *Exact = nullptr;
  for (size_t I = 0; I < R.Expanded.size(); ++I) {
    if (R.ExpandedFrom[I] != S.Pattern)
      continue;
    const rules::Pattern &E = R.Expanded[I];
    if (!P)
      P = &E;
    if (!SameSize && opCount(E) == Ops.size())
      SameSize = &E;
    if (!Exact && patternIsSite(E, Ops))
      Exact = &E;
  }
  if (Exact)
    P = Exact;
  else if (SameSize)
    P = SameSize;
  if (!P)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "rule '%s' has no pattern %u", R.Id.c_str(),
                                   S.Pattern);
  const SiteDims D{S.Dims};
  auto Dim = [&](const std::string &Name) { return D.dim(Name); };
  auto Flag = [&](const std::string &Name, bool Default) {
    return D.flag(Name, Default);
  };
  const auto Type = scalarType(Opts.DType);
  const auto TOpts = torch::TensorOptions().dtype(Type);
  std::optional<int64_t> Rows = Dim("rows");
  if (!Rows)
    return missing("rows");
  torch::manual_seed(0);

  Bindings Base;
  // Each node takes the alternative the site has (relu or silu after a
  // BatchNorm), else its first.
  std::vector<unsigned> Choice(P->Nodes.size(), 0);
  std::string LastOp; // the op that ends the chain, as the site has it
  for (size_t N = 0; N < P->Nodes.size(); ++N)
    for (size_t A = 0; A < P->Nodes[N].Alts.size(); ++A)
      if (llvm::is_contained(Ops, P->Nodes[N].Alts[A].Op)) {
        Choice[N] = A;
        if (N + 1 == P->Nodes.size())
          LastOp = P->Nodes[N].Alts[A].Op;
      }
  at::Tensor XK;                                  // the fused side's input
  std::function<std::vector<at::Tensor>()> Fused; // in `return` order
  TuneMeasurement M;
  // A call replacement run as `rules verify` runs it (KernelAdapters): the
  // reference bindings say which alternative each node took.
  Bindings RefRun, KRun;
  std::map<std::string, at::Tensor> KLeaves;
  // x [rows, hidden], one copy per side.
  auto RowsInput = [&]() -> std::optional<int64_t> {
    std::optional<int64_t> H = Dim("hidden");
    if (!H)
      return std::nullopt;
    at::Tensor X = torch::randn({*Rows, *H}, TOpts);
    Base.Values["x"] = X.clone().requires_grad_(true);
    XK = X.clone().requires_grad_(true);
    return H;
  };
  // The fused side is the replacement run by its KernelAdapters entry on
  // KRun: its function, or its `otherwise:` function (\p Otherwise). The
  // pattern runs once on Base into RefRun first, which says which
  // alternative each node took.
  auto ThroughAdapter = [&](bool Otherwise) -> llvm::Error {
    RefRun = Base;
    if (auto Out = PatternInterpreter::run(*P, Choice, RefRun); !Out)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the pattern did not run: %s",
                                     llvm::toString(Out.takeError()).c_str());
    Fused = [&, Otherwise]() -> std::vector<at::Tensor> {
      ReplacementRun Run{R, *P, RefRun, KRun, KLeaves, Otherwise};
      auto Out = runReplacement(Run);
      if (!Out)
        throw std::runtime_error(llvm::toString(Out.takeError()));
      return std::move(*Out);
    };
    return llvm::Error::success();
  };
  // Every floating input a leaf on each side: one pair of copies per
  // tensor, so inputs that are one tensor at the site (self-attention's
  // q, k and v) stay one tensor on both sides.
  auto MakeLeaves = [&] {
    KRun = Base;
    std::map<const void *, std::pair<at::Tensor, at::Tensor>> Copies;
    for (auto &[Name, V] : Base.Values) {
      if (!V.isTensor() || !V.toTensor().is_floating_point() ||
          llvm::is_contained(Base.NoGrad, Name))
        continue;
      at::Tensor T = V.toTensor();
      auto [It, New] = Copies.try_emplace(T.unsafeGetTensorImpl());
      if (New)
        It->second = {T.detach().clone().requires_grad_(true),
                      T.detach().clone().requires_grad_(true)};
      V = It->second.first;
      KRun.Values[Name] = It->second.second;
    }
  };
  // The site's integer attributes (`attr.dim`) over the defaults.
  auto SiteAttrs = [&] {
    for (const auto &[K, V] : S.Dims)
      if (llvm::StringRef(K).starts_with("attr."))
        Base.Attrs[K.substr(5)] = V;
  };
  // A Linear bound to $Var, from `<Var>.in`, `.out` and `.bias`.
  auto BindLinear =
      [&](const std::string &Var) -> llvm::Expected<torch::nn::Linear> {
    std::optional<int64_t> In = Dim(Var + ".in"), Out = Dim(Var + ".out");
    if (!In)
      return missing(Var + ".in");
    if (!Out)
      return missing(Var + ".out");
    torch::nn::Linear L(
        torch::nn::LinearOptions(*In, *Out).bias(Flag(Var + ".bias", true)));
    L->to(Type);
    Base.Modules[Var] = boundModule(L, "torch::nn::Linear");
    return L;
  };

  if (*F == Family::GeluFormula) {
    std::optional<int64_t> H = RowsInput();
    if (!H)
      return missing("hidden");
    Base.Attrs["c"] = std::sqrt(2.0 / M_PI);
    Base.Attrs["sqrt2"] = std::sqrt(2.0);
    Base.Attrs["inv_sqrt2"] = 1.0 / std::sqrt(2.0);
    const std::string Approx = patternHas(*P, "aten::tanh") ? "tanh" : "none";
    if (R.Id == "builtin-gelu")
      Fused = [&XK, Approx] {
        return std::vector<at::Tensor>{torch::gelu(XK, Approx)};
      };
    else
      Fused = [&XK, Approx] {
        return std::vector<at::Tensor>{adopter::ops::gelu(XK, Approx)};
      };
    M.Shape = llvm::formatv("x [{0}, {1}], {2}", *Rows, *H,
                            Approx == "tanh" ? "tanh form" : "erf form");
  } else if (*F == Family::Norm) {
    std::optional<int64_t> H = RowsInput();
    if (!H)
      return missing("hidden");
    const bool Centered =
        R.Id == "layernorm-manual" || R.Id == "builtin-layer-norm";
    Base.Attrs["eps"] = Centered ? 1e-5 : 1e-6;
    Base.Attrs["dim"] = int64_t(-1);
    Base.Attrs["d1"] = int64_t(-1);
    Base.Attrs["d2"] = std::vector<int64_t>{-1};
    // The weights, as parameters: both sides compute their gradients.
    auto Param = [&](at::Tensor T) { return T.to(Type).requires_grad_(true); };
    if (Centered) {
      Base.Members["gw"] = Param(torch::rand({*H}) + 0.5);
      Base.Members["gb"] = Param(torch::randn({*H}) * 0.1);
    } else {
      Base.Members["g"] = Param(torch::rand({*H}) + 0.5);
    }
    KRun = Base;
    KRun.Values["x"] = XK;
    if (llvm::Error E = ThroughAdapter(false))
      return std::move(E);
    const bool Weighted = patternReads(*P, rules::PatternArg::Kind::ValueVar,
                                       Centered ? "gw" : "g");
    M.Shape = llvm::formatv("x [{0}, {1}], {2}{3}", *Rows, *H,
                            Centered ? "LayerNorm" : "RMSNorm",
                            Weighted ? "" : " without weight");
  } else if (*F == Family::AddNorm) {
    // add-layernorm: the module the rewrite swaps in, built once from the
    // LayerNorm's options and weights; its call returns (sum, normed).
    // dropout-add-layernorm: the function apply writes over the model's
    // LayerNorm, its dropout drawn as in training on both sides.
    const bool Drop = R.Id == "dropout-add-layernorm";
    for (size_t N = 0; N < P->Nodes.size(); ++N)
      if (P->Nodes[N].Alts.front().ModuleVar == "norm" && Choice[N] != 0)
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "adopter tune measures %s with a LayerNorm module so far, not "
            "the functional layer_norm",
            R.Id.c_str());
    std::optional<int64_t> N = Dim("norm.n");
    if (!N)
      return missing("norm.n");
    const bool Affine = Flag("norm.affine", true);
    auto NOpts = torch::nn::LayerNormOptions({*N}).elementwise_affine(Affine);
    torch::nn::LayerNorm LN(NOpts);
    LN->to(Type);
    Base.Modules["norm"] = boundModule(LN, "torch::nn::LayerNorm");
    at::Tensor A = torch::randn({*Rows, *N}, TOpts);
    at::Tensor B = torch::randn({*Rows, *N}, TOpts);
    Base.Values["a"] = A.clone().requires_grad_(true);
    Base.Values["b"] = B.clone().requires_grad_(true);
    XK = A.clone().requires_grad_(true);
    KRun.Values["b"] = B.clone().requires_grad_(true);
    if (Drop) {
      Base.TrainDropout = TuneDropoutP;
      Fused = [LN, &XK, &KRun] {
        auto [Sum, Y] = adopter::ops::dropout_add_layer_norm(
            XK, KRun.Values.at("b").toTensor(),
            adopter::ops::Dropout(TuneDropoutP, /*Train=*/true), LN);
        return std::vector<at::Tensor>{Y, Sum};
      };
    } else {
      adopter::nn::FusedAddLayerNorm Mod(NOpts);
      Mod->to(Type);
      copyParameters(*LN, *Mod);
      Fused = [Mod, &XK, &KRun]() mutable {
        auto [Sum, Y] = Mod(XK, KRun.Values.at("b").toTensor());
        return std::vector<at::Tensor>{Y, Sum};
      };
    }
    M.Shape = llvm::formatv("a, b [{0}, {1}], {2}LayerNorm {1}{3}", *Rows, *N,
                            Drop ? std::string(TuneDropoutText) + ", " : "",
                            Affine ? "" : " without affine");
  } else if (*F == Family::ConvBN) {
    // The rewrite keeps the model's Conv{1,2,3}d and BatchNorm and calls
    // conv_bn over them; both sides run the same modules, in training.
    auto Site = ConvSite::build(S.Dims, LastOp, TOpts, Base);
    if (!Site)
      return Site.takeError();
    XK = Site->X;
    Fused = std::move(Site->Fused);
    M.Shape = std::move(Site->Shape);
  } else if (*F == Family::MHA) {
    // The model's MultiheadAttention, and the fused module apply swaps in
    // built once from its options with its weights; q [seq, batch, embed],
    // k and v the same tensor where the site passes the same value.
    for (const char *D : {"attn.batch", "attn.seq", "mha.embed", "mha.heads"})
      if (!Dim(D))
        return missing(D);
    const int64_t L = *Dim("attn.seq"), N = *Dim("attn.batch"),
                  E = *Dim("mha.embed"), Heads = *Dim("mha.heads");
    const bool Drop = Flag("mha.dropout", false), Bias = Flag("mha.bias", true);
    auto MOpts = torch::nn::MultiheadAttentionOptions(E, Heads)
                     .dropout(Drop ? TuneDropoutP : 0.0)
                     .bias(Bias);
    torch::nn::MultiheadAttention MHA(MOpts);
    MHA->to(Type);
    Base.Modules["mha"] = boundModule(MHA, "torch::nn::MultiheadAttention");
    at::Tensor Q = torch::randn({L, N, E}, TOpts);
    at::Tensor K =
        Flag("mha.k_is_q", false) ? Q : torch::randn({L, N, E}, TOpts);
    at::Tensor V =
        Flag("mha.v_is_k", false) ? K : torch::randn({L, N, E}, TOpts);
    Base.Values["q"] = Q;
    Base.Values["k"] = K;
    Base.Values["v"] = V;
    // A key padding mask where the site passes one: the last key padded.
    using Kind = rules::PatternArg::Kind;
    const bool Masked =
        patternReads(*P, Kind::ValueVar, "m") ||
        (patternReads(*P, Kind::AttrVar, "m") && Flag("mha.mask", true));
    at::Tensor Pad = torch::arange(L).ge(L - 1).unsqueeze(0).expand({N, L});
    Base.Values["m"] = Base.Attrs["m"] = Masked ? Pad : at::Tensor();
    // An attn_mask where the site passes one (after the pattern's operands):
    // a causal one, additive [L, L], as generate_square_subsequent_mask
    // builds it.
    const bool AttnMasked = Flag("mha.attn_mask", false);
    at::Tensor AttnMask = AttnMasked
                              ? torch::full({L, L}, -INFINITY, TOpts).triu(1)
                              : at::Tensor();
    Base.Modules["mha"].AttnMask = AttnMask;
    MakeLeaves();
    adopter::nn::FusedMultiheadAttention Mod(MOpts);
    Mod->to(Type);
    copyParameters(*MHA, *Mod);
    Fused = [Mod, AttnMask, &KRun]() mutable {
      auto T = [&](const char *Name) {
        return KRun.Values.at(Name).toTensor();
      };
      return std::vector<at::Tensor>{std::get<0>(Mod->forward(
          T("q"), T("k"), T("v"), T("m"), /*need_weights=*/false, AttnMask))};
    };
    const bool SelfAttn = Q.is_same(K) && K.is_same(V);
    M.Shape = llvm::formatv(
        "q, k, v [{0}, {1}, {2}]{3}, {4} heads{5}{6}{7}{8}", L, N, E,
        SelfAttn       ? " (one tensor)"
        : K.is_same(V) ? " (k and v one tensor)"
                       : "",
        Heads, Bias ? "" : " without bias", Masked ? ", key padding mask" : "",
        AttnMasked ? ", causal attn_mask" : "",
        Drop ? std::string(", ") + TuneDropoutText : "");
  } else if (*F == Family::Call) {
    bool Otherwise = false;
    if (R.Id == "attention" || R.Id == "masked-softmax") {
      // masked-softmax: the scores s [batch, heads, seq, seq] alone; the
      // head size, when known, only sets the scale's value.
      const bool Scores = R.Id == "masked-softmax";
      for (const char *D : {"attn.batch", "attn.heads", "attn.seq", "attn.dim"})
        if (!Dim(D) && !(Scores && std::string(D) == "attn.dim"))
          return missing(D);
      const int64_t L = *Dim("attn.seq");
      AttentionShape Sh{*Dim("attn.batch"),
                        *Dim("attn.heads"),
                        L,
                        L,
                        Dim("attn.dim").value_or(64),
                        Scores};
      // A causal mask: the model's own is only known at run time.
      at::Tensor Blank = torch::ones({L, L}, torch::kBool).triu(1);
      const std::string MaskOp =
          attentionInputs(Base, *P, Choice, Sh, Blank, -1e9, TOpts);
      const bool Drop = patternHas(*P, "aten::dropout");
      if (Drop)
        Base.TrainDropout = TuneDropoutP;
      M.Shape = llvm::formatv(
          "{0} [{1}, {2}, {3}, {4}]{5}{6}", Scores ? "s" : "q, k, v", Sh.B,
          Sh.H, L, Scores ? L : Sh.D,
          MaskOp.empty() ? "" : ", causal mask (" + MaskOp + ")",
          Drop ? std::string(", ") + TuneDropoutText : "");
    } else if (R.Id == "log-softmax-nll" || R.Id == "builtin-cross-entropy") {
      // Logits [rows, classes] and a class index per row; nll_loss with
      // its default options, or an NLLLoss module built with them.
      std::optional<int64_t> C = Dim("hidden");
      if (!C)
        return missing("hidden");
      Base.Values["x"] = torch::randn({*Rows, *C}, TOpts) * 2.0;
      Base.Values["t"] = torch::randint(*C, {*Rows}, torch::kLong);
      Base.Attrs["dim"] = int64_t(1);
      SiteAttrs();
      const bool Module = patternCalls(*P, "loss");
      if (Module)
        Base.Modules["loss"] =
            boundModule(torch::nn::NLLLoss(), "torch::nn::NLLLoss");
      M.Shape = llvm::formatv("x [{0}, {1}], targets [{0}]{2}", *Rows, *C,
                              Module ? ", NLLLoss" : "");
    } else if (R.Id == "lstm-manual") {
      // The cell's Linears; x [rows, input size], h (and c) [rows, hidden
      // size]: the input size of the Linear over h, or a quarter of the
      // outputs of the one over cat(x, h).
      const bool Lstm =
          patternReads(*P, rules::PatternArg::Kind::ValueVar, "c");
      std::string Shape;
      for (const std::string V :
           {"ih", "hh", "w", "xz", "hz", "xr", "hr", "xn", "hn"}) {
        if (!patternCalls(*P, V))
          continue;
        if (auto L = BindLinear(V); !L)
          return L.takeError();
        Shape += llvm::formatv(", {0} {1}->{2}", V, *Dim(V + ".in"),
                               *Dim(V + ".out"));
      }
      auto Has = [&](const char *V) { return Base.Modules.count(V) != 0; };
      const bool Cat = Has("w");
      const int64_t H =
          Cat ? *Dim("w.out") / 4 : *Dim(Has("hh") ? "hh.in" : "hz.in");
      const int64_t In =
          Cat ? *Dim("w.in") - H : *Dim(Has("ih") ? "ih.in" : "xz.in");
      if (In <= 0)
        return missing("w.in");
      Base.Values["x"] = torch::randn({*Rows, In}, TOpts);
      Base.Values["h"] = torch::randn({*Rows, H}, TOpts);
      if (Lstm)
        Base.Values["c"] = torch::randn({*Rows, H}, TOpts);
      // torch's gate order and chunk dimension unless the site says.
      for (auto [Name, V] : {std::pair<const char *, int64_t>{"dim", 1},
                             {"dim2", 1},
                             {"cdim", 1},
                             {"ii", 0},
                             {"if", 1},
                             {"ig", 2},
                             {"io", 3}})
        Base.Attrs[Name] = V;
      SiteAttrs();
      M.Shape =
          llvm::formatv("x [{0}, {1}], h{2} [{0}, {3}], {4} cell{5}", *Rows, In,
                        Lstm ? ", c" : "", H, Lstm ? "LSTM" : "GRU", Shape);
    } else if (R.Id == "add-rmsnorm") {
      // The function the rule's `otherwise:` names: FusedAddRMSNorm's
      // forward, which apply swaps in for a project's RMSNorm, calls it.
      Otherwise = true;
      std::optional<int64_t> H = Dim("hidden");
      if (!H)
        return missing("hidden");
      Base.Values["a"] = torch::randn({*Rows, *H}, TOpts);
      Base.Values["b"] = torch::randn({*Rows, *H}, TOpts);
      Base.Attrs["eps"] = 1e-6;
      Base.Attrs["dim"] = int64_t(-1);
      const bool Weighted =
          patternReads(*P, rules::PatternArg::Kind::ValueVar, "g");
      if (Weighted)
        Base.Members["g"] =
            (torch::rand({*H}) + 0.5).to(Type).requires_grad_(true);
      M.Shape = llvm::formatv("a, b [{0}, {1}], RMSNorm {1}{2}", *Rows, *H,
                              Weighted ? "" : " without weight");
    } else {
      // swiglu (two Linears, or one packed) and fused-qkv: the model's
      // Linears, which stay members, on both sides.
      std::vector<std::string> Vars =
          R.Id == "fused-qkv" ? std::vector<std::string>{"wq", "wk", "wv"}
          : patternReads(*P, rules::PatternArg::Kind::ValueVar, "c0")
              ? std::vector<std::string>{"proj"}
              : std::vector<std::string>{"gate", "up"};
      std::string Shape;
      for (const std::string &V : Vars) {
        if (auto L = BindLinear(V); !L)
          return L.takeError();
        Shape += llvm::formatv("{0}{1} {2}->{3}", Shape.empty() ? "" : ", ", V,
                               *Dim(V + ".in"), *Dim(V + ".out"));
      }
      const int64_t In = *Dim(Vars.front() + ".in");
      Base.Values["x"] = torch::randn({*Rows, In}, TOpts);
      Base.Attrs["dim"] = int64_t(-1);
      M.Shape = llvm::formatv("x [{0}, {1}], {2}", *Rows, In, Shape);
    }
    MakeLeaves();
    // cat(x, h) takes the list of the leaves, on each side.
    if (R.Id == "lstm-manual" && Base.Modules.count("w"))
      for (Bindings *B : {&Base, &KRun})
        B->Attrs["xs"] = c10::List<at::Tensor>(
            {B->Values.at("x").toTensor(), B->Values.at("h").toTensor()});
    if (llvm::Error E = ThroughAdapter(Otherwise))
      return std::move(E);
  } else {
    auto Bound = BindLinear("fc");
    if (!Bound)
      return Bound.takeError();
    torch::nn::Linear FC = *Bound;
    const auto LOpts = FC->options;
    const int64_t In = LOpts.in_features(), Out = LOpts.out_features();
    const bool HasBias = LOpts.bias();
    at::Tensor X = torch::randn({*Rows, In}, TOpts);
    Base.Values["x"] = X.clone().requires_grad_(true);
    XK = X.clone().requires_grad_(true);
    // The fused module as the rewritten model holds it: built once, with
    // the Linear's weights.
    auto Build = [&](auto Module) -> std::function<std::vector<at::Tensor>()> {
      Module->to(Type);
      copyParameters(*FC, *Module);
      return [Module, &XK]() mutable {
        return std::vector<at::Tensor>{Module(XK)};
      };
    };
    if (*F == Family::LinearBN) {
      // The rewrite keeps the model's Linear and BatchNorm1d and calls
      // linear_bn over them: both sides run the same modules, in training
      // (batch statistics, running statistics updated).
      torch::nn::BatchNorm1d BN(Out);
      BN->to(Type);
      Base.Modules["bn"] = boundModule(BN, "torch::nn::BatchNorm1d");
      const adopter::ops::Activation Act = activationForOp(LastOp);
      Fused = [FC, BN, Act, &XK] {
        return std::vector<at::Tensor>{
            adopter::ops::linear_bn(XK, FC, BN, Act)};
      };
    } else if (*F == Family::LinearGELU)
      Fused = Build(adopter::nn::FusedLinearGELU(LOpts));
    else if (*F == Family::LinearReLU)
      Fused = Build(adopter::nn::FusedLinearReLU(LOpts));
    else
      Fused = Build(adopter::nn::FusedLinearSiLU(LOpts));
    M.Shape = llvm::formatv("x [{0}, {1}], Linear {1}->{2}{3}{4}", *Rows, In,
                            Out, HasBias ? "" : " without bias",
                            *F != Family::LinearBN ? ""
                            : LastOp.empty()       ? ", BatchNorm1d"
                                             : ", BatchNorm1d, " + LastOp);
  }

  // One run of each side, forward and backward through every output with
  // the same upstream gradients; the first runs check that both work and
  // give the shapes. A dropout draws the same mask on both (same seed).
  std::vector<at::Tensor> Grads, RefYs, FusedYs; // the first runs' outputs
  std::string Failure;
  auto Unfused = [&] {
    Bindings B = Base;
    auto Out = PatternInterpreter::run(*P, Choice, B);
    if (!Out) {
      Failure = llvm::toString(Out.takeError());
      return;
    }
    std::vector<at::Tensor> Ys;
    for (const c10::IValue &V : *Out)
      if (V.isTensor())
        Ys.push_back(V.toTensor());
      else if (V.isTuple() && !V.toTupleRef().elements().empty() &&
               V.toTupleRef().elements()[0].isTensor())
        // A module's (output, weights): its output (MultiheadAttention).
        Ys.push_back(V.toTupleRef().elements()[0].toTensor());
    if (Grads.empty())
      for (const at::Tensor &Y : Ys) {
        Grads.push_back(torch::randn_like(Y));
        RefYs.push_back(Y.detach().to(at::kFloat));
      }
    torch::autograd::backward(Ys, Grads);
  };
  auto FusedRun = [&] {
    std::vector<at::Tensor> Ys = Fused();
    if (FusedYs.empty())
      for (const at::Tensor &Y : Ys)
        FusedYs.push_back(Y.detach().to(at::kFloat));
    if (Ys.size() != Grads.size())
      throw std::runtime_error(
          llvm::formatv("the replacement gave {0} outputs, the chain {1}",
                        Ys.size(), Grads.size()));
    torch::autograd::backward(Ys, Grads);
  };
  try {
    torch::manual_seed(1);
    Unfused();
    if (!Failure.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the pattern did not run: %s",
                                     Failure.c_str());
    torch::manual_seed(1);
    FusedRun();
    // Time only what computes the same: the first outputs agree (to the
    // dtype's rounding; rules verify checks the kernels closely).
    const double Tol = Type == at::kFloat ? 1e-3 : 6e-2;
    for (size_t I = 0; I < RefYs.size(); ++I) {
      const at::Tensor &RefY = RefYs[I], &FusedY = FusedYs[I];
      if (RefY.sizes() != FusedY.sizes() ||
          !at::allclose(FusedY, RefY, Tol, Tol))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "the replacement's output differs from the chain's at this site "
            "(largest difference %g); not timed",
            RefY.sizes() == FusedY.sizes()
                ? (FusedY - RefY).abs().max().item<double>()
                : -1.0);
    }
    time(Unfused, FusedRun, M);
  } catch (const std::exception &E) {
    return exceptionError(E);
  }
  return M;
}

llvm::Expected<TuneMeasurement>
SiteTuner::measureOptimizer(const TuneSite &S) const {
  const auto Type = scalarType(Opts.DType);
  torch::manual_seed(0);
  TuneMeasurement M;
  try {
    auto Site =
        OptimizerSite::build(S.Dims, torch::TensorOptions().dtype(Type));
    if (!Site)
      return Site.takeError();
    OptimizerSite &O = **Site;
    M.Shape = O.Shape;
    // One step each from the same state: the same parameters after it.
    O.Ref->step();
    O.Fused->step();
    const double Tol = Type == at::kFloat ? 1e-5 : 1e-2;
    if (double Diff = O.difference(); !(Diff <= Tol))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "the fused optimizer's step differs from torch's at this site "
          "(largest difference %g); not timed",
          Diff);
    time([&] { O.Ref->step(); }, [&] { O.Fused->step(); }, M);
  } catch (const std::exception &E) {
    return exceptionError(E);
  }
  return M;
}

} // namespace adopter::verify
