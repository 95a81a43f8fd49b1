// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 1
//
// torch::nn::ModuleList::insert(index, module) puts the module at index and
// moves the later ones up: 'known' holds Linear, Dropout, ReLU, so known[1]
// is the Dropout and there is no Linear -> ReLU chain; 'placed' holds
// Linear, ReLU, Dropout, and placed[0] -> placed[1] is one (the control).
// After an insert at a place only known at run time the elements are not
// known at all: nothing is reported for 'unknown'.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t at) {
    known = register_module("known", torch::nn::ModuleList());
    known->push_back(torch::nn::Linear(8, 8));
    known->push_back(torch::nn::ReLU());
    known->insert(1, torch::nn::Dropout(0.1));
    placed = register_module("placed", torch::nn::ModuleList());
    placed->push_back(torch::nn::Linear(8, 8));
    placed->push_back(torch::nn::Dropout(0.1));
    placed->insert(1, torch::nn::ReLU());
    unknown = register_module("unknown", torch::nn::ModuleList());
    unknown->push_back(torch::nn::Linear(8, 8));
    unknown->push_back(torch::nn::ReLU());
    unknown->insert(at, torch::nn::Dropout(0.1));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = known[0]->as<torch::nn::Linear>()->forward(x);
    x = known[1]->as<torch::nn::Dropout>()->forward(x);
    x = known[2]->as<torch::nn::ReLU>()->forward(x);
    x = placed[0]->as<torch::nn::Linear>()->forward(x);
    x = placed[1]->as<torch::nn::ReLU>()->forward(x);
    x = unknown[0]->as<torch::nn::Linear>()->forward(x);
    return unknown[1]->as<torch::nn::ReLU>()->forward(x);
  }

  torch::nn::ModuleList known{nullptr}, placed{nullptr}, unknown{nullptr};
};
TORCH_MODULE(Net);

// CHECK:{{.*}}modulelist-insert.cpp:34:45: warning: Linear 'placed.0' followed by ReLU {{.*}} [adopter-linear-relu]
// CHECK-NOT: warning
