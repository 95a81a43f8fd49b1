//===- FusedAdamStep.cpp - Shared step of FusedAdam / FusedAdamW ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Mirrors LibTorch's Adam::step / AdamW::step (torch/csrc/api/src/optim/
// adam.cpp, adamw.cpp, 1.13 and 2.x): per parameter with a defined grad,
// state is created on first use (exp_avg, exp_avg_sq and, with amsgrad,
// max_exp_avg_sq: zeros_like(param, Preserve)), step is incremented, and
//   bias_correction1 = 1 - beta1^step, bias_correction2 = 1 - beta2^step
// (double), step_size = lr / bias_correction1,
//   denom = sqrt(exp_avg_sq) / sqrt(bias_correction2) + eps,
//   param += -step_size * exp_avg / denom.
// The element-wise part runs in adamStep() (AdamKernelsImpl.inc) for float
// and bfloat16; other dtypes (double, half) run torch's own ATen ops.
//
//===----------------------------------------------------------------------===//

#include "FusedAdamStep.h"
#include "AdamKernels.h"

#include <ATen/core/Tensor.h>
#include <c10/core/TensorImpl.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/types.h>
#include <torch/utils.h>

#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace adopter::kernels {
namespace {

/// The state key LibTorch uses for parameter P. LibTorch 1.13 keys
/// Optimizer::state() by the string of the TensorImpl address
/// (c10::guts::to_string(p.unsafeGetTensorImpl()), which streams the
/// pointer); later releases may key it by the TensorImpl pointer itself.
/// KeyT is the map's key type, so both compile; torch::optim::serialize
/// maps saved keys to the current parameters by position either way.
template <typename KeyT> KeyT stateKey(const at::Tensor &P) {
  if constexpr (std::is_same_v<KeyT, std::string>) {
    std::ostringstream OS;
    OS << P.unsafeGetTensorImpl();
    return OS.str();
  } else {
    return static_cast<KeyT>(P.unsafeGetTensorImpl());
  }
}

/// Checks one state tensor of parameter P against it.
void checkStateTensor(const char *Name, const char *What,
                      const at::Tensor &State, const at::Tensor &P,
                      size_t Group, size_t Index) {
  TORCH_CHECK(State.defined(), Name, ": parameter ", Index, " of group ", Group,
              " has state without ", What);
  TORCH_CHECK(
      State.sizes() == P.sizes() && State.scalar_type() == P.scalar_type() &&
          State.device() == P.device(),
      Name, ": state ", What, " of parameter ", Index, " of group ", Group,
      " must match the parameter (shape ", P.sizes(), ", ", P.scalar_type(),
      ", ", P.device(), ") but is ", State.sizes(), ", ", State.scalar_type(),
      ", ", State.device(), " (a checkpoint of another model?)");
}

/// The unfused update, op for op as LibTorch runs it, for dtypes the fused
/// kernel does not handle.
void referenceUpdate(const at::Tensor &P, at::Tensor Grad, const at::Tensor &M,
                     const at::Tensor &V, const at::Tensor &VMax, double Lr,
                     double Beta1, double Beta2, double Eps, double WeightDecay,
                     bool Decoupled, bool Amsgrad, double Bc1, double Bc2) {
  if (WeightDecay != 0) {
    if (Decoupled)
      P.mul_(1 - Lr * WeightDecay);
    else
      Grad = Grad.add(P, WeightDecay);
  }
  M.mul_(Beta1).add_(Grad, 1 - Beta1);
  V.mul_(Beta2).addcmul_(Grad, Grad, 1 - Beta2);
  at::Tensor Denom;
  if (Amsgrad) {
    at::Tensor Out = VMax;
    at::max_out(Out, V, VMax);
    Denom = (VMax.sqrt() / std::sqrt(Bc2)).add_(Eps);
  } else {
    Denom = (V.sqrt() / std::sqrt(Bc2)).add_(Eps);
  }
  P.addcdiv_(M, Denom, -(Lr / Bc1));
}

} // namespace

void checkAdamOptions(const char *Name, double Lr, double Eps,
                      const std::tuple<double, double> &Betas,
                      double WeightDecay) {
  TORCH_CHECK(Lr >= 0, Name, ": invalid learning rate: ", Lr);
  TORCH_CHECK(Eps >= 0, Name, ": invalid epsilon value: ", Eps);
  TORCH_CHECK(0 <= std::get<0>(Betas) && std::get<0>(Betas) < 1.0, Name,
              ": invalid beta parameter at index 0: ", std::get<0>(Betas),
              " (expected 0 <= beta1 < 1)");
  TORCH_CHECK(0 <= std::get<1>(Betas) && std::get<1>(Betas) < 1.0, Name,
              ": invalid beta parameter at index 1: ", std::get<1>(Betas),
              " (expected 0 <= beta2 < 1)");
  TORCH_CHECK(WeightDecay >= 0, Name,
              ": invalid weight_decay value: ", WeightDecay);
}

template <typename StateT, typename OptionsT>
void fusedAdamStep(torch::optim::Optimizer &Opt, bool Decoupled,
                   const char *Name) {
  auto &States = Opt.state();
  using KeyT = typename std::decay_t<decltype(States)>::key_type;
  auto &Groups = Opt.param_groups();
  for (size_t GI = 0; GI < Groups.size(); ++GI) {
    auto &O = static_cast<OptionsT &>(Groups[GI].options());
    const double Lr = O.lr(), Eps = O.eps(), Wd = O.weight_decay();
    const double Beta1 = std::get<0>(O.betas()), Beta2 = std::get<1>(O.betas());
    const bool Ams = O.amsgrad();
    AdamGroupScalars S;
    S.Beta1 = static_cast<float>(Beta1);
    S.OneMinusBeta1 = static_cast<float>(1 - Beta1);
    S.Beta2 = static_cast<float>(Beta2);
    S.OneMinusBeta2 = static_cast<float>(1 - Beta2);
    S.Eps = static_cast<float>(Eps);
    S.L2 = !Decoupled && Wd != 0;
    S.L2Decay = static_cast<float>(Wd);
    S.Decoupled = Decoupled && Wd != 0;
    S.ParamScale = static_cast<float>(1 - Lr * Wd);
    S.Amsgrad = Ams;

    std::vector<AdamTensorSet> Sets;
#ifdef ADOPTER_KERNELS_WITH_CUDA
    std::vector<AdamCudaTensorSet> CudaSets;
#endif
    // Non-contiguous tensors are updated in contiguous copies, copied back.
    std::vector<std::pair<at::Tensor, at::Tensor>> CopyBack;
    auto Contig = [&CopyBack](const at::Tensor &X) {
      if (X.is_contiguous())
        return X;
      at::Tensor C = X.contiguous();
      CopyBack.emplace_back(X, C);
      return C;
    };
    auto &Params = Groups[GI].params();
    for (size_t PI = 0; PI < Params.size(); ++PI) {
      at::Tensor &P = Params[PI];
      const at::Tensor &Grad = P.grad();
      if (!Grad.defined())
        continue;
      TORCH_CHECK(!Grad.is_sparse(), Name,
                  " does not support sparse gradients (parameter ", PI,
                  " of group ", GI, ")");
#ifdef ADOPTER_KERNELS_WITH_CUDA
      TORCH_CHECK((P.device().is_cpu() || P.is_cuda()) &&
                      Grad.device() == P.device(),
                  Name, ": parameter ", PI, " of group ", GI, " is on ",
                  P.device(), " and its grad on ", Grad.device(),
                  "; expected both on the CPU or on one CUDA device");
#else
      TORCH_CHECK(P.device().is_cpu() && Grad.device().is_cpu(), Name,
                  " runs a CPU kernel: parameter ", PI, " of group ", GI,
                  " (or its grad) is on ", P.device(),
                  "; use torch::optim::Adam / AdamW for non-CPU parameters");
#endif
      TORCH_CHECK(
          Grad.scalar_type() == P.scalar_type() && Grad.sizes() == P.sizes(),
          Name, ": the grad of parameter ", PI, " of group ", GI,
          " must have its shape ", P.sizes(), " and dtype ", P.scalar_type(),
          ", got ", Grad.sizes(), " and ", Grad.scalar_type());
      const KeyT Key = stateKey<KeyT>(P);
      auto It = States.find(Key);
      if (It == States.end()) {
        auto New = std::make_unique<StateT>();
        New->step(0);
        New->exp_avg(torch::zeros_like(P, at::MemoryFormat::Preserve));
        New->exp_avg_sq(torch::zeros_like(P, at::MemoryFormat::Preserve));
        if (Ams)
          New->max_exp_avg_sq(torch::zeros_like(P, at::MemoryFormat::Preserve));
        It = States.emplace(Key, std::move(New)).first;
      }
      auto &St = static_cast<StateT &>(*It->second);
      // amsgrad switched on after the state was made (torch would fail).
      if (Ams && !St.max_exp_avg_sq().defined())
        St.max_exp_avg_sq(torch::zeros_like(P, at::MemoryFormat::Preserve));
      checkStateTensor(Name, "exp_avg", St.exp_avg(), P, GI, PI);
      checkStateTensor(Name, "exp_avg_sq", St.exp_avg_sq(), P, GI, PI);
      if (Ams)
        checkStateTensor(Name, "max_exp_avg_sq", St.max_exp_avg_sq(), P, GI,
                         PI);

      St.step(St.step() + 1);
      const double Bc1 = 1 - std::pow(Beta1, St.step());
      const double Bc2 = 1 - std::pow(Beta2, St.step());
      const auto Dtype = P.scalar_type();
#ifdef ADOPTER_KERNELS_WITH_CUDA
      if (P.is_cuda() && Dtype == at::kFloat && !Ams) {
        // The multi-tensor CUDA kernel (FusedAdamCuda.cpp), after the loop.
        AdamCudaTensorSet T;
        T.Param = Contig(P);
        T.Grad = Grad.contiguous();
        T.ExpAvg = Contig(St.exp_avg());
        T.ExpAvgSq = Contig(St.exp_avg_sq());
        T.Step = St.step();
        CudaSets.push_back(std::move(T));
        P.unsafeGetTensorImpl()->bump_version();
        continue;
      }
      // Other CUDA parameters: the CUDA kernel keeps float moments (torch's
      // state is in the parameter's dtype) and has no amsgrad, so torch's
      // own sequence of ATen ops runs on the device.
      if (P.is_cuda() || (Dtype != at::kFloat && Dtype != at::kBFloat16)) {
#else
      if (Dtype != at::kFloat && Dtype != at::kBFloat16) {
#endif
        at::Tensor VMax = St.max_exp_avg_sq();
        referenceUpdate(P, Grad, St.exp_avg(), St.exp_avg_sq(), VMax, Lr, Beta1,
                        Beta2, Eps, Wd, Decoupled, Ams, Bc1, Bc2);
        continue;
      }
      AdamTensorSet T;
      T.Param = Contig(P);
      T.Grad = Grad.contiguous();
      T.ExpAvg = Contig(St.exp_avg());
      T.ExpAvgSq = Contig(St.exp_avg_sq());
      if (Ams)
        T.MaxExpAvgSq = Contig(St.max_exp_avg_sq());
      T.NegStepSize = static_cast<float>(-(Lr / Bc1));
      T.SqrtBiasCorrection2 = static_cast<float>(std::sqrt(Bc2));
      Sets.push_back(std::move(T));
      // The kernel writes through raw pointers: bump the version counter as
      // torch's in-place ops do, so autograd still notices the update.
      P.unsafeGetTensorImpl()->bump_version();
    }
    adamStep(S, Sets);
#ifdef ADOPTER_KERNELS_WITH_CUDA
    if (!CudaSets.empty()) {
      AdamCudaOptions CO;
      CO.Lr = Lr;
      CO.Beta1 = Beta1;
      CO.Beta2 = Beta2;
      CO.Eps = Eps;
      CO.WeightDecay = Wd;
      CO.Decoupled = Decoupled;
      adamStepCuda(CO, CudaSets);
    }
#endif
    for (auto &[Dst, Src] : CopyBack)
      Dst.copy_(Src);
  }
}

template void
fusedAdamStep<torch::optim::AdamParamState, torch::optim::AdamOptions>(
    torch::optim::Optimizer &, bool, const char *);
template void
fusedAdamStep<torch::optim::AdamWParamState, torch::optim::AdamWOptions>(
    torch::optim::Optimizer &, bool, const char *);

} // namespace adopter::kernels
