//===- DropoutAddNormKernelsDefault.cpp - Portable dropout-add-norm -------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The dropout + add + LayerNorm kernels built with the compiler's baseline
// instruction set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "DropoutAddNormKernelsImpl.inc"
