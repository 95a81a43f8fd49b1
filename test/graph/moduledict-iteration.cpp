// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: a ModuleDict built empty from an OrderedDict and filled by update({{"a", Linear(4, 4)}, {"b", Linear(4, 4)}}); forward iterates it three ways (items() pairs with .second, *heads with .value(), values()), each unrolled over a then b: x -> heads.a -> heads.b, three times.
#include <torch/torch.h>
struct NetImpl : torch::nn::Module {
  NetImpl() {
    heads = register_module("heads", torch::nn::ModuleDict(torch::OrderedDict<std::string, std::shared_ptr<torch::nn::Module>>{}));
    heads->update({{"a", torch::nn::Linear(4, 4).ptr()}, {"b", torch::nn::Linear(4, 4).ptr()}});
  }
  torch::Tensor forward(torch::Tensor x) {
    for (const auto &item : heads->items())
      x = item.second->as<torch::nn::Linear>()->forward(x);
    for (const auto &kv : *heads)
      x = kv.value()->as<torch::nn::LinearImpl>()->forward(x);
    for (const auto &m : heads->values())
      x = m->as<torch::nn::Linear>()->forward(x);
    return x;
  }
  torch::nn::ModuleDict heads{nullptr};
};

// CHECK-LABEL:module NetImpl @{{.*}}moduledict-iteration.cpp:6:8
// CHECK-NEXT:  heads = torch::nn::ModuleDict {registered} @{{.*}}moduledict-iteration.cpp:20:25:
// CHECK-NEXT:    a = torch::nn::Linear(in_features=4, out_features=4) @{{.*}}moduledict-iteration.cpp:9:20
// CHECK-NEXT:    b = torch::nn::Linear(in_features=4, out_features=4) @{{.*}}moduledict-iteration.cpp:9:58
// CHECK-NEXT:  forward(%x) @{{.*}}moduledict-iteration.cpp:11:17:
// CHECK-NEXT:    %0 = heads.a(%x) @{{.*}}moduledict-iteration.cpp:13:49
// CHECK-NEXT:    %1 = heads.b(%0) @{{.*}}moduledict-iteration.cpp:13:49
// CHECK-NEXT:    %2 = heads.a(%1) @{{.*}}moduledict-iteration.cpp:15:52
// CHECK-NEXT:    %3 = heads.b(%2) @{{.*}}moduledict-iteration.cpp:15:52
// CHECK-NEXT:    %4 = heads.a(%3) @{{.*}}moduledict-iteration.cpp:17:39
// CHECK-NEXT:    %5 = heads.b(%4) @{{.*}}moduledict-iteration.cpp:17:39
// CHECK-NEXT:    return %5 @{{.*}}moduledict-iteration.cpp:18:5
