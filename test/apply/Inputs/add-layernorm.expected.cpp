// Input of add-layernorm.test: `rewrite: swap-module` with a module that
// returns two tensors (add-layernorm): the LayerNorm member becomes
// adopter::nn::FusedAddLayerNorm (same options, same weight and bias names)
// and `norm(a + b)`, written as one expression, becomes
// `std::get<1>(norm(a, b))`.
#include <adopter/kernels/FusedAddLayerNorm.h>
#include <torch/torch.h>

// Post-norm residual, as in BERT's output blocks, registered in the body.
struct PostNormImpl : torch::nn::Module {
  PostNormImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16}).eps(1e-6)));
  }
  torch::Tensor forward(torch::Tensor x) { return std::get<1>(norm(proj(x), x)); }
  torch::nn::Linear proj{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr};
};
TORCH_MODULE(PostNorm);

// Embeddings summed then normalized, built in the initializer list, the
// norm without affine parameters; the sum is a sub-expression.
struct EmbedNormImpl : torch::nn::Module {
  EmbedNormImpl()
      : tok(register_module("tok", torch::nn::Linear(8, 16))),
        pos(register_module("pos", torch::nn::Linear(8, 16))),
        ln(register_module("ln", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16}).elementwise_affine(false)))) {}
  torch::Tensor forward(torch::Tensor x) {
    auto h = 2.0 * std::get<1>(ln(tok(x), pos(x)));
    return h;
  }
  torch::nn::Linear tok, pos;
  adopter::nn::FusedAddLayerNorm ln;
};
TORCH_MODULE(EmbedNorm);

// Not rewritten: the LayerNorm is a function here, not a submodule.
struct FunctionalImpl : torch::nn::Module {
  FunctionalImpl() {
    weight = register_parameter("weight", torch::ones({16}));
    bias = register_parameter("bias", torch::zeros({16}));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    namespace F = torch::nn::functional;
    return std::get<1>(adopter::ops::add_layer_norm(x, y, F::LayerNormFuncOptions({16}).weight(weight).bias(bias)));
  }
  torch::Tensor weight, bias;
};
TORCH_MODULE(Functional);

// The sum is a statement of its own and is read again: both results are
// written where the sum is (`pair:`).
struct PreNormImpl : torch::nn::Module {
  PreNormImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    ln = register_module("ln", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor x_normed;
    std::tie(x, x_normed) = ln(x, fc(x));
    return x + x_normed;
  }
  torch::nn::Linear fc{nullptr};
  adopter::nn::FusedAddLayerNorm ln{nullptr};
};
TORCH_MODULE(PreNorm);

// Over two statements: the sum's statement goes and its declaration moves
// to the norm's.
struct SplitNormImpl : torch::nn::Module {
  SplitNormImpl() {
    ln = register_module("ln", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto y = x * 2;
    auto h = std::get<1>(ln(y, x));
    return h;
  }
  adopter::nn::FusedAddLayerNorm ln{nullptr};
};
TORCH_MODULE(SplitNorm);

// The same LayerNorm also normalizes a plain tensor: it stays (a retyped
// one would change that call), and the `otherwise:` function takes it.
struct SharedNormImpl : torch::nn::Module {
  SharedNormImpl() {
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return std::get<1>(adopter::ops::add_layer_norm(x, y, *ln)) + ln(x);
  }
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(SharedNorm);

// Pre-norm blocks read the sum again after the norm: the sum's statement
// becomes the call returning both (std::tie), and the norm the new
// variable. GPT-2's block (x assigned), LLaMA's declared h.
struct GptBlockImpl : torch::nn::Module {
  GptBlockImpl() {
    ln_1 = register_module("ln_1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
    attn = register_module("attn", torch::nn::Linear(16, 16));
    ln_2 = register_module("ln_2", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor x_normed;
    std::tie(x, x_normed) = ln_2(x, attn(ln_1(x)));
    x = x + mlp->forward(x_normed);
    return x;
  }
  torch::nn::LayerNorm ln_1{nullptr};
  adopter::nn::FusedAddLayerNorm ln_2{nullptr};
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
};
TORCH_MODULE(GptBlock);

struct DeclaredSumImpl : torch::nn::Module {
  DeclaredSumImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    torch::Tensor h, h_normed;
    std::tie(h, h_normed) = norm(x, fc(x));
    auto out = h + fc(h_normed);
    return out;
  }
  torch::nn::Linear fc{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr};
};
TORCH_MODULE(DeclaredSum);

// A declaration without side effects may come between; not rewritten: a
// statement with one, and the sum also passed to a function in the norm's
// statement.
struct ApartImpl : torch::nn::Module {
  ApartImpl() {
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16}))); ln2 = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    torch::Tensor h, h_normed;
    std::tie(h, h_normed) = norm(x, y);
    auto z = y * 2;
    return h + h_normed + z;
  }
  torch::Tensor changed(torch::Tensor x, torch::Tensor y) {
    auto h = x + y;
    y.add_(1);
    return h + ln(h) + y;
  }
  torch::Tensor passed(torch::Tensor x, torch::Tensor y) {
    auto h = x + y;
    return torch::relu(h) + ln2(h);
  }
  adopter::nn::FusedAddLayerNorm norm{nullptr};
  torch::nn::LayerNorm ln{nullptr}, ln2{nullptr};
};
TORCH_MODULE(Apart);

