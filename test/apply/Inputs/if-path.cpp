// Input of if-path.test: chains whose last op runs on one path of a
// conditional and whose first runs on every path (an if-path split).
#include <torch/torch.h>

torch::Tensor tanh_gelu(const torch::Tensor &x) {
  return 0.5 * x * (1.0 + torch::tanh(0.7978845608 * (x + 0.044715 * x * x * x)));
}

// GPT-2's MLP: `x = c_fc(x); x = c ? new_gelu(x) : torch::gelu(x);`. The
// other arm calls a function of the project with the Linear's result.
struct ArmImpl : torch::nn::Module {
  explicit ArmImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = tanh_act ? tanh_gelu(x) : torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(Arm);

// A declared value, returned through the conditional; the chain in the
// first arm, an operator around the other arm's read.
struct ReturnArmImpl : torch::nn::Module {
  explicit ReturnArmImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    return !tanh_act ? torch::gelu(h) : torch::tanh(h) * 2;
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(ReturnArm);

// The Linear inside a helper method whose whole body it is (a function
// boundary): the helper's call moves into the other arm.
struct HelperArmImpl : torch::nn::Module {
  explicit HelperArmImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor up(const torch::Tensor &x) { return fc(x); }
  torch::Tensor forward(torch::Tensor x) {
    auto h = up(x);
    auto y = tanh_act ? torch::tanh(h) : torch::gelu(h);
    return y;
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(HelperArm);

// The same as an `if`/`else` whose branches store one variable.
struct IfElseImpl : torch::nn::Module {
  explicit IfElseImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    if (tanh_act)
      x = torch::tanh(x);
    else
      x = torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(IfElse);

// Both branches return, in braces.
struct BracedImpl : torch::nn::Module {
  explicit BracedImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    if (!tanh_act) {
      return torch::gelu(h);
    } else {
      return torch::tanh(h) * 2;
    }
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(Braced);

// A branch of two statements: not rewritten.
struct LongBranchImpl : torch::nn::Module {
  explicit LongBranchImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    if (tanh_act) {
      auto t = torch::tanh(x);
      x = t * 2;
    } else {
      x = torch::gelu(x);
    }
    return x;
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(LongBranch);

// The variable the Linear's statement declares is read after the `if`,
// whose branches cannot declare it: not rewritten.
struct DeclUsedImpl : torch::nn::Module {
  explicit DeclUsedImpl(bool t) : tanh_act(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto h = fc(x);
    if (tanh_act)
      h = torch::tanh(h);
    else
      h = torch::gelu(h);
    return h;
  }
  torch::nn::Linear fc{nullptr};
  bool tanh_act;
};
TORCH_MODULE(DeclUsed);

// The condition reads the Linear's result: not rewritten.
struct CondReadsImpl : torch::nn::Module {
  CondReadsImpl() { fc = register_module("fc", torch::nn::Linear(8, 16)); }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = x.size(0) > 1 ? torch::tanh(x) : torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(CondReads);

// The other arm reads the result twice (the Linear would run twice): not
// rewritten.
struct TwiceImpl : torch::nn::Module {
  explicit TwiceImpl(bool t) : swish(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = swish ? x * torch::sigmoid(x) : torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
  bool swish;
};
TORCH_MODULE(Twice);

// The other arm draws random numbers beside its read (the Linear would run
// after them, not before): not rewritten.
struct NoisyArmImpl : torch::nn::Module {
  explicit NoisyArmImpl(bool t) : noisy(t) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = noisy ? torch::randn({16}) + torch::tanh(x) : torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
  bool noisy;
};
TORCH_MODULE(NoisyArm);

// The other arm reads the result only on a path of its own: not rewritten.
struct NestedImpl : torch::nn::Module {
  NestedImpl(bool a, bool b) : first(a), second(b) {
    fc = register_module("fc", torch::nn::Linear(8, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = first ? (second ? torch::tanh(x) : torch::zeros({16})) : torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
  bool first, second;
};
TORCH_MODULE(Nested);

// The condition has side effects (it counts calls): not rewritten.
struct CountingImpl : torch::nn::Module {
  CountingImpl() { fc = register_module("fc", torch::nn::Linear(8, 16)); }
  bool odd() { return ++calls % 2 == 1; }
  torch::Tensor forward(torch::Tensor x) {
    x = fc(x);
    x = odd() ? torch::tanh(x) : torch::gelu(x);
    return x;
  }
  torch::nn::Linear fc{nullptr};
  int calls = 0;
};
TORCH_MODULE(Counting);

// add-layernorm on one path: the LayerNorm, still called there, stays and
// its `otherwise:` function takes it (`, *ln`).
struct NormArmImpl : torch::nn::Module {
  explicit NormArmImpl(bool n) : normalize(n) {
    ln = register_module("ln", torch::nn::LayerNorm(
                                   torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto h = x + y;
    return normalize ? ln(h) : torch::relu(h);
  }
  torch::nn::LayerNorm ln{nullptr};
  bool normalize;
};
TORCH_MODULE(NormArm);

// mha-module swaps the MultiheadAttention for a module of another type and
// has no function form: the chain's last op (std::get<0>) on one path only
// is reported.
struct MhaArmImpl : torch::nn::Module {
  explicit MhaArmImpl(bool a) : attend(a) {
    mha = register_module("mha", torch::nn::MultiheadAttention(16, 2));
  }
  torch::Tensor forward(torch::Tensor x) {
    auto t = mha(x, x, x);
    return attend ? std::get<0>(t) : x;
  }
  torch::nn::MultiheadAttention mha{nullptr};
  bool attend;
};
TORCH_MODULE(MhaArm);

// The moved sum is written in parentheses where an operator reads it.
struct NormScaleImpl : torch::nn::Module {
  explicit NormScaleImpl(bool n) : normalize(n) {
    ln = register_module("ln", torch::nn::LayerNorm(
                                   torch::nn::LayerNormOptions({16})));
  }
  torch::Tensor forward(torch::Tensor x, torch::Tensor y) {
    auto h = x + y;
    return normalize ? ln(h) : h * 2;
  }
  torch::nn::LayerNorm ln{nullptr};
  bool normalize;
};
TORCH_MODULE(NormScale);
