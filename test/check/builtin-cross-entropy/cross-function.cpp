// RUN: %adopter check --packs torch-builtin %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// log_softmax -> nll_loss across function boundaries:
// * a free loss helper called from two modules: reported once, inside it;
// * log_softmax at the end of a submodule's forward (the MNIST example's
//   network), the loss in the caller through an NLLLoss member: reported at
//   the call of the submodule, fixable;
// * the same when the submodule's forward has another caller that does not
//   compute the loss (an entropy penalty on unlabelled data): not fixable.
#include <torch/torch.h>

torch::Tensor classification_loss(const torch::Tensor &logits, const torch::Tensor &y) {
  return torch::nll_loss(torch::log_softmax(logits, -1), y);
}

struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(784, 10)); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::log_softmax(fc(x.view({x.size(0), -1})), /*dim=*/1);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

struct TrainerImpl : torch::nn::Module {
  TrainerImpl() {
    net = register_module("net", Net());
    criterion = register_module("criterion", torch::nn::NLLLoss());
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    return criterion(net(x), target);
  }
  Net net{nullptr};
  torch::nn::NLLLoss criterion{nullptr};
};
TORCH_MODULE(Trainer);

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor h) { return torch::log_softmax(fc(h), -1); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

struct SemiSupervisedImpl : torch::nn::Module {
  SemiSupervisedImpl() {
    clf = register_module("clf", Classifier());
    head = register_module("head", torch::nn::Linear(128, 10));
  }
  torch::Tensor forward(torch::Tensor labelled, torch::Tensor target, torch::Tensor unlabelled) {
    auto supervised = torch::nll_loss(clf(labelled), target);
    auto lp = clf(unlabelled);
    auto entropy = -(lp.exp() * lp).sum(-1).mean();
    return supervised + 0.1 * entropy + classification_loss(head(labelled), target);
  }
  Classifier clf{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(SemiSupervised);

struct AuxHeadImpl : torch::nn::Module {
  AuxHeadImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor h, torch::Tensor y) { return classification_loss(fc(h), y); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(AuxHead);

// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:14:26: warning: log_softmax followed by nll_loss is LibTorch's torch::nn::functional::cross_entropy [adopter-builtin-cross-entropy]
// CHECK:{{.*}}cross-function.cpp:14:10: note: 'aten::nll_loss' is part of the chain
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:32:22: warning: log_softmax followed by nll_loss {{.*}} [adopter-builtin-cross-entropy]
// CHECK:{{.*}}cross-function.cpp:20:12: note: 'aten::log_softmax' is part of the chain, inside 'Net::forward'
// CHECK:{{.*}}cross-function.cpp:32:12: note: 'criterion' (torch::nn::NLLLoss) is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
// CHECK:{{.*}}cross-function.cpp:52:39: warning: log_softmax followed by nll_loss {{.*}} [adopter-builtin-cross-entropy]
// CHECK:{{.*}}cross-function.cpp:41:51: note: 'aten::log_softmax' is part of the chain, inside 'Classifier::forward'
// CHECK:{{.*}}cross-function.cpp:52:23: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}cross-function.cpp:52:39: note: not fixable: the chain continues inside 'Classifier::forward', which is called from 2 places ({{.*}}cross-function.cpp:52:39, {{.*}}cross-function.cpp:53:15); rewriting it would change the other callers
// CHECK-NOT: warning
