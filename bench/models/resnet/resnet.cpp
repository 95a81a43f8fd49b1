// Definitions for the small ResNet declared in resnet.h.
#include "resnet.h"

#include <utility>

// ---------------------------------------------------------------------------
// Helper functions
// ---------------------------------------------------------------------------

nn::Conv2d conv3x3(int64_t in_planes, int64_t out_planes, int64_t stride) {
  return nn::Conv2d(nn::Conv2dOptions(in_planes, out_planes, 3)
                        .stride(stride)
                        .padding(1)
                        .bias(false));
}

nn::Sequential make_downsample(int64_t in_planes, int64_t out_planes,
                               int64_t stride) {
  nn::Sequential downsample(
      nn::Conv2d(nn::Conv2dOptions(in_planes, out_planes, 1)
                     .stride(stride)
                     .bias(false)),
      nn::BatchNorm2d(out_planes));
  return downsample;
}

// ---------------------------------------------------------------------------
// BasicBlock
// ---------------------------------------------------------------------------

BasicBlockImpl::BasicBlockImpl(int64_t inplanes, int64_t planes, int64_t stride,
                               nn::Sequential downsample)
    : conv1(register_module("conv1", conv3x3(inplanes, planes, stride))),
      bn1(register_module("bn1", nn::BatchNorm2d(planes))),
      conv2(register_module("conv2", conv3x3(planes, planes))),
      bn2(register_module(
          "bn2", nn::BatchNorm2d(
                     nn::BatchNormOptions(planes).eps(1e-5).momentum(0.1)))) {
  // Only register the shortcut when there is one: registering an empty
  // holder would throw.
  if (!downsample.is_empty()) {
    this->downsample = register_module("downsample", std::move(downsample));
  }
}

torch::Tensor BasicBlockImpl::forward(torch::Tensor x) {
  torch::Tensor identity = x;

  auto out = conv1->forward(x);
  out = bn1->forward(out);
  out = torch::relu(out);

  out = conv2->forward(out);
  out = bn2->forward(out);

  if (!downsample.is_empty()) {
    identity = downsample->forward(x);
  }

  out += identity;
  out = torch::relu(out);
  return out;
}

// ---------------------------------------------------------------------------
// ResNet
// ---------------------------------------------------------------------------

ResNetImpl::ResNetImpl(const std::vector<int64_t> &layers,
                       int64_t num_classes) {
  TORCH_CHECK(layers.size() == 3, "this ResNet has exactly three stages");

  stem = register_module(
      "stem",
      nn::Sequential(nn::Conv2d(nn::Conv2dOptions(3, inplanes, 3)
                                    .stride(1)
                                    .padding(1)
                                    .bias(false)),
                     nn::BatchNorm2d(inplanes), nn::Functional(torch::relu)));

  layer1 = register_module("layer1", _make_layer(16, layers[0]));
  layer2 = register_module("layer2", _make_layer(32, layers[1], 2));
  layer3 = register_module("layer3", _make_layer(64, layers[2], 2));

  avgpool = register_module(
      "avgpool", nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({1, 1})));
  fc = register_module("fc",
                       nn::Linear(64 * BasicBlockImpl::expansion, num_classes));

  // Kaiming init for convolutions, unit/zero affine BatchNorm, as in
  // torchvision.
  for (auto &module : modules(/*include_self=*/false)) {
    if (auto *conv = module->as<nn::Conv2d>()) {
      nn::init::kaiming_normal_(conv->weight, /*a=*/0.0, torch::kFanOut,
                                torch::kReLU);
    } else if (auto *bn = module->as<nn::BatchNorm2d>()) {
      nn::init::constant_(bn->weight, 1.0);
      nn::init::constant_(bn->bias, 0.0);
    }
  }
}

nn::Sequential ResNetImpl::_make_layer(int64_t planes, int64_t blocks,
                                       int64_t stride) {
  nn::Sequential downsample{nullptr};
  if (stride != 1 || inplanes != planes * BasicBlockImpl::expansion) {
    downsample =
        make_downsample(inplanes, planes * BasicBlockImpl::expansion, stride);
  }

  nn::Sequential layers;
  layers->push_back(BasicBlock(inplanes, planes, stride, downsample));
  inplanes = planes * BasicBlockImpl::expansion;
  for (int64_t i = 1; i < blocks; ++i) {
    layers->push_back(BasicBlock(inplanes, planes));
  }
  return layers;
}

torch::Tensor ResNetImpl::forward(torch::Tensor x) {
  x = stem->forward(x);

  x = layer1->forward(x);
  x = layer2->forward(x);
  x = layer3->forward(x);

  x = avgpool->forward(x);
  x = torch::flatten(x, 1);
  x = fc->forward(x);
  return x;
}
