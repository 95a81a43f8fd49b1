//===- attention_bench.cpp - Fused attention against the unfused chain ----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Times adopter::ops::attention (flash-style) against the chain
//   matmul(q, kt) * scale -> mask -> softmax(-1) -> matmul(p, v)
// at BERT-base (12 x 64, seq 128 / 512, batch 8, padding mask), GPT-2 small
// (12 x 64, seq 1024, causal) and LLaMA-7B (32 x 128, seq 2048, batch 1,
// causal), forward (NoGradGuard) and forward + backward (grads of q, kt, v),
// and adopter::ops::masked_softmax at the BERT shapes; with dropout 0.1 in
// training (torch's random numbers, adopter::ops::Dropout) at BERT's. A
// sequence sweep (256 .. 4096, 12 heads x 64, causal, forward) shows the peak
// memory: the chain's grows with L^2, the fused kernel's with L.
// torch::nn::MultiheadAttention against adopter::nn::FusedMultiheadAttention
// (need_weights = false, as mha-module's rewrite calls it) at BERT-base.
//
//   bench-kernels-attention [--quick] [--reps N] [--bf16] [--filter S]
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/Attention.h"
#include "adopter/kernels/FusedMultiheadAttention.h"
#include "adopter/kernels/MaskedSoftmax.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace {

using adopter::ops::MaskKind;
using adopter::ops::ScaleMode;

constexpr double NegInf = -std::numeric_limits<double>::infinity();

struct Shape {
  const char *Model;
  int64_t Batch, Heads, Seq, HeadDim;
  bool Causal;
  bool Backward;
};

struct Inputs {
  torch::Tensor Q, KT, V, Mask, G;
  double Scale;
};

Inputs makeInputs(const Shape &S, torch::ScalarType DType) {
  auto Opts = torch::TensorOptions().dtype(DType);
  Inputs In;
  In.Q = torch::randn({S.Batch, S.Heads, S.Seq, S.HeadDim}, Opts)
             .requires_grad_(true);
  In.KT = torch::randn({S.Batch, S.Heads, S.Seq, S.HeadDim}, Opts)
              .transpose(-1, -2)
              .detach()
              .requires_grad_(true);
  In.V = torch::randn({S.Batch, S.Heads, S.Seq, S.HeadDim}, Opts)
             .requires_grad_(true);
  if (S.Causal) {
    In.Mask = torch::ones({S.Seq, S.Seq}, torch::kBool).triu(1);
  } else {
    // Padding: the last eighth of each sequence is masked.
    In.Mask = torch::zeros({S.Batch, 1, 1, S.Seq}, torch::kBool);
    In.Mask.index_put_({"...", torch::indexing::Slice(S.Seq - S.Seq / 8)},
                       true);
  }
  In.G = torch::randn({S.Batch, S.Heads, S.Seq, S.HeadDim}, Opts);
  In.Scale = 1.0 / std::sqrt(static_cast<double>(S.HeadDim));
  return In;
}

torch::Tensor chain(const Inputs &In) {
  auto Sc = torch::matmul(In.Q, In.KT) * In.Scale;
  auto P = torch::softmax(Sc.masked_fill(In.Mask, NegInf), -1);
  return torch::matmul(P, In.V);
}

torch::Tensor fused(const Inputs &In) {
  return adopter::ops::attention(In.Q, In.KT, In.V, In.Mask, In.Scale,
                                 ScaleMode::Multiply, MaskKind::FillWhereTrue,
                                 NegInf);
}

std::string dims(const Shape &S) {
  char Buf[96];
  std::snprintf(Buf, sizeof(Buf), "%s b%lld h%lld L%lld d%lld%s", S.Model,
                static_cast<long long>(S.Batch),
                static_cast<long long>(S.Heads), static_cast<long long>(S.Seq),
                static_cast<long long>(S.HeadDim), S.Causal ? " causal" : "");
  return Buf;
}

} // namespace

