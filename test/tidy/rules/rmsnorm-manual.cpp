// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-rmsnorm-manual' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-rmsnorm-manual in clang-tidy's fixture style: LLaMA's RMSNorm
// written out is reported, and the fix-it calls adopter::ops::rms_norm with
// the weight member and eps as written (the first statement goes). A mean
// over dim 1, eps added outside the sqrt, and y scaled by the RMS of
// another tensor are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/Norms.h>
#include <torch/torch.h>

struct LlamaRMSNormImpl : torch::nn::Module {
  LlamaRMSNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight = register_parameter("weight", torch::ones({dim}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto output = x * torch::rsqrt(x.pow(2).mean(-1, /*keepdim=*/true) + eps_);
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: this is RMSNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::rms_norm) [adopter-rmsnorm-manual]
    // CHECK-MESSAGES: :[[@LINE-2]]:45: note: 'aten::mean' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:72: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:23: note: 'aten::rsqrt' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:21: note: 'aten::mul' is part of the chain
    // CHECK-FIXES-NOT: auto output =
    return output * weight;
    // CHECK-MESSAGES: :[[@LINE-1]]:19: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: return adopter::ops::rms_norm(x, weight, eps_);
  }
  double eps_;
  torch::Tensor weight;
};

// Negative: mean over dim 1; eps outside the sqrt; y scaled by the RMS of x.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() { weight = register_parameter("weight", torch::ones({16})); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = x * torch::rsqrt(x.pow(2).mean(1, true) + 1e-6);
    auto b = x / (torch::sqrt(x.pow(2).mean(-1, true)) + 1e-6) * weight;
    auto c = y * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
    return a + b + c;
  }
  torch::Tensor weight;
};
