// Masks and biases added under a condition that calls a function of the
// project. The graph inlines such calls; apply writes the condition as the
// source spells it: `use_mask() ? mask : at::Tensor()`.
#include <adopter/kernels/Attention.h>
#include <adopter/kernels/MaskedSoftmax.h>
#include <torch/torch.h>

// The condition is a method of the module.
struct MethodMaskImpl : torch::nn::Module {
  explicit MethodMaskImpl(bool causal) : causal_(causal) {}
  bool use_mask() const { return causal_ && heads_ > 1; }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-2, -1), v, use_mask() ? mask : at::Tensor(), 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
  }
  bool causal_;
  int64_t heads_ = 4;
};
TORCH_MODULE(MethodMask);

// A free function of the tensor; the fill is written only where it holds.
static bool masked(const torch::Tensor &m) {
  return m.defined() && m.dim() > 1;
}

struct FreeFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-2, -1), v, masked(mask) ? mask == 0 : at::Tensor(), 8.0, adopter::ops::ScaleMode::Divide, adopter::ops::MaskKind::FillWhereTrue, -1e9);
  }
};
TORCH_MODULE(FreeFill);

// Across a class boundary: a method of the base class, and one of a config
// member.
struct Config {
  bool causal_ = true;
  bool causal() const { return causal_; }
};

struct BaseImpl : torch::nn::Module {
  bool has_bias() const { return with_bias; }
  bool with_bias = true;
};

struct DerivedBiasImpl : BaseImpl {
  explicit DerivedBiasImpl(bool b) { with_bias = b; }
  torch::Tensor forward(torch::Tensor s, torch::Tensor bias) {
    return adopter::ops::masked_softmax(s, has_bias() ? bias : at::Tensor(), 8.0, adopter::ops::ScaleMode::DivideAfterMask, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(DerivedBias);

struct ConfigMaskImpl : torch::nn::Module {
  explicit ConfigMaskImpl(bool causal) { cfg.causal_ = causal; }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-2, -1), v, (cfg.causal() && mask.defined()) ? mask : at::Tensor(), 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
  }
  Config cfg;
};
TORCH_MODULE(ConfigMask);

// Not rewritten: the function the condition calls counts its calls, which
// evaluating it at the chain's last op would do at another time.
static int draws = 0;
static bool sometimes() { return ++draws % 2 == 0; }

struct SideEffectImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto scores = torch::matmul(q, k.transpose(-2, -1));
    if (sometimes())
      scores = scores + mask;
    return torch::matmul(torch::softmax(scores, -1), v);
  }
};
TORCH_MODULE(SideEffect);
