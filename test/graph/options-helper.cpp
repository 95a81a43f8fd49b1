// RUN: %adopter graph %s -- %torch_flags > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: options built by a helper of the project that only returns them (conv3x3(in, out, stride = 1), dense(in, out)) are recovered through its return expression, the parameters bound to the call's arguments (literals, a default argument, the constructor's parameter `width` as a symbol); a helper that does more than return stays opaque.
#include <torch/torch.h>

#include <cstdio>

namespace {

torch::nn::Conv2dOptions conv3x3(int64_t in, int64_t out, int64_t stride = 1) {
  return torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(
      false);
}

torch::nn::LinearOptions dense(int64_t in, int64_t out) {
  return torch::nn::LinearOptions(in, out);
}

torch::nn::LinearOptions logged(int64_t in, int64_t out) {
  std::printf("dense %ld -> %ld\n", static_cast<long>(in),
              static_cast<long>(out));
  return torch::nn::LinearOptions(in, out);
}

} // namespace

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t width) {
    conv1 = register_module("conv1", torch::nn::Conv2d(conv3x3(3, width, 2)));
    conv2 = register_module("conv2", torch::nn::Conv2d(conv3x3(width, 8)));
    fc = register_module("fc", torch::nn::Linear(dense(8, 10)));
    head = register_module("head", torch::nn::Linear(logged(10, 2)));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = conv2(conv1(x)).mean({2, 3});
    return head(fc(x));
  }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::Linear fc{nullptr}, head{nullptr};
};
TORCH_MODULE(Block);

// CHECK-LABEL:module Block {impl="BlockImpl"} @{{.*}}options-helper.cpp:28:8
// CHECK-NEXT:  conv1 = torch::nn::Conv2d(in_channels=3, out_channels=`width`, kernel_size=3, stride=2, padding=1, bias=false) {registered} @{{.*}}
// CHECK-NEXT:  conv2 = torch::nn::Conv2d(in_channels=`width`, out_channels=8, kernel_size=3, stride=1, padding=1, bias=false) {registered} @{{.*}}
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=8, out_features=10) {registered} @{{.*}}
// CHECK-NEXT:  head = torch::nn::Linear(options=`logged(10, 2)`) {registered} @{{.*}}
