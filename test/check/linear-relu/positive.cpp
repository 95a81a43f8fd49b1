// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 14
//
// Linear -> ReLU in the spellings real code uses: the module (plain, with
// inplace options, called as act(x) and act->forward(x)), torch::relu,
// at::relu, the method call, the functional API with and without options,
// the in-place variants (h.relu_(), torch::relu_, fc(x).relu_()),
// Linear::forward called explicitly, and a chain on one branch of an if/else
// whose other branch returns the Linear output (a use on the other branch
// does not block). ReLU6, LeakyReLU and Hardtanh are not ReLU: see
// negative.cpp.
// --explain: in a linear-attention block, the ReLU feature map on q overlaps
// the three q/k/v projections of the same input; fused-qkv, covering more
// ops, is selected and linear-relu is rejected with the reason.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 32));
    fc3 = register_module("fc3", torch::nn::Linear(torch::nn::LinearOptions(32, 32).bias(false)));
    fc4 = register_module("fc4", torch::nn::Linear(32, 32));
    fc5 = register_module("fc5", torch::nn::Linear(32, 32));
    fc6 = register_module("fc6", torch::nn::Linear(32, 32));
    fc7 = register_module("fc7", torch::nn::Linear(32, 32));
    fc8 = register_module("fc8", torch::nn::Linear(32, 32));
    fc9 = register_module("fc9", torch::nn::Linear(32, 32));
    fc10 = register_module("fc10", torch::nn::Linear(32, 32));
    fc11 = register_module("fc11", torch::nn::Linear(32, 32));
    fc12 = register_module("fc12", torch::nn::Linear(32, 32));
    fc13 = register_module("fc13", torch::nn::Linear(32, 8));
    act = register_module("act", torch::nn::ReLU());
    act_inplace = register_module("act_inplace", torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(fc1(x));
    x = torch::relu(fc2(x));
    x = fc3(x).relu();
    x = F::relu(fc4->forward(x), F::ReLUFuncOptions().inplace(true));
    auto h = fc5(x);
    h.relu_();
    x = fc6(h);
    torch::relu_(x);
    x = act_inplace(fc7(x));
    x = at::relu(fc8(x));
    x = F::relu(fc9(x));
    x = fc10(x).relu_();
    x = act->forward(fc11(x));
    x = torch::nn::functional::relu(fc12(x), torch::nn::functional::ReLUFuncOptions(true));
    auto logits = fc13(x);
    if (is_training()) {
      return logits;
    } else {
      return torch::relu(logits);
    }
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr}, fc5{nullptr}, fc6{nullptr},
      fc7{nullptr}, fc8{nullptr}, fc9{nullptr}, fc10{nullptr}, fc11{nullptr}, fc12{nullptr}, fc13{nullptr};
  torch::nn::ReLU act{nullptr}, act_inplace{nullptr};
};
TORCH_MODULE(Mlp);

struct LinearAttentionImpl : torch::nn::Module {
  LinearAttentionImpl() {
    q = register_module("q", torch::nn::Linear(32, 32));
    k = register_module("k", torch::nn::Linear(32, 32));
    v = register_module("v", torch::nn::Linear(32, 32));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto phi_q = torch::relu(q(x));
    auto kv = torch::matmul(k(x).transpose(-2, -1), v(x));
    return torch::matmul(phi_q, kv);
  }
  torch::nn::Linear q{nullptr}, k{nullptr}, v{nullptr};
};
TORCH_MODULE(LinearAttention);

// CHECK:{{.*}}positive.cpp:42:13: warning: Linear 'fc1' followed by ReLU can run as one GEMM with a bias+ReLU epilogue (adopter::nn::FusedLinearReLU) [adopter-linear-relu]
// CHECK-NEXT:    x = act(fc1(x));
// CHECK-NEXT:            ^
// CHECK-NEXT:{{.*}}positive.cpp:42:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:43:21: warning: Linear 'fc2' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:43:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:44:9: warning: Linear 'fc3' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:44:16: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:45:22: warning: Linear 'fc4' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:45:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:46:14: warning: Linear 'fc5' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:47:7: note: 'aten::relu_' is part of the chain
// CHECK:{{.*}}positive.cpp:48:9: warning: Linear 'fc6' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:49:5: note: 'aten::relu_' is part of the chain
// CHECK:{{.*}}positive.cpp:50:21: warning: Linear 'fc7' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:50:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:51:18: warning: Linear 'fc8' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:51:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:52:17: warning: Linear 'fc9' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:52:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:53:9: warning: Linear 'fc10' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:53:17: note: 'aten::relu_' is part of the chain
// CHECK:{{.*}}positive.cpp:54:22: warning: Linear 'fc11' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:54:14: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:55:37: warning: Linear 'fc12' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:55:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:56:19: warning: Linear 'fc13' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}positive.cpp:60:14: note: 'aten::relu' is part of the chain, on the path where '!is_training()'
// CHECK:{{.*}}positive.cpp:77:30: warning: three Linears read the same input; {{.*}} [adopter-fused-qkv]
// CHECK:{{.*}}positive.cpp:78:29: note: 'k' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:78:53: note: 'v' (torch::nn::Linear) is part of the chain
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:77:30: warning: three Linears read the same input; {{.*}} [adopter-fused-qkv]
// EXPLAIN:{{.*}}positive.cpp:77:30: note: selected: score 0.50 = 3 ops x (1 - 1/1.20), part of the best non-overlapping set of 2 overlapping candidates
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:77:30: remark: Linear 'q' followed by ReLU {{.*}} [adopter-linear-relu]
// EXPLAIN:{{.*}}positive.cpp:77:18: note: 'aten::relu' is part of the chain
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:77:30: note: rejected: score 0.33 = 2 ops x (1 - 1/1.20); it overlaps fused-qkv at {{.*}}positive.cpp:77:30 (score 0.50), part of the non-overlapping set with the largest total
// EXPLAIN:  module LinearAttention: {{.*}}; adopter kernels: 3 (fused-qkv x3); LibTorch ops: {{.*}}
