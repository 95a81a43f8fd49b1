// A model for `adopter tune`: Linear + ReLU with literal sizes, Linear + GELU
// by a config, GELU in a helper (its input size only known at run time),
// Linear + BatchNorm1d + ReLU, conv-bn chains, norms, a decoder block.
#include <torch/torch.h>

#include <cmath>

struct Config {
  int64_t hidden = 32;
};

torch::Tensor gelu_tanh(const torch::Tensor &x) {
  return 0.5 * x *
         (1.0 + torch::tanh(std::sqrt(2.0 / M_PI) *
                            (x + 0.044715 * torch::pow(x, 3))));
}

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(const Config &config)
      : up(register_module("up", torch::nn::Linear(16, 64))),
        fc(register_module(
            "fc", torch::nn::Linear(config.hidden, 4 * config.hidden))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto a = torch::relu(up(x));
    auto b = torch::gelu(fc(y));
    return a.sum() + gelu_tanh(b).sum();
  }

  torch::nn::Linear up, fc;
};
TORCH_MODULE(Block);

// Linear + BatchNorm1d + ReLU (linear-bn with its activation).
struct HeadImpl : torch::nn::Module {
  HeadImpl()
      : fc(register_module("fc", torch::nn::Linear(16, 32))),
        bn(register_module("bn", torch::nn::BatchNorm1d(32))) {}

  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(fc(x))); }

  torch::nn::Linear fc;
  torch::nn::BatchNorm1d bn;
};
TORCH_MODULE(Head);

// Conv2d + BatchNorm2d + ReLU6 (conv-bn), a 3x3 convolution with stride 2;
// and a Conv1d + BatchNorm1d.
struct StemImpl : torch::nn::Module {
  StemImpl()
      : conv(register_module(
            "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 16, 3)
                                          .stride(2)
                                          .padding(1)
                                          .bias(false)))),
        bn(register_module("bn", torch::nn::BatchNorm2d(16))),
        conv1d(register_module("conv1d", torch::nn::Conv1d(4, 8, 3))),
        bn1d(register_module("bn1d", torch::nn::BatchNorm1d(8))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor s) {
    auto f = torch::relu6(bn(conv(x)));
    return f.sum() + bn1d(conv1d(s)).sum();
  }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d bn;
  torch::nn::Conv1d conv1d;
  torch::nn::BatchNorm1d bn1d;
};
TORCH_MODULE(Stem);

// RMSNorm written out over a Linear's output (its size: the Linear's
// out_features) and LayerNorm written out over an input (size from --hidden).
struct NormsImpl : torch::nn::Module {
  NormsImpl()
      : proj(register_module("proj", torch::nn::Linear(16, 24))),
        g(register_parameter("g", torch::ones({24}))),
        w(register_parameter("w", torch::ones({128}))),
        b(register_parameter("b", torch::zeros({128}))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto h = proj(x);
    auto r = h * torch::rsqrt(h.pow(2).mean(-1, true) + 1e-6) * g;
    auto mu = y.mean(-1, true);
    auto var = (y - mu).pow(2).mean(-1, true);
    auto n = (y - mu) / torch::sqrt(var + 1e-5) * w + b;
    return r.sum() + n.sum();
  }

  torch::nn::Linear proj;
  torch::Tensor g, w, b;
};
TORCH_MODULE(Norms);

// A depthwise 5x5 convolution padded with torch::kSame, dilated, + SiLU.
struct DepthwiseImpl : torch::nn::Module {
  DepthwiseImpl()
      : dw(register_module(
            "dw", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, 16, 5)
                                        .padding(torch::kSame)
                                        .dilation({2, 1})
                                        .groups(16)))),
        bn(register_module("bn", torch::nn::BatchNorm2d(16))) {}

  torch::Tensor forward(torch::Tensor x) { return torch::silu(bn(dw(x))); }

  torch::nn::Conv2d dw;
  torch::nn::BatchNorm2d bn;
};
TORCH_MODULE(Depthwise);

