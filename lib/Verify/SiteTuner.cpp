//===- SiteTuner.cpp - A fused kernel timed against its unfused ops -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/SiteTuner.h"
#include "adopter/Verify/KernelAdapters.h"
#include "adopter/Verify/PatternInterpreter.h"

#include "adopter/kernels/FusedLinearGELU.h"
#include "adopter/kernels/FusedLinearReLU.h"
#include "adopter/kernels/FusedLinearSiLU.h"
#include "adopter/kernels/Gelu.h"
#include "adopter/kernels/LinearBN.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>

namespace adopter::verify {
namespace {

enum class Family { LinearGELU, LinearReLU, LinearSiLU, GeluFormula, LinearBN };

std::optional<Family> familyOf(const std::string &Id) {
  if (Id == "linear-gelu")
    return Family::LinearGELU;
  if (Id == "linear-relu")
    return Family::LinearReLU;
  if (Id == "linear-silu")
    return Family::LinearSiLU;
  if (Id == "linear-bn")
    return Family::LinearBN;
  // Both write GELU out op by op; one becomes adopter::ops::gelu, the other
  // torch::gelu.
  if (Id == "gelu-manual" || Id == "builtin-gelu")
    return Family::GeluFormula;
  return std::nullopt;
}

at::ScalarType scalarType(const std::string &DType) {
  if (DType == "bfloat16")
    return at::kBFloat16;
  if (DType == "float16")
    return at::kHalf;
  return at::kFloat;
}

llvm::Error missing(const std::string &Dim) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "needs the dimension '%s'", Dim.c_str());
}

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

} // namespace

bool SiteTuner::supports(const std::string &RuleId) {
  return familyOf(RuleId).has_value();
}

