// add-rmsnorm: a residual add, then a module of the project whose forward
// is RMSNorm (LLaMA's, T5's).
#include <adopter/kernels/FusedAddRMSNorm.h>
#include <adopter/kernels/Norms.h>
#include <torch/torch.h>

// LLaMA's RMSNorm: private weight and eps, set by the constructor.
class RMSNormImpl : public torch::nn::Module {
public:
  RMSNormImpl(int64_t dim, double eps = 1e-6) : eps_(eps) {
    weight_ = register_parameter("weight", torch::ones({dim}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, weight_, eps_);
  }

private:
  double eps_;
  torch::Tensor weight_;
};
TORCH_MODULE(RMSNorm);

// A pre-norm block: the sum is read again after the norm, so the sum's
// statement returns both; one of two members of a declaration is retyped.
struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t d, double eps) {
    attn = register_module("attn", torch::nn::Linear(d, d));
    ffn = register_module("ffn", torch::nn::Linear(d, d));
    attn_norm = register_module("attn_norm", RMSNorm(d, eps));
    ffn_norm = register_module("ffn_norm", adopter::nn::FusedAddRMSNorm(d, eps));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    torch::Tensor h, h_normed;
    std::tie(h, h_normed) = ffn_norm(x, attn(attn_norm(x)));
    return h + ffn(h_normed);
  }
  torch::nn::Linear attn{nullptr}, ffn{nullptr};
  RMSNorm attn_norm{nullptr};
  adopter::nn::FusedAddRMSNorm ffn_norm{nullptr};
};
TORCH_MODULE(Block);

// T5's norm: the weight in the initializer list, the eps under another
// name, the weight first in the product; its constructor takes eps first.
struct T5NormImpl : torch::nn::Module {
  T5NormImpl(double eps, int64_t hidden)
      : weight(register_parameter("weight", torch::ones({hidden}))),
        variance_epsilon(eps) {}
  torch::Tensor forward(const torch::Tensor &hidden_states) {
    return adopter::ops::rms_norm(hidden_states, weight, variance_epsilon);
  }
  torch::Tensor weight;
  double variance_epsilon;
};
TORCH_MODULE(T5Norm);

// The sum used by the norm only: one expression; the eps left to its
// default; the member built in the initializer list.
struct HeadImpl : torch::nn::Module {
  explicit HeadImpl(int64_t d)
      : proj(register_module("proj", torch::nn::Linear(d, d))),
        norm(register_module("norm", adopter::nn::FusedAddRMSNorm(d, 1e-6))),
        t5(register_module("t5", adopter::nn::FusedAddRMSNorm(d, 1e-5))) {}
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y) {
    auto a = std::get<1>(norm(proj(x), x));
    return std::get<1>(t5(a, y));
  }
  torch::nn::Linear proj;
  adopter::nn::FusedAddRMSNorm norm;
  adopter::nn::FusedAddRMSNorm t5;
};
TORCH_MODULE(Head);

// Across a function: the sum comes from a helper.
torch::Tensor residual(const torch::Tensor &x, const torch::Tensor &y) {
  return x + y;
}

struct HelperImpl : torch::nn::Module {
  explicit HelperImpl(int64_t d) { norm = register_module("norm", adopter::nn::FusedAddRMSNorm(d, 1e-5)); }
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y) {
    return std::get<1>(norm(x, y));
  }
  adopter::nn::FusedAddRMSNorm norm{nullptr};
};
TORCH_MODULE(Helper);

