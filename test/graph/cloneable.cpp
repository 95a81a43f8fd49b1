// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Block (BlockImpl : torch::nn::Cloneable<BlockImpl>, TORCH_MODULE(Block)) whose submodules are registered in reset(), which the constructor calls: norm = LayerNorm(normalized_shape={dim}) and proj = Linear(in=dim, out=dim) with dim = 32 in main; forward: x -> norm -> proj -> add residual x -> return.
#include <torch/torch.h>

struct BlockImpl : torch::nn::Cloneable<BlockImpl> {
  explicit BlockImpl(int64_t dim) : dim_(dim) { reset(); }

  void reset() override {
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim_})));
    proj = register_module("proj", torch::nn::Linear(dim_, dim_));
  }

  torch::Tensor forward(torch::Tensor x) {
    auto h = norm(x);
    h = proj(h);
    return x + h;
  }

  int64_t dim_;
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(Block);

int main() {
  Block block(32);
  auto copy = block->clone();
  auto y = block(torch::randn({4, 32}));
  return y.size(1) == 32 && copy ? 0 : 1;
}

// CHECK-LABEL:module Block {impl="BlockImpl", base="torch::nn::Cloneable"} @{{.*}}cloneable.cpp:7:8
// CHECK-NEXT:  norm = torch::nn::LayerNorm(normalized_shape=[`dim_`]) {registered} @{{.*}}cloneable.cpp:23:24
// CHECK-NEXT:  proj = torch::nn::Linear(in_features=`dim_`, out_features=`dim_`) {registered} @{{.*}}cloneable.cpp:24:21
// CHECK-NEXT:  forward(%x) @{{.*}}cloneable.cpp:16:17:
// CHECK-NEXT:    %0 = norm(%x) @{{.*}}cloneable.cpp:17:14
// CHECK-NEXT:    %1 = proj(%0) @{{.*}}cloneable.cpp:18:9
// CHECK-NEXT:    %2 = aten::add(%x, %1) @{{.*}}cloneable.cpp:19:14
// CHECK-NEXT:    return %2 @{{.*}}cloneable.cpp:19:5
