//===- TuneParams.cpp - The parameters an optimizer site updates ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// optimizer-adam's shapes for adopter tune: the parameters of the module
// whose parameters() the optimizer is built over, walked through the
// recovered graph (submodules with their options, container elements with
// their counts, the tensors a class registers with register_parameter),
// each size computed from the options and --define values, the names of a
// nested module's constructor parameters replaced by what its owner passes.
//
//===----------------------------------------------------------------------===//

#include "TuneShapes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace adopter::tool {
namespace {

bool isIdentStart(char C) { return isAlpha(C) || C == '_'; }
bool isIdentChar(char C) { return isAlnum(C) || C == '_'; }

/// The names of one module's constructor parameters, each with the C++
/// text its owner passes (in the outermost scope's names).
using Scope = std::map<std::string, std::string>;

/// \p Text with every name that is a key of \p S (not a member after `.`,
/// `->` or `::`) replaced by its value, parenthesized unless it is a name
/// or a number.
std::string substitute(StringRef Text, const Scope &S) {
  std::string Out;
  for (size_t I = 0; I < Text.size();) {
    if (!isIdentStart(Text[I]) || (I > 0 && isIdentChar(Text[I - 1]))) {
      Out += Text[I++];
      continue;
    }
    size_t J = I;
    while (J < Text.size() && isIdentChar(Text[J]))
      ++J;
    StringRef Name = Text.slice(I, J), Before = Text.take_front(I).rtrim();
    auto It = S.find(Name.str());
    if (It == S.end() || Before.ends_with(".") || Before.ends_with("->") ||
        Before.ends_with("::")) {
      Out += Name;
    } else {
      StringRef V = It->second;
      bool Plain = all_of(
          V, [](char C) { return isIdentChar(C) || C == '.' || C == ':'; });
      Out += Plain ? V.str() : "(" + V.str() + ")";
    }
    I = J;
  }
  return Out;
}

/// The C++ text of an option's value, as SizeExpr reads it.
std::optional<std::string> text(const dsl::Value &V) {
  switch (V.K) {
  case dsl::Value::Kind::Int:
    return std::to_string(V.Int);
  case dsl::Value::Kind::Bool:
    return V.Bool ? "1" : "0";
  case dsl::Value::Kind::Symbol:
  case dsl::Value::Kind::Ident:
    return V.Text;
  default:
    return std::nullopt;
  }
}

class ParamWalk {
public:
  ParamWalk(const dsl::Graph &G, const std::map<std::string, int64_t> &Defs,
            Site &S)
      : G(G), Defs(Defs), S(S) {}

  /// shape -> how many parameters have it
  std::map<std::vector<int64_t>, int64_t> Shapes;
  bool Failed = false;
  /// The names the sizes use that --define does not give, in order.
  std::vector<std::string> Unknowns;

  /// The parameters of \p Sub (named \p Path), its options written in the
  /// scope \p Sc, \p Times of it.
  void module(const dsl::Submodule &Sub, const std::string &Path,
              const Scope &Sc, int64_t Times) {
    if (Failed)
      return;
    StringRef T = Sub.Type;
    if (T.starts_with("torch::nn::"))
      return builtin(Sub, Path, Sc, Times);
    const dsl::Module *M = G.module(Sub.Type);
    if (!M)
      return fail("the parameters of '" + Path + "' (" + Sub.Type +
                  ") are not known: its class is not among the sources");
    for (const dsl::Arg &A : M->Attrs)
      if (A.Key == "base" && G.module(A.Val.Text))
        return fail("the parameters of '" + Path + "' (" + Sub.Type +
                    ") are not known: it derives from " + A.Val.Text);
    // A module that holds one of its own type (a tree) nests as deep as
    // its run-time options say.
    if (is_contained(Open, M))
      return fail("'" + Path + "' is a " + Sub.Type + " inside a " + Sub.Type +
                  ": they nest as deep as the run time says");
    Open.push_back(M);
    auto Close = make_scope_exit([&] { Open.pop_back(); });
    Scope Inner;
    for (const dsl::Arg &O : Sub.Options)
      if (std::optional<std::string> V = text(O.Val); V && !O.Key.empty())
        Inner[O.Key] = substitute(*V, Sc);
    for (const dsl::Submodule &C : M->Members) {
      if (!StringRef(C.Type).starts_with("std::vector<")) {
        std::string CPath = join(Path, C.Name);
        if (!registered(C))
          continue;
        if (std::optional<int64_t> N = times(C, CPath, Inner); N && *N)
          module(C, CPath, Inner, Times * *N);
        continue;
      }
      // A std::vector of modules is not registered; the elements
      // registered one by one (BERT's `layer_<i>`) are.
      for (const dsl::Submodule &E : C.Elements) {
        std::string EPath = join(Path, C.Name + "." + E.Name);
        if (!E.attr("registered"))
          continue;
        if (std::optional<int64_t> N = times(E, EPath, Inner); N && *N)
          module(E, EPath, Inner, Times * *N);
      }
    }
    for (const dsl::Submodule &P : M->Parameters)
      parameter(P, join(Path, P.Name), Inner, Times);
  }

private:
  static std::string join(const std::string &A, const std::string &B) {
    return A.empty() ? B : A + "." + B;
  }
  static bool registered(const dsl::Submodule &C) {
    return !C.attr("unregistered") && !C.attr("null");
  }
  void fail(const std::string &Why) {
    if (!Failed)
      S.miss(Why);
    Failed = true;
  }

