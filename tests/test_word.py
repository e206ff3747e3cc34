"""The Word files as a contract team uses them: valid against ECMA-376, signed on an execution
page, a cover without header or footer, "page N of M", contents with page numbers stored, Word
lists and REF cross-references, shaded blanks, and redlines tracked paragraph by paragraph.

What LibreOffice itself makes of them (pages, Accept All, Reject All) is in test_word_client.py.
"""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from acocontract.loader import load_yaml
from acocontract.model import long_date
from acocontract.render.docx.pages import text_width

from conftest import EXAMPLES, REPO
from docx_text import W, paragraph_text

XSD = REPO.parent / "shared" / "ooxml-xsd"


def _parts(docx: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(docx) as archive:
        return {n: etree.fromstring(archive.read(n)) for n in archive.namelist()}


def _style(paragraph: etree._Element) -> str:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else ""


def _paragraphs(docx: Path, style: str) -> list[str]:
    body = _parts(docx)["word/document.xml"]
    return [paragraph_text(p) for p in body.iter(f"{W}p") if _style(p) == style]


def _documents(root: Path) -> list[tuple[Path, Path]]:
    """(profile, built .docx) for every document of every example."""
    return [(p, d) for p in EXAMPLES for d in sorted((root / p.stem).glob("*.docx"))]


@cache
def _schemas() -> dict[str, etree.XMLSchema]:
    return {
        "wml": etree.XMLSchema(etree.parse(str(XSD / "wml.xsd"))),
        "rels": etree.XMLSchema(etree.parse(str(XSD / "opc-xsd" / "opc-relationships.xsd"))),
        "types": etree.XMLSchema(etree.parse(str(XSD / "opc-xsd" / "opc-contentTypes.xsd"))),
        "app": etree.XMLSchema(etree.parse(str(XSD / "shared-documentPropertiesExtended.xsd"))),
    }


def _schema_for(name: str) -> str | None:
    if name.endswith(".rels"):
        return "rels"
    if name == "[Content_Types].xml":
        return "types"
    if name == "docProps/app.xml":
        return "app"
    return "wml" if name.startswith("word/") else None  # core.xml needs Dublin Core schemas


def test_every_part_of_every_docx_is_schema_valid(examples: Path, derogated: Path) -> None:
    if not (XSD / "wml.xsd").is_file():
        pytest.skip(f"the ECMA-376 schemas are not at {XSD} (../shared/ooxml-xsd)")
    files = [d for _, d in _documents(examples)] + [derogated / "redline.docx"]
    files += sorted((derogated / "out").rglob("*.docx"))
    invalid = []
    for docx in files:
        for name, root in _parts(docx).items():
            kind = _schema_for(name)
            if kind and not _schemas()[kind].validate(root):
                invalid.append(f"{docx.name}:{name}: {_schemas()[kind].error_log.last_error}")
    assert not invalid, "\n".join(invalid)


def _expected_parties(profile: Path, document: str) -> list[str]:
    """Who signs each document, read from the profile itself."""
    data = load_yaml(profile).data
    commissioners = [c["name"] for c in data.get("commissioners", [])]
    provider = [data["provider"]["name"]] if data.get("provider") else []

    def practices(way: str) -> list[str]:
        found = []
        for p in data.get("practices", []):
            if p["participation"] == way:
                found.append((p.get("legal_entity") or {}).get("name", p["name"]))
        return found

    if document.endswith("aco-contract") or document == "icp-contract":
        return commissioners + provider
    if document.endswith("integration-agreement") and not document.startswith("la-"):
        federation = [data["gp_federation"]["name"]] if data.get("gp_federation") else []
        return provider + federation + practices("partially-integrated")
    if document == "la-integration-agreement":
        return provider + [la["name"] for la in data.get("local_authority_partners", [])]
    members = [m["name"] for m in data.get("alliance_members", [])]
    return commissioners + members + practices("alliance")


def test_execution_page_has_a_block_for_every_party(examples: Path) -> None:
    for profile, docx in _documents(examples):
        expected = _expected_parties(profile, docx.stem)
        blocks = _paragraphs(docx, "SignatureParty")
        assert len(blocks) == len(expected), docx
        for name, block in zip(expected, blocks, strict=True):
            assert name in block, (docx, name, block)
        assert _paragraphs(docx, "Heading1")[-1] == "Execution"
        signatories = [
            c["signatory"]["name"]
            for c in load_yaml(profile).data.get("commissioners", [])
            if "signatory" in c
        ]
        names = "\n".join(_paragraphs(docx, "SignatureLine"))
        if docx.stem == "aco-contract":
            assert all(f"Name\t{s}" in names for s in signatories), docx


def test_signature_blocks_take_the_form_of_each_kind_of_party(examples: Path) -> None:
    blocks = "\n".join(
        _paragraphs(examples / "westshire-pacs" / "integration-agreement.docx", "SignatureParty")
    )
    assert "Westshire Health and Care NHS Foundation Trust by its authorised signatory" in blocks
    assert "Westshire GP Federation Ltd by a director" in blocks
    assert "Cranford Health Ltd trading as Cranford Medical Centre by a director" in blocks
    assert "Signed by Dr Priya Nair trading as Dunsmore Dispensing Practice" in blocks
    contract = "\n".join(
        _paragraphs(examples / "westshire-pacs" / "aco-contract.docx", "SignatureParty")
    )
    assert (
        "Westshire County Council by its authorised signatory (or executed under its common seal"
        in contract
    )


def test_cover_names_the_parties_and_the_date_without_header_or_footer(examples: Path) -> None:
    for profile, docx in _documents(examples):
        data = load_yaml(profile).data
        parts = _parts(docx)
        parties = _paragraphs(docx, "CoverParty")
        assert len(parties) == len(_expected_parties(profile, docx.stem))
        dated = _paragraphs(docx, "CoverDated")
        day = data.get("contract_date")
        assert dated == [f"Dated\t{long_date(day)}" if day else "Dated\t\t"], docx
        section = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
        assert section.find(f"{W}titlePg") is not None
        first = {r.get(f"{W}type"): r for r in section if r.tag.endswith("Reference")}
        assert set(first) == {"default", "first"}
        for cover in ("word/header2.xml", "word/footer2.xml"):
            assert "".join(parts[cover].itertext()) == "", cover  # nothing on the cover


def test_header_names_the_document_and_edition_and_footer_counts_pages(examples: Path) -> None:
    docx = examples / "westshire-pacs" / "aco-contract.docx"
    parts = _parts(docx)
    header = "".join(parts["word/header1.xml"].itertext())
    assert header == (
        "Accountable Care Organisation Contract: Westshire Primary and Acute Care System "
        "| edition aco-2017-08"
    )
    footer = parts["word/footer1.xml"]
    instructions = [t.text.strip() for t in footer.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    shown = "".join(t.text for t in footer.iter(f"{W}t"))
    assert re.fullmatch(r"page 1 of \d+", shown)
    settings = parts["word/settings.xml"]
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_contents_store_page_numbers_and_end_in_the_last_entry(examples: Path) -> None:
    for _, docx in _documents(examples):
        body = _parts(docx)["word/document.xml"].find(f"{W}body")
        bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
        paragraphs = list(body)
        entries = [p for p in paragraphs if _style(p) in ("TOC1", "TOC2")]
        pages = []
        for entry in entries:
            instruction = [t.text for t in entry.iter(f"{W}instrText") if "PAGEREF" in t.text]
            target = instruction[0].split()[1]
            assert target in bookmarks, (docx, target)
            pages.append(int(paragraph_text(entry).rpartition("\t")[2]))
        assert pages == sorted(pages) and pages[0] >= 3, docx  # cover, contents, then the body
        last = paragraphs.index(entries[-1])
        assert paragraphs[last + 1].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"
        ends = [c.get(f"{W}fldCharType") for c in entries[-1].iter(f"{W}fldChar")]
        assert ends[-1] == "end", docx  # the TOC field closes in its last entry


def _bookmarked(body: etree._Element) -> dict[str, str]:
    """Each bookmark's text."""
    texts: dict[str, str] = {}
    open_at: dict[str, str] = {}
    for node in body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}t"):
        if node.tag == f"{W}bookmarkStart":
            open_at[node.get(f"{W}id")] = node.get(f"{W}name")
            texts[node.get(f"{W}name")] = ""
        elif node.tag == f"{W}bookmarkEnd":
            open_at.pop(node.get(f"{W}id"), None)
        else:
            for name in open_at.values():
                texts[name] += node.text or ""
    return texts


def _field_result(element: etree._Element) -> str:
    """The stored result of the field in `element`: the text between separate and end."""
    out, inside = [], False
    for node in element.iter(f"{W}fldChar", f"{W}t"):
        if node.tag == f"{W}fldChar":
            inside = node.get(f"{W}fldCharType") == "separate"
        elif inside:
            out.append(node.text or "")
    return "".join(out)


def test_items_are_word_lists_and_references_are_ref_fields(examples: Path) -> None:
    docx = examples / "westshire-pacs" / "aco-contract.docx"
    parts = _parts(docx)
    body = parts["word/document.xml"].find(f"{W}body")
    numbering = parts["word/numbering.xml"]
    formats = [
        (lvl.find(f"{W}numFmt").get(f"{W}val"), lvl.find(f"{W}lvlText").get(f"{W}val"))
        for lvl in numbering.iter(f"{W}lvl")
    ]
    assert formats[:2] == [("lowerLetter", "(%1)"), ("lowerRoman", "(%2)")]
    defined = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")}
    items = [p for p in body.iter(f"{W}p") if _style(p).startswith("ClauseList")]
    assert items
    for item in items:
        used = item.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        assert used in defined
        assert not re.match(r"\([a-z]+\)\t", paragraph_text(item))  # Word draws the label
    bookmarked = _bookmarked(body)
    refs = 0
    for link in body.iter(f"{W}hyperlink"):
        instruction = "".join(t.text for t in link.iter(f"{W}instrText")).split()
        if instruction[:1] != ["REF"]:
            continue
        refs += 1
        target = instruction[1]
        assert link.get(f"{W}anchor") == target  # still a link where fields are not updated
        assert bookmarked[target] == _field_result(link), target  # the number it shows
    assert refs > 100


def test_paragraph_numbers_fit_their_column_and_agreements_say_clause(examples: Path) -> None:
    for _, docx in _documents(examples):
        for text in _paragraphs(docx, "ClauseText"):
            number = text.partition("\t")[0]
            assert text_width(number, "bold", 22) < 1134, (docx, number)
    agreement = (examples / "westshire-pacs" / "integration-agreement.md").read_text()
    assert "Clause 9" in agreement and not re.search(r"\bclause \d", agreement)
    schedules = _paragraphs(examples / "westshire-pacs" / "aco-contract.docx", "ClauseText")
    assert not any(t.startswith("Schedule") for t in schedules)


def test_placeholders_are_shaded_in_the_run_itself(examples: Path) -> None:
    body = _parts(examples / "exampletown-mcp" / "aco-contract.docx")["word/document.xml"]
    placeholders = [
        r
        for r in body.iter(f"{W}r")
        if (s := r.find(f"{W}rPr/{W}rStyle")) is not None and s.get(f"{W}val") == "Placeholder"
    ]
    assert placeholders
    assert all(r.find(f"{W}rPr/{W}shd").get(f"{W}fill") == "FFF3B0" for r in placeholders)


def _changes(paragraph: etree._Element) -> tuple[str | None, set[str]]:
    """How a paragraph's mark is tracked, and how each of its text runs is."""
    mark = paragraph.find(f"{W}pPr/{W}rPr")
    kind = None
    if mark is not None and len(mark):
        kind = etree.QName(mark[0]).localname
    runs = set()
    for run in paragraph.iter(f"{W}r"):
        if run.find(f"{W}t") is None and run.find(f"{W}delText") is None:
            continue
        parent = etree.QName(run.getparent()).localname
        runs.add(parent if parent in ("ins", "del") else "none")
    return kind, runs


def test_redline_tracks_whole_paragraphs_with_their_marks_and_numbers(derogated: Path) -> None:
    body = _parts(derogated / "redline.docx")["word/document.xml"].find(f"{W}body")
    paragraphs = list(body.iter(f"{W}p"))
    text = {id(p): paragraph_text(p, deleted=True) for p in paragraphs}

    def find(start: str) -> list[etree._Element]:
        return [p for p in paragraphs if text[id(p)].startswith(start)]

    national, local = find("GC37.1\t")
    assert _changes(national) == ("del", {"del"}) and _changes(local) == ("ins", {"ins"})
    deleted = find("SC20.2\tEach Service Development")[0]
    assert _changes(deleted) == ("del", {"del"})
    items = deleted.itersiblings()
    for _ in range(5):  # its items (a) to (e) go with it
        assert _changes(next(items)) == ("del", {"del"})
    assert _changes(find("SC20.2\tNot used.")[0]) == ("ins", {"ins"})
    xml = etree.tostring(body).decode()
    requested = re.findall(r'<w:ins [^>]*w:author="NHS Westshire CCG \(requested\)"[^>]*>', xml)
    assert requested and all('w:date="2019-02-01T00:00:00Z"' in r for r in requested)
    approved = re.findall(r'<w:del [^>]*w:author="[^"]*NHSE-DER-2019-005\)"[^>]*>', xml)
    assert approved and all('w:date="2019-01-20T00:00:00Z"' in r for r in approved)
