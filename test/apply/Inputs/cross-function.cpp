// Chains that cross a function or module boundary. Where the chain covers
// a callee's whole body, the callee's call is part of the chain and is
// replaced in the caller; the callee itself stays as it is.
#include <torch/torch.h>
#include <cmath>

namespace F = torch::nn::functional;

// nanoGPT's NewGELU: a user activation module, the GELU of linear-gelu.
struct NewGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(x, "tanh"); }
};
TORCH_MODULE(NewGELU);

struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    c_fc = register_module("c_fc", torch::nn::Linear(16, 32));
    act = register_module("act", NewGELU());
    c_proj = register_module("c_proj", torch::nn::Linear(32, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = act(c_fc(x));
    return c_proj(x);
  }
  torch::nn::Linear c_fc{nullptr}, c_proj{nullptr};
  NewGELU act{nullptr};
};
TORCH_MODULE(Mlp);

// GELU's tanh argument in a helper (gelu-manual), over two statements.
torch::Tensor gelu_inner(const torch::Tensor &x) {
  return std::sqrt(2.0 / M_PI) * (x + 0.044715 * torch::pow(x, 3.0));
}

struct SplitGeluImpl : torch::nn::Module {
  SplitGeluImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    auto u = gelu_inner(h);
    return 0.5 * h * (1.0 + torch::tanh(u));
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(SplitGelu);

// The mean square of RMSNorm in a helper (rmsnorm-manual).
torch::Tensor mean_square(const torch::Tensor &t) {
  return t.pow(2).mean(-1, true);
}

struct RmsHeadImpl : torch::nn::Module {
  RmsHeadImpl() { weight = register_parameter("weight", torch::ones({8})); }
  torch::Tensor forward(torch::Tensor x) {
    return weight * (x * torch::rsqrt(mean_square(x) + 1e-6));
  }
  torch::Tensor weight;
};
TORCH_MODULE(RmsHead);

// The softmax of attention in a helper (attention).
torch::Tensor probs(torch::Tensor s) { return torch::softmax(s, -1); }

struct AttendImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(8.0);
    return torch::matmul(probs(s), v);
  }
};
TORCH_MODULE(Attend);

// The gate in an own method (swiglu): the method's Linear is the caller's
// own member, named at the call as the method names it. gate() keeps its
// own chain (linear-silu), rewritten too.
struct GatedImpl : torch::nn::Module {
  GatedImpl() {
    w1 = register_module("w1", torch::nn::Linear(8, 12));
    w3 = register_module("w3", torch::nn::Linear(8, 12));
    w2 = register_module("w2", torch::nn::Linear(12, 8));
  }
  torch::Tensor gate(torch::Tensor x) { return F::silu(w1(x)); }
  torch::Tensor forward(torch::Tensor x) { return w2(gate(x) * w3(x)); }
  torch::nn::Linear w1{nullptr}, w3{nullptr}, w2{nullptr};
};
TORCH_MODULE(Gated);

// The residual add in a helper given the modules' outputs (add-layernorm).
torch::Tensor skip_add(const torch::Tensor &a, const torch::Tensor &b) {
  return a + b;
}

struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    norm = register_module("norm",
                           torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})));
  }
  torch::Tensor forward(torch::Tensor x) { return norm(skip_add(x, fc(x))); }
  torch::nn::Linear fc{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(PostNorm);

// Not rewritten: the callee also computes what the chain does not (the
// model returns log-probabilities; its caller takes the loss).
struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(8, 5)); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::log_softmax(fc(x), 1);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

torch::Tensor lossOf(Classifier &model, torch::Tensor x, torch::Tensor t) {
  return torch::nll_loss(model->forward(x), t);
}

// Not rewritten: conv_bn takes the convolution, which the caller cannot
// name (it is Stem's own member).
struct StemImpl : torch::nn::Module {
  StemImpl() { conv = register_module("conv", torch::nn::Conv2d(3, 4, 3)); }
  torch::Tensor forward(torch::Tensor x) { return conv(x); }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Stem);

struct NetImpl : torch::nn::Module {
  NetImpl() {
    stem = register_module("stem", Stem());
    bn = register_module("bn", torch::nn::BatchNorm2d(4));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::relu(bn(stem(x))); }
  Stem stem{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(Net);

// Not rewritten: the call passes an argument with side effects that the
// callee does not use; replacing the call would drop it.
struct StepGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, int64_t step) { return torch::gelu(x); }
};
TORCH_MODULE(StepGELU);

