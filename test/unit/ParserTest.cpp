//===- ParserTest.cpp - Tests of the DSL parser ---------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Parser.h"
#include "adopter/DSL/Printer.h"

#include "llvm/Support/Error.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace adopter::dsl;

namespace {

/// Parses \p Text, which must fail, and returns the error message.
std::string errorOf(llvm::StringRef Text, llvm::StringRef Buffer = "<dsl>") {
  auto G = parseGraph(Text, Buffer);
  if (G)
    return "<no error>";
  return llvm::toString(G.takeError());
}

/// Wraps statements in a module and a method whose body is at indent 4.
std::string inMethod(llvm::StringRef Body) {
  return ("module M\n  forward(%x):\n" + Body).str();
}

} // namespace

TEST_CASE("Parser: reads the documented example", "[parser]") {
  const char *Text = R"(# A comment on its own line.
module Block {impl="BlockImpl", holder="Block"} @f.h:5:8   # trailing
  dense = torch::nn::Linear(in_features=768, out_features=768) {registered="dense"} @f.h:9:5
  layers = torch::nn::Sequential {registered="layers"} @f.h:10:5:

    0 = torch::nn::Linear(in_features=4, out_features=8) @f.h:11:7
    1 = torch::nn::Functional(aten::relu) @f.h:12:7
  forward(%x) @f.cpp:20:1:
    %0 = aten::relu(%x) {inplace, note="# not a comment"} @f.cpp:3:5
    %r = inline blk(%0) {scope="BlockImpl::forward"} @f.cpp:4:5:
      yield %0
    if %r @f.cpp:5:3:
      return %r
    else:
      return %0
)";
  auto G = parseGraph(Text);
  if (!G)
    FAIL(llvm::toString(G.takeError()));
  REQUIRE(G->Modules.size() == 1);
  const Module &M = G->Modules[0];
  CHECK(M.Name == "Block");
  CHECK(*M.attr("impl") == Value::string("BlockImpl"));
  CHECK(M.Loc == SourceLoc{"f.h", 5, 8});
  REQUIRE(M.Members.size() == 2);
  const Submodule &Dense = *M.member("dense");
  CHECK(Dense.Type == "torch::nn::Linear");
  CHECK(Dense.HasOptions);
  REQUIRE(Dense.Options.size() == 2);
  CHECK(Dense.Options[1].Key == "out_features");
  CHECK(Dense.Options[1].Val == Value::integer(768));
  const Submodule &Layers = *M.member("layers");
  CHECK_FALSE(Layers.HasOptions);
  REQUIRE(Layers.Elements.size() == 2);
  CHECK(Layers.Elements[1].Name == "1");
  CHECK(Layers.Elements[1].Options[0].Val == Value::ident("aten::relu"));
  const Method &F = *M.method("forward");
  CHECK(F.Params == std::vector<std::string>{"x"});
  REQUIRE(F.Body.size() == 3);
  CHECK(F.Body[0].K == Op::Kind::Call);
  CHECK(F.Body[0].Name == "aten::relu");
  CHECK(F.Body[0].attr("inplace")->K == Value::Kind::None);
  CHECK(F.Body[0].attr("note")->Text == "# not a comment");
  CHECK(F.Body[1].K == Op::Kind::Inline);
  CHECK(F.Body[1].Name == "blk");
  REQUIRE(F.Body[1].Regions.size() == 1);
  CHECK(F.Body[1].Regions[0][0].K == Op::Kind::Yield);
  const Op &If = F.Body[2];
  CHECK(If.K == Op::Kind::If);
  REQUIRE(If.Regions.size() == 2);
  CHECK(If.Regions[1][0].Args[0].Val == Value::ref("0"));
}

