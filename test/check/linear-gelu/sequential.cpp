// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 4
//
// Linear -> GELU among the elements of a torch::nn::Sequential, reported at
// the first element's construction (a literal, and push_back). At the
// boundary of a Sequential:
// * it ends with a Linear and the caller applies the GELU: the chain starts
//   inside the Sequential, so it is reported at its call;
// * the caller's Linear feeds a Sequential that starts with a GELU: reported
//   at the caller's Linear.
// Linear, LayerNorm, GELU and Linear, Dropout, GELU: no chain.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(64, 256),
                                                       torch::nn::GELU(torch::nn::GELUOptions().approximate("tanh")),
                                                       torch::nn::Linear(256, 64)));
    ffn->push_back(torch::nn::Linear(64, 64));
    ffn->push_back(torch::nn::GELU());
    register_module("ffn", ffn);
    proj = register_module("proj", torch::nn::Sequential(torch::nn::Dropout(0.1), torch::nn::Linear(64, 64)));
    fc = register_module("fc", torch::nn::Linear(64, 64));
    out = register_module("out", torch::nn::Sequential(torch::nn::GELU(), torch::nn::Linear(64, 64)));
    normed = register_module("normed", torch::nn::Sequential(torch::nn::Linear(64, 64),
                                                             torch::nn::LayerNorm(torch::nn::LayerNormOptions({64})),
                                                             torch::nn::GELU()));
    dropped->push_back(torch::nn::Linear(64, 64));
    dropped->push_back(torch::nn::Dropout(0.1));
    dropped->push_back(torch::nn::GELU());
    register_module("dropped", dropped);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = ffn->forward(mlp->forward(x));
    x = F::gelu(proj->forward(x), F::GELUFuncOptions().approximate("tanh"));
    x = out->forward(fc(x));
    x = normed->forward(x);
    return dropped->forward(x);
  }

  torch::nn::Sequential mlp{nullptr}, proj{nullptr}, out{nullptr}, normed{nullptr};
  torch::nn::Sequential ffn, dropped;
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Head);

// CHECK:{{.*}}sequential.cpp:20:56: warning: Linear 'mlp.0' followed by GELU can run as one GEMM with a bias+GELU epilogue (adopter::nn::FusedLinearGELU) [adopter-linear-gelu]
// CHECK-NEXT:    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(64, 256),
// CHECK-NEXT:                                                       ^
// CHECK-NEXT:{{.*}}sequential.cpp:21:56: note: 'aten::gelu' is part of the chain
// CHECK:{{.*}}sequential.cpp:23:20: warning: Linear 'ffn.0' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}sequential.cpp:24:20: note: 'aten::gelu' is part of the chain
// CHECK:{{.*}}sequential.cpp:40:23: warning: Linear 'proj.1' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}sequential.cpp:26:83: note: 'proj.1' (torch::nn::Linear) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:40:9: note: 'aten::gelu' is part of the chain
// CHECK:{{.*}}sequential.cpp:41:22: warning: Linear 'fc' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}sequential.cpp:28:56: note: 'aten::gelu' is part of the chain, inside 'torch::nn::Sequential'
// CHECK-NOT: warning
