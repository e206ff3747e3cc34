"""YAML text to plain data with the line and column of every value, without constructing
anything from a tag.

ruamel.yaml composes the node graph (its C parser when ruamel.yaml.clib is installed, about ten
times faster and with the same positions; the pure-Python parser otherwise, and always for the
wording of a syntax error); we then walk it ourselves so that nothing is ever constructed from a
tag, aliases cannot expand without bound, and duplicate keys are reported where they stand.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.loader import MAX_DEPTH, MAX_NODES, Loaded, YamlPath

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


@functools.cache
def _composer() -> Any:
    """ruamel.yaml's C parser (ruamel.yaml.clib) when installed: about ten times faster than
    the pure-Python one and with the same node positions; otherwise the pure-Python parser."""
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    try:
        import _ruamel_yaml  # noqa: F401
    except ImportError:
        return YAML(typ="rt")

    class Resolver(VersionedResolver):
        """YAML 1.2 tag resolution as ruamel does it, with its tables looked up once (they
        are looked up again for every value otherwise) and each tag object made once."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._table = self.versioned_resolver
            self._tags: dict[str, Any] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0]:
                for tag, regexp in self._table.get(value[0] if value else "", ()):
                    if regexp.match(value):
                        found = self._tags.get(tag)
                        if found is None:
                            found = self._tags[tag] = super().resolve(kind, value, implicit)
                        return found
                return self.DEFAULT_SCALAR_TAG
            return super().resolve(kind, value, implicit)

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = Resolver
    return yaml


def parse(text: str, loaded: Loaded, *, allow_empty: bool = False) -> Loaded:
    """`text` walked into `loaded` (its data, and the position of every key and value)."""
    from ruamel.yaml.error import YAMLError

    display = loaded.path
    try:
        if "%YAML" in text:  # a version directive: the pure parser honours it exactly
            raise YAMLError("a version directive")
        node = _composer().compose(text)
    except YAMLError:
        node = _compose_pure(text, display)  # the pure parser words every syntax error
    if node is None:
        if allow_empty:
            return loaded
        raise AcoError(
            [error(display, 1, 1, "empty-file", "the file is empty", "see the README for a sample")]
        )
    walker = _Walker(loaded)
    loaded.data = walker.walk(node, (), 0)
    if walker.problems:
        raise AcoError(walker.problems)
    return loaded


def _compose_pure(text: str, display: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="rt").compose(text)
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = err.problem or err.context or "invalid YAML"
        message = f"YAML syntax error: {problem}"
        hint = _yaml_hint(text, problem)
        raise AcoError([error(display, line, column, "yaml-syntax", message, hint)]) from None
    except YAMLError as err:
        raise AcoError([error(display, 1, 1, "yaml-syntax", f"YAML error: {err}")]) from None


def _yaml_hint(text: str, problem: str) -> str:
    if "\t" in text and ("\\t" in problem or "tab" in problem.lower()):
        return "YAML indentation must use spaces, not tabs"
    if "flow" in problem or "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return "a [list] or {mapping} written on one line is not closed"
    if "mapping values are not allowed" in problem:
        return "check the indentation, and quote values that contain ': '"
    return "check the indentation and quoting around this point"


_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?\Z")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?"
    r"(?:[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?))?)?\Z"
)


def _scalar(tag: str, value: str) -> Any:
    """A resolved plain scalar as Python data (the composer has resolved its tag already)."""
    if tag.endswith(":str"):
        return value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() in ("true", "yes", "on", "y")
    if tag.endswith(":int") and _INT.match(value):
        return int(value.replace("_", ""))
    if tag.endswith(":float"):
        lowered = value.lower().lstrip("+")
        if lowered in (".inf", "-.inf", ".nan"):
            return float(lowered.replace(".", ""))
        if _FLOAT.match(value):
            return float(value.replace("_", ""))
    if tag.endswith(":timestamp"):
        return _timestamp(value)
    return _construct(tag, value)


def _timestamp(value: str) -> Any:
    match = _TIMESTAMP.match(value)
    if not match:
        return value
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        if match.group(4) is None:
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, int(match.group(4)), int(match.group(5)))
    except ValueError:  # an impossible date such as 2018-02-30: keep the text
        return value


def _construct(tag: str, value: str) -> Any:
    """Other spellings YAML allows (0x1F, 1_000, 0o17): ruamel's own constructor decides."""
    from ruamel.yaml import YAML

    try:
        return YAML(typ="safe", pure=True).load(f"!!{tag.rsplit(':', 1)[1]} {value}")
    except Exception:  # anything it cannot read stays text for the schema to refuse
        return value


class _Walker:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
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
        tag = node.tag if isinstance(node.tag, str) else node.tag.value
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
        value = _scalar(tag, node.value)
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
