#!/usr/bin/env python3
"""Write adopter's benchmark report: one self-contained HTML page plus SVG plots.

  bench/report/report.py --out DIR [--e2e FILE.json]... [--accuracy FILE.json]
                         [--build BUILD] [--models a,b,...] [--no-partition]

DIR/report.html holds everything inline (CSS and SVG; no script, no network):
a summary of where the numbers come from, per-model speed-up and peak-memory
bars and a table for each --e2e input, the accuracy table of
bench/accuracy/run.py --json, and per model the partition of each module's
ops among the kernel packs, from `adopter check --format=json` run here.
DIR/speedup.svg and DIR/memory.svg are the plots of the first --e2e input as
standalone files (speedup-2.svg, memory-2.svg, ... for the next ones).
DIR/check/<model>.json keeps the raw `adopter check` output.

An input that is not given is reported as "not measured"; no number on the
page is made up. Python 3 standard library only. See bench/report/README.md.
"""
import argparse
import concurrent.futures
import html
import json
import math
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Colours (the test looks for the bar colours in the screenshot).
FASTER = "#2e7d32"     # speed-up above 1 + NOISE
SLOWER = "#c62828"     # speed-up below 1 - NOISE
SAME = "#9e9e9e"       # within the noise band
ORIGINAL = "#78909c"   # memory of the original program
ADOPTED = "#1565c0"    # memory of the adopted (rewritten) program
LIBTORCH = "#d5d8dc"   # ops left as LibTorch ops in the partition
AXIS = "#444444"
GRID = "#e3e3e3"
NOISE = 0.02           # |speed-up - 1| below this is drawn as "same"
# Rule colours in a model's partition, assigned per model in this order (so
# the rules of one chart always differ; no grey, that is LibTorch's).
RULE_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
                "#e377c2", "#bcbd22", "#17becf", "#393b79", "#637939", "#843c39"]
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
STATUS_CLASS = {"ok": "ok", "no rewrite": "neutral", "build failed": "bad",
                "outputs differ": "bad"}


def esc(x):
    """Text for HTML and SVG (XML): every &, <, >, ' and " escaped."""
    return html.escape("" if x is None else str(x), quote=True)


def text_width(s, size):
    """Rough width in px of s in DejaVu Sans at `size` px (no font metrics here)."""
    return len(str(s)) * size * 0.62


def num(x):
    return x if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) else None


def fmt(x, spec="%.2f", none="—"):
    x = num(x)
    return none if x is None else spec % x


def nice_step(span, target=6):
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def fmt_tick(v, step):
    decimals = next(d for d in range(6) if abs(round(step, d) - step) < 1e-9 or d == 5)
    return "%.*f" % (decimals, v)


# --------------------------------------------------------------------- SVG


class Svg:
    def __init__(self, width, height, title):
        self.w, self.h, self.title, self.parts = width, height, title, []

    def add(self, s):
        self.parts.append(s)

    def rect(self, x, y, w, h, fill, title=None, extra=""):
        t = "<title>%s</title>" % esc(title) if title else ""
        self.add('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"%s>%s</rect>'
                 % (x, y, max(w, 0), max(h, 0), fill, extra, t))

    def line(self, x1, y1, x2, y2, stroke, extra=""):
        self.add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s"%s/>'
                 % (x1, y1, x2, y2, stroke, extra))

    def text(self, x, y, s, size=12, anchor="start", fill="#222", weight=None, extra=""):
        w = ' font-weight="%s"' % weight if weight else ""
        self.add('<text x="%.1f" y="%.1f" font-size="%d" text-anchor="%s" fill="%s"%s%s>%s</text>'
                 % (x, y, size, anchor, fill, w, extra, esc(s)))

    def render(self, standalone=False):
        head = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
        return (head + '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
                'viewBox="0 0 %d %d" font-family="%s" role="img" aria-label="%s">'
                '<title>%s</title><rect width="100%%" height="100%%" fill="#ffffff"/>%s</svg>\n'
                % (self.w, self.h, self.w, self.h, esc(FONT), esc(self.title), esc(self.title),
                   "".join(self.parts)))


def not_measured_svg(title, why, width=1100):
    svg = Svg(width, 90, title)
    svg.text(16, 28, title, 15, weight="bold")
    svg.text(16, 60, "not measured: " + why, 13, fill="#8a6d00")
    return svg.render(standalone=True)


def speedup_value(m):
    s = num(m.get("speedup"))
    if s is None:
        st = m.get("step_ms") or {}
        o, a = num(st.get("original")), num(st.get("adopted"))
        if o is not None and a:
            s = o / a
    return s


def speedup_colour(s):
    return FASTER if s >= 1 + NOISE else SLOWER if s <= 1 - NOISE else SAME


