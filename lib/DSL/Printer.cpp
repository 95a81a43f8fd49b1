//===- Printer.cpp - Print the adopter DSL as text ------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The lexical rules used here to decide whether a name may be printed bare
// mirror the ones in Parser.cpp; keep the two in sync.
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Printer.h"
#include "Lexicon.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace adopter::dsl;
using llvm::raw_ostream;
using llvm::StringRef;

using namespace adopter::dsl::lexicon;

namespace {

//===----------------------------------------------------------------------===//
// Lexical classes
//===----------------------------------------------------------------------===//

bool isBareWord(StringRef S) {
  return !S.empty() && runLength(S, isWordChar) == S.size();
}

/// A key that may stand alone as a None-valued attribute: it must not read
/// back as a value (a number, `true`, `inf`, ...).
bool isBareFlag(StringRef S) {
  return isBareWord(S) && (llvm::isAlpha(S.front()) || S.front() == '_') &&
         S != "true" && S != "false" && S != "inf" && S != "nan";
}

bool isBareMemberName(StringRef S) {
  return !S.empty() && llvm::all_of(S, isWordChar);
}

bool isBareType(StringRef S) {
  return !S.empty() && runLength(S, isTypeChar) == S.size();
}

bool isBareModuleName(StringRef S) {
  if (S.empty() || S.front() == '"')
    return false;
  return llvm::all_of(S, isModuleNameChar);
}

bool isBareFile(StringRef S) {
  if (S.empty())
    return false;
  return llvm::all_of(S, isFileChar);
}

//===----------------------------------------------------------------------===//
// Tokens
//===----------------------------------------------------------------------===//

/// Prints \p S between \p Delim characters, escaping the delimiter, '\\' and
/// control characters.
void printQuoted(StringRef S, char Delim, raw_ostream &OS) {
  OS << Delim;
  for (char C : S) {
    auto U = static_cast<unsigned char>(C);
    if (C == Delim || C == '\\')
      OS << '\\' << C;
    else if (C == '\n')
      OS << "\\n";
    else if (C == '\t')
      OS << "\\t";
    else if (C == '\r')
      OS << "\\r";
    else if (U < 0x20 || U == 0x7f)
      OS << "\\x" << llvm::hexdigit(U >> 4, true)
         << llvm::hexdigit(U & 15, true);
    else
      OS << C;
  }
  OS << Delim;
}

void printName(StringRef S, bool Bare, raw_ostream &OS) {
  if (Bare)
    OS << S;
  else
    printQuoted(S, '"', OS);
}

void printRef(StringRef Name, raw_ostream &OS) {
  OS << '%';
  printName(Name, isBareWord(Name), OS);
}

void printFloat(double D, raw_ostream &OS) {
  if (std::isnan(D)) {
    OS << "nan";
    return;
  }
  if (std::isinf(D)) {
    OS << (D < 0 ? "-inf" : "inf");
    return;
  }
  char Buf[64];
  for (int Precision = 1; Precision <= 17; ++Precision) {
    std::snprintf(Buf, sizeof(Buf), "%.*g", Precision, D);
    if (std::strtod(Buf, nullptr) == D)
      break;
  }
  StringRef S(Buf);
  OS << S;
  if (S.find_first_of(".eEn") == StringRef::npos)
    OS << ".0";
}

/// Prints `key=value` / `value` items joined by ", ". In attribute position
/// a keyed None value prints as its key alone when that reads back as a key;
/// otherwise it prints as `key=`.
void printArgList(const std::vector<Arg> &Args, bool IsAttr, raw_ostream &OS) {
  bool First = true;
  for (const Arg &A : Args) {
    if (!First)
      OS << ", ";
    First = false;
    if (!A.Key.empty()) {
      printName(A.Key, isBareWord(A.Key), OS);
      if (IsAttr && A.Val.K == Value::Kind::None && isBareFlag(A.Key))
        continue;
      OS << '=';
    }
    printValue(A.Val, OS);
  }
}

void printAttrs(const std::vector<Arg> &Attrs, raw_ostream &OS) {
  if (Attrs.empty())
    return;
  OS << " {";
  printArgList(Attrs, /*IsAttr=*/true, OS);
  OS << '}';
}

void printTrailingLoc(const SourceLoc &Loc, raw_ostream &OS) {
  if (!Loc.isValid())
    return;
  OS << ' ';
  printLoc(Loc, OS);
}

void printRegion(const std::vector<Op> &Region, raw_ostream &OS,
                 unsigned Indent) {
  if (Region.empty()) {
    OS.indent(Indent) << "pass\n";
    return;
  }
  for (const Op &O : Region)
    printOp(O, OS, Indent);
}

const std::vector<Op> &region(const Op &O, size_t I) {
  static const std::vector<Op> Empty;
  return I < O.Regions.size() ? O.Regions[I] : Empty;
}

} // namespace

void adopter::dsl::printValue(const Value &V, raw_ostream &OS) {
  switch (V.K) {
  case Value::Kind::None:
    return;
  case Value::Kind::Ref:
    printRef(V.Text, OS);
    return;
  case Value::Kind::Int:
    OS << V.Int;
    return;
  case Value::Kind::Float:
    printFloat(V.Float, OS);
    return;
  case Value::Kind::Bool:
    OS << (V.Bool ? "true" : "false");
    return;
  case Value::Kind::String:
    printQuoted(V.Text, '"', OS);
    return;
  case Value::Kind::Ident:
    OS << V.Text;
    return;
  case Value::Kind::Symbol:
    printQuoted(V.Text, '`', OS);
    return;
  case Value::Kind::List: {
    OS << '[';
    bool First = true;
    for (const Value &E : V.Elems) {
      if (!First)
        OS << ", ";
      First = false;
      printValue(E, OS);
    }
    OS << ']';
    return;
  }
  }
}

