// Opened in adopter-clangd by lsp_client.py and by the Neovim test.
#include <torch/torch.h>

struct MLPImpl : torch::nn::Module {
  MLPImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(MLP);
