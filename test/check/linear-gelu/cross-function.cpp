// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 3
//
// Linear -> GELU across function boundaries:
// * the GELU inside a user activation module (nanoGPT's NewGELU): reported at
//   the Linear in the caller, with a note inside NewGELU::forward; fixable,
//   NewGELU's whole body is the chain;
// * the Linear inside a user block and the GELU in the caller: reported at
//   the call of the block; Dense is called twice (d1 and d2): not fixable;
// * a chain wholly inside a free helper given the Linears: reported there.
// --explain: each chain is selected, no overlapping candidate.
#include <torch/torch.h>

struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(x, "tanh"); }
};
TORCH_MODULE(NewGELU);

struct DenseImpl : torch::nn::Module {
  DenseImpl() {
    drop = register_module("drop", torch::nn::Dropout(0.1));
    fc = register_module("fc", torch::nn::Linear(64, 64));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(drop(x)); }
  torch::nn::Dropout drop{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Dense);

torch::Tensor feed_forward(torch::nn::Linear &up, torch::nn::Linear &down, const torch::Tensor &x) {
  return down(torch::gelu(up(x)));
}

struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    c_fc = register_module("c_fc", torch::nn::Linear(64, 64));
    act = register_module("act", NewGELU());
    d1 = register_module("d1", Dense());
    d2 = register_module("d2", Dense());
    up = register_module("up", torch::nn::Linear(64, 256));
    down = register_module("down", torch::nn::Linear(256, 64));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(c_fc(x));
    x = torch::nn::functional::gelu(d1(x));
    x = x + d2(x);
    return feed_forward(up, down, x);
  }

  torch::nn::Linear c_fc{nullptr}, up{nullptr}, down{nullptr};
  NewGELU act{nullptr};
  Dense d1{nullptr}, d2{nullptr};
};
TORCH_MODULE(Block);

// CHECK:{{.*}}cross-function.cpp:34:27: warning: Linear 'up' followed by GELU can run as one GEMM with a bias+GELU epilogue (adopter::nn::FusedLinearGELU) [adopter-linear-gelu]
// CHECK-NEXT:  return down(torch::gelu(up(x)));
// CHECK-NEXT:                          ^
// CHECK-NEXT:{{.*}}cross-function.cpp:34:15: note: 'aten::gelu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:48:13: warning: Linear 'c_fc' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}cross-function.cpp:18:51: note: 'aten::gelu' is part of the chain, inside 'NewGELU::forward'
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:49:37: warning: Linear 'd1.fc' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK:{{.*}}cross-function.cpp:27:51: note: 'd1.fc' (torch::nn::Linear) is part of the chain, inside 'Dense::forward'
// CHECK:{{.*}}cross-function.cpp:49:9: note: 'aten::gelu' is part of the chain
// CHECK:{{.*}}cross-function.cpp:49:37: note: not fixable: the chain continues inside 'Dense::forward', which is called from 2 places ({{.*}}cross-function.cpp:49:37, {{.*}}cross-function.cpp:50:13); rewriting it would change the other callers
// CHECK-NOT: warning

// EXPLAIN:{{.*}}cross-function.cpp:48:13: warning: Linear 'c_fc' followed by GELU {{.*}} [adopter-linear-gelu]
// EXPLAIN:{{.*}}cross-function.cpp:18:51: note: 'aten::gelu' is part of the chain, inside 'NewGELU::forward'
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}cross-function.cpp:48:13: note: selected: score 0.40 = 2 ops x (1 - 1/1.25), no overlapping candidate
// EXPLAIN:  module Block: {{.*}}; adopter kernels: 4 (linear-gelu x4); LibTorch ops: {{.*}}
