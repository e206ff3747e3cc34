"""The parsed-library cache holds data, never code, and can only ever give what a fresh parse
gives: a planted pickle runs nothing, an altered entry is not served, and a folder others can
write to is not used."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import FIXTURE_LIBRARY, FIXTURES, files_under, run_cli

PROFILE = FIXTURES / "profiles" / "fx-pacs.yaml"


def _build(out: Path, cache: str) -> tuple[dict[str, bytes], str]:
    env = {"ACOCONTRACT_CLAUSES": str(FIXTURE_LIBRARY), "ACOCONTRACT_CACHE": cache}
    result = run_cli("build", PROFILE, "-o", out, env=env)
    assert result.returncode == 0, result.stderr
    return {name: (out / name).read_bytes() for name in files_under(out)}, result.stderr


def _entries(cache: Path) -> list[Path]:
    found = sorted(p for p in cache.rglob("*") if p.is_file())
    assert found, "the first build filled the cache"
    return found


def test_a_planted_pickle_runs_nothing_and_changes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh, _ = _build(tmp_path / "off", "off")
    _build(tmp_path / "fill", str(cache))
    marker = tmp_path / "pwned"
    payload = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()  # pickle.loads would run it
    for entry in _entries(cache):
        entry.write_bytes(payload)
    planted, _ = _build(tmp_path / "planted", str(cache))
    assert not marker.exists()
    assert planted == fresh


def test_an_altered_entry_is_not_served(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    fresh, _ = _build(tmp_path / "off", "off")
    _build(tmp_path / "fill", str(cache))
    altered = 0
    for entry in _entries(cache):
        text = entry.read_text()
        if "Standards" in text:  # a clause title of the fixture library, changed in place
            header, _, body = text.partition("\n")
            entry.write_text(header + "\n" + body.replace("Standards", "Lowered Standards"))
            json.loads(header)  # the header still claims the same content hash
            altered += 1
    assert altered
    served, _ = _build(tmp_path / "served", str(cache))
    assert served == fresh


def test_a_cache_folder_others_can_write_to_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    os.chmod(cache, 0o777)
    fresh, _ = _build(tmp_path / "off", "off")
    built, stderr = _build(tmp_path / "shared", str(cache))
    assert built == fresh
    assert "the cache is not used" in stderr
    assert not any(p.is_file() for p in cache.rglob("*"))
