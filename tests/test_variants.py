"""`acocontract variants`: every combination, sharded, cached, checked; reproducible bytes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLES, FIXTURE_LIBRARY, FIXTURES, files_under, need_soffice, run_cli, write

ENV = {"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)}
MATRIX = f"""\
matrix: 1
profiles: [{FIXTURES / "profiles" / "fx-partial.yaml"}, {FIXTURES / "profiles" / "fx-pacs.yaml"}]
models: [virtual, partially-integrated, fully-integrated]
services:
  community: [community]
  acute: [community, acute]
  gp: [core-primary-medical, community]
editions: [fx-2020-01, fx-2019-01]
"""


@pytest.fixture
def matrix(tmp_path: Path) -> Path:
    return write(tmp_path / "matrix.yaml", MATRIX)


def variants(matrix: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    result = run_cli("variants", matrix, "-o", out, *extra, env={**ENV, **(env or {})})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def contents(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in files_under(root)}


def test_every_allowed_combination_is_built_and_the_rest_skipped_with_reasons(
    matrix: Path, tmp_path: Path
) -> None:
    output = variants(matrix, tmp_path / "out", "-j", "1")
    assert "22 built, 0 unchanged, 14 skipped" in output
    assert (
        "skipped fx-pacs--partial--gp--fx-2019-01: core-gp-needs-full: core primary medical "
        "services cannot be in scope of a partially integrated contract"
    ) in output
    built = tmp_path / "out" / "fx-pacs--virtual--acute--fx-2020-01"
    assert sorted(p.name for p in built.iterdir()) == [
        "agreement.docx",
        "agreement.html",
        "agreement.md",
        "manifest.json",
    ]
    index = json.loads((tmp_path / "out" / "variants.json").read_text())
    assert len(index["variants"]) == 22 and len(index["skipped"]) == 14
    for entry in index["variants"].values():
        for path, digest in entry["files"].items():
            assert hashlib.sha256((tmp_path / "out" / path).read_bytes()).hexdigest() == digest


def test_shards_together_build_exactly_the_unsharded_set(matrix: Path, tmp_path: Path) -> None:
    variants(matrix, tmp_path / "whole", "-j", "2")
    whole = contents(tmp_path / "whole")
    merged: dict[str, bytes] = {}
    names: list[set[str]] = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}"
        variants(matrix, out, "--shard", f"{k}/3")
        index = json.loads((out / "variants.json").read_text())
        names.append(set(index["variants"]))
        merged.update({n: b for n, b in contents(out).items() if n != "variants.json"})
    assert all(names) and not (names[0] & names[1] or names[0] & names[2] or names[1] & names[2])
    assert merged == {n: b for n, b in whole.items() if n != "variants.json"}


def test_warm_run_rebuilds_nothing_and_a_change_rebuilds_only_its_variants(
    tmp_path: Path,
) -> None:
    base = write(tmp_path / "base.yaml", (FIXTURES / "profiles" / "fx-partial.yaml").read_text())
    write(tmp_path / "other.yaml", (FIXTURES / "profiles" / "fx-pacs.yaml").read_text())
    matrix = write(
        tmp_path / "m.yaml",
        "matrix: 1\nprofiles: [base.yaml, other.yaml]\neditions: [fx-2020-01, fx-2019-01]\n",
    )
    out = tmp_path / "out"
    # base's provider is a company, which fx-2019-01 does not allow: three variants
    assert "3 built, 0 unchanged, 1 skipped" in variants(matrix, out)
    assert "0 built, 3 unchanged" in variants(matrix, out)
    base.write_text(base.read_text().replace("Fixture Partial MCP", "Renamed MCP"))
    assert "1 built, 2 unchanged" in variants(matrix, out)
    (out / "other--fx-2019-01" / "contract.md").unlink()
    assert "1 built, 2 unchanged" in variants(matrix, out)


def test_check_passes_fresh_outputs_and_names_an_edited_one(matrix: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    variants(matrix, out)
    before = contents(out)
    fresh = run_cli("variants", matrix, "-o", out, "--check", env=ENV)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    edited = out / "fx-partial--full--community--fx-2020-01" / "contract.md"
    edited.write_text(edited.read_text() + "\nA local edit.\n")
    stale = run_cli("variants", matrix, "-o", out, "--check", env=ENV)
    assert stale.returncode == 1
    assert f"out of date: {edited}" in stale.stdout + stale.stderr
    after = contents(out)
    assert {n: b for n, b in after.items() if n != edited.relative_to(out).as_posix()} == {
        n: b for n, b in before.items() if n != edited.relative_to(out).as_posix()
    }


def test_outputs_do_not_depend_on_hash_seed_or_parallelism(matrix: Path, tmp_path: Path) -> None:
    variants(matrix, tmp_path / "a", "-j", "1", env={"PYTHONHASHSEED": "1"})
    variants(matrix, tmp_path / "b", "-j", "2", env={"PYTHONHASHSEED": "4242"})
    assert contents(tmp_path / "a") == contents(tmp_path / "b")


def test_bad_matrix_and_shard_are_reported(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "matrix: 1\nprofiles: [x.yaml]\nmodels: [semi]\n")
    result = run_cli("variants", bad, "-o", tmp_path / "out", env=ENV)
    assert result.returncode == 1
    assert "bad.yaml:3:10: error[bad-value]: models[0] cannot be 'semi'" in result.stderr
    good = write(tmp_path / "m.yaml", MATRIX)
    assert run_cli("variants", good, "--shard", "4/3", env=ENV).returncode == 2


@pytest.mark.slow
def test_pdf_is_made_and_reproducible(tmp_path: Path) -> None:
    need_soffice()
    profile = FIXTURES / "profiles" / "fx-pacs.yaml"
    for out in ("a", "b"):
        result = run_cli("build", profile, "-o", tmp_path / out, "--format", "md,pdf", env=ENV)
        assert result.returncode == 0, result.stderr
    first = (tmp_path / "a" / "fx-pacs" / "contract.pdf").read_bytes()
    assert first.startswith(b"%PDF")
    assert first == (tmp_path / "b" / "fx-pacs" / "contract.pdf").read_bytes()
    manifest = json.loads((tmp_path / "a" / "fx-pacs" / "manifest.json").read_text())
    assert set(manifest["documents"][0]["files"]) == {"md", "pdf"}


def test_pdf_without_libreoffice_names_the_package(tmp_path: Path) -> None:
    bare = tmp_path / "bin"
    bare.mkdir()
    result = run_cli(
        "build",
        EXAMPLES[0],
        "-o",
        tmp_path / "out",
        "--format",
        "pdf",
        env={"PATH": str(bare), "HOME": os.environ.get("HOME", "/tmp")},
    )
    assert result.returncode == 1
    assert "error[no-libreoffice]" in result.stderr
    assert "libreoffice-writer-nogui" in result.stderr
    assert not (tmp_path / "out").exists()


def test_limits_on_matrix_size_jobs_and_shards(tmp_path: Path) -> None:
    """A matrix too large is refused before any work, naming the limit and the flag that
    raises it; more jobs than cores or variants is fine; a shard in other digits is a usage
    error, not a traceback."""
    matrix = write(tmp_path / "m.yaml", MATRIX)
    many = run_cli("variants", matrix, "-o", tmp_path / "o", "--max-variants", "30", env=ENV)
    assert many.returncode == 1 and not (tmp_path / "o").exists()
    assert "error[too-many-variants]: the matrix describes 36 variants; the limit is 30" in (
        many.stderr
    )
    assert "--max-variants" in many.stderr
    one = write(
        tmp_path / "one.yaml", f"matrix: 1\nprofiles: [{FIXTURES / 'profiles' / 'fx-pacs.yaml'}]\n"
    )
    assert "1 built" in variants(one, tmp_path / "j", "-j", "300")
    odd = run_cli("variants", matrix, "--shard", "²/³", env=ENV)
    assert odd.returncode == 2 and "Traceback" not in odd.stderr
