//===- norms_bench.cpp - Fused norms against the unfused chains -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// For the activation shapes of real models, times each fused norm against
// the unfused LibTorch chain it replaces, forward (under NoGradGuard) and
// forward + backward (torch::autograd::grad w.r.t. every input, with an
// upstream gradient for both outputs of the add variants). A and B runs are
// interleaved; the median of each and the ratio unfused / fused are printed,
// one line per (kernel, shape, pass).
//
//   bench-kernels-norms [--quick] [--reps N] [--bf16]
//
//===----------------------------------------------------------------------===//

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

double median(std::vector<double> V) {
  std::sort(V.begin(), V.end());
  size_t N = V.size();
  return N % 2 ? V[N / 2] : 0.5 * (V[N / 2 - 1] + V[N / 2]);
}

double timeOnce(const std::function<void()> &F) {
  auto T0 = std::chrono::steady_clock::now();
  F();
  auto T1 = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::milli>(T1 - T0).count();
}

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
  bool Quick = false, BF16 = false;
  int Reps = 0;
  for (int I = 1; I < Argc; ++I) {
    if (!std::strcmp(Argv[I], "--quick"))
      Quick = true;
    else if (!std::strcmp(Argv[I], "--bf16"))
      BF16 = true;
    else if (!std::strcmp(Argv[I], "--reps") && I + 1 < Argc)
      Reps = std::atoi(Argv[++I]);
    else {
      std::fprintf(stderr, "usage: %s [--quick] [--reps N] [--bf16]\n",
                   Argv[0]);
      return 2;
    }
  }
  const auto DType = BF16 ? torch::kBFloat16 : torch::kFloat;
  std::printf("# adopter_kernels norms benchmark: %s, %d threads, median of "
              "interleaved A/B repetitions, times in ms\n",
              BF16 ? "bfloat16" : "float32", at::get_num_threads());
  std::printf("%-15s %-12s %-16s %-8s %5s %10s %10s %8s\n", "kernel", "model",
              "rows x hidden", "pass", "reps", "unfused", "fused", "speedup");
  torch::manual_seed(0);
  for (const Shape &S : Shapes) {
    const int64_t Rows = S.Batch * S.Seq;
    // Fewer repetitions for the large LLaMA activations.
    int R = Reps ? Reps : (Quick ? 3 : 5);
    if (!Reps && S.Hidden >= 4096)
      R = Quick ? 1 : 2;
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
          Outputs O = F();
          Outputs G = HasResidual ? Outputs{GS, GY} : Outputs{GY};
          torch::autograd::grad(O, Wrt, G);
        };
        Run(Fused); // warm-up
        Run(Unfused);
        std::vector<double> TF, TU;
        for (int I = 0; I < R; ++I) {
          TU.push_back(timeOnce([&] { Run(Unfused); }));
          TF.push_back(timeOnce([&] { Run(Fused); }));
        }
        const double MU = median(TU), MF = median(TF);
        char Dims[32];
        std::snprintf(Dims, sizeof(Dims), "%lldx%lld",
                      static_cast<long long>(Rows),
                      static_cast<long long>(S.Hidden));
        std::printf("%-15s %-12s %-16s %-8s %5d %10.2f %10.2f %7.2fx\n",
                    KernelNames[K], S.Model, Dims, Pass ? "fwd+bwd" : "fwd", R,
                    MU, MF, MU / MF);
        std::fflush(stdout);
      }
    }
  }
  return 0;
}
