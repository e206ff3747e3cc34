"""Word (.docx): the OOXML parts written directly, zipped with fixed timestamps.

Word styles for headings and clause levels, a contents field with its entries already filled
in, bookmarks on every clause and numbered paragraph, cross-references as internal hyperlinks
to them, and tracked changes (w:ins / w:del) for redlines.
"""

from __future__ import annotations

from acocontract.render.base import Writer
from acocontract.render.docx.body import bookmark, document_xml
from acocontract.render.docx.package import package
from acocontract.tree import Document

__all__ = ["DocxWriter", "bookmark"]


class DocxWriter(Writer):
    name = "docx"
    suffix = ".docx"

    def render(self, document: Document) -> bytes:
        return package(document, document_xml(document))
