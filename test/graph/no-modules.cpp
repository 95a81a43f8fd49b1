// RUN: %adopter graph %s -- %torch_flags -I%S/Inputs 2>%t.err >%t.out
// RUN: count 0 < %t.out
// RUN: FileCheck --check-prefix=NOTE %s < %t.err
// FEATURE: plain C++ using torch tensors and functional ops (a free function normalize and main) but defining no torch::nn::Module subclass: the tool must report that no modules were found (empty graph), not an error.
#include <torch/torch.h>

#include <iostream>

torch::Tensor normalize(const torch::Tensor &x) {
  auto mean = x.mean(/*dim=*/0, /*keepdim=*/true);
  auto std = x.std(/*dim=*/0, /*unbiased=*/true, /*keepdim=*/true);
  return (x - mean) / (std + 1e-5);
}

int main() {
  torch::manual_seed(0);
  auto x = torch::randn({16, 4});
  auto y = torch::relu(normalize(x)).sum(1);
  std::cout << y.sizes() << std::endl;
  return 0;
}
// NOTE: adopter: note: no torch::nn::Module class found in '{{.*}}no-modules.cpp'
