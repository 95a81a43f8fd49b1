//===- PackedLinear.cpp - Three linears on one input as one GEMM ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A composition of differentiable ATen ops: there is no elementwise
// epilogue to fuse, the gain is one (batched) GEMM instead of three, and
// ATen's own backward of bmm / addmm is already what a hand-written one
// would do. The results are contiguous, as three Linears' are, so any
// .view() the model applies to them still works: with equal widths they
// are the slices of one [3, M, N] baddbmm; with different widths (grouped-
// query attention) the columns of one [M, NQ + NK + NV] addmm, copied out.
// The weights are stacked on every call: a copy of 3 x out x in elements,
// which is the higher peak bench-kernels-linear-act shows (8.3 against 2.0
// MB at BERT-base's QKV, bench/results/2026-12-06-packed-linear3-cpu-
// 2core.md); caching it would have to track in-place parameter updates.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/PackedLinear.h"

#include "LinearChecks.h"

#include <ATen/ops/addmm.h>
#include <ATen/ops/baddbmm.h>
#include <ATen/ops/bmm.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros.h>

namespace adopter::ops {

using namespace adopter::kernels;

std::tuple<at::Tensor, at::Tensor, at::Tensor>
packed_linear3(const at::Tensor &X, const at::Tensor &WQ, const at::Tensor &BQ,
               const at::Tensor &WK, const at::Tensor &BK, const at::Tensor &WV,
               const at::Tensor &BV) {
  const char *Op = "adopter::ops::packed_linear3";
  checkLinearInput(Op, X);
  checkLinearWeight(Op, "q weight", WQ, X);
  checkLinearWeight(Op, "k weight", WK, X);
  checkLinearWeight(Op, "v weight", WV, X);
  checkLinearBias(Op, "q bias", BQ, WQ, X);
  checkLinearBias(Op, "k bias", BK, WK, X);
  checkLinearBias(Op, "v bias", BV, WV, X);
  const int64_t NQ = WQ.size(0), NK = WK.size(0), NV = WV.size(0);
  at::Tensor X2 = X.reshape({-1, X.size(-1)});
  const bool Biased = BQ.defined() || BK.defined() || BV.defined();
  auto Or = [&](const at::Tensor &B, int64_t N) {
    return B.defined() ? B : at::zeros({N}, X.options());
  };
  if (NQ == NK && NK == NV) {
    // One batched GEMM over the stacked weights: [3, M, N], each result a
    // contiguous slice, as three Linears would give.
    at::Tensor W = at::stack({WQ, WK, WV}, 0).transpose(1, 2);
    at::Tensor X3 = X2.unsqueeze(0).expand({3, X2.size(0), X2.size(1)});
    at::Tensor Y =
        Biased ? at::baddbmm(at::stack({Or(BQ, NQ), Or(BK, NK), Or(BV, NV)}, 0)
                                 .unsqueeze(1),
                             X3, W)
               : at::bmm(X3, W);
    const auto Shape = withLastSize(X, NQ);
    return {Y.select(0, 0).view(Shape), Y.select(0, 1).view(Shape),
            Y.select(0, 2).view(Shape)};
  }
  // Different widths (grouped-query attention): one GEMM with a wider
  // output, each result copied out contiguous.
  at::Tensor W = at::cat({WQ, WK, WV}, 0);
  at::Tensor Y =
      Biased ? at::addmm(at::cat({Or(BQ, NQ), Or(BK, NK), Or(BV, NV)}, 0), X2,
                         W.t())
             : at::mm(X2, W.t());
  Y = Y.view(withLastSize(X, NQ + NK + NV));
  return {Y.narrow(-1, 0, NQ).contiguous(), Y.narrow(-1, NQ, NK).contiguous(),
          Y.narrow(-1, NQ + NK, NV).contiguous()};
}

} // namespace adopter::ops
