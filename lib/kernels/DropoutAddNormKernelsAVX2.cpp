//===- DropoutAddNormKernelsAVX2.cpp - AVX2/FMA dropout-add-norm ----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The dropout + add + LayerNorm kernels built with -mavx2 -mfma (flags set
// by lib/kernels/CMakeLists.txt). Only called after a run-time CPU check in
// DropoutAddNormKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "DropoutAddNormKernelsImpl.inc"
