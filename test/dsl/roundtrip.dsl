# RUN: %adopter dsl %s > %t.dsl
# RUN: %adopter dsl %t.dsl | diff %t.dsl -
# RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
# A hand-written graph (comments and blank lines are dropped) prints back in
# canonical form, and that form is a fixed point.

module BertOutput {impl="BertOutputImpl"} @bert.h:57:8
  dense = torch::nn::Linear(in_features=3072, out_features=768, bias=true) {registered} @bert.h:60:5
  scale = torch::Tensor(shape=[`cfg.hidden`]) {parameter} @bert.cpp:12:3   # printed after the members
  dropout = torch::nn::Dropout(p=0.1) @bert.h:61:5     # unregistered? no flag
  norm = torch::nn::LayerNorm(normalized_shape=[768], eps=1e-12) @bert.h:62:5
  forward(%hidden, %input) @bert.cpp:20:1:
    %0 = dense(%hidden) @bert.cpp:21:12
    %1 = aten::dropout(%0) {via=dropout} @bert.cpp:22:12
    %2 = aten::add(%1, %input) @bert.cpp:23:20
    if `is_training()` @bert.cpp:24:5:
      %3 = norm(%2) @bert.cpp:25:12
    else:
      %4 = aten::layer_norm(%2, [768], eps=`cfg.eps * 2`) @bert.cpp:27:12
    %5 = prim::phi(%3, %4) @bert.cpp:24:5
    return %5 @bert.cpp:29:5

# CHECK:module BertOutput {impl="BertOutputImpl"} @bert.h:57:8
# CHECK-NEXT:  dense = torch::nn::Linear(in_features=3072, out_features=768, bias=true) {registered} @bert.h:60:5
# CHECK-NEXT:  dropout = torch::nn::Dropout(p=0.1) @bert.h:61:5
# CHECK-NEXT:  norm = torch::nn::LayerNorm(normalized_shape=[768], eps=1e-12) @bert.h:62:5
# CHECK-NEXT:  scale = torch::Tensor(shape=[`cfg.hidden`]) {parameter} @bert.cpp:12:3
# CHECK-NEXT:  forward(%hidden, %input) @bert.cpp:20:1:
# CHECK-NEXT:    %0 = dense(%hidden) @bert.cpp:21:12
# CHECK-NEXT:    %1 = aten::dropout(%0) {via=dropout} @bert.cpp:22:12
# CHECK-NEXT:    %2 = aten::add(%1, %input) @bert.cpp:23:20
# CHECK-NEXT:    if `is_training()` @bert.cpp:24:5:
# CHECK-NEXT:      %3 = norm(%2) @bert.cpp:25:12
# CHECK-NEXT:    else:
# CHECK-NEXT:      %4 = aten::layer_norm(%2, [768], eps=`cfg.eps * 2`) @bert.cpp:27:12
# CHECK-NEXT:    %5 = prim::phi(%3, %4) @bert.cpp:24:5
# CHECK-NEXT:    return %5 @bert.cpp:29:5
