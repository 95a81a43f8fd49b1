// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// [scale] -> mask -> softmax(-1) whose result is the output (no product with
// v follows). Not in sequential.cpp: the mask is a second input, and a
// Sequential element has one.
#include <torch/torch.h>
#include <cmath>
#include <limits>

namespace F = torch::nn::functional;

// Retention-style attention map: div scale, masked_fill, softmax function.
struct AttentionMapImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor scores, int64_t head_dim) {
    const auto T = scores.size(-1);
    auto future = torch::ones({T, T}, torch::kBool).triu(/*diagonal=*/1);
    scores = scores / std::sqrt(static_cast<double>(head_dim));
    scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
    return torch::softmax(scores, -1);
  }
};

// Mask before scale: masked_fill_ in place, then a mul, softmax method.
struct PaddingMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor pad) {
    logits.masked_fill_(pad.unsqueeze(1), -1e4);
    auto probs = (logits * 0.125).softmax(-1);
    return probs;
  }
};

// Additive mask, no scale, a Softmax module.
struct BiasSoftmaxImpl : torch::nn::Module {
  BiasSoftmaxImpl() { sm = register_module("sm", torch::nn::Softmax(-1)); }
  torch::Tensor forward(torch::Tensor s, torch::Tensor alibi) {
    return sm(s + alibi);
  }
  torch::nn::Softmax sm{nullptr};
};

// torch::where mask after a mul scale, F::softmax with options.
struct WhereSoftmaxImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor keep) {
    auto m = torch::where(keep, s * 0.5, torch::full({}, -1e9));
    return F::softmax(m, F::SoftmaxFuncOptions(-1));
  }
};

// CHECK:{{.*}}positive.cpp:18:21: warning: the scale, the mask and softmax can run as one fused kernel that reads the scores once (adopter::ops::masked_softmax) [adopter-masked-softmax]
// CHECK-NEXT:    scores = scores / std::sqrt(static_cast<double>(head_dim));
// CHECK-NEXT:                    ^
// CHECK-NEXT:{{.*}}positive.cpp:19:21: note: 'aten::masked_fill' is part of the chain
// CHECK:{{.*}}positive.cpp:20:12: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:27:12: warning: the scale, the mask and softmax {{.*}} [adopter-masked-softmax]
// CHECK:{{.*}}positive.cpp:28:26: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:28:35: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:37:17: warning: the scale, the mask and softmax {{.*}} [adopter-masked-softmax]
// CHECK:{{.*}}positive.cpp:37:12: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}positive.cpp:45:35: warning: the scale, the mask and softmax {{.*}} [adopter-masked-softmax]
// CHECK:{{.*}}positive.cpp:45:14: note: 'aten::where' is part of the chain
// CHECK:{{.*}}positive.cpp:46:12: note: 'aten::softmax' is part of the chain
// CHECK-NOT: warning
