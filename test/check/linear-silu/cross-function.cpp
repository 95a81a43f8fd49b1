// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 4
//
// Linear -> SiLU across function boundaries:
// * the SiLU inside a user Swish module: reported at the Linear in the caller,
//   with a note inside Swish::forward (fixable: Swish's body is the chain);
// * the Linear inside a user block (called once) and the SiLU in the caller:
//   reported at the call of the block, fixable;
// * a chain wholly inside a free helper given the Linear (a diffusion time
//   embedding): reported there;
// * the SiLU inside a helper that also applies dropout, called from two
//   places (only one of them after a Linear): not fixable.
#include <torch/torch.h>

struct SwishImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::silu(x); }
};
TORCH_MODULE(Swish);

struct ProjImpl : torch::nn::Module {
  ProjImpl() { fc = register_module("fc", torch::nn::Linear(64, 64)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Proj);

torch::Tensor time_embed(torch::nn::Linear &fc, const torch::Tensor &t) {
  return torch::silu(fc(t));
}

torch::Tensor silu_dropout(const torch::Tensor &x, bool train) {
  return torch::dropout(torch::silu(x), 0.1, train);
}

struct UNetBlockImpl : torch::nn::Module {
  UNetBlockImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(64, 64));
    fc2 = register_module("fc2", torch::nn::Linear(64, 64));
    temb = register_module("temb", torch::nn::Linear(1, 64));
    swish = register_module("swish", Swish());
    proj = register_module("proj", Proj());
  }

  torch::Tensor forward(torch::Tensor x, torch::Tensor t) {
    x = swish(fc1(x));
    x = torch::silu(proj(x)) + time_embed(temb, t);
    x = silu_dropout(fc2(x), is_training());
    return silu_dropout(x, is_training());
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, temb{nullptr};
  Swish swish{nullptr};
  Proj proj{nullptr};
};
TORCH_MODULE(UNetBlock);

// CHECK:{{.*}}cross-function.cpp:30:22: warning: Linear 'temb' followed by SiLU can run as one GEMM with a bias+SiLU epilogue (adopter::nn::FusedLinearSiLU) [adopter-linear-silu]
// CHECK-NEXT:  return torch::silu(fc(t));
// CHECK-NEXT:                     ^
// CHECK-NEXT:{{.*}}cross-function.cpp:30:10: note: 'aten::silu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:47:15: warning: Linear 'fc1' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}cross-function.cpp:18:51: note: 'aten::silu' is part of the chain, inside 'Swish::forward'
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:48:21: warning: Linear 'proj.fc' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}cross-function.cpp:24:51: note: 'proj.fc' (torch::nn::Linear) is part of the chain, inside 'Proj::forward'
// CHECK:{{.*}}cross-function.cpp:48:9: note: 'aten::silu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:49:22: warning: Linear 'fc2' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}cross-function.cpp:34:25: note: 'aten::silu' is part of the chain, inside 'silu_dropout'
// CHECK:{{.*}}cross-function.cpp:49:22: note: not fixable: the chain continues inside 'silu_dropout', which is called from 2 places ({{.*}}cross-function.cpp:49:9, {{.*}}cross-function.cpp:50:12); rewriting it would change the other callers
// CHECK-NOT: warning
