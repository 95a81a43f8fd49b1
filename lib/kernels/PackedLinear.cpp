//===- PackedLinear.cpp - Three linears on one input as one GEMM ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A composition of differentiable ATen ops (cat, addmm, split): there is no
// elementwise epilogue to fuse, the gain is one GEMM with a 3x wider output
// instead of three, and ATen's own backward of addmm / cat (two GEMMs, a
// column sum) is already what a hand-written one would do. The weights are
// concatenated on every call (a copy of 3 x out x in elements, small next to
// the GEMM; caching it would have to track in-place parameter updates).
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/PackedLinear.h"

#include "LinearChecks.h"

#include <ATen/ops/addmm.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/mm.h>
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
  at::Tensor W = at::cat({WQ, WK, WV}, 0);
  at::Tensor X2 = X.reshape({-1, X.size(-1)});
  at::Tensor Y;
  if (BQ.defined() || BK.defined() || BV.defined()) {
    auto Or = [&](const at::Tensor &B, int64_t N) {
      return B.defined() ? B : at::zeros({N}, X.options());
    };
    Y = at::addmm(at::cat({Or(BQ, NQ), Or(BK, NK), Or(BV, NV)}, 0), X2, W.t());
  } else {
    Y = at::mm(X2, W.t());
  }
  Y = Y.view(withLastSize(X, NQ + NK + NV));
  return {Y.narrow(-1, 0, NQ), Y.narrow(-1, NQ, NK), Y.narrow(-1, NQ + NK, NV)};
}

} // namespace adopter::ops
