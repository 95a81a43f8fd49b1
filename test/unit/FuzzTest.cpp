//===- FuzzTest.cpp - Robustness of the DSL parser on mutated input -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Mutates printed text at random (with a fixed seed) and checks that the
// parser returns either a graph or a well-formed error, and that whatever it
// accepts prints to a fixed point that parses back to the same graph.
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/DotWriter.h"
#include "adopter/DSL/JsonWriter.h"
#include "adopter/DSL/Parser.h"
#include "adopter/DSL/Printer.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <catch2/catch.hpp>

#include <random>

using namespace adopter::dsl;

namespace adopter::dsl::testing {
Graph makeRichGraph(); // RoundTripTest.cpp
} // namespace adopter::dsl::testing

namespace {

const char Alphabet[] = "%\"`()[]{}:@#=,-.*\\ \t\n\r0123456789aexinf_/\x01\x80";

std::string mutate(std::string S, std::mt19937 &Rng) {
  auto Pick = [&](size_t N) {
    return N ? std::uniform_int_distribution<size_t>(0, N - 1)(Rng) : 0;
  };
  unsigned Count = 1 + Pick(4);
  for (unsigned I = 0; I < Count; ++I) {
    size_t At = Pick(S.size() + 1);
    switch (Pick(6)) {
    case 0: // delete a few characters
      S.erase(std::min(At, S.size()), 1 + Pick(3));
      break;
    case 1: // insert a character
    case 2:
      S.insert(std::min(At, S.size()), 1, Alphabet[Pick(sizeof(Alphabet) - 1)]);
      break;
    case 3: { // duplicate a line
      size_t B = S.rfind('\n', At ? At - 1 : 0);
      B = B == std::string::npos ? 0 : B + 1;
      size_t E = S.find('\n', At);
      if (E != std::string::npos && B <= E)
        S.insert(B, S.substr(B, E - B + 1));
      break;
    }
    case 4: // truncate
      S.resize(At);
      break;
    case 5: // replace a character
      if (!S.empty())
        S[std::min(At, S.size() - 1)] = Alphabet[Pick(sizeof(Alphabet) - 1)];
      break;
    }
  }
  return S;
}

/// Parses \p Text; on success checks the print/parse fixed point. Returns
/// whether the text was accepted.
bool checkOne(const std::string &Text) {
  auto G = parseGraph(Text, "fuzz.dsl");
  if (!G) {
    std::string Msg = llvm::toString(G.takeError());
    INFO(Text);
    CHECK(llvm::StringRef(Msg).starts_with("fuzz.dsl:"));
    CHECK(llvm::StringRef(Msg).contains(": error: "));
    return false;
  }
  std::string Printed = toString(*G);
  auto Again = parseGraph(Printed);
  if (!Again) {
    FAIL_CHECK("printed text does not parse: "
               << llvm::toString(Again.takeError()) << "\ninput:\n"
               << Text << "\nprinted:\n"
               << Printed);
    return true;
  }
  if (!(*Again == *G) || toString(*Again) != Printed)
    FAIL_CHECK("print/parse is not a fixed point\ninput:\n"
               << Text << "\nprinted:\n"
               << Printed);
  // Whatever parses can be written as valid JSON and as DOT.
  std::string Json, Dot;
  llvm::raw_string_ostream JS(Json), DS(Dot);
  writeJson(*G, JS);
  writeDot(*G, DS);
  auto Doc = llvm::json::parse(Json);
  if (!Doc)
    FAIL_CHECK("invalid JSON: " << llvm::toString(Doc.takeError()));
  CHECK(llvm::StringRef(Dot).starts_with("digraph adopter {"));
  return true;
}

} // namespace

TEST_CASE("Fuzz: mutated printer output parses or fails cleanly", "[fuzz]") {
  const std::string Seed = toString(testing::makeRichGraph());
  std::mt19937 Rng(20240601);
  unsigned Accepted = 0, Total = 3000;
  for (unsigned I = 0; I < Total; ++I)
    Accepted += checkOne(mutate(Seed, Rng));
  // Both outcomes must be exercised for the test to mean anything.
  CHECK(Accepted > 0);
  CHECK(Accepted < Total);
}

TEST_CASE("Fuzz: random garbage", "[fuzz]") {
  std::mt19937 Rng(7);
  for (unsigned I = 0; I < 2000; ++I) {
    std::string S = "module M\n  f(%x):\n    ";
    unsigned Len = std::uniform_int_distribution<unsigned>(0, 40)(Rng);
    for (unsigned J = 0; J < Len; ++J)
      S += Alphabet[std::uniform_int_distribution<size_t>(0, sizeof(Alphabet) -
                                                                 2)(Rng)];
    checkOne(S);
  }
  for (llvm::StringRef S :
       {"", "\n", "module", "module ", "module \"", "module M\n  f(",
        "module M\n  x =", "module M\n  f():\n    %",
        "module M\n  f():\n    %a,", "module M\n  f():\n    %a = inline",
        "module M @", "module M @f:", "module M @f:1:", "module M {",
        "module M {a=", "module M\n  a = T(", "module M\n  f():\n    if",
        "module M\n  f():\n    x(\"\\x4"})
    checkOne(S.str());
}
