// lstm-manual (`rewrite: function`, `calls:`, `tuple: hc`): hand-written
// LSTM and GRU cells become one call of adopter::ops::lstm_cell /
// gru_cell over the gate Linears' weights (the Linears stay members, so
// every checkpoint key stays). An LSTM's (h', c') is read from the tuple
// the call returns; the statements that only fed the gates go.
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
    auto gates = x2h(x) + h2h(state.h);
    auto chunks = gates.chunk(4, /*dim=*/1);
    auto ingate = torch::sigmoid(chunks[0]);
    auto forgetgate = torch::sigmoid(chunks[1]);
    auto cellgate = torch::tanh(chunks[2]);
    auto outgate = torch::sigmoid(chunks[3]);

    auto cy = forgetgate * state.c + ingate * cellgate;
    auto hy = outgate * torch::tanh(cy);
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
    auto gates = w(torch::cat({x, h}, 1)).chunk(4, 1);
    auto i = torch::sigmoid(gates[0]), f = torch::sigmoid(gates[1]);
    auto o = torch::sigmoid(gates[2]), g = torch::tanh(gates[3]);
    c = f * c + i * g;
    h = o * torch::tanh(c);
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
    auto gi = w_ih(x);
    auto gh = w_hh(h);
    auto i_r_z_n = gi.chunk(3, /*dim=*/1);
    auto h_r_z_n = gh.chunk(3, /*dim=*/1);
    auto resetgate = torch::sigmoid(i_r_z_n[0] + h_r_z_n[0]);
    auto inputgate = torch::sigmoid(i_r_z_n[1] + h_r_z_n[1]);
    auto newgate = torch::tanh(i_r_z_n[2] + resetgate * h_r_z_n[2]);
    return newgate + inputgate * (h - newgate);
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
    auto z = torch::sigmoid(xz(x) + hz(h));
    auto r = torch::sigmoid(xr(x) + hr(h));
    auto n = torch::tanh(xn(x) + r * hn(h));
    return (1 - z) * n + z * h;
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
    auto g = preact(ih, hh, x, h).chunk(4, 1);
    auto c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    auto h2 = torch::sigmoid(g[3]) * torch::tanh(c2);
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
