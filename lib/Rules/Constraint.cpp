//===- Constraint.cpp - Constraint expressions ----------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rules/Constraint.h"
#include "llvm/ADT/StringExtras.h"
#include <cctype>
#include <cmath>

using namespace llvm;
using adopter::dsl::Value;

namespace adopter::rules {

std::optional<double> numericValue(const Value &V) {
  switch (V.K) {
  case Value::Kind::Int:
    return static_cast<double>(V.Int);
  case Value::Kind::Float:
    return V.Float;
  case Value::Kind::Bool:
    return V.Bool ? 1.0 : 0.0;
  default:
    return std::nullopt;
  }
}

struct Constraint::Node {
  enum class Kind { Lit, Var, Unary, Binary, Call, List } K = Kind::Lit;
  Value Lit;
  std::string Name, Key; // Var: $Name.Key; Call: Name; Unary/Binary: Name=op
  std::vector<std::unique_ptr<Node>> Kids;
};

namespace {

/// A value or "not known at compile time".
struct EV {
  bool Known = false;
  Value V;
  static EV unknown() { return EV(); }
  static EV of(Value V) {
    EV E;
    E.Known = true;
    E.V = std::move(V);
    return E;
  }
  static EV truth(Truth T) {
    return T == Truth::Unknown ? unknown()
                               : of(Value::boolean(T == Truth::True));
  }
};

Truth asTruth(const EV &E) {
  if (!E.Known)
    return Truth::Unknown;
  if (E.V.K == Value::Kind::Bool)
    return E.V.Bool ? Truth::True : Truth::False;
  if (auto D = numericValue(E.V))
    return *D != 0 ? Truth::True : Truth::False;
  return Truth::Unknown;
}

/// Values compare equal as numbers when both are numeric, structurally
/// otherwise; a Symbol is never known.
Truth equal(const Value &A, const Value &B) {
  // The same C++ text in one class reads the same value; other symbols are
  // not known.
  if (A.K == Value::Kind::Symbol && B.K == Value::Kind::Symbol &&
      A.Text == B.Text)
    return Truth::True;
  if (A.K == Value::Kind::Symbol || B.K == Value::Kind::Symbol)
    return Truth::Unknown;
  auto DA = numericValue(A), DB = numericValue(B);
  if (DA && DB)
    return *DA == *DB ? Truth::True : Truth::False;
  if (A.K == Value::Kind::List && B.K == Value::Kind::List) {
    if (A.Elems.size() != B.Elems.size())
      return Truth::False;
    Truth R = Truth::True;
    for (size_t I = 0; I < A.Elems.size(); ++I) {
      Truth T = equal(A.Elems[I], B.Elems[I]);
      if (T == Truth::False)
        return T;
      if (T == Truth::Unknown)
        R = T;
    }
    return R;
  }
  if (A.K != B.K)
    return Truth::False;
  return A == B ? Truth::True : Truth::False;
}

class ExprParser {
public:
  ExprParser(StringRef S) : S(S) {}
  std::string Error;
  size_t ErrPos = 0;

  std::unique_ptr<Constraint::Node> parseAll() {
    auto N = orExpr();
    skip();
    if (!Error.empty())
      return nullptr;
    if (P < S.size()) {
      fail("unexpected '" + S.substr(P, 1).str() + "'");
      return nullptr;
    }
    return N;
  }

private:
  using NodeP = std::unique_ptr<Constraint::Node>;
  StringRef S;
  size_t P = 0;

