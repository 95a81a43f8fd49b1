// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: ModuleDict::update overwrites a key the dictionary already has, in place: 'heads' gets fc = Linear and act = ReLU, then act = Tanh, so it holds fc = Linear, act = Tanh (no second 'act'); 'maybe' gets act = Tanh only when 'swap', so its act is a torch::nn::Module {overwritten=`swap`} (a type known only at run time); forward: x -> heads["fc"] -> heads["act"] (tanh) -> maybe["fc"] -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  explicit NetImpl(bool swap) {
    heads = register_module("heads", torch::nn::ModuleDict());
    heads->update({{"fc", torch::nn::Linear(8, 8).ptr()},
                   {"act", torch::nn::ReLU().ptr()}});
    heads->update({{"act", torch::nn::Tanh().ptr()}});
    maybe = register_module("maybe", torch::nn::ModuleDict());
    maybe->update({{"fc", torch::nn::Linear(8, 8).ptr()},
                   {"act", torch::nn::ReLU().ptr()}});
    if (swap)
      maybe->update({{"act", torch::nn::Tanh().ptr()}});
  }

  torch::Tensor forward(torch::Tensor x) {
    x = heads["fc"]->as<torch::nn::Linear>()->forward(x);
    x = heads["act"]->as<torch::nn::Tanh>()->forward(x);
    return maybe["fc"]->as<torch::nn::Linear>()->forward(x);
  }

  torch::nn::ModuleDict heads{nullptr}, maybe{nullptr};
};
TORCH_MODULE(Net);

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}moduledict-update.cpp:7:8
// CHECK-NEXT:  heads = torch::nn::ModuleDict {registered} @{{.*}}moduledict-update.cpp:26:25:
// CHECK-NEXT:    fc = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}moduledict-update.cpp:10:20
// CHECK-NEXT:    act = torch::nn::Tanh() @{{.*}}moduledict-update.cpp:12:20
// CHECK-NEXT:  maybe = torch::nn::ModuleDict {registered} @{{.*}}moduledict-update.cpp:26:41:
// CHECK-NEXT:    fc = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}moduledict-update.cpp:14:20
// CHECK-NEXT:    act = torch::nn::Module() {overwritten=`swap`} @{{.*}}moduledict-update.cpp:15:20
// CHECK-NEXT:  forward(%x) @{{.*}}moduledict-update.cpp:20:17:
// CHECK-NEXT:    %0 = heads.fc(%x) @{{.*}}moduledict-update.cpp:21:47
// CHECK-NEXT:    %1 = aten::tanh(%0) {via=heads.act} @{{.*}}moduledict-update.cpp:22:46
// CHECK-NEXT:    %2 = maybe.fc(%1) @{{.*}}moduledict-update.cpp:23:50
// CHECK-NEXT:    return %2 @{{.*}}moduledict-update.cpp:23:5
