//===- convbn_bench.cpp - conv_bn, linear_bn, dropout_add_layer_norm ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Times conv_bn (ResNet-50 convolutions, batch 8, and the CIFAR ResNet's,
// batch 16), linear_bn (1024 x 768 -> 768) and dropout_add_layer_norm
// (BERT-base and GPT-2 small activations), and Sequentials fused by
// fuse_conv_bn (a MobileNetV2 block) and fuse_linear_bn (a tabular MLP
// head), against the unfused chains they
// replace: eval forward (under NoGradGuard, where conv_bn / linear_bn fold the
// BatchNorm into the weights) and train forward + backward (batch statistics;
// gradients of the input and every parameter).
//
//   bench-kernels-convbn [--quick] [--reps N] [--bf16] [--filter S]
//
// Timing, peak memory and the caching allocator: BenchHarness.h.
//
//===----------------------------------------------------------------------===//

#include "BenchHarness.h"

#include "adopter/kernels/ConvBN.h"
#include "adopter/kernels/ConvBNElement.h"
#include "adopter/kernels/FusedDropoutAddLayerNorm.h"
#include "adopter/kernels/LinearBN.h"
#include "adopter/kernels/LinearBNElement.h"

#include <torch/torch.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using adopter::ops::Activation;

struct ConvShape {
  const char *Name;
  int64_t In, Out, Kernel, Size, Batch;
};

/// ResNet-50 convolutions (batch 8) and the CIFAR-sized ResNet of
/// bench/models/resnet (16-64 channels, batch 16), whose training step the
/// e2e benchmark times.
const ConvShape ConvShapes[] = {{"1x1 256->64 @56", 256, 64, 1, 56, 8},
                                {"3x3 64->64 @56", 64, 64, 3, 56, 8},
                                {"3x3 512->512 @7", 512, 512, 3, 7, 8},
                                {"3x3 16->16 @32", 16, 16, 3, 32, 16},
                                {"3x3 32->32 @16", 32, 32, 3, 16, 16},
                                {"3x3 64->64 @8", 64, 64, 3, 8, 16}};

std::vector<torch::Tensor> gradInputs(const torch::Tensor &X,
                                      const torch::nn::Module &A,
                                      const torch::nn::Module &B) {
  std::vector<torch::Tensor> W{X};
  for (const auto &P : A.parameters())
    W.push_back(P);
  for (const auto &P : B.parameters())
    W.push_back(P);
  return W;
}

/// Eval forward and train forward + backward of Fused against Unfused.
template <typename Layer, typename BN, typename FusedFn, typename UnfusedFn>
void compareLayerBN(adopter::bench::Report &Rep,
                    const adopter::bench::Options &O, const std::string &Kernel,
                    const std::string &Shape, Layer &L, BN &B,
                    const torch::Tensor &X, FusedFn Fused, UnfusedFn Unfused) {
  {
    L->eval();
    B->eval();
    torch::NoGradGuard NoGrad;
    Rep.compare(
        Kernel, Shape, "eval fwd", [&] { (void)Unfused(X); },
        [&] { (void)Fused(X); }, O);
  }
  L->train();
  B->train();
  torch::Tensor XG = X.detach().requires_grad_(true);
  const auto Wrt = gradInputs(XG, *L, *B);
  auto Step = [&](auto F) {
    torch::Tensor Y = F(XG);
    torch::autograd::grad({Y}, Wrt, {torch::ones_like(Y)});
  };
  Rep.compare(
      Kernel, Shape, "train fwd+bwd", [&] { Step(Unfused); },
      [&] { Step(Fused); }, O);
}

/// Eval forward and, when \p Train, train forward + backward (gradients of
/// the input and every parameter) of a fused Sequential against its
/// unfused clone.
void compareSequentials(adopter::bench::Report &Rep,
                        const adopter::bench::Options &O,
                        const std::string &Kernel, const std::string &Shape,
                        torch::nn::Sequential &Plain,
                        torch::nn::Sequential &Fused, const torch::Tensor &X,
                        bool Train) {
  {
    Plain->eval();
    Fused->eval();
    torch::NoGradGuard NoGrad;
    Rep.compare(
        Kernel, Shape, "eval fwd", [&] { (void)Plain->forward(X); },
        [&] { (void)Fused->forward(X); }, O);
  }
  if (!Train)
    return;
  Plain->train();
  Fused->train();
  torch::Tensor XG = X.detach().requires_grad_(true);
  auto Step = [&](torch::nn::Sequential &S) {
    std::vector<torch::Tensor> Wrt{XG};
    for (const auto &P : S->parameters())
      Wrt.push_back(P);
    torch::Tensor Y = S->forward(XG);
    torch::autograd::grad({Y}, Wrt, {torch::ones_like(Y)});
  };
  Rep.compare(
      Kernel, Shape, "train fwd+bwd", [&] { Step(Plain); },
      [&] { Step(Fused); }, O);
}

} // namespace

