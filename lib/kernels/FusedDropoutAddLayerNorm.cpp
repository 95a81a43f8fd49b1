//===- FusedDropoutAddLayerNorm.cpp - dropout + add + LayerNorm -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedDropoutAddLayerNorm.h"
#include "adopter/kernels/Dropout.h"
#include "adopter/kernels/Norms.h"

#include "DropoutAddLayerNormFunction.h"
#include "LayerNormParameters.h"
#include "LayerNormShape.h"
#include "ResidualBroadcast.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/ops/dropout.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/zeros.h>

#include <mutex>

namespace adopter::kernels {
std::tuple<at::Tensor, at::Tensor>
dropoutAddNorm(const at::Tensor &A, const at::Tensor &B,
               const at::Tensor &Weight, const at::Tensor &Bias, double P,
               bool Train, double Eps, bool TorchStream);
std::tuple<at::Tensor, at::Tensor>
dropoutAddNormed(const char *Name, const at::Tensor &A, const at::Tensor &B,
                 const torch::nn::LayerNormOptions &Options,
                 const at::Tensor &Weight, const at::Tensor &Bias,
                 const ops::Dropout &Drop);
} // namespace adopter::kernels

namespace adopter::ops {

std::tuple<at::Tensor, at::Tensor>
dropout_add_layer_norm(const at::Tensor &A, const at::Tensor &B,
                       const at::Tensor &Weight, const at::Tensor &Bias,
                       double P, bool Train, double Eps) {
  return kernels::dropoutAddNorm(A, B, Weight, Bias, P, Train, Eps,
                                 /*TorchStream=*/false);
}

} // namespace adopter::ops

