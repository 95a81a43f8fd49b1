// conv-bn and linear-bn (`rewrite: function`): the chain becomes
// adopter::ops::conv_bn / linear_bn over the model's own members, so no
// member changes and every checkpoint key stays.
#include <torch/torch.h>

namespace F = torch::nn::functional;

// One expression each; the activation that ends the chain picks the call's
// Activation (the rule's `choose:`), none when there is no activation.
struct StemImpl : torch::nn::Module {
  StemImpl() {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, 8, 3).padding(1).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(8));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 8, 3).padding(1)));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(torch::nn::BatchNormOptions(8).momentum(0.3)));
    conv3 = register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 8, 1)));
    bn3 = register_module("bn3", torch::nn::BatchNorm2d(8));
    conv4 = register_module("conv4", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 8, 3).stride(2)));
    bn4 = register_module("bn4", torch::nn::BatchNorm2d(8));
    conv5 = register_module("conv5", torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 4, 1)));
    bn5 = register_module("bn5", torch::nn::BatchNorm2d(4));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(bn1(conv1(x)));
    x = F::silu(bn2(conv2(x)));
    x = torch::leaky_relu(bn3->forward(conv3->forward(x)));
    x = torch::hardtanh(bn4(conv4(x)), 0.0, 6.0);
    return bn5(conv5(x)) * 2;
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr},
      conv4{nullptr}, conv5{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr},
      bn4{nullptr}, bn5{nullptr};
};
TORCH_MODULE(Stem);

// One op per statement: the statements before the last op's go, and a
// declaration they held moves to the statement that remains; an input with
// side effects moves with them to a statement that computes only the chain.
struct BlockImpl : torch::nn::Module {
  BlockImpl()
      : conv1(register_module("conv1", torch::nn::Conv1d(4, 8, 3))),
        bn1(register_module("bn1", torch::nn::BatchNorm1d(8))),
        conv2(register_module("conv2", torch::nn::Conv1d(8, 8, 1))),
        bn2(register_module("bn2", torch::nn::BatchNorm1d(8))),
        conv3(register_module("conv3", torch::nn::Conv1d(8, 8, 1))),
        bn3(register_module("bn3", torch::nn::BatchNorm1d(8))) {}
  torch::Tensor forward(torch::Tensor x) {
    auto out = conv1->forward(x);
    out = bn1->forward(out);
    out = torch::relu(out);

    out = conv2(out);
    out = bn2(out).relu_();

    auto h = conv3(out.contiguous());
    auto y = bn3(h);
    return y + out;
  }
  torch::nn::Conv1d conv1, conv2, conv3;
  torch::nn::BatchNorm1d bn1, bn2, bn3;
};
TORCH_MODULE(Block);

// Linear + BatchNorm1d.
struct HeadImpl : torch::nn::Module {
  HeadImpl() {
    fc1 = register_module("fc1", torch::nn::Linear(16, 32));
    bn1 = register_module("bn1", torch::nn::BatchNorm1d(32));
    fc2 = register_module("fc2", torch::nn::Linear(32, 4));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(bn1(fc1(x)));
    return fc2(x);
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
  torch::nn::BatchNorm1d bn1{nullptr};
};
TORCH_MODULE(Head);

// Sequential elements: the Sequential is fused where it is built. Reported,
// not rewritten: an input with side effects in a statement that would go,
// read instead by a statement that computes more than the chain; a
// statement between the chain's; a result kept in a member; an in-place op
// as a statement of its own; a module held by a std::shared_ptr.
// Counts its calls: a side effect that apply must not reorder.
torch::Tensor counted(const torch::Tensor &t) {
  static int64_t Calls = 0;
  ++Calls;
  return t;
}
struct RefusedImpl : torch::nn::Module {
  RefusedImpl() {
    seq = register_module("seq", torch::nn::Sequential(torch::nn::Conv2d(3, 8, 3), torch::nn::BatchNorm2d(8), torch::nn::ReLU()));
    conv1 = register_module("conv1", torch::nn::Conv2d(8, 8, 1));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(8));
    conv2 = register_module("conv2", torch::nn::Conv2d(8, 8, 1));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(8));
    conv3 = register_module("conv3", torch::nn::Conv2d(8, 8, 1));
    bn3 = register_module("bn3", torch::nn::BatchNorm2d(8));
    conv4 = register_module("conv4", torch::nn::Conv2d(8, 8, 1));
    bn4 = register_module("bn4", torch::nn::BatchNorm2d(8));
    raw = register_module("raw", std::make_shared<torch::nn::Conv2dImpl>(8, 8, 1));
    bnr = register_module("bnr", torch::nn::BatchNorm2d(8));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = seq->forward(x);
    auto h = conv1(counted(x));
    x = torch::relu(bn1(h)) * 2;
    auto g = conv2(x);
    auto scale = torch::rand({1});
    x = bn2(g) * scale;
    kept = conv3(x);
    x = bn3(kept);
    x = bn4(conv4(x));
    x.relu_();
    return bnr(raw->forward(x));
  }
  torch::nn::Sequential seq{nullptr};
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr},
      conv4{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr},
      bn4{nullptr}, bnr{nullptr};
  std::shared_ptr<torch::nn::Conv2dImpl> raw;
  torch::Tensor kept;
};
TORCH_MODULE(Refused);

