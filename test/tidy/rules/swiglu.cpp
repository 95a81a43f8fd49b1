// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-swiglu' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-swiglu in clang-tidy's fixture style: LLaMA's feed-forward
// w2(silu(w1(x)) * w3(x)) is reported, and the fix-it calls
// adopter::ops::swiglu with the members' weights (the members stay). An up
// projection that reads another tensor and GeGLU (GELU on the gate) are
// look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/SwiGLU.h>
#include <torch/torch.h>

struct FeedForwardImpl : torch::nn::Module {
  FeedForwardImpl(int64_t dim, int64_t hidden) {
    w1 = register_module("w1", torch::nn::Linear(torch::nn::LinearOptions(dim, hidden).bias(false)));
    w2 = register_module("w2", torch::nn::Linear(torch::nn::LinearOptions(hidden, dim).bias(false)));
    w3 = register_module("w3", torch::nn::Linear(torch::nn::LinearOptions(dim, hidden).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) { return w2(torch::silu(w1(x)) * w3(x)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: silu(gate(x)) * up(x) can run as one GEMM for both projections with the SiLU-and-multiply fused into its epilogue (adopter::ops::swiglu) [adopter-swiglu]
  // CHECK-MESSAGES: :[[@LINE-2]]:54: note: 'aten::silu' is part of the chain
  // CHECK-MESSAGES: :[[@LINE-3]]:75: note: 'w3' (torch::nn::Linear) is part of the chain
  // CHECK-MESSAGES: :[[@LINE-4]]:73: note: 'aten::mul' is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return w2(adopter::ops::swiglu(x, w1->weight, w1->bias, w3->weight, w3->bias)); }
  torch::nn::Linear w1{nullptr}, w2{nullptr}, w3{nullptr};
  // CHECK-FIXES: torch::nn::Linear w1{nullptr}, w2{nullptr}, w3{nullptr};
};

// Negative: the up projection reads y, not x; GeGLU.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    gate = register_module("gate", torch::nn::Linear(64, 256));
    up = register_module("up", torch::nn::Linear(64, 256));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return torch::silu(gate(x)) * up(y) + torch::gelu(gate(y)) * up(y);
  }
  torch::nn::Linear gate{nullptr}, up{nullptr};
};
