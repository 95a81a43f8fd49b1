// Input of linear-act.test: Linear + GELU / SiLU / ReLU in the construction
// call styles real modules use. Every chain here is rewritten.
#include <torch/torch.h>

#include <vector>

namespace F = torch::nn::functional;

// Body-style construction, members sharing one declaration, a GELU module.
struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 64));
    act = register_module("act", torch::nn::GELU());
    fc2 = register_module("fc2", torch::nn::Linear(64, 64));
    out = register_module("out", torch::nn::Linear(64, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = act(fc1(x));
    auto h = torch::gelu(fc2->forward(x));
    return out(h);
  }

  torch::nn::Linear fc1{nullptr}, fc2{nullptr}, out{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Mlp);

// Initializer-list construction with options, SiLU as a free function.
struct GateImpl : torch::nn::Module {
  explicit GateImpl(int64_t d)
      : proj(register_module(
            "proj", torch::nn::Linear(torch::nn::LinearOptions(d, 2 * d)
                                          .bias(false)))) {}

  torch::Tensor forward(const torch::Tensor &x) { return torch::silu(proj(x)); }

  torch::nn::Linear proj;
};
TORCH_MODULE(Gate);

// In-class construction (no spelled type to change), a holder with a
// `->forward` call, ReLU as a method.
struct HeadImpl : torch::nn::Module {
  HeadImpl() { register_module("head", head); }
  torch::Tensor forward(const torch::Tensor &x) { return head->forward(x).relu(); }
  torch::nn::Linear head{torch::nn::LinearOptions(16, 4)};
};
TORCH_MODULE(Head);

// The chain over two statements: the module call stays, the activation
// goes (a statement `x = relu(x)` disappears, a use becomes the variable).
struct TwoStepImpl : torch::nn::Module {
  TwoStepImpl() {
    a = register_module("a", torch::nn::Linear(16, 16));
    b = register_module("b", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = a(x);
    x = torch::relu(x);
    auto h = b->forward(x);
    return torch::gelu(h) + x;
  }
  torch::nn::Linear a{nullptr}, b{nullptr};
};
TORCH_MODULE(TwoStep);

// tanh GELU: the approximation becomes a constructor argument.
struct TanhImpl : torch::nn::Module {
  TanhImpl() : up(torch::nn::LinearOptions(8, 32)) {
    register_module("up", up);
  }
  torch::Tensor forward(torch::Tensor x) {
    return F::gelu(up(x), F::GELUFuncOptions().approximate("tanh"));
  }
  torch::nn::Linear up;
};
TORCH_MODULE(Tanh);

// The approximation as a positional argument: carried over just the same.
struct TanhPosImpl : torch::nn::Module {
  TanhPosImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x), "tanh"); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(TanhPos);

// In place on a variable: the statement `h.relu_();` goes away.
struct InPlaceImpl : torch::nn::Module {
  InPlaceImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    h.relu_();
    return h * 2;
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(InPlace);

// A GELU module's options are the op's: its approximate="tanh" is carried
// into the fused module, as a member and as a Sequential element.
struct GeluModuleImpl : torch::nn::Module {
  GeluModuleImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    act = register_module("act", torch::nn::GELU(torch::nn::GELUOptions().approximate("tanh")));
    seq = register_module("seq", torch::nn::Sequential(torch::nn::Linear(16, 8), torch::nn::GELU(torch::nn::GELUOptions().approximate("tanh"))));
  }
  torch::Tensor forward(torch::Tensor x) { return seq->forward(act(fc(x))); }
  torch::nn::Linear fc{nullptr};
  torch::nn::GELU act{nullptr};
  torch::nn::Sequential seq{nullptr};
};
TORCH_MODULE(GeluModule);

// Over two statements, through a function that takes its tensor by value
// (F::relu copies the variable): the call stays, the activation goes.
struct ByValueImpl : torch::nn::Module {
  ByValueImpl() {
    fc = register_module("fc", torch::nn::Linear(16, 16));
    out = register_module("out", torch::nn::Linear(16, 4));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    h = torch::nn::functional::relu(h);
    return out(h);
  }
  torch::nn::Linear fc{nullptr}, out{nullptr};
};
TORCH_MODULE(ByValue);
