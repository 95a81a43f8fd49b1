// layernorm-manual (`rewrite: function`): LayerNorm written op by op
// becomes adopter::ops::layer_norm(x, weight, bias, eps); the parameters
// stay members, so every checkpoint key stays.
#include <torch/torch.h>

// The autoencoder's LayerNorm, over three statements, weight and bias.
struct LayerNormImpl : torch::nn::Module {
  LayerNormImpl(int64_t features, double eps) : eps(eps) {
    weight = register_parameter("weight", torch::ones({features}));
    bias = register_parameter("bias", torch::zeros({features}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto mean = x.mean(-1, /*keepdim=*/true);
    auto var = (x - mean).pow(2).mean(-1, /*keepdim=*/true);
    auto x_hat = (x - mean) / torch::sqrt(var + eps);
    return x_hat * weight + bias;
  }
  torch::Tensor weight, bias;
  double eps;
};
TORCH_MODULE(LayerNorm);

// RetNet's group norm over head_dim: var(unbiased=false), rsqrt, no
// parameters; the result is assigned back to the input's variable.
struct GroupNormImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor out) {
    auto mean = out.mean(-1, /*keepdim=*/true);
    auto var = out.var(-1, /*unbiased=*/false, /*keepdim=*/true);
    out = (out - mean) * torch::rsqrt(var + 1e-5);
    return out.relu();
  }
};
TORCH_MODULE(GroupNorm);

// Only a bias (gain folded elsewhere).
struct BiasOnlyImpl : torch::nn::Module {
  BiasOnlyImpl() { beta = register_parameter("beta", torch::zeros({8})); }
  torch::Tensor forward(torch::Tensor x) {
    auto u = x.mean(-1, true);
    auto s = (x - u).pow(2).mean(-1, true);
    return (x - u) / torch::sqrt(s + 1e-6) + beta;
  }
  torch::Tensor beta;
};
TORCH_MODULE(BiasOnly);

// Not a LayerNorm site: the centred input is returned too. What is left,
// c / sqrt(mean(c^2) + eps), is an RMSNorm of c, which rmsnorm-manual
// rewrites.
struct KeepsCentredImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    auto n = c / torch::sqrt(c.pow(2).mean(-1, true) + 1e-5);
    return {n, c};
  }
};

// Not a match: the Annotated Transformer's norm (unbiased std, eps added
// after it) is not LayerNorm.
struct AnnotatedImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto mean = x.mean(-1, true);
    auto std = x.std(-1, true, true);
    return (x - mean) / (std + 1e-6);
  }
};
