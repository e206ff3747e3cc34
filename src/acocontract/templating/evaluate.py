"""Running a checked program against the profile's data, with every size bounded as it runs.

The data is plain (mappings, lists, text, numbers, booleans, None), so attribute access is a
mapping lookup and nothing else: no Python attribute, method or object is ever reached. A name
or key that is not there is undefined, and using an undefined value fails (StrictUndefined), as
does printing anything but text, numbers, booleans and lists of them. Every string and list a
filter builds is checked against the output limit before it is built, so a text cannot expand
into gigabytes (a `join` bomb fails at once, with a located error).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from acocontract.templating.program import CLOSE, OPEN, marker

MAX_OUTPUT = 100_000  # characters in one clause text, and in any value built on the way
MAX_ITEMS = 10_000  # items in any list built on the way
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff{OPEN}{CLOSE}]")
_WORD_START = re.compile(r"([-\s({\[<]+)")


class Refused(Exception):
    """A program that cannot be run on this data (undefined name, unprintable value, too big)."""


class Undefined:
    """A name or key that is not in the data; fails as soon as it is used."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def fail(self) -> Refused:
        return Refused(f"unknown placeholder: {self.what}")


def clean(value: object) -> str:
    """A value from the profile as safe text: no control characters, no markup sentinels."""
    return _CONTROL.sub("", str(value))


def _text(value: Any) -> str:
    if isinstance(value, Undefined):
        raise value.fail()
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return and_list(value)
    raise Refused(f"a {_kind(value)} cannot be printed in clause text")


def _kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "mapping"
    return "value of this kind" if not callable(value) else "function"


def _bounded(size: int, what: str = "text") -> None:
    if size > MAX_OUTPUT:
        raise Refused(f"the {what} would be longer than any clause should be")


def and_list(values: Any) -> str:
    items = [clean(_text(v)) for v in _sequence(values)]
    _bounded(sum(len(i) + 2 for i in items))
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _sequence(value: Any) -> list[Any]:
    if isinstance(value, Undefined):
        raise value.fail()
    if isinstance(value, str):
        _bounded(len(value))
        if len(value) > MAX_ITEMS:
            raise Refused("the text is too long to split into a list")
        return list(value)
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, Mapping):
        return list(value)
    raise Refused(f"a {_kind(value)} is not a list")


def _attribute(value: Any, name: str) -> Any:
    if isinstance(value, Undefined):
        raise value.fail()
    if isinstance(value, Mapping):
        return value[name] if name in value else Undefined(f"{name!r} is not given")
    return Undefined(f"{name!r} is not given")


def _join(value: Any, sep: str = "", attribute: str | None = None) -> str:
    items = _sequence(value)
    if attribute is not None:
        items = [_attribute(i, attribute) for i in items]
    texts = [_text(i) for i in items]
    _bounded(sum(map(len, texts)) + len(sep) * max(len(texts) - 1, 0))
    return sep.join(texts)


def _map(value: Any, *args: Any, attribute: str | None = None, default: Any = None) -> list[Any]:
    items = _sequence(value)
    if attribute is not None:
        out = [_attribute(i, attribute) for i in items]
        return [default if isinstance(v, Undefined) and default is not None else v for v in out]
    if args:
        name = args[0]
        if name not in FILTERS or name == "map":
            raise Refused(f"map cannot apply {name!r}")
        return [FILTERS[name](i, *args[1:]) for i in items]
    return items


def _sort(
    value: Any, reverse: bool = False, case_sensitive: bool = False, attribute: Any = None
) -> list[Any]:
    items = _sequence(value)

    def key(item: Any) -> Any:
        found = _attribute(item, attribute) if attribute else item
        if isinstance(found, Undefined):
            raise found.fail()
        return found.lower() if isinstance(found, str) and not case_sensitive else found

    try:
        return sorted(items, key=key, reverse=bool(reverse))
    except TypeError:
        raise Refused("these values cannot be sorted together") from None


def _default(value: Any, default: Any = "", boolean: bool = False) -> Any:
    if isinstance(value, Undefined) or (boolean and not value):
        return default
    return value


def _title(value: Any) -> str:
    words = _WORD_START.split(_text(value))
    return "".join(w[0].upper() + w[1:].lower() for w in words if w)


def _edge(value: Any, last: bool) -> Any:
    items = _sequence(value)
    if not items:
        return Undefined("the list is empty")
    return items[-1] if last else items[0]


