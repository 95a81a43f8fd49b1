//===- Synth.h - The edits of one finding (EditSynthesizer) -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Used by EditSynthesizer.cpp and SynthCalls.cpp only: the per-site edit
// synthesis behind EditSynthesizer (the chain, the member and its
// constructions, Sequential elements, the calls written in place).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_REWRITE_SYNTH_H
#define ADOPTER_LIB_REWRITE_SYNTH_H

#include "SpelledConstructions.h"
#include "adopter/Rewrite/AstIndex.h"
#include "adopter/Rewrite/EditSynthesizer.h"
#include "adopter/Rules/Rule.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Tooling/Core/Replacement.h"
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace adopter::rewrite::detail {

// An internal header of the two files above, which use clang's names.
using namespace clang;
using clang::tooling::Replacement;

/// A retyped member: the field and its new type.
struct Retype {
  const FieldDecl *Field;
  std::string NewType;
  /// Constructor arguments appended for the replacement (`"tanh"`).
  std::string ExtraArgs;
  /// One argument of a construction written anew (`replaces-callee`): the
  /// old construction's argument for constructor parameter Param, or when
  /// Param < 0 the text Text.
  struct Arg {
    int Param = -1;
    std::string Text;
  };
  /// `replaces-callee`: each construction becomes `NewType(Args...)`; an
  /// argument the old one leaves to its default is that default (Defaults,
  /// per parameter; "" when it is not a literal).
  bool Rebuild = false;
  std::vector<Arg> Args;
  std::vector<std::string> Defaults;
};

class Synth {
public:
  explicit Synth(const AstIndex &Index)
      : Index(Index), Ctx(Index.context()), SM(Ctx.getSourceManager()) {}

  /// A replacement of the file range [B, E) (file locations).
  std::optional<Replacement> edit(SourceLocation B, SourceLocation E,
                                  llvm::StringRef Text) const {
    if (B.isMacroID() || E.isMacroID() || SM.isInSystemHeader(B))
      return std::nullopt;
    FileID F = SM.getFileID(B);
    if (F != SM.getFileID(E))
      return std::nullopt;
    unsigned OB = SM.getFileOffset(B), OE = SM.getFileOffset(E);
    if (OE < OB)
      return std::nullopt;
    return Replacement(Index.fileOf(B), OB, OE - OB, Text);
  }
  /// The end of the token range R (the location after its last token).
  SourceLocation tokenEnd(SourceRange R) const {
    return Lexer::getLocForEndOfToken(R.getEnd(), 0, SM, Ctx.getLangOpts());
  }
  std::optional<Replacement> replaceTokens(SourceRange R,
                                           llvm::StringRef Text) const {
    if (R.getBegin().isMacroID() || R.getEnd().isMacroID())
      return std::nullopt;
    return edit(R.getBegin(), tokenEnd(R), Text);
  }
  /// The blanks before \p B on its line, when nothing else precedes it
  /// there; std::nullopt otherwise.
  std::optional<std::string> indentOf(SourceLocation B) const {
    llvm::StringRef Buf = SM.getBufferData(SM.getFileID(B));
    unsigned Off = SM.getFileOffset(B);
    size_t LineStart = Buf.rfind('\n', Off ? Off - 1 : 0);
    LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
    llvm::StringRef Lead = Buf.slice(LineStart, Off);
    if (Lead.find_first_not_of(" \t") != llvm::StringRef::npos)
      return std::nullopt;
    return Lead.str();
  }
  std::string text(SourceRange R) const {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(R), SM,
                                Ctx.getLangOpts())
        .str();
  }
  /// Part of \p E is spelled inside a macro's body or arguments: an
  /// expression that only begins or ends with a whole macro expansion
  /// (`x * M_SQRT1_2`) maps onto the file's characters and is not.
  bool inMacro(const Expr *E) const {
    if (!E->getBeginLoc().isMacroID() && !E->getEndLoc().isMacroID())
      return false;
    return Lexer::makeFileCharRange(
               CharSourceRange::getTokenRange(E->getSourceRange()), SM,
               Ctx.getLangOpts())
        .isInvalid();
  }
  /// B's range lies within A's.
  bool contains(const Expr *A, const Expr *B) const {
    SourceLocation AB = A->getBeginLoc(), AE = A->getEndLoc(),
                   BB = B->getBeginLoc(), BE = B->getEndLoc();
    return !SM.isBeforeInTranslationUnit(BB, AB) &&
           !SM.isBeforeInTranslationUnit(AE, BE);
  }

  /// The replacement this finding is written with: the rule's, or its
  /// `otherwise:` for a match the swapped module does not cover (chain).
  const rules::Replacement *Active = nullptr;
  /// The call being written dereferences the module it names (`*$fc`).
  mutable bool DerefHolder = false;
  const rules::Replacement &rep(const match::Finding &F) const {
    return Active ? *Active : F.R->Replace;
  }
  /// The finding's pattern returns several values and the replacement's
  /// call returns them as a tuple (`tuple:`): tupleEdits writes it.
  bool returnsTuple(const match::Finding &F) const {
    return !rep(F).Tuple.empty() && F.R->Patterns[F.Pattern].Outputs.size() > 1;
  }
  /// An if-path split: the condition under which the chain's last ops run
  /// and the others do not (`x = fc(x); x = c ? f(x) : gelu(x);`: gelu
  /// under `!c`), where the ops run under two conditions, those under the
  /// second end the chain, and each under the first feeds another; ""
  /// otherwise.
  static std::string armOf(const match::Finding &F);
  /// armOf for the finding chain() is writing: set first (a split keeps
  /// the module called on the other path, so it picks the `otherwise:`
  /// function), then cleared where the replacement is a module.
  std::string Arm;
  /// The pattern values \p F's ops read.
  static std::set<std::string> readValues(const match::Finding &F);
  /// The call the replacement writes for \p F's pattern: its `calls`
  /// entry, or `call`. Empty with `rewrite: swap-module`: the call stays as
  /// written.
  const std::string &callOf(const match::Finding &F) const {
    const rules::Replacement &Rep = rep(F);
    return F.Pattern < Rep.Calls.size() ? Rep.Calls[F.Pattern] : Rep.Call;
  }

  /// The chain's edits for one finding; retyped members are collected in
  /// Retypes (edited once per declaration by the caller).
  SiteEdits chain(const match::Finding &F, std::vector<Retype> &Retypes);

  // A chain that reaches into a callee whose whole body it covers is
  // rewritten at the callee's call in the reporting function, and the
  // callee stays as it is (SynthCallee.cpp). Each such op's expression is
  // that call; its operands are traced back through the callees'
  // parameters to the arguments the call writes.

  /// \p O sits in a callee the chain covers whole, reached through calls
  /// whose places are known.
  static bool liftable(const match::FindingOp &O) {
    return O.WholeCallee && !O.Calls.empty() && O.Container.empty();
  }
  /// Records op \p I (\p O, expression \p E in its callee) as rewritten at
  /// its call and sets \p E to that call; "" or why not.
  std::string lift(size_t I, const match::FindingOp &O, const Expr *&E);
  /// Why the lifted ops' calls cannot go (an argument with side effects
  /// that is not the chain's), or "".
  std::string liftedCalls(const match::Finding &F,
                          const std::vector<const Expr *> &Exprs) const;
  /// The operands of op \p I as the reporting function can write them:
  /// those of Exprs[I], or for a lifted op the argument of the call that
  /// gives each (null: computed inside the callee from more than
  /// literals).
  std::vector<const Expr *>
  operandsOf(size_t I, const std::vector<const Expr *> &Exprs) const;
  /// A positional operand of one of the chain's ops.
  struct Operand {
    size_t Op;     ///< the op's index in the finding
    size_t Pos;    ///< its place among the op's positional arguments
    const Expr *E; ///< as operandsOf gives it (null inside a callee)
  };
  /// The positional operands of the chain's ops whose value is \p V.
  std::vector<Operand>
  operandsWithValue(const match::Finding &F, const dsl::Value &V,
                    const std::vector<const Expr *> &Exprs) const;
  /// Why a submodule called inside a callee (\p O) cannot be named or
  /// retyped from the call.
  static std::string calledInside(const match::FindingOp &O);
  /// \p E, an expression in the innermost callee of \p O, as the
  /// reporting function's call writes it: a parameter traced back to the
  /// argument each call passes; null for anything else.
  const Expr *atCall(const match::FindingOp &O, const Expr *E) const;
  /// \p E, an expression in the innermost callee of \p O that reads
  /// nothing but parameters and names visible anywhere, as the reporting
  /// function writes it: each parameter replaced by the argument the calls
  /// pass (side-effect free, parenthesised unless a name or a literal),
  /// each local of the callee by its initializer (initialised once,
  /// without side effects, to its own type). "" when it reads anything
  /// else (a member, `this`, another local, a reassigned parameter).
  /// \p Args, when given, receives the arguments it reads.
  std::string callerText(const match::FindingOp &O, const Expr *E,
                         std::vector<const Expr *> *Args = nullptr) const;
  /// The holder of the submodule op \p I calls (holderOf), for a lifted
  /// op as the reporting function names it; null and \p Why when none.
  const Expr *holderAt(const match::Finding &F, size_t I,
                       const std::vector<const Expr *> &Exprs,
                       std::string &Why) const;
  /// A lifted op's own expression and operands (in the callee), and the
  /// operands as operandsOf gives them.
  struct LiftedOp {
    const Expr *Call = nullptr;
    std::vector<const Expr *> Own, At;
  };
  std::map<size_t, LiftedOp> Lifted;
  /// Optional inputs (no `%`) whose op ran under `if (C)` with C other than
  /// the input's `.defined()`: written `C ? input : at::Tensor()`.
  std::map<std::string, std::string> GuardedInputs;
  /// `C ? input : at::Tensor()` for an optional input read under `if (C)`
  /// (GuardedInputs), to stand at [\p P, \p E) of \p Call: parenthesized
  /// where it is not a whole argument.
  static std::string guardedText(StringRef Cond, StringRef Input,
                                 StringRef Call, size_t P, size_t E);
  /// How deep callerText is in the initializers of a callee's locals.
  mutable unsigned Depth = 0;
  /// Replaces the chain (one expression) with \p Call: `{new}` is \p New,
  /// `%x` the source of input x, `$v` the argument v bound.
  /// The source expressions the call reads (inputs, modules) are added to
  /// \p Read when given.
  std::string callEdit(const match::Finding &F, std::string Call,
                       const std::string &New,
                       const std::vector<const Expr *> &Exprs, const Expr *Root,
                       std::vector<Replacement> &Out,
                       std::vector<const Expr *> *Read = nullptr);
  /// The text callEdit writes: \p Call expanded, or "" and \p Why.
  std::string callText(const match::Finding &F, std::string Call,
                       const std::string &New,
                       const std::vector<const Expr *> &Exprs, std::string &Why,
                       std::vector<const Expr *> *Read = nullptr);
  /// The operands written after the one that gives input `%Var`, in the
  /// call that takes it (`%t...`); false and \p Why when not found.
  bool operandsAfter(const match::Finding &F, const std::string &Var,
                     const std::vector<const Expr *> &Exprs,
                     std::vector<const Expr *> &Rest, std::string &Why) const;
  /// \p Call with each `{name}` of a `choose:` entry replaced by the text
  /// chosen for this match, or "" and \p Why.
  std::string expandChoices(const match::Finding &F, std::string Call,
                            const std::vector<const Expr *> &Exprs,
                            std::string &Why) const;
  /// The text of `{Name}` (a `choose:` entry) for this match, or "" and
  /// \p Why.
  std::string choiceText(const match::Finding &F, const std::string &Name,
                         const std::vector<const Expr *> &Exprs,
                         std::string &Why) const;
  /// The holder through which op \p O, a submodule's call (\p Call), calls
  /// it (`conv1` in `conv1(x)` or `conv1->forward(x)`), or null and \p Why.
  /// With DerefHolder, also a pointer to the module (`p->forward(x)`).
  const Expr *holderOf(const match::FindingOp &O, const Expr *Call,
                       std::string &Why) const;
  /// The holder of the submodule whose call computes `%Var` (`@Var`:
  /// `drop` in `drop(p)`), or null and \p Why.
  const Expr *computingModule(const match::Finding &F, const std::string &Var,
                              const std::vector<const Expr *> &Exprs,
                              std::string &Why) const;
  /// The source of the submodule bound to `$Var` (`conv1` in
  /// `conv1(x)`), a module holder, or null and \p Why.
  const Expr *moduleSource(const match::Finding &F, const std::string &Var,
                           const std::vector<const Expr *> &Exprs,
                           std::string &Why) const;
  /// The C++ text of the argument bound to `$Var`, or "" and \p Why: the
  /// operand that gives it as written (`eps`, `1e-6`), else its value. A
  /// value folded from a caller's argument (a helper's parameter) is written
  /// as the parameter, so the helper serves every caller.
  std::string argumentText(const match::Finding &F, const std::string &Var,
                           const std::vector<const Expr *> &Exprs,
                           std::string &Why,
                           const Expr **Source = nullptr) const;
  /// The operand of the chain that gives `$Var`: a positional argument
  /// whose value is the bound one. Null when none is written so (a keyword
  /// from an options object), and null with \p Why when several differ.
  /// \p Text: how the reporting function writes it (callerText for an
  /// operand inside a callee).
  const Expr *attributeSource(const match::Finding &F, const std::string &Var,
                              const std::vector<const Expr *> &Exprs,
                              std::string &Why,
                              std::string *Text = nullptr) const;
  /// The source text of the chain's input `%Var`, or "" and \p Why.
  std::string inputText(const match::Finding &F, const std::string &Var,
                        const std::vector<const Expr *> &Exprs,
                        std::string &Why, const Expr **Source = nullptr,
                        std::vector<const Expr *> *Read = nullptr) const;
  /// The optional input (`optional-inputs`, no `%`) that op \p I of the
  /// chain reads; "" when it reads none.
  std::string optionalInputOf(const match::Finding &F, size_t I) const;
  /// Replaces the chain's root with \p Call (as callEdit) and, for a chain
  /// over several statements, removes the ones before the root's
  /// (StatementRun); "" or why not.
  std::string runEdits(const match::Finding &F, const std::string &Call,
                       const std::string &New,
                       const std::vector<const Expr *> &Exprs, const Expr *Root,
                       SiteEdits &S);
  /// runEdits; where it refuses, and the rule's `pair:` call fits (the
  /// kept value, computed in a statement of its own, is read again after
  /// the chain), pairEdits instead.
  std::string chainEdits(const match::Finding &F, const std::string &Call,
                         const std::string &New,
                         const std::vector<const Expr *> &Exprs,
                         const Expr *Root, SiteEdits &S);
  /// The `pair:` rewrite (SynthPair.cpp): `x = a + b; ... norm(x) ...`
  /// becomes `torch::Tensor x_normed; std::tie(x, x_normed) = <pair
  /// call>; ... x_normed ...`; where the norm's statement is `x =
  /// norm(x);`, the sum's becomes `x = <Call>;` and that one goes. \p Fits:
  /// the chain has that shape (else the reason runEdits gave stands); ""
  /// or why not.
  std::string pairEdits(const match::Finding &F, const std::string &Call,
                        const std::string &New,
                        const std::vector<const Expr *> &Exprs,
                        const Expr *Root, SiteEdits &S, bool &Fits);
  /// A rule's `tuple:` (SynthTuple.cpp): a chain with several results
  /// becomes `auto <tuple> = <Call>;` before the first statement computing
  /// one, and each result `std::get<i>(<tuple>)`; "" or why not.
  std::string tupleEdits(const match::Finding &F, const std::string &Call,
                         const std::string &New,
                         const std::vector<const Expr *> &Exprs, SiteEdits &S);
  /// `rewrite: function`: the chain, one expression, becomes the call.
  SiteEdits functionChain(const match::Finding &F,
                          const std::vector<const Expr *> &Exprs,
                          const Expr *Root, SiteEdits S);
  /// A `rewrite: function` chain of a Sequential's elements: the rule's
  /// `sequential:` function is given the Sequential where it is built
  /// (SynthSequence.cpp).
  SiteEdits fusedSequence(const match::Finding &F, SiteEdits S);
  /// Where fusedSequence passes a Sequential to a rule's function: around
  /// the literal [B, E) (Wrap), or in a statement `Fn(Arg);` inserted at E
  /// on a line of its own. The edits are written by fuseEdits, once for all
  /// findings of the place, whatever their rules.
  struct SequenceFuse {
    bool Wrap = false;
    SourceLocation B, E;
    std::string Indent, Arg, Fn;
  };
  /// The place of the finding fusedSequence wrote last (taken by the
  /// caller).
  std::optional<SequenceFuse> PendingFuse;
  /// The edits of the fuses \p Fs of one place: each function once, in
  /// name order (runs of different rules are disjoint: the order does not
  /// matter); empty when the place cannot be edited.
  std::vector<Replacement> fuseEdits(const std::vector<SequenceFuse> &Fs) const;
  /// `replaces-callee` (SynthCalleeModule.cpp): the member whose call the
  /// lifted ops are, in \p Member, and the new module's construction in
  /// CalleeCtor; "" or why not.
  std::string calleeModule(const match::Finding &F,
                           const std::vector<const Expr *> &Exprs,
                           std::string &Member);
  /// A member set from a call of a project helper that returns one
  /// construction of its type (`linear_no_bias(in, out)`): the call is
  /// replaced by that construction, retyped, the call's arguments in the
  /// parameters' places (SynthHelperCall.cpp). "" or why not.
  std::string helperConstruction(const Retype &RT, const Expr *Init,
                                 std::vector<Replacement> &Out);
  /// The construction the rule's module gets for that member.
  std::optional<Retype> CalleeCtor;
  /// The ops of the finding that member's forward computes.
  std::set<size_t> CalleeOps;
  /// The arguments (\p Args) of \p CE, a construction of a member that
  /// RT rebuilds, in the new construction; "" or why not.
  std::string rebuilt(const Retype &RT, const CXXConstructExpr *CE,
                      std::string &Args) const;
  /// The edits that build the member of \p RT (Rebuild) anew where \p
  /// Init sets it: each of its spelled constructions, or the arguments of
  /// \p Direct; "" or why not.
  std::string rebuiltEdits(const Retype &RT, const Expr *Init,
                           const SpelledConstructions &SC,
                           const CXXConstructExpr *Direct,
                           std::vector<Replacement> &Out);
  /// Adds the member's edits (constructions, include) to S.
  SiteEdits member(const match::Finding &F, const std::string &Member,
                   const std::string &ExtraArgs, SiteEdits S,
                   std::vector<Retype> &Retypes);
  /// The edits of a chain of Sequential elements.
  SiteEdits sequenceEdits(const match::Finding &F, const std::string &Member,
                          const std::vector<const Expr *> &Exprs,
                          const std::string &ExtraArgs, SiteEdits S);
  /// Just past statement \p St and its `;` (a declaration's range, and an
  /// `if` whose branch is a block, end there already); invalid when no `;`
  /// follows a statement that needs one.
  SourceLocation statementEnd(const Stmt *St) const;
  /// Removes a statement (its whole line when it is alone on it).
  std::optional<Replacement> removeStatement(const Stmt *St) const;
  /// The edits of the constructions of a retyped member.
  std::string constructions(const Retype &RT, std::vector<Replacement> &Out);
  /// The edit of one declaration of members, some of them retyped.
  std::optional<Replacement>
  declaration(const std::vector<const FieldDecl *> &Group,
              const std::map<const FieldDecl *, std::string> &NewTypes);
  std::optional<Replacement> include(const std::string &Header,
                                     SourceLocation In);

  const AstIndex &Index;
  ASTContext &Ctx;
  const SourceManager &SM;
};

