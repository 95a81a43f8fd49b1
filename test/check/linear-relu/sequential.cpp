// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 5
//
// Linear -> ReLU among the elements of a torch::nn::Sequential, reported at
// the first element's construction: a literal with ReLU(), push_back with
// ReLU(inplace), and push_back of Functional(torch::relu) in a loop (a chain
// in a loop body counts once). At the boundary of a Sequential:
// * it ends with a Linear and the caller applies the ReLU: the chain starts
//   inside the Sequential, so it is reported at its call;
// * the caller's Linear feeds a Sequential that starts with a ReLU: reported
//   at the caller's Linear.
// Linear, Dropout, ReLU and Linear, LayerNorm, Linear: no chain. Linear then
// LeakyReLU or ReLU6 in a Sequential: see negative.cpp.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(16, 32), torch::nn::ReLU(),
                                                       torch::nn::Linear(32, 32)));
    body->push_back(torch::nn::Linear(32, 32));
    body->push_back(torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
    register_module("body", body);
    for (int i = 0; i < 3; ++i) {
      tower->push_back(torch::nn::Linear(32, 32));
      tower->push_back(torch::nn::Functional(torch::relu));
    }
    register_module("tower", tower);
    trunk = register_module("trunk", torch::nn::Sequential(torch::nn::Linear(32, 32),
                                                           torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})),
                                                           torch::nn::Linear(32, 32)));
    tail = register_module("tail", torch::nn::Sequential(torch::nn::ReLU(), torch::nn::Linear(32, 32)));
    fc = register_module("fc", torch::nn::Linear(32, 32));
    dropped->push_back(torch::nn::Linear(32, 32));
    dropped->push_back(torch::nn::Dropout(0.1));
    dropped->push_back(torch::nn::ReLU());
    register_module("dropped", dropped);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = tower->forward(body->forward(mlp->forward(x)));
    x = torch::relu(trunk->forward(x));
    x = tail->forward(fc(x));
    return dropped->forward(x);
  }

  torch::nn::Sequential mlp{nullptr}, trunk{nullptr}, tail{nullptr};
  torch::nn::Sequential body, tower, dropped;
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

// CHECK:{{.*}}sequential.cpp:20:56: warning: Linear 'mlp.0' followed by ReLU can run as one GEMM with a bias+ReLU epilogue (adopter::nn::FusedLinearReLU) [adopter-linear-relu]
// CHECK-NEXT:    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(16, 32), torch::nn::ReLU(),
// CHECK-NEXT:                                                       ^
// CHECK-NEXT:{{.*}}sequential.cpp:20:83: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:22:21: warning: Linear 'body.0' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:23:21: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:26:24: warning: Linear 'tower.0' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:27:24: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:43:28: warning: Linear 'trunk.2' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:32:60: note: 'trunk.2' (torch::nn::Linear) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:43:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:44:23: warning: Linear 'fc' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:33:58: note: 'aten::relu' is part of the chain, inside 'torch::nn::Sequential'
// CHECK-NOT: warning
