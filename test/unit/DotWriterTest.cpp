//===- DotWriterTest.cpp - Tests of the DSL Graphviz writer ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/DotWriter.h"
#include "adopter/DSL/Parser.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <catch2/catch.hpp>

#include <map>
#include <regex>

using namespace adopter::dsl;

namespace {

const char *Example = R"(module Block @f.h:5:8
  dense = torch::nn::Linear(4, 8) @f.h:9:5
  layers = torch::nn::Sequential:
    0 = torch::nn::ReLU
  forward(%x) @src/f.cpp:20:1:
    %0 = dense(%x) @src/f.cpp:21:5
    if %0:
      %1 = inline layers(%0):
        %2 = layers.0(%0)
        yield %2
    loop `i < n`:
      pass
    return %0, %1 @src/f.cpp:30:3

module "Quote\"d\\"
  helper():
    return
)";

struct Dot {
  std::string Text;
  std::map<std::string, std::string> IdOfLabel; ///< first node per label
  std::vector<std::string> Lines;

  bool hasEdge(const std::string &From, const std::string &To,
               const std::string &Attrs = "") const {
    auto F = IdOfLabel.find(From), T = IdOfLabel.find(To);
    if (F == IdOfLabel.end() || T == IdOfLabel.end())
      return false;
    std::string Prefix = F->second + " -> " + T->second;
    for (const std::string &L : Lines) {
      llvm::StringRef S = llvm::StringRef(L).trim();
      if (S.starts_with(Prefix + " ") || S == Prefix + ";")
        if (Attrs.empty() || S.contains(Attrs))
          return true;
    }
    return false;
  }
};

Dot render(llvm::StringRef Text) {
  auto G = parseGraph(Text);
  REQUIRE(static_cast<bool>(G));
  Dot D;
  llvm::raw_string_ostream OS(D.Text);
  writeDot(*G, OS);
  std::regex Node(R"re(^\s*(n\d+) \[shape=\w+, label="((?:[^"\\]|\\.)*)")re");
  llvm::StringRef Rest = D.Text;
  while (!Rest.empty()) {
    auto [Line, Tail] = Rest.split('\n');
    Rest = Tail;
    D.Lines.push_back(Line.str());
    std::smatch Match;
    std::string L = Line.str();
    if (std::regex_search(L, Match, Node))
      D.IdOfLabel.emplace(Match[2], Match[1]);
  }
  return D;
}

} // namespace

TEST_CASE("DOT: clusters per module and method", "[dot]") {
  Dot D = render(Example);
  INFO(D.Text);
  CHECK(llvm::StringRef(D.Text).starts_with("digraph adopter {\n"));
  CHECK(llvm::StringRef(D.Text).ends_with("}\n"));
  CHECK(D.Text.find("subgraph cluster_0 {") != std::string::npos);
  CHECK(D.Text.find("subgraph cluster_1 {") != std::string::npos);
  CHECK(D.Text.find("subgraph cluster_0_m0 {") != std::string::npos);
  CHECK(D.Text.find("subgraph cluster_1_m0 {") != std::string::npos);
  CHECK(D.Text.find("label=\"module Block\\nf.h:5\";") != std::string::npos);
  CHECK(D.Text.find("label=\"forward(%x)\\nf.cpp:20\";") != std::string::npos);
  // Braces balance.
  CHECK(std::count(D.Text.begin(), D.Text.end(), '{') ==
        std::count(D.Text.begin(), D.Text.end(), '}'));
}

TEST_CASE("DOT: module tree", "[dot]") {
  Dot D = render(Example);
  INFO(D.Text);
  CHECK(D.hasEdge("Block", "dense: torch::nn::Linear"));
  CHECK(D.hasEdge("Block", "layers: torch::nn::Sequential"));
  CHECK(D.hasEdge("layers: torch::nn::Sequential", "0: torch::nn::ReLU"));
  CHECK(D.Text.find("shape=box3d, label=\"Block\"") != std::string::npos);
}

TEST_CASE("DOT: data flow and regions", "[dot]") {
  Dot D = render(Example);
  INFO(D.Text);
  CHECK(D.Text.find("shape=ellipse, label=\"%x\"") != std::string::npos);
  CHECK(D.hasEdge("%x", "dense\\nf.cpp:21", "label=\"%x\""));
  CHECK(D.hasEdge("dense\\nf.cpp:21", "if", "label=\"%0\""));
  CHECK(D.hasEdge("dense\\nf.cpp:21", "layers.0", "label=\"%0\""));
  CHECK(D.hasEdge("layers.0", "yield", "label=\"%2\""));
  CHECK(D.hasEdge("yield", "inline layers", "style=dashed"));
  CHECK(D.hasEdge("inline layers", "return\\nf.cpp:30", "label=\"%1\""));
  CHECK(D.hasEdge("dense\\nf.cpp:21", "return\\nf.cpp:30", "label=\"%0\""));
  // Control edges point into the region clusters.
  CHECK(D.hasEdge("if", "inline layers", "lhead=cluster_r"));
  CHECK(D.hasEdge("inline layers", "layers.0", "label=\"body\""));
  CHECK(D.hasEdge("loop", "pass", "label=\"body\""));
  std::regex Cluster(R"(subgraph cluster_r\d+ \{)");
  auto N =
      std::distance(std::sregex_iterator(D.Text.begin(), D.Text.end(), Cluster),
                    std::sregex_iterator());
  CHECK(N == 3); // then, inline body, loop body; an empty else is omitted
}

TEST_CASE("DOT: labels are escaped", "[dot]") {
  Dot D = render(Example);
  INFO(D.Text);
  CHECK(D.Text.find("label=\"module Quote\\\"d\\\\\";") != std::string::npos);
  CHECK(D.Text.find("label=\"Quote\\\"d\\\\\"]") != std::string::npos);
}
