// fused-qkv (`rewrite: function`, `tuple: qkv`): the three projections stay
// members (their weights are read at the call), so every checkpoint key
// stays; one call computes the three results, each read from its tuple.
#include <adopter/kernels/PackedLinear.h>
#include <torch/torch.h>

#include <vector>

// Whisper's attention: one statement per projection, all with biases.
struct WhisperImpl : torch::nn::Module {
  WhisperImpl() {
    query = register_module("query", torch::nn::Linear(16, 16));
    key = register_module("key", torch::nn::Linear(16, 16));
    value = register_module("value", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto qkv = adopter::ops::packed_linear3(x, query->weight, query->bias, key->weight, key->bias, value->weight, value->bias);
    auto q = std::get<0>(qkv);
    auto k = std::get<1>(qkv);
    auto v = std::get<2>(qkv);
    return torch::matmul(torch::matmul(q, k.transpose(-2, -1)), v);
  }
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
};
TORCH_MODULE(Whisper);

// LLaMA's: no biases, each result viewed as heads, a view after the
// results (`.view` computes without side effects, so the results may be
// computed before it).
struct LlamaImpl : torch::nn::Module {
  LlamaImpl() {
    wq = register_module("wq", torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false)));
    wk = register_module("wk", torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false)));
    wv = register_module("wv", torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x) {
    const auto bsz = x.size(0), seqlen = x.size(1);
    auto qkv = adopter::ops::packed_linear3(x, wq->weight, wq->bias, wk->weight, wk->bias, wv->weight, wv->bias);
    auto xq = std::get<0>(qkv).view({bsz, seqlen, 4, 4});
    auto xk = std::get<1>(qkv).view({bsz, seqlen, 4, 4});
    auto xv = std::get<2>(qkv).view({bsz, seqlen, 4, 4});
    return (xq * xk + xv).view({bsz, seqlen, 16});
  }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Llama);

// The rule's example: one declaration of three variables; and grouped-query
// widths (k and v narrower than q), whose results a view merges with the
// leading dimension.
struct GroupedImpl : torch::nn::Module {
  GroupedImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 8));
    wv = register_module("wv", torch::nn::Linear(16, 8));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto qkv = adopter::ops::packed_linear3(x, wq->weight, wq->bias, wk->weight, wk->bias, wv->weight, wv->bias);
    auto q = std::get<0>(qkv), k = std::get<1>(qkv), v = std::get<2>(qkv);
    return q.view({-1}).sum() + (k * v).view({-1});
  }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Grouped);

// The three projections as the arguments of one call, which runs after
// them all; the name `qkv` is taken in this function, so the tuple is
// `qkv2`.
torch::Tensor mix(const torch::Tensor &q, const torch::Tensor &k,
                  const torch::Tensor &v) {
  return q * k - v;
}

struct ArgumentsImpl : torch::nn::Module {
  ArgumentsImpl() {
    q_proj = register_module("q_proj", torch::nn::Linear(16, 16));
    k_proj = register_module("k_proj", torch::nn::Linear(16, 16));
    v_proj = register_module("v_proj", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    double qkv = 0.5;
    auto qkv2 = adopter::ops::packed_linear3(x, q_proj->weight, q_proj->bias, k_proj->weight, k_proj->bias, v_proj->weight, v_proj->bias);
    return mix(std::get<0>(qkv2), std::get<1>(qkv2), std::get<2>(qkv2)) * qkv;
  }
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr};
};
TORCH_MODULE(Arguments);

// Locals declared first and assigned the results: assigning a local the
// call does not read is no side effect a reorder could show.
struct AssignedImpl : torch::nn::Module {
  AssignedImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 16));
    wv = register_module("wv", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor h) {
    torch::Tensor q, k, v;
    auto qkv = adopter::ops::packed_linear3(h, wq->weight, wq->bias, wk->weight, wk->bias, wv->weight, wv->bias);
    q = std::get<0>(qkv);
    k = std::get<1>(qkv);
    v = std::get<2>(qkv);
    return q + k + v;
  }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Assigned);

