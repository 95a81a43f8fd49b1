// Definitions for the PointNet networks declared in pointnet.h.
#include "pointnet.h"

namespace pointnet {

namespace nn = torch::nn;
namespace F = torch::nn::functional;

STNkdImpl::STNkdImpl(int64_t k) : k(k) {
  conv1 = register_module("conv1", nn::Conv1d(k, 32, 1));
  conv2 = register_module("conv2", nn::Conv1d(32, 64, 1));
  conv3 = register_module("conv3", nn::Conv1d(64, kGlobalFeat, 1));
  fc1 = register_module("fc1", nn::Linear(kGlobalFeat, 64));
  fc2 = register_module("fc2", nn::Linear(64, 32));
  fc3 = register_module("fc3", nn::Linear(32, k * k));

  bn1 = register_module("bn1", nn::BatchNorm1d(32));
  bn2 = register_module("bn2", nn::BatchNorm1d(64));
  bn3 = register_module("bn3", nn::BatchNorm1d(kGlobalFeat));
  bn4 = register_module("bn4", nn::BatchNorm1d(64));
  bn5 = register_module("bn5", nn::BatchNorm1d(32));
}

torch::Tensor STNkdImpl::forward(torch::Tensor x) {
  const int64_t batchsize = x.size(0);
  x = F::relu(bn1(conv1(x)));
  x = F::relu(bn2(conv2(x)));
  x = F::relu(bn3(conv3(x)));
  x = std::get<0>(torch::max(x, 2, /*keepdim=*/true));
  x = x.view({-1, kGlobalFeat});

  x = F::relu(bn4(fc1(x)));
  x = F::relu(bn5(fc2(x)));
  x = fc3(x);

  auto iden = torch::eye(k, x.options()).view({1, k * k}).repeat({batchsize, 1});
  x = x + iden;
  return x.view({-1, k, k});
}

PointNetFeatImpl::PointNetFeatImpl(bool feature_transform)
    : feature_transform(feature_transform) {
  stn = register_module("stn", STNkd(3));
  conv1 = register_module("conv1", nn::Conv1d(nn::Conv1dOptions(3, 32, 1)));
  conv2 = register_module("conv2", nn::Conv1d(nn::Conv1dOptions(32, 64, 1)));
  conv3 = register_module("conv3",
                          nn::Conv1d(nn::Conv1dOptions(64, kGlobalFeat, 1)));
  bn1 = register_module("bn1", nn::BatchNorm1d(32));
  bn2 = register_module("bn2", nn::BatchNorm1d(64));
  bn3 = register_module("bn3", nn::BatchNorm1d(kGlobalFeat));
  if (feature_transform) {
    fstn = register_module("fstn", STNkd(32));
  }
}

std::tuple<torch::Tensor, torch::Tensor>
PointNetFeatImpl::forward(torch::Tensor x) {
  auto trans = stn(x);
  x = x.transpose(2, 1);
  x = torch::bmm(x, trans);
  x = x.transpose(2, 1);
  x = bn1(conv1(x)).relu();

  torch::Tensor trans_feat;
  if (feature_transform) {
    trans_feat = fstn(x);
    x = x.transpose(2, 1);
    x = torch::bmm(x, trans_feat);
    x = x.transpose(2, 1);
  }

  x = bn2(conv2(x)).relu();
  // conv3 -> bn3 without an activation, then the symmetric max pooling.
  x = bn3(conv3(x));
  x = std::get<0>(x.max(2, /*keepdim=*/true));
  x = x.view({-1, kGlobalFeat});
  return std::make_tuple(x, trans_feat);
}

PointNetClsImpl::PointNetClsImpl(int64_t k, bool feature_transform)
    : feat(register_module("feat", PointNetFeat(feature_transform))),
      fc1(register_module("fc1", nn::Linear(kGlobalFeat, 64))),
      fc2(register_module("fc2", nn::Linear(64, 32))),
      fc3(register_module("fc3", nn::Linear(32, k))),
      dropout(register_module("dropout", nn::Dropout(0.3))),
      bn1(register_module("bn1", nn::BatchNorm1d(64))),
      bn2(register_module("bn2", nn::BatchNorm1d(32))) {}

std::tuple<torch::Tensor, torch::Tensor>
PointNetClsImpl::forward(torch::Tensor x) {
  torch::Tensor trans_feat;
  std::tie(x, trans_feat) = feat(x);
  x = torch::relu(bn1(fc1(x)));
  // Look-alike (as in the original code): dropout sits between fc2 and
  // bn2, so the BatchNorm does not directly follow the Linear.
  x = torch::relu(bn2(dropout(fc2(x))));
  x = fc3(x);
  return {torch::log_softmax(x, /*dim=*/1), trans_feat};
}

torch::Tensor feature_transform_regularizer(const torch::Tensor &trans) {
  const int64_t d = trans.size(1);
  auto I = torch::eye(d, trans.options()).unsqueeze(0);
  // bmm(A, A^T) with no softmax: not attention.
  auto diff = torch::bmm(trans, trans.transpose(2, 1)) - I;
  return torch::mean(torch::norm(diff, 2, {1, 2}));
}

} // namespace pointnet
