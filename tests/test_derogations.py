"""Derogations: applied when approved (and in drafts when requested), registered, redlined,
and checked back against an edited contract."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import EXAMPLES, FIXTURE_LIBRARY, REPO, need_soffice, run_cli, write
from docx_text import W, paragraph_text

ENV = {"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)}
PROFILE = (Path(__file__).parent / "fixtures" / "profiles" / "fx-pacs.yaml").read_text()
DEROGATIONS = """\
derogations:
  - clause: C3.2
    action: replace
    text: The [[Provider]] must tell the commissioners of any closure within 2 days.
    rationale: Local escalation arrangements.
    status: approved
    approval: {reference: NHSE-DER-2020-007, date: 2020-02-14}
  - clause: S1.2
    action: insert-after
    text: Each break point review must be minuted.
    rationale: Local governance.
    status: requested
  - clause: C2.2
    action: delete
    rationale: Not wanted.
    status: rejected
"""


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("profile") / "local.yaml", PROFILE + DEROGATIONS)


def _build(profile: Path, out: Path, *extra: str) -> str:
    result = run_cli("build", profile, "-o", out, *extra, env=ENV)
    assert result.returncode == 0, result.stderr
    return (out / "local" / "contract.md").read_text()


def test_build_applies_only_approved_derogations_and_registers_them(
    profile: Path, tmp_path: Path
) -> None:
    md = _build(profile, tmp_path)
    assert "**C3.2** The Provider must tell the commissioners of any closure within 2 days." in md
    assert "at once" not in md
    assert "Each break point review must be minuted." not in md
    assert "**C2.2** The Provider must keep to the standards" in md  # rejected: not applied
    assert "DRAFT" not in md
    manifest = json.loads((tmp_path / "local" / "manifest.json").read_text())
    applied = {d["clause"]: (d["status"], d["applied"]) for d in manifest["derogations"]}
    assert applied == {
        "C3.2": ("approved", True),
        "S1.2": ("requested", False),
        "C2.2": ("rejected", False),
    }
    assert manifest["derogations"][0]["reference"] == "NHSE-DER-2020-007"


def test_draft_applies_requested_derogations_and_marks_every_section(
    profile: Path, tmp_path: Path
) -> None:
    md = _build(profile, tmp_path, "--draft")
    banner = "> **DRAFT: contains local wording not yet approved by NHS England**"
    assert md.count(banner) == 3  # under the title and at each of the two parts
    note = (
        "> _Requested derogation, not yet approved by NHS England: local wording added after "
        "Schedule 1 paragraph 2._\n\n**2A** Each break point review must be minuted."
    )
    assert note in md  # requested wording is marked where it sits
    assert "within 2 days" in md
    html = (tmp_path / "local" / "contract.html").read_text()
    assert html.count('<div class="banner">DRAFT: contains local wording') == 3
    with zipfile.ZipFile(tmp_path / "local" / "contract.docx") as archive:
        header = archive.read("word/header1.xml").decode()
        document = archive.read("word/document.xml").decode()
    assert "DRAFT: contains local wording not yet approved by NHS England" in header
    assert 'r:id="rIdHeader"' in document  # the header is on every page


def _redline(profile: Path, tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"redline.{fmt}"
    result = run_cli("diff", profile, "--format", fmt, "-o", out, *extra, env=ENV)
    assert result.returncode == 0, result.stderr
    return out


def _resolve(xml: bytes, accept: bool) -> list[str]:
    """Accept (or reject) every tracked change, as Word would, and read the paragraphs: a
    paragraph whose mark goes joins the next one, what is left of it first."""
    root = etree.fromstring(xml)
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    for mark in list(root.iter(drop)):
        if mark.getparent().tag != f"{W}rPr" or mark.getparent().getparent().tag != f"{W}pPr":
            continue
        paragraph = mark.getparent().getparent().getparent()
        following = paragraph.getnext()
        content = [c for c in paragraph if c.tag != f"{W}pPr"]
        for child in reversed(content):
            following.insert(1, child)
        paragraph.getparent().remove(paragraph)
    for element in list(root.iter(drop)):
        element.getparent().remove(element)
    for element in list(root.iter(keep)):
        parent = element.getparent()
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)
    for deleted in root.iter(f"{W}delText"):
        deleted.tag = f"{W}t"
    return [paragraph_text(p) for p in root.iter(f"{W}p")]


def test_word_redline_accepts_to_local_and_rejects_to_national(
    profile: Path, tmp_path: Path
) -> None:
    docx = _redline(profile, tmp_path, "docx", "--draft")
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml")
    revisions = re.findall(
        rb'<w:(?:ins|del) w:id="(\d+)" w:author="([^"]+)"(?: w:date="([^"]+)")?', xml
    )
    ids = [r[0] for r in revisions]
    assert len(ids) == len(set(ids)) >= 3
    requested = {r[2] for r in revisions if r[1] == b"NHS Fixture CCG (requested)"}
    assert requested == {b""}  # a requested change without a date has none, not a wrong one
    bookmarks = re.findall(rb'<w:bookmarkStart w:id="(\d+)"', xml)
    assert not set(ids) & set(bookmarks)
    assert (b"NHS Fixture CCG (approved NHSE-DER-2020-007)", b"2020-02-14T00:00:00Z") in {
        (r[1], r[2]) for r in revisions
    }
    accepted = _resolve(xml, accept=True)
    rejected = _resolve(xml, accept=False)
    assert (
        "C3.2\tThe Provider must tell the commissioners of any closure within 2 days." in accepted
    )
    assert "C3.2\tThe Provider must tell the commissioners of any closure at once." in rejected
    assert "2A\tEach break point review must be minuted." in accepted
    assert not any("minuted" in p for p in rejected)


def test_redline_is_word_level_and_deterministic(profile: Path, tmp_path: Path) -> None:
    result = run_cli("diff", profile, env=ENV)
    assert result.returncode == 0, result.stderr
    assert (
        "C3.2 The Provider must tell the commissioners of any closure [-at once-]{+within 2 days+}."
        in (result.stdout)
    )
    first = _redline(profile, tmp_path / "a", "docx").read_bytes()
    second = _redline(profile, tmp_path / "b", "docx").read_bytes()
    assert first == second
    html = _redline(profile, tmp_path, "html").read_text()
    assert "<del>at once</del><ins>within 2 days</ins>" in html
    md = _redline(profile, tmp_path, "md").read_text()
    assert "| C3.2 | replace | approved | NHSE-DER-2020-007 |" in md
    assert "| S1.2 | insert-after | requested (not applied) |" in md


def test_one_changed_number_is_one_changed_token() -> None:
    from acocontract.redline import Revision, changed_words, diff_runs

    runs = diff_runs(
        "The parties must meet within 10 Operational Days under GC14.1.",
        "The parties must meet within 15 Operational Days under GC14.2.",
        Revision("x", "2020-01-01"),
    )
    assert changed_words(runs) == (["10", "GC14.1"], ["15", "GC14.2"])


@pytest.mark.slow
def test_libreoffice_opens_the_redline(profile: Path, tmp_path: Path) -> None:
    soffice = need_soffice()
    docx = _redline(profile, tmp_path, "docx", "--draft")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert (tmp_path / "redline.pdf").read_bytes().startswith(b"%PDF")


def _edit(docx: Path, old: str, new: str, target: Path) -> Path:
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode()
                assert old in text
                data = text.replace(old, new, 1).encode()
            out.writestr(item, data)
    return target


def test_compare_finds_an_edited_word_and_passes_an_untouched_build(
    examples: Path, tmp_path: Path
) -> None:
    profile = REPO / "profiles" / "westshire-pacs.yaml"
    built = examples / "westshire-pacs" / "aco-contract.docx"
    clean = run_cli("compare", profile, built)
    assert clean.returncode == 0, clean.stdout
    assert "matches the aco-contract" in clean.stdout
    edited = _edit(
        built, "try in good faith to settle", "try in good faith to resolve", tmp_path / "e.docx"
    )
    result = run_cli("compare", profile, edited)
    assert result.returncode == 1
    assert "GC14.2: wording differs; removed: settle; added: resolve" in result.stdout


def test_compare_reads_the_execution_page(examples: Path, tmp_path: Path) -> None:
    """A signatory's name changed on the execution page is a difference like any other."""
    profile = REPO / "profiles" / "westshire-pacs.yaml"
    built = examples / "westshire-pacs" / "aco-contract.docx"
    edited = _edit(built, "Simon Clarke", "Simon Clerk", tmp_path / "signatory.docx")
    result = run_cli("compare", profile, edited)
    assert result.returncode == 1
    assert "the execution page: wording differs; removed: Clarke; added: Clerk" in result.stdout
    assert "1 difference" in result.stdout


