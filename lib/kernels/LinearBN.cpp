//===- LinearBN.cpp - Linear + BatchNorm1d (+ activation) -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/LinearBN.h"
#include "adopter/kernels/ConvBN.h"

#include "BatchNormAct.h"

#include <ATen/ops/linear.h>

namespace adopter::ops {

at::Tensor linear_bn(const at::Tensor &X, const torch::nn::Linear &FC,
                     const torch::nn::BatchNorm1d &BN, Activation Act) {
  constexpr const char *Who = "adopter::ops::linear_bn";
  kernels::checkInput(X, Who);
  const int64_t In = FC->options.in_features(),
                Out = FC->options.out_features();
  TORCH_CHECK(X.dim() == 2, Who, ": expected a 2-D input [N, ", In,
              "] (BatchNorm1d normalises dim 1, the Linear's outputs, only "
              "for 2-D inputs), got shape ",
              X.sizes());
  TORCH_CHECK(X.size(1) == In, Who, ": expected an input [N, ", In,
              "], got shape ", X.sizes());
  TORCH_CHECK(BN->options.num_features() == Out, Who, ": the BatchNorm1d has ",
              BN->options.num_features(), " features but the Linear has ", Out,
              " outputs");
  TORCH_CHECK(FC->weight.scalar_type() == X.scalar_type(), Who,
              ": the input is ", X.scalar_type(),
              " but the Linear's weight is ", FC->weight.scalar_type());
  const kernels::ActSpec A = kernels::actSpec(Act, Who);
  const detail::BatchNormRef B = detail::batchNormRef(*BN, BN.ptr());
  if (kernels::usesRunningStats(B)) {
    kernels::FoldedParams F =
        kernels::foldBatchNorm(FC.get(), FC.ptr(), FC->weight, FC->bias, B,
                               [](const at::Tensor &W, const at::Tensor &S) {
                                 return W * S.unsqueeze(1);
                               });
    return kernels::applyActivation(at::linear(X, F.Weight, F.Bias), A);
  }
  return kernels::batchNormActTrain(at::linear(X, FC->weight, FC->bias), B, A,
                                    Who);
}

} // namespace adopter::ops
