"""`acocontract compare`: does a contract .docx, perhaps edited by hand, say what the build says?

The file is read as text, paragraph by paragraph, so formatting never counts as a difference.
Its clauses are found by their headings (the body's, not the contents list's), then each clause's
wording is compared with what `build` produces, word by word.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acocontract.check import check_file, require
from acocontract.errors import AcoError, error
from acocontract.redline import Revision, changed_words, diff_runs, entries
from acocontract.tree import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Difference:
    clause: str  # GC14
    where: str  # GC14.2, or the clause when the paragraph cannot be told
    removed: tuple[str, ...]
    added: tuple[str, ...]
    note: str = ""


@dataclass
class Comparison:
    document: str
    differences: list[Difference] = field(default_factory=list)
    tracked: list[str] = field(default_factory=list)  # clauses holding tracked changes

    @property
    def matches(self) -> bool:
        return not self.differences and not self.tracked


@dataclass(frozen=True)
class _Para:
    text: str
    tracked: bool


def read_docx_paragraphs(data: bytes, display: str) -> list[_Para]:
    """Every paragraph's visible text (insertions in, deletions out), tables included."""
    from lxml import etree  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
        root = etree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as err:
        raise AcoError(
            [error(display, 1, 1, "not-a-docx", f"this is not a readable Word file ({err})")]
        ) from None
    body = root.find(f"{W}body")
    out: list[_Para] = []
    for element in body if body is not None else []:
        if element.tag == f"{W}p":
            out.append(_Para(_text(element), _tracked(element)))
        elif element.tag == f"{W}tbl":
            for row in element.iter(f"{W}tr"):
                cells = [" ".join(_text(p) for p in c.iter(f"{W}p")) for c in row.iter(f"{W}tc")]
                out.append(_Para(_squeeze(" | ".join(cells)), _tracked(row)))
    return out


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _text(paragraph: Any) -> str:
    pieces = []
    for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
        pieces.append(node.text or "" if node.tag == f"{W}t" else " ")
    return " ".join("".join(pieces).split())


def _tracked(element: Any) -> bool:
    return any(True for _ in element.iter(f"{W}ins", f"{W}del"))


def _expected(document: Document, clause_id: str) -> tuple[list[str], list[str]]:
    """The clause's lines as the .docx shows them, and each line's paragraph number."""
    clause = next(c for c in document.clauses() if c.id == clause_id)
    found = entries(clause)
    return [_squeeze(f"{e.number} {e.text}") for e in found], [e.number for e in found]


def compare_document(document: Document, paragraphs: list[_Para]) -> Comparison:
    result = Comparison(document.id)
    headings = {c.heading: c.id for c in document.clauses()}
    boundaries = set(headings) | {p.title for p in document.parts}
    last: dict[str, int] = {}
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text in boundaries:
            last[paragraph.text] = index  # the body's heading comes after the contents list
    starts = sorted(last.values())
    if starts and any(p.tracked for p in paragraphs[: starts[0]]):
        result.tracked.append("front matter and contents")
    for clause in document.clauses():
        if clause.heading not in last:
            result.differences.append(
                Difference(clause.id, clause.label or clause.id, (), (), "heading not found")
            )
            continue
        start = last[clause.heading]
        end = next((s for s in starts if s > start), len(paragraphs))
        found = [p for p in paragraphs[start + 1 : end] if p.text]
        if any(p.tracked for p in paragraphs[start:end]):
            result.tracked.append(clause.id)
        expected, numbers = _expected(document, clause.id)
        actual = [p.text for p in found]
        if expected == actual:
            continue
        matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            old, new = expected[i1:i2], actual[j1:j2]
            number = next((n for n in numbers[i1:i2] if n and not n.startswith("(")), "")
            where = number or clause.label or clause.id
            runs = diff_runs("\n".join(old), "\n".join(new), Revision("", ""))
            removed, added = changed_words(runs)
            result.differences.append(Difference(clause.id, where, tuple(removed), tuple(added)))
    return result


def compare(profile_path: Path, docx_path: Path) -> Comparison:
    """Compare a .docx with the document of the same title that the profile builds."""
    documents = require(check_file(profile_path)).assemble()
    shown = docx_path.as_posix()
    try:
        data = docx_path.read_bytes()
    except OSError as err:
        raise AcoError(
            [error(shown, 1, 1, "cannot-read", f"cannot read: {err.strerror}")]
        ) from None
    paragraphs = read_docx_paragraphs(data, shown)
    texts = {p.text for p in paragraphs}
    candidates = [d for d in documents if d.title in texts]
    if not candidates:
        titles = ", ".join(d.title for d in documents)
        raise AcoError(
            [
                error(
                    shown,
                    1,
                    1,
                    "unknown-document",
                    "this file is none of the documents the profile builds",
                    f"the profile builds: {titles}",
                )
            ]
        )
    best = max(
        candidates,
        key=lambda d: sum(c.heading in texts for c in d.clauses()),
    )
    return compare_document(best, paragraphs)
