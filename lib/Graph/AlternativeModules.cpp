//===- AlternativeModules.cpp - A member assigned on several paths ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// What a member holds where different paths of a constructor assign it
// different modules: conditional options, or a module known only at run
// time. Used by ConstructionAnalyzer::assign.
//
//===----------------------------------------------------------------------===//

#include "ConstructionDetail.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Rules/OpSignatures.h"

namespace adopter::graph {
using namespace detail;

std::string detail::disjoined(const std::string &A, const std::string &B) {
  if (A.empty() || B.empty())
    return "";
  if (A == B)
    return A;
  if (B == dsl::negatedCondition(A))
    return "";
  // `(S) && x` and `(S) && !x`: S.
  if (A[0] == '(')
    for (size_t L = A.find(") && "); L != std::string::npos;
         L = A.find(") && ", L + 1)) {
      size_t Tail = L + 5;
      if (B.compare(0, Tail, A, 0, Tail) == 0 &&
          B.substr(Tail) == dsl::negatedCondition(A.substr(Tail)))
        return A.substr(1, L - 1);
    }
  return "(" + A + ") || (" + B + ")";
}

/// \p A and \p B build the same module (their locations and, at the top,
/// their registration aside).
static bool sameModule(const dsl::Submodule &A, const dsl::Submodule &B,
                       bool Top) {
  auto Text = [](const dsl::Submodule &M) {
    const dsl::Value *T = M.attr("text");
    return T ? T->Text : std::string();
  };
  if (A.Type != B.Type || A.HasOptions != B.HasOptions ||
      A.Options != B.Options || Text(A) != Text(B) ||
      (!Top && (A.Name != B.Name || A.Attrs != B.Attrs)) ||
      A.Elements.size() != B.Elements.size())
    return false;
  for (size_t I = 0; I < A.Elements.size(); ++I)
    if (!sameModule(A.Elements[I], B.Elements[I], false))
      return false;
  return true;
}

/// The value \p Old, replaced by \p New where \p Cond holds: a C++
/// conditional over the two (lists element by element), or nullopt where
/// they have no such spelling.
static std::optional<dsl::Value> eitherValue(const dsl::Value &Old,
                                             const dsl::Value &New,
                                             const std::string &Cond) {
  using K = dsl::Value::Kind;
  if (Old == New)
    return Old;
  if (Old.K == K::List && New.K == K::List) {
    if (Old.Elems.size() != New.Elems.size())
      return std::nullopt;
    dsl::Value L = Old;
    for (size_t I = 0; I < Old.Elems.size(); ++I) {
      std::optional<dsl::Value> E =
          eitherValue(Old.Elems[I], New.Elems[I], Cond);
      if (!E)
        return std::nullopt;
      L.Elems[I] = std::move(*E);
    }
    return L;
  }
  auto Scalar = [](const dsl::Value &V) -> std::optional<std::string> {
    switch (V.K) {
    case K::Symbol:
    case K::Ident:
      return V.Text;
    case K::Int:
    case K::Float:
    case K::Bool:
    case K::String:
      return dsl::toString(V);
    default:
      return std::nullopt;
    }
  };
  std::optional<std::string> O = Scalar(Old), N = Scalar(New);
  if (!O || !N)
    return std::nullopt;
  // `!c ? a : b` reads better as `c ? b : a`.
  std::string C = Cond, NC = dsl::negatedCondition(Cond);
  if (NC.size() < C.size())
    std::swap(C, NC), std::swap(O, N);
  return dsl::Value::symbol("(" + C + " ? " + *N + " : " + *O + ")");
}

void detail::mergeAlternative(dsl::Submodule &Dst, dsl::Submodule New,
                              const std::string &Cond) {
  for (dsl::Arg &A : New.Attrs)
    if (A.Key != "text" && A.Key != "when")
      setAttr(Dst.Attrs, A.Key, A.Val);
  if (sameModule(Dst, New, true))
    return;
  bool Paired = Dst.Type == New.Type && Dst.HasOptions == New.HasOptions &&
                !Dst.attr("text") && !New.attr("text");
  // Options by name; one that a side leaves out has the builtin module's
  // default there (`GELU()` against `GELU(approximate="tanh")`).
  auto Named = [](const std::vector<dsl::Arg> &Os) {
    return llvm::none_of(Os, [](const dsl::Arg &A) { return A.Key.empty(); });
  };
  std::vector<dsl::Arg> Options = Dst.Options;
  if (Paired && Named(Dst.Options) && Named(New.Options)) {
    for (const dsl::Arg &A : New.Options)
      if (llvm::none_of(Options,
                        [&](const dsl::Arg &O) { return O.Key == A.Key; }))
        Options.push_back({A.Key, dsl::Value()});
    for (dsl::Arg &O : Options) {
      auto Find =
          [&](const std::vector<dsl::Arg> &Os) -> std::optional<dsl::Value> {
        for (const dsl::Arg &A : Os)
          if (A.Key == O.Key)
            return A.Val;
        return rules::OpSignatures::moduleDefault(Dst.Type, O.Key);
      };
      std::optional<dsl::Value> Was = Find(Dst.Options),
                                Now = Find(New.Options);
      std::optional<dsl::Value> V =
          Was && Now ? eitherValue(*Was, *Now, Cond) : std::nullopt;
      if (!V) {
        Paired = false;
        break;
      }
      O.Val = std::move(*V);
    }
  } else {
    Paired = Paired && Dst.Options.size() == New.Options.size();
    for (size_t I = 0; Paired && I < Options.size(); ++I) {
      std::optional<dsl::Value> V;
      if (Options[I].Key == New.Options[I].Key)
        V = eitherValue(Options[I].Val, New.Options[I].Val, Cond);
      if (V)
        Options[I].Val = std::move(*V);
      else
        Paired = false;
    }
  }
  if (!Paired)
    return markOverwritten(Dst, Cond);
  Dst.Options = std::move(Options);
  bool SameNames = Dst.Elements.size() == New.Elements.size();
  for (size_t I = 0; SameNames && I < Dst.Elements.size(); ++I)
    SameNames = Dst.Elements[I].Name == New.Elements[I].Name &&
                Dst.Elements[I].Name != "*";
  if (!SameNames) {
    Dst.Elements.clear();
    setAttr(Dst.Attrs, "elements", dsl::Value::ident("unknown"));
    return;
  }
  for (size_t I = 0; I < Dst.Elements.size(); ++I)
    mergeAlternative(Dst.Elements[I], std::move(New.Elements[I]), Cond);
}

} // namespace adopter::graph
