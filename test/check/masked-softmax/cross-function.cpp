// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// masked-softmax across functions: the scale in an own method (fixable), the
// whole chain in a free helper called twice (reported there, once), and a
// chain starting inside a method with two callers (not fixable).
#include <torch/torch.h>
#include <cmath>

torch::Tensor masked_probs(torch::Tensor s, torch::Tensor mask) {
  return torch::softmax(s.masked_fill(mask, -1e9), -1);
}

struct ScaledImpl : torch::nn::Module {
  torch::Tensor scaled(torch::Tensor s) { return s / std::sqrt(double(s.size(-1))); }
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    auto z = scaled(s);
    return torch::softmax(z.masked_fill(mask, -1e9), -1);
  }
};

struct TwoMapsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor t, torch::Tensor mask) {
    return masked_probs(s, mask) + masked_probs(t, mask);
  }
};

// The chain starts on the scores made inside scores(), which has a second
// caller: reported at the first call, fixable there (scores() stays).
struct SharedScoresImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    return torch::matmul(q, k.transpose(-2, -1)) * 0.125;
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor mem, torch::Tensor mask) {
    auto p = torch::softmax(scores(q, k) + mask, -1);
    auto lse = scores(q, mem).logsumexp(-1, /*keepdim=*/true);
    return p * lse;
  }
};

// CHECK:{{.*}}cross-function.cpp:11:27: warning: the scale, the mask and softmax {{.*}} [adopter-masked-softmax]
// CHECK:{{.*}}cross-function.cpp:11:10: note: 'aten::softmax' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:17:14: warning: the scale, the mask and softmax {{.*}} [adopter-masked-softmax]
// CHECK-NEXT:    auto z = scaled(s);
// CHECK-NEXT:             ^
// CHECK-NEXT:{{.*}}cross-function.cpp:15:52: note: 'aten::div' is part of the chain, inside 'ScaledImpl::scaled'
// CHECK:{{.*}}cross-function.cpp:18:29: note: 'aten::masked_fill' is part of the chain
// CHECK:{{.*}}cross-function.cpp:18:12: note: 'aten::softmax' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:35:29: warning: the scale, the mask and softmax {{.*}} [adopter-masked-softmax]
// CHECK:{{.*}}cross-function.cpp:32:50: note: 'aten::mul' is part of the chain, inside 'SharedScoresImpl::scores'
// CHECK:{{.*}}cross-function.cpp:35:42: note: 'aten::add' is part of the chain
// CHECK:{{.*}}cross-function.cpp:35:14: note: 'aten::softmax' is part of the chain
// CHECK-NOT: not fixable
// CHECK-NOT: warning
