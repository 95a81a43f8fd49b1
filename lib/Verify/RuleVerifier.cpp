//===- RuleVerifier.cpp - adopter rules verify ----------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/RuleVerifier.h"
#include "adopter/Verify/KernelAdapters.h"
#include "adopter/Verify/PatternInterpreter.h"
#include "adopter/Verify/VerifyCases.h"

#include "llvm/Support/FormatVariadic.h"

#include "adopter/kernels/FusedAdam.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace adopter::verify {
namespace {

/// `>=2.4` / `<2.0` against the linked version.
bool versionAllows(const std::string &Bound, int Major, int Minor) {
  if (Bound.empty())
    return true;
  const bool Less = Bound[0] == '<';
  const size_t Start = Bound.find_first_of("0123456789");
  int BMaj = 0, BMin = 0;
  if (Start == std::string::npos ||
      std::sscanf(Bound.c_str() + Start, "%d.%d", &BMaj, &BMin) < 1)
    return true;
  const bool AtLeast = Major > BMaj || (Major == BMaj && Minor >= BMin);
  return Less ? !AtLeast : AtLeast;
}

at::ScalarType scalarType(const std::string &DType) {
  if (DType == "bfloat16")
    return at::kBFloat16;
  if (DType == "float16")
    return at::kHalf;
  return at::kFloat;
}

/// Every combination of alternatives of \p P, at most \p Max, sampled
/// evenly (the first and the last always).
std::vector<std::vector<unsigned>> combinations(const rules::Pattern &P,
                                                unsigned Max) {
  uint64_t Total = 1;
  for (const rules::PatternNode &N : P.Nodes)
    Total *= N.Alts.size();
  std::vector<std::vector<unsigned>> Out;
  const uint64_t Count = std::min<uint64_t>(Total, std::max(1u, Max));
  for (uint64_t K = 0; K < Count; ++K) {
    uint64_t Index = Count == 1 ? 0 : K * (Total - 1) / (Count - 1);
    std::vector<unsigned> C;
    for (const rules::PatternNode &N : P.Nodes) {
      C.push_back(static_cast<unsigned>(Index % N.Alts.size()));
      Index /= N.Alts.size();
    }
    Out.push_back(std::move(C));
  }
  return Out;
}

std::string describe(const rules::Pattern &P, const Bindings &Ref) {
  std::string S;
  for (const rules::PatternNode &N : P.Nodes) {
    auto It = Ref.Chosen.find(N.Result);
    if (N.Alts.size() > 1 && It != Ref.Chosen.end())
      S += (S.empty() ? "" : ", ") + It->second;
  }
  return S.empty() ? "" : " (" + S + ")";
}

bool isFloating(const at::Tensor &T) {
  return T.defined() && at::isFloatingType(T.scalar_type());
}

/// Leaf copy in \p Type (float64 for the reference) that requires grad.
at::Tensor leaf(const at::Tensor &T, at::ScalarType Type) {
  return T.detach().to(Type).requires_grad_(true);
}

/// The reference's copy: \p T rounded to the \p Type under test, then
/// widened to float64, so that both sides start from the same numbers and
/// only the computation is compared.
at::Tensor refLeaf(const at::Tensor &T, at::ScalarType Type) {
  return leaf(T.detach().to(Type), at::kDouble);
}

/// The kernel side's copy of the case, and the gradient leaves of both.
struct Sides {
  Bindings Ref, K;
  std::map<std::string, at::Tensor> RefLeaves, KLeaves;
};

Sides prepare(const Bindings &In, at::ScalarType Type) {
  Sides S;
  for (const auto &[Name, V] : In.Values) {
    const bool Differentiable =
        std::find(In.NoGrad.begin(), In.NoGrad.end(), Name) == In.NoGrad.end();
    if (V.isTensor() && isFloating(V.toTensor()) && Differentiable) {
      at::Tensor R = refLeaf(V.toTensor(), Type);
      at::Tensor K = leaf(V.toTensor(), Type);
      S.Ref.Values[Name] = R;
      S.K.Values[Name] = K;
      S.RefLeaves["%" + Name] = R;
      S.KLeaves["%" + Name] = K;
    } else if (V.isTensor() && isFloating(V.toTensor())) {
      S.Ref.Values[Name] = V.toTensor().to(Type).to(at::kDouble);
      S.K.Values[Name] = V.toTensor().to(Type);
    } else {
      S.Ref.Values[Name] = V;
      S.K.Values[Name] = V;
    }
  }
  S.Ref.Attrs = S.K.Attrs = In.Attrs;
  // A list attribute of input tensors (`aten::cat($xs)` over x and h) holds
  // each side's own leaves.
  for (const auto &[Name, V] : In.Attrs) {
    if (!V.isTensorList())
      continue;
    c10::List<at::Tensor> RefList, KList;
    for (const at::Tensor &T : V.toTensorVector()) {
      at::Tensor R = T, K = T.to(Type);
      for (const auto &[VName, VV] : In.Values)
        if (VV.isTensor() && VV.toTensor().is_same(T)) {
          R = S.Ref.Values[VName].toTensor();
          K = S.K.Values[VName].toTensor();
        }
      RefList.push_back(R);
      KList.push_back(K);
    }
    S.Ref.Attrs[Name] = RefList;
    S.K.Attrs[Name] = KList;
  }
  for (const auto &[Name, T] : In.Members) {
    S.Ref.Members[Name] = refLeaf(T, Type);
    S.K.Members[Name] = leaf(T, Type);
    S.RefLeaves["member:" + Name] = S.Ref.Members[Name];
    S.KLeaves["member:" + Name] = S.K.Members[Name];
  }
  for (const auto &[Name, M] : In.Modules) {
    {
      // Parameters and buffers rounded as the kernel side's are.
      torch::NoGradGuard NG;
      for (auto &P : M.Ptr->parameters())
        P.copy_(P.to(Type).to(at::kDouble));
      for (auto &Buf : M.Ptr->buffers())
        if (at::isFloatingType(Buf.scalar_type()))
          Buf.copy_(Buf.to(Type).to(at::kDouble));
    }
    S.Ref.Modules[Name] = M;
    BoundModule K = M;
    K.Any = M.Any.clone();
    K.Ptr = K.Any.ptr();
    K.Ptr->to(Type);
    S.K.Modules[Name] = K;
    for (const auto &P : M.Ptr->named_parameters())
      S.RefLeaves["$" + Name + "." + P.key()] = P.value();
    for (const auto &P : K.Ptr->named_parameters())
      S.KLeaves["$" + Name + "." + P.key()] = P.value();
  }
  return S;
}

/// |Got - Want| / (Tol * (1 + |Want|)) at its largest, with NaN equal to
/// NaN; +inf when the shapes differ or NaN meets a number.
double excess(const at::Tensor &Got, const at::Tensor &Want, double Tol) {
  if (!Got.defined() || !Want.defined())
    return Got.defined() == Want.defined() ? 0 : HUGE_VAL;
  if (Got.sizes() != Want.sizes())
    return HUGE_VAL;
  if (Want.numel() == 0)
    return 0;
  at::Tensor G = Got.detach().to(at::kDouble),
             W = Want.detach().to(at::kDouble);
  at::Tensor GN = G.isnan(), WN = W.isnan();
  if (!GN.equal(WN))
    return HUGE_VAL;
  at::Tensor Keep = GN.logical_not();
  if (!Keep.any().item<bool>())
    return 0;
  G = G.masked_select(Keep);
  W = W.masked_select(Keep);
  const double Scale = std::max(1.0, W.abs().max().item<double>());
  at::Tensor Err = (G - W).abs() / (Tol * Scale + Tol * W.abs());
  return Err.max().item<double>();
}

/// optimizer-adam: the pattern's alternatives name LibTorch optimizers
/// (`torch::optim::Adam`, `torch::optim::AdamW`); each is stepped against
/// the fused one on the same small model, gradients and options. Returns
/// the largest parameter error as a fraction of \p Tol, or a message.
llvm::Expected<double> verifyOptimizer(const std::string &Op, bool Quick,
                                       double Tol) {
  const bool W = Op == "torch::optim::AdamW";
  if (Op != "torch::optim::Adam" && !W)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no reference for optimizer '%s'",
                                   Op.c_str());
  double Worst = 0;
  for (int Config = 0; Config < (Quick ? 2 : 4); ++Config) {
    torch::manual_seed(Config);
    std::vector<at::Tensor> A, B;
    for (int64_t N : {1, 7, 17, 300}) {
      at::Tensor P = torch::randn({N, 3});
      A.push_back(P.clone().requires_grad_(true));
      B.push_back(P.clone().requires_grad_(true));
    }
    const double Decay = Config % 2 ? 0.05 : 0.0;
    const bool Ams = Config >= 2;
    std::unique_ptr<torch::optim::Optimizer> Ref, Fused;
    if (W) {
      auto O =
          torch::optim::AdamWOptions(1e-2).weight_decay(Decay).amsgrad(Ams);
      Ref = std::make_unique<torch::optim::AdamW>(A, O);
      Fused = std::make_unique<adopter::optim::FusedAdamW>(B, O);
    } else {
      auto O = torch::optim::AdamOptions(1e-2).weight_decay(Decay).amsgrad(Ams);
      Ref = std::make_unique<torch::optim::Adam>(A, O);
      Fused = std::make_unique<adopter::optim::FusedAdam>(B, O);
    }
    for (int Step = 0; Step < 10; ++Step) {
      for (size_t I = 0; I < A.size(); ++I) {
        at::Tensor G = torch::randn(A[I].sizes());
        A[I].mutable_grad() = G.clone();
        B[I].mutable_grad() = G.clone();
      }
      Ref->step();
      Fused->step();
    }
    for (size_t I = 0; I < A.size(); ++I)
      Worst = std::max(Worst, excess(B[I], A[I], Tol));
  }
  return Worst;
}

} // namespace

