//===- Commands.h - adopter subcommands -------------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TOOLS_COMMANDS_H
#define ADOPTER_TOOLS_COMMANDS_H

#include <string>
#include <vector>

namespace adopter::tool {

/// Exit codes (documented in the README).
enum ExitCode {
  ExitOk = 0,
  ExitFindings = 1,   ///< findings reported with --error (check)
  ExitUsage = 2,      ///< bad command line, missing input, bad config
  ExitParseError = 3, ///< at least one file did not compile
  ExitConflict = 4,   ///< apply: two rewrites edit one place differently
  ExitWriteError = 5, ///< apply: a file could not be written (none was)
};

/// Parse the options of subcommand \p Name (registered by the caller as
/// locals) from \p Args; on an error print it and return false.
bool parseSubcommandOptions(const char *Name,
                            const std::vector<std::string> &Args,
                            const char *Overview);

/// `adopter graph`: \p Args are the arguments after the subcommand name and
/// before `--`; \p DashArgs the ones after it (when `--` was given).
int runGraph(const std::vector<std::string> &Args,
             const std::vector<std::string> *DashArgs);

/// `adopter dsl`: parse a DSL file and print it (or convert it).
int runDsl(const std::vector<std::string> &Args);

int runCheck(const std::vector<std::string> &Args,
             const std::vector<std::string> *DashArgs);

/// `adopter apply`: rewrite what `check` selects.
int runApply(const std::vector<std::string> &Args,
             const std::vector<std::string> *DashArgs);

int runTune(const std::vector<std::string> &Args,
            const std::vector<std::string> *DashArgs);

int runRules(const std::vector<std::string> &Args);

} // namespace adopter::tool

#endif // ADOPTER_TOOLS_COMMANDS_H
