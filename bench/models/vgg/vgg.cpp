// Definitions for the VGG network declared in vgg.h.
#include "vgg.h"

namespace vgg {

const std::map<std::string, std::vector<int64_t>> &cfgs() {
  static const std::map<std::string, std::vector<int64_t>> table = {
      {"A", {16, kMaxPool, 32, kMaxPool, 64, 64, kMaxPool}},
      {"B", {16, 16, kMaxPool, 32, 32, kMaxPool, 64, 64, kMaxPool}},
  };
  return table;
}

nn::Sequential make_layers(const std::vector<int64_t> &cfg, bool batch_norm,
                           int64_t in_channels) {
  nn::Sequential layers;
  for (int64_t v : cfg) {
    if (v == kMaxPool) {
      layers->push_back(nn::MaxPool2d(nn::MaxPool2dOptions(2).stride(2)));
    } else {
      // Built once, pushed on either branch (as in torchvision).
      auto conv2d = nn::Conv2d(nn::Conv2dOptions(in_channels, v, 3).padding(1));
      if (batch_norm) {
        layers->push_back(conv2d);
        layers->push_back(nn::BatchNorm2d(v));
        layers->push_back(nn::ReLU(nn::ReLUOptions(/*inplace=*/true)));
      } else {
        // Look-alike: conv -> ReLU without BatchNorm is not a conv-bn chain.
        layers->push_back(conv2d);
        layers->push_back(nn::ReLU(nn::ReLUOptions(/*inplace=*/true)));
      }
      in_channels = v;
    }
  }
  return layers;
}

VGGImpl::VGGImpl(const VGGConfig &config)
    : features(make_layers(cfgs().at(config.cfg), config.batch_norm)),
      avgpool(nn::AdaptiveAvgPool2dOptions({2, 2})) {
  register_module("features", features);
  register_module("avgpool", avgpool);

  int64_t last_channels = 0;
  for (int64_t v : cfgs().at(config.cfg)) {
    if (v != kMaxPool) {
      last_channels = v;
    }
  }

  classifier = register_module(
      "classifier",
      nn::Sequential(nn::Linear(last_channels * 2 * 2, config.hidden),
                     nn::ReLU(true),
                     nn::Dropout(config.dropout),
                     nn::Linear(config.hidden, config.hidden),
                     nn::ReLU(true),
                     nn::Dropout(config.dropout),
                     nn::Linear(config.hidden, config.num_classes)));
  init_weights();
}

void VGGImpl::init_weights() {
  torch::NoGradGuard no_grad;
  for (auto &m : modules(/*include_self=*/false)) {
    if (auto *conv = m->as<nn::Conv2d>()) {
      nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut,
                                torch::kReLU);
      if (conv->bias.defined()) {
        nn::init::zeros_(conv->bias);
      }
    } else if (auto *bn = m->as<nn::BatchNorm2d>()) {
      nn::init::ones_(bn->weight);
      nn::init::zeros_(bn->bias);
    } else if (auto *fc = m->as<nn::Linear>()) {
      nn::init::normal_(fc->weight, 0.0, 0.01);
      nn::init::zeros_(fc->bias);
    }
  }
}

torch::Tensor VGGImpl::forward(torch::Tensor x) {
  x = features->forward(x);
  x = avgpool(x);
  x = torch::flatten(x, 1);
  x = classifier->forward(x);
  return x;
}

} // namespace vgg
