// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-linear-relu' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-linear-relu in clang-tidy's fixture style: a Linear followed by a
// ReLU gets its fix-it (the Linear becomes adopter::nn::FusedLinearReLU and
// the ReLU call goes); ReLU6, LeakyReLU and a Linear output that is also
// used after the ReLU are look-alikes that must not warn.
#include <torch/torch.h>
// CHECK-FIXES: #include <adopter/kernels/FusedLinearReLU.h>

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 32));
    // CHECK-FIXES: fc1 = register_module("fc1", adopter::nn::FusedLinearReLU(16, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 8));
    // CHECK-FIXES: fc2 = register_module("fc2", torch::nn::Linear(32, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(fc1(x));
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: Linear 'fc1' followed by ReLU can run as one GEMM with a bias+ReLU epilogue (adopter::nn::FusedLinearReLU) [adopter-linear-relu]
    // CHECK-MESSAGES: :[[@LINE-2]]:9: note: 'aten::relu' is part of the chain
    // CHECK-FIXES: x = fc1(x);
    return fc2(x);
  }
  torch::nn::Linear fc1{nullptr};
  // CHECK-FIXES: adopter::nn::FusedLinearReLU fc1{nullptr};
  torch::nn::Linear fc2{nullptr};
  // CHECK-FIXES: torch::nn::Linear fc2{nullptr};
};

// Negative: ReLU6 and LeakyReLU are not what the ReLU kernel computes; the
// Linear output h is also added after the ReLU.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(32, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 32));
    fc3 = register_module("fc3", torch::nn::Linear(32, 32));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::nn::functional::relu6(fc1(x));
    x = torch::leaky_relu(fc2(x), 0.01);
    auto h = fc3(x);
    return torch::relu(h) + h;
    // CHECK-FIXES: return torch::relu(h) + h;
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  // CHECK-FIXES: torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
