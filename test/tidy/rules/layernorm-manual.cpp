// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-layernorm-manual' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-layernorm-manual in clang-tidy's fixture style: a LayerNorm over
// the last dim written out with var(unbiased=false) and rsqrt is reported,
// and the fix-it calls adopter::ops::layer_norm without weight and bias
// (the chain has none; its first two statements go). ConvNeXt's
// channels-first norm (statistics over dim 1) and the Annotated
// Transformer's norm (unbiased std, eps outside the sqrt) are look-alikes
// that must not warn.
// CHECK-FIXES: #include <adopter/kernels/Norms.h>
#include <torch/torch.h>

struct GroupHeadNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor out) {
    auto mean = out.mean(-1, /*keepdim=*/true);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: this is LayerNorm over the last dimension written out op by op; one fused kernel computes it in a single pass (adopter::ops::layer_norm) [adopter-layernorm-manual]
    auto var = out.var(-1, /*unbiased=*/false, /*keepdim=*/true);
    // CHECK-MESSAGES: :[[@LINE-1]]:20: note: 'aten::var' is part of the chain
    return (out - mean) * torch::rsqrt(var + 1e-5);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: note: 'aten::sub' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:44: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'aten::rsqrt' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:25: note: 'aten::mul' is part of the chain
    // CHECK-FIXES-NOT: auto mean =
    // CHECK-FIXES-NOT: auto var =
    // CHECK-FIXES: return adopter::ops::layer_norm(out, at::Tensor(), at::Tensor(), 1e-5);
  }
};

// Negative: statistics over dim 1 (channels first); unbiased std with eps
// added after it.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    a_2 = register_parameter("a_2", torch::ones({16}));
    b_2 = register_parameter("b_2", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto u = x.mean(1, true);
    auto s = (x - u).pow(2).mean(1, true);
    auto channels_first = (x - u) / torch::sqrt(s + 1e-6);
    auto mean = x.mean(-1, true);
    auto std = x.std(-1, true, true);
    return channels_first + a_2 * (x - mean) / (std + 1e-6) + b_2;
  }
  torch::Tensor a_2, b_2;
};
