// Trains the autoencoder for a few steps to reconstruct random feature
// vectors (standardised, then squashed to [0, 1]) and prints the loss.
// Usage: model-autoencoder [steps]
#include "autoencoder.h"

#include <cstdio>
#include <cstdlib>

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(9);

  ae::AutoencoderConfig cfg;
  ae::Autoencoder model(cfg);
  cfg.tanh_gelu = true;
  ae::Autoencoder model_tanh(cfg);

  auto opts = torch::optim::AdamWOptions(1e-3);
  opts.weight_decay(1e-4);
  std::vector<torch::Tensor> params = model->parameters();
  for (const auto &p : model_tanh->parameters()) {
    params.push_back(p);
  }
  torch::optim::AdamW optimizer{params, opts};

  auto raw = torch::randn({8, cfg.input_dim}) * 3 + 1;
  auto data = torch::sigmoid(ae::standardize_batch(raw));

  for (int step = 1; step <= steps; ++step) {
    optimizer.zero_grad();
    auto loss = torch::mse_loss(model->forward(data), data) +
                torch::mse_loss(model_tanh->forward(data), data);
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.5f\n", step, loss.item<double>());
  }
  return 0;
}
