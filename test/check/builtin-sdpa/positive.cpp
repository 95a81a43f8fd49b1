// RUN: %adopter check --packs torch-builtin --torch-version 2.4 %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs torch-builtin --explain %s -- %torch_flags > %t.old.txt
// RUN: FileCheck --match-full-lines --check-prefix=OLD %s < %t.old.txt
//
// matmul/bmm(q, k^T) -> [scale] -> [mask] -> softmax(-1) -> [dropout] ->
// matmul/bmm(., v), reported by the torch-builtin pack (replacement:
// at::scaled_dot_product_attention, LibTorch >= 2.0; the headers here are
// 1.13, so the first RUN passes --torch-version 2.4 and the second shows the
// candidates rejected for the version).
#include <torch/torch.h>
#include <cmath>
#include <limits>

namespace F = torch::nn::functional;

// nanoGPT's slow path: method matmuls, mul scale, masked_fill with -inf
// after the scale, F::softmax, a Dropout module.
struct CausalSelfAttentionImpl : torch::nn::Module {
  CausalSelfAttentionImpl() { attn_dropout = register_module("attn_dropout", torch::nn::Dropout(0.1)); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto T = q.size(-2);
    auto causal = torch::ones({T, T}, q.options().dtype(torch::kBool)).tril();
    auto att = q.matmul(k.transpose(-2, -1)) * (1.0 / std::sqrt(double(k.size(-1))));
    att = att.masked_fill(causal.logical_not(), -std::numeric_limits<float>::infinity());
    att = attn_dropout(F::softmax(att, F::SoftmaxFuncOptions(-1)));
    return att.matmul(v);
  }
  torch::nn::Dropout attn_dropout{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

// BERT self-attention: div scale, then the additive extended mask, one op
// per statement, torch::dropout.
struct BertSelfAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor query_layer, torch::Tensor key_layer,
                        torch::Tensor value_layer, torch::Tensor attention_mask) {
    auto attention_scores = torch::matmul(query_layer, key_layer.transpose(-1, -2));
    attention_scores = attention_scores / std::sqrt(64.0);
    attention_scores = attention_scores + attention_mask;
    auto attention_probs = torch::softmax(attention_scores, -1);
    attention_probs = torch::dropout(attention_probs, 0.1, is_training());
    return torch::matmul(attention_probs, value_layer);
  }
};
TORCH_MODULE(BertSelfAttention);

// BART: the query scaled before a bmm, the key transposed in a variable.
struct BartAttentionImpl : torch::nn::Module {
  BartAttentionImpl() { q_proj = register_module("q_proj", torch::nn::Linear(64, 64)); }
  torch::Tensor forward(torch::Tensor hidden_states, torch::Tensor key_states,
                        torch::Tensor value_states) {
    auto query_states = q_proj(hidden_states) * scaling;
    auto kt = key_states.transpose(1, 2);
    auto attn_weights = torch::bmm(query_states, kt);
    attn_weights = attn_weights.softmax(-1);
    return torch::bmm(attn_weights, value_states);
  }
  double scaling = 0.125;
  torch::nn::Linear q_proj{nullptr};
};
TORCH_MODULE(BartAttention);

// A padding mask with torch::where before the scale, a Softmax module.
struct PaddedAttentionImpl : torch::nn::Module {
  PaddedAttentionImpl() { softmax = register_module("softmax", torch::nn::Softmax(-1)); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor keep) {
    auto s = torch::matmul(q, k.transpose(-2, -1));
    s = torch::where(keep, s, torch::full({}, -1e4)) / 8.0;
    return torch::matmul(softmax(s), v);
  }
  torch::nn::Softmax softmax{nullptr};
};
TORCH_MODULE(PaddedAttention);

// CHECK:{{.*}}positive.cpp:24:18: warning: this is scaled dot-product attention written out op by op; LibTorch 2.x's at::scaled_dot_product_attention fuses it [adopter-builtin-sdpa]
// CHECK-NEXT:    auto att = q.matmul(k.transpose(-2, -1)) * (1.0 / std::sqrt(double(k.size(-1))));
// CHECK-NEXT:                 ^
// CHECK-NEXT:{{.*}}positive.cpp:24:46: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:25:15: note: 'aten::masked_fill' is part of the chain
// CHECK:{{.*}}positive.cpp:26:24: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:26:11: note: 'aten::dropout' is part of the chain
// CHECK:{{.*}}positive.cpp:27:16: note: 'aten::matmul' is part of the chain
// CHECK:{{.*}}positive.cpp:38:29: warning: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// CHECK:{{.*}}positive.cpp:39:41: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:40:41: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:41:28: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:42:23: note: 'aten::dropout' is part of the chain
// CHECK:{{.*}}positive.cpp:43:12: note: 'aten::matmul' is part of the chain
// CHECK:{{.*}}positive.cpp:53:47: warning: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// CHECK:{{.*}}positive.cpp:55:25: note: 'aten::bmm' is part of the chain
// CHECK:{{.*}}positive.cpp:56:33: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:57:12: note: 'aten::bmm' is part of the chain
// CHECK:{{.*}}positive.cpp:68:14: warning: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// CHECK:{{.*}}positive.cpp:69:9: note: 'aten::where' is part of the chain
// CHECK:{{.*}}positive.cpp:69:54: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:70:26: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:70:12: note: 'aten::matmul' is part of the chain
// CHECK-NOT: warning
//
// OLD-NOT: warning:
// OLD:{{.*}}positive.cpp:24:18: remark: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// OLD:{{.*}}positive.cpp:24:18: note: rejected: the rule needs LibTorch >=2.0 (found 1.13)
// OLD:{{.*}}positive.cpp:38:29: remark: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// OLD:{{.*}}positive.cpp:38:29: note: rejected: the rule needs LibTorch >=2.0 (found 1.13)
// OLD:{{.*}}positive.cpp:53:47: remark: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// OLD:{{.*}}positive.cpp:53:47: note: rejected: the rule needs LibTorch >=2.0 (found 1.13)
// OLD:{{.*}}positive.cpp:68:14: remark: this is scaled dot-product attention {{.*}} [adopter-builtin-sdpa]
// OLD:{{.*}}positive.cpp:68:14: note: rejected: the rule needs LibTorch >=2.0 (found 1.13)
// OLD-NOT: warning:
