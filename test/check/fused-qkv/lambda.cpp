// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c "adopter-fused-qkv" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 1
//
// DistilBERT style: the q/k/v Linears are arguments of a local lambda that
// reshapes heads (`shape(q_lin(x))`). The lambda's body runs at each call,
// seeing the variables it captures, so the three Linears read x as written.
// Not a site: the second module's lambda applies the Linear itself to
// different inputs (q from x, k and v from memory).
#include <torch/torch.h>

struct SelfAttnImpl : torch::nn::Module {
  SelfAttnImpl() {
    q_lin = register_module("q_lin", torch::nn::Linear(32, 32));
    k_lin = register_module("k_lin", torch::nn::Linear(32, 32));
    v_lin = register_module("v_lin", torch::nn::Linear(32, 32));
  }
  torch::Tensor forward(torch::Tensor x) {
    const int64_t bs = x.size(0);
    auto shape = [&](const torch::Tensor &t) {
      return t.view({bs, -1, heads, 8}).transpose(1, 2);
    };
    auto q = shape(q_lin(x));
    auto k = shape(k_lin(x));
    auto v = shape(v_lin(x));
    return torch::matmul(q, k.transpose(2, 3)).softmax(-1).matmul(v);
  }
  int64_t heads = 4;
  torch::nn::Linear q_lin{nullptr}, k_lin{nullptr}, v_lin{nullptr};
};
TORCH_MODULE(SelfAttn);

struct CrossAttnImpl : torch::nn::Module {
  CrossAttnImpl() {
    q_lin = register_module("q_lin", torch::nn::Linear(32, 32));
    k_lin = register_module("k_lin", torch::nn::Linear(32, 32));
    v_lin = register_module("v_lin", torch::nn::Linear(32, 32));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor memory) {
    auto proj = [this](torch::nn::Linear &l, const torch::Tensor &t) {
      return l(t).view({t.size(0), -1, 4, 8}).transpose(1, 2);
    };
    auto q = proj(q_lin, x);
    auto k = proj(k_lin, memory);
    auto v = proj(v_lin, memory);
    return torch::matmul(q, k.transpose(2, 3)).softmax(-1).matmul(v);
  }
  torch::nn::Linear q_lin{nullptr}, k_lin{nullptr}, v_lin{nullptr};
};
TORCH_MODULE(CrossAttn);

// CHECK:{{.*}}lambda.cpp:24:20: warning: three Linears read the same input; one packed GEMM computes 'q_lin', 'k_lin' and 'v_lin' in a single pass (adopter::ops::packed_linear3) [adopter-fused-qkv]
// CHECK:{{.*}}lambda.cpp:25:20: note: 'k_lin' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}lambda.cpp:26:20: note: 'v_lin' (torch::nn::Linear) is part of the chain
