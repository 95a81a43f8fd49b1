// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --format=json %s -- %torch_flags | FileCheck --check-prefix=JSON %s
// COUNT: 2
//
// The mask applied on one path of an `if` (LLaMA: `if (mask.defined())
// scores = scores + mask;`): the softmax reads the value that joins both
// paths, and the chain runs through it with the add marked conditional (the
// fused kernel takes the mask as optional). Written with masked_fill under
// the condition in the second module.
//
// Not a site: the masked scores also used after the if (returned for
// inspection), and an add under the if whose other path is not the add's
// input (the else path computes something else).
#include <torch/torch.h>
#include <cmath>

struct LlamaAttentionImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto scores = torch::matmul(q, k.transpose(2, 3)) / std::sqrt(64.0);
    if (mask.defined()) {
      scores = scores + mask;
    }
    scores = torch::softmax(scores, -1);
    return torch::matmul(scores, v);
  }
};
TORCH_MODULE(LlamaAttention);

struct CausalImpl : torch::nn::Module {
  bool causal = true;
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor keep) {
    auto att = torch::bmm(q, k.transpose(1, 2)) * 0.125;
    if (causal)
      att = att.masked_fill(keep == 0, -1e9);
    return torch::bmm(torch::softmax(att, -1), v);
  }
};
TORCH_MODULE(Causal);

struct ExposedImpl : torch::nn::Module {
  std::vector<torch::Tensor> forward(torch::Tensor q, torch::Tensor k,
                                     torch::Tensor v, torch::Tensor mask) {
    auto scores = torch::matmul(q, k.transpose(2, 3)) / 8.0;
    if (mask.defined())
      scores = scores + mask;
    auto out = torch::matmul(torch::softmax(scores, -1), v);
    return {out, scores};
  }
};
TORCH_MODULE(Exposed);

struct OtherPathImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask, torch::Tensor bias) {
    auto scores = torch::matmul(q, k.transpose(2, 3)) / 8.0;
    torch::Tensor m;
    if (mask.defined())
      m = scores + mask;
    else
      m = bias;
    return torch::matmul(torch::softmax(m, -1), v);
  }
};
TORCH_MODULE(OtherPath);

// CHECK:{{.*}}conditional.cpp:22:19: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}conditional.cpp:24:23: note: 'aten::add' is part of the chain, on the path where 'mask.defined()'
// CHECK:{{.*}}conditional.cpp:26:14: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}conditional.cpp:36:16: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}conditional.cpp:38:17: note: 'aten::masked_fill' is part of the chain, on the path where 'causal'
// CHECK-NOT: warning:
// JSON: "condition": "mask.defined()"
