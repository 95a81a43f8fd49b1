//===- CachingAllocator.h - Counting, caching CPU allocator -----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// A CPU allocator for measurements (c10::SetCPUAllocator): it counts live
// bytes and the peak since a reset, and keeps freed blocks in per-size free
// lists to hand them out again, as GPU caching allocators do. Without it,
// glibc mmaps and unmaps every large temporary, and page faults, not the
// kernels, decide a fused-vs-unfused ratio on a small machine
// (bench/results/2026-11-25-kernels-norms-cpu-2core.md).
//
// The kernel benchmarks (bench/kernels/BenchHarness.h) always run with it;
// `adopter tune --allocator caching` measures with it, so that tune's
// ratios compare with theirs. Memory it caches is never returned: it is
// for processes that measure, not for serving models.
//
// Header-only: the benchmarks link adopter::kernels, not adopterVerify.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_VERIFY_CACHINGALLOCATOR_H
#define ADOPTER_VERIFY_CACHINGALLOCATOR_H

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace adopter::verify {

class CachingAllocator final : public c10::Allocator {
public:
  /// The process's one instance, made LibTorch's CPU allocator on the first
  /// call. Tensors allocated before keep their own deleter.
  static CachingAllocator &install() {
    static CachingAllocator *A = [] {
      auto *New = new CachingAllocator();
      c10::SetCPUAllocator(New, /*priority=*/200);
      return New;
    }();
    return *A;
  }

#if TORCH_VERSION_MAJOR > 2 ||                                                 \
    (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 3)
  c10::DataPtr allocate(size_t N) override { return allocateImpl(N); }
  void copy_data(void *Dest, const void *Src,
                 std::size_t Count) const override {
    std::memcpy(Dest, Src, Count);
  }
#else
  c10::DataPtr allocate(size_t N) const override { return allocateImpl(N); }
#endif
  c10::DeleterFnPtr raw_deleter() const override { return &release; }

  /// Starts a measurement: the peak is reset to the bytes live now.
  void resetPeak() {
    std::lock_guard<std::mutex> L(M);
    Base = Peak = Live;
  }
  /// Peak live bytes since resetPeak(), above the bytes live then.
  size_t peakSinceReset() {
    std::lock_guard<std::mutex> L(M);
    return Peak - Base;
  }
  /// Allocations served so far, and how many of them reused a freed block.
  size_t allocations() {
    std::lock_guard<std::mutex> L(M);
    return Allocations;
  }
  size_t reused() {
    std::lock_guard<std::mutex> L(M);
    return Reused;
  }

private:
  CachingAllocator() = default;

  c10::DataPtr allocateImpl(size_t N) const {
    void *P = nullptr;
    {
      std::lock_guard<std::mutex> L(M);
      auto It = Free.find(N);
      if (It != Free.end() && !It->second.empty()) {
        P = It->second.back();
        It->second.pop_back();
        ++Reused;
      }
      ++Allocations;
      Live += N;
      Peak = std::max(Peak, Live);
    }
    if (!P && N && posix_memalign(&P, 64, N) != 0)
      throw std::bad_alloc();
    {
      std::lock_guard<std::mutex> L(M);
      Sizes[P] = N;
    }
    return {P, P, &release, c10::Device(c10::DeviceType::CPU)};
  }

  static void release(void *P) {
    if (!P)
      return;
    CachingAllocator &A = install();
    std::lock_guard<std::mutex> L(A.M);
    auto It = A.Sizes.find(P);
    if (It == A.Sizes.end()) {
      std::free(P);
      return;
    }
    A.Live -= It->second;
    A.Free[It->second].push_back(P);
    A.Sizes.erase(It);
  }

  mutable std::mutex M;
  mutable std::unordered_map<size_t, std::vector<void *>> Free;
  mutable std::unordered_map<void *, size_t> Sizes;
  mutable size_t Live = 0, Peak = 0, Base = 0;
  mutable size_t Allocations = 0, Reused = 0;
};

} // namespace adopter::verify

#endif // ADOPTER_VERIFY_CACHINGALLOCATOR_H
