//===- SarifReporter.cpp - SARIF 2.1.0 output of adopter check ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Report/SarifReporter.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <map>

using namespace llvm;

namespace adopter::report {

namespace {

/// A relative path becomes a relative URI against %SRCROOT%; an absolute one
/// a file:// URI.
json::Object artifact(const std::string &File) {
  std::string Uri;
  for (char C : File) {
    if (C == ' ')
      Uri += "%20";
    else if (C == '%')
      Uri += "%25";
    else
      Uri += C;
  }
  if (sys::path::is_absolute(File))
    return json::Object{{"uri", "file://" + Uri}};
  return json::Object{{"uri", Uri}, {"uriBaseId", "%SRCROOT%"}};
}

json::Object location(const dsl::SourceLoc &L, const std::string &Message) {
  json::Object Loc{
      {"physicalLocation",
       json::Object{
           {"artifactLocation", artifact(L.File)},
           {"region",
            json::Object{{"startLine", static_cast<int64_t>(L.Line)},
                         {"startColumn", static_cast<int64_t>(L.Col)}}}}}};
  if (!Message.empty())
    Loc["message"] = json::Object{{"text", Message}};
  return Loc;
}

} // namespace

void SarifReporter::write(const CheckReport &R, const std::string &ToolVersion,
                          raw_ostream &OS) {
  json::Array RuleDescs;
  std::map<std::string, int64_t> Index;
  for (const rules::Rule *Rule : R.Rules) {
    Index[Rule->Id] = static_cast<int64_t>(RuleDescs.size());
    RuleDescs.push_back(json::Object{
        {"id", "adopter-" + Rule->Id},
        {"name", Rule->Id},
        {"shortDescription", json::Object{{"text", Rule->Summary}}},
        {"fullDescription", json::Object{{"text", Rule->Explanation}}},
        {"defaultConfiguration", json::Object{{"level", "warning"}}},
        {"properties", json::Object{{"pack", Rule->Pack}}}});
  }
  json::Array Results;
  for (const match::Finding &F : R.Findings) {
    if (!F.Selected)
      continue;
    json::Array Related;
    int64_t Id = 0;
    for (const match::FindingOp &O : F.Ops) {
      json::Object L = location(
          O.Loc, "'" + O.Op + "' is part of the chain" +
                     (O.Callee.empty() ? "" : ", inside '" + O.Callee + "'"));
      L["id"] = Id++;
      Related.push_back(std::move(L));
    }
    json::Object Res{{"ruleId", "adopter-" + F.RuleId},
                     {"level", "warning"},
                     {"message", json::Object{{"text", F.Message}}},
                     {"locations", json::Array{location(F.Loc, "")}},
                     {"relatedLocations", std::move(Related)},
                     {"properties", json::Object{{"pack", F.Pack},
                                                 {"fixable", F.Fixable},
                                                 {"reason", F.Reason},
                                                 {"benefit", F.Benefit},
                                                 {"function", F.Function}}}};
    auto It = Index.find(F.RuleId);
    if (It != Index.end())
      Res["ruleIndex"] = It->second;
    Results.push_back(std::move(Res));
  }
  json::Array Notifications;
  bool AllParsed = true;
  for (const FileStatus &F : R.Files) {
    if (F.Parsed)
      continue;
    AllParsed = false;
    Notifications.push_back(json::Object{
        {"level", "error"},
        {"message", json::Object{{"text", F.File + " did not compile"}}},
        {"locations",
         json::Array{json::Object{
             {"physicalLocation",
              json::Object{{"artifactLocation", artifact(F.File)}}}}}}});
  }
  json::Object Run{
      {"tool",
       json::Object{{"driver", json::Object{{"name", "adopter"},
                                            {"version", ToolVersion},
                                            {"rules", std::move(RuleDescs)}}}}},
      {"invocations",
       json::Array{json::Object{
           {"executionSuccessful", AllParsed},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)}};
  json::Object Doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", json::Array{std::move(Run)}}};
  OS << formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
}

} // namespace adopter::report
