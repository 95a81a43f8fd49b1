//===- adam_bench.cpp - FusedAdam against torch::optim::Adam --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Times one optimizer step of torch::optim::Adam / AdamW against
// adopter::optim::FusedAdam / FusedAdamW over the parameter lists of real
// models (every tensor at its real shape):
//   BERT-base (bert-base-uncased: embeddings 30522x768, 512x768, 2x768, 12
//     layers of q/k/v/o 768x768, 3072x768, 768x3072, biases, LayerNorms,
//     pooler): 109.5M parameters in 199 tensors;
//   GPT-2 small (wte 50257x768, wpe 1024x768, 12 layers of c_attn 768x2304,
//     c_proj 768x768, c_fc 768x3072, c_proj 3072x768, biases, LayerNorms):
//     124.4M parameters in 148 tensors;
//   many small tensors: 2000 of 1000 elements.
// Both optimizers update the same parameters and gradients, each with its
// own state; one step of each runs first so that the state exists and the
// peak counts only what a step allocates. Weight decay 0.01 (Adam: L2 term;
// AdamW: decoupled).
//
//   bench-kernels-adam [--quick] [--reps N] [--bf16] [--filter S]
//
// --quick runs 3 repetitions; --bf16 uses bfloat16 parameters.
// Timing, peak memory and the caching allocator: BenchHarness.h.
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/FusedAdam.h"

#include <torch/torch.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using Shapes = std::vector<std::vector<int64_t>>;

Shapes bertBase() {
  Shapes S = {{30522, 768}, {512, 768}, {2, 768}, {768}, {768}};
  for (int L = 0; L < 12; ++L) {
    for (int I = 0; I < 4; ++I) { // query, key, value, attention output
      S.push_back({768, 768});
      S.push_back({768});
    }
    S.push_back({768}); // attention LayerNorm
    S.push_back({768});
    S.push_back({3072, 768}); // intermediate
    S.push_back({3072});
    S.push_back({768, 3072}); // output
    S.push_back({768});
    S.push_back({768}); // output LayerNorm
    S.push_back({768});
  }
  S.push_back({768, 768}); // pooler
  S.push_back({768});
  return S;
}

Shapes gpt2Small() {
  Shapes S = {{50257, 768}, {1024, 768}};
  for (int L = 0; L < 12; ++L) {
    S.push_back({768}); // ln_1
    S.push_back({768});
    S.push_back({768, 2304}); // c_attn
    S.push_back({2304});
    S.push_back({768, 768}); // attn c_proj
    S.push_back({768});
    S.push_back({768}); // ln_2
    S.push_back({768});
    S.push_back({768, 3072}); // c_fc
    S.push_back({3072});
    S.push_back({3072, 768}); // mlp c_proj
    S.push_back({768});
  }
  S.push_back({768}); // ln_f
  S.push_back({768});
  return S;
}

Shapes manySmall() { return Shapes(2000, std::vector<int64_t>{1000}); }

std::string describe(const char *Model, const Shapes &S) {
  int64_t N = 0;
  for (const auto &Sh : S) {
    int64_t K = 1;
    for (int64_t D : Sh)
      K *= D;
    N += K;
  }
  char Buf[160];
  std::snprintf(Buf, sizeof(Buf), "%s %.1fM params, %zu tensors", Model,
                N / 1e6, S.size());
  return Buf;
}

template <typename TorchOpt, typename FusedOpt, typename Options>
void run(adopter::bench::Report &R, const adopter::bench::Options &O,
         const char *Kernel, const char *Model, const Shapes &S) {
  const std::string Shape = describe(Model, S);
  if (!R.selected(Kernel, Shape, O))
    return;
  const auto Dtype = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  std::vector<torch::Tensor> Params;
  for (const auto &Sh : S) {
    auto P = (torch::randn(Sh) * 0.02).to(Dtype).requires_grad_();
    P.mutable_grad() = (torch::randn(Sh) * 1e-3).to(Dtype);
    Params.push_back(P);
  }
  Options Opts(1e-4);
  Opts.weight_decay(0.01);
  TorchOpt Ref(Params, Opts);
  FusedOpt Fused(Params, Opts);
  Ref.step(); // create the state outside the measured calls
  Fused.step();
  R.compare(
      Kernel, Shape, "step", [&] { Ref.step(); }, [&] { Fused.step(); }, O);
}

} // namespace

int main(int Argc, char **Argv) {
  adopter::bench::Options O = adopter::bench::parseOptions(Argc, Argv, "");
  torch::manual_seed(0);
  adopter::bench::Report R(O.Bf16 ? "Adam / AdamW step (bfloat16)"
                                  : "Adam / AdamW step (float32)");
  struct Model {
    const char *Name;
    Shapes S;
  };
  const Model Models[] = {{"BERT-base", bertBase()},
                          {"GPT-2 small", gpt2Small()},
                          {"2000 x 1000", manySmall()}};
  for (const Model &M : Models) {
    run<torch::optim::Adam, adopter::optim::FusedAdam,
        torch::optim::AdamOptions>(R, O, "adam", M.Name, M.S);
    run<torch::optim::AdamW, adopter::optim::FusedAdamW,
        torch::optim::AdamWOptions>(R, O, "adamw", M.Name, M.S);
  }
  return R.finish();
}