TEST_CASE("Parser: values of every kind", "[parser]") {
  auto G = parseGraph(inMethod(
      "    aten::f(%a, -7, 1e-05, 2.5, -inf, nan, true, false, \"s\\\"\\x41\", "
      "torch::kMean, `a\\`b`, [1, [2.0], []], k=, ::g, "
      "9223372036854775807)\n"));
  if (!G)
    FAIL(llvm::toString(G.takeError()));
  const std::vector<Arg> &A = G->Modules[0].Methods[0].Body[0].Args;
  REQUIRE(A.size() == 15);
  CHECK(A[0].Val == Value::ref("a"));
  CHECK(A[1].Val == Value::integer(-7));
  CHECK(A[2].Val == Value::floating(1e-05));
  CHECK(A[3].Val == Value::floating(2.5));
  CHECK(A[4].Val == Value::floating(-INFINITY));
  CHECK(std::isnan(A[5].Val.Float));
  CHECK(A[6].Val == Value::boolean(true));
  CHECK(A[7].Val == Value::boolean(false));
  CHECK(A[8].Val == Value::string("s\"A"));
  CHECK(A[9].Val == Value::ident("torch::kMean"));
  CHECK(A[10].Val == Value::symbol("a`b"));
  CHECK(A[11].Val ==
        Value::list({Value::integer(1), Value::list({Value::floating(2.0)}),
                     Value::list({})}));
  CHECK(A[12].Key == "k");
  CHECK(A[12].Val == Value::none());
  CHECK(A[13].Val == Value::ident("::g"));
  CHECK(A[14].Val == Value::integer(INT64_MAX));
}

TEST_CASE("Parser: layout details", "[parser]") {
  SECTION("CRLF line endings and trailing blanks") {
    auto G = parseGraph("module A  \r\n  f():\r\n    return\r\n\r\n");
    REQUIRE(static_cast<bool>(G));
    CHECK(G->Modules[0].Methods[0].Body[0].K == Op::Kind::Return);
  }
  SECTION("keywords followed by '(' are op names") {
    auto G = parseGraph(inMethod("    if(%x)\n    %r = inline(%x)\n"
                                 "    pass(%x)\n    return(%x)\n"));
    REQUIRE(static_cast<bool>(G));
    const std::vector<Op> &B = G->Modules[0].Methods[0].Body;
    REQUIRE(B.size() == 4);
    for (const Op &O : B)
      CHECK(O.K == Op::Kind::Call);
    CHECK(B[1].Name == "inline");
  }
  SECTION("an empty input is an empty graph") {
    auto G = parseGraph("\n# nothing\n   \n");
    REQUIRE(static_cast<bool>(G));
    CHECK(G->Modules.empty());
  }
  SECTION("pass alongside ops is ignored; if always has two regions") {
    auto G = parseGraph(inMethod("    pass\n    if %x:\n      pass\n"));
    REQUIRE(static_cast<bool>(G));
    const std::vector<Op> &B = G->Modules[0].Methods[0].Body;
    REQUIRE(B.size() == 1);
    CHECK(B[0].Regions.size() == 2);
  }
}

