// RUN: %adopter check --packs torch-builtin %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// log_softmax -> nll_loss, reported by the torch-builtin pack (replacement:
// torch::nn::functional::cross_entropy): a classifier whose forward returns
// the loss; LogSoftmax and NLLLoss members; a language-model head with the
// method log_softmax over the vocabulary and F::nll_loss with options;
// F::log_softmax with options; and the MNIST example's training step, a free
// function that drives the model.
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    auto logp = torch::log_softmax(fc(x), /*dim=*/1);
    return torch::nll_loss(logp, target);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

struct ModuleLossImpl : torch::nn::Module {
  ModuleLossImpl() {
    fc = register_module("fc", torch::nn::Linear(128, 10));
    log_softmax = register_module("log_softmax", torch::nn::LogSoftmax(-1));
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

struct LmHeadImpl : torch::nn::Module {
  LmHeadImpl(int64_t d, int64_t vocab) : vocab(vocab) {
    lm_head = register_module("lm_head", torch::nn::Linear(d, vocab));
  }
  torch::Tensor forward(torch::Tensor h, torch::Tensor targets) {
    auto logits = lm_head(h).view({-1, vocab});
    return F::nll_loss(logits.log_softmax(-1), targets.view(-1),
                       F::NLLLossFuncOptions().ignore_index(-1));
  }
  int64_t vocab;
  torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(LmHead);

struct SummedLossImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor target) {
    auto lp = F::log_softmax(logits, F::LogSoftmaxFuncOptions(1));
    return torch::nll_loss(lp, target, /*weight=*/{}, at::Reduction::Sum);
  }
};
TORCH_MODULE(SummedLoss);

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(784, 10)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x.view({x.size(0), 784})); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

double train_step(Net &model, torch::optim::SGD &optimizer, torch::Tensor data, torch::Tensor targets) {
  optimizer.zero_grad();
  auto output = torch::log_softmax(model->forward(data), 1);
  auto loss = torch::nll_loss(output, targets);
  loss.backward();
  optimizer.step();
  return loss.item<double>();
}

// CHECK:{{.*}}positive.cpp:17:17: warning: log_softmax followed by nll_loss is LibTorch's torch::nn::functional::cross_entropy [adopter-builtin-cross-entropy]
// CHECK-NEXT:    auto logp = torch::log_softmax(fc(x), /*dim=*/1);
// CHECK-NEXT:                ^
// CHECK-NEXT:{{.*}}positive.cpp:18:12: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}positive.cpp:31:22: warning: log_softmax followed by nll_loss {{.*}} [adopter-builtin-cross-entropy]
// CHECK:{{.*}}positive.cpp:31:12: note: 'criterion' (torch::nn::NLLLoss) is part of the chain
// CHECK:{{.*}}positive.cpp:45:31: warning: log_softmax followed by nll_loss {{.*}} [adopter-builtin-cross-entropy]
// CHECK:{{.*}}positive.cpp:45:12: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}positive.cpp:55:15: warning: log_softmax followed by nll_loss {{.*}} [adopter-builtin-cross-entropy]
// CHECK:{{.*}}positive.cpp:56:12: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}positive.cpp:70:17: warning: log_softmax followed by nll_loss {{.*}} [adopter-builtin-cross-entropy]
// CHECK:{{.*}}positive.cpp:71:15: note: 'aten::nll_loss' is part of the chain
// CHECK-NOT: warning
