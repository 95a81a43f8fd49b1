//===- SynthCalls.cpp - The calls written in place of chains --------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `rewrite: function` and the call of `swap-module`: the text of the call
// (its inputs, bound arguments, modules and chosen fragments) and, for a
// function, the statements of a chain written over several.
//
//===----------------------------------------------------------------------===//

#include "Synth.h"
#include "adopter/Graph/TorchTypes.h"
#include "adopter/Rewrite/StatementRun.h"
#include "adopter/Rules/Rule.h"
#include "clang/AST/ParentMapContext.h"
#include <algorithm>
#include <cstdio>
#include <map>

using namespace clang;

namespace adopter::rewrite::detail {

std::string Synth::callEdit(const match::Finding &F, std::string Call,
                            const std::string &New,
                            const std::vector<const Expr *> &Exprs,
                            const Expr *Root, std::vector<Replacement> &Out,
                            std::vector<const Expr *> *Read) {
  std::string Why;
  Call = callText(F, std::move(Call), New, Exprs, Why, Read);
  if (!Why.empty())
    return Why;
  auto R = replaceTokens(Root->getSourceRange(), Call);
  if (!R)
    return "the chain is not in a file apply may edit";
  Out.push_back(*R);
  return "";
}

/// \p E is a name or a postfix expression (`fc`, `list[i]`, `m->as<T>()`),
/// which a prefix `*` applies to whole.
static bool postfix(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return OC->getOperator() == OO_Call || OC->getOperator() == OO_Subscript ||
           OC->getOperator() == OO_Arrow;
  return isa<DeclRefExpr, MemberExpr, CallExpr, ArraySubscriptExpr, ParenExpr>(
      E);
}

/// \p T needs parentheses to be the condition of a `?:`: it has an
/// operator outside brackets (`a && b`, `n > 0`; `!c` too, to be plain).
static bool needsParens(StringRef T) {
  int Depth = 0;
  for (size_t I = 0; I < T.size(); ++I) {
    char C = T[I];
    if (C == '(' || C == '[' || C == '{')
      ++Depth;
    else if (C == ')' || C == ']' || C == '}')
      --Depth;
    else if (Depth == 0 && StringRef("?=|&<>+-*/%^,!~ ").contains(C) &&
             !(C == '-' && T.substr(I, 2) == "->") &&
             !(C == '>' && I > 0 && T[I - 1] == '-'))
      return true;
  }
  return false;
}

std::string Synth::guardedText(StringRef Cond, StringRef Input, StringRef Call,
                               size_t P, size_t E) {
  std::string Text = (needsParens(Cond) ? "(" + Cond + ")" : Cond).str() +
                     " ? " + Input.str() + " : at::Tensor()";
  // A whole argument of the call as it is; elsewhere in parentheses.
  StringRef Before = StringRef(Call).take_front(P).rtrim();
  StringRef After = StringRef(Call).drop_front(E).ltrim();
  bool Argument = (Before.ends_with("(") || Before.ends_with(",")) &&
                  (After.starts_with(")") || After.starts_with(","));
  return Argument ? Text : "(" + Text + ")";
}

std::string Synth::callText(const match::Finding &F, std::string Call,
                            const std::string &New,
                            const std::vector<const Expr *> &Exprs,
                            std::string &Why, std::vector<const Expr *> *Read) {
  // The call: {new} is the member (it keeps its name) or the function,
  // $var the value of a bound argument, %var the source text of the input.
  auto Replace = [&](const std::string &From, const std::string &To) {
    for (size_t P = Call.find(From); P != std::string::npos;
         P = Call.find(From, P + To.size()))
      Call.replace(P, From.size(), To);
  };
  Replace("{new}", New);
  Call = expandChoices(F, Call, Exprs, Why);
  if (!Why.empty())
    return "";
  // One pass over the sigils, so that substituted text is never read again.
  for (size_t P = Call.find_first_of("$%@"); P != std::string::npos;
       P = Call.find_first_of("$%@", P)) {
    size_t E = P + 1;
    while (E < Call.size() && (isalnum(Call[E]) || Call[E] == '_'))
      ++E;
    std::string Var = Call.substr(P + 1, E - P - 1);
    std::string Text;
    const Expr *Source = nullptr;
    // `%t...`: the operands after %t's, as written (none: nothing); each
    // after `, `, but the first one right after `(` (`f(%t...)`).
    if (Call[P] == '%' && Call.compare(E, 3, "...") == 0) {
      std::vector<const Expr *> Rest;
      if (!operandsAfter(F, Var, Exprs, Rest, Why))
        return "";
      for (const Expr *R : Rest) {
        Text += (Text.empty() && P > 0 && Call[P - 1] == '(' ? "" : ", ") +
                text(R->getSourceRange());
        if (Read)
          Read->push_back(R);
      }
      Call.replace(P, E + 3 - P, Text);
      P += Text.size();
      continue;
    }
    if (Call[P] == '@') {
      // `@d`: the submodule whose call computes %d (`drop` in `drop(p)`).
      Source = computingModule(F, Var, Exprs, Why);
      if (Source)
        Text = text(Source->getSourceRange());
    } else if (Call[P] == '$' && !lookupVar(F.Attrs, Var) &&
               lookupVar(F.Modules, Var)) {
      // `*$fc`: a pointer to the module serves as well as its holder.
      DerefHolder = P > 0 && Call[P - 1] == '*';
      Source = moduleSource(F, Var, Exprs, Why);
      if (Source)
        Text = text(Source->getSourceRange());
      // `*` binds looser than a postfix expression only.
      if (Source && DerefHolder && !postfix(Source))
        Text = "(" + Text + ")";
      DerefHolder = false;
    } else if (Call[P] == '$')
      Text = argumentText(F, Var, Exprs, Why, &Source);
    else {
      Text = inputText(F, Var, Exprs, Why, &Source, Read);
      if (auto G = GuardedInputs.find(Var);
          G != GuardedInputs.end() && !Text.empty())
        Text = guardedText(G->second, Text, Call, P, E);
    }
    if (Text.empty()) {
      if (Why.empty())
        Why = "nothing to write for '" + Call.substr(P, E - P) + "'";
      return "";
    }
    if (Source && Read)
      Read->push_back(Source);
    Call.replace(P, E - P, Text);
    P += Text.size();
  }
  return Call;
}

std::string Synth::expandChoices(const match::Finding &F, std::string Call,
                                 const std::vector<const Expr *> &Exprs,
                                 std::string &Why) const {
  // `{name}`: the text the rule chooses for the op that matched.
  for (size_t P = Call.find('{'); P != std::string::npos;
       P = Call.find('{', P)) {
    size_t E = Call.find('}', P);
    if (E == std::string::npos)
      break;
    std::string Name = Call.substr(P + 1, E - P - 1);
    if (!rep(F).Choose.count(Name)) {
      ++P; // C++ braces (`{%x.size(-1)}`)
      continue;
    }
    std::string Text = choiceText(F, Name, Exprs, Why);
    if (!Why.empty())
      return "";
    Call.replace(P, E + 1 - P, Text);
    P += Text.size();
  }
  return Call;
}

bool literalOnly(const Stmt *E) {
  if (!E)
    return true;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DR->getDecl());
    return !V || V->isConstexpr();
  }
  if (isa<MemberExpr>(E))
    return false;
  for (const Stmt *C : E->children())
    if (!literalOnly(C))
      return false;
  return true;
}