// Activation modules: a ReLU module is fused (in place or not does not
// matter to a value only the chain reads); a LeakyReLU module passes its
// options, whose slope is not the default.
struct ActModulesImpl : torch::nn::Module {
  ActModulesImpl() {
    conv1 = register_module("conv1", torch::nn::Conv2d(3, 4, 3));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(4));
    relu = register_module("relu", torch::nn::ReLU(torch::nn::ReLUOptions().inplace(true)));
    conv2 = register_module("conv2", torch::nn::Conv2d(4, 4, 1));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(4));
    leaky = register_module("leaky", torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = relu(bn1(conv1(x)));
    return leaky(bn2(conv2(x)));
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
  torch::nn::ReLU relu{nullptr};
  torch::nn::LeakyReLU leaky{nullptr};
};
TORCH_MODULE(ActModules);

// A variable declared before the chain and not stored again by it keeps
// the value a removed statement stores: reported (code that runs later, or
// a loop's next iteration, could read it).
struct KeptImpl : torch::nn::Module {
  KeptImpl() {
    conv = register_module("conv", torch::nn::Conv2d(3, 4, 1));
    bn = register_module("bn", torch::nn::BatchNorm2d(4));
  }
  torch::Tensor forward(torch::Tensor x) {
    torch::Tensor h;
    h = conv(x);
    x = torch::relu(bn(h));
    return x;
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(Kept);

// A declaration from a side-effect-free expression between the chain's
// statements stays where it is (the chain's ops move past it); one that
// reads a variable of the chain is reported.
struct BetweenImpl : torch::nn::Module {
  BetweenImpl() {
    conv = register_module("conv", torch::nn::Conv2d(3, 4, 1));
    bn = register_module("bn", torch::nn::BatchNorm2d(4));
    conv2 = register_module("conv2", torch::nn::Conv2d(4, 4, 1));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(4));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = conv(x);
    auto scale = (x.size(0) + 1) * 0.5;
    auto y = torch::relu(bn(h)) * scale;
    auto g = conv2(y);
    auto n = g.size(1);
    return bn2(g) * n;
  }
  torch::nn::Conv2d conv{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn{nullptr}, bn2{nullptr};
};
TORCH_MODULE(Between);

// A functional leaky_relu's slope travels too: an options object as
// written, or a number.
struct SlopesImpl : torch::nn::Module {
  SlopesImpl() {
    conv1 = register_module("conv1", torch::nn::Conv2d(3, 4, 3));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(4));
    conv2 = register_module("conv2", torch::nn::Conv2d(4, 4, 1));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(4));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = torch::nn::functional::leaky_relu(
        bn1(conv1(x)), torch::nn::functional::LeakyReLUFuncOptions().negative_slope(0.1));
    return torch::leaky_relu(bn2(conv2(x)), 0.3);
  }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr};
};
TORCH_MODULE(Slopes);
