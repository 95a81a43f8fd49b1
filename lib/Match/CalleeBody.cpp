//===- CalleeBody.cpp - A call's callee body from another unit ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Match/CalleeBody.h"
#include "adopter/Match/FlowIndex.h"
#include "llvm/ADT/StringRef.h"
#include <map>

using namespace llvm;

namespace adopter::match {

namespace {

struct Renamer {
  std::string Prefix; ///< for the callee's SSA values
  std::string Path;   ///< the submodule path of the callee in the caller
  std::map<std::string, dsl::Value> Params;

  dsl::Value value(const dsl::Value &V) const {
    if (V.isRef()) {
      auto It = Params.find(V.Text);
      return It != Params.end() ? It->second : dsl::Value::ref(Prefix + V.Text);
    }
    dsl::Value R = V;
    for (dsl::Value &E : R.Elems)
      E = value(E);
    return R;
  }

  std::string path(StringRef Name) const {
    if (Name == "this")
      return Path;
    Name.consume_front("this.");
    return Path + "." + Name.str();
  }

  dsl::Op op(const dsl::Op &O) const {
    dsl::Op R = O;
    for (std::string &Res : R.Results)
      Res = Prefix + Res;
    for (dsl::Arg &A : R.Args)
      A.Val = value(A.Val);
    if (O.isSubmoduleCall() || (O.K == dsl::Op::Kind::Inline &&
                                O.Name.find("::") == std::string::npos))
      R.Name = path(O.Name);
    for (dsl::Arg &A : R.Attrs)
      if ((A.Key == "via" || (A.Key == "name" && O.Name == "prim::member")) &&
          !A.Val.Text.empty())
        A.Val.Text = path(A.Val.Text);
    if (R.K == dsl::Op::Kind::Return)
      R.K = dsl::Op::Kind::Yield;
    for (size_t I = 0; I < O.Regions.size(); ++I)
      for (size_t J = 0; J < O.Regions[I].size(); ++J)
        R.Regions[I][J] = op(O.Regions[I][J]);
    return R;
  }
};

} // namespace

std::optional<dsl::Op> calleeBody(const dsl::Graph &G, const dsl::Op &Call,
                                  const std::string &Prefix) {
  const dsl::Value *Reason = Call.attr("reason");
  const dsl::Value *Scope = Call.attr("scope");
  if (Call.K != dsl::Op::Kind::Call || !Reason ||
      Reason->Text != "no definition" || !Scope || !Call.isSubmoduleCall() ||
      Call.Results.size() != 1)
    return std::nullopt;
  StringRef S(Scope->Text);
  size_t P = S.rfind("::");
  if (P == StringRef::npos)
    return std::nullopt;
  const dsl::Module *Callee = moduleForType(G, S.substr(0, P).str());
  const dsl::Method *Me =
      Callee ? Callee->method(S.substr(P + 2).str()) : nullptr;
  if (!Me || Me->Body.empty())
    return std::nullopt;
  // Only a body that ends in its one return (no early returns).
  size_t Returns = 0;
  for (const dsl::Op &O : Me->Body)
    Returns += O.K == dsl::Op::Kind::Return;
  if (Returns != 1 || Me->Body.back().K != dsl::Op::Kind::Return)
    return std::nullopt;
  std::vector<const dsl::Value *> Pos;
  for (const dsl::Arg &A : Call.Args)
    if (A.Key.empty())
      Pos.push_back(&A.Val);
  if (Pos.size() != Me->Params.size())
    return std::nullopt;
  Renamer R;
  R.Prefix = Prefix;
  R.Path = Call.Name;
  for (size_t I = 0; I < Pos.size(); ++I)
    R.Params[Me->Params[I]] = *Pos[I];
  dsl::Op In;
  In.K = dsl::Op::Kind::Inline;
  In.Name = Call.Name;
  In.Args = Call.Args;
  In.Results = Call.Results;
  In.Loc = Call.Loc;
  In.Attrs.push_back({"scope", *Scope});
  In.Regions.resize(1);
  for (const dsl::Op &O : Me->Body)
    In.Regions[0].push_back(R.op(O));
  return In;
}

} // namespace adopter::match
