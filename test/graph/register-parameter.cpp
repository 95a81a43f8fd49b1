// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// RUN: %adopter graph --format=json %s -- %torch_flags > %t.json
// RUN: FileCheck --check-prefix=JSON %s < %t.json
// FEATURE: tensors registered with register_parameter are listed after the members, under their registered names, with the shape of the factory that makes them (through `* 0.02`, `.normal_()` and torch::nn::init), the condition or loop they are registered under (with a counted loop's trip count), and requires_grad false; buffers and another module's parameters are not; a name computed in an unrolled loop gives one parameter per iteration; a ModuleList filled in counted loops gets each element's count (`<=`, a start other than 0; none inside another loop).
#include <torch/torch.h>

struct Cfg {
  int64_t dim = 8;
  int64_t layers = 2;
};

struct NormImpl : torch::nn::Module {
  NormImpl(int64_t n, bool bias)
      : scale(register_parameter("scale", torch::ones({n}))) {
    if (bias)
      shift = register_parameter("shift", torch::zeros(n));
    register_buffer("count", torch::zeros({1}));
  }
  torch::Tensor forward(torch::Tensor x) { return x * scale; }
  torch::Tensor scale, shift;
};
TORCH_MODULE(Norm);

struct EmbedImpl : torch::nn::Module {
  EmbedImpl(const Cfg &cfg, int64_t patches) {
    proj = register_module("proj", torch::nn::Linear(cfg.dim, cfg.dim));
    cls = register_parameter("cls", torch::zeros({1, 1, cfg.dim}));
    pos = register_parameter(
        "pos", torch::randn({1, patches + 1, cfg.dim}) * 0.02);
    register_parameter("gate", torch::empty({cfg.dim, 2}).normal_());
    table = register_parameter(
        "table", torch::nn::init::xavier_uniform_(torch::empty({4, cfg.dim})));
    frozen = register_parameter("frozen", torch::ones({cfg.dim}), false);
    copy = register_parameter("copy", cls.clone());
    proj->register_parameter("extra", torch::ones({3}));
    for (int64_t i = 1; i <= cfg.layers; ++i) {
      register_parameter("w" + std::to_string(i), torch::ones({cfg.dim}));
      blocks->push_back(Norm(cfg.dim, true));
      for (int j = 0; j < i; ++j)
        blocks->push_back(torch::nn::ReLU());
    }
    register_module("blocks", blocks);
    for (int k = 0; k < 2; ++k)
      register_parameter("u" + std::to_string(k), torch::zeros({k + 1}));
    for (int k = 0; k < 2; ++k)
      register_parameter(names[k], torch::zeros({k + 3}));
  }
  std::vector<std::string> names{"a", "b"};
  torch::Tensor forward(torch::Tensor x) { return proj(x) + cls; }
  torch::nn::Linear proj{nullptr};
  torch::nn::ModuleList blocks;
  torch::Tensor cls, pos, table, frozen, copy;
};
TORCH_MODULE(Embed);

// CHECK:module Norm {impl="NormImpl"} @{{.*}}register-parameter.cpp:14:8
// CHECK-NEXT:  scale = torch::Tensor(shape=[`n`]) {parameter} @{{.*}}register-parameter.cpp:16:15
// CHECK-NEXT:  shift = torch::Tensor(shape=[`n`]) {parameter, when=`bias`} @{{.*}}register-parameter.cpp:18:15
// CHECK-NEXT:  forward(%x) @{{.*}}
// CHECK:module Embed {impl="EmbedImpl"} @{{.*}}register-parameter.cpp:26:8
// CHECK-NEXT:  proj = torch::nn::Linear(in_features=`cfg.dim`, out_features=`cfg.dim`) {registered} @{{.*}}
// CHECK-NEXT:  blocks = torch::nn::ModuleList {registered} @{{.*}}
// CHECK-NEXT:    * = Norm(n=`cfg.dim`, bias=true) {repeat=`i <= cfg.layers`, count=`cfg.layers`} @{{.*}}register-parameter.cpp:40:25
// CHECK-NEXT:    * = torch::nn::ReLU() {repeat=`j < i`} @{{.*}}register-parameter.cpp:42:27
// CHECK-NEXT:  cls = torch::Tensor(shape=[1, 1, `cfg.dim`]) {parameter} @{{.*}}register-parameter.cpp:29:11
// CHECK-NEXT:  pos = torch::Tensor(shape=[1, `patches + 1`, `cfg.dim`]) {parameter} @{{.*}}register-parameter.cpp:30:11
// CHECK-NEXT:  gate = torch::Tensor(shape=[`cfg.dim`, 2]) {parameter} @{{.*}}register-parameter.cpp:32:5
// CHECK-NEXT:  table = torch::Tensor(shape=[4, `cfg.dim`]) {parameter} @{{.*}}register-parameter.cpp:33:13
// CHECK-NEXT:  frozen = torch::Tensor(shape=[`cfg.dim`]) {parameter, requires_grad=false} @{{.*}}register-parameter.cpp:35:14
// CHECK-NEXT:  copy = torch::Tensor(shape=`cls.clone()`) {parameter} @{{.*}}register-parameter.cpp:36:12
// CHECK-NEXT:  "\"w\" + std::to_string(i)" = torch::Tensor(shape=[`cfg.dim`]) {parameter, repeat=`i <= cfg.layers`, count=`cfg.layers`} @{{.*}}register-parameter.cpp:39:7
// CHECK-NEXT:  u0 = torch::Tensor(shape=[1]) {parameter} @{{.*}}register-parameter.cpp:46:7
// CHECK-NEXT:  u1 = torch::Tensor(shape=[2]) {parameter} @{{.*}}register-parameter.cpp:46:7
// CHECK-NEXT:  "names[k]" = torch::Tensor(shape=[3]) {parameter, unrolled="k = 0"} @{{.*}}register-parameter.cpp:48:7
// CHECK-NEXT:  "names[k]" = torch::Tensor(shape=[4]) {parameter, unrolled="k = 1"} @{{.*}}register-parameter.cpp:48:7
// CHECK-NEXT:  forward(%x) @{{.*}}

// JSON: "name": "Norm",
// JSON: "parameters": [
// JSON-NEXT: {
// JSON-NEXT: "name": "scale",
// JSON-NEXT: "type": "torch::Tensor",
// JSON-NEXT: "options": [
// JSON-NEXT: {
// JSON-NEXT: "key": "shape",
// JSON: "attrs": {
// JSON-NEXT: "parameter": null
