// attention (`rewrite: function`): scaled dot-product attention written
// out becomes adopter::ops::attention(q, k^T, v, mask, scale, mode, kind
// [, fill]), with the scale mode and mask kind the chain spells.
#include <torch/torch.h>

#include <cmath>

// The Annotated Transformer's attention over four statements: divide by
// sqrt(d), masked_fill, softmax, matmul.
struct CausalImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto att = q.matmul(k.transpose(-2, -1)) / std::sqrt(double(head_dim));
    att = att.masked_fill(mask == 0, -1e9);
    att = torch::softmax(att, -1);
    return att.matmul(v);
  }
  int64_t head_dim = 8;
};
TORCH_MODULE(Causal);

// LLaMA's: the query scaled first, an additive mask, bmm-free.
struct ScaledQueryImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto scores = torch::matmul(q * 0.25, k.transpose(-1, -2)) + mask;
    return torch::matmul(torch::softmax(scores, -1), v);
  }
};
TORCH_MODULE(ScaledQuery);

// No scale and no mask, in one expression.
struct PlainImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    return torch::bmm(torch::softmax(torch::bmm(q, k.transpose(1, 2)), -1), v);
  }
};
TORCH_MODULE(Plain);

// Dropout on the weights, by a module (BERT, ViT, GPT-2): the kernel takes
// the module and drops with torch's own dropout (same seed, same entries).
struct DropoutImpl : torch::nn::Module {
  DropoutImpl() { drop = register_module("drop", torch::nn::Dropout(0.1)); }
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v) {
    auto w = torch::softmax(torch::matmul(q, k.transpose(-1, -2)) * 0.5,
                            -1); // [N, H, Lq, Lk]
    return torch::matmul(drop(w), v);
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
      auto s = torch::matmul(q, k.transpose(-1, -2)).masked_fill(mask, -1e4);
      auto w = torch::dropout(torch::softmax(s, -1), 0.2, is_training());
      return torch::matmul(w, v);
    }
    if (which == 1) {
      auto s = torch::matmul(q, k.transpose(-1, -2)) / 3.0;
      auto w = F::softmax(s, F::SoftmaxFuncOptions(-1));
      w = F::dropout(w, F::DropoutFuncOptions().p(0.3).training(is_training()));
      return torch::matmul(w, v);
    }
    auto w =
        F::dropout(torch::softmax(torch::matmul(q, k.transpose(-1, -2)), -1));
    return torch::matmul(w, v);
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
    auto scores = torch::matmul(q, k.transpose(2, 3)) / 4.0;
    if (mask.defined()) {
      scores = scores + mask; // -inf above the diagonal
    }
    scores = torch::softmax(scores, -1);
    return torch::matmul(scores, v);
  }
};
TORCH_MODULE(MaybeMask);

// A mask added under another condition: passed as `use_mask ? mask :
// at::Tensor()`, which the kernel takes as none when the flag is false.
struct FlagMaskImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask, bool use_mask) {
    auto scores = torch::matmul(q, k.transpose(2, 3));
    if (use_mask)
      scores = scores + mask;
    return torch::matmul(torch::softmax(scores, -1), v);
  }
};
TORCH_MODULE(FlagMask);

// T5: the bias added in place (`scores += bias;`) to the scores the chain
// computed, no scale: the statement goes with the others.
struct InPlaceBiasImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor bias) {
    auto scores = torch::matmul(q, k.transpose(3, 2));
    scores += bias;
    auto weights = torch::softmax(scores, -1);
    return torch::matmul(weights, v);
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
    auto scores = torch::matmul(q, k.transpose(-1, -2)) * 0.5;
    auto fill = torch::full({}, std::numeric_limits<float>::lowest());
    scores = torch::where(keep, scores, fill);
    return torch::matmul(torch::softmax(scores, -1), v);
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
    auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    s = s.masked_fill(mask, -1e9);
    auto p = torch::dropout(torch::softmax(s, -1), 0.1, is_training());
    return torch::matmul(p, v).transpose(1, 2).flatten(2);
  }
};
TORCH_MODULE(MergedHeads);

// The mask compared under `if (mask.defined())`: the comparison is passed
// only where the mask is defined (`mask == 0` on an undefined mask throws).
struct DefinedFillImpl : torch::nn::Module {
  torch::Tensor forward(torch::Tensor q, torch::Tensor k, torch::Tensor v,
                        torch::Tensor mask) {
    auto s = torch::matmul(q, k.transpose(-2, -1)) / 8.0;
    if (mask.defined() && mask.dim() > 1)
      s = s.masked_fill(mask == 0, -1e9);
    return torch::matmul(torch::softmax(s, -1), v);
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
