// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-add-rmsnorm' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-add-rmsnorm in clang-tidy's fixture style: a decoder layer's
// residual add followed by an RMSNorm written out is reported, and its
// fix-it (the rule's `otherwise:` for a norm that is no module of the
// project) writes adopter::ops::add_rms_norm where the sum was computed,
// keeping the sum, which is read again.
// A GELU between the add and the norm, and statistics over dim 1, are
// look-alikes that must not warn.
#include <torch/torch.h>

struct DecoderLayerImpl : torch::nn::Module {
  DecoderLayerImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    o_proj = register_module("o_proj", torch::nn::Linear(16, 16));
    down = register_module("down", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = x + o_proj(x);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the residual add and RMSNorm can run as one fused kernel that also returns the sum (adopter::ops::add_rms_norm) [adopter-add-rmsnorm]
    // CHECK-FIXES: torch::Tensor h, h_normed;
    // CHECK-FIXES-NEXT: std::tie(h, h_normed) = adopter::ops::add_rms_norm(x, o_proj(x), weight, 1e-6);
    auto n = h * torch::rsqrt(h.pow(2).mean(-1, true) + 1e-6) * weight;
    // CHECK-MESSAGES: :[[@LINE-1]]:33: note: 'aten::pow' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:40: note: 'aten::mean' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:55: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:18: note: 'aten::rsqrt' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:16: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-6]]:63: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: auto n = h_normed;
    return h + down(n);
  }
  torch::Tensor weight;
  torch::nn::Linear o_proj{nullptr}, down{nullptr};
};

// Negative: add -> GELU -> RMSNorm; the sum s normalized over dim 1, not the
// last dimension.
struct LookAlikeImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = torch::gelu(x + y);
    auto s = x + y;
    return a * torch::rsqrt(a.pow(2).mean(-1, true) + 1e-6) + s * torch::rsqrt(s.pow(2).mean(1, true) + 1e-6);
  }
};
