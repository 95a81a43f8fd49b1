// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-fused-qkv' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-fused-qkv in clang-tidy's fixture style: three Linears with the
// same in_features and bias setting reading one input are reported at the
// first, and the fix-it computes the three with one
// adopter::ops::packed_linear3 call over the members' weights (the members
// stay), declared before the statement, each read from its tuple.
// Cross-attention (k and v read the memory) and Whisper's bias-less k_proj
// are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/PackedLinear.h>
#include <torch/torch.h>

torch::Tensor attend(torch::Tensor q, torch::Tensor k, torch::Tensor v);

struct SelfAttentionImpl : torch::nn::Module {
  SelfAttentionImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(64, 64));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) { return attend(wq(x), wk(x), wv(x)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: three Linears read the same input; one packed GEMM computes 'wq', 'wk' and 'wv' in a single pass (adopter::ops::packed_linear3) [adopter-fused-qkv]
  // CHECK-MESSAGES: :[[@LINE-2]]:65: note: 'wk' (torch::nn::Linear) is part of the chain
  // CHECK-MESSAGES: :[[@LINE-3]]:72: note: 'wv' (torch::nn::Linear) is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { auto qkv = adopter::ops::packed_linear3(x, wq->weight, wq->bias, wk->weight, wk->bias, wv->weight, wv->bias); return attend(std::get<0>(qkv), std::get<1>(qkv), std::get<2>(qkv)); }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
  // CHECK-FIXES: torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};

// Negative: cross-attention, only two Linears read the same input.
struct CrossAttentionImpl : torch::nn::Module {
  CrossAttentionImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(64, 64));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor memory) { return attend(wq(x), wk(memory), wv(memory)); }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};

// Negative: k has no bias while q and v do.
struct WhisperAttentionImpl : torch::nn::Module {
  WhisperAttentionImpl() {
    wq = register_module("wq", torch::nn::Linear(64, 64));
    wk = register_module("wk", torch::nn::Linear(torch::nn::LinearOptions(64, 64).bias(false)));
    wv = register_module("wv", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) { return attend(wq(x), wk(x), wv(x)); }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
