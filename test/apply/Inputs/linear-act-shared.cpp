// Input of linear-act-shared.test: a Linear followed by an activation whose
// Linear is also called elsewhere. Retyping it would change the other
// calls, so the chain becomes the function over the Linear as it is.
#include <torch/torch.h>

// The same Linear applied to two inputs, the second without the ReLU.
struct SharedImpl : torch::nn::Module {
  SharedImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return torch::relu(fc(x)) + fc(y);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Shared);

// A ModuleList of Linears: GELU after all but the last, whose sigmoid
// follows the same list's element (the autoencoder's decoder).
struct DecoderImpl : torch::nn::Module {
  DecoderImpl() {
    for (int64_t i = 0; i < 3; ++i)
      layers->push_back(torch::nn::Linear(8, 8));
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor z) {
    const size_t n = layers->size();
    for (size_t i = 0; i + 1 < n; ++i)
      z = torch::gelu(layers[i]->as<torch::nn::Linear>()->forward(z));
    return torch::sigmoid(layers[n - 1]->as<torch::nn::Linear>()->forward(z));
  }
  torch::nn::ModuleList layers;
};
TORCH_MODULE(Decoder);

// Across a function boundary: the SiLU chain is in a helper the forward
// calls, and the forward calls the Linear itself too.
struct GatedImpl : torch::nn::Module {
  GatedImpl() { proj = register_module("proj", torch::nn::Linear(8, 8)); }
  torch::Tensor gate(const torch::Tensor &x) {
    return torch::silu(proj->forward(x));
  }
  torch::Tensor forward(torch::Tensor x) { return gate(x) + proj(x); }
  torch::nn::Linear proj{nullptr};
};
TORCH_MODULE(Gated);

// The tanh approximation is not an argument the function form takes: not
// rewritten, and the file keeps it.
struct TanhImpl : torch::nn::Module {
  TanhImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return torch::gelu(fc(x), "tanh") + fc(y);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Tanh);

// add-layernorm's chain is in a helper and forward calls the LayerNorm
// itself too: retyping it would change that call, so the function takes
// the LayerNorm as it is (the rule's `otherwise:`, keeps-module).
struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    norm = register_module("norm", torch::nn::LayerNorm(
                                       torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor residual(const torch::Tensor &x, const torch::Tensor &y) {
    return norm(x + y);
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return residual(x, y) + norm(y);
  }
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(PostNorm);

// A rule with no form that takes the module as it is (mha-module): the
// MultiheadAttention is also called where its attention weights are read,
// so it is not retyped and the site is reported.
struct SharedAttnImpl : torch::nn::Module {
  SharedAttnImpl()
      : mha(register_module("mha", torch::nn::MultiheadAttention(16, 2))) {}
  torch::Tensor forward(torch::Tensor x) {
    auto out = std::get<0>(mha(x, x, x));
    auto weights = std::get<1>(mha(out, out, out));
    return out + weights.sum();
  }
  torch::nn::MultiheadAttention mha{nullptr};
};
TORCH_MODULE(SharedAttn);

// Linears apply does not retype: a function's parameter, the elements of a
// std::vector member, a member of a member. The function form takes each
// as it is.
torch::Tensor projectRelu(torch::nn::Linear &fc, const torch::Tensor &x) {
  return torch::relu(fc(x));
}

struct ListedImpl : torch::nn::Module {
  ListedImpl() {
    for (int i = 0; i < 3; ++i)
      fcs.push_back(register_module("fc" + std::to_string(i),
                                    torch::nn::Linear(8, 8)));
    head = register_module("head", torch::nn::Linear(8, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    for (auto &fc : fcs)
      x = torch::relu(fc->forward(x));
    return projectRelu(head, x);
  }
  std::vector<torch::nn::Linear> fcs;
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Listed);

struct WrapperImpl : torch::nn::Module {
  WrapperImpl() { inner = register_module("inner", Listed()); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::silu(inner->fcs[1](x)) + inner(x);
  }
  Listed inner{nullptr};
};
TORCH_MODULE(Wrapper);
