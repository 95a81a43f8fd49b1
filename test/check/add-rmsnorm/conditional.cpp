// RUN: %adopter check --no-builtin-rules --rules %S/../../../rules/adopter/add-rmsnorm.yaml %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 1
//
// T5-style block: the cross-attention residual is added only in the decoder
// (`if (is_decoder)`), and the feed-forward norm reads the value that joins
// both paths. The add is part of the chain, marked conditional (the fused
// kernel takes the residual's second operand as optional); the sum itself
// is the rule's second output, so the later residual may read it.
//
// Not a site: the same shape where the add's value is also printed inside
// the branch (an intermediate used outside the chain).
#include <torch/torch.h>

struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl() { weight = register_parameter("weight", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor x) {
    auto var = x.pow(2).mean(-1, true);
    return weight * (x * torch::rsqrt(var + 1e-6));
  }
  torch::Tensor weight;
};
TORCH_MODULE(RMSNorm);

struct BlockImpl : torch::nn::Module {
  BlockImpl(bool dec) : is_decoder(dec) {
    ln_ff = register_module("ln_ff", RMSNorm());
    cross = register_module("cross", torch::nn::Linear(16, 16));
    ff = register_module("ff", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor memory) {
    if (is_decoder) {
      h = h + cross(memory);
    }
    h = h + ff(ln_ff(h));
    return h;
  }
  bool is_decoder;
  RMSNorm ln_ff{nullptr};
  torch::nn::Linear cross{nullptr}, ff{nullptr};
};
TORCH_MODULE(Block);

struct NoisyBlockImpl : torch::nn::Module {
  NoisyBlockImpl(bool dec) : is_decoder(dec) {
    ln_ff = register_module("ln_ff", RMSNorm());
    cross = register_module("cross", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor memory) {
    torch::Tensor seen;
    if (is_decoder) {
      h = h + cross(memory);
      seen = h.abs();
    }
    return ln_ff(h) + seen;
  }
  bool is_decoder;
  RMSNorm ln_ff{nullptr};
  torch::nn::Linear cross{nullptr};
};
TORCH_MODULE(NoisyBlock);

// CHECK:{{.*}}conditional.cpp:34:13: warning: the residual add and RMSNorm {{.*}} [adopter-add-rmsnorm]
// CHECK-NEXT:      h = h + cross(memory);
// CHECK-NEXT:            ^
// CHECK-NEXT:{{.*}}conditional.cpp:34:13: note: 'aten::add' runs only on the path where 'is_decoder'
// CHECK:{{.*}}conditional.cpp:19:18: note: 'aten::pow' is part of the chain, inside 'RMSNorm::forward'
