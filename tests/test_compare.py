"""`compare` and the Word reader under it (`acocontract.docx_read`).

Every .docx here is made by the test itself: built by this tool and edited with lxml, written
with python-docx and given hand-made numbering, re-saved by LibreOffice, or written byte by
byte when it has to lie (zip bombs, unsupported compression, corrupt streams).
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree
from typer.testing import CliRunner

from acocontract.cli import app
from acocontract.docx_read import Change, View, WordTable, read_docx, walk_paragraphs
from acocontract.docx_read.model import UNWRITABLE
from acocontract.render.docx.package import esc
from acocontract.render.html import escape as html_escape
from acocontract.render.markdown import escape as md_escape

from conftest import FIXTURE_LIBRARY, FIXTURES, need_soffice, write

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
PROFILE = FIXTURES / "profiles" / "fx-partial.yaml"
Edit = Callable[[etree._Element], None]


# helpers ------------------------------------------------------------------------------------
def _cli(*args: str | Path, library: Path = FIXTURE_LIBRARY) -> tuple[int, str]:
    env = {"NO_COLOR": "1", "ACOCONTRACT_CLAUSES": str(library)}
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the test fails with it
    return result.exit_code, result.output


def _build(profile: Path, out: Path, library: Path = FIXTURE_LIBRARY) -> Path:
    code, output = _cli("build", profile, "-o", out, library=library)
    assert code == 0, output
    return out / profile.stem / "contract.docx"


def _rezip(
    source: Path, target: Path, edit: Edit | None = None, parts: dict[str, bytes] | None = None
) -> Path:
    """A copy of a .docx with document.xml edited and parts replaced or added."""
    added = dict(parts or {})
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = added.pop(info.filename, None) or zin.read(info.filename)
            if info.filename == "word/document.xml" and edit is not None:
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            out.writestr(info.filename, data)
        for name, data in added.items():
            out.writestr(name, data)
    return target


_PREFIXES = (
    f'xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
)


def _with_part(
    source: Path, target: Path, kind: str, data: bytes, edit: Edit | None = None
) -> Path:
    """A copy of a .docx with a part added to the main document (word/<kind>.xml: numbering,
    footnotes...) with its relationship and content type."""
    with zipfile.ZipFile(source) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId{kind}" Type="{office}{kind}" Target="{kind}.xml"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/{kind}.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.wordprocessingml.{kind}+xml"/></Types>',
    )
    parts = {
        f"word/{kind}.xml": data,
        "word/_rels/document.xml.rels": rels.encode(),
        "[Content_Types].xml": types.encode(),
    }
    return _rezip(source, target, edit, parts)


def _xml(fragment: str) -> etree._Element:
    """A WordprocessingML element from text using the w:, v: and mc: prefixes."""
    return etree.fromstring(re.sub(r"^<([\w:]+)", rf"<\1 {_PREFIXES}", fragment, count=1))


def _para(root: etree._Element, bookmark: str) -> etree._Element:
    found: list[etree._Element] = root.xpath(
        "//w:p[w:bookmarkStart/@w:name=$n]", namespaces=NS, n=bookmark
    )
    return found[0]


def _styled(root: etree._Element, style: str) -> list[etree._Element]:
    found: list[etree._Element] = root.xpath(
        "//w:p[w:pPr/w:pStyle/@w:val=$s]", namespaces=NS, s=style
    )
    return found


def _word(tmp_path: Path, body: str, numbering: str = "", styles: str = "", rels: str = "") -> Path:
    """A .docx written by python-docx, with this body, numbering.xml, extra styles and extra
    relationships."""
    path = tmp_path / "word.docx"
    docx.Document().save(str(path))
    with zipfile.ZipFile(path) as source:
        style_xml = source.read("word/styles.xml").decode()
        rels_xml = source.read("word/_rels/document.xml.rels").decode()
    parts = {
        "word/_rels/document.xml.rels": rels_xml.replace(
            "</Relationships>", rels + "</Relationships>"
        ).encode(),
        "word/styles.xml": style_xml.replace("</w:styles>", styles + "</w:styles>").encode(),
        "word/document.xml": (
            f'<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-'
            'compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.'
            'microsoft.com/office/word/2010/wordprocessingShape">'
            f"<w:body>{body}</w:body></w:document>"
        ).encode(),
    }
    if numbering:
        numbering = f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>'
        parts["word/numbering.xml"] = numbering.encode()
    return _rezip(path, tmp_path / "edited.docx", parts=parts)


def _p(text: str, props: str = "", runs: str = "") -> str:
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{props}</w:pPr>{run}{runs}</w:p>"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(PROFILE, tmp_path_factory.mktemp("built"))


# compare: an untouched build, and edits that must be seen -----------------------------------
def test_an_untouched_build_matches(built: Path) -> None:
    code, output = _cli("compare", PROFILE, built)
    assert code == 0, output
    assert "matches the contract built from the profile" in output


def test_one_changed_word_is_reported_with_its_paragraph(built: Path, tmp_path: Path) -> None:
    def edit(root: etree._Element) -> None:
        for t in root.iter(f"{W}t"):
            t.text = (t.text or "").replace("must keep to", "must have regard to")
            t.text = t.text.replace("within 10 days", "within 20 days")

    code, output = _cli("compare", PROFILE, _rezip(built, tmp_path / "e.docx", edit))
    assert code == 1
    assert "C2.2: wording differs; removed: keep; added: have regard" in output
    assert "C2.2(a): wording differs; removed: 10; added: 20" in output
    assert "2 differences" in output


def test_a_paragraph_added_inside_a_content_control_is_reported(
    built: Path, tmp_path: Path
) -> None:
    def edit(root: etree._Element) -> None:
        control = _xml(
            "<w:sdt><w:sdtPr><w:alias w:val='Extra'/></w:sdtPr><w:sdtContent><w:sdt>"
            "<w:sdtContent>" + _p("The Provider may subcontract freely.") + "</w:sdtContent>"
            "</w:sdt></w:sdtContent></w:sdt>"
        )
        _para(root, "C2_2").addnext(control)
        # a run-level control around existing words is read as they are: no difference
        run = _para(root, "C1_1").findall(f"{W}r")[-1]
        wrapper = _xml("<w:sdt><w:sdtContent/></w:sdt>")
        run.addprevious(wrapper)
        wrapper[0].append(run)

    code, output = _cli("compare", PROFILE, _rezip(built, tmp_path / "c.docx", edit))
    assert code == 1
    assert "C2: wording differs; added: The Provider may subcontract freely." in output
    assert "C1" not in output.replace("C1 ", "")  # C1.1's control changed nothing


def test_hidden_text_is_reported_as_hidden_not_as_present(built: Path, tmp_path: Path) -> None:
    secret = (
        '<w:style w:type="character" w:styleId="Secret" xmlns:w="' + W_NS + '">'
        '<w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>'
    )

    def edit(root: etree._Element) -> None:
        # words added but hidden: not present, so no wording differs, but they are reported
        _para(root, "C1_1").append(
            _xml("<w:r><w:rPr><w:vanish/></w:rPr><w:t> and four hidden words</w:t></w:r>")
        )
        # words of the build hidden by a character style: missing, and reported as hidden
        run = next(
            r for r in _para(root, "C2_2").iter(f"{W}r") if "must keep" in "".join(r.itertext())
        )
        run.insert(0, _xml('<w:rPr><w:rStyle w:val="Secret"/></w:rPr>'))

    with zipfile.ZipFile(built) as source:
        styles = (
            source.read("word/styles.xml").decode().replace("</w:styles>", secret + "</w:styles>")
        )
    hidden = _rezip(built, tmp_path / "h.docx", edit, {"word/styles.xml": styles.encode()})
    code, output = _cli("compare", PROFILE, hidden)
    assert code == 1
    assert "C1.1: 4 words are hidden" in output
    assert "C1.1: wording differs" not in output
    assert "C2.2: 6 words are hidden" in output
    # what a reader sees: "The ProviderSchedule 1 paragraph 1."
    assert "C2.2: wording differs; removed: Provider must keep to the standards in" in output


def test_a_tracked_move_is_reported_as_a_tracked_change(built: Path, tmp_path: Path) -> None:
    stamp = 'w:author="A" w:date="2024-01-01T00:00:00Z"'

    def edit(root: etree._Element) -> None:
        first = _styled(root, "ClauseListLevel1")[0]
        moved = etree.fromstring(etree.tostring(first))
        for paragraph, kind in ((first, "moveFrom"), (moved, "moveTo")):
            wrapper = _xml(f'<w:{kind} w:id="{90 if kind == "moveTo" else 91}" {stamp}/>')
            for run in paragraph.findall(f"{W}r"):
                wrapper.append(run)
            paragraph.append(wrapper)
            paragraph.find(f"{W}pPr").append(_xml(f'<w:rPr><w:{kind} w:id="9" {stamp}/></w:rPr>'))
        _styled(root, "ClauseListLevel2")[-1].addnext(moved)

    moved = _rezip(built, tmp_path / "m.docx", edit)
    code, output = _cli("compare", PROFILE, moved)
    assert code == 1
    assert "C2: tracked changes are left in the file" in output
    paragraphs = read_docx(moved).paragraphs()
    changes = [p.changes() for p in paragraphs if "within 10 days" in p.text(View.REJECTED)]
    assert changes == [{Change.MOVED_FROM}]
    for view, before, after in (
        (View.ACCEPTED, "post.", "within 10"),
        (View.REJECTED, "within 10", "post."),
    ):
        texts = [p.text(view) for p in read_docx(moved).paragraphs(view)]
        where = {key: [i for i, text in enumerate(texts) if key in text] for key in (before, after)}
        assert len(where[before]) == len(where[after]) == 1, texts
        assert where[before] < where[after], view  # accepted: after (ii); rejected: where it was


def test_text_boxes_nested_tables_and_field_results_are_compared(
    built: Path, tmp_path: Path
) -> None:
    def edit(root: etree._Element) -> None:
        box = (
            "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><w:txbxContent>"
            + _p("Also by fax.")
            + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>"
            "<w:txbxContent>" + _p("Also by fax.") + "</w:txbxContent></v:textbox></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
        _para(root, "C1_1").append(_xml(box))
        cell = root.xpath("//w:tc[.//w:t='Commissioner']", namespaces=NS)[0]
        cell.append(_xml("<w:tbl><w:tr><w:tc>" + _p("Lead") + "</w:tc></w:tr></w:tbl>"))
        link = _para(root, "C2_2").find(f"{W}hyperlink")
        field = _xml(
            '<w:r><w:fldChar w:fldCharType="begin"/><w:instrText> REF S1_2 \\h </w:instrText>'
            '<w:fldChar w:fldCharType="separate"/><w:t>Schedule 1 paragraph 2</w:t>'
            '<w:fldChar w:fldCharType="end"/></w:r>'
        )
        link.addprevious(field)
        link.getparent().remove(link)

    code, output = _cli("compare", PROFILE, _rezip(built, tmp_path / "b.docx", edit))
    assert code == 1
    assert "C2.2: wording differs; removed: 1; added: 2" in output  # the REF field's result
    assert "C1: wording differs; added: Also by fax." in output
    assert output.count("fax") == 1  # one branch of the alternate content only
    assert "added: Lead" in output
    assert "REF" not in output and "S1_2" not in output


def test_footnotes_and_a_field_never_closed_are_reported(built: Path, tmp_path: Path) -> None:
    notes = (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
        '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/>'
        "</w:r><w:r><w:t>This obligation does not apply.</w:t></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    ).encode()

    def refer(root: etree._Element) -> None:
        _para(root, "C2_2").append(_xml('<w:r><w:footnoteReference w:id="1"/></w:r>'))

    noted = _with_part(built, tmp_path / "n.docx", "footnotes", notes, refer)
    code, output = _cli("compare", PROFILE, noted)
    assert code == 1
    assert "C2: wording differs; added: This obligation does not apply." in output

    def unclosed(root: etree._Element) -> None:
        _para(root, "C2_2").append(_xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))

    code, output = _cli("compare", PROFILE, _rezip(built, tmp_path / "u.docx", unclosed))
    assert code == 1
    begun = next(p.index for p in read_docx(built).paragraphs() if "C2_2" in p.bookmarks)
    assert f"the file: a field begun in paragraph {begun} is never closed" in output


# the tool's own output, now and in the form it is moving to ------------------------------------
def test_characters_word_cannot_hold_do_not_make_the_build_differ(tmp_path: Path) -> None:
    profile = PROFILE.read_text().replace(
        "name: Fixture Partial MCP", 'name: "Fix\\0ture\\v P\\uFFFE"'
    )
    profile = profile.replace(
        "provider: {name: Fixture Care Ltd,", 'provider: {name: "Fixture\\uFFFE Care\\x01 Ltd",'
    )
    profile += (
        'derogations:\n  - {clause: C2.2, action: replace, text: "Local\\uFFFE wording\\x0b'
        ' here.", rationale: local, status: approved,\n'
        "     approval: {reference: R1, date: 2020-01-02}}\n"
    )
    path = write(tmp_path / "odd.yaml", profile)
    built = _build(path, tmp_path / "out")
    code, output = _cli("compare", path, built)
    assert code == 0, output
    assert "Local wording here." in built.with_suffix(".md").read_text()  # the derogation
    for suffix in (".html", ".md"):
        text = built.with_suffix(suffix).read_text(encoding="utf-8")
        assert not set(text) & UNWRITABLE, suffix  # NUL, VT, U+FFFE never reach them
    title = (built.parent / "contract.html").read_text().split("<title>")[1].split("</title>")[0]
    assert title == "Fixture Contract: Fixture P"


def test_every_writer_drops_the_characters_word_cannot_hold() -> None:
    for code in range(0x10000):
        char = chr(code)
        dropped = esc(char) == ""
        assert (char in UNWRITABLE) == dropped, hex(code)
        assert (html_escape(char) == "") == dropped, hex(code)
        assert (md_escape(char) == "") == dropped, hex(code)


C5 = """id: C5
title: Lists
paragraphs:
  - n: 1
    text: The Provider must report.
    items:
      - monthly;
      - text: "quarterly, by:"
        items: [email;, post.]
  - n: 2
    text: The Commissioners must pay.
    items: [on time;, in full.]
