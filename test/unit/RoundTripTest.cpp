//===- RoundTripTest.cpp - print -> parse -> print identity ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Parser.h"
#include "adopter/DSL/Printer.h"

#include "llvm/Support/Error.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>

using namespace adopter::dsl;

namespace {

Arg pos(Value V) { return {"", std::move(V)}; }
Arg kw(std::string K, Value V) { return {std::move(K), std::move(V)}; }
SourceLoc loc(unsigned L, unsigned C, std::string F = "f.cpp") {
  return {std::move(F), L, C};
}
Value ref(std::string N) { return Value::ref(std::move(N)); }

Op op(Op::Kind K, std::vector<std::string> Results, std::string Name,
      std::vector<Arg> Args, std::vector<Arg> Attrs = {}, SourceLoc Loc = {},
      std::vector<std::vector<Op>> Regions = {}) {
  Op O;
  O.K = K;
  O.Results = std::move(Results);
  O.Name = std::move(Name);
  O.Args = std::move(Args);
  O.Attrs = std::move(Attrs);
  O.Loc = std::move(Loc);
  O.Regions = std::move(Regions);
  return O;
}

Op call(std::vector<std::string> Results, std::string Name,
        std::vector<Arg> Args, std::vector<Arg> Attrs = {},
        SourceLoc Loc = {}) {
  return op(Op::Kind::Call, std::move(Results), std::move(Name),
            std::move(Args), std::move(Attrs), std::move(Loc));
}

Submodule sub(std::string Name, std::string Type, bool HasOptions = false,
              std::vector<Arg> Options = {}, std::vector<Arg> Attrs = {},
              SourceLoc Loc = {}, std::vector<Submodule> Elements = {}) {
  Submodule S;
  S.Name = std::move(Name);
  S.Type = std::move(Type);
  S.HasOptions = HasOptions;
  S.Options = std::move(Options);
  S.Attrs = std::move(Attrs);
  S.Loc = std::move(Loc);
  S.Elements = std::move(Elements);
  return S;
}

} // namespace

