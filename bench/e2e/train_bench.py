#!/usr/bin/env python3
"""End-to-end training benchmark of `adopter apply` over the example models.

For every chosen model folder under bench/models/: copy it and run
`adopter apply` on its sources exactly as apply_models.py does, build the
original and the rewritten program with `clang++-19 -O2 -DNDEBUG` (linked
with adopter_kernels; both builds side by side), then run them interleaved
A/B/A/B... `--repeats` times, each process training the same number of
steps from the same seeds. The mains print, when ADOPTER_BENCH_TIMING is set,
`adopter-bench: step <n> ms <t>` per training step (forward, backward,
optimizer step) and `adopter-bench: inference ms <t>` to stderr; the loss
curve is read from stdout and the peak RSS of each process from wait4().

Per model it reports the median over the repeats of each process's median
step time (step 1, the warm-up, left out), the speed-up original/adopted,
peak RSS, inference latency, and whether the loss curves agree (step 1 to
`--rtol` as apply_models.py judges; later steps: the largest relative
drift). A model without rewrites runs its one program as both A and B: its
speed-up is the noise floor.

Default models: gpt, bert, llama, vit, resnet, unet, lstm_lm and every other
model that `adopter apply` rewrites. Exits 1 when a program does not build,
or a rewritten model's first step differs (or a run fails).

usage: train_bench.py [--build BUILD_DIR] [--models DIR] [--work DIR]
                      [--only NAME,...] [--repeats R] [--steps N]
                      [--target-seconds S] [--threads T] [--rtol R]
                      [--wait-load L] [--max-wait S] [--json FILE]
                      [--markdown FILE] [--notes FILE]
See bench/e2e/README.md.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import apply_models as am  # noqa: E402  (site_config, build_cmd, numbers)

DEFAULT_MODELS = ["gpt", "bert", "llama", "vit", "resnet", "unet", "lstm_lm"]
TIMING = re.compile(r"^adopter-bench: (?:step (\d+)|inference) ms ([-+0-9.eE]+)$", re.M)
STEP_LINE = re.compile(r"\bstep\s+(\d+)\b(.*)", re.I)


def torch_version():
    try:
        v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libtorch-dev"],
                           capture_output=True, text=True).stdout
        m = re.match(r"(\d+\.\d+\.\d+)", v)
        if m:
            return m.group(1)
    except OSError:
        pass
    return "unknown"


def machine():
    cpu = platform.processor() or "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return "%s / %s / %d" % (platform.node(), cpu, os.cpu_count())


def apply_model(cfg, mdir, work):
    """Copies the model and runs `adopter apply` there, as apply_models.py
    does. Returns (copy, sources, rewrites, rules, apply exit code, output)."""
    name = os.path.basename(os.path.normpath(mdir))
    after = os.path.join(work, name)
    shutil.rmtree(after, ignore_errors=True)
    shutil.copytree(mdir, after)
    srcs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(after, "*.cpp")))
    cmd = [cfg["adopter_bin"], "apply", "--quiet", "--packs", "adopter"] + srcs + \
          ["--"] + cfg["torch_flags"].split() + ["-I" + after]
    r = subprocess.run(cmd, cwd=after, capture_output=True, text=True)
    rules = sorted(set(re.findall(r"note: rewritten: .*\[adopter-([\w-]+)\]", r.stdout)))
    return after, srcs, r.stdout.count("note: rewritten:"), rules, r.returncode, r.stdout + r.stderr


def release_cmd(*args, **kwargs):
    """apply_models.build_cmd, at the optimisation users build with."""
    cmd = am.build_cmd(*args, **kwargs)
    i = cmd.index("-O1")
    return cmd[:i] + ["-O2", "-DNDEBUG"] + cmd[i + 1:]


def build_program(cmd, srcs, objdir):
    """Splits a build_cmd command into one compile per source (ccache does
    not cache a command that compiles several sources) and a link. Returns
    (compile commands, link command)."""
    os.makedirs(objdir, exist_ok=True)
    first = cmd.index(srcs[0])
    flags, libs = cmd[:first], cmd[first + len(srcs):]
    objs = [os.path.join(objdir, os.path.basename(s) + ".o") for s in srcs]
    compiles = [flags + ["-c", s, "-o", o] for s, o in zip(srcs, objs)]
    link = [c for c in flags if c.startswith("clang++")][:1] + objs + libs
    return compiles, link


def build_all(programs, jobs=2):
    """Builds the programs (each a build_cmd command and its sources), their
    compiles side by side on `jobs` processes. Returns (ok, stderr) each."""
    plans = [build_program(cmd, srcs, cmd[-1] + ".objs") for cmd, srcs in programs]
    queue = [(i, c) for i, (compiles, _) in enumerate(plans) for c in compiles]
    ok, errs = [True] * len(plans), [""] * len(plans)
    running = []
    while queue or running:
        while queue and len(running) < jobs:
            i, c = queue.pop(0)
            running.append((i, subprocess.Popen(c, stdout=subprocess.DEVNULL,
                                                stderr=subprocess.PIPE, text=True)))
        i, p = running.pop(0)
        errs[i] += p.communicate()[1]
        ok[i] = ok[i] and p.returncode == 0
    for i, (_, link) in enumerate(plans):
        if ok[i]:
            r = subprocess.run(link, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            ok[i], errs[i] = r.returncode == 0, errs[i] + r.stderr
    return list(zip(ok, errs))


# --malloc keep: glibc keeps the memory it frees (no trimming of the heap's
# top, mmap only above its 32 MiB maximum threshold). By default glibc gives
# freed memory back to the system, and every training step page-faults its
# activations in again; on a VM those faults can be half of a CNN's step.
MALLOC_KEEP = {"MALLOC_TRIM_THRESHOLD_": str(4 << 30), "MALLOC_MMAP_THRESHOLD_": str(32 << 20)}


def run_once(exe, steps, threads, malloc="default"):
    """One training process: (exit code, stdout, stderr, peak RSS MiB, wall s,
    CPU s, minor page faults)."""
    env = dict(os.environ, ADOPTER_BENCH_TIMING="1")
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    if malloc == "keep":
        env.update(MALLOC_KEEP)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.monotonic()
        p = subprocess.Popen([exe, str(steps)], stdout=out, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (p.returncode, out.read(), err.read(), ru.ru_maxrss / 1024.0, wall,
                ru.ru_utime + ru.ru_stime, ru.ru_minflt)


def parse_run(rc, out, err, rss, wall, cpu, faults):
    steps = {int(n): float(ms) for n, ms in TIMING.findall(err) if n}
    infer = [float(ms) for n, ms in TIMING.findall(err) if not n]
    lines = [am.numbers(m.group(2)) for m in map(STEP_LINE.search, out.splitlines()) if m]
    lines = [l for l in lines if l]
    # Step 1 is the warm-up (first allocations, thread pool start): left out.
    timed = [steps[k] for k in sorted(steps) if k > 1] or list(steps.values())
    return {"rc": rc, "stdout": out, "stderr": err, "rss": rss, "wall": wall, "cpu": cpu,
            "faults": faults,
            "step_ms": statistics.median(timed) if timed else None,
            "inference_ms": infer[-1] if infer else None,
            "step_values": lines, "loss": [l[0] for l in lines]}


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def compare(a, b, rtol):
    """(first step equal, max relative drift over every printed step number)."""
    la, lb = a["step_values"], b["step_values"]
    first = bool(la and lb and len(la[0]) == len(lb[0]) and all(
        abs(x - y) <= rtol * max(1.0, abs(x)) for x, y in zip(la[0], lb[0])))
    # Relative to the printed value, floored at the printing resolution
    # (%.4f) so that a loss printed as 0.0000 does not divide by zero.
    drift = max([abs(x - y) / max(abs(x), 1e-4) for u, v in zip(la, lb)
                 for x, y in zip(u, v)] or [0.0])
    return first and len(la) == len(lb), drift


def bench_model(name, mdir, applied, args, cfg, kernels, work, src_root):
    after, srcs, n, rules, apply_rc, apply_out = applied
    res = {"model": name, "rewrites": n, "rules": rules, "steps": None,
           "step_ms": {"original": None, "adopted": None}, "speedup": None,
           "peak_rss_mib": {"original": None, "adopted": None},
           "inference_ms": {"original": None, "adopted": None},
           "loss": {"original": [], "adopted": []}, "first_step_equal": None,
           "max_drift": None, "status": "ok"}
    extra = {"note": "", "speedups": [], "load": None}
    if apply_rc not in (0, 1):
        sys.stderr.write("%s: adopter apply failed (%d)\n%s" % (name, apply_rc, apply_out[-3000:]))
        res["status"] = "build failed"
        extra["note"] = "adopter apply exited %d" % apply_rc
        return res, extra
    exe_a = os.path.join(work, name + ".original")
    exe_b = os.path.join(work, name + ".adopted")
    srcs_a = [os.path.join(mdir, s) for s in srcs]
    programs = [(release_cmd(srcs_a, [mdir], exe_a, kernels, cfg["torch_include"]), srcs_a)]
    t0 = time.time()
    if n:
        srcs_b = [os.path.join(after, s) for s in srcs]
        programs.append((release_cmd(srcs_b, [after], exe_b, kernels, cfg["torch_include"],
                                     [os.path.join(src_root, "include")]), srcs_b))
        (ok_a, err_a), (ok_b, err_b) = build_all(programs)
    else:
        # Nothing rewritten: the one program runs as A and as B (noise floor).
        [(ok_a, err_a)] = build_all(programs)
        ok_b, err_b, exe_b = True, "", exe_a
        res["status"] = "no rewrite"
    print("  %s: built in %.0f s" % (name, time.time() - t0), file=sys.stderr, flush=True)
    if not (ok_a and ok_b):
        sys.stderr.write("%s: build failed\n%s%s" % (name, err_a[-3000:], err_b[-3000:]))
        res["status"] = "build failed"
        extra["note"] = "original does not build" if not ok_a else "rewritten program does not build"
        return res, extra

    # Step count: given, or enough for about --target-seconds of training
    # in the original (calibrated on a short run, which also warms the page
    # cache for both programs).
    probe = parse_run(*run_once(exe_a, args.probe_steps, args.threads, args.malloc))
    parse_run(*run_once(exe_b, args.probe_steps, args.threads, args.malloc))
    steps = args.steps
    if not steps:
        ms = probe["step_ms"] or 1000.0
        steps = int(max(args.min_steps, min(args.max_steps, round(args.target_seconds * 1000 / ms))))
    res["steps"] = steps

    runs_a, runs_b = [], []
    wait_for_load(args.wait_load, args.max_wait)
    extra["load"] = os.getloadavg()[0]
    for _ in range(args.repeats):
        runs_a.append(parse_run(*run_once(exe_a, steps, args.threads, args.malloc)))
        runs_b.append(parse_run(*run_once(exe_b, steps, args.threads, args.malloc)))
    extra["load"] = (extra["load"] + os.getloadavg()[0]) / 2
    extra["cpu"] = (med([r["cpu"] for r in runs_a]), med([r["cpu"] for r in runs_b]))
    res["page_faults_per_step"] = {
        "original": med([r["faults"] / steps for r in runs_a]),
        "adopted": med([r["faults"] / steps for r in runs_b])}
    bad = [r for r in runs_a + runs_b if r["rc"] != 0]
    if bad:
        sys.stderr.write("%s: a run exited %d\n%s" % (name, bad[0]["rc"], bad[0]["stderr"][-2000:]))
        res["status"] = "outputs differ"
        extra["note"] = "a run exited %d" % bad[0]["rc"]
    sa, sb = med([r["step_ms"] for r in runs_a]), med([r["step_ms"] for r in runs_b])
    res["step_ms"] = {"original": sa, "adopted": sb}
    res["speedup"] = sa / sb if sa and sb else None
    # The fastest repeat of each side: on a shared VM another tenant only
    # ever slows a process down (the same binary has run at 31 and at 61
    # ms per step, its CPU time doubled with it), so the minimum is the
    # estimate least touched by that.
    ba = min([r["step_ms"] for r in runs_a if r["step_ms"]], default=None)
    bb = min([r["step_ms"] for r in runs_b if r["step_ms"]], default=None)
    res["best_step_ms"] = {"original": ba, "adopted": bb}
    res["best_speedup"] = ba / bb if ba and bb else None
    extra["speedups"] = [a["step_ms"] / b["step_ms"] for a, b in zip(runs_a, runs_b)
                         if a["step_ms"] and b["step_ms"]]
    res["peak_rss_mib"] = {"original": med([r["rss"] for r in runs_a]),
                           "adopted": med([r["rss"] for r in runs_b])}
    res["inference_ms"] = {"original": med([r["inference_ms"] for r in runs_a]),
                           "adopted": med([r["inference_ms"] for r in runs_b])}
    if sa is None:
        extra["note"] = "main prints no adopter-bench timing (not instrumented)"
    res["loss"] = {"original": runs_a[0]["loss"], "adopted": runs_b[0]["loss"]}
    first, drift = compare(runs_a[0], runs_b[0], args.rtol)
    res["first_step_equal"], res["max_drift"] = first, drift
    # Same binary, same seeds: a program whose own repeats disagree is not
    # deterministic, and its drift says nothing about the rewrite.
    if any(r["step_values"] != runs_a[0]["step_values"] for r in runs_a[1:]):
        extra["note"] += " original's repeats differ from each other"
    if not res["loss"]["original"]:
        extra["note"] += " no step lines on stdout"
    other = lambda r: [l for l in r["stdout"].splitlines() if not STEP_LINE.search(l)]
    if n and other(runs_a[0]) != other(runs_b[0]):
        extra["note"] += " other stdout lines differ"
    if n and res["status"] == "ok" and not first:
        res["status"] = "outputs differ"
        sys.stderr.write("%s: step 1 differs\n--- original\n%s--- adopted\n%s" % (
            name, runs_a[0]["stdout"][-1500:], runs_b[0]["stdout"][-1500:]))
    return res, extra


def wait_for_load(limit, max_wait):
    """Waits (at most max_wait s) until the 1-minute load average is below
    limit (0: no wait)."""
    t0 = time.time()
    while limit and os.getloadavg()[0] >= limit and time.time() - t0 < max_wait:
        time.sleep(5)


def fmt(x, spec="%.2f"):
    return "-" if x is None else spec % x


def table(results, extras):
    rows = ["| model | rewrites | rules | steps | step ms original | step ms adopted | "
            "speed-up | per-repeat speed-ups | best ms original | best ms adopted | "
            "speed-up of bests | peak RSS MiB original | peak RSS MiB adopted | "
            "inference ms original | inference ms adopted | CPU s original | CPU s adopted | "
            "page faults/step original | page faults/step adopted | "
            "step 1 equal | max drift | load (1 min) | status |",
            "|---|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|"]
    for r, e in zip(results, extras):
        sp = e["speedups"]
        cpu = e.get("cpu", (None, None))
        pf = r.get("page_faults_per_step") or {"original": None, "adopted": None}
        best = r.get("best_step_ms") or {"original": None, "adopted": None}
        rows.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["model"], r["rewrites"], ", ".join(r["rules"]) or "-", fmt(r["steps"], "%d"),
            fmt(r["step_ms"]["original"], "%.3f"), fmt(r["step_ms"]["adopted"], "%.3f"),
            fmt(r["speedup"], "%.3fx"),
            "%.2f-%.2f" % (min(sp), max(sp)) if sp else "-",
            fmt(best["original"], "%.3f"), fmt(best["adopted"], "%.3f"),
            fmt(r.get("best_speedup"), "%.3fx"),
            fmt(r["peak_rss_mib"]["original"], "%.1f"), fmt(r["peak_rss_mib"]["adopted"], "%.1f"),
            fmt(r["inference_ms"]["original"], "%.2f"), fmt(r["inference_ms"]["adopted"], "%.2f"),
            fmt(cpu[0], "%.2f"), fmt(cpu[1], "%.2f"),
            fmt(pf["original"], "%.0f"), fmt(pf["adopted"], "%.0f"),
            "-" if r["first_step_equal"] is None else ("yes" if r["first_step_equal"] else "NO"),
            fmt(r["max_drift"], "%.1e"), fmt(e["load"], "%.2f"),
            r["status"] + (" (%s)" % e["note"].strip() if e["note"].strip() else "")))
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(HERE, "..", "..", "build"),
                    help="adopter build folder (default: build/)")
    ap.add_argument("--models", default=os.path.join(HERE, "..", "models"))
    ap.add_argument("--work", default=None, help="scratch folder (default BUILD/train-bench)")
    ap.add_argument("--only", default="", help="comma-separated model names")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--steps", type=int, default=0,
                    help="training steps per process (default: calibrated per model so "
                         "that the original trains for about --target-seconds)")
    ap.add_argument("--target-seconds", type=float, default=2.0)
    ap.add_argument("--min-steps", type=int, default=5)
    ap.add_argument("--max-steps", type=int, default=1000)
    ap.add_argument("--probe-steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1,
                    help="OMP_NUM_THREADS for the runs (0: LibTorch's default)")
    ap.add_argument("--malloc", choices=["default", "keep"], default="default",
                    help="glibc malloc as configured by default (gives freed memory back "
                         "to the system) or 'keep' (MALLOC_TRIM_THRESHOLD_=4 GiB, "
                         "MALLOC_MMAP_THRESHOLD_=32 MiB: freed memory is reused)")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--wait-load", type=float, default=0.0,
                    help="before a model's runs, wait until the 1-minute load average is "
                         "below this (0: do not wait)")
    ap.add_argument("--max-wait", type=float, default=300.0, help="seconds, for --wait-load")
    ap.add_argument("--json", default=None)
    ap.add_argument("--markdown", default=None)
    ap.add_argument("--notes", default=None, help="markdown appended to --markdown's page")
    args = ap.parse_args()

    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load_start = os.getloadavg()
    build_dir = os.path.abspath(args.build)
    cfg = am.site_config(build_dir)
    src_root = os.path.abspath(os.path.join(HERE, "..", ".."))
    kernels = os.path.join(build_dir, "lib", "kernels", "libadopter_kernels.a")
    work = os.path.abspath(args.work or os.path.join(build_dir, "train-bench"))
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    # Snapshots of adopter and the kernels library: the build folder may be
    # rebuilt while this runs (a shared checkout), and every model must see
    # the same ones.
    snap = os.path.join(work, "snapshot")
    os.makedirs(snap)
    cfg["adopter_bin"] = shutil.copy2(cfg["adopter_bin"], snap)
    kernels = shutil.copy2(kernels, snap)
    git = lambda *a: subprocess.run(["git", "-C", src_root] + list(a), capture_output=True,
                                    text=True).stdout.strip()
    revision = git("rev-parse", "--short", "HEAD") + (" (with uncommitted changes)"
                                                     if git("status", "--porcelain", "-uno") else "")

    all_dirs = {os.path.basename(os.path.normpath(d)): d
                for d in sorted(glob.glob(os.path.join(os.path.abspath(args.models), "*", "")))}
    only = [m for m in args.only.split(",") if m]
    unknown = [m for m in only if m not in all_dirs]
    if unknown:
        ap.error("no such model: %s" % ", ".join(unknown))
    # Default: the named models plus every model `adopter apply` rewrites,
    # so every folder is applied first.
    candidates = only or sorted(all_dirs)
    applied = {}
    for name in candidates:
        t0 = time.time()
        applied[name] = apply_model(cfg, all_dirs[name], work)
        print("  %s: %d rewrites (%s) [%.0f s]" % (name, applied[name][2],
              ",".join(applied[name][3]) or "-", time.time() - t0), file=sys.stderr, flush=True)
    chosen = only or [m for m in candidates if m in DEFAULT_MODELS or applied[m][2]
                      or applied[m][4] not in (0, 1)]

    results, extras, failed = [], [], 0
    for name in chosen:
        res, extra = bench_model(name, all_dirs[name], applied[name], args, cfg, kernels, work,
                                 src_root)
        results.append(res)
        extras.append(extra)
        if res["status"] in ("build failed", "outputs differ"):
            failed += 1
        print("  %s: %s, %s -> %s ms, %s" % (name, res["status"], fmt(res["step_ms"]["original"], "%.3f"),
              fmt(res["step_ms"]["adopted"], "%.3f"), fmt(res["speedup"], "%.3fx")),
              file=sys.stderr, flush=True)
    load_end = os.getloadavg()

    tab = table(results, extras)
    print(tab)
    print()
    print("%d models, %d with rewrites, %d failed" % (
        len(results), sum(1 for r in results if r["rewrites"]), failed))

    doc = {"kind": "e2e-train", "date": date, "machine": machine(), "torch": torch_version(),
           "device": "cpu", "compiler": "clang++-19 -O2", "repeats": args.repeats,
           "malloc": args.malloc,
           "load_average": [round(x, 2) for x in load_end], "models": results}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
    if args.markdown:
        cmdline = "python3 bench/e2e/train_bench.py " + " ".join(sys.argv[1:])
        page = [
            "# End-to-end training with `adopter apply`'s rewrites (CPU)",
            "",
            "- date: %s (start)" % date,
            "- machine: %s; LibTorch %s (CPU), `%s -DNDEBUG`" % (
                doc["machine"], doc["torch"], doc["compiler"]),
            "- adopter and `libadopter_kernels.a` from `%s` (copied at the start), source tree "
            "at %s" % (os.path.relpath(build_dir, src_root), revision),
            "- command: `%s`" % cmdline,
            "- threads: %s" % ("OMP_NUM_THREADS=%d per process" % args.threads if args.threads
                               else "LibTorch's default"),
            "- malloc: %s" % ("glibc's defaults" if args.malloc == "default" else
                              "glibc keeping freed memory (%s)" % ", ".join(
                                  "%s=%s" % kv for kv in sorted(MALLOC_KEEP.items()))),
            "- load average (1, 5, 15 min): %s at the start, %s at the end" % (
                ", ".join("%.2f" % x for x in load_start), ", ".join("%.2f" % x for x in load_end)),
            "",
            "## Method",
            "",
            "- Each model folder is copied and rewritten with `adopter apply --quiet --packs "
            "adopter *.cpp` (as `apply_models.py` does). The original and the rewritten program "
            "are built side by side with `clang++-19 -O2 -DNDEBUG`, linked with "
            "`adopter_kernels`. A model without rewrites runs its one program as both A and B: "
            "its speed-up is the noise floor.",
            "- Steps: %s. A short probe run of each program comes first (unmeasured)." % (
                "%d per process" % args.steps if args.steps else
                "per model, enough for about %.1f s of training in the original (from a "
                "%d-step probe run), at least %d and at most %d" % (
                    args.target_seconds, args.probe_steps, args.min_steps, args.max_steps)),
            "- Before each model's runs: %s." % (
                "waited (at most %.0f s) until the 1-minute load average was below %.1f" % (
                    args.max_wait, args.wait_load) if args.wait_load else "no waiting for a "
                "quiet machine; the table's load column is the 1-minute load average at the "
                "start and end of the model's runs, averaged"),
            "- The processes run interleaved, original then adopted, %d times. Each prints "
            "per step the time of forward + backward + optimizer step (`steady_clock`, to "
            "stderr, only with `ADOPTER_BENCH_TIMING` set). A process's step time is the "
            "median over its steps except step 1 (warm-up); the table gives the median of "
            "those over the repeats, the speed-up original / adopted and the range of the "
            "per-pair speed-ups. The best columns take each side's fastest repeat "
            "instead: on a shared VM other tenants only slow a process down (the same "
            "binary has run at 31 and at 61 ms per step, its CPU time doubled with it), "
            "so the minimum is the estimate least touched by them." % args.repeats,
            "- Peak RSS: `ru_maxrss` of each process from `wait4()`, the median over the "
            "repeats. It is the whole process: LibTorch's code and data pages touched, the "
            "allocator's caches, the data, the model, the optimizer state and autograd's "
            "saved tensors.",
            "- Page faults/step: minor page faults of each whole process (`ru_minflt`) over "
            "its step count, median over the repeats. With glibc's defaults, memory freed at "
            "the end of a step goes back to the system and the next step faults it in "
            "again; `--malloc keep` shows the same programs without that.",
            "- CPU s: user + system CPU time of each whole process (`wait4()`), median over "
            "the repeats: less sensitive than wall-clock step times to other processes on "
            "the machine; it includes start-up and the untimed parts of the main.",
            "- Inference: one timed run of the main's own inference code after training "
            "(sampling, greedy decoding, an eval pass), or, where the main has none, one "
            "`NoGradGuard` eval-mode forward of the last batch; median over the repeats.",
            "- Losses: the numbers of stdout's `step N ...` lines. Step 1 (same "
            "initialisation, one forward pass) must agree to %g relative, as in "
            "`apply_models.py`; later steps are reported as the largest relative difference "
            "(training amplifies rounding)." % args.rtol,
            "",
            "## Result",
            "",
            tab,
            "",
            "%d models, %d with rewrites, %d failed" % (
                len(results), sum(1 for r in results if r["rewrites"]), failed),
        ]
        if args.notes:
            page += ["", open(args.notes).read().rstrip()]
        with open(args.markdown, "w") as f:
            f.write("\n".join(page) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
