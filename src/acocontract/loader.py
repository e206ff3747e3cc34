"""Load YAML safely into plain data, keeping the line and column of every key and value.

Files are read up to a size limit (never further), decoded as UTF-8 with the first bad byte
located, and parsed by `yaml_nodes` (nothing is constructed from a tag). A profile or edition
file already parsed once is read back from the data cache, so a warm build never loads the YAML
parser at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acocontract.errors import AcoError, Diagnostic, error

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

YamlPath = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass
class Loaded:
    """A YAML file as plain data (dicts, lists, str, int, float, bool, None, date)."""

    path: str
    data: Any
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    block_scalars: set[YamlPath] = field(default_factory=set)
    sha256: str = ""

    def where(self, path: YamlPath, *, key: bool = False) -> Position:
        """The (line, column) of a value (or of its key), falling back to the nearest parent."""
        probe = tuple(path)
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def diag(
        self, path: YamlPath, code: str, message: str, hint: str = "", *, key: bool = False
    ) -> Diagnostic:
        line, column = self.where(path, key=key)
        return error(self.path, line, column, code, message, hint)


def read_bytes(path: Path, display: str, max_bytes: int = MAX_BYTES) -> bytes:
    """At most `max_bytes` of a file (never more is read), or a located diagnostic."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise AcoError([error(display, 1, 1, "file-not-found", "no such file")]) from None
    except IsADirectoryError:
        raise AcoError(
            [error(display, 1, 1, "not-a-file", "this is a folder, not a YAML file")]
        ) from None
    except OSError as err:
        raise AcoError(
            [error(display, 1, 1, "cannot-read", f"cannot read the file: {err.strerror}")]
        ) from None
    if len(raw) > max_bytes:
        measured = f"{size:,} bytes" if size > max_bytes else f"more than {max_bytes:,} bytes"
        raise AcoError(
            [
                error(
                    display,
                    1,
                    1,
                    "file-too-large",
                    f"the file is {measured}; the limit is {max_bytes:,}",
                    "a profile is a few kilobytes: check that this is the right file",
                )
            ]
        )
    return raw


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text, or a diagnostic at the first byte that is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = err.start - (before.rfind(b"\n") + 1) + 1
        raise AcoError(
            [
                error(
                    display,
                    line,
                    column,
                    "not-utf8",
                    f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x})",
                    "save the file as UTF-8",
                )
            ]
        ) from None


def read_text(path: Path, display: str, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 file of at most `max_bytes`, or raise a located diagnostic."""
    return decode(read_bytes(path, display, max_bytes), display)


def load_yaml(
    path: Path, display: str | None = None, *, allow_empty: bool = False, cached: bool = False
) -> Loaded:
    """Load one YAML file into plain data with positions; every problem raises AcoError.
    `cached`: read it back from the cache when this very text was parsed before."""
    shown = display if display is not None else str(path)
    text = read_text(path, shown)
    return parse_yaml(text, shown, allow_empty=allow_empty, cached=cached)


def parse_yaml(
    text: str, display: str, *, allow_empty: bool = False, cached: bool = False
) -> Loaded:
    """YAML text as plain data with positions. `cached` (profiles and edition files): read back
    from the cache when this very text was parsed before, so a warm build never loads the YAML
    parser; clause files are not cached one by one (their edition is, whole)."""
    if not cached:
        return _parse(text, display, allow_empty=allow_empty)
    from acocontract import cache

    digest = _digest(text)
    stored = cache.read("yaml", digest)
    if stored is not None:
        try:
            return _decode(stored, display, digest)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a well-formed entry of another shape: parse afresh
    loaded = _parse(text, display, allow_empty=allow_empty)
    if loaded.data is not None:
        cache.write("yaml", digest, _encode(loaded))
    return loaded


def _encode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {"m": [[k, _encode_value(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return {"l": [_encode_value(v) for v in value]}
    if isinstance(value, dt.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "m" in value:
        return {k: _decode_value(v) for k, v in value["m"]}
    if "l" in value:
        return [_decode_value(v) for v in value["l"]]
    if "t" in value:
        return dt.datetime.fromisoformat(value["t"])
    return dt.date.fromisoformat(value["d"])


def _encode(loaded: Loaded) -> dict[str, Any]:
    return {
        "data": _encode_value(loaded.data),
        "values": [[list(k), *v] for k, v in loaded.values.items()],
        "keys": [[list(k), *v] for k, v in loaded.keys.items()],
        "block": [list(k) for k in loaded.block_scalars],
    }


def _decode(payload: dict[str, Any], display: str, digest: str) -> Loaded:
    return Loaded(
        display,
        _decode_value(payload["data"]),
        {tuple(k): (line, col) for k, line, col in payload["values"]},
        {tuple(k): (line, col) for k, line, col in payload["keys"]},
        {tuple(k) for k in payload["block"]},
        digest,
    )


def _parse(text: str, display: str, *, allow_empty: bool = False) -> Loaded:
    from acocontract.yaml_nodes import parse

    return parse(text, Loaded(display, None, sha256=_digest(text)), allow_empty=allow_empty)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
