// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-masked-softmax' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-masked-softmax in clang-tidy's fixture style: an in-place mask, a
// mul scale and softmax(-1) are reported; the in-place masked_fill_ is a
// statement of its own that changes logits, so there is no fix-it and the
// code stays as it is. A softmax over dim 1, a
// log_softmax, masked scores that are also returned, and a chain followed by
// the product with v (an attention site) are look-alikes that must not warn.
#include <torch/torch.h>
#include <tuple>

struct PaddingMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor pad) {
    logits.masked_fill_(pad.unsqueeze(1), -1e4);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: the scale, the mask and softmax can run as one fused kernel that reads the scores once (adopter::ops::masked_softmax) [adopter-masked-softmax]
    auto probs = (logits * 0.125).softmax(-1);
    // CHECK-MESSAGES: :[[@LINE-1]]:26: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:35: note: 'aten::softmax' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:12: note: no fix-it: the statement at t.cpp:[[@LINE-5]]:5 does more than store an op of the chain in a local variable
    // CHECK-FIXES: auto probs = (logits * 0.125).softmax(-1);
    return probs;
  }
};

// Negative: softmax over dim 1; log_softmax; the masked scores m are
// returned too.
struct LookAlikeImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor s, torch::Tensor mask) {
    auto a = torch::softmax(s.masked_fill(mask, -1e9), 1);
    auto b = torch::log_softmax(s + mask, -1);
    auto m = s.masked_fill(mask, -1e9);
    return std::make_tuple(a + b + torch::softmax(m, -1), m);
  }
};

// Negative for this check: followed by the product with v, the chain is an
// adopter-attention site, which covers more ops.
struct FullAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1)).masked_fill(mask, -1e9);
    return torch::matmul(torch::softmax(s, -1), v);
  }
};
