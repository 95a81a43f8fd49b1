//===- LinearActCuda.cpp - CUDA tensors of the fused linear + activation --===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// LibTorch glue from CUDA tensors to the raw CUDA kernels of the linear +
// activation family (cuda/CudaKernels.h), on the current CUDA stream of the
// tensor's device. Built only against a CUDA-enabled LibTorch
// (ADOPTER_KERNELS_WITH_CUDA). Serves linear_gelu / _relu / _silu, the
// FusedLinear* modules, swiglu / swiglu_packed, FusedSwiGLU and gelu:
//  - LinearActFunction::forward calls linearActForwardCuda: the GEMM in
//    cuBLASLt (LinearCublasLt.cu) with the bias, and ReLU or the tanh GELU,
//    in its epilogue; the other activations and SwiGLU in one elementwise
//    kernel (ActivationKernels.cu) over the GEMM output.
//  - linActForward / linActBackward (LinActKernels.cpp) route CUDA tensors
//    to linActForwardCuda / linActBackwardCuda, so LinearActFunction's
//    fused backward and GeluFunction serve both devices. The backward's two
//    GEMMs (dx, dW) are ATen's (cuBLAS), as on the CPU.
//
//===----------------------------------------------------------------------===//

#include "LinActKernels.h"

#include "CudaGlue.h"

#include <ATen/cuda/CUDAContext.h>
#include <ATen/ops/addmm.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/mm.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/util/Exception.h>

#include <cublasLt.h>

#include <cstdint>
#include <mutex>

namespace adopter::kernels {
namespace {

namespace kc = adopter::kernels::cuda;
using glue::check;
using glue::ptr;

/// Workspace offered to cuBLASLt per GEMM (from the caching allocator).
constexpr int64_t LtWorkspaceBytes = 4 << 20;

kc::Activation activationOf(LinActEpilogue E) {
  switch (E) {
  case LinActEpilogue::GeluErf:
    return kc::Activation::GeluExact;
  case LinActEpilogue::GeluTanh:
    return kc::Activation::GeluTanh;
  case LinActEpilogue::ReLU:
    return kc::Activation::ReLU;
  case LinActEpilogue::SiLU:
    return kc::Activation::SiLU;
  default:
    break;
  }
  TORCH_CHECK(false, "adopter_kernels: SwiGLU is not a bias + activation "
                     "epilogue");
  return kc::Activation::None;
}

/// The cuBLASLt handle of the current device, created on first use. Never
/// destroyed: a handle is small, and destroying it at exit could run after
/// the CUDA runtime has shut down.
void *ltHandle() {
  static std::mutex Mutex;
  static cublasLtHandle_t Handles[C10_COMPILE_TIME_MAX_GPUS] = {};
  const c10::DeviceIndex Device = c10::cuda::current_device();
  TORCH_CHECK(Device >= 0 && Device < C10_COMPILE_TIME_MAX_GPUS,
              "adopter_kernels: CUDA device index ", Device, " out of range");
  std::lock_guard<std::mutex> Lock(Mutex);
  if (!Handles[Device]) {
    const cublasStatus_t S = cublasLtCreate(&Handles[Device]);
    TORCH_CHECK(S == CUBLAS_STATUS_SUCCESS,
                "adopter_kernels: cublasLtCreate failed with status ",
                static_cast<int>(S));
  }
  return Handles[Device];
}

/// LinearCublasLt.cu does not set cuBLASLt's minimum-alignment preferences,
/// whose default (256 bytes) lets the heuristic pick algorithms that assume
/// it; a less aligned pointer (a view with an offset) takes the ATen GEMM.
bool ltAligned(const at::Tensor &T) {
  return !T.defined() || reinterpret_cast<uintptr_t>(T.data_ptr()) % 256 == 0;
}

/// Y [M, N] = X [M, K] W [N, K]^T with epilogue Epi (Bias [N] in X's dtype
/// when Epi is not None) in cuBLASLt. False when cuBLASLt cannot take it
/// (K == 0, unaligned operands, no algorithm found): the caller then runs
/// the ATen GEMM.
bool gemmLt(kc::LinearEpilogue Epi, const at::Tensor &X, const at::Tensor &W,
            const at::Tensor &Bias, const at::Tensor &Y) {
  const int64_t M = X.size(0), K = X.size(1), N = W.size(0);
  if (K == 0 || !ltAligned(X) || !ltAligned(W) || !ltAligned(Bias) ||
      !ltAligned(Y))
    return false;
  void *Handle = ltHandle();
  at::Tensor Workspace =
      at::empty({LtWorkspaceBytes}, X.options().dtype(at::kByte));
  cudaError_t E = cudaSuccess;
  glue::dispatchType(X.scalar_type(), "linear kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    E = kc::linearForward<T>(Handle, Epi, ptr<T>(X), ptr<T>(W), ptr<T>(Bias),
                             ptr<T>(Y), M, N, K, Workspace.data_ptr(),
                             static_cast<size_t>(LtWorkspaceBytes),
                             at::cuda::getCurrentCUDAStream());
  });
  if (E == cudaErrorNotSupported)
    return false;
  check(E, "the cuBLASLt linear");
  return true;
}

