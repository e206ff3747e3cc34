"""`acocontract compare`: does a contract .docx, perhaps edited by hand, say what the build says?

The file is read (`acocontract.docx_read`) as the text a reader sees, paragraph by paragraph,
so formatting never counts as a difference: content controls, fields' results, text boxes and
tables nested anywhere are read; list numbers are the labels Word shows; hidden text is not
counted as present and is reported as hidden; tracked changes (moves included) are reported.
Its clauses are found by their headings (the body's, not the contents list's), then each
clause's wording is compared with what `build` produces, word by word, after dropping on both
sides the characters a Word file cannot hold.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from acocontract.check import check_file, require
from acocontract.docx_read import (
    Block,
    Note,
    TextBox,
    WordCell,
    WordDocument,
    WordParagraph,
    drop_unwritable,
    read_docx,
)
from acocontract.errors import AcoError, error
from acocontract.redline import Revision, changed_words, diff_runs, entries
from acocontract.tree import Document, Execution

FRONT = "front matter and contents"
EXECUTION = "the execution page"
_TRAILING_CELLS = re.compile(r"(?:\s*\|)+$")  # empty cells that pad a table row


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
class Line:
    """A paragraph (label and text) or a table row (cells joined by |) as compared."""

    text: str  # what a reader sees, whitespace squeezed
    hidden: str  # hidden text in it
    tracked: bool  # holds a tracked change of text, of a paragraph mark or of a row


def normal(text: str) -> str:
    """Text as compared: characters Word cannot hold dropped, whitespace squeezed, the empty
    cells that pad a table row left off."""
    squeezed = " ".join(drop_unwritable(text).split())
    return _TRAILING_CELLS.sub("", squeezed)


def document_lines(document: WordDocument) -> list[Line]:
    out: list[Line] = []
    for block in document.blocks:
        _block_lines(block, out)
    return out


def _block_lines(block: Block, out: list[Line]) -> None:
    if isinstance(block, WordParagraph):
        out.append(_paragraph_line(block))
        anchored: list[TextBox | Note] = [*block.boxes, *block.notes]
        for holder in anchored:  # text boxes, footnotes and endnotes, after their anchor
            for inner in holder.blocks:
                _block_lines(inner, out)
        return
    for row in block.rows:
        cells = [_cell_line(cell) for cell in row.cells]
        out.append(
            Line(
                normal(" | ".join(c.text for c in cells)),
                normal(" ".join(c.hidden for c in cells)),
                bool(row.change) or any(c.tracked for c in cells),
            )
        )


def _paragraph_line(paragraph: WordParagraph) -> Line:
    return Line(
        normal(f"{paragraph.label} {paragraph.text()}"),
        normal(paragraph.hidden_text()),
        bool(paragraph.changes()),
    )


def _cell_line(cell: WordCell) -> Line:
    """A cell's paragraphs, nested tables and text boxes as one piece of a row."""
    inner: list[Line] = []
    for block in cell.blocks:
        _block_lines(block, inner)
    return Line(
        " ".join(line.text for line in inner),
        " ".join(line.hidden for line in inner),
        any(line.tracked for line in inner),
    )


def _expected(document: Document, clause_id: str) -> tuple[list[str], list[str]]:
    """The clause's lines as the .docx shows them, and where each is: its paragraph number
    (GC14.2), a lettered item's with its parent's (GC14.2(b)(i)), or "" when unnumbered."""
    clause = next(c for c in document.clauses() if c.id == clause_id)
    texts: list[str] = []
    wheres: list[str] = []
    parent_key = parent_number = ""
    for entry in entries(clause):
        texts.append(normal(f"{entry.number} {entry.text}"))
        number = normal(entry.number)
        if not number.startswith("("):
            parent_key, parent_number = entry.key, number
            wheres.append(number)
        elif parent_number and entry.key.startswith(parent_key):
            wheres.append(parent_number + entry.key[len(parent_key) :])
        else:
            wheres.append("")
    return texts, wheres


