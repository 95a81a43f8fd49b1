// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// log_softmax as the last element of a Sequential (a LogSoftmax module, or a
// user module whose forward ends with log_softmax), nll_loss outside it: the
// chain continues out of the Sequential, so it is reported at its call.
#include <torch/torch.h>

struct MlpLossImpl : torch::nn::Module {
  MlpLossImpl() {
    body = register_module("body", torch::nn::Sequential(
        torch::nn::Linear(784, 128),
        torch::nn::Tanh(),
        torch::nn::Dropout(0.2),
        torch::nn::Linear(128, 10),
        torch::nn::LogSoftmax(1)));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    return torch::nll_loss(body->forward(x), target);
  }
  torch::nn::Sequential body{nullptr};
};

// The criterion is an NLLLoss member.
struct CriterionLossImpl : torch::nn::Module {
  CriterionLossImpl() {
    body = register_module("body", torch::nn::Sequential(
        torch::nn::Linear(784, 10), torch::nn::LogSoftmax(-1)));
    criterion = register_module("criterion", torch::nn::NLLLoss());
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    auto logp = body->forward(x);
    return criterion(logp, target);
  }
  torch::nn::Sequential body{nullptr};
  torch::nn::NLLLoss criterion{nullptr};
};

// A user module as the last element.
struct HeadImpl : torch::nn::Module {
  HeadImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor x) { return torch::log_softmax(fc(x), 1); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Head);

struct HeadElementImpl : torch::nn::Module {
  HeadElementImpl() {
    body = register_module("body", torch::nn::Sequential(
        torch::nn::Linear(784, 128), torch::nn::Tanh(), Head()));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    return torch::nll_loss(body->forward(x), target);
  }
  torch::nn::Sequential body{nullptr};
};

// CHECK:{{.*}}sequential.cpp:19:34: warning: log_softmax followed by nll_loss is cross-entropy; one fused kernel computes it without writing the log-probabilities (adopter::ops::cross_entropy) [adopter-log-softmax-nll]
// CHECK-NEXT:    return torch::nll_loss(body->forward(x), target);
// CHECK-NEXT:                                 ^
// CHECK-NEXT:{{.*}}sequential.cpp:16:9: note: 'aten::log_softmax' is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:19:12: note: 'aten::nll_loss' is part of the chain
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK:{{.*}}sequential.cpp:32:23: warning: log_softmax followed by nll_loss {{.*}} [adopter-log-softmax-nll]
// CHECK:{{.*}}sequential.cpp:28:37: note: 'aten::log_softmax' is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:33:12: note: 'criterion' (torch::nn::NLLLoss) is part of the chain
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK:{{.*}}sequential.cpp:53:34: warning: log_softmax followed by nll_loss {{.*}} [adopter-log-softmax-nll]
// CHECK:{{.*}}sequential.cpp:42:51: note: 'aten::log_softmax' is part of the chain, inside 'Head::forward'
// CHECK:{{.*}}sequential.cpp:53:12: note: 'aten::nll_loss' is part of the chain
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK-NOT: warning