namespace adopter::kernels {

std::tuple<at::Tensor, at::Tensor>
dropoutAddNorm(const at::Tensor &A, const at::Tensor &B,
               const at::Tensor &Weight, const at::Tensor &Bias, double P,
               bool Train, double Eps, bool TorchStream) {
  using namespace ops;
  constexpr const char *Op = "adopter::ops::dropout_add_layer_norm";
  TORCH_CHECK(P >= 0.0 && P <= 1.0, Op,
              ": dropout probability has to be between 0 and 1, but got ", P);
  if (!Train || P == 0.0)
    return add_layer_norm(A, B, Weight, Bias, Eps);
  TORCH_CHECK(A.defined() && B.defined(), Op, ": undefined input");
  if (A.sizes() != B.sizes()) {
    // As `dropout(a) + b` broadcasts: a residual that broadcasts to A's
    // shape is expanded (one fused pass still); when A is the one that
    // broadcasts, its one dropout mask is shared across the broadcast
    // dimensions, so A is dropped out first (unfused), then added.
    if (at::is_expandable_to(B.sizes(), A.sizes()))
      return dropoutAddNorm(A, B.expand(A.sizes()), Weight, Bias, P, Train, Eps,
                            TorchStream);
    return add_layer_norm(at::dropout(A, P, /*train=*/true), B, Weight, Bias,
                          Eps);
  }
#ifdef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK((A.device().is_cpu() || A.is_cuda()) && B.device() == A.device(),
              Op, ": expected CPU or CUDA tensors on one device, got ones on ",
              A.device(), " and ", B.device());
  TORCH_CHECK(
      A.scalar_type() == at::kFloat || A.scalar_type() == at::kBFloat16 ||
          (A.is_cuda() && A.scalar_type() == at::kHalf),
      Op, ": expected a float32 or bfloat16 (or, on CUDA, float16) input, got ",
      A.scalar_type());
#else
  TORCH_CHECK(A.device().is_cpu() && B.device().is_cpu(), Op,
              ": CPU kernel, expected CPU tensors but got ones on ", A.device(),
              " and ", B.device());
  TORCH_CHECK(A.scalar_type() == at::kFloat || A.scalar_type() == at::kBFloat16,
              Op, ": expected a float32 or bfloat16 input, got ",
              A.scalar_type());
#endif
  TORCH_CHECK(A.dim() >= 1 && A.size(-1) > 0, Op,
              ": expected an input of shape [*, N] with N > 0, got ",
              A.sizes());
  TORCH_CHECK(A.sizes() == B.sizes(), Op,
              ": expected the residual to have the input's shape ", A.sizes(),
              ", got ", B.sizes());
  TORCH_CHECK(A.scalar_type() == B.scalar_type(), Op,
              ": expected the residual to be ", A.scalar_type(), ", got ",
              B.scalar_type());
#ifdef ADOPTER_KERNELS_WITH_CUDA
  for (const at::Tensor *Param : {&Weight, &Bias})
    TORCH_CHECK(!Param->defined() ||
                    (Param->dim() == 1 && Param->size(0) == A.size(-1) &&
                     Param->device() == A.device()),
                Op, ": expected weight and bias of shape [", A.size(-1),
                "] on ", A.device(), ", got ", Param->sizes(), " on ",
                Param->device());
  if (A.is_cuda() && !(static_cast<float>(P) < 1.0f))
    // The CUDA kernel takes P < 1 (in float). Everything is dropped: ATen's
    // dropout (zeros, no gradient to A) then the fused add + LayerNorm.
    return add_layer_norm(at::dropout(A, P, /*train=*/true), B, Weight, Bias,
                          Eps);
#else
  for (const at::Tensor *Param : {&Weight, &Bias})
    TORCH_CHECK(!Param->defined() ||
                    (Param->dim() == 1 && Param->size(0) == A.size(-1) &&
                     Param->device().is_cpu()),
                Op, ": expected weight and bias of shape [", A.size(-1),
                "] on the CPU, got ", Param->sizes());
#endif
  // The keep mask as torch's dropout draws it, so the same seed drops the
  // same entries as the chain. On the CPU at::dropout(A, P, true) is
  // empty_like(A).bernoulli_(1 - P).div_(1 - P), then A times that noise:
  // for a contiguous A and 0 < P < 1 the noise is drawn the same way here
  // (no ones tensor, no product). Otherwise dropout of ones consumes the
  // generator as at::dropout(A, P, true) does (shape, strides and dtype of
  // A). Without TorchStream the kernel hashes the mask from a seed drawn
  // from the generator.
  at::Tensor Noise;
  uint64_t Seed = 0;
#ifdef ADOPTER_KERNELS_WITH_CUDA
  if (!A.is_cuda()) // the CUDA kernel draws from the CUDA generator
#endif
  {
    if (TorchStream && A.is_contiguous() && P > 0 && P < 1) {
      Noise = at::empty_like(A, at::MemoryFormat::Contiguous);
      Noise.bernoulli_(1 - P);
      Noise.div_(1 - P);
    } else if (TorchStream) {
      Noise = at::dropout(at::ones_like(A), P, /*train=*/true).contiguous();
    } else {
      at::Generator Gen = at::detail::getDefaultCPUGenerator();
      std::lock_guard<std::mutex> Lock(Gen.mutex());
      Seed = at::check_generator<at::CPUGeneratorImpl>(Gen)->random64();
    }
  }
  int64_t Present = 0;
  if (Weight.defined())
    Present |= kernels::DropoutAddLayerNormFunction::HasWeight;
  if (Bias.defined())
    Present |= kernels::DropoutAddLayerNormFunction::HasBias;
  // Absent tensors go to the autograd function as empty placeholders.
  at::Tensor Placeholder;
  if (!Weight.defined() || !Bias.defined() || !Noise.defined())
    Placeholder = at::zeros({0}, A.options().dtype(at::kFloat));
  auto Out = kernels::DropoutAddLayerNormFunction::apply(
      A.contiguous(), B.contiguous(),
      Weight.defined() ? Weight.contiguous() : Placeholder,
      Bias.defined() ? Bias.contiguous() : Placeholder, Present, P,
      Noise.defined() ? Noise : Placeholder, static_cast<int64_t>(Seed), Eps);
  return {Out[0], Out[1]};
}

} // namespace adopter::kernels

