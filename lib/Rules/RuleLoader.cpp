//===- RuleLoader.cpp - Reading kernel packs from YAML --------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rules/RuleLoader.h"
#include "RuleReader.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <algorithm>

using namespace llvm;

#ifndef ADOPTER_SOURCE_RULES_DIR
#define ADOPTER_SOURCE_RULES_DIR ""
#endif

namespace adopter::rules {

std::string LoadDiagnostic::format() const {
  std::string S = Loc.File;
  if (Loc.Line)
    S += ":" + std::to_string(Loc.Line) + ":" + std::to_string(Loc.Col);
  S += Severity == Level::Error ? ": error: " : ": warning: ";
  S += Message;
  return S;
}

const Rule *RuleSet::find(StringRef Id) const {
  for (const auto &P : Packs)
    for (const auto &R : P->Rules)
      if (R->Id == Id)
        return R.get();
  return nullptr;
}

const Pack *RuleSet::pack(StringRef Name) const {
  for (const auto &P : Packs)
    if (P->Name == Name)
      return P.get();
  return nullptr;
}

std::vector<const Rule *> RuleSet::rules() const {
  std::vector<const Rule *> Out;
  for (const auto &P : Packs)
    for (const auto &R : P->Rules)
      Out.push_back(R.get());
  return Out;
}

std::vector<std::string> RuleSet::ruleIds() const {
  std::vector<std::string> Out;
  for (const Rule *R : rules())
    Out.push_back(R->Id);
  return Out;
}

bool RuleLoader::hasErrors() const {
  return std::any_of(Diags.begin(), Diags.end(), [](const LoadDiagnostic &D) {
    return D.Severity == LoadDiagnostic::Level::Error;
  });
}

static std::vector<std::string> yamlFiles(StringRef Dir) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC;
       I.increment(EC)) {
    StringRef Name = sys::path::filename(I->path());
    if ((Name.ends_with(".yaml") || Name.ends_with(".yml")) &&
        Name != "pack.yaml")
      Out.push_back(I->path());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

Pack *RuleLoader::loadPack(StringRef Dir) {
  SmallString<256> PackFile(Dir);
  sys::path::append(PackFile, "pack.yaml");
  auto P = std::make_unique<Pack>();
  if (!RuleReader::readPack(PackFile.str().str(), *P, Diags))
    return nullptr;
  P->Dir = Dir.str();
  StringRef Folder = sys::path::filename(Dir.rtrim("/"));
  if (P->Name != Folder) {
    Diags.push_back({LoadDiagnostic::Level::Error, P->Loc,
                     "pack name '" + P->Name +
                         "' must equal its folder name '" + Folder.str() +
                         "'"});
    return nullptr;
  }
  if (const Pack *Old = Set.pack(P->Name)) {
    Diags.push_back(
        {LoadDiagnostic::Level::Error, P->Loc,
         "pack '" + P->Name + "' is already loaded from '" + Old->Dir + "'"});
    return nullptr;
  }
  Set.Packs.push_back(std::move(P));
  return Set.Packs.back().get();
}

void RuleLoader::loadRule(Pack &P, StringRef File) {
  auto R = std::make_unique<Rule>();
  R->Pack = P.Name;
  if (!RuleReader::readRule(File.str(), *R, Diags))
    return;
  if (const Rule *Old = Set.find(R->Id)) {
    Diags.push_back({LoadDiagnostic::Level::Error, R->Loc,
                     "rule id '" + R->Id + "' is already defined in pack '" +
                         Old->Pack + "' (" + Old->Loc.File + ")"});
    return;
  }
  P.Rules.push_back(std::move(R));
}

void RuleLoader::loadPath(StringRef Path) {
  YamlLoc Where{Path.str(), 0, 0};
  if (!sys::fs::exists(Path)) {
    Diags.push_back(
        {LoadDiagnostic::Level::Error, Where, "no such file or directory"});
    return;
  }
  if (!sys::fs::is_directory(Path)) {
    // A single rule file: its pack is the folder's.
    StringRef Dir = sys::path::parent_path(Path);
    if (Dir.empty())
      Dir = ".";
    Pack *P = nullptr;
    for (auto &Existing : Set.Packs)
      if (Existing->Dir == Dir)
        P = Existing.get();
    SmallString<256> PackFile(Dir);
    sys::path::append(PackFile, "pack.yaml");
    if (!P) {
      if (!sys::fs::exists(PackFile)) {
        Diags.push_back({LoadDiagnostic::Level::Error, Where,
                         "a rule file must sit in a pack folder with a "
                         "pack.yaml"});
        return;
      }
      P = loadPack(Dir);
    }
    if (P)
      loadRule(*P, Path);
    return;
  }
  SmallString<256> PackFile(Path);
  sys::path::append(PackFile, "pack.yaml");
  if (sys::fs::exists(PackFile)) {
    if (Pack *P = loadPack(Path))
      for (const std::string &F : yamlFiles(Path))
        loadRule(*P, F);
    return;
  }
  // A folder of packs.
  std::vector<std::string> Dirs;
  std::error_code EC;
  for (sys::fs::directory_iterator I(Path, EC), E; I != E && !EC;
       I.increment(EC)) {
    SmallString<256> F(I->path());
    sys::path::append(F, "pack.yaml");
    if (sys::fs::is_directory(I->path()) && sys::fs::exists(F))
      Dirs.push_back(I->path());
  }
  if (Dirs.empty()) {
    Diags.push_back({LoadDiagnostic::Level::Error, Where,
                     "neither a pack (no pack.yaml) nor a folder of packs"});
    return;
  }
  std::sort(Dirs.begin(), Dirs.end());
  for (const std::string &D : Dirs)
    if (Pack *P = loadPack(D))
      for (const std::string &F : yamlFiles(D))
        loadRule(*P, F);
}

std::string RuleLoader::builtinRulesDir(const char *Argv0, void *MainAddr) {
  return builtinRulesDirNear(sys::fs::getMainExecutable(Argv0, MainAddr));
}

std::string RuleLoader::builtinRulesDirNear(StringRef Binary) {
  // <prefix>/bin/adopter, <prefix>/lib/adopter-tidy.so, or a multiarch
  // <prefix>/lib/<triple>/adopter-tidy.so.
  SmallString<256> Dir(sys::path::parent_path(Binary));
  for (int Up = 0; Up < 2 && !Dir.empty(); ++Up) {
    Dir = sys::path::parent_path(Dir);
    SmallString<256> Installed(Dir);
    sys::path::append(Installed, "share", "adopter", "rules");
    if (!Dir.empty() && sys::fs::is_directory(Installed))
      return Installed.str().str();
  }
  return ADOPTER_SOURCE_RULES_DIR;
}

} // namespace adopter::rules
