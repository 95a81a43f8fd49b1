// masked-softmax (`rewrite: function`): scale, mask and softmax over the
// last dimension become adopter::ops::masked_softmax, with the scale mode
// and the mask kind the chain spells.
#include <torch/torch.h>

#include <cmath>
#include <limits>

// The attention weights are returned (not multiplied by v): masked_fill,
// then the division by the scale.
struct WeightsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor scores, torch::Tensor mask) {
    return torch::softmax(scores.masked_fill(mask == 0, -1e9) / scale, -1);
  }
  double scale = 8.0;
};
TORCH_MODULE(Weights);

// Scaled first, then an additive mask, over two statements.
struct AdditiveImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor bias) {
    auto a = s * (1.0 / std::sqrt(16.0));
    return torch::softmax(a + bias, -1);
  }
};
TORCH_MODULE(Additive);

// torch::where keeps the scores where the mask is true; no scale.
struct KeepImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor keep) {
    return torch::softmax(
        torch::where(keep, s, -std::numeric_limits<float>::infinity()), -1);
  }
};
TORCH_MODULE(Keep);

// A learned bias added to the scores: rewritten too, and the bias still
// trains (masked_softmax runs the chain for a mask that needs a gradient).
struct LearnedBiasImpl : torch::nn::Module {
  LearnedBiasImpl() { bias = register_parameter("bias", torch::zeros({6})); }
  torch::Tensor forward(torch::Tensor s) {
    return torch::softmax(s + bias, -1);
  }
  torch::Tensor bias;
};
TORCH_MODULE(LearnedBias);

// Not rewritten: softmax computes in float64 (an argument the replacement
// does not take).
struct DoubleImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    return torch::softmax(s.masked_fill(mask, -1e4), -1, torch::kDouble);
  }
};

// The mask filled in only when it is defined: passed as it is (the kernel
// takes an undefined mask as none) and the `if` goes.
struct MaybeMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    s = s * 0.125;
    if (mask.defined())
      s = s.masked_fill(mask, -1e4);
    return torch::softmax(s, -1);
  }
};
TORCH_MODULE(MaybeMask);

// The mask (the chain's first op) added under a flag, the scale after it:
// passed as `causal ? bias : at::Tensor()`.
struct FlagBiasImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor bias, bool causal) {
    if (causal)
      s = s + bias;
    return torch::softmax(s / 8.0, -1);
  }
};
TORCH_MODULE(FlagBias);
