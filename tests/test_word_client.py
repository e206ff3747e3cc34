"""The Word files in a real client: LibreOffice's own layout and its Accept All / Reject All.

- the page numbers stored in each contents list are the pages LibreOffice puts the headings on,
  the stored page count is its page count, and no page is blank;
- `--format pdf` prints true page numbers in the contents, even where the estimate was wrong;
- Accept All on a redline leaves exactly the local wording, Reject All exactly the national
  wording, for every action (replace a paragraph or a whole clause, delete, insert after) and
  for an edition diff that adds and removes whole clauses.

These drive LibreOffice (and its UNO API through Debian's python3-uno), so they are marked
`slow`: `make test` leaves them out and `.ci/run` runs them, where a missing LibreOffice is a
failure rather than a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from acocontract.render.pdf_outline import outline

from conftest import EXAMPLES, REPO, run_cli
from docx_text import W, md_words

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = bool(os.environ.get("ACOCONTRACT_REQUIRE_SOFFICE"))
UNO_SCRIPT = Path(__file__).parent / "uno_tracked.py"
pytestmark = pytest.mark.slow


def _uno_python() -> str | None:
    for candidate in ("/usr/bin/python3", shutil.which("python3")):
        if (
            candidate
            and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True, check=False
            ).returncode
            == 0
        ):
            return candidate
    return None


def _need(tool: str | None, what: str) -> str:
    if tool is None:
        if REQUIRED:
            pytest.fail(f"{what} is required here (ACOCONTRACT_REQUIRE_SOFFICE) but is missing")
        pytest.skip(f"{what} is not installed")
    return tool


def _convert(files: list[Path], target: str, out: Path, profile: Path) -> None:
    subprocess.run(
        [
            _need(SOFFICE, "LibreOffice (soffice)"),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )


def _flat(files: list[Path], folder: Path) -> list[Path]:
    """Copies with unique names, so one converter run takes them all."""
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in files:
        copy = folder / f"{path.parent.name}--{path.name}"
        shutil.copy(path, copy)
        copies.append(copy)
    return copies


def _stored_contents(docx: Path) -> list[tuple[str, int]]:
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    entries = []
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(f"{W}val") not in ("TOC1", "TOC2"):
            continue
        texts = [t.text or "" for t in paragraph.iter(f"{W}t")]
        entries.append((texts[0], int(texts[-1])))
    return entries


def _stored_page_count(docx: Path) -> int:
    with zipfile.ZipFile(docx) as archive:
        footer = archive.read("word/footer1.xml").decode()
    return int(re.findall(r"<w:t>(\d+)</w:t>", footer)[-1])


def _true_pages(entries: list[tuple[str, int]], pdf: bytes) -> list[tuple[str, int]]:
    """Each contents entry with the page of its heading in the PDF's outline (the first entry
    of that title after the previous one: the outline is in document order)."""
    found = outline(pdf)
    out, at = [], 0
    for title, _ in entries:
        while at < len(found) and found[at][0].rstrip(". ") != title.rstrip(". "):
            at += 1
        assert at < len(found), f"{title} is not in the PDF's outline"
        out.append((title, found[at][1]))
        at += 1
    return out


@pytest.fixture(scope="module")
def laid_out(examples: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every example .docx converted by LibreOffice to PDF and to text, one run for each."""
    root = tmp_path_factory.mktemp("laid-out")
    copies = _flat(sorted(examples.rglob("*.docx")), root / "docx")
    _convert(copies, "pdf", root / "docx", root / "profile")
    _convert(copies, "txt:Text (encoded):UTF8", root / "docx", root / "profile")
    return copies


def test_libreoffice_reads_every_docx_as_the_markdown_reads(
    examples: Path, laid_out: list[Path]
) -> None:
    for docx in laid_out:
        assert docx.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
        profile, _, document = docx.stem.partition("--")
        text = docx.with_suffix(".txt").read_text(encoding="utf-8-sig")
        text = re.sub(r"\t\d+$", "", text, flags=re.M)  # the contents' page numbers
        markdown = (examples / profile / f"{document}.md").read_text()
        assert text.split() == md_words(markdown), docx.name


