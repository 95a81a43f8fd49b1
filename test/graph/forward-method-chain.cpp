// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Attention with q_proj, k_proj, v_proj, out_proj = Linear(in=64, out=64) each; forward: q = q_proj(x), k = k_proj(x), v = v_proj(x); att = q.matmul(k.transpose(-2, -1)).div(scale).softmax(-1) where scale = sqrt(64.0) = 8; y = att.matmul(v); return out_proj(y) — the method chain must be recovered as the op sequence transpose(k, -2, -1) -> matmul(q, .) -> div(., scale) -> softmax(., -1) -> matmul(., v).
#include <torch/torch.h>

#include <cmath>

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(int64_t dim) : scale(std::sqrt(static_cast<double>(dim))) {
    q_proj = register_module("q_proj", torch::nn::Linear(dim, dim));
    k_proj = register_module("k_proj", torch::nn::Linear(dim, dim));
    v_proj = register_module("v_proj", torch::nn::Linear(dim, dim));
    out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
  }

  torch::Tensor forward(torch::Tensor x) {
    auto q = q_proj(x);
    auto k = k_proj(x);
    auto v = v_proj(x);
    auto att = q.matmul(k.transpose(-2, -1)).div(scale).softmax(-1);
    auto y = att.matmul(v);
    return out_proj(y);
  }

  double scale;
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr},
      out_proj{nullptr};
};
TORCH_MODULE(Attention);

int main() {
  Attention attn(64);
  auto y = attn(torch::randn({2, 5, 64}));
  return y.size(2) == 64 ? 0 : 1;
}

// CHECK-LABEL:module Attention {impl="AttentionImpl"} @{{.*}}forward-method-chain.cpp:9:8
// CHECK-NEXT:  q_proj = torch::nn::Linear(in_features=`dim`, out_features=`dim`) {registered} @{{.*}}forward-method-chain.cpp:27:21
// CHECK-NEXT:  k_proj = torch::nn::Linear(in_features=`dim`, out_features=`dim`) {registered} @{{.*}}forward-method-chain.cpp:27:38
// CHECK-NEXT:  v_proj = torch::nn::Linear(in_features=`dim`, out_features=`dim`) {registered} @{{.*}}forward-method-chain.cpp:27:55
// CHECK-NEXT:  out_proj = torch::nn::Linear(in_features=`dim`, out_features=`dim`) {registered} @{{.*}}forward-method-chain.cpp:28:7
// CHECK-NEXT:  forward(%x) @{{.*}}forward-method-chain.cpp:17:17:
// CHECK-NEXT:    %0 = q_proj(%x) @{{.*}}forward-method-chain.cpp:18:14
// CHECK-NEXT:    %1 = k_proj(%x) @{{.*}}forward-method-chain.cpp:19:14
// CHECK-NEXT:    %2 = v_proj(%x) @{{.*}}forward-method-chain.cpp:20:14
// CHECK-NEXT:    %3 = aten::transpose(%1, -2, -1) @{{.*}}forward-method-chain.cpp:21:27
// CHECK-NEXT:    %4 = aten::matmul(%0, %3) @{{.*}}forward-method-chain.cpp:21:18
// CHECK-NEXT:    %5 = aten::div(%4, `scale`) @{{.*}}forward-method-chain.cpp:21:46
// CHECK-NEXT:    %6 = aten::softmax(%5, -1) @{{.*}}forward-method-chain.cpp:21:57
// CHECK-NEXT:    %7 = aten::matmul(%6, %2) @{{.*}}forward-method-chain.cpp:22:18
// CHECK-NEXT:    %8 = out_proj(%7) @{{.*}}forward-method-chain.cpp:23:12
// CHECK-NEXT:    return %8 @{{.*}}forward-method-chain.cpp:23:5
