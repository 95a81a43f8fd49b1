//===- Matcher.cpp - Finding a rule's pattern in a method -----------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Match/Matcher.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

using namespace llvm;
using adopter::dsl::Value;
using namespace adopter::rules;

namespace adopter::match {

namespace {

struct State {
  std::map<std::string, Value> Values, Attrs;
  std::map<std::string, std::string> Modules;
  std::set<int> Used;
  std::map<int, int> NodeOp; ///< pattern node -> matched op
  /// Phis a conditional op reaches the chain through (phi -> node).
  std::map<int, int> Phis;
};

/// Literal equality: numbers within a relative 1e-6, lists elementwise.
bool literalEqual(const Value &P, const Value &G) {
  auto DP = numericValue(P), DG = numericValue(G);
  if (P.K == Value::Kind::Bool || G.K == Value::Kind::Bool)
    return P.K == G.K && P.Bool == G.Bool;
  if (DP && DG) {
    if (std::isinf(*DP) || std::isinf(*DG))
      return *DP == *DG;
    return std::fabs(*DP - *DG) <=
           1e-6 * std::max(std::fabs(*DP), std::fabs(*DG));
  }
  if (P.K == Value::Kind::List && G.K == Value::Kind::List) {
    if (P.Elems.size() != G.Elems.size())
      return false;
    for (size_t I = 0; I < P.Elems.size(); ++I)
      if (!literalEqual(P.Elems[I], G.Elems[I]))
        return false;
    return true;
  }
  if (P.K == Value::Kind::Ident && G.K == Value::Kind::Ident) {
    // `kFloat` matches `torch::kFloat` and `at::kFloat`.
    StringRef A(P.Text), B(G.Text);
    return A == B || B.ends_with("::" + A.str()) || A.ends_with("::" + B.str());
  }
  if ((P.K == Value::Kind::String || P.K == Value::Kind::Ident) &&
      (G.K == Value::Kind::String || G.K == Value::Kind::Ident))
    return P.Text == G.Text;
  return false;
}

class Search {
public:
  Search(const FlowIndex &F, const Target &T, const Rule &R, const Pattern &P)
      : F(F), T(T), R(R), P(P) {}

  std::vector<Match> Out;

  void run() {
    State S;
    solve(static_cast<int>(P.Nodes.size()) - 1, S);
  }

private:
  const FlowIndex &F;
  const Target &T;
  const Rule &R;
  const Pattern &P;

  /// A graph argument normalized: references resolved through aliases.
  Value norm(const Value &V) const {
    if (V.isRef())
      return Value::ref(F.resolve(V.Text));
    return V;
  }

  struct ArgView {
    std::vector<const Value *> Pos;
    std::map<std::string, const Value *> Kw;
    const dsl::Submodule *Via = nullptr;
  };

  ArgView view(const dsl::Op &O) const {
    ArgView V;
    for (const dsl::Arg &A : O.Args) {
      if (A.Key.empty())
        V.Pos.push_back(&A.Val);
      else
        V.Kw[A.Key] = &A.Val;
    }
    if (const Value *Via = O.attr("via"))
      V.Via = F.submodule(Via->Text);
    return V;
  }

  /// The graph value for parameter \p Key / position \p Pos of \p O.
  std::optional<Value> lookup(const dsl::Op &O, const ArgView &V,
                              const std::string &Key, int Pos) const {
    std::string K =
        Key.empty() && Pos >= 0 ? OpSignatures::keyAt(O.Name, Pos) : Key;
    int Position = Key.empty() ? Pos : OpSignatures::position(O.Name, Key);
    if (Position >= 0 && Position < static_cast<int>(V.Pos.size()))
      return norm(*V.Pos[Position]);
    if (!K.empty()) {
      auto It = V.Kw.find(K);
      if (It != V.Kw.end())
        return norm(*It->second);
      // Options passed as an object the source does not spell out (a
      // parameter, a function's result): any option may be set in it.
      auto Opaque = V.Kw.find("options");
      if (Opaque != V.Kw.end() && K != "options")
        if (auto U = unknownOption(*Opaque->second, K))
          return U;
      if (V.Via) {
        for (const dsl::Arg &A : V.Via->Options)
          if (A.Key == K)
            return A.Val;
        for (const dsl::Arg &A : V.Via->Options)
          if (A.Key == "options")
            if (auto U = unknownOption(A.Val, K))
              return U;
        if (auto D = OpSignatures::moduleDefault(V.Via->Type, K))
          return D;
      }
    }
    return std::nullopt;
  }

