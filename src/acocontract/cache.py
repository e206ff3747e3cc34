"""A small on-disk cache for work that only depends on file contents (parsed clause libraries,
compiled clause templates). Set ACOCONTRACT_CACHE to a folder, or to `off` to disable it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    setting = os.environ.get("ACOCONTRACT_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "acocontract"


def folder(kind: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    path = root / kind
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path


def read(kind: str, key: str) -> bytes | None:
    where = folder(kind)
    if where is None:
        return None
    try:
        return (where / key).read_bytes()
    except OSError:
        return None


def write(kind: str, key: str, data: bytes) -> None:
    """Store an entry whole (temporary file, then rename); a cache that cannot be written is
    simply not used."""
    where = folder(kind)
    if where is None:
        return
    try:
        with tempfile.NamedTemporaryFile(dir=where, prefix=".tmp-", delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, where / key)
        _prune(where)
    except OSError:
        return


def _prune(where: Path, keep: int = 64) -> None:
    """Forget the oldest entries, so that a library edited many times does not fill the disk."""
    entries = sorted(where.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[keep:]:
        stale.unlink(missing_ok=True)
