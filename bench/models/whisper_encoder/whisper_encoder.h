// The audio encoder of OpenAI's Whisper (whisper/model.py), shrunk, with a
// language-identification head on top: two Conv1d + GELU layers, fixed
// sinusoidal positions, pre-LayerNorm residual attention blocks with
// separate query/key/value Linears, and attention pooling over time.
#pragma once

#include <torch/torch.h>

#include <cstdint>

struct WhisperConfig {
  int64_t n_mels = 16;
  int64_t n_audio_ctx = 32; // frames after the stride-2 convolution
  int64_t n_audio_state = 32;
  int64_t n_audio_head = 4;
  int64_t n_audio_layer = 2;
  int64_t n_languages = 4;
};

// (length, channels): sin of the first half, cos of the second half.
torch::Tensor sinusoids(int64_t length, int64_t channels,
                        double max_timescale = 10000.0);

class MultiHeadAttentionImpl : public torch::nn::Module {
public:
  MultiHeadAttentionImpl(int64_t n_state, int64_t n_head);
  torch::Tensor forward(const torch::Tensor &x);

private:
  torch::Tensor qkv_attention(torch::Tensor q, torch::Tensor k,
                              torch::Tensor v);

  int64_t n_head_;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr}, out{nullptr};
};
TORCH_MODULE(MultiHeadAttention);

class ResidualAttentionBlockImpl : public torch::nn::Module {
public:
  ResidualAttentionBlockImpl(int64_t n_state, int64_t n_head);
  torch::Tensor forward(torch::Tensor x);

private:
  MultiHeadAttention attn{nullptr};
  torch::nn::LayerNorm attn_ln{nullptr};
  torch::nn::Sequential mlp{nullptr};
  torch::nn::LayerNorm mlp_ln{nullptr};
};
TORCH_MODULE(ResidualAttentionBlock);

class AudioEncoderImpl : public torch::nn::Module {
public:
  explicit AudioEncoderImpl(const WhisperConfig &dims);
  // mel: (B, n_mels, 2 * n_audio_ctx) -> (B, n_audio_ctx, n_audio_state)
  torch::Tensor forward(const torch::Tensor &mel);

private:
  torch::nn::Conv1d conv1{nullptr}, conv2{nullptr};
  torch::Tensor positional_embedding;
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm ln_post{nullptr};
};
TORCH_MODULE(AudioEncoder);

// Attention pooling over time, then a linear classifier.
class LanguageIdHeadImpl : public torch::nn::Module {
public:
  LanguageIdHeadImpl(int64_t n_state, int64_t n_languages);
  // x: (B, T, D); pad_mask: (B, T) bool, true for padded frames.
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &pad_mask);

private:
  torch::nn::Linear score{nullptr}, classifier{nullptr};
};
TORCH_MODULE(LanguageIdHead);

class WhisperLanguageIdImpl : public torch::nn::Module {
public:
  explicit WhisperLanguageIdImpl(const WhisperConfig &dims);
  torch::Tensor forward(const torch::Tensor &mel,
                        const torch::Tensor &pad_mask);

private:
  AudioEncoder encoder{nullptr};
  LanguageIdHead head{nullptr};
};
TORCH_MODULE(WhisperLanguageId);
