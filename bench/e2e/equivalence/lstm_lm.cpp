// The LSTM language model of bench/models/lstm_lm (dropout 0.2), its
// hidden state reset before each pass, on token ids.
#include "lstm_lm.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  lm::RNNModel model(50, /*ninp=*/32, /*nhid=*/32, /*dropout=*/0.2);
  return {model.ptr(), [model]() mutable {
            model->init_hidden(4);
            return model->forward(torch::randint(50, {12, 4}));
          }};
}
