//===- FusedMultiheadAttentionTest.cpp - MHA replacement vs torch's -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A torch::nn::MultiheadAttention checkpoint loads into
// adopter::nn::FusedMultiheadAttention (same parameter names and shapes),
// and in eval mode the outputs and the gradients of the inputs and of every
// parameter match torch's module: self-attention, kdim != embed_dim,
// key_padding_mask, attn_mask (2-D float), both, bias_k / bias_v,
// add_zero_attn; need_weights = true returns torch's weights.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/FusedMultiheadAttention.h"

#include <sstream>
#include <string>
#include <vector>

using adopter::test::checkClose;

namespace {

std::vector<std::string> keys(const torch::nn::Module &M) {
  std::vector<std::string> K;
  for (const auto &P : M.named_parameters())
    K.push_back(P.key() + " " + c10::str(P.value().sizes()));
  return K;
}

adopter::nn::FusedMultiheadAttention
loadFused(torch::nn::MultiheadAttention &Ref,
          const torch::nn::MultiheadAttentionOptions &O) {
  std::stringstream SS;
  torch::save(Ref, SS);
  adopter::nn::FusedMultiheadAttention Fused(O);
  torch::load(Fused, SS);
  CHECK(keys(*Fused) == keys(*Ref));
  return Fused;
}

void compare(const torch::nn::MultiheadAttentionOptions &O, int64_t L,
             int64_t S, int64_t N, bool Self, const torch::Tensor &Kpm,
             const torch::Tensor &AttnMask) {
  torch::nn::MultiheadAttention Ref(O);
  {
    // Non-zero biases so that their gradients mean something.
    torch::NoGradGuard G;
    for (auto &P : Ref->parameters())
      P.add_(torch::randn(P.sizes()) * 0.1);
  }
  auto Fused = loadFused(Ref, O);
  Ref->eval();
  Fused->eval();
  auto Q = torch::randn({L, N, O.embed_dim()}, torch::requires_grad());
  auto K = Self ? Q : torch::randn({S, N, O.kdim()}, torch::requires_grad());
  auto V = Self ? Q : torch::randn({S, N, O.vdim()}, torch::requires_grad());
  auto [YR, WR] = Ref->forward(Q, K, V, Kpm, false, AttnMask);
  auto [YF, WF] = Fused->forward(Q, K, V, Kpm, false, AttnMask);
  CHECK_FALSE(WF.defined());
  checkClose("output", YF, YR, 1e-4, 1e-5);
  auto G = torch::randn(YR.sizes());
  std::vector<torch::Tensor> In{Q};
  if (!Self) {
    In.push_back(K);
    In.push_back(V);
  }
  auto RP = Ref->parameters(), FP = Fused->parameters();
  std::vector<torch::Tensor> XR = In, XF = In;
  XR.insert(XR.end(), RP.begin(), RP.end());
  XF.insert(XF.end(), FP.begin(), FP.end());
  auto GR = torch::autograd::grad({YR}, XR, {G});
  auto GF = torch::autograd::grad({YF}, XF, {G});
  REQUIRE(GR.size() == GF.size());
  for (size_t I = 0; I < GR.size(); ++I)
    checkClose("grad " + std::to_string(I), GF[I], GR[I], 1e-3, 1e-4);
  // need_weights: torch's exact path, weights included.
  auto [YR2, WR2] = Ref->forward(Q, K, V, Kpm, true, AttnMask);
  auto [YF2, WF2] = Fused->forward(Q, K, V, Kpm, true, AttnMask);
  checkClose("weights", WF2, WR2, 1e-6, 1e-7);
  checkClose("output (need_weights)", YF2, YR2, 1e-6, 1e-7);
}

} // namespace

TEST_CASE("FusedMultiheadAttention matches torch::nn::MultiheadAttention",
          "[attention][mha]") {
  torch::manual_seed(21);
  using Opts = torch::nn::MultiheadAttentionOptions;
  // Self-attention, no masks / causal float mask / key padding / both.
  const int64_t L = 19, N = 3;
  auto Causal = torch::triu(torch::full({L, L}, -INFINITY), 1);
  auto Kpm = torch::zeros({N, L}, torch::kBool);
  Kpm.index_put_({0, torch::indexing::Slice(15)}, true);
  compare(Opts(32, 4), L, L, N, true, {}, {});
  compare(Opts(32, 4), L, L, N, true, {}, Causal);
  compare(Opts(32, 4), L, L, N, true, Kpm, {});
  compare(Opts(32, 4), L, L, N, true, Kpm, Causal);
  // Cross-attention with kdim = vdim != embed_dim, no bias. (LibTorch 1.13
  // rejects 3-D attn_masks, so only 2-D ones are compared.)
  const int64_t S = 23;
  compare(Opts(24, 3).kdim(10).vdim(10), L, S, N, false, {},
          torch::randn({L, S}));
  compare(Opts(24, 2).bias(false), L, S, N, false, torch::rand({N, S}) < 0.2,
          {});
  // bias_k / bias_v and add_zero_attn.
  compare(Opts(16, 2).add_bias_kv(true).add_zero_attn(true), L, S, N, false,
          torch::rand({N, S}) < 0.2, torch::randn({L, S}));
}

TEST_CASE("FusedMultiheadAttention rejects bad shapes", "[attention][mha]") {
  adopter::nn::FusedMultiheadAttention M(16, 2);
  auto Q = torch::randn({5, 2, 16});
  CHECK_THROWS_WITH(M->forward(torch::randn({5, 2, 12}), Q, Q, {}, false),
                    Catch::Contains("expected query of shape [L, N, 16]"));
  CHECK_THROWS_WITH(
      M->forward(Q, Q, Q, torch::zeros({2, 4}, torch::kBool), false),
      Catch::Contains("key_padding_mask of shape [2, 5]"));
}

TEST_CASE("FusedMultiheadAttention in training drops what torch's drops",
          "[attention][mha]") {
  // A rewrite must not change a seeded training run: with dropout > 0 the
  // attention weights are dropped by the same draws as torch's module (the
  // outputs match and the generator ends in the same state).
  torch::manual_seed(5);
  using Opts = torch::nn::MultiheadAttentionOptions;
  for (bool Self : {true, false}) {
    INFO((Self ? "self-attention" : "cross-attention"));
    auto O = Opts(16, 4).dropout(0.3);
    torch::nn::MultiheadAttention Ref(O);
    auto Fused = loadFused(Ref, O);
    auto Q = torch::randn({5, 2, 16});
    auto K = Self ? Q : torch::randn({7, 2, 16});
    auto Kpm = torch::zeros({2, K.size(0)}, torch::kBool);
    Kpm.index_put_({1, -1}, true);
    torch::manual_seed(11);
    auto YR = std::get<0>(Ref->forward(Q, K, K, Kpm, false));
    auto AfterR = torch::rand({4});
    torch::manual_seed(11);
    auto YF = std::get<0>(Fused->forward(Q, K, K, Kpm, false));
    auto AfterF = torch::rand({4});
    checkClose("output", YF, YR, 1e-5, 1e-6);
    CHECK(torch::equal(AfterF, AfterR));
  }
}
