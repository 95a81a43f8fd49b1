// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// The dropout ends a callee and the add + LayerNorm are in the caller: the
// chain is reported at the call, fixable: the call is replaced and the
// callee stays (for another module's call too).
#include <torch/torch.h>

namespace F = torch::nn::functional;

// GPT-2: the attention submodule ends with its residual dropout.
struct AttnImpl : torch::nn::Module {
  AttnImpl() {
    c_proj = register_module("c_proj", torch::nn::Linear(16, 16));
    resid_dropout = register_module("resid_dropout", torch::nn::Dropout(0.1));
  }
  torch::Tensor forward(torch::Tensor x) {
    return resid_dropout(c_proj(torch::softmax(x, -1)));
  }
  torch::nn::Linear c_proj{nullptr};
  torch::nn::Dropout resid_dropout{nullptr};
};
TORCH_MODULE(Attn);

// A free helper that ends with the functional dropout.
torch::Tensor ffn(const torch::Tensor &x, torch::nn::Linear &fc, bool training) {
  return F::dropout(fc(x), F::DropoutFuncOptions().p(0.1).training(training));
}

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    norm3 = register_module("norm3", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    norm4 = register_module("norm4", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    attn = register_module("attn", Attn());
    fc = register_module("fc", torch::nn::Linear(16, 16));
    dropout1 = register_module("dropout1", torch::nn::Dropout(0.1));
  }
  // torch.nn.TransformerEncoderLayer: an own method ends with the dropout.
  torch::Tensor sa_block(torch::Tensor x) {
    return dropout1(torch::tanh(x));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn(ln_1(x));
    auto h = ln_2(x);
    h = norm3(h + ffn(h, fc, is_training()));
    return norm4(sa_block(h) + h);
  }
  torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr}, norm3{nullptr}, norm4{nullptr};
  Attn attn{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::nn::Dropout dropout1{nullptr};
};
TORCH_MODULE(Block);

// SharedAttn is called by two modules: the chain in Post is reported, and
// fixable at Post's call (SharedAttn::forward stays for Pre).
struct SharedAttnImpl : torch::nn::Module {
  SharedAttnImpl() { drop = register_module("drop", torch::nn::Dropout(0.1)); }
  torch::Tensor forward(torch::Tensor x) { return drop(torch::sigmoid(x)); }
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(SharedAttn);

struct PreImpl : torch::nn::Module {
  PreImpl() { attn = register_module("attn", SharedAttn()); }
  torch::Tensor forward(torch::Tensor x) { return torch::relu(attn(x)); }
  SharedAttn attn{nullptr};
};
TORCH_MODULE(Pre);

struct PostImpl : torch::nn::Module {
  PostImpl() {
    attn = register_module("attn", SharedAttn());
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) { return norm(x + attn(x)); }
  SharedAttn attn{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Post);

// CHECK:{{.*}}cross-function.cpp:45:13: warning: dropout, the residual add and LayerNorm can run as one fused kernel that reads the activations once (adopter::ops::dropout_add_layer_norm) [adopter-dropout-add-layernorm]
// CHECK-NEXT:    x = x + attn(ln_1(x));
// CHECK-NEXT:            ^
// CHECK-NEXT:{{.*}}cross-function.cpp:18:12: note: 'aten::dropout' is part of the chain, inside 'Attn::forward'
// CHECK-NEXT:    return resid_dropout(c_proj(torch::softmax(x, -1)));
// CHECK-NEXT:           ^
// CHECK-NEXT:{{.*}}cross-function.cpp:45:11: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:46:14: note: 'ln_2' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:47:19: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}cross-function.cpp:27:10: note: 'aten::dropout' is part of the chain, inside 'ffn'
// CHECK:{{.*}}cross-function.cpp:47:17: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:47:9: note: 'norm3' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:48:18: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}cross-function.cpp:42:12: note: 'aten::dropout' is part of the chain, inside 'Block::sa_block'
// CHECK:{{.*}}cross-function.cpp:48:30: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:48:12: note: 'norm4' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:78:60: warning: dropout, the residual add and LayerNorm {{.*}} [adopter-dropout-add-layernorm]
// CHECK:{{.*}}cross-function.cpp:61:51: note: 'aten::dropout' is part of the chain, inside 'SharedAttn::forward'
// CHECK:{{.*}}cross-function.cpp:78:58: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:78:51: note: 'norm' (torch::nn::LayerNorm) is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
