//===- TuneShapes.cpp - The shapes adopter tune measures a site at --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "TuneShapes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace adopter::tool {

namespace {

/// Integer arithmetic over C++ source text (`4 * config.n_embd`, and the
/// conditions and conditionals the graph writes: `!wide`, `depth > 0 &&
/// bias`, `(wide ? 20 : 10)`), with names taken from --define; nullopt
/// when a name is unknown or the text is not such an expression.
/// \p Unknown receives the first unknown name (of the branch a known
/// condition takes).
class SizeExpr {
public:
  /// \p Lenient: an unknown name reads as 1 (to see whether the text
  /// is such an expression at all).
  SizeExpr(StringRef Text, const std::map<std::string, int64_t> &Names,
           std::string &Unknown, bool Lenient = false)
      : S(Text), Names(Names), Unknown(Unknown), Lenient(Lenient) {}

  std::optional<int64_t> eval() {
    std::optional<int64_t> V = conditional();
    skip();
    return V && S.empty() ? V : std::nullopt;
  }

private:
  void skip() { S = S.ltrim(); }
  std::optional<int64_t> conditional() {
    std::optional<int64_t> C = logical();
    skip();
    if (!C || !S.consume_front("?"))
      return C;
    // The branch not taken may name what --define does not give.
    std::string Saved = Unknown;
    std::optional<int64_t> A = conditional();
    if (!*C)
      Unknown = Saved;
    skip();
    if (!S.consume_front(":"))
      return std::nullopt;
    Saved = Unknown;
    std::optional<int64_t> B = conditional();
    if (*C)
      Unknown = Saved;
    return *C ? A : B;
  }
  /// `||` over `&&` over `==`/`!=` over `<`, `<=`, `>`, `>=`, over sums.
  std::optional<int64_t> logical(int Level = 0) {
    static const std::vector<StringRef> Ops[] = {
        {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}};
    if (Level == 4)
      return sum();
    std::optional<int64_t> L = logical(Level + 1);
    for (skip(); L;) {
      auto Op = llvm::find_if(Ops[Level],
                              [&](StringRef O) { return S.starts_with(O); });
      if (Op == Ops[Level].end())
        break;
      S = S.drop_front(Op->size());
      std::optional<int64_t> R = logical(Level + 1);
      if (!R)
        return std::nullopt;
      L = llvm::StringSwitch<int64_t>(*Op)
              .Case("||", *L || *R)
              .Case("&&", *L && *R)
              .Case("==", *L == *R)
              .Case("!=", *L != *R)
              .Case("<=", *L <= *R)
              .Case(">=", *L >= *R)
              .Case("<", *L < *R)
              .Default(*L > *R);
      skip();
    }
    return L;
  }
  std::optional<int64_t> sum() {
    std::optional<int64_t> L = product();
    for (skip(); L && !S.empty() && (S[0] == '+' || S[0] == '-'); skip()) {
      char Op = S[0];
      S = S.drop_front();
      std::optional<int64_t> R = product();
      if (!R)
        return std::nullopt;
      L = Op == '+' ? *L + *R : *L - *R;
    }
    return L;
  }
  std::optional<int64_t> product() {
    std::optional<int64_t> L = atom();
    for (skip(); L && !S.empty() && (S[0] == '*' || S[0] == '/'); skip()) {
      char Op = S[0];
      S = S.drop_front();
      std::optional<int64_t> R = atom();
      if (!R || (Op == '/' && *R == 0))
        return std::nullopt;
      L = Op == '*' ? *L * *R : *L / *R;
    }
    return L;
  }
  std::optional<int64_t> atom() {
    skip();
    if (S.starts_with("!") && !S.starts_with("!=")) {
      S = S.drop_front();
      std::optional<int64_t> V = atom();
      return V ? std::optional<int64_t>(!*V) : std::nullopt;
    }
    if (S.consume_front("-")) {
      std::optional<int64_t> V = atom();
      return V ? std::optional<int64_t>(-*V) : std::nullopt;
    }
    if (S.consume_front("(")) {
      std::optional<int64_t> V = conditional();
      skip();
      return V && S.consume_front(")") ? V : std::nullopt;
    }
    size_t N = 0;
    while (N < S.size() && isDigit(S[N]))
      ++N;
    if (N) {
      int64_t V = 0;
      S.substr(0, N).getAsInteger(10, V);
      S = S.drop_front(N);
      return V;
    }
    // A (qualified, member) name: cfg.n_embd, cfg->n, Config::kHidden.
    while (N < S.size() &&
           (isAlnum(S[N]) || S[N] == '_' || S[N] == '.' || S[N] == ':' ||
            (S[N] == '-' && N + 1 < S.size() && S[N + 1] == '>') ||
            (S[N] == '>' && N && S[N - 1] == '-')))
      ++N;
    if (!N)
      return std::nullopt;
    std::string Name = S.substr(0, N).str();
    S = S.drop_front(N);
    if (Name == "true" || Name == "false")
      return Name == "true";
    auto It = Names.find(Name);
    if (It == Names.end()) {
      if (Lenient)
        return 1;
      if (Unknown.empty())
        Unknown = Name;
      return std::nullopt;
    }
    return It->second;
  }

