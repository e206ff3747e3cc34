"""Read any .docx (Word, LibreOffice, python-docx, this tool) safely into a plain model of its body.

    document = read_docx("contract.docx")
    for paragraph in document.paragraphs():          # reading order, tables and boxes included
        paragraph.label                              # "(a)": Word's list label, from numbering.xml
        paragraph.text()                             # as it stands: insertions in, deletions out
        paragraph.text(View.REJECTED)                # with every tracked change rejected
        paragraph.hidden_text(), paragraph.changes() # what is hidden; which changes it holds
    document.paragraphs(View.ACCEPTED)               # paragraphs as Accept All leaves them
    document.bookmarks["GC14_2"].text                # the text a bookmark encloses

Safety first: the file is read up to a cap, an OLE (encrypted or legacy) file and a zip with
unsupported compression are refused, every part is inflated within a size, total and ratio
bound checked as it inflates, and XML may not declare a DTD or entities. Every refusal is an
`AcoError` with a located diagnostic (`not-a-docx`, `encrypted-docx`, `docx-compression`,
`corrupt-docx`, `docx-too-large`, `zip-bomb`, `docx-dtd`, `docx-xml`, `docx-strict`,
`cannot-read`).

The model (`acocontract.docx_read.model`) holds the body's blocks in reading order: paragraphs
(style, list label, text spans marked hidden, tracked, or from a field or a link, bookmarks,
anchored text boxes and footnotes) and tables (nested anywhere).
"""

from __future__ import annotations

import os

from acocontract.docx_read.archive import Archive, Limits, read_file
from acocontract.docx_read.body import read_body
from acocontract.docx_read.model import (
    Block,
    Bookmark,
    Change,
    Field,
    Link,
    ListItem,
    Note,
    Span,
    TextBox,
    View,
    WordCell,
    WordDocument,
    WordParagraph,
    WordRow,
    WordTable,
    drop_unwritable,
    walk_paragraphs,
)
from acocontract.docx_read.parts import read_parts

__all__ = [
    "Block",
    "Bookmark",
    "Change",
    "Field",
    "Limits",
    "Link",
    "ListItem",
    "Note",
    "Span",
    "TextBox",
    "View",
    "WordCell",
    "WordDocument",
    "WordParagraph",
    "WordRow",
    "WordTable",
    "drop_unwritable",
    "read_docx",
    "read_docx_bytes",
    "walk_paragraphs",
]


def read_docx(
    path: os.PathLike[str] | str, display: str | None = None, limits: Limits | None = None
) -> WordDocument:
    """Read a .docx file's body; `display` names the file in diagnostics (default: the path)."""
    shown = display if display is not None else os.fspath(path)
    limits = limits or Limits()
    return read_docx_bytes(read_file(path, shown, limits), shown, limits)


def read_docx_bytes(data: bytes, display: str, limits: Limits | None = None) -> WordDocument:
    """Read a .docx held in memory."""
    archive = Archive(data, display, limits or Limits())
    return read_body(read_parts(archive), display)
