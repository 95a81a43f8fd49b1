#!/usr/bin/env python3
"""Precision and recall of `adopter check` against the hand-written ground truth.

Runs `adopter check --packs adopter --target cpu --format=json` once per model
folder of bench/models (all its .cpp files, so a header shared by two of them
is analysed once), takes the selected findings, and compares them on
(rule, file, line) with bench/accuracy/expected/<model>.yaml.

  bench/accuracy/run.py [--build BUILD] [--model NAME]... [--details] [--json FILE]

Prints a table per rule and overall, and exits 1 when the targets are missed
(overall precision >= 0.98 and recall >= 0.95, no rule below 0.90).
--json FILE also writes the same numbers as JSON (kind "accuracy": per rule
and overall tp/fp/fn/precision/recall, the models, the misses and false
findings, whether the targets are met); bench/report/report.py reads it.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time

import yaml  # python3-yaml, installed by tools/dev/setup.sh

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_expected(path):
    doc = yaml.safe_load(open(path)) or {}
    return [(x["rule"], x["file"], int(x["line"])) for x in (doc.get("sites") or [])]


def run_model(adopter, pch_flags, name):
    folder = os.path.join("bench", "models", name)
    files = sorted(os.path.join(folder, f) for f in os.listdir(os.path.join(ROOT, folder))
                   if f.endswith(".cpp"))
    cmd = [adopter, "check", "--packs", "adopter", "--target", "cpu", "--format=json",
           "--quiet"] + files + ["--"] + pch_flags + ["-I" + folder]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.stderr.write("adopter failed on %s (exit %d):\n%s\n" % (name, p.returncode, p.stderr))
    try:
        doc = json.loads(p.stdout)
    except ValueError:
        # A crash leaves no JSON: the model's sites count as missed, and the
        # run fails (main), rather than a traceback hiding which model it was.
        sys.stderr.write("adopter wrote no JSON for %s (exit %d); its sites count as missed\n"
                         % (name, p.returncode))
        return None, None
    found = [(f["rule"], f["file"], f["line"]) for f in doc["findings"] if f["selected"]]
    return found, doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--model", action="append")
    ap.add_argument("--details", action="store_true", help="list every miss and false finding")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    args = ap.parse_args()
    adopter = os.path.join(args.build, "bin", "adopter")
    site_cfg = open(os.path.join(args.build, "test", "lit.site.cfg.py")).read()
    flags = site_cfg.split("config.torch_flags = \"", 1)[1].split("\"", 1)[0].split()
    exp_dir = os.path.join(ROOT, "bench", "accuracy", "expected")
    models = args.model or sorted(f[:-5] for f in os.listdir(exp_dir) if f.endswith(".yaml"))

    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    misses, falses, broken = [], [], []
    for m in models:
        expected = set(load_expected(os.path.join(exp_dir, m + ".yaml")))
        found, _ = run_model(adopter, flags, m)
        if found is None:
            broken.append(m)
            found = []
        found = set(found)
        for s in found & expected:
            tp[s[0]] += 1
        for s in found - expected:
            fp[s[0]] += 1
            falses.append((m,) + s)
        for s in expected - found:
            fn[s[0]] += 1
            misses.append((m,) + s)

    rules = sorted(set(tp) | set(fp) | set(fn))
    print("%-24s %5s %5s %5s %9s %7s" % ("rule", "tp", "fp", "fn", "precision", "recall"))
    ok = True
    per_rule = []
    for r in rules:
        p = tp[r] / (tp[r] + fp[r]) if tp[r] + fp[r] else 1.0
        rc = tp[r] / (tp[r] + fn[r]) if tp[r] + fn[r] else 1.0
        ok &= p >= 0.9 and rc >= 0.9
        print("%-24s %5d %5d %5d %9.3f %7.3f" % (r, tp[r], fp[r], fn[r], p, rc))
        per_rule.append({"rule": r, "tp": tp[r], "fp": fp[r], "fn": fn[r],
                         "precision": p, "recall": rc})
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    P = T / (T + F) if T + F else 1.0
    R = T / (T + N) if T + N else 1.0
    print("%-24s %5d %5d %5d %9.3f %7.3f" % ("overall", T, F, N, P, R))
    print("models: %d" % len(models))
    if broken:
        print("adopter failed on: %s" % ", ".join(broken))
    ok &= P >= 0.98 and R >= 0.95 and not broken
    if args.details:
        for m, r, f, l in sorted(misses):
            print("missed: %s %s:%d (%s)" % (r, f, l, m))
        for m, r, f, l in sorted(falses):
            print("false:  %s %s:%d (%s)" % (r, f, l, m))
    print("targets (precision >= 0.98, recall >= 0.95, every rule >= 0.90): %s"
          % ("met" if ok else "NOT met"))
    if args.json:
        doc = {"kind": "accuracy",
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "command": "adopter check --packs adopter --target cpu --format=json",
               "packs": ["adopter"], "target": "cpu",
               "models": models,
               "rules": per_rule,
               "overall": {"tp": T, "fp": F, "fn": N, "precision": P, "recall": R},
               "targets": {"precision": 0.98, "recall": 0.95, "per_rule": 0.90, "met": bool(ok)},
               "failed_models": broken,
               "missed": [{"model": m, "rule": r, "file": f, "line": l}
                          for m, r, f, l in sorted(misses)],
               "false": [{"model": m, "rule": r, "file": f, "line": l}
                         for m, r, f, l in sorted(falses)]}
        with open(args.json, "w") as out:
            json.dump(doc, out, indent=1, sort_keys=True)
            out.write("\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
