// RUN: rm -rf %t && mkdir -p %t && sed -E 's#// *CHECK-[A-Z0-9-]*:.*#//#' %s > %t/t.cpp
// RUN: cd %t && %clang_tidy -checks='-*,adopter-lstm-manual' --fix t.cpp -- %torch_flags 2>&1 | FileCheck %s --check-prefix=CHECK-MESSAGES --implicit-check-not='warning:'
// RUN: FileCheck %s --check-prefix=CHECK-FIXES --input-file=%t/t.cpp
//
// adopter-lstm-manual in clang-tidy's fixture style: an LSTM cell written out
// with two Linears and chunk(4) gates is reported at the first Linear; the
// rule declares no 'rewrite:', so there is no fix-it and the code stays as it
// is. A coupled input-forget gate cell (three chunks, f = 1 - i) and
// torch::nn::LSTMCell (already fused) are look-alikes that must not warn.
#include <torch/torch.h>
#include <tuple>

struct LSTMCellImpl : torch::nn::Module {
  LSTMCellImpl(int64_t in, int64_t hid) {
    x2h = register_module("x2h", torch::nn::Linear(in, 4 * hid));
    h2h = register_module("h2h", torch::nn::Linear(hid, 4 * hid));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (x2h(x) + h2h(h)).chunk(4, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: this recurrent cell is written out op by op; one fused kernel computes the gates and the new state in a single pass (adopter::ops::lstm_cell / gru_cell) [adopter-lstm-manual]
    // CHECK-MESSAGES: :[[@LINE-2]]:24: note: 'h2h' (torch::nn::Linear) is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:22: note: 'aten::add' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:32: note: 'aten::chunk' is part of the chain
    c = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    // CHECK-MESSAGES: :[[@LINE-1]]:24: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:9: note: 'aten::sigmoid' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:30: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:51: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-5]]:36: note: 'aten::sigmoid' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-6]]:71: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-7]]:59: note: 'aten::tanh' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-8]]:57: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-9]]:34: note: 'aten::add' is part of the chain
    return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c), c);
    // CHECK-MESSAGES: :[[@LINE-1]]:43: note: 'prim::getitem' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-2]]:28: note: 'aten::sigmoid' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-3]]:51: note: 'aten::tanh' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-4]]:49: note: 'aten::mul' is part of the chain
    // CHECK-MESSAGES: :[[@LINE-20]]:15: note: no fix-it: apply cannot write the replacement of rule 'lstm-manual' yet (the rule declares no 'rewrite:'); its example shows the change to make by hand
    // CHECK-FIXES: return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c), c);
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
