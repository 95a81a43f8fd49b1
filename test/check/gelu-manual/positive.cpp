// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// GELU written out, in the spellings real code uses: nanoGPT's new_gelu with
// std::sqrt(2.0 / M_PI) and torch::pow(x, 3.0); HF gelu_new with a literal
// constant and x.pow(3); x * x * x with the operands in another order; the erf
// form of GPT-NeoX (x * 0.5 first, / std::sqrt(2.0)) and with M_SQRT1_2;
// ATen's constexpr kBeta / kKappa.
#include <torch/torch.h>
#include <cmath>

struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
  }
};
TORCH_MODULE(NewGELU);

struct GeluNewImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor input) {
    auto inner = 0.7978845608028654 * (input + 0.044715 * input.pow(3));
    return 0.5 * input * (1.0 + torch::tanh(inner));
  }
};
TORCH_MODULE(GeluNew);

struct CubeGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor h) {
    auto t = ((h + h * h * h * 0.044715) * 0.79788456).tanh();
    return h * (t + 1.0) * 0.5;
  }
};
TORCH_MODULE(CubeGELU);

struct ErfGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = x * 0.5 * (1.0 + torch::erf(x / std::sqrt(2.0)));
    auto b = y * 0.5 * (1.0 + torch::erf(y * M_SQRT1_2));
    return a + b;
  }
};
TORCH_MODULE(ErfGELU);

// ATen's own spelling: constexpr constants, an int 1.
struct ATenGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor self) {
    constexpr double kBeta = M_SQRT2 * M_2_SQRTPI * 0.5;
    constexpr double kKappa = 0.044715;
    auto inner = kBeta * (self + kKappa * self * self * self);
    return 0.5 * self * (1 + torch::tanh(inner));
  }
};
TORCH_MODULE(ATenGELU);

// CHECK:{{.*}}positive.cpp:14:16: warning: this is GELU written out op by op; one fused elementwise kernel computes it in a single pass (adopter::ops::gelu) [adopter-gelu-manual]
// CHECK-NEXT:    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
// CHECK-NEXT:               ^
// CHECK-NEXT:{{.*}}positive.cpp:14:81: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:14:79: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:14:68: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:14:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:14:29: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:14:27: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:14:20: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:21:65: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}positive.cpp:21:57: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:21:46: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:21:37: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:22:16: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:22:33: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:22:31: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:22:24: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:29:22: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}positive.cpp:29:26: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:29:30: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:29:18: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:29:42: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:29:56: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:30:19: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:30:14: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:30:26: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:37:16: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}positive.cpp:37:44: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:37:31: note: 'aten::erf' is part of the chain
// CHECK:{{.*}}positive.cpp:37:29: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:37:22: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:38:16: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}positive.cpp:38:44: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:38:31: note: 'aten::erf' is part of the chain
// CHECK:{{.*}}positive.cpp:38:29: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:38:22: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:49:41: warning: this is GELU {{.*}} [adopter-gelu-manual]
// CHECK:{{.*}}positive.cpp:49:48: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:49:55: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:49:32: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:49:24: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:50:16: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:50:30: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:50:28: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:50:23: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
