// A module whose code asks its elements whether they are a Linear (VGG's
// weight initialisation): retyping the element would change the answer.
#include <torch/torch.h>

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() {
    head = register_module(
        "head", torch::nn::Sequential(torch::nn::Linear(8, 8),
                                      torch::nn::ReLU(), torch::nn::Linear(8, 2)));
    for (auto &m : modules(/*include_self=*/false))
      if (auto *fc = m->as<torch::nn::Linear>())
        torch::nn::init::normal_(fc->weight, 0, 0.01);
  }
  torch::Tensor forward(torch::Tensor x) { return head->forward(x); }
  torch::nn::Sequential head{nullptr};
};
TORCH_MODULE(Classifier);