// A residual add then a LayerNorm module (add-layernorm), and the same with
// the functional layer_norm, which tune does not measure yet.
struct PostNormImpl : torch::nn::Module {
  PostNormImpl()
      : norm(register_module(
            "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto f = torch::nn::functional::layer_norm(
        y + x, torch::nn::functional::LayerNormFuncOptions({32}));
    return norm(x + y) + f;
  }

  torch::nn::LayerNorm norm;
};
TORCH_MODULE(PostNorm);

// Reflection padding: not measured (tune pads with zeros).
struct ReflectImpl : torch::nn::Module {
  ReflectImpl()
      : conv(register_module(
            "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(4, 4, 3)
                                          .padding(1)
                                          .padding_mode(torch::kReflect)))),
        bn(register_module("bn", torch::nn::BatchNorm2d(4))) {}

  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(conv(x))); }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d bn;
};
TORCH_MODULE(Reflect);

// A pre-norm decoder block written out: three Linears over one input
// (fused-qkv), attention with a causal mask and dropout, a residual add
// into the project's RMSNorm (add-rmsnorm), SwiGLU, and a dropout, residual
// add and LayerNorm (dropout-add-layernorm).
struct RMSNormImpl : torch::nn::Module {
  explicit RMSNormImpl(int64_t n, double eps = 1e-6)
      : weight(register_parameter("weight", torch::ones({n}))), eps(eps) {}

  torch::Tensor forward(const torch::Tensor &x) {
    return x * torch::rsqrt(x.pow(2).mean(-1, true) + eps) * weight;
  }

  torch::Tensor weight;
  double eps;
};
TORCH_MODULE(RMSNorm);

