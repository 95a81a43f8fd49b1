// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// Linear -> GELU in the spellings real code uses: a GELU submodule, the free
// function, the functional API with options, and a method-call chain.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    act = register_module("act", torch::nn::GELU());
    fc2 = register_module("fc2", torch::nn::Linear(64, 64));
    fc3 = register_module("fc3", torch::nn::Linear(64, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(fc1(x));
    auto h = torch::gelu(fc2(x));
    return F::gelu(fc3(h), F::GELUFuncOptions().approximate("tanh"));
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Mlp);

// CHECK:{{.*}}positive.cpp:19:13: warning: Linear 'fc1' followed by GELU can run as one GEMM with a bias+GELU epilogue (adopter::nn::FusedLinearGELU) [adopter-linear-gelu]
// CHECK-NEXT:    x = act(fc1(x));
// CHECK-NEXT:            ^
// CHECK-NEXT:{{.*}}positive.cpp:19:9: note: 'aten::gelu' is part of the chain
// CHECK:{{.*}}positive.cpp:20:26: warning: Linear 'fc2' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}positive.cpp:20:14: note: 'aten::gelu' is part of the chain
// CHECK:{{.*}}positive.cpp:21:20: warning: Linear 'fc3' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}positive.cpp:21:12: note: 'aten::gelu' is part of the chain
// CHECK-NOT: warning
