//===- LossOptimTests.cpp - CUDA cross-entropy and Adam tests -------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"

#include <algorithm>
#include <memory>

namespace adopter::kernels::cuda::test {
namespace {

template <typename T>
void crossEntropyCase(Reduction Red, bool Weighted, int64_t Rows, int64_t C) {
  const char *Reds[] = {"none", "sum", "mean"};
  const std::string Name = std::string("cross_entropy ") +
                           Reds[static_cast<int>(Red)] +
                           (Weighted ? " weighted " : " ") + shape({Rows, C});
  const int64_t Ignore = -100;
  Tensor<T> X(Rows * C), DX(Rows * C);
  Array<int64_t> Target(Rows);
  Array<float> W(C), Lse(Rows), Loss(Red == Reduction::None ? Rows : 2),
      DLoss(Red == Reduction::None ? Rows : 1);
  fillUniform(X.H, -5.0f, 5.0f);
  fillUniform(W.H, 0.2f, 2.0f);
  fillUniform(DLoss.H, 0.5f, 2.0f);
  std::uniform_int_distribution<int64_t> Cls(0, C - 1);
  for (int64_t R = 0; R < Rows; ++R)
    Target.H[R] = (R % 3 == 2) ? Ignore : Cls(rng()); // every third ignored
  X.toDevice();
  W.toDevice();
  DLoss.toDevice();
  Target.toDevice();
  const float *WP = Weighted ? W.ptr() : nullptr;
  CUDA_OK(crossEntropyForward<T>(X.ptr(), Target.ptr(), WP, Lse.ptr(),
                                 Loss.ptr(), Red, Ignore, Rows, C, nullptr));
  std::vector<double> RLse(Rows), RLoss(Rows), RDX(Rows * C, 0.0);
  double SumL = 0, SumW = 0;
  for (int64_t R = 0; R < Rows; ++R) {
    double Max = -INFINITY, S = 0;
    for (int64_t I = 0; I < C; ++I)
      Max = std::max(Max, static_cast<double>(X.H[R * C + I]));
    for (int64_t I = 0; I < C; ++I)
      S += std::exp(X.H[R * C + I] - Max);
    RLse[R] = Max + std::log(S);
    const int64_t T0 = Target.H[R];
    const double Wt = T0 == Ignore ? 0.0 : (Weighted ? W.H[T0] : 1.0);
    RLoss[R] = T0 == Ignore ? 0.0 : Wt * (RLse[R] - X.H[R * C + T0]);
    SumL += RLoss[R];
    SumW += Wt;
  }
  expectClose(Name + " lse", Lse.toHost(), RLse, 1e-5, 1e-5);
  if (Red == Reduction::None)
    expectClose(Name + " loss", Loss.toHost(), RLoss, 1e-5, 1e-5);
  else
    expectClose(Name + " loss", Loss.toHost(),
                {Red == Reduction::Mean ? SumL / SumW : SumL, SumW}, 1e-5,
                1e-5);
  CUDA_OK(crossEntropyBackward<T>(X.ptr(), Target.ptr(), WP, Lse.ptr(),
                                  DLoss.ptr(), Loss.ptr() + 1, DX.ptr(), Red,
                                  Ignore, Rows, C, nullptr));
  for (int64_t R = 0; R < Rows; ++R) {
    const int64_t T0 = Target.H[R];
    if (T0 == Ignore)
      continue;
    double G = (Red == Reduction::None ? DLoss.H[R] : DLoss.H[0]) *
               (Weighted ? W.H[T0] : 1.0);
    if (Red == Reduction::Mean)
      G /= SumW;
    for (int64_t I = 0; I < C; ++I)
      RDX[R * C + I] =
          G * (std::exp(X.H[R * C + I] - RLse[R]) - (I == T0 ? 1.0 : 0.0));
  }
  expectClose<T>(Name + " dlogits", DX.toHost(), RDX);
}

/// Runs Steps steps of multiTensorAdam over tensors of the given sizes and
/// compares with torch.optim.Adam(W)'s update in double.
template <typename T>
void adamCase(bool AdamW, float WeightDecay, std::vector<int64_t> Sizes,
              int Steps) {
  const std::string Name = std::string(AdamW ? "adamw" : "adam") +
                           " wd=" + std::to_string(WeightDecay) +
                           " tensors=" + std::to_string(Sizes.size());
  std::vector<std::unique_ptr<Tensor<T>>> P, G;
  std::vector<std::unique_ptr<Array<float>>> M, V;
  std::vector<std::vector<double>> RP, RM, RV;
  std::vector<AdamTensor<T>> Desc;
  for (int64_t N : Sizes) {
    P.push_back(std::make_unique<Tensor<T>>(N));
    G.push_back(std::make_unique<Tensor<T>>(N));
    M.push_back(std::make_unique<Array<float>>(N, 0.0f));
    V.push_back(std::make_unique<Array<float>>(N, 0.0f));
    fillUniform(P.back()->H, -1.0f, 1.0f);
    P.back()->toDevice();
    RP.emplace_back(P.back()->H.begin(), P.back()->H.end());
    RM.emplace_back(N, 0.0);
    RV.emplace_back(N, 0.0);
    Desc.push_back({P.back()->ptr(), G.back()->ptr(), M.back()->ptr(),
                    V.back()->ptr(), N});
  }
  AdamOptions O;
  O.Lr = 1e-2f;
  O.WeightDecay = WeightDecay;
  O.AdamW = AdamW;
  for (int Step = 1; Step <= Steps; ++Step) {
    O.Step = Step;
    for (size_t I = 0; I < Sizes.size(); ++I) {
      fillUniform(G[I]->H, -1.0f, 1.0f);
      G[I]->toDevice();
    }
    CUDA_OK(multiTensorAdam<T>(Desc.data(), static_cast<int>(Desc.size()), O,
                               nullptr));
    const double Bc1 = 1 - std::pow(0.9, Step), Bc2 = 1 - std::pow(0.999, Step);
    for (size_t I = 0; I < Sizes.size(); ++I)
      for (int64_t J = 0; J < Sizes[I]; ++J) {
        double Pv = RP[I][J], Gv = G[I]->H[J];
        if (AdamW)
          Pv *= 1.0 - O.Lr * WeightDecay;
        else
          Gv += WeightDecay * Pv;
        RM[I][J] = 0.9 * RM[I][J] + 0.1 * Gv;
        RV[I][J] = 0.999 * RV[I][J] + 0.001 * Gv * Gv;
        Pv -= O.Lr / Bc1 * RM[I][J] / (std::sqrt(RV[I][J] / Bc2) + O.Eps);
        // A bf16 parameter is stored rounded after every step.
        RP[I][J] = Elem<T>::round(static_cast<float>(Pv));
      }
  }
  for (size_t I = 0; I < Sizes.size(); ++I) {
    const std::string Which = Name + " #" + std::to_string(I);
    expectClose<T>(Which + " param", P[I]->toHost(), RP[I]);
    expectClose(Which + " exp_avg", M[I]->toHost(), RM[I], 1e-5, 1e-4);
    expectClose(Which + " exp_avg_sq", V[I]->toHost(), RV[I], 1e-6, 1e-4);
  }
}

template <typename T> void lossAndOptimFor() {
  const int64_t Sizes[][2] = {{1, 1}, {7, 17}, {5, 1000}, {3, 5000}, {64, 50}};
  for (Reduction R : {Reduction::None, Reduction::Sum, Reduction::Mean})
    for (bool Weighted : {false, true})
      for (const auto &S : Sizes)
        crossEntropyCase<T>(R, Weighted, S[0], S[1]);
  adamCase<T>(false, 0.0f, {1, 7, 17, 5000, 4097}, 3);
  adamCase<T>(false, 0.01f, {1, 7, 17, 5000}, 3);
  adamCase<T>(true, 0.1f, {1, 7, 17, 5000}, 3);
  // More tensors than one launch takes (48), mixed with an empty one.
  std::vector<int64_t> Many;
  for (int I = 0; I < 101; ++I)
    Many.push_back(I == 50 ? 0 : 1 + (I * 37) % 300);
  adamCase<T>(true, 0.01f, Many, 2);
}

} // namespace

void testLossAndOptim() {
  lossAndOptimFor<float>();
  lossAndOptimFor<__nv_bfloat16>();
}

} // namespace adopter::kernels::cuda::test
