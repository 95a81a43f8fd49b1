//===- RNNCellKernels.h - Raw CPU kernels of fused LSTM / GRU cells -*- C++
//-*-//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The elementwise part of an LSTM / GRU cell, after the gate GEMMs: one pass
// per batch row computes every gate nonlinearity and the state update, and
// saves what the backward needs; the backward is one pass per row too. No
// argument checking: callers (FusedRNNCell.cpp) pass contiguous CPU tensors
// of dtype float or bfloat16 (biases as float), rows of the batch.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_RNNCELLKERNELS_H
#define ADOPTER_LIB_KERNELS_RNNCELLKERNELS_H

#include <ATen/core/Tensor.h>

#include <array>
#include <tuple>

namespace adopter::kernels {

/// Chunk index (0..3) of the i, f, g and o gates in the [B, 4H] gates.
using LstmGateOrder = std::array<int64_t, 4>;

struct LstmForwardResult {
  at::Tensor H;     ///< [B, H], the gates' dtype
  at::Tensor C;     ///< [B, H]
  at::Tensor Saved; ///< float [B, 5H]: activated gates (chunk order), tanh(c')
};

/// Gates = Gi + Gh + Bi + Bh ([B, 4H]; Gh, Bi, Bh may be undefined); Cx is
/// [B, H]. c' = f * c + i * tanh(g), h' = o * tanh(c').
LstmForwardResult lstmCellForward(const at::Tensor &Gi, const at::Tensor &Gh,
                                  const at::Tensor &Bi, const at::Tensor &Bh,
                                  const at::Tensor &Cx, LstmGateOrder Order);

/// Returns (dGates [B, 4H] pre-activation, dCx [B, H]) given the gradients
/// of h' and c' (either may be undefined: zero).
std::tuple<at::Tensor, at::Tensor> lstmCellBackward(const at::Tensor &DH,
                                                    const at::Tensor &DC,
                                                    const at::Tensor &Saved,
                                                    const at::Tensor &Cx,
                                                    LstmGateOrder Order);

struct GruForwardResult {
  at::Tensor H;     ///< [B, H]
  at::Tensor Saved; ///< float [B, 4H]: r, z, n, h_n (hidden-side n gate)
};

/// GRU with gates chunked r, z, n: Gi, Gh [B, 3H] (biases [3H] or
/// undefined), Hx [B, H]. h' = n + z * (h - n).
GruForwardResult gruCellForward(const at::Tensor &Gi, const at::Tensor &Gh,
                                const at::Tensor &Bi, const at::Tensor &Bh,
                                const at::Tensor &Hx);

/// Returns (dGi [B, 3H], dGh [B, 3H], dHx [B, H], the direct part through
/// z * h only) given the gradient of h'.
std::tuple<at::Tensor, at::Tensor, at::Tensor>
gruCellBackward(const at::Tensor &DH, const at::Tensor &Saved,
                const at::Tensor &Hx);

} // namespace adopter::kernels

#endif // ADOPTER_LIB_KERNELS_RNNCELLKERNELS_H
