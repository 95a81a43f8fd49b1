// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-add-layernorm' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-add-layernorm in clang-tidy's fixture style: a post-norm residual
// (LayerNorm of proj(x) + x) is reported, and the fix-it retypes the norm to
// adopter::nn::FusedAddLayerNorm and calls it on the two addends (it returns
// the sum and the norm; the norm is taken). A dropout between the add
// and the LayerNorm, a difference instead of a sum, a BatchNorm of the sum and
// a LayerNorm of another tensor are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/FusedAddLayerNorm.h>
#include <torch/torch.h>

struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) { return norm(proj(x) + x); }
  // CHECK-MESSAGES: :[[@LINE-1]]:64: warning: the residual add and LayerNorm can run as one fused kernel that also returns the sum (adopter::nn::FusedAddLayerNorm) [adopter-add-layernorm]
  // CHECK-MESSAGES: :[[@LINE-2]]:51: note: 'norm' (torch::nn::LayerNorm) is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return std::get<1>(norm(proj(x), x)); }
  torch::nn::Linear proj{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  // CHECK-FIXES: adopter::nn::FusedAddLayerNorm norm{nullptr};
};

// Negative: add -> dropout -> LayerNorm; x - y; BatchNorm of a sum; the
// LayerNorm reads x, not the sum s.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    drop = register_module("drop", torch::nn::Dropout(0.1));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    bn = register_module("bn", torch::nn::BatchNorm1d(16));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = norm(drop(x + y));
    auto b = norm(x - y);
    auto s = x + y;
    return a + b + bn(x + y) + norm(x) * s;
  }
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
};
