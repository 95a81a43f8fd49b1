//===- GeluFunction.cpp - Autograd function of the fused GELU -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "GeluFunction.h"
#include "LinActKernels.h"

#include <ATen/ops/empty_like.h>

namespace adopter::kernels {
namespace {

/// The flat tensors cut into a [N / 4096, 4096] body and a [1, N % 4096]
/// tail (the kernels work on rows, and split them across threads).
template <typename Fn>
void forBlocks(const at::Tensor &A, const at::Tensor &B, const at::Tensor &C,
               Fn F) {
  constexpr int64_t Cols = 4096;
  const int64_t N = A.numel(), Body = N / Cols * Cols;
  auto Part = [](const at::Tensor &T, int64_t Begin, int64_t Rows,
                 int64_t Width) {
    return T.defined()
               ? T.view({-1}).narrow(0, Begin, Rows * Width).view({Rows, Width})
               : T;
  };
  if (Body > 0)
    F(Part(A, 0, Body / Cols, Cols), Part(B, 0, Body / Cols, Cols),
      Part(C, 0, Body / Cols, Cols));
  if (N > Body)
    F(Part(A, Body, 1, N - Body), Part(B, Body, 1, N - Body),
      Part(C, Body, 1, N - Body));
}

} // namespace

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

variable_list GeluFunction::forward(AutogradContext *Ctx, const at::Tensor &X,
                                    int64_t Epilogue) {
  const auto E = static_cast<LinActEpilogue>(Epilogue);
  at::Tensor Out = at::empty_like(X);
  forBlocks(X, Out, at::Tensor(),
            [E](const at::Tensor &In, const at::Tensor &O, const at::Tensor &) {
              linActForward(E, In, at::Tensor(), O, /*StorePre=*/false);
            });
  Ctx->saved_data["epilogue"] = Epilogue;
  Ctx->save_for_backward({X});
  return {Out};
}

variable_list GeluFunction::backward(AutogradContext *Ctx,
                                     variable_list GradOutputs) {
  const auto E =
      static_cast<LinActEpilogue>(Ctx->saved_data["epilogue"].toInt());
  const at::Tensor X = Ctx->get_saved_variables()[0];
  at::Tensor DX;
  if (GradOutputs[0].defined()) {
    DX = at::empty_like(X);
    forBlocks(
        GradOutputs[0].contiguous(), X, DX,
        [E](const at::Tensor &DY, const at::Tensor &S, const at::Tensor &D) {
          linActBackward(E, DY, S, D, at::Tensor());
        });
  }
  return {DX, at::Tensor()};
}

} // namespace adopter::kernels
