// conv-bn over the elements of a torch::nn::Sequential: the Sequential is
// passed to adopter::nn::fuse_conv_bn where it is built, which runs each
// conv -> bn (-> activation module) run as one conv_bn element and keeps
// the children (so the checkpoint keys). Literals are wrapped, push_back
// chains get a statement after the function's last push_back.
#include <torch/torch.h>

namespace nn = torch::nn;

// Appended in the constructor of a Sequential subclass, partly under a
// condition (MobileNet's inverted residual): one statement, `*this`.
struct ConvBlockImpl : nn::SequentialImpl {
  ConvBlockImpl(int64_t in, int64_t out, bool expand) {
    const int64_t mid = expand ? out * 2 : in;
    if (expand) {
      push_back(nn::Conv2d(nn::Conv2dOptions(in, mid, 1).bias(false)));
      push_back(nn::BatchNorm2d(mid));
      push_back(nn::ReLU6(nn::ReLU6Options().inplace(true)));
    }
    push_back(nn::Conv2d(nn::Conv2dOptions(mid, out, 3).padding(1).bias(false)));
    push_back(nn::BatchNorm2d(out));
  }
  torch::Tensor forward(torch::Tensor x) {
    return nn::SequentialImpl::forward(x);
  }
};
TORCH_MODULE(ConvBlock);

// A factory's local built by direct initialization (ResNet's downsample).
nn::Sequential downsample(int64_t in, int64_t out) {
  nn::Sequential down(
      nn::Conv2d(nn::Conv2dOptions(in, out, 1).stride(2).bias(false)),
      nn::BatchNorm2d(out));
  return down;
}

struct NetImpl : nn::Module {
  NetImpl()
      : stem(register_module(
            "stem", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(3, 8, 3).padding(1)),
                                   nn::BatchNorm2d(8), nn::SiLU()))) {
    body->push_back(nn::Conv2d(nn::Conv2dOptions(8, 8, 3).padding(1)));
    body->push_back(nn::BatchNorm2d(8));
    // A Functional cannot be told from others at run time: it stays an
    // element of its own after the fused conv and bn.
    body->push_back(nn::Functional(torch::relu));
    register_module("body", body);
    block = register_module("block", ConvBlock(8, 8, true));
    down = register_module("down", downsample(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = body->forward(stem->forward(x));
    return down->forward(block(x));
  }
  nn::Sequential stem{nullptr}, body, down{nullptr};
  ConvBlock block{nullptr};
};
TORCH_MODULE(Net);

// Not rewritten: the chain ends outside the Sequential (its relu is applied
// to the Sequential's result).
struct OutsideImpl : nn::Module {
  OutsideImpl() {
    seq = register_module(
        "seq", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(3, 4, 1)),
                              nn::BatchNorm2d(4)));
  }
  torch::Tensor forward(torch::Tensor x) {
    return torch::relu(seq->forward(x));
  }
  nn::Sequential seq{nullptr};
};
TORCH_MODULE(Outside);

// Built in a loop, the convolution held in a local before it is pushed on
// either branch (VGG's make_layers): the statement goes after the loop, and
// fuse_conv_bn fuses what it finds.
nn::Sequential make_features(const std::vector<int64_t> &cfg, bool batch_norm) {
  nn::Sequential layers;
  int64_t in = 3;
  for (int64_t v : cfg) {
    auto conv = nn::Conv2d(nn::Conv2dOptions(in, v, 3).padding(1));
    if (batch_norm) {
      layers->push_back(conv);
      layers->push_back(nn::BatchNorm2d(v));
      layers->push_back(nn::ReLU(nn::ReLUOptions(true)));
    } else {
      layers->push_back(conv);
      layers->push_back(nn::ReLU(nn::ReLUOptions(true)));
    }
    in = v;
  }
  return layers;
}

struct FeaturesImpl : nn::Module {
  explicit FeaturesImpl(bool batch_norm)
      : layers(register_module("layers", make_features({4, 8}, batch_norm))) {}
  torch::Tensor forward(torch::Tensor x) { return layers->forward(x); }
  nn::Sequential layers{nullptr};
};
TORCH_MODULE(Features);

// Not rewritten: the BatchNorm is appended under a condition the
// convolution is not under (the graph would not see which runs fuse).
struct MixedImpl : nn::Module {
  MixedImpl(const std::vector<int64_t> &cfg, bool batch_norm) {
    for (int64_t v : cfg) {
      layers->push_back(nn::Conv2d(nn::Conv2dOptions(v, v, 1)));
      if (batch_norm)
        layers->push_back(nn::BatchNorm2d(v));
      layers->push_back(nn::ReLU());
    }
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor x) { return layers->forward(x); }
  nn::Sequential layers;
};
TORCH_MODULE(Mixed);

// Named elements (DenseNet's features, torchvision's OrderedDict): the
// literal is wrapped; the names, so the keys ("conv0.weight"), stay.
struct NamedImpl : nn::Module {
  NamedImpl() {
    features = register_module(
        "features",
        nn::Sequential({{"conv0", nn::Conv2d(nn::Conv2dOptions(3, 6, 3).bias(false))},
                        {"norm0", nn::BatchNorm2d(6)},
                        {"relu0", nn::ReLU(nn::ReLUOptions(true))},
                        {"pool0", nn::MaxPool2d(nn::MaxPool2dOptions(2))}}));
  }
  torch::Tensor forward(torch::Tensor x) { return features->forward(x); }
  nn::Sequential features{nullptr};
};
TORCH_MODULE(Named);

// A clone keeps the keys and the fusion: no reason to leave a site.
torch::nn::Sequential copy_of(const torch::nn::Sequential &s) {
  return torch::nn::Sequential(
      std::dynamic_pointer_cast<torch::nn::SequentialImpl>(s->clone()));
}
