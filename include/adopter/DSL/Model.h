//===- Model.h - The adopter DSL data model ---------------------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The in-memory form of the adopter DSL: what `adopter graph` recovers from
// C++ sources and what the printer, parser, JSON and DOT writers work on.
//
// A Graph holds Modules. A Module has Submodules (its registered or
// unregistered children, with constructor options) and Methods. A Method body
// is a list of Ops in SSA form: every value is defined once and named
// (`%0`, `%1`, ... for temporaries, `%name` for parameters). Control flow is
// structured: `if` and `loop` ops carry regions, and `inline` ops carry the
// body of a callee (a submodule's forward, an own method, a helper function)
// with a scope marker.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_DSL_MODEL_H
#define ADOPTER_DSL_MODEL_H

#include <cstdint>
#include <string>
#include <vector>

namespace adopter::dsl {

/// A position in a source file. Printed as `@file:line:col`.
struct SourceLoc {
  std::string File;
  unsigned Line = 0;
  unsigned Col = 0;

  bool isValid() const { return Line != 0; }
  bool operator==(const SourceLoc &O) const {
    return File == O.File && Line == O.Line && Col == O.Col;
  }
};

/// A literal, symbolic or SSA value used as an argument, option or attribute.
struct Value {
  enum class Kind {
    None,   ///< no value: a bare flag attribute (`{unregistered}`)
    Ref,    ///< an SSA value: `%0`, `%x` (Text holds the name without '%')
    Int,    ///< `-1`
    Float,  ///< `1e-05`, `0.1` (always printed with '.' or 'e')
    Bool,   ///< `true`, `false`
    String, ///< `"name"` (Text holds the unescaped contents)
    Ident,  ///< a bare (qualified) name: `aten::relu`, `torch::kMean`
    Symbol, ///< C++ text that could not be folded: `` `cfg.hidden * 4` ``
    List,   ///< `[768, 3]`
  };

  Kind K = Kind::None;
  int64_t Int = 0;
  double Float = 0;
  bool Bool = false;
  std::string Text;
  std::vector<Value> Elems;
  /// The user macro (defined outside system headers, `-D` included) whose
  /// body this folded value comes from, if any: another configuration may
  /// define it differently. Not part of the text form or of equality.
  std::string Macro;

  static Value none() { return Value(); }
  static Value ref(std::string Name) {
    Value V;
    V.K = Kind::Ref;
    V.Text = std::move(Name);
    return V;
  }
  static Value integer(int64_t I) {
    Value V;
    V.K = Kind::Int;
    V.Int = I;
    return V;
  }
  static Value floating(double F) {
    Value V;
    V.K = Kind::Float;
    V.Float = F;
    return V;
  }
  static Value boolean(bool B) {
    Value V;
    V.K = Kind::Bool;
    V.Bool = B;
    return V;
  }
  static Value string(std::string S) {
    Value V;
    V.K = Kind::String;
    V.Text = std::move(S);
    return V;
  }
  static Value ident(std::string S) {
    Value V;
    V.K = Kind::Ident;
    V.Text = std::move(S);
    return V;
  }
  static Value symbol(std::string S) {
    Value V;
    V.K = Kind::Symbol;
    V.Text = std::move(S);
    return V;
  }
  static Value list(std::vector<Value> Elems) {
    Value V;
    V.K = Kind::List;
    V.Elems = std::move(Elems);
    return V;
  }

  bool isRef() const { return K == Kind::Ref; }
  bool operator==(const Value &O) const;
  bool operator!=(const Value &O) const { return !(*this == O); }
};

/// A positional (empty Key) or keyword argument, option or attribute.
struct Arg {
  std::string Key;
  Value Val;

  bool operator==(const Arg &O) const { return Key == O.Key && Val == O.Val; }
};

/// One operation of a method body.
///
/// Text forms (indentation gives nesting):
///   %r = aten::relu(%x) {inplace} @f.cpp:3:5          Kind::Call, an op
///   %r = fc(%x) @f.cpp:3:5                            Kind::Call, a submodule
///   %r = aten::relu(%x) {via=act} @...                a stateless module call,
///                                                     normalized to its op
///   %r = opaque(%x) {text=`foo(x)`} @...              code not understood
///   return %a, %b @...                                Kind::Return
///   if %c @...:  <then>  else:  <else>                Kind::If (2 regions)
///   loop `cond` @...:  <body>                         Kind::Loop (1 region)
///   %r = inline blk(%x) {scope="BlockImpl::forward"} @...:  <body>
///                                                     Kind::Inline (1 region)
///   yield %v @...                                     Kind::Yield (ends an
///                                                     inline region)
struct Op {
  enum class Kind { Call, Return, If, Loop, Inline, Yield };

