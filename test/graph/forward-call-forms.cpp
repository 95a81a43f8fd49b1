// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Net with fc1 = Linear(in=8, out=16), fc2 = Linear(in=16, out=16), fc3 = Linear(in=16, out=16); forward calls each submodule with a different syntax that must all be recognised as a call of that submodule: x -> fc1 (fc1->forward(x)) -> fc2 (fc2(x), holder operator()) -> fc3 ((*fc3).forward(x), forward on the dereferenced impl; `(*fc3)(x)` does not compile because LinearImpl has no operator()) -> fc3 again (fc3.ptr()->forward(x), through the shared_ptr) -> return.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(8, 16));
    fc2 = register_module("fc2", torch::nn::Linear(16, 16));
    fc3 = register_module("fc3", torch::nn::Linear(16, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    auto h1 = fc1->forward(x);
    auto h2 = fc2(h1);
    auto h3 = (*fc3).forward(h2);
    auto h4 = fc3.ptr()->forward(h3);
    return h4;
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, fc3{nullptr};
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({2, 8}));
  return y.size(1) == 16 ? 0 : 1;
}

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}forward-call-forms.cpp:7:8
// CHECK-NEXT:  fc1 = torch::nn::Linear(in_features=8, out_features=16) {registered} @{{.*}}forward-call-forms.cpp:22:21
// CHECK-NEXT:  fc2 = torch::nn::Linear(in_features=16, out_features=16) {registered} @{{.*}}forward-call-forms.cpp:22:35
// CHECK-NEXT:  fc3 = torch::nn::Linear(in_features=16, out_features=16) {registered} @{{.*}}forward-call-forms.cpp:22:49
// CHECK-NEXT:  forward(%x) @{{.*}}forward-call-forms.cpp:14:17:
// CHECK-NEXT:    %0 = fc1(%x) @{{.*}}forward-call-forms.cpp:15:20
// CHECK-NEXT:    %1 = fc2(%0) @{{.*}}forward-call-forms.cpp:16:15
// CHECK-NEXT:    %2 = fc3(%1) @{{.*}}forward-call-forms.cpp:17:22
// CHECK-NEXT:    %3 = fc3(%2) @{{.*}}forward-call-forms.cpp:18:26
// CHECK-NEXT:    return %3 @{{.*}}forward-call-forms.cpp:19:5