  StringRef S;
  const std::map<std::string, int64_t> &Names;
  std::string &Unknown;
  bool Lenient;
};

/// The value of an option as an integer: a literal, a boolean, or C++ text
/// computed with --define values.
std::optional<int64_t> intValue(const dsl::Value &V,
                                const std::map<std::string, int64_t> &Defs,
                                std::string &Unknown) {
  switch (V.K) {
  case dsl::Value::Kind::Int:
    return V.Int;
  case dsl::Value::Kind::Bool:
    return V.Bool;
  case dsl::Value::Kind::Symbol:
  case dsl::Value::Kind::Ident:
    return sizeOf(V.Text, Defs, Unknown);
  default:
    return std::nullopt;
  }
}

/// The submodule at \p Path (`fc`, `mlp.fc`, `layers.0`) of module \p Mod.
const dsl::Submodule *resolve(const dsl::Graph &G, const std::string &Mod,
                              StringRef Path) {
  const dsl::Module *M = G.module(Mod);
  if (!M)
    return nullptr;
  SmallVector<StringRef, 4> Parts;
  Path.split(Parts, '.');
  const dsl::Submodule *S = M->member(Parts[0].str());
  for (size_t I = 1; S && I < Parts.size(); ++I) {
    const dsl::Submodule *Next = nullptr;
    for (const dsl::Submodule &E : S->Elements)
      if (E.Name == Parts[I])
        Next = &E;
    if (!Next)
      if (const dsl::Module *Inner = G.module(S->Type))
        Next = Inner->member(Parts[I].str());
    S = Next;
  }
  return S;
}

const dsl::Op *producer(const std::vector<dsl::Op> &Body,
                        const std::string &Name) {
  for (const dsl::Op &O : Body) {
    if (llvm::is_contained(O.Results, Name))
      return &O;
    for (const auto &R : O.Regions)
      if (const dsl::Op *P = producer(R, Name))
        return P;
  }
  return nullptr;
}

const dsl::Value *option(const dsl::Submodule &S, StringRef Key) {
  for (const dsl::Arg &A : S.Options)
    if (A.Key == Key)
      return &A.Val;
  return nullptr;
}

/// A bound LayerNorm \p Sub (its variable \p Var): `<var>.n`, the size
/// it normalizes (over the last dimension only), and `<var>.affine`.
void normShapes(const dsl::Submodule &Sub, const std::string &Var,
                const std::string &Path,
                const std::map<std::string, int64_t> &Defs, Site &S) {
  const std::string V = Site::dimPrefix(Var);
  std::string Unknown;
  const dsl::Value *Shape = option(Sub, "normalized_shape");
  if (Shape && Shape->K == dsl::Value::Kind::List && Shape->Elems.size() == 1)
    Shape = &Shape->Elems.front();
  std::optional<int64_t> N = Shape && Shape->K != dsl::Value::Kind::List
                                 ? intValue(*Shape, Defs, Unknown)
                                 : std::nullopt;
  if (N)
    S.Dims[V + ".n"] = *N;
  else if (!Unknown.empty())
    S.need("'" + Path + "'s normalized_shape", Unknown);
  else
    S.miss("'" + Path +
           "'s normalized_shape is not one size known from the source");
  const dsl::Value *Affine = option(Sub, "elementwise_affine");
  Unknown.clear();
  std::optional<int64_t> A =
      Affine ? intValue(*Affine, Defs, Unknown) : std::optional<int64_t>(1);
  S.Dims[V + ".affine"] = A.value_or(1);
}

/// A bound MultiheadAttention \p Sub (its variable \p Var): `mha.embed`,
/// `mha.heads`, `mha.bias`, and `mha.dropout` (1 unless its dropout is a
/// literal 0; tune draws p 0.1); options tune does not build yet say so.
void mhaShapes(const dsl::Submodule &Sub, const std::string &Var,
               const std::string &Path,
               const std::map<std::string, int64_t> &Defs, Site &S) {
  const std::string V = Site::dimPrefix(Var);
  std::string Unknown;
  for (auto [Key, Dim] :
       {std::pair<const char *, const char *>{"embed_dim", ".embed"},
        {"num_heads", ".heads"},
        {"bias", ".bias"}}) {
    const dsl::Value *Val = option(Sub, Key);
    Unknown.clear();
    if (std::optional<int64_t> I =
            Val ? intValue(*Val, Defs, Unknown) : std::nullopt)
      S.Dims[V + Dim] = *I;
    else if (Val || StringRef(Key) != "bias")
      S.need("'" + Path + "'s " + Key, Unknown);
  }
  const dsl::Value *Drop = option(Sub, "dropout");
  S.Dims[V + ".dropout"] =
      Drop && !((Drop->K == dsl::Value::Kind::Float && Drop->Float == 0) ||
                (Drop->K == dsl::Value::Kind::Int && Drop->Int == 0));
  for (const char *Key : {"add_bias_kv", "add_zero_attn", "kdim", "vdim"})
    if (option(Sub, Key))
      S.miss(formatv("adopter tune measures MultiheadAttention with "
                     "embed_dim, num_heads, dropout and bias so far; '{0}' "
                     "sets {1}",
                     Path, Key)
                 .str());
}

/// The options of a bound convolution \p Sub (its variable \p Var) as
/// `conv.rank`, `conv.in`, `conv.k0`, `conv.s1`, ... (one key per spatial
/// dimension) in S.Dims, with its input's size (`batch`, `image.0`, ...);
/// S.Missing says what is not known.
void convShapes(const dsl::Submodule &Sub, const std::string &Var,
                const std::string &Path, const InputSizes &Image,
                const std::map<std::string, int64_t> &Defs, Site &S) {
  const size_t Rank = Sub.Type == "torch::nn::Conv1d"   ? 1
                      : Sub.Type == "torch::nn::Conv2d" ? 2
                      : Sub.Type == "torch::nn::Conv3d" ? 3
                                                        : 0;
  if (!Rank)
    return S.miss("adopter tune measures conv-bn over a torch::nn::Conv1d, "
                  "Conv2d or Conv3d so far, not " +
                  Sub.Type);
  const std::string V = Site::dimPrefix(Var);
  S.Dims[V + ".rank"] = Rank;
  std::string Unknown;
  auto Need = [&](const std::string &Key) {
    S.need("'" + Path + "'s " + Key, Unknown);
  };
  // One number for every spatial dimension, or one each ({3, 3},
  // ExpandingArray): `<var>.<Letter><i>`.
  auto PerDim = [&](const char *Key, const char *Letter,
                    std::optional<int64_t> Default) {
    const dsl::Value *Val = option(Sub, Key);
    Unknown.clear();
    std::vector<std::optional<int64_t>> Sizes;
    if (!Val)
      Sizes.assign(Rank, Default);
    else if (Val->K == dsl::Value::Kind::List && Val->Elems.size() == Rank)
      for (const dsl::Value &E : Val->Elems)
        Sizes.push_back(intValue(E, Defs, Unknown));
    else
      Sizes.assign(Rank, intValue(*Val, Defs, Unknown));
    for (size_t I = 0; I < Rank; ++I) {
      if (!Sizes[I])
        return Need(Key);
      S.Dims[V + "." + Letter + std::to_string(I)] = *Sizes[I];
    }
  };
  // in and out channels are required; groups and bias default to 1 and true.
  for (auto [Key, Dim, Default] :
       {std::tuple<const char *, const char *, int64_t>{"in_channels", ".in",
                                                        -1},
        {"out_channels", ".out", -1},
        {"groups", ".groups", 1},
        {"bias", ".bias", 1}}) {
    const dsl::Value *Val = option(Sub, Key);
    Unknown.clear();
    std::optional<int64_t> I = Val            ? intValue(*Val, Defs, Unknown)
                               : Default >= 0 ? std::optional<int64_t>(Default)
                                              : std::nullopt;
    if (I)
      S.Dims[V + Dim] = *I;
    else
      Need(Key);
  }
  PerDim("kernel_size", "k", std::nullopt);
  PerDim("stride", "s", 1);
  PerDim("dilation", "d", 1);
  // padding: a size, one per dimension, or torch::kValid / torch::kSame.
  const dsl::Value *Pad = option(Sub, "padding");
  StringRef PadName = Pad && (Pad->K == dsl::Value::Kind::Ident ||
                              Pad->K == dsl::Value::Kind::Symbol)
                          ? StringRef(Pad->Text)
                          : StringRef();
  if (PadName.ends_with("kSame") || PadName.ends_with("kValid")) {
    S.Dims[V + ".same"] = PadName.ends_with("kSame");
    for (size_t I = 0; I < Rank; ++I)
      S.Dims[V + ".p" + std::to_string(I)] = 0;
  } else {
    PerDim("padding", "p", 0);
  }
  if (const dsl::Value *Mode = option(Sub, "padding_mode");
      Mode && !StringRef(Mode->Text).ends_with("kZeros")) {
    S.miss("adopter tune measures convolutions padded with zeros; '" + Path +
           "' pads with " + Mode->Text);
    S.Dims.erase(V + ".in"); // so that nothing is measured
  }
  if (Image.Image.empty())
    S.miss("the size of a convolution's input is not known from the source: "
           "give it with --image " +
           std::string(Rank == 1   ? "L"
                       : Rank == 2 ? "H[xW]"
                                   : "D[xHxW]"));
  else if (Image.Image.size() != 1 && Image.Image.size() != Rank)
    S.miss(formatv("--image gives {0} sizes; '{1}' ({2}) takes {3}",
                   Image.Image.size(), Path, Sub.Type, Rank)
               .str());
  S.Dims["batch"] = Image.Batch;
  const bool Fits = Image.Image.size() == 1 || Image.Image.size() == Rank;
  for (size_t I = 0; I < Rank && Fits; ++I)
    S.Dims["image." + std::to_string(I)] =
        Image.Image[Image.Image.size() == 1 ? 0 : I];
}

} // namespace

