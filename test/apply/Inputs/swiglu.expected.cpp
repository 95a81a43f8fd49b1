// swiglu (`rewrite: function`): the gate and up projections stay members
// (their weights are read at the call), so every checkpoint key stays.
#include <adopter/kernels/LinearAct.h>
#include <adopter/kernels/SwiGLU.h>
#include <torch/torch.h>

namespace F = torch::nn::functional;

// LLaMA's feed-forward: w2(silu(w1(x)) * w3(x)), without biases.
struct FeedForwardImpl : torch::nn::Module {
  FeedForwardImpl() {
    w1 = register_module("w1", torch::nn::Linear(torch::nn::LinearOptions(16, 24).bias(false)));
    w2 = register_module("w2", torch::nn::Linear(torch::nn::LinearOptions(24, 16).bias(false)));
    w3 = register_module("w3", torch::nn::Linear(torch::nn::LinearOptions(16, 24).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) {
    return w2(adopter::ops::swiglu(x, w1->weight, w1->bias, w3->weight, w3->bias));
  }
  torch::nn::Linear w1{nullptr}, w2{nullptr}, w3{nullptr};
};
TORCH_MODULE(FeedForward);

// With biases, the up projection first, over two statements.
struct BiasedImpl : torch::nn::Module {
  BiasedImpl() {
    gate = register_module("gate", torch::nn::Linear(8, 12));
    up = register_module("up", torch::nn::Linear(8, 12));
    down = register_module("down", torch::nn::Linear(12, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = adopter::ops::swiglu(x, gate->weight, gate->bias, up->weight, up->bias);
    return down(h);
  }
  torch::nn::Linear gate{nullptr}, up{nullptr}, down{nullptr};
};
TORCH_MODULE(Biased);

// GPT-NeoX's packed form under a flag: one projection chunked in two; the
// whole chain runs under the same condition, so it is rewritten there.
struct PackedImpl : torch::nn::Module {
  explicit PackedImpl(bool Gated) : gated(Gated) {
    proj = register_module("proj", torch::nn::Linear(8, 24));
    out = register_module("out", torch::nn::Linear(12, 8));
  }
  torch::Tensor forward(torch::Tensor h) {
    if (gated) {
      h = adopter::ops::swiglu_packed(h, proj->weight, proj->bias);
    } else {
      h = adopter::ops::linear_relu(h, *proj).narrow(-1, 0, 12);
    }
    return out(h);
  }
  bool gated;
  torch::nn::Linear proj{nullptr}, out{nullptr};
};
TORCH_MODULE(Packed);
