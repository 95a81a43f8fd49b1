// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-builtin-gelu' -config="{CheckOptions: {adopter.Packs: torch-builtin}}" --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-builtin-gelu (torch-builtin pack) in clang-tidy's fixture style:
// the erf GELU written as a method chain becomes torch::gelu(x); GPT-J's tanh
// GELU spread over two statements becomes torch::gelu(h, "tanh") in the
// second, and the first goes; QuickGELU, a
// wrong constant and a tanh whose output is also used are look-alikes that
// must not warn.
#include <torch/torch.h>
#include <cmath>

struct ChainGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return x.mul(0.5).mul(x.mul(M_SQRT1_2).erf().add(1.0));
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: this is GELU written out op by op; LibTorch's torch::gelu computes it in one pass [adopter-builtin-gelu]
    // CHECK-MESSAGES: :[[@LINE-2]]:29: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:44: note: 'aten::erf' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:50: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:23: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: return torch::gelu(x);
  }
};

// The chain spans two statements: the first goes (inner is used only by
// the chain).
struct GPTJMLPImpl : torch::nn::Module {
  GPTJMLPImpl() { fc_in = register_module("fc_in", torch::nn::Linear(16, 64)); }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc_in(x);
    auto inner = 0.7978845608 * (h + 0.044715 * h * h * h);
    // CHECK-MESSAGES: :[[@LINE-1]]:47: warning: this is GELU written out {{.*}} [adopter-builtin-gelu]
    // CHECK-MESSAGES: :[[@LINE-2]]:51: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:55: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:36: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:31: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: auto h = fc_in(x);
    // CHECK-FIXES-NOT: auto inner
    return 0.5 * h * (1.0 + torch::tanh(inner));
    // CHECK-MESSAGES: :[[@LINE-1]]:16: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:29: note: 'aten::tanh' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:27: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:20: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: return torch::gelu(h, "tanh");
  }
  torch::nn::Linear fc_in{nullptr};
};

// Negative: QuickGELU; x / 2 instead of x / sqrt(2); the tanh output t is
// also used on its own.
struct LookAlikeImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto quick = x * torch::sigmoid(1.702 * x);
    auto half = 0.5 * x * (1.0 + torch::erf(x / 2.0));
    // CHECK-FIXES: auto half = 0.5 * x * (1.0 + torch::erf(x / 2.0));
    auto t = torch::tanh(0.7978845608 * (x + 0.044715 * torch::pow(x, 3)));
    return quick + half + 0.5 * x * (1.0 + t) + t;
    // CHECK-FIXES: return quick + half + 0.5 * x * (1.0 + t) + t;
  }
};
