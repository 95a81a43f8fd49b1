//===- CheckReport.cpp - The per-module partition -------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Report/CheckReport.h"
#include "adopter/Match/FlowIndex.h"
#include "llvm/ADT/StringRef.h"
#include <map>
#include <set>

namespace adopter::report {

namespace {

/// An op of a module's own body: its place and name (the path it is called
/// by in that module).
std::string ownKey(const dsl::SourceLoc &L, const std::string &Name) {
  return L.File + ":" + std::to_string(L.Line) + ":" + std::to_string(L.Col) +
         ":" + Name;
}

bool ownedElsewhere(const dsl::Graph &G, const dsl::Op &O) {
  const dsl::Value *S = O.attr("scope");
  if (!S)
    return false;
  llvm::StringRef Scope(S->Text);
  size_t P = Scope.rfind("::");
  if (P == llvm::StringRef::npos)
    return false;
  const dsl::Module *M = match::moduleForType(G, Scope.substr(0, P).str());
  return M && M->method(Scope.substr(P + 2).str());
}

void collectOps(const dsl::Graph &G, const std::vector<dsl::Op> &Body,
                std::set<std::string> &Keys) {
  for (const dsl::Op &O : Body) {
    if (O.K == dsl::Op::Kind::Call &&
        !llvm::StringRef(O.Name).starts_with("prim::") && O.Name != "opaque") {
      Keys.insert(ownKey(O.Loc, O.Name));
    }
    if (O.K == dsl::Op::Kind::Inline && ownedElsewhere(G, O))
      continue;
    for (const auto &R : O.Regions)
      collectOps(G, R, Keys);
  }
}

} // namespace

std::vector<ModulePartition>
CheckReport::partition(const dsl::Graph &G,
                       const std::vector<match::Finding> &Findings) {
  std::vector<ModulePartition> Out;
  for (const dsl::Module &M : G.Modules) {
    std::set<std::string> Keys;
    for (const dsl::Method &Fn : M.Methods)
      collectOps(G, Fn.Body, Keys);
    ModulePartition P;
    P.Module = M.Name;
    P.TotalOps = static_cast<unsigned>(Keys.size());
    std::map<std::string, std::map<std::string, unsigned>> ByPack;
    std::set<std::string> Covered;
    for (const match::Finding &F : Findings) {
      if (!F.Selected || F.Module != M.Name)
        continue;
      for (const match::FindingOp &O : F.Ops) {
        std::string K = ownKey(O.Loc, O.Op);
        if (Keys.count(K) && Covered.insert(K).second)
          ++ByPack[F.Pack][F.RuleId];
      }
    }
    for (auto &KV : ByPack) {
      std::vector<std::pair<std::string, unsigned>> Rules(KV.second.begin(),
                                                          KV.second.end());
      P.Packs.push_back({KV.first, Rules});
    }
    P.LibTorchOps = P.TotalOps - static_cast<unsigned>(Covered.size());
    Out.push_back(std::move(P));
  }
  return Out;
}

} // namespace adopter::report
