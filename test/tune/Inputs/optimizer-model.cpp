// adopter tune over optimizer-adam sites: the optimizer is timed over the
// shapes of the parameters its module's parameters() returns, recovered
// from the source (test/tune/optimizer.test).
#include <torch/torch.h>

#include <vector>

struct Config {
  int64_t dim = 16;
  int64_t layers = 2;
  int64_t vocab = 50;
  bool bias = true;
};

// A parameter registered by hand, beside a buffer (not a parameter).
struct ScaleImpl : torch::nn::Module {
  explicit ScaleImpl(int64_t n) : w(register_parameter("w", torch::ones({n}))) {
    register_buffer("steps", torch::zeros({1}));
  }
  torch::Tensor forward(torch::Tensor x) { return x * w; }
  torch::Tensor w;
};
TORCH_MODULE(Scale);

// Options from the constructor's parameters: the config and a size.
struct BlockImpl : torch::nn::Module {
  BlockImpl(const Config &c, int64_t hidden)
      : fc(register_module(
            "fc", torch::nn::Linear(
                      torch::nn::LinearOptions(c.dim, hidden).bias(c.bias)))),
        out(register_module("out", torch::nn::Linear(hidden, c.dim))),
        norm(register_module(
            "norm",
            torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.dim})))),
        scale(register_module("scale", Scale(c.dim))) {}
  torch::Tensor forward(torch::Tensor x) {
    return x + scale(out(torch::relu(fc(norm(x)))));
  }
  torch::nn::Linear fc, out;
  torch::nn::LayerNorm norm;
  Scale scale;
};
TORCH_MODULE(Block);

struct NetImpl : torch::nn::Module {
  explicit NetImpl(const Config &cfg) {
    emb = register_module("emb", torch::nn::Embedding(cfg.vocab, cfg.dim));
    for (int64_t i = 0; i < cfg.layers; ++i)
      blocks->push_back(Block(cfg, 4 * cfg.dim));
    register_module("blocks", blocks);
    conv = register_module(
        "conv", torch::nn::Conv1d(
                    torch::nn::Conv1dOptions(cfg.dim, cfg.dim, 3).groups(4)));
    bn = register_module("bn", torch::nn::BatchNorm1d(cfg.dim));
    lstm = register_module(
        "lstm", torch::nn::LSTM(torch::nn::LSTMOptions(cfg.dim, 8)
                                    .num_layers(2)
                                    .bidirectional(true)));
    attn = register_module("attn", torch::nn::MultiheadAttention(cfg.dim, 2));
    head = register_module("head", torch::nn::Linear(cfg.dim, cfg.vocab));
    pos = register_parameter("pos", torch::randn({8, cfg.dim}) * 0.02);
    frozen = register_parameter("frozen", torch::ones({cfg.dim}), false);
  }
  torch::Tensor forward(torch::Tensor tokens) {
    auto x = emb(tokens) + pos;
    for (const auto &b : *blocks)
      x = b->as<Block>()->forward(x);
    return head(x * frozen + side(x).sum());
  }
  torch::nn::Embedding emb{nullptr};
  torch::nn::ModuleList blocks;
  torch::nn::Conv1d conv{nullptr};
  torch::nn::BatchNorm1d bn{nullptr};
  torch::nn::LSTM lstm{nullptr};
  torch::nn::MultiheadAttention attn{nullptr};
  torch::nn::Linear head{nullptr};
  torch::nn::Linear side{16, 1}; // never registered: not in parameters()
  torch::Tensor pos, frozen;
};
TORCH_MODULE(Net);

// A parameter registered only under a run-time condition.
struct GatedImpl : torch::nn::Module {
  GatedImpl(int64_t n, bool gate) {
    fc = register_module("fc", torch::nn::Linear(n, n));
    if (gate)
      g = register_parameter("g", torch::ones({n}));
  }
  torch::Tensor forward(torch::Tensor x) { return g.defined() ? fc(x) * g : fc(x); }
  torch::nn::Linear fc{nullptr};
  torch::Tensor g;
};
TORCH_MODULE(Gated);

int main(int argc, char **argv) {
  Config cfg;
  Net model(cfg);
  torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));

  Gated gated(16, argc > 1);
  torch::optim::AdamW opt2(gated->parameters(),
                           torch::optim::AdamWOptions(1e-3));

  std::vector<torch::Tensor> params = model->parameters();
  torch::optim::Adam opt3(params, torch::optim::AdamOptions(1e-3));

#ifdef ADOPTER_COUNT_PARAMETERS
  // What parameters() returns, to check the fixture's expected numbers.
  std::map<std::vector<int64_t>, int> shapes;
  int64_t n = 0, tensors = 0;
  for (const auto &p : model->parameters())
    if (p.requires_grad())
      shapes[p.sizes().vec()]++, n += p.numel(), ++tensors;
  std::printf("%lld tensors in %zu shapes, %lld parameters\n",
              (long long)tensors, shapes.size(), (long long)n);
#endif
  return 0;
}

// A module that holds one of its own type, as deep as run time says.
struct TreeImpl : torch::nn::Module {
  explicit TreeImpl(int64_t depth) {
    fc = register_module("fc", torch::nn::Linear(4, 4));
    if (depth > 0)
      child = register_module("child", std::make_shared<TreeImpl>(depth - 1));
  }
  torch::Tensor forward(torch::Tensor x) {
    return child ? child->forward(fc(x)) : fc(x);
  }
  torch::nn::Linear fc{nullptr};
  std::shared_ptr<TreeImpl> child;
};
TORCH_MODULE(Tree);

