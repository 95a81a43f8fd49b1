// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 1
//
// Optimizers held by smart pointers that this code does not build where it
// declares them: a std::unique_ptr declared empty and assigned later, and
// the result of a factory function. Neither the declaration nor the call of
// the factory is a construction of an Adam (both used to be reported as a
// default-built Adam, and the factory's arguments read as its options); the
// factory's own make_unique is the construction, reported there, and its
// amsgrad flag comes from a parameter: not provable.
#include <torch/torch.h>

#include <memory>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

std::unique_ptr<torch::optim::Adam> make_adam(Net &net, bool ams) {
  auto opt = std::make_unique<torch::optim::Adam>(
      net->parameters(), torch::optim::AdamOptions(1e-3).amsgrad(ams));
  return opt;
}

int main() {
  Net net;
  std::unique_ptr<torch::optim::Adam> later;
  std::shared_ptr<torch::optim::AdamW> shared;
  auto a = make_adam(net, true);
  a->step();
  return later || shared ? 1 : 0;
}
// CHECK: {{.*}}pointers.cpp:25:14: warning: this Adam/AdamW optimizer can use a fused multi-tensor implementation that updates every parameter in one pass per step (adopter::optim::FusedAdam) [adopter-optimizer-adam]
// CHECK: {{.*}}pointers.cpp:25:14: note: not fixable: {{.*}}
// CHECK-NOT: warning:
