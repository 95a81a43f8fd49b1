//===- JsonWriterTest.cpp - Tests of the DSL JSON writer ------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/JsonWriter.h"
#include "adopter/DSL/Parser.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <catch2/catch.hpp>

using namespace adopter::dsl;
namespace json = llvm::json;

namespace {

const char *Example = R"(module Block {impl="BlockImpl", unregistered} @f.h:5:8
  dense = torch::nn::Linear(in_features=768, bias=false) {registered="dense"} @f.h:9:5
  act = torch::nn::ReLU()
  layers = torch::nn::Sequential:
    0 = torch::nn::Functional(aten::relu)
  forward(%x) @f.cpp:20:1:
    %0 = aten::mul(%x, 1e-05, 1.0, nan, `cfg.h * 4`, [1, "s"], torch::kMean) {inplace}
    if %0:
      %1 = inline blk(%0):
        yield %0
    else:
      pass
    return %0 @f.cpp:30:3

module Empty
)";

std::string writeToString(const Graph &G) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  writeJson(G, OS);
  return S;
}

} // namespace

TEST_CASE("JSON: document structure", "[json]") {
  auto G = parseGraph(Example);
  if (!G)
    FAIL(llvm::toString(G.takeError()));
  std::string Text = writeToString(*G);
  INFO(Text);
  // Pretty-printed with an indent of 2 and a final newline.
  CHECK(llvm::StringRef(Text).starts_with("{\n  \"version\": 1,\n"));
  CHECK(llvm::StringRef(Text).ends_with("}\n"));
  // Floats keep their shortest form.
  CHECK(Text.find("1e-05") != std::string::npos);
  CHECK(Text.find("1.0") != std::string::npos);

  auto Doc = json::parse(Text);
  if (!Doc)
    FAIL(llvm::toString(Doc.takeError()));
  const json::Object &Root = *Doc->getAsObject();
  CHECK(Root.getInteger("version") == 1);
  const json::Array &Modules = *Root.getArray("modules");
  REQUIRE(Modules.size() == 2);

  const json::Object &M = *Modules[0].getAsObject();
  CHECK(M.getString("name") == "Block");
  CHECK(M.getObject("attrs")->getString("impl") == "BlockImpl");
  CHECK(M.getObject("attrs")->get("unregistered")->kind() == json::Value::Null);
  CHECK(M.getObject("loc")->getString("file") == "f.h");
  CHECK(M.getObject("loc")->getInteger("line") == 5);
  CHECK(M.getObject("loc")->getInteger("col") == 8);

  const json::Array &Members = *M.getArray("members");
  REQUIRE(Members.size() == 3);
  const json::Object &Dense = *Members[0].getAsObject();
  CHECK(Dense.getString("type") == "torch::nn::Linear");
  const json::Array &Opts = *Dense.getArray("options");
  REQUIRE(Opts.size() == 2);
  CHECK(Opts[0].getAsObject()->getString("key") == "in_features");
  CHECK(Opts[0].getAsObject()->getInteger("value") == 768);
  CHECK(Opts[1].getAsObject()->getBoolean("value") == false);
  // `()` gives an empty options array; no parentheses give none.
  CHECK(Members[1].getAsObject()->getArray("options")->empty());
  const json::Object &Layers = *Members[2].getAsObject();
  CHECK(Layers.get("options") == nullptr);
  CHECK(Layers.get("attrs") == nullptr);
  CHECK(Layers.get("loc") == nullptr);
  const json::Object &E0 = *(*Layers.getArray("elements"))[0].getAsObject();
  CHECK(E0.getString("name") == "0");
  const json::Object &Fn =
      *(*E0.getArray("options"))[0].getAsObject()->getObject("value");
  CHECK(Fn.getString("ident") == "aten::relu");
  CHECK(E0.get("key") == nullptr);

  const json::Object &Fwd = *(*M.getArray("methods"))[0].getAsObject();
  CHECK(Fwd.getString("name") == "forward");
  CHECK((*Fwd.getArray("params"))[0].getAsString() == "x");
  const json::Array &Body = *Fwd.getArray("body");
  REQUIRE(Body.size() == 3);

  const json::Object &Mul = *Body[0].getAsObject();
  CHECK(Mul.getString("kind") == "call");
  CHECK(Mul.getString("op") == "aten::mul");
  CHECK((*Mul.getArray("results"))[0].getAsString() == "0");
  const json::Array &Args = *Mul.getArray("args");
  REQUIRE(Args.size() == 7);
  auto ArgValue = [&](size_t I) { return Args[I].getAsObject()->get("value"); };
  CHECK(ArgValue(0)->getAsObject()->getString("ref") == "x");
  CHECK(ArgValue(1)->getAsNumber() == 1e-05);
  CHECK(ArgValue(2)->getAsNumber() == 1.0);
  CHECK(ArgValue(3)->getAsObject()->getString("float") == "nan");
  CHECK(ArgValue(4)->getAsObject()->getString("expr") == "cfg.h * 4");
  const json::Array &List = *ArgValue(5)->getAsArray();
  CHECK(List[0].getAsInteger() == 1);
  CHECK(List[1].getAsString() == "s");
  CHECK(ArgValue(6)->getAsObject()->getString("ident") == "torch::kMean");
  CHECK(Mul.getObject("attrs")->get("inplace")->kind() == json::Value::Null);
  CHECK(Mul.get("loc") == nullptr);
  CHECK(Mul.get("regions") == nullptr);

  const json::Object &If = *Body[1].getAsObject();
  CHECK(If.getString("kind") == "if");
  CHECK(If.get("op") == nullptr);
  CHECK(If.get("results") == nullptr);
  const json::Array &Regions = *If.getArray("regions");
  REQUIRE(Regions.size() == 2);
  CHECK(Regions[1].getAsArray()->empty());
  const json::Object &Inl = *(*Regions[0].getAsArray())[0].getAsObject();
  CHECK(Inl.getString("kind") == "inline");
  CHECK(Inl.getString("op") == "blk");
  const json::Object &Yield =
      *(*(*Inl.getArray("regions"))[0].getAsArray())[0].getAsObject();
  CHECK(Yield.getString("kind") == "yield");

  const json::Object &Ret = *Body[2].getAsObject();
  CHECK(Ret.getString("kind") == "return");
  CHECK(Ret.getObject("loc")->getInteger("line") == 30);

  const json::Object &Empty = *Modules[1].getAsObject();
  CHECK(Empty.size() == 1);
  CHECK(Empty.getString("name") == "Empty");
}

