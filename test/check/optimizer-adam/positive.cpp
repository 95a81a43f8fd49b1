// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 12
//
// torch::optim::Adam and AdamW built in training code, each reported at its
// construction (the declared variable, make_unique/make_shared, or the
// temporary a variable is copied from): options with the learning rate only,
// an AdamW chain with betas and weight decay, amsgrad(false) spelled out, an
// options variable, default options into a base-class pointer, `using
// namespace`, a namespace alias, a type alias, parameter groups and brace
// initialisation. amsgrad from a config field is only known at run time:
// reported, not fixable.
// --explain: each optimizer is a 1-op candidate, selected.
#include <torch/torch.h>

#include <memory>
#include <tuple>
#include <vector>

struct Config { double lr = 1e-3; bool amsgrad = false; };

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(784, 128));
    fc2 = register_module("fc2", torch::nn::Linear(128, 10));
  }
  torch::Tensor forward(torch::Tensor x) { return fc2(torch::tanh(fc1(x))); }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Mlp);

namespace optim = torch::optim;
using Opt = torch::optim::AdamW;

void train(Mlp &model, Mlp &head, int epochs) {
  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));
  torch::optim::AdamW opt_w(head->parameters(), torch::optim::AdamWOptions(3e-4)
                                                    .betas(std::make_tuple(0.9, 0.95))
                                                    .weight_decay(0.1));
  auto opt_h = std::make_unique<torch::optim::AdamW>(
      head->parameters(), torch::optim::AdamWOptions(1e-3).amsgrad(false));
  auto opts = torch::optim::AdamOptions(2e-4).eps(1e-6);
  torch::optim::Adam opt_v(model->parameters(), opts);
  std::shared_ptr<torch::optim::Optimizer> base =
      std::make_shared<torch::optim::Adam>(model->parameters());

  for (int epoch = 0; epoch < epochs; ++epoch) {
    auto x = torch::randn({64, 784});
    auto y = torch::randint(10, {64});
    opt.zero_grad();
    auto loss = torch::cross_entropy_loss(model->forward(x), y);
    loss.backward();
    opt.step();
    opt_w.step();
    opt_h->step();
    opt_v.step();
    base->step();
  }
}

void finetune(Mlp &model, const Config &cfg) {
  using namespace torch::optim;
  Adam a(model->parameters(), AdamOptions(cfg.lr));
  optim::AdamW b(model->parameters(), optim::AdamWOptions(cfg.lr).weight_decay(0.05));
  Opt c(model->parameters());
  torch::optim::Adam d(model->parameters(), torch::optim::AdamOptions(cfg.lr).amsgrad(cfg.amsgrad));
  a.step(); b.step(); c.step(); d.step();
}

int main() {
  Mlp model, head;
  train(model, head, 2);
  finetune(model, Config{});
  // Parameter groups with their own learning rates.
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(model->fc1->parameters(), std::make_unique<torch::optim::AdamOptions>(1e-4));
  groups.emplace_back(model->fc2->parameters(), std::make_unique<torch::optim::AdamOptions>(1e-3));
  torch::optim::Adam grouped(groups, torch::optim::AdamOptions(1e-3));
  torch::optim::AdamW braced{head->parameters(), torch::optim::AdamWOptions(1e-3)};
  torch::optim::Adam copied = torch::optim::Adam(head->parameters(), torch::optim::AdamOptions(1e-2));
  grouped.step();
  braced.step();
  copied.step();
  return 0;
}

// CHECK:{{.*}}positive.cpp:38:22: warning: this Adam/AdamW optimizer can use a fused multi-tensor implementation that updates every parameter in one pass per step (adopter::optim::FusedAdam) [adopter-optimizer-adam]
// CHECK-NEXT:  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));
// CHECK-NEXT:                     ^
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:39:23: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:42:16: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NEXT:  auto opt_h = std::make_unique<torch::optim::AdamW>(
// CHECK-NEXT:               ^
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:45:22: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:47:7: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NEXT:      std::make_shared<torch::optim::Adam>(model->parameters());
// CHECK-NEXT:      ^
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:65:8: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:66:16: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:67:7: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:68:22: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK:{{.*}}positive.cpp:68:22: note: not fixable: cannot prove '!defined($amsgrad) || $amsgrad == false' from the source (a value only known at run time)
// CHECK:{{.*}}positive.cpp:80:22: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:81:23: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK:{{.*}}positive.cpp:82:31: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NOT: not fixable
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:38:22: note: selected: score 0.23 = 1 ops x (1 - 1/1.30), no overlapping candidate
// EXPLAIN:  module train: {{.*}}; adopter kernels: 5 (optimizer-adam x5); LibTorch ops: {{.*}}
// EXPLAIN:  module finetune: 4 ops; adopter kernels: 4 (optimizer-adam x4); LibTorch ops: 0
// EXPLAIN:  module main: 3 ops; adopter kernels: 3 (optimizer-adam x3); LibTorch ops: 0
