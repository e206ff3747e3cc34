"""The bundled national library: every variant assembles cleanly, long enough, all our own words."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from acocontract.assemble import assemble
from acocontract.lint import lint_library, word_count
from acocontract.profile import check_profile_file
from acocontract.tailor import tailor
from acocontract.variants_space import all_variants

from conftest import FIXTURE_LIBRARY, REPO, SEEDS, run_cli


@pytest.fixture(scope="module")
def lint() -> object:
    return lint_library("aco-2017-08")


def test_every_variant_assembles_cleanly(lint: object) -> None:
    """Cross-references resolve, terms are defined and used, clauses have text, numbers hold."""
    result = lint
    assert result.variants == len(list(all_variants())) > 300  # type: ignore[attr-defined]
    problems = [d.format() for d in result.diagnostics]  # type: ignore[attr-defined]
    assert problems == []


def test_check_library_is_clean_and_says_what_it_covered() -> None:
    result = run_cli("check", "--library")
    assert result.returncode == 0, result.stdout
    assert re.search(
        r"linted edition aco-2017-08 over \d{3} variants \(\d+ documents\): clean", result.stdout
    )


def test_the_derived_2016_edition_lints_clean_too() -> None:
    result = lint_library("mcp-2016-12")
    assert [d.format() for d in result.diagnostics] == []


def _words(profile: str) -> dict[str, int]:
    checked = check_profile_file(REPO / "profiles" / profile)
    assert checked.profile is not None and checked.edition is not None
    return {
        doc.spec.id: word_count(assemble(checked.profile, checked.edition, doc))
        for doc in tailor(checked.profile, checked.edition)
    }


def test_documents_are_full_length() -> None:
    fullest = _words("westshire-pacs.yaml")
    assert fullest["aco-contract"] >= 25_000
    assert fullest["integration-agreement"] >= 3_500
    assert _words("northvale-alliance.yaml")["alliance-agreement"] >= 3_500


def test_fullest_contract_has_every_condition_and_schedule() -> None:
    checked = check_profile_file(REPO / "profiles" / "westshire-pacs.yaml")
    assert checked.profile is not None and checked.edition is not None
    contract = tailor(checked.profile, checked.edition)[0]
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


def test_originality_check_would_catch_a_copied_sentence() -> None:
    sentence = "one two three four five six seven eight nine ten eleven twelve"
    assert len(_ngrams(sentence)) == 1
    assert _ngrams("x " + sentence + " y") & _ngrams(sentence)


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
