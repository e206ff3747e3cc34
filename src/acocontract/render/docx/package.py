"""The package around the body: content types, relationships, header, footer, properties, and
a zip with fixed timestamps so the same document is always the same bytes."""

from __future__ import annotations

import io
import re
import zipfile

from acocontract import __version__
from acocontract.render.docx.styles import (
    R_NS,
    SETTINGS_XML,
    STYLES_XML,
    W_NS,
    XML_HEAD,
    numbering_xml,
)
from acocontract.tree import Document

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# XML's special characters escaped, and characters XML 1.0 cannot hold dropped, in one pass
_XML_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        **dict.fromkeys([*map(chr, range(0x09)), "\x0b", "\x0c", *map(chr, range(0x0E, 0x20))]),
        "\ufffe": None,
        "\uffff": None,
    }
)


# the characters the table changes: most text has none, and a search is cheaper than a copy
_NEEDS = re.compile("[" + re.escape("".join(map(chr, _XML_ESCAPES))) + "]")


def esc(text: str) -> str:
    return text if _NEEDS.search(text) is None else text.translate(_XML_ESCAPES)


_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_PARTS = (
    ("document.xml", "document.main"),
    ("styles.xml", "styles"),
    ("settings.xml", "settings"),
    ("numbering.xml", "numbering"),
    ("header1.xml", "header"),
    ("header2.xml", "header"),
    ("footer1.xml", "footer"),
    ("footer2.xml", "footer"),
)
CONTENT_TYPES = (
    f"{XML_HEAD}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(
        f'<Override PartName="/word/{name}" ContentType="{_WORD}{kind}+xml"/>'
        for name, kind in _PARTS
    )
    + '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

ROOT_RELS = (
    f"{XML_HEAD}"
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
DOCUMENT_RELS = (
    f"{XML_HEAD}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{_REL}styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL}settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdNumbering" Type="{_REL}numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rIdHeader" Type="{_REL}header" Target="header1.xml"/>'
    f'<Relationship Id="rIdHeaderFirst" Type="{_REL}header" Target="header2.xml"/>'
    f'<Relationship Id="rIdFooter" Type="{_REL}footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterFirst" Type="{_REL}footer" Target="footer2.xml"/>'
    "</Relationships>"
)
SECTION = (
    '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/>'
    '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
    '<w:footerReference w:type="default" r:id="rIdFooter"/>'
    '<w:footerReference w:type="first" r:id="rIdFooterFirst"/>'
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
    'w:footer="708" w:gutter="0"/><w:titlePg/></w:sectPr>'
)


def _page_field(name: str, value: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {name} </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{value}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _part(tag: str, paragraphs: list[tuple[str, str]]) -> str:
    body = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p>'
        for style, content in paragraphs
    )
    return f'{XML_HEAD}<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:{tag}>'


def _text(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def headers_and_footers(document: Document, pages: int) -> dict[str, str]:
    """Every page but the cover: the document and its edition in the header (with the draft
    banner under them in a draft), "page N of M" in the footer. The cover has neither, except
    the draft banner."""
    banner = [("Banner", _text(document.banner.text))] if document.banner else []
    title = f"{document.title}: {document.subtitle} | edition {document.edition}"
    page = _page_field("PAGE", "1") + _text(" of ") + _page_field("NUMPAGES", str(pages))
    return {
        "word/header1.xml": _part("hdr", [("Header", _text(title)), *banner]),
        "word/header2.xml": _part("hdr", banner or [("Header", "")]),
        "word/footer1.xml": _part("ftr", [("Footer", _text("page ") + page)]),
        "word/footer2.xml": _part("ftr", [("Footer", "")]),
    }


def _core(document: Document) -> str:
    """Fixed properties: the edition's publication date stands for creation and change."""
    stamp = f"{document.date}T00:00:00Z"
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
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_XML = (
    f"{XML_HEAD}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>acocontract {__version__}</Application></Properties>"
)


def package(document: Document, body_xml: str, lists: int, pages: int) -> bytes:
    files = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", _core(document)),
        ("docProps/app.xml", APP_XML),
        ("word/document.xml", body_xml),
        ("word/styles.xml", STYLES_XML),
        ("word/settings.xml", SETTINGS_XML),
        ("word/numbering.xml", numbering_xml(lists)),
        *headers_and_footers(document, pages).items(),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
