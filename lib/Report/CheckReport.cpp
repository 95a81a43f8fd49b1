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
  return match::Finding::locText(L) + ":" + Name;
}

void collectOps(const dsl::Graph &G, const std::vector<dsl::Op> &Body,
                std::set<std::string> &Keys) {
  for (const dsl::Op &O : Body) {
    if (O.K == dsl::Op::Kind::Call &&
        !llvm::StringRef(O.Name).starts_with("prim::") && O.Name != "opaque") {
      Keys.insert(ownKey(O.Loc, O.Name));
    }
    if (const dsl::Value *S = O.attr("scope");
        O.K == dsl::Op::Kind::Inline && S && match::isModuleMethod(G, S->Text))
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