namespace adopter::dsl::testing {

/// A graph that uses every construct of the DSL; shared with FuzzTest.cpp.
Graph makeRichGraph() {
  const double NaN = std::numeric_limits<double>::quiet_NaN();
  Module M;
  M.Name = "Block<4,8>";
  M.Attrs = {kw("impl", Value::string("BlockImpl<4, 8>")),
             kw("holder", Value::string("Block")),
             kw("unregistered", Value::none())};
  M.Loc = loc(5, 8, "model/block.h");
  M.Members = {
      sub("dense", "torch::nn::Linear", true,
          {kw("in_features", Value::integer(768)),
           kw("out_features", Value::integer(768)),
           kw("bias", Value::boolean(false))},
          {kw("registered", Value::string("dense"))}, loc(9, 5, "f.h")),
      sub("layers", "torch::nn::Sequential", false, {},
          {kw("registered", Value::string("layers"))}, loc(10, 5, "f.h"),
          {sub("0", "torch::nn::Linear", true,
               {pos(Value::integer(4)), pos(Value::integer(8))}, {},
               loc(11, 7, "f.h")),
           sub("1", "torch::nn::Functional", true,
               {pos(Value::ident("aten::relu"))}, {}, loc(12, 7, "f.h")),
           sub("2", "torch::nn::Sequential", false, {}, {}, {},
               {sub("0", "torch::nn::Dropout", true,
                    {kw("p", Value::floating(0.1))})})}),
      sub("dict", "torch::nn::ModuleDict", false, {}, {}, {},
          {sub("my key", "torch::nn::ReLU", true),
           sub("*", "Foo", false, {}, {kw("note", Value::string("any"))})}),
      sub("weird name", "ns::Tmpl<int, 3>", true, {},
          {kw("note", Value::string("a\"b\\c\nd\te\x01"))},
          loc(3, 4, "my file.h")),
      sub("drop", "torch::nn::Dropout"),
      sub("win", "Win", false, {}, {}, loc(1, 2, "C:\\src\\win.h")),
  };

  Method Fwd;
  Fwd.Name = "forward";
  Fwd.Params = {"x", "mask"};
  Fwd.Loc = loc(20, 1);
  std::vector<Op> &B = Fwd.Body;
  B.push_back(call({"0"}, "aten::relu", {pos(ref("x"))},
                   {kw("inplace", Value::none())}, loc(21, 5)));
  B.push_back(call({"1"}, "dense", {pos(ref("0"))}, {}, loc(22, 5)));
  B.push_back(call(
      {"2", "3"}, "aten::split",
      {pos(ref("1")), pos(Value::integer(2)), kw("dim", Value::integer(-1))},
      {}, loc(23, 5)));
  B.push_back(
      call({"4"}, "aten::mul", {pos(ref("2")), pos(Value::floating(1e-05))}));
  B.push_back(call(
      {"5"}, "opaque", {pos(ref("x"))},
      {kw("text", Value::symbol("foo(x) `bar` \\ baz\n# not a comment"))}));
  B.push_back(
      op(Op::Kind::Inline, {"6"}, "layers", {pos(ref("5"))},
         {kw("scope", Value::string("torch::nn::SequentialImpl::forward"))},
         loc(25, 9),
         {{call({"7"}, "layers.0", {pos(ref("5"))}),
           call({"8"}, "aten::relu", {pos(ref("7"))},
                {kw("via", Value::string("layers.1"))}),
           op(Op::Kind::Yield, {}, "", {pos(ref("8"))}, {},
              loc(26, 1, "seq.h"))}}));
  B.push_back(op(Op::Kind::If, {}, "", {pos(ref("mask"))}, {}, loc(30, 3),
                 {{call({"9"}, "aten::add",
                        {pos(ref("6")), pos(ref("x")),
                         kw("alpha", Value::floating(2.5))})},
                  {call({"10"}, "aten::neg", {pos(ref("6"))})}}));
  B.push_back(
      op(Op::Kind::If, {"phi"}, "", {pos(Value::symbol("cfg.flag"))},
         {kw("note", Value::integer(1))}, {},
         {{}, {call({"11"}, "prim::phi", {pos(ref("9")), pos(ref("10"))})}}));
  B.push_back(
      op(Op::Kind::If, {}, "", {pos(Value::boolean(true))}, {}, {}, {{}, {}}));
  B.push_back(op(
      Op::Kind::Loop, {}, "", {pos(Value::symbol("i < cfg.n"))}, {}, loc(33, 3),
      {{call({"12"}, "aten::mul",
             {pos(ref("6")),
              pos(Value::list({Value::integer(1),
                               Value::list({Value::floating(2.5),
                                            Value::floating(-INFINITY)}),
                               Value::string("s"), Value::list({})}))}),
        op(Op::Kind::If, {}, "", {pos(ref("12"))}, {}, {},
           {{op(Op::Kind::Loop, {}, "", {pos(ref("x"))}, {}, {}, {{}})},
            {}})}}));
  B.push_back(call(
      {"13"}, "aten::full",
      {kw("size", Value::list({Value::integer(768), Value::integer(3)})),
       kw("fill", Value::floating(NaN)), kw("neg", Value::floating(-0.0)),
       kw("min", Value::integer(INT64_MIN)),
       kw("max", Value::integer(INT64_MAX)), kw("t", Value::boolean(true)),
       kw("big", Value::floating(1e300)), kw("tiny", Value::floating(5e-324)),
       kw("third", Value::floating(1.0 / 3)),
       kw("inf", Value::floating(INFINITY)), kw("one", Value::floating(1.0)),
       kw("hundred", Value::floating(100.0)), kw("none", Value::none())}));
  B.push_back(
      call({"14"}, "aten::sum",
           {pos(ref("13")), kw("reduction", Value::ident("torch::kMean")),
            kw("fn", Value::ident("lambda"))},
           {kw("0", Value::none()), pos(Value::integer(3)),
            pos(Value::string("positional")), kw("true", Value::none()),
            kw("odd key", Value::none())}));
  B.push_back(call({}, "aten::print", {pos(ref("14"))}));
  B.push_back(call({}, "loop", {pos(ref("14"))}));
  B.push_back(call({"r"}, "inline", {}));
  B.push_back(call({"odd name"}, "quoted op", {pos(ref("odd name 2"))}));
  B.push_back(call({"empty"}, "", {}));
  B.push_back(op(Op::Kind::Inline, {"15"}, "helper", {pos(ref("x"))},
                 {kw("scope", Value::string("helper"))}, {}, {{}}));
  B.push_back(op(Op::Kind::Return, {}, "", {pos(ref("6")), pos(ref("13"))}, {},
                 loc(40, 3)));

  Method Helper;
  Helper.Name = "helper";
  Method Op2;
  Op2.Name = "operator()";
  Op2.Params = {"y"};
  Op2.Body.push_back(op(Op::Kind::Return, {}, "", {}));
  M.Methods = {Fwd, Helper, Op2};

  Module Other;
  Other.Name = "Other Name";
  Method OF;
  OF.Name = "forward";
  OF.Params = {"x"};
  OF.Body.push_back(
      op(Op::Kind::Return, {}, "", {pos(ref("x"))}, {}, loc(1, 1, "other.h")));
  Other.Methods = {OF};

  Module Empty;
  Empty.Name = "";
  Module OnlyMembers;
  OnlyMembers.Name = "ns::Holder";
  OnlyMembers.Members = {sub("m", "ns::M", true)};
  // Registered tensors print among the members and parse back apart.
  OnlyMembers.Parameters = {
      sub("weight", "torch::Tensor", true,
          {kw("shape", Value::list({Value::symbol("dim"), Value::integer(4)}))},
          {kw("parameter", Value::none()),
           kw("requires_grad", Value::boolean(false))},
          loc(7, 3, "f.cpp")),
      sub("w", "torch::Tensor", true, {kw("shape", Value::symbol("t.sizes()"))},
          {kw("parameter", Value::none()), kw("repeat", Value::symbol("i < n")),
           kw("count", Value::symbol("n"))})};

  Graph G;
  G.Modules = {M, Other, Empty, OnlyMembers};
  return G;
}

} // namespace adopter::dsl::testing

