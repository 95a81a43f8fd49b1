// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// fused-qkv across a boundary: each projection is a small user module that
// wraps its Linear (the Linear calls are in ProjImpl::forward). Reported at
// the call of the first wrapper.
#include <torch/torch.h>
#include <vector>

struct ProjImpl : torch::nn::Module {
  ProjImpl(int64_t i, int64_t o) { fc = register_module("fc", torch::nn::Linear(i, o)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Proj);

struct WrappedQkvImpl : torch::nn::Module {
  WrappedQkvImpl(int64_t d) {
    q = register_module("q", Proj(d, d));
    k = register_module("k", Proj(d, d));
    v = register_module("v", Proj(d, d));
  }
  std::vector<torch::Tensor> forward(torch::Tensor x) {
    auto hq = q(x);
    auto hk = k(x);
    auto hv = v(x);
    return {hq, hk, hv};
  }
  Proj q{nullptr}, k{nullptr}, v{nullptr};
};

// CHECK:{{.*}}cross-function.cpp:24:15: warning: three Linears read the same input; {{.*}} [adopter-fused-qkv]
// CHECK-NEXT:    auto hq = q(x);
// CHECK-NEXT:              ^
// CHECK-NEXT:{{.*}}cross-function.cpp:12:51: note: 'q.fc' (torch::nn::Linear) is part of the chain, inside 'Proj::forward'
// CHECK:{{.*}}cross-function.cpp:12:51: note: 'k.fc' (torch::nn::Linear) is part of the chain, inside 'Proj::forward'
// CHECK:{{.*}}cross-function.cpp:12:51: note: 'v.fc' (torch::nn::Linear) is part of the chain, inside 'Proj::forward'
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK-NOT: warning
