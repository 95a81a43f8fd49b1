// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 7
//
// Linear -> SiLU in the spellings real code uses: a SiLU submodule, the free
// function, the functional API, Linear::forward called explicitly, the
// in-place torch::silu_, a Linear without bias, and a chain on one branch of
// an if/else whose other branch returns the Linear output.
// --explain: in a LLaMA MLP, silu(gate(x)) * up(x) is one swiglu site; the
// linear-silu candidate on gate is rejected because it overlaps it.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct EncoderImpl : torch::nn::Module {
  EncoderImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    fc2 = register_module("fc2", torch::nn::Linear(64, 64));
    fc3 = register_module("fc3", torch::nn::Linear(64, 64));
    fc4 = register_module("fc4", torch::nn::Linear(64, 64));
    fc5 = register_module("fc5", torch::nn::Linear(torch::nn::LinearOptions(64, 64).bias(false)));
    fc6 = register_module("fc6", torch::nn::Linear(64, 8));
    act = register_module("act", torch::nn::SiLU());
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(fc1(x));
    x = torch::silu(fc2(x));
    x = F::silu(fc3->forward(x));
    auto h = fc4(x);
    torch::silu_(h);
    x = act->forward(fc5(h));
    auto out = fc6(x);
    if (is_training()) {
      return out;
    } else {
      return F::silu(out);
    }
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr}, fc6{nullptr};
  torch::nn::SiLU act{nullptr};
};
TORCH_MODULE(Encoder);

struct LlamaMLPImpl : torch::nn::Module {
  LlamaMLPImpl() {
    gate_proj = register_module("gate_proj", torch::nn::Linear(torch::nn::LinearOptions(64, 172).bias(false)));
    up_proj = register_module("up_proj", torch::nn::Linear(torch::nn::LinearOptions(64, 172).bias(false)));
    down_proj = register_module("down_proj", torch::nn::Linear(torch::nn::LinearOptions(172, 64).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) {
    return down_proj(torch::silu(gate_proj(x)) * up_proj(x));
  }
  torch::nn::Linear gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(LlamaMLP);

// CHECK:{{.*}}positive.cpp:29:13: warning: Linear 'fc1' followed by SiLU can run as one GEMM with a bias+SiLU epilogue (adopter::nn::FusedLinearSiLU) [adopter-linear-silu]
// CHECK-NEXT:    x = act(fc1(x));
// CHECK-NEXT:            ^
// CHECK-NEXT:{{.*}}positive.cpp:29:9: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:30:21: warning: Linear 'fc2' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}positive.cpp:30:9: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:31:22: warning: Linear 'fc3' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}positive.cpp:31:9: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:32:14: warning: Linear 'fc4' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}positive.cpp:33:5: note: 'aten::silu_' is part of the chain
// CHECK:{{.*}}positive.cpp:34:22: warning: Linear 'fc5' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}positive.cpp:34:14: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:35:16: warning: Linear 'fc6' followed by SiLU {{.*}} [adopter-linear-silu]
// CHECK:{{.*}}positive.cpp:39:14: note: 'aten::silu' is part of the chain, on the path where '!is_training()'
// CHECK:{{.*}}positive.cpp:55:34: warning: silu(gate(x)) * up(x) can run as one GEMM {{.*}} [adopter-swiglu]
// CHECK:{{.*}}positive.cpp:55:22: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:55:50: note: 'up_proj' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:55:48: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:55:34: remark: Linear 'gate_proj' followed by SiLU {{.*}} [adopter-linear-silu]
// EXPLAIN:{{.*}}positive.cpp:55:22: note: 'aten::silu' is part of the chain
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:55:34: note: rejected: score 0.33 = 2 ops x (1 - 1/1.20); it overlaps swiglu at {{.*}}positive.cpp:55:34 (score 1.14), part of the non-overlapping set with the largest total
// EXPLAIN:{{.*}}positive.cpp:55:34: warning: silu(gate(x)) * up(x) {{.*}} [adopter-swiglu]
// EXPLAIN:{{.*}}positive.cpp:55:34: note: selected: score 1.14 = 4 ops x (1 - 1/1.40), part of the best non-overlapping set of 2 overlapping candidates
// EXPLAIN:  module LlamaMLP: {{.*}}; adopter kernels: 4 (swiglu x4); LibTorch ops: 1
