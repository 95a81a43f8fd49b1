//===- LinearBNElement.cpp - Linear + BatchNorm1d elements of a Sequential ===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/LinearBNElement.h"
#include "adopter/kernels/LinearBN.h"

#include "BatchNormAct.h"
#include "FusedBNRunDetail.h"

namespace adopter::nn {

namespace {

using detail::exactly;
using torch::nn::Module;

std::shared_ptr<torch::nn::LinearImpl>
linearOf(const std::shared_ptr<Module> &M) {
  return exactly<torch::nn::LinearImpl>(M)
             ? std::dynamic_pointer_cast<torch::nn::LinearImpl>(M)
             : nullptr;
}

std::shared_ptr<torch::nn::BatchNorm1dImpl>
batchNorm1dOf(const std::shared_ptr<Module> &M) {
  return exactly<torch::nn::BatchNorm1dImpl>(M)
             ? std::dynamic_pointer_cast<torch::nn::BatchNorm1dImpl>(M)
             : nullptr;
}

} // namespace

LinearBNElementImpl::LinearBNElementImpl(std::shared_ptr<Module> FC,
                                         std::shared_ptr<Module> BN,
                                         ops::Activation Act)
    : FusedBNRunImpl("LinearBNElement", std::move(FC), std::move(BN), Act) {
  TORCH_CHECK(linearOf(Weighted),
              "adopter::nn::LinearBNElement: expected a torch::nn::Linear");
  TORCH_CHECK(batchNorm1dOf(this->BN),
              "adopter::nn::LinearBNElement: expected a BatchNorm1d");
}

at::Tensor LinearBNElementImpl::forward(const at::Tensor &X) {
  torch::nn::Linear FC(linearOf(Weighted));
  torch::nn::BatchNorm1d Norm(batchNorm1dOf(BN));
  if (X.dim() == 2)
    return ops::linear_bn(X, FC, Norm, Act);
  // [N, C, L]: the BatchNorm1d normalises dim 1, not the Linear's outputs;
  // computed as the Sequential computed it.
  return kernels::applyActivation(Norm->forward(FC->forward(X)),
                                  kernels::actSpec(Act, "adopter::nn::"
                                                        "LinearBNElement"));
}

std::shared_ptr<FusedBNRunImpl>
LinearBNElementImpl::remake(std::shared_ptr<Module> FC,
                            std::shared_ptr<Module> BN) const {
  return std::make_shared<LinearBNElementImpl>(std::move(FC), std::move(BN),
                                               Act);
}

size_t fuse_linear_bn(torch::nn::SequentialImpl &Seq) {
  return detail::fuseRuns(
      Seq,
      [](const std::shared_ptr<Module> &FC, const std::shared_ptr<Module> &BN,
         ops::Activation Act) -> std::optional<torch::nn::AnyModule> {
        auto L = linearOf(FC);
        auto B = batchNorm1dOf(BN);
        // Only what linear_bn computes as bn(fc(x)).
        if (!L || !B || B->options.num_features() != L->options.out_features())
          return std::nullopt;
        return torch::nn::AnyModule(LinearBNElement(FC, BN, Act));
      });
}

torch::nn::Sequential fuse_linear_bn(torch::nn::Sequential Seq) {
  fuse_linear_bn(*Seq);
  return Seq;
}

} // namespace adopter::nn
