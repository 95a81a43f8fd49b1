//===- norms_bench.cpp - Fused norms against the unfused chains -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// For the activation shapes of real models, times each fused norm against
// the unfused LibTorch chain it replaces, forward (under NoGradGuard) and
// forward + backward (torch::autograd::grad w.r.t. every input, with an
// upstream gradient for both outputs of the add variants), one row per
// (kernel, shape, pass).
//
//   bench-kernels-norms [--quick] [--reps N] [--bf16] [--filter S]
//
// Timing, peak memory and the caching allocator: BenchHarness.h.
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/Norms.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

struct Shape {
  const char *Model;
  int64_t Batch, Seq, Hidden;
};

const Shape Shapes[] = {{"BERT-base", 8, 512, 768},
                        {"GPT-2 small", 8, 1024, 768},
                        {"LLaMA-7B", 4, 2048, 4096}};

const char *KernelNames[] = {"layer_norm", "add_layer_norm", "rms_norm",
                             "add_rms_norm"};

using Outputs = std::vector<torch::Tensor>;
using Runner = std::function<Outputs()>;

struct Inputs {
  torch::Tensor X, R, W, B;
  double Eps;
};

/// The fused kernel K and the unfused chain it replaces.
std::pair<Runner, Runner> makeRunners(int K, const Inputs &In) {
  const int64_t N = In.X.size(-1);
  switch (K) {
  case 0:
    return {[&In] {
              return Outputs{
                  adopter::ops::layer_norm(In.X, In.W, In.B, In.Eps)};
            },
            [&In, N] {
              return Outputs{torch::layer_norm(In.X, {N}, In.W, In.B, In.Eps)};
            }};
  case 1:
    return {[&In] {
              auto [S, Y] =
                  adopter::ops::add_layer_norm(In.X, In.R, In.W, In.B, In.Eps);
              return Outputs{S, Y};
            },
            [&In, N] {
              auto S = In.X + In.R;
              return Outputs{S, torch::layer_norm(S, {N}, In.W, In.B, In.Eps)};
            }};
  case 2:
    return {
        [&In] { return Outputs{adopter::ops::rms_norm(In.X, In.W, In.Eps)}; },
        [&In] {
          return Outputs{
              In.X * torch::rsqrt(In.X.pow(2).mean(-1, true) + In.Eps) * In.W};
        }};
  default:
    return {[&In] {
              auto [S, Y] =
                  adopter::ops::add_rms_norm(In.X, In.R, In.W, In.Eps);
              return Outputs{S, Y};
            },
            [&In] {
              auto S = In.X + In.R;
              return Outputs{
                  S, S * torch::rsqrt(S.pow(2).mean(-1, true) + In.Eps) * In.W};
            }};
  }
}

} // namespace

int main(int Argc, char **Argv) {
  const adopter::bench::Options O =
      adopter::bench::parseOptions(Argc, Argv, "");
  const auto DType = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  adopter::bench::Report Rep(std::string("adopter_kernels norms, ") +
                             (O.Bf16 ? "bfloat16" : "float32"));
  torch::manual_seed(0);
  for (const Shape &S : Shapes) {
    const int64_t Rows = S.Batch * S.Seq;
    // Fewer repetitions for the large LLaMA activations.
    const int R = S.Hidden >= 4096 ? std::max(1, O.Reps / 3) : O.Reps;
    char Dims[64];
    std::snprintf(Dims, sizeof(Dims), "%s %lldx%lld", S.Model,
                  static_cast<long long>(Rows),
                  static_cast<long long>(S.Hidden));
    auto Opts = torch::TensorOptions().dtype(DType);
    Inputs In;
    In.X = torch::randn({S.Batch, S.Seq, S.Hidden}, Opts).requires_grad_(true);
    In.R = torch::randn({S.Batch, S.Seq, S.Hidden}, Opts).requires_grad_(true);
    In.W = (torch::rand({S.Hidden}) + 0.5).to(DType).requires_grad_(true);
    In.B = (torch::randn({S.Hidden}) * 0.1).to(DType).requires_grad_(true);
    In.Eps = 1e-5;
    torch::Tensor GY = torch::randn({S.Batch, S.Seq, S.Hidden}, Opts);
    torch::Tensor GS = torch::randn({S.Batch, S.Seq, S.Hidden}, Opts);
    for (int K = 0; K < 4; ++K) {
      auto Runners = makeRunners(K, In);
      auto Fused = Runners.first, Unfused = Runners.second;
      const bool HasResidual = K == 1 || K == 3;
      const bool HasBias = K < 2;
      std::vector<torch::Tensor> Wrt{In.X};
      if (HasResidual)
        Wrt.push_back(In.R);
      Wrt.push_back(In.W);
      if (HasBias)
        Wrt.push_back(In.B);
      for (int Pass = 0; Pass < 2; ++Pass) {
        auto Run = [&](const Runner &F) {
          if (Pass == 0) {
            torch::NoGradGuard NoGrad;
            F();
            return;
          }
          Outputs Out = F();
          Outputs G = HasResidual ? Outputs{GS, GY} : Outputs{GY};
          torch::autograd::grad(Out, Wrt, G);
        };
        Rep.compare(
            KernelNames[K], Dims, Pass ? "fwd+bwd" : "fwd",
            [&] { Run(Unfused); }, [&] { Run(Fused); }, O, R);
      }
    }
  }
  return Rep.finish();
}
