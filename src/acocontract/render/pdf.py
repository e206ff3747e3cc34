"""PDF through LibreOffice: one headless converter process for a whole batch of .docx files.

LibreOffice stamps each PDF with the time and a random file identifier; both are replaced with
values of the same length (so the cross-reference offsets stay right) derived from the input,
which keeps PDFs byte-identical across builds like every other output.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from acocontract.errors import AcoError, error
from acocontract.render.base import Writer
from acocontract.render.pdf_outline import outline
from acocontract.tree import Document

PACKAGE = "libreoffice-writer-nogui"
_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:([^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise AcoError(
            [
                error(
                    "--format pdf",
                    1,
                    1,
                    "no-libreoffice",
                    "PDF output needs LibreOffice (soffice), which is not installed",
                    f"install the Debian package {PACKAGE}: apt-get install {PACKAGE}",
                )
            ]
        )
    return found


def normalise(pdf: bytes, seed: bytes, day: str) -> bytes:
    """Dates and identifiers of the same length as LibreOffice's, derived from the input: the
    document's own date (its edition's publication date) and a digest of its source."""
    digest = hashlib.sha256(seed).hexdigest().upper().encode()
    stamp = day.replace("-", "").encode() + b"000000Z00'00'"

    def date(match: re.Match[bytes]) -> bytes:
        value = match.group(2)
        fixed = (stamp * 2)[: len(value)]
        return b"/" + match.group(1) + b"(D:" + fixed + b")"

    def ident(match: re.Match[bytes]) -> bytes:
        first, second = match.group(1), match.group(2)
        whole = match.group(0)
        return whole.replace(first, (digest * 2)[: len(first)]).replace(
            second, (digest * 2)[: len(second)]
        )

    def checksum(match: re.Match[bytes]) -> bytes:
        return match.group(0).replace(match.group(1), (digest * 2)[: len(match.group(1))])

    return _CHECKSUM.sub(checksum, _ID.sub(ident, _DATE.sub(date, pdf)))


def docx_to_pdf(documents: Mapping[str, bytes], days: Mapping[str, str]) -> dict[str, bytes]:
    """PDF bytes for each named .docx, converted by a single LibreOffice run; `days` gives
    each document's date (ISO) for the PDF's own dates."""
    if not documents:
        return {}
    program = soffice()
    names = sorted(documents)
    with tempfile.TemporaryDirectory(prefix="acocontract-pdf-") as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        inputs = []
        for index, name in enumerate(names):
            path = root / "in" / f"d{index:05d}.docx"
            path.write_bytes(documents[name])
            inputs.append(str(path))
        command = [
            program,
            "-env:UserInstallation=" + (root / "profile").as_uri(),
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "out"),
            *inputs,
        ]
        env = {**os.environ, "HOME": str(root)}
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=1800, env=env)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
            raise AcoError(
                [error("--format pdf", 1, 1, "pdf-failed", f"LibreOffice could not convert: {err}")]
            ) from None
        out = {}
        for index, name in enumerate(names):
            pdf = root / "out" / f"d{index:05d}.pdf"
            if not pdf.is_file():
                raise AcoError(
                    [
                        error(
                            "--format pdf", 1, 1, "pdf-failed", f"LibreOffice made no PDF of {name}"
                        )
                    ]
                )
            out[name] = normalise(pdf.read_bytes(), documents[name], days[name])
    return out


class PdfWriter(Writer):
    """PDF made from the Word document by LibreOffice, one run for a whole batch."""

    name = "pdf"
    suffix = ".pdf"

    def render(self, document: Document) -> bytes:
        return self.render_many({document.id: document})[document.id]

    def render_many(self, documents: dict[str, Document]) -> dict[str, bytes]:
        """Each PDF's contents list shows the pages LibreOffice put the headings on: the pages
        are read from the PDF's outline and, where the estimate was wrong, the document is
        converted again with the true numbers."""
        from acocontract.render.docx import laid_out

        days = {key: d.date for key, d in documents.items()}
        laid = {key: laid_out(document) for key, document in documents.items()}
        pdfs = docx_to_pdf({key: item.data for key, item in laid.items()}, days)
        for _ in range(2):
            again = {}
            for key, item in laid.items():
                found = pages_from_outline(item.headings, outline(pdfs[key]))
                if found and any(item.pages.get(a) != p for a, p in found.items()):
                    again[key] = laid_out(documents[key], {**item.pages, **found})
            if not again:
                break
            laid.update(again)
            pdfs.update(docx_to_pdf({key: item.data for key, item in again.items()}, days))
        return pdfs


def pages_from_outline(
    headings: list[tuple[str, str]], entries: list[tuple[str, int]]
) -> dict[str, int]:
    """The page of each anchored heading, by walking the document's headings and the PDF's
    outline together; {} when they cannot be matched."""
    found: dict[str, int] = {}
    at = 0
    for title, anchor in headings:
        while at < len(entries) and entries[at][0].split() != title.split():
            at += 1
        if at == len(entries):
            return {}
        if anchor:
            found[anchor] = entries[at][1]
        at += 1
    return found
