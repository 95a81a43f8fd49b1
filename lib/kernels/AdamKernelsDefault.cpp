//===- AdamKernelsDefault.cpp - Portable build of the Adam kernel ---------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The fused Adam kernel built with the compiler's baseline instruction set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "AdamKernelsImpl.inc"
