// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of a MultiheadAttention call that must not be candidates of
// mha-module: LibTorch's Transformer layers (they hold a MultiheadAttention
// inside LibTorch, not in the user's code), a MultiheadAttention that is
// registered but never called, and a user module named MultiheadAttention
// that writes attention out (an attention site instead). The real call at the
// end is reported, which proves the check can fail.
#include <torch/torch.h>

#include <cmath>
#include <tuple>

namespace mylib {
struct MultiheadAttentionImpl : torch::nn::Module {
  MultiheadAttentionImpl() {
    q = register_module("q", torch::nn::Linear(64, 64));
    k = register_module("k", torch::nn::Linear(64, 64));
    v = register_module("v", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto scores = torch::matmul(q(x), k(x).transpose(-2, -1)) / std::sqrt(64.0);
    return torch::matmul(torch::softmax(scores, -1), v(x));
  }
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr};
};
TORCH_MODULE(MultiheadAttention);
} // namespace mylib

struct ModelImpl : torch::nn::Module {
  ModelImpl() {
    encoder = register_module("encoder", torch::nn::TransformerEncoderLayer(
                                             torch::nn::TransformerEncoderLayerOptions(64, 8).dim_feedforward(128)));
    decoder = register_module("decoder", torch::nn::TransformerDecoderLayer(64, 8));
    unused = register_module("unused", torch::nn::MultiheadAttention(64, 8));
    custom = register_module("custom", mylib::MultiheadAttention());
    attn = register_module("attn", torch::nn::MultiheadAttention(64, 8));
  }

  torch::Tensor forward(torch::Tensor src, torch::Tensor tgt) {
    auto mem = encoder(src);
    auto y = decoder(tgt, mem);
    y = custom(y);
    return std::get<0>(attn(y, mem, mem));
  }

  torch::nn::TransformerEncoderLayer encoder{nullptr};
  torch::nn::TransformerDecoderLayer decoder{nullptr};
  torch::nn::MultiheadAttention unused{nullptr}, attn{nullptr};
  mylib::MultiheadAttention custom{nullptr};
};
TORCH_MODULE(Model);

// CHECK: "parsed": true
// CHECK-NOT: "rule": "mha-module"
// CHECK:      "check": "adopter-attention",
// CHECK-NEXT: "class": "MultiheadAttentionImpl",
// CHECK-NEXT: "column": 19,
// CHECK:      "function": "MultiheadAttentionImpl::forward",
// CHECK-NEXT: "line": 23,
// CHECK-NOT: "rule": "mha-module"
// CHECK:      "check": "adopter-fused-qkv",
// CHECK-NOT: "rule": "mha-module"
// CHECK:      "check": "adopter-mha-module",
// CHECK-NEXT: "class": "ModelImpl",
// CHECK-NEXT: "column": 24,
// CHECK-NEXT: "decision": "selected: {{.*}}",
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "fixable": true,
// CHECK-NEXT: "function": "ModelImpl::forward",
// CHECK-NEXT: "line": 45,
// CHECK-NEXT: "message": "MultiheadAttention 'attn' can use {{.*}}",
// CHECK:      "rule": "mha-module",
// CHECK-NOT: "rule": "mha-module"
// CHECK:      "mha-module": 1

// Attention weights that the code reads (need_weights left at true, or
// passed true): the fused module would compute them as torch does, so
// these calls are not sites (the CHECK-NOTs above cover them).
struct WeightsReadImpl : torch::nn::Module {
  WeightsReadImpl() { attn = register_module("attn", torch::nn::MultiheadAttention(64, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    auto out = attn(x, x, x);
    auto kept = std::get<0>(attn->forward(x, x, x, {}, /*need_weights=*/true));
    return std::get<0>(out) + std::get<1>(out).sum() + kept;
  }
  torch::nn::MultiheadAttention attn{nullptr};
};
TORCH_MODULE(WeightsRead);
