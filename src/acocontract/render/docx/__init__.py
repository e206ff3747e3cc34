"""Word (.docx): the OOXML parts written directly, zipped with fixed timestamps.

Word styles with exact line heights, a cover without header or footer, a header naming the
document and its edition and a "page N of M" footer on every other page, a contents field
whose stored entries carry page numbers, items as Word lists, bookmarks on every clause and
paragraph number with cross-references as REF fields to them, an execution page, and tracked
changes (w:ins / w:del) for redlines, whole paragraphs included.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import NamedTuple

from acocontract.render.base import Writer
from acocontract.render.docx.body import DocxTranslator, bookmark
from acocontract.render.docx.layout import Flow, Para
from acocontract.render.docx.package import SECTION, package
from acocontract.render.docx.pages import paginate
from acocontract.render.docx.styles import PARAGRAPH_STYLES, R_NS, W_NS, XML_HEAD
from acocontract.tree import Document

__all__ = ["DocxWriter", "bookmark", "render_docx"]


class Laid(NamedTuple):
    """A .docx, the page its contents list gives each entry, and its headings in order (the
    text a PDF outline shows, and the anchor of those the contents list names)."""

    data: bytes
    pages: dict[str, int]
    headings: list[tuple[str, str]]


def render_docx(document: Document, pages: dict[str, int] | None = None) -> bytes:
    """The .docx of a document; `pages` gives known page numbers (from a real layout) for the
    contents list instead of the estimate."""
    return laid_out(document, pages).data


def laid_out(document: Document, pages: dict[str, int] | None = None) -> Laid:
    body = DocxTranslator(document)
    body.visit(document)
    estimated, count = _estimate(body.flow)
    found = {**estimated, **(pages or {})}
    count = max([count, *found.values()])
    body.parts[body.toc_at] = body.contents_xml(found)
    xml = (
        f'{XML_HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        + "".join(body.parts)
        + SECTION
        + "</w:body></w:document>"
    )
    headings = [
        (p.lead + p.text, p.anchor)
        for p in body.flow
        if isinstance(p, Para) and PARAGRAPH_STYLES[p.style].outline is not None
    ]
    return Laid(package(document, xml, body.lists, count), found, headings)


def _estimate(flow: list[Flow]) -> tuple[dict[str, int], int]:
    """The page estimate, kept in the cache under the hash of what it was made from (it is a
    pure function of the flow: a rebuild of an unchanged document need not lay it out again)."""
    from acocontract import cache

    metrics = resources.files("acocontract.render.docx").joinpath("widths.json").read_bytes()
    key = hashlib.sha256(metrics + repr(flow).encode()).hexdigest()
    kept = cache.read("layout", key)
    if (
        isinstance(kept, list)
        and len(kept) == 2
        and isinstance(kept[0], dict)
        and all(isinstance(k, str) and type(v) is int for k, v in kept[0].items())
        and type(kept[1]) is int
    ):
        return kept[0], kept[1]
    pages, count = paginate(flow)
    cache.write("layout", key, [pages, count])
    return pages, count


class DocxWriter(Writer):
    name = "docx"
    suffix = ".docx"

    def render(self, document: Document) -> bytes:
        return render_docx(document)
