#!/usr/bin/env python3
"""run.py - adopter check and adopter-tidy at codebase scale.

    run.py --build BUILD --codebase DIR [--jobs 1,2] [--sample K]
           [--tidy-sample K] [--phases per-tu,whole,tidy-whole,cache]
           [--markdown FILE] [--json FILE]

DIR is a codebase made by gen_codebase.py (DIR/compile_commands.json). The
phases:

per-tu      for each TU of a sample (K evenly spaced TUs; default all):
            `clang++-19 -fsyntax-only` (the flags of the database),
            `adopter check FILE -p DIR --quiet` and
            `clang-tidy-19 -load BUILD/lib/adopter-tidy.so -checks='-*,adopter-*'
            -p DIR FILE`, one after the other, each timed (wall and CPU =
            user+sys) with its peak RSS (ru_maxrss from os.wait4).
            --tidy-sample takes clang-tidy on fewer TUs (it is the slow one).
whole       `adopter check -j N -p DIR --quiet --format=json <all TUs>` for
            each N of --jobs (without -j when adopter has no -j: one run,
            the others reported as skipped); wall, CPU, peak RSS, speed-up
            vs N=1, ratio to the sum of the syntax-only times; JSON of -j1
            and -jN compared (determinism); findings compared between the
            copies of each model.
tidy-whole  `run-clang-tidy-19 -j N -clang-tidy-binary clang-tidy-19 -load ...
            -checks='-*,adopter-*' -p DIR` for each N of --tidy-jobs
            (default: --jobs).
cache       `adopter check -j N --cache-dir C ...` with C empty (cold), again
            (warm), after appending a comment to one TU (only it should be
            re-analysed), after appending one to a header shared by two TUs
            (both should be), and after restoring both files; JSON outputs
            compared. Skipped, with the reason, when adopter check has no
            --cache-dir.

Peak RSS of a run is ru_maxrss of the process and the children it waited
for: the largest single process, not the sum over parallel processes.

The report (markdown) goes to stdout and to --markdown; --json writes
{"kind": "scale", "date", "machine", "tus", "per_tu", "whole", "cache", ...}.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CLANGXX = "clang++-19"
CLANG_TIDY = "clang-tidy-19"
RUN_CLANG_TIDY = "run-clang-tidy-19"
TIDY_CHECKS = "-*,adopter-*"
# a cheap stock check that finds nothing in the models: clang-tidy's own cost
TIDY_BASELINE_CHECKS = "-*,misc-unused-alias-decls"


def log(*a):
    print("[%s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


def loadavg():
    try:
        return [float(x) for x in open("/proc/loadavg").read().split()[:3]]
    except OSError:
        return None


class Run:
    __slots__ = ("cmd", "rc", "wall", "cpu", "rss_kb", "out", "err")

    def as_dict(self):
        return {"rc": self.rc, "wall_s": round(self.wall, 3), "cpu_s": round(self.cpu, 3),
                "rss_mb": round(self.rss_kb / 1024.0, 1)}


def run(cmd, cwd=None, retry_binary=None, tries=5):
    """Runs cmd, returns a Run with wall time, CPU time (user+sys of the
    process and its reaped children) and peak RSS (ru_maxrss, KiB).

    retry_binary: an executable that may be rebuilt under us; when it is
    missing or changes during the run and the run fails, wait and retry."""
    for attempt in range(tries):
        before = _stamp(retry_binary)
        with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe:
            t0 = time.perf_counter()
            try:
                p = subprocess.Popen(cmd, cwd=cwd, stdout=fo, stderr=fe)
            except OSError as e:  # ENOENT / ETXTBSY while being rebuilt
                if retry_binary and attempt + 1 < tries:
                    log("cannot start %s (%s); retrying in 20 s" % (cmd[0], e))
                    time.sleep(20)
                    continue
                raise
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
            p.returncode = os.waitstatus_to_exitcode(status)
            fo.seek(0)
            fe.seek(0)
            r = Run()
            r.cmd, r.rc, r.wall = cmd, p.returncode, wall
            r.cpu = ru.ru_utime + ru.ru_stime
            r.rss_kb = ru.ru_maxrss
            r.out = fo.read().decode("utf-8", "replace")
            r.err = fe.read().decode("utf-8", "replace")
        after = _stamp(retry_binary)
        if retry_binary and (before is None or before != after) and attempt + 1 < tries:
            log("%s changed during the run (rc %d); retrying in 20 s" % (retry_binary, r.rc))
            time.sleep(20)
            continue
        return r
    return r


def _stamp(path):
    if not path:
        return 0
    try:
        st = os.stat(path)
        return (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        return None


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def pct(xs, q):
    """nearest-rank percentile"""
    s = sorted(xs)
    if not s:
        return None
    k = max(0, min(len(s) - 1, int(-(-q * len(s) // 100)) - 1))
    return s[k]


def stats(xs):
    if not xs:
        return None
    return {"n": len(xs), "median": round(statistics.median(xs), 3),
            "p90": round(pct(xs, 90), 3), "max": round(max(xs), 3),
            "mean": round(statistics.fmean(xs), 3), "sum": round(sum(xs), 3)}


# --- environment ----------------------------------------------------------

def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def machine_info(build, adopter):
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    os_name = "?"
    try:
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    commit = first_line(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    return {
        "host_cpu": cpu, "cpus": os.cpu_count(), "memory": mem, "os": os_name,
        "kernel": platform.release(), "python": platform.python_version(),
        "clang": first_line([CLANGXX, "--version"]),
        "clang_tidy": " ".join(subprocess.run([CLANG_TIDY, "--version"], capture_output=True,
                                              text=True).stdout.split()[:5]),
        "adopter": first_line([adopter, "--version"]),
        "adopter_sha256": sha256(adopter)[:16],
        "adopter_mtime": datetime.datetime.fromtimestamp(
            os.stat(adopter).st_mtime).strftime("%Y-%m-%d %H:%M:%S"),
        "repo_commit": commit,
    }


def check_features(adopter):
    h = run([adopter, "check", "--help"], retry_binary=adopter)
    text = h.out + h.err
    has_j = bool(re.search(r"(^|\s)-j[\s=<]", text)) or "--jobs" in text
    has_cache = "--cache-dir" in text
    return {"jobs": has_j, "cache_dir": has_cache}


# --- the codebase ---------------------------------------------------------

def load_codebase(cb):
    with open(os.path.join(cb, "compile_commands.json")) as f:
        db = json.load(f)
    meta = {}
    p = os.path.join(cb, "codebase.json")
    if os.path.exists(p):
        with open(p) as f:
            meta = json.load(f)
    info = {e["file"]: e for e in meta.get("files", [])}
    tus = []
    for e in db:
        m = info.get(e["file"], {})
        rel = os.path.relpath(e["file"], cb)
        parts = rel.split(os.sep)
        tus.append({"file": e["file"], "rel": rel, "entry": e,
                    "copy": m.get("copy", parts[0]),
                    "model": m.get("model", parts[1] if len(parts) > 2 else "?"),
                    "key": os.sep.join(parts[1:])})  # path inside its copy
    return tus, meta


def syntax_cmd(entry):
    args = entry.get("arguments") or shlex.split(entry["command"])
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-c", "-o"):
            skip = a == "-o"
            continue
        if a == entry["file"]:
            continue
        out.append(a)
    out[0] = CLANGXX
    return out + ["-fsyntax-only", entry["file"]]


def sample(tus, k):
    if not k or k >= len(tus):
        return list(tus)
    return [tus[(i * len(tus)) // k] for i in range(k)]


WARN_RE = re.compile(r"^(.*?):(\d+):(\d+): warning: .*\[(adopter-[\w-]+)\]\s*$", re.M)


def warnings_of(text):
    return [(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4))
            for m in WARN_RE.finditer(text)]


# --- phases ----------------------------------------------------------------

def phase_per_tu(tus, args, adopter, tidy_so, cb):
    picked = sample(tus, args.sample)
    tidy_k = args.tidy_sample if args.tidy_sample is not None else args.sample
    tidy_set = {t["file"] for t in sample(picked, tidy_k)} if tidy_k != 0 else set()
    rows = []
    t_start = time.time()
    for i, t in enumerate(picked, 1):
        row = {"file": t["rel"], "model": t["model"], "copy": t["copy"]}
        r = run(syntax_cmd(t["entry"]), cwd=t["entry"]["directory"])
        row["syntax"] = r.as_dict()
        if r.rc != 0:
            row["syntax"]["error"] = r.err[-500:]
        r = run([adopter, "check", t["file"], "-p", cb, "--quiet"], retry_binary=adopter)
        row["adopter"] = r.as_dict()
        w = warnings_of(r.out)
        row["adopter"]["findings"] = len(w)
        row["adopter"]["findings_main_file"] = sum(1 for x in w if x[0] == t["file"])
        if r.rc not in (0,):
            row["adopter"]["error"] = (r.err or r.out)[-500:]
        if t["file"] in tidy_set:
            r = run([CLANG_TIDY, "-load", tidy_so, "-checks=" + TIDY_CHECKS, "-p", cb, t["file"]],
                    retry_binary=tidy_so)
            row["tidy"] = r.as_dict()
            w = warnings_of(r.out)
            row["tidy"]["findings_main_file"] = sum(1 for x in w if x[0] == t["file"])
            row["tidy"]["findings"] = len(w)
            if r.rc != 0:
                row["tidy"]["error"] = (r.err + r.out)[-500:]
            if args.tidy_baseline:
                r = run([CLANG_TIDY, "-checks=" + TIDY_BASELINE_CHECKS, "-p", cb, t["file"]])
                row["tidy_base"] = r.as_dict()
        rows.append(row)
        el = time.time() - t_start
        log("per-tu %d/%d %s syntax %.2fs adopter %.2fs%s (load %s; %.0fs elapsed, ~%.0fs left)"
            % (i, len(picked), t["rel"], row["syntax"]["wall_s"], row["adopter"]["wall_s"],
               " tidy %.2fs" % row["tidy"]["wall_s"] if "tidy" in row else "",
               loadavg()[0], el, el / i * (len(picked) - i)))
    return rows


def summarize_per_tu(rows, n_total):
    out = {"sampled": len(rows), "of": n_total}
    for tool in ("syntax", "adopter", "tidy", "tidy_base"):
        rs = [r[tool] for r in rows if tool in r]
        if not rs:
            continue
        out[tool] = {"n": len(rs),
                     "failed": sum(1 for x in rs if x["rc"] != 0),
                     "wall_s": stats([x["wall_s"] for x in rs]),
                     "cpu_s": stats([x["cpu_s"] for x in rs]),
                     "rss_mb": stats([x["rss_mb"] for x in rs])}
    for tool in ("adopter", "tidy", "tidy_base"):
        both = [r for r in rows if tool in r and r["syntax"]["wall_s"] > 0]
        if both:
            out[tool + "_over_syntax"] = {
                "wall": stats([r[tool]["wall_s"] / r["syntax"]["wall_s"] for r in both]),
                "cpu": stats([r[tool]["cpu_s"] / max(r["syntax"]["cpu_s"], 1e-3) for r in both]),
                "rss": stats([r[tool]["rss_mb"] / r["syntax"]["rss_mb"] for r in both]),
                "wall_of_sums": round(sum(r[tool]["wall_s"] for r in both)
                                      / sum(r["syntax"]["wall_s"] for r in both), 3),
                "cpu_of_sums": round(sum(r[tool]["cpu_s"] for r in both)
                                     / sum(r["syntax"]["cpu_s"] for r in both), 3)}
    # estimated sum over the whole codebase (sample mean x TUs)
    syn = [r["syntax"] for r in rows]
    out["syntax_estimated_total"] = {
        "wall_s": round(statistics.fmean(x["wall_s"] for x in syn) * n_total, 1),
        "cpu_s": round(statistics.fmean(x["cpu_s"] for x in syn) * n_total, 1),
        "measured_on": len(syn)}
    # findings of the same model file should agree between copies
    by_key = {}
    for r in rows:
        key = r["file"].split(os.sep, 1)[1]
        by_key.setdefault(key, set()).add(r["adopter"]["findings"])
    out["adopter_findings_differ_between_copies"] = sorted(k for k, v in by_key.items() if len(v) > 1)
    mism = [r["file"] for r in rows if "tidy" in r
            and r["tidy"]["findings_main_file"] != r["adopter"]["findings_main_file"]]
    out["tidy_vs_adopter_main_file_mismatch"] = mism
    return out


def normalize_findings(doc, cb):
    """findings of a check --format=json document, path inside the copy"""
    out = {}
    for f in doc.get("findings", []):
        rel = os.path.relpath(f.get("file", "?"), cb).split(os.sep)
        copy, key = rel[0], os.sep.join(rel[1:])
        out.setdefault(copy, []).append(
            (key, f.get("line"), f.get("column"), f.get("rule"), bool(f.get("selected"))))
    return {c: sorted(v) for c, v in out.items()}


def compare_copies(doc, cb, tus):
    """Do the copies of a model report the same findings? Only models fully
    present in every compared copy are compared."""
    per_copy = normalize_findings(doc, cb)
    files_of = {}
    for t in tus:
        files_of.setdefault(t["copy"], set()).add(t["key"])
    copies = sorted(files_of)
    if len(copies) < 2:
        return {"compared": 0, "differences": []}
    ref = copies[0]
    diffs = []
    for c in copies[1:]:
        common = files_of[c] & files_of[ref]
        models = {k.split(os.sep)[0] for k in common}
        # a header finding belongs to the model folder
        a = [x for x in per_copy.get(ref, []) if x[0].split(os.sep)[0] in models]
        b = [x for x in per_copy.get(c, []) if x[0].split(os.sep)[0] in models]
        if c != copies[-1] or files_of[c] == files_of[ref]:
            pass
        else:  # partial last copy: only models whose TUs are all there
            full = {m for m in models
                    if {k for k in files_of[ref] if k.startswith(m + os.sep)}
                    <= files_of[c]}
            a = [x for x in a if x[0].split(os.sep)[0] in full]
            b = [x for x in b if x[0].split(os.sep)[0] in full]
        if a != b:
            sa, sb = set(a), set(b)
            diffs.append({"copy": c, "vs": ref, "only_in_ref": sorted(sa - sb)[:20],
                          "only_in_copy": sorted(sb - sa)[:20],
                          "count_ref": len(a), "count_copy": len(b)})
    return {"compared": len(copies) - 1, "reference": ref,
            "findings_per_copy": {c: len(v) for c, v in sorted(per_copy.items())},
            "differences": diffs}


def check_cmd(adopter, cb, files, jobs=None, cache=None, quiet=True):
    cmd = [adopter, "check", "-p", cb, "--format=json"] + (["--quiet"] if quiet else [])
    if jobs is not None:
        cmd += ["-j", str(jobs)]
    if cache is not None:
        cmd += ["--cache-dir", cache]
    return cmd + files


def parse_json(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def phase_whole(tus, args, adopter, cb, feats, syntax_total, outdir):
    files = [t["file"] for t in tus]
    res, docs = [], {}
    for n in args.jobs:
        entry = {"tool": "adopter check", "jobs": n, "tus": len(files)}
        if not feats["jobs"]:
            if n != 1:
                entry["skipped"] = ("adopter check has no -j option (not in `adopter check "
                                    "--help`); only the sequential run was measured")
                res.append(entry)
                continue
            cmd = check_cmd(adopter, cb, files)
            entry["note"] = "no -j option: one sequential process over all TUs"
        else:
            cmd = check_cmd(adopter, cb, files, jobs=n)
        log("whole: adopter check %s over %d TUs (load %s)"
            % ("-j %d" % n if feats["jobs"] else "(sequential)", len(files), loadavg()))
        la0 = loadavg()
        r = run(cmd, retry_binary=adopter)
        entry.update(r.as_dict())
        entry["load_before"], entry["load_after"] = la0, loadavg()
        entry["cmd"] = " ".join(shlex.quote(c) for c in cmd[:8]) + " <%d files>" % len(files)
        doc = parse_json(r.out)
        if doc is None:
            entry["error"] = "output is not JSON: " + (r.err or r.out)[-500:]
        else:
            entry["findings"] = len(doc.get("findings", []))
            entry["selected"] = sum(1 for f in doc.get("findings", []) if f.get("selected"))
            entry["files_not_parsed"] = [f.get("file") for f in doc.get("files", [])
                                         if not f.get("parsed", True)]
            docs[n] = r.out
            with open(os.path.join(outdir, "check-j%d.json" % n), "w") as f:
                f.write(r.out)
        if r.rc not in (0,):
            entry["stderr_tail"] = r.err[-800:]
        res.append(entry)
        log("  -> %.1fs wall, %.1fs CPU, %.0f MB peak, rc %d"
            % (r.wall, r.cpu, r.rss_kb / 1024, r.rc))
    base = next((e for e in res if e.get("jobs") == 1 and "wall_s" in e), None)
    for e in res:
        if "wall_s" in e:
            if base:
                e["speedup_vs_j1"] = round(base["wall_s"] / e["wall_s"], 2)
            if syntax_total:
                e["over_syntax_sum"] = round(e["wall_s"] / syntax_total["wall_s"], 3)
                e["cpu_over_syntax_cpu_sum"] = round(e["cpu_s"] / syntax_total["cpu_s"], 3)
    det = None
    if len(docs) >= 2:
        ns = sorted(docs)
        det = {"compared": ns, "identical": all(docs[n] == docs[ns[0]] for n in ns[1:])}
    elif not feats["jobs"]:
        det = {"skipped": "adopter check has no -j option"}
    copies = None
    if docs:
        copies = compare_copies(json.loads(docs[sorted(docs)[0]]), cb, tus)
    return res, det, copies


def phase_tidy_whole(tus, args, tidy_so, cb):
    res = []
    binary = shutil.which(CLANG_TIDY) or CLANG_TIDY
    subset = sample(tus, args.tidy_files) if args.tidy_files else tus
    for n in args.tidy_jobs:
        cmd = [RUN_CLANG_TIDY, "-j", str(n), "-clang-tidy-binary", binary, "-load", tidy_so,
               "-checks=" + TIDY_CHECKS, "-p", cb, "-quiet"]
        if subset is not tus:  # run-clang-tidy's positional arguments are regexes
            cmd += ["^%s$" % re.escape(t["file"]) for t in subset]
        log("tidy-whole: run-clang-tidy-19 -j %d over %d TUs (load %s)" % (n, len(subset), loadavg()))
        la0 = loadavg()
        r = run(cmd, retry_binary=tidy_so)
        w = warnings_of(r.out)
        entry = {"tool": "run-clang-tidy-19", "jobs": n, "tus": len(subset), **r.as_dict(),
                 "load_before": la0, "load_after": loadavg(),
                 "warnings": len(w), "warnings_unique": len(set(w)),
                 "cmd": " ".join(shlex.quote(c) for c in cmd[:12])
                        + (" <%d file regexes>" % len(subset) if subset is not tus else "")}
        if r.rc != 0:
            entry["stderr_tail"] = (r.err + r.out)[-800:]
        res.append(entry)
        log("  -> %.1fs wall, %.1fs CPU, %.0f MB peak (one process), rc %d"
            % (r.wall, r.cpu, r.rss_kb / 1024, r.rc))
    base = next((e for e in res if e["jobs"] == 1), None)
    for e in res:
        if base:
            e["speedup_vs_j1"] = round(base["wall_s"] / e["wall_s"], 2)
    return res


NOT_CACHED_RE = re.compile(r"not cached: (.*)")


def phase_cache(tus, args, adopter, cb, feats, per_tu_median, k=None):
    """cold / warm / one TU changed / one header changed / restored, over the
    first k TUs of the database (all when k is None). The runs are not
    --quiet, so that adopter's 'not cached' warnings are seen."""
    if not feats["cache_dir"]:
        return {"skipped": "adopter check has no --cache-dir option (not in `adopter check "
                           "--help`); the cold/warm/changed-file runs were not made"}
    n = args.cache_jobs if args.cache_jobs else max(args.jobs)
    jobs = n if feats["jobs"] else None
    if k:
        tus = tus[:k]
    files = [t["file"] for t in tus]
    cache = tempfile.mkdtemp(prefix="adopter-cache-", dir=args.workdir)
    out = {"jobs": jobs, "codebase": cb, "tus": len(files), "cache_dir": cache, "runs": []}

    def one(label, expect):
        log("cache: %s over %d TUs (load %s)" % (label, len(files), loadavg()))
        r = run(check_cmd(adopter, cb, files, jobs=jobs, cache=cache, quiet=False),
                retry_binary=adopter)
        e = {"run": label, "expect": expect, **r.as_dict(), "load": loadavg()}
        nc = NOT_CACHED_RE.findall(r.err)
        e["not_cached_warnings"] = len(nc)
        if nc:
            e["not_cached_first"] = nc[0].strip()[:300]
        if r.rc != 0:
            e["stderr_tail"] = r.err[-800:]
        out["runs"].append(e)
        log("  -> %.1fs wall, rc %d, %d 'not cached' warnings" % (r.wall, r.rc, len(nc)))
        return r

    # a TU and a header that two TUs include (a model with <model>.cpp + main.cpp)
    tu = next((t for t in tus if t["key"].endswith("main.cpp")), tus[0])
    model_dir = os.path.dirname(tu["file"])
    users = [t for t in tus if os.path.dirname(t["file"]) == model_dir]
    header = next((os.path.join(model_dir, h) for h in sorted(os.listdir(model_dir))
                   if h.endswith(".h")), None)
    cold = one("cold (empty cache)", "all %d TUs analysed" % len(files))
    warm = one("warm (nothing changed)", "no TU analysed")
    originals = {}
    try:
        originals[tu["file"]] = open(tu["file"]).read()
        with open(tu["file"], "a") as f:
            f.write("// touched by bench/scale/run.py\n")
        tu_run = one("one TU changed (%s)" % tu["rel"], "1 TU analysed")
        hdr_run = None
        if header:
            originals[header] = open(header).read()
            with open(header, "a") as f:
                f.write("// touched by bench/scale/run.py\n")
            hdr_run = one("one header changed (%s, included by %d TUs)"
                          % (os.path.relpath(header, cb), len(users)),
                          "%d TUs analysed" % len(users))
    finally:
        for p, text in originals.items():
            with open(p, "w") as f:
                f.write(text)
    restored = one("files restored", "no TU analysed (entries of the cold run)")
    cold_doc = cold.out
    out["identical_cold_warm"] = warm.out == cold_doc
    out["identical_cold_after_tu_change"] = tu_run.out == cold_doc
    out["identical_cold_after_header_change"] = hdr_run.out == cold_doc if hdr_run else None
    out["identical_cold_restored"] = restored.out == cold_doc
    out["note"] = ("appending a comment changes no line of a finding, so every run should "
                   "print the cold run's JSON; the per-TU median of adopter check is %.2f s"
                   % per_tu_median if per_tu_median else "")
    size = 0
    for root, _, fs in os.walk(cache):
        size += sum(os.path.getsize(os.path.join(root, f)) for f in fs)
    out["cache_size_mb"] = round(size / 1048576, 2)
    out["cache_files"] = sum(len(fs) for _, _, fs in os.walk(cache))
    if not args.keep_cache:
        shutil.rmtree(cache, ignore_errors=True)
    return out


