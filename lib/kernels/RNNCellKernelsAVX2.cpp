//===- RNNCellKernelsAVX2.cpp - AVX2 build of the RNN cell kernels ---===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// The LSTM / GRU cell kernels built with -mavx2 -mfma (see
// lib/kernels/CMakeLists.txt); only called after a run-time CPU check in
// RNNCellKernels.cpp.
//
//===----------------------------------------------------------------------===//

#define ADOPTER_KERNEL_ISA isa_avx2
#include "RNNCellKernelsImpl.inc"
