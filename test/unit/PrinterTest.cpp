//===- PrinterTest.cpp - Golden tests of the DSL printer ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Printer.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

using namespace adopter::dsl;

namespace {

Arg pos(Value V) { return {"", std::move(V)}; }
Arg kw(std::string K, Value V) { return {std::move(K), std::move(V)}; }
SourceLoc loc(std::string F, unsigned L, unsigned C) {
  return {std::move(F), L, C};
}

Op call(std::vector<std::string> Results, std::string Name,
        std::vector<Arg> Args, std::vector<Arg> Attrs = {},
        SourceLoc Loc = {}) {
  Op O;
  O.Results = std::move(Results);
  O.Name = std::move(Name);
  O.Args = std::move(Args);
  O.Attrs = std::move(Attrs);
  O.Loc = std::move(Loc);
  return O;
}

Op simple(Op::Kind K, std::vector<Arg> Args, SourceLoc Loc = {}) {
  Op O;
  O.K = K;
  O.Args = std::move(Args);
  O.Loc = std::move(Loc);
  return O;
}

std::string str(const Value &V) { return toString(V); }
std::string str(double D) { return toString(Value::floating(D)); }
std::string str(const SourceLoc &L) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  printLoc(L, OS);
  return S;
}
std::string str(const Submodule &Sub, unsigned Indent = 2) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  printSubmodule(Sub, OS, Indent);
  return S;
}
std::string str(const Method &M) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  printMethod(M, OS);
  return S;
}

} // namespace

TEST_CASE("Printer: scalar values", "[printer]") {
  CHECK(str(Value::ref("x")) == "%x");
  CHECK(str(Value::ref("0")) == "%0");
  CHECK(str(Value::ref("x.1")) == "%x.1");
  CHECK(str(Value::ref("a b")) == "%\"a b\"");
  CHECK(str(Value::integer(-1)) == "-1");
  CHECK(str(Value::integer(768)) == "768");
  CHECK(str(Value::integer(INT64_MIN)) == "-9223372036854775808");
  CHECK(str(Value::boolean(true)) == "true");
  CHECK(str(Value::boolean(false)) == "false");
  CHECK(str(Value::ident("aten::relu")) == "aten::relu");
  CHECK(str(Value::ident("torch::kMean")) == "torch::kMean");
  CHECK(str(Value::ident("lambda")) == "lambda");
  CHECK(str(Value::none()) == "");
}

TEST_CASE("Printer: floats use the shortest round-tripping form", "[printer]") {
  CHECK(str(1e-05) == "1e-05");
  CHECK(str(0.1) == "0.1");
  CHECK(str(1.0) == "1.0");
  CHECK(str(2.5) == "2.5");
  CHECK(str(-1.5) == "-1.5");
  CHECK(str(100.0) == "1e+02");
  CHECK(str(123456.0) == "123456.0");
  CHECK(str(1e20) == "1e+20");
  CHECK(str(0.0) == "0.0");
  CHECK(str(-0.0) == "-0.0");
  CHECK(str(1.0 / 3) == "0.3333333333333333");
  CHECK(str(0.1 + 0.2) == "0.30000000000000004");
  CHECK(str(5e-324) == "5e-324");
  CHECK(str(INFINITY) == "inf");
  CHECK(str(-INFINITY) == "-inf");
  CHECK(str(std::numeric_limits<double>::quiet_NaN()) == "nan");
}

