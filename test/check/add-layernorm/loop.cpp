// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// A chain runs as often as each of its ops. The sum before the loop feeds
// the first iteration's LayerNorm only (later iterations read the updated
// x): not a site. The same add and LayerNorm inside the loop body are one.
#include <torch/torch.h>

struct StackImpl : torch::nn::Module {
  explicit StackImpl(int64_t depth) : depth(depth) {
    norm = register_module("norm", torch::nn::LayerNorm(
                                       torch::nn::LayerNormOptions({16})));
    norm2 = register_module("norm2", torch::nn::LayerNorm(
                                         torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor pos) {
    x = x + pos;
    for (int64_t i = 0; i < depth; ++i)
      x = torch::relu(norm(x));
    for (int64_t i = 0; i < depth; ++i) {
      auto h = x + pos;
      x = torch::relu(norm2(h));
    }
    return x;
  }
  int64_t depth;
  torch::nn::LayerNorm norm{nullptr}, norm2{nullptr};
};
TORCH_MODULE(Stack);

// CHECK-NOT:{{.*}}loop.cpp:17:{{.*}}warning
// CHECK:{{.*}}loop.cpp:21:18: warning: the residual add and LayerNorm {{.*}} [adopter-add-layernorm]
// CHECK-NEXT:      auto h = x + pos;
// CHECK-NEXT:                 ^
// CHECK-NEXT:{{.*}}loop.cpp:22:23: note: 'norm2' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: warning
