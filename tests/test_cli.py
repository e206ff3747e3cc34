"""check, clauses and explain through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from acocontract.domain import RULES, rules_table

from conftest import EXAMPLES, REPO, run_cli, write

BAD = """\
acocontract: 1
name: Broken
model: partially-integrated
care_model: MCP
population: 30000
services: [core-primary-medical, social-care]
commissioners:
  - {name: NHS X CCG, kind: ccg, coordinating: true}
provider: {name: X Ltd, kind: company}
practices:
  - {name: Y Surgery, ods: A00001, contract: GMS, participation: partially-integrated}
term: {commencement: 2018-10-01, years: 10}
"""


def test_check_passes_the_examples() -> None:
    result = run_cli("check", *EXAMPLES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"checked {len(EXAMPLES)} profiles" in result.stdout


def test_check_reports_every_problem_in_every_profile(tmp_path: Path) -> None:
    first = write(tmp_path / "first.yaml", BAD)
    second = write(tmp_path / "second.yaml", BAD.replace("years: 10", "years: 0"))
    result = run_cli("check", first, second)
    assert result.returncode == 1
    out = result.stdout
    shown = first.as_posix()
    assert f"{shown}:6:12: error[core-gp-needs-full]" in out
    assert f"{shown}:6:34: error[local-authority-missing]" in out
    assert f"{first.as_posix()}:5:13: warning[small-population]" in out
    assert f"{second.as_posix()}:12:41: error[bad-value]: term.years must be at least 1" in out
    assert "hint: core general practice stays under the practices' own contracts" in out


def test_json_output_validates_against_its_schema(tmp_path: Path) -> None:
    profile = write(tmp_path / "p.yaml", BAD)
    result = run_cli("check", "--format", "json", profile)
    assert result.returncode == 1
    found = json.loads(result.stdout)
    schema = json.loads((REPO / "schemas" / "diagnostics.schema.json").read_text())
    jsonschema.validate(found, schema)
    assert {d["code"] for d in found} == {
        "core-gp-needs-full",
        "core-gp-commissioner",
        "local-authority-missing",
        "small-population",
        "population-basis-missing",
        "edition-unpinned",
        "placeholders-unfilled",
    }


def test_github_annotations(tmp_path: Path) -> None:
    profile = write(tmp_path / "p.yaml", BAD)
    lines = run_cli("check", "--format", "github", profile).stdout.splitlines()
    shown = profile.as_posix().replace(":", "%3A")
    assert any(
        line.startswith(f"::error file={shown},line=6,col=12,title=core-gp-needs-full::")
        for line in lines
    )
    assert any(line.startswith("::warning ") for line in lines)


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    profile = write(
        tmp_path / "p.yaml",
        BAD.replace("core-primary-medical, social-care", "community"),
    )
    assert run_cli("check", profile).returncode == 0
    assert run_cli("check", "--strict", profile).returncode == 1


def test_check_usage_errors() -> None:
    assert run_cli("check").returncode == 2
    assert run_cli("check", "--format", "xml", EXAMPLES[0]).returncode == 2


def test_clauses_and_explain_give_the_manifest_reasons(tmp_path: Path) -> None:
    profile = REPO / "profiles" / "exampletown-mcp.yaml"
    assert run_cli("build", profile, "-o", tmp_path).returncode == 0
    manifest = json.loads((tmp_path / profile.stem / "manifest.json").read_text())
    listed = json.loads(run_cli("clauses", "--profile", profile, "--json").stdout)
    by_id = {row["id"]: row for row in listed}
    checked = 0
    for document in manifest["documents"]:
        for clause in document["clauses"]:
            row = by_id[clause["id"]]
            assert (row["included"], row["reason"]) == (clause["included"], clause["reason"])
            checked += 1
    assert checked > 100
    for clause_id in ("GC14", "SC49", "GC6"):
        entry = next(c for d in manifest["documents"] for c in d["clauses"] if c["id"] == clause_id)
        explained = run_cli("explain", profile, clause_id)
        assert explained.returncode == 0
        assert entry["reason"] in explained.stdout


def test_clauses_name_the_values_a_schedule_takes() -> None:
    listed = json.loads(run_cli("clauses", "--json").stdout)
    register = next(row for row in listed if row["id"] == "Sch3A")
    assert "wpap_amount" in register["values"]
    assert next(row for row in listed if row["id"] == "GC14")["values"] == []


def test_explain_names_an_unknown_clause() -> None:
    result = run_cli("explain", EXAMPLES[0], "GC99")
    assert result.returncode == 1
    assert "error[unknown-clause]: GC99 is not a clause of edition aco-2017-08" in result.stderr


def test_readme_rule_table_is_generated_from_the_rules(update_golden: bool) -> None:
    readme_path = REPO / "README.md"
    readme = readme_path.read_text()
    start = readme.index("\n", readme.index("<!-- generated from src/acocontract/domain/")) + 1
    end = readme.index("<!-- end of generated rules -->")
    if update_golden:
        readme_path.write_text(readme[:start] + rules_table() + "\n" + readme[end:])
        readme = readme_path.read_text()
        end = readme.index("<!-- end of generated rules -->")
    assert readme[start:end] == rules_table() + "\n", "pytest --update-golden rewrites it"
    assert all(f"| `{rule.code}` | {rule.severity} |" in readme for rule in RULES)