using adopter::dsl::testing::makeRichGraph;

TEST_CASE("Round trip: parse(print(G)) == G for a rich graph", "[roundtrip]") {
  Graph G = makeRichGraph();
  std::string Text = toString(G);
  auto Parsed = parseGraph(Text);
  if (!Parsed)
    FAIL(llvm::toString(Parsed.takeError()) << "\n" << Text);
  CHECK(*Parsed == G);
  // Compare module by module for a readable failure.
  REQUIRE(Parsed->Modules.size() == G.Modules.size());
  for (size_t I = 0; I < G.Modules.size(); ++I) {
    INFO("module " << G.Modules[I].Name);
    CHECK(Parsed->Modules[I].Members == G.Modules[I].Members);
    CHECK(Parsed->Modules[I].Parameters == G.Modules[I].Parameters);
    CHECK(Parsed->Modules[I].Methods == G.Modules[I].Methods);
    CHECK(Parsed->Modules[I].Attrs == G.Modules[I].Attrs);
  }
  CHECK(toString(*Parsed) == Text);
}

TEST_CASE("Round trip: print(parse(text)) is byte-identical", "[roundtrip]") {
  const char *Text =
      "module Block {impl=\"BlockImpl\", holder=\"Block\"} @f.h:5:8\n"
      "  dense = torch::nn::Linear(in_features=768, out_features=768) "
      "{registered=\"dense\"} @f.h:9:5\n"
      "  layers = torch::nn::Sequential {registered=\"layers\"} @f.h:10:5:\n"
      "    0 = torch::nn::Linear(in_features=4, out_features=8) @f.h:11:7\n"
      "    1 = torch::nn::Functional(aten::relu) @f.h:12:7\n"
      "  forward(%x) @f.cpp:20:1:\n"
      "    %0 = aten::relu(%x) {inplace} @f.cpp:3:5\n"
      "    %1 = inline layers(%0) {scope=\"SequentialImpl::forward\"} "
      "@f.cpp:4:5:\n"
      "      %2 = layers.0(%0)\n"
      "      %3 = aten::relu(%2) {via=\"layers.1\"}\n"
      "      yield %3\n"
      "    if %1 @f.cpp:5:3:\n"
      "      %4 = opaque(%1) {text=`foo(x)`}\n"
      "    else:\n"
      "      pass\n"
      "    loop `cond`:\n"
      "      pass\n"
      "    return %1 @f.cpp:9:3\n"
      "\n"
      "module Other\n";
  // An else branch holding only `pass` is an empty region: it is dropped.
  std::string Expected = Text;
  size_t Else = Expected.find("    else:\n      pass\n");
  REQUIRE(Else != std::string::npos);
  Expected.erase(Else, std::string("    else:\n      pass\n").size());

  auto G = parseGraph(Text);
  if (!G)
    FAIL(llvm::toString(G.takeError()));
  CHECK(toString(*G) == Expected);
  auto G2 = parseGraph(Expected);
  REQUIRE(static_cast<bool>(G2));
  CHECK(*G2 == *G);
  CHECK(toString(*G2) == Expected);
}

TEST_CASE("Round trip: every float survives", "[roundtrip]") {
  std::vector<double> Floats = {0.1,           1e-05,  3.14159265358979,
                                1e300,         -2.5,   1.0 / 7,
                                6.02214076e23, 5e-324, -0.0,
                                123456.0,      1e16,   9007199254740993.0};
  for (double D : Floats) {
    Graph G;
    G.Modules.emplace_back();
    G.Modules[0].Name = "M";
    Method Me;
    Me.Name = "f";
    Op O;
    O.Name = "aten::c";
    O.Args = {{"", Value::floating(D)}};
    Me.Body.push_back(O);
    G.Modules[0].Methods.push_back(Me);
    auto P = parseGraph(toString(G));
    REQUIRE(static_cast<bool>(P));
    INFO(toString(G));
    CHECK(*P == G);
  }
}
