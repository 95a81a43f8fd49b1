// Definitions for the DCGAN networks declared in dcgan.h.
#include "dcgan.h"

namespace dcgan {

using namespace torch;

DCGANGeneratorImpl::DCGANGeneratorImpl(const DCGANConfig &cfg)
    : conv1(nn::ConvTranspose2dOptions(cfg.latent_dim, cfg.gen_features * 4, 4)
                .bias(false)),
      conv2(nn::ConvTranspose2dOptions(cfg.gen_features * 4,
                                       cfg.gen_features * 2, 4)
                .stride(2)
                .padding(1)
                .bias(false)),
      conv3(nn::ConvTranspose2dOptions(cfg.gen_features * 2, cfg.gen_features,
                                       4)
                .stride(2)
                .padding(1)
                .bias(false)),
      conv4(nn::ConvTranspose2dOptions(cfg.gen_features, cfg.channels, 4)
                .stride(2)
                .padding(1)
                .bias(false)),
      batch_norm1(cfg.gen_features * 4),
      batch_norm2(cfg.gen_features * 2),
      batch_norm3(cfg.gen_features) {
  // Register in the same order as the Python tutorial.
  register_module("conv1", conv1);
  register_module("conv2", conv2);
  register_module("conv3", conv3);
  register_module("conv4", conv4);
  register_module("batch_norm1", batch_norm1);
  register_module("batch_norm2", batch_norm2);
  register_module("batch_norm3", batch_norm3);
}

torch::Tensor DCGANGeneratorImpl::forward(torch::Tensor x) {
  x = torch::relu(batch_norm1(conv1(x)));
  x = torch::relu(batch_norm2(conv2(x)));
  x = torch::relu(batch_norm3(conv3(x)));
  // The last layer has no BatchNorm: tanh output in [-1, 1].
  x = torch::tanh(conv4(x));
  return x;
}

nn::Sequential make_discriminator(const DCGANConfig &cfg) {
  const int64_t ndf = cfg.disc_features;
  return nn::Sequential(
      // Layer 1: no BatchNorm on the input layer (DCGAN paper), so this
      // conv -> LeakyReLU is not a conv-bn chain.
      nn::Conv2d(
          nn::Conv2dOptions(cfg.channels, ndf, 4).stride(2).padding(1).bias(false)),
      nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
      // Layer 2
      nn::Conv2d(
          nn::Conv2dOptions(ndf, ndf * 2, 4).stride(2).padding(1).bias(false)),
      nn::BatchNorm2d(ndf * 2),
      nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
      // Layer 3
      nn::Conv2d(
          nn::Conv2dOptions(ndf * 2, ndf * 4, 4).stride(2).padding(1).bias(false)),
      nn::BatchNorm2d(ndf * 4),
      nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)),
      // Layer 4: 4x4 -> 1x1 probability
      nn::Conv2d(nn::Conv2dOptions(ndf * 4, 1, 4).stride(1).padding(0).bias(false)),
      nn::Sigmoid());
}

void weights_init(nn::Module &module) {
  torch::NoGradGuard no_grad;
  if (auto *conv = module.as<nn::Conv2d>()) {
    nn::init::normal_(conv->weight, 0.0, 0.02);
  } else if (auto *deconv = module.as<nn::ConvTranspose2d>()) {
    nn::init::normal_(deconv->weight, 0.0, 0.02);
  } else if (auto *bn = module.as<nn::BatchNorm2d>()) {
    nn::init::normal_(bn->weight, 1.0, 0.02);
    nn::init::constant_(bn->bias, 0.0);
  }
}

} // namespace dcgan
