// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-linear-silu' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-linear-silu in clang-tidy's fixture style: a Linear followed by a
// SiLU submodule gets its fix-it (the Linear becomes
// adopter::nn::FusedLinearSiLU, the SiLU call goes); sigmoid, mish and a SiLU
// after a LayerNorm are look-alikes that must not warn, and the gate of a
// SwiGLU MLP is left to adopter-swiglu, whose site covers it.
#include <torch/torch.h>
// CHECK-FIXES: #include <adopter/kernels/FusedLinearSiLU.h>

struct EncoderImpl : torch::nn::Module {
  EncoderImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    // CHECK-FIXES: fc1 = register_module("fc1", adopter::nn::FusedLinearSiLU(16, 64));
    act = register_module("act", torch::nn::SiLU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc1(x)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: Linear 'fc1' followed by SiLU can run as one GEMM with a bias+SiLU epilogue (adopter::nn::FusedLinearSiLU) [adopter-linear-silu]
  // CHECK-MESSAGES: :[[@LINE-2]]:51: note: 'aten::silu' is part of the chain
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return fc1(x); }
  torch::nn::Linear fc1{nullptr};
  // CHECK-FIXES: adopter::nn::FusedLinearSiLU fc1{nullptr};
  torch::nn::SiLU act{nullptr};
};

// Negative: sigmoid and mish are other activations; a LayerNorm sits
// between the Linear and the SiLU.
struct LookAlikeImpl : torch::nn::Module {
  LookAlikeImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(32, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 32));
    fc3 = register_module("fc3", torch::nn::Linear(32, 32));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::sigmoid(fc1(x));
    x = torch::mish(fc2(x));
    return torch::silu(norm(fc3(x)));
    // CHECK-FIXES: return torch::silu(norm(fc3(x)));
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};

// Negative for this check: silu(gate(x)) * up(x) is one adopter-swiglu site,
// which covers more ops; the overlapping linear-silu candidate is not
// selected (as in `adopter check`).
struct LlamaMLPImpl : torch::nn::Module {
  LlamaMLPImpl() {
    gate = register_module("gate", torch::nn::Linear(torch::nn::LinearOptions(64, 172).bias(false)));
    up = register_module("up", torch::nn::Linear(torch::nn::LinearOptions(64, 172).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::silu(gate(x)) * up(x); }
  // CHECK-FIXES: torch::Tensor forward(torch::Tensor x) { return torch::silu(gate(x)) * up(x); }
  torch::nn::Linear gate{nullptr}, up{nullptr};
  // CHECK-FIXES: torch::nn::Linear gate{nullptr}, up{nullptr};
};
