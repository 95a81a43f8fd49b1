// The classic LibTorch MNIST network: a three-layer MLP with dropout and a
// log_softmax output, trained with nll_loss. Written like the C++ frontend
// tutorial ("struct Net : torch::nn::Module", std::make_shared<Net>()),
// header-only.
#pragma once

#include <torch/torch.h>

#include <cstdint>

// Define a new Module.
struct Net : torch::nn::Module {
  Net(int64_t in_features = 784, int64_t num_classes = 10)
      : in_features(in_features) {
    // Construct and register three Linear submodules.
    fc1 = register_module("fc1", torch::nn::Linear(in_features, 64));
    fc2 = register_module("fc2", torch::nn::Linear(64, 32));
    fc3 = register_module("fc3", torch::nn::Linear(32, num_classes));
  }

  // Implement the Net's algorithm.
  torch::Tensor forward(torch::Tensor x) {
    // Use one of many tensor manipulation functions.
    x = torch::relu(fc1->forward(x.reshape({x.size(0), in_features})));
    x = torch::dropout(x, /*p=*/0.5, /*train=*/is_training());
    x = torch::relu(fc2->forward(x));
    x = torch::log_softmax(fc3->forward(x), /*dim=*/1);
    return x;
  }

  int64_t in_features;
  // Use one of many "standard library" modules.
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
