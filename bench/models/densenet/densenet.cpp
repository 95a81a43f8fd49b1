// Definitions for the DenseNet declared in densenet.h.
#include "densenet.h"

namespace densenet {

namespace F = torch::nn::functional;

DenseLayerImpl::DenseLayerImpl(int64_t num_input_features, int64_t growth_rate,
                               int64_t bn_size, double drop_rate)
    : drop_rate(drop_rate) {
  norm1 = register_module("norm1", nn::BatchNorm2d(num_input_features));
  conv1 = register_module(
      "conv1", nn::Conv2d(nn::Conv2dOptions(num_input_features,
                                            bn_size * growth_rate, 1)
                              .stride(1)
                              .bias(false)));
  norm2 = register_module("norm2", nn::BatchNorm2d(bn_size * growth_rate));
  conv2 = register_module(
      "conv2",
      nn::Conv2d(nn::Conv2dOptions(bn_size * growth_rate, growth_rate, 3)
                     .stride(1)
                     .padding(1)
                     .bias(false)));
}

torch::Tensor
DenseLayerImpl::bn_function(const std::vector<torch::Tensor> &inputs) {
  auto concated_features = torch::cat(inputs, 1);
  // Pre-activation: BatchNorm before the convolution is not conv-bn.
  return conv1(torch::relu(norm1(concated_features)));
}

torch::Tensor DenseLayerImpl::forward(const std::vector<torch::Tensor> &inputs) {
  // conv1 (the last op of bn_function) feeds norm2 directly: a conv-bn
  // chain that starts in the callee.
  auto bottleneck_output = bn_function(inputs);
  auto new_features = conv2(torch::relu(norm2(bottleneck_output)));
  if (drop_rate > 0) {
    new_features = F::dropout(new_features, F::DropoutFuncOptions()
                                                .p(drop_rate)
                                                .training(is_training()));
  }
  return new_features;
}

DenseBlockImpl::DenseBlockImpl(int64_t num_layers, int64_t num_input_features,
                               int64_t bn_size, int64_t growth_rate,
                               double drop_rate) {
  for (int64_t i = 0; i < num_layers; ++i) {
    layers->push_back(DenseLayer(num_input_features + i * growth_rate,
                                 growth_rate, bn_size, drop_rate));
  }
  register_module("layers", layers);
}

torch::Tensor DenseBlockImpl::forward(torch::Tensor init_features) {
  std::vector<torch::Tensor> features = {init_features};
  for (const auto &layer : *layers) {
    auto new_features = layer->as<DenseLayer>()->forward(features);
    features.push_back(new_features);
  }
  return torch::cat(features, 1);
}

TransitionImpl::TransitionImpl(int64_t num_input_features,
                               int64_t num_output_features)
    : norm(register_module("norm", nn::BatchNorm2d(num_input_features))),
      conv(register_module(
          "conv", nn::Conv2d(nn::Conv2dOptions(num_input_features,
                                               num_output_features, 1)
                                 .bias(false)))),
      pool(register_module("pool",
                           nn::AvgPool2d(nn::AvgPool2dOptions(2).stride(2)))) {}

torch::Tensor TransitionImpl::forward(torch::Tensor x) {
  // norm -> relu -> conv -> pool: the convolution is followed by pooling,
  // not by a BatchNorm.
  return pool(conv(torch::relu(norm(x))));
}

DenseNetImpl::DenseNetImpl(const DenseNetConfig &cfg) {
  // First convolution, as a named Sequential (torchvision's OrderedDict).
  stem = register_module(
      "features",
      nn::Sequential(
          {{"conv0", nn::Conv2d(nn::Conv2dOptions(3, cfg.num_init_features, 3)
                                    .stride(1)
                                    .padding(1)
                                    .bias(false))},
           {"norm0", nn::BatchNorm2d(cfg.num_init_features)},
           {"relu0", nn::ReLU(nn::ReLUOptions(true))},
           {"pool0", nn::MaxPool2d(
                         nn::MaxPool2dOptions(3).stride(2).padding(1))}}));

  int64_t num_features = cfg.num_init_features;
  for (size_t i = 0; i < cfg.block_config.size(); ++i) {
    const int64_t num_layers = cfg.block_config[i];
    blocks->push_back(DenseBlock(num_layers, num_features, cfg.bn_size,
                                 cfg.growth_rate, cfg.drop_rate));
    num_features += num_layers * cfg.growth_rate;
    if (i + 1 != cfg.block_config.size()) {
      transitions->push_back(Transition(num_features, num_features / 2));
      num_features /= 2;
    }
  }
  register_module("blocks", blocks);
  register_module("transitions", transitions);

  // Final batch norm: it follows the concatenation of the last block.
  norm5 = register_module("norm5", nn::BatchNorm2d(num_features));
  classifier = register_module("classifier", nn::Linear(num_features, cfg.num_classes));

  for (auto &m : modules(false)) {
    if (auto *c = m->as<nn::Conv2d>()) {
      nn::init::kaiming_normal_(c->weight);
    } else if (auto *l = m->as<nn::Linear>()) {
      nn::init::constant_(l->bias, 0);
    }
  }
}

torch::Tensor DenseNetImpl::forward(torch::Tensor x) {
  auto features = stem->forward(x);
  for (size_t i = 0; i < blocks->size(); ++i) {
    features = blocks[i]->as<DenseBlock>()->forward(features);
    if (i < transitions->size()) {
      features = transitions[i]->as<Transition>()->forward(features);
    }
  }
  auto out = F::relu(norm5(features), F::ReLUFuncOptions().inplace(true));
  out = F::adaptive_avg_pool2d(out, F::AdaptiveAvgPool2dFuncOptions({1, 1}));
  out = torch::flatten(out, 1);
  return classifier(out);
}

} // namespace densenet
