// Masks and biases added under a condition that calls a function of the
// project. The graph inlines such calls; apply writes the condition as the
// source spells it: `use_mask() ? mask : at::Tensor()`.
#include <torch/torch.h>

// The condition is a method of the module.
struct MethodMaskImpl : torch::nn::Module {
  explicit MethodMaskImpl(bool causal) : causal_(causal) {}
  bool use_mask() const { return causal_ && heads_ > 1; }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto scores = torch::matmul(q, k.transpose(-2, -1));
    if (use_mask())
      scores = scores + mask;
    return torch::matmul(torch::softmax(scores, -1), v);
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
    auto scores = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    if (masked(mask))
      scores = scores.masked_fill(mask == 0, -1e9);
    return torch::matmul(torch::softmax(scores, -1), v);
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
    if (has_bias())
      s = s + bias;
    return torch::softmax(s / 8.0, -1);
  }
};
TORCH_MODULE(DerivedBias);

struct ConfigMaskImpl : torch::nn::Module {
  explicit ConfigMaskImpl(bool causal) { cfg.causal_ = causal; }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto scores = torch::matmul(q, k.transpose(-2, -1));
    if (cfg.causal() && mask.defined())
      scores = scores + mask;
    return torch::matmul(torch::softmax(scores, -1), v);
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