int main(int Argc, char **Argv) {
  const adopter::bench::Options O =
      adopter::bench::parseOptions(Argc, Argv, "");
  const auto DType = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  adopter::bench::Report Rep(std::string("adopter_kernels attention, ") +
                             (O.Bf16 ? "bfloat16" : "float32"));
  torch::manual_seed(0);
  const std::vector<Shape> Shapes = {
      {"BERT-base", 8, 12, 128, 64, false, true},
      {"BERT-base", 8, 12, 512, 64, false, true},
      {"GPT-2", O.Quick ? 1 : 4, 12, 1024, 64, true, true},
      {"LLaMA-7B", 1, 32, 2048, 128, true, true},
  };
  for (const Shape &S : Shapes) {
    Inputs In = makeInputs(S, DType);
    const int R = S.Seq >= 1024 ? std::max(1, O.Reps / 3) : O.Reps;
    for (int Pass = 0; Pass < 2; ++Pass) {
      auto Run = [&](torch::Tensor (*F)(const Inputs &)) {
        if (Pass == 0) {
          torch::NoGradGuard NoGrad;
          F(In);
          return;
        }
        torch::autograd::grad({F(In)}, {In.Q, In.KT, In.V}, {In.G});
      };
      Rep.compare(
          "attention", dims(S), Pass ? "fwd+bwd" : "fwd", [&] { Run(chain); },
          [&] { Run(fused); }, O, R);
    }
  }
  // Training with dropout on the weights (BERT's 0.1), as apply writes it:
  // the chain against attention(..., Dropout(p, true)), which materialises
  // the weights to drop them with torch's numbers but fuses the rest.
  for (const Shape &S : {Shapes[0], Shapes[1]}) {
    Inputs In = makeInputs(S, DType);
    auto Drop = [&](bool Fused) {
      torch::Tensor Out =
          Fused ? adopter::ops::attention(In.Q, In.KT, In.V, In.Mask, In.Scale,
                                          ScaleMode::Multiply,
                                          MaskKind::FillWhereTrue, NegInf,
                                          adopter::ops::Dropout(0.1, true))
                : torch::matmul(
                      torch::dropout(
                          torch::softmax((torch::matmul(In.Q, In.KT) * In.Scale)
                                             .masked_fill(In.Mask, NegInf),
                                         -1),
                          0.1, true),
                      In.V);
      torch::autograd::grad({Out}, {In.Q, In.KT, In.V}, {In.G});
    };
    Rep.compare(
        "attention+dropout", dims(S), "fwd+bwd", [&] { Drop(false); },
        [&] { Drop(true); }, O, O.Reps);
  }
  // masked_softmax alone (scores given), BERT shapes.
  for (int64_t L : {128, 512}) {
    auto S = torch::randn({8, 12, L, L}, torch::TensorOptions().dtype(DType))
                 .requires_grad_(true);
    auto Mask = torch::zeros({8, 1, 1, L}, torch::kBool);
    Mask.index_put_({"...", torch::indexing::Slice(L - L / 8)}, true);
    auto G = torch::randn(S.sizes(), S.options());
    const double Scale = 0.125;
    auto Chain = [&] {
      return torch::softmax((S * Scale).masked_fill(Mask, NegInf), -1);
    };
    auto Fused = [&] {
      return adopter::ops::masked_softmax(S, Mask, Scale, ScaleMode::Multiply,
                                          MaskKind::FillWhereTrue, NegInf);
    };
    char Buf[64];
    std::snprintf(Buf, sizeof(Buf), "BERT-base b8 h12 %lldx%lld",
                  static_cast<long long>(L), static_cast<long long>(L));
    for (int Pass = 0; Pass < 2; ++Pass)
      Rep.compare(
          "masked_softmax", Buf, Pass ? "fwd+bwd" : "fwd",
          [&] {
            if (Pass == 0) {
              torch::NoGradGuard NoGrad;
              Chain();
            } else {
              torch::autograd::grad({Chain()}, {S}, {G});
            }
          },
          [&] {
            if (Pass == 0) {
              torch::NoGradGuard NoGrad;
              Fused();
            } else {
              torch::autograd::grad({Fused()}, {S}, {G});
            }
          },
          O);
  }
  // mha-module's rewrite: torch::nn::MultiheadAttention as the code called
  // it (need_weights left at true, or passed false: LibTorch 1.13 forms the
  // weights either way) against adopter::nn::FusedMultiheadAttention with
  // need_weights = false, the call apply writes. BERT-base, [L, N, E],
  // eval forward and training forward + backward (dropout 0).
  for (int64_t L : {128, 512}) {
    const int64_t N = 8, E = 768;
    torch::nn::MultiheadAttention Ref(E, 12);
    adopter::nn::FusedMultiheadAttention Fused(E, 12);
    {
      torch::NoGradGuard NoGrad;
      auto FP = Fused->named_parameters();
      for (const auto &P : Ref->named_parameters())
        FP[P.key()].copy_(P.value());
    }
    Ref->to(DType);
    Fused->to(DType);
    auto X = torch::randn({L, N, E}, torch::TensorOptions().dtype(DType))
                 .requires_grad_(true);
    auto G = torch::randn({L, N, E}, X.options());
    char Buf[64];
    std::snprintf(Buf, sizeof(Buf), "BERT-base L%lld N%lld E%lld h12",
                  static_cast<long long>(L), static_cast<long long>(N),
                  static_cast<long long>(E));
    for (bool NeedWeights : {true, false})
      for (int Pass = 0; Pass < 2; ++Pass) {
        Ref->train(Pass == 1);
        Fused->train(Pass == 1);
        auto Run = [&](bool UseFused) {
          auto Out = [&] {
            return UseFused
                       ? std::get<0>(Fused->forward(X, X, X, {}, false))
                       : std::get<0>(Ref->forward(X, X, X, {}, NeedWeights));
          };
          if (Pass == 0) {
            torch::NoGradGuard NoGrad;
            Out();
          } else {
            torch::autograd::grad({Out()}, {X}, {G});
          }
        };
        Rep.compare(
            NeedWeights ? "mha (torch need_weights=true)"
                        : "mha (torch need_weights=false)",
            Buf, Pass ? "train fwd+bwd" : "eval fwd", [&] { Run(false); },
            [&] { Run(true); }, O);
      }
  }
  // Sequence sweep: peak memory linear (fused) vs quadratic (chain).
  std::printf("\nsequence sweep (12 heads x 64, batch 1, causal, forward):\n");
  for (int64_t L : {256, 512, 1024, 2048, 4096}) {
    Shape S{"sweep", 1, 12, L, 64, true, false};
    Inputs In = makeInputs(S, DType);
    Rep.compare(
        "attention", dims(S), "fwd",
        [&] {
          torch::NoGradGuard NoGrad;
          chain(In);
        },
        [&] {
          torch::NoGradGuard NoGrad;
          fused(In);
        },
        O, 1);
  }
  return Rep.finish();
}
