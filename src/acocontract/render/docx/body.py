"""The document body as WordprocessingML, written as text in one pass (no python-docx: its
`add_paragraph` rescans the body on every call and slows down as a contract grows)."""

from __future__ import annotations

import re

from acocontract.render.base import Translator
from acocontract.render.docx.package import esc
from acocontract.render.docx.styles import R_NS, W_NS, XML_HEAD
from acocontract.tree import (
    Banner,
    Clause,
    Contents,
    Cover,
    Definition,
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    NotUsed,
    Paragraph,
    Part,
    Placeholder,
    Ref,
    Run,
    Table,
    Term,
    Text,
)

_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")
TEXT_WIDTH = 9026  # twips between the margins of an A4 page
_LIST_STYLES = ("ClauseListLevel1", "ClauseListLevel2")
_TOC_FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
)


def bookmark(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and _, starting with a letter."""
    name = _BOOKMARK.sub("_", anchor)
    if not name[:1].isalpha():
        name = "b" + name
    return name[:40]


def text_run(text: str, style: str = "", *, deleted: bool = False, bold: bool = False) -> str:
    props = ""
    if style or bold:
        props = "<w:rPr>"
        if style:
            props += f'<w:rStyle w:val="{style}"/>'
        if bold:
            props += "<w:b/>"
        props += "</w:rPr>"
    tag = "w:delText" if deleted else "w:t"
    if "\t" not in text:
        return f'<w:r>{props}<{tag} xml:space="preserve">{esc(text)}</{tag}></w:r>'
    pieces = text.split("\t")
    inner = "<w:tab/>".join(f'<{tag} xml:space="preserve">{esc(p)}</{tag}>' for p in pieces)
    return f"<w:r>{props}{inner}</w:r>"


class DocxTranslator(Translator):
    def __init__(self, document: Document) -> None:
        self.parts: list[str] = []
        self.next_id = 1
        self.deleted = False  # inside a deletion: text is w:delText and links are not made
        self.date = document.date

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def paragraph(self, style: str, content: str, anchor: str = "") -> None:
        start = end = ""
        if anchor:
            bid = self.new_id()
            start = f'<w:bookmarkStart w:id="{bid}" w:name="{bookmark(anchor)}"/>'
            end = f'<w:bookmarkEnd w:id="{bid}"/>'
        self.parts.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{start}{content}{end}</w:p>'
        )

    # runs: each returns its XML -------------------------------------------------------------
    def runs(self, runs: tuple[Run, ...]) -> str:
        if self.deleted:
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
        return text_run(run.text, deleted=self.deleted)

    def visit_Ref(self, run: Ref) -> str:
        link = text_run(run.text, "CrossReference", deleted=self.deleted)
        if self.deleted:
            return link
        return f'<w:hyperlink w:anchor="{bookmark(run.target)}" w:history="1">{link}</w:hyperlink>'

    def visit_Term(self, run: Term) -> str:
        return text_run(run.text, "DefinedTerm", deleted=self.deleted)

    def visit_Placeholder(self, run: Placeholder) -> str:
        return text_run(run.text, "Placeholder", deleted=self.deleted)

    def _revision(self, author: str, date: str) -> str:
        stamp = f"{date or self.date}T00:00:00Z"
        return f'w:id="{self.new_id()}" w:author="{esc(author or "acocontract")}" w:date="{stamp}"'

    def visit_Insertion(self, run: Insertion) -> str:
        return f"<w:ins {self._revision(run.author, run.date)}>{self.runs(run.runs)}</w:ins>"

    def visit_Deletion(self, run: Deletion) -> str:
        attrs = self._revision(run.author, run.date)
        outer, self.deleted = self.deleted, True
        try:
            return f"<w:del {attrs}>{self.runs(run.runs)}</w:del>"
        finally:
            self.deleted = outer

    # structure ------------------------------------------------------------------------------
    def visit_Document(self, document: Document) -> None:
        self.visit(document.cover)
        if document.banner:
            self.visit(document.banner)
        self.visit(document.contents)
        self.visit_all(document.parts)

    def visit_Cover(self, cover: Cover) -> None:
        self.paragraph("Title", text_run(cover.title))
        self.paragraph("Subtitle", text_run(cover.subtitle))
        self.paragraph("EditionNote", text_run(cover.edition_note))

    def visit_Banner(self, banner: Banner) -> None:
        """The draft banner is the page header of every page (see package.py), not body text."""

    def visit_Contents(self, contents: Contents) -> None:
        self.paragraph("TOCHeading", text_run(contents.title))
        for index, entry in enumerate(contents.entries):
            link = (
                f'<w:hyperlink w:anchor="{bookmark(entry.anchor)}" w:history="1">'
                f"{text_run(entry.text)}</w:hyperlink>"
            )
            self.paragraph(f"TOC{entry.level}", (_TOC_FIELD if index == 0 else "") + link)
        self.paragraph("TOC1", '<w:r><w:fldChar w:fldCharType="end"/></w:r>')

    def visit_Part(self, part: Part) -> None:
        self.paragraph("Heading1", text_run(part.title), "part-" + part.id)
        if part.banner:
            self.visit(part.banner)
        self.visit_all(part.clauses)

    def visit_Clause(self, clause: Clause) -> None:
        style = "Heading2" if clause.included else "Heading2NotUsed"
        self.paragraph(style, text_run(clause.heading), clause.id)
        self.visit_all(clause.blocks)

    # blocks ---------------------------------------------------------------------------------
    def visit_Heading(self, heading: Heading) -> None:
        self.paragraph("Heading3", text_run(heading.text))

    def visit_Definition(self, definition: Definition) -> None:
        term = text_run(definition.term.text, "DefinedTerm", bold=True)
        self.paragraph("Definition", term + text_run(" ") + self.runs(definition.runs))

    def visit_NotUsed(self, block: NotUsed) -> None:
        if block.number:
            number = text_run(block.number, bold=True) + text_run("\t")
            self.paragraph("NotUsed", number + text_run(block.text), block.anchor)
        else:
            self.paragraph("NotUsed", text_run(block.text))

    def visit_Paragraph(self, block: Paragraph) -> None:
        if block.number:
            number = text_run(block.number, bold=True) + text_run("\t")
            self.paragraph("ClauseText", number + self.runs(block.runs), block.anchor)
        else:
            self.paragraph("BodyText", self.runs(block.runs))
        self.visit_all(block.items)

    def visit_Item(self, item: Item) -> None:
        style = _LIST_STYLES[min(item.level, 1)]
        self.paragraph(style, text_run(item.marker + "\t") + self.runs(item.runs))
        self.visit_all(item.items)

    def visit_Table(self, table: Table) -> None:
        width = table.columns
        weights = table.widths or (1,) * width
        cols = [TEXT_WIDTH * w // sum(weights) for w in weights]
        rows = []
        if table.header:
            cells = "".join(
                _cell(text_run(h, bold=True), c) for h, c in zip(table.header, cols, strict=False)
            )
            cells += "".join(_cell("", c) for c in cols[len(table.header) :])
            rows.append(f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{cells}</w:tr>")
        for row in table.rows:
            cells = "".join(_cell(self.runs(r), c) for r, c in zip(row, cols, strict=False))
            cells += "".join(_cell("", c) for c in cols[len(row) :])
            rows.append(f"<w:tr>{cells}</w:tr>")
        grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in cols)
        self.parts.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="ContractTable"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )
        self.paragraph("TableSpacer", "")


def _cell(content: str, width: int) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{content}</w:p></w:tc>'
    )


def document_xml(document: Document) -> str:
    body = DocxTranslator(document)
    body.visit(document)
    header_ref = '<w:headerReference w:type="default" r:id="rIdHeader"/>' if document.banner else ""
    sect = (
        f'<w:sectPr>{header_ref}<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    return (
        f'{XML_HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        + "".join(body.parts)
        + sect
        + "</w:body></w:document>"
    )
