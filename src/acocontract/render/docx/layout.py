"""What the page estimator needs to know of the body, recorded as the body is written.

The Word writer records, next to each paragraph's XML, its style and the text it shows (with
the part shown in bold kept apart, since bold is wider), and each table's rows and column
widths. `pages.py` lays these out to find the page each heading falls on.
"""

from __future__ import annotations

from typing import NamedTuple


class Para(NamedTuple):
    style: str
    text: str  # what the paragraph shows after its bold lead; tabs as "\t"
    lead: str = ""  # a bold start: a paragraph number or a defined term
    anchor: str = ""  # a bookmark whose page the contents list wants
    marker: str = ""  # a list label that Word's numbering draws: "(a)"


class Row(NamedTuple):
    cells: tuple[str, ...]
    bold: bool = False  # a header row, repeated at the top of each page the table runs onto


class TableFlow(NamedTuple):
    widths: tuple[int, ...]  # twips
    rows: tuple[Row, ...]
    header: bool  # the first row is a header


Flow = Para | TableFlow
