// Uses the installed adopter_kernels: a LayerNorm checkpoint loads into the
// fused module, and its output equals the original's.
#include <adopter/kernels/FusedLayerNorm.h>
#include <torch/torch.h>

#include <cstdio>
#include <sstream>

int main() {
  torch::manual_seed(0);
  torch::nn::LayerNorm Ref(torch::nn::LayerNormOptions({32}));
  {
    torch::NoGradGuard NoGrad;
    Ref->weight.uniform_(0.5, 1.5);
    Ref->bias.uniform_(-0.5, 0.5);
  }
  std::stringstream Checkpoint;
  torch::save(Ref, Checkpoint);
  adopter::nn::FusedLayerNorm Fused(torch::nn::LayerNormOptions({32}));
  torch::load(Fused, Checkpoint);
  auto X = torch::randn({4, 32});
  bool Same = torch::allclose(Ref(X), Fused(X), 1e-5, 1e-5);
  std::printf("fused == torch::nn::LayerNorm: %s\n", Same ? "yes" : "no");
  return Same ? 0 : 1;
}
