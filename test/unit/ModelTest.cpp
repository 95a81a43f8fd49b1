//===- ModelTest.cpp - Tests of the DSL data model ------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Model.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace adopter::dsl;

TEST_CASE("Value equality compares the payload of its kind", "[model]") {
  CHECK(Value::integer(3) == Value::integer(3));
  CHECK(Value::integer(3) != Value::integer(4));
  CHECK(Value::integer(0) != Value::floating(0));
  CHECK(Value::ref("x") == Value::ref("x"));
  CHECK(Value::ref("x") != Value::ident("x"));
  CHECK(Value::string("x") != Value::symbol("x"));
  CHECK(Value::boolean(true) != Value::boolean(false));
  CHECK(Value::none() == Value::none());
  CHECK(Value::list({Value::integer(1), Value::string("a")}) ==
        Value::list({Value::integer(1), Value::string("a")}));
  CHECK(Value::list({Value::integer(1)}) !=
        Value::list({Value::integer(1), Value::integer(1)}));
}

TEST_CASE("Float equality is bitwise, except that NaNs are equal", "[model]") {
  double NaN = std::numeric_limits<double>::quiet_NaN();
  CHECK(Value::floating(0.1) == Value::floating(0.1));
  CHECK(Value::floating(NaN) == Value::floating(NaN));
  CHECK(Value::floating(NaN) == Value::floating(-NaN));
  CHECK(Value::floating(0.0) != Value::floating(-0.0));
  CHECK(Value::floating(INFINITY) != Value::floating(-INFINITY));
  CHECK(Value::floating(1.0) != Value::floating(std::nextafter(1.0, 2.0)));
}

TEST_CASE("Lookups find the first match by name or key", "[model]") {
  Graph G;
  Module M;
  M.Name = "Block";
  M.Attrs = {{"impl", Value::string("BlockImpl")},
             {"impl", Value::string("second")}};
  Submodule S;
  S.Name = "dense";
  S.Type = "torch::nn::Linear";
  S.Attrs = {{"registered", Value::string("dense")}};
  M.Members.push_back(S);
  Method Fwd;
  Fwd.Name = "forward";
  Op O;
  O.Name = "aten::relu";
  O.Attrs = {{"inplace", Value::none()}};
  Fwd.Body.push_back(O);
  M.Methods.push_back(Fwd);
  G.Modules.push_back(M);

  REQUIRE(G.module("Block"));
  CHECK(G.module("Other") == nullptr);
  const Module &B = *G.module("Block");
  REQUIRE(B.attr("impl"));
  CHECK(*B.attr("impl") == Value::string("BlockImpl"));
  CHECK(B.attr("holder") == nullptr);
  REQUIRE(B.member("dense"));
  CHECK(B.member("dense")->attr("registered")->Text == "dense");
  CHECK(B.member("fc") == nullptr);
  REQUIRE(B.method("forward"));
  CHECK(B.method("backward") == nullptr);
  const Op &R = B.method("forward")->Body[0];
  REQUIRE(R.attr("inplace"));
  CHECK(R.attr("inplace")->K == Value::Kind::None);
  CHECK(R.isSubmoduleCall() == false);
}

TEST_CASE("Structural equality covers every field", "[model]") {
  Submodule A;
  A.Name = "fc";
  A.Type = "torch::nn::Linear";
  Submodule B = A;
  CHECK(A == B);
  B.HasOptions = true;
  CHECK_FALSE(A == B);
  B = A;
  B.Loc = {"f.h", 1, 2};
  CHECK_FALSE(A == B);

  Op X;
  X.K = Op::Kind::If;
  X.Regions.resize(2);
  Op Y = X;
  CHECK(X == Y);
  Y.Regions[1].push_back(Op());
  CHECK_FALSE(X == Y);

  Method M1, M2;
  M1.Params = {"x"};
  CHECK_FALSE(M1 == M2);
  Module P1, P2;
  P1.Parameters.push_back(A);
  CHECK_FALSE(P1 == P2);
  P2.Members.push_back(A); // a member is not a parameter
  CHECK_FALSE(P1 == P2);
  Graph G1, G2;
  G1.Modules.emplace_back();
  CHECK_FALSE(G1 == G2);
  G2.Modules.emplace_back();
  CHECK(G1 == G2);
}
