// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Jumps fills Sequentials in loops and branches that jump: after `if (i == skip) continue;` the ReLU is appended only under `!(i == skip)` (skip is a run-time value), in every unrolled iteration; with `if (i == 1) continue;` (known) the second iteration appends nothing; after `if (i == skip) break;` the rest of the iteration and every later one are under `!(i == skip)`; a switch appends each case's element under its case (`act == 0`, `act == 1`), a `break` ending the case; after `if (!head) return;` the tail's Linear is under `head`. TORCH_CHECK and `if (...) throw` guards end no path a module is built on, so they condition nothing.
#include <torch/torch.h>

struct JumpsImpl : torch::nn::Module {
  JumpsImpl(int skip, int n, bool head, int act) {
    TORCH_CHECK(n > 0, "n must be positive");
    if (n > 100)
      throw std::invalid_argument("too many blocks");
    for (int i = 0; i < 3; ++i) {
      skipped->push_back(torch::nn::Linear(8, 8));
      if (i == skip)
        continue;
      skipped->push_back(torch::nn::ReLU());
    }
    for (int i = 0; i < 3; ++i) {
      if (i == 1)
        continue;
      known->push_back(torch::nn::Linear(8, 8));
      known->push_back(torch::nn::ReLU());
    }
    for (int i = 0; i < 3; ++i) {
      stopped->push_back(torch::nn::Linear(8, 8));
      if (i == skip)
        break;
      stopped->push_back(torch::nn::Tanh());
    }
    switch (act) {
    case 0:
      picked->push_back(torch::nn::ReLU());
      break;
    case 1:
      picked->push_back(torch::nn::GELU());
      break;
    default:
      break;
    }
    register_module("skipped", skipped);
    register_module("known", known);
    register_module("stopped", stopped);
    register_module("picked", picked);
    if (!head)
      return;
    tail->push_back(torch::nn::Linear(8, 8));
    register_module("tail", tail);
  }
  torch::Tensor forward(torch::Tensor x) {
    x = skipped->forward(x);
    x = known->forward(x);
    x = stopped->forward(x);
    x = picked->forward(x);
    return tail->forward(x);
  }
  torch::nn::Sequential skipped, known, stopped, picked, tail;
};
TORCH_MODULE(Jumps);