# --- report ----------------------------------------------------------------

def fmt(x, d=2):
    return "-" if x is None else ("%.*f" % (d, x))


def markdown(rep):
    m = rep["machine"]
    L = []
    L.append("# adopter at codebase scale (%d TUs)" % rep["tus"])
    L.append("")
    if not rep.get("complete"):
        L.append("**Partial report**: written after the phases %s; the run went on."
                 % ", ".join(rep["phase_seconds"]))
        L.append("")
    L.append("- date: %s" % rep["date"])
    L.append("- machine: %s, %s CPUs, %s, %s, kernel %s"
             % (m["host_cpu"], m["cpus"], m["memory"], m["os"], m["kernel"]))
    L.append("- clang: %s; clang-tidy: %s" % (m["clang"], m["clang_tidy"]))
    L.append("- adopter: %s, binary sha256 %s (built %s), repo %s"
             % (m["adopter"], m["adopter_sha256"], m["adopter_mtime"], m["repo_commit"]))
    if rep.get("adopter_binary_changed"):
        L.append("- **the adopter binary changed during the run** (rebuilt by someone else): %s"
                 % rep["adopter_binary_changed"])
    L.append("- codebase: `%s`, %d TUs (%s copies of %s models), PCH: `%s`"
             % (rep["codebase"], rep["tus"], rep["codebase_meta"].get("copies", "?"),
                rep["codebase_meta"].get("models", "?"), rep["codebase_meta"].get("pch")))
    L.append("- adopter features: `-j` %s, `--cache-dir` %s"
             % ("yes" if rep["features"]["jobs"] else "**no**",
                "yes" if rep["features"]["cache_dir"] else "**no**"))
    L.append("- load average (1/5/15 min) at start: %s; at end: %s"
             % (rep["load_start"], rep["load_end"]))
    L.append("- phase durations: %s" % ", ".join("%s %.0f s" % (k, v)
                                                 for k, v in rep["phase_seconds"].items()))
    L.append("")
    pt = rep.get("per_tu")
    if pt:
        L.append("## Per TU (%d of %d TUs)" % (pt["sampled"], pt["of"]))
        L.append("")
        L.append("Wall and CPU (user+sys) seconds, peak RSS in MB; median / p90 / max.")
        L.append("")
        L.append("| tool | TUs | failed | wall med | wall p90 | wall max | CPU med | CPU p90 | "
                 "RSS med | RSS p90 | RSS max |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        names = {"syntax": "`clang++-19 -fsyntax-only`", "adopter": "`adopter check FILE -p`",
                 "tidy": "`clang-tidy-19 -load adopter-tidy.so -checks='%s'`" % TIDY_CHECKS,
                 "tidy_base": "`clang-tidy-19 -checks='%s'` (no plugin)" % TIDY_BASELINE_CHECKS}
        for tool in ("syntax", "adopter", "tidy", "tidy_base"):
            s = pt.get(tool)
            if not s:
                continue
            L.append("| %s | %d | %d | %s | %s | %s | %s | %s | %.0f | %.0f | %.0f |"
                     % (names[tool], s["n"], s["failed"], fmt(s["wall_s"]["median"]),
                        fmt(s["wall_s"]["p90"]), fmt(s["wall_s"]["max"]),
                        fmt(s["cpu_s"]["median"]), fmt(s["cpu_s"]["p90"]),
                        s["rss_mb"]["median"], s["rss_mb"]["p90"], s["rss_mb"]["max"]))
        L.append("")
        L.append("| ratio to syntax-only (per TU) | wall med | wall p90 | wall max | "
                 "CPU med | CPU p90 | RSS med | ratio of sums (wall / CPU) |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for tool in ("adopter", "tidy", "tidy_base"):
            s = pt.get(tool + "_over_syntax")
            if not s:
                continue
            L.append("| %s / syntax-only | %s | %s | %s | %s | %s | %s | %s / %s |"
                     % (tool, fmt(s["wall"]["median"]), fmt(s["wall"]["p90"]),
                        fmt(s["wall"]["max"]), fmt(s["cpu"]["median"]), fmt(s["cpu"]["p90"]),
                        fmt(s["rss"]["median"]), fmt(s["wall_of_sums"]),
                        fmt(s["cpu_of_sums"])))
        L.append("")
        est = pt["syntax_estimated_total"]
        L.append("Sum of `-fsyntax-only` over all %d TUs: %.0f s wall, %.0f s CPU (%s)."
                 % (rep["tus"], est["wall_s"], est["cpu_s"],
                    "measured" if est["measured_on"] == rep["tus"]
                    else "sample mean x %d TUs" % rep["tus"]))
        if pt.get("adopter_findings_differ_between_copies"):
            L.append("")
            L.append("Files whose adopter finding count differs between copies: %s"
                     % ", ".join("`%s`" % k for k in pt["adopter_findings_differ_between_copies"]))
        if pt.get("tidy_vs_adopter_main_file_mismatch"):
            L.append("")
            L.append("TUs where clang-tidy and adopter report a different number of findings "
                     "in the main file: %s" % ", ".join(
                         "`%s`" % k for k in pt["tidy_vs_adopter_main_file_mismatch"]))
        fails = [r for r in rep.get("per_tu_rows", [])
                 for t in ("syntax", "adopter", "tidy") if t in r and r[t]["rc"] != 0]
        if fails:
            L.append("")
            L.append("Failed runs: " + ", ".join(sorted({"`%s`" % r["file"] for r in fails})))
        L.append("")
    wh = rep.get("whole") or []
    if wh:
        L.append("## Whole codebase (%d TUs)" % rep["tus"])
        L.append("")
        L.append("Peak RSS: the largest single process (run-clang-tidy's clang-tidy "
                 "children are separate processes; adopter -j N is one process).")
        L.append("")
        L.append("| command | TUs | N | wall (s) | CPU (s) | peak RSS (MB) | speed-up vs N=1 | "
                 "wall / sum of syntax-only wall | CPU / sum of syntax-only CPU | "
                 "findings / warnings | load before → after |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for e in wh:
            if "skipped" in e:
                L.append("| %s | %d | %d | skipped: %s | | | | | | | |"
                         % (e["tool"], e["tus"], e["jobs"], e["skipped"]))
                continue
            L.append("| %s%s | %d | %d | %.1f | %.1f | %.0f | %s | %s | %s | %s | %s → %s |"
                     % (e["tool"], " (rc %d)" % e["rc"] if e["rc"] else "", e["tus"], e["jobs"],
                        e["wall_s"], e["cpu_s"], e["rss_mb"],
                        fmt(e.get("speedup_vs_j1")), fmt(e.get("over_syntax_sum")),
                        fmt(e.get("cpu_over_syntax_cpu_sum")),
                        e.get("findings", e.get("warnings", "-")),
                        e.get("load_before"), e.get("load_after")))
        L.append("")
        for e in wh:
            if e.get("note"):
                L.append("- %s N=%d: %s" % (e["tool"], e["jobs"], e["note"]))
            if e.get("error"):
                L.append("- %s N=%d: %s" % (e["tool"], e["jobs"], e["error"][:300]))
            if e.get("files_not_parsed"):
                L.append("- %s N=%d: files not parsed: %s" % (e["tool"], e["jobs"],
                                                             e["files_not_parsed"][:10]))
        det = rep.get("determinism")
        if det:
            if "skipped" in det:
                L.append("- determinism (JSON of -j1 vs -jN): skipped, %s" % det["skipped"])
            else:
                L.append("- determinism: JSON of -j %s %s" % (
                    " and -j ".join(str(x) for x in det["compared"]),
                    "identical" if det["identical"] else "**differ**"))
        cp = rep.get("copies")
        if cp and cp.get("compared"):
            if cp["differences"]:
                L.append("- **findings differ between copies of the same model**: %s"
                         % json.dumps(cp["differences"])[:1500])
            else:
                L.append("- findings of every copy match copy %s (%d copies compared; "
                         "findings per copy: %s)" % (cp["reference"], cp["compared"],
                                                     cp["findings_per_copy"]))
        L.append("")
    for c in rep.get("cache") or []:
        if "skipped" in c:
            L.append("## Cache (`--cache-dir`)")
            L.append("")
            L.append("Skipped: %s." % c["skipped"])
            L.append("")
            continue
        L.append("## Cache (`--cache-dir`): `%s`, first %d TUs" % (c["codebase"], c["tus"]))
        L.append("")
        L.append("`adopter check%s --cache-dir DIR --format=json` (not `--quiet`) over %d TUs."
                 % (" -j %d" % c["jobs"] if c["jobs"] else "", c["tus"]))
        L.append("")
        L.append("| run | expected | wall (s) | CPU (s) | peak RSS (MB) | rc | 'not cached' warnings |")
        L.append("|---|---|---:|---:|---:|---:|---:|")
        for r in c["runs"]:
            L.append("| %s | %s | %.2f | %.2f | %.0f | %d | %d |"
                     % (r["run"], r["expect"], r["wall_s"], r["cpu_s"], r["rss_mb"], r["rc"],
                        r["not_cached_warnings"]))
        L.append("")
        L.append("- JSON identical to the cold run: warm %s, after the TU change %s, "
                 "after the header change %s, restored %s"
                 % (c["identical_cold_warm"], c["identical_cold_after_tu_change"],
                    c["identical_cold_after_header_change"], c["identical_cold_restored"]))
        L.append("- cache: %d files, %.2f MB" % (c["cache_files"], c["cache_size_mb"]))
        firsts = sorted({r["not_cached_first"] for r in c["runs"] if r.get("not_cached_first")})
        if firsts:
            L.append("- adopter said: `not cached: %s`" % "`, `not cached: ".join(firsts[:3]))
        if c.get("note"):
            L.append("- %s" % c["note"])
        L.append("")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--build", required=True, help="adopter build dir (bin/adopter, lib/adopter-tidy.so)")
    ap.add_argument("--codebase", required=True, help="output of gen_codebase.py")
    ap.add_argument("--jobs", default="1,2", help="N for the whole-codebase runs (default 1,2)")
    ap.add_argument("--tidy-jobs", default=None, help="N for run-clang-tidy (default: --jobs)")
    ap.add_argument("--cache-jobs", type=int, default=None, help="N of the cache runs (default: max --jobs)")
    ap.add_argument("--sample", type=int, default=None, help="per-TU phase on K TUs (default all)")
    ap.add_argument("--tidy-sample", type=int, default=None,
                    help="clang-tidy per TU on K of the sampled TUs (default: --sample; 0: none)")
    ap.add_argument("--tidy-baseline", action="store_true",
                    help="per TU, also clang-tidy-19 without the plugin (-checks='%s')"
                    % TIDY_BASELINE_CHECKS)
    ap.add_argument("--tidy-files", type=int, default=None,
                    help="run-clang-tidy on K evenly spaced TUs only (default all)")
    ap.add_argument("--cache-tus", type=int, default=None,
                    help="cache phase on the first K TUs of the database (default all)")
    ap.add_argument("--cache-codebase", action="append",
                    help="also run the cache phase on this codebase, all its TUs (repeatable; "
                         "e.g. one made with --no-pch)")
    ap.add_argument("--phases", default="per-tu,whole,tidy-whole,cache")
    ap.add_argument("--markdown", help="write the report here too")
    ap.add_argument("--json", help="write the results as JSON")
    ap.add_argument("--workdir", default=None, help="scratch folder (JSON outputs, cache); default: a temp dir")
    ap.add_argument("--keep-cache", action="store_true")
    args = ap.parse_args()
    args.jobs = [int(x) for x in args.jobs.split(",") if x]
    args.tidy_jobs = [int(x) for x in args.tidy_jobs.split(",") if x] if args.tidy_jobs else args.jobs
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    for p in phases:
        if p not in ("per-tu", "whole", "tidy-whole", "cache"):
            ap.error("unknown phase %s" % p)
    build = os.path.abspath(args.build)
    cb = os.path.abspath(args.codebase)
    adopter = os.path.join(build, "bin", "adopter")
    tidy_so = os.path.join(build, "lib", "adopter-tidy.so")
    for p in (adopter, tidy_so, os.path.join(cb, "compile_commands.json")):
        if not os.path.exists(p):
            ap.error("%s not found" % p)
    for t in (CLANGXX, CLANG_TIDY, RUN_CLANG_TIDY):
        if not shutil.which(t):
            ap.error("%s not found in PATH" % t)
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    else:
        args.workdir = tempfile.mkdtemp(prefix="adopter-scale-")
    workdir = os.path.abspath(args.workdir)

    tus, meta = load_codebase(cb)
    feats = check_features(adopter)
    log("%d TUs; adopter check -j: %s, --cache-dir: %s; scratch %s"
        % (len(tus), feats["jobs"], feats["cache_dir"], workdir))
    rep = {"kind": "scale",
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
           "machine": machine_info(build, adopter), "tus": len(tus), "codebase": cb,
           "codebase_meta": {k: meta.get(k) for k in ("copies", "models", "tus_per_copy", "pch")},
           "features": feats, "load_start": loadavg(), "phase_seconds": {},
           "commands": {
               "syntax": "clang++-19 <database flags> -fsyntax-only FILE",
               "adopter": "adopter check FILE -p CODEBASE --quiet",
               "tidy": "clang-tidy-19 -load BUILD/lib/adopter-tidy.so -checks='%s' -p CODEBASE FILE"
                       % TIDY_CHECKS}}
    sha0 = rep["machine"]["adopter_sha256"]

    def save(final=False):
        """the report so far (after every phase, so a long run that is
        stopped keeps its finished phases)"""
        rep["load_end"] = loadavg()
        rep["complete"] = final
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(markdown(rep))
        if args.json:
            with open(args.json, "w") as f:
                json.dump(rep, f, indent=1)
                f.write("\n")

    rep["whole"] = []

    def ratios():
        """whole-run ratios to the syntax-only sum (needs the per-tu phase,
        which may run before or after)"""
        st = (rep.get("per_tu") or {}).get("syntax_estimated_total")
        base = {}
        for e in rep["whole"]:
            if "wall_s" in e and e["jobs"] == 1:
                base[e["tool"]] = e["wall_s"]
        for e in rep["whole"]:
            if "wall_s" not in e:
                continue
            if e["tool"] in base:
                e["speedup_vs_j1"] = round(base[e["tool"]] / e["wall_s"], 2)
            if st:
                k = e["tus"] / len(tus)
                e["over_syntax_sum"] = round(e["wall_s"] / (st["wall_s"] * k), 3)
                e["cpu_over_syntax_cpu_sum"] = round(e["cpu_s"] / (st["cpu_s"] * k), 3)

    for ph in phases:  # in the order given
        t0 = time.time()
        if ph == "per-tu":
            rows = phase_per_tu(tus, args, adopter, tidy_so, cb)
            rep["per_tu"] = summarize_per_tu(rows, len(tus))
            rep["per_tu_rows"] = rows
        elif ph == "whole":
            res, det, copies = phase_whole(tus, args, adopter, cb, feats, None, workdir)
            rep["whole"] += res
            rep["determinism"] = det
            rep["copies"] = copies
        elif ph == "tidy-whole":
            rep["whole"] += phase_tidy_whole(tus, args, tidy_so, cb)
        elif ph == "cache":
            med = (rep.get("per_tu") or {}).get("adopter", {}).get("wall_s", {}).get("median")
            rep["cache"] = [phase_cache(tus, args, adopter, cb, feats, med, args.cache_tus)]
            for extra in args.cache_codebase or []:
                etus, _ = load_codebase(os.path.abspath(extra))
                rep["cache"].append(phase_cache(etus, args, adopter, os.path.abspath(extra),
                                                feats, None, None))
        rep["phase_seconds"][ph] = time.time() - t0
        ratios()
        save()
    try:
        sha1 = sha256(adopter)[:16]
    except OSError:
        sha1 = "missing"
    if sha1 != sha0:
        rep["adopter_binary_changed"] = "%s at start, %s at end" % (sha0, sha1)
    save(final=True)
    sys.stdout.write(markdown(rep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
