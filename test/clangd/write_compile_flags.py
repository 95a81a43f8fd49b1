#!/usr/bin/env python3
"""usage: write_compile_flags.py TORCH_INCLUDE KERNELS_INCLUDE OUT

Writes the compile_flags.txt that adopter-clangd reads for the fixtures:
C++17 against the real LibTorch headers (clangd builds its own preamble, so
no PCH) and the adopter kernels' headers that the fixed code includes.
"""
import sys

torch_inc, kernels_inc, out = sys.argv[1:4]
flags = ["-xc++", "-std=c++17", "-D_GLIBCXX_USE_CXX11_ABI=1",
         "-isystem", torch_inc, "-isystem", kernels_inc]
with open(out, "w") as f:
    f.write("\n".join(flags) + "\n")