/// Out = act(In (+ Bias)) over [Rows, N]; Out may be In.
void biasAct(LinActEpilogue E, const at::Tensor &In, const at::Tensor &Bias,
             const at::Tensor &Out) {
  const int64_t N = In.size(-1);
  const int64_t Rows = N == 0 ? 0 : In.numel() / N;
  glue::dispatchType(In.scalar_type(), "activation kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::biasActForward<T>(activationOf(E), ptr<T>(In), ptr<T>(Bias),
                                ptr<T>(Out), Rows, N,
                                at::cuda::getCurrentCUDAStream()),
          "the CUDA bias + activation forward");
  });
}

/// Out [Rows, N / 2] = silu(H[:, :N / 2]) * H[:, N / 2:] for H [Rows, N].
void swiglu(const at::Tensor &H, const at::Tensor &Out) {
  const int64_t N = H.size(-1), Half = N / 2;
  const int64_t Rows = N == 0 ? 0 : H.numel() / N;
  glue::dispatchType(H.scalar_type(), "SwiGLU kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    const T *A = ptr<T>(H);
    check(kc::swigluForward<T>(A, A + Half, ptr<T>(Out), Rows, Half, N, N, Half,
                               at::cuda::getCurrentCUDAStream()),
          "the CUDA SwiGLU forward");
  });
}

} // namespace

void linActForwardCuda(LinActEpilogue E, const at::Tensor &In,
                       const at::Tensor &Bias, const at::Tensor &Out,
                       bool StorePre) {
  const c10::cuda::CUDAGuard Guard(In.device());
  const at::Tensor B = glue::asInputType(Bias, In);
  at::Tensor P = In;     // what the activation reads
  at::Tensor KernelBias; // a bias the elementwise kernel adds itself
  if (B.defined()) {
    if (StorePre)
      In.add_(B); // P = In + Bias, kept for the backward
    else if (E == LinActEpilogue::SwiGLU)
      P = In.add(B); // the SwiGLU kernel takes no bias
    else
      KernelBias = B;
  }
  if (E == LinActEpilogue::SwiGLU)
    swiglu(P, Out);
  else
    biasAct(E, P, KernelBias, Out);
}

