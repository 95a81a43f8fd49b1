// linear-bn over the elements of a torch::nn::Sequential: the Sequential is
// passed to adopter::nn::fuse_linear_bn where it is built, which runs each
// Linear -> BatchNorm1d (-> activation module) run as one linear_bn element
// and keeps the children (so the checkpoint keys). Literals are wrapped,
// push_back chains get a statement after the function's last push_back.
#include <adopter/kernels/ConvBNElement.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/LinearBNElement.h>
#include <torch/torch.h>

namespace nn = torch::nn;

// A factory's push_back chain, the run under one condition (fastai's
// tabular block): the statement goes after the function's last push_back.
nn::Sequential lin_bn_drop(int64_t n_in, int64_t n_out, double p,
                           bool bn_first) {
  nn::Sequential block;
  if (bn_first) {
    block->push_back(nn::Linear(nn::LinearOptions(n_in, n_out).bias(false)));
    block->push_back(nn::BatchNorm1d(n_out));
    block->push_back(nn::ReLU(true));
  } else {
    block->push_back(adopter::nn::FusedLinearReLU(n_in, n_out));
    block->push_back(torch::nn::Identity());
  }
  if (p > 0) {
    block->push_back(nn::Dropout(p));
  }
  adopter::nn::fuse_linear_bn(*block);
  return block;
}

struct HeadImpl : nn::Module {
  HeadImpl(int64_t in, int64_t hidden, int64_t out)
      : proj(register_module(
            "proj", adopter::nn::fuse_linear_bn(nn::Sequential(nn::Linear(in, hidden),
                                   nn::BatchNorm1d(hidden), nn::ReLU(),
                                   nn::Linear(hidden, out))))) {
    // A member appended in the constructor; LeakyReLU's slope travels.
    mlp->push_back(nn::Linear(out, out));
    mlp->push_back(nn::BatchNorm1d(nn::BatchNormOptions(out).eps(0.8)));
    mlp->push_back(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2)));
    adopter::nn::fuse_linear_bn(*mlp);
    register_module("mlp", mlp);
    block = register_module("block", lin_bn_drop(out, out, 0.1, true));
  }
  torch::Tensor forward(torch::Tensor x) {
    return block->forward(mlp->forward(proj->forward(x)));
  }
  nn::Sequential proj{nullptr}, mlp, block{nullptr};
};
TORCH_MODULE(Head);

// Both kinds of runs in one Sequential: the literal gets both calls.
struct ConvHeadImpl : nn::Module {
  ConvHeadImpl() {
    net = register_module(
        "net", adopter::nn::fuse_conv_bn(adopter::nn::fuse_linear_bn(nn::Sequential(nn::Conv1d(nn::Conv1dOptions(3, 4, 3)),
                              nn::BatchNorm1d(4), nn::ReLU(), nn::Flatten(),
                              nn::Linear(8, 6), nn::BatchNorm1d(6)))));
  }
  torch::Tensor forward(torch::Tensor x) { return net->forward(x); }
  nn::Sequential net{nullptr};
};
TORCH_MODULE(ConvHead);

// Not rewritten: the BatchNorm1d is applied to the Sequential's result (the
// chain crosses the Sequential's boundary).
struct OutsideImpl : nn::Module {
  OutsideImpl() {
    seq = register_module(
        "seq", nn::Sequential(nn::Dropout(0.1), nn::Linear(4, 4)));
    bn = register_module("bn", nn::BatchNorm1d(4));
  }
  torch::Tensor forward(torch::Tensor x) { return bn(seq->forward(x)); }
  nn::Sequential seq{nullptr};
  nn::BatchNorm1d bn{nullptr};
};
TORCH_MODULE(Outside);

// No chain: a Dropout stands between the Linear and the BatchNorm1d, and a
// BatchNorm1d of other features than the Linear's outputs.
struct NoChainImpl : nn::Module {
  NoChainImpl() {
    a = register_module("a", nn::Sequential(nn::Linear(4, 4), nn::Dropout(0.5),
                                            nn::BatchNorm1d(4)));
  }
  torch::Tensor forward(torch::Tensor x) { return a->forward(x); }
  nn::Sequential a{nullptr};
};
TORCH_MODULE(NoChain);
