#!/usr/bin/env python3
"""Check a screenshot PNG: its size, that it is not blank, and that colours appear.

  png_check.py FILE.png --size WxH [--min-colours N] [--colour '#rrggbb:MINPIXELS']...

Decodes the PNG with zlib (8-bit grey/RGB/RGBA, not interlaced: what
Chromium writes) and fails, with a message, when the size differs, when it
has fewer than N distinct colours, or when a colour covers fewer pixels than
asked (the report's bar colours are flat fills, so they appear exactly).
"""
import argparse
import collections
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
    if depth != 8 or channels is None or interlace:
        raise ValueError("unsupported PNG (depth %d, colour type %d, interlace %d)" % (depth, ctype, interlace))
    raw = zlib.decompress(b"".join(idat))
    bpp, stride = channels, w * channels
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        cur = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 1:
            for i in range(bpp, stride):
                cur[i] = (cur[i] + cur[i - bpp]) & 255
        elif f == 2:
            # Byte-wise add without a Python loop: even and odd bytes in two big ints.
            a, b = int.from_bytes(cur, "big"), int.from_bytes(prev, "big")
            even = int.from_bytes(b"\x00\xff" * (stride // 2) + b"\xff" * (stride % 2), "big")
            odd = ((1 << (8 * stride)) - 1) ^ even
            cur = bytearray((((a & even) + (b & even)) & even | ((a & odd) + (b & odd)) & odd)
                            .to_bytes(stride, "big"))
        elif f == 3:
            for i in range(stride):
                left = cur[i - bpp] if i >= bpp else 0
                cur[i] = (cur[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif f != 0:
            raise ValueError("bad filter %d in row %d" % (f, y))
        rows.append(bytes(cur))
        prev = cur
    return w, h, channels, rows


def pixels(w, channels, rows):
    """Counter of (r, g, b) over all pixels."""
    count = collections.Counter()
    for row in rows:
        if channels == 3:
            count.update(row[i:i + 3] for i in range(0, len(row), 3))
        elif channels == 4:
            count.update(row[i:i + 3] for i in range(0, len(row), 4))
        else:
            count.update(bytes((v,)) * 3 for v in row[::channels])
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("png")
    ap.add_argument("--size", required=True, help="WxH")
    ap.add_argument("--min-colours", type=int, default=50)
    ap.add_argument("--colour", action="append", default=[], help="#rrggbb:MINPIXELS")
    args = ap.parse_args()
    try:
        w, h, channels, rows = decode(args.png)
    except (OSError, ValueError, zlib.error, struct.error, TypeError) as e:
        sys.exit("png_check: %s: cannot decode: %s" % (args.png, e))
    ew, eh = (int(v) for v in args.size.split("x"))
    if (w, h) != (ew, eh):
        sys.exit("png_check: %s is %dx%d, expected %dx%d" % (args.png, w, h, ew, eh))
    count = pixels(w, channels, rows)
    top = count.most_common(1)[0]
    if len(count) < args.min_colours:
        sys.exit("png_check: %s has only %d distinct colours (expected >= %d): blank or not rendered"
                 % (args.png, len(count), args.min_colours))
    failed = False
    for spec in args.colour:
        hexcol, _, need = spec.partition(":")
        rgb = bytes.fromhex(hexcol.lstrip("#"))
        have = count.get(rgb, 0)
        if have < int(need or 1):
            print("png_check: colour %s covers %d pixels, expected >= %s" % (hexcol, have, need or 1))
            failed = True
    print("png_check: %dx%d, %d distinct colours, background #%s (%.0f%% of the pixels)%s"
          % (w, h, len(count), top[0].hex(), 100.0 * top[1] / (w * h), "" if failed else "; colours found"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
