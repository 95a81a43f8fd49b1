//===- FusedMultiheadAttention.cpp - MHA on the fused attention -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Parameters, initialisation and the unfused need_weights path follow
// torch::nn::MultiheadAttentionImpl of LibTorch 1.13. The fused path does the
// same projections, then adopter::ops::attention on [N, H, L, head_dim]
// views (scale 1 / sqrt(head_dim) on the scores, which equals torch's scaling
// of q), then out_proj.
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/FusedMultiheadAttention.h"

#include "adopter/kernels/Attention.h"

#include <torch/nn/functional/activation.h>
#include <torch/nn/functional/linear.h>
#include <torch/nn/init.h>

#include <cmath>
#include <limits>

namespace adopter::nn {

namespace F = torch::nn::functional;

FusedMultiheadAttentionImpl::FusedMultiheadAttentionImpl(
    const torch::nn::MultiheadAttentionOptions &Options)
    : options(Options) {
  reset();
}

void FusedMultiheadAttentionImpl::reset() {
  const int64_t E = options.embed_dim();
  _qkv_same_embed_dim = options.kdim() == E && options.vdim() == E;
  head_dim = E / options.num_heads();
  TORCH_CHECK(head_dim * options.num_heads() == E,
              "embed_dim must be divisible by num_heads");
  if (!_qkv_same_embed_dim) {
    q_proj_weight = register_parameter("q_proj_weight", torch::empty({E, E}));
    k_proj_weight =
        register_parameter("k_proj_weight", torch::empty({E, options.kdim()}));
    v_proj_weight =
        register_parameter("v_proj_weight", torch::empty({E, options.vdim()}));
    register_parameter("in_proj_weight", {}, /*requires_grad=*/false);
  } else {
    in_proj_weight =
        register_parameter("in_proj_weight", torch::empty({3 * E, E}));
    register_parameter("q_proj_weight", {}, /*requires_grad=*/false);
    register_parameter("k_proj_weight", {}, /*requires_grad=*/false);
    register_parameter("v_proj_weight", {}, /*requires_grad=*/false);
  }
  if (options.bias())
    in_proj_bias = register_parameter("in_proj_bias", torch::empty(3 * E));
  else
    register_parameter("in_proj_bias", {}, /*requires_grad=*/false);
  out_proj = register_module(
      "out_proj",
      torch::nn::Linear(torch::nn::LinearOptions(E, E).bias(options.bias())));
  if (options.add_bias_kv()) {
    bias_k = register_parameter("bias_k", torch::empty({1, 1, E}));
    bias_v = register_parameter("bias_v", torch::empty({1, 1, E}));
  } else {
    bias_k.reset();
    bias_v.reset();
  }
  _reset_parameters();
}

void FusedMultiheadAttentionImpl::_reset_parameters() {
  namespace init = torch::nn::init;
  if (_qkv_same_embed_dim) {
    init::xavier_uniform_(in_proj_weight);
  } else {
    init::xavier_uniform_(q_proj_weight);
    init::xavier_uniform_(k_proj_weight);
    init::xavier_uniform_(v_proj_weight);
  }
  if (in_proj_bias.defined()) {
    init::constant_(in_proj_bias, 0.);
    init::constant_(out_proj->bias, 0.);
  }
  if (bias_k.defined())
    init::xavier_normal_(bias_k);
  if (bias_v.defined())
    init::xavier_normal_(bias_v);
}

void FusedMultiheadAttentionImpl::pretty_print(std::ostream &Stream) const {
  Stream << "adopter::nn::FusedMultiheadAttention(embed_dim="
         << options.embed_dim() << ", num_heads=" << options.num_heads() << ")";
}

std::tuple<at::Tensor, at::Tensor> FusedMultiheadAttentionImpl::forward(
    const at::Tensor &query, const at::Tensor &key, const at::Tensor &value,
    const at::Tensor &key_padding_mask, bool need_weights,
    const at::Tensor &attn_mask, bool average_attn_weights) {
  const char *Op = "adopter::nn::FusedMultiheadAttention";
  const int64_t E = options.embed_dim();
  TORCH_CHECK(query.dim() == 3 && query.size(2) == E, Op,
              ": expected query of shape [L, N, ", E, "], got ", query.sizes());
  TORCH_CHECK(key.dim() == 3 && key.size(1) == query.size(1) &&
                  key.size(2) == options.kdim(),
              Op, ": expected key of shape [S, ", query.size(1), ", ",
              options.kdim(), "], got ", key.sizes());
  TORCH_CHECK(value.dim() == 3 && value.size(0) == key.size(0) &&
                  value.size(1) == query.size(1) &&
                  value.size(2) == options.vdim(),
              Op, ": expected value of shape [", key.size(0), ", ",
              query.size(1), ", ", options.vdim(), "], got ", value.sizes());
  if (!need_weights)
    return fusedForward(query, key, value, key_padding_mask, attn_mask);
  // The weights are asked for: torch's exact unfused computation.
  auto O = F::MultiheadAttentionForwardFuncOptions(
               E, options.num_heads(), in_proj_weight, in_proj_bias, bias_k,
               bias_v, options.add_zero_attn(), options.dropout(),
               out_proj->weight, out_proj->bias)
               .training(is_training())
               .key_padding_mask(key_padding_mask)
               .need_weights(true)
               .attn_mask(attn_mask)
               .average_attn_weights(average_attn_weights);
  if (!_qkv_same_embed_dim)
    O.use_separate_proj_weight(true)
        .q_proj_weight(q_proj_weight)
        .k_proj_weight(k_proj_weight)
        .v_proj_weight(v_proj_weight);
  return F::multi_head_attention_forward(query, key, value, O);
}

namespace {

/// M with a zero column appended to its last dimension.
at::Tensor padColumn(const at::Tensor &M) {
  if (!M.defined())
    return M;
  auto S = M.sizes().vec();
  S.back() = 1;
  return torch::cat({M, torch::zeros(S, M.options())}, -1);
}

} // namespace

std::tuple<at::Tensor, at::Tensor> FusedMultiheadAttentionImpl::fusedForward(
    const at::Tensor &Query, const at::Tensor &Key, const at::Tensor &Value,
    const at::Tensor &KeyPaddingMask, const at::Tensor &AttnMask) {
  const char *Op = "adopter::nn::FusedMultiheadAttention";
  const int64_t E = options.embed_dim(), H = options.num_heads();
  const int64_t L = Query.size(0), N = Query.size(1);
  at::Tensor Q, K, V;
  auto Slice = [&](const at::Tensor &B, int64_t I) {
    return B.defined() ? B.slice(0, I * E, (I + 1) * E) : at::Tensor();
  };
  if (_qkv_same_embed_dim) {
    if (Query.is_same(Key) && Key.is_same(Value)) {
      auto C = F::linear(Query, in_proj_weight, in_proj_bias).chunk(3, -1);
      Q = C[0];
      K = C[1];
      V = C[2];
    } else {
      Q = F::linear(Query, in_proj_weight.slice(0, 0, E),
                    Slice(in_proj_bias, 0));
      K = F::linear(Key, in_proj_weight.slice(0, E, 2 * E),
                    Slice(in_proj_bias, 1));
      V = F::linear(Value, in_proj_weight.slice(0, 2 * E),
                    Slice(in_proj_bias, 2));
    }
  } else {
    Q = F::linear(Query, q_proj_weight, Slice(in_proj_bias, 0));
    K = F::linear(Key, k_proj_weight, Slice(in_proj_bias, 1));
    V = F::linear(Value, v_proj_weight, Slice(in_proj_bias, 2));
  }
  at::Tensor Attn = AttnMask, Kpm = KeyPaddingMask;
  if (Attn.defined()) {
    TORCH_CHECK(Attn.dim() == 2 || Attn.dim() == 3, Op,
                ": expected attn_mask of shape [L, S] or [N * num_heads, L, "
                "S], got ",
                Attn.sizes());
    // LibTorch 1.13 adds the mask to the scores whatever its dtype.
    Attn = Attn.to(Q.scalar_type() == at::kBFloat16 ? at::kFloat
                                                    : Q.scalar_type());
  }
  if (Kpm.defined()) {
    TORCH_CHECK(
        Kpm.scalar_type() == at::kBool || Kpm.scalar_type() == at::kByte, Op,
        ": expected a bool key_padding_mask, got dtype ", Kpm.scalar_type());
    Kpm = Kpm.to(at::kBool);
  }
  if (bias_k.defined() && bias_v.defined()) {
    K = torch::cat({K, bias_k.repeat({1, N, 1})});
    V = torch::cat({V, bias_v.repeat({1, N, 1})});
    Attn = padColumn(Attn);
    Kpm = padColumn(Kpm);
  }
  // [T, N, E] -> [N, H, T, head_dim]
  auto Heads = [&](const at::Tensor &T) {
    return T.reshape({T.size(0), N, H, head_dim}).permute({1, 2, 0, 3});
  };
  Q = Heads(Q);
  K = Heads(K);
  V = Heads(V);
  if (options.add_zero_attn()) {
    auto Z = [](const at::Tensor &T) {
      auto S = T.sizes().vec();
      S[2] = 1;
      return torch::cat({T, torch::zeros(S, T.options())}, 2);
    };
    K = Z(K);
    V = Z(V);
    Attn = padColumn(Attn);
    Kpm = padColumn(Kpm);
  }
  const int64_t S = K.size(2);
  if (Kpm.defined())
    TORCH_CHECK(Kpm.dim() == 2 && Kpm.size(0) == N && Kpm.size(1) == S, Op,
                ": expected key_padding_mask of shape [", N, ", ", S, "], got ",
                Kpm.sizes());
  if (Attn.defined()) {
    if (Attn.dim() == 3) {
      TORCH_CHECK(Attn.size(0) == N * H && Attn.size(1) == L &&
                      Attn.size(2) == S,
                  Op, ": expected attn_mask of shape [", N * H, ", ", L, ", ",
                  S, "], got ", Attn.sizes());
      Attn = Attn.view({N, H, L, S});
    } else {
      TORCH_CHECK(Attn.size(0) == L && Attn.size(1) == S, Op,
                  ": expected attn_mask of shape [", L, ", ", S, "], got ",
                  Attn.sizes());
    }
  }
  const double NegInf = -std::numeric_limits<double>::infinity();
  at::Tensor Mask;
  auto Kind = ops::MaskKind::None;
  if (Attn.defined() && Kpm.defined()) {
    // Both: one additive mask [N, 1 or H, L, S] (padding as -inf).
    Mask = Attn + torch::zeros({N, 1, 1, S}, Attn.options())
                      .masked_fill(Kpm.reshape({N, 1, 1, S}), NegInf);
    Kind = ops::MaskKind::Additive;
  } else if (Attn.defined()) {
    Mask = Attn;
    Kind = ops::MaskKind::Additive;
  } else if (Kpm.defined()) {
    Mask = Kpm.reshape({N, 1, 1, S});
    Kind = ops::MaskKind::FillWhereTrue;
  }
  const double Scaling = 1.0 / std::sqrt(static_cast<double>(head_dim));
  // Dropout in training draws its mask as torch's module does (same shape,
  // same stream), so a seeded run drops the same weights as before the
  // swap; that pass runs unfused, the rest (eval, p = 0) fused.
  at::Tensor Out = ops::attention(
      Q, K.transpose(-1, -2), V, Mask, Scaling, ops::ScaleMode::Multiply, Kind,
      NegInf, ops::Dropout(options.dropout(), is_training()));
  Out = Out.permute({2, 0, 1, 3}).reshape({L, N, E});
  return {out_proj->forward(Out), at::Tensor()};
}

} // namespace adopter::nn
