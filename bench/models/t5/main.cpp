// Trains the small T5 for a few steps to reverse short, partly padded token
// sequences, and prints the loss. Usage: model-t5 [steps]
#include "t5.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(3);

  t5::T5Config config;
  t5::T5ForConditionalGeneration model(config);
  torch::optim::Adam optimizer(model->parameters(),
                               torch::optim::AdamOptions(1e-3));

  const int64_t batch = 8, len = 10, pad_id = 0, bos_id = 1;
  auto input_ids =
      torch::randint(2, config.vocab_size, {batch, len}, torch::kLong);
  auto lengths = torch::randint(len / 2, len + 1, {batch, 1}, torch::kLong);
  auto attention_mask =
      torch::arange(len).unsqueeze(0).lt(lengths).to(torch::kLong);
  input_ids = input_ids * attention_mask; // pad with id 0
  auto labels = input_ids.flip({1});
  labels.masked_fill_(labels == pad_id, -100); // ignored by the loss
  // Teacher forcing: the decoder sees <bos> followed by the shifted labels.
  auto decoder_input_ids =
      torch::cat({torch::full({batch, 1}, bos_id, torch::kLong),
                  labels.narrow(1, 0, len - 1).clamp_min(pad_id)},
                 1);

  model->train();
  for (int step = 1; step <= steps; ++step) {
    auto logits = model->forward(input_ids, attention_mask, decoder_input_ids);
    auto loss = torch::nn::functional::cross_entropy(
        logits.view({-1, config.vocab_size}), labels.view({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100));
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f\n", step, loss.item<double>());
  }
  return 0;
}
