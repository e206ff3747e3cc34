"""Which page each heading falls on, estimated without a word processor.

The contents list stores a page number for every entry, so readers show page numbers before
anyone updates fields. To know them, the body is laid out here as LibreOffice lays it out:
lines broken greedily at spaces and after hyphens and dashes, text measured with Arial's
advance widths (Liberation Sans has the same), exact line heights and spacing from the style
table, headings kept with what follows, two-line widow and orphan control, table rows kept
whole with the header row repeated. Tests compare the result with the pages LibreOffice makes;
`--format pdf` goes further and corrects the numbers from LibreOffice's own layout.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from acocontract.render.docx.layout import Flow, Para, TableFlow
from acocontract.render.docx.styles import BODY_HEIGHT, PARAGRAPH_STYLES, TEXT_WIDTH, PStyle, Tab

CELL_MARGIN = 85 * 2  # twips left and right inside a table cell
ROW_EXTRA = 10  # a table row's border, beyond its text
TOP_SPACE = 0  # a paragraph at the top of a page has no spacing above it (as LibreOffice)
DEFAULT_TAB = 567
# A piece of text a line may end after: a run of spaces, a tab, or a word (which may end in a
# hyphen or dash, where a line may break inside a compound).
_PIECES = re.compile(r"\t| +|[^ \t]*?[-\u2010\u2013\u2014/](?=[^ \t\-\u2010\u2013\u2014/])|[^ \t]+")


@lru_cache(maxsize=1)
def _widths() -> dict[str, dict[str, int]]:
    data = json.loads(
        resources.files("acocontract.render.docx").joinpath("widths.json").read_text("utf-8")
    )
    chars: str = data["chars"]
    return {
        variant: dict(zip(chars, data[variant], strict=True))
        for variant in ("regular", "bold", "italic", "bolditalic")
    }


_measured: dict[str, dict[str, int]] = {}  # variant -> text -> font units


def _units(text: str, variant: str) -> int:
    known = _measured.setdefault(variant, {})
    units = known.get(text)
    if units is None:
        table = _widths()[variant]
        units = sum([table.get(c, 1139) for c in text])
        if len(known) < 100_000:
            known[text] = units
    return units


def text_width(text: str, variant: str, size: int) -> float:
    """Twips that `text` takes at `size` half-points in a variant of Arial (not rounded: a line
    that is a fraction of a twip too long does not fit)."""
    return _units(text, variant) * size * 10 / 2048


def _variant(style: PStyle, bold: bool = False) -> str:
    name = ("bold" if bold or style.bold else "") + ("italic" if style.italic else "")
    return name or "regular"


class _Liner:
    """Counts the lines one paragraph takes."""

    def __init__(self, style: PStyle, width: int = TEXT_WIDTH) -> None:
        self.style = style
        self.right = width
        self.x: float = style.left - style.hanging  # the first line starts here
        self.lines = 1
        self.pending: float = 0  # spaces waiting for the next word on the line
        self.align_to = 0  # a right tab's position: the next word ends there

    def tab(self) -> None:
        stops = [t for t in self.style.tabs if t.pos > self.x]
        if self.style.hanging and self.style.left > self.x:
            stops.append(Tab(self.style.left))
        self.pending = 0
        if not stops:
            self.x = (self.x // DEFAULT_TAB + 1) * DEFAULT_TAB
            return
        stop = min(stops)
        if stop.kind == "right":
            self.align_to = stop.pos
        else:
            self.x = stop.pos

    def add(self, text: str, variant: str) -> None:
        # the common case (a word that fits on the line) runs inline, on local variables: this
        # loop runs for every word of the document
        size = self.style.size
        known = _measured.setdefault(variant, {})
        right = self.right
        x, pending = self.x, self.pending
        for piece in _PIECES.findall(text):
            if piece == "\t":
                self.x, self.pending = x, pending
                self.tab()
                x, pending = self.x, self.pending
                continue
            units = known.get(piece)
            if units is None:
                units = _units(piece, variant)
            width = units * size * 10 / 2048
            if piece[0] == " ":
                pending += width
            elif not self.align_to and x + pending + width <= right:
                x += pending + width
                pending = 0
            else:
                self.x, self.pending = x, pending
                self.word(width, piece, variant)
                x, pending = self.x, self.pending
        self.x, self.pending = x, pending

    def word(self, width: float, piece: str, variant: str) -> None:
        if self.align_to:
            if self.x + width <= self.align_to:
                self.x = self.align_to
                self.align_to = 0
                return
            self.align_to = 0
        if self.x + self.pending + width <= self.right:
            self.x += self.pending + width
            self.pending = 0
            return
        self.lines += 1
        self.pending = 0
        self.x = self.style.left
        room = self.right - self.style.left
        if width <= room:
            self.x += width
            return
        for char in piece:  # a word longer than a line breaks anywhere
            step = text_width(char, variant, self.style.size)
            if self.x + step > self.right:
                self.lines += 1
                self.x = self.style.left
            self.x += step


_lines: dict[tuple[Para, PStyle, int], int] = {}


def paragraph_lines(para: Para, style: PStyle, width: int = TEXT_WIDTH) -> int:
    """The lines a paragraph takes (remembered: pagination asks again for paragraphs kept
    with a heading, and a document's paragraphs are laid out again for the PDF)."""
    key = (para, style, width)
    found = _lines.get(key)
    if found is None:
        found = _lines[key] = _count_lines(para, style, width)
        if len(_lines) > 100_000:
            _lines.clear()
    return found


def _count_lines(para: Para, style: PStyle, width: int) -> int:
    liner = _Liner(style, width)
    if para.marker:
        liner.add(para.marker, "regular")
    if para.lead:
        liner.add(para.lead, _variant(style, bold=True))
    liner.add(para.text, _variant(style))
    return liner.lines


def _row_height(cells: Iterable[str], widths: tuple[int, ...], bold: bool) -> int:
    style = PARAGRAPH_STYLES["TableText"]
    tallest = 1
    for text, width in zip(cells, widths, strict=False):
        liner = _Liner(style, width - CELL_MARGIN)
        liner.add(text, "bold" if bold else "regular")
        tallest = max(tallest, liner.lines)
    return tallest * style.line + style.after + ROW_EXTRA


class _Pages:
    """The page being filled: `used` twips of it, the last of which are the spacing below the
    last paragraph (`after`), which LibreOffice overlaps with the next paragraph's spacing
    above it (the larger of the two separates them)."""

    def __init__(self) -> None:
        self.page = 1
        self.used = 0
        self.after = 0
        self.found: dict[str, int] = {}

    def new_page(self) -> None:
        self.page += 1
        self.used = 0
        self.after = 0

    def gap(self, before: int) -> int:
        """The space a paragraph adds above itself here."""
        return max(before - self.after, 0) if self.used else before * TOP_SPACE

    def paragraph(self, lines: int, style: PStyle) -> int:
        """Place a paragraph's lines, splitting it over pages as widow control allows; the
        page it starts on."""
        start = self.page
        while True:
            gap = self.gap(style.before)
            room = BODY_HEIGHT - self.used - gap
            if lines * style.line <= room:
                self.used += gap + lines * style.line + style.after
                self.after = style.after
                return start
            fit = max(0, room // style.line)
            if lines - fit < 2:  # leave two lines for the next page
                fit = lines - 2
            if style.keep_lines or fit < 2:
                fit = 0
            if not self.used:  # a paragraph taller than a page: it has to break somewhere
                fit = max(fit, 1)
            if fit == 0:
                self.new_page()
                start = self.page
                continue
            lines -= fit
            self.new_page()
            style = style._replace(before=0)

    def table(self, table: TableFlow) -> None:
        heights = [_row_height(row.cells, table.widths, row.bold) for row in table.rows]
        header = heights[0] if table.header and heights else 0
        for index, height in enumerate(heights):
            if self.used and self.used + height > BODY_HEIGHT:
                self.new_page()
                if table.header and index > 0:
                    self.used = header
            self.used += height
            self.after = 0


def _start(block: Flow) -> tuple[int, int]:
    """The least of a block that must go with a heading kept with it: its spacing above, and
    the height of its first lines (or rows)."""
    if isinstance(block, TableFlow):
        heights = [_row_height(r.cells, block.widths, r.bold) for r in block.rows[:2]]
        return 0, sum(heights)
    style = PARAGRAPH_STYLES[block.style]
    lines = paragraph_lines(block, style)
    if lines >= 4 and not style.keep_lines:  # it may split, leaving two lines here
        lines = 2
    return style.before, lines * style.line


def _kept(flow: list[Flow], index: int, need: int, after: int) -> int:
    """The height from here to the first lines of the block that ends a chain of paragraphs
    kept with the next (spacing between paragraphs is the larger of the two that meet)."""
    for block in flow[index:]:
        if isinstance(block, Para) and PARAGRAPH_STYLES[block.style].keep_next:
            style = PARAGRAPH_STYLES[block.style]
            need += max(style.before, after) + paragraph_lines(block, style) * style.line
            after = style.after
            continue
        before, height = _start(block)
        return need + max(before, after) + height
    return need


def paginate(flow: list[Flow]) -> tuple[dict[str, int], int]:
    """The page (1 is the cover) on which each anchored paragraph starts, and the number of
    pages."""
    pages = _Pages()
    for index, block in enumerate(flow):
        if isinstance(block, TableFlow):
            pages.table(block)
            continue
        style = PARAGRAPH_STYLES[block.style]
        if style.page_break and (pages.used or pages.page == 1):
            pages.new_page()
        lines = paragraph_lines(block, style)
        if style.keep_next and pages.used:
            need = _kept(flow, index + 1, pages.gap(style.before) + lines * style.line, style.after)
            if pages.used + need > BODY_HEIGHT and need <= BODY_HEIGHT:
                pages.new_page()
        start = pages.paragraph(lines, style)
        if block.anchor:
            pages.found.setdefault(block.anchor, start)
    return pages.found, pages.page