std::vector<Synth::Operand>
Synth::operandsWithValue(const match::Finding &F, const dsl::Value &V,
                         const std::vector<const Expr *> &Exprs) const {
  std::vector<Operand> Out;
  for (size_t I = 0; I < F.Ops.size() && I < Exprs.size(); ++I) {
    auto Ops = operandsOf(I, Exprs);
    size_t K = 0;
    for (const dsl::Arg &A : F.Ops[I].Args) {
      if (!A.Key.empty())
        continue;
      size_t P = K++;
      if (A.Val == V && P < Ops.size())
        Out.push_back({I, P, Ops[P]});
    }
  }
  return Out;
}

const Expr *Synth::attributeSource(const match::Finding &F,
                                   const std::string &Var,
                                   const std::vector<const Expr *> &Exprs,
                                   std::string &Why, std::string *Text) const {
  const auto *Bound = lookupVar(F.Attrs, Var);
  if (!Bound || Bound->second.isRef())
    return nullptr;
  const Expr *Found = nullptr;
  std::string FoundText;
  bool AllLiteral = true;
  for (auto [I, P, Op] : operandsWithValue(F, Bound->second, Exprs)) {
    std::string T;
    if (Op) {
      if (inMacro(Op))
        continue;
      T = text(Op->getSourceRange());
    } else {
      // Inside a callee: written at the call with the arguments in place
      // of the parameters.
      Op = Lifted.at(I).Own[P];
      T = callerText(F.Ops[I], Op);
      if (T.empty()) {
        Why = "$" + Var + " is written inside '" + F.Ops[I].Callee + "' as '" +
              text(Op->getSourceRange()) + "', which reads what the call at " +
              match::Finding::locText(F.Ops[I].Calls.front()) +
              " does not pass; apply cannot write it there";
        return nullptr;
      }
    }
    AllLiteral &= literalOnly(Op);
    if (Found && T != FoundText && !AllLiteral) {
      Why = "$" + Var + " is given both as '" + FoundText + "' and as '" + T +
            "'; apply cannot tell which one the replacement takes";
      return nullptr;
    }
    if (!Found) {
      Found = Op;
      FoundText = T;
    }
  }
  if (Found && Text)
    *Text = FoundText;
  return Found;
}

