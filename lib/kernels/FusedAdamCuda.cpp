//===- FusedAdamCuda.cpp - CUDA parameters of FusedAdam / FusedAdamW ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA parameters to the raw multi-tensor Adam / AdamW
// CUDA kernel (cuda/CudaKernels.h: multiTensorAdam), on the current CUDA
// stream of each parameter's device. Built only against a CUDA-enabled
// LibTorch (ADOPTER_KERNELS_WITH_CUDA); fusedAdamStep (FusedAdamStep.cpp)
// collects the float32 CUDA parameters of a group and calls adamStepCuda.
//
// The kernel keeps float moments and has no amsgrad: other dtypes (whose
// torch state is in the parameter's dtype) and amsgrad run ATen's own
// update on the device instead (FusedAdamStep.cpp). It takes one step count
// per launch, so parameters are grouped by device and step.
//
//===----------------------------------------------------------------------===//

#include "AdamKernels.h"

#include "CudaGlue.h"

#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/Exception.h>

#include <map>
#include <utility>
#include <vector>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;
using glue::check;
using glue::ptr;

} // namespace

void adamStepCuda(const AdamCudaOptions &O,
                  const std::vector<AdamCudaTensorSet> &Sets) {
  std::map<std::pair<c10::DeviceIndex, int64_t>,
           std::vector<kc::AdamTensor<float>>>
      Launches;
  for (const AdamCudaTensorSet &S : Sets) {
    TORCH_CHECK(S.Param.scalar_type() == at::kFloat,
                "adopter_kernels: the CUDA Adam kernel takes float32 "
                "parameters, got ",
                S.Param.scalar_type());
    Launches[{S.Param.device().index(), S.Step}].push_back(
        {ptr<float>(S.Param), ptr<float>(S.Grad), ptr<float>(S.ExpAvg),
         ptr<float>(S.ExpAvgSq), S.Param.numel()});
  }
  for (const auto &L : Launches) {
    const c10::cuda::CUDAGuard Guard(L.first.first);
    kc::AdamOptions Opt;
    Opt.Lr = static_cast<float>(O.Lr);
    Opt.Beta1 = static_cast<float>(O.Beta1);
    Opt.Beta2 = static_cast<float>(O.Beta2);
    Opt.Eps = static_cast<float>(O.Eps);
    Opt.WeightDecay = static_cast<float>(O.WeightDecay);
    Opt.AdamW = O.Decoupled;
    Opt.Step = L.first.second;
    check(kc::multiTensorAdam<float>(L.second.data(),
                                     static_cast<int>(L.second.size()), Opt,
                                     at::cuda::getCurrentCUDAStream()),
          "the CUDA multi-tensor Adam step");
  }
}

} // namespace adopter::kernels
