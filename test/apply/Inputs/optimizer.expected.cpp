// Input of optimizer.test: `rewrite: retype` (optimizer-adam). Each
// function trains a Net for some steps with one form of Adam/AdamW; the
// rewritten file (optimizer.expected.cpp) spells adopter's fused optimizers
// instead, and test/e2e trains both and compares the parameters.
#include <adopter/kernels/FusedAdam.h>
#include <memory>
#include <torch/torch.h>
#include <vector>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(8, 16));
    fc2 = register_module("fc2", torch::nn::Linear(16, 4));
  }
  torch::Tensor forward(torch::Tensor x) { return fc2(torch::tanh(fc1(x))); }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Net);

// One step on fixed data.
inline void trainStep(Net &net, torch::optim::Optimizer &optimizer) {
  torch::manual_seed(7);
  auto x = torch::randn({32, 8});
  auto y = torch::randn({32, 4});
  optimizer.zero_grad();
  auto loss = torch::mse_loss(net->forward(x), y);
  loss.backward();
  optimizer.step();
}

// Declared with its type spelled out, options chained.
inline void trainAdam(Net &net, int steps) {
  adopter::optim::FusedAdam optimizer(net->parameters(),
                               torch::optim::AdamOptions(1e-2).weight_decay(0.01));
  for (int i = 0; i < steps; ++i)
    trainStep(net, optimizer);
}

// `auto o = T(...)`: AdamW with decoupled weight decay.
inline void trainAdamW(Net &net, int steps) {
  auto optimizer = adopter::optim::FusedAdamW(
      net->parameters(), torch::optim::AdamWOptions(1e-2).weight_decay(0.05));
  for (int i = 0; i < steps; ++i)
    trainStep(net, optimizer);
}

// make_unique over param groups with their own options.
inline void trainGroups(Net &net, int steps) {
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(net->fc1->parameters());
  groups.emplace_back(net->fc2->parameters(),
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(5e-3).weight_decay(0.0)));
  auto optimizer = std::make_unique<adopter::optim::FusedAdamW>(
      groups, torch::optim::AdamWOptions(1e-2));
  for (int i = 0; i < steps; ++i)
    trainStep(net, *optimizer);
}

// The smart pointer's type spells the optimizer too; braces.
inline void trainUnique(Net &net, int steps) {
  std::unique_ptr<adopter::optim::FusedAdam> optimizer =
      std::make_unique<adopter::optim::FusedAdam>(
          net->parameters(), torch::optim::AdamOptions(2e-2).betas({0.8, 0.9}));
  adopter::optim::FusedAdam other{net->parameters(), torch::optim::AdamOptions(1e-3)};
  for (int i = 0; i < steps; ++i) {
    trainStep(net, *optimizer);
    trainStep(net, other);
  }
}

// A base-class pointer: only make_shared's argument names Adam.
inline void trainShared(Net &net, int steps) {
  std::shared_ptr<torch::optim::Optimizer> optimizer =
      std::make_shared<adopter::optim::FusedAdam>(net->parameters(),
                                           torch::optim::AdamOptions(1e-2).eps(1e-6));
  for (int i = 0; i < steps; ++i)
    trainStep(net, *optimizer);
}

// Not rewritten: the type is spelled through an alias.
using Opt = torch::optim::Adam;
inline void trainAlias(Net &net, int steps) {
  Opt optimizer(net->parameters(), torch::optim::AdamOptions(1e-2));
  for (int i = 0; i < steps; ++i)
    trainStep(net, optimizer);
}

// Not rewritten: a function takes the optimizer as torch::optim::AdamW, so
// the retyped code would not compile.
inline void stepAdamW(Net &net, torch::optim::AdamW &optimizer) {
  trainStep(net, optimizer);
}
inline void trainPassed(Net &net, int steps) {
  torch::optim::AdamW optimizer(net->parameters(), torch::optim::AdamWOptions(1e-2));
  for (int i = 0; i < steps; ++i)
    stepAdamW(net, optimizer);
}

// Not a finding: amsgrad (the rule's constraint).
inline void trainAmsgrad(Net &net, int steps) {
  torch::optim::Adam optimizer(net->parameters(),
                               torch::optim::AdamOptions(1e-2).amsgrad(true));
  for (int i = 0; i < steps; ++i)
    trainStep(net, optimizer);
}

// Not rewritten: the code casts the optimizer to its own type, which the
// retyped variable is not; apply's re-parse finds that and drops the edit.
inline double initialLr(Net &net) {
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(3e-3));
  auto &self = static_cast<torch::optim::Adam &>(optimizer);
  return static_cast<torch::optim::AdamOptions &>(self.defaults()).lr();
}
