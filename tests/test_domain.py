"""Each domain rule, broken by a profile, gives its exact located diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from acocontract.check import Ready, check_file
from acocontract.domain import RULES

from conftest import write

BASE = """\
acocontract: 1
name: Rule Test
edition: fx-2020-01
model: partially-integrated
care_model: MCP
population: 60000
services: [community, mental-health]
commissioners:
  - {name: NHS Test CCG, kind: ccg, coordinating: true, delegated_primary_care: true}
provider: {name: Test Care Ltd, kind: company}
practices:
  - {name: First Surgery, ods: A00001, contract: GMS, participation: partially-integrated}
term: {commencement: 2020-04-01, years: 10}
population_basis: the area of Test Council
values: {standards_note: None beyond the national standards.}
"""


CCG = "  - {name: NHS Test CCG, kind: ccg, coordinating: true, delegated_primary_care: true}\n"


def diagnostics(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path / "p.yaml", text)
    return [d.format() for d in check_file(path, "p.yaml").diagnostics]


def replace(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new)


@pytest.mark.usefixtures("fixture_library")
def test_the_base_profile_is_clean(tmp_path: Path) -> None:
    assert diagnostics(tmp_path, BASE) == []


CASES = {
    "core-gp-needs-full": (
        replace("[community, mental-health]", "[core-primary-medical, community]"),
        "p.yaml:7:12: error[core-gp-needs-full]: core primary medical services cannot be in "
        "scope of a partially integrated contract",
    ),
    "fully-without-core": (
        replace("model: partially-integrated", "model: fully-integrated").replace(
            "participation: partially-integrated}",
            "participation: fully-integrated, gp_contract: suspend}",
        ),
        "p.yaml:7:11: warning[fully-without-core]: a fully integrated contract normally "
        "includes core primary medical services",
    ),
    "gp-contract-missing": (
        replace("model: partially-integrated", "model: fully-integrated")
        .replace("[community, mental-health]", "[core-primary-medical, community]")
        .replace("participation: partially-integrated}", "participation: fully-integrated}"),
        "p.yaml:12:5: error[gp-contract-missing]: First Surgery takes part fully, so its GMS "
        "contract must be suspended or terminated",
    ),
    "gp-contract-unused": (
        replace(
            "participation: partially-integrated}",
            "participation: partially-integrated, gp_contract: suspend}",
        ),
        "p.yaml:12:105: warning[gp-contract-unused]: First Surgery keeps its GMS contract, so "
        "`gp_contract` has no effect",
    ),
    "dispensing-full": (
        replace("model: partially-integrated", "model: fully-integrated")
        .replace("[community, mental-health]", "[core-primary-medical, community]")
        .replace(
            "participation: partially-integrated}",
            "participation: fully-integrated, gp_contract: suspend, dispensing: true}",
        ),
        "p.yaml:12:122: error[dispensing-full]: First Surgery is a dispensing practice and "
        "cannot take part on a fully integrated basis",
    ),
    "local-authority-missing": (
        replace("[community, mental-health]", "[community, social-care]"),
        "p.yaml:7:23: error[local-authority-missing]: social-care in scope, but no commissioner "
        "is a local authority",
    ),
    "coordinating-commissioner": (
        replace(
            CCG,
            "  - {name: NHS Test CCG, kind: ccg}\n  - {name: NHS England, kind: nhs-england}\n",
        ),
        "p.yaml:9:3: error[coordinating-commissioner]: 2 commissioners, and 0 of them "
        "co-ordinating: exactly one must be",
    ),
    "provider-for-virtual": (
        replace("model: partially-integrated", "model: virtual").replace(
            "participation: partially-integrated}", "participation: alliance}"
        )
        + "alliance_members: [{name: Test Trust, kind: nhs-trust}]\n",
        "p.yaml:10:11: error[provider-for-virtual]: the virtual model has no provider: the "
        "alliance members keep their own contracts",
    ),
    "alliance-members-missing": (
        replace("model: partially-integrated", "model: virtual")
        .replace("participation: partially-integrated}", "participation: alliance}")
        .replace("provider: {name: Test Care Ltd, kind: company}\n", ""),
        "p.yaml:4:8: error[alliance-members-missing]: a virtual model needs `alliance_members`: "
        "the providers in the alliance",
    ),
    "provider-missing": (
        replace("provider: {name: Test Care Ltd, kind: company}\n", ""),
        "p.yaml:4:8: error[provider-missing]: a partially integrated contract needs a `provider`",
    ),
    "alliance-members-unused": (
        BASE + "alliance_members: [{name: Test Trust, kind: nhs-trust}]\n",
        "p.yaml:16:19: warning[alliance-members-unused]: `alliance_members` are ignored in a "
        "partially integrated contract",
    ),
    "participation-model": (
        replace("participation: partially-integrated}", "participation: alliance}"),
        "p.yaml:12:70: error[participation-model]: First Surgery takes part as 'alliance', "
        "which does not fit a partially integrated model",
    ),
    "no-practices": (
        replace(
            "practices:\n  - {name: First Surgery, ods: A00001, contract: GMS, "
            "participation: partially-integrated}\n",
            "",
        ),
        "p.yaml:4:8: warning[no-practices]: no practices are listed for a partially "
        "integrated contract",
    ),
    "short-term": (
        replace("model: partially-integrated", "model: fully-integrated")
        .replace("[community, mental-health]", "[core-primary-medical, community]")
        .replace(
            "participation: partially-integrated}",
            "participation: fully-integrated, gp_contract: terminate}",
        )
        .replace("years: 10", "years: 6"),
        "p.yaml:13:41: warning[short-term]: a fully integrated contract of 6 years is shorter "
        "than the 10 to 15 years expected",
    ),
    "small-population": (
        replace("population: 60000", "population: 42000"),
        "p.yaml:6:13: warning[small-population]: a population of 42,000 is below the 50,000 "
        "the ACO Contract is aimed at",
    ),
    "derogation-unknown-clause": (
        BASE + "derogations:\n  - {clause: C99.1, action: delete, rationale: Local, "
        "status: requested}\n",
        "p.yaml:17:14: error[derogation-unknown-clause]: C99.1 is not a clause of edition "
        "fx-2020-01",
    ),
    "derogation-not-in-contract": (
        BASE + "derogations:\n  - {clause: C3.1, action: delete, rationale: Local, "
        "status: requested}\n",
        "p.yaml:17:14: error[derogation-not-in-contract]: C3.1 is not in this Contract: left "
        "out: applies only when acute hospital services are in scope",
    ),
    "derogation-rationale": (
        BASE + "derogations:\n  - {clause: C2.2, action: delete, status: requested}\n",
        "p.yaml:17:5: error[derogation-rationale]: the derogation of C2.2 gives no rationale",
    ),
    "derogation-approval": (
        BASE + "derogations:\n  - {clause: C2.2, action: delete, rationale: Local, "
        "status: approved}\n",
        "p.yaml:17:5: error[derogation-approval]: the approved derogation of C2.2 has no "
        "approval reference and date",
    ),
    "derogation-reapproval": (
        BASE + "derogations:\n  - {clause: C2.2, action: delete, rationale: Local, "
        "status: requested, against: fx-2019-01}\n"
        "  - {clause: C2, action: delete, rationale: Local, status: requested, "
        "against: fx-2019-01}\n",
        "p.yaml:18:80: warning[derogation-reapproval]: the national wording of C2 changed "
        "between fx-2019-01 and fx-2020-01: the derogation needs re-approval",
    ),
    "derogation-against-unknown": (
        BASE + "derogations:\n  - {clause: C2.2, action: delete, rationale: Local, "
        "status: requested, against: fx-1999-01}\n",
        "p.yaml:17:82: error[derogation-against-unknown]: the derogation of C2.2 was approved "
        "against 'fx-1999-01', which is not a bundled edition",
    ),
    "derogation-unmarked-term": (
        BASE + "derogations:\n  - {clause: C2.2, action: replace, rationale: Local, "
        "status: requested, text: The Provider must tell the commissioners.}\n",
        "p.yaml:17:80: warning[derogation-unmarked-term]: the local wording of C2.2 writes "
        "'Provider', the defined term 'Provider', without its markup",
    ),
    "derogation-text": (
        BASE + "derogations:\n  - {clause: C2.2, action: replace, rationale: Local, "
        "status: requested}\n",
        "p.yaml:17:5: error[derogation-text]: a 'replace' derogation of C2.2 needs `text`",
    ),
    "core-gp-commissioner": (
        replace("model: partially-integrated", "model: fully-integrated")
        .replace("coordinating: true, delegated_primary_care: true}", "coordinating: true}")
        .replace("[community, mental-health]", "[core-primary-medical, community]")
        .replace(
            "participation: partially-integrated}",
            "participation: fully-integrated, gp_contract: suspend}",
        ),
        "p.yaml:7:12: error[core-gp-commissioner]: core primary medical services are in scope, "
        "but neither NHS England nor a CCG with delegated primary care commissioning is a "
        "commissioner",
    ),
    "delegation-not-ccg": (
        replace(
            CCG,
            CCG + "  - {name: NHS England, kind: nhs-england, delegated_primary_care: true}\n",
        ),
        "p.yaml:10:68: error[delegation-not-ccg]: NHS England is not a CCG, so it cannot hold "
        "delegated primary care commissioning",
    ),
    "pooling-without-local-authority": (
        BASE + "pooling: pooled-fund\n",
        "p.yaml:16:10: error[pooling-without-local-authority]: `pooling: pooled-fund` needs a "
        "local authority commissioner",
    ),
    "population-basis-missing": (
        replace("population_basis: the area of Test Council\n", ""),
        "p.yaml:6:13: warning[population-basis-missing]: no `population_basis`: the Population "
        "is defined by registration with the practices alone, leaving out unregistered residents",
    ),
    "unknown-value": (
        replace("values: {standards_note:", "values: {standard_note:"),
        "p.yaml:15:10: error[unknown-value]: no clause of fx-2020-01 uses the value "
        "'standard_note'",
    ),
    "placeholders-unfilled": (
        replace("values: {standards_note: None beyond the national standards.}\n", ""),
        "p.yaml:1:1: warning[placeholders-unfilled]: 1 placeholder left for local completion: "
        "standards_note",
    ),
    "edition-unpinned": (
        replace("edition: fx-2020-01\n", "").replace(
            "values: {standards_note: None beyond the national standards.}\n", ""
        ),
        "p.yaml:1:14: warning[edition-unpinned]: no `edition`: the profile is built against "
        "aco-2017-08, the default",
    ),
    "provider-kind-edition": (
        replace("edition: fx-2020-01", "edition: fx-2019-01"),
        "p.yaml:10:39: error[provider-kind-edition]: under fx-2019-01 the contract is held by "
        "an NHS trust or NHS foundation trust, not a company limited by shares or guarantee",
    ),
    "partner-service-in-scope": (
        replace("[community, mental-health]", "[community, social-care]").replace(
            CCG,
            CCG + "  - {name: Test Council, kind: local-authority}\n",
        )
        + "local_authority_partners: [{name: Test Council, services: [social-care]}]\n",
        "p.yaml:17:59: warning[partner-service-in-scope]: Test Council integrates social-care, "
        "which the contract has in scope",
    ),
    "partners-virtual": (
        replace("model: partially-integrated", "model: virtual")
        .replace("participation: partially-integrated}", "participation: alliance}")
        .replace("provider: {name: Test Care Ltd, kind: company}\n", "")
        + "alliance_members: [{name: Test Trust, kind: nhs-trust}]\n"
        + "local_authority_partners: [{name: Test Council, services: [public-health]}]\n",
        "p.yaml:16:27: error[partners-virtual]: local authority partners integrate with the "
        "provider, which a virtual model has not",
    ),
}


def test_every_rule_has_a_case() -> None:
    assert {rule.code for rule in RULES} == set(CASES)


@pytest.mark.usefixtures("fixture_library")
@pytest.mark.parametrize("code", sorted(CASES))
def test_rule(tmp_path: Path, code: str) -> None:
    text, expected = CASES[code]
    found = diagnostics(tmp_path, text)
    assert expected in found, "\n".join(found)
    errors = [line for line in found if "error[" in line]
    assert all(f"[{code}]" in line for line in errors), "\n".join(errors)


SCHEMA_CASES = {
    "impossible date": (
        replace("2020-04-01", "2020-02-30"),
        "p.yaml:13:22: error[bad-value]: term.commencement: '2020-02-30' is not a real date",
    ),
    "ODS code": (
        replace("ods: A00001", "ods: C1234"),
        "p.yaml:12:32: error[bad-value]: practices[0].ods: 'C1234' is not a GP practice ODS code",
    ),
    "empty name": (
        replace("name: Rule Test", "name: '  '"),
        "p.yaml:2:7: error[bad-value]: name is empty",
    ),
    "term too long": (
        replace("years: 10", "years: 20"),
        "p.yaml:13:41: error[bad-value]: term.years must be at most 15, not 20",
    ),
    "typed break points": (
        replace("years: 10}", "years: 10, break_points: [2022-04-01]}"),
        "p.yaml:13:45: error[unknown-key]: unknown key 'break_points' in term",
    ),
}


@pytest.mark.usefixtures("fixture_library")
@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_schema_rule(tmp_path: Path, case: str) -> None:
    text, expected = SCHEMA_CASES[case]
    assert expected in diagnostics(tmp_path, text)


@pytest.mark.usefixtures("fixture_library")
def test_break_points_are_computed_every_two_years(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", BASE)
    checked = check_file(path)
    assert isinstance(checked, Ready)
    assert [d.isoformat() for d in checked.profile.term.break_points] == [
        "2022-04-01",
        "2024-04-01",
        "2026-04-01",
        "2028-04-01",
    ]
    assert checked.profile.term.expiry.isoformat() == "2030-03-31"


@pytest.mark.usefixtures("fixture_library")
def test_unchanged_national_wording_needs_no_reapproval(tmp_path: Path) -> None:
    found = diagnostics(
        tmp_path,
        BASE + "derogations:\n  - {clause: C2.2, action: delete, rationale: Local, "
        "status: requested, against: fx-2019-01}\n",
    )
    assert found == []
