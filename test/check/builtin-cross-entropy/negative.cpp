// RUN: %adopter check --packs torch-builtin --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --match-full-lines %s < %t.json
//
// Look-alikes of log_softmax -> nll_loss that must not match
// builtin-cross-entropy. One real chain comes first so that the check can
// fail.
#include <torch/torch.h>
#include <utility>

struct ReferenceImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor target) {
    return torch::nll_loss(torch::log_softmax(logits, 1), target);
  }
};

// ListNet-style ranking: log_softmax over the batch (dim 0), not the classes.
struct BatchDimImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor scores, torch::Tensor target) {
    return torch::nll_loss(torch::log_softmax(scores, 0), target);
  }
};

// log(softmax(x)): no log_softmax op.
struct LogOfSoftmaxImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor target) {
    return torch::nll_loss(torch::softmax(logits, 1).log(), target);
  }
};

// Sequence tagging: log_softmax over the last dim of (N, T, C), then a
// transpose to (N, C, T) before nll_loss.
struct TaggerLossImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor emissions, torch::Tensor tags) {
    auto logp = torch::log_softmax(emissions, -1);
    return torch::nll_loss(logp.transpose(1, 2), tags);
  }
};

// Evaluation step: the log-probabilities also feed argmax for the accuracy.
struct EvalStepImpl : torch::nn::Module {
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor logits, torch::Tensor target) {
    auto logp = torch::log_softmax(logits, 1);
    auto loss = torch::nll_loss(logp, target);
    return {loss, logp.argmax(1).eq(target).sum()};
  }
};

// Label smoothing: the loss is a dot product with soft targets, no nll_loss.
struct SmoothedLossImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor soft_targets) {
    auto logp = torch::log_softmax(logits, -1);
    return -(logp * soft_targets).sum(-1).mean();
  }
};

// Distillation: the student's log-probabilities go to kl_div.
struct DistillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor student, torch::Tensor teacher) {
    auto logp = torch::log_softmax(student / 2.0, -1);
    return torch::kl_div(logp, torch::softmax(teacher / 2.0, -1), at::Reduction::Mean);
  }
};

// CHECK:      "parsed": true
// CHECK:      "findings": [
// CHECK:        "class": "ReferenceImpl",
// CHECK-NEXT:   "column": 28,
// CHECK:        "function": "ReferenceImpl::forward",
// CHECK-NEXT:   "line": 12,
// CHECK:        "rule": "builtin-cross-entropy",
// CHECK-NEXT:   "score": {{.*}},
// CHECK-NEXT:   "selected": true
// CHECK-NOT:    "rule": "builtin-cross-entropy",
// CHECK:      "partition": [
// The look-alikes were seen, and none of their ops went to a builtin.
// CHECK:        "module": "BatchDimImpl",
// CHECK-NEXT:   "ops": 2,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "LogOfSoftmaxImpl",
// CHECK-NEXT:   "ops": 3,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "TaggerLossImpl",
// CHECK-NEXT:   "ops": 3,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "EvalStepImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "SmoothedLossImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
// CHECK:        "module": "DistillImpl",
// CHECK-NEXT:   "ops": 5,
// CHECK-NEXT:   "packs": {}