"""
LIST_NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%1)"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>'
    '<w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>{nums}'
    "</w:numbering>"
)


def _as_word_lists_and_ref_fields(root: etree._Element) -> int:
    """The form this tool's Word output is moving to: lettered items as Word numbered lists
    (one w:num per list, restarting), cross-references as REF fields with stored results."""
    lists = 0
    previous = None
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        level = {"ClauseListLevel1": 0, "ClauseListLevel2": 1}.get(style.get(f"{W}val"))
        if level is None:
            previous = None
            continue
        if previous is None:
            lists += 1
        previous = paragraph
        marker = paragraph.find(f"{W}r")
        assert re.fullmatch(r"\([a-z]+\)", marker.findtext(f"{W}t"))
        paragraph.remove(marker)
        paragraph.find(f"{W}pPr").append(
            _xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{lists}"/></w:numPr>')
        )
    for link in root.xpath("//w:hyperlink[.//w:rStyle/@w:val='CrossReference']", namespaces=NS):
        runs = list(link)
        begin = _xml('<w:r><w:fldChar w:fldCharType="begin"/></w:r>')
        link.addprevious(begin)
        anchor = link.get(f"{W}anchor")
        begin.addnext(_xml(f"<w:r><w:instrText> REF {anchor} \\h </w:instrText></w:r>"))
        link.addprevious(_xml('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
        for run in runs:
            link.addprevious(run)
        link.addprevious(_xml('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
        link.getparent().remove(link)
    return lists


def test_word_lists_and_ref_fields_in_the_build_still_match(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    write(library / "fx-2020-01/contract/conditions/C5.yaml", C5)
    built = _build(PROFILE, tmp_path / "out", library)
    with zipfile.ZipFile(built) as archive:
        native = "word/numbering.xml" in archive.namelist()  # the writer makes Word lists itself
    future = built if native else _future(built, tmp_path)
    code, output = _cli("compare", PROFILE, future, library=library)
    assert code == 0, output
    read = read_docx(future).paragraphs()
    assert [p.label for p in read if p.item] == ["(a)", "(b)", "(i)", "(ii)"] * 2 + ["(a)", "(b)"]
    refs = [s.field for p in read for s in p.spans if s.field and s.field.kind == "REF"]
    assert refs and refs[0].target == "S1_1"


def _future(built: Path, tmp_path: Path) -> Path:
    counted: list[int] = []
    future = _rezip(
        built, tmp_path / "f.docx", lambda root: counted.append(_as_word_lists_and_ref_fields(root))
    )
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        for n in range(1, counted[0] + 1)
    )
    numbering = LIST_NUMBERING.format(nums=nums).encode()
    return _with_part(future, tmp_path / "future.docx", "numbering", numbering)


# the reader: Word's automatic numbering -------------------------------------------------------
def _lvl(index: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{index}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'  # an outline: 1. 1.1 (a) (i)
    + _lvl(0, "decimal", "%1.")
    + _lvl(1, "decimal", "%1.%2")
    + _lvl(2, "lowerLetter", "(%3)")
    + _lvl(3, "lowerRoman", "(%4)")
    + '</w:abstractNum><w:abstractNum w:abstractNumId="1">'  # from C; level 2 never restarts
    + _lvl(0, "upperLetter", "%1.", start=3)
    + _lvl(1, "upperRoman", "%2)", extra='<w:lvlRestart w:val="0"/>')
    + '</w:abstractNum><w:abstractNum w:abstractNumId="2">'  # brought by paragraph styles
    + _lvl(0, "upperRoman", "Article %1", extra='<w:pStyle w:val="Article"/>')
    + _lvl(1, "decimal", "%1.%2", extra='<w:pStyle w:val="Section"/><w:isLgl/>')
    + '</w:abstractNum><w:abstractNum w:abstractNumId="3"><w:numStyleLink w:val="Bullets"/>'
    + '</w:abstractNum><w:abstractNum w:abstractNumId="4"><w:styleLink w:val="Bullets"/>'
    + _lvl(0, "bullet", "\uf0b7")
    + '</w:abstractNum><w:abstractNum w:abstractNumId="5">'  # used first at its second level
    + _lvl(0, "decimal", "%1.", start=3)
    + _lvl(1, "decimal", "%1.%2")
    + "</w:abstractNum>"
    + "".join(
        f'<w:num w:numId="{num}"><w:abstractNumId w:val="{abstract}"/>{override}</w:num>'
        for num, abstract, override in (
            (1, 0, ""),
            (2, 1, ""),
            (3, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
            (4, 0, ""),  # no override: continues the list it shares an abstract list with
            (5, 2, ""),
            (6, 4, ""),
            (7, 3, ""),
            (8, 5, ""),
        )
    )
)
LIST_STYLES = (
    '<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article"/>'
    '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Section"><w:name w:val="Section"/>'
    '<w:basedOn w:val="Article"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="numbering" w:styleId="Bullets"><w:name w:val="Bullets"/>'
    '<w:pPr><w:numPr><w:numId w:val="6"/></w:numPr></w:pPr></w:style>'
)
# (numId, level or style, the label Word shows): the label is also the paragraph's text
LISTED = [
    *[(1, 0, "1."), (1, 1, "1.1"), (1, 2, "(a)"), (1, 2, "(b)"), (1, 3, "(i)"), (1, 3, "(ii)")],
    *[(1, 2, "(c)"), (1, 1, "1.2"), (1, 2, "(a)"), (1, 0, "2."), (1, 1, "2.1"), (0, 0, "")],
    *[(2, 0, "C."), (2, 1, "I)"), (2, 0, "D."), (2, 1, "II)")],
    *[(3, 0, "1."), (3, 1, "1.1"), (4, 0, "2."), (8, 1, "3.1")],
    *[(0, "Article", "Article I"), (0, "Section", "1.1"), (0, "Section", "1.2")],
    *[(0, "Article", "Article II"), (0, "Section", "2.1"), ("0", "Article", "")],
    *[(7, 0, "•"), (7, 0, "•"), (1, 7, "")],
]


def _listed(num: int | str, level: int | str, text: str) -> str:
    if isinstance(level, str):  # numbered by its style (a numId of "0" takes that away)
        own = f'<w:numPr><w:numId w:val="{num}"/></w:numPr>' if num == "0" else ""
        return _p(text, f'<w:pStyle w:val="{level}"/>{own}')
    if not num:
        return _p(text)
    return _p(text, f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>')


@pytest.fixture
def numbered(tmp_path: Path) -> Path:
    body = "".join(_listed(*entry) for entry in LISTED)
    return _word(tmp_path, body, NUMBERING, LIST_STYLES)


def test_word_numbering_resolves_to_the_labels_word_shows(numbered: Path) -> None:
    paragraphs = read_docx(numbered).paragraphs()
    assert [p.label for p in paragraphs] == [p.text() for p in paragraphs]
    styled = [p for p in paragraphs if p.style == "Section"]
    assert styled[0].style_name == "Section" and styled[0].item is not None
    assert (styled[0].item.num_id, styled[0].item.level) == ("5", 1)
    assert paragraphs[-3].item is not None and paragraphs[-3].item.format == "bullet"


# the reader: what Word shows, in reading order -------------------------------------------------
def _r(text: str, props: str = "") -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(*pieces: str) -> str:
    """Runs of a complex field: `{begin}`, `{sep}`, `{end}` stand for its field characters;
    `~text` is instruction text; anything else is result text."""
    marks = {"{begin}": "begin", "{sep}": "separate", "{end}": "end"}
    out = []
    for piece in pieces:
        if piece in marks:
            out.append(f'<w:r><w:fldChar w:fldCharType="{marks[piece]}"/></w:r>')
        elif piece.startswith("~"):
            out.append(f'<w:r><w:instrText xml:space="preserve">{piece[1:]}</w:instrText></w:r>')
        else:
            out.append(_r(piece))
    return "".join(out)


def test_fields_show_their_results_and_keep_their_instructions(tmp_path: Path) -> None:
    link = (
        '<Relationship Id="rIdSite" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>'
    )
    body = (
        _p(
            "",
            runs='<w:bookmarkStart w:id="1" w:name="GC14_2"/>'
            + _r("GC14.2")
            + _r(" Disputes")
            + '<w:bookmarkEnd w:id="1"/>',
        )
        + _p(
            "See ",
            runs=_field("{begin}", "~ REF GC14_2 \\h ", "{sep}", "GC14.2", "{end}")
            + _r(" on page ")
            + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'
            + _r(" at ")
            + '<w:hyperlink r:id="rIdSite">'
            + _r("our site")
            + "</w:hyperlink>"
            + _field(
                "{begin}",
                "~ IF ",
                "{begin}",
                "~ REF Other ",
                "{sep}",
                "hidden",
                "{end}",
                "~ = 1 ",
                "{sep}",
                " (yes)",
                "{end}",
            ),
        )
        + _p("", runs=_field("{begin}", "~ TOC \\o ", "{sep}", "Entry one"))
        + _p("Entry two", runs=_field("{end}"))
    )
    read = read_docx(_word(tmp_path, body, rels=link))
    paragraphs = read.paragraphs()
    assert [p.text() for p in paragraphs] == [
        "GC14.2 Disputes",
        "See GC14.2 on page 7 at our site (yes)",
        "Entry one",
        "Entry two",
    ]
    fields = {s.text: s.field for s in paragraphs[1].spans if s.field}
    assert fields["GC14.2"] is not None and fields["GC14.2"].target == "GC14_2"
    assert fields["7"] is not None and fields["7"].kind == "PAGE"
    assert fields[" (yes)"] is not None and fields[" (yes)"].kind == "IF"
    assert {s.field.kind for s in paragraphs[2].spans if s.field} == {"TOC"}
    assert read.bookmarks["GC14_2"].text == "GC14.2 Disputes"
    assert paragraphs[0].bookmarks == ("GC14_2",)
    links = [s.link for s in paragraphs[1].spans if s.link]
    assert links and links[0].url == "https://example.org/"


def test_content_controls_tables_and_text_boxes_are_read_in_order(tmp_path: Path) -> None:
    box = (
        "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        "<w:txbxContent>" + _p("in the box") + "</w:txbxContent></wps:txbx></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + _p("in the box")
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = (
        "<w:sdt><w:sdtContent>"
        + _p("in a control")
        + "</w:sdtContent></w:sdt>"
        + _p(
            "run",
            runs="<w:sdt><w:sdtContent>" + _r("-level") + "</w:sdtContent></w:sdt>"
            "<w:smartTag>"
            + _r(" tagged")
            + "</w:smartTag><w:customXml>"
            + _r(" custom")
            + "</w:customXml>",
        )
        + "<w:tbl><w:tr><w:tc>"
        + _p("cell")
        + "<w:tbl><w:tr><w:tc>"
        + _p("nested cell")
        + "</w:tc></w:tr></w:tbl></w:tc>"
        + "<w:sdt><w:sdtContent><w:tc>"
        + _p("cell in a control")
        + "</w:tc></w:sdtContent></w:sdt>"
        + "</w:tr></w:tbl>"
        + _p("anchor", runs=box)
        + _p("after")
    )
    read = read_docx(_word(tmp_path, body))
    assert [p.text() for p in read.paragraphs()] == [
        "in a control",
        "run-level tagged custom",
        "cell",
        "nested cell",
        "cell in a control",
        "anchor",
        "in the box",
        "after",
    ]
    assert [p.index for p in read.paragraphs()] == list(range(1, 9))
    assert [type(b).__name__ for b in read.blocks] == [
        "WordParagraph",
        "WordParagraph",
        "WordTable",
        "WordParagraph",
        "WordParagraph",
    ]
    table = read.blocks[2]
    assert isinstance(table, WordTable) and len(table.rows[0].cells) == 2
    assert isinstance(table.rows[0].cells[0].blocks[1], WordTable)  # the nested table
    assert len(list(walk_paragraphs(read.blocks))) == 8


def test_tracked_changes_read_as_they_stand_accepted_or_rejected(tmp_path: Path) -> None:
    by = 'w:id="{}" w:author="A" w:date="2024-01-01T00:00:00Z"'
    body = (
        _p(
            "Keep ",
            runs=f"<w:ins {by.format(1)}>{_r('added ')}</w:ins><w:del {by.format(2)}>"
            f'<w:r><w:delText xml:space="preserve">gone </w:delText></w:r></w:del>{_r("end.")}',
        )
        + _p("Joined", f"<w:rPr><w:del {by.format(3)}/></w:rPr>")
        + _p(" next.")
        + _p(
            "",
            f"<w:rPr><w:ins {by.format(4)}/></w:rPr>",
            f"<w:ins {by.format(5)}>{_r('New')}</w:ins>",
        )
        + _p("after")
        + _p(
            "ghost: ",
            runs=f"<w:ins {by.format(6)}><w:del {by.format(7)}><w:r><w:delText>boo"
            "</w:delText></w:r></w:del></w:ins>",
        )
        + _p(
            "",
            f"<w:pPrChange {by.format(8)}><w:pPr/></w:pPrChange>",
            _r("restyled", f"<w:b/><w:rPrChange {by.format(9)}><w:rPr/></w:rPrChange>"),
        )
    )
    read = read_docx(_word(tmp_path, body))
    texts = {view: [p.text(view) for p in read.paragraphs(view)] for view in View}
    assert texts[View.CURRENT] == [
        "Keep added end.",
        "Joined",
        " next.",
        "New",
        "after",
        "ghost: ",
        "restyled",
    ]
    assert texts[View.ACCEPTED] == [
        "Keep added end.",
        "Joined next.",
        "New",
        "after",
        "ghost: ",
        "restyled",
    ]
    assert texts[View.REJECTED] == [
        "Keep gone end.",
        "Joined",
        " next.",
        "after",
        "ghost: ",
        "restyled",
    ]
    changes = [p.changes() for p in read.paragraphs()]
    assert changes[0] == {Change.INSERTED, Change.DELETED}
    assert changes[1] == {Change.DELETED} and changes[3] == {Change.INSERTED}
    assert changes[5] == {Change.INSERTED_THEN_DELETED}
    assert changes[6] == set() and read.paragraphs()[6].formatting_changed


def test_hidden_text_directly_and_by_paragraph_and_character_style(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
        '<w:style w:type="character" w:styleId="HiddenChar"><w:name w:val="Hidden Char"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
        '<w:style w:type="character" w:styleId="Inherits"><w:name w:val="Inherits"/>'
        '<w:basedOn w:val="HiddenChar"/></w:style>'
    )
    body = _p(
        "",
        '<w:pStyle w:val="HiddenPara"/>',
        _r("a") + _r("b", '<w:rStyle w:val="HiddenChar"/>') + _r("c", '<w:vanish w:val="0"/>'),
    ) + _p(
        "",
        "",
        _r("d", '<w:rStyle w:val="Inherits"/>')
        + _r("e", "<w:vanish/>")
        + _r("f", "<w:specVanish/>")
        + _r("g"),
    )
    first, second = read_docx(_word(tmp_path, body, styles=styles)).paragraphs()
    assert (first.text(), first.hidden_text()) == ("bc", "a")  # style toggles cancel out
    assert (second.text(), second.hidden_text()) == ("g", "def")


def test_symbols_breaks_and_characters_word_cannot_hold(tmp_path: Path) -> None:
    runs = (
        "<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t>"
        '<w:softHyphen/><w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:char="0001"/>'
        '<w:sym w:char="D800"/><w:sym w:char="zz"/></w:r>'
    )
    (paragraph,) = read_docx(_word(tmp_path, _p("", runs=runs))).paragraphs()
    assert paragraph.text() == "a b c-d•"


# hostile files: each ends in its located error, quickly, in bounded memory ----------------------
def _raw_zip(name: str, data: bytes, method: int, size: int, crc: int = 0, flags: int = 0) -> bytes:
    """A one-file zip written byte by byte, so it can declare what it likes."""
    encoded = name.encode()
    header = (b"PK\x03\x04", 20, flags, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
    local = struct.pack("<4sHHHHHIIIHH", *header) + encoded + data
    entry = (b"PK\x01\x02", 20, 20, flags, method, 0, 0x21, crc, len(data), size, len(encoded))
    central = struct.pack("<4sHHHHHHIIIHHHHHII", *entry, 0, 0, 0, 0, 0, 0) + encoded
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def _zeros(mib: int) -> bytes:
    """Raw deflate of `mib` MiB of zeros, made without deflating them all: one fully flushed
    segment of a MiB, repeated, then an empty final block."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    segment = deflater.compress(bytes(1 << 20)) + deflater.flush(zlib.Z_FULL_FLUSH)
    return segment * mib + b"\x03\x00"


