// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Block whose option values come from symbolic sources: values known at compile time fold to constants, values that depend on a constructor parameter stay as C++ expressions: q = Linear(in=`cfg.hidden`, out=64 from constexpr kDim) (registered but unused in forward), up = Linear(in=`cfg.hidden`, out=`cfg.hidden * 4`), down = Linear(in=`cfg.hidden * 4`, out=`cfg.hidden`), drop = Dropout(p=0.1 from static const double member kDropout), norm = LayerNorm(normalized_shape={256} from enum value kNormDim); forward: x -> norm -> up -> torch::gelu -> down -> drop -> add residual x -> return.
#include <torch/torch.h>

constexpr int kDim = 64;

enum Size : int64_t { kNormDim = 256 };

struct Config {
  int64_t hidden = 256;
  int64_t heads = 8;
};

struct BlockImpl : torch::nn::Module {
  static const double kDropout;

  explicit BlockImpl(const Config &cfg) {
    q = register_module("q", torch::nn::Linear(cfg.hidden, kDim));
    up = register_module("up", torch::nn::Linear(cfg.hidden, cfg.hidden * 4));
    down = register_module("down", torch::nn::Linear(cfg.hidden * 4, cfg.hidden));
    drop = register_module("drop", torch::nn::Dropout(kDropout));
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({kNormDim})));
  }

  torch::Tensor forward(torch::Tensor x) {
    auto h = up(norm(x));
    h = torch::gelu(h);
    h = drop(down(h));
    return x + h;
  }

  torch::nn::Linear q{nullptr}, up{nullptr}, down{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
const double BlockImpl::kDropout = 0.1;
TORCH_MODULE(Block);

int main() {
  Config cfg;
  Block block(cfg);
  auto y = block(torch::randn({2, cfg.hidden}));
  return y.size(1) == 256 ? 0 : 1;
}

// CHECK-LABEL:module Block {impl="BlockImpl"} @{{.*}}options-symbolic.cpp:16:8
// CHECK-NEXT:  q = torch::nn::Linear(in_features=`cfg.hidden`, out_features=64) {registered} @{{.*}}options-symbolic.cpp:35:21
// CHECK-NEXT:  up = torch::nn::Linear(in_features=`cfg.hidden`, out_features=`cfg.hidden * 4`) {registered} @{{.*}}options-symbolic.cpp:35:33
// CHECK-NEXT:  down = torch::nn::Linear(in_features=`cfg.hidden * 4`, out_features=`cfg.hidden`) {registered} @{{.*}}options-symbolic.cpp:35:46
// CHECK-NEXT:  drop = torch::nn::Dropout(p=0.1) {registered} @{{.*}}options-symbolic.cpp:36:22
// CHECK-NEXT:  norm = torch::nn::LayerNorm(normalized_shape=[256]) {registered} @{{.*}}options-symbolic.cpp:37:24
// CHECK-NEXT:  forward(%x) @{{.*}}options-symbolic.cpp:28:17:
// CHECK-NEXT:    %0 = norm(%x) @{{.*}}options-symbolic.cpp:29:17
// CHECK-NEXT:    %1 = up(%0) @{{.*}}options-symbolic.cpp:29:14
// CHECK-NEXT:    %2 = aten::gelu(%1) @{{.*}}options-symbolic.cpp:30:9
// CHECK-NEXT:    %3 = down(%2) @{{.*}}options-symbolic.cpp:31:14
// CHECK-NEXT:    %4 = aten::dropout(%3) {via=drop} @{{.*}}options-symbolic.cpp:31:9
// CHECK-NEXT:    %5 = aten::add(%x, %4) @{{.*}}options-symbolic.cpp:32:14
// CHECK-NEXT:    return %5 @{{.*}}options-symbolic.cpp:32:5
