//===- JsonWriter.cpp - Write the adopter DSL as JSON ---------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/JsonWriter.h"
#include "adopter/DSL/Printer.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/JSON.h"

#include <cmath>

using namespace adopter::dsl;
namespace json = llvm::json;
using llvm::StringRef;

namespace {

/// JSON strings must be valid UTF-8; replace invalid sequences.
std::string utf8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

const char *kindName(Op::Kind K) {
  switch (K) {
  case Op::Kind::Call:
    return "call";
  case Op::Kind::Inline:
    return "inline";
  case Op::Kind::Return:
    return "return";
  case Op::Kind::If:
    return "if";
  case Op::Kind::Loop:
    return "loop";
  case Op::Kind::Yield:
    return "yield";
  }
  return "call";
}

class Writer {
public:
  explicit Writer(llvm::raw_ostream &OS) : J(OS, /*IndentSize=*/2) {}

  void graph(const Graph &G) {
    J.object([&] {
      J.attribute("version", JsonSchemaVersion);
      J.attributeArray("modules", [&] {
        for (const Module &M : G.Modules)
          module(M);
      });
    });
  }

private:
  json::OStream J;

  void tagged(StringRef Tag, StringRef Text) {
    J.object([&] { J.attribute(Tag, utf8(Text)); });
  }

  void value(const Value &V) {
    switch (V.K) {
    case Value::Kind::None:
      J.value(nullptr);
      return;
    case Value::Kind::Ref:
      tagged("ref", V.Text);
      return;
    case Value::Kind::Int:
      J.value(V.Int);
      return;
    case Value::Kind::Float:
      // The printer's shortest round-tripping form is valid JSON ("1e-05",
      // "1.0"); JSON has no infinities or NaN.
      if (std::isfinite(V.Float))
        J.rawValue(toString(V));
      else
        tagged("float", toString(V));
      return;
    case Value::Kind::Bool:
      J.value(V.Bool);
      return;
    case Value::Kind::String:
      J.value(utf8(V.Text));
      return;
    case Value::Kind::Ident:
      tagged("ident", V.Text);
      return;
    case Value::Kind::Symbol:
      tagged("expr", V.Text);
      return;
    case Value::Kind::List:
      J.array([&] {
        for (const Value &E : V.Elems)
          value(E);
      });
      return;
    }
  }

  /// An array of {"key"?, "value"} objects.
  void args(StringRef Name, const std::vector<Arg> &Args, bool Always) {
    if (Args.empty() && !Always)
      return;
    J.attributeArray(Name, [&] {
      for (const Arg &A : Args)
        J.object([&] {
          if (!A.Key.empty())
            J.attribute("key", utf8(A.Key));
          J.attributeBegin("value");
          value(A.Val);
          J.attributeEnd();
        });
    });
  }

  /// An object keyed by attribute name. A positional attribute is keyed
  /// `#<index>`, a repeated key `<key>#<index>`.
  void attrs(const std::vector<Arg> &Attrs) {
    if (Attrs.empty())
      return;
    J.attributeObject("attrs", [&] {
      llvm::StringSet<> Seen;
      for (size_t I = 0; I < Attrs.size(); ++I) {
        std::string Key = utf8(Attrs[I].Key);
        if (Key.empty() || Seen.contains(Key))
          Key = (llvm::Twine(Key) + "#" + llvm::Twine(I)).str();
        while (!Seen.insert(Key).second) // a literal key already used it
          Key += "#";
        J.attributeBegin(Key);
        value(Attrs[I].Val);
        J.attributeEnd();
      }
    });
  }

  void loc(const SourceLoc &L) {
    if (!L.isValid())
      return;
    J.attributeObject("loc", [&] {
      J.attribute("file", utf8(L.File));
      J.attribute("line", static_cast<int64_t>(L.Line));
      J.attribute("col", static_cast<int64_t>(L.Col));
    });
  }

  void strings(StringRef Name, const std::vector<std::string> &Items) {
    if (Items.empty())
      return;
    J.attributeArray(Name, [&] {
      for (const std::string &S : Items)
        J.value(utf8(S));
    });
  }

  void ops(StringRef Name, const std::vector<Op> &Ops) {
    if (Ops.empty())
      return;
    J.attributeArray(Name, [&] {
      for (const Op &O : Ops)
        op(O);
    });
  }

  void op(const Op &O) {
    J.object([&] {
      J.attribute("kind", kindName(O.K));
      strings("results", O.Results);
      if (!O.Name.empty())
        J.attribute("op", utf8(O.Name));
      args("args", O.Args, /*Always=*/false);
      attrs(O.Attrs);
      if (!O.Regions.empty())
        J.attributeArray("regions", [&] {
          for (const std::vector<Op> &R : O.Regions)
            J.array([&] {
              for (const Op &Inner : R)
                op(Inner);
            });
        });
      loc(O.Loc);
    });
  }

  void submodule(const Submodule &S) {
    J.object([&] {
      J.attribute("name", utf8(S.Name));
      J.attribute("type", utf8(S.Type));
      // "options" is present exactly when the member has parentheses.
      if (S.HasOptions)
        args("options", S.Options, /*Always=*/true);
      attrs(S.Attrs);
      if (!S.Elements.empty())
        J.attributeArray("elements", [&] {
          for (const Submodule &E : S.Elements)
            submodule(E);
        });
      loc(S.Loc);
    });
  }

  void method(const Method &M) {
    J.object([&] {
      J.attribute("name", utf8(M.Name));
      strings("params", M.Params);
      loc(M.Loc);
      ops("body", M.Body);
    });
  }

  void module(const Module &M) {
    J.object([&] {
      J.attribute("name", utf8(M.Name));
      attrs(M.Attrs);
      loc(M.Loc);
      if (!M.Members.empty())
        J.attributeArray("members", [&] {
          for (const Submodule &S : M.Members)
            submodule(S);
        });
      if (!M.Parameters.empty())
        J.attributeArray("parameters", [&] {
          for (const Submodule &S : M.Parameters)
            submodule(S);
        });
      if (!M.Methods.empty())
        J.attributeArray("methods", [&] {
          for (const Method &Me : M.Methods)
            method(Me);
        });
    });
  }
};

} // namespace

void adopter::dsl::writeJson(const Graph &G, llvm::raw_ostream &OS) {
  Writer(OS).graph(G);
  OS << '\n';
}
