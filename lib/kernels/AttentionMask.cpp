//===- AttentionMask.cpp - Mask / scale arguments of attention ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "AttentionMask.h"

#include <ATen/core/grad_mode.h>
#include <ATen/ops/empty.h>
#include <c10/util/Exception.h>

#include <c10/core/GradMode.h>
#include <vector>

namespace adopter::kernels {

void checkAttentionInput(const char *Op, const char *Name,
                         const at::Tensor &T) {
  TORCH_CHECK(T.defined(), Op, ": ", Name, " is undefined");
#ifdef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(T.device().is_cpu() || T.is_cuda(), Op, ": expected ", Name,
              " on the CPU or a CUDA device, got one on ", T.device());
  TORCH_CHECK(T.scalar_type() == at::kFloat ||
                  T.scalar_type() == at::kBFloat16 ||
                  (T.is_cuda() && T.scalar_type() == at::kHalf),
              Op, ": expected ", Name,
              " of dtype float32 or bfloat16 (or float16 on CUDA), got ",
              T.scalar_type());
#else
  TORCH_CHECK(!T.is_cuda(), Op,
              ": the CUDA path is not built; adopter_kernels only has CPU "
              "kernels for now, got ",
              Name, " on ", T.device());
  TORCH_CHECK(T.device().is_cpu(), Op, ": expected ", Name,
              " on the CPU, got one on ", T.device());
  TORCH_CHECK(T.scalar_type() == at::kFloat || T.scalar_type() == at::kBFloat16,
              Op, ": expected ", Name, " of dtype float32 or bfloat16, got ",
              T.scalar_type());
#endif
}

AttentionMask::AttentionMask(const char *Op, const at::Tensor &Mask,
                             ops::MaskKind MK, at::IntArrayRef ScoreShape,
                             double ScaleArg, ops::ScaleMode Mode,
                             double FillArg, at::Device Device) {
  TORCH_CHECK(ScaleArg == ScaleArg, Op, ": scale is NaN");
  const bool Divide =
      Mode == ops::ScaleMode::Divide || Mode == ops::ScaleMode::DivideAfterMask;
  const bool After = Mode == ops::ScaleMode::MultiplyAfterMask ||
                     Mode == ops::ScaleMode::DivideAfterMask;
  Scale = Divide ? 1.0 / ScaleArg : ScaleArg;
  Fill = After ? (Divide ? FillArg / ScaleArg : FillArg * ScaleArg) : FillArg;
  AddScale = After ? Scale : 1.0;
  if (MK == ops::MaskKind::None) {
    TORCH_CHECK(!Mask.defined(), Op,
                ": a mask was given with MaskKind::None; say how to apply it "
                "(FillWhereTrue, KeepWhereTrue or Additive)");
    return;
  }
  // An undefined mask masks nothing (the chain's `if (mask.defined())`).
  if (!Mask.defined())
    return;
  SourceType = Mask.scalar_type();
#ifdef ADOPTER_KERNELS_WITH_CUDA
  TORCH_CHECK(Mask.device() == Device, Op, ": expected the mask on ", Device,
              " (the device of the scores), got one on ", Mask.device());
#else
  (void)Device;
  TORCH_CHECK(Mask.device().is_cpu(), Op,
              ": expected the mask on the CPU, got one on ", Mask.device());
#endif
  const int64_t Dims = static_cast<int64_t>(ScoreShape.size());
  bool Broadcasts = Mask.dim() <= Dims;
  for (int64_t I = 1; Broadcasts && I <= Mask.dim(); ++I)
    Broadcasts = Mask.size(-I) == 1 || Mask.size(-I) == ScoreShape[Dims - I];
  TORCH_CHECK(Broadcasts, Op,
              ": expected a mask broadcastable to the score "
              "shape ",
              ScoreShape, " ([..., Lq, Lk]), got one of shape ", Mask.sizes());
  at::Tensor M = Mask;
  if (MK == ops::MaskKind::Additive) {
    TORCH_CHECK(at::isFloatingType(Mask.scalar_type()), Op,
                ": expected a floating-point additive mask, got dtype ",
                Mask.scalar_type());
    TORCH_CHECK(!(Mask.requires_grad() && c10::GradMode::is_enabled()), Op,
                ": the additive mask requires grad, but the fused kernel gives "
                "the mask no gradient; detach it or use the unfused chain");
    M = Mask.detach().to(at::kFloat);
    Kind = static_cast<int64_t>(ScoreMaskKind::Additive);
  } else {
    TORCH_CHECK(Mask.scalar_type() == at::kBool, Op,
                ": expected a bool mask for MaskKind::",
                MK == ops::MaskKind::FillWhereTrue ? "FillWhereTrue"
                                                   : "KeepWhereTrue",
                ", got dtype ", Mask.scalar_type());
    M = Mask.detach();
    Kind = static_cast<int64_t>(MK == ops::MaskKind::FillWhereTrue
                                    ? ScoreMaskKind::FillWhereTrue
                                    : ScoreMaskKind::FillWhereFalse);
  }
  Data = M.expand(ScoreShape);
  ColStride = Data.stride(-1);
  if (!Data.device().is_cpu())
    return; // the CUDA kernels read Data's strides (kernelMask), no table
  int64_t Rows = 1;
  for (int64_t I = 0; I + 1 < Dims; ++I)
    Rows *= ScoreShape[I];
  RowOffsets = at::empty({Rows}, at::TensorOptions().dtype(at::kLong));
  int64_t *Off = RowOffsets.data_ptr<int64_t>();
  std::vector<int64_t> Idx(std::max<int64_t>(Dims - 1, 0), 0);
  int64_t Cur = 0;
  for (int64_t R = 0; R < Rows; ++R) {
    Off[R] = Cur;
    for (int64_t D = Dims - 2; D >= 0; --D) {
      Cur += Data.stride(D);
      if (++Idx[D] < ScoreShape[D])
        break;
      Cur -= Data.stride(D) * ScoreShape[D];
      Idx[D] = 0;
    }
  }
}

