//===- OpSignatures.cpp - Parameter names of the ops rules use ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/Rules/OpSignatures.h"
#include "llvm/ADT/StringMap.h"
#include <algorithm>

using namespace llvm;
using adopter::dsl::Value;

namespace adopter::rules {

bool OpSignatures::isInPlace(StringRef Op) {
  return Op.ends_with("_") && !Op.ends_with("__");
}

StringRef OpSignatures::baseOp(StringRef Op) {
  return isInPlace(Op) ? Op.drop_back() : Op;
}

static const StringMap<std::vector<const char *>> &signatures() {
  static const StringMap<std::vector<const char *>> Table = {
      {"aten::add", {"self", "other", "alpha"}},
      {"aten::sub", {"self", "other", "alpha"}},
      {"aten::mul", {"self", "other"}},
      {"aten::div", {"self", "other"}},
      {"aten::pow", {"self", "exponent"}},
      {"aten::softmax", {"self", "dim", "dtype"}},
      {"aten::log_softmax", {"self", "dim", "dtype"}},
      {"aten::dropout", {"input", "p", "train"}},
      {"aten::transpose", {"self", "dim0", "dim1"}},
      {"aten::permute", {"self", "dims"}},
      {"aten::mean", {"self", "dim", "keepdim", "dtype"}},
      {"aten::sum", {"self", "dim", "keepdim", "dtype"}},
      {"aten::var", {"self", "dim", "unbiased", "keepdim"}},
      {"aten::layer_norm",
       {"input", "normalized_shape", "weight", "bias", "eps"}},
      {"aten::leaky_relu", {"self", "negative_slope"}},
      {"aten::gelu", {"self", "approximate"}},
      {"aten::chunk", {"self", "chunks", "dim"}},
      {"aten::split", {"self", "split_size", "dim"}},
      {"aten::masked_fill", {"self", "mask", "value"}},
      {"aten::where", {"condition", "self", "other"}},
      {"aten::nll_loss",
       {"self", "target", "weight", "reduction", "ignore_index"}},
      {"aten::cross_entropy",
       {"self", "target", "weight", "reduction", "ignore_index"}},
      {"aten::matmul", {"self", "other"}},
      {"aten::bmm", {"self", "mat2"}},
      {"aten::linear", {"input", "weight", "bias"}},
      {"aten::erf", {"self"}},
      {"aten::tanh", {"self"}},
      {"aten::sigmoid", {"self"}},
      {"aten::rsqrt", {"self"}},
      {"aten::sqrt", {"self"}},
      {"aten::relu", {"self"}},
      {"aten::relu6", {"self"}},
      {"aten::silu", {"self"}},
      {"aten::hardtanh", {"self", "min_val", "max_val"}},
      {"prim::getitem", {"self", "index"}},
  };
  return Table;
}

int OpSignatures::position(StringRef Op, StringRef Key) {
  auto It = signatures().find(baseOp(Op));
  if (It == signatures().end())
    return -1;
  const auto &Params = It->second;
  for (size_t I = 0; I < Params.size(); ++I)
    if (Key == Params[I])
      return static_cast<int>(I);
  return -1;
}

std::string OpSignatures::keyAt(StringRef Op, unsigned Pos) {
  auto It = signatures().find(baseOp(Op));
  if (It == signatures().end() || Pos >= It->second.size())
    return "";
  return It->second[Pos];
}

std::optional<Value> OpSignatures::moduleDefault(StringRef Type,
                                                 StringRef Key) {
  auto B = [](bool V) { return Value::boolean(V); };
  auto F = [](double V) { return Value::floating(V); };
  auto I = [](int64_t V) { return Value::integer(V); };
  StringRef T = Type;
  if (T == "torch::nn::Linear" || T.starts_with("torch::nn::Conv") ||
      T == "torch::nn::Bilinear") {
    if (Key == "bias")
      return B(true);
    if (Key == "stride" || Key == "dilation" || Key == "groups")
      return I(1);
    if (Key == "padding" || Key == "output_padding")
      return I(0);
  }
  if (T.starts_with("torch::nn::BatchNorm") ||
      T.starts_with("torch::nn::InstanceNorm")) {
    if (Key == "eps")
      return F(1e-5);
    if (Key == "momentum")
      return F(0.1);
    if (Key == "affine")
      return B(!T.starts_with("torch::nn::InstanceNorm"));
    if (Key == "track_running_stats")
      return B(!T.starts_with("torch::nn::InstanceNorm"));
  }
  if (T == "torch::nn::LayerNorm" || T == "torch::nn::GroupNorm") {
    if (Key == "eps")
      return F(1e-5);
    if (Key == "elementwise_affine" || Key == "affine")
      return B(true);
  }
  if (T.starts_with("torch::nn::Dropout") && Key == "p")
    return F(0.5);
  if (T.starts_with("torch::nn::Dropout") && Key == "inplace")
    return B(false);
  if (T == "torch::nn::LeakyReLU" && Key == "negative_slope")
    return F(0.01);
  if (T == "torch::nn::GELU" && Key == "approximate")
    return Value::string("none");
  if (T == "torch::nn::MultiheadAttention") {
    if (Key == "dropout")
      return F(0.0);
    if (Key == "bias")
      return B(true);
    if (Key == "add_bias_kv" || Key == "add_zero_attn")
      return B(false);
  }
  return std::nullopt;
}

std::string OpSignatures::statelessModuleOp(StringRef TypeName) {
  static const StringMap<const char *> Table = {
      {"torch::nn::ReLU", "aten::relu"},
      {"torch::nn::ReLU6", "aten::relu6"},
      {"torch::nn::GELU", "aten::gelu"},
      {"torch::nn::SiLU", "aten::silu"},
      {"torch::nn::Mish", "aten::mish"},
      {"torch::nn::Sigmoid", "aten::sigmoid"},
      {"torch::nn::Tanh", "aten::tanh"},
      {"torch::nn::LeakyReLU", "aten::leaky_relu"},
      {"torch::nn::ELU", "aten::elu"},
      {"torch::nn::SELU", "aten::selu"},
      {"torch::nn::CELU", "aten::celu"},
      {"torch::nn::Hardtanh", "aten::hardtanh"},
      {"torch::nn::Hardswish", "aten::hardswish"},
      {"torch::nn::Softplus", "aten::softplus"},
      {"torch::nn::Softmax", "aten::softmax"},
      {"torch::nn::LogSoftmax", "aten::log_softmax"},
      {"torch::nn::Dropout", "aten::dropout"},
      {"torch::nn::Dropout2d", "aten::dropout2d"},
      {"torch::nn::Dropout3d", "aten::dropout3d"},
      {"torch::nn::Flatten", "aten::flatten"},
      {"torch::nn::Identity", "aten::identity"},
      {"torch::nn::MaxPool1d", "aten::max_pool1d"},
      {"torch::nn::MaxPool2d", "aten::max_pool2d"},
      {"torch::nn::MaxPool3d", "aten::max_pool3d"},
      {"torch::nn::AvgPool2d", "aten::avg_pool2d"},
      {"torch::nn::AdaptiveAvgPool1d", "aten::adaptive_avg_pool1d"},
      {"torch::nn::AdaptiveAvgPool2d", "aten::adaptive_avg_pool2d"},
      {"torch::nn::AdaptiveAvgPool3d", "aten::adaptive_avg_pool3d"},
  };
  auto It = Table.find(TypeName);
  return It == Table.end() ? "" : It->second;
}

const std::vector<std::string> &OpSignatures::knownOps() {
  static const std::vector<std::string> Ops = [] {
    std::vector<std::string> V;
    for (const auto &E : signatures())
      V.push_back(E.getKey().str());
    for (const char *O : {"aten::abs",
                          "aten::adaptive_avg_pool1d",
                          "aten::adaptive_avg_pool2d",
                          "aten::adaptive_avg_pool3d",
                          "aten::addmm",
                          "aten::arange",
                          "aten::avg_pool2d",
                          "aten::baddbmm",
                          "aten::batch_norm",
                          "aten::cat",
                          "aten::celu",
                          "aten::clamp",
                          "aten::contiguous",
                          "aten::conv1d",
                          "aten::conv2d",
                          "aten::conv3d",
                          "aten::cos",
                          "aten::dropout2d",
                          "aten::dropout3d",
                          "aten::einsum",
                          "aten::elu",
                          "aten::embedding",
                          "aten::eq",
                          "aten::exp",
                          "aten::expand",
                          "aten::flatten",
                          "aten::gt",
                          "aten::hardswish",
                          "aten::identity",
                          "aten::index",
                          "aten::log",
                          "aten::lt",
                          "aten::max",
                          "aten::max_pool1d",
                          "aten::max_pool2d",
                          "aten::max_pool3d",
                          "aten::min",
                          "aten::mish",
                          "aten::mse_loss",
                          "aten::ne",
                          "aten::neg",
                          "aten::norm",
                          "aten::ones",
                          "aten::reciprocal",
                          "aten::reshape",
                          "aten::selu",
                          "aten::select",
                          "aten::sin",
                          "aten::slice",
                          "aten::softplus",
                          "aten::square",
                          "aten::squeeze",
                          "aten::stack",
                          "aten::t",
                          "aten::to",
                          "aten::type_as",
                          "aten::full",
                          "aten::tril",
                          "aten::triu",
                          "aten::unsqueeze",
                          "aten::view",
                          "aten::zeros",
                          "aten::binary_cross_entropy",
                          "aten::scaled_dot_product_attention",
                          "prim::phi",
                          "prim::member",
                          "prim::tuple",
                          "torch::optim::Adam",
                          "torch::optim::AdamW",
                          "torch::optim::SGD",
                          "torch::optim::RMSprop",
                          "torch::optim::Adagrad",
                          "torch::optim::LBFGS"})
      V.push_back(O);
    std::sort(V.begin(), V.end());
    V.erase(std::unique(V.begin(), V.end()), V.end());
    return V;
  }();
  return Ops;
}

bool OpSignatures::isKnownOp(StringRef Op) {
  const auto &K = knownOps();
  return std::binary_search(K.begin(), K.end(), baseOp(Op).str());
}

std::string closestMatch(StringRef Word,
                         const std::vector<std::string> &Candidates) {
  std::string Best;
  unsigned BestD = ~0u;
  unsigned Limit = std::max<unsigned>(2, Word.size() / 3);
  for (const std::string &C : Candidates) {
    unsigned D = Word.edit_distance(C, true, Limit + 1);
    if (D <= Limit && D < BestD) {
      BestD = D;
      Best = C;
    }
  }
  return Best;
}

} // namespace adopter::rules
