#!/usr/bin/env python3
"""usage: expect_exit.py CODE COMMAND...

Runs COMMAND with stdin/stdout/stderr inherited and exits 0 if it exited
with CODE, else 1 with a message. lit's `not` only checks for non-zero; the
exit codes of adopter are part of its interface, so tests check them exactly.
"""
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.run(sys.argv[2:]).returncode
if got != want:
    sys.stderr.write(f"expect_exit: '{' '.join(sys.argv[2:])}' exited with {got}, expected {want}\n")
    sys.exit(1)
