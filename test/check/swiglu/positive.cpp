// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags > %t.explain.txt
// RUN: FileCheck --match-full-lines --check-prefix=EXPLAIN %s < %t.explain.txt
//
// silu(gate(x)) * up(x) with two Linears on one x, or one packed Linear split
// with chunk(2, -1). Not in sequential.cpp: the gate and the up projection
// both read x, and a Sequential element sees only its predecessor's output.
#include <torch/torch.h>

namespace F = torch::nn::functional;

// LLaMA: w2(silu(w1(x)) * w3(x)), no biases.
struct FeedForwardImpl : torch::nn::Module {
  FeedForwardImpl(int64_t dim, int64_t hidden) {
    w1 = register_module("w1", torch::nn::Linear(torch::nn::LinearOptions(dim, hidden).bias(false)));
    w2 = register_module("w2", torch::nn::Linear(torch::nn::LinearOptions(hidden, dim).bias(false)));
    w3 = register_module("w3", torch::nn::Linear(torch::nn::LinearOptions(dim, hidden).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) { return w2(torch::silu(w1(x)) * w3(x)); }
  torch::nn::Linear w1{nullptr}, w2{nullptr}, w3{nullptr};
};
TORCH_MODULE(FeedForward);

// A SiLU module, the product written up * act(gate), on separate statements.
struct GatedMlpImpl : torch::nn::Module {
  GatedMlpImpl(int64_t d, int64_t h) {
    gate_proj = register_module("gate_proj", torch::nn::Linear(d, h));
    up_proj = register_module("up_proj", torch::nn::Linear(d, h));
    down_proj = register_module("down_proj", torch::nn::Linear(h, d));
    act = register_module("act", torch::nn::SiLU());
  }
  torch::Tensor forward(torch::Tensor x) {
    auto up = up_proj(x);
    auto gate = act(gate_proj(x));
    return down_proj(up * gate);
  }
  torch::nn::Linear gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
  torch::nn::SiLU act{nullptr};
};
TORCH_MODULE(GatedMlp);

// One packed Linear, chunk(2, -1), F::silu.
struct PackedSwiGLUImpl : torch::nn::Module {
  PackedSwiGLUImpl(int64_t d, int64_t h) {
    w12 = register_module("w12", torch::nn::Linear(d, 2 * h));
    out = register_module("out", torch::nn::Linear(h, d));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto parts = w12(x).chunk(2, -1);
    auto gate = parts[0], value = parts[1];
    return out(F::silu(gate) * value);
  }
  torch::nn::Linear w12{nullptr}, out{nullptr};
};
TORCH_MODULE(PackedSwiGLU);

// CHECK:{{.*}}positive.cpp:20:66: warning: silu(gate(x)) * up(x) can run as one GEMM for both projections with the SiLU-and-multiply fused into its epilogue (adopter::ops::swiglu) [adopter-swiglu]
// CHECK-NEXT:  torch::Tensor forward(torch::Tensor x) { return w2(torch::silu(w1(x)) * w3(x)); }
// CHECK-NEXT:                                                                 ^
// CHECK-NEXT:{{.*}}positive.cpp:20:54: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:20:75: note: 'w3' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:20:73: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:34:15: warning: silu(gate(x)) * up(x) {{.*}} [adopter-swiglu]
// CHECK:{{.*}}positive.cpp:35:21: note: 'gate_proj' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:35:17: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:36:25: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:50:18: warning: silu(gate(x)) * up(x) {{.*}} [adopter-swiglu]
// CHECK:{{.*}}positive.cpp:50:25: note: 'aten::chunk' is part of the chain
// CHECK:{{.*}}positive.cpp:51:17: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}positive.cpp:51:35: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}positive.cpp:52:16: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:52:30: note: 'aten::mul' is part of the chain
// CHECK-NOT: warning
//
// --explain: swiglu is chosen over the linear-silu chain gate -> silu inside it.
// EXPLAIN:{{.*}}positive.cpp:35:21: remark: Linear 'gate_proj' followed by SiLU can run as one GEMM with a bias+SiLU epilogue (adopter::nn::FusedLinearSiLU) [adopter-linear-silu]
// EXPLAIN:{{.*}}positive.cpp:35:17: note: 'aten::silu' is part of the chain
// EXPLAIN:{{.*}}positive.cpp:35:21: note: rejected: score 0.33 = 2 ops x (1 - 1/1.20); it overlaps swiglu at {{.*}}positive.cpp:34:15 (score 1.14), part of the non-overlapping set with the largest total
// EXPLAIN:  module GatedMlp: 5 ops; adopter kernels: 4 (swiglu x4); LibTorch ops: 1
