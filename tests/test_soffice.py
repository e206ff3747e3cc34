"""Every example .docx opens in LibreOffice, converts to PDF, and reads as the Markdown does.

Runs when `soffice` is installed; `.ci/run` installs it and sets ACOCONTRACT_REQUIRE_SOFFICE so
that in CI a missing LibreOffice is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli
from docx_text import md_words

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("ACOCONTRACT_REQUIRE_SOFFICE"):
    raise RuntimeError("LibreOffice (soffice) is required here but is not installed")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def _convert(files: list[Path], target: str, out: Path, profile_dir: Path) -> None:
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[Path]]:
    built = tmp_path_factory.mktemp("built")
    assert run_cli("build", *EXAMPLES, "-o", built).returncode == 0
    docx = sorted(built.rglob("*.docx"))
    flat = tmp_path_factory.mktemp("flat")
    copies = []
    for path in docx:  # one converter run for every file; names must not collide
        copy = flat / f"{path.parent.name}--{path.name}"
        shutil.copy(path, copy)
        copies.append(copy)
    out = tmp_path_factory.mktemp("converted")
    profile_dir = tmp_path_factory.mktemp("lo-profile")
    _convert(copies, "pdf", out, profile_dir)
    _convert(copies, "txt:Text (encoded):UTF8", out, profile_dir)
    return built, out, copies


def test_every_docx_converts_to_pdf(converted: tuple[Path, Path, list[Path]]) -> None:
    _, out, copies = converted
    for copy in copies:
        pdf = out / f"{copy.stem}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 10_000, pdf.name
        assert pdf.read_bytes().startswith(b"%PDF")


def test_docx_text_in_libreoffice_matches_the_markdown(
    converted: tuple[Path, Path, list[Path]],
) -> None:
    built, out, copies = converted
    for copy in copies:
        profile, _, document = copy.stem.partition("--")
        text = (out / f"{copy.stem}.txt").read_text(encoding="utf-8-sig")
        md = (built / profile / f"{document}.md").read_text()
        assert text.split() == md_words(md), copy.name
