// rmsnorm-manual (`rewrite: function`): RMSNorm written op by op becomes
// adopter::ops::rms_norm(x, weight, eps); the weight parameter stays a
// member, so every checkpoint key stays.
#include <adopter/kernels/Norms.h>
#include <torch/torch.h>

// LLaMA's RMSNorm, over two statements.
struct RMSNormImpl : torch::nn::Module {
  RMSNormImpl(int64_t dim, double eps) : eps_(eps) {
    weight_ = register_parameter("weight", torch::ones({dim}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, weight_, eps_);
  }
  double eps_;
  torch::Tensor weight_;
};
TORCH_MODULE(RMSNorm);

// T5's: the weight first, sqrt and divide, a literal eps.
struct T5NormImpl : torch::nn::Module {
  explicit T5NormImpl(int64_t dim)
      : weight(register_parameter("weight", torch::ones({dim}))) {}
  torch::Tensor forward(torch::Tensor h) {
    return adopter::ops::rms_norm(h, weight, 1e-6);
  }
  torch::Tensor weight;
};
TORCH_MODULE(T5Norm);

// No weight; the norm is taken inside a larger expression.
struct ScaledImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 2.0 * (adopter::ops::rms_norm(x, at::Tensor(), 1e-5)) + 1.0;
  }
};
TORCH_MODULE(Scaled);

// A helper function that a module calls: rewritten in the helper.
torch::Tensor rmsNorm(const torch::Tensor &x, const torch::Tensor &w,
                      double eps) {
  return adopter::ops::rms_norm(x, w, eps);
}
struct HelperImpl : torch::nn::Module {
  HelperImpl() { scale = register_parameter("scale", torch::ones({8})); }
  torch::Tensor forward(torch::Tensor x) { return rmsNorm(x, scale, 1e-6); }
  torch::Tensor scale;
};
TORCH_MODULE(Helper);

// Not rewritten: computed in float32 and cast back (the cast is an argument
// the replacement does not take).
struct HalfImpl : torch::nn::Module {
  HalfImpl() { weight = register_parameter("weight", torch::ones({8})); }
  torch::Tensor forward(torch::Tensor x) {
    auto xf = x.to(torch::kFloat);
    auto n = xf * torch::rsqrt(xf.pow(2).mean(-1, true) + 1e-6);
    return n.type_as(x) * weight;
  }
  torch::Tensor weight;
};

// Not a match: the mean is over dimension 1, not the last one.
struct ChannelImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return x * torch::rsqrt(x.pow(2).mean(1, true) + 1e-6);
  }
};
