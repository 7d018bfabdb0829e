#!/usr/bin/env python3
"""check_png_not_blank.py PNG WIDTH HEIGHT — checks that a screenshot is a
rendered page and not a blank one. Standard library only: the PNG is decoded
here with zlib (8-bit greyscale, grey+alpha, RGB and RGBA; every filter type;
no interlacing, which Chromium does not emit).

Figures measured (background = the most frequent colour):
  distinct     number of distinct RGB colours
  non-bg %     share of pixels that are not the background colour
  dark         pixels with every channel <= 80 (text, table rules)
  coloured     pixels whose channels differ by >= 80 (SVG plot lines, bars)
Exits 0 and prints the figures when every figure reaches its threshold,
1 with the figures and the failed checks otherwise.
"""
import struct
import sys
import zlib
from collections import Counter

# Thresholds. The real report (profiles go1.20 and go1.22-observed × workloads
# timeout-cascade and cleanup-vs-finalizer, 1280×2000, Debian's Chromium 156)
# measured, in two layouts of the page:
#   separate plot per case:           642 colours,  2.20 %, 14,706 dark,  4,866 coloured
#   overlaid plots, retainer tables: 1222 colours, 21.11 %, 28,695 dark,  9,793 coloured
# (coloured = plot lines, retainer bars and red "FAIL (exp)" cells). Each floor
# is at most half the smaller figure. For comparison: an empty page measures
# 1 colour and 0 % everywhere; a page with one letter 38 colours, 13 dark; a
# text-only page (gcmatrix's table in a <pre>) 250 colours, 1.32 %, 13,977 dark
# but 0 coloured.
MIN_DISTINCT = 100
MIN_NON_BG_PERCENT = 1.0
MIN_DARK = 5000
MIN_COLOURED = 1000
DARK_MAX = 80
COLOURED_SPREAD = 80

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def read_png(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        fail(f"{path}: cannot read the screenshot: {e.strerror}")
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG file")
    pos, ihdr, idat = 8, None, []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            fail(f"{path}: truncated {kind!r} chunk")
        if zlib.crc32(kind + body) != struct.unpack(">I", crc)[0]:
            fail(f"{path}: bad CRC in {kind!r} chunk")
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if ihdr is None or not idat:
        fail(f"{path}: no IHDR or no IDAT chunk")
    width, height, depth, ctype, _comp, _filt, interlace = ihdr
    if depth != 8 or ctype not in CHANNELS or interlace != 0:
        fail(f"{path}: unsupported PNG (bit depth {depth}, colour type {ctype}, "
             f"interlace {interlace}); expected 8-bit grey/RGB(A), not interlaced")
    bpp = CHANNELS[ctype]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        fail(f"{path}: image data is {len(raw)} bytes, expected {height * (stride + 1)}")
    return width, height, ctype, unfilter(raw, height, stride, bpp)


def unfilter(raw, height, stride, bpp):
    """Undoes the per-row filters (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth)."""
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        cur = bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 0:
            pass
        elif ftype == 1:
            for i in range(bpp, stride):
                cur[i] = (cur[i] + cur[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                cur[i] = (cur[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(bpp):
                cur[i] = (cur[i] + (prev[i] >> 1)) & 0xFF
            for i in range(bpp, stride):
                cur[i] = (cur[i] + ((cur[i - bpp] + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(bpp):
                cur[i] = (cur[i] + prev[i]) & 0xFF  # Paeth with a = c = 0 is b
            for i in range(bpp, stride):
                a, b, c = cur[i - bpp], prev[i], prev[i - bpp]
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                if pa <= pb and pa <= pc:
                    pred = a
                elif pb <= pc:
                    pred = b
                else:
                    pred = c
                cur[i] = (cur[i] + pred) & 0xFF
        else:
            fail(f"row {y}: unknown filter type {ftype}")
        rows.append(cur)
        prev = cur
    return rows


def colour_counts(rows, ctype):
    """Counter of RGB triples; alpha is composited over white."""
    counts = Counter()
    for row in rows:
        if ctype == 2:
            counts.update(zip(row[0::3], row[1::3], row[2::3]))
        elif ctype == 6:
            counts.update(zip(row[0::4], row[1::4], row[2::4], row[3::4]))
        elif ctype == 0:
            counts.update(row)
        else:  # 4: grey + alpha
            counts.update(zip(row[0::2], row[1::2]))
    rgb = Counter()
    for key, n in counts.items():
        if ctype == 0:
            key = (key, key, key)
        elif ctype == 4:
            key = (key[0], key[0], key[0], key[1])
        if len(key) == 4:
            r, g, b, a = key
            key = tuple((v * a + 255 * (255 - a)) // 255 for v in (r, g, b))
        rgb[key] += n
    return rgb


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: check_png_not_blank.py PNG WIDTH HEIGHT")
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    width, height, ctype, rows = read_png(path)
    if (width, height) != (want_w, want_h):
        fail(f"{path}: {width}x{height}, expected {want_w}x{want_h}")
    counts = colour_counts(rows, ctype)
    total = width * height
    background, bg_count = counts.most_common(1)[0]
    non_bg = 100.0 * (total - bg_count) / total
    dark = sum(n for c, n in counts.items() if max(c) <= DARK_MAX)
    coloured = sum(n for c, n in counts.items() if max(c) - min(c) >= COLOURED_SPREAD)
    figures = (f"{width}x{height} colour type {ctype}: {len(counts)} distinct colours, "
               f"background #{bytes(background).hex()}, {non_bg:.2f} % non-background, "
               f"{dark} dark pixels, {coloured} coloured pixels")
    problems = []
    if len(counts) < MIN_DISTINCT:
        problems.append(f"{len(counts)} distinct colours < {MIN_DISTINCT}")
    if non_bg < MIN_NON_BG_PERCENT:
        problems.append(f"{non_bg:.2f} % non-background < {MIN_NON_BG_PERCENT} %")
    if dark < MIN_DARK:
        problems.append(f"{dark} dark pixels (text) < {MIN_DARK}")
    if coloured < MIN_COLOURED:
        problems.append(f"{coloured} coloured pixels (plot lines) < {MIN_COLOURED}")
    if problems:
        print(figures, file=sys.stderr)
        fail("the screenshot looks blank: " + "; ".join(problems))
    print(f"screenshot ok: {figures}")


if __name__ == "__main__":
    main()