ScoreParams AttentionMask::params() const {
  ScoreParams P;
  P.Scale = static_cast<float>(Scale);
  P.Mask.Kind = static_cast<ScoreMaskKind>(Kind);
  if (P.Mask.Kind == ScoreMaskKind::None)
    return P;
  if (P.Mask.Kind == ScoreMaskKind::Additive)
    P.Mask.Add = Data.data_ptr<float>();
  else
    P.Mask.Bool = Data.data_ptr<bool>();
  P.Mask.RowOffset = RowOffsets.data_ptr<int64_t>();
  P.Mask.ColStride = ColStride;
  P.Mask.Fill = static_cast<float>(Fill);
  P.Mask.AddScale = static_cast<float>(AddScale);
  return P;
}

#ifdef ADOPTER_KERNELS_WITH_CUDA
at::Tensor AttentionMask::kernelMask(at::ScalarType Type, bool TrueKeeps,
                                     at::IntArrayRef Shape4) const {
  const auto K = kind();
  if (K == ScoreMaskKind::None)
    return at::Tensor();
  // Undo the broadcast (stride 0) so that the conversion below touches each
  // element of the mask once.
  at::Tensor C = Data;
  for (int64_t D = 0; D < C.dim(); ++D)
    if (C.stride(D) == 0 && C.size(D) > 1)
      C = C.narrow(D, 0, 1);
  if (K == ScoreMaskKind::Additive) {
    if (AddScale != 1.0)
      C = C.mul(AddScale); // float, as the CPU kernels scale it
    C = C.to(Type);
  } else if ((K == ScoreMaskKind::FillWhereFalse) != TrueKeeps) {
    C = C.logical_not();
  }
  return C.expand(Data.sizes()).reshape(Shape4);
}

bool AttentionMask::kernelMaskExact(at::ScalarType Type) const {
  return kind() != ScoreMaskKind::Additive || Type == at::kFloat ||
         (SourceType == Type && AddScale == 1.0);
}
#endif

void AttentionMask::save(torch::autograd::AutogradContext *Ctx) const {
  Ctx->saved_data["mask_kind"] = Kind;
  Ctx->saved_data["mask_scale"] = Scale;
  Ctx->saved_data["mask_fill"] = Fill;
  Ctx->saved_data["mask_add_scale"] = AddScale;
  Ctx->saved_data["mask_col_stride"] = ColStride;
  if (Data.defined()) {
    Ctx->saved_data["mask_data"] = Data;
    Ctx->saved_data["mask_row_offsets"] = RowOffsets;
  }
}

AttentionMask AttentionMask::load(torch::autograd::AutogradContext *Ctx) {
  AttentionMask M;
  M.Kind = Ctx->saved_data["mask_kind"].toInt();
  M.Scale = Ctx->saved_data["mask_scale"].toDouble();
  M.Fill = Ctx->saved_data["mask_fill"].toDouble();
  M.AddScale = Ctx->saved_data["mask_add_scale"].toDouble();
  M.ColStride = Ctx->saved_data["mask_col_stride"].toInt();
  if (M.Kind != static_cast<int64_t>(ScoreMaskKind::None)) {
    M.Data = Ctx->saved_data["mask_data"].toTensor();
    M.RowOffsets = Ctx->saved_data["mask_row_offsets"].toTensor();
  }
  return M;
}

} // namespace adopter::kernels
