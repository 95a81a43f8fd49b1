//===- LinActKernelsDefault.cpp - Portable build of the GEMM epilogues ----===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The GEMM epilogue kernels built with the compiler's baseline instruction
// set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "LinActKernelsImpl.inc"