def test_stored_contents_pages_are_the_pages_libreoffice_lays_out(laid_out: list[Path]) -> None:
    for docx in laid_out:
        pdf = docx.with_suffix(".pdf").read_bytes()
        stored = _stored_contents(docx)
        assert stored == _true_pages(stored, pdf), docx.name
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
        assert _stored_page_count(docx) == pages, docx.name


def _page_texts(pdf: Path, mode: str = "-layout") -> list[str]:
    tool = _need(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    text = subprocess.run(
        [tool, mode, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def test_no_page_is_blank(laid_out: list[Path]) -> None:
    for docx in laid_out:
        for number, page in enumerate(_page_texts(docx.with_suffix(".pdf")), start=1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            body = [
                line
                for line in lines
                if not re.fullmatch(r"page \d+ of \d+", line) and " | edition " not in line
            ]
            assert body, f"{docx.name}: page {number} has nothing but its header and footer"


def _printed_contents(pdf: Path) -> list[tuple[str, int]]:
    """The contents list as the PDF prints it: each entry's title and page number."""
    pages = _page_texts(pdf, "-raw")
    entries = []
    wrapped = ""  # the first line of an entry too long for one
    for page in pages[1:4]:
        for line in page.splitlines()[1:]:  # below the page header
            found = re.fullmatch(r"(.*?)[ .]*\.\s*(\d+)", line.strip())  # leader dots, page
            if found:
                title = f"{wrapped} {found.group(1)}".strip()
                entries.append((title, int(found.group(2))))
                wrapped = ""
            elif line.strip() and line.strip() != "Contents" and "page " not in line:
                wrapped = line.strip()
    return entries


def test_pdf_contents_print_the_true_page_numbers(tmp_path: Path) -> None:
    _need(SOFFICE, "LibreOffice (soffice)")
    profiles = [p for p in EXAMPLES if p.stem in ("northvale-alliance", "westshire-pacs")]
    result = run_cli("build", *profiles, "--format", "pdf", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    for pdf in sorted(tmp_path.rglob("*.pdf")):
        printed = _printed_contents(pdf)
        assert len(printed) > 20, pdf
        assert printed == _true_pages(printed, pdf.read_bytes()), pdf


def test_pdf_corrects_the_contents_where_the_estimate_is_wrong(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _need(SOFFICE, "LibreOffice (soffice)")
    import acocontract.render.docx as docx
    from acocontract.check import check_file, require
    from acocontract.render.pdf import PdfWriter

    estimate = docx.paginate

    def wrong(flow: list) -> tuple[dict[str, int], int]:  # type: ignore[type-arg]
        pages, count = estimate(flow)
        return {anchor: page + 3 for anchor, page in pages.items()}, count

    monkeypatch.setattr(docx, "paginate", wrong)
    ready = require(check_file(REPO / "profiles" / "northvale-alliance.yaml"))
    document = ready.assemble()[0]
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(PdfWriter().render_many({"a": document})["a"])
    printed = _printed_contents(pdf)
    assert printed and printed == _true_pages(printed, pdf.read_bytes())


def _resolved(files: list[Path], action: str, out: Path) -> None:
    python = _need(_uno_python(), "python3 with LibreOffice's UNO bridge (python3-uno)")
    profile = out / f"profile-{action}"
    subprocess.run(
        [python, str(UNO_SCRIPT), profile.as_uri(), action, str(out), *map(str, files)],
        check=True,
        capture_output=True,
        timeout=900,
    )


def _sections(text: str, stops: set[str]) -> dict[str, list[str]]:
    """The lines under each heading, up to the next heading (clause, part or execution page):
    `stops` are every heading the document has."""
    lines = text.splitlines()
    out: dict[str, list[str]] = {}
    for index, line in enumerate(lines):
        if line in stops:
            body = []
            for following in lines[index + 1 :]:
                if following in stops:
                    break
                if following.strip():
                    body.append(following.strip())
            out[line] = body
    return out


def _headings(document: object) -> set[str]:
    from acocontract.tree import Document

    assert isinstance(document, Document)
    found = {c.heading for c in document.clauses()} | {p.title for p in document.parts}
    return found | {"Execution"}


def _empty_numbered(lines: list[str]) -> list[str]:
    return [line for line in lines if re.fullmatch(r"(\([a-z]+\)|[A-Z]*[\dA-Z.]+)\s*", line)]


def test_accept_all_gives_the_local_wording_and_reject_all_the_national(
    derogated: Path, tmp_path: Path
) -> None:
    redline = derogated / "redline.docx"
    local = _flat([derogated / "out" / "local" / "aco-contract.docx"], tmp_path / "local")
    national = _flat([derogated / "out" / "national" / "aco-contract.docx"], tmp_path / "national")
    _convert(local + national, "txt:Text (encoded):UTF8", tmp_path, tmp_path / "profile")
    _resolved([redline], "accept", tmp_path)
    _resolved([redline], "reject", tmp_path)
    headings = [
        "SC20 Service Development and Improvement Plan",
        "GC14 Dispute Resolution",
        "GC37 Costs and Expenses",
    ]
    markdown = (derogated / "out" / "national" / "aco-contract.md").read_text()
    stops = {line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("##")}
    stops |= {"Clause by clause", "Summary"}

    def sections(path: Path) -> dict[str, list[str]]:
        return _sections(path.read_text(encoding="utf-8-sig"), stops)

    accepted = sections(tmp_path / "redline.accept.txt")
    rejected = sections(tmp_path / "redline.reject.txt")
    wanted_local = sections(tmp_path / f"{local[0].stem}.txt")
    wanted_national = sections(tmp_path / f"{national[0].stem}.txt")
    for heading in headings:
        assert accepted[heading] == wanted_local[heading], heading
        assert rejected[heading] == wanted_national[heading], heading
        assert not _empty_numbered(accepted[heading] + rejected[heading]), heading
    gc37 = accepted["GC37 Costs and Expenses"]
    assert gc37[0].startswith("GC37.1\tEach party bears its own costs")  # numbered as GC37.1
    assert "SC20.2\tNot used." in accepted[headings[0]]
    assert not any(line.startswith("(a)") for line in accepted[headings[0]][1:3])


def test_edition_diff_accepts_to_the_new_edition_and_rejects_to_the_old(tmp_path: Path) -> None:
    from acocontract.diff import edition_redline, reference_documents
    from acocontract.library import load_edition
    from acocontract.render.docx import render_docx

    redline = edition_redline("mcp-2016-12", "aco-2017-08")
    (tmp_path / "redline.docx").write_bytes(render_docx(redline))
    old, new = (reference_documents(load_edition(e)) for e in ("mcp-2016-12", "aco-2017-08"))
    contract = "aco-contract"
    (tmp_path / "old.docx").write_bytes(render_docx(old[contract]))
    (tmp_path / "new.docx").write_bytes(render_docx(new[contract]))
    _convert(
        [tmp_path / "old.docx", tmp_path / "new.docx"],
        "txt:Text (encoded):UTF8",
        tmp_path,
        tmp_path / "profile",
    )
    _resolved([tmp_path / "redline.docx"], "accept", tmp_path)
    _resolved([tmp_path / "redline.docx"], "reject", tmp_path)
    ids = {c.id for c in new[contract].clauses()} | {c.id for c in old[contract].clauses()}
    changed = [c for c in redline.clauses() if c.id in ids]
    assert len(changed) > 5
    new_headings = {c.id: c.heading for c in new[contract].clauses()}
    old_headings = {c.id: c.heading for c in old[contract].clauses()}

    def sections(name: str, document: object) -> dict[str, list[str]]:
        return _sections((tmp_path / name).read_text(encoding="utf-8-sig"), _headings(document))

    accepted = sections("redline.accept.txt", redline)
    rejected = sections("redline.reject.txt", redline)
    wanted_new, wanted_old = sections("new.txt", new[contract]), sections("old.txt", old[contract])
    assert [c.id for c in changed if c.id not in old_headings], "acute conditions added whole"
    for clause in changed:
        if clause.id in new_headings:
            wanted = wanted_new[new_headings[clause.id]]
            assert accepted[clause.heading] == wanted, f"Accept All: {clause.id}"
        if clause.id in old_headings:
            wanted = wanted_old[old_headings[clause.id]]
            assert rejected[clause.heading] == wanted, f"Reject All: {clause.id}"
        else:
            assert clause.heading not in rejected, clause.id  # gone whole, heading too
    for resolved in (accepted, rejected):
        shown = [line for c in changed for line in resolved.get(c.heading, [])]
        assert not _empty_numbered(shown)
