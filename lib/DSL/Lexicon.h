//===- Lexicon.h - Character classes shared by printer and parser -*- C++ -*-=//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The printer decides what to quote with the same rules the parser uses to
// read bare tokens; both include this file so that the two cannot drift.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_DSL_LEXICON_H
#define ADOPTER_LIB_DSL_LEXICON_H

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

namespace adopter::dsl::lexicon {

/// Characters of a bare word (a key, an op token, an SSA name, an Ident).
inline bool isWordChar(char C) {
  return llvm::isAlnum(C) || C == '_' || C == '.' || C == '*';
}

/// A printable character (or a UTF-8 byte) other than space and \p Except.
inline bool isPrintableExcept(char C, llvm::StringRef Except) {
  auto U = static_cast<unsigned char>(C);
  return U > 0x20 && U != 0x7f && !Except.contains(C);
}

/// Characters of a bare type name (`torch::nn::Linear`, `Block<4,8>`).
inline bool isTypeChar(char C) { return isPrintableExcept(C, "(){}@#\"`:"); }
/// Characters of a bare module name.
inline bool isModuleNameChar(char C) { return isPrintableExcept(C, "#"); }
/// Characters of a bare file name in a location.
inline bool isFileChar(char C) { return isPrintableExcept(C, ":\"#"); }

/// Length of the run of \p IsChar characters at the start of \p S; `::`
/// continues the run when another such character follows it.
inline size_t runLength(llvm::StringRef S, bool (*IsChar)(char)) {
  size_t I = 0;
  while (I < S.size()) {
    if (IsChar(S[I])) {
      ++I;
      continue;
    }
    if (S[I] == ':' && I + 2 < S.size() && S[I + 1] == ':' &&
        IsChar(S[I + 2])) {
      I += 2;
      continue;
    }
    break;
  }
  return I;
}

} // namespace adopter::dsl::lexicon

#endif // ADOPTER_LIB_DSL_LEXICON_H
