// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
//
// LSTM cells across functions and time steps: a cell module stepped in a
// loop by its parent (reported once, in the cell), the gate pre-activations
// in an own method and the state update in another (reported at the call of
// gates(), where the chain starts; both methods have one caller: fixable).
#include <torch/torch.h>
#include <tuple>
#include <vector>

using State = std::tuple<torch::Tensor, torch::Tensor>;

struct CellImpl : torch::nn::Module {
  CellImpl(int64_t in, int64_t hid) {
    x2h = register_module("x2h", torch::nn::Linear(in, 4 * hid));
    h2h = register_module("h2h", torch::nn::Linear(hid, 4 * hid));
  }
  State forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    auto g = (x2h(x) + h2h(h)).chunk(4, 1);
    c = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c), c);
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};
TORCH_MODULE(Cell);

struct EncoderImpl : torch::nn::Module {
  EncoderImpl() { cell = register_module("cell", Cell(32, 64)); }
  torch::Tensor forward(torch::Tensor seq, torch::Tensor h, torch::Tensor c) {
    std::vector<torch::Tensor> outs;
    for (int64_t t = 0; t < seq.size(0); ++t) {
      auto hc = cell(seq[t], h, c);
      h = std::get<0>(hc);
      c = std::get<1>(hc);
      outs.push_back(h);
    }
    return torch::stack(outs);
  }
  Cell cell{nullptr};
};

struct SplitCellImpl : torch::nn::Module {
  SplitCellImpl() {
    ih = register_module("ih", torch::nn::Linear(32, 256));
    hh = register_module("hh", torch::nn::Linear(64, 256));
  }
  torch::Tensor gates(torch::Tensor x, torch::Tensor h) { return ih(x) + hh(h); }
  State update(torch::Tensor pre, torch::Tensor c) {
    auto g = pre.chunk(4, 1);
    auto c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    return std::make_tuple(torch::sigmoid(g[3]) * torch::tanh(c2), c2);
  }
  State forward(torch::Tensor x, torch::Tensor h, torch::Tensor c) {
    return update(gates(x, h), c);
  }
  torch::nn::Linear ih{nullptr}, hh{nullptr};
};

// CHECK:{{.*}}cross-function.cpp:20:15: warning: this recurrent cell is written out op by op; {{.*}} [adopter-lstm-manual]
// CHECK-NEXT:    auto g = (x2h(x) + h2h(h)).chunk(4, 1);
// CHECK-NEXT:              ^
// CHECK-NEXT:{{.*}}cross-function.cpp:20:24: note: 'h2h' (torch::nn::Linear) is part of the chain
// CHECK:{{.*}}cross-function.cpp:22:49: note: 'aten::mul' is part of the chain
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK:{{.*}}cross-function.cpp:55:19: warning: this recurrent cell is written out op by op; {{.*}} [adopter-lstm-manual]
// CHECK-NEXT:    return update(gates(x, h), c);
// CHECK-NEXT:                  ^
// CHECK-NEXT:{{.*}}cross-function.cpp:48:66: note: 'ih' (torch::nn::Linear) is part of the chain, inside 'SplitCellImpl::gates'
// CHECK:{{.*}}cross-function.cpp:48:74: note: 'hh' (torch::nn::Linear) is part of the chain, inside 'SplitCellImpl::gates'
// CHECK:{{.*}}cross-function.cpp:48:72: note: 'aten::add' is part of the chain, inside 'SplitCellImpl::gates'
// CHECK:{{.*}}cross-function.cpp:50:18: note: 'aten::chunk' is part of the chain, inside 'SplitCellImpl::update'
// CHECK:{{.*}}cross-function.cpp:51:40: note: 'aten::add' is part of the chain, inside 'SplitCellImpl::update'
// CHECK:{{.*}}cross-function.cpp:52:49: note: 'aten::mul' is part of the chain, inside 'SplitCellImpl::update'
// CHECK-NOT:{{.*}}not fixable{{.*}}
// CHECK-NOT: warning
