// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// RUN: %adopter check --packs adopter --explain %s -- %torch_flags | FileCheck --match-full-lines --check-prefix=EXPLAIN %s
// COUNT: 8
//
// Convolution -> BatchNorm [-> activation] in the spellings real code uses:
// Conv1d/2d/3d and ConvTranspose with options objects, BatchNorm1d/2d/3d,
// forward() called explicitly, and the optional activation as a module
// (SiLU, ReLU6 with inplace), free function, in-place method, or functional
// call with options (LeakyReLU, Hardtanh(0, 6)); a chain on one branch of an
// if/else whose other branch returns the convolution output.
// --explain: the activation is part of the one conv-bn candidate (3 ops).
#include <torch/torch.h>

namespace F = torch::nn::functional;

struct NetImpl : torch::nn::Module {
  NetImpl() {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 16, 3).padding(1).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(16));
    conv2 = register_module("conv2", torch::nn::Conv2d(16, 16, 3));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(16).eps(1e-3).momentum(0.03)));
    conv3 = register_module("conv3", torch::nn::Conv2d(16, 16, 1));
    bn3 = register_module("bn3", torch::nn::BatchNorm2d(16));
    conv4 = register_module("conv4", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 16, 3).groups(16)));
    bn4 = register_module("bn4", torch::nn::BatchNorm2d(16));
    conv5 = register_module("conv5", torch::nn::Conv2d(16, 16, 1));
    bn5 = register_module("bn5", torch::nn::BatchNorm2d(16));
    conv6 = register_module("conv6", torch::nn::Conv1d(16, 16, 1));
    bn6 = register_module("bn6", torch::nn::BatchNorm1d(16));
    deconv = register_module("deconv", torch::nn::ConvTranspose3d(torch::nn::ConvTranspose3dOptions(16, 8, 2).stride(2)));
    bn7 = register_module("bn7", torch::nn::BatchNorm3d(8));
    conv8 = register_module("conv8", torch::nn::Conv2d(16, 4, 1));
    bn8 = register_module("bn8", torch::nn::BatchNorm2d(4));
    act = register_module("act", torch::nn::SiLU());
    relu6 = register_module("relu6", torch::nn::ReLU6(torch::nn::ReLU6Options().inplace(true)));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(bn1(conv1(x)));
    x = bn2(conv2(x));
    x = act(bn3(conv3(x)));
    x = bn4->forward(conv4->forward(x));
    x.relu_();
    x = F::leaky_relu(bn5(conv5(x)), F::LeakyReLUFuncOptions().negative_slope(0.1).inplace(true));
    auto y = relu6(bn6(conv6(x.flatten(2))));
    auto z = F::hardtanh(bn7(deconv(x.unsqueeze(2))), F::HardtanhFuncOptions().min_val(0.0).max_val(6.0));
    auto c = conv8(x + y.sum() + z.sum());
    if (is_training()) {
      return c;
    } else {
      return bn8(c);
    }
  }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr}, conv4{nullptr}, conv5{nullptr}, conv8{nullptr};
  torch::nn::Conv1d conv6{nullptr};
  torch::nn::ConvTranspose3d deconv{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr}, bn4{nullptr}, bn5{nullptr}, bn8{nullptr};
  torch::nn::BatchNorm1d bn6{nullptr};
  torch::nn::BatchNorm3d bn7{nullptr};
  torch::nn::SiLU act{nullptr};
  torch::nn::ReLU6 relu6{nullptr};
};
TORCH_MODULE(Net);

// CHECK:{{.*}}positive.cpp:41:25: warning: convolution 'conv1' followed by BatchNorm 'bn1' can run as one fused kernel (BatchNorm folded into the weights in eval mode, exact in training) (adopter::ops::conv_bn) [adopter-conv-bn]
// CHECK-NEXT:    x = torch::relu(bn1(conv1(x)));
// CHECK-NEXT:                        ^
// CHECK-NEXT:{{.*}}positive.cpp:41:21: note: 'bn1' (torch::nn::BatchNorm2d) is part of the chain
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}positive.cpp:41:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}positive.cpp:42:13: warning: convolution 'conv2' followed by BatchNorm 'bn2' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:42:9: note: 'bn2' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}positive.cpp:43:17: warning: convolution 'conv3' followed by BatchNorm 'bn3' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:43:13: note: 'bn3' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}positive.cpp:43:9: note: 'aten::silu' is part of the chain
// CHECK:{{.*}}positive.cpp:44:29: warning: convolution 'conv4' followed by BatchNorm 'bn4' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:44:14: note: 'bn4' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}positive.cpp:45:7: note: 'aten::relu_' is part of the chain
// CHECK:{{.*}}positive.cpp:46:27: warning: convolution 'conv5' followed by BatchNorm 'bn5' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:46:23: note: 'bn5' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}positive.cpp:46:9: note: 'aten::leaky_relu' is part of the chain
// CHECK:{{.*}}positive.cpp:47:24: warning: convolution 'conv6' followed by BatchNorm 'bn6' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:47:20: note: 'bn6' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}positive.cpp:47:14: note: 'aten::relu6' is part of the chain
// CHECK:{{.*}}positive.cpp:48:30: warning: convolution 'deconv' followed by BatchNorm 'bn7' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:48:26: note: 'bn7' (torch::nn::BatchNorm3d) is part of the chain
// CHECK:{{.*}}positive.cpp:48:14: note: 'aten::hardtanh' is part of the chain
// CHECK:{{.*}}positive.cpp:49:14: warning: convolution 'conv8' followed by BatchNorm 'bn8' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}positive.cpp:53:14: note: 'bn8' (torch::nn::BatchNorm2d) is part of the chain, on the path where '!is_training()'
// CHECK-NOT: warning

// EXPLAIN:{{.*}}positive.cpp:41:25: warning: convolution 'conv1' followed by BatchNorm 'bn1' {{.*}} [adopter-conv-bn]
// EXPLAIN:{{.*}}positive.cpp:41:9: note: 'aten::relu' is part of the chain
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:41:25: note: selected: score 0.69 = 3 ops x (1 - 1/1.30), no overlapping candidate
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.+}}
// EXPLAIN-NEXT:{{.*}}positive.cpp:42:13: warning: convolution 'conv2' followed by BatchNorm 'bn2' {{.*}} [adopter-conv-bn]
// EXPLAIN:{{.*}}positive.cpp:42:13: note: selected: score 0.46 = 2 ops x (1 - 1/1.30), no overlapping candidate
// EXPLAIN:  module Net: 28 ops; adopter kernels: 22 (conv-bn x22); LibTorch ops: 6
