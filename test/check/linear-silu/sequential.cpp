// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 4
//
// Linear -> SiLU among the elements of a torch::nn::Sequential, reported at
// the first element's construction (a literal, and push_back). At the
// boundary of a Sequential:
// * it ends with a Linear and the caller applies the SiLU: the chain starts
//   inside the Sequential, so it is reported at its call;
// * the caller's Linear feeds a Sequential that starts with a SiLU (the
//   adaLN modulation of DiT): reported at the caller's Linear.
// Linear, LayerNorm, SiLU and Linear, Dropout, SiLU: no chain.
#include <torch/torch.h>

struct DiTBlockImpl : torch::nn::Module {
  DiTBlockImpl() {
    t_embed = register_module("t_embed", torch::nn::Sequential(torch::nn::Linear(1, 64), torch::nn::SiLU(),
                                                               torch::nn::Linear(64, 64)));
    mlp->push_back(torch::nn::Linear(64, 64));
    mlp->push_back(torch::nn::SiLU());
    register_module("mlp", mlp);
    embed = register_module("embed", torch::nn::Sequential(torch::nn::Dropout(0.1), torch::nn::Linear(64, 64)));
    fc = register_module("fc", torch::nn::Linear(64, 64));
    adaLN = register_module("adaLN", torch::nn::Sequential(torch::nn::SiLU(), torch::nn::Linear(64, 64)));
    normed = register_module("normed", torch::nn::Sequential(torch::nn::Linear(64, 64),
                                                             torch::nn::LayerNorm(torch::nn::LayerNormOptions({64})),
                                                             torch::nn::SiLU()));
    dropped->push_back(torch::nn::Linear(64, 64));
    dropped->push_back(torch::nn::Dropout(0.1));
    dropped->push_back(torch::nn::SiLU());
    register_module("dropped", dropped);
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor t) {
    x = mlp->forward(x) + t_embed->forward(t);
    x = torch::silu(embed->forward(x));
    x = adaLN->forward(fc(x));
    x = normed->forward(x);
    return dropped->forward(x);
  }

  torch::nn::Sequential t_embed{nullptr}, embed{nullptr}, adaLN{nullptr}, normed{nullptr};
  torch::nn::Sequential mlp, dropped;
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(DiTBlock);

// CHECK:{{.*}}sequential.cpp:18:64: warning: Linear 't_embed.0' followed by SiLU can run as one GEMM with a bias+SiLU epilogue (adopter::nn::FusedLinearSiLU) [adopter-linear-silu]
// CHECK-NEXT:    t_embed = register_module("t_embed", torch::nn::Sequential(torch::nn::Linear(1, 64), torch::nn::SiLU(),
// CHECK-NEXT:                                                               ^
// CHECK-NEXT:{{.*}}sequential.cpp:18:90: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}sequential.cpp:20:20: warning: Linear 'mlp.0' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}sequential.cpp:21:20: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}sequential.cpp:37:28: warning: Linear 'embed.1' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}sequential.cpp:23:85: note: 'embed.1' (torch::nn::Linear) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:37:9: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}sequential.cpp:38:24: warning: Linear 'fc' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}sequential.cpp:25:60: note: 'aten::silu' is part of the chain, inside 'torch::nn::Sequential'
// CHECK-NOT: warning
