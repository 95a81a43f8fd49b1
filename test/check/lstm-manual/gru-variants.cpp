// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// GRU cells in two more spellings: PyTorch's reference update
// h' = n + z * (h - n) after packed gates, and one Linear per gate and input
// (the three Linears on x are part of the cell, not a fused-qkv site).
#include <torch/torch.h>

struct RefGRUImpl : torch::nn::Module {
  RefGRUImpl(int64_t in, int64_t hid) {
    w_ih = register_module("w_ih", torch::nn::Linear(in, 3 * hid));
    w_hh = register_module("w_hh", torch::nn::Linear(hid, 3 * hid));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor h) {
    auto gi = w_ih(x).chunk(3, 1);
    auto gh = w_hh(h).chunk(3, 1);
    auto r = torch::sigmoid(gi[0] + gh[0]);
    auto z = torch::sigmoid(gi[1] + gh[1]);
    auto n = torch::tanh(gi[2] + r * gh[2]);
    return n + z * (h - n);
  }
  torch::nn::Linear w_ih{nullptr}, w_hh{nullptr};
};
TORCH_MODULE(RefGRU);

struct GateGRUImpl : torch::nn::Module {
  GateGRUImpl(int64_t in, int64_t hid)
      : xz(torch::nn::Linear(in, hid)), xr(torch::nn::Linear(in, hid)),
        xn(torch::nn::Linear(in, hid)), hz(torch::nn::Linear(hid, hid)),
        hr(torch::nn::Linear(hid, hid)), hn(torch::nn::Linear(hid, hid)) {
    register_module("xz", xz);
    register_module("xr", xr);
    register_module("xn", xn);
    register_module("hz", hz);
    register_module("hr", hr);
    register_module("hn", hn);
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor h) {
    auto z = torch::sigmoid(xz(x) + hz(h));
    auto r = torch::sigmoid(xr(x) + hr(h));
    auto n = torch::tanh(xn(x) + r * hn(h));
    return (1 - z) * n + z * h;
  }
  torch::nn::Linear xz, xr, xn, hz, hr, hn;
};
TORCH_MODULE(GateGRU);

// CHECK:{{.*}}gru-variants.cpp:15:15: warning: this recurrent cell is written out op by op; {{.*}} [adopter-lstm-manual]
// CHECK:{{.*}}gru-variants.cpp:20:14: note: 'aten::add' is part of the chain
// CHECK:{{.*}}gru-variants.cpp:39:29: warning: this recurrent cell is written out op by op; {{.*}} [adopter-lstm-manual]
// CHECK:{{.*}}gru-variants.cpp:42:24: note: 'aten::add' is part of the chain
// CHECK-NOT: warning
