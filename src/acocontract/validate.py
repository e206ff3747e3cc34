"""Structural checks: JSON Schema over loaded YAML, every error at once, each located."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from typing import Any

from acocontract.errors import Diagnostic
from acocontract.loader import Loaded, YamlPath
from acocontract.resources import data_dir
from acocontract.resources import schema as bundled_schema


def to_json(value: Any) -> Any:
    """Plain data as JSON would have it (dates become ISO strings)."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@functools.cache
def _registry() -> Any:
    from referencing import Registry, Resource

    resources = []
    for path in sorted(data_dir("schemas").glob("*.schema.json")):
        contents = json.loads(path.read_text("utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def dotted(path: YamlPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the file"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})" if len(value) < 60 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return type(value).__name__


_TYPE_WORDS = {
    "object": "a mapping of keys to values",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _type_words(expected: Any) -> str:
    if isinstance(expected, list):
        return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in expected)
    return _TYPE_WORDS.get(expected, str(expected))


_KEY_HINTS = {
    "break_points": "break points are computed every two years from term.commencement: "
    "remove this key",
    "expiry": "the expiry date is computed from term.commencement and term.years: remove this key",
}


def _closest(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""


def schema_diagnostics(loaded: Loaded, schema_name: str) -> list[Diagnostic]:
    """Every schema violation in `loaded`, as located diagnostics. The compiled check answers
    first; jsonschema is loaded only to explain a failure."""
    from acocontract.schema_check import valid

    if valid(loaded.data, schema_name):
        return []
    import jsonschema

    schema = bundled_schema(schema_name)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = validator_cls(
        schema, format_checker=validator_cls.FORMAT_CHECKER, registry=_registry()
    )
    data = to_json(loaded.data)
    found: list[Diagnostic] = []
    for err in validator.iter_errors(data):
        found.extend(_convert(loaded, err))
    return found


def _leaf_errors(err: Any) -> list[Any]:
    """For anyOf/oneOf, the most relevant underlying error."""
    if err.validator in ("anyOf", "oneOf") and err.context:
        import jsonschema

        # prefer the branch meant for this kind of value (a mapping rule, not the word "always")
        fitting = [e for e in err.context if e.validator not in ("const", "type")] or err.context
        best = jsonschema.exceptions.best_match(fitting)
        return [best] if best is not None else [err]
    return [err]


def _convert(loaded: Loaded, top: Any) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for err in _leaf_errors(top):
        path: YamlPath = tuple(err.absolute_path)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            out.extend(_unknown_keys(loaded, path, err))
        else:
            out.append(_one(loaded, path, err))
    return out


def _unknown_keys(loaded: Loaded, path: YamlPath, err: Any) -> list[Diagnostic]:
    allowed = sorted(err.schema.get("properties", {}))
    return [
        loaded.diag(
            (*path, key),
            "unknown-key",
            f"unknown key {key!r} in {dotted(path)}",
            _KEY_HINTS.get(key) or _closest(key, allowed) or "allowed keys: " + ", ".join(allowed),
            key=True,
        )
        for key in sorted(set(err.instance) - set(allowed))
    ]


def _one(loaded: Loaded, path: YamlPath, err: Any) -> Diagnostic:
    where = dotted(path)
    hint = str(err.schema.get("x-hint", "")) if isinstance(err.schema, dict) else ""
    kind = err.validator
    if kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return loaded.diag(
            path,
            "missing-key",
            f"{where} needs the key {missing!r}",
            hint or "see the profile reference in the README",
            key=True,
        )
    if kind == "type":
        found = _describe(err.instance)
        message = f"{where} must be {_type_words(err.validator_value)}, not {found}"
        return loaded.diag(path, "wrong-type", message, hint)
    if kind in ("enum", "const"):
        options = (
            [str(o) for o in err.validator_value] if kind == "enum" else [str(err.validator_value)]
        )
        suggestion = _closest(str(err.instance), options) if isinstance(err.instance, str) else ""
        expected = " | ".join(options) if kind == "enum" else options[0]
        message = f"{where} cannot be {err.instance!r}; expected {expected}"
        return loaded.diag(path, "bad-value", message, suggestion or hint)
    if kind == "propertyNames":
        return loaded.diag(
            path,
            "bad-value",
            f"{where}: {err.instance!r} is not a usable name",
            "names are lower case letters, digits and _ and start with a letter",
            key=True,
        )
    return loaded.diag(path, "bad-value", _plain_message(where, err), hint)


def _plain_message(where: str, err: Any) -> str:
    kind = err.validator
    value = err.validator_value
    if kind == "minItems":
        return f"{where} needs at least {value} item" + ("s" if value != 1 else "")
    if kind == "uniqueItems":
        return f"{where} lists the same item twice"
    if kind == "minimum":
        return f"{where} must be at least {value}, not {err.instance}"
    if kind == "maximum":
        return f"{where} must be at most {value}, not {err.instance}"
    if (
        kind in ("minLength", "pattern")
        and isinstance(err.instance, str)
        and not err.instance.strip()
    ):
        return f"{where} is empty"
    if kind == "maxLength":
        return f"{where} is longer than {value} characters"
    if kind == "format" and value == "date":
        return f"{where}: {err.instance!r} is not a real date"
    if kind == "pattern":
        what = err.schema.get("x-what", "in the expected form")
        return f"{where}: {err.instance!r} is not {what}"
    return f"{where}: {err.message}"
