#!/usr/bin/env python3
"""Regenerate the CHECK lines of `adopter graph` lit fixtures.

Like LLVM's update_test_checks.py: runs adopter on each fixture with the
fixture's own flags, and replaces the `// CHECK...` block at the end of the
file with the exact output, line by line (the fixtures are checked with
FileCheck --strict-whitespace --match-full-lines). Review the diff before
committing: the output becomes the specification.

usage: tools/dev/update_graph_checks.py [--build BUILD] FIXTURE.cpp...
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def site_config(build):
    cfg = {}
    path = os.path.join(build, "test", "lit.site.cfg.py")
    for line in open(path):
        m = re.match(r'config\.(\w+) = "(.*)"', line)
        if m:
            cfg[m.group(1)] = m.group(2)
    return cfg


def check_lines(output, prefix):
    out = []
    first = True
    for line in output.splitlines():
        # Paths print relative to the working directory; lit runs elsewhere.
        line = re.sub(r'(?<=[@"])((?:Inputs/)?[\w.+-]+\.(?:cpp|h|hpp))', r"{{.*}}\1", line)
        line = line.replace("[[", "{{\\[\\[}}")
        if line.startswith("module "):
            out.append(f"// {prefix}-LABEL:{line}")
        elif first:
            out.append(f"// {prefix}:{line}")
        elif line == "":
            out.append(f"// {prefix}-EMPTY:")
        else:
            out.append(f"// {prefix}-NEXT:{line}")
        first = False
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("fixtures", nargs="+")
    args = ap.parse_args()
    cfg = site_config(args.build)
    for fx in args.fixtures:
        src = open(fx).read().splitlines()
        run = next((l for l in src if "RUN:" in l and "%adopter graph" in l), None)
        if not run:
            print(f"{fx}: no '%adopter graph' RUN line, skipped", file=sys.stderr)
            continue
        m = re.search(r"--check-prefix=(\w+)", run)
        prefix = m.group(1) if m else "CHECK"
        d = os.path.dirname(os.path.abspath(fx))
        flags = cfg["torch_flags"].split() + ["-I", os.path.join(d, "Inputs")]
        res = subprocess.run([cfg["adopter_bin"], "graph", os.path.basename(fx), "--"] + flags,
                             cwd=d, capture_output=True, text=True)
        body = [l for l in src if not re.match(rf"// {prefix}(-\w+)?:", l)]
        while body and body[-1] == "":
            body.pop()
        checks = check_lines(res.stdout, prefix)
        text = "\n".join(body) + "\n"
        if checks:
            text += "\n" + "\n".join(checks) + "\n"
        open(fx, "w").write(text)
        print(f"{fx}: {len(checks)} check lines (exit code {res.returncode})")


if __name__ == "__main__":
    main()
