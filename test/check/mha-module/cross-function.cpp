// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 2
//
// mha-module is one op, so its chain never spans two functions: a call of a
// MultiheadAttention is reported where the call is written, once, however
// many times that function runs (and it is never "not fixable" because of
// other callers, since the rewrite only changes the submodule's type):
// * inside a user SelfAttention module used by two layers (sa1, sa2):
//   reported once, in SelfAttention::forward;
// * inside an own method of the model (cross_attend): reported there.
#include <torch/torch.h>

#include <tuple>

struct SelfAttentionImpl : torch::nn::Module {
  SelfAttentionImpl() {
    attn = register_module("attn", torch::nn::MultiheadAttention(64, 8));
    drop = register_module("drop", torch::nn::Dropout(0.1));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto out = std::get<0>(attn(x, x, x));
    return drop(out);
  }
  torch::nn::MultiheadAttention attn{nullptr};
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(SelfAttention);

struct DecoderImpl : torch::nn::Module {
  DecoderImpl() {
    sa1 = register_module("sa1", SelfAttention());
    sa2 = register_module("sa2", SelfAttention());
    ca = register_module("ca", torch::nn::MultiheadAttention(64, 8));
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor mem) {
    x = x + sa1(x);
    x = x + cross_attend(x, mem);
    return x + sa2(x);
  }

  torch::Tensor cross_attend(const torch::Tensor &q, const torch::Tensor &mem) {
    return std::get<0>(ca->forward(q, mem, mem));
  }

  SelfAttention sa1{nullptr}, sa2{nullptr};
  torch::nn::MultiheadAttention ca{nullptr};
};
TORCH_MODULE(Decoder);

// CHECK:{{.*}}cross-function.cpp:23:28: warning: MultiheadAttention 'attn' can use a fused attention module with the same parameters (adopter::nn::FusedMultiheadAttention) [adopter-mha-module]
// CHECK-NEXT:    auto out = std::get<0>(attn(x, x, x));
// CHECK-NEXT:                           ^
// CHECK-NEXT:{{.*}}cross-function.cpp:23:16: note: 'prim::getitem' is part of the chain
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}cross-function.cpp:45:28: warning: MultiheadAttention 'ca' {{.*}} [adopter-mha-module]
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}cross-function.cpp:45:12: note: 'prim::getitem' is part of the chain
// CHECK-NOT: {{warning|note}}
