// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// Attention split across functions: the scores in an own method, the softmax
// in a free helper, the whole chain in a helper called twice, and the
// not-fixable case where the method holding the chain's start has two callers.
#include <torch/torch.h>
#include <cmath>

torch::Tensor stable_softmax(torch::Tensor s) { return torch::softmax(s, -1); }

torch::Tensor attend(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
  auto w = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) * 0.125, -1);
  return torch::matmul(w, v);
}

// Starts in scores(), ends in forward: reported at the call of scores().
struct SplitImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    return torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = scores(q, k);
    return torch::matmul(torch::softmax(s, -1), v);
  }
};

// The softmax sits in a free helper with one caller.
struct HelperImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) * 0.125;
    return torch::matmul(stable_softmax(s), v);
  }
};

// The whole chain is inside attend(): reported there, once.
struct TwoHeadsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return attend(q, k, v) + attend(q.flip(1), k, v);
  }
};

// scores() also feeds a max over the keys: the chain's call of scores() is
// replaced and scores() stays for that caller, so the chain is fixable.
struct SharedImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    return torch::matmul(q, k.transpose(-2, -1)) * 0.125;
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v, torch::Tensor k2) {
    auto a = torch::matmul(torch::softmax(scores(q, k), -1), v);
    auto b = scores(q, k2).amax(-1);
    return a + b.unsqueeze(-1);
  }
};

// CHECK:{{.*}}cross-function.cpp:13:27: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}cross-function.cpp:13:65: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:13:12: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}cross-function.cpp:14:10: note: 'aten::matmul' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:23:14: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK-NEXT:    auto s = scores(q, k);
// CHECK-NEXT:             ^
// CHECK-NEXT:{{.*}}cross-function.cpp:20:12: note: 'aten::matmul' is part of the chain, inside 'SplitImpl::scores'
// CHECK:{{.*}}cross-function.cpp:20:50: note: 'aten::div' is part of the chain, inside 'SplitImpl::scores'
// CHECK:{{.*}}cross-function.cpp:24:26: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}cross-function.cpp:24:12: note: 'aten::matmul' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:31:14: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}cross-function.cpp:31:52: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}cross-function.cpp:10:56: note: 'aten::softmax' is part of the chain, inside 'stable_softmax'
// CHECK:{{.*}}cross-function.cpp:32:12: note: 'aten::matmul' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:50:43: warning: this is scaled dot-product attention {{.*}} [adopter-attention]
// CHECK:{{.*}}cross-function.cpp:47:12: note: 'aten::matmul' is part of the chain, inside 'SharedImpl::scores'
// CHECK:{{.*}}cross-function.cpp:47:50: note: 'aten::mul' is part of the chain, inside 'SharedImpl::scores'
// CHECK:{{.*}}cross-function.cpp:50:28: note: 'aten::softmax' is part of the chain
// CHECK:{{.*}}cross-function.cpp:50:14: note: 'aten::matmul' is part of the chain
// CHECK-NOT:{{.*}}note: not fixable{{.*}}
// CHECK-NOT: warning
