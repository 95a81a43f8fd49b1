//===- NormKernelsDefault.cpp - Portable build of the norm kernels --------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The norm kernels built with the compiler's baseline instruction set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "NormKernelsImpl.inc"
