//===- CpuIsa.cpp - Run-time choice of the CPU kernels' ISA ---------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//

#include "CpuIsa.h"

#include <cstdlib>
#include <cstring>

namespace adopter::kernels {

bool useAvx2() {
#ifdef ADOPTER_KERNELS_HAVE_AVX2
  static const bool Use = [] {
    const char *Forced = std::getenv("ADOPTER_KERNELS_ISA");
    if (Forced && std::strcmp(Forced, "default") == 0)
      return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return Use;
#else
  return false;
#endif
}

const char *activeIsa() { return useAvx2() ? "avx2" : "default"; }

} // namespace adopter::kernels
