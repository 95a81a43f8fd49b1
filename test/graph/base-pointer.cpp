// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Classifier whose members are held through base-class pointers: act is std::shared_ptr<torch::nn::Module> registered with ReLUImpl (make_shared<torch::nn::ReLUImpl>()), enc is std::shared_ptr<Encoder> (abstract user base with pure virtual forward) registered with ConvEncoder, whose conv = Conv1d(in=4, out=16, kernel=3, padding=1); plus head = Linear(in=16, out=3); Classifier forward: x -> enc (virtual call, dynamic type ConvEncoder: conv -> mean over dim 2) -> head -> act (via as<ReLUImpl>()) -> return.
#include <torch/torch.h>

#include <memory>

struct Encoder : torch::nn::Module {
  virtual torch::Tensor forward(torch::Tensor x) = 0;
};

struct ConvEncoder : Encoder {
  ConvEncoder() {
    conv = register_module(
        "conv",
        torch::nn::Conv1d(torch::nn::Conv1dOptions(4, 16, 3).padding(1)));
  }
  torch::Tensor forward(torch::Tensor x) override {
    return conv(x).mean(2);
  }
  torch::nn::Conv1d conv{nullptr};
};

struct Classifier : torch::nn::Module {
  Classifier() {
    enc = register_module("enc", std::make_shared<ConvEncoder>());
    head = register_module("head", torch::nn::Linear(16, 3));
    act = register_module("act", std::make_shared<torch::nn::ReLUImpl>());
  }

  torch::Tensor forward(torch::Tensor x) {
    auto h = enc->forward(x);
    h = head(h);
    return act->as<torch::nn::ReLUImpl>()->forward(h);
  }

  std::shared_ptr<Encoder> enc;
  torch::nn::Linear head{nullptr};
  std::shared_ptr<torch::nn::Module> act;
};

int main() {
  auto m = std::make_shared<Classifier>();
  auto y = m->forward(torch::randn({2, 4, 10}));
  return y.size(1) == 3 ? 0 : 1;
}

// CHECK-LABEL:module Encoder {abstract} @{{.*}}base-pointer.cpp:9:8
// CHECK-EMPTY:
// CHECK-LABEL:module ConvEncoder {base="Encoder"} @{{.*}}base-pointer.cpp:13:8
// CHECK-NEXT:  conv = torch::nn::Conv1d(in_channels=4, out_channels=16, kernel_size=3, padding=1) {registered} @{{.*}}base-pointer.cpp:22:21
// CHECK-NEXT:  forward(%x) @{{.*}}base-pointer.cpp:19:17:
// CHECK-NEXT:    %0 = conv(%x) @{{.*}}base-pointer.cpp:20:12
// CHECK-NEXT:    %1 = aten::mean(%0, 2) @{{.*}}base-pointer.cpp:20:20
// CHECK-NEXT:    return %1 @{{.*}}base-pointer.cpp:20:5
// CHECK-EMPTY:
// CHECK-LABEL:module Classifier @{{.*}}base-pointer.cpp:25:8
// CHECK-NEXT:  enc = ConvEncoder() {declared="Encoder", registered} @{{.*}}base-pointer.cpp:38:28
// CHECK-NEXT:  head = torch::nn::Linear(in_features=16, out_features=3) {registered} @{{.*}}base-pointer.cpp:39:21
// CHECK-NEXT:  act = torch::nn::ReLU() {declared="torch::nn::Module", registered} @{{.*}}base-pointer.cpp:40:38
// CHECK-NEXT:  forward(%x) @{{.*}}base-pointer.cpp:32:17:
// CHECK-NEXT:    %2 = inline enc(%x) {scope="ConvEncoder::forward", def="{{.*}}base-pointer.cpp:19"} @{{.*}}base-pointer.cpp:33:19:
// CHECK-NEXT:      %0 = enc.conv(%x) @{{.*}}base-pointer.cpp:20:12
// CHECK-NEXT:      %1 = aten::mean(%0, 2) @{{.*}}base-pointer.cpp:20:20
// CHECK-NEXT:      yield %1 @{{.*}}base-pointer.cpp:21:3
// CHECK-NEXT:    %3 = head(%2) @{{.*}}base-pointer.cpp:34:9
// CHECK-NEXT:    %4 = aten::relu(%3) {via=act} @{{.*}}base-pointer.cpp:35:44
// CHECK-NEXT:    return %4 @{{.*}}base-pointer.cpp:35:5