// Not rewritten: the weight is saved as "scale" (checkpoints would not
// load), starts from random values, the module registers a second tensor,
// eps changes after construction, the member is also called elsewhere.
struct ScaleNormImpl : torch::nn::Module {
  explicit ScaleNormImpl(int64_t d) {
    w = register_parameter("scale", torch::ones({d}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, w, 1e-6);
  }
  torch::Tensor w;
};
TORCH_MODULE(ScaleNorm);

struct RandNormImpl : torch::nn::Module {
  explicit RandNormImpl(int64_t d) {
    w = register_parameter("weight", torch::randn({d}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, w, 1e-6);
  }
  torch::Tensor w;
};
TORCH_MODULE(RandNorm);

struct BufferNormImpl : torch::nn::Module {
  explicit BufferNormImpl(int64_t d) {
    w = register_parameter("weight", torch::ones({d}));
    register_buffer("steps", torch::zeros({1}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, w, 1e-6);
  }
  torch::Tensor w;
};
TORCH_MODULE(BufferNorm);

struct TunedNormImpl : torch::nn::Module {
  explicit TunedNormImpl(int64_t d) : eps(1e-6) {
    w = register_parameter("weight", torch::ones({d}));
  }
  void set_eps(double e) { eps = e; }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, w, eps);
  }
  double eps;
  torch::Tensor w;
};
TORCH_MODULE(TunedNorm);

struct RefusedImpl : torch::nn::Module {
  explicit RefusedImpl(int64_t d) {
    scale = register_module("scale", ScaleNorm(d));
    rand = register_module("rand", RandNorm(d));
    buffer = register_module("buffer", BufferNorm(d));
    tuned = register_module("tuned", TunedNorm(d));
    twice = register_module("twice", RMSNorm(d));
  }
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y) {
    auto a = scale(x + y);
    auto b = rand(a + y);
    auto c = buffer(b + y);
    auto e = tuned(c + y);
    return twice(e + y) + twice(x);
  }
  ScaleNorm scale{nullptr};
  RandNorm rand{nullptr};
  BufferNorm buffer{nullptr};
  TunedNorm tuned{nullptr};
  RMSNorm twice{nullptr};
};
TORCH_MODULE(Refused);

// No finding: the norm is over the first dimension.
struct ColumnNormImpl : torch::nn::Module {
  explicit ColumnNormImpl(int64_t d) {
    w = register_parameter("weight", torch::ones({d}));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return x * torch::rsqrt(x.pow(2).mean(0, true) + 1e-6) * w;
  }
  torch::Tensor w;
};
TORCH_MODULE(ColumnNorm);

struct ColumnImpl : torch::nn::Module {
  explicit ColumnImpl(int64_t d) { norm = register_module("norm", ColumnNorm(d)); }
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y) {
    return norm(x + y);
  }
  ColumnNorm norm{nullptr};
};
TORCH_MODULE(Column);

// Written inline, no module to swap (`otherwise:`): the function, given the
// weight the chain multiplies by; the sum is read again.
struct InlineImpl : torch::nn::Module {
  InlineImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    o_proj = register_module("o_proj", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    torch::Tensor h, h_normed;
    std::tie(h, h_normed) = adopter::ops::add_rms_norm(x, o_proj(x), weight, 1e-6);
    auto n = h_normed;
    return h + n;
  }
  torch::Tensor weight;
  torch::nn::Linear o_proj{nullptr};
};
TORCH_MODULE(Inline);

// The weight registered with requires_grad spelled out as true: rewritten.
// A norm without a constructor of its own: reported.
struct GradNormImpl : torch::nn::Module {
  explicit GradNormImpl(int64_t d) {
    w = register_parameter("weight", torch::ones({d}), /*requires_grad=*/true);
  }
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, w, 1e-6);
  }
  torch::Tensor w;
};
TORCH_MODULE(GradNorm);

struct FixedNormImpl : torch::nn::Module {
  torch::Tensor forward(const torch::Tensor &x) {
    return adopter::ops::rms_norm(x, w, 1e-6);
  }
  torch::Tensor w = register_parameter("weight", torch::ones({16}));
};
TORCH_MODULE(FixedNorm);

struct MoreImpl : torch::nn::Module {
  MoreImpl() {
    grad = register_module("grad", adopter::nn::FusedAddRMSNorm(16, 1e-6));
    fixed = register_module("fixed", FixedNorm());
  }
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y) {
    return fixed(std::get<1>(grad(x, y)) + y);
  }
  adopter::nn::FusedAddRMSNorm grad{nullptr};
  FixedNorm fixed{nullptr};
};
TORCH_MODULE(More);

// Not rewritten: the eps comes from a call apply cannot prove free of side
// effects, and the new module takes it second, after the size.
inline double next_eps() {
  static double eps = 1e-6;
  return eps *= 2;
}
struct CountedImpl : torch::nn::Module {
  explicit CountedImpl(int64_t d)
      : t5(register_module("t5", T5Norm(next_eps(), d))) {}
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &y) {
    return t5(x + y);
  }
  T5Norm t5;
};
TORCH_MODULE(Counted);
