// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module MLP (nanoGPT style) with c_fc = Linear(in=64, out=256), c_proj = Linear(in=256, out=64), dropout = Dropout(p=0.1); forward calls the free function gelu_tanh (nanoGPT new_gelu) which the tool must either recognise as a tanh-approximated GELU or inline as 0.5 * x * (1.0 + torch::tanh(sqrt(2/pi) * (x + 0.044715 * torch::pow(x, 3.0)))); chain: x -> c_fc -> gelu_tanh -> c_proj -> dropout -> return.
#include <torch/torch.h>

#include <cmath>

torch::Tensor gelu_tanh(const torch::Tensor &x) {
  const double k = std::sqrt(2.0 / M_PI);
  return 0.5 * x * (1.0 + torch::tanh(k * (x + 0.044715 * torch::pow(x, 3.0))));
}

struct MLPImpl : torch::nn::Module {
  MLPImpl() {
    c_fc = register_module("c_fc", torch::nn::Linear(64, 4 * 64));
    c_proj = register_module("c_proj", torch::nn::Linear(4 * 64, 64));
    dropout = register_module("dropout", torch::nn::Dropout(0.1));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = c_fc(x);
    x = gelu_tanh(x);
    x = c_proj(x);
    return dropout(x);
  }

  torch::nn::Linear c_fc{nullptr}, c_proj{nullptr};
  torch::nn::Dropout dropout{nullptr};
};
TORCH_MODULE(MLP);

int main() {
  MLP mlp;
  auto y = mlp(torch::randn({2, 64}));
  return y.size(1) == 64 ? 0 : 1;
}

// CHECK-LABEL:module MLP {impl="MLPImpl"} @{{.*}}interproc-helper.cpp:14:8
// CHECK-NEXT:  c_fc = torch::nn::Linear(in_features=64, out_features=256) {registered} @{{.*}}interproc-helper.cpp:28:21
// CHECK-NEXT:  c_proj = torch::nn::Linear(in_features=256, out_features=64) {registered} @{{.*}}interproc-helper.cpp:28:36
// CHECK-NEXT:  dropout = torch::nn::Dropout(p=0.1) {registered} @{{.*}}interproc-helper.cpp:29:22
// CHECK-NEXT:  forward(%x) @{{.*}}interproc-helper.cpp:21:17:
// CHECK-NEXT:    %0 = c_fc(%x) @{{.*}}interproc-helper.cpp:22:9
// CHECK-NEXT:    %9 = inline gelu_tanh(%0) {scope="gelu_tanh", def="{{.*}}interproc-helper.cpp:9"} @{{.*}}interproc-helper.cpp:23:9:
// CHECK-NEXT:      %1 = aten::mul(0.5, %0) @{{.*}}interproc-helper.cpp:11:14
// CHECK-NEXT:      %2 = aten::pow(%0, 3.0) @{{.*}}interproc-helper.cpp:11:59
// CHECK-NEXT:      %3 = aten::mul(0.044715, %2) @{{.*}}interproc-helper.cpp:11:57
// CHECK-NEXT:      %4 = aten::add(%0, %3) @{{.*}}interproc-helper.cpp:11:46
// CHECK-NEXT:      %5 = aten::mul(0.7978845608028654, %4) @{{.*}}interproc-helper.cpp:11:41
// CHECK-NEXT:      %6 = aten::tanh(%5) @{{.*}}interproc-helper.cpp:11:27
// CHECK-NEXT:      %7 = aten::add(1.0, %6) @{{.*}}interproc-helper.cpp:11:25
// CHECK-NEXT:      %8 = aten::mul(%1, %7) @{{.*}}interproc-helper.cpp:11:18
// CHECK-NEXT:      yield %8 @{{.*}}interproc-helper.cpp:12:1
// CHECK-NEXT:    %10 = c_proj(%9) @{{.*}}interproc-helper.cpp:24:9
// CHECK-NEXT:    %11 = aten::dropout(%10) {via=dropout} @{{.*}}interproc-helper.cpp:25:12
// CHECK-NEXT:    return %11 @{{.*}}interproc-helper.cpp:25:5
