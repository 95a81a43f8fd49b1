//===- CrossEntropyKernelsDefault.cpp - Default build of cross-entropy
//-----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The cross-entropy kernels built with the compiler's baseline instruction set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "CrossEntropyKernelsImpl.inc"