def _length(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    return len(_sequence(value))


FILTERS: dict[str, Callable[..., Any]] = {
    "and_list": and_list,
    "capitalize": lambda v: _text(v).capitalize(),
    "default": _default,
    "first": lambda v: _edge(v, False),
    "last": lambda v: _edge(v, True),
    "join": _join,
    "length": _length,
    "lower": lambda v: _text(v).lower(),
    "upper": lambda v: _text(v).upper(),
    "title": _title,
    "trim": lambda v, chars=None: _text(v).strip(chars),
    "map": _map,
    "sort": _sort,
    "list": lambda v: _sequence(v),
    "string": lambda v: _text(v),
}

TESTS: dict[str, Callable[..., bool]] = {
    "defined": lambda v: not isinstance(v, Undefined),
    "none": lambda v: v is None,
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


def _compare(op: str, left: Any, right: Any) -> bool:
    for side in (left, right):
        if isinstance(side, Undefined):
            raise side.fail()
    try:
        if op == "eq":
            return bool(left == right)
        if op == "ne":
            return bool(left != right)
        if op == "in":
            return left in right
        if op == "notin":
            return left not in right
        if op == "lt":
            return bool(left < right)
        if op == "lteq":
            return bool(left <= right)
        if op == "gt":
            return bool(left > right)
        if op == "gteq":
            return bool(left >= right)
    except TypeError:
        raise Refused(f"these values cannot be compared with {op!r}") from None
    raise Refused(f"unknown comparison {op!r}")


def _truth(value: Any) -> bool:
    if isinstance(value, Undefined):
        raise value.fail()
    return bool(value)


class Evaluator:
    """Runs programs against one context (the profile's data, ref and local)."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.context = context
        values = context.get("values")
        self.values: Mapping[str, Any] = values if isinstance(values, Mapping) else {}

    def run(self, code: Sequence[Any]) -> str:
        out: list[str] = []
        self._statements(code, out, [0])
        return "".join(out)

    def _statements(self, code: Sequence[Any], out: list[str], size: list[int]) -> None:
        for node in code:
            kind = node[0]
            if kind == "data":
                piece = node[1]
            elif kind == "out":
                value = self.expr(node[1])
                piece = value if isinstance(value, _Marker) else clean(_text(value))
            else:
                branch = node[2] if _truth(self.expr(node[1])) else node[3]
                self._statements(branch, out, size)
                continue
            size[0] += len(piece)
            _bounded(size[0])
            out.append(piece)

    def expr(self, node: Sequence[Any]) -> Any:  # one branch per kind of expression
        kind = node[0]
        if kind == "const":
            return node[1]
        if kind == "name":
            name = node[1]
            return (
                self.context[name] if name in self.context else Undefined(f"{name!r} is undefined")
            )
        if kind == "attr":
            return _attribute(self.expr(node[1]), node[2])
        if kind == "item":
            return self._item(self.expr(node[1]), self.expr(node[2]))
        if kind == "call":
            return self._call(node[1], [self.expr(a) for a in node[2]], node[3])
        if kind == "filter":
            args = [self.expr(a) for a in node[3]]
            kwargs = {k: self.expr(v) for k, v in node[4]}
            return FILTERS[node[1]](self.expr(node[2]), *args, **kwargs)
        if kind == "test":
            return TESTS[node[1]](self.expr(node[2]), *[self.expr(a) for a in node[3]])
        if kind == "and":
            left = self.expr(node[1])
            return self.expr(node[2]) if _truth(left) else left
        if kind == "or":
            left = self.expr(node[1])
            return left if _truth(left) else self.expr(node[2])
        if kind == "not":
            return not _truth(self.expr(node[1]))
        if kind == "cond":
            if _truth(self.expr(node[1])):
                return self.expr(node[2])
            return self.expr(node[3]) if node[3] is not None else None
        if kind == "cmp":
            return self._compare(node)
        if kind == "list":
            return [self.expr(item) for item in node[1]]
        if kind == "concat":
            joined = "".join(_text(self.expr(item)) for item in node[1])
            _bounded(len(joined))
            return joined
        raise Refused(f"unknown program node {kind!r}")

    def _compare(self, node: Sequence[Any]) -> bool:
        left = self.expr(node[1])
        for op, right_node in node[2]:
            right = self.expr(right_node)
            if not _compare(op, left, right):
                return False
            left = right
        return True

    @staticmethod
    def _item(value: Any, key: Any) -> Any:
        if isinstance(value, Undefined):
            raise value.fail()
        if isinstance(value, Mapping):
            return value[key] if key in value else Undefined(f"{key!r} is not given")
        if (
            isinstance(value, list | tuple | str)
            and isinstance(key, int)
            and not isinstance(key, bool)
        ):
            return value[key] if -len(value) <= key < len(value) else Undefined("no such item")
        return Undefined(f"{key!r} is not given")

    def _call(self, helper: str, args: list[Any], kwargs: Sequence[Any]) -> Any:
        if kwargs:
            raise Refused(f"{helper}() takes no named arguments")
        if helper == "ref":
            if len(args) != 1:
                raise Refused("ref() takes one clause or paragraph number")
            return _Marker(marker("R", clean(_text(args[0]))))
        if not 1 <= len(args) <= 2:
            raise Refused('local() takes a key and a description: local("key", "what")')
        key = _text(args[0])
        if key in self.values:
            return self.values[key]
        description = _text(args[1]) if len(args) > 1 else key
        return _Marker(marker("L", clean(description or key)))


class _Marker(str):
    """A reference or placeholder marker: printed as it is, never cleaned."""

    __slots__ = ()
