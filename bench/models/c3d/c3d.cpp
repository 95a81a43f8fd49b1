// Definitions for the C3D network declared in c3d.h.
#include "c3d.h"

using namespace torch::nn;

namespace {

Conv3dOptions conv3x3x3(int64_t in, int64_t out) {
  return Conv3dOptions(in, out, 3).padding(1).bias(false);
}

} // namespace

C3DImpl::C3DImpl(int64_t num_classes, double dropout_p)
    : conv1(register_module("conv1", Conv3d(conv3x3x3(3, 16)))),
      conv2(register_module("conv2", Conv3d(conv3x3x3(16, 32)))),
      conv3a(register_module("conv3a", Conv3d(conv3x3x3(32, 64)))),
      conv3b(register_module("conv3b", Conv3d(conv3x3x3(64, 64)))),
      conv4a(register_module("conv4a", Conv3d(conv3x3x3(64, 64)))),
      bn1(register_module("bn1", BatchNorm3d(16))),
      bn2(register_module("bn2", BatchNorm3d(32))),
      bn3a(register_module("bn3a", BatchNorm3d(64))),
      bn3b(register_module("bn3b", BatchNorm3d(64))),
      bn4a(register_module("bn4a", BatchNorm3d(BatchNormOptions(64).momentum(0.05)))),
      // pool1 keeps the temporal size, as in the paper.
      pool1(MaxPool3dOptions({1, 2, 2}).stride({1, 2, 2})),
      pool2(MaxPool3dOptions(2).stride(2)),
      pool3(MaxPool3dOptions(2).stride(2)),
      pool4(MaxPool3dOptions(2).stride(2)),
      fc6(register_module("fc6", Linear(64 * 1 * 2 * 2, 128))),
      fc7(register_module("fc7", Linear(128, 128))),
      fc8(register_module("fc8", Linear(128, num_classes))),
      dropout(register_module("dropout", Dropout(dropout_p))) {
  register_module("pool1", pool1);
  register_module("pool2", pool2);
  register_module("pool3", pool3);
  register_module("pool4", pool4);
}

torch::Tensor C3DImpl::features(torch::Tensor x) {
  x = conv1->forward(x);
  x = bn1->forward(x);
  x = torch::relu(x);
  x = pool1->forward(x);

  x = conv2->forward(x);
  x = bn2->forward(x).relu_();
  x = pool2->forward(x);

  x = torch::relu(bn3a(conv3a(x)));
  // Look-alike: ReLU before BatchNorm here (the "BN after the activation"
  // ordering), so bn3b does not directly follow conv3b: not conv-bn.
  x = conv3b(x);
  x = torch::relu(x);
  x = bn3b(x);
  x = pool3(x);

  x = torch::relu(bn4a(conv4a(x)));
  return pool4(x);
}

torch::Tensor C3DImpl::forward(torch::Tensor x) {
  x = features(x);
  x = x.view({x.size(0), -1});
  x = fc6(x).relu();
  x = dropout(x);
  x = torch::relu(fc7(x));
  x = dropout(x);
  return fc8(x);
}
