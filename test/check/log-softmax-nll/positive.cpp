// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// log_softmax -> nll_loss inside modules that compute their own loss: free
// functions, methods, the functional API, and LogSoftmax/NLLLoss members.
#include <torch/torch.h>

namespace F = torch::nn::functional;

// Classifier head whose forward returns the loss: torch:: functions.
struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    auto logp = torch::log_softmax(fc(x), /*dim=*/1);
    return torch::nll_loss(logp, target);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

// LogSoftmax and NLLLoss members.
struct ModuleLossImpl : torch::nn::Module {
  ModuleLossImpl() {
    fc = register_module("fc", torch::nn::Linear(128, 10));
    log_softmax = register_module("log_softmax", torch::nn::LogSoftmax(1));
    criterion = register_module("criterion", torch::nn::NLLLoss());
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    return criterion(log_softmax(fc(x)), target);
  }
  torch::nn::Linear fc{nullptr};
  torch::nn::LogSoftmax log_softmax{nullptr};
  torch::nn::NLLLoss criterion{nullptr};
};
TORCH_MODULE(ModuleLoss);

// Language model: method log_softmax over the vocabulary, F::nll_loss with
// options.
struct LmHeadImpl : torch::nn::Module {
  LmHeadImpl(int64_t d, int64_t vocab) : vocab(vocab) {
    head = register_module("head", torch::nn::Linear(d, vocab));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor targets) {
    auto logits = head(h).view({-1, vocab});
    return F::nll_loss(logits.log_softmax(-1), targets.view(-1),
                       F::NLLLossFuncOptions().ignore_index(-100));
  }
  int64_t vocab;
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(LmHead);

// F::log_softmax with options, a summed loss.
struct SummedLossImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor target) {
    auto lp = F::log_softmax(logits, F::LogSoftmaxFuncOptions(1));
    return torch::nll_loss(lp, target, /*weight=*/{}, at::Reduction::Sum);
  }
};

// CHECK:{{.*}}positive.cpp:14:17: warning: log_softmax followed by nll_loss is cross-entropy; one fused kernel computes it without writing the log-probabilities (adopter::ops::cross_entropy) [adopter-log-softmax-nll]
// CHECK-NEXT:    auto logp = torch::log_softmax(fc(x), /*dim=*/1);
// CHECK-NEXT:                ^
// CHECK-NEXT:{{.*}}positive.cpp:15:12: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}positive.cpp:29:22: warning: log_softmax followed by nll_loss {{.*}} [adopter-log-softmax-nll]
// CHECK:{{.*}}positive.cpp:29:12: note: 'criterion' (torch::nn::NLLLoss) is part of the chain
// CHECK:{{.*}}positive.cpp:45:31: warning: log_softmax followed by nll_loss {{.*}} [adopter-log-softmax-nll]
// CHECK:{{.*}}positive.cpp:45:12: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}positive.cpp:56:15: warning: log_softmax followed by nll_loss {{.*}} [adopter-log-softmax-nll]
// CHECK:{{.*}}positive.cpp:57:12: note: 'aten::nll_loss' is part of the chain
// CHECK-NOT: warning
