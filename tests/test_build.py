"""`acocontract build` end to end, through the real command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from acocontract.library import load_edition
from acocontract.loader import load_yaml
from acocontract.tree import split_label

from conftest import EXAMPLES, REPO, files_under, run_cli, write

EXPECTED_DOCUMENTS = {
    "virtual": {"alliance-agreement"},
    "partially-integrated": {"aco-contract", "integration-agreement"},
    "fully-integrated": {"aco-contract"},
}


def expected_documents(profile: Path) -> set[str]:
    data = load_yaml(profile).data
    documents = set(EXPECTED_DOCUMENTS[data["model"]])
    participations = {p["participation"] for p in data.get("practices", [])}
    if data["model"] == "fully-integrated" and "partially-integrated" in participations:
        documents.add("integration-agreement")  # a mixed economy
    if data.get("edition") == "icp-2019-08":  # the 2019 edition renamed two documents
        renamed = {
            "aco-contract": "icp-contract",
            "integration-agreement": "gp-integration-agreement",
        }
        documents = {renamed.get(d, d) for d in documents}
        if data.get("local_authority_partners"):
            documents.add("la-integration-agreement")
    return documents


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run_cli("build", *EXAMPLES, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def test_examples_cover_every_model_and_a_full_pacs() -> None:
    models = {load_yaml(p).data["model"] for p in EXAMPLES}
    assert models == set(EXPECTED_DOCUMENTS)
    assert any(
        load_yaml(p).data["care_model"] == "PACS"
        and {"acute", "social-care", "public-health"} <= set(load_yaml(p).data["services"])
        and expected_documents(p) == {"aco-contract", "integration-agreement"}
        for p in EXAMPLES
    )


@pytest.mark.parametrize("profile", EXAMPLES, ids=lambda p: p.stem)
def test_each_model_gets_exactly_its_documents(built: Path, profile: Path) -> None:
    documents = expected_documents(profile)
    expected = {f"{d}.{fmt}" for d in documents for fmt in ("docx", "html", "md")}
    assert set(files_under(built / profile.stem)) == expected | {"manifest.json"}


@pytest.mark.parametrize("profile", EXAMPLES, ids=lambda p: p.stem)
def test_manifest_lists_every_national_clause_with_a_reason(built: Path, profile: Path) -> None:
    manifest = json.loads((built / profile.stem / "manifest.json").read_text())
    edition = load_edition(manifest["edition"]["id"])
    assert manifest["model"] == load_yaml(profile).data["model"]
    for document in manifest["documents"]:
        spec = next(d for d in edition.documents if d.id == document["id"])
        assert [c["id"] for c in document["clauses"]] == [c.id for c in spec.clauses]
        for clause in document["clauses"]:
            assert clause["reason"]
            assert isinstance(clause["included"], bool)
        for fmt, entry in document["files"].items():
            assert entry["path"] == f"{document['id']}.{fmt}"


def test_building_twice_gives_identical_bytes(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = run_cli("build", *EXAMPLES, "-o", again)
    assert result.returncode == 0, result.stderr
    names = files_under(built)
    assert names == files_under(again)
    for name in names:
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


def test_acute_only_clause_is_shown_as_not_used_in_an_mcp_and_present_in_a_pacs(
    built: Path,
) -> None:
    edition = load_edition("aco-2017-08")
    contract = next(d for d in edition.documents if d.id == "aco-contract")
    acute_only = [c for c in contract.clauses if c.applies.to_data() == {"services": ["acute"]}]
    assert acute_only, "the library has conditions that apply only with acute services"
    clause = acute_only[0]
    mcp = (built / "exampletown-mcp" / "aco-contract.md").read_text()
    pacs = (built / "westshire-pacs" / "aco-contract.md").read_text()
    heading = f"### {clause.label} {clause.title}\n\nNot used.\n"
    assert heading in mcp
    number = split_label(edition.sub_label(clause, 1))[1]  # "1": the schedule's own numbering
    assert f"### {clause.label} {clause.title}\n\n**{number}**" in pacs
    manifest = json.loads((built / "exampletown-mcp" / "manifest.json").read_text())
    entry = next(c for d in manifest["documents"] for c in d["clauses"] if c["id"] == clause.id)
    assert entry["included"] is False
    assert entry["reason"] == "left out: applies only when acute hospital services are in scope"


def test_invalid_profile_reports_every_problem_located_and_writes_nothing(tmp_path: Path) -> None:
    profile = write(
        tmp_path / "bad.yaml",
        "acocontract: 1\n"
        "name: Bad\n"
        "model: partialy-integrated\n"
        "care_model: MCP\n"
        "population: lots\n"
        "services: [community]\n"
        "commissioners: [{name: X CCG, kind: ccg}]\n"
        "term: {commencement: 2018-10-01, years: 10}\n"
        "servics: []\n",
    )
    out = tmp_path / "out"
    result = run_cli("build", profile, "-o", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = profile.as_posix()
    assert f"{shown}:3:8: error[bad-value]: model cannot be 'partialy-integrated'" in result.stderr
    assert "did you mean 'partially-integrated'?" in result.stderr
    assert f"{shown}:5:13: error[wrong-type]: population must be a whole number" in result.stderr
    assert f"{shown}:9:1: error[unknown-key]: unknown key 'servics'" in result.stderr
    assert "did you mean 'services'?" in result.stderr
    assert not out.exists()


def test_one_bad_profile_stops_the_whole_build(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "acocontract: 1\n")
    out = tmp_path / "out"
    result = run_cli("build", EXAMPLES[0], bad, "-o", out)
    assert result.returncode == 1
    assert "missing-key" in result.stderr
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("build", EXAMPLES[0], "--format", "pdf2", "-o", tmp_path).returncode == 2
    assert run_cli("build").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def _library_copy(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(REPO / "clauses", root)
    return root


def test_reference_to_a_missing_clause_fails_with_file_and_line(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    clause = root / "aco-2017-08" / "aco-contract" / "general-conditions" / "GC14.yaml"
    text = clause.read_text()
    clause.write_text(text + '  - n: 99\n    text: See {{ ref("GC99") }} for more.\n')
    line = len(text.splitlines()) + 2
    out = tmp_path / "out"
    result = run_cli("build", EXAMPLES[0], "-o", out, env={"ACOCONTRACT_CLAUSES": str(root)})
    assert result.returncode == 1
    assert f"GC14.yaml:{line}:11: error[broken-ref]: the reference 'GC99' names no clause" in (
        result.stderr
    )
    assert not out.exists()


def test_reference_to_a_clause_left_out_of_this_contract_fails(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    clause = root / "aco-2017-08" / "aco-contract" / "general-conditions" / "GC14.yaml"
    acute = next(
        c.id
        for c in load_edition("aco-2017-08").documents[0].clauses
        if c.applies.to_data() == {"services": ["acute"]}
    )
    clause.write_text(clause.read_text() + f'  - n: 99\n    text: See {{{{ ref("{acute}") }}}}.\n')
    mcp = REPO / "profiles" / "exampletown-mcp.yaml"
    result = run_cli("build", mcp, "-o", tmp_path / "out", env={"ACOCONTRACT_CLAUSES": str(root)})
    assert result.returncode == 1
    assert f"error[broken-ref]: {acute} is not in this Contract: left out" in result.stderr


def test_installed_wheel_works_outside_the_repository(tmp_path: Path) -> None:
    """`pip install .` ships the library and schemas: build from an empty folder."""
    import subprocess
    import sys
    import zipfile

    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("acocontract-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "acocontract/clauses/aco-2017-08/edition.yaml" in names
        assert "acocontract/schemas/profile.schema.json" in names
        archive.extractall(site)
    empty = tmp_path / "empty"
    empty.mkdir()
    for profile in EXAMPLES:
        shutil.copy(profile, empty / profile.name)
    env = {"PYTHONPATH": str(site), "ACOCONTRACT_CLAUSES": ""}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import acocontract, sys; print(acocontract.__file__); "
            "from acocontract.cli import main; sys.argv[0] = 'acocontract'; main()",
            "build",
            *[p.name for p in EXAMPLES],
        ],
        capture_output=True,
        text=True,
        cwd=empty,
        env={**__import__("os").environ, **env},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site))
    for profile in EXAMPLES:
        for document in expected_documents(profile):
            assert (empty / "out" / profile.stem / f"{document}.docx").is_file()


def test_the_parsed_library_cache_changes_nothing(tmp_path: Path) -> None:
    """A build with an empty cache, one that fills it and one that reads it: identical bytes."""
    outputs = []
    for run, cache in enumerate(("off", str(tmp_path / "cache"), str(tmp_path / "cache"))):
        out = tmp_path / f"out{run}"
        result = run_cli("build", EXAMPLES[-1], "-o", out, env={"ACOCONTRACT_CACHE": cache})
        assert result.returncode == 0, result.stderr
        outputs.append({name: (out / name).read_bytes() for name in files_under(out)})
    assert outputs[0] == outputs[1] == outputs[2]
    assert any((tmp_path / "cache" / "editions").iterdir())


def test_an_edited_library_is_read_afresh_not_from_the_cache(tmp_path: Path) -> None:
    root = _library_copy(tmp_path)
    env = {"ACOCONTRACT_CLAUSES": str(root), "ACOCONTRACT_CACHE": str(tmp_path / "cache")}
    profile = REPO / "profiles" / "riverside-fully-mcp.yaml"
    assert run_cli("build", profile, "-o", tmp_path / "a", env=env).returncode == 0
    clause = root / "aco-2017-08" / "aco-contract" / "general-conditions" / "GC39.yaml"
    clause.write_text(
        clause.read_text().replace("title: Governing Law and Jurisdiction", "title: Governing Law")
    )
    assert run_cli("build", profile, "-o", tmp_path / "b", env=env).returncode == 0
    md = (tmp_path / "b" / profile.stem / "aco-contract.md").read_text()
    assert "### GC39 Governing Law\n" in md
