// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-linear-gelu' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-linear-gelu in clang-tidy's own fixture style: the positive case
// gets its fix-it, the negative cases nothing, the chain that crosses into a
// callee with other callers a warning without a fix-it, and a Sequential its
// elements rewritten.
#include <torch/torch.h>
// CHECK-FIXES: #include <adopter/kernels/FusedLinearGELU.h>

struct MLPImpl : torch::nn::Module {
  MLPImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  // CHECK-FIXES: MLPImpl() { fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: Linear 'fc' followed by GELU can run as one GEMM with a bias+GELU epilogue (adopter::nn::FusedLinearGELU) [adopter-linear-gelu]
  // CHECK-MESSAGES: :[[@LINE-2]]:51: note: 'aten::gelu' is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
  // CHECK-FIXES: adopter::nn::FusedLinearGELU fc{nullptr};
};

// Negative: a LayerNorm between the Linear and the GELU; a GELU of a sum.
struct NormedImpl : torch::nn::Module {
  NormedImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor forward(torch::Tensor x) {
    return torch::gelu(ln(fc(x))) + torch::gelu(fc(x) + x);
  }
  torch::nn::Linear fc{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};

// Across a module boundary: the Linear is inside Dense, the GELU in the
// caller. Reported at the call, with a note on why it has no fix-it.
struct DenseImpl : torch::nn::Module {
  DenseImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Dense);

struct TwoImpl : torch::nn::Module {
  TwoImpl() {
    d1 = register_module("d1", Dense());
    d2 = register_module("d2", Dense());
  }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(d1(x)) + d2(x); }
  // CHECK-MESSAGES: :[[@LINE-1]]:63: warning: Linear 'd1.fc' followed by GELU {{.*}} [adopter-linear-gelu]
  // CHECK-MESSAGES: note: 'aten::gelu' is part of the chain
  // CHECK-MESSAGES: :[[@LINE-3]]:63: note: no fix-it: the submodule 'd1.fc' at {{.*}} is called inside 'Dense::forward', where the call of 'Dense::forward' cannot name it; {{.*}}
  Dense d1{nullptr}, d2{nullptr};
};

// Sequential: the Linear element becomes the fused module, the GELU element
// an Identity, so that the parameter names keep their indices.
struct SeqImpl : torch::nn::Module {
  SeqImpl() {
    body = register_module("body", torch::nn::Sequential(torch::nn::Linear(8, 8), torch::nn::GELU()));
    // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: Linear {{.*}} [adopter-linear-gelu]
    // CHECK-FIXES: body = register_module("body", torch::nn::Sequential(adopter::nn::FusedLinearGELU(8, 8), torch::nn::Identity()));
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
