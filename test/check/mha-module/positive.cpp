// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 3
//
// Calls of a torch::nn::MultiheadAttention submodule in the spellings real
// code uses: operator() with std::get<0>, forward() with a key padding mask,
// need_weights = false and an attention mask, a structured binding, std::tie,
// options objects (dropout, kdim/vdim, bias), and a call on one branch of an
// if/else. Each call is one site, at the call. The fused module gains only
// with need_weights = false: a site is a call that passes it (pool_attn) or
// one whose attention weights nothing reads (self_attn, local_attn: only
// std::get<0>). cross_attn and gate_attn bind the weights (a structured
// binding, std::tie), so they are not sites.
// --explain: the selection decision of a one-op candidate.
#include <torch/torch.h>

#include <tuple>

using torch::nn::MultiheadAttention;
using torch::nn::MultiheadAttentionOptions;

struct DecoderLayerImpl : torch::nn::Module {
  DecoderLayerImpl() {
    self_attn = register_module("self_attn", MultiheadAttention(64, 8));
    cross_attn = register_module("cross_attn",
                                 MultiheadAttention(MultiheadAttentionOptions(64, 8).dropout(0.1).kdim(32).vdim(32)));
    pool_attn = register_module("pool_attn", MultiheadAttention(MultiheadAttentionOptions(64, 4).bias(false)));
    gate_attn = register_module("gate_attn", MultiheadAttention(64, 2));
    local_attn = register_module("local_attn", MultiheadAttention(64, 2));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor mem, torch::Tensor pad_mask, torch::Tensor causal) {
    x = x + std::get<0>(self_attn(x, x, x));
    auto [ctx, weights] = cross_attn->forward(x, mem, mem, pad_mask);
    x = x + ctx;
    auto pooled = std::get<0>(pool_attn->forward(x.mean(0, true), x, x, /*key_padding_mask=*/{},
                                                 /*need_weights=*/false, causal));
    torch::Tensor g, w;
    std::tie(g, w) = gate_attn(x, x, x);
    if (is_training()) {
      return x + pooled + g;
    } else {
      return x + std::get<0>(local_attn(x, x, x)) + g;
    }
  }

  MultiheadAttention self_attn{nullptr}, cross_attn{nullptr}, pool_attn{nullptr}, gate_attn{nullptr},
      local_attn{nullptr};
};
TORCH_MODULE(DecoderLayer);

// CHECK:{{.*}}positive.cpp:35:25: warning: MultiheadAttention 'self_attn' can use a fused attention module with the same parameters (adopter::nn::FusedMultiheadAttention) [adopter-mha-module]
// CHECK-NEXT:    x = x + std::get<0>(self_attn(x, x, x));
// CHECK-NEXT:                        ^
// CHECK:{{.*}}positive.cpp:38:42: warning: MultiheadAttention 'pool_attn' {{.*}} [adopter-mha-module]
// CHECK:{{.*}}positive.cpp:45:30: warning: MultiheadAttention 'local_attn' {{.*}} [adopter-mha-module]
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:35:25: warning: MultiheadAttention 'self_attn' can use a fused attention module {{.*}} [adopter-mha-module]
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:35:13: note: 'prim::getitem' is part of the chain
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:35:25: note: selected: score 0.17 = 1 ops x (1 - 1/1.20), no overlapping candidate
// EXPLAIN:  module DecoderLayer: 12 ops; adopter kernels: 3 (mha-module x3); LibTorch ops: 9
