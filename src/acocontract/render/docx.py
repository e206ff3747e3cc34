"""Word (.docx): the OOXML parts written directly, zipped with fixed timestamps.

python-docx's `add_paragraph` rescans the body on every call, so a 30,000-word contract built that
way slows down as it grows. We write the parts as text instead, in one pass: Word styles for
headings and clause levels, a contents field with its entries already filled in, bookmarks on
every clause and numbered paragraph, cross-references as internal hyperlinks to them, and
tracked changes (w:ins / w:del) for redlines.
"""

from __future__ import annotations

import io
import re
import zipfile

from acocontract import __version__
from acocontract.tree import (
    Deletion,
    Document,
    Heading,
    Insertion,
    Item,
    Paragraph,
    Placeholder,
    Ref,
    Run,
    Table,
    Term,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")


_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text: str) -> str:
    if _INVALID_XML.search(text):
        text = _INVALID_XML.sub("", text)
    return text.translate(_XML_ESCAPES)


def bookmark(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and _, starting with a letter."""
    name = _BOOKMARK.sub("_", anchor)
    if not name[:1].isalpha():
        name = "b" + name
    return name[:40]


class _Body:
    def __init__(self, banner: str) -> None:
        self.parts: list[str] = []
        self.next_id = 1
        self.banner = banner

    def new_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    # runs -------------------------------------------------------------------------------
    def text_run(
        self, text: str, style: str = "", deleted: bool = False, bold: bool = False
    ) -> str:
        props = ""
        if style or bold:
            props = "<w:rPr>"
            if style:
                props += f'<w:rStyle w:val="{style}"/>'
            if bold:
                props += "<w:b/>"
            props += "</w:rPr>"
        tag = "w:delText" if deleted else "w:t"
        pieces = text.split("\t")
        inner = "<w:tab/>".join(f'<{tag} xml:space="preserve">{esc(p)}</{tag}>' for p in pieces)
        return f"<w:r>{props}{inner}</w:r>"

    def runs(self, runs: tuple[Run, ...] | list[Run], deleted: bool = False) -> str:
        out = []
        for run in runs:
            if isinstance(run, Ref):
                link = self.text_run(run.text, "CrossReference", deleted)
                out.append(
                    link
                    if deleted
                    else f'<w:hyperlink w:anchor="{bookmark(run.target)}" w:history="1">'
                    f"{link}</w:hyperlink>"
                )
            elif isinstance(run, Term):
                out.append(self.text_run(run.text, "DefinedTerm", deleted))
            elif isinstance(run, Placeholder):
                out.append(self.text_run(run.text, "Placeholder", deleted))
            elif isinstance(run, Insertion):
                attrs = self._revision(run.author, run.date)
                out.append(f"<w:ins {attrs}>{self.runs(run.runs, deleted)}</w:ins>")
            elif isinstance(run, Deletion):
                attrs = self._revision(run.author, run.date)
                out.append(f"<w:del {attrs}>{self.runs(run.runs, True)}</w:del>")
            else:
                out.append(self.text_run(run.text, "", deleted))
        return "".join(out)

    def _revision(self, author: str, date: str) -> str:
        stamp = f"{date}T00:00:00Z" if date else "2017-08-31T00:00:00Z"
        return f'w:id="{self.new_id()}" w:author="{esc(author or "acocontract")}" w:date="{stamp}"'

    # blocks -----------------------------------------------------------------------------
    def paragraph(self, style: str, content: str, anchor: str = "", extra_ppr: str = "") -> None:
        marks = ("", "")
        if anchor:
            bid = self.new_id()
            marks = (
                f'<w:bookmarkStart w:id="{bid}" w:name="{bookmark(anchor)}"/>',
                f'<w:bookmarkEnd w:id="{bid}"/>',
            )
        self.parts.append(
            f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra_ppr}</w:pPr>'
            f"{marks[0]}{content}{marks[1]}</w:p>"
        )

    def items(self, items: tuple[Item, ...], depth: int) -> None:
        style = "ClauseListLevel1" if depth == 0 else "ClauseListLevel2"
        for item in items:
            self.paragraph(style, self.text_run(item.marker + "\t") + self.runs(item.runs))
            self.items(item.items, depth + 1)

    def block_paragraph(self, block: Paragraph) -> None:
        if block.style == "definition" and block.runs and isinstance(block.runs[0], Term):
            content = self.text_run(block.runs[0].text, "DefinedTerm", bold=True)
            self.paragraph("Definition", content + self.runs(block.runs[1:]))
            return
        style = "NotUsed" if block.style == "not-used" else "ClauseText"
        if block.number:
            number = self.text_run(block.number, bold=True) + self.text_run("\t")
            self.paragraph(style, number + self.runs(block.runs), block.anchor)
        else:
            plain_style = "NotUsed" if block.style == "not-used" else "BodyText"
            self.paragraph(plain_style, self.runs(block.runs))
        if block.items:
            self.items(block.items, 0)

    def table(self, block: Table) -> None:
        width = max([len(block.header)] + [len(r) for r in block.rows])
        col = 9026 // max(width, 1)
        rows = []
        if block.header:
            cells = "".join(
                self._cell(self.text_run(h, bold=True), col) for h in block.header
            ) + "".join(self._cell("", col) for _ in range(width - len(block.header)))
            rows.append(f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{cells}</w:tr>")
        for row in block.rows:
            cells = "".join(self._cell(self.runs(c), col) for c in row)
            cells += "".join(self._cell("", col) for _ in range(width - len(row)))
            rows.append(f"<w:tr>{cells}</w:tr>")
        grid = "".join(f'<w:gridCol w:w="{col}"/>' for _ in range(width))
        self.parts.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="ContractTable"/><w:tblW w:w="5000" w:type="pct"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
        )
        self.paragraph("TableSpacer", "")

    @staticmethod
    def _cell(content: str, width: int) -> str:
        return (
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr>{content}</w:p></w:tc>'
        )


def _part_anchor(part_id: str) -> str:
    return "part_" + part_id


def document_xml(document: Document) -> str:
    body = _Body(document.banner)
    body.paragraph("Title", body.text_run(document.title))
    body.paragraph("Subtitle", body.text_run(document.subtitle))
    body.paragraph(
        "EditionNote", body.text_run(f"National clause library edition {document.edition}")
    )
    body.paragraph("TOCHeading", body.text_run("Contents"))
    entries: list[tuple[str, str, str]] = []
    for part in document.parts:
        entries.append(("TOC1", _part_anchor(part.id), part.title))
        entries.extend(("TOC2", c.id, c.heading) for c in part.clauses)
    field_begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    for index, (style, anchor, text) in enumerate(entries):
        link = (
            f'<w:hyperlink w:anchor="{bookmark(anchor)}" w:history="1">'
            f"{body.text_run(text)}</w:hyperlink>"
        )
        body.paragraph(style, (field_begin if index == 0 else "") + link)
    body.paragraph("TOC1", '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    for part in document.parts:
        body.paragraph("Heading1", body.text_run(part.title), _part_anchor(part.id))
        for clause in part.clauses:
            style = "Heading2" if clause.included else "Heading2NotUsed"
            body.paragraph(style, body.text_run(clause.heading), clause.id)
            for block in clause.blocks:
                if isinstance(block, Heading):
                    body.paragraph("Heading3", body.text_run(block.text))
                elif isinstance(block, Table):
                    body.table(block)
                else:
                    body.block_paragraph(block)
    header_ref = '<w:headerReference w:type="default" r:id="rIdHeader"/>' if document.banner else ""
    sect = (
        f'<w:sectPr>{header_ref}<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
        'w:footer="708" w:gutter="0"/></w:sectPr>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        + "".join(body.parts)
        + sect
        + "</w:body></w:document>"
    )


def _style(
    sid: str,
    name: str,
    kind: str = "paragraph",
    ppr: str = "",
    rpr: str = "",
    based: str = "Normal",
    extra: str = "",
) -> str:
    based_on = f'<w:basedOn w:val="{based}"/>' if based and sid != based else ""
    return (
        f'<w:style w:type="{kind}" w:customStyle="1" w:styleId="{sid}"><w:name w:val="{name}"/>'
        f"{based_on}{extra}<w:qFormat/>"
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + "</w:style>"
    )


def _heading(sid: str, name: str, level: int, size: int, before: int, extra_ppr: str = "") -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
        '<w:basedOn w:val="Normal"/><w:next w:val="ClauseText"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/>{extra_ppr}<w:spacing w:before="{before}" w:after="120"/>'
        f'<w:outlineLvl w:val="{level}"/></w:pPr>'
        f'<w:rPr><w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style>'
    )


STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
    '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "<w:qFormat/></w:style>"
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    + _style(
        "Title",
        "Title",
        ppr='<w:spacing w:before="2400" w:after="240"/>',
        rpr='<w:b/><w:sz w:val="48"/><w:szCs w:val="48"/>',
    )
    + _style(
        "Subtitle",
        "Subtitle",
        ppr='<w:spacing w:after="240"/>',
        rpr='<w:sz w:val="32"/><w:szCs w:val="32"/>',
    )
    + _style(
        "EditionNote",
        "Edition Note",
        ppr='<w:spacing w:after="480"/>',
        rpr='<w:color w:val="595959"/><w:sz w:val="20"/>',
    )
    + _style(
        "TOCHeading",
        "TOC Heading",
        ppr='<w:pageBreakBefore/><w:spacing w:after="240"/>',
        rpr='<w:b/><w:sz w:val="32"/><w:szCs w:val="32"/>',
    )
    + _heading("Heading1", "heading 1", 0, 32, 360, "<w:pageBreakBefore/>")
    + _heading("Heading2", "heading 2", 1, 24, 360)
    + _heading("Heading3", "heading 3", 2, 22, 200)
    + _style(
        "Heading2NotUsed",
        "Heading 2 Not Used",
        based="Heading2",
        rpr='<w:i/><w:color w:val="767676"/>',
    )
    + _style("TOC1", "toc 1", ppr='<w:spacing w:before="120" w:after="40"/>', rpr="<w:b/>")
    + _style("TOC2", "toc 2", ppr='<w:spacing w:after="20"/><w:ind w:left="284"/>')
    + _style(
        "ClauseText",
        "Clause Text",
        ppr='<w:tabs><w:tab w:val="left" w:pos="1134"/></w:tabs>'
        '<w:ind w:left="1134" w:hanging="1134"/><w:jc w:val="both"/>',
    )
    + _style("BodyText", "Contract Body Text", ppr='<w:jc w:val="both"/>')
    + _style("NotUsed", "Not Used", based="ClauseText", rpr='<w:i/><w:color w:val="767676"/>')
    + _style("Definition", "Definition", ppr='<w:ind w:left="1134"/><w:jc w:val="both"/>')
    + _style(
        "ClauseListLevel1",
        "Clause List 1",
        ppr='<w:tabs><w:tab w:val="left" w:pos="1701"/></w:tabs>'
        '<w:spacing w:after="60"/><w:ind w:left="1701" w:hanging="567"/>',
    )
    + _style(
        "ClauseListLevel2",
        "Clause List 2",
        ppr='<w:tabs><w:tab w:val="left" w:pos="2268"/></w:tabs>'
        '<w:spacing w:after="60"/><w:ind w:left="2268" w:hanging="567"/>',
    )
    + _style("TableText", "Table Text", ppr='<w:spacing w:after="40"/>', rpr='<w:sz w:val="20"/>')
    + _style("TableSpacer", "Table Spacer", ppr='<w:spacing w:after="0"/>', rpr='<w:sz w:val="8"/>')
    + _style(
        "Banner",
        "Draft Banner",
        ppr='<w:jc w:val="center"/>',
        rpr='<w:b/><w:color w:val="B00020"/>',
    )
    + _style(
        "Footer",
        "footer",
        ppr='<w:jc w:val="center"/>',
        rpr='<w:color w:val="595959"/><w:sz w:val="18"/>',
    )
    + _style(
        "CrossReference",
        "Cross Reference",
        kind="character",
        based="",
        rpr='<w:color w:val="005EB8"/>',
    )
    + _style("DefinedTerm", "Defined Term", kind="character", based="")
    + _style(
        "Placeholder",
        "Local Completion",
        kind="character",
        based="",
        rpr='<w:highlight w:val="yellow"/>',
    )
    + '<w:style w:type="table" w:customStyle="1" w:styleId="ContractTable">'
    '<w:name w:val="Contract Table"/><w:tblPr><w:tblBorders>'
    + "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
    '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    "</w:styles>"
)

SETTINGS_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="567"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.footer+xml"/>'
    "{header}"
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
HEADER_TYPE = (
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.header+xml"/>'
)

ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _document_rels(banner: bool) -> str:
    header = (
        f'<Relationship Id="rIdHeader" Type="{_REL}header" Target="header1.xml"/>' if banner else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdStyles" Type="{_REL}styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdSettings" Type="{_REL}settings" Target="settings.xml"/>'
        f'<Relationship Id="rIdFooter" Type="{_REL}footer" Target="footer1.xml"/>'
        f"{header}</Relationships>"
    )


def _footer(document: Document) -> str:
    page = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    label = esc(f"{document.title}: {document.subtitle} | page ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{label}</w:t></w:r>{page}</w:p></w:ftr>'
    )


def _header(document: Document) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Banner"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{esc(document.banner)}</w:t></w:r></w:p></w:hdr>'
    )


FIXED_TIME = "2017-08-31T00:00:00Z"


def _core(document: Document) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(document.title)}</dc:title>"
        f"<dc:subject>{esc(document.subtitle)}</dc:subject>"
        "<dc:creator>acocontract</dc:creator>"
        f"<cp:keywords>{esc(document.edition)}</cp:keywords>"
        "<cp:lastModifiedBy>acocontract</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{FIXED_TIME}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>acocontract {__version__}</Application></Properties>"
)


def render_docx(document: Document) -> bytes:
    banner = bool(document.banner)
    files = [
        ("[Content_Types].xml", CONTENT_TYPES.format(header=HEADER_TYPE if banner else "")),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", _core(document)),
        ("docProps/app.xml", APP_XML),
        ("word/document.xml", document_xml(document)),
        ("word/styles.xml", STYLES_XML),
        ("word/settings.xml", SETTINGS_XML),
        ("word/footer1.xml", _footer(document)),
        ("word/_rels/document.xml.rels", _document_rels(banner)),
    ]
    if banner:
        files.append(("word/header1.xml", _header(document)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
