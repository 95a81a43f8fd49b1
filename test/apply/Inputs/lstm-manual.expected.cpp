// lstm-manual (`rewrite: function`, `calls:`, `tuple: hc`): hand-written
// LSTM and GRU cells become one call of adopter::ops::lstm_cell /
// gru_cell over the gate Linears' weights (the Linears stay members, so
// every checkpoint key stays). An LSTM's (h', c') is read from the tuple
// the call returns; the statements that only fed the gates go.
#include <adopter/kernels/FusedRNNCell.h>
#include <torch/torch.h>

#include <tuple>

struct LSTMState {
  torch::Tensor h, c;
};

// The LSTM LM's cell: torch's gate order, the new state returned.
struct CellImpl : torch::nn::Module {
  CellImpl() {
    x2h = register_module("x2h", torch::nn::Linear(8, 64));
    h2h = register_module("h2h", torch::nn::Linear(16, 64));
  }
  LSTMState forward(const torch::Tensor &x, const LSTMState &state) {
    auto hc = adopter::ops::lstm_cell(x, state.h, state.c, x2h->weight, x2h->bias, h2h->weight, h2h->bias, adopter::ops::LSTMGates{1, 0, 1, 2, 3});

    auto cy = std::get<1>(hc);
    auto hy = std::get<0>(hc);
    return {hy, cy};
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};
TORCH_MODULE(Cell);

// The rule's example: the state updated in place (the old c is read in the
// statement that assigns the new one), one Linear over cat(x, h), the
// output gate before the cell candidate.
struct ConcatImpl : torch::nn::Module {
  ConcatImpl() { w = register_module("w", torch::nn::Linear(8 + 16, 64)); }
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x, torch::Tensor h,
                                                   torch::Tensor c) {
    auto hc = adopter::ops::lstm_cell_concat({x, h}, c, w->weight, w->bias, adopter::ops::LSTMGates{1, 0, 1, 3, 2}, 1);
    c = std::get<1>(hc);
    h = std::get<0>(hc);
    return {h, c};
  }
  torch::nn::Linear w{nullptr};
};
TORCH_MODULE(Concat);

// torch's GRU cell, one op per statement.
struct GRUImpl : torch::nn::Module {
  GRUImpl() {
    w_ih = register_module("w_ih", torch::nn::Linear(8, 48));
    w_hh = register_module("w_hh", torch::nn::Linear(16, 48));
  }
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &h) {
    return adopter::ops::gru_cell(x, h, w_ih->weight, w_ih->bias, w_hh->weight, w_hh->bias, 1, 1);
  }
  torch::nn::Linear w_ih{nullptr}, w_hh{nullptr};
};
TORCH_MODULE(GRU);

// A GRU with one Linear per gate and input, the hidden side without biases.
struct PerGateImpl : torch::nn::Module {
  PerGateImpl()
      : xz(torch::nn::Linear(8, 16)), xr(torch::nn::Linear(8, 16)),
        xn(torch::nn::Linear(8, 16)),
        hz(torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false))),
        hr(torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false))),
        hn(torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false))) {
    register_module("xz", xz);
    register_module("xr", xr);
    register_module("xn", xn);
    register_module("hz", hz);
    register_module("hr", hr);
    register_module("hn", hn);
  }
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &h) {
    return adopter::ops::gru_cell_per_gate(x, h, {xr->weight, xz->weight, xn->weight}, {xr->bias, xz->bias, xn->bias}, {hr->weight, hz->weight, hn->weight}, {hr->bias, hz->bias, hn->bias});
  }
  torch::nn::Linear xz, xr, xn, hz, hr, hn;
};
TORCH_MODULE(PerGate);

// Across a function boundary: the gate pre-activations come from a
// helper whose body is the chain's ops alone; its call goes with them.
torch::Tensor preact(torch::nn::Linear &ih, torch::nn::Linear &hh,
                     const torch::Tensor &x, const torch::Tensor &h) {
  return ih(x) + hh(h);
}

struct HelperImpl : torch::nn::Module {
  HelperImpl() {
    ih = register_module("ih", torch::nn::Linear(8, 64));
    hh = register_module("hh", torch::nn::Linear(16, 64));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(const torch::Tensor &x,
                                                   const torch::Tensor &h,
                                                   const torch::Tensor &c) {
    auto hc = adopter::ops::lstm_cell(x, h, c, ih->weight, ih->bias, hh->weight, hh->bias, adopter::ops::LSTMGates{1, 0, 1, 2, 3});
    auto c2 = std::get<1>(hc);
    auto h2 = std::get<0>(hc);
    return {h2, c2};
  }
  torch::nn::Linear ih{nullptr}, hh{nullptr};
};
TORCH_MODULE(Helper);

// No finding: the forget gate is also read outside the cell (a
// regulariser on it), which the fused cell would not compute.
struct ProbedImpl : torch::nn::Module {
  ProbedImpl() {
    ih = register_module("ih", torch::nn::Linear(8, 64));
    hh = register_module("hh", torch::nn::Linear(16, 64));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(const torch::Tensor &x,
                                                   const torch::Tensor &h,
                                                   const torch::Tensor &c) {
    auto g = (ih(x) + hh(h)).chunk(4, 1);
    auto f = torch::sigmoid(g[1]);
    auto c2 = f * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    auto h2 = torch::sigmoid(g[3]) * torch::tanh(c2);
    penalty = f.mean();
    return {h2, c2};
  }
  torch::Tensor penalty;
  torch::nn::Linear ih{nullptr}, hh{nullptr};
};
TORCH_MODULE(Probed);

// No finding: a ReLU where the cell candidate's tanh belongs.
struct NotLSTMImpl : torch::nn::Module {
  NotLSTMImpl() {
    ih = register_module("ih", torch::nn::Linear(8, 64));
    hh = register_module("hh", torch::nn::Linear(16, 64));
  }
  std::tuple<torch::Tensor, torch::Tensor> forward(const torch::Tensor &x,
                                                   const torch::Tensor &h,
                                                   const torch::Tensor &c) {
    auto g = (ih(x) + hh(h)).chunk(4, 1);
    auto c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::relu(g[2]);
    auto h2 = torch::sigmoid(g[3]) * torch::tanh(c2);
    return {h2, c2};
  }
  torch::nn::Linear ih{nullptr}, hh{nullptr};
};
TORCH_MODULE(NotLSTM);
