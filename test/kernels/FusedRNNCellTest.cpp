//===- FusedRNNCellTest.cpp - Fused LSTM / GRU cells vs. written-out cells ===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// adopter::ops::lstm_cell / lstm_cell_concat / gru_cell / gru_cell_per_gate
// against the cells written out with Linear, chunk, sigmoid and tanh and
// evaluated in float64: outputs and the gradients of x, h, c and every
// weight and bias (random upstream gradients for h' and c'), for batch 1,
// hidden sizes 1, 7, 17 and 256, several LSTM gate orders, no bias,
// non-contiguous inputs, extra leading dimensions, 4 threads and bfloat16;
// and against torch::lstm_cell / torch::gru_cell as a second reference.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/FusedRNNCell.h"

#include <string>
#include <vector>

using adopter::test::checkClose;

namespace {

using TensorVec = std::vector<torch::Tensor>;

torch::Tensor D(const torch::Tensor &T) {
  return T.defined() ? T.to(torch::kDouble) : T;
}

/// The written-out LSTM cell in float64; chunk K of the gates has role
/// Order[K].
TensorVec refLstm(const torch::Tensor &X, const torch::Tensor &H,
                  const torch::Tensor &C, const torch::Tensor &WIh,
                  const torch::Tensor &BIh, const torch::Tensor &WHh,
                  const torch::Tensor &BHh, const std::string &Order) {
  auto Gates = torch::nn::functional::linear(D(X), D(WIh), D(BIh));
  if (WHh.defined())
    Gates = Gates + torch::nn::functional::linear(D(H), D(WHh), D(BHh));
  auto Chunks = Gates.chunk(4, -1);
  auto Role = [&](char R) { return Chunks[Order.find(R)]; };
  auto I = torch::sigmoid(Role('i')), F = torch::sigmoid(Role('f'));
  auto G = torch::tanh(Role('g')), O = torch::sigmoid(Role('o'));
  auto C2 = F * D(C) + I * G;
  return {O * torch::tanh(C2), C2};
}

torch::Tensor refGru(const torch::Tensor &X, const torch::Tensor &H,
                     const torch::Tensor &WIh, const torch::Tensor &BIh,
                     const torch::Tensor &WHh, const torch::Tensor &BHh) {
  auto Gi = torch::nn::functional::linear(D(X), D(WIh), D(BIh)).chunk(3, -1);
  auto Gh = torch::nn::functional::linear(D(H), D(WHh), D(BHh)).chunk(3, -1);
  auto R = torch::sigmoid(Gi[0] + Gh[0]);
  auto Z = torch::sigmoid(Gi[1] + Gh[1]);
  auto N = torch::tanh(Gi[2] + R * Gh[2]);
  return (1 - Z) * N + Z * D(H);
}

struct Tol {
  double Rtol, Atol;
};

Tol outTol(torch::ScalarType T) {
  return T == torch::kBFloat16 ? Tol{3e-2, 3e-2} : Tol{1e-5, 1e-5};
}
Tol gradTol(torch::ScalarType T) {
  // bf16: the gate gradients are rounded to bf16 before the dx / dh / dW
  // GEMMs (as in the unfused bf16 chain), which sum up to 4H or B terms.
  return T == torch::kBFloat16 ? Tol{5e-2, 1e-1} : Tol{1e-4, 2e-5};
}

torch::Tensor leaf(std::vector<int64_t> Shape, double Scale,
                   torch::ScalarType T, bool Transposed = false) {
  torch::Tensor R;
  if (Transposed && Shape.size() == 2)
    R = (torch::randn({Shape[1], Shape[0]}) * Scale).to(T).t();
  else
    R = (torch::randn(Shape) * Scale).to(T);
  return R.requires_grad_(true);
}

/// Compares outputs and gradients w.r.t. Wrt (undefined entries skipped).
void compare(const TensorVec &Fused, const TensorVec &Ref, const TensorVec &Wrt,
             torch::ScalarType T) {
  const Tol O = outTol(T), G = gradTol(T);
  TensorVec Ups, UpsD;
  for (size_t K = 0; K < Fused.size(); ++K) {
    checkClose("output " + std::to_string(K), Fused[K], Ref[K], O.Rtol, O.Atol);
    CHECK(Fused[K].scalar_type() == T);
    Ups.push_back(torch::randn(Ref[K].sizes(), torch::kDouble));
    UpsD.push_back(Ups.back().to(T));
  }
  TensorVec In;
  for (auto &W : Wrt)
    if (W.defined())
      In.push_back(W);
  auto FG = torch::autograd::grad(Fused, In, UpsD, /*retain_graph=*/true);
  auto RG = torch::autograd::grad(Ref, In, Ups, /*retain_graph=*/true);
  for (size_t K = 0; K < In.size(); ++K)
    checkClose("grad of input " + std::to_string(K), FG[K], RG[K], G.Rtol,
               G.Atol);
}

void lstmCase(int64_t B, int64_t I, int64_t H, const std::string &Order,
              bool Bias, torch::ScalarType T, bool Transposed = false) {
  INFO("lstm B " << B << " I " << I << " H " << H << " order " << Order
                 << (Bias ? "" : " no-bias")
                 << (Transposed ? " transposed" : "") << " " << T);
  const double WS = 1.0 / std::sqrt(static_cast<double>(H));
  auto X = leaf({B, I}, 1.0, T, Transposed), Hx = leaf({B, H}, 0.5, T),
       Cx = leaf({B, H}, 1.0, T);
  auto WIh = leaf({4 * H, I}, WS, T), WHh = leaf({4 * H, H}, WS, T);
  torch::Tensor BIh, BHh;
  if (Bias) {
    BIh = leaf({4 * H}, WS, T);
    BHh = leaf({4 * H}, WS, T);
  }
  auto [H2, C2] = adopter::ops::lstm_cell(X, Hx, Cx, WIh, BIh, WHh, BHh, Order);
  compare({H2, C2}, refLstm(X, Hx, Cx, WIh, BIh, WHh, BHh, Order),
          {X, Hx, Cx, WIh, BIh, WHh, BHh}, T);
  if (Order == "ifgo" && T == torch::kFloat) {
    // Second reference: LibTorch's own LSTM cell, in float32.
    auto Ref = torch::lstm_cell(X, {Hx, Cx}, WIh, WHh, BIh, BHh);
    checkClose("h' vs torch::lstm_cell", H2, std::get<0>(Ref), 1e-5, 1e-5);
    checkClose("c' vs torch::lstm_cell", C2, std::get<1>(Ref), 1e-5, 1e-5);
    TensorVec Wrt{X, Hx, Cx, WIh, WHh};
    if (Bias) {
      Wrt.push_back(BIh);
      Wrt.push_back(BHh);
    }
    auto GH = torch::randn({B, H}), GC = torch::randn({B, H});
    auto FG = torch::autograd::grad({H2, C2}, Wrt, {GH, GC});
    auto RG = torch::autograd::grad({std::get<0>(Ref), std::get<1>(Ref)}, Wrt,
                                    {GH, GC});
    for (size_t K = 0; K < Wrt.size(); ++K)
      checkClose("grad vs torch::lstm_cell " + std::to_string(K), FG[K], RG[K],
                 1e-4, 2e-5);
  }
}

void gruCase(int64_t B, int64_t I, int64_t H, bool Bias, torch::ScalarType T,
             bool Transposed = false) {
  INFO("gru B " << B << " I " << I << " H " << H << (Bias ? "" : " no-bias")
                << (Transposed ? " transposed" : "") << " " << T);
  const double WS = 1.0 / std::sqrt(static_cast<double>(H));
  auto X = leaf({B, I}, 1.0, T, Transposed), Hx = leaf({B, H}, 0.5, T);
  auto WIh = leaf({3 * H, I}, WS, T), WHh = leaf({3 * H, H}, WS, T);
  torch::Tensor BIh, BHh;
  if (Bias) {
    BIh = leaf({3 * H}, WS, T);
    BHh = leaf({3 * H}, WS, T);
  }
  auto H2 = adopter::ops::gru_cell(X, Hx, WIh, BIh, WHh, BHh);
  compare({H2}, {refGru(X, Hx, WIh, BIh, WHh, BHh)},
          {X, Hx, WIh, BIh, WHh, BHh}, T);
  if (T == torch::kFloat) {
    auto Ref = torch::gru_cell(X, Hx, WIh, WHh, BIh, BHh);
    checkClose("h' vs torch::gru_cell", H2, Ref, 1e-5, 1e-5);
    TensorVec Wrt{X, Hx, WIh, WHh};
    auto GH = torch::randn({B, H});
    auto FG = torch::autograd::grad({H2}, Wrt, {GH});
    auto RG = torch::autograd::grad({Ref}, Wrt, {GH});
    for (size_t K = 0; K < Wrt.size(); ++K)
      checkClose("grad vs torch::gru_cell " + std::to_string(K), FG[K], RG[K],
                 1e-4, 2e-5);
  }
}

const int64_t Hiddens[] = {1, 7, 17, 256};

} // namespace

