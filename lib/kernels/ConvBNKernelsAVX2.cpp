//===- ConvBNKernelsAVX2.cpp - AVX2/FMA build of batch-norm + act ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The batch-norm + activation kernels built with -mavx2 -mfma (flags set by
// lib/kernels/CMakeLists.txt). Only called after a run-time CPU check in
// ConvBNKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "ConvBNKernelsImpl.inc"
