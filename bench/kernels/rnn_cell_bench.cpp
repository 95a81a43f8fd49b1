//===- rnn_cell_bench.cpp - Fused LSTM / GRU cells vs. written-out cells --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Times adopter::ops::lstm_cell and gru_cell against the cells written out
// with two Linear calls, chunk, sigmoid / tanh and the state update (what a
// hand-written model does), at batch 64 and hidden sizes 512 and 1024
// (input size = hidden size), forward (under NoGradGuard) and forward +
// backward (gradients of x, h, c and every weight and bias).
//
//   bench-kernels-rnn-cell [--quick] [--reps N] [--bf16] [--filter S]
//
// Timing, peak memory and the caching allocator: BenchHarness.h.
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/FusedRNNCell.h"

#include <torch/torch.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

namespace F = torch::nn::functional;
using Outputs = std::vector<torch::Tensor>;

struct Params {
  torch::Tensor X, H, C, WIh, BIh, WHh, BHh;
};

Outputs writtenLstm(const Params &P) {
  auto Gates = F::linear(P.X, P.WIh, P.BIh) + F::linear(P.H, P.WHh, P.BHh);
  auto Ch = Gates.chunk(4, 1);
  auto I = torch::sigmoid(Ch[0]), Fg = torch::sigmoid(Ch[1]);
  auto G = torch::tanh(Ch[2]), O = torch::sigmoid(Ch[3]);
  auto C2 = Fg * P.C + I * G;
  return {O * torch::tanh(C2), C2};
}

Outputs writtenGru(const Params &P) {
  auto Gi = F::linear(P.X, P.WIh, P.BIh).chunk(3, 1);
  auto Gh = F::linear(P.H, P.WHh, P.BHh).chunk(3, 1);
  auto R = torch::sigmoid(Gi[0] + Gh[0]);
  auto Z = torch::sigmoid(Gi[1] + Gh[1]);
  auto N = torch::tanh(Gi[2] + R * Gh[2]);
  return {(1 - Z) * N + Z * P.H};
}

} // namespace

int main(int Argc, char **Argv) {
  const adopter::bench::Options O =
      adopter::bench::parseOptions(Argc, Argv, "");
  const auto DType = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  adopter::bench::Report Rep(std::string("adopter_kernels RNN cells, ") +
                             (O.Bf16 ? "bfloat16" : "float32"));
  torch::manual_seed(0);
  const int64_t Batch = 64;
  for (int64_t Hidden : {int64_t{512}, int64_t{1024}})
    for (int Gru = 0; Gru < 2; ++Gru) {
      const int64_t G = (Gru ? 3 : 4) * Hidden;
      auto Opts = torch::TensorOptions().dtype(DType);
      auto Leaf = [&](std::vector<int64_t> Shape, double Scale) {
        return (torch::randn(Shape) * Scale).to(DType).requires_grad_(true);
      };
      const double WS = 1.0 / std::sqrt(static_cast<double>(Hidden));
      Params P{Leaf({Batch, Hidden}, 1.0),
               Leaf({Batch, Hidden}, 0.5),
               Leaf({Batch, Hidden}, 1.0),
               Leaf({G, Hidden}, WS),
               Leaf({G}, WS),
               Leaf({G, Hidden}, WS),
               Leaf({G}, WS)};
      std::vector<torch::Tensor> Wrt{P.X, P.H, P.WIh, P.BIh, P.WHh, P.BHh};
      if (!Gru)
        Wrt.push_back(P.C);
      std::function<Outputs()> Fused, Unfused;
      if (Gru) {
        Fused = [&P] {
          return Outputs{
              adopter::ops::gru_cell(P.X, P.H, P.WIh, P.BIh, P.WHh, P.BHh)};
        };
        Unfused = [&P] { return writtenGru(P); };
      } else {
        Fused = [&P] {
          auto [H2, C2] = adopter::ops::lstm_cell(P.X, P.H, P.C, P.WIh, P.BIh,
                                                  P.WHh, P.BHh);
          return Outputs{H2, C2};
        };
        Unfused = [&P] { return writtenLstm(P); };
      }
      Outputs Ups{torch::randn({Batch, Hidden}, Opts)};
      if (!Gru)
        Ups.push_back(torch::randn({Batch, Hidden}, Opts));
      char Dims[64];
      std::snprintf(Dims, sizeof(Dims), "batch %lld hidden %lld",
                    static_cast<long long>(Batch),
                    static_cast<long long>(Hidden));
      for (int Pass = 0; Pass < 2; ++Pass) {
        auto Run = [&](const std::function<Outputs()> &Fn) {
          if (Pass == 0) {
            torch::NoGradGuard NoGrad;
            Fn();
            return;
          }
          torch::autograd::grad(Fn(), Wrt, Ups);
        };
        Rep.compare(
            Gru ? "gru_cell" : "lstm_cell", Dims, Pass ? "fwd+bwd" : "fwd",
            [&] { Run(Unfused); }, [&] { Run(Fused); }, O);
      }
    }
  return Rep.finish();
}