/// The value a local 0-dim tensor holds when \p E reads one built as
/// `torch::full({}, value, ...)` (or at::full) and never changed: only
/// passed to functions that take it by value or const reference. Null
/// otherwise.
static const Expr *scalarTensorValue(const Expr *E, ASTContext &Ctx) {
  const auto *DR = dyn_cast_or_null<DeclRefExpr>(StatementRun::peel(E));
  const auto *V = DR ? dyn_cast<VarDecl>(DR->getDecl()) : nullptr;
  if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType() ||
      !V->getInit())
    return nullptr;
  const auto *Call = dyn_cast<CallExpr>(V->getInit()->IgnoreImplicit());
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || Call->getNumArgs() < 2)
    return nullptr;
  std::string Name = FD->getQualifiedNameAsString();
  const auto *Dims =
      dyn_cast<CXXConstructExpr>(Call->getArg(0)->IgnoreImplicit());
  if ((Name != "torch::full" && Name != "at::full") || !Dims ||
      Dims->getNumArgs() != 0 || !Dims->isListInitialization())
    return nullptr;
  // The Scalar constructed from the value as written.
  const Expr *Value = Call->getArg(1)->IgnoreImplicit();
  if (const auto *C = dyn_cast<CXXConstructExpr>(Value);
      C && C->getNumArgs() == 1)
    Value = C->getArg(0)->IgnoreImplicit();
  // Written at the call instead: only literals and constexpr calls, which
  // mean the same there.
  if (!literalOnly(Value))
    return nullptr;
  for (const DeclRefExpr *R : AstIndex::references(V)) {
    // Up through implicit nodes to the call that takes it.
    DynTypedNode N = DynTypedNode::create(*R);
    const CallExpr *User = nullptr;
    const Expr *Arg = R;
    for (unsigned Depth = 0; Depth < 4 && !User; ++Depth) {
      auto Parents = Ctx.getParents(N);
      if (Parents.size() != 1)
        return nullptr;
      N = Parents[0];
      if (const auto *CE = N.get<CallExpr>())
        User = CE;
      else if (const auto *PE = N.get<Expr>();
               PE &&
               (isa<ImplicitCastExpr>(PE) ||
                isa<MaterializeTemporaryExpr>(PE) || isa<CXXConstructExpr>(PE)))
        Arg = PE;
      else
        return nullptr;
    }
    if (!User || isa<CXXMemberCallExpr>(User))
      return nullptr; // a method on it, which may change it
    const FunctionDecl *UF = User->getDirectCallee();
    if (!UF || isa<CXXMethodDecl>(UF))
      return nullptr; // an operator of its own (`=`, `+=`)
    unsigned K = 0;
    while (K < User->getNumArgs() && User->getArg(K) != Arg)
      ++K;
    if (K >= UF->getNumParams())
      return nullptr;
    QualType T = UF->getParamDecl(K)->getType();
    if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
      return nullptr;
  }
  return Value;
}

