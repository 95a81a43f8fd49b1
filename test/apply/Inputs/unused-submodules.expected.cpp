// Input of unused-submodules.test: activation modules a rewrite leaves
// without a call.
#include <adopter/kernels/FusedLinearGELU.h>
#include <adopter/kernels/FusedLinearReLU.h>
#include <adopter/kernels/FusedLinearSiLU.h>
#include <torch/torch.h>

#include "unused-submodules.h"

// Constructed in the body: the GELU module goes (declaration and
// registration); it holds no parameters, so every name stays.
struct BodyImpl : torch::nn::Module {
  BodyImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearGELU fc{nullptr};
};
TORCH_MODULE(Body);

// Constructed in the initializer list: the entry goes, after another.
struct ListImpl : torch::nn::Module {
  ListImpl()
      : fc(register_module("fc", adopter::nn::FusedLinearReLU(8, 8))) {}
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearReLU fc;
};
TORCH_MODULE(List);

// The first entry of the list, and the activation declared before the
// Linear.
struct FirstImpl : torch::nn::Module {
  FirstImpl()
      : proj(register_module("proj", adopter::nn::FusedLinearSiLU(8, 4))) {}
  torch::Tensor forward(torch::Tensor x) { return proj(x); }
  adopter::nn::FusedLinearSiLU proj;
};
TORCH_MODULE(First);

// A user activation module that registers nothing goes too.
struct PlainGELUImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(x); }
};
TORCH_MODULE(PlainGELU);

struct UserActImpl : torch::nn::Module {
  UserActImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 8));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearGELU fc{nullptr};
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
    fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 8));
    act = register_module("act", BufferedGELU());
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearGELU fc{nullptr};
  BufferedGELU act{nullptr};
};
TORCH_MODULE(BufferedAct);

// Kept: the activation is still called elsewhere.
struct SharedImpl : torch::nn::Module {
  SharedImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearReLU(8, 8));
    act = register_module("act", torch::nn::ReLU());
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  torch::Tensor again(torch::Tensor x) { return act(x); }
  adopter::nn::FusedLinearReLU fc{nullptr};
  torch::nn::ReLU act{nullptr};
};
TORCH_MODULE(Shared);

// Kept: declared with another member in one declaration.
struct PairImpl : torch::nn::Module {
  PairImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearReLU(8, 8));
    a = register_module("a", torch::nn::ReLU());
    b = register_module("b", torch::nn::ReLU());
  }
  torch::Tensor forward(torch::Tensor x) { return b(fc(x)); }
  adopter::nn::FusedLinearReLU fc{nullptr};
  torch::nn::ReLU a{nullptr}, b{nullptr};
};
TORCH_MODULE(Pair);

// The only entry of an initializer list: the list goes with it.
struct OnlyImpl : torch::nn::Module {
  OnlyImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 8));
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearGELU fc{nullptr};
};
TORCH_MODULE(Only);
