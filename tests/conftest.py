from __future__ import annotations

import os
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
