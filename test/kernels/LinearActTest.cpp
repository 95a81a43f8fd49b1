//===- LinearActTest.cpp - GEMM-epilogue kernels against the ATen chains --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// linear_gelu / linear_relu / linear_silu, gelu, swiglu, swiglu_packed and
// packed_linear3 against the unfused LibTorch chains they replace: outputs
// and the gradients of every input and parameter (torch::autograd::grad with
// a random upstream gradient). float32 is compared with the chain evaluated
// in float64; bfloat16 with the chain in float32 on the same bf16 values,
// with bfloat16 tolerances.
//
//===----------------------------------------------------------------------===//

#include "NormTestUtil.h"

#include "adopter/kernels/Gelu.h"
#include "adopter/kernels/LinearAct.h"
#include "adopter/kernels/PackedLinear.h"
#include "adopter/kernels/SwiGLU.h"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

using adopter::test::checkClose;
using adopter::test::checkCloseOrAsLow;

namespace {

using Fn = std::function<torch::Tensor(const std::vector<torch::Tensor> &)>;

/// Restores the thread count on scope exit.
struct Threads {
  int Saved = torch::get_num_threads();
  explicit Threads(int N) { torch::set_num_threads(N); }
  ~Threads() { torch::set_num_threads(Saved); }
};

/// Runs Fused and Ref on the same leaf inputs (undefined ones skipped), the
/// reference on inputs cast to float64 (float32 for bf16), and compares the
/// outputs and the gradients w.r.t. every defined input. In bf16 each
/// element may also be off by twice the error of Ref run in bf16 (LibTorch's
/// own chain, whose GEMMs and reductions round in bf16).
void compareWithGrads(const std::string &What,
                      const std::vector<torch::Tensor> &Inputs, Fn Fused,
                      Fn Ref) {
  const auto DType = Inputs[0].scalar_type();
  const bool BF16 = DType == torch::kBFloat16;
  const double Rtol = BF16 ? 2e-2 : 1e-5, Atol = BF16 ? 2e-2 : 1e-5;
  INFO(What << (BF16 ? " bf16" : " f32"));
  std::vector<torch::Tensor> Leaves;
  for (const auto &T : Inputs)
    if (T.defined())
      Leaves.push_back(T);
  torch::Tensor Y = Fused(Inputs);
  CHECK(Y.scalar_type() == DType);
  const auto RefType = BF16 ? torch::kFloat : torch::kDouble;
  /// Fresh leaves of Inputs in type Ty (undefined ones kept).
  auto Copy = [&](torch::ScalarType Ty, std::vector<torch::Tensor> &NewLeaves) {
    std::vector<torch::Tensor> In;
    for (const auto &T : Inputs) {
      if (!T.defined()) {
        In.push_back(T);
        continue;
      }
      In.push_back(T.detach().to(Ty).requires_grad_(true));
      NewLeaves.push_back(In.back());
    }
    return In;
  };
  std::vector<torch::Tensor> RefLeaves, LowLeaves;
  torch::Tensor YRef = Ref(Copy(RefType, RefLeaves));
  torch::Tensor YLow = BF16 ? Ref(Copy(DType, LowLeaves)) : torch::Tensor();
  auto Check = [&](const std::string &Name, const torch::Tensor &A,
                   const torch::Tensor &R, const torch::Tensor &L, double Tol) {
    if (BF16)
      checkCloseOrAsLow(Name, A, R, L, Rtol, Tol);
    else
      checkClose(Name, A, R, Rtol, Tol);
  };
  Check("output", Y, YRef, YLow, Atol);
  if (Y.numel() == 0)
    return;
  torch::Tensor G = torch::randn(Y.sizes()).to(DType);
  auto Grads = torch::autograd::grad({Y}, Leaves, {G});
  auto RefGrads = torch::autograd::grad({YRef}, RefLeaves, {G.to(RefType)});
  std::vector<torch::Tensor> LowGrads(Leaves.size());
  if (BF16)
    LowGrads = torch::autograd::grad({YLow}, LowLeaves, {G});
  for (size_t I = 0; I < Leaves.size(); ++I) {
    CHECK(Grads[I].scalar_type() == DType);
    // Gradients of parameters sum over all rows: scale the tolerance.
    Check("grad of input " + std::to_string(I), Grads[I], RefGrads[I],
          LowGrads[I], Atol * (BF16 ? 4 : 10));
  }
}

torch::Tensor leaf(std::vector<int64_t> Shape, torch::ScalarType DType,
                   double Scale = 1.0, bool Transposed = false) {
  torch::Tensor T;
  if (Transposed && Shape.size() > 1) {
    std::swap(Shape.front(), Shape.back());
    T = (torch::randn(Shape) * Scale)
            .to(DType)
            .transpose(0, static_cast<int64_t>(Shape.size()) - 1);
  } else {
    T = (torch::randn(Shape) * Scale).to(DType);
  }
  return T.requires_grad_(true);
}

enum class Act { GeluErf, GeluTanh, ReLU, SiLU };
const Act AllActs[] = {Act::GeluErf, Act::GeluTanh, Act::ReLU, Act::SiLU};

const char *actName(Act A) {
  switch (A) {
  case Act::GeluErf:
    return "linear_gelu(none)";
  case Act::GeluTanh:
    return "linear_gelu(tanh)";
  case Act::ReLU:
    return "linear_relu";
  case Act::SiLU:
    return "linear_silu";
  }
  return "?";
}

torch::Tensor applyRef(Act A, const torch::Tensor &H) {
  switch (A) {
  case Act::GeluErf:
    return torch::gelu(H, "none");
  case Act::GeluTanh:
    return torch::gelu(H, "tanh");
  case Act::ReLU:
    return torch::relu(H);
  case Act::SiLU:
    return torch::silu(H);
  }
  return H;
}

torch::Tensor applyFused(Act A, const torch::Tensor &X, const torch::Tensor &W,
                         const torch::Tensor &B) {
  switch (A) {
  case Act::GeluErf:
    return adopter::ops::linear_gelu(X, W, B, "none");
  case Act::GeluTanh:
    return adopter::ops::linear_gelu(X, W, B, "tanh");
  case Act::ReLU:
    return adopter::ops::linear_relu(X, W, B);
  case Act::SiLU:
    return adopter::ops::linear_silu(X, W, B);
  }
  return X;
}

struct LinCase {
  std::vector<int64_t> Lead;
  int64_t K, N;
  bool Bias;
  bool Transposed;
};

const LinCase LinCases[] = {
    {{1}, 1, 1, true, false},      {{7}, 15, 17, true, false},
    {{2, 3}, 8, 9, false, false},  {{1, 1}, 33, 64, true, false},
    {{3, 5}, 17, 7, true, true},   {{4}, 16, 1000, true, false},
    {{33}, 64, 200, true, true},   {{0}, 5, 3, true, false},
    {{70, 9}, 24, 40, true, false}};

} // namespace