std::string Synth::argumentText(const match::Finding &F, const std::string &Var,
                                const std::vector<const Expr *> &Exprs,
                                std::string &Why, const Expr **Source) const {
  const auto *Bound = lookupVar(F.Attrs, Var);
  // A tensor holding one number (`auto fill = torch::full({}, lowest,
  // opts);`): the number, where the replacement takes one.
  if (Bound && Bound->second.isRef())
    for (auto [I, P, Op] : operandsWithValue(F, Bound->second, Exprs)) {
      if (!Op || inMacro(Op))
        continue;
      if (const Expr *V = scalarTensorValue(Op, Index.context());
          V && !inMacro(V)) {
        if (Source)
          *Source = V;
        return text(V->getSourceRange());
      }
    }
  std::string Written;
  if (const Expr *S = attributeSource(F, Var, Exprs, Why, &Written)) {
    if (Source)
      *Source = S;
    return Written;
  }
  if (!Why.empty())
    return "";
  std::string Text;
  if (Bound)
    Text = Bound->second.K == dsl::Value::Kind::Symbol ||
                   Bound->second.K == dsl::Value::Kind::Ident
               ? Bound->second.Text
               : cppLiteral(Bound->second);
  if (Text.empty())
    Why = Bound && Bound->second.isRef()
              ? "$" + Var +
                    " is a tensor in this chain, where the replacement takes "
                    "a number"
              : "the replacement's argument $" + Var +
                    " has no value apply can write";
  return Text;
}

int definingOp(const match::Finding &F, const std::string &Var) {
  const auto *V = lookupVar(F.Values, Var);
  for (size_t I = 0; V && V->second.isRef() && I < F.Ops.size(); ++I)
    if (std::find(F.Ops[I].Results.begin(), F.Ops[I].Results.end(),
                  V->second.Text) != F.Ops[I].Results.end())
      return static_cast<int>(I);
  return -1;
}

std::vector<std::pair<size_t, size_t>> consumers(const match::Finding &F,
                                                 const std::string &Var) {
  std::vector<std::pair<size_t, size_t>> Out;
  const auto *Bound = lookupVar(F.Values, Var);
  if (!Bound || !Bound->second.isRef())
    return Out;
  for (size_t I = 0; I < F.Ops.size(); ++I) {
    size_t K = 0;
    for (const dsl::Arg &A : F.Ops[I].Args) {
      if (!A.Key.empty())
        continue;
      if (A.Val.isRef() && A.Val.Text == Bound->second.Text) {
        Out.push_back({I, K});
        break;
      }
      ++K;
    }
  }
  return Out;
}

bool Synth::operandsAfter(const match::Finding &F, const std::string &Var,
                          const std::vector<const Expr *> &Exprs,
                          std::vector<const Expr *> &Rest,
                          std::string &Why) const {
  auto Uses = consumers(F, Var);
  if (Uses.empty()) {
    Why = "the source of the chain's input %" + Var + " was not found";
    return false;
  }
  auto [I, K] = Uses.front();
  // A module's call takes the module's options, not operands to carry.
  if (!F.Ops[I].Via.empty() || !F.Ops[I].Type.empty()) {
    Why = "'" + F.Ops[I].Op + "' at " + match::Finding::locText(F.Ops[I].Loc) +
          " is computed by the submodule '" +
          (F.Ops[I].Via.empty() ? F.Ops[I].Op : F.Ops[I].Via) +
          "', whose options the call cannot carry as operands";
    return false;
  }
  auto Ops = operandsOf(I, Exprs);
  for (size_t J = K + 1; J < Ops.size(); ++J) {
    if (!Ops[J]) {
      Why = "an argument of '" + F.Ops[I].Op + "' at " +
            match::Finding::locText(F.Ops[I].Loc) + " is computed inside '" +
            F.Ops[I].Callee + "', where the call cannot name it";
      return false;
    }
    if (isa<CXXDefaultArgExpr>(Ops[J]))
      continue; // not written
    if (inMacro(Ops[J])) {
      Why = "an argument of '" + F.Ops[I].Op + "' at " +
            match::Finding::locText(F.Ops[I].Loc) + " is written by a macro";
      return false;
    }
    Rest.push_back(Ops[J]);
  }
  return true;
}

std::string valueKey(const dsl::Value &V) {
  switch (V.K) {
  case dsl::Value::Kind::String:
    return V.Text;
  case dsl::Value::Kind::Float: {
    char Buf[32];
    std::snprintf(Buf, sizeof(Buf), "%g", V.Float);
    return Buf;
  }
  default:
    return cppLiteral(V);
  }
}

