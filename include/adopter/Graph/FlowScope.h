//===- FlowScope.h - One activation during flow building --------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The state of one function activation while FlowBuilder executes a method
// symbolically: where ops go, what each variable holds, and the values
// returned so far.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_GRAPH_FLOWSCOPE_H
#define ADOPTER_GRAPH_FLOWSCOPE_H

#include "adopter/Graph/FlowBuilder.h"

namespace adopter::graph {

struct FlowBuilder::Scope {
  std::vector<dsl::Op> *Block = nullptr;
  std::map<const clang::ValueDecl *, FV> Vars;
  ConstEnv Consts;
  FV This;
  std::vector<const clang::FunctionDecl *> Stack;
  std::vector<FV> Returns;
  bool Inlined = false;
  /// SSA names of tensor members (buffers, parameters) read so far.
  std::map<std::string, std::string> Members;

  void bind(const clang::ValueDecl *D, const FV &V) {
    Vars[D] = V;
    if (V.K == FV::Kind::Const)
      Consts[D] = V.C;
    else
      Consts.erase(D);
  }
  const FV *lookup(const clang::ValueDecl *D) const {
    auto It = Vars.find(D);
    return It == Vars.end() ? nullptr : &It->second;
  }
  /// A nested region of the same activation.
  Scope child(std::vector<dsl::Op> *B) const {
    Scope S = *this;
    S.Block = B;
    return S;
  }
};

} // namespace adopter::graph

#endif // ADOPTER_GRAPH_FLOWSCOPE_H
