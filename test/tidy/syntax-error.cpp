// RUN: not %clang_tidy -checks='-*,adopter-*' %s -- %torch_flags > %t.txt 2>&1
// RUN: FileCheck %s < %t.txt
//
// Half-typed code, as an editor sends it on every keystroke: clang-tidy
// reports the compiler's errors and the chains that did parse, and never
// crashes.
// No fix-it is offered while the file does not compile.
// CHECK-NOT: Stack dump
// CHECK-DAG: :23:19: error: expected ';' at end of declaration [clang-diagnostic-error]
// CHECK-DAG: :31:24: error: use of undeclared identifier 'nothere' [clang-diagnostic-error]
// CHECK-DAG: :22:26: warning: Linear 'fc' followed by GELU {{.*}} [adopter-linear-gelu]
// CHECK-DAG: :22:26: note: no fix-it: the translation unit has compile errors
// CHECK-NOT: Stack dump
#include <torch/torch.h>

struct MLPImpl : torch::nn::Module {
  MLPImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    up = register_module("up", torch::nn::Linear(8, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = torch::gelu(fc(x));
    auto y = up(h)
    return torch::relu(y.
  }
  torch::nn::Linear fc{nullptr}, up{nullptr};
};

struct HalfImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return torch::gelu(nothere(x)) + 
