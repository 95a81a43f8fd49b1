// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// Three Linears on one input, same in_features and bias setting; reported at
// the first of the three in source order. Not in sequential.cpp: the three
// Linears read one value, and a Sequential chains each element to the next.
//
// The message names the three projections, in source order (they were
// printed last to first, which is why these lines once left them out).
#include <torch/torch.h>
#include <tuple>

torch::Tensor grouped_attention(torch::Tensor q, torch::Tensor k, torch::Tensor v);

// Multi-head self-attention: q/k/v on separate statements, heads split.
struct SelfAttentionImpl : torch::nn::Module {
  SelfAttentionImpl(int64_t d, int64_t h) : n_head(h) {
    query = register_module("query", torch::nn::Linear(d, d));
    key = register_module("key", torch::nn::Linear(d, d));
    value = register_module("value", torch::nn::Linear(d, d));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto B = x.size(0), T = x.size(1);
    auto q = query(x).view({B, T, n_head, -1}).transpose(1, 2);
    auto k = key(x).view({B, T, n_head, -1}).transpose(1, 2);
    auto v = value(x).view({B, T, n_head, -1}).transpose(1, 2);
    return torch::cat({q, k, v}, -1);
  }
  int64_t n_head;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
};
TORCH_MODULE(SelfAttention);

// Grouped-query attention: k and v are narrower (same in_features), no bias;
// the projections are arguments of one call.
struct GqaImpl : torch::nn::Module {
  GqaImpl(int64_t d, int64_t kv) {
    wq = register_module("wq", torch::nn::Linear(torch::nn::LinearOptions(d, d).bias(false)));
    wk = register_module("wk", torch::nn::Linear(torch::nn::LinearOptions(d, kv).bias(false)));
    wv = register_module("wv", torch::nn::Linear(torch::nn::LinearOptions(d, kv).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) { return grouped_attention(wq(x), wk(x), wv(x)); }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};

// The projections in an own method returning a tuple: reported there.
struct ProjectImpl : torch::nn::Module {
  ProjectImpl() {
    q_proj = register_module("q_proj", torch::nn::Linear(64, 64));
    k_proj = register_module("k_proj", torch::nn::Linear(64, 64));
    v_proj = register_module("v_proj", torch::nn::Linear(64, 64));
  }
  std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> project(torch::Tensor h) {
    return std::make_tuple(q_proj(h), k_proj(h), v_proj(h));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto qkv = project(x);
    return std::get<0>(qkv) * std::get<1>(qkv) + std::get<2>(qkv);
  }
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr};
};

// CHECK:{{.*}}positive.cpp:24:14: warning: three Linears read the same input; one packed GEMM computes 'query', 'key' and 'value' in a single pass (adopter::ops::packed_linear3) [adopter-fused-qkv]
// CHECK-NEXT:    auto q = query(x).view({B, T, n_head, -1}).transpose(1, 2);
// CHECK-NEXT:             ^
// CHECK-NEXT:{{.*}}positive.cpp:25:14: note: 'key' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:26:14: note: 'value' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:42:69: warning: three Linears read the same input; one packed GEMM computes 'wq', 'wk' and 'wv' in a single pass (adopter::ops::packed_linear3) [adopter-fused-qkv]
// CHECK:{{.*}}positive.cpp:42:76: note: 'wk' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:42:83: note: 'wv' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:54:28: warning: three Linears read the same input; one packed GEMM computes 'q_proj', 'k_proj' and 'v_proj' in a single pass (adopter::ops::packed_linear3) [adopter-fused-qkv]
// CHECK:{{.*}}positive.cpp:54:39: note: 'k_proj' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:54:50: note: 'v_proj' (torch::nn::Linear) is part of the chain
// CHECK-NOT: warning
