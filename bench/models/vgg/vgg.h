// VGG with optional BatchNorm, ported from torchvision's vgg.py and scaled
// down for 32x32 images.
//
// The feature extractor is one nn::Sequential built by make_layers() from a
// config list (channel counts, with kMaxPool marking a 2x2 max-pool), exactly
// like torchvision's `cfgs` dictionary.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vgg {

namespace nn = torch::nn;

// Stands for 'M' in torchvision's config lists.
constexpr int64_t kMaxPool = -1;

// Named layer configurations, smaller than the real "A"/"D" ones.
const std::map<std::string, std::vector<int64_t>> &cfgs();

// conv3x3 -> [BatchNorm2d] -> ReLU for every number in `cfg`, a 2x2
// max-pool for every kMaxPool.
nn::Sequential make_layers(const std::vector<int64_t> &cfg, bool batch_norm,
                           int64_t in_channels = 3);

struct VGGConfig {
  std::string cfg = "A";
  bool batch_norm = true;
  int64_t num_classes = 10;
  int64_t hidden = 128;
  double dropout = 0.5;
};

class VGGImpl : public nn::Module {
public:
  explicit VGGImpl(const VGGConfig &config);

  torch::Tensor forward(torch::Tensor x);

private:
  void init_weights();

  nn::Sequential features;
  nn::AdaptiveAvgPool2d avgpool;
  nn::Sequential classifier{nullptr};
};
TORCH_MODULE(VGG);

} // namespace vgg
