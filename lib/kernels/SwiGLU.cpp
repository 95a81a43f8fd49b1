//===- SwiGLU.cpp - Fused SwiGLU ------------------------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Both forms run LinearActFunction with the SwiGLU epilogue over one packed
// [gate; up] weight. For the two-module form the weights are concatenated
// on every call with at::cat (differentiable, so the gradients reach the
// original parameters); at LLaMA-7B's size that copy is a few percent of the
// GEMM time (see bench/kernels/linear_act_bench.cpp), and caching it would
// have to track in-place updates of the parameters.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/SwiGLU.h"

#include "LinActKernels.h"
#include "LinearChecks.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/zeros.h>

namespace adopter::kernels {
at::Tensor runLinearAct(const char *Op, LinActEpilogue E, const at::Tensor &X,
                        const at::Tensor &W, const at::Tensor &B);
} // namespace adopter::kernels

namespace adopter::ops {

using namespace adopter::kernels;

at::Tensor swiglu(const at::Tensor &X, const at::Tensor &GateWeight,
                  const at::Tensor &GateBias, const at::Tensor &UpWeight,
                  const at::Tensor &UpBias) {
  const char *Op = "adopter::ops::swiglu";
  checkLinearInput(Op, X);
  checkLinearWeight(Op, "gate weight", GateWeight, X);
  checkLinearWeight(Op, "up weight", UpWeight, X);
  TORCH_CHECK(UpWeight.size(0) == GateWeight.size(0), Op,
              ": expected up weight of the gate weight's shape ",
              GateWeight.sizes(), ", got ", UpWeight.sizes());
  checkLinearBias(Op, "gate bias", GateBias, GateWeight, X);
  checkLinearBias(Op, "up bias", UpBias, UpWeight, X);
  at::Tensor W = at::cat({GateWeight, UpWeight}, 0);
  at::Tensor B;
  if (GateBias.defined() || UpBias.defined()) {
    auto Zeros = [&] { return at::zeros({GateWeight.size(0)}, X.options()); };
    B = at::cat({GateBias.defined() ? GateBias : Zeros(),
                 UpBias.defined() ? UpBias : Zeros()},
                0);
  }
  return runLinearAct(Op, LinActEpilogue::SwiGLU, X, W, B);
}

at::Tensor swiglu_packed(const at::Tensor &X, const at::Tensor &Weight,
                         const at::Tensor &Bias) {
  return runLinearAct("adopter::ops::swiglu_packed", LinActEpilogue::SwiGLU, X,
                      Weight, Bias);
}

} // namespace adopter::ops
