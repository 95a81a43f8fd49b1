// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: ModuleList::insert(index, module): 'known' gets Linear, ReLU by push_back and a Dropout inserted at 1, so its children are 0 = Linear, 1 = Dropout, 2 = ReLU (the later ones move up and take their new indices); 'unknown' gets an insert at a run-time index, after which its order is not known: it is printed {elements=unknown} without children, and a later push_back adds none; forward: x -> known[0] -> known[1] -> known[2] -> unknown[0] (an opaque element) -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t at) {
    known = register_module("known", torch::nn::ModuleList());
    known->push_back(torch::nn::Linear(8, 8));
    known->push_back(torch::nn::ReLU());
    known->insert(1, torch::nn::Dropout(0.1));
    unknown = register_module("unknown", torch::nn::ModuleList());
    unknown->push_back(torch::nn::Linear(8, 8));
    unknown->insert(at, torch::nn::Dropout(0.1));
    unknown->push_back(torch::nn::ReLU());
  }

  torch::Tensor forward(torch::Tensor x) {
    x = known[0]->as<torch::nn::Linear>()->forward(x);
    x = known[1]->as<torch::nn::Dropout>()->forward(x);
    x = known[2]->as<torch::nn::ReLU>()->forward(x);
    return unknown[0]->as<torch::nn::Linear>()->forward(x);
  }

  torch::nn::ModuleList known{nullptr}, unknown{nullptr};
};
TORCH_MODULE(Net);

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}modulelist-insert.cpp:7:8
// CHECK-NEXT:  known = torch::nn::ModuleList {registered} @{{.*}}modulelist-insert.cpp:26:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}modulelist-insert.cpp:10:22
// CHECK-NEXT:    1 = torch::nn::Dropout(p=0.1) @{{.*}}modulelist-insert.cpp:12:22
// CHECK-NEXT:    2 = torch::nn::ReLU() @{{.*}}modulelist-insert.cpp:11:22
// CHECK-NEXT:  unknown = torch::nn::ModuleList {elements=unknown, registered} @{{.*}}modulelist-insert.cpp:26:41
// CHECK-NEXT:  forward(%x) @{{.*}}modulelist-insert.cpp:19:17:
// CHECK-NEXT:    %0 = known.0(%x) @{{.*}}modulelist-insert.cpp:20:44
// CHECK-NEXT:    %1 = aten::dropout(%0) {via=known.1} @{{.*}}modulelist-insert.cpp:21:45
// CHECK-NEXT:    %2 = aten::relu(%1) {via=known.2} @{{.*}}modulelist-insert.cpp:22:42
// CHECK-NEXT:    %3 = unknown.0(%2) @{{.*}}modulelist-insert.cpp:23:49
// CHECK-NEXT:    return %3 @{{.*}}modulelist-insert.cpp:23:5
