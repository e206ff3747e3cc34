"""Load YAML safely into plain data, keeping the line and column of every key and value.

ruamel.yaml composes the round-trip node graph (which carries every position); we then walk
it ourselves so that nothing is ever constructed from a tag, aliases cannot expand without
bound, and duplicate keys are reported where they stand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from acocontract.errors import AcoError, Diagnostic, error

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

YamlPath = tuple[str | int, ...]
Position = tuple[int, int]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_MERGE_TAG = "tag:yaml.org,2002:merge"


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


def read_text(path: Path, display: str, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 file, or raise a located diagnostic."""
    try:
        raw = path.read_bytes()
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
        raise AcoError(
            [
                error(
                    display,
                    1,
                    1,
                    "file-too-large",
                    f"the file is {len(raw):,} bytes; the limit is {max_bytes:,}",
                    "a profile is a few kilobytes: check that this is the right file",
                )
            ]
        )
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


def load_yaml(path: Path, display: str | None = None, *, allow_empty: bool = False) -> Loaded:
    """Load one YAML file into plain data with positions; every problem raises AcoError."""
    shown = display if display is not None else str(path)
    text = read_text(path, shown)
    return parse_yaml(text, shown, allow_empty=allow_empty)


def parse_yaml(text: str, display: str, *, allow_empty: bool = False) -> Loaded:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        message = f"YAML syntax error: {problem}"
        hint = _yaml_hint(text, problem)
        raise AcoError([error(display, line, column, "yaml-syntax", message, hint)]) from None
    except YAMLError as err:
        raise AcoError([error(display, 1, 1, "yaml-syntax", f"YAML error: {err}")]) from None
    loaded = Loaded(display, None, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    if node is None:
        if allow_empty:
            return loaded
        raise AcoError(
            [error(display, 1, 1, "empty-file", "the file is empty", "see the README for a sample")]
        )
    walker = _Walker(loaded, yaml)
    loaded.data = walker.walk(node, (), 0)
    if walker.problems:
        raise AcoError(walker.problems)
    return loaded


def _yaml_hint(text: str, problem: str) -> str:
    if "\t" in text and ("\\t" in problem or "tab" in problem.lower()):
        return "YAML indentation must use spaces, not tabs"
    if "flow" in problem or "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a [list] or {mapping} written on one line is not closed"
    if "mapping values are not allowed" in problem:
        return "check the indentation, and quote values that contain ': '"
    return "check the indentation and quoting around this point"


class _Walker:
    def __init__(self, loaded: Loaded, yaml: Any) -> None:
        self.loaded = loaded
        self.yaml = yaml
        self.count = 0
        self.problems: list[Diagnostic] = []
        self.stopped = False

    def _fail(self, node: Any, code: str, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            error(self.loaded.path, mark.line + 1, mark.column + 1, code, message, hint)
        )

    def walk(self, node: Any, path: YamlPath, depth: int) -> Any:
        if self.stopped:
            return None
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            self.stopped = True
            self._fail(
                node,
                "too-large",
                "the document expands to too many values (an alias bomb or a runaway file)",
                f"at most {MAX_NODES:,} values and {MAX_DEPTH} levels of nesting are read",
            )
            return None
        mark = node.start_mark
        self.loaded.values.setdefault(path, (mark.line + 1, mark.column + 1))
        tag = str(node.tag)
        kind = type(node).__name__
        if tag not in _SAFE_TAGS and not (kind == "ScalarNode" and tag == _MERGE_TAG):
            self._fail(
                node,
                "yaml-tag",
                f"the YAML tag {tag!r} is not allowed",
                "these files are plain data: remove the tag (nothing tagged is ever run)",
            )
            return None
        if kind == "MappingNode":
            return self._mapping(node, path, depth)
        if kind == "SequenceNode":
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if getattr(node, "style", None) in ("|", ">"):
            self.loaded.block_scalars.add(path)
        try:
            value = self.yaml.constructor.construct_object(node, deep=True)
        except Exception:  # an impossible date such as 2018-02-30: keep the text
            return str(node.value)
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.date(value.year, value.month, value.day)
        if isinstance(value, str):
            return self._text(node, str(value))
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        return str(value)

    def _text(self, node: Any, value: str) -> str:
        """Escaped surrogate pairs become the character they encode; a lone one is refused."""
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            pass
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            self._fail(
                node,
                "bad-character",
                "the text contains an escaped character that does not exist (a lone surrogate)",
                "write the character itself rather than a \\u escape",
            )
            return ""

    def _mapping(self, node: Any, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag) == _MERGE_TAG:
                merged = self.walk(value_node, path, depth + 1)
                sources = merged if isinstance(merged, list) else [merged]
                for source in sources:
                    if isinstance(source, dict):
                        for k, v in source.items():
                            result.setdefault(k, v)
                continue
            if type(key_node).__name__ != "ScalarNode":
                self._fail(key_node, "bad-key", "a key must be a plain word, not a list or mapping")
                continue
            key_value = self.walk(key_node, (*path, "\0key"), depth + 1)
            key = "" if key_value is None else str(key_value)
            if isinstance(key_value, dt.date):
                key = key_value.isoformat()
            if key in seen:
                self._fail(
                    key_node,
                    "duplicate-key",
                    f"the key {key!r} is given twice",
                    f"it was first given on line {seen[key]}; keep one",
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            child = (*path, key)
            self.loaded.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, child, depth + 1)
        return result
