//===- ConvBNElement.cpp - Conv + BatchNorm elements of a Sequential ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "adopter/kernels/ConvBNElement.h"

#include "adopter/kernels/ConvBN.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/linear.h>

#include <map>
#include <optional>
#include <typeinfo>

namespace adopter::nn {

namespace {

using torch::nn::Module;

/// \p M as a T when it is exactly LibTorch's T: a subclass may compute
/// otherwise (a convolution that standardises its weight in forward()).
template <typename T> const T *exactly(const std::shared_ptr<Module> &M) {
  return M && typeid(*M) == typeid(T) ? dynamic_cast<const T *>(M.get())
                                      : nullptr;
}

std::optional<ops::detail::ConvRef>
convRefOf(const std::shared_ptr<Module> &M) {
  if (const auto *C = exactly<torch::nn::Conv1dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::Conv2dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::Conv3dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::ConvTranspose1dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::ConvTranspose2dImpl>(M))
    return ops::detail::convRef(*C, M);
  if (const auto *C = exactly<torch::nn::ConvTranspose3dImpl>(M))
    return ops::detail::convRef(*C, M);
  return std::nullopt;
}

std::optional<ops::detail::BatchNormRef>
batchNormRefOf(const std::shared_ptr<Module> &M) {
  if (const auto *B = exactly<torch::nn::BatchNorm1dImpl>(M))
    return ops::detail::batchNormRef(*B, M);
  if (const auto *B = exactly<torch::nn::BatchNorm2dImpl>(M))
    return ops::detail::batchNormRef(*B, M);
  if (const auto *B = exactly<torch::nn::BatchNorm3dImpl>(M))
    return ops::detail::batchNormRef(*B, M);
  return std::nullopt;
}

/// The activation an element computes, when conv_bn can apply it.
std::optional<ops::Activation> activationOf(const std::shared_ptr<Module> &M) {
  if (exactly<torch::nn::ReLUImpl>(M))
    return ops::Activation::relu();
  if (exactly<torch::nn::ReLU6Impl>(M))
    return ops::Activation::relu6();
  if (exactly<torch::nn::SiLUImpl>(M))
    return ops::Activation::silu();
  if (const auto *L = exactly<torch::nn::LeakyReLUImpl>(M))
    return ops::Activation::leaky_relu(L->options.negative_slope());
  if (const auto *H = exactly<torch::nn::HardtanhImpl>(M))
    return ops::Activation::hardtanh(H->options.min_val(),
                                     H->options.max_val());
  return std::nullopt;
}

/// Registers \p From's own parameters and buffers (defined ones, under their
/// names, requires_grad as they are) as \p To's.
void holdStateOf(Module &To, const Module &From) {
  for (const auto &P : From.named_parameters(/*recurse=*/false))
    To.register_parameter(P.key(), P.value(), P.value().requires_grad());
  for (const auto &B : From.named_buffers(/*recurse=*/false))
    To.register_buffer(B.key(), B.value());
}

/// While a Sequential is cloned (LibTorch clones its elements in order),
/// the BatchNorm clone each ConvBNElement's clone made, by the original
/// BatchNorm, for the BatchNormSlot after it.
std::map<const Module *, std::weak_ptr<Module>> &pendingBatchNorms() {
  thread_local std::map<const Module *, std::weak_ptr<Module>> Pending;
  return Pending;
}

const char *activationName(const ops::Activation &A) {
  switch (A.kind) {
  case ops::Activation::ReLU:
    return "relu";
  case ops::Activation::ReLU6:
    return "relu6";
  case ops::Activation::SiLU:
    return "silu";
  case ops::Activation::LeakyReLU:
    return "leaky_relu";
  case ops::Activation::Hardtanh:
    return "hardtanh";
  default:
    return "none";
  }
}

} // namespace

ConvBNElementImpl::ConvBNElementImpl(std::shared_ptr<Module> Conv,
                                     std::shared_ptr<Module> BN,
                                     ops::Activation Act)
    : Conv(std::move(Conv)), BN(std::move(BN)), Act(Act) {
  TORCH_CHECK(this->Conv && convRefOf(this->Conv),
              "adopter::nn::ConvBNElement: expected a convolution module");
  TORCH_CHECK(this->BN && batchNormRefOf(this->BN),
              "adopter::nn::ConvBNElement: expected a BatchNorm module");
  // Not children: the Sequential that runs this element keeps the modules
  // as its own. The convolution's parameters, under their names, are what
  // a clone() of that Sequential (built from its elements) holds here.
  holdStateOf(*this, *this->Conv);
}

at::Tensor ConvBNElementImpl::forward(const at::Tensor &X) {
  // The references are taken at each call: to(), load and train()/eval()
  // change the modules after the element was made.
  return ops::detail::convBn(X, *convRefOf(Conv), *batchNormRefOf(BN), Act);
}

std::shared_ptr<Module>
ConvBNElementImpl::clone(const c10::optional<torch::Device> &Device) const {
  std::shared_ptr<Module> BNCopy = BN->clone(Device);
  pendingBatchNorms()[BN.get()] = BNCopy;
  auto Copy =
      std::make_shared<ConvBNElementImpl>(Conv->clone(Device), BNCopy, Act);
  // The modules' clones keep their modes; the element's own flag (not set
  // by the Sequential's train(), the element being no child of it) follows.
  Copy->Module::train(BN->is_training());
  return Copy;
}

void ConvBNElementImpl::train(bool On) {
  Module::train(On);
  Conv->train(On);
  BN->train(On);
}

BatchNormSlotImpl::BatchNormSlotImpl(std::shared_ptr<Module> BN)
    : BN(std::move(BN)) {
  TORCH_CHECK(this->BN && batchNormRefOf(this->BN),
              "adopter::nn::BatchNormSlot: expected a BatchNorm module");
  holdStateOf(*this, *this->BN);
}

std::shared_ptr<Module>
BatchNormSlotImpl::clone(const c10::optional<torch::Device> &Device) const {
  auto &Pending = pendingBatchNorms();
  std::shared_ptr<Module> BNCopy;
  if (auto It = Pending.find(BN.get()); It != Pending.end()) {
    BNCopy = It->second.lock();
    Pending.erase(It);
  }
  if (!BNCopy)
    BNCopy = BN->clone(Device);
  auto Copy = std::make_shared<BatchNormSlotImpl>(BNCopy);
  Copy->Module::train(BN->is_training());
  return Copy;
}

void BatchNormSlotImpl::train(bool On) {
  Module::train(On);
  BN->train(On);
}

void BatchNormSlotImpl::pretty_print(std::ostream &Stream) const {
  Stream << "adopter::nn::BatchNormSlot(" << *BN << ")";
}

void ConvBNElementImpl::pretty_print(std::ostream &Stream) const {
  Stream << "adopter::nn::ConvBNElement(" << *Conv << ", " << *BN
         << ", activation=" << activationName(Act) << ")";
}

size_t fuse_conv_bn(torch::nn::SequentialImpl &Seq) {
  size_t Runs = 0;
  const size_t N = Seq.size();
  auto At = [&](size_t I) { return Seq.begin() + static_cast<ptrdiff_t>(I); };
  for (size_t I = 0; I + 1 < N; ++I) {
    std::shared_ptr<Module> Conv = At(I)->ptr(), BN = At(I + 1)->ptr();
    std::optional<ops::detail::ConvRef> C = convRefOf(Conv);
    std::optional<ops::detail::BatchNormRef> B =
        C ? batchNormRefOf(BN) : std::nullopt;
    // Only what conv_bn computes as bn(conv(x)): a mismatch keeps the
    // elements (and the error LibTorch raises for it).
    if (!C || !B || B->Dims != C->Dims || B->NumFeatures != C->OutChannels)
      continue;
    std::optional<ops::Activation> Act =
        I + 2 < N ? activationOf(At(I + 2)->ptr()) : std::nullopt;
    *At(I) = torch::nn::AnyModule(
        ConvBNElement(Conv, BN, Act.value_or(ops::Activation::none())));
    *At(I + 1) = torch::nn::AnyModule(BatchNormSlot(BN));
    if (Act)
      *At(I + 2) = torch::nn::AnyModule(torch::nn::Identity());
    I += Act ? 2 : 1;
    ++Runs;
  }
  return Runs;
}

torch::nn::Sequential fuse_conv_bn(torch::nn::Sequential Seq) {
  fuse_conv_bn(*Seq);
  return Seq;
}

} // namespace adopter::nn