llvm::Expected<TuneMeasurement> SiteTuner::measure(const rules::Rule &R,
                                                   const TuneSite &S) const {
  std::optional<Family> F = familyOf(R.Id);
  if (!F)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "adopter tune has no benchmark for rule "
                                   "'%s' yet",
                                   R.Id.c_str());
  // The pattern as written at the site: the expansion with as many ops as
  // the site has (its optional ops present or not), else the first.
  const rules::Pattern *P = nullptr;
  for (size_t I = 0; I < R.Expanded.size(); ++I) {
    if (R.ExpandedFrom[I] != S.Pattern)
      continue;
    if (!P)
      P = &R.Expanded[I];
    if (R.Expanded[I].Nodes.size() == S.Ops.size()) {
      P = &R.Expanded[I];
      break;
    }
  }
  if (!P)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "rule '%s' has no pattern %u", R.Id.c_str(),
                                   S.Pattern);
  auto Dim = [&](const std::string &Name) -> std::optional<int64_t> {
    auto It = S.Dims.find(Name);
    if (It == S.Dims.end() || It->second <= 0)
      return std::nullopt;
    return It->second;
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
      if (llvm::is_contained(S.Ops, P->Nodes[N].Alts[A].Op)) {
        Choice[N] = A;
        if (N + 1 == P->Nodes.size())
          LastOp = P->Nodes[N].Alts[A].Op;
      }
  at::Tensor XK; // the fused side's input
  std::function<at::Tensor()> Fused;
  TuneMeasurement M;

  if (*F == Family::GeluFormula) {
    std::optional<int64_t> H = Dim("hidden");
    if (!H)
      return missing("hidden");
    at::Tensor X = torch::randn({*Rows, *H}, TOpts);
    Base.Values["x"] = X.clone().requires_grad_(true);
    XK = X.clone().requires_grad_(true);
    Base.Attrs["c"] = std::sqrt(2.0 / M_PI);
    Base.Attrs["sqrt2"] = std::sqrt(2.0);
    Base.Attrs["inv_sqrt2"] = 1.0 / std::sqrt(2.0);
    const std::string Approx = patternHas(*P, "aten::tanh") ? "tanh" : "none";
    if (R.Id == "builtin-gelu")
      Fused = [&XK, Approx] { return torch::gelu(XK, Approx); };
    else
      Fused = [&XK, Approx] { return adopter::ops::gelu(XK, Approx); };
    M.Shape = llvm::formatv("x [{0}, {1}], {2}", *Rows, *H,
                            Approx == "tanh" ? "tanh form" : "erf form");
  } else {
    std::optional<int64_t> In = Dim("fc.in"), Out = Dim("fc.out");
    if (!In)
      return missing("fc.in");
    if (!Out)
      return missing("fc.out");
    auto Bias = S.Dims.find("fc.bias");
    const bool HasBias = Bias == S.Dims.end() || Bias->second != 0;
    auto LOpts = torch::nn::LinearOptions(*In, *Out).bias(HasBias);
    torch::nn::Linear FC(LOpts);
    FC->to(Type);
    Base.Modules["fc"] = boundModule(FC, "torch::nn::Linear");
    at::Tensor X = torch::randn({*Rows, *In}, TOpts);
    Base.Values["x"] = X.clone().requires_grad_(true);
    XK = X.clone().requires_grad_(true);
    // The fused module as the rewritten model holds it: built once, with
    // the Linear's weights.
    auto Build = [&](auto Module) -> std::function<at::Tensor()> {
      Module->to(Type);
      torch::NoGradGuard NG;
      auto Dst = Module->named_parameters();
      for (const auto &Par : FC->named_parameters())
        if (at::Tensor *T = Dst.find(Par.key()))
          T->copy_(Par.value());
      return [Module, &XK]() mutable { return Module(XK); };
    };
    if (*F == Family::LinearBN) {
      // The rewrite keeps the model's Linear and BatchNorm1d and calls
      // linear_bn over them: both sides run the same modules, in training
      // (batch statistics, running statistics updated).
      torch::nn::BatchNorm1d BN(*Out);
      BN->to(Type);
      Base.Modules["bn"] = boundModule(BN, "torch::nn::BatchNorm1d");
      const adopter::ops::Activation Act = activationForOp(LastOp);
      Fused = [FC, BN, Act, &XK] {
        return adopter::ops::linear_bn(XK, FC, BN, Act);
      };
    } else if (*F == Family::LinearGELU)
      Fused = Build(adopter::nn::FusedLinearGELU(LOpts));
    else if (*F == Family::LinearReLU)
      Fused = Build(adopter::nn::FusedLinearReLU(LOpts));
    else
      Fused = Build(adopter::nn::FusedLinearSiLU(LOpts));
    M.Shape = llvm::formatv("x [{0}, {1}], Linear {1}->{2}{3}{4}", *Rows, *In,
                            *Out, HasBias ? "" : " without bias",
                            *F != Family::LinearBN ? ""
                            : LastOp.empty()       ? ", BatchNorm1d"
                                             : ", BatchNorm1d, " + LastOp);
  }

  // One run of each side, forward and backward with the same upstream
  // gradient; the first runs check that both work and give the shapes.
  at::Tensor Grad, RefY, FusedY; // the first runs' outputs, compared
  std::string Failure;
  auto Unfused = [&] {
    Bindings B = Base;
    auto Out = PatternInterpreter::run(*P, Choice, B);
    if (!Out) {
      Failure = llvm::toString(Out.takeError());
      return;
    }
    at::Tensor Y = Out->front().toTensor();
    if (!Grad.defined()) {
      Grad = torch::randn_like(Y);
      RefY = Y.detach().to(at::kFloat);
    }
    Y.backward(Grad);
  };
  auto FusedRun = [&] {
    at::Tensor Y = Fused();
    if (!FusedY.defined())
      FusedY = Y.detach().to(at::kFloat);
    Y.backward(Grad);
  };
  try {
    Unfused();
    if (!Failure.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the pattern did not run: %s",
                                     Failure.c_str());
    FusedRun();
    // Time only what computes the same: the first outputs agree (to the
    // dtype's rounding; rules verify checks the kernels closely).
    const double Tol = Type == at::kFloat ? 1e-3 : 6e-2;
    if (RefY.sizes() != FusedY.sizes() || !at::allclose(FusedY, RefY, Tol, Tol))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "the replacement's output differs from the chain's at this site "
          "(largest difference %g); not timed",
          RefY.sizes() == FusedY.sizes()
              ? (FusedY - RefY).abs().max().item<double>()
              : -1.0);
    // Calibrate: enough calls per round to last MinRoundMs.
    auto T0 = std::chrono::steady_clock::now();
    Unfused();
    FusedRun();
    const double One = std::max(msSince(T0) / 2, 1e-3);
    const unsigned Iters =
        std::max(1u, static_cast<unsigned>(std::ceil(Opts.MinRoundMs / One)));
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
  } catch (const std::exception &E) {
    std::string Msg = E.what();
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s",
                                   Msg.substr(0, Msg.find('\n')).c_str());
  }
  return M;
}

} // namespace adopter::verify