  /// The integer of \p V's C++ text in scope \p Sc. A name --define does
  /// not give is collected (the walk goes on, to name them all; \p
  /// Collected is then true).
  std::optional<int64_t> evaluate(const dsl::Value &V, const Scope &Sc,
                                  bool &Collected) {
    std::optional<std::string> T = text(V);
    std::string Unknown;
    std::optional<int64_t> I =
        T ? sizeOf(substitute(*T, Sc), Defs, Unknown) : std::nullopt;
    Collected = !I && !Unknown.empty();
    if (Collected && !is_contained(Unknowns, Unknown))
      Unknowns.push_back(Unknown);
    return I;
  }
  /// evaluate(), where text that is no such expression fails naming
  /// \p What.
  std::optional<int64_t> size(const dsl::Value &V, const Scope &Sc,
                              const std::string &What) {
    bool Collected = false;
    std::optional<int64_t> I = evaluate(V, Sc, Collected);
    if (!I && !Collected && !Failed) {
      S.need(What, "");
      Failed = true;
    }
    return I;
  }
  std::optional<int64_t> option(const dsl::Submodule &Sub, StringRef Key,
                                const std::string &Path, const Scope &Sc,
                                std::optional<int64_t> Default) {
    for (const dsl::Arg &A : Sub.Options)
      if (A.Key == Key)
        return size(A.Val, Sc, "'" + Path + "'s " + Key.str());
    if (!Default)
      fail("'" + Path + "'s " + Key.str() + " is not known from the source");
    return Default;
  }
  void add(std::vector<int64_t> Shape, int64_t Times) {
    if (!Failed && Unknowns.empty())
      Shapes[std::move(Shape)] += Times;
  }

  /// How many times an element appended (\p Made: or a parameter
  /// registered) in a loop or under a condition is there.
  std::optional<int64_t> times(const dsl::Submodule &E, const std::string &Path,
                               const Scope &Sc, const char *Made = "built") {
    if (const dsl::Value *W = E.attr("when")) {
      // The condition in the scope of the module's options (`proj_out`
      // of `Block(cfg.proj)`), with --define values; where a name is not
      // given, still walked, for the names it uses.
      bool Collected = false;
      std::optional<int64_t> On = evaluate(*W, Sc, Collected);
      if (!On && !Collected) {
        fail("'" + Path + "' is " + Made + " only when `" + W->Text +
             "`, a condition adopter tune does not evaluate");
        return std::nullopt;
      }
      if (On && !*On)
        return 0;
    }
    if (!E.attr("repeat"))
      return 1;
    if (const dsl::Value *C = E.attr("count")) {
      std::optional<int64_t> N =
          size(*C, Sc, "the number of '" + Path + "' elements");
      // Not known: the element is still walked, for the names it uses.
      return N ? N : Failed ? std::nullopt : std::optional<int64_t>(1);
    }
    fail("the number of '" + Path + "' elements (built in a loop while `" +
         E.attr("repeat")->Text + "`) is not known from the source");
    return std::nullopt;
  }