def _document(xml: str, encoding: str = "utf-8") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml.encode(encoding))
    return buffer.getvalue()


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
DOC = (
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{{}}</w:t></w:r></w:p></w:body>'
    "</w:document>"
)


def _hostile(folder: Path) -> dict[str, tuple[str, str]]:
    """case -> (file, the diagnostic it must give)."""
    small = _document(DOC.format("x"))
    corrupt = bytearray(_document(DOC.format("x" * 5000 + "y" * 3000)))
    start = corrupt.index(b"word/document.xml") + len("word/document.xml")
    corrupt[start + 10 : start + 60] = b"\xff" * 50
    cases = {
        "not-a-zip": (b"acocontract: 1\nname: not a docx\n", "1:1: error[not-a-docx]"),
        "ole": (bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096), "1:1: error[encrypted-docx]"),
        "size-lie": (_raw_zip("word/document.xml", _zeros(320), 8, 2000), "error[zip-bomb]"),
        "huge-part": (_raw_zip("word/document.xml", _zeros(320), 8, 320 << 20), "docx-too-large"),
        "ratio": (_raw_zip("word/document.xml", _zeros(16), 8, 16 << 20), "error[zip-bomb]"),
        "deflate64": (_raw_zip("word/document.xml", b"x" * 40, 9, 40), "Deflate64 (method 9)"),
        "method-97": (_raw_zip("word/document.xml", b"x" * 40, 97, 40), "(method 97)"),
        "encrypted-part": (_raw_zip("word/document.xml", b"x", 0, 1, flags=1), "encrypted-docx"),
        "corrupt-deflate": (bytes(corrupt), "error[corrupt-docx]"),
        "truncated": (small[: len(small) // 2], "1:1: error[not-a-docx]"),
        "no-document": (_raw_zip("hello.txt", b"hi", 0, 2, zlib.crc32(b"hi")), "no word/document"),
        "billion-laughs": (
            _document(f"<!DOCTYPE w:document [<!ENTITY l0 'lol'>{LAUGHS}]>" + DOC.format("&l9;")),
            "!/word/document.xml:1:1: error[docx-dtd]",
        ),
        "xxe": (
            _document(
                '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                + DOC.format("&x;")
            ),
            "!/word/document.xml:2:1: error[docx-dtd]",
        ),
        "utf16-dtd": (
            _document('<!DOCTYPE d [<!ENTITY x "y">]>' + DOC.format("&x;"), "utf-16"),
            "error[docx-dtd]",
        ),
        "deep": (
            _document(
                DOC.format("").replace("<w:t>", "<w:t>" + "<w:sdt>" * 9000 + "</w:sdt>" * 9000)
            ),
            "Excessive depth",
        ),
    }
    out = {}
    for case, (data, expected) in cases.items():
        path = folder / f"{case}.docx"
        path.write_bytes(data)
        out[case] = (str(path), expected)
    big = folder / "too-large.docx"
    with big.open("wb") as handle:
        handle.write(b"PK\x03\x04")
        handle.truncate(65 << 20)  # sparse: a 65 MiB file that takes no room
    out["too-large"] = (str(big), "1:1: error[docx-too-large]")
    out["dev-zero"] = ("/dev/zero", "1:1: error[not-a-docx]")
    return out


DRIVER = """
import json, resource, sys, time
from acocontract.docx_read import read_docx
from acocontract.errors import AcoError
found = {}
for path in sys.argv[1:]:
    started = time.monotonic()
    try:
        read_docx(path)
        said = "read without an error"
    except AcoError as err:
        said = err.diagnostics[0].format()
    found[path] = [said, time.monotonic() - started]
found["peak KiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(found))
"""
TWO_GIB = 2 << 30


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (TWO_GIB, TWO_GIB))


