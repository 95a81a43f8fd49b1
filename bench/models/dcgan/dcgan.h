// DCGAN generator and discriminator, after the LibTorch C++ frontend
// tutorial (pytorch/examples/cpp/dcgan), for 1x32x32 images.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace dcgan {

struct DCGANConfig {
  int64_t latent_dim = 16;  // nz
  int64_t gen_features = 16;  // ngf
  int64_t disc_features = 16;  // ndf
  int64_t channels = 1;  // nc
};

// Four transposed convolutions: 1x1 -> 4x4 -> 8x8 -> 16x16 -> 32x32.
struct DCGANGeneratorImpl : torch::nn::Module {
  explicit DCGANGeneratorImpl(const DCGANConfig &cfg);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::ConvTranspose2d conv1, conv2, conv3, conv4;
  torch::nn::BatchNorm2d batch_norm1, batch_norm2, batch_norm3;
};
TORCH_MODULE(DCGANGenerator);

// The discriminator is a plain Sequential, built by a free function.
torch::nn::Sequential make_discriminator(const DCGANConfig &cfg);

// DCGAN weight init: N(0, 0.02) convolutions, N(1, 0.02) BatchNorm scales.
void weights_init(torch::nn::Module &module);

} // namespace dcgan
