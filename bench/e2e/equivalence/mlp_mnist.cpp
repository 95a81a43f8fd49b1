// The MNIST MLP of bench/models/mlp_mnist (dropout 0.5), on random images.
#include "mlp_mnist.h"
#include "EquivalenceHarness.h"

adopter_equiv::Model adopter_equiv::make() {
  auto net = std::make_shared<Net>();
  return {net, [net]() { return net->forward(torch::rand({8, 1, 28, 28})); }};
}
