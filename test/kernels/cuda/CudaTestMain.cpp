//===- CudaTestMain.cpp - Driver of adopter-kernels-cuda-tests ------------===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Runs every CUDA kernel test against its double-precision CPU reference.
// Exit status: 0 all passed, 1 a check failed, 77 no CUDA device (CTest
// SKIP_RETURN_CODE). An optional argument selects groups by substring:
//   adopter-kernels-cuda-tests [norm|softmax|attention|epilogue|loss]
//
//===----------------------------------------------------------------------===//

#include "CudaTestUtil.h"

#include <cstdio>
#include <cstring>

using namespace adopter::kernels::cuda::test;

int main(int Argc, char **Argv) {
  int Count = 0;
  if (cudaGetDeviceCount(&Count) != cudaSuccess || Count == 0) {
    std::printf("SKIP: no CUDA device\n");
    return 77;
  }
  cudaDeviceProp Prop;
  cudaGetDeviceProperties(&Prop, 0);
  std::printf("device 0: %s (sm_%d%d)\n", Prop.name, Prop.major, Prop.minor);
  const char *Filter = Argc > 1 ? Argv[1] : "";
  struct Group {
    const char *Name;
    void (*Run)();
  } Groups[] = {{"norm", testNorms},
                {"softmax", testSoftmax},
                {"attention", testAttention},
                {"epilogue", testEpilogues},
                {"loss", testLossAndOptim}};
  for (const Group &G : Groups) {
    if (!std::strstr(G.Name, Filter))
      continue;
    const int Before = failures();
    G.Run();
    if (cudaError_t E = cudaDeviceSynchronize()) {
      std::printf("FAIL %s: %s\n", G.Name, cudaGetErrorString(E));
      ++failures();
    }
    std::printf("%s %s\n", failures() == Before ? "PASS" : "FAIL", G.Name);
  }
  if (failures()) {
    std::printf("%d check(s) failed\n", failures());
    return 1;
  }
  std::printf("all CUDA kernel tests passed\n");
  return 0;
}
