// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-mha-module' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-mha-module in clang-tidy's fixture style: a call of a
// torch::nn::MultiheadAttention submodule whose attention weights are not
// read is reported at the call; the fix-it retypes the member to
// adopter::nn::FusedMultiheadAttention and passes need_weights = false, so
// the fused path runs. A MultiheadAttention registered but never called,
// and LibTorch's TransformerEncoderLayer (its attention lives inside
// LibTorch), are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/FusedMultiheadAttention.h>
#include <torch/torch.h>
#include <tuple>

struct DecoderLayerImpl : torch::nn::Module {
  DecoderLayerImpl() {
    self_attn = register_module("self_attn", torch::nn::MultiheadAttention(64, 8));
    unused = register_module("unused", torch::nn::MultiheadAttention(64, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    return x + std::get<0>(self_attn(x, x, x));
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: MultiheadAttention 'self_attn' can use a fused attention module with the same parameters (adopter::nn::FusedMultiheadAttention) [adopter-mha-module]
    // CHECK-FIXES: return x + std::get<0>(self_attn->forward(x, x, x, {}, /*need_weights=*/false));
  }
  torch::nn::MultiheadAttention self_attn{nullptr}, unused{nullptr};
  // CHECK-FIXES: adopter::nn::FusedMultiheadAttention self_attn{nullptr};
  // CHECK-FIXES-NEXT: torch::nn::MultiheadAttention unused{nullptr};
};

// Negative: the MultiheadAttention is inside LibTorch's encoder layer.
struct EncoderImpl : torch::nn::Module {
  EncoderImpl() {
    layer = register_module("layer", torch::nn::TransformerEncoderLayer(
                                         torch::nn::TransformerEncoderLayerOptions(64, 8).dim_feedforward(128)));
  }
  torch::Tensor forward(torch::Tensor src) { return layer(src); }
  torch::nn::TransformerEncoderLayer layer{nullptr};
};
