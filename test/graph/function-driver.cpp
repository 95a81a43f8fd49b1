// RUN: %adopter graph %s -- %torch_flags > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: free functions that drive modules are recovered as {function}
// modules: a module parameter and a local module become members, calling
// them inlines the module's forward, and optimizer constructions (direct
// and through make_unique/make_shared, even into a base pointer) become ops; a
// free helper with no module (`scale`) is not listed on its own.
#include <memory>
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(4, 3)); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::log_softmax(fc(x), 1);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

torch::Tensor scale(const torch::Tensor &x) { return x * 2.0; }

torch::Tensor step(Net &net, torch::optim::Optimizer &opt, torch::Tensor x,
                   torch::Tensor y) {
  opt.zero_grad();
  auto loss = torch::nll_loss(net->forward(scale(x)), y);
  loss.backward();
  opt.step();
  return loss;
}

int main() {
  Net net;
  torch::optim::Adam adam(net->parameters(),
                          torch::optim::AdamOptions(1e-3).weight_decay(0.01));
  auto sgd = std::make_unique<torch::optim::SGD>(net->parameters(), 0.1);
  std::shared_ptr<torch::optim::Optimizer> base =
      std::make_shared<torch::optim::AdamW>(net->parameters());
  auto loss = step(net, adam, torch::randn({2, 4}), torch::tensor({0, 2}));
  return loss.item<float>() > 0 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}function-driver.cpp:12:8
// CHECK-LABEL:module step {function} @{{.*}}function-driver.cpp:23:15
// CHECK-NEXT:  net = Net {param} @{{.*}}function-driver.cpp:23:25
// CHECK-NEXT:  step(%net, %opt, %x, %y) @{{.*}}function-driver.cpp:23:15:
// CHECK-NEXT:    %1 = inline scale(%x) {scope="scale", def="{{.*}}function-driver.cpp:21"} @{{.*}}function-driver.cpp:26:44:
// CHECK-NEXT:      %0 = aten::mul(%x, 2.0) @{{.*}}function-driver.cpp:21:56
// CHECK-NEXT:      yield %0 @{{.*}}function-driver.cpp:21:63
// CHECK-NEXT:    %4 = inline net(%1) {scope="Net::forward", def="{{.*}}function-driver.cpp:14"} @{{.*}}function-driver.cpp:26:36:
// CHECK-NEXT:      %2 = net.fc(%1) @{{.*}}function-driver.cpp:15:31
// CHECK-NEXT:      %3 = aten::log_softmax(%2, 1) @{{.*}}function-driver.cpp:15:12
// CHECK-NEXT:      yield %3 @{{.*}}function-driver.cpp:16:3
// CHECK-NEXT:    %5 = aten::nll_loss(%4, %y) @{{.*}}function-driver.cpp:26:15
// CHECK-NEXT:    %6 = opaque() {text=`opt.step()`} @{{.*}}function-driver.cpp:28:7
// CHECK-NEXT:    return %5 @{{.*}}function-driver.cpp:29:3
// CHECK-EMPTY:
// CHECK-NEXT:module main {function} @{{.*}}function-driver.cpp:32:5
// CHECK-NEXT:  net = Net() {local} @{{.*}}function-driver.cpp:33:7
// CHECK-NEXT:  main() @{{.*}}function-driver.cpp:32:5:
// CHECK-NEXT:    %0 = torch::optim::Adam(params=`net->parameters()`, lr=0.001, weight_decay=0.01) @{{.*}}function-driver.cpp:34:22
// CHECK-NEXT:    %1 = torch::optim::SGD(params=`net->parameters()`, options=0.1) @{{.*}}function-driver.cpp:36:14
// CHECK-NEXT:    %2 = torch::optim::AdamW(params=`net->parameters()`) @{{.*}}function-driver.cpp:38:7
// CHECK-NOT:module scale
