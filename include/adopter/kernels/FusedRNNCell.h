//===- FusedRNNCell.h - Fused LSTM and GRU cells ----------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LSTM and GRU cells written out by hand in a model, replaced by functions
// that take the weights of the model's own Linear members (the rewrite keeps
// those members, so checkpoints load unchanged). The gate GEMMs go to ATen
// (differentiable at::mm, so autograd runs the dx / dh / dW GEMMs); then ONE
// vectorized pass adds the biases, applies every gate nonlinearity and
// updates the state, saving the activated gates; the backward of that part
// is one fused pass too (torch::autograd::Function). CPU, float32 and
// bfloat16 (gate math in float). Inputs have shape [..., I] and states
// [..., H] with the same leading dimensions; non-contiguous inputs are fine.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDRNNCELL_H
#define ADOPTER_KERNELS_FUSEDRNNCELL_H

#include <ATen/core/Tensor.h>

#include <string>
#include <tuple>

namespace adopter::ops {

/// Where a hand-written LSTM cell finds its gates, as `adopter apply` writes
/// it from the code: the dimension along which the gate pre-activations were
/// chunked (`chunk(4, 1)`: it must be their last one, the features) and the
/// chunk index of the input gate i, the forget gate f, the cell candidate g
/// and the output gate o (torch's order: {1, 0, 1, 2, 3} for 2-D gates).
struct LSTMGates {
  int64_t Dim = -1;
  int64_t I = 0, F = 1, G = 2, O = 3;
};

/// LSTM cell: gates = X W_ih^T + B_ih + H W_hh^T + B_hh, split in four
/// chunks whose roles `GateOrder` names ("ifgo" is torch's order: chunk 0 is
/// the input gate i, 1 the forget gate f, 2 the cell candidate g, 3 the
/// output gate o; any permutation of those letters is accepted), then
/// c' = sigmoid(f) * C + sigmoid(i) * tanh(g), h' = sigmoid(o) * tanh(c').
/// W_ih is [4H, I], W_hh [4H, H], biases [4H] or undefined. Returns (h', c').
std::tuple<at::Tensor, at::Tensor>
lstm_cell(const at::Tensor &X, const at::Tensor &H, const at::Tensor &C,
          const at::Tensor &WIh, const at::Tensor &BIh, const at::Tensor &WHh,
          const at::Tensor &BHh, const std::string &GateOrder = "ifgo");

/// The same, with the gates placed as \p Gates says (checked: its Dim is the
/// gates' last dimension, its four indices a permutation of 0..3).
std::tuple<at::Tensor, at::Tensor>
lstm_cell(const at::Tensor &X, const at::Tensor &H, const at::Tensor &C,
          const at::Tensor &WIh, const at::Tensor &BIh, const at::Tensor &WHh,
          const at::Tensor &BHh, LSTMGates Gates);

/// The same cell written with one Linear over cat(X, H): W is [4H, I + H]
/// (columns of X first), B [4H] or undefined. One GEMM over [X, H].
std::tuple<at::Tensor, at::Tensor>
lstm_cell_concat(const at::Tensor &X, const at::Tensor &H, const at::Tensor &C,
                 const at::Tensor &W, const at::Tensor &B,
                 const std::string &GateOrder = "ifgo");

/// The cell written with one Linear over the concatenation of the tensors
/// \p XS (the input's columns first, the hidden state's last, as
/// `torch::cat({x, h}, 1)` lists them): gates = cat(XS) W^T + B. \p CatDim:
/// the dimension the code concatenated along, checked to be the last.
std::tuple<at::Tensor, at::Tensor>
lstm_cell_concat(at::TensorList XS, const at::Tensor &C, const at::Tensor &W,
                 const at::Tensor &B, LSTMGates Gates, int64_t CatDim);

/// GRU cell (torch's equations, gates chunked r, z, n): with gi = X W_ih^T +
/// B_ih and gh = H W_hh^T + B_hh, r = sigmoid(gi_r + gh_r), z = sigmoid(gi_z
/// + gh_z), n = tanh(gi_n + r * gh_n), h' = (1 - z) * n + z * H. W_ih is
/// [3H, I], W_hh [3H, H], biases [3H] or undefined. Returns h'.
/// \p GateDim, \p HiddenGateDim: the dimensions along which the code
/// chunked the input-side and hidden-side pre-activations (`gi.chunk(3,
/// 1)`), checked to be their last one.
at::Tensor gru_cell(const at::Tensor &X, const at::Tensor &H,
                    const at::Tensor &WIh, const at::Tensor &BIh,
                    const at::Tensor &WHh, const at::Tensor &BHh,
                    int64_t GateDim = -1, int64_t HiddenGateDim = -1);

/// The GRU cell written with one Linear per gate: WI = {W_ir, W_iz, W_in}
/// ([H, I] each), BI their biases, WH = {W_hr, W_hz, W_hn} ([H, H] each), BH
/// theirs (each bias list empty, or of three tensors that are all defined or
/// all undefined). The weights are concatenated (differentiably, so each
/// Linear's parameters get their gradient) and gru_cell runs.
at::Tensor gru_cell_per_gate(const at::Tensor &X, const at::Tensor &H,
                             at::TensorList WI, at::TensorList BI,
                             at::TensorList WH, at::TensorList BH);

} // namespace adopter::ops

#endif // ADOPTER_KERNELS_FUSEDRNNCELL_H