TEST_CASE("Parser: error messages carry line and column", "[parser]") {
  CHECK(errorOf(inMethod("    %0 = aten::relu(%x\n")) ==
        "<dsl>:3:23: error: expected ')' to close argument list");
  CHECK(errorOf(inMethod("    %0 = aten::add(%x %x)\n")) ==
        "<dsl>:3:23: error: expected ',' or ')' in argument list, found '%'");
  CHECK(errorOf(inMethod("    return %x\n      return %x\n")) ==
        "<dsl>:4:7: error: unexpected indentation (expected 4 spaces, found "
        "6)");
  CHECK(errorOf(inMethod("    retrun %x\n")) ==
        "<dsl>:3:5: error: unknown statement 'retrun'; did you mean "
        "'return'?");
  CHECK(errorOf(inMethod("    frobnicate %x\n")) ==
        "<dsl>:3:5: error: unknown statement 'frobnicate'; expected an op "
        "call, 'return', 'yield', 'if', 'loop' or 'pass'");
  CHECK(errorOf("modul Foo\n", "model.dsl") ==
        "model.dsl:1:1: error: unknown declaration 'modul'; did you mean "
        "'module'?");
  CHECK(errorOf("module M\n\tf():\n") ==
        "<dsl>:2:1: error: tab character in indentation; indent with 2 "
        "spaces per level");
  CHECK(errorOf("module M\n   f():\n") ==
        "<dsl>:2:4: error: indentation of 3 spaces is not a multiple of 2");
  CHECK(errorOf(inMethod("    %0 = f(\"abc)\n")) ==
        "<dsl>:3:12: error: missing terminating '\"' character");
  CHECK(errorOf(inMethod("    if %x\n      pass\n")) ==
        "<dsl>:3:10: error: expected ':' at end of 'if' header");
  CHECK(errorOf(inMethod("    else:\n")) ==
        "<dsl>:3:5: error: 'else' without a matching 'if'");
  CHECK(errorOf(inMethod("    loop %x:\n    return\n")) ==
        "<dsl>:3:12: error: expected an indented block after ':' (6 spaces)");
  CHECK(errorOf(inMethod("    %0 = f(12abc)\n")) ==
        "<dsl>:3:12: error: invalid number '12abc'");
  CHECK(errorOf(inMethod("    %0 = f(99999999999999999999)\n")) ==
        "<dsl>:3:12: error: integer literal '99999999999999999999' does not "
        "fit in 64 bits");
  CHECK(errorOf(inMethod("    %0 = f(\"a\\qb\")\n")) ==
        "<dsl>:3:14: error: unknown escape sequence '\\q'");
  CHECK(errorOf(inMethod("    %0 = f(1, , 2)\n")) ==
        "<dsl>:3:15: error: expected a value, found ','");
  CHECK(errorOf(inMethod("    %0 = f(%x) @f.cpp:0:1\n")) ==
        "<dsl>:3:23: error: line numbers in locations start at 1");
  CHECK(errorOf(inMethod("    %0 = f(%x) @f.cpp:3\n")) ==
        "<dsl>:3:24: error: expected ':' before the column number in "
        "location, found end of line");
  CHECK(errorOf(inMethod("    r = f(%x)\n")) ==
        "<dsl>:3:5: error: result names start with '%': write '%r = ...'");
  CHECK(errorOf(inMethod("    return %x:\n      pass\n")) ==
        "<dsl>:3:14: error: unexpected ':'; only 'if', 'loop' and 'inline' "
        "open a block");
  CHECK(errorOf("module M\n  dense torch::nn::Linear\n") ==
        "<dsl>:2:9: error: expected '=' to declare a member or '(' to "
        "declare a method after 'dense', found 'torch::nn::Linear'");
  CHECK(errorOf("module M\n  module N\n") ==
        "<dsl>:2:3: error: 'module' must start at column 1");
  CHECK(errorOf("module M\n  layers = Seq:\n  fc = Linear\n") ==
        "<dsl>:2:15: error: expected an indented block after ':' (4 spaces)");
  CHECK(errorOf("module M {a=1\n") ==
        "<dsl>:1:14: error: expected '}' to close attribute list");
  CHECK(errorOf("module M\n  forward(%x)\n    return\n") ==
        "<dsl>:2:14: error: expected ':' at end of method header");
  CHECK(errorOf("  module M\n") ==
        "<dsl>:1:3: error: unexpected indentation (expected 0 spaces, found "
        "2)");
  CHECK(errorOf(inMethod("    %0 = f([1, 2)\n")) ==
        "<dsl>:3:17: error: expected ',' or ']' in list, found ')'");
}

TEST_CASE("Parser: nesting is bounded", "[parser]") {
  std::string Deep = "    %0 = f(" + std::string(5000, '[') + ")\n";
  CHECK(errorOf(inMethod(Deep)).find("lists nested too deeply") !=
        std::string::npos);
  std::string Ifs;
  for (unsigned I = 0; I < 1000; ++I)
    Ifs += std::string(4 + 2 * I, ' ') + "if %x:\n";
  CHECK(errorOf(inMethod(Ifs)).find("blocks nested too deeply") !=
        std::string::npos);
}
