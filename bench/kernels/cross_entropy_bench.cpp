//===- cross_entropy_bench.cpp - Fused cross-entropy vs. the chain --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Times adopter::ops::cross_entropy against torch::nll_loss(torch::log_softmax
// (x, 1), t) at GPT-2's vocabulary (8 x 128 tokens x 50257 classes) and at
// ImageNet classification (256 x 1000), forward (under NoGradGuard) and
// forward + backward (torch::autograd::grad w.r.t. the logits).
//
//   bench-kernels-cross-entropy [--quick] [--reps N] [--bf16] [--filter S]
//
// Timing, peak memory and the caching allocator: BenchHarness.h.
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/CrossEntropy.h"

#include <torch/torch.h>

#include <cstdio>
#include <string>

namespace {

struct Shape {
  const char *Model;
  int64_t Rows, Classes;
};

const Shape Shapes[] = {{"GPT-2 vocab", 8 * 128, 50257},
                        {"ImageNet", 256, 1000}};

} // namespace

int main(int Argc, char **Argv) {
  const adopter::bench::Options O =
      adopter::bench::parseOptions(Argc, Argv, "");
  const auto DType = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  adopter::bench::Report Rep(std::string("adopter_kernels cross-entropy, ") +
                             (O.Bf16 ? "bfloat16" : "float32"));
  torch::manual_seed(0);
  for (const Shape &S : Shapes) {
    // --quick: a quarter of the GPT-2 tokens.
    const int64_t Rows = O.Quick && S.Classes > 10000 ? S.Rows / 4 : S.Rows;
    char Dims[64];
    std::snprintf(Dims, sizeof(Dims), "%s %lldx%lld", S.Model,
                  static_cast<long long>(Rows),
                  static_cast<long long>(S.Classes));
    auto X =
        torch::randn({Rows, S.Classes}, torch::TensorOptions().dtype(DType))
            .requires_grad_(true);
    auto T = torch::randint(0, S.Classes, {Rows}, torch::kLong);
    auto Fused = [&] { return adopter::ops::cross_entropy(X, T); };
    auto Unfused = [&] { return torch::nll_loss(torch::log_softmax(X, 1), T); };
    for (int Pass = 0; Pass < 2; ++Pass) {
      auto Run = [&](const std::function<torch::Tensor()> &F) {
        if (Pass == 0) {
          torch::NoGradGuard NoGrad;
          F();
          return;
        }
        torch::autograd::grad({F()}, {X});
      };
      Rep.compare(
          "cross_entropy", Dims, Pass ? "fwd+bwd" : "fwd",
          [&] { Run(Unfused); }, [&] { Run(Fused); }, O);
    }
  }
  return Rep.finish();
}
