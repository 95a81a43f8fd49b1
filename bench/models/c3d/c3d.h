// C3D for video clips (Tran et al. 2015) with BatchNorm3d after each
// convolution, on 8-frame 32x32 clips. Layer names follow the Caffe model
// (conv1, conv2, conv3a, conv3b, ..., fc6, fc7, fc8).
#pragma once

#include <torch/torch.h>

#include <cstdint>

class C3DImpl : public torch::nn::Module {
public:
  explicit C3DImpl(int64_t num_classes, double dropout = 0.5);
  torch::Tensor forward(torch::Tensor x);

private:
  torch::Tensor features(torch::Tensor x);

  torch::nn::Conv3d conv1, conv2, conv3a, conv3b, conv4a;
  torch::nn::BatchNorm3d bn1, bn2, bn3a, bn3b, bn4a;
  torch::nn::MaxPool3d pool1, pool2, pool3, pool4;
  torch::nn::Linear fc6, fc7, fc8;
  torch::nn::Dropout dropout;
};
TORCH_MODULE(C3D);
