"""The outline (bookmarks) of a PDF that LibreOffice wrote: each heading and the page it is on.

The PDF writer reads it to check the contents list's page numbers against LibreOffice's own
layout. Only what LibreOffice writes is read (plain objects, an /Outlines tree of /First and
/Next links, /Dest arrays naming page objects); anything else gives no outline, and the
estimated page numbers stand.
"""

from __future__ import annotations

import re

_OBJECT = re.compile(rb"(\d+) 0 obj\b(.*?)\bendobj", re.S)
_REF = r"/{}\s+(\d+)\s+0\s+R"


def _objects(pdf: bytes) -> dict[int, bytes]:
    out = {}
    for match in _OBJECT.finditer(pdf):
        body = match.group(2)
        cut = body.find(b"stream")  # a dictionary, never its stream's data
        out[int(match.group(1))] = body if cut < 0 else body[:cut]
    return out


def _ref(body: bytes, key: str) -> int | None:
    found = re.search(_REF.format(key).encode(), body)
    return int(found.group(1)) if found else None


def _pages(objects: dict[int, bytes], number: int, depth: int = 0) -> list[int]:
    body = objects.get(number, b"")
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
    if kids is None or depth > 32:
        return [number]
    out: list[int] = []
    for kid in re.findall(rb"(\d+)\s+0\s+R", kids.group(1)):
        out.extend(_pages(objects, int(kid), depth + 1))
    return out


def _title(body: bytes) -> str:
    found = re.search(rb"/Title\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))", body, re.S)
    if found is None:
        return ""
    raw = found.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode("ascii"))
    else:
        data = re.sub(rb"\\([\\()])", rb"\1", raw[1:-1])
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    return data.decode("latin-1")


def outline(pdf: bytes) -> list[tuple[str, int]]:
    """Every outline entry, in document order, with its page (1 is the first); [] when the
    PDF has none or is not laid out as expected."""
    objects = _objects(pdf)
    catalog = next((o for o in objects.values() if re.search(rb"/Type\s*/Catalog\b", o)), b"")
    pages_root, outlines = _ref(catalog, "Pages"), _ref(catalog, "Outlines")
    if pages_root is None or outlines is None:
        return []
    page_of = {number: index + 1 for index, number in enumerate(_pages(objects, pages_root))}
    out: list[tuple[str, int]] = []
    stack = [_ref(objects.get(outlines, b""), "First")]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if item is None or item in seen or item not in objects:
            continue
        seen.add(item)
        body = objects[item]
        dest = re.search(rb"/Dest\s*\[\s*(\d+)\s+0\s+R", body)
        if dest is not None and int(dest.group(1)) in page_of:
            out.append((_title(body), page_of[int(dest.group(1))]))
        stack.append(_ref(body, "Next"))
        stack.append(_ref(body, "First"))  # children come before the next sibling
    return out
