// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Stem with submodules built from chained option builders, every option value recovered: embed = Embedding(num_embeddings=1000, embedding_dim=64, padding_idx=0), conv = Conv2d(in=3, out=64, kernel=7, stride=2, padding=3, bias=false), norm = LayerNorm(normalized_shape={768}, eps=1e-12), drop = Dropout(p=0.1); forward(img, tokens): img -> conv -> flatten(1) -> norm, tokens -> embed -> drop, return both via std::make_tuple.
#include <torch/torch.h>

#include <tuple>

struct StemImpl : torch::nn::Module {
  StemImpl() {
    embed = register_module(
        "embed",
        torch::nn::Embedding(torch::nn::EmbeddingOptions(1000, 64).padding_idx(0)));
    conv = register_module(
        "conv", torch::nn::Conv2d(
                    torch::nn::Conv2dOptions(3, 64, 7).stride(2).padding(3).bias(false)));
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({768}).eps(1e-12)));
    drop = register_module("drop",
                           torch::nn::Dropout(torch::nn::DropoutOptions().p(0.1)));
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor img,
                                                   torch::Tensor tokens) {
    auto h = conv(img).flatten(1);
    h = norm(h);
    auto e = drop(embed(tokens));
    return std::make_tuple(h, e);
  }

  torch::nn::Embedding embed{nullptr};
  torch::nn::Conv2d conv{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(Stem);

int main() {
  Stem stem;
  // A 3x24x2 image gives 64x12x1 = 768 features after conv + flatten.
  auto out = stem(torch::randn({1, 3, 24, 2}), torch::randint(0, 1000, {1, 5}));
  return std::get<1>(out).size(2) == 64 ? 0 : 1;
}

// CHECK-LABEL:module Stem {impl="StemImpl"} @{{.*}}options-chain.cpp:9:8
// CHECK-NEXT:  embed = torch::nn::Embedding(num_embeddings=1000, embedding_dim=64, padding_idx=0) {registered} @{{.*}}options-chain.cpp:31:24
// CHECK-NEXT:  conv = torch::nn::Conv2d(in_channels=3, out_channels=64, kernel_size=7, stride=2, padding=3, bias=false) {registered} @{{.*}}options-chain.cpp:32:21
// CHECK-NEXT:  norm = torch::nn::LayerNorm(normalized_shape=[768], eps=1e-12) {registered} @{{.*}}options-chain.cpp:33:24
// CHECK-NEXT:  drop = torch::nn::Dropout(p=0.1) {registered} @{{.*}}options-chain.cpp:34:22
// CHECK-NEXT:  forward(%img, %tokens) @{{.*}}options-chain.cpp:23:44:
// CHECK-NEXT:    %0 = conv(%img) @{{.*}}options-chain.cpp:25:14
// CHECK-NEXT:    %1 = aten::flatten(%0, 1) @{{.*}}options-chain.cpp:25:24
// CHECK-NEXT:    %2 = norm(%1) @{{.*}}options-chain.cpp:26:9
// CHECK-NEXT:    %3 = embed(%tokens) @{{.*}}options-chain.cpp:27:19
// CHECK-NEXT:    %4 = aten::dropout(%3) {via=drop} @{{.*}}options-chain.cpp:27:14
// CHECK-NEXT:    return %2, %4 @{{.*}}options-chain.cpp:28:5
