//===- ConstructionDetail.h - Internals of ConstructionAnalyzer -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Shared by ConstructionAnalyzer.cpp (expressions that build modules) and
// ConstructionWalker.cpp (the statements of constructors and helpers).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_GRAPH_CONSTRUCTIONDETAIL_H
#define ADOPTER_LIB_GRAPH_CONSTRUCTIONDETAIL_H

#include "adopter/Graph/ConstructionAnalyzer.h"
#include "adopter/Graph/TorchTypes.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"
#include <map>
#include <optional>

namespace adopter::graph {
namespace detail {
using namespace clang;
inline constexpr int MaxDepth = 8;
inline constexpr int64_t MaxUnroll = 256;

/// Strip what does not change which object is constructed. Unlike
/// ValueFolder::peel, converting constructors stay: `AnyModule(GELU())` is
/// an AnyModule.
inline const Expr *peelCtor(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = ValueFolder::stripTemporaries(E);
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() == 1 &&
             CE->getConstructor()->isCopyOrMoveConstructor())
      E = CE->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

inline void setAttr(std::vector<dsl::Arg> &Attrs, const std::string &Key,
                    dsl::Value V) {
  for (dsl::Arg &A : Attrs)
    if (A.Key == Key) {
      A.Val = std::move(V);
      return;
    }
  Attrs.push_back({Key, std::move(V)});
}

inline void setAttrs(std::vector<dsl::Arg> &Attrs,
                     const std::vector<dsl::Arg> &From) {
  for (const dsl::Arg &A : From)
    setAttr(Attrs, A.Key, A.Val);
}

inline bool hasAttr(const std::vector<dsl::Arg> &Attrs, llvm::StringRef Key) {
  for (const dsl::Arg &A : Attrs)
    if (A.Key == Key)
      return true;
  return false;
}

/// \p S is what `nullptr` (or `Linear(nullptr)`) builds: no module.
inline bool isNullModule(const dsl::Submodule &S) {
  return hasAttr(S.Attrs, "null") && !S.HasOptions && S.Type.empty();
}

inline void eraseAttr(std::vector<dsl::Arg> &Attrs, llvm::StringRef Key) {
  Attrs.erase(std::remove_if(Attrs.begin(), Attrs.end(),
                             [&](const dsl::Arg &A) { return A.Key == Key; }),
              Attrs.end());
}

inline bool isModuleLike(QualType T) {
  if (TorchTypes::moduleOf(T))
    return true;
  const CXXRecordDecl *RD = TorchTypes::recordOf(T);
  return RD && TorchTypes::containerKind(RD) == ContainerKind::AnyModule;
}

/// `std::shared_ptr<torch::nn::Module>` and the like: a pointer to an
/// abstract module base.
inline const CXXRecordDecl *sharedPtrPointee(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      TorchTypes::recordOf(T));
  if (!Spec || Spec->getQualifiedNameAsString() != "std::shared_ptr" ||
      Spec->getTemplateArgs().size() < 1)
    return nullptr;
  const CXXRecordDecl *In =
      TorchTypes::recordOf(Spec->getTemplateArgs()[0].getAsType());
  return TorchTypes::isModuleClass(In) ? In : nullptr;
}

/// `std::vector<torch::nn::Linear>` and the like: the module class of the
/// elements.
inline const CXXRecordDecl *vectorOfModules(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      TorchTypes::recordOf(T));
  if (!Spec || Spec->getQualifiedNameAsString() != "std::vector" ||
      Spec->getTemplateArgs().size() < 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return TorchTypes::moduleOf(Spec->getTemplateArgs()[0].getAsType());
}

inline std::vector<const Expr *> writtenArgs(const CXXConstructExpr *CE) {
  std::vector<const Expr *> Args;
  for (const Expr *A : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      Args.push_back(A);
  return Args;
}

inline std::vector<const Expr *> writtenArgs(const CallExpr *CE) {
  std::vector<const Expr *> Args;
  for (const Expr *A : CE->arguments())
    if (!isa<CXXDefaultArgExpr>(A))
      Args.push_back(A);
  return Args;
}
/// \p M holds a module whose type is known only at run time: another one
/// replaces it where \p Cond holds (`torch::nn::Module() {overwritten=COND}`).
inline void markOverwritten(dsl::Submodule &M, const std::string &Cond) {
  M.Type = "torch::nn::Module";
  M.HasOptions = true;
  M.Options.clear();
  M.Elements.clear();
  eraseAttr(M.Attrs, "text");
  eraseAttr(M.Attrs, "elements");
  setAttr(M.Attrs, "overwritten", dsl::Value::symbol(Cond));
}

/// \p A and \p B both hold (either may be "": always).
inline std::string conjoined(const std::string &A, const std::string &B) {
  if (A.empty() || A == B || llvm::StringRef(B).starts_with("(" + A + ") && "))
    return B;
  if (B.empty())
    return A;
  return "(" + A + ") && (" + B + ")";
}

/// \p A or \p B holds (either may be "": always). The two sides of an
/// `if` (`(S) && c` and `(S) && !c`) give back S.
std::string disjoined(const std::string &A, const std::string &B);

/// The member \p Dst holds \p New where \p Cond holds and what it held
/// elsewhere: the options that differ become C++ conditionals (an option
/// one side leaves out has the builtin module's default there), elements
/// that differ are merged one by one; a module whose type differs (or whose
/// options do not pair up so) is a `torch::nn::Module` known only at run
/// time (`{overwritten=COND}`), and a container whose elements do not pair
/// up has `{elements=unknown}`.
void mergeAlternative(dsl::Submodule &Dst, dsl::Submodule New,
                      const std::string &Cond);

/// The runs of a Sequential's elements that a fuse function of the kernels
/// makes one element of: `adopter::nn::fuse_conv_bn` (ConvBNElement.h),
/// `adopter::nn::fuse_linear_bn` (LinearBNElement.h).
enum class FusedRuns { None, ConvBN, LinearBN };

/// The Sequential passed to `adopter::nn::fuse_conv_bn(seq)` or
/// `fuse_linear_bn(seq)` when E calls one, and which; else {null, None}.
inline std::pair<const Expr *, FusedRuns> fusedSequentialArg(const Expr *E) {
  const auto *CE = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  if (!FD || CE->getNumArgs() != 1 || !FD->getIdentifier())
    return {nullptr, FusedRuns::None};
  FusedRuns Kind = llvm::StringSwitch<FusedRuns>(FD->getName())
                       .Case("fuse_conv_bn", FusedRuns::ConvBN)
                       .Case("fuse_linear_bn", FusedRuns::LinearBN)
                       .Default(FusedRuns::None);
  if (Kind == FusedRuns::None ||
      FD->getQualifiedNameAsString() != "adopter::nn::" + FD->getName().str())
    return {nullptr, FusedRuns::None};
  return {CE->getArg(0), Kind};
}

/// Marks the runs that the fuse function \p Kind makes one element of, by
/// its rule: fuse_conv_bn's a convolution element, a BatchNorm of its
/// dimensionality (and, when both are known, as many features as it has
/// output channels); fuse_linear_bn's a Linear and a BatchNorm1d (as many
/// features as it has outputs, when known); either followed by a ReLU,
/// ReLU6, SiLU, LeakyReLU or Hardtanh element, all appended under the same
/// condition and loop. The first element gets `conv_bn=K` / `linear_bn=K`
/// (K elements follow in the run), the others `in_conv_bn` /
/// `in_linear_bn`.
void markFusedRuns(dsl::Submodule &Seq, FusedRuns Kind);
} // namespace detail

/// The state of one walked function body.
struct ConstructionAnalyzer::Frame {
  const clang::CXXRecordDecl *Class = nullptr;
  std::map<const clang::FieldDecl *, dsl::Submodule *> Fields;
  std::map<const clang::VarDecl *, dsl::Submodule> Locals;
  dsl::Submodule *Self = nullptr; // a container subclass being built
  std::vector<dsl::Submodule> *Extra = nullptr; // registered, no field
  ConstEnv Env;
  std::vector<const clang::FunctionDecl *> Stack;
  std::optional<dsl::Submodule> Returned;
  std::string Repeat; // non-empty inside a loop of unknown trip count
  /// That loop's trip count, where it is a counted `for` and no other loop
  /// encloses it.
  std::optional<dsl::Value> Count;
  /// The attributes of what the walk records here: the loop it is in
  /// (`repeat`, and the loop's `count` where known) and the condition
  /// (`when`); none outside both.
  std::vector<dsl::Arg> place() const {
    std::vector<dsl::Arg> A;
    if (!Repeat.empty()) {
      A.push_back({"repeat", dsl::Value::symbol(Repeat)});
      if (Count)
        A.push_back({"count", *Count});
    }
    if (!When.empty())
      A.push_back({"when", dsl::Value::symbol(When)});
    return A;
  }
  /// The members (and module locals) assigned a module so far in this
  /// constructor, each with the condition under which it holds one ("":
  /// on every path). An assignment under another condition makes the
  /// module known only at run time where they differ.
  std::map<dsl::Submodule *, std::string> Assigned;
  /// The paths where \p Paths holds are all that go on from here (the
  /// others threw): a member assigned on each of them holds one wherever
  /// a module is built past this point, where \p Now holds.
  void settle(const std::string &Paths, const std::string &Now) {
    for (auto &[Dst, Holds] : Assigned) {
      if (Holds != Paths || Paths == Now)
        continue;
      Holds = Now;
      if (Now.empty())
        detail::eraseAttr(Dst->Attrs, "when");
      else
        detail::setAttr(Dst->Attrs, "when", dsl::Value::symbol(Now));
    }
  }
  /// Gives \p M, a module registered without a field, the attributes of
  /// where it is registered; its own `when` (`c ? m : nullptr`) holds
  /// there too.
  void placeRegistered(dsl::Submodule &M) const {
    const dsl::Value *Own = M.attr("when");
    std::string Held = detail::conjoined(When, Own ? Own->Text : "");
    detail::setAttrs(M.Attrs, place());
    if (!Held.empty())
      detail::setAttr(M.Attrs, "when", dsl::Value::symbol(Held));
  }
  /// Where `register_parameter` records go (the class being analyzed).
  std::vector<dsl::Submodule> *Params = nullptr;
  /// The iteration of the unrolled loops around (`i = 0, j = 1`), or "".
  std::string Unrolled;
  std::string When; // non-empty inside an `if` of unknown condition
  /// How the walk left the statement list it is in: the statements after a
  /// `continue`, `break`, `return`, `throw` (or call of a [[noreturn]]
  /// function such as TORCH_CHECK's) are not reached on that path.
  enum class Jump { None, Continue, Break, Return, Throw };
  Jump Jumped = Jump::None;
  bool InSwitch = false; // a `break` leaves the switch, not the loop
  /// A `break` or `return` under a condition of unknown value was seen in
  /// the innermost loop: its later iterations run only where it was not.
  bool LeftSometimes = false;
  bool ReturnedSometimes = false; // ... and it was a `return`
};

} // namespace adopter::graph

#endif // ADOPTER_LIB_GRAPH_CONSTRUCTIONDETAIL_H
