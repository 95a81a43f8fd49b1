// RUN: %adopter check --packs torch-builtin %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// GELU written out, in the spellings real code uses, reported by the
// torch-builtin pack (replacement: torch::gelu): nanoGPT's new_gelu with
// std::sqrt(2.0 / M_PI) and torch::pow(x, 3.0); BERT's erf GELU on the output
// of a Linear, with / std::sqrt(2.0); GPT-J with x * x * x and a literal
// constant; a method chain with M_SQRT1_2.
#include <torch/torch.h>
#include <cmath>

struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
  }
};
TORCH_MODULE(NewGELU);

struct BertIntermediateImpl : torch::nn::Module {
  BertIntermediateImpl() { dense = register_module("dense", torch::nn::Linear(16, 64)); }
  torch::Tensor forward(torch::Tensor hidden_states) {
    auto h = dense(hidden_states);
    return h * 0.5 * (1.0 + torch::erf(h / std::sqrt(2.0)));
  }
  torch::nn::Linear dense{nullptr};
};
TORCH_MODULE(BertIntermediate);

struct GPTJMLPImpl : torch::nn::Module {
  GPTJMLPImpl() {
    fc_in = register_module("fc_in", torch::nn::Linear(16, 64));
    fc_out = register_module("fc_out", torch::nn::Linear(64, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc_in(x);
    auto inner = 0.7978845608 * (h + 0.044715 * h * h * h);
    h = 0.5 * h * (1.0 + torch::tanh(inner));
    return fc_out(h);
  }
  torch::nn::Linear fc_in{nullptr}, fc_out{nullptr};
};
TORCH_MODULE(GPTJMLP);

struct ChainGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return x.mul(0.5).mul(x.mul(M_SQRT1_2).erf().add(1.0));
  }
};
TORCH_MODULE(ChainGELU);

// CHECK:{{.*}}positive.cpp:14:16: warning: this is GELU written out op by op; LibTorch's torch::gelu computes it in one pass [adopter-builtin-gelu]
// CHECK-NEXT:    return 0.5 * x * (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0))));
// CHECK-NEXT:               ^
// CHECK-NEXT:{{.*}}positive.cpp:14:81: note: 'aten::pow' is part of the chain
// CHECK:{{.*}}positive.cpp:14:79: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:14:68: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:14:63: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:14:29: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:14:27: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:14:20: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:23:14: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}positive.cpp:23:42: note: 'aten::div' is part of the chain
// CHECK:{{.*}}positive.cpp:23:29: note: 'aten::erf' is part of the chain
// CHECK:{{.*}}positive.cpp:23:27: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:23:20: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:36:47: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}positive.cpp:36:51: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:36:55: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:36:36: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:36:31: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:37:13: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:37:26: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:37:24: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:37:17: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:46:14: warning: this is GELU {{.*}} [adopter-builtin-gelu]
// CHECK:{{.*}}positive.cpp:46:29: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:46:44: note: 'aten::erf' is part of the chain
// CHECK:{{.*}}positive.cpp:46:50: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:46:23: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
