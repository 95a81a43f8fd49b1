// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 6
//
// Linear -> ReLU across function boundaries:
// * the ReLU inside a user activation module: reported at the Linear, in the
//   caller, with a note inside Act::forward (fixable: Act's whole body is the
//   chain, so the call is replaced and Act is not changed);
// * the Linear inside a user block, the ReLU in the caller: reported at the
//   call of the block. Head is called once: fixable. Proj is called twice
//   (p1 and p2): not fixable, its rewrite would change p2 too;
// * a chain wholly inside a free helper given the Linear: reported there;
// * the ReLU inside a helper that also scales, called from three places (two
//   of them after a Linear): each chain is reported at its Linear, and is not
//   fixable.
#include <torch/torch.h>

struct ActImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::relu(x); }
};
TORCH_MODULE(Act);

struct HeadImpl : torch::nn::Module {
  HeadImpl() { fc = register_module("fc", torch::nn::Linear(32, 32)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Head);

struct ProjImpl : torch::nn::Module {
  ProjImpl() {
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})));
    fc = register_module("fc", torch::nn::Linear(32, 32));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(norm(x)); }
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Proj);

torch::Tensor dense_relu(torch::nn::Linear &fc, const torch::Tensor &x) {
  return torch::relu(fc(x));
}

torch::Tensor relu_scaled(const torch::Tensor &x) { return torch::relu(x) * 0.5; }

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(32, 32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 32));
    fc3 = register_module("fc3", torch::nn::Linear(32, 32));
    fc4 = register_module("fc4", torch::nn::Linear(32, 32));
    act = register_module("act", Act());
    head = register_module("head", Head());
    p1 = register_module("p1", Proj());
    p2 = register_module("p2", Proj());
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(fc1(x));
    x = torch::relu(head(x));
    x = torch::relu(p1(x));
    x = p2(x);
    x = dense_relu(fc2, x);
    x = relu_scaled(fc3(x));
    x = relu_scaled(fc4(x));
    return relu_scaled(x);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr}, fc4{nullptr};
  Act act{nullptr};
  Head head{nullptr};
  Proj p1{nullptr}, p2{nullptr};
};
TORCH_MODULE(Net);

// CHECK:{{.*}}cross-function.cpp:43:22: warning: Linear 'fc2' followed by ReLU can run as one GEMM with a bias+ReLU epilogue (adopter::nn::FusedLinearReLU) [adopter-linear-relu]
// CHECK-NEXT:  return torch::relu(fc(x));
// CHECK-NEXT:                     ^
// CHECK-NEXT:{{.*}}cross-function.cpp:43:10: note: 'aten::relu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:61:13: warning: Linear 'fc1' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}cross-function.cpp:20:51: note: 'aten::relu' is part of the chain, inside 'Act::forward'
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:62:21: warning: Linear 'head.fc' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}cross-function.cpp:26:51: note: 'head.fc' (torch::nn::Linear) is part of the chain, inside 'Head::forward'
// CHECK:{{.*}}cross-function.cpp:62:9: note: 'aten::relu' is part of the chain
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:63:21: warning: Linear 'p1.fc' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}cross-function.cpp:36:51: note: 'p1.fc' (torch::nn::Linear) is part of the chain, inside 'Proj::forward'
// CHECK:{{.*}}cross-function.cpp:63:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}cross-function.cpp:63:21: note: not fixable: the chain continues inside 'Proj::forward', which is called from 2 places ({{.*}}cross-function.cpp:63:21, {{.*}}cross-function.cpp:64:9); rewriting it would change the other callers
// CHECK:{{.*}}cross-function.cpp:66:21: warning: Linear 'fc3' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}cross-function.cpp:46:60: note: 'aten::relu' is part of the chain, inside 'relu_scaled'
// CHECK:{{.*}}cross-function.cpp:66:21: note: not fixable: the chain continues inside 'relu_scaled', which is called from 3 places ({{.*}}cross-function.cpp:66:9, {{.*}}cross-function.cpp:67:9, {{.*}}cross-function.cpp:68:12); rewriting it would change the other callers
// CHECK:{{.*}}cross-function.cpp:67:21: warning: Linear 'fc4' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}cross-function.cpp:46:60: note: 'aten::relu' is part of the chain, inside 'relu_scaled'
// CHECK:{{.*}}cross-function.cpp:67:21: note: not fixable: the chain continues inside 'relu_scaled', which is called from 3 places ({{.*}}cross-function.cpp:66:9, {{.*}}cross-function.cpp:67:9, {{.*}}cross-function.cpp:68:12); rewriting it would change the other callers
// CHECK-NOT: warning
