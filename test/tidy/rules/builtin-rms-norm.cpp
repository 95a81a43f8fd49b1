// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-builtin-rms-norm' -config="{CheckOptions: {adopter.Packs: torch-builtin, adopter.TorchVersion: '2.4'}}" --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-builtin-rms-norm (torch-builtin pack, LibTorch >= 2.4; the headers
// here are older, so TorchVersion is set to 2.4) in clang-tidy's fixture
// style: the HF RMSNorm with its float32 upcast and type_as is reported; the
// rule declares no 'rewrite:', so there is no fix-it and the code stays as it
// is. Division by the reciprocal root, a clamp before eps, and the mean of
// |y| instead of the square are look-alikes that must not warn.
#include <torch/torch.h>

struct UpcastRMSNormImpl : torch::nn::Module {
  UpcastRMSNormImpl(int64_t dim) { weight = register_parameter("weight", torch::ones({dim})); }
  torch::Tensor forward(torch::Tensor hidden_states) {
    auto h = hidden_states.to(torch::kFloat);
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: this is RMSNorm written out op by op; LibTorch 2.4's torch::rms_norm computes it in one pass [adopter-builtin-rms-norm]
    auto variance = h.pow(2).mean(-1, true);
    // CHECK-MESSAGES: :[[@LINE-1]]:23: note: 'aten::pow' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:30: note: 'aten::mean' is part of the chain
    h = h * torch::rsqrt(variance + 1e-6);
    // CHECK-MESSAGES: :[[@LINE-1]]:35: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:13: note: 'aten::rsqrt' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:11: note: 'aten::mul' is part of the chain
    return h.type_as(hidden_states) * weight;
    // CHECK-MESSAGES: :[[@LINE-1]]:14: note: 'aten::type_as' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:37: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-12]]:28: note: no fix-it: apply cannot write the replacement of rule 'builtin-rms-norm' yet (the rule declares no 'rewrite:'); its example shows the change to make by hand
    // CHECK-FIXES: return h.type_as(hidden_states) * weight;
  }
  torch::Tensor weight;
};

// Negative: divided by the reciprocal root; the mean square clamped before
// eps; the mean of |y|, not of the square.
struct LookAlikeImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = x / torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6);
    auto b = x * torch::rsqrt(x.pow(2).mean(-1, true).clamp_max(1e4) + 1e-6);
    return a + b + y * torch::rsqrt(y.abs().mean(-1, true) + 1e-6);
  }
};