  void parameter(const dsl::Submodule &P, const std::string &Path,
                 const Scope &Sc, int64_t Times) {
    if (const dsl::Value *G = P.attr("requires_grad");
        G && G->K == dsl::Value::Kind::Bool && !G->Bool)
      return; // Adam skips a tensor without a gradient
    std::optional<int64_t> N = times(P, Path, Sc, "registered");
    const dsl::Value *Shape = P.Options.empty() ? nullptr : &P.Options[0].Val;
    if (!N || !*N || Failed)
      return;
    if (!Shape || Shape->K != dsl::Value::Kind::List)
      return fail("the shape of the parameter '" + Path +
                  "' is not known from the source");
    std::vector<int64_t> Sizes;
    for (const dsl::Value &D : Shape->Elems)
      if (std::optional<int64_t> I = size(D, Sc, "'" + Path + "'s shape"))
        Sizes.push_back(*I);
    add(Sizes, Times * *N);
  }

  void builtin(const dsl::Submodule &Sub, const std::string &Path,
               const Scope &Sc, int64_t Times);

  const dsl::Graph &G;
  const std::map<std::string, int64_t> &Defs;
  Site &S;
  std::vector<const dsl::Module *> Open; ///< the modules being walked
};

void ParamWalk::builtin(const dsl::Submodule &Sub, const std::string &Path,
                        const Scope &Sc, int64_t Times) {
  StringRef T = StringRef(Sub.Type).drop_front(strlen("torch::nn::"));
  // An option's value, 0 once the walk failed (callers check Failed
  // before they compute with it).
  auto Opt = [&](StringRef Key,
                 std::optional<int64_t> Default = {}) -> int64_t {
    return option(Sub, Key, Path, Sc, Default).value_or(0);
  };
  if (const dsl::Value *W = Sub.attr("overwritten"))
    return fail("'" + Path +
                "' holds a module whose type is known only at run time "
                "(another one where `" +
                W->Text + "`)");
  if (T == "AnyModule") {
    if (Sub.Elements.empty())
      return fail("the module '" + Path + "' holds is not known");
    return module(Sub.Elements.front(), Path, Sc, Times);
  }
  if (T == "Sequential" || T == "ModuleList" || T == "ModuleDict") {
    if (Sub.attr("elements"))
      return fail("the elements of '" + Path + "' are not known");
    // Built by code the analysis does not follow (a constructor's
    // argument, `std::move(downsample)`): its elements are not all listed.
    if (const dsl::Value *Text = Sub.attr("text"))
      return fail("the elements of '" + Path + "' are not known: it is `" +
                  Text->Text + "`");
    for (const dsl::Submodule &E : Sub.Elements)
      if (std::optional<int64_t> N = times(E, join(Path, E.Name), Sc); N && *N)
        module(E, join(Path, E.Name), Sc, Times * *N);
    return;
  }
  if (T == "Linear") {
    int64_t In = Opt("in_features"), Out = Opt("out_features");
    add({Out, In}, Times);
    if (Opt("bias", 1))
      add({Out}, Times);
    return;
  }
  const bool Transposed = T.starts_with("ConvTranspose");
  if (T.starts_with("Conv") && T.size() >= 6 && T.back() == 'd') {
    int Rank = T[T.size() - 2] - '0';
    int64_t In = Opt("in_channels"), Out = Opt("out_channels"),
            Groups = Opt("groups", 1);
    if (Failed || !Unknowns.empty())
      return;
    if (Groups <= 0)
      return fail("'" + Path + "'s groups is not a positive number");
    std::vector<int64_t> Shape{Transposed ? In : Out,
                               (Transposed ? Out : In) / Groups};
    const dsl::Value *K = nullptr;
    for (const dsl::Arg &A : Sub.Options)
      if (A.Key == "kernel_size")
        K = &A.Val;
    if (!K)
      return fail("'" + Path + "'s kernel_size is not known from the source");
    for (int I = 0; I < Rank; ++I) {
      const dsl::Value &D =
          K->K == dsl::Value::Kind::List
              ? K->Elems[std::min<size_t>(I, K->Elems.size() - 1)]
              : *K;
      if (std::optional<int64_t> Size =
              size(D, Sc, "'" + Path + "'s kernel_size"))
        Shape.push_back(*Size);
    }
    add(Shape, Times);
    if (Opt("bias", 1))
      add({Out}, Times);
    return;
  }
  if (T.starts_with("BatchNorm") || T.starts_with("InstanceNorm")) {
    int64_t N = Opt("num_features");
    if (Opt("affine", T.starts_with("BatchNorm")))
      add({N}, 2 * Times);
    return;
  }
  if (T == "GroupNorm") {
    int64_t C = Opt("num_channels");
    if (Opt("affine", 1))
      add({C}, 2 * Times);
    return;
  }
  if (T == "LayerNorm") {
    std::vector<int64_t> Shape;
    const dsl::Value *N = nullptr;
    for (const dsl::Arg &A : Sub.Options)
      if (A.Key == "normalized_shape")
        N = &A.Val;
    if (!N)
      return fail("'" + Path +
                  "'s normalized_shape is not known from the source");
    for (const dsl::Value &D : N->K == dsl::Value::Kind::List
                                   ? N->Elems
                                   : std::vector<dsl::Value>{*N})
      if (auto I = size(D, Sc, "'" + Path + "'s normalized_shape"))
        Shape.push_back(*I);
    if (Opt("elementwise_affine", 1))
      add(Shape, 2 * Times);
    return;
  }
  if (T == "Embedding") {
    int64_t N = Opt("num_embeddings"), D = Opt("embedding_dim");
    add({N, D}, Times);
    return;
  }
  if (T == "MultiheadAttention") {
    int64_t E = Opt("embed_dim");
    if (Failed || !Unknowns.empty())
      return;
    if (Opt("kdim", E) != E || Opt("vdim", E) != E)
      return fail("'" + Path +
                  "' has a kdim or vdim other than its "
                  "embed_dim; adopter tune does not size those");
    const bool Bias = Opt("bias", 1);
    add({3 * E, E}, Times);
    add({E, E}, Times);
    if (Bias)
      add({3 * E}, Times), add({E}, Times);
    if (Opt("add_bias_kv", 0))
      add({1, 1, E}, 2 * Times);
    return;
  }
  int Gates = T.starts_with("LSTM") ? 4 : T.starts_with("GRU") ? 3 : 1;
  if (T == "LSTM" || T == "GRU" || T == "RNN" || T == "LSTMCell" ||
      T == "GRUCell" || T == "RNNCell") {
    const bool Cell = T.ends_with("Cell");
    int64_t In = Opt("input_size"), H = Opt("hidden_size");
    int64_t Layers = Cell ? 1 : Opt("num_layers", 1),
            Dirs = Cell ? 1 : 1 + (Opt("bidirectional", 0) != 0);
    const bool Bias = Opt("bias", 1);
    if (Failed)
      return;
    if (!Cell && Opt("proj_size", 0))
      return fail("'" + Path +
                  "' has a proj_size; adopter tune does not "
                  "size its parameters");
    for (int64_t L = 0; L < Layers; ++L) {
      add({Gates * H, L == 0 ? In : H * Dirs}, Times * Dirs);
      add({Gates * H, H}, Times * Dirs);
      if (Bias)
        add({Gates * H}, 2 * Times * Dirs);
    }
    return;
  }
  if (T == "PReLU") {
    add({Opt("num_parameters", 1)}, Times);
    return;
  }
  // Modules without parameters.
  static const StringRef None[] = {"Dropout",
                                   "Dropout2d",
                                   "Dropout3d",
                                   "AlphaDropout",
                                   "FeatureAlphaDropout",
                                   "ReLU",
                                   "ReLU6",
                                   "LeakyReLU",
                                   "GELU",
                                   "SiLU",
                                   "Mish",
                                   "ELU",
                                   "SELU",
                                   "CELU",
                                   "GLU",
                                   "Tanh",
                                   "Sigmoid",
                                   "Hardtanh",
                                   "Hardswish",
                                   "Hardsigmoid",
                                   "Hardshrink",
                                   "Softshrink",
                                   "Tanhshrink",
                                   "Softplus",
                                   "Softsign",
                                   "LogSigmoid",
                                   "Threshold",
                                   "Softmax",
                                   "LogSoftmax",
                                   "Softmin",
                                   "Softmax2d",
                                   "Identity",
                                   "Flatten",
                                   "Unflatten",
                                   "Functional",
                                   "Upsample",
                                   "PixelShuffle",
                                   "PixelUnshuffle",
                                   "ZeroPad2d",
                                   "ConstantPad1d",
                                   "ConstantPad2d",
                                   "ConstantPad3d",
                                   "ReflectionPad1d",
                                   "ReflectionPad2d",
                                   "ReflectionPad3d",
                                   "ReplicationPad1d",
                                   "ReplicationPad2d",
                                   "ReplicationPad3d",
                                   "CrossEntropyLoss",
                                   "NLLLoss",
                                   "MSELoss",
                                   "L1Loss",
                                   "BCELoss",
                                   "BCEWithLogitsLoss",
                                   "SmoothL1Loss",
                                   "HuberLoss",
                                   "KLDivLoss",
                                   "CosineSimilarity",
                                   "PairwiseDistance",
                                   "LocalResponseNorm",
                                   "CrossMapLRN2d",
                                   "Fold",
                                   "Unfold",
                                   "ChannelShuffle"};
  if (is_contained(None, T) || T.contains("Pool"))
    return;
  fail("adopter tune does not know the parameters of " + Sub.Type + " ('" +
       Path + "')");
}

/// The module whose parameters() \p Text (`model->parameters()`,
/// `net.parameters(true)`, `parameters()`) asks for: its variable, "" for
/// the module the code is in; nullopt for other text.
std::optional<std::string> parametersOf(StringRef Text) {
  Text = Text.trim();
  if (!Text.consume_back(")"))
    return std::nullopt;
  Text = Text.rtrim();
  if (Text.consume_back("true"))
    Text = Text.rtrim();
  if (!Text.consume_back("("))
    return std::nullopt;
  Text = Text.rtrim();
  if (!Text.consume_back("parameters"))
    return std::nullopt;
  Text = Text.rtrim();
  if (Text.empty() || Text == "this->")
    return std::string();
  if (!Text.consume_back("->") && !Text.consume_back("."))
    return std::nullopt;
  Text = Text.rtrim();
  if (Text.empty() || !all_of(Text, isIdentChar) || !isIdentStart(Text[0]))
    return std::nullopt;
  return Text.str();
}

} // namespace

