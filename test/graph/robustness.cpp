// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: code that could make a recovery loop or crash: a module that holds a pointer to its own class (recursion through a submodule, cut at the first repeat with a reason), a switch, an endless for(;;) with a break, a lambda capturing this that calls a submodule, a template member function, a NoGradGuard; the tool must finish and keep every tensor value flowing (switch/lambda code stays opaque or followed, never dropped).
#include <torch/torch.h>

struct TreeImpl : torch::nn::Module {
  explicit TreeImpl(int depth)
      : fc(register_module("fc", torch::nn::Linear(4, 4))) {
    if (depth > 0)
      child = register_module("child", std::make_shared<TreeImpl>(depth - 1));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    if (child)
      x = child->forward(x);
    return go(x);
  }
  template <typename T> T twice(T v) { return v + v; }
  torch::Tensor go(torch::Tensor x) {
    torch::NoGradGuard guard;
    auto y = twice(x);
    switch (y.dim()) {
    case 1:
      y = y * 2;
      break;
    default:
      break;
    }
    auto f = [this](torch::Tensor t) { return fc(t); };
    for (;;) {
      if (y.numel() > 3)
        break;
      y = f(y);
    }
    return y;
  }
  torch::nn::Linear fc{nullptr};
  std::shared_ptr<TreeImpl> child;
};

// CHECK-LABEL:module TreeImpl @{{.*}}robustness.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=4, out_features=4) {registered} @{{.*}}robustness.cpp:38:21
// CHECK-NEXT:  child = TreeImpl(depth=`depth - 1`) {when=`depth > 0`, registered} @{{.*}}robustness.cpp:39:29
// CHECK-NEXT:  forward(%x) @{{.*}}robustness.cpp:13:17:
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}robustness.cpp:14:9
// CHECK-NEXT:    if `child` @{{.*}}robustness.cpp:15:5:
// CHECK-NEXT:      %1 = child(%0) {scope="TreeImpl::forward", reason="recursion or depth limit"} @{{.*}}robustness.cpp:16:18
// CHECK-NEXT:    %2 = prim::phi(%1, %0) @{{.*}}robustness.cpp:15:5
// CHECK-NEXT:    %10 = inline go(%2) {scope="TreeImpl::go", def="{{.*}}robustness.cpp:20"} @{{.*}}robustness.cpp:17:12:
// CHECK-NEXT:      %4 = inline twice(%2) {scope="TreeImpl::twice", def="{{.*}}robustness.cpp:19"} @{{.*}}robustness.cpp:22:14:
// CHECK-NEXT:        %3 = aten::add(%2, %2) @{{.*}}robustness.cpp:19:49
// CHECK-NEXT:        yield %3 @{{.*}}robustness.cpp:19:54
// CHECK-NEXT:      if `y.dim()` {switch} @{{.*}}robustness.cpp:23:5:
// CHECK-NEXT:        %5 = aten::mul(%4, 2) @{{.*}}robustness.cpp:25:13
// CHECK-NEXT:      %6 = prim::phi(%5, %4) @{{.*}}robustness.cpp:23:5
// CHECK-NEXT:      loop true @{{.*}}robustness.cpp:31:5:
// CHECK-NEXT:        if `y.numel() > 3` @{{.*}}robustness.cpp:32:7:
// CHECK-NEXT:          pass
// CHECK-NEXT:        %8 = inline f(%6) {scope="TreeImpl::go::f", def="{{.*}}robustness.cpp:30"} @{{.*}}robustness.cpp:34:11:
// CHECK-NEXT:          %7 = fc(%6) @{{.*}}robustness.cpp:30:47
// CHECK-NEXT:          yield %7 @{{.*}}robustness.cpp:30:54
// CHECK-NEXT:      %9 = prim::phi(%6, %8) @{{.*}}robustness.cpp:31:5
// CHECK-NEXT:      yield %9 @{{.*}}robustness.cpp:37:3
// CHECK-NEXT:    return %10 @{{.*}}robustness.cpp:17:5
// CHECK-NEXT:  go(%x) @{{.*}}robustness.cpp:20:17:
// CHECK-NEXT:    %1 = inline twice(%x) {scope="TreeImpl::twice", def="{{.*}}robustness.cpp:19"} @{{.*}}robustness.cpp:22:14:
// CHECK-NEXT:      %0 = aten::add(%x, %x) @{{.*}}robustness.cpp:19:49
// CHECK-NEXT:      yield %0 @{{.*}}robustness.cpp:19:54
// CHECK-NEXT:    if `y.dim()` {switch} @{{.*}}robustness.cpp:23:5:
// CHECK-NEXT:      %2 = aten::mul(%1, 2) @{{.*}}robustness.cpp:25:13
// CHECK-NEXT:    %3 = prim::phi(%2, %1) @{{.*}}robustness.cpp:23:5
// CHECK-NEXT:    loop true @{{.*}}robustness.cpp:31:5:
// CHECK-NEXT:      if `y.numel() > 3` @{{.*}}robustness.cpp:32:7:
// CHECK-NEXT:        pass
// CHECK-NEXT:      %5 = inline f(%3) {scope="TreeImpl::go::f", def="{{.*}}robustness.cpp:30"} @{{.*}}robustness.cpp:34:11:
// CHECK-NEXT:        %4 = fc(%3) @{{.*}}robustness.cpp:30:47
// CHECK-NEXT:        yield %4 @{{.*}}robustness.cpp:30:54
// CHECK-NEXT:    %6 = prim::phi(%3, %5) @{{.*}}robustness.cpp:31:5
// CHECK-NEXT:    return %6 @{{.*}}robustness.cpp:36:5
// CHECK-NEXT:  twice(%v) @{{.*}}robustness.cpp:19:27:
// CHECK-NEXT:    %0 = aten::add(%v, %v) @{{.*}}robustness.cpp:19:49
// CHECK-NEXT:    return %0 @{{.*}}robustness.cpp:19:40
