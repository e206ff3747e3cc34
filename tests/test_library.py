"""The bundled national library: every variant assembles cleanly, long enough, all our own words."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from acocontract.check import check_file, require
from acocontract.lint import LintResult, word_count
from acocontract.variants_space import all_variants

from conftest import FIXTURE_LIBRARY, REPO, SEEDS, run_cli, write


@pytest.mark.parametrize("edition", ["aco-2017-08", "mcp-2016-12", "icp-2019-08"])
def test_every_variant_of_every_bundled_edition_assembles_cleanly(
    lint: Callable[[str], LintResult], edition: str
) -> None:
    """Cross-references resolve, terms are defined and used, clauses have text, numbers hold."""
    result = lint(edition)
    partners = edition == "icp-2019-08"  # its LA Integration Agreement adds the partners' axis
    assert result.variants == len(list(all_variants(partners=partners))) > 300
    assert [d.format() for d in result.diagnostics] == []


def test_check_library_says_what_it_covered_and_is_clean() -> None:
    result = run_cli(
        "check",
        "--library",
        "--edition",
        "fx-2020-01",
        env={"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)},
    )
    assert result.returncode == 0, result.stdout
    assert re.search(
        r"linted edition fx-2020-01 over \d{3} variants \(\d+ documents\): clean", result.stdout
    )


def _words(profile: str) -> dict[str, int]:
    ready = require(check_file(REPO / "profiles" / profile))
    return {document.id: word_count(document) for document in ready.assemble()}


def test_documents_are_full_length() -> None:
    fullest = _words("westshire-pacs.yaml")
    assert fullest["aco-contract"] >= 25_000
    assert fullest["integration-agreement"] >= 3_500
    assert _words("northvale-alliance.yaml")["alliance-agreement"] >= 3_500


def test_fullest_contract_has_every_condition_and_schedule() -> None:
    contract = require(check_file(REPO / "profiles" / "westshire-pacs.yaml")).tailored[0]
    ids = {d.clause.id for d in contract.decisions}
    assert {f"SC{n}" for n in range(1, 40)} <= ids
    assert {f"GC{n}" for n in range(1, 40)} <= ids
    left_out = [d.clause.id for d in contract.decisions if not d.included]
    assert left_out == ["GC6", "GC7"]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _ngrams(text: str, n: int = 12) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower().replace("’", "'"))
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_no_twelve_word_run_from_the_seed_documents() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not here ({SEEDS}); CI has them")
    seeds: set[tuple[str, ...]] = set()
    for path in sorted(SEEDS.glob("*")):
        seeds |= _ngrams(path.read_text(encoding="utf-8", errors="replace"))
    copied = []
    for path in sorted((REPO / "clauses").rglob("*.yaml")):
        shared = _ngrams(path.read_text(encoding="utf-8")) & seeds
        copied.extend(f"{path.relative_to(REPO)}: {' '.join(run)}" for run in sorted(shared))
    assert copied == []


def test_lint_finds_placeholders_no_profile_can_supply_even_where_no_variant_reaches(
    tmp_path: Path,
) -> None:
    """A placeholder in a branch no variant renders is still caught, by reading the text."""
    library = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    clause = library / "fx-2020-01" / "contract" / "conditions" / "C9.yaml"
    clause.write_text(
        "id: C9\ntitle: Unreachable\nparagraphs:\n  - n: 1\n    text: >\n"
        "      Text{% if profile.population < 0 %} {{ profile.secret_code }}{% endif %}.\n"
        "  - n: 2\n    text: More{% if profile.population < 0 %} {{ dates.renewal }}{% endif %}.\n"
    )
    result = run_cli(
        "check", "--library", "--edition", "fx-2020-01", env={"ACOCONTRACT_CLAUSES": str(library)}
    )
    assert result.returncode == 1
    assert (
        "C9.yaml:6:1: error[unknown-placeholder]: profile.secret_code is not something a "
        "profile supplies"
    ) in result.stdout
    assert "C9.yaml:8:11: error[unknown-placeholder]: dates.renewal is not something" in (
        result.stdout
    )


@pytest.mark.parametrize("cycle", [["self"], ["a", "b"]])
def test_an_edition_based_on_itself_is_a_located_error(tmp_path: Path, cycle: list[str]) -> None:
    for name, base in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        write(
            tmp_path / name / "edition.yaml",
            f"edition: {name}\ntitle: T\npublished: 2020-01-01\nbased_on: {base}\n",
        )
    result = run_cli(
        "check", "--library", "--edition", cycle[0], env={"ACOCONTRACT_CLAUSES": str(tmp_path)}
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    circle = " -> ".join([*cycle, cycle[0]])
    assert f"error[edition-cycle]: editions are based on each other in a circle: {circle}" in (
        result.stdout + result.stderr
    )
