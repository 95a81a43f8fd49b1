// RUN: %adopter check --packs adopter %s -- %torch_flags > %t.txt
// RUN: FileCheck --match-full-lines %s < %t.txt
// RUN: grep -c ": warning:" %t.txt | FileCheck --match-full-lines --check-prefix=COUNT %s
// COUNT: 4
//
// Convolution -> BatchNorm [-> activation] among the elements of a
// torch::nn::Sequential, reported at the first element's construction: the
// torchvision literal (Conv2d, BatchNorm2d, ReLU(inplace)) and push_back. At
// the boundary of a Sequential:
// * it ends with a convolution and the caller applies BatchNorm and ReLU: the
//   chain starts inside the Sequential, so it is reported at its call;
// * the caller's convolution feeds a Sequential that starts with BatchNorm,
//   ReLU6: reported at the caller's convolution.
// Conv, ReLU, BatchNorm and Conv, MaxPool, BatchNorm: no chain.
#include <torch/torch.h>

struct FeaturesImpl : torch::nn::Module {
  FeaturesImpl() {
    stem = register_module("stem", torch::nn::Sequential(
                                       torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 32, 3).stride(2).bias(false)),
                                       torch::nn::BatchNorm2d(32), torch::nn::ReLU(torch::nn::ReLUOptions(true))));
    block->push_back(torch::nn::Conv1d(32, 32, 1));
    block->push_back(torch::nn::BatchNorm1d(32));
    register_module("block", block);
    down = register_module("down", torch::nn::Sequential(torch::nn::MaxPool2d(2), torch::nn::Conv2d(32, 32, 3)));
    bn = register_module("bn", torch::nn::BatchNorm2d(32));
    conv = register_module("conv", torch::nn::Conv2d(32, 32, 1));
    post = register_module("post", torch::nn::Sequential(torch::nn::BatchNorm2d(32), torch::nn::ReLU6()));
    relu_first = register_module("relu_first", torch::nn::Sequential(torch::nn::Conv2d(32, 32, 1), torch::nn::ReLU(),
                                                                     torch::nn::BatchNorm2d(32)));
    pooled->push_back(torch::nn::Conv2d(32, 32, 1));
    pooled->push_back(torch::nn::MaxPool2d(2));
    pooled->push_back(torch::nn::BatchNorm2d(32));
    register_module("pooled", pooled);
  }

  torch::Tensor forward(torch::Tensor img) {
    auto x = stem->forward(img);
    auto seq = block->forward(x.flatten(2));
    x = torch::relu(bn(down->forward(x)));
    x = post->forward(conv(x));
    x = pooled->forward(relu_first->forward(x));
    return x.flatten(2) + seq.mean();
  }

  torch::nn::Sequential stem{nullptr}, down{nullptr}, post{nullptr}, relu_first{nullptr};
  torch::nn::Sequential block, pooled;
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Features);

// CHECK:{{.*}}sequential.cpp:20:40: warning: convolution 'stem.0' followed by BatchNorm 'stem.1' can run as one fused kernel (BatchNorm folded into the weights in eval mode, exact in training) (adopter::ops::conv_bn) [adopter-conv-bn]
// CHECK-NEXT:                                       torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 32, 3).stride(2).bias(false)),
// CHECK-NEXT:                                       ^
// CHECK-NEXT:{{.*}}sequential.cpp:21:40: note: 'stem.1' (torch::nn::BatchNorm2d) is part of the chain
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.+}}
// CHECK-NEXT:{{.*}}sequential.cpp:21:68: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:22:22: warning: convolution 'block.0' followed by BatchNorm 'block.1' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}sequential.cpp:23:22: note: 'block.1' (torch::nn::BatchNorm1d) is part of the chain
// CHECK:{{.*}}sequential.cpp:40:30: warning: convolution 'down.1' followed by BatchNorm 'bn' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}sequential.cpp:25:83: note: 'down.1' (torch::nn::Conv2d) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:40:21: note: 'bn' (torch::nn::BatchNorm2d) is part of the chain
// CHECK:{{.*}}sequential.cpp:40:9: note: 'aten::relu' is part of the chain
// CHECK:{{.*}}sequential.cpp:41:23: warning: convolution 'conv' followed by BatchNorm 'post.0' {{.*}} [adopter-conv-bn]
// CHECK:{{.*}}sequential.cpp:28:58: note: 'post.0' (torch::nn::BatchNorm2d) is part of the chain, inside 'torch::nn::Sequential'
// CHECK:{{.*}}sequential.cpp:28:86: note: 'aten::relu6' is part of the chain, inside 'torch::nn::Sequential'
// CHECK-NOT: warning
