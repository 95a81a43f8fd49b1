// Input of linear-act.test: Linear + GELU / SiLU / ReLU in the construction
// call styles real modules use. Every chain here is rewritten.
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/FusedLinearSiLU.h>
#include <torch/torch.h>

#include <vector>

namespace F = torch::nn::functional;

// Body-style construction, members sharing one declaration, a GELU module.
struct MlpImpl : torch::nn::Module {
  MlpImpl() {
    fc1 = register_module("fc1", adopter::nn::FusedLinearGELU(16, 64));
    fc2 = register_module("fc2", adopter::nn::FusedLinearGELU(64, 64));
    out = register_module("out", torch::nn::Linear(64, 16));
  }

  torch::Tensor forward(torch::Tensor x) {
    x = fc1(x);
    auto h = fc2(x);
    return out(h);
  }

  adopter::nn::FusedLinearGELU fc1{nullptr}, fc2{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(Mlp);

// Initializer-list construction with options, SiLU as a free function.
struct GateImpl : torch::nn::Module {
  explicit GateImpl(int64_t d)
      : proj(register_module(
            "proj", adopter::nn::FusedLinearSiLU(torch::nn::LinearOptions(d, 2 * d)
                                          .bias(false)))) {}

  torch::Tensor forward(const torch::Tensor &x) { return proj(x); }

  adopter::nn::FusedLinearSiLU proj;
};
TORCH_MODULE(Gate);

// In-class construction (no spelled type to change), a holder with a
// `->forward` call, ReLU as a method.
struct HeadImpl : torch::nn::Module {
  HeadImpl() { register_module("head", head); }
  torch::Tensor forward(const torch::Tensor &x) { return head(x); }
  adopter::nn::FusedLinearReLU head{torch::nn::LinearOptions(16, 4)};
};
TORCH_MODULE(Head);

// The chain over two statements: the module call stays, the activation
// goes (a statement `x = relu(x)` disappears, a use becomes the variable).
struct TwoStepImpl : torch::nn::Module {
  TwoStepImpl() {
    a = register_module("a", adopter::nn::FusedLinearReLU(16, 16));
    b = register_module("b", adopter::nn::FusedLinearGELU(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = a(x);
    auto h = b->forward(x);
    return h + x;
  }
  adopter::nn::FusedLinearReLU a{nullptr};
  adopter::nn::FusedLinearGELU b{nullptr};
};
TORCH_MODULE(TwoStep);

// tanh GELU: the approximation becomes a constructor argument.
struct TanhImpl : torch::nn::Module {
  TanhImpl() : up(torch::nn::LinearOptions(8, 32), "tanh") {
    register_module("up", up);
  }
  torch::Tensor forward(torch::Tensor x) {
    return up(x);
  }
  adopter::nn::FusedLinearGELU up;
};
TORCH_MODULE(Tanh);

// The approximation as a positional argument: carried over just the same.
struct TanhPosImpl : torch::nn::Module {
  TanhPosImpl() { fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 8, "tanh")); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearGELU fc{nullptr};
};
TORCH_MODULE(TanhPos);

// In place on a variable: the statement `h.relu_();` goes away.
struct InPlaceImpl : torch::nn::Module {
  InPlaceImpl() { fc = register_module("fc", adopter::nn::FusedLinearReLU(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    return h * 2;
  }
  adopter::nn::FusedLinearReLU fc{nullptr};
};
TORCH_MODULE(InPlace);

// A GELU module's options are the op's: its approximate="tanh" is carried
// into the fused module, as a member and as a Sequential element.
struct GeluModuleImpl : torch::nn::Module {
  GeluModuleImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearGELU(16, 16, "tanh"));
    seq = register_module("seq", torch::nn::Sequential(adopter::nn::FusedLinearGELU(16, 8, "tanh"), torch::nn::Identity()));
  }
  torch::Tensor forward(torch::Tensor x) { return seq->forward(fc(x)); }
  adopter::nn::FusedLinearGELU fc{nullptr};
  torch::nn::Sequential seq{nullptr};
};
TORCH_MODULE(GeluModule);

// Over two statements, through a function that takes its tensor by value
// (F::relu copies the variable): the call stays, the activation goes.
struct ByValueImpl : torch::nn::Module {
  ByValueImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearReLU(16, 16));
    out = register_module("out", torch::nn::Linear(16, 4));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    return out(h);
  }
  adopter::nn::FusedLinearReLU fc{nullptr};
  torch::nn::Linear out{nullptr};
};
TORCH_MODULE(ByValue);
