// RUN: %adopter graph %s -- %torch_flags > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: a user module built with fewer arguments than its constructor takes has the defaults of the others among its options (what the constructor receives), through the holder and std::make_shared; a torch module's options stay as written.
#include <torch/torch.h>

constexpr int64_t kHidden = 64;

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t in_features = 784, int64_t hidden = kHidden,
                   double p = 0.1) {
    fc = register_module("fc", torch::nn::Linear(in_features, hidden));
    drop = register_module("drop", torch::nn::Dropout(p));
  }
  torch::Tensor forward(torch::Tensor x) { return drop(fc(x)); }
  torch::nn::Linear fc{nullptr};
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(Net);

struct TopImpl : torch::nn::Module {
  TopImpl() {
    a = register_module("a", Net());
    b = register_module("b", Net(32));
    c = register_module("c", std::make_shared<NetImpl>(16, 8));
    d = register_module("d", torch::nn::Dropout());
  }
  torch::Tensor forward(torch::Tensor x) { return d(c->forward(b(a(x)))); }
  Net a{nullptr}, b{nullptr};
  std::shared_ptr<NetImpl> c;
  torch::nn::Dropout d{nullptr};
};
TORCH_MODULE(Top);

// CHECK-LABEL:module Top {impl="TopImpl"} @{{.*}}
// CHECK-NEXT:  a = Net(in_features=784, hidden=64, p=0.1) {registered} @{{.*}}
// CHECK-NEXT:  b = Net(in_features=32, hidden=64, p=0.1) {registered} @{{.*}}
// CHECK-NEXT:  c = Net(in_features=16, hidden=8, p=0.1) {registered} @{{.*}}
// CHECK-NEXT:  d = torch::nn::Dropout() {registered} @{{.*}}