struct DecoderImpl : torch::nn::Module {
  DecoderImpl()
      : wq(register_module("wq", torch::nn::Linear(32, 32))),
        wk(register_module("wk", torch::nn::Linear(32, 32))),
        wv(register_module("wv", torch::nn::Linear(32, 32))),
        wo(register_module("wo", torch::nn::Linear(32, 32))),
        norm(register_module("norm", RMSNorm(32))),
        gate(register_module(
            "gate",
            torch::nn::Linear(torch::nn::LinearOptions(32, 48).bias(false)))),
        up(register_module(
            "up",
            torch::nn::Linear(torch::nn::LinearOptions(32, 48).bias(false)))),
        down(register_module("down", torch::nn::Linear(48, 32))),
        ln(register_module(
            "ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({32})))),
        drop(register_module("drop", torch::nn::Dropout(0.1))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor mask) {
    const int64_t B = x.size(0), T = x.size(1);
    auto q = wq(x).view({B, T, 4, 8}).transpose(1, 2);
    auto k = wk(x).view({B, T, 4, 8}).transpose(1, 2);
    auto v = wv(x).view({B, T, 4, 8}).transpose(1, 2);
    auto s = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(8.0);
    s = s.masked_fill(mask, -1e9);
    auto p = torch::dropout(torch::softmax(s, -1), 0.1, is_training());
    auto a = torch::matmul(p, v).transpose(1, 2).reshape({B, T, 32});
    auto h = x + wo(a);
    auto n = norm(h);
    auto f = down(torch::silu(gate(n)) * up(n));
    return ln(drop(f) + h);
  }

  torch::nn::Linear wq, wk, wv, wo;
  RMSNorm norm;
  torch::nn::Linear gate, up, down;
  torch::nn::LayerNorm ln;
  torch::nn::Dropout drop;
};
TORCH_MODULE(Decoder);

// Attention weights returned, not multiplied by v (masked-softmax), and a
// classifier's loss written as log_softmax then nll_loss (log-softmax-nll).
struct ScorerImpl : torch::nn::Module {
  ScorerImpl() : head(register_module("head", torch::nn::Linear(32, 10))) {}

  torch::Tensor weights(torch::Tensor s, torch::Tensor mask) {
    return torch::softmax(s.masked_fill(mask, -1e9) / std::sqrt(8.0), -1);
  }

  torch::Tensor loss(torch::Tensor x, torch::Tensor target) {
    return torch::nll_loss(torch::log_softmax(head(x), 1), target);
  }

  torch::nn::Linear head;
};
TORCH_MODULE(Scorer);

// A MultiheadAttention whose weights nothing reads (mha-module): self-
// attention with a key padding mask.
struct SelfAttnImpl : torch::nn::Module {
  SelfAttnImpl()
      : mha(register_module(
            "mha", torch::nn::MultiheadAttention(
                       torch::nn::MultiheadAttentionOptions(32, 4).dropout(
                           0.1)))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor pad) {
    return std::get<0>(mha(x, x, x, pad));
  }

  torch::nn::MultiheadAttention mha;
};
TORCH_MODULE(SelfAttn);

// Cross-attention, k and v one value, called with no mask ({}) and
// need_weights false, without biases.
struct CrossAttnImpl : torch::nn::Module {
  CrossAttnImpl()
      : mha(register_module(
            "mha", torch::nn::MultiheadAttention(
                       torch::nn::MultiheadAttentionOptions(32, 2).bias(
                           false)))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor memory) {
    auto r = mha->forward(x, memory, memory, {}, /*need_weights=*/false);
    return std::get<0>(r);
  }

  torch::nn::MultiheadAttention mha;
};
TORCH_MODULE(CrossAttn);

// LSTM cells written out (lstm-manual): gates from two Linears, and from
// one Linear over cat(x, h) with the gates in another order (i, f, o, g).
struct CellsImpl : torch::nn::Module {
  CellsImpl()
      : ih(register_module("ih", torch::nn::Linear(16, 96))),
        hh(register_module("hh", torch::nn::Linear(24, 96))),
        w(register_module("w", torch::nn::Linear(40, 96))) {}

  std::tuple<torch::Tensor, torch::Tensor> two(torch::Tensor x, torch::Tensor h,
                                               torch::Tensor c) {
    auto g = (ih(x) + hh(h)).chunk(4, 1);
    auto c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[2]);
    auto h2 = torch::sigmoid(g[3]) * torch::tanh(c2);
    return {h2, c2};
  }

  std::tuple<torch::Tensor, torch::Tensor> cat(torch::Tensor x, torch::Tensor h,
                                               torch::Tensor c) {
    auto g = w(torch::cat({x, h}, 1)).chunk(4, -1);
    auto c2 = torch::sigmoid(g[1]) * c + torch::sigmoid(g[0]) * torch::tanh(g[3]);
    auto h2 = torch::sigmoid(g[2]) * torch::tanh(c2);
    return {h2, c2};
  }

  torch::nn::Linear ih, hh, w;
};
TORCH_MODULE(Cells);

// Conv3d + BatchNorm3d + an in-place ReLU (conv-bn over video clips).
struct ClipImpl : torch::nn::Module {
  ClipImpl()
      : conv(register_module(
            "conv", torch::nn::Conv3d(torch::nn::Conv3dOptions(3, 8, {3, 3, 3})
                                          .stride({1, 2, 2})
                                          .padding(1)))),
        bn(register_module("bn", torch::nn::BatchNorm3d(8))) {}

  torch::Tensor forward(torch::Tensor x) { return bn(conv(x)).relu_(); }

  torch::nn::Conv3d conv;
  torch::nn::BatchNorm3d bn;
};
TORCH_MODULE(Clip);

// Decoder self-attention with a causal attn_mask after need_weights, as
// TransformerDecoderLayer passes it (mha-module: tune times it with one).
struct CausalAttnImpl : torch::nn::Module {
  CausalAttnImpl()
      : mha(register_module("mha", torch::nn::MultiheadAttention(32, 4))) {}

  torch::Tensor forward(torch::Tensor x, torch::Tensor causal) {
    return std::get<0>(mha->forward(x, x, x, {}, false, causal));
  }

  torch::nn::MultiheadAttention mha;
};
TORCH_MODULE(CausalAttn);
