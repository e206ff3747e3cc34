"""The three writers read one tree: golden Markdown and docx dumps, links that resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURE_LIBRARY, FIXTURES, run_cli
from docx_text import Lists, W, anchors_and_bookmarks, body, dump, md_words, paragraph_text

GOLDEN = Path(__file__).parent / "golden"
PROFILES = ["fx-partial", "fx-pacs", "fx-virtual"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixture-build")
    profiles = [FIXTURES / "profiles" / f"{name}.yaml" for name in PROFILES]
    result = run_cli(
        "build", *profiles, "-o", out, env={"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)}
    )
    assert result.returncode == 0, result.stderr
    return out


def _document(out: Path, profile: str) -> str:
    return "agreement" if profile == "fx-virtual" else "contract"


@pytest.mark.parametrize("profile", PROFILES)
def test_markdown_and_docx_match_golden_files(
    built: Path, profile: str, update_golden: bool
) -> None:
    document = _document(built, profile)
    outputs = {
        f"{profile}.{document}.md": (built / profile / f"{document}.md").read_text(),
        f"{profile}.{document}.docx.txt": dump(built / profile / f"{document}.docx"),
    }
    for name, text in outputs.items():
        golden = GOLDEN / name
        if update_golden:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(text)
        assert golden.is_file(), f"missing {golden}: run pytest --update-golden and review"
        assert text == golden.read_text(), f"{name} differs: pytest --update-golden to accept"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_html_link_lands_on_an_element(built: Path, profile: str) -> None:
    html = (built / profile / f"{_document(built, profile)}.html").read_text()
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    targets = set(re.findall(r' href="#([^"]+)"', html))
    assert targets, "the contents list and cross-references are links"
    assert targets <= set(ids)
    assert "<script" not in html.lower() and "http" not in html.split("<style>")[0][200:]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_docx_link_lands_on_a_bookmark(built: Path, profile: str) -> None:
    anchors, names, ids = anchors_and_bookmarks(
        built / profile / f"{_document(built, profile)}.docx"
    )
    assert len(names) == len(set(names)) and len(ids) == len(set(ids))
    assert set(anchors) <= set(names)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", n) for n in names)


def test_cross_references_print_the_target_number_and_link_to_it(built: Path) -> None:
    md = (built / "fx-pacs" / "contract.md").read_text()
    assert "report under C3.1 when that applies" in md
    html = (built / "fx-pacs" / "contract.html").read_text()
    assert '<a class="ref" href="#C3.1">C3.1</a>' in html
    assert 'id="C3.1"' in html
    docx_anchors, _, _ = anchors_and_bookmarks(built / "fx-pacs" / "contract.docx")
    assert "C3_1" in docx_anchors


def test_tailoring_keeps_numbers_and_shows_what_is_not_used(built: Path) -> None:
    partial = (built / "fx-partial" / "contract.md").read_text()
    assert "**C2.1** Not used.\n\n**C2.2** The Provider must keep" in partial
    assert "### C3 Hospital Services\n\nNot used.\n" in partial
    pacs = (built / "fx-pacs" / "contract.md").read_text()
    assert "### C3 Hospital Services\n\n**C3.1** Each Hospital must publish" in pacs


def test_definitions_list_exactly_the_terms_the_variant_uses(built: Path) -> None:
    partial = (built / "fx-partial" / "contract.md").read_text()
    pacs = (built / "fx-pacs" / "contract.md").read_text()
    assert "**Hospital** means" not in partial  # used only in the acute-only C3
    assert "**Hospital** means" in pacs
    assert "**Services** means" in pacs


def test_profile_values_are_data_never_templates_or_markup(built: Path) -> None:
    md = (built / "fx-partial" / "contract.md").read_text()
    # no link, image or entity either: brackets and an entity's `&` escaped in Markdown
    assert (
        r"Local standard: \<b\>{{ 7 \* 7 }}\</b\> & \*not\* markup \[\[Provider\]\] "
        r"!\[x\](http://e.example/i.png) \[Sign here\](https://e.example/) \&amp;"
    ) in md
    html = (built / "fx-partial" / "contract.html").read_text()
    assert (
        "Local standard: &lt;b&gt;{{ 7 * 7 }}&lt;/b&gt; &amp; *not* markup [[Provider]] "
        "![x](http://e.example/i.png) [Sign here](https://e.example/) &amp;amp;"
    ) in html
    text = dump(built / "fx-partial" / "contract.docx")
    assert (
        "Local standard: <b>{{ 7 * 7 }}</b> & *not* markup [[Provider]] "
        "![x](http://e.example/i.png) [Sign here](https://e.example/) &amp;"
    ) in text
    assert "49" not in text


def test_missing_local_content_is_a_visible_placeholder(built: Path) -> None:
    html = (built / "fx-pacs" / "contract.html").read_text()
    assert '<span class="placeholder">[Local content: any local standard]</span>' in html


def _docx_words(path: Path) -> list[str]:
    """The words of a .docx as a reader sees them, without the contents list's page numbers
    (the Markdown has no pages)."""
    words: list[str] = []
    lists = Lists()
    for element in body(path):
        for paragraph in element.iter("{*}p"):
            text = paragraph_text(paragraph, lists=lists)
            style = paragraph.find(f"{W}pPr/{W}pStyle")
            if style is not None and (style.get(f"{W}val") or "").startswith("TOC"):
                text = text.rpartition("\t")[0] or text
            words.extend(text.split())
    return words


@pytest.mark.parametrize("profile", PROFILES)
def test_docx_text_matches_the_markdown(built: Path, profile: str) -> None:
    document = _document(built, profile)
    expected = md_words((built / profile / f"{document}.md").read_text())
    assert _docx_words(built / profile / f"{document}.docx") == expected
