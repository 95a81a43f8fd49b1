// attention (`rewrite: function`): scaled dot-product attention written
// out becomes adopter::ops::attention(q, k^T, v, mask, scale, mode, kind
// [, fill]), with the scale mode and mask kind the chain spells.
#include <adopter/kernels/Attention.h>
#include <torch/torch.h>

#include <cmath>

// The Annotated Transformer's attention over four statements: divide by
// sqrt(d), masked_fill, softmax, matmul.
struct CausalImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-2, -1), v, mask == 0, std::sqrt(double(head_dim)), adopter::ops::ScaleMode::Divide, adopter::ops::MaskKind::FillWhereTrue, -1e9);
  }
  int64_t head_dim = 8;
};
TORCH_MODULE(Causal);

// LLaMA's: the query scaled first, an additive mask, bmm-free.
struct ScaledQueryImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-1, -2), v, mask, 0.25, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(ScaledQuery);

// No scale and no mask, in one expression.
struct PlainImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return adopter::ops::attention(q, k.transpose(1, 2), v, at::Tensor(), 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::None);
  }
};
TORCH_MODULE(Plain);

// Dropout on the weights, by a module (BERT, ViT, GPT-2): the kernel takes
// the module and drops with torch's own dropout (same seed, same entries).
struct DropoutImpl : torch::nn::Module {
  DropoutImpl() { drop = register_module("drop", torch::nn::Dropout(0.1)); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return adopter::ops::attention(q, k.transpose(-1, -2), v, at::Tensor(), 0.5, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::None, adopter::ops::Dropout(drop));
  }
  torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(Dropout);

namespace F = torch::nn::functional;

// The functional spellings pass what they were given: torch::dropout's
// arguments, F::dropout's options (DistilBERT), or nothing (F::dropout's
// defaults: p 0.5, in eval too).
struct FunctionalDropoutImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask, int64_t which) {
    if (which == 0) {
      return adopter::ops::attention(q, k.transpose(-1, -2), v, mask, 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::FillWhereTrue, -1e4, adopter::ops::Dropout(0.2, is_training()));
    }
    if (which == 1) {
      return adopter::ops::attention(q, k.transpose(-1, -2), v, at::Tensor(), 3.0, adopter::ops::ScaleMode::Divide, adopter::ops::MaskKind::None, adopter::ops::Dropout(F::DropoutFuncOptions().p(0.3).training(is_training())));
    }
    return adopter::ops::attention(q, k.transpose(-1, -2), v, at::Tensor(), 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::None, adopter::ops::Dropout());
  }
};
TORCH_MODULE(FunctionalDropout);

// Not rewritten: torch::where with a tensor as the fill, passed in: the
// kernel takes a number, which apply cannot read from it.
struct TensorFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor keep, torch::Tensor fill) {
    auto s = torch::where(keep, torch::matmul(q, k.transpose(-1, -2)), fill);
    return torch::matmul(torch::softmax(s, -1), v);
  }
};
TORCH_MODULE(TensorFill);

// LLaMA's: the mask added only when it is defined. The kernel takes an
// undefined mask as none, so the mask is passed as it is and the `if` goes.
struct MaybeMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(2, 3), v, mask, 4.0, adopter::ops::ScaleMode::Divide, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(MaybeMask);

// A mask added under another condition: passed as `use_mask ? mask :
// at::Tensor()`, which the kernel takes as none when the flag is false.
struct FlagMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask, bool use_mask) {
    return adopter::ops::attention(q, k.transpose(2, 3), v, use_mask ? mask : at::Tensor(), 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(FlagMask);

// T5: the bias added in place (`scores += bias;`) to the scores the chain
// computed, no scale: the statement goes with the others.
struct InPlaceBiasImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor bias) {
    return adopter::ops::attention(q, k.transpose(3, 2), v, bias, 1.0, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::Additive);
  }
};
TORCH_MODULE(InPlaceBias);

// Not rewritten: another variable shares the scores the bias is added to in
// place, and is read after the chain.
struct SharedScoresImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor bias) {
    auto scores = torch::matmul(q, k.transpose(3, 2));
    auto logits = scores;
    scores += bias;
    return torch::matmul(torch::softmax(scores, -1), v) + logits.sum();
  }
};
TORCH_MODULE(SharedScores);

// GPT-NeoX's fill: a 0-dim tensor built from a number (`torch::full({},
// lowest, ...)`) and only read: the number is passed.
struct ScalarFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor keep) {
    auto fill = torch::full({}, std::numeric_limits<float>::lowest());
    return adopter::ops::attention(q, k.transpose(-1, -2), v, keep, 0.5, adopter::ops::ScaleMode::Multiply, adopter::ops::MaskKind::KeepWhereTrue, std::numeric_limits<float>::lowest());
  }
};
TORCH_MODULE(ScalarFill);

// Not rewritten: the 0-dim fill is changed after it is built, and another
// has one element but a dimension.
struct ChangedFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor keep) {
    auto fill = torch::full({}, -1e9);
    fill.fill_(-1e4);
    auto s = torch::where(keep, torch::matmul(q, k.transpose(-1, -2)), fill);
    auto wide = torch::full({1}, -1e9);
    auto t = torch::where(keep, torch::matmul(q, k.transpose(-1, -2)), wide);
    return torch::matmul(torch::softmax(s, -1), v) + torch::matmul(torch::softmax(t, -1), v);
  }
};
TORCH_MODULE(ChangedFill);

// The dropout reads is_training() in an earlier statement; the last
// statement computes more than the chain (heads merged back). The flag is a
// read, so the call moves there.
struct MergedHeadsImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-2, -1), v, mask, 8.0, adopter::ops::ScaleMode::Divide, adopter::ops::MaskKind::FillWhereTrue, -1e9, adopter::ops::Dropout(0.1, is_training())).transpose(1, 2).flatten(2);
  }
};
TORCH_MODULE(MergedHeads);

// The mask compared under `if (mask.defined())`: the comparison is passed
// only where the mask is defined (`mask == 0` on an undefined mask throws).
struct DefinedFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    return adopter::ops::attention(q, k.transpose(-2, -1), v, (mask.defined() && mask.dim() > 1) ? mask == 0 : at::Tensor(), 8.0, adopter::ops::ScaleMode::Divide, adopter::ops::MaskKind::FillWhereTrue, -1e9);
  }
};
TORCH_MODULE(DefinedFill);

// Not rewritten: the condition has a side effect (it counts the calls),
// which moving it to the chain's last op would run on a changed count.
struct CountedMaskImpl : torch::nn::Module {
  bool next() { return ++calls % 2 == 0; }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1));
    if (next())
      s = s + mask;
    return torch::matmul(torch::softmax(s, -1), v);
  }
  int calls = 0;
};
TORCH_MODULE(CountedMask);

// Not rewritten: the condition reads the scores, which the chain computes.
struct ScoresMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1));
    if (s.size(-1) > 4)
      s = s + mask;
    return torch::matmul(torch::softmax(s, -1), v);
  }
};
TORCH_MODULE(ScoresMask);
