// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 3
//
// Adam and AdamW built in a helper called from the training loop:
// * make_optimizer builds an Adam into a local and returns it as a
//   std::unique_ptr<torch::optim::Optimizer>; it is called twice (train and
//   main). Reported once, inside the helper where the optimizer is built, and
//   fixable: the whole match is there, so rewriting it changes no caller;
// * make_adamw takes amsgrad as a parameter: reported inside the helper, not
//   fixable (the flag is only known at run time, from the callers);
// * the options are built by one function (adam_options) and the optimizer in
//   the training loop: reported at the construction in the caller.
// The calls of the helpers and train_step (which takes the optimizer by
// reference) are not sites.
#include <torch/torch.h>

#include <memory>
#include <tuple>

struct Config {
  double lr = 3e-4;
  double weight_decay = 0.01;
  bool amsgrad = false;
};

struct ModelImpl : torch::nn::Module {
  ModelImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(32, 64));
    fc2 = register_module("fc2", torch::nn::Linear(64, 1));
  }
  torch::Tensor forward(torch::Tensor x) { return fc2(torch::tanh(fc1(x))); }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Model);

std::unique_ptr<torch::optim::Optimizer> make_optimizer(Model &model) {
  auto opt = std::make_unique<torch::optim::Adam>(model->parameters(), torch::optim::AdamOptions(1e-3));
  return opt;
}

std::unique_ptr<torch::optim::Optimizer> make_adamw(Model &model, const Config &cfg, bool amsgrad) {
  auto opt = std::make_unique<torch::optim::AdamW>(
      model->parameters(),
      torch::optim::AdamWOptions(cfg.lr).weight_decay(cfg.weight_decay).amsgrad(amsgrad));
  return opt;
}

torch::optim::AdamOptions adam_options(double lr) {
  return torch::optim::AdamOptions(lr).betas(std::make_tuple(0.9, 0.98)).eps(1e-9);
}

torch::Tensor train_step(Model &model, torch::optim::Optimizer &opt, const torch::Tensor &x,
                         const torch::Tensor &y) {
  opt.zero_grad();
  auto loss = torch::mse_loss(model->forward(x), y);
  loss.backward();
  opt.step();
  return loss;
}

void train(Model &model, const Config &cfg, int steps) {
  auto opt = make_optimizer(model);
  auto opt_w = make_adamw(model, cfg, cfg.amsgrad);
  torch::optim::Adam opt_o(model->parameters(), adam_options(cfg.lr));
  for (int i = 0; i < steps; ++i) {
    auto x = torch::randn({16, 32});
    auto y = torch::randn({16, 1});
    train_step(model, *opt, x, y);
    train_step(model, *opt_w, x, y);
    train_step(model, opt_o, x, y);
  }
}

int main() {
  Model model;
  train(model, Config{}, 10);
  Model probe;
  auto opt = make_optimizer(probe);
  opt->step();
  return 0;
}

// CHECK:{{.*}}cross-function.cpp:39:14: warning: this Adam/AdamW optimizer can use a fused multi-tensor implementation that updates every parameter in one pass per step (adopter::optim::FusedAdam) [adopter-optimizer-adam]
// CHECK-NEXT:  auto opt = std::make_unique<torch::optim::Adam>(model->parameters(), torch::optim::AdamOptions(1e-3));
// CHECK-NEXT:             ^
// CHECK-NOT: not fixable
// CHECK:{{.*}}cross-function.cpp:44:14: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK:{{.*}}cross-function.cpp:44:14: note: not fixable: cannot prove '!defined($amsgrad) || $amsgrad == false' from the source (a value only known at run time)
// CHECK:{{.*}}cross-function.cpp:66:22: warning: this Adam/AdamW optimizer {{.*}} [adopter-optimizer-adam]
// CHECK-NEXT:  torch::optim::Adam opt_o(model->parameters(), adam_options(cfg.lr));
// CHECK-NEXT:                     ^
// CHECK-NOT: warning
