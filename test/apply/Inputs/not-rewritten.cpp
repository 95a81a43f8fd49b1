// Input of not-rewritten.test: findings `adopter apply` reports but does
// not rewrite, each with its reason. The file must stay as it is.
#include <torch/torch.h>

namespace F = torch::nn::functional;

// GELU's approximation named by a variable: only literal arguments are
// carried over to the replacement's constructor.
struct TanhImpl : torch::nn::Module {
  TanhImpl() { fc = register_module("fc", torch::nn::Linear(8, 8)); }
  torch::Tensor forward(torch::Tensor x) {
    return F::gelu(fc(x), F::GELUFuncOptions().approximate(mode));
  }
  torch::nn::Linear fc{nullptr};
  std::string mode = "tanh";
};

// Built by a helper that does more than return a construction (it sets
// the bias): apply cannot retype what it returns. (A helper that only
// returns one is inlined: helper-construction.test.)
torch::nn::Linear makeLinear(int64_t n) {
  torch::nn::Linear l(n, n);
  torch::nn::init::zeros_(l->bias);
  return l;
}
struct FactoryImpl : torch::nn::Module {
  FactoryImpl() { fc = register_module("fc", makeLinear(8)); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
  torch::nn::Linear fc{nullptr};
};

// Built by a helper whose construction reads its parameter twice, from an
// argument with a side effect: inlined, it would run twice.
int64_t counter = 0;
int64_t next_width() { return ++counter; }
torch::nn::Linear square(int64_t n) { return torch::nn::Linear(n, n); }
struct CountedImpl : torch::nn::Module {
  CountedImpl() { fc = register_module("fc", square(next_width())); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
  torch::nn::Linear fc{nullptr};
};

// Built by a helper of another namespace: the names in its construction
// (`nn::`) are looked up there, not where the member is built.
namespace layers {
namespace nn = torch::nn;
nn::Linear wide(int64_t n) { return nn::Linear(n, 2 * n); }
} // namespace layers
struct ElsewhereImpl : torch::nn::Module {
  ElsewhereImpl() { fc = register_module("fc", layers::wide(4)); }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
  torch::nn::Linear fc{nullptr};
};

// The member is also handed to code that needs a torch::nn::Linear: the
// rewrite would not compile, so it is dropped with the compiler's message.
int64_t width(const torch::nn::Linear &L) { return L->options.out_features(); }
struct NeedsLinearImpl : torch::nn::Module {
  NeedsLinearImpl() {
    fc = register_module("fc", torch::nn::Linear(8, 8));
    n = width(fc);
  }
  torch::Tensor forward(torch::Tensor x) { return torch::gelu(fc(x)); }
  torch::nn::Linear fc{nullptr};
  int64_t n = 0;
};

// A rule whose replacement apply cannot write yet (no `rewrite:`; the
// user's pack Inputs/norewrite), and no other candidate overlapping
// it (apply/fallback.test has one).
struct AttendImpl : torch::nn::Module {
  AttendImpl() {
    proj = register_module("proj", torch::nn::Linear(16, 16));
  }
  torch::Tensor forward(torch::Tensor x) {
    return torch::tanh(torch::tanh(proj(x)));
  }
  torch::nn::Linear proj{nullptr};
};

// An LSTM cell whose fused call would be written at its first statement and
// so read c earlier than the code does; c is read through a call apply
// cannot prove free of side effects.
struct CellState {
  torch::Tensor h, c;
};
inline torch::Tensor stored_c(const CellState &state) {
  static int reads = 0;
  ++reads;
  return state.c;
}
struct CellImpl : torch::nn::Module {
  CellImpl() {
    x2h = register_module("x2h", torch::nn::Linear(8, 64));
    h2h = register_module("h2h", torch::nn::Linear(16, 64));
  }
  CellState forward(const torch::Tensor &x, const CellState &state) {
    auto gates = x2h(x) + h2h(state.h);
    auto chunks = gates.chunk(4, /*dim=*/1);
    auto ingate = torch::sigmoid(chunks[0]);
    auto forgetgate = torch::sigmoid(chunks[1]);
    auto cellgate = torch::tanh(chunks[2]);
    auto outgate = torch::sigmoid(chunks[3]);
    auto cy = forgetgate * stored_c(state) + ingate * cellgate;
    auto hy = outgate * torch::tanh(cy);
    return {hy, cy};
  }
  torch::nn::Linear x2h{nullptr}, h2h{nullptr};
};
TORCH_MODULE(Cell);

// GELU's constant in a variable that is not const: the value it holds when
// forward runs is not known from the source.
#include <cmath>
double gelu_scale = std::sqrt(2.0 / M_PI);
struct ScaledGeluImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    return 0.5 * x * (1.0 + torch::tanh(gelu_scale * (x + 0.044715 * x * x * x)));
  }
};
TORCH_MODULE(ScaledGelu);

// Half of GELU's product written in a macro's body: replacing the chain
// would edit inside the macro's expansion.
#define HALF_OF(v) (0.5 * (v))
struct MacroGeluImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor x) {
    auto e = torch::erf(x / 1.4142135623730951);
    return HALF_OF(x) * (1.0 + e);
  }
};
TORCH_MODULE(MacroGelu);

// A MultiheadAttention built in a function, not a class's member: the
// module swap retypes members only (and mha-module has no function form).
torch::Tensor attendOnce(const torch::Tensor &x) {
  torch::nn::MultiheadAttention mha(16, 4);
  return std::get<0>(mha(x, x, x));
}
