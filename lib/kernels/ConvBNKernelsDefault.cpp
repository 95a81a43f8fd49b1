//===- ConvBNKernelsDefault.cpp - Portable build of batch-norm + act ------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The batch-norm + activation kernels built with the compiler's baseline
// instruction set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "ConvBNKernelsImpl.inc"
