// attention (`rewrite: function`): scaled dot-product attention written
// out becomes adopter::ops::attention(q, k^T, v, mask, scale, mode, kind
// [, fill]), with the scale mode and mask kind the chain spells.
#include <torch/torch.h>

#include <cmath>

// The Annotated Transformer's attention over four statements: divide by
// sqrt(d), masked_fill, softmax, matmul.
struct CausalImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto att = q.matmul(k.transpose(-2, -1)) / std::sqrt(double(head_dim));
    att = att.masked_fill(mask == 0, -1e9);
    att = torch::softmax(att, -1);
    return att.matmul(v);
  }
  int64_t head_dim = 8;
};
TORCH_MODULE(Causal);

// LLaMA's: the query scaled first, an additive mask, bmm-free.
struct ScaledQueryImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto scores = torch::matmul(q * 0.25, k.transpose(-1, -2)) + mask;
    return torch::matmul(torch::softmax(scores, -1), v);
  }
};
TORCH_MODULE(ScaledQuery);

// No scale and no mask, in one expression.
struct PlainImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::bmm(torch::softmax(torch::bmm(q, k.transpose(1, 2)), -1), v);
  }
};
TORCH_MODULE(Plain);

// Not rewritten: dropout on the weights (the fused kernel would not draw
// torch's random numbers).
struct DropoutImpl : torch::nn::Module {
  DropoutImpl() { drop = register_module("drop", torch::nn::Dropout(0.1)); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(torch::matmul(q, k.transpose(-1, -2)) * 0.5, -1);
    return torch::matmul(drop(w), v);
  }
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(Dropout);