TEST_CASE("fused LSTM cell matches the written-out cell", "[rnn_cell]") {
  torch::manual_seed(0);
  for (auto T : {torch::kFloat, torch::kBFloat16})
    for (int64_t H : Hiddens)
      for (int64_t B : {int64_t{1}, int64_t{5}}) {
        for (const char *Order : {"ifgo", "igfo", "oigf"})
          lstmCase(B, 13, H, Order, true, T);
        lstmCase(B, 13, H, "ifgo", false, T);
      }
}

TEST_CASE("fused LSTM cell differentiated through h' or c' alone",
          "[rnn_cell]") {
  // The last step's c' is often dropped: its gradient comes to backward
  // undefined and counts as zero.
  torch::manual_seed(7);
  for (int Which : {0, 1}) {
    INFO((Which ? "c' only" : "h' only"));
    const int64_t B = 3, I = 5, H = 17;
    auto X = leaf({B, I}, 1.0, torch::kFloat),
         Hx = leaf({B, H}, 0.5, torch::kFloat),
         Cx = leaf({B, H}, 1.0, torch::kFloat);
    auto WIh = leaf({4 * H, I}, 0.3, torch::kFloat),
         WHh = leaf({4 * H, H}, 0.3, torch::kFloat);
    auto BIh = leaf({4 * H}, 0.3, torch::kFloat),
         BHh = leaf({4 * H}, 0.3, torch::kFloat);
    auto [H2, C2] =
        adopter::ops::lstm_cell(X, Hx, Cx, WIh, BIh, WHh, BHh, "ifgo");
    auto Ref = refLstm(X, Hx, Cx, WIh, BIh, WHh, BHh, "ifgo");
    TensorVec Wrt{X, Hx, Cx, WIh, BIh, WHh, BHh};
    auto G = torch::randn({B, H}, torch::kDouble);
    auto FG = torch::autograd::grad({Which ? C2 : H2}, Wrt,
                                    {G.to(torch::kFloat)}, true, false, true);
    auto RG = torch::autograd::grad({Ref[Which]}, Wrt, {G}, true, false, true);
    for (size_t K = 0; K < Wrt.size(); ++K) {
      INFO("input " << K);
      // c' does not depend on the output gate, but its weights still get a
      // (zero) gradient through the gate matrix: compare as zero.
      auto RK =
          RG[K].defined() ? RG[K] : torch::zeros_like(Wrt[K], torch::kDouble);
      REQUIRE(FG[K].defined());
      checkClose("grad of input " + std::to_string(K), FG[K], RK, 1e-4, 2e-5);
    }
  }
}

