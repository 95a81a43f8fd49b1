// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-builtin-sdpa' -config="{CheckOptions: {adopter.Packs: torch-builtin, adopter.TorchVersion: '2.4'}}" --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-builtin-sdpa (torch-builtin pack, LibTorch >= 2.0; the headers here
// are older, so TorchVersion is set to 2.4) in clang-tidy's fixture style:
// BERT's self-attention, one op per statement, is reported; the rule declares
// no 'rewrite:', so there is no fix-it and the code stays as it is. Gemma 2's
// logit soft-capping, scores masked to 0 (not attention masking), and
// weights that are also returned are look-alikes that must not warn.
#include <torch/torch.h>
#include <tuple>

struct BertSelfAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor query_layer, torch::Tensor key_layer,
                        torch::Tensor value_layer, torch::Tensor attention_mask) {
    auto attention_scores = torch::matmul(query_layer, key_layer.transpose(-1, -2));
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: this is scaled dot-product attention written out op by op; LibTorch 2.x's at::scaled_dot_product_attention fuses it [adopter-builtin-sdpa]
    attention_scores = attention_scores / 8.0;
    // CHECK-MESSAGES: :[[@LINE-1]]:41: note: 'aten::div' is part of the chain
    attention_scores = attention_scores + attention_mask;
    // CHECK-MESSAGES: :[[@LINE-1]]:41: note: 'aten::add' is part of the chain
    auto attention_probs = torch::softmax(attention_scores, -1);
    // CHECK-MESSAGES: :[[@LINE-1]]:28: note: 'aten::softmax' is part of the chain
    return torch::matmul(attention_probs, value_layer);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'aten::matmul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-10]]:29: note: no fix-it: apply cannot write the replacement of rule 'builtin-sdpa' yet (the rule declares no 'rewrite:'); its example shows the change to make by hand
    // CHECK-FIXES: return torch::matmul(attention_probs, value_layer);
  }
};

// Negative: soft-capping between the product and the softmax; a fill of 0;
// the weights w are returned too.
struct LookAlikeImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor m) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) * 0.125;
    s = torch::tanh(s / 50.0) * 50.0;
    auto a = torch::matmul(torch::softmax(s, -1), v);
    auto z = torch::matmul(q, k.transpose(-2, -1)).masked_fill(m, 0.0);
    auto b = torch::matmul(torch::softmax(z, -1), v);
    auto w = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * 0.125, -1);
    return std::make_tuple(a + b + torch::matmul(w, v), w);
  }
};
