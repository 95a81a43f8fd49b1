// Input of add-layernorm.test: `rewrite: swap-module` with a module that
// returns two tensors (add-layernorm): the LayerNorm member becomes
// adopter::nn::FusedAddLayerNorm (same options, same weight and bias names)
// and `norm(a + b)`, written as one expression, becomes
// `std::get<1>(norm(a, b))`.
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <torch/torch.h>

// Post-norm residual, as in BERT's output blocks, registered in the body.
struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16}).eps(1e-6)));
  }
  torch::Tensor forward(torch::Tensor x) { return std::get<1>(norm(proj(x), x)); }
  torch::nn::Linear proj{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr};
};
TORCH_MODULE(PostNorm);

// Embeddings summed then normalized, built in the initializer list, the
// norm without affine parameters; the sum is a sub-expression.
struct EmbedNormImpl : torch::nn::Module {
  EmbedNormImpl()
      : tok(register_module("tok", torch::nn::Linear(8, 16))),
        pos(register_module("pos", torch::nn::Linear(8, 16))),
        ln(register_module("ln", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16}).elementwise_affine(false)))) {}
  torch::Tensor forward(torch::Tensor x) {
    auto h = 2.0 * std::get<1>(ln(tok(x), pos(x)));
    return h;
  }
  torch::nn::Linear tok, pos;
  adopter::nn::FusedAddLayerNorm ln;
};
TORCH_MODULE(EmbedNorm);

// Not rewritten: the LayerNorm is a function here, not a submodule.
struct FunctionalImpl : torch::nn::Module {
  FunctionalImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    bias = register_parameter("bias", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    namespace F = torch::nn::functional;
    return F::layer_norm(x + y, F::LayerNormFuncOptions({16}).weight(weight).bias(bias));
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(Functional);

// Not rewritten: the sum is a statement of its own and is read again.
struct PreNormImpl : torch::nn::Module {
  PreNormImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + fc(x);
    return x + ln(x);
  }
  torch::nn::Linear fc{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(PreNorm);

// Over two statements: the sum's statement goes and its declaration moves
// to the norm's.
struct SplitNormImpl : torch::nn::Module {
  SplitNormImpl() {
    ln = register_module("ln", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto y = x * 2;
    auto h = std::get<1>(ln(y, x));
    return h;
  }
  adopter::nn::FusedAddLayerNorm ln{nullptr};
};
TORCH_MODULE(SplitNorm);

// Not rewritten: the same LayerNorm also normalizes a plain tensor, which
// the retyped module would not do.
struct SharedNormImpl : torch::nn::Module {
  SharedNormImpl() {
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return ln(x + y) + ln(x);
  }
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(SharedNorm);
