//===- RNNCellKernelsDefault.cpp - Default build of the RNN cell kernels
//---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The LSTM / GRU cell kernels built with the compiler's baseline instruction
// set.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_default
#include "RNNCellKernelsImpl.inc"
