// Modules whose code asks its modules what they are (VGG's weight
// initialisation). adopter::nn::FusedLinearReLU is a torch::nn::LinearImpl
// (linear-relu's `subclass: true`), so `as<torch::nn::Linear>()` answers the
// same after the rewrite: a Sequential element and a member are retyped.
// Asking for the activation the rewrite replaces by an Identity, or for a
// module whose replacement is not one (a LayerNorm), would change the
// answer: those are reported (a test anywhere in the translation unit
// counts, since a loop over modules() may reach any module;
// sequential-type-test-relu.cpp asks for a ReLU).
#include <adopter/kernels/FusedLinearReLU.h>
#include <torch/torch.h>

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() {
    head = register_module(
        "head", torch::nn::Sequential(adopter::nn::FusedLinearReLU(8, 8),
                                      torch::nn::Identity(), torch::nn::Linear(8, 2)));
    for (auto &m : modules(/*include_self=*/false))
      if (auto *fc = m->as<torch::nn::Linear>())
        torch::nn::init::normal_(fc->weight, 0, 0.01);
  }
  torch::Tensor forward(torch::Tensor x) { return head->forward(x); }
  torch::nn::Sequential head{nullptr};
};
TORCH_MODULE(Classifier);

struct MemberImpl : torch::nn::Module {
  MemberImpl() {
    fc = register_module("fc", adopter::nn::FusedLinearReLU(8, 4));
    for (auto &m : modules(/*include_self=*/false))
      if (auto *linear = m->as<torch::nn::LinearImpl>())
        torch::nn::init::zeros_(linear->bias);
  }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearReLU fc{nullptr};
};
TORCH_MODULE(Member);

struct NormTestImpl : torch::nn::Module {
  NormTestImpl() {
    norm = register_module(
        "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({8})));
    for (auto &m : modules(/*include_self=*/false))
      if (auto *ln = m->as<torch::nn::LayerNorm>())
        torch::nn::init::ones_(ln->weight);
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    return norm(x + y);
  }
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(NormTest);
