#include "model.h"
#include <iostream>

int main() {
  torch::manual_seed(0);
  Ffn F = makeFfn();
  Head H;
  torch::Tensor Y = runHead(H, F(torch::randn({4, 16})));
  std::cout << "app: output " << Y.sizes() << ", "
            << F->named_parameters().size() + H->named_parameters().size()
            << " parameters\n";
}
