//===- BenchHarness.h - Fused kernel vs. unfused chain timing ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0
//
//===----------------------------------------------------------------------===//
//
// Shared by the bench/kernels executables. Each one times a fused kernel
// against the unfused LibTorch chain it replaces, in the same run:
//
//   adopter::bench::Options O = adopter::bench::parseOptions(Argc, Argv, "");
//   adopter::bench::Report R("attention (float32)");
//   R.compare("attention", "BERT-base 8x12x512x64", "fwd", Unfused, Fused, O);
//   return R.finish();
//
// Timing: one warm-up call of each, then Reps interleaved A/B calls; the
// median of each side and their ratio are printed.
//
// Memory: the harness installs adopter::verify::CachingAllocator
// (include/adopter/Verify/CachingAllocator.h), which counts live bytes: the
// peak reached during one call of each side, above what was live before the
// call, is reported. It also keeps freed blocks for reuse, as GPU caching
// allocators do: without that, page faults, not the kernels, decide the
// ratios on a small VM. Both sides run with the same allocator;
// `adopter tune --allocator caching` measures with it too.
//
//===----------------------------------------------------------------------===//

#ifndef ADOPTER_BENCH_KERNELS_BENCHHARNESS_H
#define ADOPTER_BENCH_KERNELS_BENCHHARNESS_H

#include "adopter/Verify/CachingAllocator.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace adopter::bench {

/// Counting, caching CPU allocator (see the file comment).
using TrackingAllocator = adopter::verify::CachingAllocator;

struct Options {
  int Reps = 10;
  bool Quick = false;
  bool Bf16 = false;
  /// Only rows whose "kernel shape" text contains Filter run.
  std::string Filter;
};

/// Reads --reps N, --quick, --bf16, --filter S; prints usage and exits 2 on
/// anything else. Usage text names the executable's extra meaning, if any.
inline Options parseOptions(int Argc, char **Argv, const char *Usage) {
  Options O;
  bool RepsGiven = false;
  for (int I = 1; I < Argc; ++I) {
    if (!std::strcmp(Argv[I], "--quick")) {
      O.Quick = true;
    } else if (!std::strcmp(Argv[I], "--bf16")) {
      O.Bf16 = true;
    } else if (!std::strcmp(Argv[I], "--reps") && I + 1 < Argc) {
      O.Reps = std::max(1, std::atoi(Argv[++I]));
      RepsGiven = true;
    } else if (!std::strcmp(Argv[I], "--filter") && I + 1 < Argc) {
      O.Filter = Argv[++I];
    } else {
      std::fprintf(stderr,
                   "usage: %s [--quick] [--reps N] [--bf16] [--filter S]\n%s",
                   Argv[0], Usage ? Usage : "");
      std::exit(2);
    }
  }
  if (O.Quick && !RepsGiven)
    O.Reps = 3;
  return O;
}

inline double median(std::vector<double> V) {
  std::sort(V.begin(), V.end());
  const size_t N = V.size();
  return N % 2 ? V[N / 2] : 0.5 * (V[N / 2 - 1] + V[N / 2]);
}

/// Prints one table of fused-vs-unfused rows and a summary.
class Report {
public:
  explicit Report(std::string Title) : Alloc(TrackingAllocator::install()) {
    std::printf("# %s: %d intra-op threads; median of interleaved A/B "
                "repetitions after a warm-up; times in ms; peak = most CPU "
                "bytes live during one call, in MB\n",
                Title.c_str(), at::get_num_threads());
    std::printf(
        "| kernel | shape | pass | reps | unfused ms | fused ms | "
        "speed-up | unfused peak MB | fused peak MB | memory ratio |\n");
    std::printf("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    std::fflush(stdout);
  }

  /// True when the row would run under O's filter.
  bool selected(const std::string &Kernel, const std::string &Shape,
                const Options &O) const {
    return O.Filter.empty() ||
           (Kernel + " " + Shape).find(O.Filter) != std::string::npos;
  }

  void compare(const std::string &Kernel, const std::string &Shape,
               const std::string &Pass, const std::function<void()> &Unfused,
               const std::function<void()> &Fused, const Options &O,
               int Reps = 0) {
    if (!selected(Kernel, Shape, O))
      return;
    if (Reps <= 0)
      Reps = O.Reps;
    const double PU = peakOf(Unfused), PF = peakOf(Fused); // also warm-up
    std::vector<double> TU, TF;
    for (int I = 0; I < Reps; ++I) {
      TU.push_back(timeOnce(Unfused));
      TF.push_back(timeOnce(Fused));
    }
    const double MU = median(TU), MF = median(TF);
    const double Speedup = MU / MF;
    Ratios.push_back(Speedup);
    if (Speedup < Slowest) {
      Slowest = Speedup;
      SlowestRow = Kernel + " " + Shape + " " + Pass;
    }
    std::printf("| %s | %s | %s | %d | %.3f | %.3f | %.2fx | %.1f | %.1f | "
                "%s |\n",
                Kernel.c_str(), Shape.c_str(), Pass.c_str(), Reps, MU, MF,
                Speedup, PU / 1e6, PF / 1e6, memRatio(PU, PF).c_str());
    std::fflush(stdout);
  }

  /// Prints the geometric mean and the slowest row; returns 0.
  int finish() {
    if (Ratios.empty()) {
      std::printf("\nno row selected\n");
      return 0;
    }
    double LogSum = 0;
    for (double R : Ratios)
      LogSum += std::log(R);
    std::printf("\ngeometric mean speed-up over %zu rows: %.2fx; slowest: "
                "%.2fx (%s)\n",
                Ratios.size(), std::exp(LogSum / Ratios.size()), Slowest,
                SlowestRow.c_str());
    std::fflush(stdout);
    return 0;
  }

private:
  static double timeOnce(const std::function<void()> &F) {
    auto T0 = std::chrono::steady_clock::now();
    F();
    auto T1 = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(T1 - T0).count();
  }

  double peakOf(const std::function<void()> &F) {
    Alloc.resetPeak();
    F();
    return static_cast<double>(Alloc.peakSinceReset());
  }

  static std::string memRatio(double PU, double PF) {
    if (PF <= 0)
      return PU <= 0 ? "-" : "inf";
    char Buf[32];
    std::snprintf(Buf, sizeof(Buf), "%.2fx", PU / PF);
    return Buf;
  }

  TrackingAllocator &Alloc;
  std::vector<double> Ratios;
  double Slowest = HUGE_VAL;
  std::string SlowestRow;
};

} // namespace adopter::bench

#endif // ADOPTER_BENCH_KERNELS_BENCHHARNESS_H