TEST_CASE("fused GRU cell matches the written-out cell", "[rnn_cell]") {
  torch::manual_seed(1);
  for (auto T : {torch::kFloat, torch::kBFloat16})
    for (int64_t H : Hiddens)
      for (int64_t B : {int64_t{1}, int64_t{5}})
        for (bool Bias : {true, false})
          gruCase(B, 13, H, Bias, T);
}

TEST_CASE("fused RNN cells: non-contiguous input, 4 threads", "[rnn_cell]") {
  torch::manual_seed(2);
  for (auto T : {torch::kFloat, torch::kBFloat16}) {
    lstmCase(9, 31, 17, "fgio", true, T, /*Transposed=*/true);
    gruCase(9, 31, 17, true, T, /*Transposed=*/true);
  }
  const int Saved = at::get_num_threads();
  at::set_num_threads(4);
  for (auto T : {torch::kFloat, torch::kBFloat16}) {
    lstmCase(64, 40, 100, "ifgo", true, T);
    gruCase(64, 40, 100, true, T);
  }
  at::set_num_threads(Saved);
}

TEST_CASE("fused LSTM cell over cat(x, h) and extra leading dimensions",
          "[rnn_cell]") {
  torch::manual_seed(3);
  for (auto T : {torch::kFloat, torch::kBFloat16})
    for (bool Bias : {true, false}) {
      INFO(T << (Bias ? "" : " no-bias"));
      const int64_t I = 6, H = 17;
      auto X = leaf({2, 3, I}, 1.0, T), Hx = leaf({2, 3, H}, 0.5, T),
           Cx = leaf({2, 3, H}, 1.0, T);
      auto W = leaf({4 * H, I + H}, 0.25, T);
      torch::Tensor B = Bias ? leaf({4 * H}, 0.25, T) : torch::Tensor();
      auto [H2, C2] = adopter::ops::lstm_cell_concat(X, Hx, Cx, W, B, "gifo");
      auto Ref = refLstm(torch::cat({X, Hx}, -1), Hx, Cx, W, B, torch::Tensor(),
                         torch::Tensor(), "gifo");
      compare({H2, C2}, Ref, {X, Hx, Cx, W, B}, T);
    }
}

