// RUN: %adopter graph %s -- %torch_flags > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: a member assigned a module under a condition known only at run time carries the condition under which it holds one ({when=COND}; none where every path assigns it); assigned different modules on different paths, the options that differ become C++ conditionals (one a side leaves out has its default there), a module whose type differs is a torch::nn::Module known only at run time ({overwritten=COND}), also inside an AnyModule; emptied (= nullptr) on one path, it holds one where that path is not taken; `c ? A : B` and the cases of a switch alike (its default taken where no case is, `case 0: case 1:` for either); assigned on every path that does not throw, it needs no condition; members after a switch whose default throws are built, and after a case that returns only where it is not taken; a module registered under a condition or in a loop without a field says so.
#include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t in, bool gelu, bool proj_out, bool wide, bool lean,
          int kind, int norm_kind, int mode) {
    fc = register_module("fc", torch::nn::Linear(in, 4 * in));
    if (gelu)
      act = torch::nn::AnyModule(torch::nn::GELU());
    else
      act = torch::nn::AnyModule(torch::nn::ReLU());
    register_module("act", act.ptr());
    if (proj_out)
      proj = register_module("proj", torch::nn::Linear(4 * in, in));
    if (!wide)
      out = register_module("out", torch::nn::Linear(4 * in, 10));
    else
      out = register_module("out", torch::nn::Linear(4 * in, 20));
    norm = register_module("norm", torch::nn::LayerNorm(
                                       torch::nn::LayerNormOptions({in})));
    if (lean)
      norm = nullptr;
    build(gelu);
    if (wide) {
      torch::nn::Linear extra(in, in);
      register_module("extra", extra);
    }
    act2 = gelu ? torch::nn::AnyModule(torch::nn::GELU())
                : torch::nn::AnyModule(torch::nn::ReLU());
    register_module("act2", act2.ptr());
    tail = register_module("tail", wide ? torch::nn::Linear(in, 20)
                                        : torch::nn::Linear(in, 10));
    head = lean ? torch::nn::Linear(nullptr) : torch::nn::Linear(in, 2);
    switch (kind) {
    case 0:
      pick = torch::nn::Linear(in, 10);
      break;
    case 1:
      pick = torch::nn::Linear(in, 20);
      break;
    default:
      pick = torch::nn::Linear(in, 30);
    }
    for (int64_t i = 0; i < in; ++i)
      register_module("tap" + std::to_string(i), torch::nn::Linear(in, 1));
    switch (norm_kind) {
    case 0:
    case 1:
      final_norm = register_module(
          "final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({in})));
      break;
    default:
      throw std::invalid_argument("norm_kind");
    }
    switch (mode) {
    case 0:
      return;
    default:
      break;
    }
    late = register_module("late", torch::nn::Linear(in, in));
  }
  void build(bool gelu) {
    if (gelu)
      gate = register_module("gate", torch::nn::GELU());
    else
      gate = register_module("gate", torch::nn::GELU(
                                         torch::nn::GELUOptions().approximate("tanh")));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = act.forward(fc(x));
    if (proj)
      x = proj(x);
    if (norm)
      x = norm(x);
    return gate(out(x));
  }
  torch::nn::Linear fc{nullptr}, proj{nullptr}, out{nullptr};
  torch::nn::Linear tail{nullptr}, head{nullptr}, pick{nullptr}, late{nullptr};
  torch::nn::LayerNorm norm{nullptr}, final_norm{nullptr};
  torch::nn::GELU gate{nullptr};
  torch::nn::AnyModule act, act2;
};
TORCH_MODULE(Net);

// CHECK-LABEL:module Net {impl="NetImpl"} @{{.*}}member-conditional.cpp:7:8
// CHECK-NEXT:  fc = torch::nn::Linear(in_features=`in`, out_features=`4 * in`) {registered} @{{.*}}
// CHECK-NEXT:  proj = torch::nn::Linear(in_features=`4 * in`, out_features=`in`) {when=`proj_out`, registered} @{{.*}}
// CHECK-NEXT:  out = torch::nn::Linear(in_features=`4 * in`, out_features=`(wide ? 20 : 10)`) {registered} @{{.*}}
// CHECK-NEXT:  tail = torch::nn::Linear(in_features=`in`, out_features=`(wide ? 20 : 10)`) {registered} @{{.*}}
// CHECK-NEXT:  head = torch::nn::Linear(in_features=`in`, out_features=2) {when=`!lean`, unregistered} @{{.*}}
// CHECK-NEXT:  pick = torch::nn::Linear(in_features=`in`, out_features=`(kind != 0 && kind != 1 ? 30 : (kind == 1 ? 20 : 10))`) {unregistered} @{{.*}}
// CHECK-NEXT:  late = torch::nn::Linear(in_features=`in`, out_features=`in`) {when=`mode != 0`, registered} @{{.*}}
// CHECK-NEXT:  norm = torch::nn::LayerNorm(normalized_shape=[`in`]) {when=`!lean`, registered} @{{.*}}
// CHECK-NEXT:  final_norm = torch::nn::LayerNorm(normalized_shape=[`in`]) {registered} @{{.*}}
// CHECK-NEXT:  gate = torch::nn::GELU(approximate=`(gelu ? "none" : "tanh")`) {registered} @{{.*}}
// CHECK-NEXT:  act = torch::nn::AnyModule() {registered} @{{.*}}
// CHECK-NEXT:    module = torch::nn::Module() {overwritten=`!gelu`}
// CHECK-NEXT:  act2 = torch::nn::AnyModule() {registered} @{{.*}}
// CHECK-NEXT:    module = torch::nn::Module() {overwritten=`gelu`}
// CHECK-NEXT:  extra = torch::nn::Linear(in_features=`in`, out_features=`in`) {registered="extra", field=false, when=`wide`} @{{.*}}
// CHECK-NEXT:  "\"tap\" + std::to_string(i)" = torch::nn::Linear(in_features=`in`, out_features=1) {registered=`"tap" + std::to_string(i)`, field=false, repeat=`i < in`, count=`in`} @{{.*}}
// CHECK-NEXT:  forward(%x) @{{.*}}
// CHECK-NEXT:    %0 = fc(%x) @{{.*}}
// CHECK-NEXT:    %1 = act(%0) @{{.*}}