// A sum declared with direct initialisation, and one assigned in
// parentheses: rewritten. Not rewritten: a static local (std::tie would
// assign it on every call).
struct InitFormsImpl : torch::nn::Module {
  InitFormsImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
    ln = register_module("ln", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
    ln2 = register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor x_normed;
    std::tie(x, x_normed) = norm(x, fc(x));
    return x + fc(x_normed);
  }
  torch::Tensor direct(const torch::Tensor &x) {
    torch::Tensor h, h_normed;
    std::tie(h, h_normed) = ln(x, fc(x));
    return h + fc(h_normed);
  }
  torch::Tensor once(const torch::Tensor &x) {
    static torch::Tensor h = x + fc(x);
    return h + fc(ln2(h));
  }
  torch::nn::Linear fc{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr}, ln{nullptr};
  torch::nn::LayerNorm ln2{nullptr};
};
TORCH_MODULE(InitForms);

// BERT's embeddings: the sum in a declaration of its own, then `e =
// norm(e);`. The sum is not read after the norm, so the call is written
// where the sum was and the norm's statement goes (`f = norm2(f) * 2;`
// keeps its statement, which reads f in place of the norm).
struct EmbedSumImpl : torch::nn::Module {
  EmbedSumImpl() {
    tok = register_module("tok", torch::nn::Embedding(10, 16));
    pos = register_module("pos", torch::nn::Embedding(10, 16));
    typ = register_module("typ", torch::nn::Embedding(2, 16));
    norm = register_module("norm", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
    norm2 = register_module("norm2", adopter::nn::FusedAddLayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor ids, torch::Tensor types) {
    auto positions = torch::arange(ids.size(1)).unsqueeze(0);
    auto e = std::get<1>(norm(tok(ids) + typ(types), pos(positions)));
    auto f = std::get<1>(norm2(tok(ids), pos(positions)));
    f = f * 2;
    return e + f;
  }
  torch::nn::Embedding tok{nullptr}, pos{nullptr}, typ{nullptr};
  adopter::nn::FusedAddLayerNorm norm{nullptr}, norm2{nullptr};
};
TORCH_MODULE(EmbedSum);

// Functional forms have no module to swap (`otherwise:`): a pre-norm block
// with F::layer_norm over two dimensions (the sum kept) and
// torch::layer_norm with a shape; one given a tensor (bias) is reported.
struct FunctionalPairImpl : torch::nn::Module {
  FunctionalPairImpl() {
    g = register_parameter("g", torch::ones({4, 4}));
    b = register_parameter("b", torch::zeros({16}));
    fc = register_module("fc", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    namespace F = torch::nn::functional;
    auto h = x + fc(x);
    auto v = h.view({-1, 4, 4});
    torch::Tensor s, s_normed;
    std::tie(s, s_normed) = adopter::ops::add_layer_norm(v, v, F::LayerNormFuncOptions({4, 4}).weight(g).eps(1e-3));
    auto n = s_normed;
    return s.view({-1, 16}) + n.view({-1, 16}) +
           std::get<1>(adopter::ops::add_layer_norm(h, x, {16})) + torch::layer_norm(x + h, {16}, {}, b);
  }
  torch::Tensor g, b;
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(FunctionalPair);

// The options from a helper of the project that only builds them
// (DistilBERT's ln_options): moved to where the sum is computed.
torch::nn::functional::LayerNormFuncOptions
ln_options(int64_t dim, const torch::Tensor &weight) {
  return torch::nn::functional::LayerNormFuncOptions({dim}).weight(weight).eps(1e-12);
}

struct HelperOptionsImpl : torch::nn::Module {
  HelperOptionsImpl() {
    w = register_parameter("w", torch::ones({16}));
    tok = register_module("tok", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    namespace F = torch::nn::functional;
    auto e = std::get<1>(adopter::ops::add_layer_norm(tok(x), x, ln_options(16, w)));
    return e;
  }
  torch::Tensor w;
  torch::nn::Linear tok{nullptr};
};
TORCH_MODULE(HelperOptions);

// GPT-NeoX's layer: the LayerNorm normalizes the block's input on the
// parallel-residual path and the residual sum on the other, where the sum
// is read again (pair). It stays, and the function takes it.
struct ParallelResidualImpl : torch::nn::Module {
  explicit ParallelResidualImpl(bool parallel) : parallel(parallel) {
    attn = register_module("attn", torch::nn::Linear(16, 16));
    mlp = register_module("mlp", torch::nn::Linear(16, 16));
    ln = register_module("ln", torch::nn::LayerNorm(torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto a = attn(x);
    if (parallel) {
      auto m = mlp(ln(x));
      return m + a + x;
    }
    torch::Tensor a_normed;
    std::tie(a, a_normed) = adopter::ops::add_layer_norm(a, x, *ln);
    auto m = mlp(a_normed);
    return m + a;
  }
  bool parallel;
  torch::nn::Linear attn{nullptr}, mlp{nullptr};
  torch::nn::LayerNorm ln{nullptr};
};
TORCH_MODULE(ParallelResidual);