/// The dimensions of finding \p F: rows from --rows; each bound Linear's
/// in/out features and bias; each bound Conv2d's options and its input
/// from --batch and --image; the hidden size from the Linear that produces
/// an input of the chain's first op, or from --hidden; attention's batch
/// (rows / seq), heads and head size (--head-dim, else hidden / heads) from
/// --seq and --heads, and masked-softmax's alike (the head size if known);
/// a cross-entropy's classes as the hidden size, and its dim; a
/// MultiheadAttention's options, its batch (rows / seq) and seq, and which
/// of q, k and v the site passes as one value.
std::optional<int64_t> sizeOf(StringRef Text,
                              const std::map<std::string, int64_t> &Defs,
                              std::string &Unknown) {
  // Text that is no such expression (`kind == "wide"`) names no unknown:
  // --define could not give it.
  std::string None;
  if (!SizeExpr(Text, Defs, None, /*Lenient=*/true).eval())
    return std::nullopt;
  return SizeExpr(Text, Defs, Unknown).eval();
}

Site shapes(const dsl::Graph &G, const match::Finding &F, int64_t Rows,
            std::optional<int64_t> Hidden, const InputSizes &Image,
            const std::map<std::string, int64_t> &Defs) {
  Site S{&F, {{"rows", Rows}}, ""};
  if (F.RuleId == "optimizer-adam") {
    optimizerShapes(G, F, Defs, S);
    return S;
  }
  std::string Unknown;
  auto Need = [&](const std::string &What) { S.need(What, Unknown); };
  for (const auto &[Var, Path] : F.Modules) {
    const dsl::Submodule *Sub = resolve(G, F.Module, Path);
    if (Sub && StringRef(Sub->Type).starts_with("torch::nn::Conv"))
      convShapes(*Sub, Var, Path, Image, Defs, S);
    if (Sub && Sub->Type == "torch::nn::LayerNorm")
      normShapes(*Sub, Var, Path, Defs, S);
    if (Sub && Sub->Type == "torch::nn::MultiheadAttention")
      mhaShapes(*Sub, Var, Path, Defs, S);
    if (!Sub || Sub->Type != "torch::nn::Linear")
      continue;
    std::string V = Site::dimPrefix(Var);
    for (auto [Key, Dim] :
         {std::pair<const char *, const char *>{"in_features", ".in"},
          {"out_features", ".out"},
          {"bias", ".bias"}}) {
      const dsl::Value *Val = option(*Sub, Key);
      if (!Val && StringRef(Key) == "bias") {
        S.Dims[V + Dim] = 1; // LinearOptions' default
        continue;
      }
      Unknown.clear();
      std::optional<int64_t> I =
          Val ? intValue(*Val, Defs, Unknown) : std::nullopt;
      if (I)
        S.Dims[V + Dim] = *I;
      else
        Need("'" + Path + "'s " + Key);
    }
  }
  // The feature size of the chain's input: the out_features of the Linear
  // that computes it, when one does in the same method.
  const dsl::Module *M = G.module(F.Module);
  StringRef Fn = StringRef(F.Function).rsplit("::").second;
  const dsl::Method *Meth =
      M ? M->method(Fn.empty() ? F.Function : Fn.str()) : nullptr;
  for (size_t I = 0; Meth && !F.Ops.empty() && I < F.Ops.front().Args.size() &&
                     !S.Dims.count("hidden");
       ++I) {
    const dsl::Value &In = F.Ops.front().Args[I].Val;
    const dsl::Op *P = In.isRef() ? producer(Meth->Body, In.Text) : nullptr;
    if (!P || !P->isSubmoduleCall())
      continue;
    if (const dsl::Submodule *Sub = resolve(G, F.Module, P->Name))
      if (Sub->Type == "torch::nn::Linear")
        if (const dsl::Value *Out = option(*Sub, "out_features")) {
          Unknown.clear();
          if (auto I = intValue(*Out, Defs, Unknown))
            S.Dims["hidden"] = *I;
        }
  }
  if (Hidden && !S.Dims.count("hidden"))
    S.Dims["hidden"] = *Hidden;
  // The pattern's integer attributes as the site binds them (`attr.dim`:
  // log_softmax's dim, an LSTM's chunk dimension and gate order).
  for (const auto &[Name, V] : F.Attrs) {
    Unknown.clear();
    if (V.K == dsl::Value::Kind::Int || V.K == dsl::Value::Kind::Symbol ||
        V.K == dsl::Value::Kind::Ident)
      if (std::optional<int64_t> I = intValue(V, Defs, Unknown))
        S.Dims["attr." + Name] = *I;
  }
  if (F.RuleId == "log-softmax-nll" || F.RuleId == "builtin-cross-entropy")
    if (!S.Dims.count("hidden"))
      S.miss("the number of classes (the logits' last size) is not known "
             "from the source: give it with --hidden C");
  // Sequence sites (attention, masked-softmax, MultiheadAttention): their
  // batch is --rows / --seq.
  const std::string NotMultiple =
      formatv("--rows {0} must be a multiple of --seq {1}", Rows, Image.Seq)
          .str();
  auto SetSeq = [&] {
    S.Dims["attn.batch"] = Rows / Image.Seq;
    S.Dims["attn.seq"] = Image.Seq;
  };
  if (F.RuleId == "mha-module") {
    // q [seq, batch, embed]; k and v the same tensor as q where the site
    // passes the same value; whether a key padding mask is passed ($m as
    // written: `{}` passes none).
    auto Same = [&](const char *A, const char *B) -> int64_t {
      auto X = F.Values.find(A), Y = F.Values.find(B);
      return X != F.Values.end() && Y != F.Values.end() && X->second.isRef() &&
             Y->second.isRef() && X->second.Text == Y->second.Text;
    };
    S.Dims["mha.k_is_q"] = Same("q", "k");
    S.Dims["mha.v_is_k"] = Same("k", "v");
    // A mask as written passes a tensor: an argument the flow does not
    // model (`{}`) is an opaque op's text.
    auto PassesTensor = [&](const dsl::Value &V) {
      const dsl::Value *Text = &V;
      if (const dsl::Op *P = Meth && Text->isRef()
                                 ? producer(Meth->Body, Text->Text)
                                 : nullptr;
          P && P->Name == "opaque" && P->attr("text"))
        Text = P->attr("text");
      StringRef T = StringRef(Text->Text).trim();
      return !(Text->K == dsl::Value::Kind::None || T == "{}" ||
               T.ends_with("Tensor()") || T.ends_with("Tensor{}"));
    };
    if (auto M = F.Attrs.find("m"); M != F.Attrs.end())
      S.Dims["mha.mask"] = PassesTensor(M->second);
    // An attn_mask (the call's sixth argument, which the patterns leave to
    // `...`): the kernel adds it to the scores, so it is timed with one.
    if (!F.Ops.empty()) {
      std::vector<const dsl::Value *> Positional;
      for (const dsl::Arg &A : F.Ops.front().Args)
        if (A.Key.empty())
          Positional.push_back(&A.Val);
      S.Dims["mha.attn_mask"] =
          Positional.size() > 5 && PassesTensor(*Positional[5]);
    }
    if (!Image.Seq)
      S.miss("the attention's sequence length is not known from the source: "
             "give it with --seq L");
    else if (Rows % Image.Seq)
      S.miss(NotMultiple);
    else
      SetSeq();
  }
  if (F.RuleId == "attention" || F.RuleId == "masked-softmax") {
    // q [batch, heads, seq, head size] (masked-softmax: the scores [batch,
    // heads, seq, seq], where the head size only sets the scale): the model
    // reshapes its activations at run time, so the sizes come from the
    // command line.
    const bool Scores = F.RuleId == "masked-softmax";
    auto H = S.Dims.find("hidden");
    const bool NoHeadDim = !Image.HeadDim && H == S.Dims.end();
    const bool WidthOk = Image.HeadDim || (Image.Heads && !NoHeadDim &&
                                           H->second % Image.Heads == 0);
    if (!Image.Seq || !Image.Heads)
      S.miss("the attention's sequence length and heads are not known from "
             "the source: give them with --seq L --heads N");
    else if (NoHeadDim && !Scores)
      S.miss("the attention's head size is not known from the source: give "
             "it with --head-dim D (or the width, heads times head size, "
             "with --hidden H)");
    else if (Rows % Image.Seq || (!Scores && !WidthOk))
      S.miss(NotMultiple + (WidthOk || Scores
                                ? ""
                                : formatv(", and the width {0} of --heads {1}",
                                          H->second, Image.Heads)
                                      .str()));
    else {
      SetSeq();
      S.Dims["attn.heads"] = Image.Heads;
      if (WidthOk)
        S.Dims["attn.dim"] =
            Image.HeadDim ? Image.HeadDim : H->second / Image.Heads;
    }
  }
  return S;
}

} // namespace adopter::tool
