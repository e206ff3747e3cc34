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
from typing import Any

from acocontract.library import Edition
from acocontract.tree import (
    Banner,
    Change,
    Clause,
    Definition,
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    Note,
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


def _atoms(runs: Sequence[Run]) -> list[tuple[object, Run]]:
    """Runs cut into comparable atoms: text into tokens, while a defined term, a reference or a
    placeholder stays whole (it is changed or kept as one)."""
    out: list[tuple[object, Run]] = []
    for run in runs:
        if isinstance(run, Text):
            out.extend((token, Text(token)) for token in tokens(run.text))
        else:
            out.append(((type(run).__name__, run), run))
    return out


def _joined(runs: Sequence[Run]) -> list[Run]:
    """Adjacent text runs joined into one."""
    out: list[Run] = []
    for run in runs:
        if out and type(run) is Text and type(out[-1]) is Text:
            out[-1] = Text(out[-1].text + run.text)
        else:
            out.append(run)
    return out


def _blank(atoms: Sequence[tuple[object, Run]]) -> bool:
    return all(isinstance(run, Text) and not run.text.strip() for _, run in atoms)


def diff_run_lists(old: Sequence[Run], new: Sequence[Run], revision: Revision) -> tuple[Run, ...]:
    """Word-level difference of two run lists, keeping terms and references as they are."""
    a, b = _atoms(old), _atoms(new)
    matcher = difflib.SequenceMatcher(None, [k for k, _ in a], [k for k, _ in b], autojunk=False)
    # (equal?, old atoms, new atoms); a lone space between two changes joins them, so a
    # rewritten phrase reads as one deletion and one insertion, not word-by-word confetti
    pieces = [(tag == "equal", a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    merged: list[tuple[bool, list[tuple[object, Run]], list[tuple[object, Run]]]] = []
    for index, (equal, old_atoms, new_atoms) in enumerate(pieces):
        between = 0 < index < len(pieces) - 1 and not pieces[index + 1][0]
        if equal and between and _blank(old_atoms) and merged and not merged[-1][0]:
            equal = False
        if merged and not equal and not merged[-1][0]:
            _, old_before, new_before = merged.pop()
            merged.append((False, old_before + old_atoms, new_before + new_atoms))
        else:
            merged.append((equal, list(old_atoms), list(new_atoms)))
    runs: list[Run] = []
    for equal, old_atoms, new_atoms in merged:
        if equal:
            runs.extend(run for _, run in new_atoms)
            continue
        if old_atoms:
            gone = tuple(_joined([run for _, run in old_atoms]))
            runs.append(Deletion(gone, revision.author, revision.date))
        if new_atoms:
            added = tuple(_joined([run for _, run in new_atoms]))
            runs.append(Insertion(added, revision.author, revision.date))
    return tuple(_joined(runs))


def diff_runs(old: str, new: str, revision: Revision) -> tuple[Run, ...]:
    """Word-level difference of two texts as runs (equal text, deletions, insertions)."""
    return diff_run_lists((Text(old),), (Text(new),), revision)


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


SIMILAR = 0.5  # below this share of words in common, a paragraph is replaced whole


def _similar(old: str, new: str) -> bool:
    if not old or not new:
        return old == new
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return matcher.ratio() >= SIMILAR


def whole(block: Any, change: Change) -> Any:
    """A block added or removed whole (its items and rows with it)."""
    if isinstance(block, Paragraph | Item):
        return block._replace(change=change, items=tuple(whole(i, change) for i in block.items))
    return block._replace(change=change)


def _key(block: Any, index: int) -> object:
    """What identifies a block across the two versions of a clause."""
    if isinstance(block, Paragraph | NotUsed) and block.anchor:
        return ("numbered", block.anchor)
    if isinstance(block, Definition):
        return ("definition", block.term.term)
    if isinstance(block, Table):
        return ("table", block.header)
    return (type(block).__name__, block_text(block))


def block_text(block: Any) -> str:
    if isinstance(block, Paragraph):
        return plain(block.runs)
    if isinstance(block, NotUsed | Heading | Note):
        return block.text
    if isinstance(block, Definition):
        return f"{block.term.text} {plain(block.runs)}"
    if isinstance(block, Table):
        return "\n".join(" | ".join(plain(cell) for cell in row) for row in block.rows)
    return ""


class _Differ:
    def __init__(self, revision: Revision) -> None:
        self.revision = revision
        self.deleted = Change("del", revision.author, revision.date)
        self.inserted = Change("ins", revision.author, revision.date)

    def replaced(self, old: Any, new: Any) -> list[Any]:
        return [whole(old, self.deleted), whole(new, self.inserted)]

    def blocks(self, old: Sequence[Any], new: Sequence[Any]) -> list[Any]:
        a = [_key(b, i) for i, b in enumerate(old)]
        b = [_key(b, i) for i, b in enumerate(new)]
        out: list[Any] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                    out.extend(self.block(before, after))
                continue
            out.extend(whole(block, self.deleted) for block in old[i1:i2])
            out.extend(whole(block, self.inserted) for block in new[j1:j2])
        return out

    def block(self, old: Any, new: Any) -> list[Any]:
        """One block against its counterpart: unchanged, changed word by word, or replaced."""
        if old == new:
            return [new]
        if type(old) is not type(new) or not _similar(block_text(old), block_text(new)):
            return self.replaced(old, new)
        if isinstance(new, Paragraph):
            runs = diff_run_lists(old.runs, new.runs, self.revision)
            return [new._replace(runs=runs, items=self.items(old.items, new.items))]
        if isinstance(new, Definition):
            return [new._replace(runs=diff_run_lists(old.runs, new.runs, self.revision))]
        if isinstance(new, Table):
            return [self.table(old, new)]
        return self.replaced(old, new)

    def items(self, old: tuple[Item, ...], new: tuple[Item, ...]) -> tuple[Item, ...]:
        a = [plain(i.runs) for i in old]
        b = [plain(i.runs) for i in new]
        out: list[Item] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                    out.append(after._replace(items=self.items(before.items, after.items)))
                continue
            pairs = list(zip(old[i1:i2], new[j1:j2], strict=False)) if tag == "replace" else []
            similar = len(pairs) == i2 - i1 == j2 - j1 and all(
                _similar(plain(x.runs), plain(y.runs)) for x, y in pairs
            )
            if similar:
                for before, after in pairs:
                    runs = diff_run_lists(before.runs, after.runs, self.revision)
                    inner = self.items(before.items, after.items)
                    out.append(after._replace(runs=runs, items=inner))
                continue
            out.extend(whole(item, self.deleted) for item in old[i1:i2])
            out.extend(whole(item, self.inserted) for item in new[j1:j2])
        return tuple(out)

    def table(self, old: Table, new: Table) -> Table:
        a = [" | ".join(plain(c) for c in row) for row in old.rows]
        b = [" | ".join(plain(c) for c in row) for row in new.rows]
        rows: list[tuple[tuple[Run, ...], ...]] = []
        changes: list[Change | None] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                rows.extend(new.rows[j1:j2])
                changes.extend([None] * (j2 - j1))
                continue
            rows.extend(old.rows[i1:i2])
            changes.extend([self.deleted] * (i2 - i1))
            rows.extend(new.rows[j1:j2])
            changes.extend([self.inserted] * (j2 - j1))
        return new._replace(rows=tuple(rows), row_changes=tuple(changes))


def redline_clause(old: Clause | None, new: Clause | None, revision: Revision) -> Clause:
    """A clause showing `old` against `new` in the contract's own form (numbers, items, terms,
    references); either may be missing, when the clause was added or removed whole."""
    differ = _Differ(revision)
    if old is None or new is None:
        shown = new or old
        assert shown is not None
        change = differ.inserted if old is None else differ.deleted
        blocks = tuple(whole(block, change) for block in shown.blocks)
        return shown._replace(blocks=blocks, change=change, included=True, reason="")
    title = new.title
    if old.title != new.title:
        title = f"{new.title} (formerly {old.title})"
    blocks = tuple(differ.blocks(old.blocks, new.blocks))
    return new._replace(title=title, blocks=blocks, included=True, reason="")


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
