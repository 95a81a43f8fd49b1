// Input of dropout-add-layernorm.test; test/e2e compiles it beside its
// rewrite (dropout-add-layernorm.expected.cpp) and compares the two.
#include <torch/torch.h>

namespace F = torch::nn::functional;

// BERT's self-output: a Dropout module with the constructor's p, the chain
// over three statements.
struct SelfOutputImpl : torch::nn::Module {
  explicit SelfOutputImpl(double p) {
    dense = register_module("dense", torch::nn::Linear(16, 16));
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    dropout = register_module("dropout", torch::nn::Dropout(p));
  }
  torch::Tensor forward(torch::Tensor h, const torch::Tensor &input) {
    h = dense(h);
    h = dropout(h);
    h = norm(h + input);
    return h;
  }
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm norm{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(SelfOutput);

// F::dropout's options read a member when forward runs; torch::dropout's
// arguments; the residual on the left.
struct OutputImpl : torch::nn::Module {
  explicit OutputImpl(double p) : p_(p) {
    dense = register_module("dense", torch::nn::Linear(16, 16));
    ln = register_module(
        "ln",
        torch::nn::LayerNorm(torch::nn::LayerNormOptions({16}).eps(1e-6)));
  }
  torch::Tensor forward(torch::Tensor h, const torch::Tensor &x) {
    return ln(F::dropout(dense(h),
                         F::DropoutFuncOptions().p(p_).training(is_training())) +
              x);
  }
  torch::Tensor plain(const torch::Tensor &h, const torch::Tensor &x) {
    return ln(x + torch::dropout(h, 0.25, is_training()));
  }
  double p_;
  torch::nn::Linear dense{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(Output);

// The add in a helper whose whole body belongs to the chain: rewritten at
// the helper's call; F::dropout without options trains in eval too.
inline torch::Tensor skip(const torch::Tensor &a, const torch::Tensor &b) {
  return a + b;
}

struct SkipImpl : torch::nn::Module {
  SkipImpl() {
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({4, 16})));
  }
  torch::Tensor forward(const torch::Tensor &h, const torch::Tensor &x) {
    return norm(skip(F::dropout(h), x));
  }
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Skip);

// Not rewritten by this rule: an in-place dropout changes h, which the call
// would not (the add and the norm become FusedAddLayerNorm instead); a
// functional layer_norm (add-layernorm's function instead); a difference is not
// a residual add (no finding).
struct OthersImpl : torch::nn::Module {
  OthersImpl() {
    ln = register_module(
        "ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor h, const torch::Tensor &x) {
    return ln(torch::dropout_(h, 0.1, is_training()) + x);
  }
  torch::Tensor functional(const torch::Tensor &h, const torch::Tensor &x) {
    return F::layer_norm(torch::dropout(h, 0.1, is_training()) + x,
                         F::LayerNormFuncOptions({16}));
  }
  torch::Tensor difference(const torch::Tensor &h, const torch::Tensor &x) {
    return norm(torch::dropout(h, 0.1, is_training()) - x);
  }
  torch::nn::LayerNorm ln{nullptr}, norm{nullptr};
};
TORCH_MODULE(Others);

// A pre-norm block whose residual branch ends in dropout reads the sum
// again after the norm: both are written where the sum is computed.
struct PreNormImpl : torch::nn::Module {
  PreNormImpl() {
    attn = register_module("attn", torch::nn::Linear(16, 16));
    drop = register_module("drop", torch::nn::Dropout(0.1));
    ln = register_module(
        "ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + drop(attn(x));
    x = x + mlp(ln(x));
    return x;
  }
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
  torch::nn::Dropout drop{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(PreNorm);
