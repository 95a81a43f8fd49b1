// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module MultiHead with heads = ModuleDict built from an ordered std::vector of name/module pairs {"cls": Linear(in=32, out=10), "reg": Linear(in=32, out=4), "act": Tanh}; forward: x -> heads["cls"] (via heads["cls"]->as<torch::nn::Linear>()) -> return as logits, x -> heads["reg"] (via heads->at<torch::nn::LinearImpl>("reg")) -> heads["act"] -> return as box (two outputs via std::make_tuple).
#include <torch/torch.h>

#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

struct MultiHeadImpl : torch::nn::Module {
  MultiHeadImpl() {
    std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>>
        items = {
            {"cls", torch::nn::Linear(32, 10).ptr()},
            {"reg", torch::nn::Linear(32, 4).ptr()},
            {"act", torch::nn::Tanh().ptr()},
        };
    heads = register_module("heads", torch::nn::ModuleDict(items));
  }

  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x) {
    auto logits = heads["cls"]->as<torch::nn::Linear>()->forward(x);
    auto box = heads->at<torch::nn::LinearImpl>("reg").forward(x);
    box = heads["act"]->as<torch::nn::TanhImpl>()->forward(box);
    return std::make_tuple(logits, box);
  }

  torch::nn::ModuleDict heads{nullptr};
};
TORCH_MODULE(MultiHead);

int main() {
  MultiHead m;
  auto out = m(torch::randn({2, 32}));
  return std::get<1>(out).size(1) == 4 ? 0 : 1;
}

// CHECK-LABEL:module MultiHead {impl="MultiHeadImpl"} @{{.*}}moduledict.cpp:13:8
// CHECK-NEXT:  heads = torch::nn::ModuleDict {registered} @{{.*}}moduledict.cpp:31:25:
// CHECK-NEXT:    cls = torch::nn::Linear(in_features=32, out_features=10) @{{.*}}moduledict.cpp:17:13
// CHECK-NEXT:    reg = torch::nn::Linear(in_features=32, out_features=4) @{{.*}}moduledict.cpp:18:13
// CHECK-NEXT:    act = torch::nn::Tanh() @{{.*}}moduledict.cpp:19:13
// CHECK-NEXT:  forward(%x) @{{.*}}moduledict.cpp:24:44:
// CHECK-NEXT:    %0 = heads.cls(%x) @{{.*}}moduledict.cpp:25:58
// CHECK-NEXT:    %1 = heads.reg(%x) @{{.*}}moduledict.cpp:26:56
// CHECK-NEXT:    %2 = aten::tanh(%1) {via=heads.act} @{{.*}}moduledict.cpp:27:52
// CHECK-NEXT:    return %0, %2 @{{.*}}moduledict.cpp:28:5
