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
