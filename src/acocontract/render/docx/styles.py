"""The Word styles and settings parts: headings, clause levels, lists, tables, character styles."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


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
