// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// LSTM and GRU cells written out with Linears and gates. Not in
// sequential.cpp: a cell reads x and the state h (and c), and a Sequential
// element has one input.
#include <torch/torch.h>
#include <tuple>

// gates = x2h(x) + h2h(h), chunk(4) in the order i, f, g, o.
struct LSTMCellImpl : torch::nn::Module {
  LSTMCellImpl(int64_t in, int64_t hid) {
    x2h = register_module("x2h", torch::nn::Linear(in, 4 * hid));
    h2h = register_module("h2h", torch::nn::Linear(hid, 4 * hid));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor h,
                                                   torch::Tensor c) {
    auto gates = (x2h(x) + h2h(h)).chunk(4, 1);
    auto i = torch::sigmoid(gates[0]);
    auto f = torch::sigmoid(gates[1]);
    auto g = torch::tanh(gates[2]);
    auto o = torch::sigmoid(gates[3]);
    c = f * c + i * g;
    h = o * torch::tanh(c);
    return std::make_tuple(h, c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};

// Order i, f, o, g; method calls; the new state under new names.
struct PeepholeFreeCellImpl : torch::nn::Module {
  PeepholeFreeCellImpl(int64_t in, int64_t hid) {
    ih = register_module("ih", torch::nn::Linear(in, 4 * hid));
    hh = register_module("hh", torch::nn::Linear(torch::nn::LinearOptions(hid, 4 * hid).bias(false)));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor hx,
                                                   torch::Tensor cx) {
    auto chunks = (ih(x) + hh(hx)).chunk(4, -1);
    auto in_gate = chunks[0].sigmoid(), forget_gate = chunks[1].sigmoid();
    auto out_gate = chunks[2].sigmoid(), cell_gate = chunks[3].tanh();
    auto cy = forget_gate * cx + in_gate * cell_gate;
    auto hy = out_gate * cy.tanh();
    return {hy, cy};
  }
  torch::nn::Linear ih{nullptr}, hh{nullptr};
};

// One Linear over cat(x, h).
struct ConcatCellImpl : torch::nn::Module {
  ConcatCellImpl(int64_t in, int64_t hid) {
    w = register_module("w", torch::nn::Linear(in + hid, 4 * hid));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor h,
                                                   torch::Tensor c) {
    auto g = w(torch::cat({x, h}, 1)).chunk(4, 1);
    auto c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    auto h2 = torch::sigmoid(g[3]) * torch::tanh(c2);
    return std::make_tuple(h2, c2);
  }
  torch::nn::Linear w{nullptr};
};

// GRU cell: r, z from i + h; n = tanh(i_n + r * h_n); h' = (1 - z) * n + z * h.
struct GRUCellImpl : torch::nn::Module {
  GRUCellImpl(int64_t in, int64_t hid) {
    x2h = register_module("x2h", torch::nn::Linear(in, 3 * hid));
    h2h = register_module("h2h", torch::nn::Linear(hid, 3 * hid));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor h) {
    auto gi = x2h(x).chunk(3, 1);
    auto gh = h2h(h).chunk(3, 1);
    auto r = torch::sigmoid(gi[0] + gh[0]);
    auto z = torch::sigmoid(gi[1] + gh[1]);
    auto n = torch::tanh(gi[2] + r * gh[2]);
    return (1 - z) * n + z * h;
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};

// CHECK:{{.*}}positive.cpp:18:19: warning: this recurrent cell is written out op by op; one fused kernel computes the gates and the new state in a single pass (adopter::ops::lstm_cell / gru_cell) [adopter-lstm-manual]
// CHECK-NEXT:    auto gates = (x2h(x) + h2h(h)).chunk(4, 1);
// CHECK-NEXT:                  ^
// CHECK-NEXT:{{.*}}positive.cpp:18:28: note: 'h2h' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:18:26: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:18:36: note: 'aten::chunk' is part of the chain
// CHECK:{{.*}}positive.cpp:19:29: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}positive.cpp:19:14: note: 'aten::sigmoid' is part of the chain
// CHECK:{{.*}}positive.cpp:20:29: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}positive.cpp:20:14: note: 'aten::sigmoid' is part of the chain
// CHECK:{{.*}}positive.cpp:21:26: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}positive.cpp:21:14: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:22:29: note: 'prim::getitem' is part of the chain
// CHECK:{{.*}}positive.cpp:22:14: note: 'aten::sigmoid' is part of the chain
// CHECK:{{.*}}positive.cpp:23:11: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:23:19: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:23:15: note: 'aten::add' is part of the chain
// CHECK:{{.*}}positive.cpp:24:13: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:24:11: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:38:20: warning: this recurrent cell {{.*}} [adopter-lstm-manual]
// CHECK:{{.*}}positive.cpp:38:28: note: 'hh' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:40:31: note: 'aten::sigmoid' is part of the chain
// CHECK:{{.*}}positive.cpp:40:64: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:42:24: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:55:16: warning: this recurrent cell {{.*}} [adopter-lstm-manual]
// CHECK:{{.*}}positive.cpp:55:14: note: 'w' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:55:39: note: 'aten::chunk' is part of the chain
// CHECK:{{.*}}positive.cpp:57:36: note: 'aten::mul' is part of the chain
// CHECK:{{.*}}positive.cpp:70:15: warning: this recurrent cell {{.*}} [adopter-lstm-manual]
// CHECK:{{.*}}positive.cpp:71:15: note: 'h2h' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}positive.cpp:74:14: note: 'aten::tanh' is part of the chain
// CHECK:{{.*}}positive.cpp:75:15: note: 'aten::sub' is part of the chain
// CHECK:{{.*}}positive.cpp:75:24: note: 'aten::add' is part of the chain
// CHECK-NOT: warning