  /// Option \p Key of an options object known only as C++ text: unknown
  /// (a symbol), so that a constraint on it cannot be proved.
  static std::optional<Value> unknownOption(const Value &Options,
                                            const std::string &Key) {
    if (Options.K != Value::Kind::Symbol)
      return std::nullopt;
    return Value::symbol(Options.Text + "." + Key + "()");
  }

  bool bindArg(const PatternArg &PA, const std::optional<Value> &G,
               State &S) const {
    switch (PA.K) {
    case PatternArg::Kind::Any:
    case PatternArg::Kind::Rest:
      return true;
    case PatternArg::Kind::Literal:
      return G && literalEqual(PA.Lit, *G);
    case PatternArg::Kind::ValueVar: {
      // `%v` is a tensor: an SSA value, never a literal (`x + 1.0` is not a
      // residual add); `$v` binds any argument.
      if (!G || !G->isRef())
        return false;
      auto It = S.Values.find(PA.Name);
      if (It != S.Values.end())
        return It->second.isRef()
                   ? (G->isRef() && It->second.Text == G->Text)
                   : (!G->isRef() && literalEqual(It->second, *G));
      S.Values[PA.Name] = *G;
      return true;
    }
    case PatternArg::Kind::AttrVar: {
      if (!G)
        return true;
      auto It = S.Attrs.find(PA.Name);
      if (It != S.Attrs.end())
        return It->second == *G || literalEqual(It->second, *G);
      S.Attrs[PA.Name] = *G;
      return true;
    }
    }
    return false;
  }

  /// Collects the leaves of a tree of \p Name ops rooted at \p Root whose
  /// inner results are used once.
  void flatten(int Root, const std::string &Name, std::vector<Value> &Leaves,
               std::vector<int> &Inner, const State &S) const {
    const dsl::Op &O = *F.op(Root).Op;
    for (size_t J = 0; J < 2 && J < O.Args.size(); ++J) {
      Value A = norm(O.Args[J].Val);
      if (A.isRef()) {
        int D = F.def(A.Text);
        if (D >= 0 && !S.Used.count(D) &&
            F.op(D).Op->K == dsl::Op::Kind::Call && F.op(D).Op->Name == Name &&
            F.op(D).Op->Args.size() == 2 && F.op(D).Op->Args[0].Key.empty() &&
            F.op(D).Op->Args[1].Key.empty() && F.uses(A.Text).size() == 1 &&
            F.op(D).Scope == F.op(Root).Scope) {
          Inner.push_back(D);
          flatten(D, Name, Leaves, Inner, S);
          continue;
        }
      }
      Leaves.push_back(A);
    }
  }

  bool nameMatches(const PatternAlt &A, const dsl::Op &O) const {
    if (O.K != dsl::Op::Kind::Call)
      return false;
    if (!A.ModuleVar.empty()) {
      if (!O.isSubmoduleCall())
        return false;
      const dsl::Submodule *Sub = F.submodule(O.Name);
      if (!Sub)
        return false;
      auto It = R.Modules.find(A.ModuleVar);
      if (It == R.Modules.end())
        return false;
      return std::find(It->second.begin(), It->second.end(), Sub->Type) !=
             It->second.end();
    }
    return O.Name == A.Op ||
           (!OpSignatures::isInPlace(A.Op) && O.Name == A.Op + "_");
  }

