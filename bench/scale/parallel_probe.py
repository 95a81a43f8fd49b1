#!/usr/bin/env python3
"""parallel_probe.py - does `adopter check -j N` run its TUs in parallel?

    parallel_probe.py --build BUILD --codebase DIR [--tus K] [-j N]

On a shared machine the wall time of -j 1 vs -j N says little (other jobs
take the cores). This probe looks at the threads instead: while
`adopter check -j N -p DIR --quiet <first K TUs>` runs, it samples the state
of every thread of the process every 50 ms (/proc/PID/task/*/stat): a thread
that can run is 'R' (running or waiting for a core), one blocked on a lock
or I/O is 'S'/'D'. If the N workers really analyse TUs at once, samples
with >= 2 threads in 'R' are frequent; if they serialize on a lock, at most
one is 'R' at a time while the others sleep. For reference it then runs the
same TUs as N separate `adopter check` processes (the TUs split round-robin)
and reports wall and CPU of both.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def thread_states(pid):
    states = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                    s = f.read()
                states.append(s[s.rindex(")") + 2])
            except OSError:
                pass
    except OSError:
        pass
    return states


def cpu_of(ru):
    return ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--codebase", required=True)
    ap.add_argument("--tus", type=int, default=8)
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    adopter = os.path.join(os.path.abspath(a.build), "bin", "adopter")
    cb = os.path.abspath(a.codebase)
    db = json.load(open(os.path.join(cb, "compile_commands.json")))
    files = [e["file"] for e in db[: a.tus]]

    t0 = time.perf_counter()
    p = subprocess.Popen([adopter, "check", "-j", str(a.j), "-p", cb, "--quiet"] + files,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hist = {}
    maxthreads = 0
    while True:
        r = os.wait4(p.pid, os.WNOHANG)
        if r[0] == p.pid:
            ru = r[2]
            break
        st = thread_states(p.pid)
        maxthreads = max(maxthreads, len(st))
        n_r = st.count("R")
        hist[n_r] = hist.get(n_r, 0) + 1
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(r[1])
    total = sum(hist.values())
    print("adopter check -j %d, %d TUs: wall %.1f s, CPU %.1f s (CPU/wall %.2f), "
          "peak RSS %.0f MB, threads seen %d, rc %d"
          % (a.j, len(files), wall, cpu_of(ru), cpu_of(ru) / wall, ru.ru_maxrss / 1024,
             maxthreads, p.returncode))
    print("  samples by number of runnable ('R') threads: %s (of %d samples)"
          % (", ".join("%d R: %.0f%%" % (k, 100.0 * v / total) for k, v in sorted(hist.items())),
             total))

    # the same TUs as N processes
    t0 = time.perf_counter()
    procs = []
    for i in range(a.j):
        part = files[i:: a.j]
        if part:
            procs.append(subprocess.Popen([adopter, "check", "-p", cb, "--quiet"] + part,
                                          stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
    cpu = 0.0
    for q in procs:
        _, status, ru = os.wait4(q.pid, 0)
        q.returncode = os.waitstatus_to_exitcode(status)
        cpu += cpu_of(ru)
    wall = time.perf_counter() - t0
    print("%d separate adopter check processes, same TUs: wall %.1f s, CPU %.1f s "
          "(CPU/wall %.2f)" % (len(procs), wall, cpu, cpu / wall))
    print("load average now: %s" % open("/proc/loadavg").read().split()[:3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