TEST_CASE("linear + activation match the unfused chain", "[linact]") {
  torch::manual_seed(11);
  for (int NThreads : {1, 4}) {
    Threads T(NThreads);
    for (auto DType : {torch::kFloat, torch::kBFloat16}) {
      for (const LinCase &C : LinCases) {
        std::vector<int64_t> XShape(C.Lead);
        XShape.push_back(C.K);
        auto X = leaf(XShape, DType, 1.0, C.Transposed);
        auto W = leaf({C.N, C.K}, DType, 1.0 / std::sqrt(double(C.K)));
        auto B = C.Bias ? leaf({C.N}, DType, 0.5) : torch::Tensor();
        for (Act A : AllActs) {
          compareWithGrads(
              std::string(actName(A)) + " x " +
                  c10::str(torch::IntArrayRef(XShape)) + " N " +
                  std::to_string(C.N) + (C.Bias ? "" : " no-bias") +
                  (C.Transposed ? " transposed" : "") + " threads " +
                  std::to_string(NThreads),
              {X, W, B},
              [A](const std::vector<torch::Tensor> &In) {
                return applyFused(A, In[0], In[1], In[2]);
              },
              [A](const std::vector<torch::Tensor> &In) {
                return applyRef(A, torch::linear(In[0], In[1], In[2]));
              });
        }
      }
    }
  }
}

