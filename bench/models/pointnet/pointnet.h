// PointNet classification network (Qi et al. 2017), a port of
// fxia22/pointnet.pytorch (STNkd, PointNetfeat, PointNetCls) with smaller
// widths. Point clouds are (batch, 3, num_points).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <tuple>

namespace pointnet {

// Spatial transformer: predicts a k x k transform from the points.
struct STNkdImpl : torch::nn::Module {
  explicit STNkdImpl(int64_t k = 64);
  torch::Tensor forward(torch::Tensor x);

  int64_t k;
  torch::nn::Conv1d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr}, bn3{nullptr},
      bn4{nullptr}, bn5{nullptr};
};
TORCH_MODULE(STNkd);

// Shared per-point MLP + max pooling to a global feature.
// Returns (global feature, feature transform or undefined).
struct PointNetFeatImpl : torch::nn::Module {
  explicit PointNetFeatImpl(bool feature_transform = false);
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x);

  bool feature_transform;
  STNkd stn{nullptr};
  STNkd fstn{nullptr};
  torch::nn::Conv1d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
};
TORCH_MODULE(PointNetFeat);

// Returns (log-probabilities, feature transform).
struct PointNetClsImpl : torch::nn::Module {
  PointNetClsImpl(int64_t k = 2, bool feature_transform = false);
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x);

  PointNetFeat feat{nullptr};
  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr}, bn2{nullptr};
};
TORCH_MODULE(PointNetCls);

// ||I - A A^T||, keeps the feature transform close to orthogonal.
torch::Tensor feature_transform_regularizer(const torch::Tensor &trans);

// Global feature width (1024 in the paper).
constexpr int64_t kGlobalFeat = 128;

} // namespace pointnet