def speedup_chart(doc, title, width=1100):
    """Horizontal bars from the 1.0x line to each model's speed-up."""
    models = doc.get("models") or []
    rows = [(str(m.get("model", "?")), speedup_value(m), m) for m in models]
    vals = [s for _, s, _ in rows if s is not None]
    if not vals:
        return not_measured_svg(title, "no model has a step time for both programs", width)
    lo, hi = min(vals + [0.95]), max(vals + [1.05])
    step = nice_step(hi - lo, 6)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    label_w = max(text_width(n, 12) for n, _, _ in rows) + 20
    note_w = 150                     # right margin: "not measured" and status notes
    x0, x1 = label_w + 56, width - note_w
    row_h, top = 24, 84
    height = top + row_h * len(rows) + 46
    sx = lambda v: x0 + (v - lo) / (hi - lo) * (x1 - x0)
    svg = Svg(width, height, title)
    svg.text(16, 22, title, 15, weight="bold")
    # Legend.
    lx = 16
    for colour, name in ((FASTER, "faster (> +%d%%)" % round(NOISE * 100)),
                         (SAME, "within ±%d%%" % round(NOISE * 100)),
                         (SLOWER, "slower (< −%d%%)" % round(NOISE * 100))):
        svg.rect(lx, 33, 12, 12, colour)
        svg.text(lx + 17, 43, name, 12)
        lx += 17 + text_width(name, 12) + 22
    bottom = top + row_h * len(rows)
    t = lo
    while t <= hi + step / 2:
        x = sx(t)
        svg.line(x, top - 4, x, bottom, GRID)
        svg.text(x, bottom + 16, fmt_tick(t, step) + "×", 11, "middle", AXIS)
        t += step
    svg.line(x0, bottom, x1, bottom, AXIS)
    svg.text((x0 + x1) / 2, bottom + 36, "speed-up of one training step (original ms / adopted ms)",
             12, "middle", AXIS)
    one = sx(1.0)
    for i, (name, s, m) in enumerate(rows):
        y = top + i * row_h
        svg.text(label_w, y + row_h / 2 + 4, name, 12, "end")
        status = str(m.get("status", ""))
        if s is None:
            svg.text(one + 6, y + row_h / 2 + 4, "not measured (%s)" % (status or "no step time"),
                     11, fill="#8a6d00", extra=' font-style="italic"')
            continue
        colour = speedup_colour(s)
        a, b = sorted((one, sx(s)))
        svg.rect(a, y + 4, max(b - a, 1.5), row_h - 8, colour,
                 title="%s: %.3f× (%s)" % (name, s, status or "?"))
        if s >= 1:
            svg.text(b + 4, y + row_h / 2 + 4, "%.2f×" % s, 11, "start", "#222")
        else:
            svg.text(a - 4, y + row_h / 2 + 4, "%.2f×" % s, 11, "end", "#222")
        if status and status != "ok":
            svg.text(x1 + 8, y + row_h / 2 + 4, status, 11,
                     fill=SLOWER if STATUS_CLASS.get(status) == "bad" else "#666",
                     extra=' font-style="italic"')
    svg.line(one, top - 10, one, bottom, "#000", ' stroke-width="1.5" stroke-dasharray="4 3"')
    svg.text(one, top - 14, "1.0× (no change)", 11, "middle", "#000")
    return svg.render(standalone=True)


def memory_chart(doc, title, width=1100):
    """Grouped horizontal bars: peak RSS of the original and the adopted program."""
    models = doc.get("models") or []
    rows = []
    for m in models:
        mem = m.get("peak_rss_mib") or {}
        rows.append((str(m.get("model", "?")), num(mem.get("original")), num(mem.get("adopted")), m))
    vals = [v for _, o, a, _ in rows for v in (o, a) if v is not None]
    if not vals:
        return not_measured_svg(title, "no peak memory recorded", width)
    hi = max(vals)
    step = nice_step(hi, 6)
    hi = math.ceil(hi / step) * step
    label_w = max(text_width(n, 12) for n, _, _, _ in rows) + 20
    x0, x1 = label_w + 10, width - 210
    bar_h, row_h, top = 11, 32, 56
    height = top + row_h * len(rows) + 46
    sx = lambda v: x0 + v / hi * (x1 - x0)
    svg = Svg(width, height, title)
    svg.text(16, 22, title, 15, weight="bold")
    lx = 16
    for colour, name in ((ORIGINAL, "original"), (ADOPTED, "adopted (rewritten)")):
        svg.rect(lx, 33, 12, 12, colour)
        svg.text(lx + 17, 43, name, 12)
        lx += 17 + text_width(name, 12) + 22
    bottom = top + row_h * len(rows)
    t = 0.0
    while t <= hi + step / 2:
        x = sx(t)
        svg.line(x, top - 4, x, bottom, GRID)
        svg.text(x, bottom + 16, fmt_tick(t, step), 11, "middle", AXIS)
        t += step
    svg.line(x0, top - 4, x0, bottom, AXIS)
    svg.line(x0, bottom, x1, bottom, AXIS)
    svg.text((x0 + x1) / 2, bottom + 36, "peak resident memory (MiB) during training", 12, "middle", AXIS)
    for i, (name, o, a, m) in enumerate(rows):
        y = top + i * row_h
        svg.text(label_w, y + row_h / 2 + 4, name, 12, "end")
        for j, (v, colour, what) in enumerate(((o, ORIGINAL, "original"), (a, ADOPTED, "adopted"))):
            by = y + 4 + j * (bar_h + 1)
            if v is None:
                svg.text(x0 + 4, by + bar_h - 2, "%s: not measured" % what, 10, fill="#8a6d00",
                         extra=' font-style="italic"')
                continue
            svg.rect(x0, by, sx(v) - x0, bar_h, colour, title="%s %s: %.1f MiB" % (name, what, v))
            svg.text(sx(v) + 4, by + bar_h - 2, "%.0f MiB" % v, 10, fill="#222")
        if o and a is not None:
            d = (a - o) / o * 100
            svg.text(x1 + 70, y + row_h / 2 + 4, "%+.1f%%" % d, 12, "start",
                     FASTER if d < -1 else SLOWER if d > 1 else "#555")
    svg.text(x1 + 70, top - 10, "adopted vs original", 11, "start", AXIS)
    return svg.render(standalone=True)


