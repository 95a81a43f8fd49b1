#include "act.h"

torch::Tensor ActImpl::forward(torch::Tensor x) { return torch::gelu(x); }

torch::Tensor TanhActImpl::forward(torch::Tensor x) {
  return torch::gelu(x, "tanh");
}
