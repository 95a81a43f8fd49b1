//===- Model.cpp - The adopter DSL data model -----------------------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/DSL/Model.h"

#include <cmath>
#include <cstring>

using namespace adopter::dsl;

namespace {

/// Floats compare equal when they are bitwise equal or both NaN, so that
/// `-0.0 != 0.0` and a NaN equals itself (the printer round-trips both).
bool sameFloat(double A, double B) {
  if (std::isnan(A) && std::isnan(B))
    return true;
  return std::memcmp(&A, &B, sizeof(double)) == 0;
}

const Value *findAttr(const std::vector<Arg> &Args, const std::string &Key) {
  for (const Arg &A : Args)
    if (A.Key == Key)
      return &A.Val;
  return nullptr;
}

template <typename T>
const T *findByName(const std::vector<T> &Items, const std::string &Name) {
  for (const T &Item : Items)
    if (Item.Name == Name)
      return &Item;
  return nullptr;
}

} // namespace

bool Value::operator==(const Value &O) const {
  if (K != O.K)
    return false;
  switch (K) {
  case Kind::None:
    return true;
  case Kind::Int:
    return Int == O.Int;
  case Kind::Float:
    return sameFloat(Float, O.Float);
  case Kind::Bool:
    return Bool == O.Bool;
  case Kind::Ref:
  case Kind::String:
  case Kind::Ident:
  case Kind::Symbol:
    return Text == O.Text;
  case Kind::List:
    return Elems == O.Elems;
  }
  return false;
}

const Value *Op::attr(const std::string &Key) const {
  return findAttr(Attrs, Key);
}

bool Op::operator==(const Op &O) const {
  return K == O.K && Results == O.Results && Name == O.Name && Args == O.Args &&
         Attrs == O.Attrs && Regions == O.Regions && Loc == O.Loc;
}

const Value *Submodule::attr(const std::string &Key) const {
  return findAttr(Attrs, Key);
}

bool Submodule::operator==(const Submodule &O) const {
  return Name == O.Name && Type == O.Type && HasOptions == O.HasOptions &&
         Options == O.Options && Attrs == O.Attrs && Elements == O.Elements &&
         Loc == O.Loc;
}

bool Method::operator==(const Method &O) const {
  return Name == O.Name && Params == O.Params && Body == O.Body && Loc == O.Loc;
}

const Value *Module::attr(const std::string &Key) const {
  return findAttr(Attrs, Key);
}

const Submodule *Module::member(const std::string &Name) const {
  return findByName(Members, Name);
}

const Method *Module::method(const std::string &Name) const {
  return findByName(Methods, Name);
}

bool Module::operator==(const Module &O) const {
  return Name == O.Name && Attrs == O.Attrs && Members == O.Members &&
         Parameters == O.Parameters && Methods == O.Methods && Loc == O.Loc;
}

const Module *Graph::module(const std::string &Name) const {
  return findByName(Modules, Name);
}
