//===- linear_act_bench.cpp - GEMM epilogues against the unfused chains ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// For the MLP / projection shapes of real models, times each fused linear
// kernel against the LibTorch chain it replaces, forward (under
// NoGradGuard) and forward + backward (torch::autograd::grad w.r.t. x and
// every parameter). The GEMMs are the same on both sides (ATen's), so the
// end-to-end rows mostly measure the BLAS; the "epilogue" rows time the part
// that is fused on its own: bias + activation (and its backward with the
// bias gradient) on a precomputed GEMM output, against the elementwise ATen
// ops of the unfused chain.
//
//   bench-kernels-linear-act [--quick] [--reps N] [--bf16] [--filter S]
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/Gelu.h"
#include "adopter/kernels/LinearAct.h"
#include "adopter/kernels/PackedLinear.h"
#include "adopter/kernels/SwiGLU.h"

// The raw epilogue kernels (not installed; the bench sees lib/kernels).
#include "LinActKernels.h"

#include <torch/torch.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

using adopter::bench::Options;
using adopter::bench::Report;
using adopter::kernels::LinActEpilogue;

std::string shapeOf(const char *Model, int64_t M, int64_t K, int64_t N) {
  return std::string(Model) + " [" + std::to_string(M) + "x" +
         std::to_string(K) + "]->" + std::to_string(N);
}

torch::Tensor param(std::vector<int64_t> Shape, double Scale,
                    torch::ScalarType DType) {
  return (torch::randn(Shape) * Scale).to(DType).requires_grad_(true);
}

/// Forward and forward + backward rows of one fused op against its chain.
void compareOp(Report &R, const Options &O, const std::string &Kernel,
               const std::string &Shape, std::vector<torch::Tensor> Leaves,
               std::function<torch::Tensor()> Unfused,
               std::function<torch::Tensor()> Fused) {
  R.compare(
      Kernel, Shape, "forward",
      [&] {
        torch::NoGradGuard G;
        Unfused();
      },
      [&] {
        torch::NoGradGuard G;
        Fused();
      },
      O);
  auto FwdBwd = [&](const std::function<torch::Tensor()> &F) {
    return [&, F] {
      auto Y = F();
      torch::autograd::grad({Y}, Leaves, {torch::ones_like(Y)});
    };
  };
  R.compare(Kernel, Shape, "fwd+bwd", FwdBwd(Unfused), FwdBwd(Fused), O);
}

/// The epilogue alone, on a precomputed GEMM output H [M, N].
void compareEpilogue(Report &R, const Options &O, const std::string &Kernel,
                     const std::string &Shape, LinActEpilogue E,
                     torch::ScalarType DType, int64_t M, int64_t N) {
  torch::NoGradGuard G;
  auto H = torch::randn({M, N}).to(DType);
  auto B = torch::randn({N}).to(DType);
  auto DY = torch::randn({M, adopter::kernels::linActOutCols(E, N)}).to(DType);
  auto Out = torch::empty_like(DY);
  auto DPre = torch::empty_like(H);
  auto Chain = [E](const torch::Tensor &P) {
    switch (E) {
    case LinActEpilogue::GeluErf:
      return torch::gelu(P, "none");
    case LinActEpilogue::GeluTanh:
      return torch::gelu(P, "tanh");
    case LinActEpilogue::ReLU:
      return torch::relu(P);
    case LinActEpilogue::SiLU:
      return torch::silu(P);
    case LinActEpilogue::SwiGLU: {
      auto C = P.chunk(2, -1);
      return torch::silu(C[0]) * C[1];
    }
    }
    return P;
  };
  R.compare(
      Kernel + " epilogue", Shape, "forward", [&] { Chain(H + B); },
      [&] { adopter::kernels::linActForward(E, H, B, Out, false); }, O);
  // Backward of the elementwise part plus the bias gradient: autograd on
  // the unfused chain, one pass fused.
  auto HL = H.clone().requires_grad_(true);
  auto BL = B.clone().requires_grad_(true);
  R.compare(
      Kernel + " epilogue", Shape, "backward",
      [&] {
        torch::AutoGradMode On(true);
        auto Y = Chain(HL + BL);
        torch::autograd::grad({Y}, {HL, BL}, {DY});
      },
      [&] {
        auto DB = torch::zeros({N}, torch::kFloat);
        adopter::kernels::linActBackward(E, DY, H, DPre, DB);
      },
      O);
}

} // namespace

