"""Redlines: one document tree showing old wording against new, word by word.

Used for a profile's derogations (national wording against local wording) and for changes
between national editions. The result is an ordinary document tree whose runs include
Insertion and Deletion, so every writer shows it: <ins>/<del> in HTML and Markdown, real
tracked changes in Word.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from acocontract.library import Edition
from acocontract.tree import (
    Banner,
    Clause,
    Definition,
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    NotUsed,
    Paragraph,
    Part,
    Run,
    Table,
    Text,
    plain,
)

# Clause numbers (GC14.2, SC3.2A), amounts and figures are single tokens, so "20" -> "30"
# or GC14.1 -> GC14.2 shows as one changed token, never as a few changed characters.
_TOKEN = re.compile(
    r"[A-Za-z]+\d+[A-Z]?(?:\.\d+[A-Z]?)*"
    r"|£?\d+(?:[.,]\d+)*%?"
    r"|[A-Za-z]+(?:['’][A-Za-z]+)*"
    r"|\s+"
    r"|."
)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Revision:
    author: str
    date: str  # ISO date


def diff_runs(old: str, new: str, revision: Revision) -> tuple[Run, ...]:
    """Word-level difference of two texts as runs (equal text, deletions, insertions)."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # (equal?, old text, new text); a lone space between two changes joins them, so a
    # rewritten phrase reads as one deletion and one insertion, not word-by-word confetti
    pieces: list[tuple[bool, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pieces.append((tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[bool, str, str]] = []
    for index, (equal, old_text, new_text) in enumerate(pieces):
        between = 0 < index < len(pieces) - 1 and not pieces[index + 1][0]
        if equal and between and not old_text.strip() and merged and not merged[-1][0]:
            equal = False
        if merged and not equal and not merged[-1][0]:
            _, old_before, new_before = merged.pop()
            merged.append((False, old_before + old_text, new_before + new_text))
        else:
            merged.append((equal, old_text, new_text))
    runs: list[Run] = []
    for equal, old_text, new_text in merged:
        if equal:
            runs.append(Text(old_text))
            continue
        if old_text:
            runs.append(Deletion((Text(old_text),), revision.author, revision.date))
        if new_text:
            runs.append(Insertion((Text(new_text),), revision.author, revision.date))
    return tuple(runs)


def changed_words(runs: Iterable[Run]) -> tuple[list[str], list[str]]:
    """The words removed and the words added in a redline."""
    removed: list[str] = []
    added: list[str] = []
    for run in runs:
        if isinstance(run, Deletion):
            removed.extend(plain(run.runs, deleted=True).split())
        elif isinstance(run, Insertion):
            added.extend(plain(run.runs).split())
    return removed, added


@dataclass(frozen=True)
class Entry:
    """One comparable piece of a clause: a paragraph, a list item or a table row."""

    key: str
    number: str
    text: str


def _item_entries(items: tuple[Item, ...], parent: str) -> Iterator[Entry]:
    for item in items:
        key = f"{parent}{item.marker}"
        yield Entry(key, item.marker, plain(item.runs))
        yield from _item_entries(item.items, key)


def entries(clause: Clause) -> list[Entry]:
    """A clause's paragraphs, items and table rows, in order, each with a stable key."""
    out: list[Entry] = []
    for index, block in enumerate(clause.blocks):
        if isinstance(block, Paragraph):
            key = block.anchor or f"{clause.id}#p{index}"
            out.append(Entry(key, block.number, plain(block.runs)))
            out.extend(_item_entries(block.items, key))
        elif isinstance(block, NotUsed):
            out.append(Entry(block.anchor or f"{clause.id}#p{index}", block.number, block.text))
        elif isinstance(block, Definition):
            text = f"{block.term.text} {plain(block.runs)}"
            out.append(Entry(f"{clause.id}#p{index}", "", text))
        elif isinstance(block, Heading):
            out.append(Entry(f"{clause.id}#h{block.text}", "", block.text))
        elif isinstance(block, Table):
            if block.header:
                out.append(Entry(f"{clause.id}#t{index}", "", " | ".join(block.header)))
            for r, row in enumerate(block.rows):
                text = " | ".join(plain(cell) for cell in row)
                out.append(Entry(f"{clause.id}#t{index}.{r}", "", text))
    return out


def clause_text(clause: Clause) -> str:
    return "\n".join(f"{e.number} {e.text}".strip() for e in entries(clause))


def redline_clause(old: Clause | None, new: Clause | None, revision: Revision) -> Clause:
    """A clause showing `old` against `new` (either may be missing: all added or all removed)."""
    shown = new or old
    assert shown is not None
    a = entries(old) if old else []
    b = entries(new) if new else []
    matcher = difflib.SequenceMatcher(None, [e.key for e in a], [e.key for e in b], autojunk=False)
    blocks: list[Paragraph] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for ea, eb in zip(a[i1:i2], b[j1:j2], strict=True):
                blocks.append(Paragraph(diff_runs(ea.text, eb.text, revision), eb.number))
            continue
        if tag in ("delete", "replace"):
            for e in a[i1:i2]:
                gone = Deletion((Text(e.text),), revision.author, revision.date)
                blocks.append(Paragraph((gone,), e.number))
        if tag in ("insert", "replace"):
            for e in b[j1:j2]:
                added = Insertion((Text(e.text),), revision.author, revision.date)
                blocks.append(Paragraph((added,), e.number))
    title = shown.title
    if old is not None and new is not None and old.title != new.title:
        title = f"{new.title} (formerly {old.title})"
    return Clause(shown.id, shown.label, title, True, "", tuple(blocks))


def summary_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> Table:
    return Table(
        header, tuple(tuple((Text(cell),) for cell in row) for row in rows), (1,) * len(header)
    )


def redline_document(
    title: str,
    subtitle: str,
    edition: Edition,
    summary: Table,
    clauses: list[Clause],
    banner: Banner | None = None,
) -> Document:
    from acocontract.assemble import frame

    parts = (
        Part(
            "summary",
            "Summary",
            (Clause("summary", "", "Summary", True, "", (summary,)),),
            banner,
        ),
        Part("clauses", "Clause by clause", tuple(clauses), banner),
    )
    return frame("redline", title, subtitle, edition, parts, banner)


def find_clause(document: Document, clause_id: str) -> Clause | None:
    return next((c for c in document.clauses() if c.id == clause_id), None)