def test_compare_ignores_formatting_and_reports_tracked_changes(tmp_path: Path) -> None:
    profile = REPO / "profiles" / "riverside-fully-mcp.yaml"
    assert run_cli("build", profile, "-o", tmp_path).returncode == 0
    built = tmp_path / "riverside-fully-mcp" / "aco-contract.docx"
    restyled = _edit(
        built,
        '<w:pStyle w:val="ClauseText"/>',
        '<w:pStyle w:val="BodyText"/><w:jc w:val="left"/>',
        tmp_path / "restyled.docx",
    )
    assert run_cli("compare", profile, restyled).returncode == 0
    tracked = _edit(
        built,
        "try in good faith to settle the </w:t></w:r>",
        'try in good faith to settle the </w:t></w:r><w:ins w:id="9999" '
        'w:author="x" w:date="2020-01-01T00:00:00Z"><w:r><w:t>!</w:t></w:r></w:ins>',
        tmp_path / "tracked.docx",
    )
    result = run_cli("compare", profile, tracked)
    assert result.returncode == 1
    assert "GC14: tracked changes are left in the file" in result.stdout


def test_compare_refuses_a_file_that_is_not_one_of_the_documents(tmp_path: Path) -> None:
    junk = tmp_path / "junk.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{W[1:-1]}"><w:body/></w:document>'
        )
    junk.write_bytes(buffer.getvalue())
    result = run_cli("compare", EXAMPLES[0], junk)
    assert result.returncode == 1
    assert "error[unknown-document]" in result.stderr
    assert run_cli("compare", EXAMPLES[0], EXAMPLES[0]).returncode == 1  # not a zip at all