TEST_CASE("linear + activation without gradient recording", "[linact]") {
  torch::manual_seed(12);
  auto X = torch::randn({6, 19});
  auto W = torch::randn({23, 19}).requires_grad_(true);
  auto B = torch::randn({23}).requires_grad_(true);
  for (Act A : AllActs) {
    INFO(actName(A));
    torch::Tensor Ref = applyRef(A, torch::linear(X, W, B)).detach();
    {
      torch::NoGradGuard NoGrad;
      auto Y = applyFused(A, X, W, B);
      CHECK_FALSE(Y.requires_grad());
      checkClose("no_grad output", Y, Ref, 1e-5, 1e-5);
    }
    // Inputs that need no gradient: also the in-place path.
    auto Y = applyFused(A, X, W.detach(), B.detach());
    CHECK_FALSE(Y.requires_grad());
    checkClose("detached output", Y, Ref, 1e-5, 1e-5);
    // Only the bias needs a gradient.
    auto Bl = B.detach().clone().requires_grad_(true);
    auto Y2 = applyFused(A, X, W.detach(), Bl);
    auto Y2Ref = applyRef(A, torch::linear(X, W.detach(), Bl));
    auto G = torch::randn(Y2.sizes());
    checkClose("bias-only grad", torch::autograd::grad({Y2}, {Bl}, {G})[0],
               torch::autograd::grad({Y2Ref}, {Bl}, {G})[0], 1e-5, 1e-5);
  }
}

TEST_CASE("gelu matches the hand-written chains", "[linact]") {
  torch::manual_seed(13);
  const double Pi = 3.14159265358979323846;
  for (int NThreads : {1, 4}) {
    Threads T(NThreads);
    for (auto DType : {torch::kFloat, torch::kBFloat16}) {
      for (std::vector<int64_t> Shape : {std::vector<int64_t>{},
                                         {1},
                                         {7},
                                         {3, 17},
                                         {2, 4097},
                                         {5, 3, 1000},
                                         {0, 4}}) {
        for (bool Transposed : {false, true}) {
          auto X = leaf(Shape, DType, 3.0, Transposed);
          for (std::string Approx : {"none", "tanh"}) {
            compareWithGrads(
                "gelu(" + Approx + ") " + c10::str(torch::IntArrayRef(Shape)) +
                    (Transposed ? " transposed" : "") + " threads " +
                    std::to_string(NThreads),
                {X},
                [Approx](const std::vector<torch::Tensor> &In) {
                  return adopter::ops::gelu(In[0], Approx);
                },
                [Approx, Pi](const std::vector<torch::Tensor> &In) {
                  const auto &Z = In[0];
                  if (Approx == "tanh")
                    return 0.5 * Z *
                           (1 + torch::tanh(std::sqrt(2 / Pi) *
                                            (Z + 0.044715 * Z.pow(3))));
                  return 0.5 * Z * (1 + torch::erf(Z / std::sqrt(2.0)));
                });
          }
        }
      }
    }
  }
}

TEST_CASE("swiglu and swiglu_packed match the unfused chains", "[linact]") {
  torch::manual_seed(14);
  for (int NThreads : {1, 4}) {
    Threads T(NThreads);
    for (auto DType : {torch::kFloat, torch::kBFloat16}) {
      struct SCase {
        std::vector<int64_t> XShape;
        int64_t Hidden;
        int Biases; // 0 none, 1 gate only, 2 up only, 3 both
        bool Transposed;
      };
      for (const SCase &C :
           {SCase{{1, 8}, 1, 0, false}, SCase{{7, 15}, 17, 3, false},
            SCase{{2, 3, 16}, 9, 1, true}, SCase{{5, 33}, 200, 2, false},
            SCase{{40, 24}, 64, 3, true}}) {
        const int64_t K = C.XShape.back(), H = C.Hidden;
        auto X = leaf(C.XShape, DType, 1.0, C.Transposed);
        const double S = 1.0 / std::sqrt(double(K));
        auto GW = leaf({H, K}, DType, S), UW = leaf({H, K}, DType, S);
        auto GB = C.Biases & 1 ? leaf({H}, DType, 0.5) : torch::Tensor();
        auto UB = C.Biases & 2 ? leaf({H}, DType, 0.5) : torch::Tensor();
        std::string Desc = c10::str(torch::IntArrayRef(C.XShape)) + " hidden " +
                           std::to_string(H) + " biases " +
                           std::to_string(C.Biases) + " threads " +
                           std::to_string(NThreads);
        compareWithGrads(
            "swiglu " + Desc, {X, GW, GB, UW, UB},
            [](const std::vector<torch::Tensor> &In) {
              return adopter::ops::swiglu(In[0], In[1], In[2], In[3], In[4]);
            },
            [](const std::vector<torch::Tensor> &In) {
              return torch::silu(torch::linear(In[0], In[1], In[2])) *
                     torch::linear(In[0], In[3], In[4]);
            });
        auto PW = leaf({2 * H, K}, DType, S);
        auto PB = C.Biases ? leaf({2 * H}, DType, 0.5) : torch::Tensor();
        compareWithGrads(
            "swiglu_packed " + Desc, {X, PW, PB},
            [](const std::vector<torch::Tensor> &In) {
              return adopter::ops::swiglu_packed(In[0], In[1], In[2]);
            },
            [](const std::vector<torch::Tensor> &In) {
              auto Hh = torch::linear(In[0], In[1], In[2]);
              auto Ch = Hh.chunk(2, -1);
              return torch::silu(Ch[0]) * Ch[1];
            });
      }
    }
  }
}