def partition_label(p):
    total = p.get("ops") or 0
    parts = ["%s %d" % (rule, n) for pack, rules in sorted((p.get("packs") or {}).items())
             for rule, n in sorted(rules.items())]
    covered = sum(n for rules in (p.get("packs") or {}).values() for n in rules.values())
    parts.append("LibTorch %d" % (p.get("libtorch") or 0))
    return "%d op%s: %s (%.0f%% in kernels)" % (total, "" if total == 1 else "s", ", ".join(parts),
                                                100.0 * covered / total if total else 0)


def partition_svg(partition, colours, title, width=1100):
    """One row per module: its ops split among the packs' rules and LibTorch."""
    rows = [p for p in partition if (p.get("ops") or 0) > 0]
    if not rows:
        return ""
    most = max(p.get("ops") or 0 for p in rows)
    label_w = min(max(text_width(p.get("module", "?"), 12) for p in rows) + 20, 330)
    x0 = label_w + 10
    x1 = max(width - 16 - max(text_width(partition_label(p), 11) for p in rows) - 6, x0 + 160)
    row_h, top = 24, 8
    height = top + row_h * len(rows) + 8
    svg = Svg(width, height, title)
    for i, p in enumerate(rows):
        y = top + i * row_h
        name = str(p.get("module", "?"))
        if text_width(name, 12) > label_w - 20:
            keep = int((label_w - 20) / (12 * 0.62)) - 1
            name = "…" + name[-keep:]
        svg.text(label_w, y + row_h / 2 + 4, name, 12, "end")
        x, total = x0, p.get("ops") or 0
        scale = (x1 - x0) / most
        for pack, rules in sorted((p.get("packs") or {}).items()):
            for rule, n in sorted(rules.items()):
                w = n * scale
                svg.rect(x, y + 4, w, row_h - 8, colours.get((pack, rule), "#888"),
                         title="%s: %s/%s covers %d of %d ops" % (p.get("module"), pack, rule, n, total),
                         extra=' stroke="#fff" stroke-width="0.5"')
                x += w
        lt = p.get("libtorch") or 0
        svg.rect(x, y + 4, lt * scale, row_h - 8, LIBTORCH,
                 title="%s: %d of %d ops stay LibTorch ops" % (p.get("module"), lt, total),
                 extra=' stroke="#fff" stroke-width="0.5"')
        x += lt * scale
        svg.text(x + 6, y + row_h / 2 + 4, partition_label(p), 11, fill="#333")
    return svg.render()


# ------------------------------------------------------------------ inputs


def load_json(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.exit("report.py: error: cannot read %s input %s: %s" % (what, path, e))


def bench_models():
    d = os.path.join(ROOT, "bench", "models")
    return sorted(f for f in os.listdir(d) if os.path.isdir(os.path.join(d, f)))


def check_model(adopter, flags, packs, target, name, keep_dir):
    folder = os.path.join("bench", "models", name)
    files = sorted(os.path.join(folder, f) for f in os.listdir(os.path.join(ROOT, folder))
                   if f.endswith(".cpp"))
    cmd = [adopter, "check", "--target", target, "--format=json", "--quiet"]
    if packs:
        cmd += ["--packs", packs]
    cmd += files + ["--"] + flags + ["-I" + folder]
    t0 = time.time()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    res = {"model": name, "command": cmd, "exit": p.returncode, "seconds": time.time() - t0,
           "stderr": p.stderr.strip(), "doc": None}
    try:
        res["doc"] = json.loads(p.stdout)
    except ValueError:
        pass
    if keep_dir and p.stdout:
        with open(os.path.join(keep_dir, name + ".json"), "w") as f:
            f.write(p.stdout)
    return res


def torch_flags(build):
    site = os.path.join(build, "test", "lit.site.cfg.py")
    text = open(site).read()
    return text.split("config.torch_flags = \"", 1)[1].split("\"", 1)[0].split()


def git_commit():
    try:
        p = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, timeout=10)
        if p.returncode == 0:
            dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True, timeout=30).stdout.strip()
            return p.stdout.strip() + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    return None


