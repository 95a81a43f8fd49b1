#!/usr/bin/env python3
"""Render an HTML file with headless Chromium into a PNG screenshot.

  screenshot.py PAGE.html OUT.png [--size 1280x2400] [--timeout 180]

Uses Debian's `chromium` from PATH (tools/dev/setup.sh installs it). A
missing browser is an error, never a skipped test. The profile, cache and
HOME live in a temporary folder next to OUT.png, so runs do not share state.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page")
    ap.add_argument("out")
    ap.add_argument("--size", default="1280x2400")
    ap.add_argument("--timeout", type=int, default=180)
    args = ap.parse_args()
    browser = shutil.which("chromium")
    if not browser:
        sys.exit("screenshot.py: error: `chromium` is not on PATH; install Debian's chromium "
                 "(tools/dev/setup.sh does: apt-get install chromium fonts-dejavu-core)")
    w, h = (int(v) for v in args.size.replace(",", "x").split("x"))
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        os.remove(out)
    scratch = tempfile.mkdtemp(prefix="chromium-", dir=os.path.dirname(out))
    env = dict(os.environ, HOME=scratch, XDG_CONFIG_HOME=scratch, XDG_CACHE_HOME=scratch)
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
           "--user-data-dir=" + os.path.join(scratch, "profile"),
           "--window-size=%d,%d" % (w, h), "--screenshot=" + out,
           "file://" + os.path.abspath(args.page)]
    try:
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        sys.exit("screenshot.py: error: chromium did not finish within %d s" % args.timeout)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if p.returncode != 0 or not os.path.isfile(out) or os.path.getsize(out) == 0:
        sys.exit("screenshot.py: error: chromium exited %d without writing %s:\n%s"
                 % (p.returncode, out, p.stderr[-3000:]))
    print("screenshot.py: wrote %s (%d bytes) with %s" % (args.out, os.path.getsize(out), browser))
    return 0


if __name__ == "__main__":
    sys.exit(main())