  /// Every way \p A matches op \p OpIdx, as extended states.
  std::vector<State> tryAlt(const PatternNode &N, const PatternAlt &A,
                            int OpIdx, const State &S0) const {
    std::vector<State> Res;
    const dsl::Op &O = *F.op(OpIdx).Op;
    if (!nameMatches(A, O) || O.Results.size() != 1)
      return Res;
    State S = S0;
    if (!A.ModuleVar.empty()) {
      auto It = S.Modules.find(A.ModuleVar);
      if (It != S.Modules.end() && It->second != O.Name)
        return Res;
      S.Modules[A.ModuleVar] = O.Name;
    }
    Value Result = Value::ref(O.Results[0]);
    auto RIt = S.Values.find(N.Result);
    if (RIt != S.Values.end() &&
        !(RIt->second.isRef() && RIt->second.Text == O.Results[0]))
      return Res;
    S.Values[N.Result] = Result;
    S.Used.insert(OpIdx);

    std::vector<const PatternArg *> PP, KP;
    for (const PatternArg &PA : A.Args)
      if (PA.K == PatternArg::Kind::Rest)
        continue;
      else if (PA.Key.empty())
        PP.push_back(&PA);
      else
        KP.push_back(&PA);
    ArgView V = view(O);
    std::string Base = OpSignatures::baseOp(O.Name).str();
    bool Comm = A.ModuleVar.empty() && isCommutative(Base);

    if (Comm && PP.size() >= 3) {
      if (!KP.empty() || V.Pos.size() != 2 || !V.Kw.empty())
        return Res;
      std::vector<Value> Leaves;
      std::vector<int> Inner;
      flatten(OpIdx, O.Name, Leaves, Inner, S);
      if (Leaves.size() != PP.size())
        return Res;
      for (int I : Inner)
        S.Used.insert(I);
      std::vector<size_t> Perm(PP.size());
      std::iota(Perm.begin(), Perm.end(), 0);
      do {
        State S2 = S;
        bool Ok = true;
        for (size_t J = 0; J < PP.size() && Ok; ++J)
          Ok = bindArg(*PP[Perm[J]], Leaves[J], S2);
        if (Ok)
          Res.push_back(std::move(S2));
      } while (std::next_permutation(Perm.begin(), Perm.end()));
      return Res;
    }

    // Coverage: without `...`, every graph argument must be accounted for.
    if (!A.hasRest()) {
      for (size_t J = 0; J < V.Pos.size(); ++J) {
        bool Covered = J < PP.size();
        for (const PatternArg *K : KP)
          Covered |=
              OpSignatures::position(O.Name, K->Key) == static_cast<int>(J);
        if (!Covered)
          return Res;
      }
      for (const auto &KV : V.Kw) {
        bool Covered = false;
        for (const PatternArg *K : KP)
          Covered |= K->Key == KV.first;
        int Pos = OpSignatures::position(O.Name, KV.first);
        Covered |= Pos >= 0 && Pos < static_cast<int>(PP.size());
        if (!Covered)
          return Res;
      }
    }

    std::vector<std::vector<size_t>> Orders = {{}};
    for (size_t J = 0; J < PP.size(); ++J)
      Orders[0].push_back(J);
    if (Comm && PP.size() == 2)
      Orders.push_back({1, 0});
    for (const auto &Order : Orders) {
      State S2 = S;
      bool Ok = true;
      for (size_t J = 0; J < PP.size() && Ok; ++J)
        Ok = bindArg(*PP[Order[J]], lookup(O, V, "", static_cast<int>(J)), S2);
      for (const PatternArg *K : KP) {
        if (!Ok)
          break;
        Ok = bindArg(*K, lookup(O, V, K->Key, -1), S2);
      }
      if (Ok)
        Res.push_back(std::move(S2));
    }
    return Res;
  }

