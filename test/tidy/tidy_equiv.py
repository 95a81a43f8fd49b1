#!/usr/bin/env python3
"""usage: tidy_equiv.py --adopter BIN --clang-tidy BIN --plugin SO --
                        [--min-warnings N] [--packs LIST] [--torch-version V]
                        DIR_OR_FILE... -- COMPILER_ARGS

One engine: for every .cpp file given (or in a given folder), runs
`adopter check FILE` and `clang-tidy --load=SO -checks=-*,adopter-* FILE`
and checks that both report the same warnings, at the same places, with the
same messages and the same notes. The notes only clang-tidy gives (about its
fix-its) are left out of the comparison. A clang-tidy warning with the note
"offered in place of adopter-R at F:L:C, which has no fix-it" (a candidate
outside the plan that carries the fix the plan's finding cannot have, as
`adopter apply` writes it) is checked apart: adopter check must report that
warning of rule R at F:L:C, and `adopter check --explain` must have rejected
the offered candidate for overlapping it. Fails when fewer than N warnings
were compared in all, so that a broken plugin that reports nothing cannot
pass. --packs and --torch-version go to both (as adopter.Packs and
adopter.TorchVersion for clang-tidy).
"""
import argparse
import os
import re
import subprocess
import sys

LINE = re.compile(r"^(\S+?):(\d+):(\d+): (warning|note|error): (.*)$")
TIDY_ONLY_NOTES = ("FIX-IT applied", "no fix-it: ",
                   "the fix-it of this warning also rewrites")
IN_PLACE_OF = re.compile(r"offered in place of adopter-([\w-]+) at (\S+?):(\d+):(\d+), "
                         r"which has no fix-it$")


def blocks(text, cwd, instead=None):
    """[(warning, (notes...))] of the adopter warnings in text. With a dict
    `instead`, the warnings offered in place of another go there instead
    (warning -> (rule, path:line:col of the other))."""
    out, cur = [], None
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        path, ln, col, kind, msg = m.groups()
        path = os.path.realpath(os.path.join(cwd, path))
        item = f"{path}:{ln}:{col}: {kind}: {msg}"
        if kind == "warning":
            cur = None
            if msg.endswith("]") and "[adopter-" in msg:
                cur = [item, []]
                out.append(cur)
        elif kind == "note" and cur is not None:
            m2 = IN_PLACE_OF.match(msg)
            if m2 and instead is not None:
                rule, p2, l2, c2 = m2.groups()
                instead[cur[0]] = (rule, "%s:%s:%s" % (
                    os.path.realpath(os.path.join(cwd, p2)), l2, c2))
            elif not msg.startswith(TIDY_ONLY_NOTES):
                cur[1].append(item)
        elif kind == "error":
            cur = None
    return sorted((w, tuple(n)) for w, n in out
                  if instead is None or w not in instead)


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("tidy_equiv: expected -- before the files")
    i = argv.index("--")
    p = argparse.ArgumentParser()
    p.add_argument("--adopter", required=True)
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--plugin", required=True)
    opts = p.parse_args(argv[:i])
    rest = argv[i + 1:]
    min_warnings = 0
    options = {}  # adopter.<Name> -> value, and the matching adopter flags
    adopter_flags = []
    while rest[:1] and rest[0] in ("--min-warnings", "--packs", "--torch-version"):
        flag, value = rest[0], rest[1]
        rest = rest[2:]
        if flag == "--min-warnings":
            min_warnings = int(value)
        elif flag == "--packs":
            options["Packs"] = value
            adopter_flags += ["--packs", value]
        else:
            options["TorchVersion"] = value
            adopter_flags += ["--torch-version", value]
    j = rest.index("--") if "--" in rest else len(rest)
    inputs, flags = rest[:j], rest[j + 1:]
    files = []
    for x in inputs:
        if os.path.isdir(x):
            files += sorted(os.path.join(x, f) for f in os.listdir(x)
                            if f.endswith(".cpp"))
        else:
            files.append(x)
    if not files:
        sys.exit("tidy_equiv: no .cpp files given")
    cwd = os.getcwd()
    compared = 0
    failed = False
    for f in files:
        a = subprocess.run([opts.adopter, "check", "--quiet"] + adopter_flags +
                           [f, "--"] + flags, capture_output=True, text=True)
        config = []
        if options:
            config = ["-config={CheckOptions: {" + ", ".join(
                f"adopter.{k}: '{v}'" for k, v in options.items()) + "}}"]
        t = subprocess.run([opts.clang_tidy, "--load=" + opts.plugin,
                            "-checks=-*,adopter-*", "--header-filter=.*",
                            "--quiet"] + config + [f, "--"] + flags,
                           capture_output=True, text=True)
        if t.returncode != 0 or "error:" in t.stdout + t.stderr:
            print(f"tidy_equiv: clang-tidy failed on {f} (exit {t.returncode}):")
            print(t.stdout + t.stderr)
            failed = True
            continue
        instead = {}
        want, got = blocks(a.stdout, cwd), blocks(t.stdout, cwd, instead)
        compared += len(got)
        if instead:
            # Each must stand for a warning check reports, and check's plan
            # must have left it out for overlapping that one.
            e = subprocess.run([opts.adopter, "check", "--explain", "--quiet"] +
                               adopter_flags + [f, "--"] + flags,
                               capture_output=True, text=True)
            rejected = set()  # (path:line:col, rule it overlaps)
            for ln in e.stdout.splitlines():
                m = LINE.match(ln)
                if m and m.group(4) == "note" and m.group(5).startswith("rejected: "):
                    over = m.group(5).partition("; it overlaps ")[2]
                    p = os.path.realpath(os.path.join(cwd, m.group(1)))
                    for o in re.findall(r"(?:^|, )([\w-]+) at ", over):
                        rejected.add(("%s:%s:%s" % (p, m.group(2), m.group(3)), o))
            for w, (rule, where) in sorted(instead.items()):
                wloc = w.split(": warning: ")[0]
                reported = any(x[0].startswith(where + ": warning: ") and
                               x[0].endswith("[adopter-%s]" % rule) for x in want)
                if not reported or (wloc, rule) not in rejected:
                    failed = True
                    print(f"tidy_equiv: {f}: {w} is offered in place of adopter-{rule} "
                          f"at {where}, which adopter check " +
                          ("does not report" if not reported else
                           "does not say it overlaps (--explain)"))
                else:
                    print(f"{os.path.basename(f)}: a warning offered in place of "
                          f"adopter-{rule} at line {where.rsplit(':', 2)[1]}")
        if want != got:
            failed = True
            print(f"tidy_equiv: {f}: adopter check and clang-tidy differ")
            for w in want:
                if w not in got:
                    print("  only in adopter check:", w[0])
                    for n in w[1]:
                        print("      ", n)
            for g in got:
                if g not in want:
                    print("  only in clang-tidy:   ", g[0])
                    for n in g[1]:
                        print("      ", n)
        else:
            print(f"{os.path.basename(f)}: {len(got)} warnings, same")
    if compared < min_warnings:
        print(f"tidy_equiv: {compared} warnings compared, expected at least "
              f"{min_warnings}")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
