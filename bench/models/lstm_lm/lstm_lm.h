// A two-layer word-level LSTM language model after PyTorch's
// examples/word_language_model: the first layer is an LSTM cell written out
// by hand and stepped over time, the second is the library torch::nn::LSTM.
// The model returns log-probabilities (log_softmax), to be used with
// nll_loss, as the original example does.
//
// Header-only: everything is defined inline here; main.cpp trains it.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <tuple>
#include <vector>

namespace lm {

namespace F = torch::nn::functional;

struct LSTMState {
  torch::Tensor h;
  torch::Tensor c;
};

// i, f, g, o gates from one Linear on the input plus one on the hidden state.
class LSTMCellImpl : public torch::nn::Module {
public:
  LSTMCellImpl(int64_t input_size, int64_t hidden_size)
      : x2h(register_module("x2h",
                            torch::nn::Linear(input_size, 4 * hidden_size))),
        h2h(register_module("h2h",
                            torch::nn::Linear(hidden_size, 4 * hidden_size))) {}

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

private:
  torch::nn::Linear x2h, h2h;
};
TORCH_MODULE(LSTMCell);

class RNNModelImpl : public torch::nn::Module {
public:
  RNNModelImpl(int64_t ntoken, int64_t ninp, int64_t nhid, double dropout)
      : ntoken_(ntoken), nhid_(nhid) {
    encoder = register_module("encoder", torch::nn::Embedding(ntoken, ninp));
    cell = register_module("cell", LSTMCell(ninp, nhid));
    // Not a site: the library LSTM is already a fused kernel.
    rnn = register_module("rnn",
                          torch::nn::LSTM(torch::nn::LSTMOptions(nhid, nhid)));
    decoder = register_module("decoder", torch::nn::Linear(nhid, ntoken));
    drop = register_module("drop", torch::nn::Dropout(dropout));

    torch::NoGradGuard no_grad;
    encoder->weight.uniform_(-0.1, 0.1);
    decoder->weight.uniform_(-0.1, 0.1);
    decoder->bias.zero_();
  }

  void init_hidden(int64_t bsz) {
    state1_ = {torch::zeros({bsz, nhid_}), torch::zeros({bsz, nhid_})};
    state2_ = std::make_tuple(torch::zeros({1, bsz, nhid_}),
                              torch::zeros({1, bsz, nhid_}));
  }

  // Truncated back-propagation through time: keep the values, drop the
  // history.
  void detach_hidden() {
    state1_ = {state1_.h.detach(), state1_.c.detach()};
    state2_ = std::make_tuple(std::get<0>(state2_).detach(),
                              std::get<1>(state2_).detach());
  }

  // input: (T, B) token ids -> log-probabilities (T * B, ntoken)
  torch::Tensor forward(const torch::Tensor &input) {
    auto emb = drop(encoder(input));
    std::vector<torch::Tensor> outputs;
    outputs.reserve(emb.size(0));
    for (int64_t t = 0; t < emb.size(0); ++t) {
      state1_ = cell(emb[t], state1_);
      outputs.push_back(state1_.h);
    }
    auto layer1 = drop(torch::stack(outputs, /*dim=*/0));

    auto rnn_out = rnn->forward(layer1, state2_);
    state2_ = std::get<1>(rnn_out);
    auto output = drop(std::get<0>(rnn_out));

    auto decoded = decoder(output).view({-1, ntoken_});
    return F::log_softmax(decoded, /*dim=*/1);
  }

private:
  int64_t ntoken_;
  int64_t nhid_;
  torch::nn::Embedding encoder{nullptr};
  LSTMCell cell{nullptr};
  torch::nn::LSTM rnn{nullptr};
  torch::nn::Linear decoder{nullptr};
  torch::nn::Dropout drop{nullptr};
  LSTMState state1_;
  std::tuple<torch::Tensor, torch::Tensor> state2_;
};
TORCH_MODULE(RNNModel);

} // namespace lm
