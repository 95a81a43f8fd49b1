// Header for header-split.cpp: the module is declared here, defined in the .cpp.
#pragma once

#include <torch/torch.h>

class EncoderImpl : public torch::nn::Module {
public:
  EncoderImpl(int64_t vocab, int64_t dim, int64_t out);

  torch::Tensor forward(const torch::Tensor &tokens);

private:
  torch::nn::Embedding embed{nullptr};
  torch::nn::GRU rnn{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Encoder);
