"""The Word styles and settings parts, from one table of paragraph styles.

Every paragraph style states its font size, its exact line height and its spacing, so a page
holds the same lines in Word and in LibreOffice, and the page estimator (`pages.py`) reads the
same table the styles part is written from.
"""

from __future__ import annotations

from typing import Any, NamedTuple

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
TEXT_WIDTH = 9026  # twips between the margins of an A4 page
PAGE_HEIGHT = 16838
MARGIN = 1440
BODY_HEIGHT = PAGE_HEIGHT - 2 * MARGIN
LINE_TAB = 7371  # where signature and date lines end
GREY = "595959"
MUTED = "767676"


class Tab(NamedTuple):
    pos: int
    kind: str = "left"  # or "right"
    leader: str = ""  # "dot", "underscore"


class PStyle(NamedTuple):
    """A paragraph style, with every property the page estimator needs stated."""

    sid: str
    name: str
    size: int = 22  # half-points
    line: int = 280  # exact line height, twips
    before: int = 0
    after: int = 120
    left: int = 0
    hanging: int = 0
    bold: bool = False
    italic: bool = False
    keep_next: bool = False
    keep_lines: bool = False
    page_break: bool = False
    tabs: tuple[Tab, ...] = ()
    justify: bool = False
    centre: bool = False
    color: str = ""
    outline: int | None = None  # the heading level the contents list reads
    border: bool = False  # a rule down the left side
    next: str = ""


def _list(sid: str, name: str, first_at: int, text_at: int, **more: Any) -> PStyle:
    """A style whose first line starts at `first_at` and whose text lines up at `text_at`."""
    return PStyle(sid, name, left=text_at, hanging=text_at - first_at, **more)


_CLAUSE_TAB = (Tab(1134),)
_TOC_TABS = (Tab(TEXT_WIDTH, "right", "dot"),)
_SIGN_TABS = (Tab(1701), Tab(LINE_TAB, "right", "underscore"))

PARAGRAPH_STYLES = {
    s.sid: s
    for s in (
        PStyle("Normal", "Normal"),
        PStyle("Title", "Title", size=48, line=580, before=2400, after=240, bold=True),
        PStyle("Subtitle", "Subtitle", size=32, line=400, after=240),
        PStyle("EditionNote", "Edition Note", size=20, line=260, after=480, color=GREY),
        PStyle("CoverLabel", "Cover Label", before=240, after=120, color=GREY),
        PStyle("CoverParty", "Cover Party", after=80, left=567),
        PStyle("CoverDated", "Cover Dated", before=480, tabs=(Tab(1134), *_SIGN_TABS[1:])),
        PStyle(
            "TOCHeading", "TOC Heading", size=32, line=400, after=240, bold=True, page_break=True
        ),
        PStyle(
            "Heading1",
            "heading 1",
            size=32,
            line=400,
            after=240,
            bold=True,
            keep_next=True,
            keep_lines=True,
            page_break=True,
            outline=0,
            next="ClauseText",
        ),
        PStyle(
            "Heading2",
            "heading 2",
            size=24,
            line=320,
            before=360,
            after=120,
            bold=True,
            keep_next=True,
            keep_lines=True,
            outline=1,
            next="ClauseText",
        ),
        PStyle(
            "Heading2NotUsed",
            "Heading 2 Not Used",
            size=24,
            line=320,
            before=360,
            after=120,
            bold=True,
            italic=True,
            color=MUTED,
            keep_next=True,
            keep_lines=True,
            outline=1,
        ),
        PStyle(
            "Heading3",
            "heading 3",
            before=200,
            after=120,
            bold=True,
            keep_next=True,
            keep_lines=True,
            outline=2,
            next="ClauseText",
        ),
        PStyle("TOC1", "toc 1", before=120, after=40, bold=True, tabs=_TOC_TABS),
        PStyle("TOC2", "toc 2", after=20, left=284, tabs=_TOC_TABS),
        _list("ClauseText", "Clause Text", 0, 1134, tabs=_CLAUSE_TAB, justify=True),
        PStyle("BodyText", "Contract Body Text", justify=True),
        _list("NotUsed", "Not Used", 0, 1134, italic=True, color=MUTED, tabs=_CLAUSE_TAB),
        PStyle("Definition", "Definition", left=1134, justify=True),
        _list("ClauseListLevel1", "Clause List 1", 1134, 1701, after=60, justify=True),
        _list("ClauseListLevel2", "Clause List 2", 1701, 2268, after=60, justify=True),
        _list("ClauseListLevel3", "Clause List 3", 2268, 2835, after=60, justify=True),
        _list("ClauseListLevel4", "Clause List 4", 2835, 3402, after=60, justify=True),
        PStyle("TableText", "Table Text", size=20, line=250, after=40),
        PStyle("TableSpacer", "Table Spacer", size=8, line=120, after=0),
        PStyle(
            "Note",
            "Note",
            size=20,
            line=260,
            before=60,
            after=120,
            italic=True,
            left=1134,
            border=True,
        ),
        PStyle(
            "SignatureParty",
            "Signature Party",
            before=360,
            after=160,
            keep_next=True,
            keep_lines=True,
        ),
        PStyle("SignatureLine", "Signature Line", after=200, keep_next=True, tabs=_SIGN_TABS),
        PStyle("SignatureLast", "Signature Line Last", after=240, tabs=_SIGN_TABS),
        PStyle("Header", "header", size=18, line=220, after=0, color=GREY, centre=True),
        PStyle(
            "Banner",
            "Draft Banner",
            size=18,
            line=220,
            after=0,
            bold=True,
            color="B00020",
            centre=True,
        ),
        PStyle("Footer", "footer", size=18, line=220, after=0, color=GREY, centre=True),
    )
}

