// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Model with three Sequential submodules whose elements are given inline: mlp = Sequential{Linear(in=4, out=8), ReLU, Linear(in=8, out=2)} (brace form, children named "0","1","2"), features = Sequential(Conv2d(in=3, out=16, kernel=3), BatchNorm2d(num_features=16)) (constructor-call form, children "0","1"), head = Sequential({{"fc", Linear(in=2, out=3)}, {"act", ReLU}}) (named children "fc","act"); forward(img, x): img -> features -> return; x -> mlp -> head -> return (two outputs via std::make_pair).
#include <torch/torch.h>

#include <utility>

struct ModelImpl : torch::nn::Module {
  ModelImpl() {
    mlp = register_module("mlp", mlp);
    features = register_module(
        "features", torch::nn::Sequential(torch::nn::Conv2d(3, 16, 3),
                                          torch::nn::BatchNorm2d(16)));
    head = register_module("head",
                           torch::nn::Sequential({{"fc", torch::nn::Linear(2, 3)},
                                                  {"act", torch::nn::ReLU()}}));
  }

  std::pair<torch::Tensor, torch::Tensor> forward(torch::Tensor img,
                                                  torch::Tensor x) {
    auto f = features->forward(img);
    auto y = head->forward(mlp->forward(x));
    return std::make_pair(f, y);
  }

  torch::nn::Sequential mlp{torch::nn::Linear(4, 8), torch::nn::ReLU(),
                            torch::nn::Linear(8, 2)};
  torch::nn::Sequential features{nullptr};
  torch::nn::Sequential head{nullptr};
};
TORCH_MODULE(Model);

int main() {
  Model m;
  auto out = m(torch::randn({1, 3, 8, 8}), torch::randn({5, 4}));
  return out.second.size(1) == 3 ? 0 : 1;
}

// CHECK-LABEL:module Model {impl="ModelImpl"} @{{.*}}sequential-literal.cpp:9:8
// CHECK-NEXT:  mlp = torch::nn::Sequential {registered} @{{.*}}sequential-literal.cpp:27:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=4, out_features=8) @{{.*}}sequential-literal.cpp:27:29
// CHECK-NEXT:    1 = torch::nn::ReLU() @{{.*}}sequential-literal.cpp:27:54
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=8, out_features=2) @{{.*}}sequential-literal.cpp:28:29
// CHECK-NEXT:  features = torch::nn::Sequential {registered} @{{.*}}sequential-literal.cpp:29:25:
// CHECK-NEXT:    0 = torch::nn::Conv2d(in_channels=3, out_channels=16, kernel_size=3) @{{.*}}sequential-literal.cpp:13:43
// CHECK-NEXT:    1 = torch::nn::BatchNorm2d(num_features=16) @{{.*}}sequential-literal.cpp:14:43
// CHECK-NEXT:  head = torch::nn::Sequential {registered} @{{.*}}sequential-literal.cpp:30:25:
// CHECK-NEXT:    fc = torch::nn::Linear(in_features=2, out_features=3) @{{.*}}sequential-literal.cpp:16:51
// CHECK-NEXT:    act = torch::nn::ReLU() @{{.*}}sequential-literal.cpp:17:51
// CHECK-NEXT:  forward(%img, %x) @{{.*}}sequential-literal.cpp:20:43:
// CHECK-NEXT:    %2 = inline features(%img) {scope="torch::nn::Sequential"} @{{.*}}sequential-literal.cpp:22:24:
// CHECK-NEXT:      %0 = features.0(%img) @{{.*}}sequential-literal.cpp:22:24
// CHECK-NEXT:      %1 = features.1(%0) @{{.*}}sequential-literal.cpp:22:24
// CHECK-NEXT:      yield %1 @{{.*}}sequential-literal.cpp:22:24
// CHECK-NEXT:    %6 = inline mlp(%x) {scope="torch::nn::Sequential"} @{{.*}}sequential-literal.cpp:23:33:
// CHECK-NEXT:      %3 = mlp.0(%x) @{{.*}}sequential-literal.cpp:23:33
// CHECK-NEXT:      %4 = aten::relu(%3) {via=mlp.1} @{{.*}}sequential-literal.cpp:23:33
// CHECK-NEXT:      %5 = mlp.2(%4) @{{.*}}sequential-literal.cpp:23:33
// CHECK-NEXT:      yield %5 @{{.*}}sequential-literal.cpp:23:33
// CHECK-NEXT:    %9 = inline head(%6) {scope="torch::nn::Sequential"} @{{.*}}sequential-literal.cpp:23:20:
// CHECK-NEXT:      %7 = head.fc(%6) @{{.*}}sequential-literal.cpp:23:20
// CHECK-NEXT:      %8 = aten::relu(%7) {via=head.act} @{{.*}}sequential-literal.cpp:23:20
// CHECK-NEXT:      yield %8 @{{.*}}sequential-literal.cpp:23:20
// CHECK-NEXT:    return %2, %9 @{{.*}}sequential-literal.cpp:24:5