  Kind K = Kind::Call;
  /// SSA names defined by this op, without '%'.
  std::vector<std::string> Results;
  /// The op token: a normalized op name containing "::" (`aten::add`,
  /// `prim::phi`), `opaque`, or a submodule path (`dense`, `layers.0`).
  /// Empty for Return/If/Loop/Yield.
  std::string Name;
  /// Operands: for Call/Inline the call arguments; for Return/Yield the
  /// returned values; for If/Loop the condition or iterated value (one).
  std::vector<Arg> Args;
  /// Extra annotations printed in braces: via, inplace, scope, text, ...
  std::vector<Arg> Attrs;
  /// If: {then, else}; Loop: {body}; Inline: {body}. Empty otherwise.
  std::vector<std::vector<Op>> Regions;
  SourceLoc Loc;

  /// True when Name refers to a submodule rather than an op.
  bool isSubmoduleCall() const {
    return K == Kind::Call && !Name.empty() &&
           Name.find("::") == std::string::npos && Name != "opaque";
  }
  const Value *attr(const std::string &Key) const;
  bool operator==(const Op &O) const;
};

// clang-format off: the text form's lines are longer than 80 columns.
/// A child module: a member of a Module, or an element of a container
/// (Sequential, ModuleList, ModuleDict).
///
/// Text form:
///   dense = torch::nn::Linear(in_features=768, out_features=768) {registered="dense"} @f.h:9:5
///   layers = torch::nn::Sequential {registered="layers"} @f.h:10:5:
///     0 = torch::nn::Linear(in_features=4, out_features=8) @f.h:11:7
///     1 = torch::nn::Functional(aten::relu) @f.h:12:7
/// Options are printed in parentheses only when HasOptions is set (a
/// container or a default-constructed member prints none).
// clang-format on
struct Submodule {
  std::string Name;
  std::string Type;
  bool HasOptions = false;
  std::vector<Arg> Options;
  std::vector<Arg> Attrs;
  std::vector<Submodule> Elements;
  SourceLoc Loc;

  const Value *attr(const std::string &Key) const;
  bool operator==(const Submodule &O) const;
};

/// A method of a module: `forward`, or a method called from it.
struct Method {
  std::string Name;
  std::vector<std::string> Params; ///< SSA names of the parameters
  std::vector<Op> Body;
  SourceLoc Loc;

  bool operator==(const Method &O) const;
};

/// One torch::nn::Module class (one instantiation, for class templates).
///
/// Text form:
///   module Block {impl="BlockImpl", holder="Block"} @f.h:5:8
///     <submodules, indented by 2>
///     weight = torch::Tensor(shape=[`dim`]) {parameter} @f.cpp:13:3
///     forward(%x) @f.cpp:20:1:
///       <ops, indented by 4>
struct Module {
  std::string Name;
  std::vector<Arg> Attrs;
  std::vector<Submodule> Members;
  /// The tensors the module registers as parameters
  /// (`register_parameter("weight", torch::ones({dim}))`), under their
  /// registered names: Type `torch::Tensor`, the option `shape` (the size
  /// list of the factory that makes the tensor, or the initializer's text
  /// where none is found), the attribute `parameter`, and `when`/`repeat`
  /// where the registration is conditional or in a loop, `requires_grad=false`
  /// where it says so. Printed among the members, after them.
  std::vector<Submodule> Parameters;
  std::vector<Method> Methods;
  SourceLoc Loc;

  const Value *attr(const std::string &Key) const;
  const Submodule *member(const std::string &Name) const;
  const Method *method(const std::string &Name) const;
  bool operator==(const Module &O) const;
};

/// Everything recovered from a set of files.
struct Graph {
  std::vector<Module> Modules;

  const Module *module(const std::string &Name) const;
  bool operator==(const Graph &O) const { return Modules == O.Modules; }
};

} // namespace adopter::dsl

#endif // ADOPTER_DSL_MODEL_H
