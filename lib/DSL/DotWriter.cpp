//===- DotWriter.cpp - Write the adopter DSL as Graphviz ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Node ids are generated (`n0`, `n1`, ...) so only labels need escaping.
// Data-flow edges are resolved per method: the defining node of every SSA
// name (a parameter or an op result, in any region) is collected first, then
// every Ref operand of an op gets an edge from its definition.
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/DotWriter.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

using namespace adopter::dsl;
using llvm::raw_ostream;
using llvm::StringRef;

namespace {

/// Escapes \p S for a double-quoted DOT string; newlines become `\n`.
/// Graphviz reads UTF-8, so invalid sequences are repaired first.
std::string escape(StringRef S) {
  std::string Valid = llvm::json::isUTF8(S) ? S.str() : llvm::json::fixUTF8(S);
  std::string R;
  for (char C : Valid) {
    if (C == '"' || C == '\\')
      R += '\\';
    if (C == '\n')
      R += "\\n";
    else if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f)
      R += ' ';
    else
      R += C;
  }
  return R;
}

/// Joins escaped lines with DOT's `\n` line break.
std::string label(std::initializer_list<StringRef> Lines) {
  std::string R;
  for (StringRef L : Lines) {
    if (L.empty())
      continue;
    if (!R.empty())
      R += "\\n";
    R += escape(L);
  }
  return R;
}

std::string opTitle(const Op &O) {
  switch (O.K) {
  case Op::Kind::Call:
    return O.Name;
  case Op::Kind::Inline:
    return "inline " + O.Name;
  case Op::Kind::Return:
    return "return";
  case Op::Kind::Yield:
    return "yield";
  case Op::Kind::If:
    return "if";
  case Op::Kind::Loop:
    return "loop";
  }
  return O.Name;
}

std::string locLine(const SourceLoc &L) {
  if (!L.isValid())
    return "";
  return (llvm::sys::path::filename(L.File) + ":" + llvm::Twine(L.Line)).str();
}

void collectRefs(const Value &V, std::vector<StringRef> &Refs) {
  if (V.K == Value::Kind::Ref)
    Refs.push_back(V.Text);
  for (const Value &E : V.Elems)
    collectRefs(E, Refs);
}

class Writer {
public:
  explicit Writer(raw_ostream &OS) : OS(OS) {}

  void graph(const Graph &G) {
    OS << "digraph adopter {\n";
    OS << "  compound=true;\n";
    OS << "  node [fontname=\"Helvetica\", fontsize=10];\n";
    OS << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
    for (size_t I = 0; I < G.Modules.size(); ++I)
      module(G.Modules[I], I);
    OS << "}\n";
  }

private:
  raw_ostream &OS;
  unsigned NextNode = 0;
  unsigned NextCluster = 0;
  /// Defining node of each SSA name in the current method.
  llvm::StringMap<std::string> Defs;
  /// Edges of the current method, written after its nodes.
  std::vector<std::string> Edges;

  std::string node(unsigned Indent, StringRef Shape, StringRef Label,
                   StringRef Extra = "") {
    std::string Id = "n" + std::to_string(NextNode++);
    OS.indent(Indent) << Id << " [shape=" << Shape << ", label=\"" << Label
                      << '"' << Extra << "];\n";
    return Id;
  }

  void beginCluster(unsigned Indent, StringRef Name, StringRef Label,
                    StringRef Style) {
    OS.indent(Indent) << "subgraph " << Name << " {\n";
    OS.indent(Indent + 2) << "label=\"" << Label << "\";\n";
    OS.indent(Indent + 2) << "style=" << Style << ";\n";
  }

  void module(const Module &M, size_t Index) {
    std::string Name = "cluster_" + std::to_string(Index);
    beginCluster(2, Name, label({"module " + M.Name, locLine(M.Loc)}),
                 "rounded");
    std::string Root = node(4, "box3d", label({M.Name}));
    for (const Submodule &S : M.Members)
      submodule(S, Root);
    for (size_t I = 0; I < M.Methods.size(); ++I)
      method(M.Methods[I], Name + "_m" + std::to_string(I));
    OS << "  }\n";
  }

  void submodule(const Submodule &S, StringRef Parent) {
    std::string Id = node(4, "box", label({S.Name + ": " + S.Type}));
    OS << "    " << Parent << " -> " << Id << ";\n";
    for (const Submodule &E : S.Elements)
      submodule(E, Id);
  }

  void method(const Method &M, const std::string &Cluster) {
    std::string Sig = M.Name + "(";
    for (size_t I = 0; I < M.Params.size(); ++I)
      Sig += (I ? ", %" : "%") + M.Params[I];
    Sig += ")";
    beginCluster(4, Cluster, label({Sig, locLine(M.Loc)}), "dashed");
    Defs.clear();
    Edges.clear();
    for (const std::string &P : M.Params)
      Defs[P] = node(6, "ellipse", label({"%" + P}));
    region(M.Body, 6, "");
    for (const std::string &E : Edges)
      OS.indent(6) << E << ";\n";
    OS.indent(4) << "}\n";
  }

  /// Writes the ops of a region; returns the first node written (a "pass"
  /// placeholder for an empty region). \p Inline is the enclosing inline op's
  /// node, which yields feed.
  std::string region(const std::vector<Op> &Ops, unsigned Indent,
                     StringRef Inline) {
    if (Ops.empty())
      return node(Indent, "plaintext", "pass");
    std::string First;
    for (const Op &O : Ops) {
      std::string Id = op(O, Indent, Inline);
      if (First.empty())
        First = Id;
    }
    return First;
  }

  std::string op(const Op &O, unsigned Indent, StringRef Inline) {
    bool Control = O.K == Op::Kind::If || O.K == Op::Kind::Loop;
    std::string Id = node(Indent, Control ? "diamond" : "box",
                          label({opTitle(O), locLine(O.Loc)}),
                          O.K == Op::Kind::Inline ? ", style=bold" : "");
    std::vector<StringRef> Uses;
    for (const Arg &A : O.Args)
      collectRefs(A.Val, Uses);
    for (StringRef U : Uses) {
      auto It = Defs.find(U);
      if (It != Defs.end())
        Edges.push_back(It->second + " -> " + Id + " [label=\"" +
                        escape("%" + U.str()) + "\"]");
    }
    if (O.K == Op::Kind::Yield && !Inline.empty())
      Edges.push_back(Id + " -> " + Inline.str() +
                      " [style=dashed, constraint=false]");
    static const char *const IfNames[] = {"then", "else"};
    for (size_t I = 0; I < O.Regions.size(); ++I) {
      // Like the printer, leave out an empty else branch.
      if (O.K == Op::Kind::If && I == 1 && O.Regions[I].empty())
        continue;
      std::string Cluster = "cluster_r" + std::to_string(NextCluster++);
      StringRef Name = O.K == Op::Kind::If && I < 2 ? IfNames[I] : "body";
      beginCluster(Indent, Cluster, Name, "dotted");
      std::string First =
          region(O.Regions[I], Indent + 2,
                 O.K == Op::Kind::Inline ? StringRef(Id) : Inline);
      OS.indent(Indent) << "}\n";
      Edges.push_back(Id + " -> " + First + " [style=dashed, lhead=" + Cluster +
                      ", label=\"" + Name.str() + "\"]");
    }
    // Results are defined after the operands are resolved, so `%x = f(%x)`
    // style reuse points at the earlier definition.
    for (const std::string &R : O.Results)
      Defs[R] = Id;
    return Id;
  }
};

} // namespace

void adopter::dsl::writeDot(const Graph &G, raw_ostream &OS) {
  Writer(OS).graph(G);
}