// Not rewritten: a call with side effects between two projections would
// run after all three instead of between them.
struct LoggedImpl : torch::nn::Module {
  LoggedImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 16));
    wv = register_module("wv", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto q = wq(x);
    steps.push_back(q.sum().item<double>());
    auto k = wk(x);
    auto v = wv(x);
    return q + k + v;
  }
  std::vector<double> steps;
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Logged);

// No finding: the projections read different inputs, or differ in bias.
struct OtherInputsImpl : torch::nn::Module {
  OtherInputsImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 16));
    wv = register_module("wv", torch::nn::Linear(torch::nn::LinearOptions(16, 16).bias(false)));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor memory) {
    auto q = wq(x);
    auto k = wk(memory);
    auto v = wv(memory);
    auto k2 = wk(x);
    auto v2 = wv(x);
    return q + k + v + q * k2 * v2;
  }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(OtherInputs);

// Across a function boundary: a helper computes each projection; its body
// is the op alone, so its calls are what apply replaces.
torch::Tensor project(torch::nn::Linear &proj, const torch::Tensor &x) {
  return proj(x);
}

struct HelperImpl : torch::nn::Module {
  HelperImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 16));
    wv = register_module("wv", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto qkv = adopter::ops::packed_linear3(x, wq->weight, wq->bias, wk->weight, wk->bias, wv->weight, wv->bias);
    auto q = std::get<0>(qkv);
    auto k = std::get<1>(qkv);
    auto v = std::get<2>(qkv);
    return q * k + v;
  }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Helper);

// BERT's and DistilBERT's: each projection viewed as heads by a method or a
// lambda whose body only computes a value; such a call between the
// projections computes the same wherever the projections are computed.
struct HeadsImpl : torch::nn::Module {
  HeadsImpl() {
    query = register_module("query", torch::nn::Linear(16, 16));
    key = register_module("key", torch::nn::Linear(16, 16));
    value = register_module("value", torch::nn::Linear(16, 16));
  }
  torch::Tensor heads(const torch::Tensor &x) const {
    const auto b = x.size(0);
    return x.view({b, -1, n_heads, 16 / n_heads}).transpose(1, 2);
  }
  torch::Tensor forward(torch::Tensor x) {
    auto shape = [&](const torch::Tensor &t) { return t.transpose(2, 3); };
    auto qkv = adopter::ops::packed_linear3(x, query->weight, query->bias, key->weight, key->bias, value->weight, value->bias);
    auto q = heads(std::get<0>(qkv));
    auto k = shape(heads(std::get<1>(qkv)));
    auto v = heads(std::get<2>(qkv));
    return torch::matmul(q, k) + v.sum();
  }
  int64_t n_heads = 4;
  torch::nn::Linear query{nullptr}, key{nullptr}, value{nullptr};
};
TORCH_MODULE(Heads);

// Not rewritten: the helper between the projections also records a step.
struct CountedImpl : torch::nn::Module {
  CountedImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 16));
    wv = register_module("wv", torch::nn::Linear(16, 16));
  }
  torch::Tensor counted(const torch::Tensor &t) {
    ++calls;
    return t;
  }
  torch::Tensor forward(torch::Tensor x) {
    auto q = counted(wq(x));
    auto k = counted(wk(x));
    auto v = counted(wv(x));
    return q + k + v;
  }
  int64_t calls = 0;
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Counted);

// Not rewritten: a guard declared between the projections turns gradients
// off for the ones after it; computing all three before it would not.
struct GuardedImpl : torch::nn::Module {
  GuardedImpl() {
    wq = register_module("wq", torch::nn::Linear(16, 16));
    wk = register_module("wk", torch::nn::Linear(16, 16));
    wv = register_module("wv", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto q = wq(x);
    torch::NoGradGuard frozen;
    auto k = wk(x);
    auto v = wv(x);
    return q + k + v;
  }
  torch::nn::Linear wq{nullptr}, wk{nullptr}, wv{nullptr};
};
TORCH_MODULE(Guarded);
