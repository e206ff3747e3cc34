"""Regenerate src/acocontract/render/docx/widths.json: advance widths of the Latin characters in
Liberation Sans (metric-compatible with Arial), regular, bold, italic and bold italic.

    python tools/font_widths.py /usr/share/fonts/truetype/liberation2

The page estimator measures text with these to find where lines break; Word lays the text out
in Arial and LibreOffice in Liberation Sans, whose advance widths are the same.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

CHARS = [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2028), 0x2030, 0x2039,
         0x203A, 0x20AC, 0x2122, 0x2212]
FILES = {
    "regular": "LiberationSans-Regular.ttf",
    "bold": "LiberationSans-Bold.ttf",
    "italic": "LiberationSans-Italic.ttf",
    "bolditalic": "LiberationSans-BoldItalic.ttf",
}


def tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        out[tag.decode()] = data[offset : offset + length]
    return out


def cmap(table: bytes) -> dict[int, int]:
    count = struct.unpack(">H", table[2:4])[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", table[4 + 8 * i : 12 + 8 * i])
        if (platform, encoding) in ((3, 1), (0, 3)):
            sub = table[offset:]
            if struct.unpack(">H", sub[:2])[0] != 4:
                continue
            segs = struct.unpack(">H", sub[6:8])[0] // 2
            ends = struct.unpack(f">{segs}H", sub[14 : 14 + 2 * segs])
            base = 16 + 2 * segs
            starts = struct.unpack(f">{segs}H", sub[base : base + 2 * segs])
            deltas = struct.unpack(f">{segs}h", sub[base + 2 * segs : base + 4 * segs])
            range_at = base + 4 * segs
            ranges = struct.unpack(f">{segs}H", sub[range_at : range_at + 2 * segs])
            out = {}
            for s in range(segs):
                for code in range(starts[s], ends[s] + 1):
                    if code == 0xFFFF:
                        continue
                    if ranges[s] == 0:
                        glyph = (code + deltas[s]) & 0xFFFF
                    else:
                        at = range_at + 2 * s + ranges[s] + 2 * (code - starts[s])
                        glyph = struct.unpack(">H", sub[at : at + 2])[0]
                        if glyph:
                            glyph = (glyph + deltas[s]) & 0xFFFF
                    out[code] = glyph
            return out
    raise SystemExit("no Unicode cmap")


def widths(path: Path) -> list[int]:
    t = tables(path.read_bytes())
    units = struct.unpack(">H", t["head"][18:20])[0]
    assert units == 2048, units
    metrics = struct.unpack(">H", t["hhea"][34:36])[0]
    hmtx = t["hmtx"]
    advances = [struct.unpack(">H", hmtx[4 * i : 4 * i + 2])[0] for i in range(metrics)]
    glyphs = cmap(t["cmap"])
    return [advances[min(glyphs.get(c, 0), metrics - 1)] for c in CHARS]


def main() -> None:
    folder = Path(sys.argv[1])
    data = {"units": 2048, "chars": "".join(map(chr, CHARS))}
    for name, file in FILES.items():
        data[name] = widths(folder / file)
    target = Path(__file__).parent.parent / "src/acocontract/render/docx/widths.json"
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
