from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from acocontract.lint import LintResult

# Tests never touch the user's cache: one throwaway cache for the whole run.
os.environ.setdefault("ACOCONTRACT_CACHE", tempfile.mkdtemp(prefix="acocontract-test-cache-"))

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
FIXTURE_LIBRARY = FIXTURES / "library"
EXAMPLES = sorted((REPO / "profiles").glob("*.yaml"))
SEEDS = REPO.parent / "shared" / "seeds"


def need_soffice() -> str:
    """LibreOffice for a `slow` test: skipped where it is not installed, a failure where CI
    requires it (ACOCONTRACT_REQUIRE_SOFFICE, set by .ci/run)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("ACOCONTRACT_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here but is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, in a fresh process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "acocontract", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=300,
    )


@pytest.fixture
def fixture_library(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Use the small, stable test library instead of the national one."""
    monkeypatch.setenv("ACOCONTRACT_CLAUSES", str(FIXTURE_LIBRARY))
    yield FIXTURE_LIBRARY


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff)",
    )


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example profile built once for the whole session (docx, HTML, Markdown)."""
    out = tmp_path_factory.mktemp("examples")
    result = run_cli("build", *EXAMPLES, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


DEROGATIONS = """\
derogations:
  - clause: GC14.2
    action: replace
    text: >
      A party that wishes to refer a [[Dispute]] to mediation must first give the other parties
      10 [[Operational Day|Operational Days]]' notice in writing, naming the issue and the
      outcome it seeks.
    rationale: Local escalation before mediation.
    status: approved
    approval: {reference: NHSE-DER-2019-004, date: 2019-01-15}
  - clause: GC37
    action: replace
    text: |
      Each party bears its own costs of negotiating and entering into this [[Contract]].

      The [[Provider]] bears the costs of its transition to the [[Services]].
    rationale: Local cost allocation.
    status: approved
    approval: {reference: NHSE-DER-2019-005, date: 2019-01-20}
  - clause: SC20.2
    action: delete
    rationale: The content of the improvement plan is agreed locally.
    status: approved
    approval: {reference: NHSE-DER-2019-006, date: 2019-01-22}
  - clause: GC14.5
    action: insert-after
    text: >
      The parties must review together, within 3 months of its resolution, every [[Dispute]]
      that reached mediation.
    rationale: Learning from disputes.
    status: requested
    requested: {date: 2019-02-01}
"""


@pytest.fixture(scope="session")
def derogated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Westshire with one derogation of each action: its draft build, its national build (no
    derogations) and the Word redline between them, once per session."""
    root = tmp_path_factory.mktemp("derogated")
    base = (REPO / "profiles" / "westshire-pacs.yaml").read_text()
    local = write(root / "local.yaml", base.replace("derogations: []\n", DEROGATIONS))
    national = write(root / "national.yaml", base)
    for args in (
        ("build", local, "--draft", "-o", root / "out"),
        ("build", national, "-o", root / "out"),
        ("diff", local, "--draft", "--format", "docx", "-o", root / "redline.docx"),
    ):
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def lint() -> Callable[[str], LintResult]:
    """The library lint of a bundled edition, run once per test session."""
    from acocontract.lint import lint_library

    results: dict[str, LintResult] = {}

    def run(edition: str) -> LintResult:
        if edition not in results:
            results[edition] = lint_library(edition)
        return results[edition]

    return run
