// Unit tests of the pattern parser, the matcher and constraints, on graphs
// written in the DSL (no C++ parsing: pure logic).
#include "adopter/Match/Matcher.h"
#include "adopter/DSL/Parser.h"
#include "adopter/Rules/Pattern.h"
#include <catch2/catch.hpp>

using namespace adopter;

namespace {

dsl::Graph graph(const char *Text) {
  auto G = dsl::parseGraph(Text, "test.dsl");
  REQUIRE(static_cast<bool>(G));
  return std::move(*G);
}

rules::Rule rule(const char *Pattern,
                 std::map<std::string, std::vector<std::string>> Modules = {},
                 std::vector<std::string> Constraints = {}) {
  rules::Rule R;
  R.Id = "test";
  R.Modules = std::move(Modules);
  std::vector<rules::PatternError> Errs;
  rules::Pattern P = rules::parsePattern(Pattern, Errs);
  REQUIRE(Errs.empty());
  R.Patterns.push_back(P);
  R.Expanded = P.expandOptionals();
  for (const std::string &C : Constraints) {
    std::string Err;
    unsigned Col;
    auto Parsed = rules::Constraint::parse(C, Err, Col);
    REQUIRE(Parsed);
    R.Constraints.push_back(std::move(Parsed));
  }
  return R;
}

std::vector<match::Match> run(const dsl::Graph &G, const rules::Rule &R) {
  match::FlowIndex F(G, G.Modules.front(), G.Modules.front().Methods.front());
  match::Target T;
  return match::Matcher(F, T).match(R);
}

const char *LinearGelu = "%h = $fc(%x)\n%y = aten::gelu(%h, ...)\nreturn %y\n";

} // namespace

TEST_CASE("Matcher: follows data flow, not statement order") {
  dsl::Graph G = graph(R"(module M
  fc = torch::nn::Linear(in_features=4, out_features=4)
  forward(%x, %z):
    %0 = fc(%x)
    %1 = aten::relu(%z)
    %2 = aten::gelu(%0)
    return %2, %1
)");
  auto Ms = run(G, rule(LinearGelu, {{"fc", {"torch::nn::Linear"}}}));
  REQUIRE(Ms.size() == 1);
  CHECK(Ms[0].Ops.size() == 2);
  CHECK(Ms[0].Modules.at("fc") == "fc");
}

TEST_CASE("Matcher: an activation on a different tensor does not match") {
  dsl::Graph G = graph(R"(module M
  fc = torch::nn::Linear(in_features=4, out_features=4)
  forward(%x, %z):
    %0 = fc(%x)
    %1 = aten::gelu(%z)
    return %0, %1
)");
  CHECK(run(G, rule(LinearGelu, {{"fc", {"torch::nn::Linear"}}})).empty());
}

TEST_CASE("Matcher: an intermediate used elsewhere blocks, unless returned "
          "or on the other branch") {
  dsl::Graph Reused = graph(R"(module M
  fc = torch::nn::Linear(in_features=4, out_features=4)
  forward(%x):
    %0 = fc(%x)
    %1 = aten::gelu(%0)
    %2 = aten::add(%1, %0)
    return %2
)");
  CHECK(run(Reused, rule(LinearGelu, {{"fc", {"torch::nn::Linear"}}})).empty());
  // The same with %h returned by the pattern: it may escape.
  CHECK(run(Reused, rule("%h = $fc(%x)\n%y = aten::gelu(%h)\nreturn %y, %h\n",
                         {{"fc", {"torch::nn::Linear"}}}))
            .size() == 1);
  dsl::Graph Branches = graph(R"(module M
  fc = torch::nn::Linear(in_features=4, out_features=4)
  forward(%x, %c):
    %0 = fc(%x)
    if %c:
      %1 = aten::gelu(%0)
    else:
      %2 = aten::relu(%0)
    %3 = prim::phi(%1, %2)
    return %3
)");
  CHECK(
      run(Branches, rule(LinearGelu, {{"fc", {"torch::nn::Linear"}}})).size() ==
      1);
}

TEST_CASE("Matcher: commutative add, optional ops, alternatives") {
  dsl::Graph G = graph(R"(module M
  forward(%s, %mask, %v):
    %0 = aten::mul(%s, 0.125)
    %1 = aten::add(%mask, %0)
    %2 = aten::softmax(%1, -1)
    %3 = aten::matmul(%2, %v)
    return %3
)");
  auto R = rule("%a = aten::div(%s, $c) | aten::mul(%s, $c)?\n"
                "%m = aten::add(%a, %k)?\n"
                "%p = aten::softmax(%m, -1)\n"
                "%d = aten::dropout(%p, ...)?\n"
                "%o = aten::matmul(%d, %v)\n"
                "return %o\n");
  CHECK(R.Expanded.size() == 8);
  auto Ms = run(G, R);
  REQUIRE(Ms.size() == 1); // the largest match only
  CHECK(Ms[0].Ops.size() == 4);
  CHECK(Ms[0].Attrs.at("c").Float == Approx(0.125));
}