/// A graph value as C++ source: a string literal, a number, a boolean, or
/// "" when it has no literal spelling.
inline std::string cppLiteral(const dsl::Value &V) {
  switch (V.K) {
  case dsl::Value::Kind::String: {
    std::string Out = "\"";
    for (char C : V.Text) {
      if (C == '"' || C == '\\')
        Out += '\\';
      Out += C;
    }
    return Out + "\"";
  }
  case dsl::Value::Kind::Int:
    return std::to_string(V.Int);
  case dsl::Value::Kind::Bool:
    return V.Bool ? "true" : "false";
  case dsl::Value::Kind::Float: {
    char Buf[64];
    std::snprintf(Buf, sizeof(Buf), "%.17g", V.Float);
    return Buf;
  }
  default:
    return "";
  }
}

/// \p E is a literal (`1e-6`, `-1`, `true`, `"tanh"`) or built of
/// literals only: it reads no variable, member or parameter.
bool literalOnly(const Stmt *E);

/// The op of \p F that computes pattern value `%Var`, or -1.
int definingOp(const match::Finding &F, const std::string &Var);

/// Each op of \p F that takes input `%Var` as a positional operand, with
/// that operand's place among its positional arguments.
std::vector<std::pair<size_t, size_t>> consumers(const match::Finding &F,
                                                 const std::string &Var);

/// A bound value as the rules write it in `values:` (`1`, `-1`, `tanh`,
/// `true`, `0.5`), or "" when it is no literal.
std::string valueKey(const dsl::Value &V);

/// \p Base, or \p Base with a number from 2 on appended, whichever is
/// first neither declared nor referred to in \p FD (its parameters and
/// body): a name for a new local.
std::string unusedName(const FunctionDecl *FD, const std::string &Base);

/// `$fc` / `fc` in a map keyed either way.
template <typename M>
inline auto lookupVar(const M &Map, const std::string &Name)
    -> decltype(&*Map.begin()) {
  for (const std::string &K : {Name, "$" + Name, "%" + Name}) {
    auto It = Map.find(K);
    if (It != Map.end())
      return &*It;
  }
  return nullptr;
}

} // namespace adopter::rewrite::detail

#endif // ADOPTER_LIB_REWRITE_SYNTH_H
