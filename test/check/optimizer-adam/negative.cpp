// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
// RUN: %adopter graph %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=GRAPH %s
//
// Look-alikes of optimizer-adam that must not be candidates: other LibTorch
// optimizers (SGD with momentum, RMSprop, Adagrad, LBFGS), Adam and AdamW with
// amsgrad(true) (literal, a constexpr flag, make_unique, the copy of a
// temporary), AdamOptions objects that never build an optimizer (unused, or
// cast from an existing optimizer's param group to set its learning rate), an
// Adam taken by reference, and a user class named Adam in another namespace.
// One real Adam (reference) comes first so that the check can fail. The graph
// shows that each look-alike optimizer was recovered with its options.
#include <torch/torch.h>

#include <memory>
#include <utility>
#include <vector>

namespace mylib {
struct AdamOptions {
  explicit AdamOptions(double lr) : lr(lr) {}
  double lr;
};
struct Adam {
  Adam(std::vector<torch::Tensor> params, AdamOptions o) : params(std::move(params)), o(o) {}
  void step() {}
  std::vector<torch::Tensor> params;
  AdamOptions o;
};
} // namespace mylib

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

constexpr bool kAmsgrad = true;

void reference(Net &net) {
  torch::optim::Adam ok(net->parameters(), torch::optim::AdamOptions(1e-3));
  ok.step();
}

void set_lr(torch::optim::Optimizer &opt, double lr) {
  for (auto &group : opt.param_groups())
    static_cast<torch::optim::AdamOptions &>(group.options()).lr(lr);
}

void step(Net &net, torch::optim::Adam &opt, const torch::Tensor &x) {
  opt.zero_grad();
  net->forward(x).sum().backward();
  opt.step();
}

int main() {
  Net net;
  reference(net);
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9).nesterov(true));
  torch::optim::RMSprop rms(net->parameters(), torch::optim::RMSpropOptions(1e-2));
  torch::optim::Adagrad ada(net->parameters(), torch::optim::AdagradOptions(1e-2));
  torch::optim::LBFGS lbfgs(net->parameters(), torch::optim::LBFGSOptions(1));
  torch::optim::Adam ams(net->parameters(), torch::optim::AdamOptions(1e-3).amsgrad(true));
  torch::optim::Adam ams_c(net->parameters(), torch::optim::AdamOptions(1e-3).amsgrad(kAmsgrad));
  auto ams_w = std::make_unique<torch::optim::AdamW>(
      net->parameters(), torch::optim::AdamWOptions(1e-3).weight_decay(0.01).amsgrad(true));
  torch::optim::Adam ams_t = torch::optim::Adam(net->parameters(), torch::optim::AdamOptions(1e-3).amsgrad(true));
  auto unused = torch::optim::AdamOptions(1e-3).weight_decay(0.01);
  torch::optim::AdamWOptions unused_w(1e-3);
  mylib::Adam mine(net->parameters(), mylib::AdamOptions(1e-3));
  set_lr(ams, 1e-4);
  step(net, ams, torch::randn({2, 16}));
  sgd.step();
  mine.step();
  return 0;
}

// CHECK:      "errors": [],
// CHECK-NEXT: "file": "{{.*}}negative.cpp",
// CHECK-NEXT: "parsed": true
// CHECK:      "findings": [
// CHECK:        "check": "adopter-optimizer-adam",
// CHECK-NEXT:   "class": "",
// CHECK-NEXT:   "column": 22,
// CHECK-NEXT:   "decision": "selected: {{.*}}",
// CHECK-NEXT:   "file": "{{.*}}negative.cpp",
// CHECK-NEXT:   "fixable": true,
// CHECK-NEXT:   "function": "reference",
// CHECK-NEXT:   "line": 42,
// CHECK:        "rule": "optimizer-adam",
// CHECK-NOT:    "rule": "optimizer-adam",
// CHECK:      "partition": [
// The other optimizers and the amsgrad ones were seen, and none went to a kernel.
// CHECK:        "module": "main",
// CHECK-NEXT:   "ops": {{[0-9]+}},
// CHECK-NEXT:   "packs": {}

// GRAPH-LABEL:module main {function} @{{.*}}negative.cpp:{{[0-9]+}}:5
// GRAPH:    %0 = torch::optim::SGD(params=`net->parameters()`, lr=0.1, momentum=0.9, nesterov=true) @{{.*}}negative.cpp:60:21
// GRAPH-NEXT:    %1 = torch::optim::RMSprop(params=`net->parameters()`, lr=0.01) @{{.*}}negative.cpp:61:25
// GRAPH-NEXT:    %2 = torch::optim::Adagrad(params=`net->parameters()`, lr=0.01) @{{.*}}negative.cpp:62:25
// GRAPH-NEXT:    %3 = torch::optim::LBFGS(params=`net->parameters()`, lr=1) @{{.*}}negative.cpp:63:23
// GRAPH-NEXT:    %4 = torch::optim::Adam(params=`net->parameters()`, lr=0.001, amsgrad=true) @{{.*}}negative.cpp:64:22
// GRAPH-NEXT:    %5 = torch::optim::Adam(params=`net->parameters()`, lr=0.001, amsgrad=true) @{{.*}}negative.cpp:65:22
// GRAPH-NEXT:    %6 = torch::optim::AdamW(params=`net->parameters()`, lr=0.001, weight_decay=0.01, amsgrad=true) @{{.*}}negative.cpp:66:16
// GRAPH-NEXT:    %7 = torch::optim::Adam(params=`net->parameters()`, lr=0.001, amsgrad=true) @{{.*}}negative.cpp:68:30
// GRAPH-NOT: mylib