std::string Synth::choiceText(const match::Finding &F, const std::string &Name,
                              const std::vector<const Expr *> &Exprs,
                              std::string &Why) const {
  const auto &Choose = rep(F).Choose;
  auto C = Choose.find(Name);
  if (C == Choose.end()) {
    Why = "the call's {" + Name + "} is not a 'choose' entry of the rule";
    return "";
  }
  if (!C->second.Argument.empty()) {
    const auto *B = lookupVar(F.Attrs, C->second.Argument);
    // The text is chosen by the value this analysis saw; the code must
    // spell that value itself, not read it from a variable or parameter
    // whose value may differ elsewhere (another caller of a helper).
    const std::string &Var = C->second.Argument;
    const Expr *Src = attributeSource(F, Var, Exprs, Why);
    if (!Why.empty())
      return "";
    bool Literal = Src ? literalOnly(Src) : true;
    // A keyword from an options object: every operand of the op that
    // passes it must be literal.
    for (size_t I = 0; !Src && B && I < F.Ops.size() && I < Exprs.size(); ++I) {
      bool Passes = false;
      for (const dsl::Arg &A : F.Ops[I].Args)
        Passes |= !A.Key.empty() && A.Val == B->second;
      if (!Passes)
        continue;
      auto Ops = operandsOf(I, Exprs);
      for (size_t K = 0; K < Ops.size(); ++K) {
        // Inside a callee, computed there: a tensor is the chain's, other
        // values are not literal at the call.
        const Expr *Op = Ops[K] ? Ops[K] : Lifted.at(I).Own[K];
        if (!isa<CXXDefaultArgExpr>(Op) &&
            !graph::TorchTypes::isTensor(Op->getType()) &&
            (!Ops[K] || !literalOnly(Op)))
          Literal = false;
      }
    }
    if (!Literal) {
      Why = "$" + Var + " is read from a variable at " +
            (Src ? Index.where(Src->getBeginLoc()) : std::string("the call")) +
            "; the rule's text for it depends on its value, which may "
            "differ from the one this analysis saw (another caller)";
      return "";
    }
    std::string Key = B ? valueKey(B->second) : "";
    auto T = C->second.ByValue.find(Key);
    if (T != C->second.ByValue.end())
      return T->second;
    Why = !B            ? "the match binds no $" + C->second.Argument
          : Key.empty() ? "$" + C->second.Argument + " is `" + B->second.Text +
                              "`, whose value apply cannot read"
                        : "the rule's 'choose." + Name + "' has no text for $" +
                              C->second.Argument + " = " + Key;
    return "";
  }
  // The op that computed the value; none when the optional op is absent
  // (the expanded pattern renamed the value away). An op a submodule
  // computes (`drop(p)`, a torch::nn::Dropout), or a submodule's own call
  // (`norm(s)`), takes the text given for the module's type, where there
  // is one.
  int I = definingOp(F, C->second.Value);
  std::string Op = I < 0 ? "" : F.Ops[I].Op;
  if (Op.empty() && C->second.HasAbsent)
    return C->second.Absent;
  const std::string &Type =
      I < 0 ? Op
            : (F.Ops[I].ViaType.empty() ? F.Ops[I].Type : F.Ops[I].ViaType);
  if (!Type.empty() &&
      (C->second.ByOp.count(Type) || C->second.Refuse.count(Type)))
    Op = Type;
  if (auto R = C->second.Refuse.find(Op); R != C->second.Refuse.end()) {
    Why = R->second;
    return "";
  }
  auto T = C->second.ByOp.find(Op);
  // The in-place form (`h.relu_()`) matched as its op does.
  if (T == C->second.ByOp.end() && !Op.empty() && Op.back() == '_')
    T = C->second.ByOp.find(Op.substr(0, Op.size() - 1));
  if (T == C->second.ByOp.end()) {
    Why = "the rule's 'choose." + Name + "' has no text for '" +
          (Op.empty() ? "(no op)" : Op) + "'";
    return "";
  }
  return T->second;
}

