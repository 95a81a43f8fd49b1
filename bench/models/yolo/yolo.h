// A tiny YOLO-style detector: Darknet conv-bn-LeakyReLU blocks, residual
// bottlenecks, a CSP block, SPPF, an upsampling neck and a two-scale
// detection head. Module names follow ultralytics' common.py / yolo.py.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace yolo {

namespace nn = torch::nn;

struct YoloConfig {
  int64_t num_classes = 3;
  int64_t num_anchors = 3;
  int64_t width = 16;  // channels after the stem
  int64_t depth = 1;   // bottlenecks per CSP block
  double negative_slope = 0.1;
};

// Standard convolution: Conv2d(bias=false) -> BatchNorm2d -> LeakyReLU.
class ConvImpl : public nn::Module {
public:
  ConvImpl(int64_t c1, int64_t c2, int64_t k = 1, int64_t s = 1,
           double negative_slope = 0.1);
  torch::Tensor forward(torch::Tensor x);
  // Used after the BatchNorm has been folded into the convolution weights.
  torch::Tensor forward_fuse(torch::Tensor x);

  bool fused = false;

private:
  nn::Conv2d conv{nullptr};
  nn::BatchNorm2d bn{nullptr};
  nn::LeakyReLU act{nullptr};
};
TORCH_MODULE(Conv);

// x + cv2(cv1(x)) when the shapes allow a shortcut.
struct BottleneckImpl : nn::Module {
  BottleneckImpl(int64_t c1, int64_t c2, bool shortcut = true);
  torch::Tensor forward(torch::Tensor x);

  Conv cv1{nullptr}, cv2{nullptr};
  bool add;
};
TORCH_MODULE(Bottleneck);

// CSP bottleneck (https://github.com/WongKinYiu/CrossStagePartialNetworks).
struct BottleneckCSPImpl : nn::Module {
  BottleneckCSPImpl(int64_t c1, int64_t c2, int64_t n = 1,
                    bool shortcut = true);
  torch::Tensor forward(torch::Tensor x);

  Conv cv1{nullptr};
  nn::Conv2d cv2{nullptr}, cv3{nullptr};
  Conv cv4{nullptr};
  nn::BatchNorm2d bn{nullptr};
  nn::LeakyReLU act{nullptr};
  nn::Sequential m{nullptr};
};
TORCH_MODULE(BottleneckCSP);

// Spatial pyramid pooling, fast variant.
struct SPPFImpl : nn::Module {
  SPPFImpl(int64_t c1, int64_t c2, int64_t k = 5);
  torch::Tensor forward(torch::Tensor x);

  Conv cv1{nullptr}, cv2{nullptr};
  nn::MaxPool2d m{nullptr};
};
TORCH_MODULE(SPPF);

// Per-scale 1x1 convolutions to anchors * (5 + classes) outputs.
struct DetectImpl : nn::Module {
  DetectImpl(int64_t nc, int64_t na, const std::vector<int64_t> &ch);
  std::vector<torch::Tensor> forward(std::vector<torch::Tensor> xs);

  int64_t no, na;
  nn::ModuleList m;
};
TORCH_MODULE(Detect);

struct TinyYoloImpl : nn::Module {
  explicit TinyYoloImpl(const YoloConfig &cfg);
  std::vector<torch::Tensor> forward(torch::Tensor x);

  double negative_slope;
  nn::Conv2d stem_conv{nullptr};
  nn::BatchNorm2d stem_bn{nullptr};
  Conv down1{nullptr}, down2{nullptr}, down3{nullptr};
  BottleneckCSP csp1{nullptr}, csp2{nullptr};
  nn::Sequential res3{nullptr};
  SPPF sppf{nullptr};
  Conv lateral{nullptr};
  nn::Upsample upsample{nullptr};
  BottleneckCSP csp_up{nullptr};
  Detect detect{nullptr};
};
TORCH_MODULE(TinyYolo);

} // namespace yolo
