// Input of errors.test: option values that come from macros, which the
// translation units define (GELU_APPROX before the #include, SLOPE with -D).
// A literal written in their place would serve one configuration only, so
// apply leaves both sites, even where the value is the default (SLOPE=0.01).
#include <torch/torch.h>

struct FfnImpl : torch::nn::Module {
  FfnImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 8));
    act = register_module("act", torch::nn::GELU(torch::nn::GELUOptions().approximate(GELU_APPROX)));
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::nn::Linear fc{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Ffn);

struct StemImpl : torch::nn::Module {
  StemImpl() {
    conv = register_module("conv", torch::nn::Conv2d(3, 8, 3));
    bn = register_module("bn", torch::nn::BatchNorm2d(8));
    act = register_module("act", torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(SLOPE)));
  }
  torch::Tensor forward(torch::Tensor x) { return act(bn(conv(x))); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::LeakyReLU act{nullptr};
};
TORCH_MODULE(Stem);

// Through a constant initialised from the macro.
constexpr double kSlope = SLOPE;
struct StemConstImpl : torch::nn::Module {
  StemConstImpl() {
    conv = register_module("conv", torch::nn::Conv2d(3, 8, 3));
    bn = register_module("bn", torch::nn::BatchNorm2d(8));
    act = register_module("act", torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kSlope)));
  }
  torch::Tensor forward(torch::Tensor x) { return act(bn(conv(x))); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::LeakyReLU act{nullptr};
};
TORCH_MODULE(StemConst);

// Through a helper function's parameter.
inline torch::nn::LeakyReLU makeLeaky(double Slope) {
  return torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(Slope));
}
struct StemHelperImpl : torch::nn::Module {
  StemHelperImpl() {
    conv = register_module("conv", torch::nn::Conv2d(3, 8, 3));
    bn = register_module("bn", torch::nn::BatchNorm2d(8));
    act = register_module("act", makeLeaky(SLOPE));
  }
  torch::Tensor forward(torch::Tensor x) { return act(bn(conv(x))); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::LeakyReLU act{nullptr};
};
TORCH_MODULE(StemHelper);
