"""Hostile input: every bad profile and bad clause file gives its located diagnostic, quickly,
with no traceback and no files written, through both `check` and `build`.

The corpus is `tests/hostile/`: profiles/ and clauses/ hold the cases and `expected.txt` the
diagnostic each must give (`case | line:col: severity[code]: message start`). Cases that would
be unwieldy as files (huge, non-UTF-8, alias bombs, deep nesting) are generated here.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from acocontract.cli import app

from conftest import FIXTURE_LIBRARY, run_cli, write

HOSTILE = Path(__file__).parent / "hostile"
VALID = (Path(__file__).parent / "fixtures" / "profiles" / "fx-partial.yaml").read_text()


def _expected() -> dict[str, str]:
    table = {}
    for line in (HOSTILE / "expected.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            case, _, diagnostic = line.partition(" | ")
            table[case.strip()] = diagnostic.strip()
    return table


EXPECTED = _expected()


def _generated(name: str, folder: Path) -> Path:
    path = folder / name
    if name == "non-utf8.yaml":
        path.write_bytes(b"acocontract: 1\nname: Caf\xe9 Partnership\n")
    elif name == "huge.yaml":
        path.write_text(
            "acocontract: 1\nvalues:\n" + "".join(f"  key_{i}: {'x' * 80}\n" for i in range(40_000))
        )
    elif name == "alias-bomb.yaml":
        lines = ["acocontract: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
        path.write_text("\n".join(lines) + "\n")
    elif name == "deep-nesting.yaml":
        path.write_text("acocontract: 1\nvalues: " + "[" * 200 + "]" * 200 + "\n")
    else:
        raise KeyError(name)
    return path


GENERATED = ["non-utf8.yaml", "huge.yaml", "alias-bomb.yaml", "deep-nesting.yaml"]
PROFILE_CASES = sorted(p.name for p in (HOSTILE / "profiles").glob("*.yaml")) + GENERATED
CLAUSE_CASES = sorted(p.name for p in (HOSTILE / "clauses").glob("*.yaml"))


def test_the_corpus_is_large_and_every_case_has_its_diagnostic() -> None:
    cases = {f"profiles/{c}" for c in PROFILE_CASES} | {f"clauses/{c}" for c in CLAUSE_CASES}
    assert len(cases) >= 30
    assert cases == set(EXPECTED)


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, float]:
    runner = CliRunner()
    started = time.monotonic()
    result = runner.invoke(app, args, env={"NO_COLOR": "1", **(env or {})})
    elapsed = time.monotonic() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the test fails with it
    return result.exit_code, result.output, elapsed


def _assert_refused(
    command: str, case: str, target: Path, out: Path, cwd: Path, env: dict[str, str] | None = None
) -> None:
    args = [command, str(target)] + (["-o", str(out)] if command == "build" else [])
    code, output, elapsed = _run(args, env)
    assert code == 1, output
    assert "Traceback" not in output
    assert EXPECTED[case] in output, f"{case}: expected {EXPECTED[case]!r} in\n{output}"
    assert elapsed < 5, f"{case} took {elapsed:.1f}s"
    assert not out.exists()
    assert sorted(p.name for p in cwd.iterdir()) == [target.name]  # nothing else written


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", PROFILE_CASES)
def test_bad_profile(
    tmp_path: Path, case: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACOCONTRACT_CLAUSES", str(FIXTURE_LIBRARY))
    monkeypatch.chdir(tmp_path)
    if case in GENERATED:
        target = _generated(case, tmp_path)
    else:
        target = tmp_path / case
        shutil.copy(HOSTILE / "profiles" / case, target)
    _assert_refused(command, f"profiles/{case}", target, tmp_path / "out", tmp_path)
    assert not Path("/tmp/acocontract-pwned").exists()


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", CLAUSE_CASES)
def test_bad_clause_file(
    tmp_path: Path, case: str, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, library)
    shutil.copy(HOSTILE / "clauses" / case, library / "fx-2020-01/contract/conditions/C9.yaml")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    profile = write(work / "p.yaml", VALID)
    if command == "check":
        # a bad clause file is the library's problem: check --library finds it too
        code, output, _ = _run(
            ["check", "--library", "--edition", "fx-2020-01"], {"ACOCONTRACT_CLAUSES": str(library)}
        )
        assert code == 1 and EXPECTED[f"clauses/{case}"] in output, output
    _assert_refused(
        command,
        f"clauses/{case}",
        profile,
        work / "out",
        work,
        {"ACOCONTRACT_CLAUSES": str(library)},
    )


@pytest.mark.usefixtures("fixture_library")
def test_jinja_in_profile_values_is_printed_never_run(tmp_path: Path) -> None:
    profile = write(
        tmp_path / "p.yaml",
        VALID.replace(
            'standards_note: "Local standard: <b>{{ 7 * 7 }}</b> & *not* markup [[Provider]] '
            '![x](http://e.example/i.png) [Sign here](https://e.example/) &amp;"',
            "standards_note: \"{{ ''.__class__.__mro__[1].__subclasses__() }} {% for x in y %}\"",
        ),
    )
    assert "__class__" in profile.read_text()
    code, output, _ = _run(["build", str(profile), "-o", str(tmp_path / "out")])
    assert code == 0, output
    md = (tmp_path / "out" / "p" / "contract.md").read_text()
    assert (
        "{{ ''.\\_\\_class\\_\\_.\\_\\_mro\\_\\_\\[1\\].\\_\\_subclasses\\_\\_() }} "
        "{% for x in y %}" in md
    )


@pytest.mark.usefixtures("fixture_library")
@pytest.mark.parametrize("name", ["..yaml", "...yaml", ".hidden.yaml"])
def test_output_names_cannot_escape_the_output_folder(tmp_path: Path, name: str) -> None:
    profile = write(tmp_path / "in" / name, VALID)
    out = tmp_path / "deep" / "out"
    code, output, _ = _run(["build", str(profile), "-o", str(out)])
    assert code == 1
    assert "error[bad-output-name]" in output
    assert not (tmp_path / "deep").exists()


@pytest.mark.usefixtures("fixture_library")
def test_two_profiles_with_one_name_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path / "a" / "same.yaml", VALID)
    second = write(tmp_path / "b" / "same.yaml", VALID)
    code, output, _ = _run(["build", str(first), str(second), "-o", str(tmp_path / "out")])
    assert code == 1 and "error[duplicate-output-name]" in output


@pytest.mark.usefixtures("fixture_library")
def test_unwritable_output_folder_is_a_located_error(tmp_path: Path) -> None:
    profile = write(tmp_path / "p.yaml", VALID)
    blocker = write(tmp_path / "blocker", "a file where a folder should be")
    code, output, _ = _run(["build", str(profile), "-o", str(blocker / "out")])
    assert code == 1
    assert f"{blocker / 'out'}:1:1: error[cannot-write]: cannot write the output" in output
    assert "Traceback" not in output


@pytest.mark.usefixtures("fixture_library")
def test_interrupted_build_leaves_the_earlier_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = write(tmp_path / "p.yaml", VALID)
    out = tmp_path / "out"
    code, output, _ = _run(["build", str(profile), "-o", str(out)])
    assert code == 0, output
    before = {p.name: p.read_bytes() for p in (out / "p").iterdir()}
    write(tmp_path / "p.yaml", VALID.replace("Fixture Partial MCP", "Changed Name"))

    import acocontract.write as write_module

    calls = {"n": 0}
    real_fsync = os.fsync

    def interrupt(fd: int) -> None:  # the third file's sync is interrupted (Ctrl-C)
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(write_module.os, "fsync", interrupt)
    result = CliRunner().invoke(app, ["build", str(profile), "-o", str(out)])
    assert result.exit_code != 0  # click turns the interrupt into "Aborted!"
    assert calls["n"] >= 3
    after = {p.name: p.read_bytes() for p in (out / "p").iterdir()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == ["p"]  # no staging folder left behind


def test_a_file_name_that_is_not_utf8_is_refused_alike_by_check_and_build(tmp_path: Path) -> None:
    """A byte no text can carry would otherwise reach the manifest and the output folder."""
    profile = tmp_path / os.fsdecode(b"caf\xe9.yaml")
    profile.write_text(VALID)
    expected = r"caf\xe9.yaml:1:1: error[file-name-not-utf8]: the file name is not valid UTF-8"
    for args in (["check", profile.name], ["build", profile.name, "-o", "out"]):
        result = run_cli(*args, cwd=tmp_path, env={"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)})
        shown = result.stdout + result.stderr
        assert result.returncode == 1 and "Traceback" not in shown, shown
        assert expected in shown
    assert sorted(p.name for p in tmp_path.iterdir()) == [profile.name]  # nothing written
    found = run_cli(
        "check",
        "--format",
        "json",
        profile.name,
        cwd=tmp_path,
        env={"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)},
    )
    assert [d["code"] for d in json.loads(found.stdout)] == ["file-name-not-utf8"]
