"""The package around the body: content types, relationships, header, footer, properties, and
a zip with fixed timestamps so the same document is always the same bytes."""

from __future__ import annotations

import io
import zipfile

from acocontract import __version__
from acocontract.render.docx.styles import R_NS, SETTINGS_XML, STYLES_XML, W_NS
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


def esc(text: str) -> str:
    return text.translate(_XML_ESCAPES)


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
    banner = document.banner.text if document.banner else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Banner"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{esc(banner)}</w:t></w:r></w:p></w:hdr>'
    )


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
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>acocontract {__version__}</Application></Properties>"
)


def package(document: Document, body_xml: str) -> bytes:
    banner = document.banner is not None
    files = [
        ("[Content_Types].xml", CONTENT_TYPES.format(header=HEADER_TYPE if banner else "")),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", _core(document)),
        ("docProps/app.xml", APP_XML),
        ("word/document.xml", body_xml),
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
