// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs > %t.dsl
// RUN: FileCheck --strict-whitespace --match-full-lines %s < %t.dsl
// RUN: %adopter dsl %t.dsl | diff %t.dsl -
// FEATURE: module Encoder (EncoderImpl declared with its members in Inputs/header_split.h, constructor and forward defined out of line here) with submodules embed = Embedding(num_embeddings=vocab, embedding_dim=dim), rnn = GRU(input_size=dim, hidden_size=dim, batch_first=true), head = Linear(in=dim, out=out), instantiated as Encoder(1000, 64, 10); forward: tokens -> embed -> rnn (std::get<0> of its tuple result) -> select last time step -> head -> return.
#include "header_split.h"

#include <torch/torch.h>

EncoderImpl::EncoderImpl(int64_t vocab, int64_t dim, int64_t out) {
  embed = register_module("embed", torch::nn::Embedding(vocab, dim));
  rnn = register_module(
      "rnn", torch::nn::GRU(torch::nn::GRUOptions(dim, dim).batch_first(true)));
  head = register_module("head", torch::nn::Linear(dim, out));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor &tokens) {
  auto x = embed(tokens);
  auto output = std::get<0>(rnn(x));
  auto last = output.select(1, -1);
  return head(last);
}

int main() {
  Encoder enc(1000, 64, 10);
  auto y = enc(torch::randint(0, 1000, {2, 7}));
  return y.size(1) == 10 ? 0 : 1;
}

// CHECK-LABEL:module Encoder {impl="EncoderImpl"} @{{.*}}Inputs/header_split.h:6:7
// CHECK-NEXT:  embed = torch::nn::Embedding(num_embeddings=`vocab`, embedding_dim=`dim`) {registered} @{{.*}}Inputs/header_split.h:13:24
// CHECK-NEXT:  rnn = torch::nn::GRU(input_size=`dim`, hidden_size=`dim`, batch_first=true) {registered} @{{.*}}Inputs/header_split.h:14:18
// CHECK-NEXT:  head = torch::nn::Linear(in_features=`dim`, out_features=`out`) {registered} @{{.*}}Inputs/header_split.h:15:21
// CHECK-NEXT:  forward(%tokens) @{{.*}}header-split.cpp:16:28:
// CHECK-NEXT:    %0 = embed(%tokens) @{{.*}}header-split.cpp:17:12
// CHECK-NEXT:    %1 = rnn(%0) @{{.*}}header-split.cpp:18:29
// CHECK-NEXT:    %2 = prim::getitem(%1, 0) @{{.*}}header-split.cpp:18:17
// CHECK-NEXT:    %3 = aten::select(%2, 1, -1) @{{.*}}header-split.cpp:19:22
// CHECK-NEXT:    %4 = head(%3) @{{.*}}header-split.cpp:20:10
// CHECK-NEXT:    return %4 @{{.*}}header-split.cpp:20:3