int main(int Argc, char **Argv) {
  const adopter::bench::Options O =
      adopter::bench::parseOptions(Argc, Argv, "");
  const auto DType = O.Bf16 ? torch::kBFloat16 : torch::kFloat;
  adopter::bench::Report Rep(
      std::string("adopter_kernels conv_bn / linear_bn / "
                  "dropout_add_layer_norm, ") +
      (O.Bf16 ? "bfloat16" : "float32"));
  torch::manual_seed(0);
  auto Opts = torch::TensorOptions().dtype(DType);

  for (const ConvShape &S : ConvShapes) {
    torch::nn::Conv2d C(torch::nn::Conv2dOptions(S.In, S.Out, S.Kernel)
                            .padding(S.Kernel / 2)
                            .bias(false));
    torch::nn::BatchNorm2d B(S.Out);
    C->to(DType);
    B->to(DType);
    torch::Tensor X = torch::randn({S.Batch, S.In, S.Size, S.Size}, Opts);
    compareLayerBN(
        Rep, O, "conv_bn_relu",
        std::string(S.Name) + " N=" + std::to_string(S.Batch), C, B, X,
        [&](const torch::Tensor &In) {
          return adopter::ops::conv_bn(In, C, B, Activation::relu());
        },
        [&](const torch::Tensor &In) { return torch::relu(B(C(In))); });
  }

  {
    // An inverted-residual Sequential (MobileNetV2, 32 -> 64 -> 32 channels
    // at 16x16, batch 16) fused by adopter::nn::fuse_conv_bn, what apply
    // writes for conv-bn over Sequential elements, against the same
    // Sequential unfused (a clone).
    namespace tnn = torch::nn;
    tnn::Sequential Plain(
        tnn::Conv2d(tnn::Conv2dOptions(32, 64, 1).bias(false)),
        tnn::BatchNorm2d(64), tnn::ReLU6(),
        tnn::Conv2d(
            tnn::Conv2dOptions(64, 64, 3).padding(1).groups(64).bias(false)),
        tnn::BatchNorm2d(64), tnn::ReLU6(),
        tnn::Conv2d(tnn::Conv2dOptions(64, 32, 1).bias(false)),
        tnn::BatchNorm2d(32));
    Plain->to(DType);
    tnn::Sequential Fused(
        std::dynamic_pointer_cast<tnn::SequentialImpl>(Plain->clone()));
    adopter::nn::fuse_conv_bn(*Fused);
    torch::Tensor X = torch::randn({16, 32, 16, 16}, Opts);
    const std::string Shape = "MobileNetV2 block 32->64->32 @16 N=16";
    // LibTorch 1.13 has no bfloat16 backward for ReLU6 (hardtanh) on the
    // CPU: the unfused baseline cannot train there.
    if (O.Bf16)
      std::printf("# %s train fwd+bwd: skipped in bfloat16 (the unfused "
                  "ReLU6 has no bfloat16 backward in LibTorch 1.13)\n",
                  Shape.c_str());
    compareSequentials(Rep, O, "fuse_conv_bn(Sequential)", Shape, Plain, Fused,
                       X, /*Train=*/!O.Bf16);
  }

  struct MlpShape {
    int64_t In, Hidden, Batch;
  };
  // A tabular MLP head as one Sequential (fastai's LinBnDrop blocks: In ->
  // Hidden -> In) fused by adopter::nn::fuse_linear_bn, what apply writes
  // for linear-bn over Sequential elements, against the same Sequential
  // unfused (a clone); a small head, where the BatchNorm's passes weigh,
  // and a wide one, where the matmuls do.
  for (const MlpShape &M : {MlpShape{64, 128, 256}, MlpShape{256, 512, 1024}}) {
    namespace tnn = torch::nn;
    tnn::Sequential Plain(
        tnn::Linear(M.In, M.Hidden), tnn::BatchNorm1d(M.Hidden), tnn::ReLU(),
        tnn::Linear(M.Hidden, M.In), tnn::BatchNorm1d(M.In), tnn::ReLU());
    Plain->to(DType);
    tnn::Sequential Fused(
        std::dynamic_pointer_cast<tnn::SequentialImpl>(Plain->clone()));
    adopter::nn::fuse_linear_bn(*Fused);
    torch::Tensor X = torch::randn({M.Batch, M.In}, Opts);
    const std::string Shape =
        "MLP " + std::to_string(M.In) + "->" + std::to_string(M.Hidden) + "->" +
        std::to_string(M.In) + " N=" + std::to_string(M.Batch);
    compareSequentials(Rep, O, "fuse_linear_bn(Sequential)", Shape, Plain,
                       Fused, X, /*Train=*/true);
  }

  {
    torch::nn::Linear L(768, 768);
    torch::nn::BatchNorm1d B(768);
    L->to(DType);
    B->to(DType);
    torch::Tensor X = torch::randn({1024, 768}, Opts);
    compareLayerBN(
        Rep, O, "linear_bn", "1024x768->768", L, B, X,
        [&](const torch::Tensor &In) {
          return adopter::ops::linear_bn(In, L, B);
        },
        [&](const torch::Tensor &In) { return B(L(In)); });
  }

  struct RowShape {
    const char *Name;
    int64_t Batch, Seq, Hidden;
  };
  const RowShape Rows[] = {{"BERT-base 8x512x768", 8, 512, 768},
                           {"GPT-2 small 8x1024x768", 8, 1024, 768}};
  const double P = 0.1;
  for (const RowShape &S : Rows) {
    torch::Tensor A =
        torch::randn({S.Batch, S.Seq, S.Hidden}, Opts).requires_grad_(true);
    torch::Tensor B =
        torch::randn({S.Batch, S.Seq, S.Hidden}, Opts).requires_grad_(true);
    torch::Tensor W = torch::ones({S.Hidden}, Opts).requires_grad_(true);
    torch::Tensor Bias = torch::zeros({S.Hidden}, Opts).requires_grad_(true);
    torch::Tensor GY = torch::randn_like(A), GS = torch::randn_like(A);
    auto Fused = [&] {
      auto [Sum, Y] =
          adopter::ops::dropout_add_layer_norm(A, B, W, Bias, P, true);
      return std::vector<torch::Tensor>{Sum, Y};
    };
    // What `adopter apply` writes: the chain's dropout and LayerNorm, the
    // mask drawn by torch's dropout (the same seed drops the same entries).
    torch::nn::LayerNorm Norm(torch::nn::LayerNormOptions({S.Hidden}));
    Norm->weight = W;
    Norm->bias = Bias;
    auto SameStream = [&] {
      auto [Sum, Y] = adopter::ops::dropout_add_layer_norm(
          A, B, adopter::ops::Dropout(P, true), Norm);
      return std::vector<torch::Tensor>{Sum, Y};
    };
    auto Unfused = [&] {
      torch::Tensor Sum = torch::dropout(A, P, true) + B;
      return std::vector<torch::Tensor>{
          Sum, torch::layer_norm(Sum, {S.Hidden}, W, Bias, 1e-5)};
    };
    {
      torch::NoGradGuard NoGrad;
      Rep.compare(
          "dropout_add_layer_norm", S.Name, "train fwd",
          [&] { (void)Unfused(); }, [&] { (void)Fused(); }, O);
      Rep.compare(
          "dropout_add_layer_norm, torch's stream", S.Name, "train fwd",
          [&] { (void)Unfused(); }, [&] { (void)SameStream(); }, O);
    }
    auto Step = [&](auto F) {
      auto Out = F();
      torch::autograd::grad(Out, {A, B, W, Bias}, {GS, GY});
    };
    Rep.compare(
        "dropout_add_layer_norm", S.Name, "train fwd+bwd",
        [&] { Step(Unfused); }, [&] { Step(Fused); }, O);
    Rep.compare(
        "dropout_add_layer_norm, torch's stream", S.Name, "train fwd+bwd",
        [&] { Step(Unfused); }, [&] { Step(SameStream); }, O);
  }
  return Rep.finish();
}
