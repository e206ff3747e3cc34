"""Writers: each turns the one document tree into bytes of its format."""

from __future__ import annotations

from collections.abc import Callable

from acocontract.tree import Document

FORMATS = ("docx", "html", "md")  # the default set
ALL_FORMATS = (*FORMATS, "pdf")  # PDF needs LibreOffice


def writer(fmt: str) -> Callable[[Document], bytes]:
    """The writer for a format, imported only when needed (docx pulls in lxml-free zip code)."""
    if fmt == "md":
        from acocontract.render.markdown import render_markdown

        return render_markdown
    if fmt == "html":
        from acocontract.render.html import render_html

        return render_html
    if fmt == "docx":
        from acocontract.render.docx import render_docx

        return render_docx
    raise ValueError(f"unknown format {fmt!r}")
