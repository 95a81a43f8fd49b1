// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 5
//
// Linear -> ReLU among the elements of a torch::nn::Sequential, reported at
// the first element's construction: a literal, push_back, and push_back in a
// loop (a chain in a loop body counts once). At the boundary of a Sequential:
// * it ends with a Linear and the caller applies the ReLU: the chain starts
//   inside the Sequential, so it is reported at its call;
// * the caller's Linear feeds a Sequential that starts with a ReLU: reported
//   at the caller's Linear.
// Linear, Dropout, ReLU and Linear, LayerNorm, Linear: no chain.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(16, 32), torch::nn::ReLU(),
                                                       torch::nn::Linear(32, 32)));
    body->push_back(torch::nn::Linear(32, 32));
    body->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
    register_module("body", body);
    for (int i = 0; i < 3; ++i) {
      tower->push_back(torch::nn::Linear(32, 32));
      tower->push_back(torch::nn::ReLU6());
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

// CHECK:{{.*}}sequential.cpp:18:56: warning: Linear 'mlp.0' followed by a ReLU-family activation can run as one GEMM with a bias+activation epilogue (adopter::nn::FusedLinearReLU) [adopter-linear-relu]
// CHECK-NEXT:    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(16, 32), torch::nn::ReLU(),
// CHECK-NEXT:                                                       ^
// CHECK-NEXT:{{.*}}sequential.cpp:18:83: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:20:21: warning: Linear 'body.0' followed by a ReLU-family activation {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:21:21: note: 'aten::leaky_relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:24:24: warning: Linear 'tower.0' followed by a ReLU-family activation {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:25:24: note: 'aten::relu6' is part of the chain
// CHECK:{{.*}}sequential.cpp:41:28: warning: Linear 'trunk.2' followed by a ReLU-family activation {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:30:60: note: 'trunk.2' (torch::nn::Linear) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:41:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:42:23: warning: Linear 'fc' followed by a ReLU-family activation {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}sequential.cpp:31:58: note: 'aten::relu' is part of the chain, inside 'torch::nn::Sequential'
// CHECK-NOT: warning
