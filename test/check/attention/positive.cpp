// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags > %t.explain.txt
// RUN: FileCheck --match-full-lines --check-prefix=EXPLAIN %s < %t.explain.txt
//
// matmul/bmm(q, k^T) -> [scale] -> [mask] -> softmax(-1) -> [dropout] ->
// matmul/bmm(., v) in the spellings real code uses. Not in sequential.cpp:
// the chain needs q, k and v, and a Sequential element has one input.
#include <torch/torch.h>
#include <cmath>
#include <limits>

namespace F = torch::nn::functional;

// GPT-2 style: packed qkv, key transposed in place, mul scale, masked_fill
// after scaling, softmax function, Dropout module.
struct CausalSelfAttentionImpl : torch::nn::Module {
  CausalSelfAttentionImpl(int64_t d, int64_t h) : n_head(h), head_dim(d / h) {
    c_attn = register_module("c_attn", torch::nn::Linear(d, 3 * d));
    attn_drop = register_module("attn_drop", torch::nn::Dropout(0.1));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto B = x.size(0), T = x.size(1), C = x.size(2);
    auto qkv = c_attn(x).view({B, T, 3, n_head, head_dim}).permute({2, 0, 3, 1, 4});
    auto q = qkv[0], k = qkv[1], v = qkv[2];
    auto mask = torch::ones({T, T}, x.options().dtype(torch::kBool)).tril();
    auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(head_dim)));
    att = att.masked_fill(mask.logical_not(), -std::numeric_limits<float>::infinity());
    att = attn_drop(torch::softmax(att, -1));
    return torch::matmul(att, v).transpose(1, 2).reshape({B, T, C});
  }
  int64_t n_head, head_dim;
  torch::nn::Linear c_attn{nullptr};
  torch::nn::Dropout attn_drop{nullptr};
};
TORCH_MODULE(CausalSelfAttention);

// bmm, key transposed several statements before, additive mask applied
// before an in-place div scale, softmax method, no dropout.
struct BmmAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor bias) {
    auto kt = k.transpose(1, 2);
    auto n = q.size(0);
    double scale = std::sqrt(double(q.size(-1)));
    auto s = torch::bmm(q, kt);
    s = s + bias;
    s /= scale;
    auto p = s.softmax(-1);
    return torch::bmm(p, v).view({n, -1});
  }
};

// No scale, torch::where mask, a Softmax module, method-call matmuls.
struct WhereAttentionImpl : torch::nn::Module {
  WhereAttentionImpl() { softmax = register_module("softmax", torch::nn::Softmax(-1)); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor keep) {
    auto s = q.matmul(k.transpose(-2, -1));
    s = torch::where(keep, s, torch::full({}, -1e4));
    return softmax(s).matmul(v);
  }
  torch::nn::Softmax softmax{nullptr};
};

// The query scaled before the matmul, no mask, F::softmax with options,
// F::dropout.
struct PrescaledAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    q = q / 8.0;
    auto w = F::softmax(torch::matmul(q, k.transpose(-2, -1)), F::SoftmaxFuncOptions(-1));
    w = F::dropout(w, F::DropoutFuncOptions().p(0.1).training(is_training()));
    return torch::matmul(w, v);
  }
};

// CHECK:{{.*}}positive.cpp:27:16: warning: this is scaled dot-product attention written out op by op; a flash-style fused kernel computes it without materialising the score matrix (adopter::ops::attention) [adopter-attention]
// CHECK-NEXT:    auto att = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(head_dim)));
// CHECK-NEXT:               ^
// CHECK-NEXT:{{.*}}positive.cpp:27:54: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:28:15: note: 'aten::masked_fill' is part of the chain
// CHECK:{{.*}}positive.cpp:29:21: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:29:11: note: 'aten::dropout' is part of the chain
// CHECK:{{.*}}positive.cpp:30:12: note: 'aten::matmul' is part of the chain
// CHECK:{{.*}}positive.cpp:46:14: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}positive.cpp:47:11: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:48:7: note: 'aten::div_' is part of the chain
// CHECK:{{.*}}positive.cpp:49:16: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:50:12: note: 'aten::bmm' is part of the chain
// CHECK:{{.*}}positive.cpp:59:16: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}positive.cpp:60:9: note: 'aten::where' is part of the chain
// CHECK:{{.*}}positive.cpp:61:12: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:61:23: note: 'aten::matmul' is part of the chain
// CHECK:{{.*}}positive.cpp:70:11: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}positive.cpp:71:25: note: 'aten::matmul' is part of the chain
// CHECK:{{.*}}positive.cpp:71:14: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:72:9: note: 'aten::dropout' is part of the chain
// CHECK:{{.*}}positive.cpp:73:12: note: 'aten::matmul' is part of the chain
// CHECK-NOT: warning
//
// --explain: the attention chain is chosen over the masked-softmax chain that
// shares its scale, mask and softmax.
// EXPLAIN:{{.*}}positive.cpp:27:16: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// EXPLAIN:{{.*}}positive.cpp:27:16: note: selected: score 2.67 = 6 ops x (1 - 1/1.80), part of the best non-overlapping set of 2 overlapping candidates
// EXPLAIN:{{.*}}positive.cpp:27:54: remark: the scale, the mask and softmax can run as one fused kernel that reads the scores once (adopter::ops::masked_softmax) [adopter-masked-softmax]
// EXPLAIN:{{.*}}positive.cpp:28:15: note: 'aten::masked_fill' is part of the chain
// EXPLAIN:{{.*}}positive.cpp:29:21: note: 'aten::softmax' is part of the chain
// EXPLAIN:{{.*}}positive.cpp:27:54: note: rejected: score 0.86 = 3 ops x (1 - 1/1.40); it overlaps attention at {{.*}}positive.cpp:27:16 (score 2.67), part of the non-overlapping set with the largest total
// EXPLAIN:  module CausalSelfAttention: {{[0-9]+}} ops; adopter kernels: 6 (attention x6); LibTorch ops: {{[0-9]+}}
