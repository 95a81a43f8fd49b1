//===- CpuIsa.h - Run-time choice of the CPU kernels' ISA -------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Every CPU kernel family is compiled twice (a portable copy in namespace
// `isa_default`, an AVX2+FMA copy in `isa_avx2`; see CMakeLists.txt). Its
// dispatcher calls the AVX2 copy when useAvx2() says so:
//
//   #ifdef ADOPTER_KERNELS_HAVE_AVX2
//     if (useAvx2())
//       return isa_avx2::softmaxImpl(...);
//   #endif
//     return isa_default::softmaxImpl(...);
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_LIB_KERNELS_CPUISA_H
#define ADOPTER_LIB_KERNELS_CPUISA_H

namespace adopter::kernels {

/// True when the AVX2 copy was built, the CPU has AVX2 and FMA, and
/// ADOPTER_KERNELS_ISA=default does not force the portable copy (the
/// environment is read once).
bool useAvx2();

/// Name of the instruction set the kernels run with ("avx2" or "default").
const char *activeIsa();

} // namespace adopter::kernels

/// `return isa_avx2::Fn(...)` when useAvx2(), else the portable copy: the
/// body of a family's dispatcher.
#ifdef ADOPTER_KERNELS_HAVE_AVX2
#define ADOPTER_KERNELS_DISPATCH(Fn, ...)                                      \
  do {                                                                         \
    if (useAvx2())                                                             \
      return isa_avx2::Fn(__VA_ARGS__);                                        \
    return isa_default::Fn(__VA_ARGS__);                                       \
  } while (false)
#else
#define ADOPTER_KERNELS_DISPATCH(Fn, ...) return isa_default::Fn(__VA_ARGS__)
#endif

#endif // ADOPTER_LIB_KERNELS_CPUISA_H
