// log-softmax-nll (`rewrite: function`): log_softmax then nll_loss becomes
// adopter::ops::cross_entropy, with nll_loss's options object as written or
// the NLLLoss module, and log_softmax's dim when it is -1.
#include <adopter/kernels/CrossEntropy.h>
#include <torch/torch.h>

namespace F = torch::nn::functional;

// A classifier's loss in one expression.
struct PlainImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor t) {
    return adopter::ops::cross_entropy(x, t);
  }
};

// Over two statements, functional, dim -1 and an options object that reads
// a member: the options go to the new call as written. The reshapes have no
// side effects, so the first one may move into the second statement.
struct PaddedImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor logits, torch::Tensor target) {
    return adopter::ops::cross_entropy(logits.reshape({-1, classes}), target.reshape({-1}), F::NLLLossFuncOptions().ignore_index(pad).reduction(
                           torch::kSum), -1);
  }
  int64_t pad = 0, classes = 5;
};

// Not rewritten: the first statement's input is a call with side effects
// (it draws random numbers), and the second statement has another one.
struct NoisyImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor t) {
    auto lp = torch::log_softmax(x + torch::randn_like(x), 1);
    return torch::nll_loss(lp, t.index_select(0, torch::randperm(t.size(0))));
  }
};

// An NLLLoss member with a class weight: the module goes to the call (its
// weight buffer and options), and stays a member.
struct WeightedImpl : torch::nn::Module {
  WeightedImpl() {
    loss = register_module(
        "loss", torch::nn::NLLLoss(torch::nn::NLLLossOptions().weight(
                    torch::linspace(0.5, 1.5, 5))));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor t) {
    return adopter::ops::cross_entropy(x, t, loss);
  }
  torch::nn::NLLLoss loss{nullptr};
};

// Not rewritten: the log-probabilities are returned too.
struct KeepsLogProbsImpl : torch::nn::Module {
  std::tuple<torch::Tensor, torch::Tensor> forward(torch::Tensor x,
                                                   torch::Tensor t) {
    auto lp = torch::log_softmax(x, 1);
    return {lp, torch::nll_loss(lp, t)};
  }
};

// Not rewritten: ATen's positional class weight, which the replacement's
// call does not take in that form.
struct PositionalImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor t, torch::Tensor w) {
    return torch::nll_loss(torch::log_softmax(x, 1), t, w);
  }
};

// The chain inside a helper function that a training loop calls: rewritten
// in the helper.
torch::Tensor auxLoss(const torch::Tensor &logits, const torch::Tensor &labels) {
  return adopter::ops::cross_entropy(logits, labels);
}

// Not rewritten: the model returns log-probabilities (its callers see
// them), and the loss is taken in another function.
struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() { fc = register_module("fc", torch::nn::Linear(6, 5)); }
  torch::Tensor forward(torch::Tensor x) {
    return torch::log_softmax(fc(x), 1);
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

torch::Tensor trainStep(Classifier &model, torch::Tensor x, torch::Tensor t) {
  auto loss = torch::nll_loss(model->forward(x), t);
  return loss + auxLoss(torch::randn({4, 5}), t);
}

// Not rewritten: log_softmax's dim is a parameter of the helper. The call
// apply writes depends on its value (`, -1` or nothing), which another
// caller may pass otherwise.
torch::Tensor lossOverDim(const torch::Tensor &x, const torch::Tensor &t,
                          int64_t dim) {
  return torch::nll_loss(torch::log_softmax(x, dim), t);
}
struct DimParamImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x, torch::Tensor t) {
    return lossOverDim(x, t, -1);
  }
};
