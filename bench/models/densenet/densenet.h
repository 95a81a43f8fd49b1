// DenseNet-BC for 32x32 images, after torchvision's densenet.py: dense
// layers in pre-activation order (BatchNorm -> ReLU -> Conv), feature maps
// concatenated along the channels, transition layers between blocks.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace densenet {

namespace nn = torch::nn;

struct DenseNetConfig {
  int64_t growth_rate = 8;
  std::vector<int64_t> block_config = {2, 2, 2};
  int64_t num_init_features = 16;
  int64_t bn_size = 2;
  double drop_rate = 0.0;
  int64_t num_classes = 10;
};

class DenseLayerImpl : public nn::Module {
public:
  DenseLayerImpl(int64_t num_input_features, int64_t growth_rate,
                 int64_t bn_size, double drop_rate);
  torch::Tensor forward(const std::vector<torch::Tensor> &inputs);

private:
  // Bottleneck: concat -> norm1 -> relu1 -> conv1.
  torch::Tensor bn_function(const std::vector<torch::Tensor> &inputs);

  nn::BatchNorm2d norm1{nullptr};
  nn::Conv2d conv1{nullptr};
  nn::BatchNorm2d norm2{nullptr};
  nn::Conv2d conv2{nullptr};
  double drop_rate;
};
TORCH_MODULE(DenseLayer);

class DenseBlockImpl : public nn::Module {
public:
  DenseBlockImpl(int64_t num_layers, int64_t num_input_features,
                 int64_t bn_size, int64_t growth_rate, double drop_rate);
  torch::Tensor forward(torch::Tensor init_features);

private:
  nn::ModuleList layers;
};
TORCH_MODULE(DenseBlock);

// norm -> relu -> 1x1 conv -> 2x2 average pool.
struct TransitionImpl : nn::Module {
  TransitionImpl(int64_t num_input_features, int64_t num_output_features);
  torch::Tensor forward(torch::Tensor x);

  nn::BatchNorm2d norm{nullptr};
  nn::Conv2d conv{nullptr};
  nn::AvgPool2d pool{nullptr};
};
TORCH_MODULE(Transition);

class DenseNetImpl : public nn::Module {
public:
  explicit DenseNetImpl(const DenseNetConfig &cfg);
  torch::Tensor forward(torch::Tensor x);

private:
  nn::Sequential stem{nullptr};
  nn::ModuleList blocks;
  nn::ModuleList transitions;
  nn::BatchNorm2d norm5{nullptr};
  nn::Linear classifier{nullptr};
};
TORCH_MODULE(DenseNet);

} // namespace densenet
