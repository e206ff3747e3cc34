"""Reading a built .docx back for tests: paragraph styles and text, links and bookmarks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(path: Path | bytes) -> etree._Element:
    source = path if isinstance(path, Path) else __import__("io").BytesIO(path)
    with zipfile.ZipFile(source) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    found = root.find(f"{W}body")
    assert found is not None
    return found


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


class Lists:
    """The labels Word draws for our item lists: (a), (b) at even levels, (i), (ii) at odd ones,
    each list instance (w:numId) counting from (a)."""

    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def label(self, paragraph: etree._Element) -> str:
        numbering = paragraph.find(f"{W}pPr/{W}numPr")
        if numbering is None:
            return ""
        level = int(numbering.find(f"{W}ilvl").get(f"{W}val"))
        counts = self.counts.setdefault(numbering.find(f"{W}numId").get(f"{W}val"), [0] * 9)
        counts[level] += 1
        counts[level + 1 :] = [0] * (8 - level)
        n = counts[level] - 1
        return f"({chr(ord('a') + n) if level % 2 == 0 else ROMAN[n]})\t"


def paragraph_text(
    paragraph: etree._Element, *, deleted: bool = False, lists: Lists | None = None
) -> str:
    out = [lists.label(paragraph)] if lists is not None else []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}delText"):
        if node.tag == f"{W}tab":
            out.append("\t")
        elif node.tag == f"{W}delText":
            if deleted:
                out.append(node.text or "")
        else:
            out.append(node.text or "")
    return "".join(out)


def dump(path: Path | bytes) -> str:
    """One line per paragraph or table cell: `style | text` (the golden text dump)."""
    lines = []
    lists = Lists()
    for element in body(path):
        if element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            name = style.get(f"{W}val") if style is not None else "Normal"
            lines.append(f"{name} | {paragraph_text(element, lists=lists)}")
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = [paragraph_text(p) for p in row.iter(f"{W}p")]
                lines.append("table | " + " | ".join(cells))
    return "\n".join(lines) + "\n"


def anchors_and_bookmarks(path: Path | bytes) -> tuple[list[str], list[str], list[str]]:
    root = body(path)
    anchors = [h.get(f"{W}anchor") or "" for h in root.iter(f"{W}hyperlink")]
    names = [b.get(f"{W}name") or "" for b in root.iter(f"{W}bookmarkStart")]
    ids = [b.get(f"{W}id") or "" for b in root.iter(f"{W}bookmarkStart")]
    return anchors, names, ids


def md_words(md: str) -> list[str]:
    """The words a reader sees in our Markdown: markup, escapes and table rules removed."""
    text = re.sub(r"(?<!\\)_(\\\[.*?\\\])_", r"\1", md)  # a placeholder: _\[...\]_
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"^#+ |^\s*- |\*\*|^> ", "", text, flags=re.M)
    words = text.replace("|---", " ").replace("|", " ").split()
    return [w for w in words if w.strip("_")]  # a line to sign on is no word
