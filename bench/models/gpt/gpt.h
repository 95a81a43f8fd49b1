// A small GPT-2 style decoder-only transformer, written the way LibTorch users
// usually port nanoGPT (https://github.com/karpathy/nanoGPT) to C++.
//
// Declarations only; constructors and forward() live in gpt.cpp.
#pragma once

#include <torch/torch.h>

#include <cstdint>

// Hyper-parameters of the model. The defaults are deliberately tiny so that a
// few training steps run in about a second on a CPU.
struct GPTConfig {
  int64_t block_size = 32; // maximum sequence length
  int64_t vocab_size = 96; // number of token ids
  int64_t n_layer = 2;     // number of transformer blocks
  int64_t n_head = 4;      // attention heads per block
  int64_t n_embd = 64;     // embedding width (must be divisible by n_head)
  double dropout = 0.1;    // dropout probability used everywhere
  bool bias = true;        // bias in Linear layers and LayerNorms
  bool tanh_gelu = false;  // use the hand-written tanh GELU in the MLP
};

// GELU with the tanh approximation, spelled out exactly as in the original
// GPT-2 / nanoGPT code:
//   0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))
torch::Tensor new_gelu(const torch::Tensor &x);

// Lower-triangular causal mask of shape (1, 1, size, size); 1 where a query
// position may attend to a key position, 0 elsewhere.
torch::Tensor causal_mask(int64_t size);

// Multi-head masked self-attention, written out by hand (no
// torch::nn::MultiheadAttention, no scaled_dot_product_attention).
struct CausalSelfAttentionImpl : torch::nn::Module {
  explicit CausalSelfAttentionImpl(const GPTConfig &config);

  // x: (B, T, C) -> (B, T, C)
  torch::Tensor forward(torch::Tensor x);

  // Key, query and value projections for all heads, in one batch.
  torch::nn::Linear c_attn;
  // Output projection; registered in the constructor body.
  torch::nn::Linear c_proj{nullptr};
  torch::nn::Dropout attn_dropout{nullptr};
  torch::nn::Dropout resid_dropout{nullptr};
  // Causal mask, registered as a buffer (saved with the model, not trained).
  torch::Tensor bias;

  int64_t n_head;
  int64_t n_embd;
};
TORCH_MODULE(CausalSelfAttention);

// Position-wise feed-forward network: Linear -> GELU -> Linear -> Dropout.
struct MLPImpl : torch::nn::Module {
  explicit MLPImpl(const GPTConfig &config);

  torch::Tensor forward(torch::Tensor x);

  torch::nn::Linear c_fc{nullptr};
  torch::nn::Linear c_proj{nullptr};
  torch::nn::Dropout dropout{nullptr};
  bool tanh_gelu;
};
TORCH_MODULE(MLP);

// Pre-LayerNorm transformer block with residual connections:
//   x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))
struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(const GPTConfig &config);

  torch::Tensor forward(torch::Tensor x);

  torch::nn::LayerNorm ln_1{nullptr};
  CausalSelfAttention attn{nullptr};
  torch::nn::LayerNorm ln_2{nullptr};
  MLP mlp{nullptr};
};
TORCH_MODULE(Block);

// The full language model: token + position embeddings, a stack of blocks,
// a final LayerNorm and a linear language-model head.
class GPTImpl : public torch::nn::Module {
public:
  explicit GPTImpl(const GPTConfig &config);

  // idx: (B, T) int64 token ids -> logits (B, T, vocab_size)
  torch::Tensor forward(const torch::Tensor &idx);

  // Autoregressive sampling: appends max_new_tokens tokens to idx.
  torch::Tensor generate(torch::Tensor idx, int64_t max_new_tokens,
                         double temperature = 1.0);

  // Number of trainable parameters.
  int64_t num_parameters() const;

  const GPTConfig &config() const { return config_; }

private:
  // GPT-2 initialisation: N(0, 0.02) for Linear and Embedding weights, zero
  // biases. Applied to every submodule through Module::apply().
  static void init_weights(torch::nn::Module &module);

  GPTConfig config_;
  torch::nn::Embedding wte{nullptr}; // token embeddings
  torch::nn::Embedding wpe{nullptr}; // position embeddings
  torch::nn::Dropout drop{nullptr};
  torch::nn::ModuleList h; // transformer blocks
  torch::nn::LayerNorm ln_f{nullptr};
  torch::nn::Linear lm_head{nullptr};
};
TORCH_MODULE(GPT);
