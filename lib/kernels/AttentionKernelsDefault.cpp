//===- AttentionKernelsDefault.cpp - Portable attention kernels -----------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The attention kernels built with the compiler's baseline instruction set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "AttentionKernelsImpl.inc"