void trainTree() {
  Tree tree(3);
  torch::optim::Adam opt(tree->parameters(), torch::optim::AdamOptions(1e-3));
}

// A container its constructor is given: what it holds is not in the source
// of the class.
struct WrapImpl : torch::nn::Module {
  explicit WrapImpl(torch::nn::Sequential seq)
      : body(register_module("body", std::move(seq))) {}
  torch::Tensor forward(torch::Tensor x) { return body->forward(x); }
  torch::nn::Sequential body;
};
TORCH_MODULE(Wrap);

void trainWrap() {
  Wrap wrap(torch::nn::Sequential(torch::nn::Linear(4, 4)));
  torch::optim::Adam opt(wrap->parameters(), torch::optim::AdamOptions(1e-3));
}

// A std::vector of modules: the elements registered one by one are
// parameters() (3 x (4 x 4 + 4): 60 in 6 tensors of 2 shapes), the other
// vector's are not.
struct StackImpl : torch::nn::Module {
  explicit StackImpl(int64_t n) {
    for (int64_t i = 0; i < n; ++i)
      layers.push_back(register_module("layer_" + std::to_string(i),
                                       torch::nn::Linear(4, 4)));
    spare.push_back(torch::nn::Linear(4, 4));
  }
  torch::Tensor forward(torch::Tensor x) {
    for (auto &l : layers)
      x = l(x);
    return x;
  }
  std::vector<torch::nn::Linear> layers, spare;
};
TORCH_MODULE(Stack);

void trainStack() {
  Stack stack(3);
  torch::optim::Adam opt(stack->parameters(), torch::optim::AdamOptions(1e-3));
}

// A member built only under a condition: there where the constructor's
// argument says so (4 x 4 + 4, and as much again with proj).
struct MaybeImpl : torch::nn::Module {
  explicit MaybeImpl(bool proj_out) {
    fc = register_module("fc", torch::nn::Linear(4, 4));
    if (proj_out)
      proj = register_module("proj", torch::nn::Linear(4, 4));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    return proj ? proj(x) : x;
  }
  torch::nn::Linear fc{nullptr}, proj{nullptr};
};
TORCH_MODULE(Maybe);

// Assigned on both paths: always there, of the width the argument says
// (4 x 8 + 8 where wide), beside an AnyModule that holds a ReLU.
struct EitherImpl : torch::nn::Module {
  explicit EitherImpl(bool wide) {
    if (wide)
      fc = register_module("fc", torch::nn::Linear(4, 8));
    else
      fc = register_module("fc", torch::nn::Linear(4, 4));
    act = torch::nn::AnyModule(torch::nn::ReLU());
    register_module("act", act.ptr());
  }
  torch::Tensor forward(torch::Tensor x) { return act.forward(fc(x)); }
  torch::nn::Linear fc{nullptr};
  torch::nn::AnyModule act;
};
TORCH_MODULE(Either);

// An AnyModule holding a GELU or a Linear: its parameters are known only
// at run time.
struct SwitchImpl : torch::nn::Module {
  explicit SwitchImpl(bool gelu) {
    if (gelu)
      act = torch::nn::AnyModule(torch::nn::GELU());
    else
      act = torch::nn::AnyModule(torch::nn::Linear(4, 4));
    register_module("act", act.ptr());
  }
  torch::Tensor forward(torch::Tensor x) { return act.forward(x); }
  torch::nn::AnyModule act;
};
TORCH_MODULE(Switch);

void trainMaybe(bool a, bool b) {
  Maybe maybe(a);
  torch::optim::Adam opt(maybe->parameters(), torch::optim::AdamOptions(1e-3));
  Maybe lean(false), full(true);
  torch::optim::Adam opt2(lean->parameters(), torch::optim::AdamOptions(1e-3));
  torch::optim::Adam opt3(full->parameters(), torch::optim::AdamOptions(1e-3));
  Either either(b);
  torch::optim::Adam opt4(either->parameters(), torch::optim::AdamOptions(1e-3));
  Switch sw(a);
  torch::optim::Adam opt5(sw->parameters(), torch::optim::AdamOptions(1e-3));
}

// Constructor parameters left to their defaults size the model: Defaults()
// is a Linear(6, 3) (18 + 3), Defaults(4) a Linear(4, 3) (12 + 3).
struct DefaultsImpl : torch::nn::Module {
  explicit DefaultsImpl(int64_t in = 6, int64_t out = kOut) {
    fc = register_module("fc", torch::nn::Linear(in, out));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  static constexpr int64_t kOut = 3;
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Defaults);

void trainDefaults() {
  Defaults d, e(4);
  torch::optim::Adam opt(d->parameters(), torch::optim::AdamOptions(1e-3));
  torch::optim::Adam opt2(e->parameters(), torch::optim::AdamOptions(1e-3));
}

// Registered under a condition no --define can give (a string compared):
// named, not asked for.
struct KindImpl : torch::nn::Module {
  explicit KindImpl(const std::string &kind) {
    fc = register_module("fc", torch::nn::Linear(4, 4));
    if (kind == "wide")
      extra = register_module("extra", torch::nn::Linear(4, 4));
  }
  torch::Tensor forward(torch::Tensor x) { return extra ? extra(fc(x)) : fc(x); }
  torch::nn::Linear fc{nullptr}, extra{nullptr};
};
TORCH_MODULE(Kind);

void trainKind() {
  Kind kind("wide");
  torch::optim::Adam opt(kind->parameters(), torch::optim::AdamOptions(1e-3));
}