TEST_CASE("fused GRU cell with one Linear per gate", "[rnn_cell]") {
  torch::manual_seed(4);
  for (auto T : {torch::kFloat, torch::kBFloat16})
    for (bool Bias : {true, false}) {
      INFO(T << (Bias ? "" : " no-bias"));
      const int64_t I = 5, H = 9, B = 4;
      auto X = leaf({B, I}, 1.0, T), Hx = leaf({B, H}, 0.5, T);
      TensorVec WI, BI, WH, BH;
      for (int K = 0; K < 3; ++K) {
        WI.push_back(leaf({H, I}, 0.3, T));
        WH.push_back(leaf({H, H}, 0.3, T));
        if (Bias) {
          BI.push_back(leaf({H}, 0.3, T));
          BH.push_back(leaf({H}, 0.3, T));
        }
      }
      auto H2 = adopter::ops::gru_cell_per_gate(X, Hx, WI, BI, WH, BH);
      namespace F = torch::nn::functional;
      auto Lin = [&](const torch::Tensor &In, const TensorVec &W,
                     const TensorVec &Bs, int K) {
        return F::linear(D(In), D(W[K]),
                         Bs.empty() ? torch::Tensor() : D(Bs[K]));
      };
      auto R = torch::sigmoid(Lin(X, WI, BI, 0) + Lin(Hx, WH, BH, 0));
      auto Z = torch::sigmoid(Lin(X, WI, BI, 1) + Lin(Hx, WH, BH, 1));
      auto N = torch::tanh(Lin(X, WI, BI, 2) + R * Lin(Hx, WH, BH, 2));
      auto Ref = N + Z * (D(Hx) - N);
      TensorVec Wrt{X, Hx};
      for (auto *L : {&WI, &BI, &WH, &BH})
        Wrt.insert(Wrt.end(), L->begin(), L->end());
      compare({H2}, {Ref}, Wrt, T);
    }
}

TEST_CASE("fused RNN cells reject bad input", "[rnn_cell]") {
  using adopter::ops::gru_cell;
  using adopter::ops::lstm_cell;
  auto X = torch::randn({2, 3}), H = torch::randn({2, 4}),
       C = torch::randn({2, 4});
  auto WIh = torch::randn({16, 3}), WHh = torch::randn({16, 4});
  CHECK_THROWS_WITH(lstm_cell(X, H, C, WIh, {}, WHh, {}, "ifgx"),
                    Catch::Contains("permutation of \"ifgo\""));
  CHECK_THROWS_WITH(lstm_cell(X, H, C, WIh, {}, WHh, {}, "iifo"),
                    Catch::Contains("permutation"));
  CHECK_THROWS_WITH(lstm_cell(X, H, C, torch::randn({16, 5}), {}, WHh, {}),
                    Catch::Contains("expected w_ih of shape [16, 3]"));
  CHECK_THROWS_WITH(lstm_cell(X, H, C, WIh, torch::randn({15}), WHh, {}),
                    Catch::Contains("expected b_ih of shape [16]"));
  CHECK_THROWS_WITH(lstm_cell(X, H, torch::randn({2, 5}), WIh, {}, WHh, {}),
                    Catch::Contains("expected c of h's shape"));
  CHECK_THROWS_WITH(lstm_cell(X.to(torch::kDouble), H, C, WIh, {}, WHh, {}),
                    Catch::Contains("float32 or bfloat16"));
  CHECK_THROWS_WITH(gru_cell(X, torch::randn({3, 4}), torch::randn({12, 3}), {},
                             torch::randn({12, 4}), {}),
                    Catch::Contains("same leading dimensions"));
  CHECK_THROWS_WITH(gru_cell(X, H, WIh, {}, WHh, {}),
                    Catch::Contains("expected w_ih of shape [12, 3]"));
}

