// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-attention' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-attention in clang-tidy's fixture style: bmm(q, k^T), an additive
// mask, a div scale, softmax(-1) and bmm(., v) are reported, and the fix-it
// calls adopter::ops::attention (the mask added before the division:
// DivideAfterMask; the first two statements go). A softmax over the queries
// (dim 1) and attention maps kept for visualisation are look-alikes that
// must not warn.
// CHECK-FIXES: #include <adopter/kernels/Attention.h>
#include <torch/torch.h>
#include <vector>

struct BmmAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor bias) {
    auto s = torch::bmm(q, k.transpose(1, 2));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: this is scaled dot-product attention written out op by op; a flash-style fused kernel computes it without materialising the score matrix (adopter::ops::attention) [adopter-attention]
    s = (s + bias) / 8.0;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:20: note: 'aten::div' is part of the chain
    return torch::bmm(s.softmax(-1), v);
    // CHECK-MESSAGES: :[[@LINE-1]]:25: note: 'aten::softmax' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:12: note: 'aten::bmm' is part of the chain
    // CHECK-FIXES-NOT: auto s = torch::bmm
    // CHECK-FIXES: return adopter::ops::attention(q, k.transpose(1, 2), v, bias, 8.0, adopter::ops::ScaleMode::DivideAfterMask, adopter::ops::MaskKind::Additive);
  }
};

// Negative: the softmax normalises over the queries (dim 1).
struct QueryNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    return torch::matmul(torch::softmax(s, 1), v);
  }
};

// Negative: the attention weights are also collected, so the fused kernel
// (which never materialises them) cannot replace the chain.
struct MapsKeptImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 8.0, -1);
    maps.push_back(w);
    return torch::matmul(w, v);
  }
  std::vector<torch::Tensor> maps;
};
