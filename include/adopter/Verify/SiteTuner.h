//===- SiteTuner.h - A fused kernel timed against its unfused ops -*- C++
//-*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// `adopter tune` measures, at the shapes of one site of the user's model,
// the rule's pattern run as plain LibTorch ops (PatternInterpreter: the very
// chain the site executes today) against the replacement the rewrite would
// write, forward and backward (through every output the pattern returns,
// with the same upstream gradients), on this machine. The kernel side is
// built once per site (a fused module from the Linear's options and
// weights, as the rewritten model holds it), so only the calls are timed.
// A dropout in the chain draws its mask (p 0.1) as in training, on both
// sides from the same seed.
//
// Dimensions come in by name: `rows` (the activations' leading dimensions,
// flattened), `hidden` (the feature size of an activation), per bound
// Linear `<var>.in`, `<var>.out`, `<var>.bias`, and per bound Conv1d,
// Conv2d or Conv3d `<var>.rank`, `.in`, `.out`, `.groups`, `.bias` and per
// spatial dimension i `.k<i>` (kernel), `.s<i>` (stride), `.p<i>` (padding;
// `.same` for torch::kSame), `.d<i>` (dilation), with its input's `batch`
// and `image.<i>` (ConvSite.h). A BatchNorm after a Linear or convolution
// has its out size. The pattern's integer attributes as the site binds
// them come as `attr.<name>`. A bound LayerNorm
// (add-layernorm, dropout-add-layernorm) gives `<var>.n`, its size, and
// `<var>.affine`. Attention takes `attn.batch`, `attn.heads`, `attn.seq`
// and `attn.dim` (q is [batch, heads, seq, dim]) and a causal mask;
// masked-softmax the same but `attn.dim`. A bound MultiheadAttention gives
// `<var>.embed`, `.heads`, `.bias`, `.dropout`, and `mha.k_is_q`,
// `mha.v_is_k`, `mha.mask` say how the site passes q, k, v and the mask,
// `mha.attn_mask` whether it passes an attn_mask (timed causal, [seq, seq]). A
// norm written out (layernorm-manual, rmsnorm-manual), add-rmsnorm, swiglu,
// fused-qkv, attention, masked-softmax, the cross-entropy and lstm-manual
// are timed against the call apply writes, run by its KernelAdapters entry
// as `rules verify` runs it.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_SITETUNER_H
#define ADOPTER_VERIFY_SITETUNER_H

#include "adopter/Rules/Rule.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace adopter::verify {

struct TuneSite {
  std::string Rule;
  unsigned Pattern = 0; ///< index into Rule::Patterns
  std::map<std::string, int64_t> Dims;
  /// The site's ops as check matched them (`fc`, `bn`, `aten::relu`): which
  /// of the pattern's optional ops and alternatives the site has.
  std::vector<std::string> Ops;
};

/// A site's dimensions read by name, as the families and ConvSite read them.
struct SiteDims {
  const std::map<std::string, int64_t> &Dims;

  /// A positive size.
  std::optional<int64_t> dim(const std::string &Name) const {
    auto It = Dims.find(Name);
    if (It == Dims.end() || It->second <= 0)
      return std::nullopt;
    return It->second;
  }
  /// A size that may be 0 (a padding).
  std::optional<int64_t> size(const std::string &Name) const {
    auto It = Dims.find(Name);
    if (It == Dims.end() || It->second < 0)
      return std::nullopt;
    return It->second;
  }
  /// A flag (`fc.bias`), \p Default where the site does not give it.
  bool flag(const std::string &Name, bool Default) const {
    auto It = Dims.find(Name);
    return It == Dims.end() ? Default : It->second != 0;
  }
  /// The error of a measurement that lacks the dimension \p Name (tune
  /// maps it to the option that gives it).
  static llvm::Error missing(const std::string &Name) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "needs the dimension '%s'", Name.c_str());
  }
};

struct TuneMeasurement {
  std::string Shape;    ///< what was measured, for people
  double UnfusedMs = 0; ///< median forward+backward time of the chain
  double FusedMs = 0;   ///< and of the replacement
  unsigned Iterations = 0;
};

struct TuneOptions {
  std::string DType = "float32";
  unsigned Repeats = 7;   ///< timed rounds, interleaved; median
  double MinRoundMs = 50; ///< each round runs at least this long
};

class SiteTuner {
public:
  explicit SiteTuner(TuneOptions O) : Opts(std::move(O)) {}

  /// True when tune knows how to build inputs and the replacement for
  /// \p RuleId.
  static bool supports(const std::string &RuleId);

  /// Measures \p S; an error names a missing dimension or a failed run.
  llvm::Expected<TuneMeasurement> measure(const rules::Rule &R,
                                          const TuneSite &S) const;

private:
  /// optimizer-adam's site: one step of each optimizer.
  llvm::Expected<TuneMeasurement> measureOptimizer(const TuneSite &S) const;
  /// Times \p Unfused and \p Fused into \p M: calls per round calibrated
  /// to last MinRoundMs, two untimed rounds of each, then Repeats rounds
  /// interleaved (alternating which side goes first); the medians.
  void time(const std::function<void()> &Unfused,
            const std::function<void()> &Fused, TuneMeasurement &M) const;

  TuneOptions Opts;
};

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_SITETUNER_H
