// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module MyStack (MyStackImpl : torch::nn::SequentialImpl, TORCH_MODULE(MyStack)) is a Sequential whose children come from push_back in its constructor: with MyStack(64, 2) they are Linear(in=64, out=64), ReLU, Linear(in=64, out=64), ReLU (loop over `depth`, here 2) then LayerNorm(normalized_shape={64}); module Net has member stack = MyStack(64, 2) and head = Linear(in=64, out=10); Net forward: x -> stack (SequentialImpl::forward runs the children in order) -> head -> return.
#include <torch/torch.h>

struct MyStackImpl : torch::nn::SequentialImpl {
  MyStackImpl(int64_t dim, int depth) {
    for (int i = 0; i < depth; ++i) {
      push_back(torch::nn::Linear(dim, dim));
      push_back(torch::nn::ReLU());
    }
    push_back(torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
  }

  torch::Tensor forward(torch::Tensor x) {
    return torch::nn::SequentialImpl::forward(x);
  }
};
TORCH_MODULE(MyStack);

struct NetImpl : torch::nn::Module {
  NetImpl()
      : stack(register_module("stack", MyStack(64, 2))),
        head(register_module("head", torch::nn::Linear(64, 10))) {}

  torch::Tensor forward(torch::Tensor x) { return head(stack(x)); }

  MyStack stack;
  torch::nn::Linear head;
};
TORCH_MODULE(Net);

int main() {
  Net net;
  auto y = net(torch::randn({2, 64}));
  return y.size(1) == 10 ? 0 : 1;
}

// CHECK-LABEL:module MyStack {impl="MyStackImpl", base="torch::nn::SequentialImpl"} @{{.*}}sequential-subclass.cpp:7:8
// CHECK-NEXT:  * = torch::nn::Linear(in_features=`dim`, out_features=`dim`) {repeat=`i < depth`, count=`depth`} @{{.*}}sequential-subclass.cpp:10:17
// CHECK-NEXT:  * = torch::nn::ReLU() {repeat=`i < depth`, count=`depth`} @{{.*}}sequential-subclass.cpp:11:17
// CHECK-NEXT:  2 = torch::nn::LayerNorm(normalized_shape=[`dim`]) @{{.*}}sequential-subclass.cpp:13:15
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-subclass.cpp:16:17:
// CHECK-NEXT:    %4 = inline this(%x) {scope="torch::nn::SequentialImpl"} @{{.*}}sequential-subclass.cpp:17:39:
// CHECK-NEXT:      loop `i < depth` @{{.*}}sequential-subclass.cpp:17:39:
// CHECK-NEXT:        %0 = this.*0(%x) @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:        %1 = aten::relu(%0) {via=this.*1} @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:      %2 = prim::phi(%x, %1) @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:      %3 = this.2(%2) @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:      yield %3 @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:    return %4 @{{.*}}sequential-subclass.cpp:17:5
// CHECK-EMPTY:
// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}sequential-subclass.cpp:22:8
// CHECK-NEXT:  stack = MyStack(dim=64, depth=2) {registered} @{{.*}}sequential-subclass.cpp:29:11
// CHECK-NEXT:  head = torch::nn::Linear(in_features=64, out_features=10) {registered} @{{.*}}sequential-subclass.cpp:30:21
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-subclass.cpp:27:17:
// CHECK-NEXT:    %5 = inline stack(%x) {scope="MyStack::forward", def="{{.*}}sequential-subclass.cpp:16"} @{{.*}}sequential-subclass.cpp:27:56:
// CHECK-NEXT:      %4 = inline stack(%x) {scope="torch::nn::SequentialImpl"} @{{.*}}sequential-subclass.cpp:17:39:
// CHECK-NEXT:        loop `i < depth` @{{.*}}sequential-subclass.cpp:17:39:
// CHECK-NEXT:          %0 = stack.*0(%x) @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:          %1 = aten::relu(%0) {via=stack.*1} @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:        %2 = prim::phi(%x, %1) @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:        %3 = stack.2(%2) @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:        yield %3 @{{.*}}sequential-subclass.cpp:17:39
// CHECK-NEXT:      yield %4 @{{.*}}sequential-subclass.cpp:18:3
// CHECK-NEXT:    %6 = head(%5) @{{.*}}sequential-subclass.cpp:27:51
// CHECK-NEXT:    return %6 @{{.*}}sequential-subclass.cpp:27:44
