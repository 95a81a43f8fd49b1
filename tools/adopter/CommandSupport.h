//===- CommandSupport.h - Options shared by adopter commands ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_TOOLS_COMMANDSUPPORT_H
#define ADOPTER_TOOLS_COMMANDSUPPORT_H

#include "adopter/Driver/CompilationSetup.h"
#include "adopter/Driver/GraphRecovery.h"
#include "adopter/Match/CheckEngine.h"
#include "adopter/Rules/RuleLoader.h"
#include "llvm/Support/CommandLine.h"
#include <optional>
#include <string>
#include <vector>

namespace adopter::tool {

/// argv[0] of the process (to find the packs shipped beside the binary).
extern const char *Argv0;

/// \p Path relative to the current directory when it lies below it (how
/// diagnostics name files), unchanged otherwise.
std::string displayPath(const std::string &Path);

/// The adopter-verify program installed beside adopter (it links LibTorch
/// and the kernels, which the analysis does not), or nullopt after printing
/// that \p Command needs it.
std::optional<std::string> verifyProgram(llvm::StringRef Command);

/// `-p`, `--torch-dir`, `--quiet` and the input files.
struct InputOptions {
  llvm::cl::opt<std::string> BuildPath;
  llvm::cl::opt<std::string> TorchDir;
  llvm::cl::opt<bool> Quiet;
  llvm::cl::list<std::string> Files;

  explicit InputOptions(llvm::cl::OptionCategory &Cat);

  /// The compilation setup for the files, notes printed unless --quiet;
  /// nullopt after printing an error (exit code 2).
  std::optional<driver::CompilationSetup>
  setup(const std::vector<std::string> *DashArgs, const char *Usage);
};

/// `--rules PATH` (repeatable), `--packs LIST` and `--no-builtin-rules`.
struct RuleOptions {
  llvm::cl::list<std::string> Paths;
  llvm::cl::opt<std::string> Packs;
  llvm::cl::opt<bool> NoBuiltin;

  explicit RuleOptions(llvm::cl::OptionCategory &Cat);

  /// Loads the shipped packs and the --rules paths, printing the loader's
  /// diagnostics. Returns false (after printing) when --packs names a pack
  /// that is not loaded.
  bool load(rules::RuleLoader &L, bool Quiet);
  /// The packs --packs names (empty: all).
  std::vector<std::string> packList() const;
};

/// `--target`, `--dtype` and `--torch-version`: what selection plans for.
struct TargetOptions {
  llvm::cl::opt<std::string> Target;
  llvm::cl::opt<std::string> Dtype;
  llvm::cl::opt<std::string> TorchVersion;

  explicit TargetOptions(llvm::cl::OptionCategory &Cat);

  /// Prints an error and returns false on an unknown target or dtype.
  bool validate() const;
  /// The engine's options; \p HeaderVersion is the LibTorch version read
  /// from the headers (used unless --torch-version is given).
  match::CheckOptions engineOptions(const std::vector<std::string> &Packs,
                                    const std::string &HeaderVersion) const;
};

/// `--profile FILE`: the timings `adopter tune` measured.
struct ProfileOption {
  llvm::cl::opt<std::string> Path;

  explicit ProfileOption(llvm::cl::OptionCategory &Cat);

  /// Reads the profile, when one was given, for \p TO's target and dtype;
  /// prints an error and returns false when it cannot be read (exit code
  /// 2). A profile measured for another target or dtype is dropped, with a
  /// warning. Called before the (long) recovery, so a bad one fails fast.
  bool load(const TargetOptions &TO);
  /// What load() kept, for CheckOptions::Measured.
  std::optional<match::Profile> take() { return std::move(Loaded); }

private:
  std::optional<match::Profile> Loaded;
};

/// `-j N` and `--cache-dir DIR` (default: $ADOPTER_CACHE_DIR): how the
/// recovery runs over many translation units.
struct RecoveryCliOptions {
  llvm::cl::opt<unsigned> Jobs;
  llvm::cl::opt<std::string> CacheDir;

  explicit RecoveryCliOptions(llvm::cl::OptionCategory &Cat);

  /// The recovery's options; prints an error and returns nullopt when the
  /// cache folder cannot be used (exit code 2). \p Cache receives the cache
  /// the options point to.
  std::optional<driver::RecoveryOptions>
  options(std::optional<driver::RecoveryCache> &Cache) const;
};

} // namespace adopter::tool

#endif // ADOPTER_TOOLS_COMMANDSUPPORT_H
