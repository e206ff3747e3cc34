"""A cache of parsed files and editions that holds data, never code.

An entry is JSON: a parsed YAML file (its data and the line and column of every value), or an
edition's specs with their checked clause-text programs (plain lists, run by
`templating.evaluate`, never compiled), under the content hash of what it was made from.
Reading one can never run anything. An entry is used only when it is well formed, made by
this version of the code, and claims exactly the content hash of the files on disk now, and its
payload matches the digest stored with it; anything else is a miss and the library is parsed
afresh. The cache folder must belong to the user and be writable by nobody else, or it is not
used at all (with a warning), so another local user cannot plant an entry.

ACOCONTRACT_CACHE names another folder, or `off`; the default is $XDG_CACHE_HOME/acocontract
(~/.cache/acocontract).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from acocontract import __version__

FORMAT = 3  # bump when the specs' shape changes
_KEEP = 32  # entries kept per kind; the oldest are removed


@functools.cache
def code_digest() -> str:
    """The code that made an entry: an entry made by any other code is never read."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{__version__}\0{FORMAT}\0{sys.version}".encode())
    for path in sorted(here.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _warn(message: str) -> None:
    sys.stderr.write(f"acocontract: warning: {message}; the cache is not used\n")


def cache_root() -> Path | None:
    setting = os.environ.get("ACOCONTRACT_CACHE")
    if setting is not None:
        return None if setting.strip().lower() in ("", "off", "0", "no") else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "acocontract"


def _safe(path: Path) -> bool:
    """A folder that belongs to this user and that nobody else can write to."""
    try:
        info = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        _warn(f"{path} is not a folder")
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        _warn(f"{path} belongs to another user")
        return False
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        _warn(f"{path} can be written by other users")
        return False
    return True


@functools.cache
def folder(kind: str) -> Path | None:
    """The cache folder for one kind of entry, made private; None when there is no safe one."""
    root = cache_root()
    if root is None:
        return None
    path = root / kind
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.mkdir(exist_ok=True, mode=0o700)
    except OSError:
        return None
    return path if _safe(root) and _safe(path) else None


def read(kind: str, key: str) -> Any | None:
    """The payload stored under `key`, or None (missing, foreign, damaged or altered)."""
    where = folder(kind)
    if where is None:
        return None
    try:
        with open(where / f"{key}.json", "rb") as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None
            header = json.loads(handle.readline())
            body = handle.read()
        if not isinstance(header, dict):
            return None
        if header.get("key") != key or header.get("code") != code_digest():
            return None
        if hashlib.sha256(body).hexdigest() != header.get("sha256"):
            return None
        return json.loads(body)
    except (OSError, ValueError):
        return None


def write(kind: str, key: str, payload: Any) -> None:
    """Store an entry whole (a private temporary file, then a rename): a header line naming
    its key, the code that made it and its payload's digest, then the payload as JSON. A cache
    that cannot be written is simply not used."""
    where = folder(kind)
    if where is None:
        return
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    header = {"key": key, "code": code_digest(), "sha256": hashlib.sha256(body).hexdigest()}
    try:
        with tempfile.NamedTemporaryFile(
            dir=where, prefix=".tmp-", suffix=".json", delete=False
        ) as handle:
            handle.write(json.dumps(header).encode() + b"\n" + body)
        os.replace(handle.name, where / f"{key}.json")
        _prune(where)
    except OSError:
        return


def _prune(where: Path) -> None:
    entries = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[_KEEP:]:
        stale.unlink(missing_ok=True)
    for temporary in where.glob(".tmp-*"):
        try:
            if temporary.stat().st_mtime < entries[-1].stat().st_mtime - 3600:
                temporary.unlink(missing_ok=True)
        except (OSError, IndexError):
            continue