double RuleVerifier::tolerance(const std::string &DType) {
  if (DType == "bfloat16")
    return 2e-2;
  if (DType == "float16")
    return 5e-3;
  return 1e-4;
}

RuleResult RuleVerifier::verify(const rules::Rule &R) const {
  RuleResult Res;
  Res.Id = R.Id;
  auto Stop = [&](RuleResult::Status S, std::string Msg) {
    Res.S = S;
    Res.Message = std::move(Msg);
    return Res;
  };
  if (!versionAllows(R.Requires.Torch, Opts.TorchMajor, Opts.TorchMinor))
    return Stop(RuleResult::Status::Skipped,
                llvm::formatv("needs LibTorch {0}; this is {1}.{2}",
                              R.Requires.Torch, Opts.TorchMajor,
                              Opts.TorchMinor));
  const std::string Name = replacementName(R);
  if (Name == "adopter::optim::FusedAdam") {
    for (const rules::Pattern &P : R.Expanded) {
      ++Res.Variants;
      for (const rules::PatternAlt &Alt : P.Nodes.front().Alts) {
        ++Res.Combinations;
        ++Res.Runs;
        auto E = verifyOptimizer(Alt.Op, Opts.Quick, tolerance("float32"));
        if (!E)
          return Stop(RuleResult::Status::Unsupported,
                      llvm::toString(E.takeError()));
        Res.WorstOutput = std::max(Res.WorstOutput, *E);
        if (!(*E <= 1.0))
          return Stop(RuleResult::Status::Mismatch,
                      llvm::formatv("{0} and its fused replacement differ "
                                    "after 10 steps: {1} of the tolerance",
                                    Alt.Op, *E));
      }
    }
    return Res;
  }
  if (!hasAdapter(Name))
    return Stop(RuleResult::Status::Unsupported,
                "no kernel adapter for its replacement '" + Name + "'");
  if (R.Replace.Otherwise && !hasAdapter(R.Replace.Otherwise->Function))
    return Stop(RuleResult::Status::Unsupported,
                "no kernel adapter for its 'otherwise' function '" +
                    R.Replace.Otherwise->Function + "'");
  if (!hasCases(R.Id))
    return Stop(RuleResult::Status::Unsupported,
                "no verification cases for this rule");

  std::vector<std::string> DTypes;
  for (const std::string &D : Opts.DTypes)
    if (R.Requires.Dtypes.empty() ||
        std::count(R.Requires.Dtypes.begin(), R.Requires.Dtypes.end(), D))
      DTypes.push_back(D);
  if (DTypes.empty())
    return Stop(RuleResult::Status::Skipped,
                "the rule supports none of the dtypes asked for");

  // A rule with an `otherwise:` function is verified a second time with it,
  // on the matches apply writes with it.
  const int Passes = R.Replace.Otherwise ? 2 : 1;
  for (int Pass = 0; Pass < Passes; ++Pass) {
    unsigned Combination = 0, Variant = 0;
    for (const rules::Pattern &P : R.Expanded) {
      Res.Variants += Pass == 0;
      ++Variant;
      for (const std::vector<unsigned> &Choice :
           combinations(P, Opts.MaxCombinations)) {
        Res.Combinations += Pass == 0;
        ++Combination;
        std::vector<VerifyCase> Cases =
            makeCases(R, P, Choice, Opts.Quick, Opts.Seed + Combination);
        for (const VerifyCase &C : Cases)
          for (const std::string &DType : DTypes) {
            torch::manual_seed(Opts.Seed);
            Sides S = prepare(C.In, scalarType(DType));
            auto Where = [&] {
              return llvm::formatv("variant {0}{1}, {2}, {3}{4}", Variant,
                                   describe(P, S.Ref), C.Label, DType,
                                   Pass ? ", otherwise: " +
                                              R.Replace.Otherwise->Function
                                        : "")
                  .str();
            };
            auto RefOut = PatternInterpreter::run(P, Choice, S.Ref);
            if (!RefOut)
              return Stop(RuleResult::Status::Unsupported,
                          "the pattern did not run: " +
                              llvm::toString(RefOut.takeError()) + " [" +
                              Where() + "]");
            ReplacementRun Run{R, P, S.Ref, S.K, S.KLeaves, Pass == 1};
            if (Pass == 1 && !otherwiseApplies(Run))
              continue;
            ++Res.Runs;
            auto KOut = runReplacement(Run);
            if (!KOut)
              return Stop(RuleResult::Status::Mismatch,
                          "the replacement failed: " +
                              llvm::toString(KOut.takeError()) + " [" +
                              Where() + "]");
            if (KOut->size() != RefOut->size())
              return Stop(RuleResult::Status::Mismatch,
                          llvm::formatv("{0} outputs instead of {1} [{2}]",
                                        KOut->size(), RefOut->size(), Where()));
            const double Tol = tolerance(DType);
            at::Tensor RefLoss, KLoss;
            for (size_t I = 0; I < KOut->size(); ++I) {
              c10::IValue RV = (*RefOut)[I];
              // A module's tuple returned as it is (MultiheadAttention's
              // (output, weights), the weights undefined with need_weights
              // false): its first element is the result compared.
              if (RV.isTuple() && !RV.toTupleRef().elements().empty())
                RV = RV.toTupleRef().elements()[0];
              if (!RV.isTensor())
                return Stop(RuleResult::Status::Unsupported,
                            "a pattern output is not a tensor");
              at::Tensor Want = RV.toTensor(), Got = (*KOut)[I];
              const double E = excess(Got, Want, Tol);
              Res.WorstOutput = std::max(Res.WorstOutput, E);
              if (!(E <= 1.0))
                return Stop(
                    RuleResult::Status::Mismatch,
                    llvm::formatv("output %{0} differs: {1} of the tolerance "
                                  "[{2}]",
                                  P.Outputs[I], E, Where()));
              if (!Want.requires_grad() || !Got.requires_grad())
                continue;
              at::Tensor G = torch::randn(Want.sizes(), at::kDouble);
              // Upstream gradients skip positions the reference made NaN.
              G = G.masked_fill(Want.detach().isnan(), 0);
              at::Tensor RL = (Want.nan_to_num(0) * G).sum();
              at::Tensor KL = (Got.to(at::kDouble).nan_to_num(0) * G).sum();
              RefLoss = RefLoss.defined() ? RefLoss + RL : RL;
              KLoss = KLoss.defined() ? KLoss + KL : KL;
            }
            if (!RefLoss.defined())
              continue;
            std::vector<std::string> Names;
            std::vector<at::Tensor> RefL, KL;
            for (const auto &[LName, T] : S.RefLeaves) {
              auto It = S.KLeaves.find(LName);
              if (It == S.KLeaves.end() || !T.requires_grad() ||
                  !It->second.requires_grad())
                continue;
              Names.push_back(LName);
              RefL.push_back(T);
              KL.push_back(It->second);
            }
            auto RG = torch::autograd::grad({RefLoss}, RefL, {}, false, false,
                                            /*allow_unused=*/true);
            auto KG = torch::autograd::grad({KLoss}, KL, {}, false, false,
                                            /*allow_unused=*/true);
            for (size_t I = 0; I < Names.size(); ++I) {
              at::Tensor Want = RG[I], Got = KG[I];
              if (!Want.defined() && Got.defined())
                Want = torch::zeros_like(Got, at::kDouble);
              if (!Got.defined() && Want.defined())
                Got = torch::zeros_like(Want);
              const double E = excess(Got, Want, Tol * GradFactor);
              Res.WorstGradient = std::max(Res.WorstGradient, E);
              if (!(E <= 1.0))
                return Stop(RuleResult::Status::Mismatch,
                            llvm::formatv("gradient of {0} differs: {1} of the "
                                          "tolerance [{2}]",
                                          Names[I], E, Where()));
            }
          }
      }
    }
  }
  return Res;
}

} // namespace adopter::verify
