// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 2
//
// torch::nn::ModuleDict::update overwrites a key the dictionary already has:
// 'heads' ends with fc = Linear and act = Tanh, so fc -> act is no
// Linear -> ReLU chain; 'kept' is not overwritten and is one (the control).
// Overwritten only under a condition, maybe's 'act' holds a module known
// only at run time; maybe's fc followed by torch::relu is still a chain.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  explicit NetImpl(bool swap) {
    heads = register_module("heads", torch::nn::ModuleDict());
    heads->update({{"fc", torch::nn::Linear(8, 8).ptr()}, {"act", torch::nn::ReLU().ptr()}});
    heads->update({{"act", torch::nn::Tanh().ptr()}});
    kept = register_module("kept", torch::nn::ModuleDict());
    kept->update({{"fc", torch::nn::Linear(8, 8).ptr()}, {"act", torch::nn::ReLU().ptr()}});
    maybe = register_module("maybe", torch::nn::ModuleDict());
    maybe->update({{"fc", torch::nn::Linear(8, 8).ptr()}, {"act", torch::nn::ReLU().ptr()}});
    if (swap)
      maybe->update({{"act", torch::nn::Tanh().ptr()}});
  }

  torch::Tensor forward(torch::Tensor x) {
    x = heads["fc"]->as<torch::nn::Linear>()->forward(x);
    x = heads["act"]->as<torch::nn::Tanh>()->forward(x);
    x = kept["fc"]->as<torch::nn::Linear>()->forward(x);
    x = kept["act"]->as<torch::nn::ReLU>()->forward(x);
    x = maybe["fc"]->as<torch::nn::Linear>()->forward(x);
    return torch::relu(x);
  }

  torch::nn::ModuleDict heads{nullptr}, kept{nullptr}, maybe{nullptr};
};
TORCH_MODULE(Net);

// CHECK:{{.*}}moduledict-update.cpp:29:46: warning: Linear 'kept.fc' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK:{{.*}}moduledict-update.cpp:31:47: warning: Linear 'maybe.fc' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK-NOT: warning
