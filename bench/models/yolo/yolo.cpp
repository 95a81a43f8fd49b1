// Definitions for the tiny YOLO detector declared in yolo.h.
#include "yolo.h"

namespace yolo {

namespace F = torch::nn::functional;
using torch::indexing::None;
using torch::indexing::Slice;

// ---------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------

ConvImpl::ConvImpl(int64_t c1, int64_t c2, int64_t k, int64_t s,
                   double negative_slope)
    : conv(register_module(
          "conv",
          nn::Conv2d(
              nn::Conv2dOptions(c1, c2, k).stride(s).padding(k / 2).bias(false)))),
      bn(register_module(
          "bn", nn::BatchNorm2d(nn::BatchNormOptions(c2).eps(1e-3).momentum(0.03)))),
      act(register_module("act", nn::LeakyReLU(nn::LeakyReLUOptions()
                                                   .negative_slope(negative_slope)
                                                   .inplace(true)))) {}

torch::Tensor ConvImpl::forward(torch::Tensor x) {
  if (fused) {
    return forward_fuse(x);
  }
  return act(bn(conv(x)));
}

torch::Tensor ConvImpl::forward_fuse(torch::Tensor x) {
  // No BatchNorm here (folded away): conv -> LeakyReLU is not conv-bn.
  return act(conv(x));
}

BottleneckImpl::BottleneckImpl(int64_t c1, int64_t c2, bool shortcut)
    : cv1(register_module("cv1", Conv(c1, c2, 1, 1))),
      cv2(register_module("cv2", Conv(c2, c2, 3, 1))),
      add(shortcut && c1 == c2) {}

torch::Tensor BottleneckImpl::forward(torch::Tensor x) {
  return add ? x + cv2(cv1(x)) : cv2(cv1(x));
}

BottleneckCSPImpl::BottleneckCSPImpl(int64_t c1, int64_t c2, int64_t n,
                                     bool shortcut) {
  const int64_t c_ = c2 / 2;
  cv1 = register_module("cv1", Conv(c1, c_, 1, 1));
  cv2 = register_module(
      "cv2", nn::Conv2d(nn::Conv2dOptions(c1, c_, 1).bias(false)));
  cv3 = register_module(
      "cv3", nn::Conv2d(nn::Conv2dOptions(c_, c_, 1).bias(false)));
  cv4 = register_module("cv4", Conv(2 * c_, c2, 1, 1));
  bn = register_module("bn", nn::BatchNorm2d(2 * c_));
  act = register_module(
      "act", nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.1)));
  m = nn::Sequential();
  for (int64_t i = 0; i < n; ++i) {
    m->push_back(Bottleneck(c_, c_, shortcut));
  }
  register_module("m", m);
}

torch::Tensor BottleneckCSPImpl::forward(torch::Tensor x) {
  auto y1 = cv3(m->forward(cv1(x)));
  auto y2 = cv2(x);
  // Look-alike: the BatchNorm follows the concatenation of two plain
  // convolutions, not a convolution directly, so this is not conv-bn.
  return cv4(act(bn(torch::cat({y1, y2}, 1))));
}

SPPFImpl::SPPFImpl(int64_t c1, int64_t c2, int64_t k) {
  const int64_t c_ = c1 / 2;
  cv1 = register_module("cv1", Conv(c1, c_, 1, 1));
  cv2 = register_module("cv2", Conv(c_ * 4, c2, 1, 1));
  m = register_module(
      "m", nn::MaxPool2d(nn::MaxPool2dOptions(k).stride(1).padding(k / 2)));
}

torch::Tensor SPPFImpl::forward(torch::Tensor x) {
  x = cv1(x);
  auto y1 = m(x);
  auto y2 = m(y1);
  return cv2(torch::cat({x, y1, y2, m(y2)}, 1));
}

