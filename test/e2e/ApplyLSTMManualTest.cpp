//===- ApplyLSTMManualTest.cpp - Hand-written RNN cells, rewritten --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// test/apply/lstm-manual.test checks that `adopter apply` turns
// Inputs/lstm-manual.cpp into Inputs/lstm-manual.expected.cpp: LSTM cells
// (their new state read from the tuple adopter::ops::lstm_cell returns) and
// GRU cells replaced by the fused cells over the gate Linears' weights. Both
// are compiled here: the original's checkpoint loads into the rewrite, which
// computes the same new state and the same gradients for the inputs, the
// state and every weight.
//
//===----------------------------------------------------------------------===//

#include "Equivalence.h"

#include <adopter/kernels/FusedRNNCell.h>

namespace before_rnn {
#include "lstm-manual.cpp"
} // namespace before_rnn
namespace after_rnn {
#include "lstm-manual.expected.cpp"
} // namespace after_rnn

namespace {

using Inputs = std::vector<torch::Tensor>;

/// h' and c' as one tensor, weighted differently so that a swap shows.
torch::Tensor both(const torch::Tensor &H, const torch::Tensor &C) {
  return torch::cat({H * 2, C}, -1);
}

} // namespace

TEST_CASE("lstm-manual rewrite: same checkpoint, new state and gradients",
          "[apply]") {
  torch::manual_seed(0);
  const Inputs XHC = {torch::randn({5, 8}), torch::randn({5, 16}),
                      torch::randn({5, 16})};
  checkEquivalentCalls("Cell (LSTMState, torch's gate order)",
                       before_rnn::Cell(), after_rnn::Cell(), XHC,
                       [](auto &M, const Inputs &X) {
                         auto S = M->forward(X[0], {X[1], X[2]});
                         return both(S.h, S.c);
                       });
  auto Tuple = [](auto &M, const Inputs &X) {
    auto [H, C] = M->forward(X[0], X[1], X[2]);
    return both(H, C);
  };
  checkEquivalentCalls("Concat (cat(x, h), state assigned, o before g)",
                       before_rnn::Concat(), after_rnn::Concat(), XHC, Tuple);
  checkEquivalentCalls("Helper (the pre-activations from a helper)",
                       before_rnn::Helper(), after_rnn::Helper(), XHC, Tuple);
  auto Gru = [](auto &M, const Inputs &X) { return M->forward(X[0], X[1]); };
  const Inputs XH = {XHC[0], XHC[1]};
  checkEquivalentCalls("GRU (torch's cell)", before_rnn::GRU(),
                       after_rnn::GRU(), XH, Gru);
  checkEquivalentCalls("PerGate (a Linear per gate)", before_rnn::PerGate(),
                       after_rnn::PerGate(), XH, Gru);
}
