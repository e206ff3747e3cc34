"""A fast yes/no check against the bundled JSON Schemas, compiled once into plain functions.

jsonschema is the authority on what is valid and explains every failure (`validate.py`), but it
takes longer to import and build a registry than a whole build should, so a file that passes
this check (as the bundled library and almost every profile do) never loads it. The check
understands exactly the keywords our schemas use and refuses to compile any other, so it can
never pass what jsonschema would fail; a test compares the two on every hostile and fuzzed input.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from acocontract.resources import data_dir

Check = Callable[[Any], bool]
_ANNOTATIONS = {"$schema", "$id", "title", "description", "x-hint", "x-what", "$defs"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def _is_string(value: Any) -> bool:
    return isinstance(value, str | dt.date)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": _is_string,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _real_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True  # a YAML date is a real date; other kinds are for `type` to refuse
    if not _DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _equal(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but true is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dt.date):
        a = a.isoformat()
    return bool(a == b)


class _Compiler:
    def __init__(self, schemas: Mapping[str, Any]) -> None:
        self.schemas = schemas
        self.compiled: dict[str, Check] = {}

    def ref(self, base: str, ref: str) -> Check:
        name, _, pointer = ref.partition("#")
        document = name or base
        key = f"{document}#{pointer}"
        if key not in self.compiled:
            self.compiled[key] = lambda v: self.compiled[key + "!"](v)
            target: Any = self.schemas[document]
            for part in [p for p in pointer.split("/") if p]:
                target = target[part]
            self.compiled[key + "!"] = self.schema(document, target)
        return self.compiled[key]

    def schema(self, base: str, schema: Any) -> Check:
        if schema is True:
            return lambda v: True
        if schema is False:
            return lambda v: False
        checks = [self.keyword(base, schema, k, v) for k, v in schema.items()]
        found = [c for c in checks if c is not None]
        return lambda v: all(c(v) for c in found)

    def keyword(self, base: str, schema: Mapping[str, Any], key: str, arg: Any) -> Check | None:
        if key in _ANNOTATIONS:
            return None
        handler = getattr(self, "k_" + key.replace("$", "").replace("-", "_"), None)
        if handler is None:
            raise ValueError(f"the fast schema check does not know the keyword {key!r}")
        result: Check | None = handler(base, schema, arg)
        return result

    def k_ref(self, base: str, schema: Any, arg: str) -> Check:
        return self.ref(base, arg)

    def k_type(self, base: str, schema: Any, arg: Any) -> Check:
        kinds = [_TYPES[t] for t in (arg if isinstance(arg, list) else [arg])]
        return lambda v: any(k(v) for k in kinds)

    def k_enum(self, base: str, schema: Any, arg: list[Any]) -> Check:
        return lambda v: any(_equal(v, option) for option in arg)

    def k_const(self, base: str, schema: Any, arg: Any) -> Check:
        return lambda v: _equal(v, arg)

    def k_properties(self, base: str, schema: Any, arg: Mapping[str, Any]) -> Check:
        checks = {k: self.schema(base, s) for k, s in arg.items()}
        return lambda v: not isinstance(v, dict) or all(checks[k](v[k]) for k in checks if k in v)

    def k_additionalProperties(self, base: str, schema: Any, arg: Any) -> Check:
        known = set(schema.get("properties", {}))
        extra = self.schema(base, arg)
        return lambda v: (
            not isinstance(v, dict) or all(extra(item) for k, item in v.items() if k not in known)
        )

    def k_required(self, base: str, schema: Any, arg: list[str]) -> Check:
        return lambda v: not isinstance(v, dict) or all(k in v for k in arg)

    def k_propertyNames(self, base: str, schema: Any, arg: Any) -> Check:
        check = self.schema(base, arg)
        return lambda v: not isinstance(v, dict) or all(check(k) for k in v)

    def k_minProperties(self, base: str, schema: Any, arg: int) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) >= arg

    def k_maxProperties(self, base: str, schema: Any, arg: int) -> Check:
        return lambda v: not isinstance(v, dict) or len(v) <= arg

    def k_items(self, base: str, schema: Any, arg: Any) -> Check:
        check = self.schema(base, arg)
        return lambda v: not isinstance(v, list) or all(check(i) for i in v)

    def k_minItems(self, base: str, schema: Any, arg: int) -> Check:
        return lambda v: not isinstance(v, list) or len(v) >= arg

    def k_uniqueItems(self, base: str, schema: Any, arg: bool) -> Check | None:
        if not arg:
            return None

        def unique(v: Any) -> bool:
            if not isinstance(v, list):
                return True
            seen = [json.dumps(i, sort_keys=True, default=_text) for i in v]
            return len(set(seen)) == len(seen)

        return unique

    def k_minimum(self, base: str, schema: Any, arg: float) -> Check:
        return lambda v: not _TYPES["number"](v) or v >= arg

    def k_maximum(self, base: str, schema: Any, arg: float) -> Check:
        return lambda v: not _TYPES["number"](v) or v <= arg

    def k_minLength(self, base: str, schema: Any, arg: int) -> Check:
        return lambda v: not _is_string(v) or len(_text(v)) >= arg

    def k_maxLength(self, base: str, schema: Any, arg: int) -> Check:
        return lambda v: not _is_string(v) or len(_text(v)) <= arg

    def k_pattern(self, base: str, schema: Any, arg: str) -> Check:
        pattern = re.compile(arg)
        return lambda v: not _is_string(v) or pattern.search(_text(v)) is not None

    def k_format(self, base: str, schema: Any, arg: str) -> Check | None:
        if arg != "date":
            raise ValueError(f"the fast schema check does not know the format {arg!r}")
        return _real_date

    def k_anyOf(self, base: str, schema: Any, arg: list[Any]) -> Check:
        checks = [self.schema(base, s) for s in arg]
        return lambda v: any(c(v) for c in checks)

    def k_oneOf(self, base: str, schema: Any, arg: list[Any]) -> Check:
        checks = [self.schema(base, s) for s in arg]
        return lambda v: sum(1 for c in checks if c(v)) == 1

    def k_not(self, base: str, schema: Any, arg: Any) -> Check:
        check = self.schema(base, arg)
        return lambda v: not check(v)


@functools.cache
def _schemas() -> dict[str, Any]:
    return {
        path.name: json.loads(path.read_text("utf-8"))
        for path in sorted(data_dir("schemas").glob("*.schema.json"))
    }


@functools.cache
def checker(name: str) -> Check:
    """The compiled check for a bundled schema by stem (`profile`, `clause`...)."""
    return _Compiler(_schemas()).ref(f"{name}.schema.json", "#")


def valid(data: Any, name: str) -> bool:
    return checker(name)(data)