const Expr *Synth::holderOf(const match::FindingOp &O, const Expr *Call,
                            std::string &Why) const {
  // `conv1(x)` or `conv1->forward(x)`: the holder.
  const Expr *Obj = nullptr;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call))
    Obj = OC->getOperator() == OO_Call ? OC->getArg(0) : nullptr;
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(
            MC->getImplicitObjectArgument()->IgnoreImplicit()))
      if (Arrow->getOperator() == OO_Arrow)
        Obj = Arrow->getArg(0);
  // `list[i]->as<torch::nn::Linear>()->forward(x)`: a pointer to the
  // module, where the call dereferences what it is given (`*$fc`).
  const Expr *Pointer = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
      !Obj && MC && DerefHolder)
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee());
        ME && ME->isArrow() && ME->getBase()->getType()->isPointerType() &&
        graph::TorchTypes::moduleOf(ME->getBase()->getType()))
      Obj = Pointer = ME->getBase();
  if (Obj)
    Obj = Obj->IgnoreImplicit()->IgnoreParens();
  if (Pointer && Obj && !inMacro(Obj))
    return Obj;
  if (!Obj || inMacro(Obj)) {
    Why = "the module '" + (O.Via.empty() ? O.Op : O.Via) + "' at " +
          match::Finding::locText(O.Loc) +
          " is not called through a holder apply can name";
    return nullptr;
  }
  const CXXRecordDecl *RD = graph::TorchTypes::recordOf(Obj->getType());
  if (!graph::TorchTypes::heldModule(Obj->getType()) ||
      (RD && RD->getQualifiedNameAsString() == "std::shared_ptr")) {
    Why = "'" + text(Obj->getSourceRange()) + "' is a " +
          Obj->getType().getAsString() +
          ", not a module holder (a torch::nn::Conv2d, ...) that the "
          "replacement takes";
    return nullptr;
  }
  return Obj;
}

const Expr *Synth::moduleSource(const match::Finding &F, const std::string &Var,
                                const std::vector<const Expr *> &Exprs,
                                std::string &Why) const {
  const auto *M = lookupVar(F.Modules, Var);
  for (size_t I = 0; M && I < F.Ops.size() && I < Exprs.size(); ++I)
    if (F.Ops[I].Op == M->second)
      return holderAt(F, I, Exprs, Why);
  Why = "the replacement's module $" + Var + " is not bound to a call";
  return nullptr;
}

const Expr *Synth::computingModule(const match::Finding &F,
                                   const std::string &Var,
                                   const std::vector<const Expr *> &Exprs,
                                   std::string &Why) const {
  int I = definingOp(F, Var);
  if (I < 0 || static_cast<size_t>(I) >= Exprs.size()) {
    Why = "the op computing %" + Var + " was not found";
    return nullptr;
  }
  const match::FindingOp &O = F.Ops[I];
  if (O.Via.empty() && O.Type.empty()) {
    Why = "'" + O.Op + "' at " + match::Finding::locText(O.Loc) +
          " is not a submodule's call; @" + Var + " names none";
    return nullptr;
  }
  return holderAt(F, I, Exprs, Why);
}

std::string Synth::inputText(const match::Finding &F, const std::string &Var,
                             const std::vector<const Expr *> &Exprs,
                             std::string &Why, const Expr **Source,
                             std::vector<const Expr *> *Read) const {
  const auto *Bound = lookupVar(F.Values, Var);
  if (!Bound || !Bound->second.isRef()) {
    Why = "the replacement's input %" + Var + " is not bound";
    return "";
  }
  // The op that consumes it, and which operand it is there.
  for (auto [I, K] : consumers(F, Var)) {
    auto Ops = operandsOf(I, Exprs);
    if (K < Ops.size() && Ops[K] && !inMacro(Ops[K])) {
      if (Source)
        *Source = Ops[K];
      return text(Ops[K]->getSourceRange());
    }
  }
  // Computed inside a callee from its parameters (`k.transpose(-2, -1)` in
  // `scores(q, k)`): written at the call with the arguments in their place.
  for (auto [I, K] : consumers(F, Var)) {
    auto L = Lifted.find(I);
    if (L == Lifted.end() || K >= L->second.Own.size())
      continue;
    std::vector<const Expr *> Args;
    const Expr *Own = L->second.Own[K];
    std::string T = callerText(F.Ops[I], Own, &Args);
    if (T.empty()) {
      Why = "the chain's input %" + Var + " is computed inside '" +
            F.Ops[I].Callee + "' as '" + text(Own->getSourceRange()) +
            "', which reads what the call at " +
            match::Finding::locText(F.Ops[I].Calls.front()) +
            " does not pass (a member, or a parameter or local the callee "
            "assigns); apply cannot write it there";
      return "";
    }
    if (Read)
      Read->insert(Read->end(), Args.begin(), Args.end());
    return T;
  }
  Why = "the source of the chain's input %" + Var + " was not found";
  return "";
}

} // namespace adopter::rewrite::detail