# -------------------------------------------------------------------- HTML

CSS = """
body { font-family: %(font)s; color: #222; background: #fff; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 28px 60px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 34px 0 10px; padding-top: 10px; border-top: 2px solid #e0e0e0; }
h3 { font-size: 16px; margin: 22px 0 8px; }
p, li { font-size: 14px; line-height: 1.45; }
.sub { color: #555; font-size: 14px; margin: 0 0 14px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 14px; }
th, td { border: 1px solid #d6d6d6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 600; background: #fafafa; }
.kv th { width: 190px; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: 12px; white-space: nowrap; }
.ok { background: #e3f1e4; color: #1b5e20; }
.neutral { background: #eceff1; color: #37474f; }
.bad { background: #fbe3e3; color: #b71c1c; }
.low { color: #b71c1c; font-weight: 600; }
.faster { color: %(faster)s; font-weight: 600; }
.slower { color: %(slower)s; font-weight: 600; }
.notmeasured { border: 1px dashed #c9a400; background: #fffbe6; color: #5c4a00; padding: 10px 14px;
  border-radius: 4px; font-size: 14px; margin: 10px 0; }
.fixture { border: 2px solid #c62828; background: #fdecea; color: #7f1010; padding: 10px 14px;
  border-radius: 4px; font-size: 14px; margin: 10px 0; font-weight: 600; }
.error { color: #b71c1c; }
.chart { margin: 6px 0 12px; overflow-x: auto; }
.chart svg { max-width: 100%%; height: auto; }
code, .mono { font-family: DejaVu Sans Mono, monospace; font-size: 12px; }
.legend span { display: inline-block; margin: 0 14px 4px 0; font-size: 12px; }
.legend i { display: inline-block; width: 11px; height: 11px; margin-right: 5px; vertical-align: -1px; }
nav { font-size: 13px; margin: 6px 0 0; }
nav a { margin-right: 14px; color: #1565c0; text-decoration: none; }
details { margin: 4px 0 14px; font-size: 13px; }
summary { cursor: default; color: #37474f; }
.cmd { word-break: break-all; color: #555; font-size: 12px; }
.nowrap { white-space: nowrap; }
ul.cols { columns: 2; column-gap: 32px; }
ul.cols li { font-size: 13px; break-inside: avoid; }
""" % {"font": FONT, "faster": FASTER, "slower": SLOWER}


def not_measured(what, how):
    return ('<div class="notmeasured"><b>Not measured:</b> %s. %s</div>\n' % (esc(what), esc(how)))


def badge(status):
    return '<span class="badge %s">%s</span>' % (STATUS_CLASS.get(status, "neutral"), esc(status or "—"))


def pair(d, spec):
    d = d or {}
    return fmt(d.get("original"), spec), fmt(d.get("adopted"), spec)


