"""Writes leave no litter: what a killed build leaves is cleaned by the next write into the same
folder, writers to one folder take turns, and SIGTERM unwinds like Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from acocontract.write import write_file, write_sets

from conftest import FIXTURE_LIBRARY, FIXTURES, run_cli

PROFILE = FIXTURES / "profiles" / "fx-pacs.yaml"
ENV = {**os.environ, "NO_COLOR": "1", "ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY)}


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_what_a_killed_writer_left_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for name in (".p.k2j3h4_q.partial", ".p.0a1b2c3d.old", ".contract.md.x81kq2m9.partial"):
        (out / name).mkdir(parents=True)
        (out / name / "contract.md").write_text("half written")
    (out / ".keep-me").write_text("a user's own hidden file")
    (out / ".p.notours.old").mkdir()  # not names this tool makes
    (out / ".notes.partial").write_text("a user's own")
    write_sets(out, {"p": {"contract.md": b"whole"}})
    assert hidden(out) == [".keep-me", ".notes.partial", ".p.notours.old"]
    assert (out / "p" / "contract.md").read_bytes() == b"whole"
    (out / ".redline.docx.a8c7e2k1.partial").write_bytes(b"half")
    write_file(out / "redline.docx", b"whole")
    assert hidden(out) == [".keep-me", ".notes.partial", ".p.notours.old"]


def test_writers_in_one_process_take_turns(tmp_path: Path) -> None:
    """Threads replacing the same set never fail with "Directory not empty"."""
    out = tmp_path / "out"
    failures: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(15):
                write_sets(out, {"p": {"contract.md": f"{k}-{i}".encode(), "x.md": b"x"}})
        except BaseException as err:
            failures.append(err)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(p.name for p in out.iterdir()) == ["p"]
    assert sorted(p.name for p in (out / "p").iterdir()) == ["contract.md", "x.md"]


def _stopped_while_staging(out: Path, sig: int) -> bool:
    """Start a build and send `sig` the moment its staging folder appears; whether it did."""
    process = subprocess.Popen(
        [sys.executable, "-m", "acocontract", "build", str(PROFILE), "-o", str(out)],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    earlier = set(os.listdir(out)) if out.is_dir() else set()
    caught = False
    while process.poll() is None:
        if out.is_dir() and any(
            n.endswith(".partial") and n not in earlier for n in os.listdir(out)
        ):
            process.send_signal(sig)
            caught = True
            break
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr, stderr.decode()
    return caught


def test_sigterm_while_writing_removes_the_staging_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", PROFILE, "-o", out, env=ENV).returncode == 0
    before = {p.name: p.read_bytes() for p in (out / "fx-pacs").iterdir()}
    caught = sum(_stopped_while_staging(out, signal.SIGTERM) for _ in range(5))
    assert caught >= 3  # most builds were stopped mid-write, not before or after
    assert hidden(out) == []  # the handler removed the staging folder on its way out
    assert {p.name: p.read_bytes() for p in (out / "fx-pacs").iterdir()} == before


@pytest.mark.slow
def test_thirty_sigkills_while_writing_then_one_build_leave_no_staging_folders(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    caught = sum(_stopped_while_staging(out, signal.SIGKILL) for _ in range(30))
    assert caught >= 20 and hidden(out) != []  # SIGKILL leaves litter behind...
    assert run_cli("build", PROFILE, "-o", out, env=ENV).returncode == 0
    assert hidden(out) == []  # ...which the next build into the folder removes
    assert sorted(p.name for p in out.iterdir()) == ["fx-pacs"]
