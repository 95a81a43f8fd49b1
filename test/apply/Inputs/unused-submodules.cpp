// Input of unused-submodules.test: activation modules a rewrite leaves
// without a call.
#include <torch/torch.h>

#include "unused-submodules.h"

// Constructed in the body: the GELU module goes (declaration and
// registration); it holds no parameters, so every name stays.
struct BodyImpl : torch::nn::Module {
  BodyImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 16));
    act = register_module("act", torch::nn::GELU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::nn::Linear fc{nullptr};
  torch::nn::GELU act{nullptr};
};
TORCH_MODULE(Body);

// Constructed in the initializer list: the entry goes, after another.
struct ListImpl : torch::nn::Module {
  ListImpl()
      : fc(register_module("fc", torch::nn::Linear(8, 8))),
        relu(register_module(
            "relu", torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)))) {}
  torch::Tensor forward(torch::Tensor x) { return relu(fc(x)); }
  torch::nn::Linear fc;
  torch::nn::ReLU relu;
};
TORCH_MODULE(List);

// The first entry of the list, and the activation declared before the
// Linear.
struct FirstImpl : torch::nn::Module {
  FirstImpl()
      : act(register_module("act", torch::nn::SiLU())),
        proj(register_module("proj", torch::nn::Linear(8, 4))) {}
  torch::Tensor forward(torch::Tensor x) { return act(proj(x)); }
  torch::nn::SiLU act;
  torch::nn::Linear proj;
};
TORCH_MODULE(First);

// A user activation module that registers nothing goes too.
struct PlainGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(x); }
};
TORCH_MODULE(PlainGELU);

struct UserActImpl : torch::nn::Module {
  UserActImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    act = register_module("act", PlainGELU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::nn::Linear fc{nullptr};
  PlainGELU act{nullptr};
};
TORCH_MODULE(UserAct);

// Kept: a user activation module with a buffer (its name is in the
// checkpoint).
struct BufferedGELUImpl : torch::nn::Module {
  BufferedGELUImpl() { calls = register_buffer("calls", torch::zeros({1})); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(x); }
  torch::Tensor calls;
};
TORCH_MODULE(BufferedGELU);

struct BufferedActImpl : torch::nn::Module {
  BufferedActImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    act = register_module("act", BufferedGELU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::nn::Linear fc{nullptr};
  BufferedGELU act{nullptr};
};
TORCH_MODULE(BufferedAct);

// Kept: the activation is still called elsewhere.
struct SharedImpl : torch::nn::Module {
  SharedImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    act = register_module("act", torch::nn::ReLU());
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::Tensor again(torch::Tensor x) { return act(x); }
  torch::nn::Linear fc{nullptr};
  torch::nn::ReLU act{nullptr};
};
TORCH_MODULE(Shared);

// Kept: declared with another member in one declaration.
struct PairImpl : torch::nn::Module {
  PairImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    a = register_module("a", torch::nn::ReLU());
    b = register_module("b", torch::nn::ReLU());
  }
  torch::Tensor forward(torch::Tensor x) { return b(a(fc(x))); }
  torch::nn::Linear fc{nullptr};
  torch::nn::ReLU a{nullptr}, b{nullptr};
};
TORCH_MODULE(Pair);

// The only entry of an initializer list: the list goes with it.
struct OnlyImpl : torch::nn::Module {
  OnlyImpl() : act(register_module("act", torch::nn::GELU())) {
    fc = register_module("fc", torch::nn::Linear(8, 8));
  }
  torch::Tensor forward(torch::Tensor x) { return act(fc(x)); }
  torch::nn::Linear fc{nullptr};
  torch::nn::GELU act;
};
TORCH_MODULE(Only);
