// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// RMSNorm written out, in the spellings real code uses: LLaMA (rsqrt, then
// * weight), the HF LLaMA float32 upcast with .to(kFloat) and type_as, T5
// (weight first, `variance` in a variable), `/ sqrt(...)` with x * x and
// torch::square, a method chain, and no weight at all.
#include <torch/torch.h>

struct LlamaRMSNormImpl : torch::nn::Module {
  LlamaRMSNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight = register_parameter("weight", torch::ones({dim}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps_);
    return output * weight;
  }
  double eps_;
  torch::Tensor weight;
};
TORCH_MODULE(LlamaRMSNorm);

struct HFRMSNormImpl : torch::nn::Module {
  HFRMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor forward(torch::Tensor hidden_states) {
    auto input = hidden_states.to(torch::kFloat);
    auto variance = input.pow(2).mean(-1, true);
    auto normed = input * torch::rsqrt(variance + 1e-6);
    return normed.type_as(hidden_states) * weight;
  }
  torch::Tensor weight;
};
TORCH_MODULE(HFRMSNorm);

struct T5LayerNormImpl : torch::nn::Module {
  T5LayerNormImpl(int64_t hidden_size, double eps)
      : weight(register_parameter("weight", torch::ones({hidden_size}))), variance_epsilon(eps) {}
  torch::Tensor forward(const torch::Tensor &hidden_states) {
    auto variance = hidden_states.pow(2).mean(-1, /*keepdim=*/true);
    auto normed = hidden_states * torch::rsqrt(variance + variance_epsilon);
    return weight * normed;
  }
  torch::Tensor weight;
  double variance_epsilon;
};
TORCH_MODULE(T5LayerNorm);

struct ScaleNormImpl : torch::nn::Module {
  ScaleNormImpl() { g = register_parameter("g", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y, torch::Tensor z) {
    auto a = x / torch::sqrt((x * x).mean({-1}, true) + 1e-5) * g;
    auto b = y / torch::sqrt(torch::square(y).mean(-1, true) + 1e-5);
    auto c = z.mul(torch::mean(z.pow(2), -1, true).add(1e-6).rsqrt());
    return a + b + c;
  }
  torch::Tensor g;
};
TORCH_MODULE(ScaleNorm);

// CHECK:{{.*}}positive.cpp:15:38: warning: this is RMSNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::rms_norm) [adopter-rmsnorm-manual]
// CHECK-NEXT:    auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps_);
// CHECK-NEXT:                                     ^
// CHECK-NEXT:{{.*}}positive.cpp:15:45: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:15:72: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:15:23: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:15:21: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:16:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:26:32: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}positive.cpp:27:27: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:27:34: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:28:49: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:28:27: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:28:25: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:29:19: note: 'aten::type_as' is part of the chain
// CHECK:{{.*}}positive.cpp:29:42: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:39:35: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}positive.cpp:39:42: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:40:57: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:40:35: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:40:33: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:41:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:51:33: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}positive.cpp:51:38: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:51:55: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:51:18: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:51:16: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:51:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:52:30: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}positive.cpp:52:47: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:52:62: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:52:18: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:52:16: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:53:34: warning: this is RMSNorm {{.*}} [adopter-rmsnorm-manual]
// CHECK:{{.*}}positive.cpp:53:20: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:53:52: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:53:62: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:53:16: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