def test_edition_diff_lists_the_acute_provisions_as_added() -> None:
    result = run_cli(
        "diff", "--from-edition", "mcp-2016-12", "--to-edition", "aco-2017-08", "--format", "md"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for row in (
        "| aco-contract | SC49 | Urgent and Emergency Care in Hospital | added |",
        "| Schedule 3D | Marginal Rate Emergency Rule: Agreed Baseline Value | added |",
        "| Schedule 3E | Emergency Re-admissions within 30 Days: Agreed Threshold | added |",
        "| aco-contract | Schedule 4D | Clostridium difficile | added |",
        "| aco-contract | SC3 | Service Standards | changed: SC3.5, SC3.6 added |",
        "| aco-contract | SC36 | Payment Terms | changed: SC36.6, SC36.7, SC36.12 added |",
    ):
        assert row in out
    assert "| aco-contract | GC14 |" not in out  # unchanged clauses are not listed


def test_moving_edition_warns_that_a_derogation_needs_reapproval(tmp_path: Path) -> None:
    base = (REPO / "profiles" / "westshire-pacs.yaml").read_text().replace("derogations: []\n", "")
    profile = write(
        tmp_path / "p.yaml",
        base
        + (
            "derogations:\n"
            "  - {clause: SC3, action: insert-after, text: Local text., rationale: Local.,\n"
            "     status: approved, approval: {reference: R1, date: 2017-01-10},\n"
            "     against: mcp-2016-12}\n"
            "  - {clause: GC14.2, action: delete, rationale: Local., status: approved,\n"
            "     approval: {reference: R2, date: 2017-01-10}, against: mcp-2016-12}\n"
        ),
    )
    result = run_cli("check", profile)
    assert result.returncode == 0, result.stdout
    assert (
        "warning[derogation-reapproval]: the national wording of SC3 changed between "
        "mcp-2016-12 and aco-2017-08" in result.stdout
    )
    assert "GC14.2 changed" not in result.stdout
    assert run_cli("check", "--strict", profile).returncode == 1


def test_diff_usage_errors(tmp_path: Path) -> None:
    assert run_cli("diff").returncode == 2
    assert run_cli("diff", EXAMPLES[0], "--format", "docx").returncode == 2  # needs -o
    assert run_cli("diff", EXAMPLES[0], "--from-edition", "mcp-2016-12").returncode == 2