namespace adopter::ops {

std::tuple<at::Tensor, at::Tensor>
dropout_add_layer_norm(const at::Tensor &A, const at::Tensor &B,
                       const Dropout &Drop, const torch::nn::LayerNorm &Norm) {
  const char *Op = "adopter::ops::dropout_add_layer_norm";
  TORCH_CHECK(!Norm.is_empty(), Op, ": the LayerNorm is empty (nullptr)");
  return kernels::dropoutAddNormed(Op, A, B, Norm->options, Norm->weight,
                                   Norm->bias, Drop);
}

} // namespace adopter::ops

namespace adopter::kernels {

std::tuple<at::Tensor, at::Tensor>
dropoutAddNormed(const char *Name, const at::Tensor &A, const at::Tensor &B,
                 const torch::nn::LayerNormOptions &Options,
                 const at::Tensor &Weight, const at::Tensor &Bias,
                 const ops::Dropout &Drop) {
  TORCH_CHECK(A.defined() && B.defined(), Name, ": undefined input");
  TORCH_CHECK(Drop.P >= 0.0 && Drop.P <= 1.0, Name,
              ": dropout probability has to be between 0 and 1, but got ",
              Drop.P);
  // `dropout(a) + b` broadcasts; see ops::dropout_add_layer_norm.
  auto [XA, XB] = broadcastResidual(Name, A, B);
  at::Tensor In = A;
  double P = Drop.P;
  // torch's own dropout, then the fused add + LayerNorm: where A broadcasts
  // (one mask for it), in place (the caller sees A dropped, as it did), and
  // on CUDA, whose fused kernel draws another random stream than torch's
  // dropout (so the same seed drops the same entries there too).
  if (Drop.Train && P > 0 &&
      (XA.sizes() != A.sizes() || Drop.Inplace ||
       (A.is_cuda() && Drop.TorchStream))) {
    if (Drop.Inplace) {
      at::Tensor Dropped = A;
      In = at::dropout_(Dropped, P, /*train=*/true);
    } else {
      In = at::dropout(A, P, /*train=*/true);
    }
    P = 0;
  }
  if (In.sizes() != XA.sizes())
    In = In.expand(XA.sizes());
  LayerNormShape Shape(Options.normalized_shape(), XA, Name);
  auto [S, Y] = dropoutAddNorm(
      Shape.flatten(In), Shape.flatten(XB), Shape.flattenParam(Weight),
      Shape.flattenParam(Bias), P, Drop.Train, Options.eps(), Drop.TorchStream);
  return {S.view(XA.sizes()), Y.view(XA.sizes())};
}

} // namespace adopter::kernels

namespace adopter::nn {

FusedDropoutAddLayerNormImpl::FusedDropoutAddLayerNormImpl(
    torch::nn::LayerNormOptions Options, double P)
    : options(std::move(Options)), p(P) {
  TORCH_CHECK(P >= 0.0 && P <= 1.0,
              "adopter::nn::FusedDropoutAddLayerNorm: dropout probability has "
              "to be between 0 and 1, but got ",
              P);
  reset();
}

void FusedDropoutAddLayerNormImpl::reset() {
  kernels::registerLayerNormParameters(*this, options, weight, bias);
  reset_parameters();
}

void FusedDropoutAddLayerNormImpl::reset_parameters() {
  kernels::initLayerNormParameters(options, weight, bias);
}

void FusedDropoutAddLayerNormImpl::pretty_print(std::ostream &OS) const {
  OS << std::boolalpha << "adopter::nn::FusedDropoutAddLayerNorm("
     << torch::IntArrayRef(options.normalized_shape()) << ", p=" << p
     << ", eps=" << options.eps()
     << ", elementwise_affine=" << options.elementwise_affine() << ")";
}

std::tuple<torch::Tensor, torch::Tensor>
FusedDropoutAddLayerNormImpl::forward(const torch::Tensor &A,
                                      const torch::Tensor &B) {
  return kernels::dropoutAddNormed("adopter::nn::FusedDropoutAddLayerNorm", A,
                                   B, options, weight, bias,
                                   ops::Dropout(p, is_training()));
}

} // namespace adopter::nn
