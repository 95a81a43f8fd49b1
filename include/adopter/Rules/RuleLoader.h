//===- RuleLoader.h - Reading kernel packs from YAML ------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Loads `rules/<pack>/pack.yaml` and `rules/<pack>/<rule-id>.yaml` with
// yaml-cpp. yaml-cpp's exceptions are caught here and never cross into the
// rest of adopter. A bad rule file is reported as
// `path:line:col: error: ...` (with a did-you-mean where one helps) and
// skipped; the other rules still load.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_RULES_RULELOADER_H
#define ADOPTER_RULES_RULELOADER_H

#include "adopter/Rules/Rule.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace adopter::rules {

struct LoadDiagnostic {
  enum class Level { Error, Warning } Severity = Level::Error;
  YamlLoc Loc;
  std::string Message;

  /// `file:line:col: error: message`
  std::string format() const;
};

/// Every loaded pack, in load order.
class RuleSet {
public:
  std::vector<std::unique_ptr<Pack>> Packs;

  const Rule *find(llvm::StringRef Id) const;
  const Pack *pack(llvm::StringRef Name) const;
  std::vector<const Rule *> rules() const;
  std::vector<std::string> ruleIds() const;
};

class RuleLoader {
public:
  /// Loads \p Path: a pack folder (it has pack.yaml), a folder of packs, or
  /// a single rule file (its pack is the folder's pack.yaml, if any).
  void loadPath(llvm::StringRef Path);

  RuleSet &rules() { return Set; }
  const std::vector<LoadDiagnostic> &diagnostics() const { return Diags; }
  bool hasErrors() const;

  /// The packs shipped with adopter: `<prefix>/share/adopter/rules` next to
  /// the executable when installed, else the source tree's `rules/`.
  static std::string builtinRulesDir(const char *Argv0, void *MainAddr);
  /// The same for the binary (executable or shared library) at \p Binary:
  /// `<prefix>/share/adopter/rules` for `<prefix>/{bin,lib}/<binary>`.
  static std::string builtinRulesDirNear(llvm::StringRef Binary);

private:
  RuleSet Set;
  std::vector<LoadDiagnostic> Diags;

  Pack *loadPack(llvm::StringRef Dir);
  void loadRule(Pack &P, llvm::StringRef File);
};

} // namespace adopter::rules

#endif // ADOPTER_RULES_RULELOADER_H
