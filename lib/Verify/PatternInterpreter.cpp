//===- PatternInterpreter.cpp - Run a rule pattern with LibTorch ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/PatternInterpreter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/loss.h>
#include <torch/nn/modules/normalization.h>
#include <torch/torch.h>

#include <functional>
#include <stdexcept>

namespace adopter::verify {
namespace {

/// The arguments of one op: positional and keyword, already resolved.
struct Args {
  std::vector<c10::IValue> Pos;
  std::map<std::string, c10::IValue> Kw;

  size_t size() const { return Pos.size(); }
  bool has(size_t I) const { return I < Pos.size() && !Pos[I].isNone(); }
  const c10::IValue &at(size_t I) const {
    if (I >= Pos.size())
      throw std::runtime_error(
          llvm::formatv("needs argument {0}, has {1}", I + 1, Pos.size()));
    return Pos[I];
  }
  at::Tensor tensor(size_t I) const {
    const c10::IValue &V = at(I);
    if (!V.isTensor())
      throw std::runtime_error(
          llvm::formatv("argument {0} is not a tensor", I + 1));
    return V.toTensor();
  }
  double number(size_t I) const {
    const c10::IValue &V = at(I);
    if (V.isInt())
      return static_cast<double>(V.toInt());
    if (V.isDouble())
      return V.toDouble();
    if (V.isBool())
      return V.toBool();
    throw std::runtime_error(
        llvm::formatv("argument {0} is not a number", I + 1));
  }
  int64_t integer(size_t I) const {
    const c10::IValue &V = at(I);
    if (V.isInt())
      return V.toInt();
    throw std::runtime_error(
        llvm::formatv("argument {0} is not an integer", I + 1));
  }
  /// A dim argument: an int or a one-element list.
  std::vector<int64_t> dims(size_t I) const {
    const c10::IValue &V = at(I);
    if (V.isInt())
      return {V.toInt()};
    if (V.isIntList())
      return V.toIntVector();
    throw std::runtime_error(llvm::formatv("argument {0} is not a dim", I + 1));
  }
  bool flag(size_t I, bool Default) const {
    return has(I) ? at(I).toBool() : Default;
  }
};

/// X OP Y for tensors or numbers, with ATen's overloads.
template <typename L, typename R>
c10::IValue arith(const L &X, const R &Y, char Op) {
  switch (Op) {
  case '+':
    return X + Y;
  case '-':
    return X - Y;
  case '*':
    return X * Y;
  default:
    return X / Y;
  }
}

/// a OP b where either side may be a tensor or a number.
c10::IValue binary(const c10::IValue &A, const c10::IValue &B, char Op) {
  auto Num = [](const c10::IValue &V) {
    return V.isInt() ? static_cast<double>(V.toInt()) : V.toDouble();
  };
  if (A.isTensor() && B.isTensor())
    return arith(A.toTensor(), B.toTensor(), Op);
  if (A.isTensor())
    return arith(A.toTensor(), Num(B), Op);
  if (B.isTensor())
    return arith(Num(A), B.toTensor(), Op);
  return arith(Num(A), Num(B), Op);
}

/// add / mul with any number of operands (the pattern's n-ary form).
c10::IValue fold(const Args &A, char Op) {
  if (A.size() < 2)
    throw std::runtime_error("needs at least two operands");
  c10::IValue R = A.at(0);
  for (size_t I = 1; I < A.size(); ++I)
    R = binary(R, A.at(I), Op);
  return R;
}

at::Scalar scalarOf(const c10::IValue &V) {
  if (V.isInt())
    return V.toInt();
  if (V.isBool())
    return V.toBool();
  return V.toDouble();
}

using OpFn = std::function<c10::IValue(const Args &)>;

const std::map<std::string, OpFn> &opTable() {
  static const std::map<std::string, OpFn> Table = {
      {"aten::add", [](const Args &A) { return fold(A, '+'); }},
      {"aten::mul", [](const Args &A) { return fold(A, '*'); }},
      {"aten::sub",
       [](const Args &A) { return binary(A.at(0), A.at(1), '-'); }},
      {"aten::div",
       [](const Args &A) { return binary(A.at(0), A.at(1), '/'); }},
      {"aten::pow",
       [](const Args &A) -> c10::IValue {
         return A.tensor(0).pow(scalarOf(A.at(1)));
       }},
      {"aten::square",
       [](const Args &A) -> c10::IValue { return A.tensor(0).square(); }},
      {"aten::sqrt",
       [](const Args &A) -> c10::IValue { return A.tensor(0).sqrt(); }},
      {"aten::rsqrt",
       [](const Args &A) -> c10::IValue { return A.tensor(0).rsqrt(); }},
      {"aten::tanh",
       [](const Args &A) -> c10::IValue { return A.tensor(0).tanh(); }},
      {"aten::erf",
       [](const Args &A) -> c10::IValue { return A.tensor(0).erf(); }},
      {"aten::exp",
       [](const Args &A) -> c10::IValue { return A.tensor(0).exp(); }},
      {"aten::sigmoid",
       [](const Args &A) -> c10::IValue { return A.tensor(0).sigmoid(); }},
      {"aten::relu",
       [](const Args &A) -> c10::IValue { return torch::relu(A.tensor(0)); }},
      {"aten::relu6",
       [](const Args &A) -> c10::IValue {
         return torch::hardtanh(A.tensor(0), 0.0, 6.0);
       }},
      {"aten::silu",
       [](const Args &A) -> c10::IValue { return torch::silu(A.tensor(0)); }},
      {"aten::gelu",
       [](const Args &A) -> c10::IValue {
         auto It = A.Kw.find("approximate");
         std::string Approx = "none";
         if (It != A.Kw.end())
           Approx = It->second.toStringRef();
         else if (A.has(1))
           Approx = A.at(1).toStringRef();
         return torch::gelu(A.tensor(0), Approx);
       }},
      {"aten::leaky_relu",
       [](const Args &A) -> c10::IValue {
         return torch::leaky_relu(A.tensor(0), A.has(1) ? A.number(1) : 0.01);
       }},
      {"aten::hardtanh",
       [](const Args &A) -> c10::IValue {
         return torch::hardtanh(A.tensor(0), A.has(1) ? A.number(1) : -1.0,
                                A.has(2) ? A.number(2) : 1.0);
       }},
      {"aten::mean",
       [](const Args &A) -> c10::IValue {
         return A.tensor(0).mean(A.dims(1), A.flag(2, false));
       }},
      {"aten::var",
       [](const Args &A) -> c10::IValue {
         return A.tensor(0).var(A.dims(1), A.flag(2, true), A.flag(3, false));
       }},
      {"aten::softmax",
       [](const Args &A) -> c10::IValue {
         return torch::softmax(A.tensor(0), A.integer(1));
       }},
      {"aten::log_softmax",
       [](const Args &A) -> c10::IValue {
         return torch::log_softmax(A.tensor(0), A.integer(1));
       }},
      {"aten::nll_loss",
       [](const Args &A) -> c10::IValue {
         return torch::nll_loss(A.tensor(0), A.tensor(1));
       }},
      // Verification runs in eval mode, where dropout is the identity (see
      // Bindings::TrainDropout).
      {"aten::dropout", [](const Args &A) -> c10::IValue { return A.at(0); }},
      {"aten::to", [](const Args &A) -> c10::IValue { return A.at(0); }},
      {"aten::type_as", [](const Args &A) -> c10::IValue { return A.at(0); }},
      {"aten::layer_norm",
       [](const Args &A) -> c10::IValue {
         at::Tensor X = A.tensor(0);
         return torch::layer_norm(X, {X.size(-1)});
       }},
      {"aten::matmul",
       [](const Args &A) -> c10::IValue {
         return torch::matmul(A.tensor(0), A.tensor(1));
       }},
      {"aten::bmm",
       [](const Args &A) -> c10::IValue {
         return torch::bmm(A.tensor(0), A.tensor(1));
       }},
      {"aten::masked_fill",
       [](const Args &A) -> c10::IValue {
         return A.tensor(0).masked_fill(A.tensor(1), scalarOf(A.at(2)));
       }},
      {"aten::where",
       [](const Args &A) -> c10::IValue {
         at::Tensor Cond = A.tensor(0), X = A.tensor(1);
         if (A.at(2).isTensor())
           return torch::where(Cond, X, A.tensor(2));
         return torch::where(Cond, X,
                             torch::full({}, A.number(2), X.options()));
       }},
      {"aten::chunk",
       [](const Args &A) -> c10::IValue {
         return c10::List<at::Tensor>(
             A.tensor(0).chunk(A.integer(1), A.has(2) ? A.integer(2) : 0));
       }},
      {"aten::cat",
       [](const Args &A) -> c10::IValue {
         return torch::cat(A.at(0).toTensorVector(),
                           A.has(1) ? A.integer(1) : -1);
       }},
      {"prim::getitem",
       [](const Args &A) -> c10::IValue {
         if (A.at(0).isTuple()) {
           const auto &T = A.at(0).toTupleRef().elements();
           int64_t I = A.integer(1);
           if (I < 0 || I >= static_cast<int64_t>(T.size()))
             throw std::runtime_error("getitem index out of range");
           return T[I];
         }
         auto L = A.at(0).toTensorVector();
         int64_t I = A.integer(1);
         if (I < 0 || I >= static_cast<int64_t>(L.size()))
           throw std::runtime_error("getitem index out of range");
         return L[I];
       }},
  };
  return Table;
}

c10::IValue literal(const dsl::Value &V) {
  switch (V.K) {
  case dsl::Value::Kind::Int:
    return V.Int;
  case dsl::Value::Kind::Float:
    return V.Float;
  case dsl::Value::Kind::Bool:
    return V.Bool;
  case dsl::Value::Kind::String:
  case dsl::Value::Kind::Ident:
    return V.Text;
  case dsl::Value::Kind::List: {
    std::vector<int64_t> Ints;
    for (const dsl::Value &E : V.Elems) {
      if (E.K != dsl::Value::Kind::Int)
        throw std::runtime_error("only integer lists are supported");
      Ints.push_back(E.Int);
    }
    return Ints;
  }
  default:
    throw std::runtime_error("unsupported literal");
  }
}

c10::IValue callModule(BoundModule &M, const Args &A) {
  if (M.Type == "torch::nn::MultiheadAttention") {
    // (output, weights), as the module returns them; the weights are
    // undefined when need_weights is false.
    at::Tensor Q = A.tensor(0);
    at::Tensor K = A.has(1) ? A.tensor(1) : Q, V = A.has(2) ? A.tensor(2) : K;
    at::Tensor Mask = A.has(3) ? A.tensor(3) : at::Tensor();
    bool NeedWeights = A.has(4) ? A.at(4).toBool() : true;
    auto [Out, W] = M.Any.forward<std::tuple<at::Tensor, at::Tensor>>(
        Q, K, V, Mask, NeedWeights, M.AttnMask);
    return c10::ivalue::Tuple::create({Out, W});
  }
  if (M.Type == "torch::nn::NLLLoss")
    return M.Any.forward(A.tensor(0), A.tensor(1));
  if (A.size() != 1)
    throw std::runtime_error(
        llvm::formatv("{0} takes one tensor, given {1}", M.Type, A.size()));
  return M.Any.forward(A.tensor(0));
}

} // namespace

bool PatternInterpreter::knowsOp(const std::string &Op) {
  return Op == "prim::member" || opTable().count(Op);
}

llvm::Expected<std::vector<c10::IValue>>
PatternInterpreter::run(const rules::Pattern &P,
                        const std::vector<unsigned> &Choice, Bindings &B) {
  for (size_t I = 0; I < P.Nodes.size(); ++I) {
    const rules::PatternNode &N = P.Nodes[I];
    const unsigned C = I < Choice.size() ? Choice[I] : 0;
    if (C >= N.Alts.size())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "line %u: no alternative %u", N.Line, C);
    const rules::PatternAlt &Alt = N.Alts[C];
    auto Fail = [&](const std::string &Why) {
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "pattern line %u: %s: %s", N.Line,
          Alt.ModuleVar.empty() ? Alt.Op.c_str()
                                : ("$" + Alt.ModuleVar).c_str(),
          Why.c_str());
    };
    Args A;
    for (const rules::PatternArg &Arg : Alt.Args) {
      c10::IValue V;
      switch (Arg.K) {
      case rules::PatternArg::Kind::ValueVar: {
        auto It = B.Values.find(Arg.Name);
        if (It == B.Values.end())
          return Fail("the case binds no value %" + Arg.Name);
        V = It->second;
        break;
      }
      case rules::PatternArg::Kind::AttrVar: {
        auto It = B.Attrs.find(Arg.Name);
        if (It == B.Attrs.end())
          return Fail("the case binds no attribute $" + Arg.Name);
        V = It->second;
        break;
      }
      case rules::PatternArg::Kind::Literal:
        try {
          V = literal(Arg.Lit);
        } catch (const std::exception &E) {
          return Fail(E.what());
        }
        break;
      case rules::PatternArg::Kind::Any:
        break;
      case rules::PatternArg::Kind::Rest:
        continue;
      }
      if (Arg.Key.empty())
        A.Pos.push_back(std::move(V));
      else
        A.Kw[Arg.Key] = std::move(V);
    }
    c10::IValue R;
    try {
      if (!Alt.ModuleVar.empty()) {
        auto It = B.Modules.find(Alt.ModuleVar);
        if (It == B.Modules.end())
          return Fail("the case binds no module");
        R = callModule(It->second, A);
        B.Chosen[N.Result] = "$" + Alt.ModuleVar;
      } else if (Alt.Op == "prim::member") {
        auto It = B.Members.find(N.Result);
        if (It == B.Members.end())
          return Fail("the case binds no member %" + N.Result);
        R = It->second;
        B.Chosen[N.Result] = Alt.Op;
      } else if (Alt.Op == "aten::dropout" && B.TrainDropout > 0) {
        R = torch::dropout(A.tensor(0), B.TrainDropout, /*train=*/true);
        B.Chosen[N.Result] = Alt.Op;
      } else {
        auto It = opTable().find(Alt.Op);
        if (It == opTable().end())
          return Fail("the interpreter does not know this op");
        R = It->second(A);
        B.Chosen[N.Result] = Alt.Op;
      }
    } catch (const std::exception &E) {
      std::string Msg = E.what();
      return Fail(Msg.substr(0, Msg.find('\n')));
    }
    B.Values[N.Result] = std::move(R);
  }
  std::vector<c10::IValue> Out;
  for (const std::string &O : P.Outputs) {
    auto It = B.Values.find(O);
    if (It == B.Values.end())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "output %%%s is never defined", O.c_str());
    Out.push_back(It->second);
  }
  return Out;
}

} // namespace adopter::verify