// CHECK-LABEL:module Jumps {impl="JumpsImpl"} @{{.*}}sequential-pushback-jumps.cpp:7:8
// CHECK-NEXT:  skipped = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-jumps.cpp:56:25:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-pushback-jumps.cpp:13:26
// CHECK-NEXT:    * = torch::nn::ReLU() {when=`!(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:16:26
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-pushback-jumps.cpp:13:26
// CHECK-NEXT:    * = torch::nn::ReLU() {when=`!(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:16:26
// CHECK-NEXT:    4 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-pushback-jumps.cpp:13:26
// CHECK-NEXT:    * = torch::nn::ReLU() {when=`!(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:16:26
// CHECK-NEXT:  known = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-jumps.cpp:56:34:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-pushback-jumps.cpp:21:24
// CHECK-NEXT:    1 = torch::nn::ReLU() @{{.*}}sequential-pushback-jumps.cpp:22:24
// CHECK-NEXT:    2 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-pushback-jumps.cpp:21:24
// CHECK-NEXT:    3 = torch::nn::ReLU() @{{.*}}sequential-pushback-jumps.cpp:22:24
// CHECK-NEXT:  stopped = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-jumps.cpp:56:41:
// CHECK-NEXT:    0 = torch::nn::Linear(in_features=8, out_features=8) @{{.*}}sequential-pushback-jumps.cpp:25:26
// CHECK-NEXT:    * = torch::nn::Tanh() {when=`!(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:28:26
// CHECK-NEXT:    * = torch::nn::Linear(in_features=8, out_features=8) {when=`!(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:25:26
// CHECK-NEXT:    * = torch::nn::Tanh() {when=`(!(i == skip)) && !(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:28:26
// CHECK-NEXT:    * = torch::nn::Linear(in_features=8, out_features=8) {when=`(!(i == skip)) && !(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:25:26
// CHECK-NEXT:    * = torch::nn::Tanh() {when=`((!(i == skip)) && !(i == skip)) && !(i == skip)`} @{{.*}}sequential-pushback-jumps.cpp:28:26
// CHECK-NEXT:  picked = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-jumps.cpp:56:50:
// CHECK-NEXT:    * = torch::nn::ReLU() {when=`act == 0`} @{{.*}}sequential-pushback-jumps.cpp:32:25
// CHECK-NEXT:    * = torch::nn::GELU() {when=`act == 1`} @{{.*}}sequential-pushback-jumps.cpp:35:25
// CHECK-NEXT:  tail = torch::nn::Sequential {registered} @{{.*}}sequential-pushback-jumps.cpp:56:58:
// CHECK-NEXT:    * = torch::nn::Linear(in_features=8, out_features=8) {when=`head`} @{{.*}}sequential-pushback-jumps.cpp:46:21
// CHECK-NEXT:  forward(%x) @{{.*}}sequential-pushback-jumps.cpp:49:17:
// CHECK-NEXT:    %9 = inline skipped(%x) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-jumps.cpp:50:18:
// CHECK-NEXT:      %0 = skipped.0(%x) @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      if `!(i == skip)` @{{.*}}sequential-pushback-jumps.cpp:50:18:
// CHECK-NEXT:        %1 = aten::relu(%0) {via=skipped.*1} @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      %2 = prim::phi(%1, %0) @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      %3 = skipped.2(%2) @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      if `!(i == skip)` @{{.*}}sequential-pushback-jumps.cpp:50:18:
// CHECK-NEXT:        %4 = aten::relu(%3) {via=skipped.*3} @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      %5 = prim::phi(%4, %3) @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      %6 = skipped.4(%5) @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      if `!(i == skip)` @{{.*}}sequential-pushback-jumps.cpp:50:18:
// CHECK-NEXT:        %7 = aten::relu(%6) {via=skipped.*5} @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      %8 = prim::phi(%7, %6) @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:      yield %8 @{{.*}}sequential-pushback-jumps.cpp:50:18
// CHECK-NEXT:    %14 = inline known(%9) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-jumps.cpp:51:16:
// CHECK-NEXT:      %10 = known.0(%9) @{{.*}}sequential-pushback-jumps.cpp:51:16
// CHECK-NEXT:      %11 = aten::relu(%10) {via=known.1} @{{.*}}sequential-pushback-jumps.cpp:51:16
// CHECK-NEXT:      %12 = known.2(%11) @{{.*}}sequential-pushback-jumps.cpp:51:16
// CHECK-NEXT:      %13 = aten::relu(%12) {via=known.3} @{{.*}}sequential-pushback-jumps.cpp:51:16
// CHECK-NEXT:      yield %13 @{{.*}}sequential-pushback-jumps.cpp:51:16
// CHECK-NEXT:    %24 = inline stopped(%14) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-jumps.cpp:52:18:
// CHECK-NEXT:      %15 = stopped.0(%14) @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      if `!(i == skip)` @{{.*}}sequential-pushback-jumps.cpp:52:18:
// CHECK-NEXT:        %16 = aten::tanh(%15) {via=stopped.*1} @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:        %17 = stopped.*2(%16) @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      %18 = prim::phi(%17, %15) @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      if `(!(i == skip)) && !(i == skip)` @{{.*}}sequential-pushback-jumps.cpp:52:18:
// CHECK-NEXT:        %19 = aten::tanh(%18) {via=stopped.*3} @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:        %20 = stopped.*4(%19) @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      %21 = prim::phi(%20, %18) @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      if `((!(i == skip)) && !(i == skip)) && !(i == skip)` @{{.*}}sequential-pushback-jumps.cpp:52:18:
// CHECK-NEXT:        %22 = aten::tanh(%21) {via=stopped.*5} @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      %23 = prim::phi(%22, %21) @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:      yield %23 @{{.*}}sequential-pushback-jumps.cpp:52:18
// CHECK-NEXT:    %29 = inline picked(%24) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-jumps.cpp:53:17:
// CHECK-NEXT:      if `act == 0` @{{.*}}sequential-pushback-jumps.cpp:53:17:
// CHECK-NEXT:        %25 = aten::relu(%24) {via=picked.*0} @{{.*}}sequential-pushback-jumps.cpp:53:17
// CHECK-NEXT:      %26 = prim::phi(%25, %24) @{{.*}}sequential-pushback-jumps.cpp:53:17
// CHECK-NEXT:      if `act == 1` @{{.*}}sequential-pushback-jumps.cpp:53:17:
// CHECK-NEXT:        %27 = aten::gelu(%26) {via=picked.*1} @{{.*}}sequential-pushback-jumps.cpp:53:17
// CHECK-NEXT:      %28 = prim::phi(%27, %26) @{{.*}}sequential-pushback-jumps.cpp:53:17
// CHECK-NEXT:      yield %28 @{{.*}}sequential-pushback-jumps.cpp:53:17
// CHECK-NEXT:    %32 = inline tail(%29) {scope="torch::nn::Sequential"} @{{.*}}sequential-pushback-jumps.cpp:54:18:
// CHECK-NEXT:      if `head` @{{.*}}sequential-pushback-jumps.cpp:54:18:
// CHECK-NEXT:        %30 = tail.*0(%29) @{{.*}}sequential-pushback-jumps.cpp:54:18
// CHECK-NEXT:      %31 = prim::phi(%30, %29) @{{.*}}sequential-pushback-jumps.cpp:54:18
// CHECK-NEXT:      yield %31 @{{.*}}sequential-pushback-jumps.cpp:54:18
// CHECK-NEXT:    return %32 @{{.*}}sequential-pushback-jumps.cpp:54:5
