// Trains the tiny WaveNet for a few steps to predict the next mu-law sample
// of random sine waves and prints the loss. Usage: model-wavenet [steps]
#include "wavenet.h"

#include <cstdio>
#include <cstdlib>

using torch::indexing::Slice;

int main(int argc, char **argv) {
  const int steps = argc > 1 ? std::atoi(argv[1]) : 3;
  torch::manual_seed(8);

  wavenet::WaveNetConfig cfg;
  wavenet::WaveNet net(cfg);
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));

  const int64_t batch = 2, length = 64;
  auto t = torch::arange(length + 1, torch::kFloat).unsqueeze(0);
  auto freq = torch::rand({batch, 1}) * 0.3 + 0.05;
  auto audio = torch::sin(t * freq);
  auto classes = wavenet::mu_law_encode(audio, cfg.quantization_channels);
  auto inputs = torch::one_hot(classes.index({Slice(), Slice(0, length)}),
                               cfg.quantization_channels)
                    .permute({0, 2, 1})
                    .to(torch::kFloat);
  auto targets = classes.index({Slice(), Slice(1, length + 1)});
  auto speaker = torch::randn({batch, cfg.global_cond_dim});

  for (int step = 1; step <= steps; ++step) {
    auto logits = net->forward(inputs, speaker);  // (batch, classes, time)
    auto loss = torch::nn::functional::cross_entropy(logits, targets);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    std::printf("step %d  loss %.4f  (receptive field %lld)\n", step,
                loss.item<double>(), static_cast<long long>(net->receptive_field()));
  }
  return 0;
}
