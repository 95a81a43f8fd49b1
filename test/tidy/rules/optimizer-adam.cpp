// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-optimizer-adam' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-optimizer-adam in clang-tidy's fixture style: a torch::optim::Adam
// built in training code is reported at its construction, and the fix-it
// retypes it to adopter::optim::FusedAdam (`rewrite: retype`) and includes
// the kernel header. SGD with
// momentum, an Adam with amsgrad(true), and AdamOptions that never build an
// optimizer are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/FusedAdam.h>
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(16, 4)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

void train(Net &net) {
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: this Adam/AdamW optimizer can use a fused multi-tensor implementation that updates every parameter in one pass per step (adopter::optim::FusedAdam) [adopter-optimizer-adam]
  // CHECK-FIXES: adopter::optim::FusedAdam opt(net->parameters(), torch::optim::AdamOptions(1e-3));
  // Negative: SGD; amsgrad(true); options that build no optimizer.
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  torch::optim::Adam ams(net->parameters(), torch::optim::AdamOptions(1e-3).amsgrad(true));
  // CHECK-FIXES: torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  // CHECK-FIXES-NEXT: torch::optim::Adam ams(net->parameters(), torch::optim::AdamOptions(1e-3).amsgrad(true));
  auto unused = torch::optim::AdamOptions(1e-3).weight_decay(0.01);
  opt.step();
  sgd.step();
  ams.step();
}
