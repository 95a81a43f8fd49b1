//===- AdamKernels.h - Raw CPU kernel of the fused Adam step ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Tensor-level entry point of the fused multi-tensor Adam / AdamW update.
// It does no argument checking: callers (FusedAdamStep.cpp) pass CPU
// tensors that are contiguous, of one dtype (float or bfloat16) per tensor
// set, and of equal numel within a set. The kernel is compiled once per
// instruction set (AdamKernelsImpl.inc) and adamStep picks one at run time.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_ADAMKERNELS_H
#define ADOPTER_LIB_KERNELS_ADAMKERNELS_H

#include <ATen/core/Tensor.h>

#include <vector>

namespace adopter::kernels {

/// Scalars shared by a parameter group, already rounded to float the way
/// LibTorch's Adam rounds them (a double Scalar converted to the float
/// dtype of the tensors).
struct AdamGroupScalars {
  float Beta1 = 0.9f, OneMinusBeta1 = 0.1f;
  float Beta2 = 0.999f, OneMinusBeta2 = 0.001f;
  float Eps = 1e-8f;
  /// Adam: grad += L2Decay * param (applied when L2 is set).
  float L2Decay = 0.f;
  bool L2 = false;
  /// AdamW: param *= ParamScale (= 1 - lr * weight_decay) before the
  /// update (applied when Decoupled is set).
  float ParamScale = 1.f;
  bool Decoupled = false;
  /// Normalise by the running max of exp_avg_sq (MaxExpAvgSq defined).
  bool Amsgrad = false;
};

/// One parameter and its state; all contiguous, same dtype and numel.
struct AdamTensorSet {
  at::Tensor Param, Grad, ExpAvg, ExpAvgSq, MaxExpAvgSq;
  /// -lr / (1 - beta1^step), as float.
  float NegStepSize = 0.f;
  /// sqrt(1 - beta2^step), as float.
  float SqrtBiasCorrection2 = 1.f;
};

/// Updates every set in place in one parallel sweep over (tensor, chunk)
/// work items: per element, one read of param / grad / exp_avg / exp_avg_sq
/// (/ max_exp_avg_sq) and one write of each state tensor and the param.
void adamStep(const AdamGroupScalars &S,
              const std::vector<AdamTensorSet> &Sets);

#ifdef ADOPTER_KERNELS_WITH_CUDA
/// One float32 CUDA parameter of a step: contiguous param, grad, exp_avg and
/// exp_avg_sq (float, as the CUDA kernel keeps its moments), and the step
/// being taken (from 1; bias corrections).
struct AdamCudaTensorSet {
  at::Tensor Param, Grad, ExpAvg, ExpAvgSq;
  int64_t Step = 1;
};

/// The group's hyper-parameters as torch::optim::Adam / AdamW hold them.
struct AdamCudaOptions {
  double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
  double WeightDecay = 0.0;
  bool Decoupled = false; // AdamW
};

/// Updates every set in place with the multi-tensor CUDA kernel
/// (FusedAdamCuda.cpp): one launch per 48 tensors of one device and step.
void adamStepCuda(const AdamCudaOptions &O,
                  const std::vector<AdamCudaTensorSet> &Sets);
#endif

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_ADAMKERNELS_H