TEST_CASE("packed_linear3 matches three linears", "[linact]") {
  torch::manual_seed(15);
  for (auto DType : {torch::kFloat, torch::kBFloat16}) {
    struct QCase {
      std::vector<int64_t> XShape;
      int64_t NQ, NK, NV;
      bool Bias, Transposed;
    };
    for (const QCase &C : {QCase{{1, 1}, 1, 1, 1, true, false},
                           QCase{{2, 7, 24}, 24, 24, 24, true, true},
                           QCase{{9, 17}, 16, 8, 8, false, false},
                           QCase{{3, 40}, 40, 8, 16, true, false}}) {
      const int64_t K = C.XShape.back();
      const double S = 1.0 / std::sqrt(double(K));
      auto X = leaf(C.XShape, DType, 1.0, C.Transposed);
      auto WQ = leaf({C.NQ, K}, DType, S), WK = leaf({C.NK, K}, DType, S),
           WV = leaf({C.NV, K}, DType, S);
      auto Bq = C.Bias ? leaf({C.NQ}, DType) : torch::Tensor();
      auto Bk = C.Bias ? leaf({C.NK}, DType) : torch::Tensor();
      auto Bv = C.Bias ? leaf({C.NV}, DType) : torch::Tensor();
      std::string Desc = "packed_linear3 " +
                         c10::str(torch::IntArrayRef(C.XShape)) + " " +
                         std::to_string(C.NQ) + "/" + std::to_string(C.NK) +
                         "/" + std::to_string(C.NV);
      // All three outputs matter: compare a random combination of them.
      std::vector<torch::Tensor> Mix = {torch::randn({C.NQ}).to(DType),
                                        torch::randn({C.NK}).to(DType),
                                        torch::randn({C.NV}).to(DType)};
      auto Combine = [Mix](const torch::Tensor &Q, const torch::Tensor &Kt,
                           const torch::Tensor &V) {
        auto T = Q.scalar_type();
        return torch::cat(
            {Q * Mix[0].to(T), Kt * Mix[1].to(T), V * Mix[2].to(T)}, -1);
      };
      compareWithGrads(
          Desc, {X, WQ, Bq, WK, Bk, WV, Bv},
          [Combine](const std::vector<torch::Tensor> &In) {
            auto [Q, Kt, V] = adopter::ops::packed_linear3(
                In[0], In[1], In[2], In[3], In[4], In[5], In[6]);
            CHECK(Q.size(-1) == In[1].size(0));
            // Contiguous like a Linear's output: the model may .view() it.
            CHECK(Q.is_contiguous());
            CHECK(Kt.is_contiguous());
            CHECK(V.is_contiguous());
            return Combine(Q, Kt, V);
          },
          [Combine](const std::vector<torch::Tensor> &In) {
            return Combine(torch::linear(In[0], In[1], In[2]),
                           torch::linear(In[0], In[3], In[4]),
                           torch::linear(In[0], In[5], In[6]));
          });
    }
  }
}
