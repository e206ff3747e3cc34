"""document.xml's body as blocks: everything Word shows, in reading order.

Content controls, custom XML and smart tags are looked through; tables are read wherever they
are nested; text boxes are read where they are anchored (one branch of `mc:AlternateContent`
only, as Word does), and footnotes and endnotes where they are referred to; a field shows its
result, never its instruction, and complex fields are followed across runs and paragraphs.
Runs are marked hidden or tracked, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from acocontract.docx_read import names as w
from acocontract.docx_read.markup import (
    CHANGES,
    branch,
    looked_through,
    mark_change,
    nested_change,
    paragraph_properties,
    symbol,
    text_boxes,
)
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
    shown,
)
from acocontract.docx_read.numbering import Counter, Numbering
from acocontract.docx_read.parts import Element, Parts
from acocontract.docx_read.styles import Styles, int_value, on_off

_SPACES = {w.TAB, w.PTAB, w.BR, w.CR}
_LOOK_THROUGH = {w.SMART_TAG, w.CUSTOM_XML, w.DIR, w.BDO}
_SHAPES = {w.DRAWING, w.PICT, w.OBJECT}
_NOTES = {w.FOOTNOTE_REFERENCE: "footnote", w.ENDNOTE_REFERENCE: "endnote"}


class _Context(NamedTuple):
    change: Change = Change.NONE
    link: Link | None = None


@dataclass
class _OpenField:
    instruction: list[str] = field(default_factory=list)
    result: Field | None = None  # set at `separate`: from then on text is the field's result


class _Look(NamedTuple):
    """Everything about a span but its text."""

    change: Change
    hidden: bool
    field: Field | None
    link: Link | None


@dataclass
class _Paragraph:
    """A paragraph being read: pieces of text with the same look are joined into one span."""

    style: str
    bookmarks: list[str] = field(default_factory=list)
    boxes: list[TextBox] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    formatting_changed: bool = False
    done: list[Span] = field(default_factory=list)
    look: _Look | None = None
    pieces: list[str] = field(default_factory=list)

    def add(self, text: str, look: _Look) -> None:
        if look != self.look:
            self._flush()
            self.look = look
        self.pieces.append(text)

    def _flush(self) -> None:
        if self.look is not None and self.pieces:
            self.done.append(Span("".join(self.pieces), *self.look))
        self.pieces = []

    def spans(self) -> tuple[Span, ...]:
        self._flush()
        return tuple(self.done)


class BodyReader:
    def __init__(self, parts: Parts, display: str) -> None:
        self.display = display
        self.links = parts.links
        self.styles = Styles(parts.styles)
        self.numbering = Numbering(parts.numbering, self.styles)
        self.counter = Counter(self.numbering)
        self.fields: list[_OpenField] = []
        self.in_instruction = False  # inside some field's instruction: nothing is shown
        self.stream: list[str] = []  # the text as it stands, for bookmarks
        self.length = 0
        self.open_marks: dict[str, tuple[str, int]] = {}  # bookmark id -> (name, start)
        self.marks: dict[str, tuple[int, int]] = {}
        self.waiting_marks: list[str] = []  # started between paragraphs: given to the next
        self.index = 0
        self.hidden_cache: dict[tuple[bool | None, str, str], bool] = {}
        self.body = parts.document.find(w.BODY)
        self.notes: dict[tuple[str, str], Element] = {}  # notes not yet referred to
        for kind, tag in (("footnote", w.FOOTNOTE), ("endnote", w.ENDNOTE)):
            root = parts.notes.get(kind + "s")
            for note in root.iterchildren(tag) if root is not None else ():
                self.notes.setdefault((kind, str(note.get(w.ID))), note)
        self.unclosed_field: int | None = None

    def read(self) -> WordDocument:
        blocks = self.blocks(self.body) if self.body is not None else ()
        stream = "".join(self.stream)
        for name, start in self.open_marks.values():
            self.marks.setdefault(name, (start, self.length))
        bookmarks = {
            name: Bookmark(name, start, end, stream) for name, (start, end) in self.marks.items()
        }
        unclosed = self.unclosed_field if self.fields else None
        return WordDocument(self.display, blocks, bookmarks, unclosed)

    # blocks -----------------------------------------------------------------------------------
    def blocks(self, parent: Element) -> tuple[Block, ...]:
        out: list[Block] = []
        for child in looked_through(parent):
            tag = child.tag
            if tag == w.P:
                out.append(self.paragraph(child))
            elif tag == w.TBL:
                out.append(self.table(child))
            else:
                self.marker(child, None)
        return tuple(out)

    def table(self, element: Element) -> WordTable:
        rows = []
        for row in looked_through(element):
            if row.tag != w.TR:
                self.marker(row, None)
                continue
            cells = []
            for cell in looked_through(row):
                if cell.tag == w.TC:
                    cells.append(WordCell(self.blocks(cell)))
                else:
                    self.marker(cell, None)
            rows.append(WordRow(tuple(cells), mark_change(row.find(w.TR_PR))))
        return WordTable(tuple(rows))

    def marker(self, element: Element, paragraph: _Paragraph | None) -> None:
        """A bookmark's start or end (anything else outside a paragraph has no text)."""
        tag = element.tag
        if tag == w.BOOKMARK_START:
            mark_id, name = element.get(w.ID), element.get(w.NAME)
            if mark_id is None or not name:
                return
            self.open_marks[str(mark_id)] = (str(name), self.length)
            marks = self.waiting_marks if paragraph is None else paragraph.bookmarks
            marks.append(str(name))
        elif tag == w.BOOKMARK_END:
            found = self.open_marks.pop(str(element.get(w.ID)), None)
            if found is not None:
                self.marks.setdefault(found[0], (found[1], self.length))

    # paragraphs -------------------------------------------------------------------------------
    def paragraph(self, element: Element) -> WordParagraph:
        self.index += 1
        index = self.index
        first = element[0] if len(element) else None
        props = paragraph_properties(first if first is not None and first.tag == w.P_PR else None)
        style = props.style or self.styles.default_paragraph
        item = self.list_item(props.numbered, style)
        state = _Paragraph(style, bookmarks=self.waiting_marks)
        self.waiting_marks = []
        state.formatting_changed = props.formatting_changed
        self.inline(element, state, _Context())
        self.stream.append("\n")
        self.length += 1
        return WordParagraph(
            index=index,
            style=style,
            style_name=self.styles.name(style),
            spans=state.spans(),
            item=item,
            mark=props.mark,
            mark_hidden=self.hidden(props.mark_hidden, "", style),
            formatting_changed=state.formatting_changed,
            bookmarks=tuple(state.bookmarks),
            boxes=tuple(state.boxes),
            notes=tuple(state.notes),
        )

    def list_item(self, numbered: Element | None, style: str) -> ListItem | None:
        """The paragraph's list and level: its own w:numPr, else its style's, field by field."""
        num_id: str | None = None
        level: int | None = None
        if numbered is not None:
            found = numbered.find(w.NUM_ID)
            num_id = None if found is None else str(found.get(w.VAL, ""))
            level = int_value(numbered.find(w.ILVL))
        style_num, style_level = self.styles.numbering(style)
        num_id = style_num if num_id is None else num_id
        if not num_id or num_id == "0":
            return None
        if level is None:
            level = style_level
        if level is None:
            level = self.numbering.level_for_style(num_id, style) or 0
        return self.counter.item(num_id, level)

    def inline(self, parent: Element, paragraph: _Paragraph, context: _Context) -> None:
        for child in parent:
            tag = child.tag
            if tag == w.R:
                self.run(child, paragraph, context)
            elif tag in CHANGES:
                change = nested_change(context.change, CHANGES[tag])
                self.inline(child, paragraph, context._replace(change=change))
            elif tag == w.HYPERLINK:
                self.inline(child, paragraph, context._replace(link=self.link(child)))
            elif tag == w.FLD_SIMPLE:
                instruction = " ".join(str(child.get(w.INSTR, "")).split())
                depth = len(self.fields)
                self.fields.append(_OpenField([instruction], Field(instruction)))
                self.inline(child, paragraph, context)
                del self.fields[depth:]
                self.in_instruction = any(f.result is None for f in self.fields)
            elif tag == w.SDT:
                content = child.find(w.SDT_CONTENT)
                if content is not None:
                    self.inline(content, paragraph, context)
            elif tag in _LOOK_THROUGH:
                self.inline(child, paragraph, context)
            elif tag == w.ALTERNATE:
                chosen = branch(child)
                if chosen is not None:
                    self.inline(chosen, paragraph, context)
            elif tag in (w.MATH_O_MATH_PARA, w.MATH_O_MATH):
                for text in child.iter(w.MATH_T):
                    self.text(text.text or "", paragraph, context, False)
            else:
                self.marker(child, paragraph)

    def link(self, element: Element) -> Link:
        anchor = str(element.get(w.ANCHOR, ""))
        url = self.links.get(str(element.get(w.R_ID, "")), "") if element.get(w.R_ID) else ""
        return Link(anchor, url)

    # runs -------------------------------------------------------------------------------------
    def run(self, element: Element, paragraph: _Paragraph, context: _Context) -> None:
        direct: bool | None = None
        char_style = ""
        first = element[0] if len(element) else None
        if first is not None and first.tag == w.R_PR:  # run properties come first
            for prop in first:
                tag = prop.tag
                if tag == w.VANISH and direct is None:
                    direct = on_off(prop)
                elif tag == w.SPEC_VANISH and on_off(prop):
                    direct = True
                elif tag == w.R_STYLE:
                    char_style = str(prop.get(w.VAL, ""))
                elif tag == w.R_PR_CHANGE:
                    paragraph.formatting_changed = True
        hidden = self.hidden(direct, char_style, paragraph.style)
        self.run_content(element, paragraph, context, hidden)

    def hidden(self, direct: bool | None, char_style: str, para_style: str) -> bool:
        key = (direct, char_style, para_style)
        found = self.hidden_cache.get(key)
        if found is None:
            found = self.hidden_cache[key] = self.styles.hidden(direct, char_style, para_style)
        return found

    def run_content(
        self, parent: Element, paragraph: _Paragraph, context: _Context, hidden: bool
    ) -> None:
        for child in parent:
            tag = child.tag
            if tag == w.T:
                self.text(child.text or "", paragraph, context, hidden)
            elif tag == w.DEL_TEXT:
                deleted = context._replace(change=nested_change(context.change, Change.DELETED))
                self.text(child.text or "", paragraph, deleted, hidden)
            elif tag in _SPACES:
                self.text(" ", paragraph, context, hidden)
            elif tag == w.NO_BREAK_HYPHEN:
                self.text("-", paragraph, context, hidden)
            elif tag == w.SYM:
                self.text(symbol(child), paragraph, context, hidden)
            elif tag in (w.INSTR_TEXT, w.DEL_INSTR_TEXT):
                if self.fields and self.fields[-1].result is None:
                    self.fields[-1].instruction.append(child.text or "")
            elif tag == w.FLD_CHAR:
                self.field_char(str(child.get(w.FLD_CHAR_TYPE, "")))
            elif tag == w.ALTERNATE:
                chosen = branch(child)
                if chosen is not None:
                    self.run_content(chosen, paragraph, context, hidden)
            elif tag in _SHAPES:
                for content in text_boxes(child):
                    paragraph.boxes.append(TextBox(self.blocks(content)))
            elif tag in _NOTES:
                kind = _NOTES[tag]
                note = self.notes.pop((kind, str(child.get(w.ID))), None)  # read once only
                if note is not None:
                    paragraph.notes.append(Note(kind, self.blocks(note)))

    def field_char(self, kind: str) -> None:
        if kind == "begin":
            if not self.fields:
                self.unclosed_field = self.index  # where the outermost open field begins
            self.fields.append(_OpenField())
        elif kind == "separate" and self.fields and self.fields[-1].result is None:
            top = self.fields[-1]
            top.result = Field(" ".join("".join(top.instruction).split()))
        elif kind == "end" and self.fields:
            self.fields.pop()
        self.in_instruction = any(f.result is None for f in self.fields)

    def text(self, text: str, paragraph: _Paragraph, context: _Context, hidden: bool) -> None:
        if self.in_instruction:
            return
        text = drop_unwritable(text)
        if not text:
            return
        result = self.fields[-1].result if self.fields else None
        paragraph.add(text, _Look(context.change, hidden, result, context.link))
        if not hidden and shown(context.change, View.CURRENT):
            self.stream.append(text)
            self.length += len(text)


def read_body(parts: Parts, display: str) -> WordDocument:
    return BodyReader(parts, display).read()