def e2e_section(i, path, doc, svg_speed, svg_mem, files):
    out = []
    device = doc.get("device") or "unknown device"
    out.append('<h2 id="e2e-%d">End-to-end training: %s <span class="sub">(%s)</span></h2>\n'
               % (i, esc(device), esc(os.path.basename(path))))
    if doc.get("fixture"):
        out.append('<div class="fixture">FIXTURE DATA: %s — these are not measurements.</div>\n'
                   % esc(doc.get("fixture") if isinstance(doc.get("fixture"), str) else "test fixture"))
    if doc.get("kind") != "e2e-train":
        out.append('<p class="error">warning: kind is %s, expected "e2e-train"</p>\n' % esc(json.dumps(doc.get("kind"))))
    out.append('<p class="sub">%s, %s, LibTorch %s, %s, %s repeats; plots also in %s and %s.</p>\n'
               % (esc(doc.get("machine", "machine not recorded")), esc(doc.get("date", "date not recorded")),
                  esc(doc.get("torch", "?")), esc(doc.get("compiler", "compiler not recorded")),
                  esc(doc.get("repeats", "?")), esc(files[0]), esc(files[1])))
    models = doc.get("models") or []
    if not models:
        out.append(not_measured("no model in " + path, "The benchmark wrote no model entry."))
        return "".join(out)
    out.append('<div class="chart">%s</div>\n' % strip_decl(svg_speed))
    out.append('<div class="chart">%s</div>\n' % strip_decl(svg_mem))
    out.append("<h3>Per model</h3>\n<table>\n<tr><th>model</th><th>rewrites (rules)</th>"
               '<th class="num">step ms<br>original</th><th class="num">step ms<br>adopted</th>'
               '<th class="num">speed-up</th><th class="num">peak MiB<br>original</th>'
               '<th class="num">peak MiB<br>adopted</th><th class="num">inference ms<br>original</th>'
               '<th class="num">inference ms<br>adopted</th><th>loss equal</th><th>status</th></tr>\n')
    for m in models:
        s = speedup_value(m)
        sp = "—" if s is None else '<span class="%s">%.2f×</span>' % (
            "faster" if s >= 1 + NOISE else "slower" if s <= 1 - NOISE else "", s)
        so, sa = pair(m.get("step_ms"), "%.2f")
        mo, ma = pair(m.get("peak_rss_mib"), "%.1f")
        io, ia = pair(m.get("inference_ms"), "%.2f")
        eq = m.get("first_step_equal")
        drift = num(m.get("max_drift"))
        eq_txt = ("yes" if eq else "no" if eq is not None else "not recorded")
        eq_txt = esc(eq_txt) + (" (first step); max drift %s" % esc("%.3g" % drift) if drift is not None else "")
        rules = m.get("rules") or []
        out.append("<tr><td>%s</td><td>%s%s</td>" % (esc(m.get("model", "?")), esc(m.get("rewrites", "—")),
                   (" (" + esc(", ".join(map(str, rules))) + ")") if rules else ""))
        out.append("".join('<td class="num">%s</td>' % esc(v) for v in (so, sa)))
        out.append('<td class="num">%s</td>' % sp)
        out.append("".join('<td class="num">%s</td>' % esc(v) for v in (mo, ma, io, ia)))
        note = m.get("note")
        out.append("<td>%s</td><td>%s%s</td></tr>\n" % (eq_txt, badge(m.get("status")),
                   '<br><span class="sub">%s</span>' % esc(note) if note else ""))
    out.append('</table>\n<p class="sub">— : not measured (the benchmark recorded no value). Speed-up is'
               ' original step time / adopted step time; %s within ±%d%% counts as no change.</p>\n'
               % ("a value", round(NOISE * 100)))
    la = doc.get("load_average")
    if la:
        out.append('<p class="sub">Load average while measuring: %s. Each number is over %s repeats'
                   ' of %s training steps.</p>\n'
                   % (esc(", ".join(str(x) for x in la) if isinstance(la, list) else la),
                      esc(doc.get("repeats", "?")),
                      esc(", ".join(sorted({str(m.get("steps")) for m in models if m.get("steps") is not None})) or "?")))
    return "".join(out)


def strip_decl(svg):
    return svg.split("?>\n", 1)[1] if svg.startswith("<?xml") else svg


def accuracy_section(path, doc):
    out = ['<h2 id="accuracy">Accuracy of <code>adopter check</code></h2>\n']
    if doc is None:
        out.append(not_measured("no accuracy input",
                                "Run bench/accuracy/run.py --json FILE and pass --accuracy FILE."))
        return "".join(out)
    if doc.get("fixture"):
        out.append('<div class="fixture">FIXTURE DATA: %s — these are not measurements.</div>\n'
                   % esc(doc.get("fixture") if isinstance(doc.get("fixture"), str) else "test fixture"))
    ov = doc.get("overall") or {}
    tg = doc.get("targets") or {}
    out.append('<p class="sub">Selected findings of <code>%s</code> compared on (rule, file, line) with the'
               ' hand-written sites of bench/accuracy/expected/, %d models, %s (%s). Targets: precision ≥ %s'
               ' and recall ≥ %s overall, every rule ≥ %s: <b>%s</b>.</p>\n'
               % (esc(doc.get("command", "adopter check")), len(doc.get("models") or []),
                  esc(doc.get("date", "date not recorded")), esc(os.path.basename(path)),
                  esc(tg.get("precision", "?")), esc(tg.get("recall", "?")), esc(tg.get("per_rule", "?")),
                  "met" if tg.get("met") else "NOT met" if "met" in tg else "not recorded"))
    per_rule = num(tg.get("per_rule"))
    out.append('<table>\n<tr><th>rule</th><th class="num">true pos.</th><th class="num">false pos.</th>'
               '<th class="num">missed</th><th class="num">precision</th><th class="num">recall</th></tr>\n')

    def row(name, r, cls=""):
        cells = []
        for k in ("precision", "recall"):
            v = num(r.get(k))
            low = per_rule is not None and v is not None and v < per_rule
            cells.append('<td class="num%s">%s</td>' % (" low" if low else "", esc(fmt(v, "%.3f"))))
        return ('<tr%s><td>%s</td>%s%s</tr>\n'
                % (cls, esc(name), "".join('<td class="num">%s</td>' % esc(r.get(k, "—")) for k in ("tp", "fp", "fn")),
                   "".join(cells)))
    for r in doc.get("rules") or []:
        out.append(row(r.get("rule", "?"), r))
    out.append(row("overall", ov, ' class="total"'))
    out.append("</table>\n")
    for key, what in (("missed", "Missed sites"), ("false", "False findings")):
        items = doc.get(key) or []
        if items:
            out.append('<p><b>%s</b> (%d):</p><ul class="cols">\n' % (what, len(items)))
            for x in items:
                out.append("<li><code>%s</code> %s:%s (%s)</li>\n"
                           % (esc(x.get("rule")), esc(x.get("file")), esc(x.get("line")), esc(x.get("model"))))
            out.append("</ul>\n")
    return "".join(out)


