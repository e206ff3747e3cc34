"""The writers, registered in one place: each turns the one document tree into bytes of its
format. Adding a format is one module (a `Writer` with a `Translator`) and one line here."""

from __future__ import annotations

import importlib
from typing import NamedTuple

from acocontract.render.base import Writer


class Format(NamedTuple):
    name: str
    writer: str  # "module:Class", imported only when the format is used
    build: bool = True  # offered by `build` and `variants` (text is for `diff` only)


FORMATS_REGISTERED = (
    Format("docx", "acocontract.render.docx:DocxWriter"),
    Format("html", "acocontract.render.html:HtmlWriter"),
    Format("md", "acocontract.render.markdown:MarkdownWriter"),
    Format("pdf", "acocontract.render.pdf:PdfWriter"),
    Format("text", "acocontract.render.text:TextWriter", build=False),
)
_BY_NAME = {f.name: f for f in FORMATS_REGISTERED}

FORMATS = ("docx", "html", "md")  # what `build` writes unless told otherwise
ALL_FORMATS = tuple(f.name for f in FORMATS_REGISTERED if f.build)
DIFF_FORMATS = ("text", "md", "html", "docx")


def writer(name: str) -> Writer:
    """The writer for a format, its module imported only now."""
    found = _BY_NAME.get(name)
    if found is None:
        raise ValueError(f"unknown format {name!r}")
    module, _, cls = found.writer.partition(":")
    made: Writer = getattr(importlib.import_module(module), cls)()
    return made