  /// For `%p = prim::phi(%a, %b)` where `%a = OP(%b, ...)` runs on one
  /// path of an `if` and `%b` on the other is the value OP would have read
  /// (a mask added only when it is defined, a residual added only in the
  /// decoder): the op OP, which the chain may take as conditional.
  int conditionalOp(int Phi) const {
    const dsl::Op &O = *F.op(Phi).Op;
    if (O.K != dsl::Op::Kind::Call || O.Name != "prim::phi" ||
        O.Args.size() != 2)
      return -1;
    for (int K = 0; K < 2; ++K) {
      Value A = norm(O.Args[K].Val), B = norm(O.Args[1 - K].Val);
      if (!A.isRef() || !B.isRef() || A.Text == B.Text)
        continue;
      int D = F.def(A.Text);
      if (D < 0 || F.uses(A.Text).size() != 1 ||
          F.op(D).Op->K != dsl::Op::Kind::Call)
        continue;
      bool ReadsB = false;
      for (const dsl::Arg &Arg : F.op(D).Op->Args)
        ReadsB |= norm(Arg.Val) == B;
      bool OwnBranch = false;
      for (const auto &Br : F.op(D).Branches)
        OwnBranch |=
            std::find(F.op(Phi).Branches.begin(), F.op(Phi).Branches.end(),
                      Br) == F.op(Phi).Branches.end();
      if (ReadsB && OwnBranch)
        return D;
    }
    return -1;
  }

  void solve(int NodeIdx, State &S) {
    if (NodeIdx < 0) {
      finish(S);
      return;
    }
    const PatternNode &N = P.Nodes[NodeIdx];
    std::vector<int> Candidates;
    auto RIt = S.Values.find(N.Result);
    if (RIt != S.Values.end()) {
      if (!RIt->second.isRef())
        return;
      int D = F.def(RIt->second.Text);
      if (D < 0)
        return;
      Candidates.push_back(D);
      // The value comes through a phi: the op on one path may be this node,
      // applied conditionally.
      if (int C = conditionalOp(D);
          C >= 0 && !S.Used.count(C) && !S.Used.count(D) && !F.isDuplicate(C)) {
        State S2 = S;
        S2.Values[N.Result] = Value::ref(F.op(C).Op->Results[0]);
        S2.Used.insert(D);
        S2.Phis[D] = NodeIdx;
        for (const PatternAlt &A : N.Alts)
          for (State &Next : tryAlt(N, A, C, S2)) {
            Next.NodeOp[NodeIdx] = C;
            solve(NodeIdx - 1, Next);
          }
      }
    } else {
      bool FromUses = false;
      for (const PatternAlt &A : N.Alts)
        for (const PatternArg &PA : A.Args)
          if (!FromUses && PA.K == PatternArg::Kind::ValueVar) {
            auto VIt = S.Values.find(PA.Name);
            if (VIt != S.Values.end() && VIt->second.isRef()) {
              Candidates = F.uses(VIt->second.Text);
              FromUses = true;
            }
          }
      if (!FromUses)
        for (size_t I = 0; I < F.ops().size(); ++I)
          Candidates.push_back(static_cast<int>(I));
    }
    for (int C : Candidates) {
      if (S.Used.count(C) || F.isDuplicate(C))
        continue;
      for (const PatternAlt &A : N.Alts)
        for (State &Next : tryAlt(N, A, C, S)) {
          Next.NodeOp[NodeIdx] = C;
          solve(NodeIdx - 1, Next);
        }
    }
  }

