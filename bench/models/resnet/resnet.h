// A small ResNet for 32x32 images (CIFAR-sized), written in the style of the
// many C++ ports of torchvision's resnet.py.
//
// Declarations only; see resnet.cpp for the definitions.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace nn = torch::nn;

// 3x3 convolution with padding 1 and no bias (BatchNorm follows).
nn::Conv2d conv3x3(int64_t in_planes, int64_t out_planes, int64_t stride = 1);

// 1x1 convolution + BatchNorm2d: the projection shortcut used when a block
// changes the number of channels or the spatial resolution. Returns the
// Sequential by value; the caller registers it.
nn::Sequential make_downsample(int64_t in_planes, int64_t out_planes,
                               int64_t stride);

// The basic residual block of ResNet-18/34:
//   relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
struct BasicBlockImpl : nn::Module {
  static constexpr int64_t expansion = 1;

  BasicBlockImpl(int64_t inplanes, int64_t planes, int64_t stride = 1,
                 nn::Sequential downsample = nullptr);

  torch::Tensor forward(torch::Tensor x);

  nn::Conv2d conv1{nullptr};
  nn::BatchNorm2d bn1{nullptr};
  nn::Conv2d conv2{nullptr};
  nn::BatchNorm2d bn2{nullptr};
  // Empty (nullptr) when the shortcut is the identity.
  nn::Sequential downsample{nullptr};
};
TORCH_MODULE(BasicBlock);

// ResNet with three stages (16, 32, 64 channels), an adaptive average pool
// and a Linear classifier.
class ResNetImpl : public nn::Module {
public:
  ResNetImpl(const std::vector<int64_t> &layers, int64_t num_classes = 10);

  torch::Tensor forward(torch::Tensor x);

private:
  // Builds one stage of `blocks` BasicBlocks; the first one may downsample.
  nn::Sequential _make_layer(int64_t planes, int64_t blocks,
                             int64_t stride = 1);

  int64_t inplanes = 16;

  // conv -> bn -> relu, as one Sequential.
  nn::Sequential stem{nullptr};
  nn::Sequential layer1{nullptr};
  nn::Sequential layer2{nullptr};
  nn::Sequential layer3{nullptr};
  nn::AdaptiveAvgPool2d avgpool{nullptr};
  nn::Linear fc{nullptr};
};
TORCH_MODULE(ResNet);
