"""The parts a body needs (main document, styles, numbering, hyperlink targets), found through
the package's relationships and parsed as XML that may not declare a DTD or entities.

Word never writes a DTD, so one is refused before parsing (billion laughs, XXE), and the parser
neither resolves entities, nor fetches anything, nor lifts libxml2's size and depth limits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from acocontract.docx_read.archive import Archive, resolve
from acocontract.docx_read.names import W_NS
from acocontract.errors import AcoError, error

STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_CODECS = ("utf-8", "utf-16-le", "utf-16-be")
_LIBXML_TAIL = re.compile(r",? line \d+, column \d+$")  # the position, given separately
_HUGE = ", use XML_PARSE_HUGE option"  # libxml2's advice to lift its limits: not ours to take

Element = Any  # lxml's element type (lxml ships no type information)


@dataclass(frozen=True)
class Parts:
    """The parsed parts a body is read from."""

    document: Element
    styles: Element | None
    numbering: Element | None
    links: dict[str, str]  # relationship id -> external target (hyperlinks)
    notes: dict[str, Element]  # footnotes | endnotes -> its part's root


def parse_xml(data: bytes, display: str, part: str) -> Element:
    """A part's root element; a DTD, an entity or malformed XML is a located error."""
    where = f"{display}!/{part}"
    for codec in _CODECS:
        offset = data.find("<!DOCTYPE".encode(codec))
        if offset >= 0:
            before = data[:offset].decode(codec, errors="replace").lstrip("\ufeff")
            line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
            raise AcoError(
                [
                    error(
                        where,
                        line,
                        column,
                        "docx-dtd",
                        "the XML declares a DTD (entities or external references), which Word "
                        "never writes: refused",
                    )
                ]
            )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        line, column = err.position if err.position else (1, 1)
        message = _LIBXML_TAIL.sub("", err.msg or str(err)).replace(_HUGE, "")
        raise AcoError(
            [error(where, max(line, 1), max(column, 1), "docx-xml", f"not well-formed: {message}")]
        ) from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise AcoError(
            [error(where, 1, 1, "docx-dtd", "the XML declares a DTD, which Word never writes")]
        )
    return root


def _relationships(archive: Archive, source: str) -> list[tuple[str, str, str, bool]]:
    """(id, type, target part or URL, external?) for each relationship of a part."""
    folder, _, name = source.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    data = archive.read(rels_name)
    if data is None:
        return []
    root = parse_xml(data, archive.display, rels_name)
    out = []
    for rel in root.iter(f"{_RELS_NS}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode", "") == "External"
        part = target if external else resolve(source, target)
        out.append((rel.get("Id", ""), rel.get("Type", ""), part, external))
    return out


def _not_word(display: str, why: str) -> AcoError:
    return AcoError([error(display, 1, 1, "not-a-docx", f"this is not a Word document ({why})")])


def read_parts(archive: Archive) -> Parts:
    display = archive.display
    main = next(
        (t for _, kind, t, ext in _relationships(archive, "") if kind.endswith(_OFFICE_DOCUMENT)),
        "word/document.xml",
    )
    data = archive.read(main)
    if data is None:
        raise _not_word(display, f"the zip has no {main}")
    document = parse_xml(data, display, main)
    namespace = etree.QName(document).namespace
    if namespace == STRICT_W_NS:
        raise AcoError(
            [
                error(
                    display,
                    1,
                    1,
                    "docx-strict",
                    "this is a Strict Open XML document, which is not supported",
                    "save it from Word as a Word Document (.docx)",
                )
            ]
        )
    if etree.QName(document).localname != "document" or namespace != W_NS:
        raise _not_word(display, f"{main} is not a WordprocessingML document")
    found: dict[str, Element | None] = {}
    links: dict[str, str] = {}
    for rid, kind, target, external in _relationships(archive, main):
        name = kind.rpartition("/")[2]
        if external:
            links[rid] = target
        elif name in ("styles", "numbering", "footnotes", "endnotes") and name not in found:
            found[name] = _optional(archive, target)
    notes = {k: v for k in ("footnotes", "endnotes") if (v := found.get(k)) is not None}
    return Parts(document, found.get("styles"), found.get("numbering"), links, notes)


def _optional(archive: Archive, part: str) -> Element | None:
    data = archive.read(part)
    return None if data is None else parse_xml(data, archive.display, part)
