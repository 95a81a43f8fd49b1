// RUN: %adopter check --packs torch-builtin --torch-version 2.4 %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs torch-builtin --torch-version 2.3 --explain %s -- %torch_flags > %t.old.txt
// RUN: FileCheck --match-full-lines --check-prefix=OLD %s < %t.old.txt
//
// RMSNorm written out, reported by the torch-builtin pack (replacement:
// torch::rms_norm, LibTorch >= 2.4; the headers here are 1.13, so the first
// RUN passes --torch-version 2.4, and the second shows that with 2.3 the
// candidates are rejected): LLaMA (rsqrt, then * weight); a float32 upcast with
// .to(kFloat) and type_as before the weight; T5 (weight first, `variance` in a
// variable); `/ sqrt(...)` with x * x and torch::square; a method chain; and
// Gemma, where the chain ends before `* (1 + weight)` (not a parameter read).
#include <torch/torch.h>

struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl(int64_t dim, double eps) : eps(eps) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor forward(const torch::Tensor &x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps);
    return output * weight;
  }
  double eps;
  torch::Tensor weight;
};
TORCH_MODULE(RMSNorm);

struct UpcastRMSNormImpl : torch::nn::Module {
  UpcastRMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor forward(torch::Tensor hidden_states) {
    auto h = hidden_states.to(torch::kFloat);
    auto variance = h.pow(2).mean(-1, true);
    h = h * torch::rsqrt(variance + 1e-6);
    return h.type_as(hidden_states) * weight;
  }
  torch::Tensor weight;
};
TORCH_MODULE(UpcastRMSNorm);

struct T5LayerNormImpl : torch::nn::Module {
  T5LayerNormImpl(int64_t hidden_size, double eps)
      : weight(register_parameter("weight", torch::ones({hidden_size}))), variance_epsilon(eps) {}
  torch::Tensor forward(torch::Tensor hidden_states) {
    auto variance = hidden_states.pow(2).mean(-1, /*keepdim=*/true);
    hidden_states = hidden_states * torch::rsqrt(variance + variance_epsilon);
    return weight * hidden_states;
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
    auto c = z.mul(z.pow(2).mean(-1, true).add(1e-6).rsqrt());
    return a + b + c;
  }
  torch::Tensor g;
};
TORCH_MODULE(ScaleNorm);

struct GemmaRMSNormImpl : torch::nn::Module {
  GemmaRMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::zeros({dim})); }
  torch::Tensor forward(torch::Tensor x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
    return output * (1.0 + weight);
  }
  torch::Tensor weight;
};
TORCH_MODULE(GemmaRMSNorm);

// CHECK:{{.*}}positive.cpp:18:38: warning: this is RMSNorm written out op by op; LibTorch 2.4's torch::rms_norm computes it in one pass [adopter-builtin-rms-norm]
// CHECK-NEXT:    auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps);
// CHECK-NEXT:                                     ^
// CHECK-NEXT:{{.*}}positive.cpp:18:45: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:18:72: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:18:23: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:18:21: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:19:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:29:28: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}positive.cpp:30:23: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:30:30: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:31:35: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:31:13: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:31:11: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:32:14: note: 'aten::type_as' is part of the chain
// CHECK:{{.*}}positive.cpp:32:37: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:42:35: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}positive.cpp:42:42: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:43:59: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:43:37: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:43:35: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:44:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:54:33: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}positive.cpp:54:38: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:54:55: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:54:18: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:54:16: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:54:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:55:30: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}positive.cpp:55:47: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:55:62: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:55:18: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:55:16: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:56:22: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}positive.cpp:56:29: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:56:44: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:56:54: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:56:16: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:66:38: warning: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// CHECK:{{.*}}positive.cpp:66:45: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:66:60: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:66:23: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:66:21: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
//
// OLD-NOT: warning:
// OLD:{{.*}}positive.cpp:18:38: remark: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// OLD:{{.*}}positive.cpp:18:38: note: rejected: the rule needs LibTorch >=2.4 (found 2.3)
// OLD:{{.*}}positive.cpp:66:38: remark: this is RMSNorm {{.*}} [adopter-builtin-rms-norm]
// OLD:{{.*}}positive.cpp:66:38: note: rejected: the rule needs LibTorch >=2.4 (found 2.3)
// OLD-NOT: warning:
