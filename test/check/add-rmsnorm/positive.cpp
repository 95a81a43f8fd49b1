// RUN: %adopter check --no-builtin-rules --rules %S/../../../rules/adopter/add-rmsnorm.yaml %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// Residual add -> RMSNorm written out, in the spellings real code uses: the
// sum reused by the next residual (the rule yields it), the HF float32 upcast
// with .to(kFloat) and type_as, an in-place `+=` with `/ sqrt` and x * x.
// Only this rule is loaded: the matches are checked here, not the choice
// against rmsnorm-manual, which matches the same ops minus the add.
//
// Not in a Sequential: it passes one value from element to element, so the
// add can only be inside a user residual element; that is not covered here.
#include <torch/torch.h>

struct DecoderLayerImpl : torch::nn::Module {
  DecoderLayerImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    o_proj = register_module("o_proj", torch::nn::Linear(16, 16));
    down = register_module("down", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = x + o_proj(x);
    auto n = h * torch::rsqrt(h.pow(2).mean(-1, true) + 1e-6) * weight;
    return h + down(n);
  }
  torch::Tensor weight;
  torch::nn::Linear o_proj{nullptr}, down{nullptr};
};
TORCH_MODULE(DecoderLayer);

struct HFDecoderLayerImpl : torch::nn::Module {
  HFDecoderLayerImpl() { weight = register_parameter("weight", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor hidden_states, torch::Tensor residual) {
    hidden_states = residual + hidden_states;
    auto input = hidden_states.to(torch::kFloat);
    auto variance = input.pow(2).mean(-1, true);
    auto normed = input * torch::rsqrt(variance + 1e-6);
    return weight * normed.type_as(hidden_states);
  }
  torch::Tensor weight;
};
TORCH_MODULE(HFDecoderLayer);

struct InPlaceImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    x += y;
    return x / torch::sqrt((x * x).mean(-1, true) + 1e-5);
  }
};
TORCH_MODULE(InPlace);

// CHECK:{{.*}}positive.cpp:21:16: warning: the residual add and RMSNorm can run as one fused kernel that also returns the sum (adopter::ops::add_rms_norm) [adopter-add-rmsnorm]
// CHECK:{{.*}}positive.cpp:22:33: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:22:40: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:22:55: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:22:18: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:22:16: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:22:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:33:30: warning: the residual add and RMSNorm {{.*}} [adopter-add-rmsnorm]
// CHECK:{{.*}}positive.cpp:34:32: note: 'aten::to' is part of the chain
// CHECK:{{.*}}positive.cpp:35:27: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:35:34: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:36:49: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:36:27: note: 'aten::rsqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:36:25: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:37:28: note: 'aten::type_as' is part of the chain
// CHECK:{{.*}}positive.cpp:37:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:45:7: warning: the residual add and RMSNorm {{.*}} [adopter-add-rmsnorm]
// CHECK:{{.*}}positive.cpp:46:31: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:46:36: note: 'aten::mean' is part of the chain
// CHECK:{{.*}}positive.cpp:46:51: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:46:16: note: 'aten::sqrt' is part of the chain
// CHECK:{{.*}}positive.cpp:46:14: note: 'aten::div' is part of the chain
// CHECK-NOT: warning
