// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-builtin-cross-entropy' -config="{CheckOptions: {adopter.Packs: torch-builtin}}" --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-builtin-cross-entropy (torch-builtin pack) in clang-tidy's fixture
// style: the MNIST example's training step, a free function that drives the
// model, computes nll_loss(log_softmax(.)) and is reported; the rule
// declares no 'rewrite:', so there is no fix-it and the code stays as it is.
// A log_softmax over the batch (dim 0) and log(softmax(.)) are look-alikes
// that must not warn.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(784, 10)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x.view({x.size(0), 784})); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

double train_step(Net &model, torch::optim::SGD &optimizer, torch::Tensor data, torch::Tensor targets) {
  optimizer.zero_grad();
  auto output = torch::log_softmax(model->forward(data), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: log_softmax followed by nll_loss is LibTorch's torch::nn::functional::cross_entropy [adopter-builtin-cross-entropy]
  // CHECK-FIXES: auto output = torch::log_softmax(model->forward(data), 1);
  auto loss = torch::nll_loss(output, targets);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: note: 'aten::nll_loss' is part of the chain
  // CHECK-MESSAGES: :[[@LINE-5]]:17: note: no fix-it: apply cannot write the replacement of rule 'builtin-cross-entropy' yet (the rule declares no 'rewrite:'); its example shows the change to make by hand
  // CHECK-FIXES: auto loss = torch::nll_loss(output, targets);
  loss.backward();
  optimizer.step();
  return loss.item<double>();
}

// Negative: log_softmax over the batch (ListNet-style ranking); log of a
// softmax, no log_softmax op.
struct LookAlikeImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor scores, torch::Tensor target) {
    auto a = torch::nll_loss(torch::log_softmax(scores, 0), target);
    auto b = torch::nll_loss(torch::softmax(scores, 1).log(), target);
    return a + b;
  }
};
