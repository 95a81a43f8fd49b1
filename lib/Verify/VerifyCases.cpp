//===- VerifyCases.cpp - Inputs on which rules are verified ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Verify/VerifyCases.h"

#include <torch/torch.h>

#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

namespace adopter::verify {
namespace {

const auto F64 = torch::TensorOptions().dtype(torch::kDouble);

at::Tensor randn(at::IntArrayRef Shape) { return torch::randn(Shape, F64); }

/// A positive per-channel scale around 1 (norm weights).
at::Tensor scale(int64_t N) { return torch::rand({N}, F64) + 0.5; }

template <typename Holder> BoundModule bind(Holder H, const std::string &Type) {
  H->to(torch::kDouble);
  return boundModule(H, Type);
}

BoundModule linear(int64_t In, int64_t Out, bool Bias) {
  return bind(torch::nn::Linear(torch::nn::LinearOptions(In, Out).bias(Bias)),
              "torch::nn::Linear");
}

/// Running statistics and affine parameters away from their defaults.
void randomiseBatchNorm(torch::nn::Module &BN) {
  torch::NoGradGuard NG;
  for (auto &P : BN.named_parameters())
    P.value().uniform_(0.5, 1.5);
  for (auto &Buf : BN.named_buffers()) {
    if (Buf.key() == "running_mean")
      Buf.value().normal_(0, 0.5);
    else if (Buf.key() == "running_var")
      Buf.value().uniform_(0.5, 2.0);
  }
}

/// Leading shapes of activations [.., H]: batch 1, sequence 1, odd sizes.
std::vector<std::vector<int64_t>> rowShapes(bool Quick) {
  if (Quick)
    return {{2, 3}, {1, 1}};
  return {{2, 3}, {1, 1}, {3, 5}, {2, 1}};
}
std::vector<int64_t> hiddenSizes(bool Quick) {
  if (Quick)
    return {7, 64};
  return {1, 7, 17, 64, 768};
}

using Gen =
    std::function<void(std::vector<VerifyCase> &, const rules::Pattern &,
                       const std::vector<unsigned> &, bool)>;

std::vector<int64_t> with(std::vector<int64_t> Lead, int64_t Last) {
  Lead.push_back(Last);
  return Lead;
}

/// Cases over activations x [.., H] with \p Fill adding the rest.
Gen overRows(std::function<void(Bindings &, const std::vector<int64_t> &,
                                int64_t H, size_t I)>
                 Fill) {
  return [Fill](std::vector<VerifyCase> &Out, const rules::Pattern &,
                const std::vector<unsigned> &, bool Quick) {
    size_t I = 0;
    for (const auto &Lead : rowShapes(Quick))
      for (int64_t H : hiddenSizes(Quick)) {
        VerifyCase C;
        Fill(C.In, with(Lead, H), H, I++);
        std::ostringstream OS;
        OS << "rows " << at::IntArrayRef(Lead) << " x " << H;
        C.Label = OS.str();
        Out.push_back(std::move(C));
      }
  };
}

void normAttrs(Bindings &B, int64_t H, size_t I, bool Centered) {
  const double Eps = I % 3 == 2 ? 1e-2 : (Centered ? 1e-5 : 1e-6);
  B.Attrs["eps"] = Eps;
  B.Attrs["dim"] = int64_t(-1);
  B.Attrs["d1"] = int64_t(-1);
  B.Attrs["d2"] = std::vector<int64_t>{-1};
  if (Centered) {
    B.Members["gw"] = scale(H);
    B.Members["gb"] = randn({H}) * 0.1;
  } else {
    B.Members["g"] = scale(H);
  }
}

void addLayerNorm(Bindings &B, const std::vector<int64_t> &S, int64_t H,
                  size_t I) {
  B.Values["a"] = randn(S);
  B.Values["b"] = randn(S);
  auto Opts = torch::nn::LayerNormOptions({H}).eps(I % 2 ? 1e-12 : 1e-5);
  torch::nn::LayerNorm Norm(Opts);
  {
    torch::NoGradGuard NG;
    Norm->weight.uniform_(0.5, 1.5);
    Norm->bias.normal_(0, 0.1);
  }
  B.Modules["norm"] = bind(Norm, "torch::nn::LayerNorm");
}

void attentionCases(std::vector<VerifyCase> &Out, const rules::Pattern &P,
                    const std::vector<unsigned> &Choice, bool Quick,
                    bool ScoresOnly) {
  struct Dims {
    int64_t B, H, L, Lk, D;
  };
  std::vector<Dims> All = {
      {2, 3, 5, 7, 16}, {1, 1, 1, 1, 8}, {1, 2, 17, 33, 64}, {2, 1, 9, 1, 7}};
  if (Quick)
    All.resize(2);
  size_t I = 0;
  for (const Dims &Dm : All) {
    VerifyCase C;
    // Keys blanked at random; in every other case the first query row is
    // blanked entirely (a fully masked row).
    at::Tensor Blank = torch::rand({Dm.L, Dm.Lk}) < 0.3;
    if (I % 2 == 1)
      Blank.index_put_({0}, true);
    AttentionShape Sh{Dm.B, Dm.H, Dm.L, Dm.Lk, Dm.D, ScoresOnly};
    const std::string MaskOp =
        attentionInputs(C.In, P, Choice, Sh, Blank, I % 2 ? -1e9 : -1e4, F64);
    std::ostringstream OS;
    OS << "B=" << Dm.B << " H=" << Dm.H << " L=" << Dm.L << " Lk=" << Dm.Lk
       << " D=" << Dm.D << (MaskOp.empty() ? "" : " mask=" + MaskOp);
    C.Label = OS.str();
    Out.push_back(std::move(C));
    ++I;
  }
}

const std::map<std::string, Gen> &generators() {
  static const std::map<std::string, Gen> G = {
      {"add-layernorm", overRows(addLayerNorm)},
      {"dropout-add-layernorm", overRows(addLayerNorm)},
      {"add-rmsnorm", overRows([](Bindings &B, const std::vector<int64_t> &S,
                                  int64_t H, size_t I) {
         B.Values["a"] = randn(S);
         B.Values["b"] = randn(S);
         normAttrs(B, H, I, false);
       })},
      {"layernorm-manual",
       overRows(
           [](Bindings &B, const std::vector<int64_t> &S, int64_t H, size_t I) {
             // A large mean on some rows: the centred variance must stay exact.
             B.Values["x"] = randn(S) + (I % 2 ? 50.0 : 0.0);
             normAttrs(B, H, I, true);
           })},
      {"rmsnorm-manual", overRows([](Bindings &B, const std::vector<int64_t> &S,
                                     int64_t H, size_t I) {
         B.Values["x"] = randn(S);
         normAttrs(B, H, I, false);
       })},
      {"gelu-manual", overRows([](Bindings &B, const std::vector<int64_t> &S,
                                  int64_t, size_t) {
         // Wide range: the tails of tanh/erf matter.
         B.Values["x"] = randn(S) * 4.0;
         B.Attrs["c"] = std::sqrt(2.0 / M_PI);
         B.Attrs["sqrt2"] = std::sqrt(2.0);
         B.Attrs["inv_sqrt2"] = 1.0 / std::sqrt(2.0);
       })},
      {"linear-gelu", overRows([](Bindings &B, const std::vector<int64_t> &S,
                                  int64_t H, size_t I) {
         B.Values["x"] = randn(S);
         B.Modules["fc"] = linear(H, I % 3 == 0 ? 9 : 16, I % 2 == 0);
       })},
      {"swiglu", overRows([](Bindings &B, const std::vector<int64_t> &S,
                             int64_t H, size_t I) {
         const int64_t Hid = I % 2 ? 11 : 24;
         const bool Bias = I % 3 == 0;
         B.Values["x"] = randn(S);
         B.Modules["gate"] = linear(H, Hid, Bias);
         B.Modules["up"] = linear(H, Hid, Bias);
         B.Modules["proj"] = linear(H, 2 * Hid, Bias);
         B.Attrs["dim"] = int64_t(-1);
       })},
      {"fused-qkv", overRows([](Bindings &B, const std::vector<int64_t> &S,
                                int64_t H, size_t I) {
         const bool Bias = I % 2 == 0;
         B.Values["x"] = randn(S);
         for (const char *Name : {"wq", "wk", "wv"})
           B.Modules[Name] = linear(H, I % 3 == 1 ? 5 : 16, Bias);
       })},
      {"linear-bn", overRows([](Bindings &B, const std::vector<int64_t> &S,
                                int64_t H, size_t I) {
         // BatchNorm1d normalises dim 1: the Linear's output must be [N, C].
         const int64_t N = S[0] * S[1] + 1;
         const int64_t Out = I % 2 ? 7 : 16;
         B.Values["x"] = randn({N, H});
         B.Modules["fc"] = linear(H, Out, I % 3 != 0);
         torch::nn::BatchNorm1d BN(
             torch::nn::BatchNorm1dOptions(Out).affine(I % 4 != 3));
         randomiseBatchNorm(*BN);
         BN->eval();
         B.Modules["bn"] = bind(BN, "torch::nn::BatchNorm1d");
       })},
      {"conv-bn",
       [](std::vector<VerifyCase> &Out, const rules::Pattern &,
          const std::vector<unsigned> &, bool Quick) {
         struct Conv {
           int64_t N, Cin, Cout, HW, K, Stride, Groups;
           bool Bias;
         };
         std::vector<Conv> All = {{2, 3, 8, 9, 3, 1, 1, true},
                                  {1, 4, 6, 7, 1, 2, 2, false},
                                  {2, 5, 5, 5, 3, 2, 5, true}};
         if (Quick)
           All.resize(2);
         for (const Conv &Cv : All) {
           VerifyCase C;
           C.In.Values["x"] = randn({Cv.N, Cv.Cin, Cv.HW, Cv.HW});
           C.In.Modules["conv"] = bind(
               torch::nn::Conv2d(torch::nn::Conv2dOptions(Cv.Cin, Cv.Cout, Cv.K)
                                     .stride(Cv.Stride)
                                     .padding(Cv.K / 2)
                                     .groups(Cv.Groups)
                                     .bias(Cv.Bias)),
               "torch::nn::Conv2d");
           torch::nn::BatchNorm2d BN(Cv.Cout);
           randomiseBatchNorm(*BN);
           BN->eval();
           C.In.Modules["bn"] = bind(BN, "torch::nn::BatchNorm2d");
           std::ostringstream OS;
           OS << "Conv2d " << Cv.Cin << "->" << Cv.Cout << " k" << Cv.K << " s"
              << Cv.Stride << " g" << Cv.Groups << " on " << Cv.HW << "x"
              << Cv.HW;
           C.Label = OS.str();
           Out.push_back(std::move(C));
         }
       }},
      {"lstm-manual",
       [](std::vector<VerifyCase> &Out, const rules::Pattern &P,
          const std::vector<unsigned> &, bool Quick) {
         // LSTM variants chunk their gates in 4, GRU ones in 3 (or have a
         // Linear per gate): the gate Linears are sized accordingly.
         int64_t Gates = 3;
         for (const rules::PatternNode &Node : P.Nodes)
           for (const rules::PatternArg &A : Node.Alts.front().Args)
             if (Node.Alts.front().Op == "aten::chunk" &&
                 A.K == rules::PatternArg::Kind::Literal &&
                 A.Lit.K == dsl::Value::Kind::Int && A.Lit.Int == 4)
               Gates = 4;
         std::vector<std::array<int64_t, 3>> All = {
             {3, 5, 7}, {1, 1, 1}, {4, 16, 17}};
         if (Quick)
           All.resize(2);
         size_t I = 0;
         for (auto [N, In, Hid] : All) {
           const bool Bias = I++ % 2 == 0;
           VerifyCase C;
           Bindings &B = C.In;
           B.Values["x"] = randn({N, In});
           B.Values["h"] = randn({N, Hid});
           B.Values["c"] = randn({N, Hid});
           B.Attrs["xs"] = c10::List<at::Tensor>(
               {B.Values["x"].toTensor(), B.Values["h"].toTensor()});
           B.Attrs["dim"] = int64_t(1);
           B.Attrs["dim2"] = int64_t(-1);
           B.Attrs["cdim"] = int64_t(1);
           // An unusual gate order: i, f, g, o at chunks 2, 0, 3, 1.
           B.Attrs["ii"] = int64_t(2);
           B.Attrs["if"] = int64_t(0);
           B.Attrs["ig"] = int64_t(3);
           B.Attrs["io"] = int64_t(1);
           B.Modules["ih"] = linear(In, Gates * Hid, Bias);
           B.Modules["hh"] = linear(Hid, Gates * Hid, Bias);
           B.Modules["w"] = linear(In + Hid, 4 * Hid, Bias);
           for (const char *Name : {"xz", "xr", "xn"})
             B.Modules[Name] = linear(In, Hid, Bias);
           for (const char *Name : {"hz", "hr", "hn"})
             B.Modules[Name] = linear(Hid, Hid, Bias);
           C.Label = "N=" + std::to_string(N) + " in=" + std::to_string(In) +
                     " hidden=" + std::to_string(Hid);
           Out.push_back(std::move(C));
         }
       }},
      {"mha-module",
       [](std::vector<VerifyCase> &Out, const rules::Pattern &,
          const std::vector<unsigned> &, bool Quick) {
         std::vector<std::array<int64_t, 4>> All = {
             {5, 2, 16, 4}, {1, 1, 8, 1}, {7, 3, 12, 3}};
         if (Quick)
           All.resize(2);
         for (auto [L, N, E, Heads] : All) {
           VerifyCase C;
           C.In.Values["q"] = randn({L, N, E});
           // Cross-attention over S = L + 1 keys, the last one padded.
           C.In.Values["k"] = randn({L + 1, N, E});
           C.In.Values["v"] = randn({L + 1, N, E});
           // The key padding mask: `$m` in one pattern, `%m` in another.
           C.In.Values["m"] = C.In.Attrs["m"] =
               torch::arange(L + 1).ge(L).unsqueeze(0).expand({N, L + 1});
           torch::nn::MultiheadAttention M(
               torch::nn::MultiheadAttentionOptions(E, Heads));
           M->eval();
           C.In.Modules["mha"] = bind(M, "torch::nn::MultiheadAttention");
           C.Label = "L=" + std::to_string(L) + " N=" + std::to_string(N) +
                     " E=" + std::to_string(E) +
                     " heads=" + std::to_string(Heads);
           Out.push_back(std::move(C));
         }
       }},
      {"log-softmax-nll",
       [](std::vector<VerifyCase> &Out, const rules::Pattern &,
          const std::vector<unsigned> &, bool Quick) {
         std::vector<std::pair<int64_t, int64_t>> NC = {
             {4, 7}, {1, 1}, {9, 50}, {3, 1000}};
         if (Quick)
           NC.resize(2);
         int64_t Dim = 1;
         for (auto [N, Cl] : NC) {
           VerifyCase C;
           C.In.Values["x"] = randn({N, Cl}) * 2.0;
           C.In.Values["t"] = torch::randint(Cl, {N}, torch::kLong);
           C.In.Attrs["dim"] = Dim;
           // The module form's options reach the kernel. (Not a class
           // weight: NLLLoss's clone() shares it with the original, so the
           // kernel side's copy would convert the reference's too.)
           C.In.Modules["loss"] =
               bind(torch::nn::NLLLoss(
                        torch::nn::NLLLossOptions().ignore_index(0).reduction(
                            torch::kSum)),
                    "torch::nn::NLLLoss");
           C.Label = "N=" + std::to_string(N) + " C=" + std::to_string(Cl) +
                     " dim=" + std::to_string(Dim);
           Dim = -Dim;
           Out.push_back(std::move(C));
         }
       }},
      {"attention",
       [](std::vector<VerifyCase> &Out, const rules::Pattern &P,
          const std::vector<unsigned> &Ch,
          bool Quick) { attentionCases(Out, P, Ch, Quick, false); }},
      {"masked-softmax",
       [](std::vector<VerifyCase> &Out, const rules::Pattern &P,
          const std::vector<unsigned> &Ch,
          bool Quick) { attentionCases(Out, P, Ch, Quick, true); }},
  };
  return G;
}

/// Rules whose cases are another rule's (same pattern, other pack or act).
std::string caseRuleOf(const std::string &Id) {
  static const std::map<std::string, std::string> Alias = {
      {"builtin-layer-norm", "layernorm-manual"},
      {"builtin-rms-norm", "rmsnorm-manual"},
      {"builtin-gelu", "gelu-manual"},
      {"builtin-cross-entropy", "log-softmax-nll"},
      {"builtin-sdpa", "attention"},
      {"linear-relu", "linear-gelu"},
      {"linear-silu", "linear-gelu"},
  };
  auto It = Alias.find(Id);
  return It == Alias.end() ? Id : It->second;
}

} // namespace

std::string attentionInputs(Bindings &B, const rules::Pattern &P,
                            const std::vector<unsigned> &Choice,
                            const AttentionShape &Sh, const at::Tensor &Blank,
                            double Fill, const at::TensorOptions &Opts) {
  const std::string MaskOp = consumerOp(P, Choice, "mask");
  auto Alt = [&](size_t N) -> const rules::PatternAlt & {
    return P.Nodes[N].Alts[N < Choice.size() ? Choice[N] : 0];
  };
  std::string ScaleOp;
  for (size_t N = 0; N < P.Nodes.size() && ScaleOp.empty(); ++N)
    for (const rules::PatternArg &A : Alt(N).Args)
      if (A.K == rules::PatternArg::Kind::AttrVar && A.Name == "scale")
        ScaleOp = Alt(N).Op;
  auto Randn = [&](at::IntArrayRef Shape) { return torch::randn(Shape, Opts); };
  if (Sh.ScoresOnly) {
    B.Values["s"] = Randn({Sh.B, Sh.H, Sh.L, Sh.Lk}) * 3.0;
  } else {
    B.Values["q"] = Randn({Sh.B, Sh.H, Sh.L, Sh.D});
    // kt as the transpose of a [.., Lk, D] tensor: not contiguous.
    B.Values["kt"] = Randn({Sh.B, Sh.H, Sh.Lk, Sh.D}).transpose(-2, -1);
    B.Values["v"] = Randn({Sh.B, Sh.H, Sh.Lk, Sh.D});
  }
  const double Sd = std::sqrt(static_cast<double>(Sh.D));
  B.Attrs["scale"] = ScaleOp == "aten::mul" ? 1.0 / Sd : Sd;
  // bmm takes 3-D operands: batch and heads flattened.
  bool Bmm = false;
  for (size_t N = 0; N < P.Nodes.size(); ++N)
    Bmm |= Alt(N).Op == "aten::bmm";
  if (Bmm)
    for (const char *Name : {"q", "kt", "v", "s"})
      if (B.Values.count(Name)) {
        at::Tensor T = B.Values[Name].toTensor();
        B.Values[Name] = T.flatten(0, 1);
      }
  B.NoGrad.push_back("mask");
  if (MaskOp == "aten::add") {
    B.Values["mask"] =
        torch::zeros({Sh.L, Sh.Lk}, Opts).masked_fill(Blank, -1e4);
  } else if (MaskOp == "aten::where") {
    B.Values["mask"] = Blank.logical_not(); // true = keep
    B.Attrs["fill"] = Fill;
  } else {
    B.Values["mask"] = Blank; // true = blank
    B.Attrs["fill"] = Fill;
  }
  return MaskOp;
}

std::string consumerOp(const rules::Pattern &P,
                       const std::vector<unsigned> &Choice,
                       const std::string &Var) {
  for (size_t I = 0; I < P.Nodes.size(); ++I) {
    const rules::PatternAlt &A =
        P.Nodes[I].Alts[I < Choice.size() ? Choice[I] : 0];
    for (const rules::PatternArg &Arg : A.Args)
      if (Arg.K == rules::PatternArg::Kind::ValueVar && Arg.Name == Var)
        return A.Op;
  }
  return "";
}

bool hasCases(const std::string &RuleId) {
  return generators().count(caseRuleOf(RuleId)) != 0;
}

std::vector<VerifyCase> makeCases(const rules::Rule &R, const rules::Pattern &P,
                                  const std::vector<unsigned> &Choice,
                                  bool Quick, uint64_t Seed) {
  std::vector<VerifyCase> Out;
  auto It = generators().find(caseRuleOf(R.Id));
  if (It == generators().end())
    return Out;
  torch::manual_seed(Seed);
  It->second(Out, P, Choice, Quick);
  return Out;
}

} // namespace adopter::verify