def _hidden(clause: str, label: str, lines: list[Line], wheres: list[str]) -> list[Difference]:
    """Hidden text, counted by numbered paragraph: "GC14.2: 12 words are hidden"."""
    known = sorted((n for n in wheres if n and "(" not in n), key=len, reverse=True)
    words: dict[str, int] = {}
    where = label
    for line in lines:
        where = next((n for n in known if line.text == n or line.text.startswith(n + " ")), where)
        if line.hidden:
            words[where] = words.get(where, 0) + len(line.hidden.split())
    return [
        Difference(clause, at, (), (), f"{n} word{' is' if n == 1 else 's are'} hidden")
        for at, n in words.items()
    ]


def _wording(
    clause: str, where: str, expected: list[str], actual: list[str], wheres: list[str]
) -> Iterator[Difference]:
    """The words removed and added, paragraph by paragraph where the paragraph can be told."""
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 - i1 == j2 - j1:  # as many lines changed as there were: each on its own
            pieces = [
                ([e], [a], [w])
                for e, a, w in zip(expected[i1:i2], actual[j1:j2], wheres[i1:i2], strict=True)
            ]
        else:
            pieces = [(expected[i1:i2], actual[j1:j2], wheres[i1:i2])]
        for old, new, at in pieces:
            number = next((n for n in at if n), "")
            runs = diff_runs("\n".join(old), "\n".join(new), Revision("", ""))
            removed, added = changed_words(runs)
            yield Difference(clause, number or where, tuple(removed), tuple(added))


def compare_document(document: Document, lines: list[Line]) -> Comparison:
    result = Comparison(document.id)
    clauses = document.clauses()
    boundaries = {normal(c.heading) for c in clauses} | {normal(p.title) for p in document.parts}
    execution = normal(document.execution.title) if document.execution else ""
    if execution:
        boundaries.add(execution)
    last: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.text in boundaries:
            last[line.text] = index  # the body's heading comes after the contents list
    starts = sorted(last.values())
    front = lines[: starts[0]] if starts else lines
    if any(line.tracked for line in front):
        result.tracked.append(FRONT)
    result.differences.extend(_hidden("", FRONT, front, []))
    for clause in clauses:
        where = clause.label or clause.id
        heading = normal(clause.heading)
        if heading not in last:
            result.differences.append(Difference(clause.id, where, (), (), "heading not found"))
            continue
        start = last[heading]
        end = next((s for s in starts if s > start), len(lines))
        if any(line.tracked for line in lines[start:end]):
            result.tracked.append(clause.id)
        expected, wheres = _expected(document, clause.id)
        result.differences.extend(_hidden(clause.id, where, lines[start:end], wheres))
        actual = [line.text for line in lines[start + 1 : end] if line.text]
        if expected != actual:
            result.differences.extend(_wording(clause.id, where, expected, actual, wheres))
    if document.execution is not None and execution in last:
        start = last[execution]
        signing = lines[start + 1 :]
        if any(line.tracked for line in signing):
            result.tracked.append(EXECUTION)
        expected = _signing_lines(document.execution)
        actual = [line.text for line in signing if line.text]
        if expected != actual:
            where = EXECUTION
            result.differences.extend(_wording("", where, expected, actual, [""] * len(expected)))
    return result


def _signing_lines(execution: Execution) -> list[str]:
    """The execution page's lines as the .docx shows them: who signs, and the lines to sign."""
    out = [normal(execution.text)]
    for block in execution.blocks:
        out += [
            normal(f"{block.form} ({block.role})"),
            "Signature",
            normal(f"Name {block.name}"),
            normal(f"Position {block.position}"),
            "Date",
        ]
    return out


def compare(profile_path: Path, docx_path: Path) -> Comparison:
    """Compare a .docx with the document of the same title that the profile builds."""
    documents = require(check_file(profile_path)).assemble()
    shown = docx_path.as_posix()
    word = read_docx(docx_path, shown)
    lines = document_lines(word)
    texts = {line.text for line in lines}
    candidates = [d for d in documents if normal(d.title) in texts]
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
    best = max(candidates, key=lambda d: sum(normal(c.heading) in texts for c in d.clauses()))
    result = compare_document(best, lines)
    if word.unclosed_field is not None:
        note = (
            f"a field begun in paragraph {word.unclosed_field} is never closed: the text after "
            "it reads as the field's instruction and is not compared"
        )
        result.differences.append(Difference("", "the file", (), (), note))
    return result
