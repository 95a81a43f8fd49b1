// mha-module: torch::nn::MultiheadAttention calls whose attention weights
// are not read. Inputs are [L, N, E] (LibTorch 1.13's layout).
#include <adopter/kernels/FusedMultiheadAttention.h>
#include <torch/torch.h>

#include <tuple>

// std::get<0> of the call: need_weights (default true) becomes false.
struct SelfAttnImpl : torch::nn::Module {
  SelfAttnImpl() { attn = register_module("attn", adopter::nn::FusedMultiheadAttention(16, 4)); }
  torch::Tensor forward(torch::Tensor x) { return x + std::get<0>(attn->forward(x, x, x, {}, /*need_weights=*/false)); }
  adopter::nn::FusedMultiheadAttention attn{nullptr};
};
TORCH_MODULE(SelfAttn);

// A key padding mask, and keys and values of other widths (kdim, vdim).
struct CrossImpl : torch::nn::Module {
  CrossImpl() {
    attn = register_module(
        "attn", adopter::nn::FusedMultiheadAttention(torch::nn::MultiheadAttentionOptions(16, 2).kdim(8).vdim(8)));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto mem = x.narrow(2, 0, 8);
    auto pad = torch::arange(x.size(0)).ge(x.size(0) - 1).unsqueeze(0).expand({x.size(1), x.size(0)});
    return std::get<0>(attn->forward(x, mem, mem, pad, /*need_weights=*/false));
  }
  adopter::nn::FusedMultiheadAttention attn{nullptr};
};
TORCH_MODULE(Cross);

// need_weights = false already, with a causal attention mask: the member
// is retyped and the call stays as written.
struct CausalImpl : torch::nn::Module {
  CausalImpl() { attn = register_module("attn", adopter::nn::FusedMultiheadAttention(16, 4)); }
  torch::Tensor forward(torch::Tensor x) {
    auto causal = torch::full({x.size(0), x.size(0)}, -1e9).triu(1);
    auto out = attn->forward(x, x, x, /*key_padding_mask=*/{}, /*need_weights=*/false, causal);
    return std::get<0>(out);
  }
  adopter::nn::FusedMultiheadAttention attn{nullptr};
};
TORCH_MODULE(Causal);

// Two attentions declared together; the weights of one are read, so that
// one stays a torch::nn::MultiheadAttention.
struct PairImpl : torch::nn::Module {
  PairImpl() {
    first = register_module("first", adopter::nn::FusedMultiheadAttention(16, 4));
    second = register_module("second", torch::nn::MultiheadAttention(16, 4));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = x + std::get<0>(first->forward(x, x, x, {}, /*need_weights=*/false));
    auto [out, weights] = second(x, x, x);
    return out + weights.mean();
  }
  adopter::nn::FusedMultiheadAttention first{nullptr};
  torch::nn::MultiheadAttention second{nullptr};
};
TORCH_MODULE(Pair);
