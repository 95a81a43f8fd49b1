// RUN: %adopter check --packs torch-builtin --torch-version 2.4 %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// Attention split across functions:
// * the whole chain in a free helper called three times: reported once,
//   inside it;
// * the scores in an own method: reported at its call, fixable;
// * the softmax and the dropout in a submodule's forward, the scores and the
//   product with v in the caller: reported in the caller, fixable;
// * the weights in a method with a second caller (an attention-entropy
//   penalty): reported at the call, not fixable.
#include <torch/torch.h>
#include <cmath>

torch::Tensor attend(const torch::Tensor &q, const torch::Tensor &k, const torch::Tensor &v,
                     const torch::Tensor &pad) {
  auto s = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
  s = s.masked_fill(pad, -1e9);
  return torch::matmul(torch::softmax(s, -1), v);
}

struct DecoderLayerImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor mem, torch::Tensor pad) {
    auto h = x + attend(x, x, x, pad);
    return h + attend(h, mem, mem, pad) + attend(h.flip(1), mem, mem, pad);
  }
};
TORCH_MODULE(DecoderLayer);

struct SplitImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    return torch::bmm(q, k.transpose(1, 2)) * scale;
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(scores(q, k), -1);
    return torch::bmm(w, v);
  }
  double scale = 0.125;
};
TORCH_MODULE(Split);

struct ProbsImpl : torch::nn::Module {
  ProbsImpl() { dropout = register_module("dropout", torch::nn::Dropout(0.1)); }
  torch::Tensor forward(torch::Tensor s) { return dropout(torch::softmax(s, -1)); }
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(Probs);

struct ModularAttentionImpl : torch::nn::Module {
  ModularAttentionImpl() { probs = register_module("probs", Probs()); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) * 0.125;
    return torch::matmul(probs(s), v);
  }
  Probs probs{nullptr};
};
TORCH_MODULE(ModularAttention);

struct EntropyRegImpl : torch::nn::Module {
  torch::Tensor weights(torch::Tensor q, torch::Tensor k) {
    return torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * 0.125, -1);
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor q2) {
    auto out = torch::matmul(weights(q, k), v);
    auto w2 = weights(q2, k);
    return out + (w2 * w2.log()).sum(-1, true).mean();
  }
};
TORCH_MODULE(EntropyReg);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:17:12: warning: this is scaled dot-product attention written out op by op; LibTorch 2.x's at::scaled_dot_product_attention fuses it [adopter-builtin-sdpa]
// CHECK:{{.*}}cross-function.cpp:17:50: note: 'aten::div' is part of the chain
// CHECK:{{.*}}cross-function.cpp:18:9: note: 'aten::masked_fill' is part of the chain
// CHECK:{{.*}}cross-function.cpp:19:24: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}cross-function.cpp:19:10: note: 'aten::matmul' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:35:29: warning: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// CHECK:{{.*}}cross-function.cpp:32:12: note: 'aten::bmm' is part of the chain, inside 'Split::scores'
// CHECK:{{.*}}cross-function.cpp:32:45: note: 'aten::mul' is part of the chain, inside 'Split::scores'
// CHECK:{{.*}}cross-function.cpp:35:14: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}cross-function.cpp:36:12: note: 'aten::bmm' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:52:14: warning: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// CHECK:{{.*}}cross-function.cpp:52:52: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:44:59: note: 'aten::softmax' is part of the chain, inside 'Probs::forward'
// CHECK:{{.*}}cross-function.cpp:44:51: note: 'aten::dropout' is part of the chain, inside 'Probs::forward'
// CHECK:{{.*}}cross-function.cpp:53:12: note: 'aten::matmul' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:64:30: warning: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// CHECK:{{.*}}cross-function.cpp:61:27: note: 'aten::matmul' is part of the chain, inside 'EntropyReg::weights'
// CHECK:{{.*}}cross-function.cpp:61:65: note: 'aten::mul' is part of the chain, inside 'EntropyReg::weights'
// CHECK:{{.*}}cross-function.cpp:61:12: note: 'aten::softmax' is part of the chain, inside 'EntropyReg::weights'
// CHECK:{{.*}}cross-function.cpp:64:16: note: 'aten::matmul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:64:30: note: not fixable: the chain continues inside 'EntropyReg::weights', which is called from 2 places ({{.*}}cross-function.cpp:64:30, {{.*}}cross-function.cpp:65:15); rewriting it would change the other callers
// CHECK-NOT: warning
