// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-builtin-layer-norm' -config="{CheckOptions: {adopter.Packs: torch-builtin}}" --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-builtin-layer-norm (torch-builtin pack) in clang-tidy's fixture
// style: a LayerNorm over the last dim written as a method chain with weight
// and bias is reported; the rule declares no 'rewrite:', so there is no
// fix-it and the code stays as it is. The unbiased variance, a clamped
// variance instead of eps, and y centered by the mean of x are look-alikes
// that must not warn.
#include <torch/torch.h>

struct ChainNormImpl : torch::nn::Module {
  ChainNormImpl() {
    w = register_parameter("w", torch::ones({16}));
    b = register_parameter("b", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto c = x.sub(x.mean(-1, true));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: this is LayerNorm over the last dimension written out op by op; LibTorch's torch::layer_norm computes it in one fused pass [adopter-builtin-layer-norm]
    // CHECK-MESSAGES: :[[@LINE-2]]:16: note: 'aten::sub' is part of the chain
    // CHECK-FIXES: auto c = x.sub(x.mean(-1, true));
    return c.div(c.pow(2).mean(-1, true).add(1e-5).sqrt()).mul(w).add(b);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: note: 'aten::pow' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:27: note: 'aten::mean' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:42: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:52: note: 'aten::sqrt' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:14: note: 'aten::div' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-6]]:60: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-7]]:67: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-12]]:22: note: no fix-it: apply cannot write the replacement of rule 'builtin-layer-norm' yet (the rule declares no 'rewrite:'); its example shows the change to make by hand
    // CHECK-FIXES: return c.div(c.pow(2).mean(-1, true).add(1e-5).sqrt()).mul(w).add(b);
  }
  torch::Tensor w, b;
};

// Negative: unbiased variance; variance clamped instead of eps added; y
// centered by the mean of x.
struct LookAlikeImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto mu = x.mean(-1, true);
    auto a = (x - mu) * torch::rsqrt(x.var(-1, /*unbiased=*/true, /*keepdim=*/true) + 1e-5);
    auto c = x - x.mean(-1, true);
    auto b = c / torch::sqrt(c.pow(2).mean(-1, true).clamp_min(1e-5));
    auto d = y - x.mean(-1, true);
    return a + b + d / torch::sqrt(d.pow(2).mean(-1, true) + 1e-5);
  }
};