TEST_CASE("Printer: strings, symbols and lists", "[printer]") {
  CHECK(str(Value::string("name")) == "\"name\"");
  CHECK(str(Value::string("")) == "\"\"");
  CHECK(str(Value::string("a\"b\\c\nd\te")) == R"("a\"b\\c\nd\te")");
  CHECK(str(Value::string(std::string("\x01\r", 2))) == R"("\x01\r")");
  CHECK(str(Value::string("back`tick")) == "\"back`tick\"");
  CHECK(str(Value::symbol("cfg.hidden * 4")) == "`cfg.hidden * 4`");
  CHECK(str(Value::symbol("a`b\\c\"d")) == R"(`a\`b\\c"d`)");
  CHECK(str(Value::list({})) == "[]");
  CHECK(str(Value::list({Value::integer(768), Value::integer(3)})) ==
        "[768, 3]");
  CHECK(
      str(Value::list({Value::ref("x"), Value::list({Value::floating(2.5),
                                                     Value::string("s")})})) ==
      "[%x, [2.5, \"s\"]]");
}

TEST_CASE("Printer: locations", "[printer]") {
  CHECK(str(loc("f.cpp", 3, 5)) == "@f.cpp:3:5");
  CHECK(str(loc("/src/model/f.h", 10, 1)) == "@/src/model/f.h:10:1");
  CHECK(str(loc("my file.h", 3, 4)) == "@\"my file.h\":3:4");
  CHECK(str(loc("C:\\src\\f.h", 1, 2)) == R"(@"C:\\src\\f.h":1:2)");
  CHECK(str(loc("a#b.h", 1, 2)) == "@\"a#b.h\":1:2");
  CHECK(str(loc("f.h", 0, 0)) == "");
}

TEST_CASE("Printer: calls, arguments and attributes", "[printer]") {
  CHECK(toString(call({"r"}, "aten::relu", {pos(Value::ref("x"))},
                      {kw("inplace", Value::none())}, loc("f.cpp", 3, 5))) ==
        "%r = aten::relu(%x) {inplace} @f.cpp:3:5\n");
  CHECK(toString(call({"0"}, "fc", {pos(Value::ref("x"))}, {},
                      loc("f.cpp", 3, 5))) == "%0 = fc(%x) @f.cpp:3:5\n");
  CHECK(toString(call({"a", "b"}, "aten::split",
                      {pos(Value::ref("x")), pos(Value::integer(2)),
                       kw("dim", Value::integer(-1))})) ==
        "%a, %b = aten::split(%x, 2, dim=-1)\n");
  CHECK(toString(call({"r"}, "opaque", {pos(Value::ref("x"))},
                      {kw("text", Value::symbol("foo(x)"))})) ==
        "%r = opaque(%x) {text=`foo(x)`}\n");
  CHECK(toString(call({}, "aten::print", {})) == "aten::print()\n");
  CHECK(toString(call({"r"}, "layers.0", {pos(Value::ref("x"))},
                      {kw("via", Value::string("layers.1")),
                       kw("n", Value::integer(2))})) ==
        "%r = layers.0(%x) {via=\"layers.1\", n=2}\n");
  // Names that are not bare words are quoted; so are odd keys.
  CHECK(toString(call({"odd name"}, "my op", {kw("a key", Value::integer(1))},
                      {})) == "%\"odd name\" = \"my op\"(\"a key\"=1)\n");
  // A None value prints only its key when that reads back as a flag.
  CHECK(toString(call({}, "f", {kw("k", Value::none())},
                      {kw("0", Value::none()), kw("true", Value::none()),
                       pos(Value::integer(3))})) == "f(k=) {0=, true=, 3}\n");
  // Keywords are op names when directly followed by '('.
  CHECK(toString(call({}, "return", {pos(Value::ref("x"))})) == "return(%x)\n");
}

TEST_CASE("Printer: return, yield, if, loop and inline", "[printer]") {
  CHECK(toString(simple(Op::Kind::Return, {})) == "return\n");
  CHECK(toString(simple(Op::Kind::Return,
                        {pos(Value::ref("a")), pos(Value::ref("b"))},
                        loc("f.cpp", 9, 3))) == "return %a, %b @f.cpp:9:3\n");
  CHECK(toString(simple(Op::Kind::Yield, {pos(Value::ref("v"))},
                        loc("f.cpp", 9, 3))) == "yield %v @f.cpp:9:3\n");

  Op If = simple(Op::Kind::If, {pos(Value::ref("c"))}, loc("f.cpp", 4, 3));
  If.Regions.resize(2);
  If.Regions[0].push_back(
      call({"1"}, "aten::neg", {pos(Value::ref("x"))}, {}, loc("f.cpp", 5, 5)));
  CHECK(toString(If) == "if %c @f.cpp:4:3:\n  %1 = aten::neg(%x) @f.cpp:5:5\n");
  If.Regions[1].push_back(simple(Op::Kind::Return, {pos(Value::ref("x"))}));
  CHECK(toString(If) == "if %c @f.cpp:4:3:\n"
                        "  %1 = aten::neg(%x) @f.cpp:5:5\n"
                        "else:\n"
                        "  return %x\n");
  If.Regions[0].clear();
  CHECK(toString(If) == "if %c @f.cpp:4:3:\n"
                        "  pass\n"
                        "else:\n"
                        "  return %x\n");

  Op Loop = simple(Op::Kind::Loop, {pos(Value::symbol("i < cfg.n"))});
  Loop.Regions.resize(1);
  CHECK(toString(Loop) == "loop `i < cfg.n`:\n  pass\n");
  Loop.Regions[0].push_back(If);
  std::string S;
  llvm::raw_string_ostream OS(S);
  printOp(Loop, OS, 4);
  CHECK(S == "    loop `i < cfg.n`:\n"
             "      if %c @f.cpp:4:3:\n"
             "        pass\n"
             "      else:\n"
             "        return %x\n");

  Op In = call({"r"}, "blk", {pos(Value::ref("x"))},
               {kw("scope", Value::string("BlockImpl::forward"))},
               loc("f.cpp", 7, 9));
  In.K = Op::Kind::Inline;
  In.Regions.resize(1);
  In.Regions[0].push_back(simple(Op::Kind::Yield, {pos(Value::ref("x"))}));
  CHECK(toString(In) ==
        "%r = inline blk(%x) {scope=\"BlockImpl::forward\"} @f.cpp:7:9:\n"
        "  yield %x\n");
}

TEST_CASE("Printer: members and container elements", "[printer]") {
  Submodule Dense;
  Dense.Name = "dense";
  Dense.Type = "torch::nn::Linear";
  Dense.HasOptions = true;
  Dense.Options = {kw("in_features", Value::integer(768)),
                   kw("out_features", Value::integer(768))};
  Dense.Attrs = {kw("registered", Value::string("dense"))};
  Dense.Loc = loc("f.h", 9, 5);
  CHECK(str(Dense) == "  dense = torch::nn::Linear(in_features=768, "
                      "out_features=768) {registered=\"dense\"} @f.h:9:5\n");

  Submodule Plain;
  Plain.Name = "act";
  Plain.Type = "torch::nn::ReLU";
  CHECK(str(Plain) == "  act = torch::nn::ReLU\n");
  Plain.HasOptions = true;
  CHECK(str(Plain) == "  act = torch::nn::ReLU()\n");

  Submodule Seq;
  Seq.Name = "layers";
  Seq.Type = "torch::nn::Sequential";
  Seq.Attrs = {kw("registered", Value::string("layers"))};
  Seq.Loc = loc("f.h", 10, 5);
  Submodule E0;
  E0.Name = "0";
  E0.Type = "torch::nn::Linear";
  E0.HasOptions = true;
  E0.Options = {pos(Value::integer(4)), pos(Value::integer(8))};
  E0.Loc = loc("f.h", 11, 7);
  Submodule E1;
  E1.Name = "1";
  E1.Type = "torch::nn::Functional";
  E1.HasOptions = true;
  E1.Options = {pos(Value::ident("aten::relu"))};
  Submodule Inner;
  Inner.Name = "*";
  Inner.Type = "Block<4,8>";
  E1.Elements.push_back(Inner);
  Seq.Elements = {E0, E1};
  CHECK(str(Seq) ==
        "  layers = torch::nn::Sequential {registered=\"layers\"} @f.h:10:5:\n"
        "    0 = torch::nn::Linear(4, 8) @f.h:11:7\n"
        "    1 = torch::nn::Functional(aten::relu):\n"
        "      * = Block<4,8>\n");

  Submodule Odd;
  Odd.Name = "my key";
  Odd.Type = "Tmpl<int, 3>";
  CHECK(str(Odd, 4) == "    \"my key\" = \"Tmpl<int, 3>\"\n");
  Odd.Name = "a::b";
  Odd.Type = "";
  CHECK(str(Odd, 0) == "\"a::b\" = \"\"\n");
}

TEST_CASE("Printer: methods, modules and graphs", "[printer]") {
  Method Fwd;
  Fwd.Name = "forward";
  Fwd.Params = {"x", "mask"};
  Fwd.Loc = loc("f.cpp", 20, 1);
  Fwd.Body.push_back(simple(Op::Kind::Return, {pos(Value::ref("x"))}));
  CHECK(str(Fwd) == "  forward(%x, %mask) @f.cpp:20:1:\n    return %x\n");
  Method Empty;
  Empty.Name = "reset";
  CHECK(str(Empty) == "  reset():\n    pass\n");

  Module M;
  M.Name = "Block<4,8>";
  M.Attrs = {kw("impl", Value::string("BlockImpl<4, 8>")),
             kw("unregistered", Value::none())};
  M.Loc = loc("f.h", 5, 8);
  Submodule Fc;
  Fc.Name = "fc";
  Fc.Type = "torch::nn::Linear";
  M.Members.push_back(Fc);
  M.Methods.push_back(Fwd);
  Module N;
  N.Name = "Other Name";
  Graph G;
  G.Modules = {M, N};
  CHECK(toString(G) ==
        "module Block<4,8> {impl=\"BlockImpl<4, 8>\", unregistered} @f.h:5:8\n"
        "  fc = torch::nn::Linear\n"
        "  forward(%x, %mask) @f.cpp:20:1:\n"
        "    return %x\n"
        "\n"
        "module \"Other Name\"\n");
  CHECK(toString(Graph()) == "");
}

TEST_CASE("negatedCondition negates source text without double negation",
          "[printer]") {
  CHECK(negatedCondition("head") == "!head");
  CHECK(negatedCondition("mask.defined()") == "!mask.defined()");
  CHECK(negatedCondition("p > 0") == "!(p > 0)");
  CHECK(negatedCondition("!head") == "head");
  CHECK(negatedCondition("!(i == skip)") == "i == skip");
  CHECK(negatedCondition("!mask.defined()") == "mask.defined()");
  // The leading `!` applies to the first operand only.
  CHECK(negatedCondition("!(a) && (b)") == "!(!(a) && (b))");
  CHECK(negatedCondition("!a && b") == "!(!a && b)");
}
