//===- FusedBNRun.cpp - A fused run of a Sequential's elements ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "FusedBNRunDetail.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/linear.h>

#include <map>

namespace adopter::nn {

using torch::nn::Module;

namespace {

/// Registers \p From's own parameters and buffers (defined ones, under their
/// names, requires_grad as they are) as \p To's.
void holdStateOf(Module &To, const Module &From) {
  for (const auto &P : From.named_parameters(/*recurse=*/false))
    To.register_parameter(P.key(), P.value(), P.value().requires_grad());
  for (const auto &B : From.named_buffers(/*recurse=*/false))
    To.register_buffer(B.key(), B.value());
}

/// While a Sequential is cloned (LibTorch clones its elements in order),
/// the BatchNorm clone each run's clone made, by the original BatchNorm,
/// for the BatchNormSlot after it.
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

std::optional<ops::detail::BatchNormRef>
detail::batchNormRefOf(const std::shared_ptr<Module> &M) {
  if (const auto *B = exactly<torch::nn::BatchNorm1dImpl>(M))
    return ops::detail::batchNormRef(*B, M);
  if (const auto *B = exactly<torch::nn::BatchNorm2dImpl>(M))
    return ops::detail::batchNormRef(*B, M);
  if (const auto *B = exactly<torch::nn::BatchNorm3dImpl>(M))
    return ops::detail::batchNormRef(*B, M);
  return std::nullopt;
}

std::optional<ops::Activation>
detail::activationOf(const std::shared_ptr<Module> &M) {
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

size_t detail::fuseRuns(torch::nn::SequentialImpl &Seq, const MakeRun &Make) {
  size_t Runs = 0;
  const size_t N = Seq.size();
  auto At = [&](size_t I) { return Seq.begin() + static_cast<ptrdiff_t>(I); };
  for (size_t I = 0; I + 1 < N; ++I) {
    std::optional<ops::Activation> Act =
        I + 2 < N ? activationOf(At(I + 2)->ptr()) : std::nullopt;
    std::shared_ptr<Module> BN = At(I + 1)->ptr();
    // Only what the kernel computes as bn(weighted(x)): a mismatch keeps the
    // elements (and the error LibTorch raises for it).
    std::optional<torch::nn::AnyModule> Run =
        batchNormRefOf(BN)
            ? Make(At(I)->ptr(), BN, Act.value_or(ops::Activation::none()))
            : std::nullopt;
    if (!Run)
      continue;
    *At(I) = std::move(*Run);
    *At(I + 1) = torch::nn::AnyModule(BatchNormSlot(BN));
    if (Act)
      *At(I + 2) = torch::nn::AnyModule(torch::nn::Identity());
    I += Act ? 2 : 1;
    ++Runs;
  }
  return Runs;
}

FusedBNRunImpl::FusedBNRunImpl(const char *Kind,
                               std::shared_ptr<Module> Weighted,
                               std::shared_ptr<Module> BN, ops::Activation Act)
    : Weighted(std::move(Weighted)), BN(std::move(BN)), Act(Act), Kind(Kind) {
  TORCH_CHECK(this->BN && detail::batchNormRefOf(this->BN),
              "adopter::nn::", Kind, ": expected a BatchNorm module");
  // Not children: the Sequential that runs this element keeps the modules
  // as its own. The weighted module's parameters, under their names, are
  // what a clone() of that Sequential (built from its elements) holds here.
  if (this->Weighted)
    holdStateOf(*this, *this->Weighted);
}

std::shared_ptr<Module>
FusedBNRunImpl::clone(const c10::optional<torch::Device> &Device) const {
  std::shared_ptr<Module> BNCopy = BN->clone(Device);
  pendingBatchNorms()[BN.get()] = BNCopy;
  std::shared_ptr<FusedBNRunImpl> Copy =
      remake(Weighted->clone(Device), BNCopy);
  // The modules' clones keep their modes; the element's own flag (not set
  // by the Sequential's train(), the element being no child of it) follows.
  Copy->Module::train(BN->is_training());
  return Copy;
}

void FusedBNRunImpl::train(bool On) {
  Module::train(On);
  Weighted->train(On);
  BN->train(On);
}

void FusedBNRunImpl::pretty_print(std::ostream &Stream) const {
  Stream << "adopter::nn::" << Kind << "(" << *Weighted << ", " << *BN
         << ", activation=" << activationName(Act) << ")";
}

BatchNormSlotImpl::BatchNormSlotImpl(std::shared_ptr<Module> BN)
    : BN(std::move(BN)) {
  TORCH_CHECK(this->BN && detail::batchNormRefOf(this->BN),
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

} // namespace adopter::nn
