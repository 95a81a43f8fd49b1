//===- YamlFileReader.h - Diagnostics of one YAML file ----------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The generic part of reading a rule or pack file (RuleReader.cpp): node
// locations, diagnostics, and the checks of map keys, strings and string
// lists. yaml-cpp stays behind this private header of lib/Rules.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_RULES_YAMLFILEREADER_H
#define ADOPTER_LIB_RULES_YAMLFILEREADER_H

#include "RuleReader.h"
#include "adopter/Rules/OpSignatures.h"
#include <algorithm>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace adopter::rules {

/// One YAML file being read and where its diagnostics go: locations of
/// nodes, errors and warnings, and the checks of keys, strings and string
/// lists every section of a rule or pack file uses.
class YamlFileReader {
public:
  YamlFileReader(std::string File, std::vector<LoadDiagnostic> &Diags)
      : File(std::move(File)), Diags(Diags) {}

  std::string File;
  std::vector<LoadDiagnostic> &Diags;
  unsigned Errors = 0;

  YamlLoc loc(const YAML::Node &N) const {
    YAML::Mark M = N.Mark();
    if (M.line < 0)
      return {File, 1, 1};
    return {File, static_cast<unsigned>(M.line) + 1,
            static_cast<unsigned>(M.column) + 1};
  }
  void error(const YamlLoc &L, const std::string &Msg) {
    Diags.push_back({LoadDiagnostic::Level::Error, L, Msg});
    ++Errors;
  }
  void exception(const YAML::Exception &E, const std::string &Prefix) {
    error({File, static_cast<unsigned>(E.mark.line) + 1,
           static_cast<unsigned>(E.mark.column) + 1},
          Prefix + E.msg);
  }
  void warning(const YamlLoc &L, const std::string &Msg) {
    Diags.push_back({LoadDiagnostic::Level::Warning, L, Msg});
  }
  static std::string suggest(const std::string &W,
                             const std::vector<std::string> &Known) {
    std::string C = closestMatch(W, Known);
    return C.empty() ? "" : "; did you mean '" + C + "'?";
  }

  /// Checks a map's keys against \p Known.
  bool checkKeys(const YAML::Node &N, const std::vector<std::string> &Known,
                 const std::string &What) {
    if (!N.IsMap()) {
      error(loc(N), What + " must be a map");
      return false;
    }
    bool Ok = true;
    for (const auto &KV : N) {
      std::string K = KV.first.Scalar();
      if (std::find(Known.begin(), Known.end(), K) == Known.end()) {
        error(loc(KV.first),
              "unknown key '" + K + "' in " + What + suggest(K, Known));
        Ok = false;
      }
    }
    return Ok;
  }

  bool scalar(const YAML::Node &N, const std::string &Key, std::string &Out,
              bool Required) {
    YAML::Node V = N[Key];
    if (!V) {
      if (Required)
        error(loc(N), "missing required key '" + Key + "'");
      return !Required;
    }
    if (!V.IsScalar()) {
      error(loc(V), "'" + Key + "' must be a string");
      return false;
    }
    Out = V.Scalar();
    return true;
  }

  bool stringList(const YAML::Node &V, const std::string &Key,
                  std::vector<std::string> &Out) {
    if (V.IsScalar()) {
      Out.push_back(V.Scalar());
      return true;
    }
    if (!V.IsSequence()) {
      error(loc(V), "'" + Key + "' must be a string or a list of strings");
      return false;
    }
    for (const auto &E : V) {
      if (!E.IsScalar()) {
        error(loc(E), "'" + Key + "' must hold strings");
        return false;
      }
      Out.push_back(E.Scalar());
    }
    return true;
  }
};

} // namespace adopter::rules

#endif // ADOPTER_LIB_RULES_YAMLFILEREADER_H
