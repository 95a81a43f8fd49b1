// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-conv-bn' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-conv-bn in clang-tidy's fixture style: a ResNet stem (Conv2d,
// BatchNorm2d, ReLU) is reported, and the fix-it calls
// adopter::ops::conv_bn over the same members with the ReLU as its
// activation. A ReLU between the convolution and the BatchNorm, a GroupNorm
// after a convolution, and the pre-activation order (BatchNorm, ReLU,
// convolution) are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/ConvBN.h>
#include <torch/torch.h>

struct StemImpl : torch::nn::Module {
  StemImpl() {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 16, 3).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(16));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(conv(x))); }
  // CHECK-MESSAGES: :[[@LINE-1]]:66: warning: convolution 'conv' followed by BatchNorm 'bn' can run as one fused kernel (BatchNorm folded into the weights in eval mode, exact in training) (adopter::ops::conv_bn) [adopter-conv-bn]
  // CHECK-MESSAGES: :[[@LINE-2]]:63: note: 'bn' (torch::nn::BatchNorm2d) is part of the chain
  // CHECK-MESSAGES: :[[@LINE-3]]:51: note: 'aten::relu' is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return adopter::ops::conv_bn(x, conv, bn, adopter::ops::Activation::relu()); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  // CHECK-FIXES: torch::nn::BatchNorm2d bn{nullptr};
};

// Negative: a ReLU in between; GroupNorm; BatchNorm before the convolution.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    conv1 = register_module("conv1", torch::nn::Conv2d(16, 16, 3));
    conv2 = register_module("conv2", torch::nn::Conv2d(16, 16, 3));
    conv3 = register_module("conv3", torch::nn::Conv2d(16, 16, 3));
    bn = register_module("bn", torch::nn::BatchNorm2d(16));
    gn = register_module("gn", torch::nn::GroupNorm(4, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = bn(torch::relu(conv1(x)));
    x = gn(conv2(x));
    return conv3(torch::relu(bn(x)));
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::GroupNorm gn{nullptr};
};