int main(int Argc, char **Argv) {
  Options O = adopter::bench::parseOptions(
      Argc, Argv,
      "Times linear_gelu / linear_silu / swiglu / packed_linear3 against "
      "the unfused LibTorch chains.\n");
  torch::manual_seed(0);
  const auto DType = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  Report R(O.Bf16 ? "Fused linear + activation (bfloat16)"
                  : "Fused linear + activation (float32)");
  // Tokens: BERT-base 8 x 128, GPT-2 small 1 x 1024; LLaMA-7B's MLP is
  // 4096 -> 2 x 11008, with few tokens so that the reference BLAS of this
  // machine finishes in seconds.
  const int64_t Tokens = O.Quick ? 128 : 1024, LlamaTokens = O.Quick ? 8 : 64;

  struct Mlp {
    const char *Model;
    const char *Kernel;
    int64_t M, K, N;
    LinActEpilogue E;
  };
  const Mlp Mlps[] = {
      {"BERT-base FFN", "linear_gelu", Tokens, 768, 3072,
       LinActEpilogue::GeluErf},
      {"GPT-2 MLP", "linear_gelu_tanh", Tokens, 768, 3072,
       LinActEpilogue::GeluTanh},
      {"BERT-base FFN", "linear_relu", Tokens, 768, 3072, LinActEpilogue::ReLU},
      {"BERT-base FFN", "linear_silu", Tokens, 768, 3072,
       LinActEpilogue::SiLU}};
  for (const Mlp &C : Mlps) {
    const std::string Shape = shapeOf(C.Model, C.M, C.K, C.N);
    if (R.selected(C.Kernel, Shape, O)) {
      auto X = param({C.M, C.K}, 1.0, DType);
      auto W = param({C.N, C.K}, 1 / std::sqrt(double(C.K)), DType);
      auto B = param({C.N}, 0.1, DType);
      auto E = C.E;
      compareOp(
          R, O, C.Kernel, Shape, {X, W, B},
          [&, E]() -> torch::Tensor {
            auto H = torch::linear(X, W, B);
            if (E == LinActEpilogue::GeluErf)
              return torch::gelu(H);
            if (E == LinActEpilogue::GeluTanh)
              return torch::gelu(H, "tanh");
            if (E == LinActEpilogue::ReLU)
              return torch::relu(H);
            return torch::silu(H);
          },
          [&, E]() -> torch::Tensor {
            if (E == LinActEpilogue::GeluErf)
              return adopter::ops::linear_gelu(X, W, B);
            if (E == LinActEpilogue::GeluTanh)
              return adopter::ops::linear_gelu(X, W, B, "tanh");
            if (E == LinActEpilogue::ReLU)
              return adopter::ops::linear_relu(X, W, B);
            return adopter::ops::linear_silu(X, W, B);
          });
    }
    if (R.selected(std::string(C.Kernel) + " epilogue", Shape, O))
      compareEpilogue(R, O, C.Kernel, Shape, C.E, DType, C.M, C.N);
  }

  { // The hand-written tanh GELU of GPT-2 (elementwise only).
    const std::string Shape = "GPT-2 MLP [" + std::to_string(Tokens) + "x3072]";
    if (R.selected("gelu manual", Shape, O)) {
      auto X = param({Tokens, 3072}, 1.0, DType);
      const double C = std::sqrt(2 / M_PI);
      compareOp(
          R, O, "gelu manual", Shape, {X},
          [&] {
            return 0.5 * X * (1 + torch::tanh(C * (X + 0.044715 * X.pow(3))));
          },
          [&] { return adopter::ops::gelu(X, "tanh"); });
    }
  }

  { // The hand-written erf GELU of BERT, and the same kernel against
    // LibTorch's own fused torch::gelu (what builtin-gelu would write).
    const std::string Shape =
        "BERT-base FFN [" + std::to_string(Tokens) + "x3072]";
    if (R.selected("gelu manual erf", Shape, O)) {
      auto X = param({Tokens, 3072}, 1.0, DType);
      compareOp(
          R, O, "gelu manual erf", Shape, {X},
          [&] { return X * 0.5 * (1.0 + torch::erf(X / std::sqrt(2.0))); },
          [&] { return adopter::ops::gelu(X); });
    }
    if (R.selected("gelu vs torch::gelu", Shape, O)) {
      auto X = param({Tokens, 3072}, 1.0, DType);
      compareOp(
          R, O, "gelu vs torch::gelu", Shape, {X},
          [&] { return torch::gelu(X); }, [&] { return adopter::ops::gelu(X); });
    }
  }

  { // LLaMA-7B SwiGLU: gate and up as two Linears.
    const int64_t K = 4096, H = 11008;
    const std::string Shape =
        "LLaMA-7B MLP [" + std::to_string(LlamaTokens) + "x4096]->2x11008";
    if (R.selected("swiglu", Shape, O)) {
      auto X = param({LlamaTokens, K}, 1.0, DType);
      auto GW = param({H, K}, 1 / std::sqrt(double(K)), DType);
      auto UW = param({H, K}, 1 / std::sqrt(double(K)), DType);
      compareOp(
          R, O, "swiglu", Shape, {X, GW, UW},
          [&] {
            return torch::silu(torch::linear(X, GW)) * torch::linear(X, UW);
          },
          [&] { return adopter::ops::swiglu(X, GW, {}, UW, {}); });
    }
    if (R.selected("swiglu epilogue", Shape, O))
      compareEpilogue(R, O, "swiglu", Shape, LinActEpilogue::SwiGLU, DType,
                      LlamaTokens, 2 * H);
  }

  { // QKV projection of BERT-base / GPT-2: three Linears on one input.
    const int64_t K = 768;
    const std::string Shape = shapeOf("BERT-base QKV", Tokens, K, 3 * K);
    if (R.selected("packed_linear3", Shape, O)) {
      auto X = param({Tokens, K}, 1.0, DType);
      std::vector<torch::Tensor> P;
      for (int I = 0; I < 3; ++I) {
        P.push_back(param({K, K}, 1 / std::sqrt(double(K)), DType));
        P.push_back(param({K}, 0.1, DType));
      }
      std::vector<torch::Tensor> Leaves = {X};
      Leaves.insert(Leaves.end(), P.begin(), P.end());
      // Sum of the three outputs as the one tensor to differentiate.
      compareOp(
          R, O, "packed_linear3", Shape, Leaves,
          [&] {
            return torch::linear(X, P[0], P[1]) + torch::linear(X, P[2], P[3]) +
                   torch::linear(X, P[4], P[5]);
          },
          [&] {
            auto [Q, Kt, V] = adopter::ops::packed_linear3(X, P[0], P[1], P[2],
                                                           P[3], P[4], P[5]);
            return Q + Kt + V;
          });
    }
  }
  return R.finish();
}
