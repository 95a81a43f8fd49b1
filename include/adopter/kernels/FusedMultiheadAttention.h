//===- FusedMultiheadAttention.h - MHA on the fused attention ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A drop-in replacement for torch::nn::MultiheadAttention (LibTorch 1.13
// semantics: inputs [L, N, E]) that runs adopter::ops::attention (flash-style,
// memory linear in the sequence length) between the projections. It takes
// the same options and registers the same parameters and submodules
// (in_proj_weight or q/k/v_proj_weight, in_proj_bias, bias_k, bias_v,
// out_proj.weight, out_proj.bias), so a torch::nn::MultiheadAttention
// checkpoint loads into it.
//
// need_weights = true (torch's default) needs the [N, L, S] attention
// weights, which a fused kernel never forms: that call runs torch's exact
// unfused computation (torch::nn::functional::multi_head_attention_forward).
// Pass need_weights = false to get the fused path. In training with
// dropout > 0 the attention dropout draws its mask as torch's module does
// (same seed, same dropped weights), which runs the attention unfused.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_KERNELS_FUSEDMULTIHEADATTENTION_H
#define ADOPTER_KERNELS_FUSEDMULTIHEADATTENTION_H

#include <torch/nn/cloneable.h>
#include <torch/nn/modules/common.h>
#include <torch/nn/modules/container/any_value.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/options/activation.h>
#include <torch/nn/pimpl.h>

#include <tuple>

namespace adopter::nn {

class FusedMultiheadAttentionImpl
    : public torch::nn::Cloneable<FusedMultiheadAttentionImpl> {
public:
  FusedMultiheadAttentionImpl(int64_t EmbedDim, int64_t NumHeads)
      : FusedMultiheadAttentionImpl(
            torch::nn::MultiheadAttentionOptions(EmbedDim, NumHeads)) {}
  explicit FusedMultiheadAttentionImpl(
      const torch::nn::MultiheadAttentionOptions &Options);

  /// As torch::nn::MultiheadAttentionImpl::forward: query [L, N, E], key
  /// [S, N, kdim], value [S, N, vdim]; key_padding_mask [N, S] (bool, true =
  /// ignore); attn_mask [L, S] or [N * num_heads, L, S], added to the scores
  /// (LibTorch 1.13 adds a bool mask as 0 / 1 too, and so does this).
  /// Returns (output [L, N, E], weights [N, L, S] (averaged over heads) or
  /// [N, H, L, S] when need_weights, else an undefined tensor).
  std::tuple<at::Tensor, at::Tensor>
  forward(const at::Tensor &query, const at::Tensor &key,
          const at::Tensor &value, const at::Tensor &key_padding_mask = {},
          bool need_weights = true, const at::Tensor &attn_mask = {},
          bool average_attn_weights = true);

  void reset() override;
  void _reset_parameters();
  void pretty_print(std::ostream &Stream) const override;

  torch::nn::MultiheadAttentionOptions options;
  bool _qkv_same_embed_dim = true;
  at::Tensor in_proj_weight;
  at::Tensor in_proj_bias;
  at::Tensor bias_k;
  at::Tensor bias_v;
  torch::nn::Linear out_proj = nullptr;
  at::Tensor q_proj_weight;
  at::Tensor k_proj_weight;
  at::Tensor v_proj_weight;
  int64_t head_dim = 0;

protected:
  FORWARD_HAS_DEFAULT_ARGS({3, torch::nn::AnyValue(at::Tensor())},
                           {4, torch::nn::AnyValue(true)},
                           {5, torch::nn::AnyValue(at::Tensor())},
                           {6, torch::nn::AnyValue(true)})

private:
  std::tuple<at::Tensor, at::Tensor>
  fusedForward(const at::Tensor &Query, const at::Tensor &Key,
               const at::Tensor &Value, const at::Tensor &KeyPaddingMask,
               const at::Tensor &AttnMask);
};

TORCH_MODULE(FusedMultiheadAttention);

} // namespace adopter::nn

#endif // ADOPTER_KERNELS_FUSEDMULTIHEADATTENTION_H
