//===- Philox.h - Counter-based random numbers for CUDA kernels -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2,
// 3"), usable from host and device code, so that a CPU reference (the tests)
// draws exactly the dropout mask the GPU drew.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CUDA_PHILOX_H
#define ADOPTER_LIB_KERNELS_CUDA_PHILOX_H

#include <cstdint>

#if defined(__CUDACC__)
#define ADOPTER_HD __host__ __device__ __forceinline__
#else
#define ADOPTER_HD inline
#endif

namespace adopter::kernels::cuda {

/// Four 32-bit random words for counter (Counter, 0) and key Seed.
ADOPTER_HD void philox4x32(uint64_t Seed, uint64_t Counter, uint32_t Out[4]) {
  uint32_t C0 = static_cast<uint32_t>(Counter);
  uint32_t C1 = static_cast<uint32_t>(Counter >> 32);
  uint32_t C2 = 0, C3 = 0;
  uint32_t K0 = static_cast<uint32_t>(Seed);
  uint32_t K1 = static_cast<uint32_t>(Seed >> 32);
  for (int Round = 0; Round < 10; ++Round) {
    const uint64_t P0 = static_cast<uint64_t>(0xD2511F53u) * C0;
    const uint64_t P1 = static_cast<uint64_t>(0xCD9E8D57u) * C2;
    const uint32_t Hi0 = static_cast<uint32_t>(P0 >> 32);
    const uint32_t Lo0 = static_cast<uint32_t>(P0);
    const uint32_t Hi1 = static_cast<uint32_t>(P1 >> 32);
    const uint32_t Lo1 = static_cast<uint32_t>(P1);
    C0 = Hi1 ^ C1 ^ K0;
    C1 = Lo1;
    C2 = Hi0 ^ C3 ^ K1;
    C3 = Lo0;
    K0 += 0x9E3779B9u;
    K1 += 0xBB67AE85u;
  }
  Out[0] = C0;
  Out[1] = C1;
  Out[2] = C2;
  Out[3] = C3;
}

/// A uniform float in [0, 1) for element Index of the stream of Seed: word
/// Index & 3 of philox4x32(Seed, Index >> 2). Kernels pass Offset + element
/// index as Index, so a caller advancing Offset gets fresh numbers.
ADOPTER_HD float philoxUniform(uint64_t Seed, uint64_t Index) {
  uint32_t R[4];
  philox4x32(Seed, Index >> 2, R);
  // 24 random bits, exactly representable in float.
  return static_cast<float>(R[Index & 3] >> 8) * (1.0f / 16777216.0f);
}

} // namespace adopter::kernels::cuda

#endif // ADOPTER_LIB_KERNELS_CUDA_PHILOX_H