TEST_CASE("LSTMGates and the gate dimension, as apply writes them",
          "[rnn_cell]") {
  torch::manual_seed(41);
  const int64_t I = 5, Hs = 7;
  auto X = torch::randn({3, I}), H = torch::randn({3, Hs}),
       C = torch::randn({3, Hs});
  auto WIh = torch::randn({4 * Hs, I}), BIh = torch::randn({4 * Hs});
  auto WHh = torch::randn({4 * Hs, Hs}), BHh = torch::randn({4 * Hs});
  using adopter::ops::LSTMGates;
  // Chunk indices {i=0, f=1, g=3, o=2} are the order "ifog".
  auto [H1, C1] = adopter::ops::lstm_cell(X, H, C, WIh, BIh, WHh, BHh,
                                          LSTMGates{1, 0, 1, 3, 2});
  auto [H2, C2] =
      adopter::ops::lstm_cell(X, H, C, WIh, BIh, WHh, BHh, std::string("ifog"));
  CHECK(torch::equal(H1, H2));
  CHECK(torch::equal(C1, C2));
  // The gates chunked along another dimension than the last, or a role
  // given twice: a clear error, not a wrong cell.
  CHECK_THROWS_WITH(adopter::ops::lstm_cell(X, H, C, WIh, BIh, WHh, BHh,
                                            LSTMGates{0, 0, 1, 2, 3}),
                    Catch::Contains("chunked along their last dimension"));
  CHECK_THROWS_WITH(adopter::ops::lstm_cell(X, H, C, WIh, BIh, WHh, BHh,
                                            LSTMGates{-1, 0, 1, 1, 3}),
                    Catch::Contains("each once"));
  // cat({x, h}) as a list, and the input in two column blocks.
  auto W = torch::randn({4 * Hs, I + Hs}), B = torch::randn({4 * Hs});
  auto [H3, C3] =
      adopter::ops::lstm_cell_concat({X, H}, C, W, B, LSTMGates{}, -1);
  auto [H4, C4] = adopter::ops::lstm_cell_concat(X, H, C, W, B, "ifgo");
  CHECK(torch::allclose(H3, H4));
  CHECK(torch::allclose(C3, C4));
  auto [H5, C5] = adopter::ops::lstm_cell_concat(
      {X.narrow(1, 0, 2), X.narrow(1, 2, I - 2), H}, C, W, B, LSTMGates{}, 1);
  CHECK(torch::allclose(H5, H4, 1e-5, 1e-6));
  CHECK(torch::allclose(C5, C4, 1e-5, 1e-6));
  CHECK_THROWS_WITH(
      adopter::ops::lstm_cell_concat({X, H}, C, W, B, LSTMGates{}, 0),
      Catch::Contains("concatenated along their last dimension"));
  // The GRU's chunk dimension.
  auto GIh = torch::randn({3 * Hs, I}), GHh = torch::randn({3 * Hs, Hs});
  auto G1 = adopter::ops::gru_cell(X, H, GIh, {}, GHh, {}, 1, -1);
  CHECK(torch::equal(G1, adopter::ops::gru_cell(X, H, GIh, {}, GHh, {})));
  CHECK_THROWS_WITH(adopter::ops::gru_cell(X, H, GIh, {}, GHh, {}, 0),
                    Catch::Contains("chunked along their last dimension"));
  CHECK_THROWS_WITH(adopter::ops::gru_cell(X, H, GIh, {}, GHh, {}, 1, 0),
                    Catch::Contains("chunked along their last dimension"));
}
