//===- CheckEngine.cpp - Rules x modules -> findings and the plan ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Match/CheckEngine.h"
#include "adopter/DSL/Printer.h"
#include "adopter/Match/Selector.h"
#include "adopter/Rules/Constraint.h"
#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace llvm;

namespace adopter::match {

std::string Finding::locText(const dsl::SourceLoc &L) {
  return L.File + ":" + std::to_string(L.Line) + ":" + std::to_string(L.Col);
}

std::string Finding::opKey(const FindingOp &O) {
  // A submodule call is identified by its type, not by the path it was
  // reached through (a helper's parameter `fc` and the caller's `fc1` are
  // one op of the helper).
  return Finding::locText(O.Loc) + ":" + (O.Type.empty() ? O.Op : O.Type) +
         O.CallPath;
}

bool Finding::sameOp(const FindingOp &A, const FindingOp &B) {
  // A chain that replaces a whole callee at its call does not touch the
  // callee's own body, so it does not conflict with the callee's chains.
  if (A.CallPath.empty() != B.CallPath.empty() &&
      (A.WholeCallee || B.WholeCallee))
    return false;
  return A.Loc == B.Loc &&
         (A.Type.empty() ? A.Op : A.Type) == (B.Type.empty() ? B.Op : B.Type) &&
         (A.CallPath.empty() || B.CallPath.empty() || A.CallPath == B.CallPath);
}

namespace {

/// The place of a call of submodule \p Path (`proj`, `layers.*`) in any
/// method of \p M, callees followed inline, other than the places \p Mine;
/// a call at a run-time index (`layers.*`) stands for every element.
std::optional<dsl::SourceLoc>
otherCall(const dsl::Module &M, const std::string &Path,
          const std::vector<dsl::SourceLoc> &Mine) {
  auto Same = [&](const std::string &Name) {
    if (Name == Path)
      return true;
    llvm::StringRef A(Name), B(Path);
    return (A.ends_with(".*") && B.starts_with(A.drop_back())) ||
           (B.ends_with(".*") && A.starts_with(B.drop_back()));
  };
  std::function<std::optional<dsl::SourceLoc>(const std::vector<dsl::Op> &)>
      Walk = [&](const std::vector<dsl::Op> &Ops)
      -> std::optional<dsl::SourceLoc> {
    for (const dsl::Op &O : Ops) {
      if (O.isSubmoduleCall() && Same(O.Name) &&
          llvm::find(Mine, O.Loc) == Mine.end())
        return O.Loc;
      for (const std::vector<dsl::Op> &R : O.Regions)
        if (auto L = Walk(R))
          return L;
    }
    return std::nullopt;
  };
  for (const dsl::Method &Fn : M.Methods)
    if (auto L = Walk(Fn.Body))
      return L;
  return std::nullopt;
}

/// Appends to \p Args the keyword options of \p Sub (the module an op comes
/// from) that the op does not pass itself and that differ from the
/// module's default. `inplace` is left out: the ops of a chain act on
/// values nothing else reads.
void addModuleOptions(const dsl::Submodule &Sub, std::vector<dsl::Arg> &Args) {
  for (const dsl::Arg &A : Sub.Options) {
    if (A.Key.empty() || A.Key == "inplace")
      continue;
    bool Given = false;
    for (const dsl::Arg &B : Args)
      Given |= B.Key == A.Key;
    if (Given)
      continue;
    // A value from a user macro is kept even when it is the default here:
    // another configuration may define the macro otherwise, and apply must
    // see that the chain depends on it.
    if (auto D = rules::OpSignatures::moduleDefault(Sub.Type, A.Key);
        D && A.Val.Macro.empty()) {
      auto X = rules::numericValue(A.Val), Y = rules::numericValue(*D);
      if ((X && Y && *X == *Y) || A.Val == *D)
        continue;
    }
    Args.push_back(A);
  }
}

bool isContainerScope(StringRef Scope) {
  return Scope.starts_with("torch::nn::Sequential") ||
         Scope.starts_with("torch::nn::ModuleList") ||
         Scope.starts_with("torch::nn::ModuleDict");
}

std::string scopeOf(const dsl::Op &O) {
  const dsl::Value *S = O.attr("scope");
  return S ? S->Text : "";
}

/// Where every callee (by scope name) is called from: distinct call sites.
void collectCallSites(const std::vector<dsl::Op> &Body,
                      std::map<std::string, std::set<std::string>> &Sites) {
  for (const dsl::Op &O : Body) {
    // Inlined calls, and calls of methods defined in another unit.
    if (O.K == dsl::Op::Kind::Inline ||
        (O.K == dsl::Op::Kind::Call && O.attr("scope")))
      Sites[scopeOf(O)].insert(Finding::locText(O.Loc));
    for (const auto &R : O.Regions)
      collectCallSites(R, Sites);
  }
}

bool versionAtLeast(StringRef Have, StringRef Need) {
  unsigned HM = 0, Hm = 0, NM = 0, Nm = 0;
  auto Parse = [](StringRef V, unsigned &Ma, unsigned &Mi) {
    auto [A, B] = V.trim().split('.');
    A.getAsInteger(10, Ma);
    B.split('.').first.getAsInteger(10, Mi);
  };
  Parse(Have, HM, Hm);
  Parse(Need, NM, Nm);
  return HM != NM ? HM > NM : Hm >= Nm;
}

std::string valueText(const dsl::Value &V) {
  return V.K == dsl::Value::Kind::Symbol ? V.Text : dsl::toString(V);
}

/// The matcher binds values through aliases (an inline call's result is
/// what its body yields; a repeated pure op is its first computation). A
/// bound value the chain's ops spell otherwise is named as they spell it,
/// so that a rewrite finds the operand that gives it.
void spellAsOps(Finding &Fd, const FlowIndex &F) {
  for (auto &KV : Fd.Values) {
    if (!KV.second.isRef())
      continue;
    bool Spelled = false;
    std::string Alias;
    for (const FindingOp &O : Fd.Ops) {
      for (const std::string &R : O.Results)
        Spelled |= R == KV.second.Text;
      for (const dsl::Arg &A : O.Args) {
        if (!A.Val.isRef())
          continue;
        if (A.Val.Text == KV.second.Text)
          Spelled = true;
        else if (Alias.empty() && F.resolve(A.Val.Text) == KV.second.Text)
          Alias = A.Val.Text;
      }
    }
    if (!Spelled && !Alias.empty())
      KV.second.Text = Alias;
  }
}

/// The condition under which op \p I of a chain runs when it sits on one
/// path of an `if` that other ops of the chain (\p Working) are outside of
/// (a mask added only when defined), or "". \p Ifs gets those `if`s and
/// whether the op is on the `else` path of each.
std::string conditionOf(const FlowIndex &F, int I,
                        const std::vector<int> &Working,
                        std::vector<std::pair<dsl::SourceLoc, bool>> &Ifs) {
  std::string Cond;
  for (const auto &[If, Branch] : F.op(I).Branches) {
    bool Shared = llvm::all_of(Working, [&, If = If, Branch = Branch](int J) {
      const auto &B = F.op(J).Branches;
      return std::find(B.begin(), B.end(), std::make_pair(If, Branch)) !=
             B.end();
    });
    const dsl::Op &O = *F.op(If).Op;
    if (Shared || O.Args.empty())
      continue;
    std::string C = valueText(O.Args[0].Val);
    if (Branch == 1)
      C = dsl::negatedCondition(C);
    Cond = Cond.empty() ? C : Cond + " && " + C;
    Ifs.push_back({O.Loc, Branch == 1});
  }
  return Cond;
}

void substitute(std::string &S, const std::string &Pat,
                const std::string &With) {
  for (size_t P = S.find(Pat); P != std::string::npos;
       P = S.find(Pat, P + With.size()))
    S.replace(P, Pat.size(), With);
}

} // namespace

std::string CheckEngine::unavailableReason(const rules::Rule &R) const {
  const rules::Pack *P = Rules.pack(R.Pack);
  for (const rules::Requirements *Q :
       {P ? &P->Requires : nullptr, &R.Requires}) {
    if (!Q)
      continue;
    if (!Q->Targets.empty() && std::find(Q->Targets.begin(), Q->Targets.end(),
                                         Opts.T.Device) == Q->Targets.end())
      return "needs target " + join(Q->Targets, " or ") + " (target is " +
             Opts.T.Device + ")";
    if (!Q->Dtypes.empty() && std::find(Q->Dtypes.begin(), Q->Dtypes.end(),
                                        Opts.T.Dtype) == Q->Dtypes.end())
      return "needs dtype " + join(Q->Dtypes, " or ") + " (dtype is " +
             Opts.T.Dtype + ")";
    if (!Q->Torch.empty()) {
      StringRef Need(Q->Torch);
      if (Opts.TorchVersion.empty())
        return "needs LibTorch " + Q->Torch +
               " and the LibTorch version is unknown (pass --torch-version)";
      bool AtLeast = versionAtLeast(Opts.TorchVersion, Need.drop_front(2));
      bool Ok = Need.starts_with(">=") ? AtLeast : !AtLeast;
      if (!Ok)
        return "needs LibTorch " + Q->Torch + " (found " + Opts.TorchVersion +
               ")";
    }
  }
  if (R.benefitFor(Opts.T.Device) == 0)
    return "has no benefit estimate for target " + Opts.T.Device;
  return "";
}

std::vector<Finding> CheckEngine::run(const dsl::Graph &G) const {
  ModuleTypeIndex Types(G);
  std::vector<const rules::Rule *> Enabled;
  for (const rules::Rule *R : Rules.rules())
    if (Opts.Packs.empty() || std::find(Opts.Packs.begin(), Opts.Packs.end(),
                                        R->Pack) != Opts.Packs.end())
      Enabled.push_back(R);

  std::map<std::string, std::set<std::string>> CallSites;
  for (const dsl::Module &M : G.Modules)
    for (const dsl::Method &Fn : M.Methods)
      collectCallSites(Fn.Body, CallSites);

  std::vector<Finding> Out;
  std::set<std::string> Seen;
  for (const dsl::Module &M : G.Modules) {
    const dsl::Value *Impl = M.attr("impl");
    bool IsFunction = M.attr("function") != nullptr;
    std::string Class = IsFunction                    ? ""
                        : Impl && !Impl->Text.empty() ? Impl->Text
                                                      : M.Name;
    for (const dsl::Method &Fn : M.Methods) {
      FlowIndex F(G, M, Fn);
      Matcher Mt(F, Opts.T);
      for (const rules::Rule *R : Enabled) {
        for (const Match &Mat : Mt.match(*R)) {
          // The innermost scope holding every op that does work (a weight
          // read in the caller does not pull a helper's chain out of it).
          std::vector<int> Working;
          for (int I : Mat.Ops)
            if (!StringRef(F.op(I).Op->Name).starts_with("prim::"))
              Working.push_back(I);
          if (Working.empty())
            Working = Mat.Ops;
          std::vector<int> LCA = F.op(Working.front()).Scope;
          for (int I : Working) {
            const std::vector<int> &S = F.op(I).Scope;
            size_t K = 0;
            while (K < LCA.size() && K < S.size() && LCA[K] == S[K])
              ++K;
            LCA.resize(K);
          }
          bool Elsewhere = false;
          for (int I : LCA)
            Elsewhere |= isModuleMethod(G, scopeOf(*F.op(I).Op));
          if (Elsewhere)
            continue;
          Finding Fd;
          Fd.R = R;
          Fd.RuleId = R->Id;
          Fd.Pack = R->Pack;
          Fd.Module = M.Name;
          Fd.Class = Class;
          Fd.Function = IsFunction ? M.Name : Class + "::" + Fn.Name;
          // The reporting function: the innermost non-container callee.
          size_t Depth = LCA.size();
          bool InContainer = false;
          for (size_t K = LCA.size(); K-- > 0;) {
            std::string S = scopeOf(*F.op(LCA[K]).Op);
            if (isContainerScope(S)) {
              InContainer = true;
              continue;
            }
            Fd.Function = S;
            Fd.Class.clear();
            if (S.find("::") != std::string::npos)
              Fd.Class = S.substr(0, S.rfind("::"));
            break;
          }
          // The first op that does work (a parameter read is emitted at its
          // first use but located at the member's declaration).
          int First = Mat.Ops.front();
          for (int I : Mat.Ops)
            if (!StringRef(F.op(I).Op->Name).starts_with("prim::")) {
              First = I;
              break;
            }
          const FlowOp &FO = F.op(First);
          auto ElementLoc = [&](const dsl::Op &O) -> dsl::SourceLoc {
            std::string Path = O.Name;
            if (const dsl::Value *Via = O.attr("via"))
              Path = Via->Text;
            const dsl::Submodule *Sub = F.submodule(Path);
            return Sub && Sub->Loc.isValid() ? Sub->Loc : O.Loc;
          };
          if (FO.Scope.size() > Depth)
            // The chain starts inside a callee: at the call, or at the
            // construction of the container element that is the callee.
            Fd.Loc = InContainer ? ElementLoc(*F.op(FO.Scope[Depth]).Op)
                                 : F.op(FO.Scope[Depth]).Op->Loc;
          else if (InContainer) {
            const dsl::Op &O = *FO.Op;
            std::string Path = O.isSubmoduleCall() ? O.Name : "";
            if (const dsl::Value *Via = O.attr("via"))
              Path = Via->Text;
            const dsl::Submodule *Sub =
                Path.empty() ? nullptr : F.submodule(Path);
            Fd.Loc = Sub && Sub->Loc.isValid() ? Sub->Loc : O.Loc;
          } else
            Fd.Loc = FO.Op->Loc;
          // The ops, and the callees the chain reaches into. A callee whose
          // whole body is in the chain is replaced at the call and is not
          // changed itself.
          // A callee's op outside the match may only compute the chain's
          // inputs from the callee's parameters (`k.transpose(-2, -1)` in
          // `scores(q, k)`): a pure ATen op that only ops of the callee
          // read, each matched or such an op itself; the call can write it
          // with the arguments in place of the parameters.
          std::set<int> Matched(Mat.Ops.begin(), Mat.Ops.end());
          auto InCallee = [&](int J, int InlineOp) {
            const std::vector<int> &Sc = F.op(J).Scope;
            return std::find(Sc.begin(), Sc.end(), InlineOp) != Sc.end();
          };
          std::function<bool(int, int, unsigned)> FeedsChain =
              [&](int J, int InlineOp, unsigned Depth) {
                const dsl::Op &X = *F.op(J).Op;
                if (Depth > 16 || !FlowIndex::isPure(X))
                  return false;
                for (const std::string &R : X.Results)
                  for (int U : F.uses(R))
                    if (!InCallee(U, InlineOp) ||
                        (!Matched.count(U) &&
                         !FeedsChain(U, InlineOp, Depth + 1)))
                      return false;
                return true;
              };
          auto WhollyMatched = [&](int InlineOp) {
            for (size_t J = 0; J < F.ops().size(); ++J) {
              int I = static_cast<int>(J);
              const FlowOp &X = F.op(I);
              if (!InCallee(I, InlineOp) || X.Op->K != dsl::Op::Kind::Call ||
                  X.Op->Name == "prim::member")
                continue;
              if (!Matched.count(I) && !FeedsChain(I, InlineOp, 0))
                return false;
            }
            return true;
          };
          std::set<std::string> Callees;
          for (int I : Mat.Ops) {
            const dsl::Op &O = *F.op(I).Op;
            FindingOp FOp;
            FOp.Op = O.Name;
            FOp.Loc = O.Loc;
            FOp.Args = O.Args;
            // A callee's result is the value its body yields (as the
            // match binds it); a repeated pure op keeps its own result.
            for (dsl::Arg &A : FOp.Args)
              if (A.Val.isRef())
                A.Val.Text = F.resolve(A.Val.Text, /*ThroughRepeats=*/false);
            FOp.Results = O.Results;
            const dsl::Submodule *Sub =
                O.isSubmoduleCall() ? F.submodule(O.Name) : nullptr;
            if (Sub)
              FOp.Type = Sub->Type;
            const std::vector<int> &S = F.op(I).Scope;
            // An element of a container runs at the container's call; its
            // own place in the source is its construction.
            if (const dsl::Value *Via = O.attr("via")) {
              Sub = F.submodule(Via->Text);
              // An op a module computes (`act(h)` with act a LeakyReLU) takes
              // the module's options: a rewrite must carry or refuse them.
              FOp.Via = Via->Text;
              if (Sub) {
                FOp.ViaType = Sub->Type;
                addModuleOptions(*Sub, FOp.Args);
              }
            }
            bool InContainerOp =
                !S.empty() && isContainerScope(scopeOf(*F.op(S.back()).Op));
            if (InContainerOp && Sub && Sub->Loc.isValid())
              FOp.Loc = Sub->Loc;
            if (InContainerOp)
              FOp.Container = scopeOf(*F.op(S.back()).Op);
            if (S.size() > Depth)
              FOp.Callee = scopeOf(*F.op(S.back()).Op);
            for (size_t K = Depth; K < S.size(); ++K)
              if (!isContainerScope(scopeOf(*F.op(S[K]).Op))) {
                FOp.CallPath += "<" + Finding::locText(F.op(S[K]).Op->Loc);
                FOp.Calls.push_back(F.op(S[K]).Op->Loc);
              }
            // The callee keeps its own body (and chains): apply replaces
            // its call. With no other caller it is dead code then, whose
            // chains are rewritten in the same run (a second run finds
            // nothing new).
            if (S.size() > Depth && WhollyMatched(S[Depth]))
              FOp.WholeCallee = !isContainerScope(scopeOf(*F.op(S[Depth]).Op));
            for (size_t K = Depth; K < S.size(); ++K)
              if (!WhollyMatched(S[K]))
                Callees.insert(scopeOf(*F.op(S[K]).Op));
            FOp.Condition = conditionOf(F, I, Working, FOp.ConditionIfs);
            Fd.Ops.push_back(FOp);
          }
          // Parameter reads are bookkeeping: they are neither reported nor
          // part of the identity (one helper called with two weights is one
          // finding).
          Fd.Ops.erase(std::remove_if(Fd.Ops.begin(), Fd.Ops.end(),
                                      [](const FindingOp &O) {
                                        return O.Op == "prim::member" ||
                                               O.Op == "prim::phi";
                                      }),
                       Fd.Ops.end());
          std::string Key = R->Id;
          for (const FindingOp &O : Fd.Ops)
            Key += "|" + Finding::opKey(O);
          if (!Seen.insert(Key).second)
            continue;
          for (const std::string &C : Callees) {
            if (isContainerScope(C))
              continue;
            auto It = CallSites.find(C);
            if (It != CallSites.end() && It->second.size() > 1) {
              Fd.Fixable = false;
              std::vector<std::string> Sites(It->second.begin(),
                                             It->second.end());
              Fd.Reason = "the chain continues inside '" + C +
                          "', which is called from " +
                          std::to_string(Sites.size()) + " places (" +
                          join(Sites, ", ") +
                          "); rewriting it would change the other callers";
              break;
            }
          }
          // A submodule the rewrite replaces must not be called elsewhere
          // (unless the chain is that one call: a drop-in type swap).
          for (const std::string &Var : R->Replace.Replaces) {
            if (Fd.Ops.size() == 1)
              break;
            auto MIt = Mat.Modules.find(Var);
            if (!Fd.Fixable || MIt == Mat.Modules.end())
              continue;
            // Called at At too: a function that takes the module as it is
            // serves; otherwise the site is not fixable.
            auto CalledAt = [&](const dsl::SourceLoc &At) {
              std::string Why = "'" + MIt->second + "' is also called at " +
                                Finding::locText(At);
              if (const auto &O = R->Replace.Otherwise; O && O->KeepsModule)
                Fd.ModuleStays = Why;
              else {
                Fd.Fixable = false;
                Fd.Reason = Why + "; replacing it would change that call";
              }
            };
            for (size_t J = 0; J < F.ops().size(); ++J) {
              const dsl::Op &O = *F.op(static_cast<int>(J)).Op;
              if (O.K == dsl::Op::Kind::Call && O.Name == MIt->second &&
                  !Matched.count(static_cast<int>(J))) {
                // Name the call as the reporting function sees it.
                const std::vector<int> &OS = F.op(static_cast<int>(J)).Scope;
                dsl::SourceLoc At =
                    OS.size() > Depth ? F.op(OS[Depth]).Op->Loc : O.Loc;
                CalledAt(At);
                break;
              }
            }
            // Another method of the class calls it (the chain is in a
            // helper that forward calls, and forward calls the module
            // itself too). A container's elements are fused where it is
            // built, for all its calls alike.
            if (!Fd.Fixable || !Fd.ModuleStays.empty() ||
                llvm::any_of(Fd.Ops, [](const FindingOp &O) {
                  return !O.Container.empty();
                }))
              continue;
            std::vector<dsl::SourceLoc> Mine;
            for (int I : Mat.Ops)
              Mine.push_back(F.op(I).Op->Loc);
            if (std::optional<dsl::SourceLoc> At =
                    otherCall(M, MIt->second, Mine))
              CalledAt(*At);
          }
          Fd.Modules = Mat.Modules;
          Fd.Values = Mat.Values;
          spellAsOps(Fd, F);
          Fd.Attrs = Mat.Attrs;
          Fd.Pattern = Mat.Pattern;
          Fd.Undecided = Mat.Undecided;
          if (Fd.Fixable && !Fd.Undecided.empty()) {
            Fd.Fixable = false;
            Fd.Reason = "cannot prove '" + Fd.Undecided.front() +
                        "' from the source (a value only known at run time)";
          }
          // The message: the explanation with {$var} filled in.
          std::string Msg = R->Explanation;
          for (const auto &KV : Mat.Modules)
            substitute(Msg, "{$" + KV.first + "}", "'" + KV.second + "'");
          for (const auto &KV : Mat.Attrs)
            substitute(Msg, "{$" + KV.first + "}", valueText(KV.second));
          Fd.Message = Msg;
          Fd.Benefit = R->benefitFor(Opts.T.Device);
          std::string Why = unavailableReason(*R);
          if (!Why.empty())
            Fd.Decision = "rejected: the rule " + Why;
          else if (const ProfileEntry *E =
                       Opts.Measured ? Opts.Measured->find(R->Id, Fd.Loc)
                                     : nullptr;
                   E && E->speedup() < 1.0)
            Fd.Decision = formatv("rejected: measured slower than the ops "
                                  "it replaces at this site: {0:F2}x ({1:F3} "
                                  "ms fused, {2:F3} ms unfused; profile '{3}')",
                                  E->speedup(), E->FusedMs, E->UnfusedMs,
                                  Opts.Measured->Path)
                              .str();
          Out.push_back(std::move(Fd));
        }
      }
    }
  }
  Selector::select(Out, Opts.T.Device);
  std::stable_sort(Out.begin(), Out.end(),
                   [](const Finding &A, const Finding &B) {
                     if (A.Loc.File != B.Loc.File)
                       return A.Loc.File < B.Loc.File;
                     if (A.Loc.Line != B.Loc.Line)
                       return A.Loc.Line < B.Loc.Line;
                     return A.Loc.Col < B.Loc.Col;
                   });
  return Out;
}

} // namespace adopter::match
