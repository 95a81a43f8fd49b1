//===- FusedRNNCell.cpp - Fused LSTM and GRU cells ------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Argument checks, the gate GEMMs (at::mm, differentiable: autograd computes
// dx, dh and dW from the fused functions' gate gradients) and the calls of
// LSTMCellFunction / GRUCellFunction.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedRNNCell.h"

#include "GRUCellFunction.h"
#include "LSTMCellFunction.h"

#include <ATen/ops/cat.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/mm.h>
#include <c10/util/Exception.h>

#include <vector>

namespace adopter::ops {

using kernels::GRUCellFunction;
using kernels::LSTMCellFunction;

namespace {

void checkTensor(const char *Op, const char *Name, const at::Tensor &T) {
  TORCH_CHECK(T.defined(), Op, ": ", Name, " is undefined");
  TORCH_CHECK(!T.is_cuda(), Op,
              ": the CUDA path is not built; adopter_kernels only has CPU "
              "kernels for now, got ",
              Name, " on ", T.device());
  TORCH_CHECK(T.device().is_cpu(), Op, ": expected ", Name, " on the CPU, got ",
              T.device());
}

/// Checks X [..., I] and the state S [..., H] (same leading dims).
void checkInputs(const char *Op, const at::Tensor &X, const at::Tensor &S,
                 const char *SName) {
  checkTensor(Op, "input", X);
  checkTensor(Op, SName, S);
  TORCH_CHECK(X.scalar_type() == at::kFloat || X.scalar_type() == at::kBFloat16,
              Op, ": expected an input of dtype float32 or bfloat16, got ",
              X.scalar_type());
  TORCH_CHECK(S.scalar_type() == X.scalar_type(), Op, ": expected ", SName,
              " of dtype ", X.scalar_type(), " (the input's), got ",
              S.scalar_type());
  TORCH_CHECK(X.dim() >= 1 && S.dim() == X.dim() &&
                  X.sizes().slice(0, X.dim() - 1) ==
                      S.sizes().slice(0, S.dim() - 1),
              Op, ": expected input [..., I] and ", SName,
              " [..., H] with the same leading dimensions, got input ",
              X.sizes(), " and ", SName, " ", S.sizes());
}

void checkWeight(const char *Op, const char *Name, const at::Tensor &W,
                 int64_t Rows, int64_t Cols, const at::Tensor &X) {
  checkTensor(Op, Name, W);
  TORCH_CHECK(W.dim() == 2 && W.size(0) == Rows && W.size(1) == Cols, Op,
              ": expected ", Name, " of shape [", Rows, ", ", Cols, "], got ",
              W.sizes());
  TORCH_CHECK(W.scalar_type() == X.scalar_type(), Op, ": expected ", Name,
              " of dtype ", X.scalar_type(), " (the input's), got ",
              W.scalar_type());
}

void checkBias(const char *Op, const char *Name, const at::Tensor &B,
               int64_t Rows, const at::Tensor &X) {
  if (!B.defined())
    return;
  checkTensor(Op, Name, B);
  TORCH_CHECK(B.dim() == 1 && B.size(0) == Rows, Op, ": expected ", Name,
              " of shape [", Rows, "], got ", B.sizes());
  TORCH_CHECK(B.scalar_type() == X.scalar_type() ||
                  B.scalar_type() == at::kFloat,
              Op, ": expected ", Name, " of dtype ", X.scalar_type(),
              " or float32, got ", B.scalar_type());
}

/// Packs the chunk index of gates i, f, g, o (LSTMCellFunction::forward).
int64_t packGateOrder(const char *Op, const std::string &Order) {
  const char Gates[] = {'i', 'f', 'g', 'o'};
  int64_t Packed = 0;
  bool Ok = Order.size() == 4;
  for (int64_t K = 0; Ok && K < 4; ++K) {
    auto Pos = Order.find(Gates[K]);
    Ok = Pos != std::string::npos &&
         Order.find(Gates[K], Pos + 1) == std::string::npos;
    Packed |= static_cast<int64_t>(Pos) << (2 * K);
  }
  TORCH_CHECK(Ok, Op,
              ": expected a gate order that is a permutation of \"ifgo\" "
              "(the role of each of the four gate chunks), got \"",
              Order, "\"");
  return Packed;
}

/// Checks that \p Dim, a dimension the code split or joined along (as it
/// wrote it), is the last of tensors of \p X's rank (the features), as
/// the cell computes them. \p What: "the gates chunked", ...
void checkLastDim(const char *Op, const char *What, int64_t Dim,
                  const at::Tensor &X) {
  TORCH_CHECK(Dim == -1 || Dim == X.dim() - 1, Op, ": expected ", What,
              " along their last dimension (", X.dim() - 1, " or -1), got ",
              Dim);
}

void checkGateDim(const char *Op, int64_t Dim, const at::Tensor &X) {
  checkLastDim(Op, "the gates chunked", Dim, X);
}

/// The gate order string of \p G (checked to be a permutation of 0..3).
std::string gateOrder(const char *Op, const LSTMGates &G, const at::Tensor &X) {
  checkGateDim(Op, G.Dim, X);
  std::string Order = "....";
  const std::pair<int64_t, char> Roles[] = {
      {G.I, 'i'}, {G.F, 'f'}, {G.G, 'g'}, {G.O, 'o'}};
  for (const auto &[Index, Role] : Roles) {
    TORCH_CHECK(Index >= 0 && Index < 4 && Order[Index] == '.', Op,
                ": expected the four gates at chunks 0..3, each once; got i=",
                G.I, " f=", G.F, " g=", G.G, " o=", G.O);
    Order[Index] = Role;
  }
  return Order;
}

at::Tensor placeholder(const at::Tensor &X) {
  return at::empty({0}, X.options());
}

at::Tensor orPlaceholder(const at::Tensor &T, const at::Tensor &X) {
  return T.defined() ? T : placeholder(X);
}

std::tuple<at::Tensor, at::Tensor>
runLstm(const at::Tensor &Gi, const at::Tensor &Gh, const at::Tensor &BIh,
        const at::Tensor &BHh, const at::Tensor &C, const at::Tensor &X,
        int64_t Order) {
  const int64_t Hs = C.size(-1);
  const int64_t Present =
      (Gh.defined() ? LSTMCellFunction::HasHiddenGates : 0) |
      (BIh.defined() ? LSTMCellFunction::HasInputBias : 0) |
      (BHh.defined() ? LSTMCellFunction::HasHiddenBias : 0);
  auto Out = LSTMCellFunction::apply(
      Gi, orPlaceholder(Gh, X), orPlaceholder(BIh, X), orPlaceholder(BHh, X),
      C.reshape({-1, Hs}).contiguous(), Present, Order);
  return {Out[0].reshape(C.sizes()), Out[1].reshape(C.sizes())};
}

} // namespace

std::tuple<at::Tensor, at::Tensor>
lstm_cell(const at::Tensor &X, const at::Tensor &H, const at::Tensor &C,
          const at::Tensor &WIh, const at::Tensor &BIh, const at::Tensor &WHh,
          const at::Tensor &BHh, const std::string &GateOrder) {
  const char *Op = "adopter::ops::lstm_cell";
  checkInputs(Op, X, H, "h");
  checkInputs(Op, X, C, "c");
  TORCH_CHECK(C.sizes() == H.sizes(), Op, ": expected c of h's shape ",
              H.sizes(), ", got ", C.sizes());
  const int64_t I = X.size(-1), Hs = H.size(-1);
  checkWeight(Op, "w_ih", WIh, 4 * Hs, I, X);
  checkWeight(Op, "w_hh", WHh, 4 * Hs, Hs, X);
  checkBias(Op, "b_ih", BIh, 4 * Hs, X);
  checkBias(Op, "b_hh", BHh, 4 * Hs, X);
  const int64_t Order = packGateOrder(Op, GateOrder);
  at::Tensor Gi = at::mm(X.reshape({-1, I}), WIh.t());
  at::Tensor Gh = at::mm(H.reshape({-1, Hs}), WHh.t());
  return runLstm(Gi.contiguous(), Gh.contiguous(), BIh, BHh, C, X, Order);
}

std::tuple<at::Tensor, at::Tensor>
lstm_cell_concat(const at::Tensor &X, const at::Tensor &H, const at::Tensor &C,
                 const at::Tensor &W, const at::Tensor &B,
                 const std::string &GateOrder) {
  const char *Op = "adopter::ops::lstm_cell_concat";
  checkInputs(Op, X, H, "h");
  checkInputs(Op, X, C, "c");
  TORCH_CHECK(C.sizes() == H.sizes(), Op, ": expected c of h's shape ",
              H.sizes(), ", got ", C.sizes());
  const int64_t I = X.size(-1), Hs = H.size(-1);
  checkWeight(Op, "weight", W, 4 * Hs, I + Hs, X);
  checkBias(Op, "bias", B, 4 * Hs, X);
  const int64_t Order = packGateOrder(Op, GateOrder);
  at::Tensor XH = at::cat({X.reshape({-1, I}), H.reshape({-1, Hs})}, 1);
  at::Tensor G = at::mm(XH, W.t()).contiguous();
  return runLstm(G, at::Tensor(), B, at::Tensor(), C, X, Order);
}

std::tuple<at::Tensor, at::Tensor>
lstm_cell(const at::Tensor &X, const at::Tensor &H, const at::Tensor &C,
          const at::Tensor &WIh, const at::Tensor &BIh, const at::Tensor &WHh,
          const at::Tensor &BHh, LSTMGates Gates) {
  return lstm_cell(X, H, C, WIh, BIh, WHh, BHh,
                   gateOrder("adopter::ops::lstm_cell", Gates, X));
}

std::tuple<at::Tensor, at::Tensor>
lstm_cell_concat(at::TensorList XS, const at::Tensor &C, const at::Tensor &W,
                 const at::Tensor &B, LSTMGates Gates, int64_t CatDim) {
  const char *Op = "adopter::ops::lstm_cell_concat";
  TORCH_CHECK(XS.size() >= 2, Op,
              ": expected the input and the hidden state (two tensors or "
              "more), got ",
              XS.size());
  checkLastDim(Op, "the input and the hidden state concatenated", CatDim,
               XS[0]);
  // Only the GEMM reads the hidden state: every column block but the last
  // is input.
  at::Tensor X =
      XS.size() == 2 ? XS[0] : at::cat(XS.slice(0, XS.size() - 1), -1);
  return lstm_cell_concat(X, XS.back(), C, W, B, gateOrder(Op, Gates, X));
}

at::Tensor gru_cell(const at::Tensor &X, const at::Tensor &H,
                    const at::Tensor &WIh, const at::Tensor &BIh,
                    const at::Tensor &WHh, const at::Tensor &BHh,
                    int64_t GateDim, int64_t HiddenGateDim) {
  const char *Op = "adopter::ops::gru_cell";
  checkInputs(Op, X, H, "h");
  checkGateDim(Op, GateDim, X);
  checkGateDim(Op, HiddenGateDim, H);
  const int64_t I = X.size(-1), Hs = H.size(-1);
  checkWeight(Op, "w_ih", WIh, 3 * Hs, I, X);
  checkWeight(Op, "w_hh", WHh, 3 * Hs, Hs, X);
  checkBias(Op, "b_ih", BIh, 3 * Hs, X);
  checkBias(Op, "b_hh", BHh, 3 * Hs, X);
  at::Tensor H2 = H.reshape({-1, Hs});
  at::Tensor Gi = at::mm(X.reshape({-1, I}), WIh.t()).contiguous();
  at::Tensor Gh = at::mm(H2, WHh.t()).contiguous();
  const int64_t Present = (BIh.defined() ? GRUCellFunction::HasInputBias : 0) |
                          (BHh.defined() ? GRUCellFunction::HasHiddenBias : 0);
  at::Tensor Out = GRUCellFunction::apply(Gi, Gh, orPlaceholder(BIh, X),
                                          orPlaceholder(BHh, X),
                                          H2.contiguous(), Present)[0];
  return Out.reshape(H.sizes());
}

at::Tensor gru_cell_per_gate(const at::Tensor &X, const at::Tensor &H,
                             at::TensorList WI, at::TensorList BI,
                             at::TensorList WH, at::TensorList BH) {
  const char *Op = "adopter::ops::gru_cell_per_gate";
  TORCH_CHECK(WI.size() == 3 && WH.size() == 3, Op,
              ": expected three input-side and three hidden-side gate "
              "weights (r, z, n), got ",
              WI.size(), " and ", WH.size());
  auto Bias = [Op](at::TensorList B, const char *Side) {
    TORCH_CHECK(B.empty() || B.size() == 3, Op, ": expected no ", Side,
                " biases or three (r, z, n), got ", B.size());
    if (B.empty() || (!B[0].defined() && !B[1].defined() && !B[2].defined()))
      return at::Tensor();
    TORCH_CHECK(B[0].defined() && B[1].defined() && B[2].defined(), Op,
                ": the three ", Side,
                " biases must all be defined or all undefined");
    return at::cat(B, 0);
  };
  for (size_t K = 0; K < 3; ++K) {
    checkTensor(Op, "a gate weight", WI[K]);
    checkTensor(Op, "a gate weight", WH[K]);
  }
  return gru_cell(X, H, at::cat(WI, 0), Bias(BI, "input-side"), at::cat(WH, 0),
                  Bias(BH, "hidden-side"));
}

} // namespace adopter::ops
