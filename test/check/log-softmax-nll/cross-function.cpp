// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// log_softmax at the end of a submodule's forward, nll_loss in the caller
// module's loss() method (called from its forward): reported at the call of
// the submodule. When the submodule's forward has another caller that does
// not compute the loss, rewriting it would change that caller: not fixable.
#include <torch/torch.h>

// The MNIST example's network: log-probabilities out of forward.
struct NetImpl : torch::nn::Module {
  NetImpl() { fc = register_module("fc", torch::nn::Linear(784, 10)); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::log_softmax(fc(x.view({x.size(0), -1})), /*dim=*/1);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Net);

struct TrainerImpl : torch::nn::Module {
  TrainerImpl() { net = register_module("net", Net()); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) { return loss(x, target); }
  torch::Tensor loss(torch::Tensor x, torch::Tensor target) {
    return torch::nll_loss(net(x), target);
  }
  Net net{nullptr};
};
TORCH_MODULE(Trainer);

// Semi-supervised: the same classifier also scores unlabelled data, whose
// log-probabilities feed an entropy penalty.
struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor h) { return torch::log_softmax(fc(h), -1); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

struct SemiSupervisedImpl : torch::nn::Module {
  SemiSupervisedImpl() { clf = register_module("clf", Classifier()); }
  torch::Tensor forward(torch::Tensor labelled, torch::Tensor target, torch::Tensor unlabelled) {
    auto supervised = torch::nll_loss(clf(labelled), target);
    auto lp = clf(unlabelled);
    auto entropy = -(lp.exp() * lp).sum(-1).mean();
    return supervised + 0.1 * entropy;
  }
  Classifier clf{nullptr};
};
TORCH_MODULE(SemiSupervised);

// CHECK:{{.*}}cross-function.cpp:24:28: warning: log_softmax followed by nll_loss is cross-entropy; one fused kernel computes it without writing the log-probabilities (adopter::ops::cross_entropy) [adopter-log-softmax-nll]
// CHECK-NEXT:    return torch::nll_loss(net(x), target);
// CHECK-NEXT:                           ^
// CHECK-NEXT:{{.*}}cross-function.cpp:14:12: note: 'aten::log_softmax' is part of the chain, inside 'Net::forward'
// CHECK:{{.*}}cross-function.cpp:24:12: note: 'aten::nll_loss' is part of the chain
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:42:39: warning: log_softmax followed by nll_loss {{.*}} [adopter-log-softmax-nll]
// CHECK:{{.*}}cross-function.cpp:34:51: note: 'aten::log_softmax' is part of the chain, inside 'Classifier::forward'
// CHECK:{{.*}}cross-function.cpp:42:23: note: 'aten::nll_loss' is part of the chain
// CHECK:{{.*}}cross-function.cpp:42:39: note: not fixable: the chain continues inside 'Classifier::forward', which is called from 2 places ({{.*}}cross-function.cpp:42:39, {{.*}}cross-function.cpp:43:15); rewriting it would change the other callers
// CHECK-NOT: warning
