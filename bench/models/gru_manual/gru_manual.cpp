// Definitions for the hand-written GRU cells declared in gru_manual.h.
#include "gru_manual.h"

namespace rnn {

GRUCellImpl::GRUCellImpl(int64_t input_size, int64_t hidden_size) {
  w_ih =
      register_module("w_ih", torch::nn::Linear(input_size, 3 * hidden_size));
  w_hh =
      register_module("w_hh", torch::nn::Linear(hidden_size, 3 * hidden_size));
}

torch::Tensor GRUCellImpl::forward(const torch::Tensor &x,
                                   const torch::Tensor &h) {
  auto gi = w_ih(x);
  auto gh = w_hh(h);
  auto i_r_z_n = gi.chunk(3, /*dim=*/1);
  auto h_r_z_n = gh.chunk(3, /*dim=*/1);

  auto resetgate = torch::sigmoid(i_r_z_n[0] + h_r_z_n[0]);
  auto inputgate = torch::sigmoid(i_r_z_n[1] + h_r_z_n[1]);
  auto newgate = torch::tanh(i_r_z_n[2] + resetgate * h_r_z_n[2]);
  return newgate + inputgate * (h - newgate);
}

GatedRecurrentUnitImpl::GatedRecurrentUnitImpl(int64_t input_size,
                                               int64_t hidden_size)
    : xz(torch::nn::Linear(input_size, hidden_size)),
      xr(torch::nn::Linear(input_size, hidden_size)),
      xn(torch::nn::Linear(input_size, hidden_size)),
      hz(torch::nn::Linear(
          torch::nn::LinearOptions(hidden_size, hidden_size).bias(false))),
      hr(torch::nn::Linear(
          torch::nn::LinearOptions(hidden_size, hidden_size).bias(false))),
      hn(torch::nn::Linear(
          torch::nn::LinearOptions(hidden_size, hidden_size).bias(false))) {
  register_module("xz", xz);
  register_module("xr", xr);
  register_module("xn", xn);
  register_module("hz", hz);
  register_module("hr", hr);
  register_module("hn", hn);
}

torch::Tensor GatedRecurrentUnitImpl::forward(const torch::Tensor &x,
                                              const torch::Tensor &h) {
  // xz/xr/xn (and hz/hr/hn) are three Linears on one input, but they belong
  // to the GRU cell: one lstm-manual site, no fused-qkv.
  auto z = torch::sigmoid(xz(x) + hz(h));
  auto r = torch::sigmoid(xr(x) + hr(h));
  auto n = torch::tanh(xn(x) + r * hn(h));
  return (1 - z) * n + z * h;
}

SequenceClassifierImpl::SequenceClassifierImpl(const GRUConfig &cfg)
    : hidden_size_(cfg.hidden_size),
      embed(register_module(
          "embed", torch::nn::Embedding(cfg.vocab_size, cfg.embed_dim))),
      layer1(
          register_module("layer1", GRUCell(cfg.embed_dim, cfg.hidden_size))),
      layer2(register_module(
          "layer2", GatedRecurrentUnit(cfg.hidden_size, cfg.hidden_size))),
      drop(register_module("drop", torch::nn::Dropout(cfg.dropout))),
      head(register_module(
          "head", torch::nn::Linear(cfg.hidden_size, cfg.num_classes))) {}

torch::Tensor SequenceClassifierImpl::forward(const torch::Tensor &tokens) {
  auto emb = embed(tokens); // (B, T, E)
  auto h1 = torch::zeros({tokens.size(0), hidden_size_}, emb.options());
  auto h2 = torch::zeros_like(h1);
  for (int64_t t = 0; t < tokens.size(1); ++t) {
    h1 = layer1(emb.select(1, t), h1);
    h2 = layer2->forward(drop(h1), h2);
  }
  return head(h2);
}

} // namespace rnn