def test_hostile_files_end_in_their_located_error_quickly_in_bounded_memory(tmp_path: Path) -> None:
    cases = _hostile(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, *(path for path, _ in cases.values())],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    for case, (path, expected) in cases.items():
        said, seconds = found[path]
        assert said.startswith(path) and expected in said, f"{case}: {said}"
        assert seconds < 3, f"{case} took {seconds:.1f}s"
    assert found["peak KiB"] < 512 * 1024, found["peak KiB"]


def test_compare_refuses_a_zip_bomb_with_a_located_error_and_no_traceback(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_raw_zip("word/document.xml", _zeros(320), 8, 2000))
    for target in (bomb, Path("/dev/zero")):
        result = subprocess.run(
            [sys.executable, "-m", "acocontract", "compare", str(PROFILE), str(target)],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limited,
            env={**os.environ, "NO_COLOR": "1", "ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)},
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert re.search(
            rf"^{re.escape(str(target))}:1:1: error\[(zip-bomb|not-a-docx)\]", result.stderr, re.M
        )


# LibreOffice ------------------------------------------------------------------------------------
def _soffice(target: str, out: Path, profile: Path, *files: Path) -> None:
    command = [need_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    command += ["--convert-to", target, "--outdir", str(out), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


BULLETS = {"•", "●", "▪", "■"}


@pytest.mark.slow
def test_files_resaved_by_libreoffice_read_as_libreoffice_shows_them(
    built: Path, numbered: Path, tmp_path: Path
) -> None:
    contract = shutil.copy(built, tmp_path / "contract.docx")
    profile = tmp_path / "lo-profile"
    _soffice("docx:MS Word 2007 XML", tmp_path / "resaved", profile, contract, numbered)
    code, output = _cli("compare", PROFILE, tmp_path / "resaved" / "contract.docx")
    assert code == 0, output
    # LibreOffice's own rendering of the lists, as text, against our reading of its .docx
    # (it differs from Word where it ignores w:lvlRestart 0 and w:isLgl)
    _soffice("txt:Text (encoded):UTF8", tmp_path / "text", profile, numbered)
    shown = (tmp_path / "text" / numbered.with_suffix(".txt").name).read_text("utf-8-sig")
    paragraphs = read_docx(tmp_path / "resaved" / numbered.name).paragraphs()
    lines = [line.strip() for line in shown.splitlines()]
    assert len(lines) == len(paragraphs)
    for line, paragraph in zip(lines, paragraphs, strict=True):
        text = paragraph.text()
        label = line[: len(line) - len(text)].strip() if text else line
        assert paragraph.label == label or {paragraph.label, label} <= BULLETS, (line, text)