def rule_colours(part):
    """(pack, rule) -> colour for one model's partition: the adopter pack first."""
    used = sorted({(pack, rule) for p in part for pack, rules in (p.get("packs") or {}).items()
                   for rule in rules}, key=lambda pr: (pr[0] != "adopter", pr))
    return {k: RULE_PALETTE[i % len(RULE_PALETTE)] for i, k in enumerate(used)}


def share_bar(covered, total):
    """A small inline bar for the overview table."""
    if not total:
        return ""
    w = 90
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="10" style="vertical-align:-1px;'
            'margin-left:6px"><rect width="%d" height="10" fill="%s"/><rect width="%.1f" height="10" '
            'fill="%s"/></svg>' % (w, w, LIBTORCH, w * covered / total, RULE_PALETTE[0]))


def partition_section(results, why_not, packs, target):
    out = ['<h2 id="partition">Partition of each model among the packs</h2>\n']
    if why_not:
        out.append(not_measured("partition", why_not))
        return "".join(out)
    out.append('<p class="sub">From <code>adopter check --target %s%s --format=json</code> on each model\'s'
               ' .cpp files: every module (and every free function that drives modules) with its ops, how'
               ' many of them the selected findings put into each pack\'s kernels (by rule), and how many stay'
               ' LibTorch ops. Bar length is the module\'s op count. The raw output of each run is in'
               ' check/MODEL.json next to this page.</p>\n'
               % (esc(target), esc(" --packs " + packs) if packs else ""))
    if results:
        cmd = results[0]["command"]
        cut = cmd.index("--") if "--" in cmd else len(cmd)
        out.append('<p class="cmd mono">adopter check command: %s MODEL/*.cpp -- %s -IMODEL</p>\n'
                   % (esc(" ".join(os.path.basename(a) if i == 0 else a
                                   for i, a in enumerate(cmd[:cut]) if not a.startswith("bench/"))),
                      esc(" ".join(a for a in cmd[cut + 1:] if not a.startswith("-Ibench/")))))
    # Overview: share of ops per model in kernels.
    out.append('<table>\n<tr><th>model</th><th class="num">ops</th><th class="num">in kernels</th>'
               '<th class="num">share</th><th>rules (ops)</th><th>files</th></tr>\n')
    for r in results:
        doc = r.get("doc") or {}
        part = doc.get("partition") or []
        total = sum(p.get("ops") or 0 for p in part)
        per_rule = {}
        for p in part:
            for pack, rules in (p.get("packs") or {}).items():
                for rule, n in rules.items():
                    per_rule[(pack, rule)] = per_rule.get((pack, rule), 0) + n
        covered = sum(per_rule.values())
        files = doc.get("files") or []
        bad = [f for f in files if not f.get("parsed")]
        ftxt = "%d parsed" % (len(files) - len(bad)) + ("; %d did not compile" % len(bad) if bad else "")
        if r.get("doc") is None:
            ftxt = "adopter check failed (exit %s)" % r.get("exit")
        out.append('<tr><td><a href="#part-%s">%s</a></td><td class="num">%s</td><td class="num">%s</td>'
                   '<td class="num">%s</td><td>%s</td><td class="nowrap%s">%s</td></tr>\n'
                   % (esc(r["model"]), esc(r["model"]), total if part else "—", covered if part else "—",
                      ("%.0f%%" % (100.0 * covered / total) + share_bar(covered, total)) if total else "—",
                      esc(", ".join("%s %d" % (rule, n) for (pack, rule), n in sorted(per_rule.items()))) or "none",
                      " error" if bad or r.get("doc") is None else "", esc(ftxt)))
    out.append("</table>\n")
    for r in results:
        doc = r.get("doc")
        out.append('<h3 id="part-%s">%s</h3>\n' % (esc(r["model"]), esc(r["model"])))
        if doc is None:
            out.append('<p class="error">adopter check exited with %s and wrote no JSON:</p><pre>%s</pre>\n'
                       % (esc(r.get("exit")), esc(r.get("stderr", "")[-2000:])))
            continue
        for f in doc.get("files") or []:
            if not f.get("parsed") or f.get("errors"):
                out.append('<p class="error">%s did not compile: %s</p>\n'
                           % (esc(f.get("file")), esc("; ".join(map(str, f.get("errors") or [])))))
        part = doc.get("partition") or []
        if not part:
            out.append("<p>No module or driver function with ops was found.</p>\n")
            continue
        colours = rule_colours(part)
        legend = "".join('<span><i style="background:%s"></i>%s/%s</span>' % (c, esc(k[0]), esc(k[1]))
                         for k, c in colours.items())
        legend += '<span><i style="background:%s"></i>LibTorch ops</span>' % LIBTORCH
        out.append('<div class="legend">%s</div>\n' % legend)
        out.append('<div class="chart">%s</div>\n' % partition_svg(part, colours, "partition of " + r["model"]))
        sel = [f for f in doc.get("findings") or [] if f.get("selected")]
        out.append('<details><summary>ops per module and rule; %d selected findings</summary>\n'
                   % len(sel))
        out.append('<table>\n<tr><th>module</th><th class="num">ops</th>'
                   '<th>in kernels: pack / rule × ops</th><th class="num">LibTorch ops</th></tr>\n')
        for p in part:
            cov = ", ".join("%s / %s × %d" % (pack, rule, n)
                            for pack, rules in sorted((p.get("packs") or {}).items())
                            for rule, n in sorted(rules.items()))
            out.append('<tr><td>%s</td><td class="num">%s</td><td>%s</td><td class="num">%s</td></tr>\n'
                       % (esc(p.get("module")), esc(p.get("ops")), esc(cov) or "—", esc(p.get("libtorch"))))
        out.append("</table>\n")
        if sel:
            out.append("<table>\n<tr><th>pack / rule</th><th>at</th><th>in</th><th>ops</th><th>fixable</th></tr>\n")
            for f in sel:
                out.append("<tr><td>%s / %s</td><td class=\"mono\">%s:%s:%s</td><td class=\"mono\">%s</td>"
                           "<td class=\"mono\">%s</td><td>%s</td></tr>\n"
                           % (esc(f.get("pack")), esc(f.get("rule")), esc(f.get("file")), esc(f.get("line")),
                              esc(f.get("column")), esc(f.get("function")),
                              esc(" → ".join(str(o.get("op")) for o in f.get("ops") or [])),
                              "yes" if f.get("fixable") else esc("no: " + str(f.get("reason") or ""))))
            out.append("</table>\n")
        out.append('</details>\n<p class="cmd">adopter check on %s: exit %s, %.1f s.</p>\n'
                   % (esc(", ".join(a for a in r["command"] if a.startswith("bench/"))), esc(r["exit"]),
                      r["seconds"]))
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--e2e", action="append", default=[], metavar="FILE.json",
                    help="end-to-end training results (kind e2e-train); repeatable, one section each")
    ap.add_argument("--accuracy", metavar="FILE.json", help="bench/accuracy/run.py --json output")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    help="build folder: BUILD/bin/adopter and the PCH flags of BUILD/test/lit.site.cfg.py")
    ap.add_argument("--adopter", help="adopter binary (default: BUILD/bin/adopter)")
    ap.add_argument("--compiler-flags", help="flags after '--' for adopter check, one string "
                    "(default: config.torch_flags of BUILD/test/lit.site.cfg.py)")
    ap.add_argument("--models", help="comma-separated folders of bench/models for the partition "
                    "(default: all of them)")
    ap.add_argument("--packs", default="", help="--packs for adopter check (default: all built-in packs)")
    ap.add_argument("--target", help="--target for adopter check (default: the first --e2e input's "
                    "device when it is cpu or cuda, else cpu)")
    ap.add_argument("--no-partition", action="store_true", help="do not run adopter check")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--title", default="adopter benchmark report")
    args = ap.parse_args()

    e2e = [(p, load_json(p, "--e2e")) for p in args.e2e]
    for p, d in e2e:
        if not isinstance(d, dict):
            sys.exit("report.py: error: %s: expected a JSON object" % p)
    acc = load_json(args.accuracy, "--accuracy") if args.accuracy else None
    if acc is not None and not isinstance(acc, dict):
        sys.exit("report.py: error: %s: expected a JSON object" % args.accuracy)
    os.makedirs(args.out, exist_ok=True)

    # Partition: adopter check on each model.
    known = bench_models()
    if args.models:
        models = [m.strip() for m in args.models.split(",") if m.strip()]
        unknown = [m for m in models if m not in known]
        if unknown:
            sys.exit("report.py: error: not a folder of bench/models: %s" % ", ".join(unknown))
    else:
        models = known
    target = args.target or next((d.get("device") for _, d in e2e if d.get("device") in ("cpu", "cuda")), "cpu")
    results, why_not = [], None
    adopter = args.adopter or os.path.join(args.build, "bin", "adopter")
    if args.no_partition:
        why_not = "adopter check was not run (--no-partition)."
    elif not os.access(adopter, os.X_OK):
        why_not = "no adopter binary at %s (build it, or pass --build/--adopter)." % adopter
    else:
        try:
            flags = args.compiler_flags.split() if args.compiler_flags else torch_flags(args.build)
        except (OSError, IndexError):
            flags = None
            why_not = ("no PCH flags: %s/test/lit.site.cfg.py is missing or has no torch_flags"
                       " (pass --compiler-flags)." % args.build)
        if flags is not None:
            keep = os.path.join(args.out, "check")
            os.makedirs(keep, exist_ok=True)
            with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
                results = list(pool.map(lambda m: check_model(adopter, flags, args.packs, target, m, keep), models))
            for r in results:
                if r["doc"] is None:
                    sys.stderr.write("report.py: warning: adopter check failed on %s (exit %d)\n"
                                     % (r["model"], r["exit"]))

    # Plots.
    plot_files = []
    for i, (p, d) in enumerate(e2e or [(None, None)]):
        suffix = "" if i == 0 else "-%d" % (i + 1)
        names = ("speedup%s.svg" % suffix, "memory%s.svg" % suffix)
        if d is None:
            sp = not_measured_svg("Speed-up per model", "no end-to-end input (--e2e)")
            mem = not_measured_svg("Peak memory per model", "no end-to-end input (--e2e)")
        else:
            label = "%s, %s" % (d.get("device", "?"), d.get("machine", "?"))
            sp = speedup_chart(d, "Training step speed-up, adopted vs original (%s)" % label)
            mem = memory_chart(d, "Peak memory, original vs adopted (%s)" % label)
        for name, svg in zip(names, (sp, mem)):
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.write(svg)
        plot_files.append((names, sp, mem))

    # Page.
    now = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    commit = git_commit()
    page = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n" % (esc(args.title), CSS),
            "<h1>%s</h1>\n" % esc(args.title),
            '<p class="sub">Generated %s by bench/report/report.py%s.</p>\n'
            % (esc(now), esc(" at commit " + commit) if commit else ""),
            '<nav><a href="#summary">Summary</a>%s<a href="#accuracy">Accuracy</a>'
            '<a href="#partition">Partition</a></nav>\n'
            % "".join('<a href="#e2e-%d">End-to-end (%s)</a>' % (i, esc(d.get("device", "?")))
                      for i, (_, d) in enumerate(e2e)),
            '<h2 id="summary">Summary</h2>\n']
    if e2e:
        page.append('<table class="kv">\n<tr><th>input</th><th>machine</th><th>date</th><th>LibTorch</th>'
                    '<th>device</th><th>compiler</th><th>models</th><th>speed-up, geometric mean'
                    ' over status ok</th></tr>\n')
        for p, d in e2e:
            sps = [s for s in (speedup_value(m) for m in d.get("models") or []) if s]
            oks = [s for s in (speedup_value(m) for m in d.get("models") or [] if m.get("status") == "ok") if s]
            gm = math.exp(sum(math.log(s) for s in oks) / len(oks)) if oks else None
            page.append("<tr><td>%s%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                        '<td class="num">%d (%d measured)</td><td class="num">%s</td></tr>\n'
                        % (esc(os.path.basename(p)), ' <span class="badge bad">fixture</span>' if d.get("fixture") else "",
                           esc(d.get("machine", "not recorded")), esc(d.get("date", "not recorded")),
                           esc(d.get("torch", "not recorded")), esc(d.get("device", "not recorded")),
                           esc(d.get("compiler", "not recorded")), len(d.get("models") or []), len(sps),
                           esc("%.3f× (%d models)" % (gm, len(oks))) if gm else "—"))
        page.append("</table>\n")
    else:
        page.append(not_measured("end-to-end training (speed-up, memory, losses)",
                                 "No --e2e FILE.json was given; the speed-up and memory plots are empty."))
    page.append('<table class="kv">\n')
    kv = [("accuracy input", os.path.basename(args.accuracy) + " (" + str(acc.get("date", "date not recorded")) + ")"
           if acc is not None else "not measured (no --accuracy)"),
          ("partition", ("adopter check on %d models (%s), target %s, packs %s"
                         % (len(results), ", ".join(r["model"] for r in results), target, args.packs or "all built-in"))
           if results else "not measured"),
          ("report host", "%s, %s, Python %s" % (platform.node() or "?", platform.machine(), platform.python_version()))]
    for k, v in kv:
        page.append("<tr><th>%s</th><td>%s</td></tr>\n" % (esc(k), esc(v)))
    page.append("</table>\n")

    if e2e:
        for i, ((p, d), (names, sp, mem)) in enumerate(zip(e2e, plot_files)):
            page.append(e2e_section(i, p, d, sp, mem, names))
    else:
        page.append('<h2 id="e2e">End-to-end training</h2>\n')
        page.append(not_measured("speed-up and memory per model",
                                 "Pass the e2e training benchmark's JSON with --e2e FILE.json."))
    page.append(accuracy_section(args.accuracy, acc))
    page.append(partition_section(results, why_not, args.packs, target))
    page.append("</main>\n</body>\n</html>\n")
    with open(os.path.join(args.out, "report.html"), "w", encoding="utf-8") as f:
        f.write("".join(page))
    print("report.py: wrote %s (%s)" % (os.path.join(args.out, "report.html"),
                                        ", ".join(n for names, _, _ in plot_files for n in names)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
