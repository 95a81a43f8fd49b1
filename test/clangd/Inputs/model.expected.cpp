// Opened in adopter-clangd by lsp_client.py and by the Neovim test.
#include <adopter/kernels/FusedLinearGELU.h>
#include <torch/torch.h>

struct MLPImpl : torch::nn::Module {
  MLPImpl() { fc = register_module("fc", adopter::nn::FusedLinearGELU(8, 8)); }
  torch::Tensor forward(torch::Tensor x) { return fc(x); }
  adopter::nn::FusedLinearGELU fc{nullptr};
};
TORCH_MODULE(MLP);