DetectImpl::DetectImpl(int64_t nc, int64_t na, const std::vector<int64_t> &ch)
    : no(nc + 5), na(na) {
  for (int64_t c : ch) {
    // Detection convolutions have a bias and no BatchNorm: not conv-bn.
    m->push_back(nn::Conv2d(nn::Conv2dOptions(c, no * na, 1)));
  }
  register_module("m", m);
}

std::vector<torch::Tensor> DetectImpl::forward(std::vector<torch::Tensor> xs) {
  for (size_t i = 0; i < xs.size(); ++i) {
    xs[i] = m[i]->as<nn::Conv2d>()->forward(xs[i]);
    const int64_t bs = xs[i].size(0), ny = xs[i].size(2), nx = xs[i].size(3);
    // (bs, na*no, ny, nx) -> (bs, na, ny, nx, no)
    xs[i] = xs[i].view({bs, na, no, ny, nx}).permute({0, 1, 3, 4, 2}).contiguous();
  }
  return xs;
}

// ---------------------------------------------------------------------------
// The detector
// ---------------------------------------------------------------------------

TinyYoloImpl::TinyYoloImpl(const YoloConfig &cfg)
    : negative_slope(cfg.negative_slope) {
  const int64_t w = cfg.width;
  // Focus-style stem: space-to-depth in forward(), then conv + bn.
  stem_conv = register_module(
      "stem_conv",
      nn::Conv2d(nn::Conv2dOptions(12, w, 3).padding(1).bias(false)));
  stem_bn = register_module("stem_bn", nn::BatchNorm2d(w));

  down1 = register_module("down1", Conv(w, 2 * w, 3, 2, cfg.negative_slope));
  csp1 = register_module("csp1", BottleneckCSP(2 * w, 2 * w, cfg.depth));
  down2 = register_module("down2", Conv(2 * w, 4 * w, 3, 2));
  csp2 = register_module("csp2", BottleneckCSP(4 * w, 4 * w, cfg.depth));
  down3 = register_module("down3", Conv(4 * w, 8 * w, 3, 2));
  // Darknet-53 style residual stage.
  res3 = register_module(
      "res3", nn::Sequential(Bottleneck(8 * w, 8 * w), Bottleneck(8 * w, 8 * w)));
  sppf = register_module("sppf", SPPF(8 * w, 8 * w));

  lateral = register_module("lateral", Conv(8 * w, 4 * w, 1, 1));
  upsample = register_module(
      "upsample",
      nn::Upsample(nn::UpsampleOptions()
                       .scale_factor(std::vector<double>{2.0, 2.0})
                       .mode(torch::kNearest)));
  csp_up = register_module("csp_up", BottleneckCSP(8 * w, 4 * w, cfg.depth, false));

  detect = register_module(
      "detect", Detect(cfg.num_classes, cfg.num_anchors,
                       std::vector<int64_t>{4 * w, 4 * w}));
}

std::vector<torch::Tensor> TinyYoloImpl::forward(torch::Tensor x) {
  // Focus: (b, c, h, w) -> (b, 4c, h/2, w/2)
  x = torch::cat({x.index({"...", Slice(None, None, 2), Slice(None, None, 2)}),
                  x.index({"...", Slice(1, None, 2), Slice(None, None, 2)}),
                  x.index({"...", Slice(None, None, 2), Slice(1, None, 2)}),
                  x.index({"...", Slice(1, None, 2), Slice(1, None, 2)})},
                 1);
  x = stem_conv(x);
  x = stem_bn(x);
  x = F::leaky_relu(x, F::LeakyReLUFuncOptions().negative_slope(negative_slope));

  x = csp1(down1(x));
  auto p4 = csp2(down2(x));              // stride 8, kept for the neck
  auto p5 = sppf(res3->forward(down3(p4)));  // stride 16

  auto lat = lateral(p5);
  auto up = csp_up(torch::cat({upsample(lat), p4}, 1));
  return detect->forward({up, lat});
}

} // namespace yolo
