// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 2
//
// Why not torch::nn::Sequential: a MultiheadAttention takes (query, key,
// value) and returns an (output, weights) tuple, so it cannot sit between
// Sequential elements, which pass one tensor along. Real encoders hold it in
// a layer module and keep the layers in a ModuleList instead:
// * a ModuleList filled with push_back in a loop with a run-time count, and a
//   ModuleList literal, both of EncoderLayer, iterated in forward: the call
//   is reported once, in EncoderLayer::forward, however many layers run;
// * a second layer type (CrossLayer) whose MultiheadAttention is reached
//   through a ModuleList index and ptr<>(): reported in CrossLayer::forward.
#include <torch/torch.h>

#include <tuple>

struct EncoderLayerImpl : torch::nn::Module {
  EncoderLayerImpl() {
    attn = register_module("attn", torch::nn::MultiheadAttention(64, 8));
    ffn = register_module("ffn", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + std::get<0>(attn(x, x, x));
    return x + ffn(x);
  }
  torch::nn::MultiheadAttention attn{nullptr};
  torch::nn::Linear ffn{nullptr};
};
TORCH_MODULE(EncoderLayer);

struct CrossLayerImpl : torch::nn::Module {
  CrossLayerImpl() { attn = register_module("attn", torch::nn::MultiheadAttention(64, 4)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor mem) { return x + std::get<0>(attn->forward(x, mem, mem)); }
  torch::nn::MultiheadAttention attn{nullptr};
};
TORCH_MODULE(CrossLayer);

struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(int n_layers) {
    for (int i = 0; i < n_layers; ++i)
      layers->push_back(EncoderLayer());
    register_module("layers", layers);
    extra = register_module("extra", torch::nn::ModuleList(EncoderLayer(), EncoderLayer()));
    cross = register_module("cross", torch::nn::ModuleList(CrossLayer()));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor mem) {
    for (const auto &layer : *layers)
      x = layer->as<EncoderLayer>()->forward(x);
    for (const auto &layer : *extra)
      x = layer->as<EncoderLayer>()->forward(x);
    return cross->ptr<CrossLayerImpl>(0)->forward(x, mem);
  }

  torch::nn::ModuleList layers;
  torch::nn::ModuleList extra{nullptr}, cross{nullptr};
};
TORCH_MODULE(Encoder);

// CHECK:{{.*}}sequential.cpp:25:25: warning: MultiheadAttention 'attn' can use a fused attention module with the same parameters (adopter::nn::FusedMultiheadAttention) [adopter-mha-module]
// CHECK-NEXT:    x = x + std::get<0>(attn(x, x, x));
// CHECK-NEXT:                        ^
// CHECK-NEXT:{{.*}}sequential.cpp:25:13: note: 'prim::getitem' is part of the chain
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}sequential.cpp:35:92: warning: MultiheadAttention 'attn' {{.*}} [adopter-mha-module]
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}sequential.cpp:35:74: note: 'prim::getitem' is part of the chain
// CHECK-NOT: {{warning|note}}
