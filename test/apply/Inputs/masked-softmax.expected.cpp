// masked-softmax (`rewrite: function`): scale, mask and softmax over the
// last dimension become adopter::ops::masked_softmax, with the scale mode
// and the mask kind the chain spells.
#include <adopter/kernels/MaskedSoftmax.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>

// The attention weights are returned (not multiplied by v): masked_fill,
// then the division by the scale.
struct WeightsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor scores, torch::Tensor mask) {
    return adopter::ops::masked_softmax(scores, mask == 0, scale, adopter::ops::ScaleMode::DivideAfterMask, adopter::ops::MaskKind::FillWhereTrue, -1e9);
  }
  double scale = 8.0;
};
TORCH_MODULE(Weights);

// Scaled first, then an additive mask, over two statements.
struct AdditiveImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor bias) {
    return adopter::ops::masked_softmax(s, bias, (1.0 / std::sqrt(16.0)), adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(Additive);

// torch::where keeps the scores where the mask is true; no scale.
struct KeepImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor keep) {
    return adopter::ops::masked_softmax(s, keep, 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::KeepWhereTrue, -std::numeric_limits<float>::infinity());
  }
};
TORCH_MODULE(Keep);

// A learned bias added to the scores: rewritten too, and the bias still
// trains (masked_softmax runs the chain for a mask that needs a gradient).
struct LearnedBiasImpl : torch::nn::Module {
  LearnedBiasImpl() { bias = register_parameter("bias", torch::zeros({6})); }
  torch::Tensor forward(torch::Tensor s) {
    return adopter::ops::masked_softmax(s, bias, 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
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
    return adopter::ops::masked_softmax(s, mask, 0.125, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::FillWhereTrue, -1e4);
  }
};
TORCH_MODULE(MaybeMask);

// The mask (the chain's first op) added under a flag, the scale after it:
// passed as `causal ? bias : at::Tensor()`.
struct FlagBiasImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor bias, bool causal) {
    return adopter::ops::masked_softmax(s, causal ? bias : at::Tensor(), 8.0, adopter::ops::ScaleMode::DivideAfterMask, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(FlagBias);
