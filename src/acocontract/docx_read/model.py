"""What a Word body holds, as plain data: paragraphs, tables and text boxes in reading order.

Each paragraph keeps its text as spans marked hidden, tracked (inserted, deleted, moved) or
coming from a field or a hyperlink, so a reader chooses what to see: the text as it stands,
as it would be with every change accepted, or with every change rejected (`View`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# The characters this tool's Word writer drops (render/docx/package.py `esc`): XML 1.0 cannot
# hold them. Dropped on reading too, so a value holding one reads back as it was written.
UNWRITABLE = frozenset(
    [*map(chr, range(0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20)), "\ufffe", "\uffff"]
)
_DROP = str.maketrans(dict.fromkeys(UNWRITABLE))
_FIND = re.compile("[" + re.escape("".join(sorted(UNWRITABLE))) + "]")


def drop_unwritable(text: str) -> str:
    """`text` without the characters a Word file cannot hold."""
    return text.translate(_DROP) if _FIND.search(text) else text


class Change(StrEnum):
    """A tracked change that text (or a paragraph mark, or a table row) is part of."""

    NONE = ""
    INSERTED = "inserted"
    DELETED = "deleted"
    MOVED_FROM = "moved from"  # a move's old place: gone once accepted
    MOVED_TO = "moved to"  # a move's new place: there once accepted
    INSERTED_THEN_DELETED = "inserted then deleted"  # in no view


class View(StrEnum):
    """Which text to read from a file holding tracked changes."""

    CURRENT = "current"  # as it stands: insertions in, deletions out, paragraphs as in the file
    ACCEPTED = "accepted"  # every change accepted (paragraphs whose mark is deleted are joined)
    REJECTED = "rejected"  # every change rejected


def shown(change: Change, view: View) -> bool:
    """Whether text with this change is there in the view."""
    if change is Change.NONE:
        return True
    if change is Change.INSERTED_THEN_DELETED:
        return False
    added = change in (Change.INSERTED, Change.MOVED_TO)
    return added if view is not View.REJECTED else not added


@dataclass(frozen=True, slots=True)
class Field:
    """The field a span is the result of: its instruction, as written (`REF GC14_2 \\h`)."""

    instruction: str

    @property
    def kind(self) -> str:
        """The field's type in capitals: REF, PAGEREF, PAGE, TOC, HYPERLINK..."""
        words = self.instruction.split()
        return words[0].upper() if words else ""

    @property
    def target(self) -> str:
        """The bookmark a REF, PAGEREF or NOTEREF field points at ("" for other fields)."""
        words = self.instruction.split()
        if len(words) < 2 or self.kind not in ("REF", "PAGEREF", "NOTEREF"):
            return ""
        return words[1].strip('"')


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: to a bookmark in the document (`anchor`), or out of it (`url`)."""

    anchor: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a paragraph's text with everything that decides whether a reader sees it."""

    text: str
    change: Change = Change.NONE
    hidden: bool = False  # w:vanish, directly or by character or paragraph style
    field: Field | None = None  # the innermost field whose result this is
    link: Link | None = None


@dataclass(frozen=True, slots=True)
class ListItem:
    """A paragraph's place in a Word list (numbering.xml), and the label Word shows for it."""

    num_id: str
    level: int  # 0-based
    format: str  # decimal, lowerLetter, upperRoman, bullet...
    label: str  # "(a)", "1.2", "•"; "" for a level shown without a number


@dataclass(frozen=True, slots=True)
class WordParagraph:
    """One paragraph: its style, list label, text spans and what is anchored in it."""

    index: int  # 1-based, in reading order over every paragraph of the body
    style: str  # style id; the default paragraph style's when none is given
    style_name: str  # the style's name as styles.xml gives it
    spans: tuple[Span, ...]
    item: ListItem | None = None
    mark: Change = Change.NONE  # a tracked change of the paragraph mark itself
    mark_hidden: bool = False
    formatting_changed: bool = False  # w:pPrChange or w:rPrChange: not a change of text
    bookmarks: tuple[str, ...] = ()  # the bookmarks that start in it
    boxes: tuple[TextBox, ...] = ()  # text boxes anchored in it
    notes: tuple[Note, ...] = ()  # footnotes and endnotes referred to from it

    @property
    def label(self) -> str:
        return self.item.label if self.item else ""

    def text(self, view: View = View.CURRENT) -> str:
        """The text a reader sees in the view (hidden text left out, the label too)."""
        return "".join(s.text for s in self.spans if not s.hidden and shown(s.change, view))

    def hidden_text(self, view: View = View.CURRENT) -> str:
        """The hidden text that the view would otherwise hold."""
        return "".join(s.text for s in self.spans if s.hidden and shown(s.change, view))

    def changes(self) -> frozenset[Change]:
        """The kinds of tracked change of text in this paragraph or of its mark."""
        found = {s.change for s in self.spans} | {self.mark}
        return frozenset(found - {Change.NONE})


@dataclass(frozen=True, slots=True)
class TextBox:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote or endnote: Word shows it at the foot of the page or the end."""

    kind: str  # footnote | endnote
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class WordCell:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class WordRow:
    cells: tuple[WordCell, ...]
    change: Change = Change.NONE  # the row inserted or deleted as a tracked change


@dataclass(frozen=True, slots=True)
class WordTable:
    rows: tuple[WordRow, ...]


Block = WordParagraph | WordTable


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A named place in the document and the text (as it stands) that it encloses."""

    name: str
    start: int
    end: int
    stream: str = field(repr=False, compare=False)

    @property
    def text(self) -> str:
        return " ".join(self.stream[self.start : self.end].split())


@dataclass(frozen=True)
class WordDocument:
    """The body of a .docx: its blocks in order, and its bookmarks by name."""

    source: str  # the file, as diagnostics name it
    blocks: tuple[Block, ...]
    bookmarks: Mapping[str, Bookmark]
    unclosed_field: int | None = None  # the paragraph where a field never closed begins

    def paragraphs(self, view: View = View.CURRENT) -> list[WordParagraph]:
        """Every paragraph in reading order: table cells and text boxes included.

        Accepted, a paragraph whose mark is deleted (or moved away) runs on into the next;
        rejected, one whose mark was inserted (or moved here) does. The joined paragraph keeps
        the first one's style, label and index.
        """
        found = list(walk_paragraphs(self.blocks))
        if view is View.CURRENT:
            return found
        out: list[WordParagraph] = []
        head: WordParagraph | None = None  # the first of paragraphs being joined
        carried: tuple[Span, ...] = ()
        for paragraph in found:
            head = head or paragraph
            carried += paragraph.spans
            if shown(paragraph.mark, view):
                out.append(_with_spans(head, carried))
                head, carried = None, ()
        if head is not None:
            out.append(_with_spans(head, carried))
        return out


def _with_spans(paragraph: WordParagraph, spans: tuple[Span, ...]) -> WordParagraph:
    return dataclasses.replace(paragraph, spans=spans, mark=Change.NONE)


def walk_paragraphs(blocks: tuple[Block, ...]) -> Iterator[WordParagraph]:
    """Paragraphs in reading order: a paragraph, then the text boxes anchored in it and the
    notes it refers to; a table row by row, cell by cell."""
    for block in blocks:
        if isinstance(block, WordParagraph):
            yield block
            anchored: list[TextBox | Note] = [*block.boxes, *block.notes]
            for inner in anchored:
                yield from walk_paragraphs(inner.blocks)
        else:
            for row in block.rows:
                for cell in row.cells:
                    yield from walk_paragraphs(cell.blocks)
