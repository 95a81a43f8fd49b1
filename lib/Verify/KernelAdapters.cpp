//===- KernelAdapters.cpp - Run a rule's replacement kernel ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/KernelAdapters.h"

#include "adopter/kernels/Attention.h"
#include "adopter/kernels/ConvBN.h"
#include "adopter/kernels/CrossEntropy.h"
#include "adopter/kernels/FusedAddLayerNorm.h"
#include "adopter/kernels/FusedAddRMSNorm.h"
#include "adopter/kernels/FusedDropoutAddLayerNorm.h"
#include "adopter/kernels/FusedLinearGELU.h"
#include "adopter/kernels/FusedLinearReLU.h"
#include "adopter/kernels/FusedLinearSiLU.h"
#include "adopter/kernels/FusedMultiheadAttention.h"
#include "adopter/kernels/FusedRNNCell.h"
#include "adopter/kernels/Gelu.h"
#include "adopter/kernels/LinearAct.h"
#include "adopter/kernels/LinearBN.h"
#include "adopter/kernels/MaskedSoftmax.h"
#include "adopter/kernels/Norms.h"
#include "adopter/kernels/PackedLinear.h"
#include "adopter/kernels/SwiGLU.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <functional>
#include <stdexcept>

namespace adopter::verify {
namespace {

using Adapter = std::function<std::vector<at::Tensor>(ReplacementRun &)>;

at::Tensor value(ReplacementRun &Run, const std::string &Name) {
  auto It = Run.K.Values.find(Name);
  if (It == Run.K.Values.end() || !It->second.isTensor())
    throw std::runtime_error("no tensor bound to %" + Name);
  return It->second.toTensor();
}

double attr(ReplacementRun &Run, const std::string &Name, double Default) {
  auto It = Run.K.Attrs.find(Name);
  if (It == Run.K.Attrs.end() || It->second.isNone())
    return Default;
  return It->second.isInt() ? static_cast<double>(It->second.toInt())
                            : It->second.toDouble();
}

/// The member tensor the pattern read as %Name, or undefined when this
/// variant does not read it (its optional op is absent).
at::Tensor member(ReplacementRun &Run, const std::string &Name) {
  if (!Run.Ref.Chosen.count(Name))
    return at::Tensor();
  auto It = Run.K.Members.find(Name);
  return It == Run.K.Members.end() ? at::Tensor() : It->second;
}

/// True when the variant that ran took \p Op for result \p Result.
bool took(ReplacementRun &Run, const std::string &Result,
          const std::string &Op) {
  auto It = Run.Ref.Chosen.find(Result);
  return It != Run.Ref.Chosen.end() && It->second == Op;
}

/// Outputs named by the pattern's `return`, from a name -> tensor map.
std::vector<at::Tensor>
outputs(ReplacementRun &Run, const std::map<std::string, at::Tensor> &Named) {
  std::vector<at::Tensor> Out;
  for (const std::string &O : Run.P.Outputs) {
    auto It = Named.find(O);
    if (It == Named.end())
      throw std::runtime_error("the replacement gives no %" + O);
    Out.push_back(It->second);
  }
  return Out;
}

/// Copies the parameters of \p From into \p To by name and points the
/// gradient leaves `$Var.<name>` at \p To's tensors.
void moveParameters(ReplacementRun &Run, const std::string &Var,
                    torch::nn::Module &From, torch::nn::Module &To) {
  torch::NoGradGuard NG;
  auto Dst = To.named_parameters();
  for (const auto &P : From.named_parameters()) {
    at::Tensor *T = Dst.find(P.key());
    if (!T)
      throw std::runtime_error("the replacement module has no parameter '" +
                               P.key() + "'");
    T->copy_(P.value());
    Run.Leaves["$" + Var + "." + P.key()] = *T;
  }
}

/// The bound module \p Var as holder type T (the case built it so).
template <typename T> T module(ReplacementRun &Run, const std::string &Var) {
  auto It = Run.K.Modules.find(Var);
  if (It == Run.K.Modules.end())
    throw std::runtime_error("no module bound to $" + Var);
  auto Impl =
      std::dynamic_pointer_cast<typename T::ContainedType>(It->second.Ptr);
  if (!Impl)
    throw std::runtime_error("$" + Var + " is not a " + It->second.Type);
  return T(Impl);
}

/// The reference run called the module bound to $Var.
bool usesModule(const ReplacementRun &Run, const std::string &Var) {
  for (const auto &[Value, Chosen] : Run.Ref.Chosen)
    if (Chosen == "$" + Var)
      return true;
  return false;
}

/// The activation the pattern's alternative for %y chose (conv-bn's and
/// linear-bn's optional one).
adopter::ops::Activation chosenActivation(ReplacementRun &Run) {
  auto It = Run.Ref.Chosen.find("y");
  return activationForOp(It == Run.Ref.Chosen.end() ? "" : It->second);
}

/// A Linear-with-activation module built from $fc's options and weights.
template <typename Fused>
std::vector<at::Tensor> linearAct(ReplacementRun &Run) {
  auto FC = module<torch::nn::Linear>(Run, "fc");
  Fused F(FC->options);
  F->to(value(Run, "x").scalar_type());
  moveParameters(Run, "fc", *FC, *F);
  return {F(value(Run, "x"))};
}

/// Calls a residual-add LayerNorm module: `forward(a, b)` -> (sum, normed).
struct CallForward {
  template <typename M>
  std::tuple<at::Tensor, at::Tensor> operator()(M &Fused, const at::Tensor &A,
                                                const at::Tensor &B) const {
    return Fused(A, B);
  }
};

/// A torch::nn::LayerNorm, for a function that takes the LayerNorm as it
/// is (addNorm's \p Make).
torch::nn::LayerNorm plainLayerNorm(const torch::nn::LayerNormOptions &O) {
  return torch::nn::LayerNorm(O);
}

/// A residual-add LayerNorm module (see CallForward; or a module \p Call
/// passes to a function) that replaces $norm, or the functional layer_norm
/// without affine parameters.
template <typename MakeFn, typename CallFn = CallForward>
std::vector<at::Tensor> addNorm(ReplacementRun &Run, MakeFn Make,
                                CallFn Call = CallFn()) {
  at::Tensor Sa = value(Run, "a"), Sb = value(Run, "b");
  torch::nn::LayerNormOptions Opts({Sa.size(-1)});
  const bool HasNorm = took(Run, "y", "$norm");
  if (HasNorm)
    Opts = module<torch::nn::LayerNorm>(Run, "norm")->options;
  else
    Opts.elementwise_affine(false);
  auto Fused = Make(Opts);
  Fused->to(Sa.scalar_type());
  Fused->eval();
  if (HasNorm)
    moveParameters(Run, "norm", *Run.K.Modules.at("norm").Ptr, *Fused);
  auto [S, Y] = Call(Fused, Sa, Sb);
  return outputs(Run, {{"s", S}, {"y", Y}});
}

/// The attention and masked-softmax options the chosen alternatives spell:
/// where the scale sits (before or after the mask, multiplying or
/// dividing), and how the mask is applied.
struct AttentionSpelling {
  double Scale = 1.0;
  adopter::ops::ScaleMode Mode = adopter::ops::ScaleMode::Multiply;
  adopter::ops::MaskKind Kind = adopter::ops::MaskKind::None;
  double Fill = 0;
  at::Tensor Mask;
};

AttentionSpelling attentionSpelling(ReplacementRun &Run) {
  using adopter::ops::MaskKind;
  using adopter::ops::ScaleMode;
  AttentionSpelling A;
  int ScaleAt = -1, MaskAt = -1;
  bool Divide = false;
  for (size_t I = 0; I < Run.P.Nodes.size(); ++I) {
    auto It = Run.Ref.Chosen.find(Run.P.Nodes[I].Result);
    if (It == Run.Ref.Chosen.end())
      continue;
    const std::string &Op = It->second;
    for (const rules::PatternAlt &Alt : Run.P.Nodes[I].Alts) {
      if (Alt.Op != Op)
        continue;
      for (const rules::PatternArg &Arg : Alt.Args) {
        if (Arg.K == rules::PatternArg::Kind::AttrVar && Arg.Name == "scale") {
          ScaleAt = static_cast<int>(I);
          Divide = Op == "aten::div";
        }
        if (Arg.K == rules::PatternArg::Kind::ValueVar && Arg.Name == "mask") {
          MaskAt = static_cast<int>(I);
          A.Kind = Op == "aten::add"     ? MaskKind::Additive
                   : Op == "aten::where" ? MaskKind::KeepWhereTrue
                                         : MaskKind::FillWhereTrue;
        }
      }
    }
  }
  if (ScaleAt >= 0) {
    A.Scale = attr(Run, "scale", 1.0);
    const bool After = MaskAt >= 0 && ScaleAt > MaskAt;
    A.Mode = After ? (Divide ? ScaleMode::DivideAfterMask
                             : ScaleMode::MultiplyAfterMask)
                   : (Divide ? ScaleMode::Divide : ScaleMode::Multiply);
  }
  if (MaskAt >= 0) {
    A.Mask = value(Run, "mask");
    A.Fill = attr(Run, "fill", 0);
  }
  return A;
}

const std::map<std::string, Adapter> &adapters() {
  static const std::map<std::string, Adapter> A = {
      {"adopter::nn::FusedAddLayerNorm",
       [](ReplacementRun &Run) {
         return addNorm(Run, [](const torch::nn::LayerNormOptions &O) {
           return adopter::nn::FusedAddLayerNorm(O);
         });
       }},
      {"adopter::nn::FusedAddRMSNorm",
       [](ReplacementRun &Run) {
         // The project's RMSNorm module swapped (`replaces-callee`): built
         // from the weight's size and eps, its weight the member's.
         at::Tensor A = value(Run, "a"), G = member(Run, "g");
         adopter::nn::FusedAddRMSNorm M(A.size(-1), attr(Run, "eps", 0));
         M->to(A.scalar_type());
         if (G.defined()) {
           torch::NoGradGuard NG;
           M->weight.copy_(G);
           Run.Leaves["member:g"] = M->weight;
         }
         auto [S, Y] = M(A, value(Run, "b"));
         // `return %y, %s`; without the weight %y is another node's value.
         return std::vector<at::Tensor>{Y, S};
       }},
      {"adopter::ops::add_layer_norm",
       [](ReplacementRun &Run) {
         // `otherwise:` of add-layernorm. A LayerNorm that stays (called
         // elsewhere too) is passed as it is, its parameters the leaves.
         if (took(Run, "y", "$norm"))
           return addNorm(Run, plainLayerNorm,
                          [](torch::nn::LayerNorm &Norm, const at::Tensor &A,
                             const at::Tensor &B) {
                            return adopter::ops::add_layer_norm(A, B, *Norm);
                          });
         // The functional form: the pattern's layer_norm normalizes the
         // last dimension.
         at::Tensor A = value(Run, "a");
         auto [S, Y] = adopter::ops::add_layer_norm(
             A, value(Run, "b"),
             torch::nn::functional::LayerNormFuncOptions({A.size(-1)}));
         return outputs(Run, {{"s", S}, {"y", Y}});
       }},
      {"adopter::ops::add_rms_norm",
       [](ReplacementRun &Run) {
         auto [S, Y] =
             adopter::ops::add_rms_norm(value(Run, "a"), value(Run, "b"),
                                        member(Run, "g"), attr(Run, "eps", 0));
         // `return %y, %s`; without the weight %y is another node's value.
         return std::vector<at::Tensor>{Y, S};
       }},
      {"adopter::ops::layer_norm",
       [](ReplacementRun &Run) {
         at::Tensor Y =
             adopter::ops::layer_norm(value(Run, "x"), member(Run, "gw"),
                                      member(Run, "gb"), attr(Run, "eps", 0));
         return std::vector<at::Tensor>{Y};
       }},
      {"adopter::ops::rms_norm",
       [](ReplacementRun &Run) {
         at::Tensor Y = adopter::ops::rms_norm(
             value(Run, "x"), member(Run, "g"), attr(Run, "eps", 0));
         return std::vector<at::Tensor>{Y};
       }},
      {"adopter::nn::FusedLinearGELU", linearAct<adopter::nn::FusedLinearGELU>},
      {"adopter::nn::FusedLinearReLU", linearAct<adopter::nn::FusedLinearReLU>},
      {"adopter::nn::FusedLinearSiLU", linearAct<adopter::nn::FusedLinearSiLU>},
      // `keeps-module`: the Linear as it is.
      {"adopter::ops::linear_gelu",
       [](ReplacementRun &Run) {
         return std::vector<at::Tensor>{adopter::ops::linear_gelu(
             value(Run, "x"), *module<torch::nn::Linear>(Run, "fc"))};
       }},
      {"adopter::ops::linear_relu",
       [](ReplacementRun &Run) {
         return std::vector<at::Tensor>{adopter::ops::linear_relu(
             value(Run, "x"), *module<torch::nn::Linear>(Run, "fc"))};
       }},
      {"adopter::ops::linear_silu",
       [](ReplacementRun &Run) {
         return std::vector<at::Tensor>{adopter::ops::linear_silu(
             value(Run, "x"), *module<torch::nn::Linear>(Run, "fc"))};
       }},
      {"adopter::ops::gelu",
       [](ReplacementRun &Run) {
         const bool Tanh = Run.Ref.Chosen.count("t") != 0;
         return std::vector<at::Tensor>{
             adopter::ops::gelu(value(Run, "x"), Tanh ? "tanh" : "none")};
       }},
      {"adopter::ops::swiglu",
       [](ReplacementRun &Run) {
         at::Tensor X = value(Run, "x");
         if (took(Run, "h", "$proj")) {
           auto Proj = module<torch::nn::Linear>(Run, "proj");
           return std::vector<at::Tensor>{
               adopter::ops::swiglu_packed(X, Proj->weight, Proj->bias)};
         }
         auto Gate = module<torch::nn::Linear>(Run, "gate");
         auto Up = module<torch::nn::Linear>(Run, "up");
         return std::vector<at::Tensor>{adopter::ops::swiglu(
             X, Gate->weight, Gate->bias, Up->weight, Up->bias)};
       }},
      {"adopter::ops::packed_linear3",
       [](ReplacementRun &Run) {
         auto Q = module<torch::nn::Linear>(Run, "wq");
         auto K = module<torch::nn::Linear>(Run, "wk");
         auto V = module<torch::nn::Linear>(Run, "wv");
         auto [OQ, OK, OV] = adopter::ops::packed_linear3(
             value(Run, "x"), Q->weight, Q->bias, K->weight, K->bias, V->weight,
             V->bias);
         return outputs(Run, {{"q", OQ}, {"k", OK}, {"v", OV}});
       }},
      {"adopter::ops::attention",
       [](ReplacementRun &Run) {
         AttentionSpelling A = attentionSpelling(Run);
         // A dropout drawn as in training (tune) is passed as apply passes
         // it, drawn by torch's dropout; otherwise none acts (eval).
         const bool Drop =
             Run.K.TrainDropout > 0 && took(Run, "d", "aten::dropout");
         return std::vector<at::Tensor>{adopter::ops::attention(
             value(Run, "q"), value(Run, "kt"), value(Run, "v"), A.Mask,
             A.Scale, A.Mode, A.Kind, A.Fill,
             adopter::ops::Dropout(Drop ? Run.K.TrainDropout : 0.0, Drop))};
       }},
      {"adopter::ops::masked_softmax",
       [](ReplacementRun &Run) {
         AttentionSpelling A = attentionSpelling(Run);
         return std::vector<at::Tensor>{adopter::ops::masked_softmax(
             value(Run, "s"), A.Mask, A.Scale, A.Mode, A.Kind, A.Fill)};
       }},
      {"adopter::nn::FusedMultiheadAttention",
       [](ReplacementRun &Run) {
         auto M = module<torch::nn::MultiheadAttention>(Run, "mha");
         adopter::nn::FusedMultiheadAttention F(M->options);
         F->to(value(Run, "q").scalar_type());
         F->eval();
         moveParameters(Run, "mha", *M, *F);
         // As the rule's calls: every pattern passes q, k and v; those with
         // a key padding mask ($m) pass it; need_weights is false.
         at::Tensor Mask;
         using Kind = rules::PatternArg::Kind;
         if (patternReads(Run.P, Kind::AttrVar, "m"))
           Mask = Run.K.Attrs.at("m").toTensor();
         else if (patternReads(Run.P, Kind::ValueVar, "m"))
           Mask = value(Run, "m");
         return std::vector<at::Tensor>{std::get<0>(
             F->forward(value(Run, "q"), value(Run, "k"), value(Run, "v"), Mask,
                        /*need_weights=*/false))};
       }},
      {"adopter::ops::cross_entropy",
       [](ReplacementRun &Run) {
         const auto Dim = static_cast<int64_t>(attr(Run, "dim", 1));
         // The module form passes the NLLLoss itself, as apply writes it.
         if (usesModule(Run, "loss"))
           return std::vector<at::Tensor>{adopter::ops::cross_entropy(
               value(Run, "x"), value(Run, "t"),
               module<torch::nn::NLLLoss>(Run, "loss"), Dim)};
         return std::vector<at::Tensor>{adopter::ops::cross_entropy(
             value(Run, "x"), value(Run, "t"),
             adopter::ops::CrossEntropyOptions().dim(Dim))};
       }},
      {"adopter::ops::conv_bn",
       [](ReplacementRun &Run) {
         return std::vector<at::Tensor>{adopter::ops::conv_bn(
             value(Run, "x"), module<torch::nn::Conv2d>(Run, "conv"),
             module<torch::nn::BatchNorm2d>(Run, "bn"), chosenActivation(Run))};
       }},
      {"adopter::ops::linear_bn",
       [](ReplacementRun &Run) {
         return std::vector<at::Tensor>{adopter::ops::linear_bn(
             value(Run, "x"), module<torch::nn::Linear>(Run, "fc"),
             module<torch::nn::BatchNorm1d>(Run, "bn"), chosenActivation(Run))};
       }},
      {"adopter::nn::FusedDropoutAddLayerNorm",
       [](ReplacementRun &Run) {
         // Verification runs in eval mode (addNorm), where p does not act.
         return addNorm(Run, [](const torch::nn::LayerNormOptions &O) {
           return adopter::nn::FusedDropoutAddLayerNorm(O, /*P=*/0.1);
         });
       }},
      {"adopter::ops::dropout_add_layer_norm",
       [](ReplacementRun &Run) {
         // In eval mode, as the pattern runs: the dropout does not act.
         return addNorm(Run, plainLayerNorm,
                        [](torch::nn::LayerNorm &Norm, const at::Tensor &A,
                           const at::Tensor &B) {
                          return adopter::ops::dropout_add_layer_norm(
                              A, B, adopter::ops::Dropout(0.1, /*Train=*/false),
                              Norm);
                        });
       }},
      {"adopter::ops::lstm_cell",
       [](ReplacementRun &Run) -> std::vector<at::Tensor> {
         at::Tensor X = value(Run, "x"), H = value(Run, "h");
         auto Bias = [](const torch::nn::Linear &L) { return L->bias; };
         if (Run.Ref.Chosen.count("a1")) { // GRU, one Linear per gate
           std::vector<at::Tensor> WI, BI, WH, BH;
           for (const char *G : {"r", "z", "n"}) {
             auto XL = module<torch::nn::Linear>(Run, std::string("x") + G);
             auto HL = module<torch::nn::Linear>(Run, std::string("h") + G);
             WI.push_back(XL->weight);
             BI.push_back(Bias(XL));
             WH.push_back(HL->weight);
             BH.push_back(Bias(HL));
           }
           return outputs(
               Run,
               {{"h2", adopter::ops::gru_cell_per_gate(X, H, WI, BI, WH, BH)}});
         }
         if (Run.Ref.Chosen.count("chh")) { // GRU over ih / hh
           auto IH = module<torch::nn::Linear>(Run, "ih");
           auto HH = module<torch::nn::Linear>(Run, "hh");
           return outputs(
               Run, {{"h2", adopter::ops::gru_cell(X, H, IH->weight, Bias(IH),
                                                   HH->weight, Bias(HH))}});
         }
         std::string Order(4, '?');
         Order[static_cast<size_t>(attr(Run, "ii", 0))] = 'i';
         Order[static_cast<size_t>(attr(Run, "if", 1))] = 'f';
         Order[static_cast<size_t>(attr(Run, "ig", 2))] = 'g';
         Order[static_cast<size_t>(attr(Run, "io", 3))] = 'o';
         at::Tensor C = value(Run, "c");
         if (Run.Ref.Chosen.count("xh")) { // one Linear over cat(x, h)
           auto W = module<torch::nn::Linear>(Run, "w");
           auto [H2, C2] = adopter::ops::lstm_cell_concat(X, H, C, W->weight,
                                                          Bias(W), Order);
           return outputs(Run, {{"h2", H2}, {"c2", C2}});
         }
         auto IH = module<torch::nn::Linear>(Run, "ih");
         auto HH = module<torch::nn::Linear>(Run, "hh");
         auto [H2, C2] = adopter::ops::lstm_cell(X, H, C, IH->weight, Bias(IH),
                                                 HH->weight, Bias(HH), Order);
         return outputs(Run, {{"h2", H2}, {"c2", C2}});
       }},
      // The torch-builtin pack: LibTorch's own fused ops.
      {"torch::layer_norm",
       [](ReplacementRun &Run) {
         at::Tensor X = value(Run, "x");
         return std::vector<at::Tensor>{
             torch::layer_norm(X, {X.size(-1)}, member(Run, "gw"),
                               member(Run, "gb"), attr(Run, "eps", 0))};
       }},
      {"torch::gelu",
       [](ReplacementRun &Run) {
         // The tanh formula is GELU's tanh approximation; erf is exact.
         const bool Tanh = Run.Ref.Chosen.count("t") != 0;
         return std::vector<at::Tensor>{
             torch::gelu(value(Run, "x"), Tanh ? "tanh" : "none")};
       }},
      {"torch::nn::functional::cross_entropy",
       [](ReplacementRun &Run) {
         // The NLLLoss module's options carry over (its weight, ignore
         // index and reduction are cross_entropy's too).
         namespace F = torch::nn::functional;
         auto O = F::CrossEntropyFuncOptions();
         if (usesModule(Run, "loss")) {
           auto Loss = module<torch::nn::NLLLoss>(Run, "loss");
           O.weight(Loss->weight)
               .ignore_index(Loss->options.ignore_index())
               .reduction(Loss->options.reduction());
         }
         return std::vector<at::Tensor>{
             F::cross_entropy(value(Run, "x"), value(Run, "t"), O)};
       }},
  };
  return A;
}

} // namespace

bool patternReads(const rules::Pattern &P, rules::PatternArg::Kind Kind,
                  const std::string &Name) {
  for (const rules::PatternNode &N : P.Nodes)
    for (const rules::PatternAlt &A : N.Alts)
      for (const rules::PatternArg &Arg : A.Args)
        if (Arg.K == Kind && Arg.Name == Name)
          return true;
  return false;
}

std::string replacementName(const rules::Rule &R) {
  return R.Replace.Function.empty() ? R.Replace.Module : R.Replace.Function;
}

adopter::ops::Activation activationForOp(const std::string &Op) {
  using adopter::ops::Activation;
  if (Op == "aten::relu")
    return Activation::relu();
  if (Op == "aten::relu6" || Op == "aten::hardtanh")
    return Activation::relu6();
  if (Op == "aten::silu")
    return Activation::silu();
  if (Op == "aten::leaky_relu")
    return Activation::leaky_relu(0.01);
  return Activation::none();
}

bool hasAdapter(const std::string &Name) { return adapters().count(Name); }

bool otherwiseApplies(const ReplacementRun &Run) {
  const rules::Replacement &Rep = Run.R.Replace;
  if (!Rep.Otherwise)
    return false;
  // It serves every match (where the module is called elsewhere too).
  if (Rep.Otherwise->KeepsModule)
    return true;
  return !Rep.CalleeArgs.empty() ||
         (!Rep.Replaces.empty() && !usesModule(Run, Rep.Replaces[0]));
}

llvm::Expected<std::vector<at::Tensor>> runReplacement(ReplacementRun &Run) {
  const std::string Name = Run.Otherwise ? Run.R.Replace.Otherwise->Function
                                         : replacementName(Run.R);
  auto It = adapters().find(Name);
  if (It == adapters().end())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no kernel adapter for '%s'", Name.c_str());
  try {
    return It->second(Run);
  } catch (const std::exception &E) {
    std::string Msg = E.what();
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s: %s",
                                   Name.c_str(),
                                   Msg.substr(0, Msg.find('\n')).c_str());
  }
}

} // namespace adopter::verify