struct CountingImpl : torch::nn::Module {
  CountingImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    act = register_module("act", StepGELU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x), steps++); }
  torch::nn::Linear fc{nullptr};
  StepGELU act{nullptr};
  int64_t steps = 0;
};
TORCH_MODULE(Counting);

// The scale computed inside the callee from its parameter: written at the
// call, with the argument in the parameter's place.
struct ScaledImpl : torch::nn::Module {
  torch::Tensor scaled(torch::Tensor s) {
    return s / std::sqrt(double(s.size(-1)));
  }
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    auto z = scaled(s);
    return torch::softmax(z.masked_fill(mask, -1e9), -1);
  }
};
TORCH_MODULE(Scaled);

// conv-bn with the activation in a user module (YOLO's SiLU wrapper).
struct SiLUActImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::silu(x); }
};
TORCH_MODULE(SiLUAct);

struct ConvBlockImpl : torch::nn::Module {
  ConvBlockImpl() {
    conv = register_module(
        "conv",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 4, 3).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(4));
    act = register_module("act", SiLUAct());
  }
  torch::Tensor forward(torch::Tensor x) { return act(bn(conv(x))); }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  SiLUAct act{nullptr};
};
TORCH_MODULE(ConvBlock);

// ReLU in a helper (linear-relu).
torch::Tensor activate(const torch::Tensor &h) { return torch::relu(h); }

struct ReluHeadImpl : torch::nn::Module {
  ReluHeadImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return activate(fc(x)); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(ReluHead);

// LayerNorm whose scaling is in a helper (layernorm-manual); the helper's
// own RMSNorm is rewritten too.
torch::Tensor scale_by_std(const torch::Tensor &c) {
  return c / torch::sqrt(c.pow(2).mean(-1, true) + 1e-5);
}

struct CentredImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto c = x - x.mean(-1, true);
    return scale_by_std(c);
  }
};
TORCH_MODULE(Centred);

// The mask in a helper (masked-softmax).
torch::Tensor masked(const torch::Tensor &s, const torch::Tensor &m) {
  return s.masked_fill(m, -1e9);
}

struct MaskedProbsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor s, torch::Tensor m) {
    return torch::softmax(masked(s * 0.125, m), -1);
  }
};
TORCH_MODULE(MaskedProbs);

// The scale in a local of the callee: written at the call as the local's
// initializer.
struct LocalScaleImpl : torch::nn::Module {
  torch::Tensor scaled(torch::Tensor s) {
    const double t = 2.0;
    return s / t;
  }
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    return torch::softmax(scaled(s).masked_fill(mask, -1e9), -1);
  }
};
TORCH_MODULE(LocalScale);

// The chain starts in a helper that also computes inputs from its
// parameters (k.transpose(-2, -1), and the scale from q): the call is
// replaced, those written with the arguments in place of the parameters
// (one held in a local, as its initializer). Not rewritten: an input read
// through a parameter or a local the callee assigns.
struct SplitScoresImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    return torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto s = scores(q, k * 2);
    return torch::matmul(torch::softmax(s, -1), v);
  }
};
TORCH_MODULE(SplitScores);

struct LocalKeysImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    auto kt = k.transpose(-2, -1);
    return torch::matmul(q, kt) * 0.125;
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::softmax(scores(q, k), -1), v);
  }
};
TORCH_MODULE(LocalKeys);

struct AssignedQueryImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    q = q.flip(0);
    return torch::matmul(q, k.transpose(-2, -1)) * 0.125;
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::softmax(scores(q, k), -1), v);
  }
};
TORCH_MODULE(AssignedQuery);

struct ReassignedKeysImpl : torch::nn::Module {
  torch::Tensor scores(torch::Tensor q, torch::Tensor k) {
    auto kt = k.transpose(-2, -1);
    kt = kt.flip(0);
    return torch::matmul(q, kt) * 0.125;
  }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::matmul(torch::softmax(scores(q, k), -1), v);
  }
};
TORCH_MODULE(ReassignedKeys);

// Not rewritten: the scale is a member read inside the callee.
struct TemperedImpl : torch::nn::Module {
  torch::Tensor scaled(torch::Tensor s) { return s / temperature; }
  torch::Tensor forward(torch::Tensor s, torch::Tensor mask) {
    return torch::softmax(scaled(s).masked_fill(mask, -1e9), -1);
  }
  double temperature = 2.0;
};
TORCH_MODULE(Tempered);
