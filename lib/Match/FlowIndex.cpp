//===- FlowIndex.cpp - Data flow of one method, flattened -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Match/FlowIndex.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Match/CalleeBody.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include <algorithm>

using namespace llvm;

namespace adopter::match {

static std::string withoutSpaces(StringRef S) {
  std::string Out;
  for (char C : S)
    if (C != ' ')
      Out += C;
  return Out;
}

static thread_local const ModuleTypeIndex *CurrentIndex = nullptr;

ModuleTypeIndex::ModuleTypeIndex(const dsl::Graph &G)
    : G(G), Outer(CurrentIndex) {
  // The first module that has a name wins, as in the scan below.
  for (const dsl::Module &Mod : G.Modules) {
    ByName.emplace(withoutSpaces(Mod.Name), &Mod);
    for (const char *Key : {"impl", "holder"})
      if (const dsl::Value *V = Mod.attr(Key))
        if (!V->Text.empty())
          ByName.emplace(withoutSpaces(V->Text), &Mod);
  }
  CurrentIndex = this;
}

ModuleTypeIndex::~ModuleTypeIndex() { CurrentIndex = Outer; }

const ModuleTypeIndex *ModuleTypeIndex::current(const dsl::Graph &G) {
  for (const ModuleTypeIndex *I = CurrentIndex; I; I = I->Outer)
    if (&I->G == &G)
      return I;
  return nullptr;
}

const dsl::Module *ModuleTypeIndex::find(const std::string &Type) const {
  auto It = ByName.find(withoutSpaces(Type));
  return It == ByName.end() ? nullptr : It->second;
}

const dsl::Module *moduleForType(const dsl::Graph &G, const std::string &Type) {
  if (const ModuleTypeIndex *I = ModuleTypeIndex::current(G))
    return I->find(Type);
  std::string T = withoutSpaces(Type);
  for (const dsl::Module &Mod : G.Modules) {
    if (withoutSpaces(Mod.Name) == T)
      return &Mod;
    for (const char *Key : {"impl", "holder"})
      if (const dsl::Value *V = Mod.attr(Key))
        if (!V->Text.empty() && withoutSpaces(V->Text) == T)
          return &Mod;
  }
  return nullptr;
}

bool isModuleMethod(const dsl::Graph &G, StringRef Scope) {
  size_t P = Scope.rfind("::");
  if (P == StringRef::npos)
    return false;
  const dsl::Module *M = moduleForType(G, Scope.substr(0, P).str());
  return M && M->method(Scope.substr(P + 2).str());
}

FlowIndex::FlowIndex(const dsl::Graph &G, const dsl::Module &M,
                     const dsl::Method &Fn)
    : G(G), M(M), Fn(Fn) {
  std::vector<int> Scope;
  std::vector<std::pair<int, int>> Branches;
  walk(Fn.Body, Scope, Branches);
  // Resolve use lists onto aliases' targets once the whole body is known.
  {
    std::map<std::string, std::vector<int>> Resolved;
    for (auto &KV : Uses) {
      auto &Dst = Resolved[resolve(KV.first)];
      Dst.insert(Dst.end(), KV.second.begin(), KV.second.end());
    }
    for (auto &KV : Resolved) {
      std::sort(KV.second.begin(), KV.second.end());
      KV.second.erase(std::unique(KV.second.begin(), KV.second.end()),
                      KV.second.end());
    }
    Uses = std::move(Resolved);
  }
}

void FlowIndex::addUses(const dsl::Value &V, int User) {
  if (V.K == dsl::Value::Kind::Ref)
    Uses[V.Text].push_back(User);
  for (const dsl::Value &E : V.Elems)
    addUses(E, User);
}

void FlowIndex::walk(const std::vector<dsl::Op> &Body, std::vector<int> &Scope,
                     std::vector<std::pair<int, int>> &Branches) {
  for (const dsl::Op &Written : Body) {
    // A method defined in another unit: its body from the merged graph.
    const dsl::Op *Op = &Written;
    if (Scope.size() < 8)
      if (auto In = calleeBody(G, Written,
                               "u" + std::to_string(Synthetic.size()) + ":")) {
        Synthetic.push_back(std::move(*In));
        Op = &Synthetic.back();
      }
    const dsl::Op &O = *Op;
    int I = static_cast<int>(Ops.size());
    Ops.push_back({&O, Scope, Branches, LoopStack});
    // `auto [a, b] = m(x)` / std::get<0>(m(x)) of an inline op yielding a
    // tuple: the parts are the yielded values.
    if ((O.Name == "prim::unpack" || O.Name == "prim::getitem") &&
        !O.Args.empty() && O.Args[0].Val.isRef()) {
      auto TY = TupleYields.find(O.Args[0].Val.Text);
      if (TY != TupleYields.end()) {
        if (O.Name == "prim::unpack") {
          for (size_t K = 0; K < O.Results.size() && K < TY->second.size(); ++K)
            Alias[O.Results[K]] = TY->second[K];
        } else if (O.Args.size() == 2 && O.Results.size() == 1 &&
                   O.Args[1].Val.K == dsl::Value::Kind::Int &&
                   O.Args[1].Val.Int >= 0 &&
                   static_cast<size_t>(O.Args[1].Val.Int) < TY->second.size()) {
          Alias[O.Results[0]] = TY->second[O.Args[1].Val.Int];
        }
      }
    }
    for (const std::string &R : O.Results)
      Defs[R] = I;
    if (!O.Name.empty())
      ByName[O.Name].push_back(I);
    noteDuplicate(I);
    bool Transparent =
        O.K == dsl::Op::Kind::Yield || O.K == dsl::Op::Kind::Inline;
    if (!Transparent)
      for (const dsl::Arg &A : O.Args)
        addUses(A.Val, I);
    switch (O.K) {
    case dsl::Op::Kind::Inline: {
      const std::vector<dsl::Op> &R =
          O.Regions.empty() ? std::vector<dsl::Op>() : O.Regions.front();
      // The inline op's result is the value its body yields.
      if (O.Results.size() == 1 && !R.empty() &&
          R.back().K == dsl::Op::Kind::Yield && R.back().Args.size() == 1 &&
          R.back().Args[0].Val.isRef())
        Alias[O.Results[0]] = R.back().Args[0].Val.Text;
      else if (O.Results.size() > 1 && !R.empty() &&
               R.back().K == dsl::Op::Kind::Yield &&
               R.back().Args.size() == O.Results.size()) {
        for (size_t K = 0; K < O.Results.size(); ++K)
          if (R.back().Args[K].Val.isRef())
            Alias[O.Results[K]] = R.back().Args[K].Val.Text;
      } else if (O.Results.size() == 1 && !R.empty() &&
                 R.back().K == dsl::Op::Kind::Yield &&
                 R.back().Args.size() > 1) {
        std::vector<std::string> Parts;
        for (const dsl::Arg &A : R.back().Args)
          Parts.push_back(A.Val.isRef() ? A.Val.Text : "");
        TupleYields[O.Results[0]] = std::move(Parts);
      }
      Scope.push_back(I);
      if (!O.Regions.empty())
        walk(O.Regions.front(), Scope, Branches);
      Scope.pop_back();
      break;
    }
    case dsl::Op::Kind::If:
      for (size_t B = 0; B < O.Regions.size(); ++B) {
        Branches.push_back({I, static_cast<int>(B)});
        Regions.push_back(I * 2 + static_cast<int>(B));
        walk(O.Regions[B], Scope, Branches);
        Regions.pop_back();
        Branches.pop_back();
      }
      break;
    case dsl::Op::Kind::Loop:
      Regions.push_back(I * 2);
      LoopStack.push_back(I);
      for (const auto &R : O.Regions)
        walk(R, Scope, Branches);
      LoopStack.pop_back();
      Regions.pop_back();
      break;
    default:
      break;
    }
  }
}

bool FlowIndex::isPure(const dsl::Op &O) {
  StringRef N(O.Name);
  if (O.K != dsl::Op::Kind::Call || !N.starts_with("aten::") ||
      O.Results.size() != 1 || O.attr("inplace") ||
      rules::OpSignatures::isInPlace(N))
    return false;
  for (StringRef Impure : {"dropout", "rand", "bernoulli", "multinomial",
                           "normal", "uniform", "empty", "alpha_dropout"})
    if (N.drop_front(6).starts_with(Impure))
      return false;
  return true;
}

void FlowIndex::noteDuplicate(int I) {
  const dsl::Op &O = *Ops[I].Op;
  if (!isPure(O))
    return;
  std::string Key = O.Name + "(";
  for (const dsl::Arg &A : O.Args) {
    dsl::Value V = A.Val;
    if (V.isRef())
      V.Text = resolve(V.Text);
    Key += A.Key + "=" + dsl::toString(V) + ",";
  }
  auto &Firsts = Pure[Key];
  for (const auto &F : Firsts) {
    // The first computation dominates this one when its region path is a
    // prefix of ours (structured control flow).
    if (F.second.size() <= Regions.size() &&
        std::equal(F.second.begin(), F.second.end(), Regions.begin())) {
      Alias[O.Results[0]] = Ops[F.first].Op->Results[0];
      DupAlias.insert(O.Results[0]);
      Dups[F.first].push_back(I);
      DupOf[I] = F.first;
      return;
    }
  }
  Firsts.push_back({I, Regions});
}

const std::vector<int> &FlowIndex::duplicates(int I) const {
  static const std::vector<int> None;
  auto It = Dups.find(I);
  return It == Dups.end() ? None : It->second;
}

std::string FlowIndex::resolve(const std::string &Value,
                               bool ThroughRepeats) const {
  std::string V = Value;
  for (unsigned Guard = 0; Guard < 64 && (ThroughRepeats || !DupAlias.count(V));
       ++Guard) {
    auto It = Alias.find(V);
    if (It == Alias.end())
      break;
    V = It->second;
  }
  return V;
}

int FlowIndex::def(const std::string &Value) const {
  auto It = Defs.find(resolve(Value));
  return It == Defs.end() ? -1 : It->second;
}

const std::vector<int> &FlowIndex::uses(const std::string &Value) const {
  static const std::vector<int> None;
  auto It = Uses.find(resolve(Value));
  return It == Uses.end() ? None : It->second;
}

const std::vector<int> &FlowIndex::opsNamed(const std::string &Name) const {
  static const std::vector<int> None;
  auto It = ByName.find(Name);
  return It == ByName.end() ? None : It->second;
}

const dsl::Submodule *FlowIndex::submodule(const std::string &Path) const {
  SmallVector<StringRef, 4> Segs;
  StringRef P(Path);
  // `this.0`: an element of a module that is itself a container.
  if (P.consume_front("this.") || P == "this")
    if (P == "this")
      return nullptr;
  P.split(Segs, '.');
  const std::vector<dsl::Submodule> *Cur = &M.Members;
  const dsl::Submodule *Found = nullptr;
  for (size_t I = 0; I < Segs.size(); ++I) {
    Found = nullptr;
    if (!Cur)
      return nullptr;
    // `*3`: the unplaced element at index 3 of the list.
    unsigned Pos;
    if (Segs[I].starts_with("*") && !Segs[I].drop_front().getAsInteger(10, Pos))
      Found =
          Pos < Cur->size() && (*Cur)[Pos].Name == "*" ? &(*Cur)[Pos] : nullptr;
    else
      for (const dsl::Submodule &S : *Cur)
        if (S.Name == Segs[I]) {
          Found = &S;
          break;
        }
    // `layers.*` (an element at a run-time index) of a list whose elements
    // are all the same type built with the same options: any of them.
    if (!Found && Segs[I] == "*" && !Cur->empty() &&
        llvm::all_of(*Cur, [&](const dsl::Submodule &S) {
          return S.Type == Cur->front().Type &&
                 S.Options == Cur->front().Options && S.Elements.empty();
        }))
      Found = &Cur->front();
    if (!Found)
      return nullptr;
    if (!Found->Elements.empty())
      Cur = &Found->Elements;
    else if (const dsl::Module *Sub = moduleForType(G, Found->Type))
      Cur = &Sub->Members;
    else
      Cur = nullptr;
  }
  return Found;
}

bool FlowIndex::exclusive(int A, int B) const {
  for (const auto &BA : Ops[A].Branches)
    for (const auto &BB : Ops[B].Branches)
      if (BA.first == BB.first && BA.second != BB.second)
        return true;
  return false;
}

} // namespace adopter::match
