//===- JsonReporter.cpp - JSON output of adopter check --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Report/JsonReporter.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace adopter::report {

void JsonReporter::write(const CheckReport &R,
                         const std::vector<ModulePartition> &Parts,
                         raw_ostream &OS) {
  json::Array Files;
  for (const FileStatus &F : R.Files) {
    json::Array Errors;
    for (const std::string &E : F.Errors)
      Errors.push_back(E);
    Files.push_back(json::Object{
        {"file", F.File}, {"parsed", F.Parsed}, {"errors", std::move(Errors)}});
  }
  json::Array Findings;
  for (const match::Finding &F : R.Findings) {
    json::Array Ops;
    for (const match::FindingOp &O : F.Ops) {
      json::Object J{{"op", O.Op},
                     {"file", O.Loc.File},
                     {"line", static_cast<int64_t>(O.Loc.Line)},
                     {"column", static_cast<int64_t>(O.Loc.Col)}};
      if (!O.Type.empty())
        J["type"] = O.Type;
      if (!O.Callee.empty())
        J["callee"] = O.Callee;
      if (!O.Condition.empty())
        J["condition"] = O.Condition;
      Ops.push_back(std::move(J));
    }
    Findings.push_back(json::Object{{"rule", F.RuleId},
                                    {"pack", F.Pack},
                                    {"check", "adopter-" + F.RuleId},
                                    {"file", F.Loc.File},
                                    {"line", static_cast<int64_t>(F.Loc.Line)},
                                    {"column", static_cast<int64_t>(F.Loc.Col)},
                                    {"class", F.Class},
                                    {"function", F.Function},
                                    {"ops", std::move(Ops)},
                                    {"selected", F.Selected},
                                    {"fixable", F.Fixable},
                                    {"reason", F.Reason},
                                    {"benefit", F.Benefit},
                                    {"score", F.Score},
                                    {"decision", F.Decision},
                                    {"message", F.Message}});
  }
  json::Array Partition;
  for (const ModulePartition &P : Parts) {
    json::Object Packs;
    for (const auto &Pack : P.Packs) {
      json::Object Rules;
      for (const auto &RC : Pack.second)
        Rules[RC.first] = static_cast<int64_t>(RC.second);
      Packs[Pack.first] = std::move(Rules);
    }
    Partition.push_back(
        json::Object{{"module", P.Module},
                     {"ops", static_cast<int64_t>(P.TotalOps)},
                     {"packs", std::move(Packs)},
                     {"libtorch", static_cast<int64_t>(P.LibTorchOps)}});
  }
  json::Object Doc{{"version", 1},
                   {"target", R.Target},
                   {"files", std::move(Files)},
                   {"findings", std::move(Findings)},
                   {"partition", std::move(Partition)}};
  OS << formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
}

} // namespace adopter::report