# Numbering (numbering.xml): one abstract list of (a), (i), (a), (i) levels at the items' indents
LIST_LEVELS = (
    ("lowerLetter", 1134, 1701),
    ("lowerRoman", 1701, 2268),
    ("lowerLetter", 2268, 2835),
    ("lowerRoman", 2835, 3402),
)


def _ppr(s: PStyle) -> str:
    out = []
    if s.keep_next:
        out.append("<w:keepNext/>")
    if s.keep_lines:
        out.append("<w:keepLines/>")
    if s.page_break:
        out.append("<w:pageBreakBefore/>")
    if s.border:
        out.append(
            '<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="B00020"/></w:pBdr>'
        )
    if s.tabs:
        tabs = "".join(
            f'<w:tab w:val="{t.kind}"'
            + (f' w:leader="{t.leader}"' if t.leader else "")
            + f' w:pos="{t.pos}"/>'
            for t in s.tabs
        )
        out.append(f"<w:tabs>{tabs}</w:tabs>")
    out.append(
        f'<w:spacing w:before="{s.before}" w:after="{s.after}" w:line="{s.line}" '
        'w:lineRule="exact"/>'
    )
    if s.left or s.hanging:
        hanging = f' w:hanging="{s.hanging}"' if s.hanging else ""
        out.append(f'<w:ind w:left="{s.left}"{hanging}/>')
    if s.justify or s.centre:
        out.append(f'<w:jc w:val="{"both" if s.justify else "center"}"/>')
    if s.outline is not None:
        out.append(f'<w:outlineLvl w:val="{s.outline}"/>')
    return "".join(out)


def _rpr(s: PStyle) -> str:
    out = "<w:b/><w:bCs/>" if s.bold else ""
    out += "<w:i/><w:iCs/>" if s.italic else ""
    out += f'<w:color w:val="{s.color}"/>' if s.color else ""
    return out + f'<w:sz w:val="{s.size}"/><w:szCs w:val="{s.size}"/>'


def _paragraph_style(s: PStyle) -> str:
    default = ' w:default="1"' if s.sid == "Normal" else ""
    custom = (
        ""
        if s.sid in ("Normal", "Title", "Subtitle") or s.name[0].islower()
        else (' w:customStyle="1"')
    )
    based = "" if s.sid == "Normal" else '<w:basedOn w:val="Normal"/>'
    following = f'<w:next w:val="{s.next}"/>' if s.next else ""
    return (
        f'<w:style w:type="paragraph"{default}{custom} w:styleId="{s.sid}">'
        f'<w:name w:val="{s.name}"/>{based}{following}<w:qFormat/>'
        f"<w:pPr>{_ppr(s)}</w:pPr><w:rPr>{_rpr(s)}</w:rPr></w:style>"
    )


def _character_style(sid: str, name: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:qFormat/>{props}</w:style>'
    )


STYLES_XML = (
    f'{XML_HEAD}<w:styles xmlns:w="{W_NS}">'
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
    "<w:pPrDefault><w:pPr><w:widowControl/>"
    '<w:spacing w:after="120" w:line="280" w:lineRule="exact"/></w:pPr>'
    "</w:pPrDefault></w:docDefaults>"
    + "".join(_paragraph_style(s) for s in PARAGRAPH_STYLES.values())
    + '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    + _character_style("CrossReference", "Cross Reference", '<w:color w:val="005EB8"/>')
    + _character_style("DefinedTerm", "Defined Term")
    + _character_style(
        "Placeholder", "Local Completion", '<w:shd w:val="clear" w:color="auto" w:fill="FFF3B0"/>'
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


def _level(index: int, fmt: str, first: int, text: int) -> str:
    return (
        f'<w:lvl w:ilvl="{index}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="(%{index + 1})"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{text}"/></w:tabs>'
        f'<w:ind w:left="{text}" w:hanging="{text - first}"/></w:pPr>'
        '<w:rPr><w:b w:val="0"/><w:i w:val="0"/></w:rPr></w:lvl>'
    )


def numbering_xml(lists: int) -> str:
    """One abstract list of item levels, and a list instance per paragraph's items, each
    starting again at (a)."""
    levels = "".join(_level(i, *level) for i, level in enumerate(LIST_LEVELS))
    restart = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
        for i in range(len(LIST_LEVELS))
    )
    instances = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="1"/>{restart}</w:num>'
        for n in range(1, lists + 1)
    )
    return (
        f'{XML_HEAD}<w:numbering xmlns:w="{W_NS}">'
        '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>'
        f"{levels}</w:abstractNum>{instances}</w:numbering>"
    )


SETTINGS_XML = (
    f'{XML_HEAD}<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="567"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:updateFields w:val="true"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    "</w:settings>"
)