void optimizerShapes(const dsl::Graph &G, const match::Finding &F,
                     const std::map<std::string, int64_t> &Defs, Site &S) {
  if (F.Ops.empty())
    return S.miss("the optimizer's construction is not known");
  const match::FindingOp &Op = F.Ops.front();
  const dsl::Value *Params = nullptr;
  for (const dsl::Arg &A : Op.Args)
    if (A.Key == "params" || (A.Key.empty() && !Params))
      Params = &A.Val;
  std::optional<std::string> Var =
      Params && (Params->K == dsl::Value::Kind::Symbol)
          ? parametersOf(Params->Text)
          : std::nullopt;
  if (!Var)
    return S.miss(
        "adopter tune times an optimizer built over a module's parameters(); "
        "this one is built over `" +
        (Params && Params->K == dsl::Value::Kind::Symbol ? Params->Text
                                                         : std::string("?")) +
        "`");
  ParamWalk W(G, Defs, S);
  const dsl::Module *M = G.module(F.Module);
  if (Var->empty()) {
    dsl::Submodule Self;
    Self.Type = F.Module;
    W.module(Self, "", {}, 1);
  } else if (const dsl::Submodule *Root = M ? M->member(*Var) : nullptr) {
    W.module(*Root, *Var, {}, 1);
  } else {
    return S.miss("the module '" + *Var +
                  "' whose parameters the optimizer updates is not known");
  }
  if (W.Failed)
    return;
  if (!W.Unknowns.empty()) {
    std::string Names, Flags;
    for (const std::string &N : W.Unknowns) {
      Names += (Names.empty() ? "'" : ", '") + N + "'";
      Flags += " --define " + N + "=N";
    }
    return S.miss("the shapes of the parameters depend on " + Names +
                  ": give " +
                  (W.Unknowns.size() == 1 ? "its value" : "their values") +
                  " with" + Flags);
  }
  if (W.Shapes.empty())
    return S.miss("the module '" + *Var + "' has no parameters");
  int64_t I = 0;
  for (const auto &[Shape, Count] : W.Shapes) {
    const std::string P = "adam.s" + std::to_string(I++) + ".";
    S.Dims[P + "rank"] = Shape.size();
    S.Dims[P + "count"] = Count;
    for (size_t J = 0; J < Shape.size(); ++J)
      S.Dims[P + std::to_string(J)] = Shape[J];
  }
  S.Dims["adam.shapes"] = I;
  S.Dims["adam.adamw"] = StringRef(Op.Op).ends_with("AdamW");
  bool Decay = false;
  for (const dsl::Arg &A : Op.Args)
    if (A.Key == "weight_decay")
      Decay = !((A.Val.K == dsl::Value::Kind::Float && A.Val.Float == 0) ||
                (A.Val.K == dsl::Value::Kind::Int && A.Val.Int == 0));
  // AdamWOptions' weight_decay is 1e-2 unless given.
  if (S.Dims["adam.adamw"] && none_of(Op.Args, [](const dsl::Arg &A) {
        return A.Key == "weight_decay";
      }))
    Decay = true;
  S.Dims["adam.decay"] = Decay;
}

} // namespace adopter::tool