  void fail(const std::string &M) {
    if (Error.empty()) {
      Error = M;
      ErrPos = P;
    }
  }
  void skip() {
    while (P < S.size() && std::isspace(static_cast<unsigned char>(S[P])))
      ++P;
  }
  bool eat(StringRef T) {
    skip();
    if (S.substr(P).starts_with(T)) {
      P += T.size();
      return true;
    }
    return false;
  }
  static NodeP make(Constraint::Node::Kind K, std::string Name = "") {
    auto N = std::make_unique<Constraint::Node>();
    N->K = K;
    N->Name = std::move(Name);
    return N;
  }
  NodeP binary(std::string Op, NodeP L, NodeP R) {
    auto N = make(Constraint::Node::Kind::Binary, std::move(Op));
    N->Kids.push_back(std::move(L));
    N->Kids.push_back(std::move(R));
    return N;
  }
  NodeP orExpr() {
    NodeP L = andExpr();
    while (Error.empty() && eat("||"))
      L = binary("||", std::move(L), andExpr());
    return L;
  }
  NodeP andExpr() {
    NodeP L = cmpExpr();
    while (Error.empty() && eat("&&"))
      L = binary("&&", std::move(L), cmpExpr());
    return L;
  }
  NodeP cmpExpr() {
    NodeP L = sumExpr();
    for (StringRef Op : {"==", "!=", "<=", ">=", "<", ">"})
      if (Error.empty() && eat(Op))
        return binary(Op.str(), std::move(L), sumExpr());
    return L;
  }
  NodeP sumExpr() {
    NodeP L = prodExpr();
    while (Error.empty()) {
      skip();
      if (P < S.size() && (S[P] == '+' || S[P] == '-')) {
        std::string Op(1, S[P++]);
        L = binary(Op, std::move(L), prodExpr());
      } else
        break;
    }
    return L;
  }
  NodeP prodExpr() {
    NodeP L = unary();
    while (Error.empty()) {
      skip();
      if (P < S.size() && (S[P] == '*' || S[P] == '/' || S[P] == '%')) {
        std::string Op(1, S[P++]);
        L = binary(Op, std::move(L), unary());
      } else
        break;
    }
    return L;
  }
  NodeP unary() {
    skip();
    if (eat("!")) {
      auto N = make(Constraint::Node::Kind::Unary, "!");
      N->Kids.push_back(unary());
      return N;
    }
    if (P < S.size() && S[P] == '-' && P + 1 < S.size() &&
        !std::isdigit(static_cast<unsigned char>(S[P + 1]))) {
      ++P;
      auto N = make(Constraint::Node::Kind::Unary, "-");
      N->Kids.push_back(unary());
      return N;
    }
    return primary();
  }
  static bool isWord(char C) {
    return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
  }
  std::string word() {
    size_t B = P;
    while (P < S.size() &&
           (isWord(S[P]) || (S.substr(P).starts_with("::") &&
                             P + 2 < S.size() && isWord(S[P + 2]))))
      P += S.substr(P).starts_with("::") ? 2 : 1;
    return S.substr(B, P - B).str();
  }
  NodeP primary() {
    skip();
    if (P >= S.size()) {
      fail("expected a value");
      return make(Constraint::Node::Kind::Lit);
    }
    char C = S[P];
    if (eat("(")) {
      NodeP N = orExpr();
      if (!eat(")"))
        fail("expected ')'");
      return N;
    }
    if (eat("[")) {
      auto N = make(Constraint::Node::Kind::List);
      if (!eat("]")) {
        do
          N->Kids.push_back(orExpr());
        while (Error.empty() && eat(","));
        if (!eat("]"))
          fail("expected ']'");
      }
      return N;
    }
    if (C == '$') {
      ++P;
      auto N = make(Constraint::Node::Kind::Var, word());
      if (N->Name.empty())
        fail("expected a variable name after '$'");
      if (P < S.size() && S[P] == '.') {
        ++P;
        N->Key = word();
        if (N->Key.empty())
          fail("expected an option name after '.'");
      }
      return N;
    }
    if (C == '"') {
      size_t E = S.find('"', P + 1);
      if (E == StringRef::npos) {
        fail("unterminated string");
        return make(Constraint::Node::Kind::Lit);
      }
      auto N = make(Constraint::Node::Kind::Lit);
      N->Lit = Value::string(S.substr(P + 1, E - P - 1).str());
      P = E + 1;
      return N;
    }
    if (std::isdigit(static_cast<unsigned char>(C)) || C == '-' || C == '.') {
      size_t B = P;
      if (C == '-')
        ++P;
      while (P < S.size() &&
             (std::isalnum(static_cast<unsigned char>(S[P])) || S[P] == '.' ||
              ((S[P] == '-' || S[P] == '+') &&
               (S[P - 1] == 'e' || S[P - 1] == 'E'))))
        ++P;
      StringRef T = S.substr(B, P - B);
      auto N = make(Constraint::Node::Kind::Lit);
      int64_t I;
      double D;
      if (!T.getAsInteger(10, I))
        N->Lit = Value::integer(I);
      else if (!T.getAsDouble(D))
        N->Lit = Value::floating(D);
      else
        fail("bad number '" + T.str() + "'");
      return N;
    }
    std::string W = word();
    if (W.empty()) {
      fail("unexpected '" + S.substr(P, 1).str() + "'");
      return make(Constraint::Node::Kind::Lit);
    }
    if (eat("(")) {
      auto N = make(Constraint::Node::Kind::Call, W);
      static const char *Known[] = {"approx", "in", "defined", "len"};
      if (std::find(std::begin(Known), std::end(Known), W) == std::end(Known))
        fail("unknown function '" + W + "' (known: approx, in, defined, len)");
      if (!eat(")")) {
        do
          N->Kids.push_back(orExpr());
        while (Error.empty() && eat(","));
        if (!eat(")"))
          fail("expected ')'");
      }
      return N;
    }
    auto N = make(Constraint::Node::Kind::Lit);
    if (W == "true" || W == "false")
      N->Lit = Value::boolean(W == "true");
    else if (W == "target" || W == "dtype") {
      N->K = Constraint::Node::Kind::Var;
      N->Name = W;
    } else if (W == "inf")
      N->Lit = Value::floating(INFINITY);
    else
      N->Lit = Value::ident(W);
    return N;
  }
};

EV eval(const Constraint::Node &N, const ConstraintLookup &L);

EV arith(const std::string &Op, const EV &A, const EV &B) {
  if (!A.Known || !B.Known)
    return EV::unknown();
  auto DA = numericValue(A.V), DB = numericValue(B.V);
  if (!DA || !DB)
    return EV::unknown();
  bool Ints = A.V.K == Value::Kind::Int && B.V.K == Value::Kind::Int;
  if (Ints) {
    int64_t X = A.V.Int, Y = B.V.Int;
    if ((Op == "/" || Op == "%") && Y == 0)
      return EV::unknown();
    int64_t R = Op == "+"   ? X + Y
                : Op == "-" ? X - Y
                : Op == "*" ? X * Y
                : Op == "/" ? X / Y
                            : X % Y;
    return EV::of(Value::integer(R));
  }
  double X = *DA, Y = *DB;
  if (Op == "%")
    return Y == 0 ? EV::unknown() : EV::of(Value::floating(std::fmod(X, Y)));
  double R = Op == "+" ? X + Y : Op == "-" ? X - Y : Op == "*" ? X * Y : X / Y;
  return EV::of(Value::floating(R));
}

EV eval(const Constraint::Node &N, const ConstraintLookup &L) {
  using K = Constraint::Node::Kind;
  switch (N.K) {
  case K::Lit:
    return EV::of(N.Lit);
  case K::List: {
    std::vector<Value> Elems;
    for (const auto &Kid : N.Kids) {
      EV E = eval(*Kid, L);
      if (!E.Known)
        return EV::unknown();
      Elems.push_back(E.V);
    }
    return EV::of(Value::list(std::move(Elems)));
  }
  case K::Var: {
    std::optional<Value> V = L(N.Name, N.Key);
    if (!V || V->K == Value::Kind::None)
      return EV::unknown();
    // A symbol is carried along (for equality with the same text) but is
    // not known to arithmetic or ordering.
    return EV::of(*V);
  }
  case K::Unary: {
    EV E = eval(*N.Kids[0], L);
    if (N.Name == "!") {
      Truth T = asTruth(E);
      return EV::truth(T == Truth::Unknown ? T
                       : T == Truth::True  ? Truth::False
                                           : Truth::True);
    }
    return arith("-", EV::of(Value::integer(0)), E);
  }
  case K::Binary: {
    const std::string &Op = N.Name;
    if (Op == "&&" || Op == "||") {
      Truth A = asTruth(eval(*N.Kids[0], L));
      Truth B = asTruth(eval(*N.Kids[1], L));
      Truth Decisive = Op == "&&" ? Truth::False : Truth::True;
      if (A == Decisive || B == Decisive)
        return EV::truth(Decisive);
      if (A == Truth::Unknown || B == Truth::Unknown)
        return EV::unknown();
      return EV::truth(Op == "&&" ? Truth::True : Truth::False);
    }
    EV A = eval(*N.Kids[0], L), B = eval(*N.Kids[1], L);
    if (Op == "==" || Op == "!=") {
      if (!A.Known || !B.Known)
        return EV::unknown();
      Truth T = equal(A.V, B.V);
      if (Op == "!=" && T != Truth::Unknown)
        T = T == Truth::True ? Truth::False : Truth::True;
      return EV::truth(T);
    }
    if (Op == "<" || Op == ">" || Op == "<=" || Op == ">=") {
      if (!A.Known || !B.Known)
        return EV::unknown();
      auto DA = numericValue(A.V), DB = numericValue(B.V);
      if (!DA || !DB)
        return EV::unknown();
      bool R = Op == "<"    ? *DA < *DB
               : Op == ">"  ? *DA > *DB
               : Op == "<=" ? *DA <= *DB
                            : *DA >= *DB;
      return EV::truth(R ? Truth::True : Truth::False);
    }
    return arith(Op, A, B);
  }
  case K::Call: {
    if (N.Name == "defined") {
      if (N.Kids.size() != 1 || N.Kids[0]->K != K::Var)
        return EV::unknown();
      return EV::truth(L(N.Kids[0]->Name, N.Kids[0]->Key) ? Truth::True
                                                          : Truth::False);
    }
    std::vector<EV> Args;
    for (const auto &Kid : N.Kids)
      Args.push_back(eval(*Kid, L));
    if (N.Name == "approx" && (Args.size() == 2 || Args.size() == 3)) {
      for (const EV &E : Args)
        if (!E.Known || !numericValue(E.V))
          return EV::unknown();
      double A = *numericValue(Args[0].V), B = *numericValue(Args[1].V);
      double Tol = Args.size() == 3 ? *numericValue(Args[2].V) : 1e-6;
      bool R = std::fabs(A - B) <= Tol * std::max(std::fabs(A), std::fabs(B));
      return EV::truth(R ? Truth::True : Truth::False);
    }
    if (N.Name == "in" && Args.size() == 2) {
      if (!Args[0].Known || !Args[1].Known || Args[1].V.K != Value::Kind::List)
        return EV::unknown();
      Truth R = Truth::False;
      for (const Value &E : Args[1].V.Elems) {
        Truth T = equal(Args[0].V, E);
        if (T == Truth::True)
          return EV::truth(T);
        if (T == Truth::Unknown)
          R = T;
      }
      return EV::truth(R);
    }
    if (N.Name == "len" && Args.size() == 1) {
      if (!Args[0].Known || Args[0].V.K != Value::Kind::List)
        return EV::unknown();
      return EV::of(
          Value::integer(static_cast<int64_t>(Args[0].V.Elems.size())));
    }
    return EV::unknown();
  }
  }
  return EV::unknown();
}

void collectVars(const Constraint::Node &N, std::vector<std::string> &Out) {
  if (N.K == Constraint::Node::Kind::Var)
    Out.push_back(N.Name);
  for (const auto &K : N.Kids)
    collectVars(*K, Out);
}

} // namespace

Constraint::~Constraint() = default;

std::unique_ptr<Constraint>
Constraint::parse(StringRef Text, std::string &Error, unsigned &Col) {
  ExprParser P(Text);
  auto Root = P.parseAll();
  if (!Root) {
    Error = P.Error;
    Col = static_cast<unsigned>(P.ErrPos) + 1;
    return nullptr;
  }
  std::unique_ptr<Constraint> C(new Constraint());
  C->Text = Text.str();
  C->Root = std::move(Root);
  return C;
}

Truth Constraint::evaluate(const ConstraintLookup &Lookup) const {
  return asTruth(eval(*Root, Lookup));
}

std::vector<std::string> Constraint::variables() const {
  std::vector<std::string> Out;
  collectVars(*Root, Out);
  return Out;
}

} // namespace adopter::rules