void linActBackwardCuda(LinActEpilogue E, const at::Tensor &DOut,
                        const at::Tensor &Saved, const at::Tensor &DIn,
                        const at::Tensor &DBias) {
  const c10::cuda::CUDAGuard Guard(Saved.device());
  const int64_t N = Saved.size(-1);
  const int64_t Rows = N == 0 ? 0 : Saved.numel() / N;
  const at::Tensor DY = DOut.to(Saved.scalar_type()).contiguous();
  if (E == LinActEpilogue::SwiGLU) {
    const int64_t Half = N / 2;
    glue::dispatchType(Saved.scalar_type(), "SwiGLU kernels", [&](auto Tag) {
      using T = typename decltype(Tag)::type;
      const T *A = ptr<T>(Saved);
      T *DA = ptr<T>(DIn);
      check(kc::swigluBackward<T>(ptr<T>(DY), A, A + Half, DA, DA + Half, Rows,
                                  Half, N, N, Half,
                                  at::cuda::getCurrentCUDAStream()),
            "the CUDA SwiGLU backward");
    });
    // The SwiGLU kernel does not reduce the bias gradient: ATen's column sum
    // (in float) does.
    if (DBias.defined())
      DBias.add_(DIn.view({Rows, N}).sum(at::IntArrayRef{0},
                                         /*keepdim=*/false, at::kFloat));
    return;
  }
  // The kernel reduces the bias gradient in its own dtype; DBias is the
  // caller's zeroed float accumulator.
  at::Tensor DB;
  if (DBias.defined())
    DB = at::empty({N}, Saved.options());
  glue::dispatchType(Saved.scalar_type(), "activation kernels", [&](auto Tag) {
    using T = typename decltype(Tag)::type;
    check(kc::biasActBackward<T>(activationOf(E), ptr<T>(DY), ptr<T>(Saved),
                                 nullptr, ptr<T>(DIn), ptr<T>(DB), Rows, N,
                                 at::cuda::getCurrentCUDAStream()),
          "the CUDA bias + activation backward");
  });
  if (DBias.defined())
    DBias.add_(DB);
}

LinearActCudaResult linearActForwardCuda(LinActEpilogue E, const at::Tensor &X,
                                         const at::Tensor &W,
                                         const at::Tensor &Bias,
                                         bool NeedGrad) {
  const c10::cuda::CUDAGuard Guard(X.device());
  const int64_t M = X.size(0), N = W.size(0);
  const at::Tensor B = glue::asInputType(Bias, X);
  // The bias always goes into the GEMM's epilogue, so that x W^T + b is
  // rounded once (as torch::linear; in bfloat16 a rounded GEMM output plus
  // the bias could flip the sign of a sum near zero). ReLU, and the tanh
  // GELU when the pre-activation need not be kept, go there too; cuBLASLt's
  // GELU epilogue is the tanh approximation, so the erf GELU never does.
  kc::LinearEpilogue Epi =
      B.defined() ? kc::LinearEpilogue::Bias : kc::LinearEpilogue::None;
  bool ActInGemm = false;
  if (B.defined() && E == LinActEpilogue::ReLU) {
    Epi = kc::LinearEpilogue::ReluBias;
    ActInGemm = true;
  } else if (B.defined() && E == LinActEpilogue::GeluTanh && !NeedGrad) {
    Epi = kc::LinearEpilogue::GeluBias;
    ActInGemm = true;
  }
  at::Tensor H = at::empty({M, N}, X.options());
  if (!gemmLt(Epi, X, W, B, H)) {
    // No cuBLASLt algorithm for this case: ATen's GEMM (cuBLAS), the bias
    // still added inside it; the activation then runs in the kernel below.
    if (B.defined())
      at::addmm_out(H, B, X, W.t());
    else
      at::mm_out(H, X, W.t());
    ActInGemm = false;
  }
  LinearActCudaResult R;
  if (E == LinActEpilogue::SwiGLU) {
    R.Out = at::empty({M, linActOutCols(E, N)}, X.options());
    swiglu(H, R.Out);
  } else if (ActInGemm) {
    R.Out = H;
  } else if (!NeedGrad || E == LinActEpilogue::ReLU) {
    R.Out = H; // in place (ReLU's backward works from its output)
    biasAct(E, H, at::Tensor(), H);
  } else {
    R.Out = at::empty_like(H);
    biasAct(E, H, at::Tensor(), R.Out);
  }
  // The pre-activation, or for ReLU the output itself (H in both cases).
  if (NeedGrad)
    R.Saved = H;
  return R;
}

} // namespace adopter::kernels