void adopter::dsl::printLoc(const SourceLoc &Loc, raw_ostream &OS) {
  if (!Loc.isValid())
    return;
  OS << '@';
  printName(Loc.File, isBareFile(Loc.File), OS);
  OS << ':' << Loc.Line << ':' << Loc.Col;
}

void adopter::dsl::printOp(const Op &O, raw_ostream &OS, unsigned Indent) {
  OS.indent(Indent);
  if (!O.Results.empty()) {
    bool First = true;
    for (const std::string &R : O.Results) {
      if (!First)
        OS << ", ";
      First = false;
      printRef(R, OS);
    }
    OS << " = ";
  }

  bool HasRegion = false;
  auto PrintOperands = [&] {
    if (O.Args.empty())
      return;
    OS << ' ';
    printArgList(O.Args, /*IsAttr=*/false, OS);
  };
  switch (O.K) {
  case Op::Kind::Call:
  case Op::Kind::Inline:
    if (O.K == Op::Kind::Inline) {
      OS << "inline ";
      HasRegion = true;
    }
    printName(O.Name, isBareWord(O.Name), OS);
    OS << '(';
    printArgList(O.Args, /*IsAttr=*/false, OS);
    OS << ')';
    break;
  case Op::Kind::Return:
    OS << "return";
    PrintOperands();
    break;
  case Op::Kind::Yield:
    OS << "yield";
    PrintOperands();
    break;
  case Op::Kind::If:
    OS << "if";
    PrintOperands();
    HasRegion = true;
    break;
  case Op::Kind::Loop:
    OS << "loop";
    PrintOperands();
    HasRegion = true;
    break;
  }
  printAttrs(O.Attrs, OS);
  printTrailingLoc(O.Loc, OS);
  if (!HasRegion) {
    OS << '\n';
    return;
  }
  OS << ":\n";
  printRegion(region(O, 0), OS, Indent + 2);
  if (O.K == Op::Kind::If && !region(O, 1).empty()) {
    OS.indent(Indent) << "else:\n";
    printRegion(region(O, 1), OS, Indent + 2);
  }
}

void adopter::dsl::printSubmodule(const Submodule &S, raw_ostream &OS,
                                  unsigned Indent) {
  OS.indent(Indent);
  printName(S.Name, isBareMemberName(S.Name), OS);
  OS << " = ";
  printName(S.Type, isBareType(S.Type), OS);
  if (S.HasOptions) {
    OS << '(';
    printArgList(S.Options, /*IsAttr=*/false, OS);
    OS << ')';
  }
  printAttrs(S.Attrs, OS);
  printTrailingLoc(S.Loc, OS);
  if (S.Elements.empty()) {
    OS << '\n';
    return;
  }
  OS << ":\n";
  for (const Submodule &E : S.Elements)
    printSubmodule(E, OS, Indent + 2);
}

void adopter::dsl::printMethod(const Method &M, raw_ostream &OS,
                               unsigned Indent) {
  OS.indent(Indent);
  printName(M.Name, isBareWord(M.Name), OS);
  OS << '(';
  bool First = true;
  for (const std::string &P : M.Params) {
    if (!First)
      OS << ", ";
    First = false;
    printRef(P, OS);
  }
  OS << ')';
  printTrailingLoc(M.Loc, OS);
  OS << ":\n";
  printRegion(M.Body, OS, Indent + 2);
}

void adopter::dsl::printModule(const Module &M, raw_ostream &OS) {
  OS << "module ";
  printName(M.Name, isBareModuleName(M.Name), OS);
  printAttrs(M.Attrs, OS);
  printTrailingLoc(M.Loc, OS);
  OS << '\n';
  for (const Submodule &S : M.Members)
    printSubmodule(S, OS, 2);
  for (const Submodule &S : M.Parameters)
    printSubmodule(S, OS, 2);
  for (const Method &Me : M.Methods)
    printMethod(Me, OS, 2);
}

void adopter::dsl::printGraph(const Graph &G, raw_ostream &OS) {
  bool First = true;
  for (const Module &M : G.Modules) {
    if (!First)
      OS << '\n';
    First = false;
    printModule(M, OS);
  }
}

std::string adopter::dsl::toString(const Graph &G) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  printGraph(G, OS);
  return S;
}

std::string adopter::dsl::toString(const Op &O) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  printOp(O, OS);
  return S;
}

std::string adopter::dsl::toString(const Value &V) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  printValue(V, OS);
  return S;
}

std::string adopter::dsl::negatedCondition(const std::string &Cond) {
  auto IsSimple = [](llvm::StringRef C) {
    return !C.empty() && llvm::all_of(C, [](char Ch) {
      return llvm::isAlnum(Ch) || llvm::StringRef("_.:()").contains(Ch);
    });
  };
  llvm::StringRef C(Cond);
  // `!x` and `!(a > b)` lose their `!`.
  if (C.consume_front("!")) {
    if (IsSimple(C))
      return C.str();
    if (C.starts_with("(") && C.ends_with(")")) {
      int Depth = 0;
      size_t I = 0;
      for (; I < C.size(); ++I) {
        Depth += C[I] == '(' ? 1 : C[I] == ')' ? -1 : 0;
        if (Depth == 0)
          break;
      }
      if (I + 1 == C.size())
        return C.drop_front().drop_back().str();
    }
  }
  return IsSimple(Cond) ? "!" + Cond : "!(" + Cond + ")";
}