TEST_CASE("Matcher: n-ary mul matches any association") {
  dsl::Graph G = graph(R"(module M
  forward(%x):
    %0 = aten::mul(%x, 0.5)
    %1 = aten::erf(%x)
    %2 = aten::add(1.0, %1)
    %3 = aten::mul(%0, %2)
    return %3
)");
  auto Ms = run(G, rule("%e = aten::erf(%x)\n%u = aten::add(%e, 1.0)\n"
                        "%y = aten::mul(%u, %x, 0.5)\nreturn %y\n"));
  REQUIRE(Ms.size() == 1);
  CHECK(Ms[0].Ops.size() == 4);
}

TEST_CASE("Matcher: literals and constraints") {
  dsl::Graph G = graph(R"(module M
  fc = torch::nn::Linear(in_features=4, out_features=6, bias=`cfg.bias`)
  forward(%x):
    %0 = aten::softmax(%x, 1)
    %1 = fc(%0)
    return %1
)");
  CHECK(run(G, rule("%y = aten::softmax(%x, -1)\nreturn %y\n")).empty());
  CHECK(run(G, rule("%y = aten::softmax(%x, dim=1)\nreturn %y\n")).size() == 1);
  auto Div = rule("%y = $fc(%x)\nreturn %y\n", {{"fc", {"torch::nn::Linear"}}},
                  {"$fc.out_features % 4 == 0"});
  CHECK(run(G, Div).empty());
  auto Unknown = rule("%y = $fc(%x)\nreturn %y\n",
                      {{"fc", {"torch::nn::Linear"}}}, {"$fc.bias == true"});
  auto Ms = run(G, Unknown);
  REQUIRE(Ms.size() == 1);
  CHECK(Ms[0].Undecided.size() == 1);
}

TEST_CASE("Pattern: errors carry line and column") {
  std::vector<rules::PatternError> Errs;
  rules::parsePattern("%a = aten::relu(%x)\n%b = aten::gelu(%a\nreturn %b\n",
                      Errs);
  REQUIRE(Errs.size() == 1);
  CHECK(Errs[0].Line == 2);
  CHECK(Errs[0].Message == "expected ')'");
  Errs.clear();
  rules::parsePattern("%a = aten::relu(%x)\n%b = aten::gelu(%x)\nreturn %b\n",
                      Errs);
  REQUIRE(Errs.size() == 1);
  CHECK(Errs[0].Message == "'%a' is neither used by a later op nor returned");
}

TEST_CASE("Pattern: covers tells the arguments a `...` took apart") {
  // What `rewrite: function` relies on: a replacement call built from the
  // pattern's slots drops whatever went to `...`.
  std::vector<rules::PatternError> Errs;
  rules::Pattern P = rules::parsePattern(
      "%p = aten::softmax(%x, -1, ...)\n%y = aten::relu(%p)\nreturn %y\n",
      Errs);
  REQUIRE(Errs.empty());
  using dsl::Arg;
  using dsl::Value;
  // softmax(x, -1) and softmax(x, dim=-1): every argument has a slot.
  CHECK(P.covers("aten::softmax",
                 {Arg{"", Value::ref("x")}, Arg{"", Value::integer(-1)}}));
  CHECK(P.covers("aten::softmax",
                 {Arg{"", Value::ref("x")}, Arg{"dim", Value::integer(-1)}}));
  // softmax(x, -1, kFloat): the dtype went to `...`.
  CHECK_FALSE(P.covers("aten::softmax",
                       {Arg{"", Value::ref("x")}, Arg{"", Value::integer(-1)},
                        Arg{"", Value::ident("torch::kFloat")}}));
  CHECK_FALSE(P.covers("aten::softmax",
                       {Arg{"", Value::ref("x")}, Arg{"", Value::integer(-1)},
                        Arg{"dtype", Value::ident("torch::kFloat")}}));
  // An op the pattern does not name is not its business.
  CHECK(P.covers("aten::gelu", {Arg{"", Value::ref("x")}}));
}

TEST_CASE("Pattern: pinned tells the positions every alternative fixes") {
  // What swap-module relies on to let a chain op's literal through: the
  // rule's call is written for the value the pattern requires there.
  std::vector<rules::PatternError> Errs;
  rules::Pattern P = rules::parsePattern(
      "%t = aten::chunk(%x, 2, $d)\n%a = prim::getitem(%t, 0)\n"
      "%y = aten::relu(%a) | aten::gelu(%a, ...)\nreturn %y\n",
      Errs);
  REQUIRE(Errs.empty());
  CHECK(P.pinned("prim::getitem", 1));
  CHECK(P.pinned("aten::chunk", 1));
  CHECK_FALSE(P.pinned("prim::getitem", 0)); // a value
  CHECK_FALSE(P.pinned("aten::chunk", 2));   // bound, any value
  CHECK_FALSE(P.pinned("aten::gelu", 1));    // went to `...`
  CHECK_FALSE(P.pinned("aten::tanh", 0));    // not named
  // One alternative with a literal and one without: not pinned.
  rules::Pattern Q = rules::parsePattern(
      "%y = aten::softmax(%x, -1) | aten::softmax(%x, $d)\nreturn %y\n", Errs);
  REQUIRE(Errs.empty());
  CHECK_FALSE(Q.pinned("aten::softmax", 1));
}
