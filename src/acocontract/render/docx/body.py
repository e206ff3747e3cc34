"""The document body as WordprocessingML, written as text in one pass (no python-docx: its
`add_paragraph` rescans the body on every call and slows down as a contract grows).

Word-native structure: lettered items are Word lists (numbering.xml); every clause and
paragraph number is bookmarked, and cross-references are REF fields to those bookmarks whose
stored result is the number; the contents list is a TOC field whose entries carry PAGEREF
fields with the page numbers the estimator finds (`pages.py`). Redline blocks are tracked
whole, paragraph mark and number included, so Accept All and Reject All leave no empty
paragraph behind.
"""

from __future__ import annotations

import re

from acocontract.render.base import Translator
from acocontract.render.docx.layout import Flow, Para, Row, TableFlow
from acocontract.render.docx.package import esc
from acocontract.render.docx.styles import TEXT_WIDTH
from acocontract.tree import (
    Banner,
    Change,
    Clause,
    Contents,
    Cover,
    Definition,
    Deletion,
    Document,
    Execution,
    Heading,
    Insertion,
    Item,
    Note,
    NotUsed,
    Paragraph,
    Part,
    Placeholder,
    Ref,
    Run,
    SignatureBlock,
    Table,
    Term,
    Text,
    plain,
)

_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")

_LIST_STYLES = ("ClauseListLevel1", "ClauseListLevel2", "ClauseListLevel3", "ClauseListLevel4")
_PLACEHOLDER = (
    '<w:rPr><w:rStyle w:val="Placeholder"/>'
    '<w:shd w:val="clear" w:color="auto" w:fill="FFF3B0"/></w:rPr>'
)
_BOLD = "<w:rPr><w:b/></w:rPr>"