TEST_CASE("JSON: an empty graph still lists its modules", "[json]") {
  CHECK(writeToString(Graph()) ==
        "{\n  \"version\": 1,\n  \"modules\": []\n}\n");
}

TEST_CASE("JSON: positional and repeated attributes keep distinct keys",
          "[json]") {
  Graph G;
  G.Modules.emplace_back();
  G.Modules[0].Name = "M\xff";
  G.Modules[0].Attrs = {{"", Value::integer(1)},
                        {"a", Value::integer(2)},
                        {"a#3", Value::integer(3)},
                        {"a", Value::integer(4)},
                        {"a", Value::integer(5)}};
  auto Doc = json::parse(writeToString(G));
  if (!Doc)
    FAIL(llvm::toString(Doc.takeError()));
  const json::Object &M =
      *(*Doc->getAsObject()->getArray("modules"))[0].getAsObject();
  // Invalid UTF-8 is replaced rather than producing invalid JSON.
  CHECK(M.getString("name")->starts_with("M"));
  const json::Object &A = *M.getObject("attrs");
  CHECK(A.getInteger("#0") == 1);
  CHECK(A.getInteger("a") == 2);
  CHECK(A.getInteger("a#3") == 3);
  CHECK(A.getInteger("a#3#") == 4);
  CHECK(A.getInteger("a#4") == 5);
  CHECK(A.size() == 5);
}
