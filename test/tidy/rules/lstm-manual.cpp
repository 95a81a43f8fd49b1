// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-lstm-manual' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-lstm-manual in clang-tidy's fixture style: an LSTM cell written out
// with two Linears and chunk(4) gates is reported at the first Linear, and
// the fix-it computes (h', c') with adopter::ops::lstm_cell in place of the
// gates' statement, the new state read from its tuple. A coupled
// input-forget gate cell (three chunks, f = 1 - i) and torch::nn::LSTMCell
// (already fused) are look-alikes that must not warn.
// CHECK-FIXES: #include <adopter/kernels/FusedRNNCell.h>
#include <torch/torch.h>
#include <tuple>

struct LSTMCellImpl : torch::nn::Module {
  LSTMCellImpl(int64_t in, int64_t hid) {
    x2h = register_module("x2h", torch::nn::Linear(in, 4 * hid));
    h2h = register_module("h2h", torch::nn::Linear(hid, 4 * hid));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (x2h(x) + h2h(h)).chunk(4, 1);
    // CHECK-FIXES: auto hc = adopter::ops::lstm_cell(x, h, c, x2h->weight, x2h->bias, h2h->weight, h2h->bias, adopter::ops::LSTMGates{1, 0, 1, 2, 3});
    // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: this recurrent cell is written out op by op; one fused kernel computes the gates and the new state in a single pass (adopter::ops::lstm_cell / gru_cell) [adopter-lstm-manual]
    // CHECK-MESSAGES: :[[@LINE-3]]:24: note: 'h2h' (torch::nn::Linear) is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:22: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:32: note: 'aten::chunk' is part of the chain
    c = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    // CHECK-FIXES: c = std::get<1>(hc);
    // CHECK-MESSAGES: :[[@LINE-2]]:24: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:9: note: 'aten::sigmoid' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:30: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:51: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-6]]:36: note: 'aten::sigmoid' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-7]]:71: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-8]]:59: note: 'aten::tanh' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-9]]:57: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-10]]:34: note: 'aten::add' is part of the chain
    return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c), c);
    // CHECK-MESSAGES: :[[@LINE-1]]:43: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:28: note: 'aten::sigmoid' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:51: note: 'aten::tanh' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:49: note: 'aten::mul' is part of the chain
    // CHECK-FIXES: return std::make_tuple(std::get<0>(hc), c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};

// Negative: coupled input-forget gate (f = 1 - i), three chunks.
struct CoupledGateCellImpl : torch::nn::Module {
  CoupledGateCellImpl() {
    x2h = register_module("x2h", torch::nn::Linear(32, 192));
    h2h = register_module("h2h", torch::nn::Linear(64, 192));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (x2h(x) + h2h(h)).chunk(3, 1);
    auto i = torch::sigmoid(g[0]);
    c = (1 - i) * c + i * torch::tanh(g[1]);
    return std::make_tuple(torch::sigmoid(g[2]) * torch::tanh(c), c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};

// Negative: LibTorch's LSTMCell is already one fused op.
struct FusedImpl : torch::nn::Module {
  FusedImpl() { cell = register_module("cell", torch::nn::LSTMCell(32, 64)); }
  torch::Tensor forward(torch::Tensor x) { return std::get<0>(cell(x)); }
  torch::nn::LSTMCell cell{nullptr};
};
