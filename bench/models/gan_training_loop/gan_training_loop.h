// An auxiliary-classifier GAN (AC-GAN) on flattened 8x8 "images" with MLP
// networks, header-only. The interesting part of this model is main.cpp:
// a training loop with several optimizers and helper loss functions.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <utility>

namespace acgan {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

struct GanOptions {
  int64_t latent_dim = 16;
  int64_t num_classes = 4;
  int64_t img_dim = 64;
  int64_t hidden = 64;
};

// z ++ label embedding -> MLP -> tanh image.
struct GeneratorImpl : nn::Module {
  explicit GeneratorImpl(const GanOptions &o)
      : label_emb(register_module("label_emb",
                                  nn::Embedding(o.num_classes, o.num_classes))) {
    model = register_module(
        "model",
        nn::Sequential(
            nn::Linear(o.latent_dim + o.num_classes, o.hidden),
            nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true)),
            nn::Linear(o.hidden, 2 * o.hidden),
            nn::BatchNorm1d(nn::BatchNormOptions(2 * o.hidden).eps(0.8)),
            nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true)),
            nn::Linear(2 * o.hidden, o.img_dim),
            nn::Tanh()));
  }

  torch::Tensor forward(const torch::Tensor &noise, const torch::Tensor &labels) {
    auto gen_input = torch::cat({label_emb(labels), noise}, -1);
    return model->forward(gen_input);
  }

  nn::Embedding label_emb;
  nn::Sequential model{nullptr};
};
TORCH_MODULE(Generator);

// Shared MLP trunk with two heads: real/fake logit and class logits.
struct DiscriminatorImpl : nn::Module {
  explicit DiscriminatorImpl(const GanOptions &o) {
    fc1 = register_module("fc1", nn::Linear(o.img_dim, 2 * o.hidden));
    fc2 = register_module("fc2", nn::Linear(2 * o.hidden, o.hidden));
    drop = register_module("drop", nn::Dropout(0.3));
    adv_head = register_module("adv_head", nn::Linear(o.hidden, 1));
    aux_head = register_module("aux_head", nn::Linear(o.hidden, o.num_classes));
  }

  torch::Tensor features(torch::Tensor img) {
    auto h = F::leaky_relu(fc1(img), F::LeakyReLUFuncOptions().negative_slope(0.2));
    h = drop(h);
    h = torch::leaky_relu(fc2(h), 0.2);
    return drop(h);
  }

  // Returns (validity logit, class logits). Look-alike: the two heads read
  // the same features, but two Linears are not fused-qkv.
  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor img) {
    auto h = features(img);
    return {adv_head(h), aux_head(h)};
  }

  nn::Linear fc1{nullptr}, fc2{nullptr}, adv_head{nullptr}, aux_head{nullptr};
  nn::Dropout drop{nullptr};
};
TORCH_MODULE(Discriminator);

} // namespace acgan
