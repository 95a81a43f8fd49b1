// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-log-softmax-nll' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-log-softmax-nll in clang-tidy's fixture style: a classifier head
// whose forward returns nll_loss(log_softmax(.)) is reported, and the fix-it
// calls adopter::ops::cross_entropy on the logits (the log_softmax
// statement goes). Log-probabilities that also feed the accuracy, and a
// transpose between the log_softmax and the nll_loss, are look-alikes that
// must not warn.
// CHECK-FIXES: #include <adopter/kernels/CrossEntropy.h>
#include <torch/torch.h>
#include <utility>

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(128, 10)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor target) {
    auto logp = torch::log_softmax(fc(x), /*dim=*/1);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: log_softmax followed by nll_loss is cross-entropy; one fused kernel computes it without writing the log-probabilities (adopter::ops::cross_entropy) [adopter-log-softmax-nll]
    // CHECK-FIXES-NOT: auto logp = torch::log_softmax(fc(x), /*dim=*/1);
    return torch::nll_loss(logp, target);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: note: 'aten::nll_loss' is part of the chain
    // CHECK-FIXES: return adopter::ops::cross_entropy(fc(x), target);
  }
  torch::nn::Linear fc{nullptr};
};

// Negative: the log-probabilities also feed argmax for the accuracy.
struct EvalStepImpl : torch::nn::Module {
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor logits, torch::Tensor target) {
    auto logp = torch::log_softmax(logits, 1);
    auto loss = torch::nll_loss(logp, target, /*weight=*/{}, at::Reduction::Sum);
    return {loss, logp.argmax(1).eq(target).sum()};
  }
};

// Negative: log_softmax over the last dim of (N, T, C), then a transpose to
// (N, C, T) before nll_loss.
struct TaggerLossImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor emissions, torch::Tensor tags) {
    auto logp = torch::log_softmax(emissions, -1);
    return torch::nll_loss(logp.transpose(1, 2), tags);
  }
};