  /// Checks the values that must not escape and the constraints.
  void finish(State S) {
    // A chain runs as often as each of its ops: all in the same loops (an
    // op before a loop feeding one inside it runs once against many times).
    const std::vector<int> *Nest = nullptr;
    for (int I : S.Used) {
      if (F.op(I).Op->Name == "prim::member")
        continue;
      if (!Nest)
        Nest = &F.op(I).Loops;
      else if (F.op(I).Loops != *Nest)
        return;
    }
    // Recomputations of matched ops belong to the chain too.
    for (int I : std::vector<int>(S.Used.begin(), S.Used.end()))
      for (int D : F.duplicates(I))
        S.Used.insert(D);
    auto IsOutput = [&](const std::string &Result) {
      return std::find(P.Outputs.begin(), P.Outputs.end(), Result) !=
             P.Outputs.end();
    };
    // An intermediate value used outside the chain blocks it (a use on the
    // other path of an `if` does not).
    auto Escapes = [&](const std::string &Value) {
      const std::vector<int> &Uses = F.uses(Value);
      for (int U : Uses) {
        if (S.Used.count(U))
          continue;
        bool OtherPath = false;
        for (int C : Uses)
          if (S.Used.count(C) && F.exclusive(U, C))
            OtherPath = true;
        if (!OtherPath)
          return true;
      }
      return false;
    };
    for (const PatternNode &N : P.Nodes)
      if (!IsOutput(N.Result) && Escapes(S.Values.at(N.Result).Text))
        return;
    // A conditional op's value reaches the chain as the phi.
    for (const auto &[Phi, Node] : S.Phis)
      if (!IsOutput(P.Nodes[Node].Result) && Escapes(F.op(Phi).Op->Results[0]))
        return;
    Match M;
    M.R = &R;
    M.Ops.assign(S.Used.begin(), S.Used.end());
    M.Values = S.Values;
    M.Attrs = S.Attrs;
    M.Modules = S.Modules;
    for (const auto &KV : S.NodeOp)
      M.NodeOps.push_back(KV.second);
    ConstraintLookup Lookup = [&](StringRef Var,
                                  StringRef Key) -> std::optional<Value> {
      if (Var == "target" && Key.empty())
        return Value::string(T.Device);
      if (Var == "dtype" && Key.empty())
        return Value::string(T.Dtype);
      auto MIt = S.Modules.find(Var.str());
      if (MIt != S.Modules.end()) {
        const dsl::Submodule *Sub = F.submodule(MIt->second);
        if (!Sub)
          return std::nullopt;
        if (Key.empty())
          return Value::string(MIt->second);
        if (Key == "type")
          return Value::string(Sub->Type);
        for (const dsl::Arg &A : Sub->Options)
          if (A.Key == Key)
            return A.Val;
        for (const dsl::Arg &A : Sub->Options)
          if (A.Key == "options")
            if (auto U = Search::unknownOption(A.Val, Key.str()))
              return U;
        return OpSignatures::moduleDefault(Sub->Type, Key);
      }
      auto AIt = S.Attrs.find(Var.str());
      if (AIt != S.Attrs.end() && Key.empty())
        return AIt->second;
      return std::nullopt;
    };
    for (const auto &C : R.Constraints) {
      Truth Tr = C->evaluate(Lookup);
      if (Tr == Truth::False)
        return;
      if (Tr == Truth::Unknown)
        M.Undecided.push_back(C->text());
    }
    Out.push_back(std::move(M));
  }
};

} // namespace

const std::vector<std::string> &Target::devices() {
  static const std::vector<std::string> D = {"cpu", "cuda"};
  return D;
}

const std::vector<std::string> &Target::dtypes() {
  static const std::vector<std::string> D = {"float32", "float16", "bfloat16",
                                             "float64"};
  return D;
}

std::string Target::known(const std::vector<std::string> &Names) {
  return llvm::join(Names, ", ");
}

std::vector<Match> Matcher::match(const Rule &R) const {
  std::vector<Match> All;
  for (size_t I = 0; I < R.Expanded.size(); ++I) {
    Search S(F, T, R, R.Expanded[I]);
    S.run();
    for (Match &M : S.Out) {
      M.Pattern = I < R.ExpandedFrom.size() ? R.ExpandedFrom[I] : 0;
      All.push_back(std::move(M));
    }
  }
  // One match per set of ops; drop matches contained in a larger one. Of
  // the bindings of one set of ops (symmetric patterns: q, k, v), keep the
  // one that follows program order.
  std::vector<Match> Out;
  std::sort(All.begin(), All.end(), [](const Match &A, const Match &B) {
    if (A.Ops.size() != B.Ops.size())
      return A.Ops.size() > B.Ops.size();
    if (A.Ops != B.Ops)
      return A.Ops < B.Ops;
    return A.NodeOps < B.NodeOps;
  });
  for (Match &M : All) {
    bool Redundant = false;
    for (const Match &K : Out)
      if (std::includes(K.Ops.begin(), K.Ops.end(), M.Ops.begin(), M.Ops.end()))
        Redundant = true;
    if (!Redundant)
      Out.push_back(std::move(M));
  }
  std::sort(Out.begin(), Out.end(),
            [](const Match &A, const Match &B) { return A.Ops < B.Ops; });
  return Out;
}

} // namespace adopter::match
