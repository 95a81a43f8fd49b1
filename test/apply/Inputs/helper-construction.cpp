// Input of helper-construction.test: members built by a helper function of
// the project that returns one construction (T5's linear_no_bias). The call
// that builds the retyped member becomes the helper's construction, retyped,
// the call's arguments in the parameters' places; the helper stays for the
// members it still builds.
#include <torch/torch.h>

namespace t5 {

namespace nn = torch::nn;

// In an anonymous namespace: its names are seen in t5.
namespace {
nn::Linear linear_no_bias(int64_t in, int64_t out) {
  return nn::Linear(nn::LinearOptions(in, out).bias(false));
}
} // namespace

// A default argument, and a parameter used twice.
nn::Linear square(int64_t n, bool bias = true) {
  return nn::Linear(nn::LinearOptions(n, n).bias(bias));
}

struct DenseImpl : nn::Module {
  DenseImpl(int64_t d_model, int64_t d_ff) {
    wi = register_module("wi", linear_no_bias(d_model, 2 * d_ff));
    wo = register_module("wo", linear_no_bias(2 * d_ff, d_model));
    gate = register_module("gate", square(d_model));
  }
  torch::Tensor forward(const torch::Tensor &x) {
    auto h = torch::relu(wi(x));
    return wo(h) + torch::gelu(gate(x));
  }
  nn::Linear wi{nullptr}, wo{nullptr}, gate{nullptr};
};
TORCH_MODULE(Dense);

} // namespace t5
