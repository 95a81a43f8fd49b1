#!/usr/bin/env python3
"""Structural checks of bench/report/report.py's output folder.

  check_outputs.py DIR [--svg NAME]... [--colour NAME:#rrggbb]...

- each standalone SVG (default: speedup.svg, memory.svg) is well-formed XML
  (xml.etree) with an <svg> root in the SVG namespace;
- every inline <svg>...</svg> of report.html is well-formed XML too;
- report.html is self-contained: no <script>, no <link>, no <img>, no
  url(...), no http(s):// reference;
- --colour NAME:#rrggbb: that SVG file fills a rect with that colour.
"""
import argparse
import re
import sys
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--svg", action="append")
    ap.add_argument("--colour", action="append", default=[])
    args = ap.parse_args()
    errors = []
    roots = {}
    for name in args.svg or ["speedup.svg", "memory.svg"]:
        path = "%s/%s" % (args.dir, name)
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            errors.append("%s: not well-formed XML: %s" % (name, e))
            continue
        if root.tag != SVG_NS + "svg":
            errors.append("%s: root element is %s, not svg" % (name, root.tag))
        roots[name] = root
        print("%s: well-formed, %d rect, %d text" % (name, len(root.findall(".//%srect" % SVG_NS)),
                                                   len(root.findall(".//%stext" % SVG_NS))))
    for spec in args.colour:
        name, _, colour = spec.partition(":")
        root = roots.get(name)
        if root is None or not any(r.get("fill", "").lower() == colour.lower()
                                   for r in root.iter(SVG_NS + "rect")):
            errors.append("%s: no rect filled with %s" % (name, colour))
    page = open("%s/report.html" % args.dir, encoding="utf-8").read()
    inline = re.findall(r"<svg\b.*?</svg>", page, re.S)
    for i, s in enumerate(inline):
        try:
            ET.fromstring(s)
        except ET.ParseError as e:
            errors.append("report.html: inline svg %d is not well-formed: %s" % (i + 1, e))
    print("report.html: %d inline svg, all well-formed" % len(inline) if not errors else "")
    for pat, what in ((r"<script\b", "a <script>"), (r"<link\b", "a <link>"), (r"<img\b", "an <img>"),
                      (r"url\(", "a url(...)"), (r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", "an external reference")):
        if re.search(pat, page, re.I):
            errors.append("report.html is not self-contained: it has %s" % what)
    for e in errors:
        print("check_outputs: error: " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
