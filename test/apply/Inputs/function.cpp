// Input of function.test: rules with `rewrite: function` (gelu-manual).
// The chain, one expression, becomes the rule's call; the tanh and erf forms
// get their own calls.
#include <cmath>
#include <torch/torch.h>

// The erf form, as in BERT: the whole expression.
struct ErfGeluImpl : torch::nn::Module {
  ErfGeluImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    return h * 0.5 * (1.0 + torch::erf(h / 1.4142135623730951));
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(ErfGelu);

// The tanh form, as in GPT-2 (nanoGPT's NewGELU), inside a larger
// expression: only the GELU's part is replaced.
struct TanhGeluImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 2.0 * (0.5 * x * (1.0 + torch::tanh(0.7978845608028654 * (x + 0.044715 * torch::pow(x, 3.0))))) + x;
  }
};
TORCH_MODULE(TanhGelu);

// The cubic written as a product; the input is an expression's value held
// in a variable.
struct CubeGeluImpl : torch::nn::Module {
  CubeGeluImpl() { up = register_module("up", torch::nn::Linear(8, 16)); }
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor u = up(x);
    torch::Tensor y = 0.5 * u * (1.0 + torch::tanh(0.7978845608 * (u + 0.044715 * u * u * u)));
    return y;
  }
  torch::nn::Linear up{nullptr};
};
TORCH_MODULE(CubeGelu);

// Over two statements: the call goes where the last one was, and the
// statement before it goes.
struct SplitGeluImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto e = torch::erf(x / 1.4142135623730951);
    return 0.5 * x * (1.0 + e);
  }
};
TORCH_MODULE(SplitGelu);

// The constant in a const variable that is initialised when the program
// starts (std::sqrt is not constexpr) and cannot change afterwards; the erf
// form's divisor written with math.h's M_SQRT1_2, which ends the op's
// expression, as in the autoencoder model.
namespace {
const double kSqrt2OverPi = std::sqrt(2.0 / M_PI);
} // namespace
struct ConstGeluImpl : torch::nn::Module {
  bool approximate = true;
  torch::Tensor forward(torch::Tensor x) {
    if (approximate) {
      return 0.5 * x * (1 + torch::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x)));
    }
    auto cdf = 0.5 * (1.0 + torch::erf(x * M_SQRT1_2));
    return x * cdf;
  }
};
TORCH_MODULE(ConstGelu);
