// Input of sequential.test: Linear + activation as Sequential elements.
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <torch/torch.h>

// A Sequential literal and push_back calls: the Linear element is built as
// the fused module, the activation element becomes Identity, so every
// element keeps its index and every parameter its name ("0.weight").
struct StackImpl : torch::nn::Module {
  StackImpl() {
    layers = register_module("layers", torch::nn::Sequential(
        adopter::nn::FusedLinearReLU(4, 8), torch::nn::Identity(), torch::nn::Linear(8, 6)));
    tail = register_module("tail", torch::nn::Sequential());
    tail->push_back(adopter::nn::FusedLinearGELU(6, 6));
    tail->push_back(torch::nn::Identity());
  }
  torch::Tensor forward(torch::Tensor x) {
    return tail->forward(layers->forward(x));
  }
  torch::nn::Sequential layers{nullptr}, tail{nullptr};
};
TORCH_MODULE(Stack);

// Elements pushed in a loop: one source line stands for several elements,
// and each iteration builds the whole chain, so every element the line
// builds is one Linear+ReLU: rewritten.
struct LoopImpl : torch::nn::Module {
  LoopImpl() {
    body = register_module("body", torch::nn::Sequential());
    for (int i = 0; i < 3; ++i) {
      body->push_back(adopter::nn::FusedLinearReLU(4, 4));
      body->push_back(torch::nn::Identity());
    }
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Loop);

// Each branch of an `if` builds its own chain: both rewritten.
struct BranchImpl : torch::nn::Module {
  explicit BranchImpl(bool wide) {
    body = register_module("body", torch::nn::Sequential());
    if (wide) {
      body->push_back(adopter::nn::FusedLinearReLU(4, 8));
      body->push_back(torch::nn::Identity());
      body->push_back(torch::nn::Linear(8, 4));
    } else {
      body->push_back(adopter::nn::FusedLinearGELU(4, 4));
      body->push_back(torch::nn::Identity());
    }
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Branch);

// No chain: a `continue` between the Linear and the ReLU leaves the ReLU
// out of one iteration, where the Linear is followed by the next one (the
// graph puts the ReLU under `!(i == skip)`; nothing is reported).
struct SkipImpl : torch::nn::Module {
  explicit SkipImpl(int skip) {
    body = register_module("body", torch::nn::Sequential());
    for (int i = 0; i < 3; ++i) {
      body->push_back(torch::nn::Linear(4, 4));
      if (i == skip)
        continue;
      body->push_back(torch::nn::ReLU());
    }
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Skip);

// Not rewritten: the Linear is built in the loop, the ReLU only under a
// condition inside it.
struct SometimesImpl : torch::nn::Module {
  explicit SometimesImpl(bool act) {
    body = register_module("body", torch::nn::Sequential());
    for (int i = 0; i < 2; ++i) {
      body->push_back(torch::nn::Linear(4, 4));
      if (act)
        body->push_back(torch::nn::ReLU());
    }
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Sometimes);

// Not rewritten: the ReLU is built by a loop of its own (one iteration, so
// the Linear is followed by a ReLU), not together with the Linear.
struct InnerImpl : torch::nn::Module {
  explicit InnerImpl(int n) {
    body = register_module("body", torch::nn::Sequential());
    for (int i = 0; i < n; ++i) {
      body->push_back(torch::nn::Linear(4, 4));
      for (int j = 0; j < 1; ++j)
        body->push_back(torch::nn::ReLU());
    }
  }
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Inner);
