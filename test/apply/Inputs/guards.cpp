// A guard declared between the statements of a chain changes what the ops
// after it do (torch::NoGradGuard turns gradients off): a rewrite that
// moves an op past it, or computes one before it, would change the
// program, so each such site is reported and left as it is.
#include <torch/torch.h>

// conv -> bn -> relu over two statements, a guard between them.
struct StemImpl : torch::nn::Module {
  StemImpl() {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(8));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = conv(x);
    torch::NoGradGuard frozen;
    return torch::relu(bn(h));
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(Stem);

// A pre-norm block whose sum is read again after the norm, a guard between.
struct BlockImpl : torch::nn::Module {
  BlockImpl() {
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    ln_2 = register_module("ln_2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    attn = register_module("attn", torch::nn::Linear(16, 16));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn(ln_1(x));
    torch::NoGradGuard frozen;
    x = x + mlp(ln_2(x));
    return x;
  }
  torch::nn::LayerNorm ln_1{nullptr}, ln_2{nullptr};
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
};
TORCH_MODULE(Block);