def bookmark(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and _, starting with a letter."""
    name = _BOOKMARK.sub("_", anchor)
    if not name[:1].isalpha():
        name = "b" + name
    return name[:40]


def field(instruction: str, result: str) -> str:
    """A complex field (begin, instruction, separate, stored result, end)."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def text_run(text: str, props: str = "", *, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    if "\t" not in text:
        return f'<w:r>{props}<{tag} xml:space="preserve">{esc(text)}</{tag}></w:r>'
    pieces = text.split("\t")
    inner = "<w:tab/>".join(
        f'<{tag} xml:space="preserve">{esc(p)}</{tag}>' if p else "" for p in pieces
    )
    return f"<w:r>{props}{inner}</w:r>"


def _targets(document: Document) -> set[str]:
    """Every clause and numbered paragraph the document itself holds."""
    found: set[str] = set()
    for clause in document.clauses():
        found.add(clause.id)
        found.update(b.anchor for b in clause.blocks if isinstance(b, Paragraph | NotUsed))
    return found


def style_props(style: str) -> str:
    return f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>'


class DocxTranslator(Translator):
    def __init__(self, document: Document) -> None:
        self.parts: list[str] = []
        self.flow: list[Flow] = []
        self.next_id = 1
        self.lists = 0  # Word list instances made (one per run of items)
        self.bookmarks: set[str] = set()
        self.date = document.date
        self.track = ""  # the attributes of the tracked change content is written in, if any
        self.track_tag = ""  # "w:ins" or "w:del"
        self.deleted = False  # inside a deletion: text is w:delText, no links or fields
        self.toc_at = -1  # where the contents list goes in `parts`, once pages are known
        self.toc: Contents | None = None
        self.targets = _targets(document)  # what a cross-reference can point to here

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    # tracked changes ------------------------------------------------------------------------
    def revision(self, change: Change | Insertion | Deletion) -> str:
        """Who made a change and when (no date when it has none); each element that carries
        it gets its own id."""
        author = esc(change.author or "acocontract")
        date = f' w:date="{change.date}T00:00:00Z"' if change.date else ""
        return f'w:author="{author}"{date}'

    def wrap(self, runs_xml: str) -> str:
        """Runs inside the tracked change being written (a hyperlink wraps its own runs)."""
        if not self.track or not runs_xml:
            return runs_xml
        tag = self.track_tag
        return f'<{tag} w:id="{self.new_id()}" {self.track}>{runs_xml}</{tag}>'

    def tracking(self, change: Change | None) -> tuple[str, str, bool]:
        """Start writing inside a whole-block change; returns the state to restore."""
        saved = (self.track, self.track_tag, self.deleted)
        if change is not None:
            self.track = self.revision(change)
            self.track_tag = f"w:{change.kind}"
            self.deleted = change.kind == "del"
        return saved

    def restore(self, saved: tuple[str, str, bool]) -> None:
        self.track, self.track_tag, self.deleted = saved

    def mark(self, change: Change | None) -> str:
        """The paragraph mark's own change, in the paragraph properties."""
        if change is None:
            return ""
        return f'<w:rPr><w:{change.kind} w:id="{self.new_id()}" {self.revision(change)}/></w:rPr>'

    # paragraphs -----------------------------------------------------------------------------
    def paragraph(self, style: str, content: str, ppr: str = "", mark: str = "") -> None:
        self.parts.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}{mark}</w:pPr>{content}</w:p>'
        )

    def bookmarked(self, anchor: str, content: str) -> str:
        """`content` inside a bookmark named for `anchor` (once: a name is never reused)."""
        name = bookmark(anchor) if anchor else ""
        if not name or name in self.bookmarks or self.deleted:
            return content
        self.bookmarks.add(name)
        bid = self.new_id()
        return (
            f'<w:bookmarkStart w:id="{bid}" w:name="{name}"/>{content}<w:bookmarkEnd w:id="{bid}"/>'
        )

    def lead(self, number: str, anchor: str) -> str:
        """A paragraph's number, bold and bookmarked, then the tab to the text."""
        number_xml = self.wrap(text_run(number, _BOLD, deleted=self.deleted))
        return self.bookmarked(anchor, number_xml) + self.wrap(text_run("\t", deleted=self.deleted))

    # runs: each returns its XML -------------------------------------------------------------
    def runs(self, runs: tuple[Run, ...]) -> str:
        if self.track:
            return "".join([self.visit(run) for run in runs])
        visit = self.visit
        return "".join(
            [
                f'<w:r><w:t xml:space="preserve">{esc(run.text)}</w:t></w:r>'
                if type(run) is Text and "\t" not in run.text
                else visit(run)
                for run in runs
            ]
        )

    def visit_Text(self, run: Text) -> str:
        return self.wrap(text_run(run.text, deleted=self.deleted))

    def visit_Ref(self, run: Ref) -> str:
        """The literal words, then a REF field showing the target's bookmarked number, all
        inside a link to it (so it works as a link where fields are not updated)."""
        props = style_props("CrossReference")
        if self.deleted or run.target not in self.targets:  # a redline shows some clauses only
            return self.wrap(text_run(run.text, props, deleted=self.deleted))
        name = bookmark(run.target)
        prefix = text_run(run.prefix, props) if run.prefix else ""
        shown = field(f"REF {name} \\h", text_run(run.number, props))
        link = self.wrap(prefix + shown)
        return f'<w:hyperlink w:anchor="{name}" w:history="1">{link}</w:hyperlink>'

    def visit_Term(self, run: Term) -> str:
        return self.wrap(text_run(run.text, style_props("DefinedTerm"), deleted=self.deleted))

    def visit_Placeholder(self, run: Placeholder) -> str:
        return self.wrap(text_run(run.text, _PLACEHOLDER, deleted=self.deleted))

    def visit_Insertion(self, run: Insertion) -> str:
        saved = (self.track, self.track_tag, self.deleted)
        self.track, self.track_tag = self.revision(run), "w:ins"
        try:
            return self.runs(run.runs)
        finally:
            self.restore(saved)

    def visit_Deletion(self, run: Deletion) -> str:
        saved = (self.track, self.track_tag, self.deleted)
        self.track, self.track_tag, self.deleted = self.revision(run), "w:del", True
        try:
            return self.runs(run.runs)
        finally:
            self.restore(saved)

    # structure ------------------------------------------------------------------------------
    def visit_Document(self, document: Document) -> None:
        self.visit(document.cover)
        if document.banner:
            self.visit(document.banner)
        self.visit(document.contents)
        self.visit_all(document.parts)
        if document.execution:
            self.visit(document.execution)

    def visit_Cover(self, cover: Cover) -> None:
        self.paragraph("Title", text_run(cover.title))
        self.paragraph("Subtitle", text_run(cover.subtitle))
        self.paragraph("EditionNote", text_run(cover.edition_note))
        self.flow += [
            Para("Title", cover.title),
            Para("Subtitle", cover.subtitle),
            Para("EditionNote", cover.edition_note),
        ]
        if not cover.parties:
            return
        self.paragraph("CoverLabel", text_run("Between"))
        self.flow.append(Para("CoverLabel", "Between"))
        for party in cover.parties:
            role = f" ({party.role})"
            self.paragraph("CoverParty", text_run(party.name, _BOLD) + text_run(role))
            self.flow.append(Para("CoverParty", role, party.name))
        dated = cover.dated or "\t"
        self.paragraph("CoverDated", text_run("Dated\t") + text_run(dated))
        self.flow.append(Para("CoverDated", "Dated\t" + dated))

    def visit_Banner(self, banner: Banner) -> None:
        """The draft banner is the page header of every page (see package.py), not body text."""

    def visit_Contents(self, contents: Contents) -> None:
        self.paragraph("TOCHeading", text_run(contents.title))
        self.flow.append(Para("TOCHeading", contents.title))
        self.toc_at = len(self.parts)
        self.toc = contents
        self.parts.append("")  # written once the pages are known: see `contents_xml`
        for entry in contents.entries:
            self.flow.append(Para(f"TOC{entry.level}", entry.text + "\t000"))

    def contents_xml(self, pages: dict[str, int]) -> str:
        """The contents list: a TOC field whose stored result has each entry's page number
        (a PAGEREF field), so readers show page numbers without updating fields."""
        assert self.toc is not None
        out = []
        last = len(self.toc.entries) - 1
        for index, entry in enumerate(self.toc.entries):
            name = bookmark(entry.anchor)
            number = field(f"PAGEREF {name} \\h", text_run(str(pages.get(entry.anchor, 1))))
            link = (
                f'<w:hyperlink w:anchor="{name}" w:history="1">'
                f"{text_run(entry.text + chr(9))}{number}</w:hyperlink>"
            )
            begin = end = ""
            if index == 0:
                begin = (
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                    'xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                )
            if index == last:  # the field ends in the last entry: no empty paragraph after it
                end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            out.append(
                f'<w:p><w:pPr><w:pStyle w:val="TOC{entry.level}"/></w:pPr>{begin}{link}{end}</w:p>'
            )
        return "".join(out)

    def visit_Part(self, part: Part) -> None:
        anchor = "part-" + part.id
        self.paragraph("Heading1", self.bookmarked(anchor, text_run(part.title)))
        self.flow.append(Para("Heading1", part.title, anchor=anchor))
        if part.banner:
            self.visit(part.banner)
        self.visit_all(part.clauses)

    def visit_Clause(self, clause: Clause) -> None:
        style = "Heading2" if clause.included else "Heading2NotUsed"
        saved = self.tracking(clause.change)
        if clause.label and clause.label != clause.title:
            label = self.wrap(text_run(clause.label, deleted=self.deleted))
            rest = self.wrap(text_run(" " + clause.title, deleted=self.deleted))
            content = self.bookmarked(clause.id, label) + rest
        else:
            content = self.bookmarked(clause.id, self.wrap(text_run(clause.heading)))
        self.paragraph(style, content, mark=self.mark(clause.change))
        self.restore(saved)
        self.flow.append(Para(style, clause.heading, anchor=clause.id))
        self.visit_all(clause.blocks)

    def visit_Execution(self, execution: Execution) -> None:
        title = self.bookmarked(execution.anchor, text_run(execution.title))
        self.paragraph("Heading1", title)
        self.paragraph("BodyText", text_run(execution.text))
        self.flow += [
            Para("Heading1", execution.title, anchor=execution.anchor),
            Para("BodyText", execution.text),
        ]
        self.visit_all(execution.blocks)

    def visit_SignatureBlock(self, block: SignatureBlock) -> None:
        role = f" ({block.role})"
        self.paragraph("SignatureParty", text_run(block.form, _BOLD) + text_run(role))
        self.flow.append(Para("SignatureParty", role, block.form))
        lines = (
            ("Signature", "", "SignatureLine"),
            ("Name", block.name, "SignatureLine"),
            ("Position", block.position, "SignatureLine"),
            ("Date", "", "SignatureLast"),
        )
        for label, value, style in lines:
            text = f"{label}\t{value}" if value else f"{label}\t\t"
            self.paragraph(style, text_run(text))
            self.flow.append(Para(style, text))

    # blocks ---------------------------------------------------------------------------------
    def visit_Heading(self, heading: Heading) -> None:
        saved = self.tracking(heading.change)
        content = self.wrap(text_run(heading.text, deleted=self.deleted))
        self.paragraph("Heading3", content, mark=self.mark(heading.change))
        self.restore(saved)
        self.flow.append(Para("Heading3", heading.text))

    def visit_Note(self, note: Note) -> None:
        saved = self.tracking(note.change)
        content = self.wrap(text_run(note.text, deleted=self.deleted))
        self.paragraph("Note", content, mark=self.mark(note.change))
        self.restore(saved)
        self.flow.append(Para("Note", note.text))

    def visit_Definition(self, definition: Definition) -> None:
        saved = self.tracking(definition.change)
        term = self.wrap(text_run(definition.term.text, _BOLD, deleted=self.deleted))
        space = self.wrap(text_run(" ", deleted=self.deleted))
        content = term + space + self.runs(definition.runs)
        self.paragraph("Definition", content, mark=self.mark(definition.change))
        self.restore(saved)
        text = " " + plain(definition.runs, deleted=True)
        self.flow.append(Para("Definition", text, definition.term.text))

    def visit_NotUsed(self, block: NotUsed) -> None:
        saved = self.tracking(block.change)
        content = self.wrap(text_run(block.text, deleted=self.deleted))
        if block.number:
            content = self.lead(block.number, block.anchor) + content
        self.paragraph("NotUsed", content, mark=self.mark(block.change))
        self.restore(saved)
        lead = block.number + "\t" if block.number else ""
        self.flow.append(Para("NotUsed", block.text, lead, anchor=block.anchor))

    def visit_Paragraph(self, block: Paragraph) -> None:
        saved = self.tracking(block.change)
        mark = self.mark(block.change)
        text = plain(block.runs, deleted=True)
        if block.number:
            content = self.lead(block.number, block.anchor) + self.runs(block.runs)
            self.paragraph("ClauseText", content, mark=mark)
            self.flow.append(Para("ClauseText", text, block.number + "\t", block.anchor))
        else:
            self.paragraph("BodyText", self.runs(block.runs), mark=mark)
            self.flow.append(Para("BodyText", text))
        self.restore(saved)
        if block.items:
            self.lists += 1
            self.items(block.items, self.lists)

    def items(self, items: tuple[Item, ...], list_id: int) -> None:
        for item in items:
            level = min(item.level, len(_LIST_STYLES) - 1)
            saved = self.tracking(item.change)
            numbering = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{list_id}"/></w:numPr>'
            mark = self.mark(item.change)
            self.paragraph(_LIST_STYLES[level], self.runs(item.runs), numbering, mark)
            self.restore(saved)
            text = plain(item.runs, deleted=True)
            self.flow.append(Para(_LIST_STYLES[level], text, marker=item.marker + "\t"))
            self.items(item.items, list_id)

    def visit_Item(self, item: Item) -> None:
        """Items are written with their paragraph (one Word list per paragraph's items)."""
        self.lists += 1
        self.items((item,), self.lists)

    def visit_Table(self, table: Table) -> None:
        weights = table.widths or (1,) * table.columns
        cols = tuple(TEXT_WIDTH * w // sum(weights) for w in weights)
        saved = self.tracking(table.change)
        rows = []
        flow = []
        if table.header:
            cells = [text_run(h, _BOLD, deleted=self.deleted) for h in table.header]
            rows.append(self.row([self.wrap(c) for c in cells], cols, table.change, header=True))
            flow.append(Row(tuple(table.header), bold=True))
        self.restore(saved)
        for index, row in enumerate(table.rows):
            change = table.row_change(index)
            saved = self.tracking(change)
            rows.append(self.row([self.runs(cell) for cell in row], cols, change))
            self.restore(saved)
            flow.append(Row(tuple(plain(cell, deleted=True) for cell in row)))
        grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
        self.parts.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="ContractTable"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )
        self.flow.append(TableFlow(cols, tuple(flow), bool(table.header)))
        self.paragraph("TableSpacer", "")
        self.flow.append(Para("TableSpacer", ""))

    def row(
        self, cells: list[str], cols: tuple[int, ...], change: Change | None, header: bool = False
    ) -> str:
        props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
        if change is not None:
            props += f'<w:{change.kind} w:id="{self.new_id()}" {self.revision(change)}/>'
        mark = self.mark(change)
        xml = "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/>{mark}</w:pPr>{content}</w:p></w:tc>'
            for content, width in zip(cells + [""] * (len(cols) - len(cells)), cols, strict=True)
        )
        return f"<w:tr><w:trPr>{props}</w:trPr>{xml}</w:tr>"
