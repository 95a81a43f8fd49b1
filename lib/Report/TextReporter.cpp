//===- TextReporter.cpp - Compiler-style output of adopter check ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Report/TextReporter.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include <map>
#include <memory>

using namespace llvm;

namespace adopter::report {

namespace {

class SourceLines {
public:
  /// The text of line \p Line (1-based) of \p File, or empty.
  StringRef line(const std::string &File, unsigned Line) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      auto Buf = MemoryBuffer::getFile(File);
      It = Files.emplace(File, Buf ? std::move(*Buf) : nullptr).first;
    }
    if (!It->second || Line == 0)
      return "";
    StringRef Text = It->second->getBuffer();
    for (unsigned I = 1; I < Line; ++I) {
      size_t NL = Text.find('\n');
      if (NL == StringRef::npos)
        return "";
      Text = Text.drop_front(NL + 1);
    }
    return Text.take_until([](char C) { return C == '\n' || C == '\r'; });
  }

private:
  std::map<std::string, std::unique_ptr<MemoryBuffer>> Files;
};

class Writer {
public:
  Writer(raw_ostream &OS, bool Color) : OS(OS), Color(Color) {}

  void diag(const dsl::SourceLoc &L, StringRef Kind, const Twine &Msg) {
    if (Color)
      OS.changeColor(raw_ostream::SAVEDCOLOR, true);
    OS << L.File << ":" << L.Line << ":" << L.Col << ": ";
    if (Color)
      OS.changeColor(
          Kind == "warning" ? raw_ostream::MAGENTA : raw_ostream::BLACK, true);
    OS << Kind << ": ";
    if (Color)
      OS.resetColor().changeColor(raw_ostream::SAVEDCOLOR, true);
    OS << Msg;
    if (Color)
      OS.resetColor();
    OS << "\n";
    StringRef Line = Src.line(L.File, L.Line);
    if (Line.empty())
      return;
    OS << Line << "\n";
    // The caret under the column; tabs kept so that it lines up.
    for (unsigned I = 0; I + 1 < L.Col && I < Line.size(); ++I)
      OS << (Line[I] == '\t' ? '\t' : ' ');
    if (Color)
      OS.changeColor(raw_ostream::GREEN, true);
    OS << "^";
    if (Color)
      OS.resetColor();
    OS << "\n";
  }

private:
  raw_ostream &OS;
  bool Color;
  SourceLines Src;
};

std::string opName(const match::FindingOp &O) {
  std::string S = "'" + O.Op + "'";
  if (!O.Type.empty())
    S += " (" + O.Type + ")";
  return S;
}

} // namespace

std::vector<FindingNote> TextReporter::notes(const match::Finding &F) {
  std::vector<FindingNote> Out;
  for (const match::FindingOp &O : F.Ops) {
    if (O.Loc == F.Loc && !O.Condition.empty())
      Out.push_back({F.Loc, opName(O) + " runs only on the path where '" +
                                O.Condition + "'"});
    if (O.Loc == F.Loc || !O.Loc.isValid())
      continue;
    std::string Msg = opName(O) + " is part of the chain";
    if (!O.Callee.empty())
      Msg += ", inside '" + O.Callee + "'";
    if (!O.Condition.empty())
      Msg += ", on the path where '" + O.Condition + "'";
    Out.push_back({O.Loc, Msg});
  }
  if (!F.Fixable)
    Out.push_back({F.Loc, "not fixable: " + F.Reason});
  return Out;
}

void TextReporter::write(const CheckReport &R,
                         const std::vector<ModulePartition> &Parts,
                         const Options &Opts, raw_ostream &OS) {
  Writer W(OS, Opts.Color);
  for (const match::Finding &F : R.Findings) {
    if (!F.Selected && !Opts.Explain)
      continue;
    W.diag(F.Loc, F.Selected ? "warning" : "remark",
           F.Message + " [adopter-" + F.RuleId + "]");
    for (const FindingNote &N : notes(F))
      W.diag(N.Loc, "note", N.Message);
    if (Opts.Explain)
      W.diag(F.Loc, "note", F.Decision);
  }
  if (!Opts.Explain)
    return;
  OS << "partition (target " << R.Target << "):\n";
  for (const ModulePartition &P : Parts) {
    OS << "  module " << P.Module << ": " << P.TotalOps << " ops";
    for (const auto &Pack : P.Packs) {
      unsigned N = 0;
      for (const auto &RC : Pack.second)
        N += RC.second;
      OS << "; " << Pack.first << " kernels: " << N << " (";
      for (size_t I = 0; I < Pack.second.size(); ++I)
        OS << (I ? ", " : "") << Pack.second[I].first << " x"
           << Pack.second[I].second;
      OS << ")";
    }
    OS << "; LibTorch ops: " << P.LibTorchOps << "\n";
  }
}

} // namespace adopter::report
