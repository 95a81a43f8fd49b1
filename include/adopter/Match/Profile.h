//===- Profile.h - Measured speed-ups per site (adopter tune) ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter tune` times each selected finding's replacement against the ops it
// replaces, at that site's shapes, on the user's machine, and writes the
// result as a profile (JSON). `check` and `apply` read it with `--profile`:
// selection never picks a finding that was measured slower at its site.
//
//   {"version": 1, "kind": "adopter-profile", "target": "cpu",
//    "dtype": "float32", "torch": "1.13", "machine": "...", "date": "...",
//    "allocator": "system" or "caching",
//    "sites": [{"rule", "file", "line", "column", "shape",
//               "unfused_ms", "fused_ms", "speedup"}]}
//
// A site is the finding's location as `check` prints it (relative to the
// directory adopter runs in).
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_MATCH_PROFILE_H
#define ADOPTER_MATCH_PROFILE_H

#include "adopter/DSL/Model.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace adopter::match {

struct ProfileEntry {
  std::string Rule;
  dsl::SourceLoc Loc;
  std::string Shape;
  double UnfusedMs = 0, FusedMs = 0;
  /// UnfusedMs / FusedMs: above 1, the replacement is faster.
  double speedup() const { return FusedMs > 0 ? UnfusedMs / FusedMs : 0; }
};

struct Profile {
  std::string Path; ///< where it was read from (for messages)
  std::string Target = "cpu", DType = "float32", Torch, Machine, Date;
  /// The CPU allocator tune measured with: "system" (the process's) or
  /// "caching" (`--allocator caching`); empty in a profile that predates it.
  std::string Allocator;
  std::vector<ProfileEntry> Sites;

  /// Why this profile does not apply to \p Target and \p DType (it was
  /// measured for others), or empty.
  std::string unusableFor(const std::string &Target,
                          const std::string &DType) const;

  /// The entry of \p Rule at \p Loc, or null.
  const ProfileEntry *find(const std::string &Rule,
                           const dsl::SourceLoc &Loc) const;

  static llvm::Expected<Profile> read(const std::string &Path);
  void write(llvm::raw_ostream &OS) const;
};

} // namespace adopter::match

#endif // ADOPTER_MATCH_PROFILE_H
